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
        if let Err(message) = check_cell_references(bytes) {
            return vec![Err(ReadError::new(name, None, message))];
        }
        // calamine trusts what it parses (cell references are read into 32 bits unchecked); a
        // damaged sheet the check above cannot see whole must still fail as this file's error.
        // Only calamine's part runs under the catch: the grid reader's panics stay bugs.
        let sheets =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sheets_as_rows(name, bytes)))
                .unwrap_or_else(|_| {
                    vec![Err(ReadError::new(
                        name,
                        None,
                        "工作簿已损坏，无法读取 (damaged workbook: the xlsx reader failed on it)",
                    ))]
                });
        let mut out = Vec::new();
        for sheet in sheets {
            match sheet {
                Ok(rows) => out.extend(grid::read_forms(name, &rows)),
                Err(e) => out.push(Err(e)),
            }
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

/// The rows of every sheet that looks like a form, or why a sheet (or the file) could not be
/// read; summary sheets and sheets that are not forms are skipped.
fn sheets_as_rows(name: &str, bytes: &[u8]) -> Vec<Result<Vec<Row>, ReadError>> {
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
    let unreadable = |sheet: &str, e: &calamine::XlsxError| {
        ReadError::new(
            name,
            Some(sheet.to_string()),
            format!("无法读取工作表 (cannot read the sheet: {e})"),
        )
    };
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        if SUMMARY_SHEETS.contains(&sheet.as_str()) {
            continue;
        }
        match sheet_area(&mut book, &sheet) {
            Ok(area) if area > MAX_SHEET_CELLS => {
                out.push(Err(ReadError::new(
                        name,
                        Some(sheet.clone()),
                        format!(
                            "工作表范围过大 ({area} 个单元格，上限 {MAX_SHEET_CELLS})，拒绝读取 (sheet spans too many cells)"
                        ),
                    )));
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                out.push(Err(unreadable(&sheet, &e)));
                continue;
            }
        }
        let range = match book.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(unreadable(&sheet, &e)));
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
        out.push(Ok(rows));
    }
    out
}

/// Entries unpacking to more than this many times their packed size are taken for a zip bomb
/// (deflate tops out near 1032:1 on zeros; real sheet XML packs well under 100:1).
const MAX_RATIO: u64 = 500;

/// Entries smaller than this when unpacked are not judged by ratio: tiny entries of repeated
/// text can pack very well and cost nothing.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// Looks at the zip central directory before calamine unpacks anything: a workbook whose
/// entries declare more than `max_unpacked` bytes in all, or one entry packed absurdly well,
/// is refused. An archive the zip reader cannot open is left to calamine to report.
pub fn check_archive(bytes: &[u8], max_unpacked: u64) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if total > max_unpacked {
            return Err(format!(
                "工作簿解压后超过 {max_unpacked} 字节，拒绝读取 (workbook would unpack to more than {max_unpacked} bytes)"
            ));
        }
        if size >= RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "工作簿中的 {} 压缩比异常 ({size} 字节压成 {packed} 字节)，疑为压缩炸弹，拒绝读取 (entry packed more than {MAX_RATIO}:1: a zip bomb?)",
                String::from_utf8_lossy(entry.name_raw())
            ));
        }
    }
    Ok(())
}

/// Excel's grid: rows 1 to 1,048,576, columns A to XFD (16,384).
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

/// Refuses a workbook whose sheets place a cell, row or range past Excel's grid. No Excel or
/// WPS file does that, and calamine reads such a reference into 32 bits without a check (a row
/// past 4,294,967,295 overflows). Runs before calamine looks at any sheet.
pub fn check_cell_references(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // calamine reports what it cannot open
    };
    let mut xml = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else {
            continue;
        };
        let entry_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if !entry_name.starts_with("xl/worksheets/") || !entry_name.ends_with(".xml") {
            continue;
        }
        xml.clear();
        // Its size was bounded by `check_archive`. A damaged entry (bad checksum) is still
        // scanned as far as it unpacks: calamine parses that much before it sees the damage.
        let _ = entry
            .take(super::DEFAULT_MAX_UNPACKED_SIZE)
            .read_to_end(&mut xml);
        for attribute in [&b" r=\""[..], &b" ref=\""[..]] {
            for at in memchr::memmem::find_iter(&xml, attribute) {
                let value = &xml[at + attribute.len()..];
                let value = &value[..memchr::memchr(b'"', value).unwrap_or(value.len())];
                if let Some(bad) = value
                    .split(|&b| b == b':' || b == b' ')
                    .find(|part| past_the_grid(part))
                {
                    return Err(format!(
                        "{entry_name}: 单元格位置 {} 无效或超出 Excel 表格范围（最多 {GRID_ROWS} 行、{GRID_COLUMNS} 列），拒绝读取 (cell reference invalid or past Excel's grid)",
                        String::from_utf8_lossy(bad)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Whether a cell (`XFD1048576`), column or row reference lies past Excel's grid. Anything
/// that is not such a reference is not judged here.
fn past_the_grid(reference: &[u8]) -> bool {
    let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (column, row) = reference.split_at(letters);
    if !row.iter().all(u8::is_ascii_digit) || (column.is_empty() && row.is_empty()) {
        return false;
    }
    let column_past = column.len() > 3
        || column.iter().fold(0u64, |n, b| {
            n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
        }) > GRID_COLUMNS;
    let row_past =
        row.len() > 7 || row.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) > GRID_ROWS;
    column_past || row_past
}

/// Most cells a sheet's bounding box may span. calamine holds a sheet as a dense grid from its
/// first to its last used cell, so two cells at A1 and XFD1048576 in a 5 KB file would ask for
/// hundreds of gigabytes; a form spans a few thousand cells.
const MAX_SHEET_CELLS: u64 = 2_000_000;

/// Cells in the bounding box of every cell element of the sheet (values and styled blanks,
/// which calamine's ranges both span), found by streaming the sheet without building a grid.
fn sheet_area(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<u64, calamine::XlsxError> {
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut add = |(row, col): (u32, u32)| {
        bounds = Some(match bounds {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    // Values and styles are two streams over the sheet; the grids span each one's box.
    let mut cells = match book.worksheet_cells_reader(sheet) {
        Ok(c) => c,
        // Chart sheets and the like: calamine reads them as empty.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(0),
        Err(e) => return Err(e),
    };
    while let Some(cell) = cells.next_cell()? {
        add(cell.get_position());
    }
    drop(cells);
    let mut cells = book.worksheet_cells_reader(sheet)?;
    while let Some((row, col, _)) = cells.next_style_id()? {
        add((row, col));
    }
    Ok(bounds.map_or(0, |(r0, r1, c0, c1)| {
        (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
    }))
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
        Some(d) => fixed(value, d),
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

/// `value` with `decimals` decimals, rounded from its shortest text (what the file holds and
/// what Excel shows), not from its binary expansion: 1109328675740809.3 is stored as the double
/// 1109328675740809.25, and must read back as `1109328675740809.30`, not `…809.25`.
fn fixed(value: f64, decimals: usize) -> String {
    use rust_decimal::{Decimal, RoundingStrategy};
    let shortest = format!("{value}");
    match (u32::try_from(decimals), shortest.parse::<Decimal>()) {
        (Ok(dp), Ok(d)) if dp <= 28 => {
            let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            r.rescale(dp);
            r.to_string()
        }
        _ => format!("{value:.decimals$}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_past_the_grid() {
        for inside in [
            "A1",
            "XFD1048576",
            "$B$2",
            "A1:XFD1048576",
            "5",
            "C",
            "xfd1",
        ] {
            assert!(!past_the_grid(inside.as_bytes()), "{inside}");
        }
        for past in ["XFE1", "A1048577", "AAAA1", "A4294967296", "1048577", "XFE"] {
            assert!(past_the_grid(past.as_bytes()), "{past}");
        }
        // Not references: not judged.
        for other in ["", "rId1", "A1B", "1A"] {
            assert!(!past_the_grid(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn fixed_decimals_round_the_shortest_text() {
        assert_eq!(fixed(1109328675740809.3, 2), "1109328675740809.30");
        assert_eq!(fixed(-1109328675740809.3, 2), "-1109328675740809.30");
        // 0.125 shows as 0.13 in Excel; its double is exact, but 2.675 is 2.67499999... .
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(10.0, 2), "10.00");
        assert_eq!(fixed(6261700.0, 0), "6261700");
        assert_eq!(fixed(1e30, 2), format!("{:.2}", 1e30));
    }

    #[test]
    fn numbers_show_as_their_format_shows_them() {
        assert_eq!(number_text(10.0, Some("0.00")), "10.00");
        assert_eq!(number_text(6261700.0, Some("0")), "6261700");
        assert_eq!(number_text(2139.22, Some("#,##0.00")), "2139.22");
        assert_eq!(number_text(0.9, None), "0.9");
        assert_eq!(number_text(1.0, Some("0.00%")), "100.00%");
        assert_eq!(number_text(109491.0, Some("General")), "109491");
    }

    /// A zip with one entry of `size` zeros, deflated.
    fn zeros_zip(size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        out.write_all(&vec![0u8; size]).unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_bombs_are_refused_before_unpacking() {
        let bomb = zeros_zip(4 * 1024 * 1024);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        let e = check_archive(&bomb, 1 << 30).unwrap_err();
        assert!(e.contains("压缩炸弹") && e.contains("sheet1.xml"), "{e}");
        // Over the total bound, even at a sane ratio.
        let small = zeros_zip(200_000);
        let e = check_archive(&small, 100_000).unwrap_err();
        assert!(e.contains("100000"), "{e}");
        assert_eq!(check_archive(&small, 1 << 30), Ok(()));
        // Through read_bytes the refusal is one error naming the file.
        let options = crate::read::ReadOptions {
            max_unpacked_size: 100_000,
            ..Default::default()
        };
        let forms = crate::read::read_bytes_with("bomb.xlsx", &small, &options);
        assert_eq!(forms.len(), 1);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("bomb.xlsx: 工作簿解压后超过 100000 字节"),
            "{e}"
        );
        let forms = crate::read::read_bytes("bomb.xlsx", &bomb);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("bomb.xlsx: 工作簿中的"), "{e}");
    }

    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_not_allocated() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, TITLE).unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 20_000);
        let forms = Xlsx.read("wide.xlsx", &bytes);
        assert_eq!(forms.len(), 1);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("wide.xlsx: Sheet1: 工作表范围过大 (17179869184 个单元格"),
            "{e}"
        );
    }

    #[test]
    fn not_a_workbook_is_a_clear_error() {
        let forms = Xlsx.read("x.xlsx", b"PK\x03\x04garbage");
        assert_eq!(forms.len(), 1);
        let e = forms[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("x.xlsx: "), "{e}");
    }
}
