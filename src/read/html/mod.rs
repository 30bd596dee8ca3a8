//! HTML pages (.html/.htm: saved web pages, LibreOffice Calc/Writer HTML exports, Excel
//! "save as web page" exports, and the many "fake .xls" files that are really HTML tables)
//! turned into grids.
//!
//! Parsing uses html5ever (the spec-conforming tokenizer and tree builder that `scraper` is built
//! on) driven directly, with our own compact arena tree instead of `scraper`'s, because
//! measurement showed html5ever is not safe on hostile input as `scraper` drives it: its tree
//! builder is quadratic on deep nesting (40k nested `<div>`: 4 s) and explodes on misnested
//! formatting elements (`<p><b id=1></p>…` re-creates every earlier `<b>` in every later
//! paragraph: 150 KB gave 32 million nodes), and its tokenizer is quadratic in the attributes of
//! one tag (80k attributes: 4 s). Going direct lets us
//! - cut every tag down to `MAX_ATTRS` attributes in a linear pre-pass (`limit_attributes`),
//! - put a token filter (`Guard`) between tokenizer and tree builder that renames formatting
//!   elements (`b`, `font`, `a`…) to plain inline elements — they only change how text looks,
//!   never what text is shown or where — and, below `MAX_DEPTH`, drops start tags (a block's
//!   becomes a `<br>` so its line still breaks),
//! - cap the number of tree nodes and output cells,
//! - hand the tree builder element names without copying (it asks for them constantly).
//!
//! The tree is then walked iteratively (no recursion on input depth): text outside tables
//! becomes one-cell rows, each table row becomes a row, spans become merges.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use encoding_rs::{Encoding, GB18030, UTF_8};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, Namespace, QualName, TokenizerResult, local_name, ns};

use super::grid::{Grid, Merge, Place, Row};
use super::{Container, ReadError};

mod charset;
mod extract;
mod prepass;
mod tree;

use charset::*;
use extract::*;
use prepass::*;
use tree::*;

/// Grid caps shared by all readers.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
/// Decoded text we accept. Far above any real form workbook (46 forms export to 750 KB), and it
/// bounds the worst-case time of hostile markup to seconds.
const MAX_TEXT: usize = 64 * 1024 * 1024;
/// Tree nodes (about 48 bytes each): bounds memory whatever the markup.
const MAX_NODES: usize = 1 << 23;
/// Output cells including the "" of covered positions: a `colspan` cannot blow up memory.
const MAX_CELLS: usize = 1 << 23;
/// Element nesting kept by the parser; deeper start tags are dropped (their text stays, and a
/// dropped block still breaks the line). Form pages nest 10–20 levels. The tree builder scans
/// its stack for many tags, so this bounds the cost per tag: a 60 MB page of `</li>` under
/// 200 `<span>`s takes about 8 s at 64 (16 s at 128).
const MAX_DEPTH: u32 = 64;
/// Attributes kept per tag; the tokenizer's duplicate check is quadratic in this.
const MAX_ATTRS: usize = 64;
/// What `<em>` is renamed to (see `Guard`), so Calc's sheet headings can still be found.
const EM: &str = "x-selfeval-em";
/// How much of the file is sniffed for `detect` and for a `<meta charset>`.
const SNIFF: usize = 4096;

/// Does this look like an HTML page? Content sniffing, so that a `.xls` that is really an HTML
/// table (common from web systems) is recognised, while text with a stray `<` is not.
pub fn detect(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    match Encoding::for_bom(head) {
        Some((enc, bom)) if enc != UTF_8 => {
            let (text, _) = enc.decode_without_bom_handling(head.get(bom..).unwrap_or_default());
            sniff(text.as_bytes())
        }
        Some((_, bom)) => sniff(head.get(bom..).unwrap_or_default()),
        None => sniff(head),
    }
}

fn sniff(b: &[u8]) -> bool {
    let mut i = 0;
    loop {
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let rest = b.get(i..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            match find(rest, b"-->", 4) {
                Some(end) => i += end + 3,
                None => break,
            }
        } else if rest.starts_with(b"<?") {
            match find(rest, b">", 2) {
                Some(end) => i += end + 1,
                None => break,
            }
        } else {
            break;
        }
    }
    let rest = b.get(i..).unwrap_or_default();
    for start in [
        "<!doctype html",
        "<html",
        "<meta",
        "<head",
        "<body",
        "<table",
    ] {
        if starts_with_ci(rest, start.as_bytes()) {
            let next = rest.get(start.len()).copied();
            if next.is_none_or(|c| c.is_ascii_whitespace() || c == b'>' || c == b'/') {
                return true;
            }
        }
    }
    find_ci(b, b"<table").is_some()
        && (find_ci(b, b"<td").is_some() || find_ci(b, b"</td>").is_some())
}

/// Turns an HTML page into grids: one for the whole document, or — for a LibreOffice Calc
/// export — one per sheet (plus one for the "Overview" before the first sheet).
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let too_big = || {
        format!(
            "网页过大：解码后超过 {} MB (HTML page too large: more than {} MB of text)",
            MAX_TEXT >> 20,
            MAX_TEXT >> 20
        )
    };
    // No encoding shrinks text below half its bytes (UTF-16 of ASCII), so skip decoding.
    if bytes.len() / 2 > MAX_TEXT {
        return Err(too_big());
    }
    let text = decode(bytes);
    if text.len() > MAX_TEXT {
        return Err(too_big());
    }
    let text = limit_attributes(&text);
    let dom = parse(&text)?;
    Extract::new(&dom).run()
}

/// The HTML page container.
pub struct Html;

impl Container for Html {
    fn grids(&self, name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
        match grids(bytes) {
            Ok(grids) => grids.into_iter().map(Ok).collect(),
            Err(message) => vec![Err(ReadError::new(name, None, message))],
        }
    }
}

#[cfg(test)]
mod tests;
