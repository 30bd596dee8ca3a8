//! The grid reader: a form as rows of cells, from tab-separated text or a spreadsheet sheet.
//!
//! Both feed the same code, so a form copied out of Excel and the same form in a workbook read
//! the same way. Cells are located by their labels, never by fixed positions.

use super::{Forms, ReadError};

/// Where a row came from, so unplaced text and errors can name the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// 1-based line of a text file.
    Line(usize),
    /// Sheet name and 0-based row index of a workbook.
    Sheet(String, u32),
}

/// One row of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub place: Place,
    pub cells: Vec<String>,
}

impl Row {
    /// The place of one cell: `line 12` in text, `Sheet1!C12` in a workbook.
    pub fn at(&self, col: usize) -> String {
        match &self.place {
            Place::Line(n) => format!("line {n}"),
            Place::Sheet(sheet, row) => format!("{sheet}!{}{}", column_name(col), row + 1),
        }
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

/// Reads every form in the rows. `file` names the input in `source` and errors.
pub fn read_forms(file: &str, rows: &[Row]) -> Forms {
    let _ = rows;
    vec![Err(ReadError::new(
        file,
        None,
        "grid layout: reader not written yet",
    ))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
