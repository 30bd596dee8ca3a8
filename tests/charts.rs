//! The workbook's 图表 sheet (issue 17): four native charts whose data ranges, on the same
//! sheet, hold the numbers `write::charts` computes for the HTML summary; LibreOffice draws
//! them; selfeval reading its own workbook passes the sheet over.

mod common;

use calamine::{Data, Reader as _, Xlsx};
use rust_decimal::Decimal;
use selfeval::model::Report;
use selfeval::write::charts::{Charts, Kind};
use selfeval::write::xlsx::{CHARTS_SHEET, write_workbook};
use std::io::Read as _;
use std::path::Path;
use std::process::Command;
use std::str::FromStr;

fn samples() -> Vec<Report> {
    common::samples_by_file()
        .into_iter()
        .flat_map(|(_, f)| f)
        .collect()
}

fn zip_part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
    Some(s)
}

/// `$C$2` → (row 1, column 2), zero-based.
fn cell_ref(r: &str) -> (u32, u32) {
    let r = r.replace('$', "");
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .chars()
        .fold(0u32, |acc, ch| acc * 26 + (ch as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = r[letters.len()..].parse().unwrap();
    (row - 1, col)
}

/// A chart formula `图表!$A$2:$A$9` as its sheet and its first and last cells.
fn range(f: &str) -> (String, (u32, u32), (u32, u32)) {
    let (sheet, cells) = f.rsplit_once('!').unwrap();
    let sheet = sheet.trim_matches('\'').to_string();
    let (a, b) = cells.split_once(':').unwrap_or((cells, cells));
    (sheet, cell_ref(a), cell_ref(b))
}

/// The series of a chart part: (name cell, categories, values) formulas.
fn series(xml: &str) -> Vec<(String, String, String)> {
    let f = |s: &str, tag: &str| -> String {
        let part = &s[s.find(tag).unwrap_or_else(|| panic!("{tag} in {s}"))..];
        let part = &part[part.find("<c:f>").unwrap() + 5..];
        part[..part.find("</c:f>").unwrap()].to_string()
    };
    xml.split("<c:ser>")
        .skip(1)
        .map(|s| (f(s, "<c:tx>"), f(s, "<c:cat>"), f(s, "<c:val>")))
        .collect()
}

/// The cells of a one-column range.
fn column(sheet: &calamine::Range<Data>, f: &str) -> Vec<Data> {
    let (name, (r0, c0), (r1, c1)) = range(f);
    assert_eq!(name, CHARTS_SHEET, "{f} on the charts' own sheet");
    assert_eq!(c0, c1, "{f} is one column");
    (r0..=r1)
        .map(|r| sheet.get_value((r, c0)).cloned().unwrap_or(Data::Empty))
        .collect()
}

fn as_decimal(d: &Data) -> Option<Decimal> {
    match d {
        Data::Float(f) => Some(Decimal::from_str(&f.to_string()).unwrap()),
        Data::Int(i) => Some(Decimal::from(*i)),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

fn as_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn charts_sheet_draws_the_computed_numbers() {
    let reports = samples();
    let data = Charts::compute(&reports);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.xlsx");
    write_workbook(&reports, &path).unwrap();

    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    let at = names
        .iter()
        .position(|n| n == CHARTS_SHEET)
        .expect("图表 sheet");
    assert_eq!(at, 2, "图表 right after 汇总 and 扣分明细: {names:?}");
    let sheet = wb.worksheet_range(CHARTS_SHEET).unwrap();

    // Four chart parts, drawn on the 图表 sheet (the third sheet).
    let charts: Vec<String> = (1..=5)
        .filter_map(|n| zip_part(&path, &format!("xl/charts/chart{n}.xml")))
        .collect();
    assert_eq!(charts.len(), 4);
    let rels = zip_part(&path, "xl/worksheets/_rels/sheet3.xml.rels").expect("sheet3 rels");
    assert!(rels.contains("drawing"), "{rels}");
    let drawing_rels = zip_part(&path, "xl/drawings/_rels/drawing1.xml.rels").unwrap();
    assert_eq!(drawing_rels.matches("charts/chart").count(), 4);

    // Chart 1: points lost by category, one series per kind of bar.
    assert!(charts[0].contains("<c:barChart>") && charts[0].contains("<c:barDir val=\"bar\"/>"));
    let ser = series(&charts[0]);
    assert_eq!(ser.len(), 3);
    for ((name, cat, val), kind) in ser.iter().zip([Kind::Funds, Kind::Level1, Kind::Level2]) {
        let (_, (hr, hc), _) = range(name);
        let series_name = as_text(sheet.get_value((hr, hc)).unwrap());
        let labels: Vec<String> = column(&sheet, cat).iter().map(as_text).collect();
        let values: Vec<Option<Decimal>> = column(&sheet, val).iter().map(as_decimal).collect();
        assert_eq!(labels.len(), data.categories.len(), "{series_name}");
        for ((c, label), value) in data.categories.iter().zip(&labels).zip(&values) {
            assert_eq!(*label, c.label);
            let want = (c.kind == kind).then_some(c.points);
            assert_eq!(*value, want, "{series_name}: {label}");
        }
    }
    // The funds bar is the samples' 29.84 points, the first and longest.
    let funds = column(&sheet, &ser[0].2);
    assert_eq!(as_decimal(&funds[0]), Some(Decimal::new(2984, 2)));
    assert!(
        charts[0].contains("<c:orientation val=\"maxMin\"/>"),
        "top-down"
    );

    // Charts 2–4: forms per grade, per execution rate, per total score.
    for (xml, counts) in charts[1..]
        .iter()
        .zip([&data.grades, &data.rates, &data.scores])
    {
        assert!(xml.contains("<c:barDir val=\"col\"/>"));
        let ser = series(xml);
        assert_eq!(ser.len(), 1);
        let labels: Vec<String> = column(&sheet, &ser[0].1).iter().map(as_text).collect();
        let values: Vec<Option<Decimal>> =
            column(&sheet, &ser[0].2).iter().map(as_decimal).collect();
        let want_labels: Vec<String> = counts.iter().map(|c| c.label.clone()).collect();
        let want_values: Vec<Option<Decimal>> = counts
            .iter()
            .map(|c| Some(Decimal::from(c.forms)))
            .collect();
        assert_eq!((labels, values), (want_labels, want_values));
        // Every value printed on its bar.
        assert!(xml.contains("<c:showVal val=\"1\"/>"));
    }
}

#[test]
fn selfeval_reads_its_workbook_without_the_charts_sheet() {
    let reports = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.xlsx");
    write_workbook(&reports, &path).unwrap();
    let read = selfeval::read::read_file(&path, &Default::default());
    assert_eq!(read.forms.len(), reports.len());
    assert!(read.forms.iter().all(Result::is_ok));
    assert!(
        read.notes.iter().all(|n| !n.contains(CHARTS_SHEET)),
        "{:?}",
        read.notes
    );
}

#[test]
fn libreoffice_draws_the_charts() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let Some(pdftotext) = common::tool("pdftotext", "-v") else {
        return;
    };
    let reports = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.xlsx");
    write_workbook(&reports, &path).unwrap();
    let pdf = common::libreoffice_convert(soffice, &[path], dir.path(), "pdf", None).remove(0);
    let text = Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let page = text
        .split('\u{c}')
        .find(|p| p.contains("资金执行率失分") && p.contains("涉及表数"))
        .expect("the 图表 page");
    let squeezed: String = page.chars().filter(|c| !c.is_whitespace()).collect();
    // The chart titles and axis names exist only in the charts, so their text on the page
    // shows that LibreOffice drew them.
    for title in [
        "失分按指标类别（分）",
        "评分等级（表数）",
        "资金执行率分布（%，表数）",
        "总分分布（表数）",
        "失分（分）",
    ] {
        assert!(squeezed.contains(title), "{title} drawn:\n{page}");
    }
}
