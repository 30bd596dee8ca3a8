//! The data formats of `json` and `check`: CSV tables with the expected row counts on the
//! samples, JSON lines equal to the JSON array's elements.

use std::process::Command;

/// Runs selfeval, expecting success; returns stdout.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    String::from_utf8(out.stdout).unwrap()
}

fn csv_rows(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header = rd.headers().unwrap().clone();
    let rows = rd.records().map(Result::unwrap).collect();
    (header, rows)
}

fn forms() -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&run(&["json", "-q", "samples"])).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn csv_of_forms_is_one_row_per_form_with_exact_amounts() {
    let forms = forms();
    assert_eq!(forms.len(), 46);
    let (header, rows) = csv_rows(&run(&["json", "-q", "samples", "--format", "csv"]));
    assert_eq!(rows.len(), 46);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, form) in rows.iter().zip(&forms) {
        assert_eq!(&row[col("project")], form["project"].as_str().unwrap());
        assert_eq!(&row[col("file")], form["source"]["file"].as_str().unwrap());
        // The amount as the JSON has it, digit for digit.
        let budget = &form["funds"]["total"]["annual_budget"];
        assert_eq!(&row[col("annual_budget")], budget.as_str().unwrap_or(""));
        let score = &form["total"]["score"];
        assert_eq!(&row[col("total_score")], score.as_str().unwrap_or(""));
        let n = form["indicators"].as_array().unwrap().len();
        assert_eq!(row[col("indicators")].parse::<usize>().unwrap(), n);
    }
}

#[test]
fn csv_of_indicators_is_one_row_per_indicator_with_its_project() {
    let forms = forms();
    let total: usize = forms
        .iter()
        .map(|f| f["indicators"].as_array().unwrap().len())
        .sum();
    assert!(total > 46 * 5, "{total}");
    let (header, rows) = csv_rows(&run(&[
        "json",
        "-q",
        "samples",
        "--format",
        "csv",
        "--table",
        "indicators",
    ]));
    assert_eq!(rows.len(), total);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let expected: Vec<(&str, &str, &str)> = forms
        .iter()
        .flat_map(|f| {
            f["indicators"].as_array().unwrap().iter().map(move |i| {
                (
                    f["project"].as_str().unwrap(),
                    i["name"].as_str().unwrap(),
                    i["score"].as_str().unwrap_or(""),
                )
            })
        })
        .collect();
    for (row, (project, name, score)) in rows.iter().zip(expected) {
        assert_eq!(&row[col("project")], project);
        assert_eq!(&row[col("name")], name);
        assert_eq!(&row[col("score")], score);
    }
}

#[test]
fn json_lines_are_the_array_elements_one_per_line() {
    let forms = forms();
    let text = run(&["json", "-q", "samples", "--format", "json-lines"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 46);
    for (line, form) in lines.iter().zip(&forms) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v.is_object());
        assert_eq!(&v, form);
    }
}

#[test]
fn check_csv_and_json_lines_are_one_row_per_finding() {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["check", "-q", "samples", "--format", "json"])
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert!(!findings.is_empty());

    let (header, rows) = csv_rows(&run(&["check", "-q", "samples", "--format", "csv"]));
    assert_eq!(rows.len(), findings.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, f) in rows.iter().zip(findings) {
        for key in ["rule", "severity", "file", "message"] {
            assert_eq!(&row[col(key)], f[key].as_str().unwrap(), "{key}");
        }
        assert_eq!(&row[col("project")], f["project"].as_str().unwrap_or(""));
    }

    let text = run(&["check", "-q", "samples", "--format", "json-lines"]);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, findings);
}

#[test]
fn csv_written_to_a_file_starts_with_a_bom_for_excel() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("forms.csv");
    // The format follows the extension of -o.
    run(&["json", "-q", "samples", "-o", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}file,".as_bytes()));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(csv_rows(text).1.len(), 46);
    // Standard output gets no BOM.
    let stdout = run(&["json", "-q", "samples", "--format", "csv"]);
    assert!(stdout.starts_with("file,"));
}
