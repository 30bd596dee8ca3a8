//! How the samples' form sheets print: manual page breaks never fall inside a merged range,
//! and a sheet that breaks repeats its indicator header row (一级指标 | 二级指标 | …) on every
//! continuation page. Read from the written file's XML, as Excel and LibreOffice read it.

mod common;

use calamine::{Reader as _, Xlsx};
use quick_xml::Reader;
use quick_xml::events::Event;
use selfeval::model::{INDICATOR_COLUMNS, Report};

fn attr(e: &std::collections::HashMap<String, String>, key: &str) -> String {
    e.get(key).cloned().unwrap_or_default()
}

/// `A12:B20` as the rows 12..=20 (from 1, as in the file).
fn rows_of(range: &str) -> (u32, u32) {
    let row = |cell: &str| -> u32 {
        cell.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '$')
            .parse()
            .unwrap()
    };
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    (row(a), row(b))
}

/// The text of each `<definedName>` named `name`, by its sheet index.
fn defined(workbook: &str, name: &str) -> std::collections::HashMap<usize, String> {
    let mut reader = Reader::from_str(workbook);
    let mut out = std::collections::HashMap::new();
    let mut current: Option<usize> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "definedName" => {
                let attrs: std::collections::HashMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (a.key.as_ref().to_string(), a.value.to_string())
                    })
                    .collect();
                current = (attr(&attrs, "name") == name)
                    .then(|| attr(&attrs, "localSheetId").parse().unwrap());
            }
            Event::Text(t) => {
                if let Some(i) = current.take() {
                    out.insert(i, t.xml10_content().into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn form_sheets_break_between_merges_and_repeat_the_indicator_header() {
    let reports: Vec<Report> = common::samples_by_file()
        .into_iter()
        .flat_map(|(_, forms)| forms)
        .collect();
    let book = selfeval::write::xlsx::workbook_bytes(&reports, &[]).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.clone())).unwrap();
    let workbook = common::workbook_part(&book, "xl/workbook.xml");
    let titles = defined(&workbook, "_xlnm.Print_Titles");
    let all = common::sheet_parts(&book);
    let forms = &all[all.len() - reports.len()..];
    let (mut broken, mut breaks) = (0, 0);
    for (k, (name, path)) in forms.iter().enumerate() {
        let index = all.len() - reports.len() + k;
        let xml = common::workbook_part(&book, path);
        let merges: Vec<(u32, u32)> = common::xml_elements(&xml, "mergeCell")
            .iter()
            .map(|e| rows_of(&attr(e, "ref")))
            .collect();
        // A break with id n falls after row n (from 1): rows n and n + 1 are on two pages.
        let page_breaks: Vec<u32> = {
            let at = match (xml.find("<rowBreaks"), xml.find("</rowBreaks>")) {
                (Some(a), Some(b)) => &xml[a..b + "</rowBreaks>".len()],
                _ => "",
            };
            common::xml_elements(at, "brk")
                .iter()
                .map(|e| attr(e, "id").parse().unwrap())
                .collect()
        };
        for &b in &page_breaks {
            for &(r0, r1) in &merges {
                assert!(
                    !(r0 <= b && b < r1),
                    "{name}: page break after row {b} cuts the merge of rows {r0}..={r1}"
                );
            }
        }
        if page_breaks.is_empty() {
            continue;
        }
        broken += 1;
        breaks += page_breaks.len();
        // Print titles on the indicator table's header row.
        let title = titles
            .get(&index)
            .unwrap_or_else(|| panic!("{name}: breaks but no print titles"));
        let (r0, r1) = rows_of(title.rsplit_once('!').unwrap().1);
        assert_eq!(r0, r1, "{name}: one header row");
        let range = wb.worksheet_range(name).unwrap();
        let row: Vec<String> = (0..INDICATOR_COLUMNS.len() as u32)
            .map(|c| {
                range
                    .get_value((r0 - 1, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(row, INDICATOR_COLUMNS, "{name}: print titles on row {r0}");
    }
    // The samples have forms longer than a page.
    assert!(broken > 0 && breaks > 0);
}
