//! Inputs over the size limits are refused with one line naming the file and the limit.

use selfeval::read::{ReadOptions, read_path_with};
use std::path::Path;

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

#[test]
fn a_file_over_the_limit_is_refused_by_its_size() {
    let size = std::fs::metadata(SAMPLE).unwrap().len();
    let options = ReadOptions {
        max_input_size: size - 1,
        ..Default::default()
    };
    let forms = read_path_with(Path::new(SAMPLE), &options);
    assert_eq!(forms.len(), 1);
    let e = forms[0].as_ref().unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "{SAMPLE}: 文件过大 ({size} 字节)，超过上限 {0} 字节，未读取 (file larger than the limit of {0} bytes; see --max-input-size)",
            size - 1
        )
    );
    // At exactly the limit it reads.
    let options = ReadOptions {
        max_input_size: size,
        ..Default::default()
    };
    let forms = read_path_with(Path::new(SAMPLE), &options);
    assert!(forms.len() > 1 && forms.iter().all(Result::is_ok));
}

#[test]
fn the_cli_flag_sets_the_limit() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["json", "--max-input-size", "1000", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines()
            .next()
            .unwrap()
            .starts_with(&format!("error: {SAMPLE}: 文件过大"))
            && err.contains("上限 1000 字节"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

/// A workbook of one sheet with the form's title and then a million rows of numbers: it is
/// read through (a million cells is under the sheet-area limit) and fails as a cut-off form,
/// one error naming the sheet and cell, instead of hanging or filling memory.
#[test]
fn a_sheet_of_a_million_rows_fails_as_one_empty_form() {
    use std::io::Write;
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>财政项目支出绩效自评表</t></is></c></row>"#,
    );
    for r in 2..=1_000_000 {
        sheet.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("json")
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(&format!("error: {}: 表1!A1: 自评表是空的", path.display())),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}
