//! `.xlsx` workbooks: one form per sheet, in the paper layout or as a grid. Each sheet's cells
//! become rows of text and go through the grid reader, so a workbook reads exactly like the
//! same form copied out as tab-separated text.
//!
//! Numbers are shown the way the cell's number format shows them (`0.00` keeps two decimals),
//! so a value written as `10.00` reads back as `10.00`, not `10`.

use super::grid::{self, Place, Row};
use super::{Forms, ReadError, Reader};
use crate::model::TITLE;
use crate::write::xlsx::{FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};
use calamine::{Data, Reader as _, StyleRange};
use std::io::Cursor;

/// The workbook layout.
pub struct Xlsx;

/// Sheets selfeval writes beside the forms; they are not forms and are skipped.
const SUMMARY_SHEETS: [&str; 3] = [SUMMARY_SHEET, LOST_SHEET, FINDINGS_SHEET];

impl Reader for Xlsx {
    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(b"PK\x03\x04")
    }

    fn read(&self, name: &str, bytes: &[u8]) -> Forms {
        let mut book = match calamine::Xlsx::new(Cursor::new(bytes)) {
            Ok(b) => b,
            Err(e) => {
                return vec![Err(ReadError::new(
                    name,
                    None,
                    format!("无法打开 xlsx 工作簿，文件可能已损坏 (not a readable .xlsx: {e})"),
                ))];
            }
        };
        let mut out = Vec::new();
        for sheet in book.sheet_names() {
            if SUMMARY_SHEETS.contains(&sheet.as_str()) {
                continue;
            }
            let range = match book.worksheet_range(&sheet) {
                Ok(r) => r,
                Err(e) => {
                    out.push(Err(ReadError::new(
                        name,
                        Some(sheet.clone()),
                        format!("无法读取工作表 (cannot read the sheet: {e})"),
                    )));
                    continue;
                }
            };
            let styles = book
                .worksheet_style(&sheet)
                .unwrap_or_else(|_| StyleRange::empty());
            let rows = sheet_rows(&sheet, &range, &styles);
            if !looks_like_form(&rows) {
                eprintln!("note: {name} [{sheet}]: 不是自评表，已跳过 (not a form, skipped)");
                continue;
            }
            out.extend(grid::read_forms(name, &rows));
        }
        if out.is_empty() {
            out.push(Err(ReadError::new(
                name,
                None,
                format!("工作簿中没有自评表：没有工作表含“{TITLE}” (no sheet holds a form)"),
            )));
        }
        out
    }
}

/// A sheet is taken for a form when it carries the title or the 项目名称 label.
fn looks_like_form(rows: &[Row]) -> bool {
    rows.iter()
        .flat_map(|r| r.cells.iter())
        .any(|c| c.contains(TITLE) || c.trim() == "项目名称")
}

/// The sheet as rows of cell text, with absolute row numbers for `Sheet!A1` places.
fn sheet_rows(sheet: &str, range: &calamine::Range<Data>, styles: &StyleRange) -> Vec<Row> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = r0 + i as u32;
            // Columns before the range start are blank, so cell places stay absolute.
            let mut texts = vec![String::new(); c0 as usize];
            texts.extend(cells.iter().enumerate().map(|(j, d)| {
                let format = styles
                    .get((row, c0 + j as u32))
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str());
                cell_text(d, format)
            }));
            Row {
                place: Place::Sheet(sheet.to_string(), row),
                cells: texts,
            }
        })
        .collect()
}

/// Decimals a number format shows: `0.00` → 2, `#,##0` → 0; `None` for General.
fn format_decimals(code: &str) -> Option<usize> {
    let first = code.split(';').next().unwrap_or(code);
    if first.eq_ignore_ascii_case("general") || !first.contains('0') {
        return None;
    }
    Some(match first.find('.') {
        Some(p) => first[p + 1..]
            .chars()
            .take_while(|&c| c == '0' || c == '#')
            .count(),
        None => 0,
    })
}

/// A cell as the text a clerk sees in it.
fn cell_text(d: &Data, format: Option<&str>) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number_text(*f, format),
        Data::Int(i) => number_text(*i as f64, format),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64, format: Option<&str>) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let percent = format.is_some_and(|c| c.split(';').next().unwrap_or(c).contains('%'));
    let value = if percent { f * 100.0 } else { f };
    let body = match format.and_then(format_decimals) {
        Some(d) => format!("{value:.d$}"),
        None => {
            // Shortest text that reads back as the same number (no float noise like 0.1+0.2).
            let s = format!("{value}");
            if s.contains('e') {
                format!("{value:.2}")
            } else {
                s
            }
        }
    };
    if percent { format!("{body}%") } else { body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format_shows_them() {
        assert_eq!(number_text(10.0, Some("0.00")), "10.00");
        assert_eq!(number_text(6261700.0, Some("0")), "6261700");
        assert_eq!(number_text(2139.22, Some("#,##0.00")), "2139.22");
        assert_eq!(number_text(0.9, None), "0.9");
        assert_eq!(number_text(1.0, Some("0.00%")), "100.00%");
        assert_eq!(number_text(109491.0, Some("General")), "109491");
    }

    #[test]
    fn not_a_workbook_is_a_clear_error() {
        let forms = Xlsx.read("x.xlsx", b"PK\x03\x04garbage");
        assert_eq!(forms.len(), 1);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("x.xlsx: "), "{e}");
    }
}
