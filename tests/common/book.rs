//! A workbook written by selfeval, opened again: with calamine for values and merges, with
//! the zip crate for the raw XML of its parts.

use calamine::{Data, Xlsx};
use selfeval::model::Report;
use selfeval::write::xlsx::write_workbook;
use std::path::{Path, PathBuf};

pub fn write(reports: &[Report]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.xlsx");
    write_workbook(reports, &path).unwrap();
    (dir, path)
}

pub fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap()
}

/// The raw XML of a part of the workbook.
pub fn part(path: &Path, name: &str) -> String {
    super::workbook_part(&std::fs::read(path).unwrap(), name)
}

/// The XML of the n-th sheet (1-based, in workbook order).
pub fn sheet_xml(path: &Path, n: usize) -> String {
    part(path, &format!("xl/worksheets/sheet{n}.xml"))
}

pub fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("expected text at ({r},{c}), got {other:?}"),
    }
}

pub fn number(range: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
    match range.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("expected a number at ({r},{c}), got {other:?}"),
    }
}

pub fn merges(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<[u32; 4]> {
    wb.merge_cells_by_sheet_name(sheet)
        .unwrap()
        .iter()
        .map(|m| [m.start.0, m.start.1, m.end.0, m.end.1])
        .collect()
}

/// Column widths (A..H) and row heights as the sheet XML states them.
pub fn sizes(xml: &str) -> (Vec<f64>, Vec<(u32, f64)>) {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        tag[start..end].parse().ok()
    };
    let mut widths = vec![0.0; 8];
    for tag in xml.split("<col ").skip(1) {
        let (min, max, w) = (attr(tag, "min"), attr(tag, "max"), attr(tag, "width"));
        if let (Some(min), Some(max), Some(w)) = (min, max, w) {
            for c in min as usize..=max as usize {
                if c <= 8 {
                    widths[c - 1] = w;
                }
            }
        }
    }
    let rows = xml
        .split("<row ")
        .skip(1)
        .filter_map(|tag| Some((attr(tag, "r")? as u32, attr(tag, "ht")?)))
        .collect();
    (widths, rows)
}
