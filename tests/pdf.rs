//! PDF files read directly, cell for cell: every sample form, written by selfeval as a workbook
//! and printed to PDF by LibreOffice, reads back to the model of its text; selfeval's own HTML
//! summary printed by Chromium is named as what it is; a damaged PDF is its own error.

mod common;

use common::{json_without_source, libreoffice_convert, samples_by_file, soffice};
use selfeval::read::read_path;
use serde_json::Value;
use std::process::Command;

#[test]
fn sample_workbooks_printed_to_pdf_read_as_the_text() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    let mut expected = Vec::new();
    for (file, forms) in samples_by_file() {
        let book = dir
            .path()
            .join(file.with_extension("xlsx").file_name().unwrap());
        selfeval::write::xlsx::write_workbook(&forms, &book).unwrap();
        books.push(book);
        expected.push(forms);
    }
    let pdfs = libreoffice_convert(soffice, &books, &dir.path().join("pdf"), "pdf", None);
    let (mut forms, mut differ) = (0, Vec::new());
    for (pdf, want) in pdfs.iter().zip(&expected) {
        let read = read_path(pdf);
        let errors: Vec<String> = read
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let got: Vec<_> = read.into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), want.len(), "{}", pdf.display());
        for (g, w) in json_without_source(&got)
            .iter()
            .zip(json_without_source(want).iter())
        {
            forms += 1;
            if g != w {
                differ.push(w["project"].to_string());
            }
        }
    }
    assert_eq!(forms, 46);
    // Every form to the letter: a wrap at a space keeps the space LibreOffice draws there, and
    // selfeval's form sheets never break a page inside a merged cell, whose label LibreOffice
    // would print on the next page.
    assert!(differ.is_empty(), "differ from the text: {differ:?}");
}

#[test]
fn the_summary_page_printed_by_chromium_is_named_not_read_as_forms() {
    let Some(chromium) = common::tool("chromium", "--version") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (html, pdf) = common::samples_summary_printed(chromium, dir.path());
    let sample = "samples/shanghai-songjiang-admin-service-2021.txt";
    let alone = read_path(std::path::Path::new(sample)).len();
    for file in [&pdf, &html] {
        let note = format!(
            "note: {}: selfeval 写出的失分汇总页，不是自评表，已跳过 (selfeval's own summary page, not a form: skipped)",
            file.display()
        );
        let json = |extra: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_selfeval"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .arg("json")
                .args(extra)
                .arg(file)
                .output()
                .unwrap()
        };
        // Beside forms, as in a folder of attachments: a note, and the forms are read.
        let out = json(&[sample]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(stderr.lines().next(), Some(note.as_str()), "{stderr}");
        assert!(!stderr.contains("error:"), "{stderr}");
        let forms: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(forms.as_array().map(Vec::len), Some(alone));
        // Alone: the same note, then the batch has read no form at all, which is an error.
        let out = json(&[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with(&note), "{stderr}");
        assert!(stderr.contains("no form was read"), "{stderr}");
    }
}

#[test]
fn a_damaged_pdf_is_its_own_error() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("f.xlsx");
    let forms = samples_by_file().remove(2).1;
    selfeval::write::xlsx::write_workbook(&forms, &book).unwrap();
    let pdf = libreoffice_convert(soffice, &[book], dir.path(), "pdf", None).remove(0);
    let bytes = std::fs::read(&pdf).unwrap();
    for keep in [bytes.len() / 3, bytes.len() / 2, 200] {
        let cut = dir.path().join(format!("cut{keep}.pdf"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        let read = read_path(&cut);
        // Whatever pages survive may read; what cannot is an error naming the file, and
        // nothing panics.
        assert!(!read.is_empty());
        for r in read.iter().filter_map(|r| r.as_ref().err()) {
            assert!(r.to_string().starts_with(&cut.display().to_string()), "{r}");
        }
    }
}
