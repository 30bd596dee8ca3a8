//! Tab-separated text: a spreadsheet copied as text, one row a line. Fed to [`super::grid`].

use super::grid::{self, Place, Row};
use super::{Forms, ReadError, Reader, decode_text};

/// The tab-separated layout.
pub struct Tsv;

/// A text is a grid when most of its non-blank lines hold a tab.
pub(crate) fn is_grid(text: &str) -> bool {
    // Every text is asked; PDF text holds no tab at all, and one search of the whole text says so.
    if !text.contains('\t') {
        return false;
    }
    let (mut lines, mut tabbed) = (0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        if line.contains('\t') {
            tabbed += 1;
        }
    }
    lines > 0 && tabbed * 2 > lines
}

impl Reader for Tsv {
    fn detect(&self, bytes: &[u8]) -> bool {
        decode_text(bytes).is_some_and(|t| is_grid(&t))
    }

    fn read(&self, name: &str, bytes: &[u8]) -> Forms {
        let Some(text) = decode_text(bytes) else {
            return vec![Err(ReadError::new(
                name,
                None,
                "不是可识别编码的文本 (not UTF-8/UTF-16/GB18030 text)",
            ))];
        };
        read_text(name, &text)
    }
}

/// Reads every form of decoded tab-separated text.
pub fn read_text(name: &str, text: &str) -> Forms {
    let rows: Vec<Row> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let line = line.trim_end_matches('\r');
            // Sized by its tabs: a row grown cell by cell was reallocated several times.
            let mut cells = Vec::with_capacity(line.bytes().filter(|&b| b == b'\t').count() + 1);
            cells.extend(line.split('\t').map(str::to_string));
            Row {
                place: Place::Line(i + 1),
                cells,
            }
        })
        .collect();
    grid::read_forms(name, &rows)
}
