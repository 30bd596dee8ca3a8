//! Text taken out of a PDF without its layout (`pdftotext` with no options) loses the table:
//! cells come out column by column, out of their rows. Such a copy of selfeval's own
//! workbook must fail loudly, form by form, never read as forms without indicators.

mod common;

use std::process::Command;

#[test]
fn a_workbook_pdf_through_plain_pdftotext_is_refused_form_by_form() {
    let (Some(soffice), Some(pdftotext)) = (common::soffice(), common::tool("pdftotext", "-v"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (file, forms) = common::samples_by_file()
        .into_iter()
        .find(|(f, _)| f.to_string_lossy().contains("social-security"))
        .unwrap();
    let book = dir
        .path()
        .join(file.with_extension("xlsx").file_name().unwrap());
    selfeval::write::xlsx::write_workbook(&forms, &book).unwrap();
    let pdf = common::libreoffice_convert(soffice, &[book], dir.path(), "pdf", None).remove(0);
    let text = pdf.with_extension("txt");
    let status = Command::new(pdftotext)
        .arg(&pdf)
        .arg(&text)
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["json", "-q"])
        .arg(&text)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "[]",
        "{stderr}"
    );
    let empty = stderr
        .lines()
        .filter(|l| l.contains("自评表是空的"))
        .count();
    assert_eq!(empty, forms.len(), "{stderr}");
}
