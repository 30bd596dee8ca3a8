//! Workbooks through calamine: .xlsx, .xlsm, .xlsb and .xls (BIFF8, also WPS .et). Each
//! worksheet becomes one [`Grid`] with its merged ranges, each cell as the user sees it:
//! numbers under their number format, dates as dates, a formula with no cached value as its
//! formula text.

pub mod display;
pub(crate) mod guards;
pub mod number_format;

pub use guards::{check_archive, check_cell_references};

use super::ReadError;
use super::grid::{Grid, Merge, Place, Row};
use calamine::{Data, Dimensions, Range, Reader as _};
use std::io::Cursor;

/// The workbook formats calamine reads for selfeval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    /// Office Open XML: .xlsx and .xlsm.
    Xlsx,
    /// Excel's binary .xlsb.
    Xlsb,
    /// BIFF8 .xls, and WPS .et saved as BIFF.
    Xls,
}

/// One grid per worksheet, or why a sheet (or the whole file) could not be read.
pub fn grids(name: &str, bytes: &[u8], book: Book) -> Vec<Result<Grid, ReadError>> {
    let mut formulas = true;
    if book == Book::Xlsx {
        match check_cell_references(bytes) {
            Ok(any) => formulas = any,
            Err(message) => return vec![Err(ReadError::new(name, None, message))],
        }
    }
    // calamine trusts what it parses (cell references are read into 32 bits unchecked); a
    // damaged sheet the guards cannot see whole must still fail as this file's error. Only
    // calamine's part runs under the catch: the form finder's panics stay bugs.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match book {
        Book::Xlsx => read_xlsx(name, bytes, formulas),
        Book::Xlsb => read_xlsb(name, bytes),
        Book::Xls => read_xls(name, bytes),
    }))
    .unwrap_or_else(|_| vec![Err(damaged(name))])
}

fn damaged(name: &str) -> ReadError {
    ReadError::new(
        name,
        None,
        "工作簿已损坏，无法读取 (damaged workbook: the spreadsheet reader failed on it)",
    )
}

fn unopenable(name: &str, what: &str, e: &dyn std::fmt::Display) -> Vec<Result<Grid, ReadError>> {
    vec![Err(ReadError::new(
        name,
        None,
        format!("无法打开 {what} 工作簿，文件可能已损坏 (not a readable .{what}: {e})"),
    ))]
}

fn unreadable(name: &str, sheet: &str, e: &dyn std::fmt::Display) -> ReadError {
    ReadError::new(
        name,
        Some(sheet.to_string()),
        format!("无法读取工作表 (cannot read the sheet: {e})"),
    )
}

/// What a sheet's reader hands to [`sheet_grid`] besides the values.
struct SheetParts<'a> {
    /// Number format code of a cell, by absolute (row, column).
    format: Box<dyn Fn(u32, u32) -> Option<String> + 'a>,
    /// Formula text of cells, for those with no cached value.
    formulas: Option<Range<String>>,
    merges: Vec<Dimensions>,
}

fn read_xlsx(name: &str, bytes: &[u8], formulas: bool) -> Vec<Result<Grid, ReadError>> {
    let mut book = match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => return unopenable(name, "xlsx", &e),
    };
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let (range, styles) = match xlsx_cells(&mut book, &sheet) {
            Ok(Ok(read)) => read,
            Ok(Err(area)) => {
                out.push(Err(too_wide(name, &sheet, area)));
                continue;
            }
            Err(e) => {
                out.push(Err(unreadable(name, &sheet, &e)));
                continue;
            }
        };
        let parts = SheetParts {
            format: Box::new(move |row, col| styles.format(row, col)),
            formulas: formulas
                .then(|| book.worksheet_formula(&sheet).ok())
                .flatten(),
            merges: book.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
        };
        out.push(Ok(sheet_grid(&sheet, &range, &parts)));
    }
    out
}

/// A sheet's values and number formats from one pass over its XML, or the cells its bounding
/// box spans when that is past [`MAX_SHEET_CELLS`]. calamine's `worksheet_range` and
/// `worksheet_style` each inflate and parse the sheet again, and bounding the sheet before
/// either took two passes more: four of the five passes were a third of reading a workbook.
/// The box spans every cell element, values and styled blanks, as calamine's ranges do;
/// past the limit no more cells are kept, so a hostile sheet is refused without the grid.
fn xlsx_cells(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Result<(Range<Data>, SheetStyles), u64>, calamine::XlsxError> {
    let mut reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // Chart sheets and the like: calamine reads them as empty.
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            return Ok(Ok((Range::default(), SheetStyles::default())));
        }
        Err(e) => return Err(e),
    };
    let palette: Vec<Option<String>> = reader
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
        .collect();
    let mut bounds = Bounds::default();
    let mut cells = Vec::new();
    let mut styled = Vec::new();
    let mut styled_bounds = Bounds::default();
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        let pos = cell.get_position();
        bounds.add(pos);
        if bounds.area() > MAX_SHEET_CELLS {
            continue;
        }
        if style > 0 && style < palette.len() {
            styled_bounds.add(pos);
            styled.push((pos, style));
        }
        let value = cell.get_value();
        if !matches!(value, calamine::DataRef::Empty) {
            cells.push(calamine::Cell::new(pos, Data::from(value.clone())));
        }
    }
    if bounds.area() > MAX_SHEET_CELLS {
        return Ok(Err(bounds.area()));
    }
    styled.sort_unstable_by_key(|&(pos, _)| pos);
    let styles = SheetStyles {
        palette,
        styled,
        bounds: styled_bounds,
    };
    Ok(Ok((Range::from_sparse(cells), styles)))
}

/// The smallest box around the cells seen so far: first and last row, first and last column.
#[derive(Debug, Default, Clone, Copy)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, (row, col): (u32, u32)) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }

    fn contains(&self, (row, col): (u32, u32)) -> bool {
        self.0
            .is_some_and(|(r0, r1, c0, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

/// The number formats of a sheet's cells, looked up as calamine's `StyleRange` does: a cell
/// with a style of the palette has its format; any other cell inside the box of the styled
/// cells has the default style's (0); a cell outside it has none.
#[derive(Debug, Default)]
struct SheetStyles {
    /// The number format of each style of the workbook, by style id.
    palette: Vec<Option<String>>,
    /// Cells with a style other than the default, sorted by position.
    styled: Vec<((u32, u32), usize)>,
    bounds: Bounds,
}

impl SheetStyles {
    fn format(&self, row: u32, col: u32) -> Option<String> {
        if !self.bounds.contains((row, col)) {
            return None;
        }
        let id = self
            .styled
            .binary_search_by_key(&(row, col), |&(pos, _)| pos)
            .map_or(0, |i| self.styled[i].1);
        self.palette.get(id).cloned().flatten()
    }
}

fn read_xlsb(name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
    let mut book = match calamine::Xlsb::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => return unopenable(name, "xlsb", &e),
    };
    each_sheet(name, &mut book, |book, sheet| {
        SheetParts {
            format: Box::new(|_, _| None),
            formulas: book.worksheet_formula(sheet).ok(),
            // calamine reads no merged ranges from .xlsb: their text stands in the top-left
            // cell all the same, which is all the form finder needs.
            merges: Vec::new(),
        }
    })
}

fn read_xls(name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
    let formats = match super::biff::number_formats(bytes) {
        Ok(f) => f,
        Err(message) => return vec![Err(ReadError::new(name, None, message))],
    };
    let mut book = match calamine::Xls::new(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => return unopenable(name, "xls", &e),
    };
    each_sheet(name, &mut book, |book, sheet| {
        let cells = formats.get(sheet).cloned().unwrap_or_default();
        SheetParts {
            format: Box::new(move |row, col| cells.get(&(row, col)).cloned()),
            formulas: book.worksheet_formula(sheet).ok(),
            merges: book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        }
    })
}

/// Every sheet of a book as a grid: its values (refused when they span too many cells), and
/// the formats, formulas and merges `parts` reads for it.
fn each_sheet<'a, B>(
    name: &str,
    book: &mut B,
    parts: impl Fn(&mut B, &str) -> SheetParts<'a>,
) -> Vec<Result<Grid, ReadError>>
where
    B: calamine::Reader<Cursor<&'a [u8]>>,
    B::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let range = match book.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(unreadable(name, &sheet, &e)));
                continue;
            }
        };
        if let Some(e) = too_wide_range(name, &sheet, &range) {
            out.push(Err(e));
            continue;
        }
        let parts = parts(book, &sheet);
        out.push(Ok(sheet_grid(&sheet, &range, &parts)));
    }
    out
}

fn too_wide(name: &str, sheet: &str, area: u64) -> ReadError {
    ReadError::new(
        name,
        Some(sheet.to_string()),
        format!(
            "工作表范围过大 ({area} 个单元格，上限 {MAX_SHEET_CELLS})，拒绝读取 (sheet spans too many cells)"
        ),
    )
}

fn too_wide_range(name: &str, sheet: &str, range: &Range<Data>) -> Option<ReadError> {
    let (h, w) = range.get_size();
    let area = (h as u64).saturating_mul(w as u64);
    (area > MAX_SHEET_CELLS).then(|| too_wide(name, sheet, area))
}

/// Most cells a sheet's bounding box may span. calamine holds a sheet as a dense grid from its
/// first to its last used cell, so two cells at A1 and XFD1048576 in a 5 KB file would ask for
/// hundreds of gigabytes; a form spans a few thousand cells.
const MAX_SHEET_CELLS: u64 = 2_000_000;

/// The sheet as a grid: rows of cell text with absolute row numbers for `Sheet!A1` places,
/// and its merged ranges in grid coordinates.
fn sheet_grid(sheet: &str, range: &Range<Data>, parts: &SheetParts) -> Grid {
    let Some((r0, c0)) = range.start() else {
        return Grid {
            sheet: Some(sheet.to_string()),
            ..Grid::default()
        };
    };
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = r0 + i as u32;
            // Columns before the range start are blank, so cell places stay absolute.
            let mut texts = vec![String::new(); c0 as usize];
            texts.extend(cells.iter().enumerate().map(|(j, d)| {
                let col = c0 + j as u32;
                match d {
                    Data::Empty => formula_text(parts.formulas.as_ref(), row, col),
                    d => display::cell_text(d, (parts.format)(row, col).as_deref()),
                }
            }));
            Row {
                place: Place::Sheet(sheet.to_string(), row),
                cells: texts,
            }
        })
        .collect();
    let merges = parts
        .merges
        .iter()
        .filter(|m| m.end.0 >= r0)
        .map(|m| Merge {
            first_row: m.start.0.saturating_sub(r0),
            first_col: m.start.1,
            last_row: m.end.0 - r0,
            last_col: m.end.1,
        })
        .collect();
    Grid {
        sheet: Some(sheet.to_string()),
        rows,
        merges,
    }
}

/// A formula cell with no cached value shows as its formula, `=` first: a clerk who types
/// `=100%` as a target typed a formula, and that text is the target.
fn formula_text(formulas: Option<&Range<String>>, row: u32, col: u32) -> String {
    match formulas.and_then(|f| f.get_value((row, col))) {
        Some(f) if !f.trim().is_empty() => format!("={}", f.trim_start_matches('=')),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_not_allocated() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "财政项目支出绩效自评表").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 20_000);
        let grids = grids("wide.xlsx", &bytes, Book::Xlsx);
        assert_eq!(grids.len(), 1);
        let e = grids[0].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("wide.xlsx: Sheet1: 工作表范围过大 (17179869184 个单元格"),
            "{e}"
        );
    }

    #[test]
    fn not_a_workbook_is_a_clear_error() {
        let grids = grids("x.xlsx", b"PK\x03\x04garbage", Book::Xlsx);
        assert_eq!(grids.len(), 1);
        let e = grids[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("x.xlsx: "), "{e}");
    }
}
