//! Every grid format reads to the same model: each sample file, written by selfeval as a
//! workbook and re-saved by LibreOffice as .xls, .ods and .html, and that .html turned into
//! .docx by LibreOffice Writer, reads back to the forms of the text, field for field.

mod common;

use common::{json_without_source, libreoffice_convert, samples_by_file, soffice};
use selfeval::read::read_path;
use std::path::PathBuf;

/// The sample workbooks (one per sample file, as `convert -o DIR/` writes them) in a new
/// folder, and each file's forms from the text.
fn workbooks() -> (
    tempfile::TempDir,
    Vec<PathBuf>,
    Vec<Vec<selfeval::model::Report>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut expected = Vec::new();
    for (file, forms) in samples_by_file() {
        let path = dir
            .path()
            .join(file.with_extension("xlsx").file_name().unwrap());
        selfeval::write::xlsx::write_workbook(&forms, &path).unwrap();
        paths.push(path);
        expected.push(forms);
    }
    (dir, paths, expected)
}

/// Each converted file reads to its sample's forms, with no error.
fn reads_as_the_text(format: &str, files: &[PathBuf], expected: &[Vec<selfeval::model::Report>]) {
    let mut total = 0;
    for (file, want) in files.iter().zip(expected) {
        let forms = read_path(file);
        let errors: Vec<String> = forms
            .iter()
            .filter_map(|f| f.as_ref().err().map(ToString::to_string))
            .collect();
        assert!(errors.is_empty(), "{format}: {}", errors.join("\n"));
        let got: Vec<_> = forms.into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), want.len(), "{format}: {}", file.display());
        let (got, want) = (json_without_source(&got), json_without_source(want));
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{format}: {}", file.display());
        }
        total += want.len();
    }
    assert_eq!(total, 46, "{format}");
}

#[test]
fn libreoffice_resaves_read_as_the_text() {
    let Some(soffice) = soffice() else { return };
    let (dir, books, expected) = workbooks();
    let out = dir.path().join("converted");
    for format in ["xls", "ods", "html"] {
        let files = libreoffice_convert(soffice, &books, &out, format, None);
        reads_as_the_text(format, &files, &expected);
        if format == "html" {
            let docx_dir = dir.path().join("docx");
            let docx = libreoffice_convert(
                soffice,
                &files,
                &docx_dir,
                "docx",
                Some("HTML (StarWriter)"),
            );
            reads_as_the_text("docx", &docx, &expected);
        }
    }
}

/// The merged ranges each format gives, sheet by sheet, sorted.
type SheetMerges = Vec<(String, Vec<(u32, u32, u32, u32)>)>;

fn merges_by_sheet(file: &std::path::Path) -> SheetMerges {
    use selfeval::read::{Container, docx, html, ods, sniff, spreadsheet};
    let bytes = std::fs::read(file).unwrap();
    let name = file.display().to_string();
    let grids = match sniff::sniff(&bytes) {
        sniff::Kind::Spreadsheet(book) => spreadsheet::grids(&name, &bytes, book),
        sniff::Kind::Ods => ods::Ods.grids(&name, &bytes),
        sniff::Kind::Docx => docx::Docx.grids(&name, &bytes),
        sniff::Kind::Html => html::Html.grids(&name, &bytes),
        other => panic!("{name}: {other:?}"),
    };
    grids
        .into_iter()
        .map(Result::unwrap)
        // 图表 holds charts, which an HTML export places in cells spanning their area: not
        // merges of the workbook, and no form's.
        .filter(|g| g.sheet.as_deref() != Some(selfeval::write::xlsx::CHARTS_SHEET))
        .filter_map(|g| {
            let mut m: Vec<_> = g
                .merges
                .iter()
                .map(|m| (m.first_row, m.first_col, m.last_row, m.last_col))
                .collect();
            m.sort_unstable();
            Some((g.sheet?, m))
        })
        .collect()
}

/// Merged ranges come from each file, not guessed: every format gives the workbook's own.
#[test]
fn merged_ranges_are_the_workbooks_in_every_format() {
    let Some(soffice) = soffice() else { return };
    let (dir, books, _) = workbooks();
    let out = dir.path().join("converted");
    let mut converted = Vec::new();
    for format in ["xls", "ods", "html"] {
        converted.push(libreoffice_convert(soffice, &books, &out, format, None));
    }
    let docx = libreoffice_convert(
        soffice,
        &converted[2],
        &dir.path().join("docx"),
        "docx",
        Some("HTML (StarWriter)"),
    );
    converted.push(docx);
    for (i, book) in books.iter().enumerate() {
        let want = merges_by_sheet(book);
        assert!(want.iter().any(|(_, m)| !m.is_empty()));
        for files in &converted {
            let got = merges_by_sheet(&files[i]);
            assert_eq!(got.len(), want.len(), "{}", files[i].display());
            for ((gs, gm), (ws, wm)) in got.iter().zip(&want) {
                assert_eq!(gs, ws, "{}", files[i].display());
                assert_eq!(gm, wm, "{} [{gs}]", files[i].display());
            }
        }
    }
}
