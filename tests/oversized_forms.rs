//! A form too big for a workbook does not stop the batch: a text over the 32,767 characters a
//! cell holds is an error naming its input and the form, and the other forms are written; a
//! form of 40,000 indicators (past the 1,023 page breaks a sheet keeps) is written.

use std::process::Command;

const SONGJIANG: &str = "samples/shanghai-songjiang-admin-service-2021.txt";

fn convert(input: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["convert", "-q"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn forms_in(book: &std::path::Path) -> usize {
    selfeval::read::read_path(book)
        .into_iter()
        .filter(Result::is_ok)
        .count()
}

#[test]
fn a_text_longer_than_a_cell_leaves_out_that_form_only() {
    let text = std::fs::read_to_string(SONGJIANG).unwrap();
    // The first form's first stated reason, made 40,000 characters long.
    let line = text
        .lines()
        .find(|l| l.contains("未完全健全") || l.split('\t').filter(|c| !c.is_empty()).count() >= 7)
        .unwrap()
        .to_string();
    let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
    let last = cells.len() - 1;
    cells[last] = "很".repeat(40_000);
    let long = text.replacen(&line, &cells.join("\t"), 1);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("forms.txt");
    std::fs::write(&input, long).unwrap();
    let book = dir.path().join("forms.xlsx");
    let out = convert(&input, &book);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("forms.txt") && errors[0].contains("32767"),
        "{stderr}"
    );
    assert_eq!(forms_in(&book), 4, "the other forms are written");
}

#[test]
fn a_form_of_forty_thousand_indicators_is_written() {
    let text = std::fs::read_to_string(SONGJIANG).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("财政项目支出绩效自评表"))
        .unwrap();
    let second = lines
        .iter()
        .skip(first + 1)
        .position(|l| l.contains("财政项目支出绩效自评表"))
        .map_or(lines.len(), |p| p + first + 1);
    let form = &lines[..second];
    let row = form
        .iter()
        .position(|l| l.contains("三级指标"))
        .map(|h| h + 1)
        .unwrap();
    let mut big: Vec<String> = form[..row].iter().map(|l| l.to_string()).collect();
    let cells: Vec<&str> = form[row].split('\t').collect();
    for i in 0..40_000 {
        let mut c: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        c[2] = format!("指标{i}");
        big.push(c.join("\t"));
    }
    big.extend(form[row + 1..].iter().map(|l| l.to_string()));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.txt");
    std::fs::write(&input, big.join("\n")).unwrap();
    let book = dir.path().join("big.xlsx");
    let out = convert(&input, &book);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(book.exists(), "{stderr}");
    assert!(!stderr.contains("error: "), "{stderr}");
}
