//! Real forms from other regions (Hebei 2019, Anhui 2022, a city fund 2020), each in its
//! published layout, read to its expected model field for field: `tests/regions/*.xlsx`
//! against `*.expected.json` (keys starting with `_` are notes; `_partial` is `incomplete`).
//! The same forms re-saved by LibreOffice as .xls, .ods, .html and .docx read the same.

mod common;

use selfeval::read::read_path;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn regions() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/regions")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    files
}

fn expected(xlsx: &Path) -> Value {
    let name = xlsx.file_stem().unwrap().to_string_lossy();
    let path = xlsx.with_file_name(format!("{name}.expected.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Each expected field equals the read one; `_partial` is the `incomplete` flag.
fn assert_reads_as_expected(file: &Path, want: &Value) {
    let forms = read_path(file);
    let want = want.as_array().unwrap();
    assert_eq!(forms.len(), want.len(), "{}", file.display());
    for (form, want) in forms.iter().zip(want) {
        let got = match form {
            Ok(r) => serde_json::to_value(r).unwrap(),
            Err(e) => panic!("{e}"),
        };
        for (key, value) in want.as_object().unwrap() {
            if key == "_partial" {
                let incomplete = got
                    .get("incomplete")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                assert_eq!(
                    Some(incomplete),
                    value.as_bool(),
                    "{}: incomplete",
                    file.display()
                );
            } else if !key.starts_with('_') {
                assert_eq!(got.get(key), Some(value), "{}: {key}", file.display());
            }
        }
    }
}

#[test]
fn regional_forms_read_to_their_expected_models() {
    for file in regions() {
        assert_reads_as_expected(&file, &expected(&file));
    }
}

#[test]
fn regional_forms_keep_every_piece_of_text() {
    for file in regions() {
        let form = read_path(&file).remove(0).unwrap();
        // What no field takes is kept, with its place: the template's placeholder rows.
        for u in &form.unplaced {
            assert!(
                u.at.starts_with("Sheet1!"),
                "{}: {} {}",
                file.display(),
                u.at,
                u.text
            );
        }
        let json = serde_json::to_string(&form).unwrap();
        for placeholder in ["指标2", "……"] {
            if file.to_string_lossy().contains("langfang") {
                assert!(json.contains(placeholder), "{placeholder}");
            }
        }
    }
    let commerce = read_path(Path::new("tests/regions/commerce-2020-service-trade.xlsx"))
        .remove(0)
        .unwrap();
    let labels: Vec<&str> = commerce.texts.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "单位名称",
            "填报日期",
            "项目类别",
            "项目属性",
            "项目类型",
            "偏差大或目标未完成原因分析",
            "改进措施及结果应用方案",
            "单位主要负责人签批意见"
        ]
    );
    let points: Vec<(&str, String)> = commerce
        .points
        .iter()
        .map(|p| (p.label.as_str(), p.points.to_string()))
        .collect();
    assert_eq!(
        points,
        [
            ("预算执行情况", "20".to_string()),
            ("年度绩效目标", "80".to_string()),
            ("产出指标", "60".to_string()),
            ("效益指标", "40".to_string())
        ]
    );
}

#[test]
fn regional_forms_read_the_same_from_every_grid_format() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = regions();
    for format in ["xls", "ods", "html"] {
        let converted = common::libreoffice_convert(soffice, &files, dir.path(), format, None);
        for (file, original) in converted.iter().zip(&files) {
            assert_reads_as_expected(file, &expected(original));
        }
        if format == "html" {
            let docx = common::libreoffice_convert(
                soffice,
                &converted,
                &dir.path().join("docx"),
                "docx",
                Some("HTML (StarWriter)"),
            );
            for (file, original) in docx.iter().zip(&files) {
                assert_reads_as_expected(file, &expected(original));
            }
        }
    }
}

#[test]
fn regional_forms_printed_to_pdf_read_to_their_expected_models() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = regions();
    let pdfs = common::libreoffice_convert(soffice, &files, dir.path(), "pdf", None);
    for (pdf, original) in pdfs.iter().zip(&files) {
        assert_reads_as_expected(pdf, &expected(original));
    }
}

/// Text of these forms' PDFs through `pdftotext` lost the table's reading order (the cells
/// come column by column, or set apart by spaces with `-layout`): no label reading puts it
/// back, so each is refused, and the error tells the clerk to give the PDF itself, which
/// reads (above).
fn assert_refused_asking_for_the_pdf(text: &Path) {
    let forms = read_path(text);
    assert!(!forms.is_empty(), "{}", text.display());
    for form in forms {
        let e = form.expect_err("a form read from text that lost its table's order");
        assert!(
            e.message.contains("give selfeval the PDF itself"),
            "{}: {e}",
            text.display()
        );
    }
}

#[test]
fn regional_pdf_text_that_lost_the_table_asks_for_the_pdf() {
    for file in regions() {
        let name = file.file_stem().unwrap().to_string_lossy();
        assert_refused_asking_for_the_pdf(&file.with_file_name(format!("{name}.pdftext.txt")));
    }
    let (Some(soffice), Some(pdftotext)) = (common::soffice(), common::tool("pdftotext", "-v"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pdfs = common::libreoffice_convert(soffice, &regions(), dir.path(), "pdf", None);
    for pdf in &pdfs {
        for layout in [false, true] {
            let text = pdf.with_extension(if layout { "layout.txt" } else { "txt" });
            let mut cmd = std::process::Command::new(pdftotext);
            if layout {
                cmd.arg("-layout");
            }
            assert!(cmd.arg(pdf).arg(&text).status().unwrap().success());
            assert_refused_asking_for_the_pdf(&text);
        }
    }
}
