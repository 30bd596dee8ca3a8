//! PDF container reader: a PDF's text layer and ruling lines turned into one [`Grid`].
//!
//! Finance bureaus receive most self-evaluation forms as PDF, printed from a spreadsheet.
//! The table is not stored as a table there: only glyphs at positions and the lines of
//! the borders. We read both (lopdf parses the file; the content interpreter, fonts and
//! CMaps are ours), rebuild each ruled table's cells from its lines (merged cells included),
//! put each glyph in the cell holding its centre, and lay the pages one after another in
//! one grid, so a form printed over two pages reads as consecutive rows.
//!
//! Text outside tables (titles, the year line, running headers and footers such as
//! LibreOffice's `sheet name … 3 / 26`) becomes rows of its own, in top-to-bottom order
//! with the table rows; a page with text but no ruled table is read by text alignment.
//! Text clipped away (a merged cell cut by a page break, overflow cut at a cell edge) is
//! not seen, as in a viewer.
//!
//! Not handled: OCR of scanned pages (refused with a clear error), vertical writing,
//! rotated text inside a page, text of CID fonts that have neither a ToUnicode map nor a
//! predefined CMap (each glyph reads as U+FFFD), Type 3 glyph procedures (never run).

mod annots;
mod cells;
mod cmap;
mod content;
mod fonts;
mod layout;
mod lines;
mod paths;
mod text;
mod unify;

#[cfg(test)]
mod tests;

use super::grid::{Grid, Merge, Place, Row};
use super::{Container, ReadError};
use content::{Budget, Interp, Stop};
use lopdf::{Dictionary, Document, LoadOptions, Object};

/// Most pages read; more is not a form and would take long.
pub const MAX_PAGES: usize = 2_000;
/// Most glyphs read from one document.
pub const MAX_GLYPHS: usize = 5_000_000;
/// Most rows of the grid.
const MAX_ROWS: usize = 1_048_576;
/// Most content-stream operators run over the whole document (bounds time: a form
/// XObject drawn many times, each drawing others, would otherwise explode).
const MAX_OPS: u64 = 100_000_000;
/// Most content-stream bytes decompressed over the whole document.
const MAX_CONTENT_BYTES: usize = 1 << 30;
/// Most bytes one object or xref stream may decompress to while loading.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Junk allowed before the `%PDF-` header (as readers accept).
const HEADER_WINDOW: usize = 1024;

const SCANNED: &str = "扫描件或图片 PDF：没有文字层，无法读取（不提供文字识别）(a scanned PDF with no text layer: OCR is not offered)";
const ENCRYPTED: &str = "加密的 PDF：请先取消密码 (encrypted PDF: remove the password first)";

fn damaged(detail: &str) -> String {
    let detail: String = detail.split_whitespace().collect::<Vec<_>>().join(" ");
    let detail: String = detail.chars().take(200).collect();
    format!("PDF 文件已损坏，无法读取 (damaged PDF: {detail})")
}

fn header_offset(bytes: &[u8]) -> Option<usize> {
    let window = bytes.get(..bytes.len().min(HEADER_WINDOW + 5))?;
    window.windows(5).position(|w| w == b"%PDF-")
}

/// Whether the bytes are a PDF: `%PDF-` within the first kilobyte.
pub fn detect(bytes: &[u8]) -> bool {
    header_offset(bytes).is_some()
}

/// Reads a PDF into one grid (`sheet: None`), pages in order.
///
/// lopdf's parser is hardened (depth limits, bounded dereferencing, decompression limits)
/// but is a large body of code: a panic inside it is caught here and reported as a damaged
/// file. This needs the default `panic = "unwind"`.
/// The PDF container.
pub struct Pdf;

impl Container for Pdf {
    fn grids(&self, name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
        match grids(bytes) {
            Ok(grids) => grids.into_iter().map(Ok).collect(),
            Err(message) => vec![Err(ReadError::new(name, None, message))],
        }
    }
}

pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(bytes))) {
        Ok(result) => result,
        Err(_) => Err(damaged("the parser failed on malformed data")),
    }
}

fn read(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let start = header_offset(bytes).ok_or_else(|| damaged("no %PDF- header"))?;
    let data = bytes.get(start..).unwrap_or_default();
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(data, options).map_err(|e| match e {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_) => ENCRYPTED.to_string(),
        other => damaged(&other.to_string()),
    })?;
    // lopdf opens an encrypted file with the empty password when it can and then drops
    // /Encrypt; still there means a password is needed.
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(ENCRYPTED.to_string());
    }
    let pages: Vec<_> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "PDF 页数过多（超过 {MAX_PAGES} 页）(a PDF of more than {MAX_PAGES} pages)"
        ));
    }
    if pages.is_empty() {
        return Err(damaged("no pages found"));
    }
    let mut interp = Interp::new(
        &doc,
        Budget {
            glyphs_left: MAX_GLYPHS,
            ops_left: MAX_OPS,
            bytes_left: MAX_CONTENT_BYTES,
        },
    );
    let mut grid = Grid {
        sheet: None,
        rows: Vec::new(),
        merges: Vec::new(),
    };
    let mut seen_text = false;
    for id in pages {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let parents = parents(&doc, page);
        let out = interp.page(page, &parents).map_err(|stop| match stop {
            Stop::Glyphs => format!(
                "PDF 文字过多（超过 {MAX_GLYPHS} 个字）(a PDF with more than {MAX_GLYPHS} glyphs)"
            ),
            Stop::Complexity => {
                "PDF 内容过于复杂，无法读取 (a PDF whose drawing is too complex to read)"
                    .to_string()
            }
        })?;
        seen_text |= out.glyphs.iter().any(|g| !g.text.trim().is_empty());
        let rows = layout::page(&out)?;
        drop(out);
        let off = grid.rows.len();
        if off + rows.rows.len() > MAX_ROWS {
            return Err(format!(
                "PDF 表格行数过多（超过 {MAX_ROWS} 行）(a PDF with more than {MAX_ROWS} rows)"
            ));
        }
        for (i, cells) in rows.rows.into_iter().enumerate() {
            grid.rows.push(Row {
                place: Place::Row((off + i) as u32),
                cells,
            });
        }
        grid.merges
            .extend(rows.merges.into_iter().map(|(r0, c0, r1, c1)| Merge {
                first_row: (off + r0) as u32,
                first_col: c0 as u32,
                last_row: (off + r1) as u32,
                last_col: c1 as u32,
            }));
    }
    if !seen_text {
        return Err(SCANNED.to_string());
    }
    Ok(vec![grid])
}

/// The page's ancestors in the page tree, nearest first, for inherited attributes.
fn parents<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<&'a Dictionary> {
    let mut out = Vec::new();
    let mut cur = page;
    while out.len() < 64 {
        let Some(parent) = cur
            .get(b"Parent")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| {
                if let Object::Dictionary(d) = o {
                    Some(d)
                } else {
                    None
                }
            })
        else {
            break;
        };
        out.push(parent);
        cur = parent;
    }
    out
}
