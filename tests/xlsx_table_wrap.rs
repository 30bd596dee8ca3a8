//! Long text on the table sheets (汇总, 扣分明细, 校验) shows whole, on screen and in print:
//! every text cell wraps within its column and its row is tall enough for the lines, the
//! project-name links included, which stay links. Checked on the samples with one 项目名称
//! lengthened to 60 characters in a copy of its text file.

mod common;

use calamine::{Data, Reader, UnderlineStyle, Xlsx};
use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;
use selfeval::check::check;
use selfeval::model::Report;
use selfeval::sheets::{FINDINGS_HEADERS, LOST_HEADERS, SUMMARY_HEADERS};
use selfeval::write::xlsx::{
    FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET, wrapped_lines, write_checked_workbook,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample whose first form gets the long name, and that form's name there.
const SAMPLE: &str = "shanghai-minhang-admin-service-2024.txt";
const SHORT_NAME: &str = "法律顾问费";
const LONG_NAME: &str = "闵行区行政服务中心关于政务服务一网通办平台法律顾问及合同审查与法制宣传服务采购项目年度绩效评价委托第三方专业机构组织实施";

/// Points a line of 宋体 五号 takes at the least (LibreOffice's CJK fallback font needs 15.2).
const LINE_PT: f64 = 15.0;

/// The samples, copied into `dir` with the first form of [`SAMPLE`] renamed [`LONG_NAME`],
/// read back, checked and written to one workbook as `selfeval convert` writes it.
fn long_name_workbook(dir: &Path) -> (PathBuf, Vec<Report>) {
    assert_eq!(LONG_NAME.chars().count(), 60);
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (file, _) in common::samples_by_file() {
        let mut text = std::fs::read_to_string(&file).unwrap();
        if file.ends_with(SAMPLE) {
            let line = format!("\n项目名称 {SHORT_NAME}\n");
            assert_eq!(text.matches(&line).count(), 1);
            text = text.replacen(&line, &format!("\n项目名称 {LONG_NAME}\n"), 1);
        }
        std::fs::write(inputs.join(file.file_name().unwrap()), text).unwrap();
    }
    let reports = common::forms_in(&inputs);
    assert_eq!(reports.len(), 46);
    assert_eq!(reports.iter().filter(|r| r.project == LONG_NAME).count(), 1);
    let findings: Vec<_> = reports.iter().map(check).collect();
    let path = dir.join("forms.xlsx");
    write_checked_workbook(&reports, &findings, &path).unwrap();
    (path, reports)
}

/// The sheet's part in the package, by its name.
fn sheet_part(path: &Path, sheet: &str) -> String {
    let book = std::fs::read(path).unwrap();
    let (_, part) = common::sheet_parts(&book)
        .into_iter()
        .find(|(name, _)| name == sheet)
        .unwrap();
    common::workbook_part(&book, &part)
}

/// Column widths (from 0) and row heights (rows from 0) as the sheet's XML states them.
fn sizes(xml: &str) -> (HashMap<u32, f64>, HashMap<u32, f64>) {
    let mut widths = HashMap::new();
    for c in common::xml_elements(xml, "col") {
        let (min, max): (u32, u32) = (c["min"].parse().unwrap(), c["max"].parse().unwrap());
        for k in min..=max {
            widths.insert(k - 1, c["width"].parse().unwrap());
        }
    }
    let heights = common::xml_elements(xml, "row")
        .into_iter()
        .filter_map(|r| {
            let ht = r.get("ht")?.parse().ok()?;
            Some((r["r"].parse::<u32>().unwrap() - 1, ht))
        })
        .collect();
    (widths, heights)
}

/// Every text cell below the header of each table sheet wraps, its row holds all its lines at
/// the column's width; the links among them are blue, underlined and land where they did.
#[test]
fn table_text_and_links_wrap_and_their_rows_hold_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = long_name_workbook(dir.path());
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let mut long_name_seen = 0;
    for (sheet, first_header) in [
        (SUMMARY_SHEET, SUMMARY_HEADERS[0]),
        (LOST_SHEET, LOST_HEADERS[0]),
        (FINDINGS_SHEET, FINDINGS_HEADERS[0]),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        let styles = wb.worksheet_style(sheet).unwrap();
        let links: HashMap<(u32, u32), String> = wb
            .hyperlinks_by_sheet_name(sheet)
            .unwrap()
            .into_iter()
            .map(|l| (l.range.start, l.location.unwrap_or_default()))
            .collect();
        assert!(!links.is_empty(), "{sheet}: links");
        let (widths, heights) = sizes(&sheet_part(&path, sheet));
        let header = (0..range.height() as u32)
            .find(|&r| range.get_value((r, 0)) == Some(&Data::String(first_header.into())))
            .unwrap();
        let mut link_cells = 0;
        for r in header + 1..range.height() as u32 {
            for c in 0..range.width() as u32 {
                let Some(Data::String(text)) = range.get_value((r, c)) else {
                    continue;
                };
                let at = format!("{sheet}!({r},{c}) {text:?}");
                let style = styles.get((r, c)).expect(&at);
                assert!(
                    style.alignment.as_ref().expect(&at).wrap_text,
                    "{at}: wraps"
                );
                let lines = wrapped_lines(text, widths[&c]);
                let height = heights.get(&r).copied().unwrap_or(15.0);
                assert!(
                    height >= lines as f64 * LINE_PT,
                    "{at}: {lines} lines in a row of {height} pt"
                );
                if let Some(location) = links.get(&(r, c)) {
                    link_cells += 1;
                    let font = style.font.as_ref().expect(&at);
                    assert_eq!(font.underline, UnderlineStyle::Single, "{at}");
                    let blue = font.color.expect(&at);
                    assert_eq!((blue.red, blue.green, blue.blue), (0x05, 0x63, 0xC1));
                    if text == LONG_NAME {
                        long_name_seen += 1;
                        // Two lines at least at the width of its column, which stays sensible.
                        assert!(lines >= 2, "{at}: {lines} lines");
                        assert!(widths[&c] <= 45.0, "{at}: column {} wide", widths[&c]);
                        // Taller than a one-line row (20 pt): two lines at least.
                        assert!(height >= 2.0 * LINE_PT, "{at}: {height}");
                        // Stored as a formula of one string constant, cached as the name:
                        // LibreOffice never wraps a text cell that carries a link.
                        let formulas = wb.worksheet_formula(sheet).unwrap();
                        let f = formulas.get_value((r, c)).expect(&at);
                        assert_eq!(*f, format!("\"{LONG_NAME}\""), "{at}");
                        // The link lands on the form of that name.
                        let (to, cell) = location.rsplit_once('!').unwrap();
                        let to = to.trim_matches('\'').replace("''", "'");
                        let form = wb.worksheet_range(&to).unwrap();
                        assert!(
                            form.used_cells()
                                .any(|(_, _, v)| *v == Data::String(LONG_NAME.into())),
                            "{at}: {location} is not its form"
                        );
                        assert!(cell == "A1" || sheet != SUMMARY_SHEET, "{at}: {location}");
                    }
                }
            }
        }
        assert_eq!(
            link_cells,
            links.len(),
            "{sheet}: every link cell holds text"
        );
    }
    // On 汇总, and on 校验/扣分明细 where the form has findings or lost points.
    assert!(long_name_seen >= 1);
}

/// The words of one PDF page with their boxes, as `pdftotext -bbox` gives them.
struct Word {
    text: String,
    x: (f64, f64),
    y: (f64, f64),
}

fn words(pdftotext: &str, pdf: &Path, page: u32) -> Vec<Word> {
    let out = Command::new(pdftotext)
        .args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let html = String::from_utf8(out.stdout).unwrap();
    let mut reader = XmlReader::from_str(&html);
    let mut words = Vec::new();
    let mut open: Option<Word> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == "word" => {
                let a: HashMap<String, f64> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (a.key.as_ref().to_string(), a.value.parse().unwrap())
                    })
                    .collect();
                open = Some(Word {
                    text: String::new(),
                    x: (a["xMin"], a["xMax"]),
                    y: (a["yMin"], a["yMax"]),
                });
            }
            Ok(Event::Text(t)) => {
                if let Some(w) = open.as_mut() {
                    w.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == "word" => {
                words.extend(open.take());
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("pdftotext -bbox output: {e}"),
        }
    }
    words
}

/// Printed with LibreOffice, 汇总's first page holds the long name whole: its words, joined
/// across the lines it wraps onto, make the name, and no line runs into the next column
/// (text overflowing a cell is cut at the cell's edge on paper, though the PDF keeps it).
#[test]
fn a_long_project_name_prints_whole_on_the_summary_page() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let Some(pdftotext) = common::tool("pdftotext", "-v") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (book, _) = long_name_workbook(dir.path());
    let pdf = common::libreoffice_convert(soffice, &[book], dir.path(), "pdf", None).remove(0);
    let page = words(pdftotext, &pdf, 1);
    assert!(
        page.iter().any(|w| w.text == SUMMARY_SHEET),
        "page 1 is 汇总"
    );

    // The run of words, in reading order, that spells the name.
    let (start, end) = (0..page.len())
        .find_map(|i| {
            let mut joined = String::new();
            for (j, w) in page.iter().enumerate().skip(i) {
                joined.push_str(&w.text);
                if joined == LONG_NAME {
                    return Some((i, j + 1));
                }
                if !LONG_NAME.starts_with(&joined) {
                    return None;
                }
            }
            None
        })
        .unwrap_or_else(|| {
            let all: Vec<&str> = page.iter().map(|w| w.text.as_str()).collect();
            panic!("{LONG_NAME} not on the 汇总 page: {all:?}")
        });
    let lines = &page[start..end];
    assert!(lines.len() >= 2, "the name wraps onto a second line");
    for (k, l) in lines.iter().enumerate() {
        for w in page[..start].iter().chain(&page[end..]) {
            let overlap = l.x.0 < w.x.1 && w.x.0 < l.x.1 && l.y.0 < w.y.1 && w.y.0 < l.y.1;
            assert!(
                !overlap,
                "line {k} of the name ({}) runs into {:?} at x {:.1}..{:.1}",
                l.text, w.text, w.x.0, w.x.1
            );
        }
    }
}
