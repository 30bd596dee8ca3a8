//! `.xlsx` workbooks: one form per sheet, in the paper layout or as a grid.

use super::{Forms, ReadError, Reader};

/// The workbook layout.
pub struct Xlsx;

impl Reader for Xlsx {
    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(b"PK\x03\x04")
    }

    fn read(&self, name: &str, _bytes: &[u8]) -> Forms {
        vec![Err(ReadError::new(
            name,
            None,
            "xlsx: reader not written yet",
        ))]
    }
}
