//! CSV that a clerk double-clicks must not run the forms' text as formulas: a real sample form
//! whose project and deviation reasons are rewritten to formula-like text, through the real
//! commands, and the CSV opened by LibreOffice with formula evaluation on.

mod common;

use calamine::{Data, Reader as _, Xlsx};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

/// The first form of [`SAMPLE`] (鉴定、认定费) rewritten: (sample text, written instead).
const REWRITES: [(&str, &str); 6] = [
    ("项目名称 鉴定、认定费", "项目名称 =1+1"),
    (
        "鉴定工作完成率 =100.00(%) 100.00(%) 15.00 15.00 无偏差",
        "鉴定工作完成率 =100.00(%) 100.00(%) 15.00 15.00 +cmd",
    ),
    (
        "鉴定结果准确性 >99.00(%) 99.67(%) 15.00 14.95 无偏差",
        "鉴定结果准确性 >99.00(%) 99.67(%) 15.00 14.95 @SUM(A1)",
    ),
    (
        "鉴定工作完成及时性 =100.00(%) 100.00(%) 10.00 10.00 无偏差",
        "鉴定工作完成及时性 =100.00(%) 100.00(%) 10.00 10.00 -2+3",
    ),
    // Text that is a plain number, and selfeval's "no value": these stay as they are.
    (
        "鉴定公平公正性 公平公正 达成指标 10.00 10.00 无偏差",
        "鉴定公平公正性 公平公正 -5 10.00 10.00 -3.5%",
    ),
    (
        "动态管理机制建立情况 建立健全 达成指标 10.00 10.00 无偏差",
        "动态管理机制建立情况 建立健全 达成指标 10.00 10.00 -",
    ),
];

/// The rewritten sample, written into `dir`.
fn rewritten_sample(dir: &Path) -> PathBuf {
    let mut text = std::fs::read_to_string(SAMPLE).unwrap();
    for (from, to) in REWRITES {
        assert!(text.contains(from), "{SAMPLE} no longer holds {from:?}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join("formulas.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs selfeval on `args`, expecting 0, or 1 when a form has a check error (`check` on the
/// sample's other forms); returns stdout.
fn selfeval(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {out:?}"
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The rows of a CSV text, by column name.
fn rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rd.headers().unwrap().clone();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn formula_text_is_guarded_in_every_csv_table_and_exact_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = rewritten_sample(dir.path());
    let input = input.to_str().unwrap();

    let forms = rows(&selfeval(&["json", "-q", input, "--format", "csv"]));
    assert_eq!(forms[0]["project"], "'=1+1");
    // Numeric columns as the form has them.
    assert_eq!(forms[0]["annual_budget"], "40.05");
    assert_eq!(forms[0]["total_score"], "99.95");
    assert_eq!(forms[0]["indicators"], "8");
    // The other forms of the file are untouched.
    assert!(forms[1..].iter().all(|f| !f["project"].starts_with('\'')));

    let indicators = rows(&selfeval(&[
        "json",
        "-q",
        input,
        "--format",
        "csv",
        "--table",
        "indicators",
    ]));
    let by_name = |name: &str| indicators.iter().find(|i| i["name"] == name).unwrap();
    for (name, deviation) in [
        ("鉴定工作完成率", "'+cmd"),
        ("鉴定结果准确性", "'@SUM(A1)"),
        ("鉴定工作完成及时性", "'-2+3"),
        ("鉴定公平公正性", "-3.5%"),
        ("动态管理机制建立情况", "-"),
    ] {
        assert_eq!(by_name(name)["deviation"], deviation, "{name}");
        assert_eq!(by_name(name)["project"], "'=1+1", "{name}");
    }
    // The sample's own target `=100.00(%)` is formula-like too; the number text `-5` is not.
    assert_eq!(by_name("鉴定工作完成率")["target"], "'=100.00(%)");
    assert_eq!(by_name("鉴定公平公正性")["actual"], "-5");
    assert_eq!(by_name("鉴定结果准确性")["score"], "14.95");
    assert_eq!(by_name("鉴定结果准确性")["points_lost"], "0.05");

    let findings = rows(&selfeval(&["check", "-q", input, "--format", "csv"]));
    let ours: Vec<_> = findings.iter().filter(|f| f["at"] == "line 2").collect();
    assert!(!ours.is_empty());
    assert!(ours.iter().all(|f| f["project"] == "'=1+1"));

    // JSON is the contract for other tools: the exact text, no apostrophe.
    let json: serde_json::Value = serde_json::from_str(&selfeval(&["json", "-q", input])).unwrap();
    let form = &json[0];
    assert_eq!(form["project"], "=1+1");
    let deviations: Vec<&str> = form["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["deviation"].as_str())
        .collect();
    for d in ["+cmd", "@SUM(A1)", "-2+3", "-3.5%", "-"] {
        assert!(deviations.contains(&d), "{d} not in {deviations:?}");
    }
    let json_findings: serde_json::Value =
        serde_json::from_str(&selfeval(&["check", "-q", input, "--format", "json"])).unwrap();
    assert!(
        json_findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["project"] == "=1+1")
    );
}

/// LibreOffice's CSV import (comma, double quote, UTF-8, special numbers detected) with
/// "evaluate formulas" on (token 13): the worst a reviewer's double-click can do, as Excel
/// always evaluates.
const CSV_FILTER: &str =
    "Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1,true";

/// The first sheet of the workbook at `path`: its cells, and its formulas as text.
fn first_sheet(path: &Path) -> (calamine::Range<Data>, Vec<String>) {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let cells = wb.worksheet_range(&name).unwrap();
    let formulas = wb.worksheet_formula(&name).unwrap();
    let formulas = formulas.rows().flatten().filter(|f| !f.is_empty()).cloned();
    (cells, formulas.collect())
}

/// The cell of `cells` in the column headed `column`, on the row where `key_column` is `key`.
fn cell<'a>(
    cells: &'a calamine::Range<Data>,
    key_column: &str,
    key: &Data,
    column: &str,
) -> &'a Data {
    let header: Vec<String> = cells
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = cells
        .rows()
        .find(|r| r[at(key_column)] == *key)
        .unwrap_or_else(|| panic!("no row with {key_column} = {key:?}"));
    &row[at(column)]
}

#[test]
fn libreoffice_opens_the_guarded_csv_as_text_with_no_formula() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = rewritten_sample(dir.path());
    let input = input.to_str().unwrap();
    // Written as a clerk writes them: to files, with the BOM Excel and WPS need.
    let forms = dir.path().join("forms.csv");
    let indicators = dir.path().join("indicators.csv");
    selfeval(&["json", "-q", input, "-o", forms.to_str().unwrap()]);
    selfeval(&[
        "json",
        "-q",
        input,
        "--table",
        "indicators",
        "-o",
        indicators.to_str().unwrap(),
    ]);
    let findings = dir.path().join("findings.csv");
    std::fs::write(
        &findings,
        selfeval(&["check", "-q", input, "--format", "csv"]),
    )
    .unwrap();
    // The control: the indicators table as it was before the guard, apostrophes taken off. If
    // LibreOffice did not evaluate formulas here, the guarded files would prove nothing.
    let unguarded = dir.path().join("unguarded.csv");
    let written = std::fs::read_to_string(&indicators).unwrap();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(written.trim_start_matches('\u{feff}').as_bytes());
    let mut w = csv::Writer::from_path(&unguarded).unwrap();
    for r in rd.records() {
        let r = r.unwrap();
        w.write_record(r.iter().map(|f| f.strip_prefix('\'').unwrap_or(f)))
            .unwrap();
    }
    w.flush().unwrap();

    let inputs = [forms, indicators, findings, unguarded];
    let books = common::libreoffice_convert(soffice, &inputs, dir.path(), "xlsx", Some(CSV_FILTER));

    let (_, formulas) = first_sheet(&books[3]);
    assert!(
        formulas.iter().any(|f| f.contains("1+1")),
        "LibreOffice did not evaluate the unguarded CSV's formulas: {formulas:?}"
    );
    for book in &books[..3] {
        let (_, formulas) = first_sheet(book);
        assert!(formulas.is_empty(), "{}: {formulas:?}", book.display());
    }

    let (cells, _) = first_sheet(&books[0]);
    let text = |s: &str| Data::String(s.to_owned());
    assert_eq!(
        *cell(&cells, "line", &Data::Float(2.0), "project"),
        text("'=1+1")
    );
    assert_eq!(
        *cell(&cells, "line", &Data::Float(2.0), "annual_budget"),
        Data::Float(40.05)
    );
    let (cells, _) = first_sheet(&books[1]);
    let at = |name: &str, column: &str| cell(&cells, "name", &text(name), column).clone();
    assert_eq!(at("鉴定工作完成率", "project"), text("'=1+1"));
    assert_eq!(at("鉴定工作完成率", "target"), text("'=100.00(%)"));
    assert_eq!(at("鉴定工作完成率", "deviation"), text("'+cmd"));
    assert_eq!(at("鉴定结果准确性", "deviation"), text("'@SUM(A1)"));
    assert_eq!(at("鉴定工作完成及时性", "deviation"), text("'-2+3"));
    assert_eq!(at("动态管理机制建立情况", "deviation"), text("-"));
    // Numbers stay numbers.
    assert_eq!(at("鉴定结果准确性", "score"), Data::Float(14.95));
    assert_eq!(at("鉴定公平公正性", "actual"), Data::Float(-5.0));
    let (cells, _) = first_sheet(&books[2]);
    assert_eq!(
        *cell(&cells, "at", &text("line 2"), "project"),
        text("'=1+1")
    );
}
