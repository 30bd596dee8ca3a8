//! The grid: the one shape every table-like input becomes, whatever its container.
//!
//! A container reader (`spreadsheet`, `ods`, `html`, `docx`, `delimited`) turns a file into
//! [`Grid`]s: rows of cell text as the user sees it, with the merged ranges and each cell's
//! place for messages. [`form`] then finds forms in a grid by their labels and never knows
//! which format the grid came from.

mod columns;
pub mod form;

pub use form::{has_form, read_forms, read_grid};

/// Where a row came from, so unplaced text and errors can name the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// 1-based line of a text file.
    Line(usize),
    /// Sheet name and 0-based row index of a workbook.
    Sheet(String, u32),
    /// 0-based row of a document's grid (an HTML page, a Word document).
    Row(u32),
}

/// One row of cells: each cell's text as the user sees it. A merged cell's text stands in its
/// top-left cell; the cells it covers are blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub place: Place,
    pub cells: Vec<String>,
}

impl Row {
    /// The place of one cell: `line 12` in text, `Sheet1!C12` in a workbook, `row 12 col C`
    /// in a document.
    pub fn at(&self, col: usize) -> String {
        match &self.place {
            Place::Line(n) => format!("line {n}"),
            Place::Sheet(sheet, row) => format!("{sheet}!{}{}", column_name(col), row + 1),
            Place::Row(row) => format!("row {} col {}", row + 1, column_name(col)),
        }
    }
}

/// A merged range, inclusive, as indices into [`Grid::rows`] and into [`Row::cells`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One table-like unit of a file: a sheet of a workbook, or a whole document, where text
/// outside tables stands as one-cell rows in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// The sheet's name in a workbook; `None` for a document or text.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    pub merges: Vec<Merge>,
}

impl Grid {
    /// A grid of rows with no merges (text copies keep none).
    pub fn from_rows(sheet: Option<String>, rows: Vec<Row>) -> Self {
        Grid {
            sheet,
            rows,
            merges: Vec::new(),
        }
    }

    /// The trimmed text of the first row that holds any, for recognising a grid's kind.
    pub fn first_texts(&self) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
            })
            .find(|cells| !cells.is_empty())
            .unwrap_or_default()
    }
}

/// Excel's column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_name_the_cell() {
        let row = |place| Row {
            place,
            cells: Vec::new(),
        };
        assert_eq!(row(Place::Line(7)).at(3), "line 7");
        assert_eq!(row(Place::Sheet("表".into(), 11)).at(2), "表!C12");
        assert_eq!(row(Place::Row(0)).at(27), "row 1 col AB");
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }
}
