//! What several test files share: the outside programs some tests need, and the samples.

#![allow(dead_code)]

pub mod book;
pub mod forms;

use selfeval::model::Report;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `program`, when it runs here; under `CI=true` a missing program fails the test, elsewhere
/// the test prints a notice and skips.
pub fn tool(program: &'static str, version_arg: &str) -> Option<&'static str> {
    if Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(program);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{program} is required under CI=true");
    }
    eprintln!("notice: {program} not found; skipping the test that needs it");
    None
}

/// LibreOffice, when installed (required under CI=true).
pub fn soffice() -> Option<&'static str> {
    tool("soffice", "--version")
}

/// Converts `inputs` with LibreOffice into `out` (`to` as `--convert-to` takes it, with an
/// optional input filter), in a private profile so parallel runs do not fight over one.
/// Returns the converted files, in the order of `inputs`.
pub fn libreoffice_convert(
    soffice: &str,
    inputs: &[PathBuf],
    out: &Path,
    to: &str,
    infilter: Option<&str>,
) -> Vec<PathBuf> {
    let profile = out.join(".lo-profile");
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    let status = cmd
        .args(["--convert-to", to, "--outdir"])
        .arg(out)
        .args(inputs)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let ext = to.split(':').next().unwrap();
    inputs
        .iter()
        .map(|i| {
            let p = out.join(i.with_extension(ext).file_name().unwrap());
            assert!(p.exists(), "LibreOffice wrote no {}", p.display());
            p
        })
        .collect()
}

/// The sample files, sorted, each with its forms read from the text.
pub fn samples_by_file() -> Vec<(PathBuf, Vec<Report>)> {
    forms_by_file(Path::new("samples"))
}

/// Every form of the files in `dir`, in file name order (each must read).
pub fn forms_in(dir: &Path) -> Vec<Report> {
    forms_by_file(dir)
        .into_iter()
        .flat_map(|(_, forms)| forms)
        .collect()
}

/// The forms of one file (each must read).
pub fn forms_in_file(path: &Path) -> Vec<Report> {
    selfeval::read::read_path(path)
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

/// The files of `dir`, sorted, each with its forms (each must read).
pub fn forms_by_file(dir: &Path) -> Vec<(PathBuf, Vec<Report>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let forms = selfeval::read::read_path(&f)
                .into_iter()
                .map(|r| r.unwrap())
                .collect();
            (f, forms)
        })
        .collect()
}

/// The model as JSON without `source`, so decimals compare with their scale.
pub fn json_without_source(reports: &[Report]) -> Vec<serde_json::Value> {
    reports
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap();
            v.as_object_mut().unwrap().remove("source");
            v
        })
        .collect()
}

/// The samples' HTML summary written by selfeval into `dir`, and Chromium's print of it to
/// PDF (headers and footers on, Chromium's default). Returns (html, pdf).
pub fn samples_summary_printed(chromium: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let html = dir.join("summary.html");
    let pdf = dir.join("summary.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["summary", "-q", "samples", "-o"])
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let printed = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "{printed:?}");
    (html, pdf)
}

/// The text of the part `name` (`xl/workbook.xml`) of the workbook whose bytes are `book`.
pub fn workbook_part(book: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The attributes of each element named `name` in `xml`, in document order, values unescaped.
pub fn xml_elements(xml: &str, name: &str) -> Vec<std::collections::HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name => {
                out.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            let value = quick_xml::escape::unescape(&a.value).unwrap();
                            (a.key.as_ref().to_string(), value.into_owned())
                        })
                        .collect(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Each sheet of the workbook `book`: its name and the part holding it, in workbook order.
pub fn sheet_parts(book: &[u8]) -> Vec<(String, String)> {
    let rels = workbook_part(book, "xl/_rels/workbook.xml.rels");
    let targets: std::collections::HashMap<String, String> = xml_elements(&rels, "Relationship")
        .into_iter()
        .map(|e| {
            let target = e["Target"].trim_start_matches("/xl/").to_string();
            (e["Id"].clone(), format!("xl/{target}"))
        })
        .collect();
    xml_elements(&workbook_part(book, "xl/workbook.xml"), "sheet")
        .into_iter()
        .map(|e| (e["name"].clone(), targets[&e["r:id"]].clone()))
        .collect()
}
