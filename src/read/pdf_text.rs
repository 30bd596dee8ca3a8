//! The PDF-text layout: what a PDF-to-text tool makes of a published form.

use super::{Forms, ReadError, Reader, decode_text};

/// The PDF-text layout.
pub struct PdfText;

impl Reader for PdfText {
    fn detect(&self, bytes: &[u8]) -> bool {
        decode_text(bytes).is_some()
    }

    fn read(&self, name: &str, _bytes: &[u8]) -> Forms {
        vec![Err(ReadError::new(
            name,
            None,
            "pdf text: reader not written yet",
        ))]
    }
}
