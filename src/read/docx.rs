//! Word .docx reader: the main document part (`word/document.xml`) becomes grids.
//!
//! A Word document is a flow of paragraphs and tables, so it reads like an HTML page: every
//! paragraph outside tables is a one-cell row, every table row is a row, in document order.
//! Tables keep their merges (`w:gridSpan`, `w:vMerge`, old `w:hMerge`) so the form finder sees
//! the same shape as in the workbook the form was typed into.
//!
//! One grid per document, except a document LibreOffice Writer made from a LibreOffice Calc
//! HTML export: there each sheet follows a heading paragraph `Sheet 1: 名称` (or
//! `工作表 1: 名称`), and each sheet becomes its own grid named after it.
//!
//! What is read as text: `w:t` runs, tabs as " ", `w:br`/`w:cr` as line breaks, field results
//! (not field instructions), content controls, inserted text, the first `mc:Choice` of
//! alternate content. What is not: deleted/moved-away text, text hidden with `w:vanish`,
//! property-change history, and text boxes/drawings (they float outside the flow and would
//! pollute the cell they are anchored in).

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::grid::{Grid, Merge, Place, Row};
use super::{Container, ReadError};

/// The main document part. Office itself finds it through `_rels/.rels`, but every producer
/// we know names it this way.
const DOCUMENT_XML: &str = "word/document.xml";
/// Largest `word/document.xml` we unpack: far above any real form, far below harm.
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;
/// Grid caps shared by all readers.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
/// Cap on all cells of all grids of one document. Spans materialize covered cells, so a
/// small hostile file could otherwise ask for 1M rows x 16384 cells. Real documents come
/// nowhere near: LibreOffice and Word write hundreds of bytes of XML per cell.
const MAX_CELLS: usize = 8 * 1024 * 1024;

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const NS_MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// True when the zip holds a Word main document part (names compared ignoring ASCII case,
/// as Office does).
/// The Word .docx container.
pub struct Docx;

impl Container for Docx {
    fn grids(&self, name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
        match grids(bytes) {
            Ok(grids) => grids.into_iter().map(Ok).collect(),
            Err(message) => vec![Err(ReadError::new(name, None, message))],
        }
    }
}

pub fn is_docx(entry_names: &[&str]) -> bool {
    entry_names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(DOCUMENT_XML))
}

/// Reads a .docx file into grids (see the module doc for the shape).
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let xml = read_document_xml(bytes, MAX_XML_BYTES)?;
    parse_document(&xml)
}

/// The one-line error for a file we cannot read: Chinese reason, then English with the
/// library's detail.
fn unreadable(zh: &str, en: impl std::fmt::Display) -> String {
    let en = en.to_string().replace(['\r', '\n'], " ");
    format!("无法读取 Word 文档：{zh} (not a readable Word .docx document: {en})")
}

/// Unzips `word/document.xml`, refusing archives that are not zips, lack the part, or
/// declare/unpack more than `limit` bytes (`MAX_XML_BYTES`; smaller in tests).
fn read_document_xml(bytes: &[u8], limit: u64) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable("不是 zip 压缩包", format_args!("not a zip archive: {e}")))?;
    let index = zip.index_for_name(DOCUMENT_XML).or_else(|| {
        zip.file_names_raw()
            .position(|n| n.eq_ignore_ascii_case(DOCUMENT_XML.as_bytes()))
    });
    let Some(index) = index else {
        return Err(
            "无法读取 Word 文档：压缩包里没有 word/document.xml (not a Word .docx document: the zip has no word/document.xml)"
                .to_string(),
        );
    };
    let entry = zip.by_index(index).map_err(|e| {
        unreadable(
            "word/document.xml 无法解压",
            format_args!("cannot unpack word/document.xml: {e}"),
        )
    })?;
    let declared = entry.size();
    if declared > limit {
        return Err(format!(
            "Word 文档正文过大（声明解压后 {declared} 字节，上限 {limit}）(Word document body too large: word/document.xml declares {declared} bytes unpacked, limit {limit})"
        ));
    }
    // The declared size may lie; `take` bounds what we actually unpack.
    // Pre-size from the declared size, but never beyond what the zip could plausibly hold.
    let hint = declared.min(bytes.len() as u64 * 64);
    let mut raw = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    entry.take(limit + 1).read_to_end(&mut raw).map_err(|e| {
        unreadable(
            "word/document.xml 无法解压",
            format_args!("cannot unpack word/document.xml: {e}"),
        )
    })?;
    if raw.len() as u64 > limit {
        return Err(format!(
            "Word 文档正文解压后超过 {limit} 字节 (Word document body unpacks past {limit} bytes)"
        ));
    }
    Ok(decode_xml(raw))
}

/// XML parts are UTF-8 or UTF-16 (with BOM). Invalid UTF-8 is replaced rather than refused,
/// so a damaged byte costs one character, not the whole file.
fn decode_xml(raw: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], le: bool| -> String {
        let units = bytes.chunks_exact(2).map(|p| match p {
            [a, b] if le => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match raw.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => match String::from_utf8(raw) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

/// An element we act on, by namespace and local name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    R,
    RPr,
    Vanish,
    T,
    Tab,
    Br,
    NoBreakHyphen,
    Tbl,
    Tr,
    TrPr,
    GridBefore,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    HMerge,
    /// Elements whose whole subtree is not visible text (see `tag_of`).
    Skip,
    AlternateContent,
    Choice,
    Fallback,
    Other,
}

fn tag_of(ns: &ResolveResult<'_>, local: &str) -> Tag {
    let ns = match ns {
        ResolveResult::Bound(ns) => ns.0,
        // Undeclared `w:`/`mc:` prefixes (hand-made files): read them as the usual ones
        // rather than silently returning no text.
        ResolveResult::Unknown(p) if p == "w" => NS_W,
        ResolveResult::Unknown(p) if p == "mc" => NS_MC,
        _ => return Tag::Other,
    };
    if ns == NS_MC {
        return match local {
            "AlternateContent" => Tag::AlternateContent,
            "Choice" => Tag::Choice,
            "Fallback" => Tag::Fallback,
            _ => Tag::Other,
        };
    }
    if ns != NS_W && ns != NS_W_STRICT {
        return Tag::Other;
    }
    match local {
        "p" => Tag::P,
        "r" => Tag::R,
        "rPr" => Tag::RPr,
        "vanish" => Tag::Vanish,
        "t" => Tag::T,
        "tab" | "ptab" => Tag::Tab,
        "br" | "cr" => Tag::Br,
        "noBreakHyphen" => Tag::NoBreakHyphen,
        "tbl" => Tag::Tbl,
        "tr" => Tag::Tr,
        "trPr" => Tag::TrPr,
        "gridBefore" => Tag::GridBefore,
        "tc" => Tag::Tc,
        "tcPr" => Tag::TcPr,
        "gridSpan" => Tag::GridSpan,
        "vMerge" => Tag::VMerge,
        "hMerge" => Tag::HMerge,
        // Deleted and moved-away revisions, field instructions, drawings/text boxes/OLE
        // objects, paragraph and content-control properties (tab stops are `w:tab` too),
        // table/section properties, and old property versions kept for change tracking
        // (their gridSpan/vMerge are not the current ones).
        "del" | "delText" | "delInstrText" | "instrText" | "moveFrom" | "drawing" | "pict"
        | "object" | "pPr" | "sdtPr" | "sdtEndPr" | "tblPr" | "tblGrid" | "sectPr"
        | "tblGridChange" | "footnoteReference" | "endnoteReference" | "commentReference" => {
            Tag::Skip
        }
        l if l.ends_with("PrChange") || l.ends_with("PrExChange") => Tag::Skip,
        _ => Tag::Other,
    }
}

/// Value of the attribute whose local name is `val` (namespace prefix ignored: producers
/// write `w:val`, a few write `val`).
fn val_attr(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.trim().to_string())
}

/// An on/off property (`w:vanish`): present means on unless `w:val` says false.
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(val_attr(e).as_deref(), Some("0" | "false" | "off"))
}

/// A count attribute (`w:gridSpan`, `w:gridBefore`); garbage reads as `default`, huge values
/// saturate (the column cap then refuses them without allocating).
fn count_attr(e: &BytesStart<'_>, default: usize) -> usize {
    match val_attr(e) {
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            v.parse::<usize>().unwrap_or(usize::MAX)
        }
        _ => default,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum MergeMark {
    #[default]
    None,
    Restart,
    Continue,
}

/// `w:vMerge`/`w:hMerge`: `restart` starts a merge, anything else (no value, `continue`)
/// continues it.
fn merge_mark(e: &BytesStart<'_>) -> MergeMark {
    match val_attr(e).as_deref() {
        Some("restart") => MergeMark::Restart,
        _ => MergeMark::Continue,
    }
}

/// A table cell as read, before it is placed on the grid at row end.
#[derive(Debug)]
struct CellIn {
    span: usize,
    vmerge: MergeMark,
    hmerge: MergeMark,
    /// Paragraph texts joined with "\n"; normalized when placed.
    text: String,
}

/// An open vertical merge of the current table.
#[derive(Debug)]
struct VOpen {
    first_row: usize,
    first_col: usize,
    last_col: usize,
    last_row: usize,
}

/// The state of the document walk.
#[derive(Default)]
struct Walker {
    grids: Vec<Grid>,
    grid: Grid,
    /// Whether any sheet heading was seen (then an empty leading grid is dropped).
    headed: bool,
    total_cells: usize,
    /// Text of the paragraph being read.
    para: String,
    run_hidden: bool,
    in_rpr: bool,
    /// Depth of table nesting; only the outermost table (depth 1) makes rows.
    tbl_depth: usize,
    row: Option<(usize, Vec<CellIn>)>,
    cell: Option<CellIn>,
    in_trpr: bool,
    in_tcpr: bool,
    vopen: Vec<VOpen>,
    /// Per open `mc:AlternateContent`: whether a branch was already taken.
    alt: Vec<bool>,
}

fn too_wide() -> String {
    format!("Word 文档表格超过 {MAX_COLS} 列 (Word document table wider than {MAX_COLS} columns)")
}

/// Splits on line breaks, trims each piece, drops empty pieces: the text a user sees.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(piece);
    }
    out
}

/// `^(Sheet|工作表)\s*\d+\s*[:：]\s*(.+)$` on a paragraph's text: the sheet name, if it is
/// LibreOffice's heading before a sheet exported from Calc to HTML.
fn sheet_heading(text: &str) -> Option<&str> {
    let rest = if text.len() >= 5 && text.is_char_boundary(5) {
        match text.split_at(5) {
            (head, rest) if head.eq_ignore_ascii_case("sheet") => rest,
            _ => text.strip_prefix("工作表")?,
        }
    } else {
        text.strip_prefix("工作表")?
    };
    let rest = rest.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let rest = rest.get(digits..)?.trim_start();
    let name = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))?
        .trim();
    (!name.is_empty() && !name.contains('\n')).then_some(name)
}

impl Walker {
    fn count_cells(&mut self, n: usize) -> Result<(), String> {
        self.total_cells = self.total_cells.saturating_add(n);
        if self.total_cells > MAX_CELLS {
            return Err(format!(
                "Word 文档表格单元格超过 {MAX_CELLS} 个 (Word document has more than {MAX_CELLS} table cells)"
            ));
        }
        Ok(())
    }

    fn push_row(&mut self, cells: Vec<String>) -> Result<(), String> {
        let i = self.grid.rows.len();
        if i >= MAX_ROWS {
            return Err(format!(
                "Word 文档超过 {MAX_ROWS} 行 (Word document has more than {MAX_ROWS} rows)"
            ));
        }
        self.count_cells(cells.len().max(1))?;
        self.grid.rows.push(Row {
            place: Place::Row(i as u32),
            cells,
        });
        Ok(())
    }

    /// Sends the paragraph text read so far to where it belongs: the open cell of the
    /// outermost table (nested tables included), or a row of its own outside tables.
    fn flush_para(&mut self) -> Result<(), String> {
        if self.para.is_empty() {
            return Ok(());
        }
        let para = std::mem::take(&mut self.para);
        if let Some(cell) = self.cell.as_mut() {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            cell.text.push_str(&para);
            return Ok(());
        }
        if self.tbl_depth > 0 {
            // Text in a table but outside any cell: not something Word writes or shows.
            return Ok(());
        }
        let text = normalize(&para);
        if text.is_empty() {
            return Ok(());
        }
        if let Some(name) = sheet_heading(&text) {
            let next = Grid {
                sheet: Some(name.to_string()),
                ..Grid::default()
            };
            let done = std::mem::replace(&mut self.grid, next);
            if done.sheet.is_some() || !done.rows.is_empty() {
                self.grids.push(done);
            }
            self.headed = true;
            return Ok(());
        }
        self.push_row(vec![text])
    }

    fn start_table(&mut self) -> Result<(), String> {
        self.flush_para()?;
        self.tbl_depth += 1;
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), String> {
        self.flush_para()?;
        if self.tbl_depth == 1 {
            self.end_row()?;
            self.close_vmerges(None, None);
        }
        self.tbl_depth = self.tbl_depth.saturating_sub(1);
        Ok(())
    }

    fn start_row(&mut self) -> Result<(), String> {
        self.end_row()?;
        self.row = Some((0, Vec::new()));
        Ok(())
    }

    fn start_cell(&mut self) -> Result<(), String> {
        self.end_cell()?;
        if self.row.is_none() {
            // A cell outside a row (malformed): give it one so its text is not lost.
            self.row = Some((0, Vec::new()));
        }
        self.cell = Some(CellIn {
            span: 1,
            vmerge: MergeMark::None,
            hmerge: MergeMark::None,
            text: String::new(),
        });
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), String> {
        self.flush_para()?;
        if let Some(cell) = self.cell.take()
            && let Some((_, cells)) = self.row.as_mut()
        {
            // Every cell takes at least one column: refuse here, before a hostile row of
            // millions of `<w:tc/>` is held in memory.
            if cells.len() >= MAX_COLS {
                return Err(too_wide());
            }
            cells.push(cell);
        }
        Ok(())
    }

    /// Closes vertical merges not continued in row `keep_row` (all when `None`), only the
    /// one starting at column `at_col` if given, recording a `Merge` for each larger than one
    /// cell.
    fn close_vmerges(&mut self, keep_row: Option<usize>, at_col: Option<usize>) {
        let merges = &mut self.grid.merges;
        self.vopen.retain(|v| {
            if Some(v.last_row) == keep_row || at_col.is_some_and(|c| c != v.first_col) {
                return true;
            }
            if v.last_row > v.first_row || v.last_col > v.first_col {
                merges.push(Merge {
                    first_row: v.first_row as u32,
                    first_col: v.first_col as u32,
                    last_row: v.last_row as u32,
                    last_col: v.last_col as u32,
                });
            }
            false
        });
    }

    /// Places the finished row's cells on the grid: grid columns from `w:gridBefore` and
    /// spans, covered positions "", horizontal merges recorded, vertical merges extended.
    fn end_row(&mut self) -> Result<(), String> {
        self.end_cell()?;
        let Some((grid_before, cells_in)) = self.row.take() else {
            return Ok(());
        };
        // Old-style horizontal merge: a continuing cell widens the cell before it.
        let mut cells: Vec<CellIn> = Vec::with_capacity(cells_in.len());
        for cell in cells_in {
            match cells.last_mut() {
                Some(prev) if cell.hmerge == MergeMark::Continue => {
                    prev.span = prev.span.saturating_add(cell.span);
                    if !cell.text.is_empty() {
                        prev.text.push('\n');
                        prev.text.push_str(&cell.text);
                    }
                }
                _ => cells.push(cell),
            }
        }
        let r = self.grid.rows.len();
        let width = cells
            .iter()
            .try_fold(grid_before, |w, c| w.checked_add(c.span.max(1)))
            .filter(|w| *w <= MAX_COLS)
            .ok_or_else(too_wide)?;
        let mut out: Vec<String> = vec![String::new(); width];
        let mut col = grid_before;
        for cell in cells {
            let span = cell.span.max(1);
            let (c, last) = (col, col + span - 1);
            col += span;
            let text = normalize(&cell.text);
            let open = if cell.vmerge == MergeMark::Continue {
                self.vopen.iter_mut().find(|v| v.first_col == c)
            } else {
                None
            };
            if let Some(v) = open {
                // Continuation: covered, its text (normally none) joins the top-left cell.
                v.last_row = r;
                if !text.is_empty()
                    && let Some(top) = self
                        .grid
                        .rows
                        .get_mut(v.first_row)
                        .and_then(|row| row.cells.get_mut(v.first_col))
                {
                    if !top.is_empty() {
                        top.push('\n');
                    }
                    top.push_str(&text);
                }
                continue;
            }
            if let Some(slot) = out.get_mut(c) {
                *slot = text;
            }
            if cell.vmerge == MergeMark::Restart {
                // A new merge at this column ends the one above it.
                self.close_vmerges(None, Some(c));
                self.vopen.push(VOpen {
                    first_row: r,
                    first_col: c,
                    last_col: last,
                    last_row: r,
                });
            } else if span > 1 {
                self.grid.merges.push(Merge {
                    first_row: r as u32,
                    first_col: c as u32,
                    last_row: r as u32,
                    last_col: last as u32,
                });
            }
        }
        self.push_row(out)?;
        self.close_vmerges(Some(r), None);
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Grid>, String> {
        self.flush_para()?;
        while self.tbl_depth > 0 {
            self.end_table()?;
        }
        let grid = std::mem::take(&mut self.grid);
        if !self.headed || grid.sheet.is_some() || !grid.rows.is_empty() {
            self.grids.push(grid);
        }
        Ok(self.grids)
    }
}

fn parse_document(xml: &str) -> Result<Vec<Grid>, String> {
    let mut reader = NsReader::from_str(xml);
    {
        let config = reader.config_mut();
        // `<w:tr/>`, `<w:tc/>` are rows and cells too: see them as start + end.
        config.expand_empty_elements = true;
        config.trim_text(false);
    }
    let mut w = Walker::default();
    // Depth of the subtree being skipped (0: not skipping).
    let mut skip = 0usize;
    // Inside `w:t`.
    let mut in_t = false;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| {
            unreadable(
                "word/document.xml 不是有效的 XML",
                format_args!("word/document.xml is not valid XML: {e}"),
            )
        })?;
        match event {
            Event::Eof => break,
            Event::Start(_) | Event::End(_) if skip > 0 => {
                if matches!(event, Event::Start(_)) {
                    skip += 1;
                } else {
                    skip -= 1;
                }
            }
            _ if skip > 0 => {}
            Event::Start(e) => {
                let tag = tag_of(&ns, e.local_name().as_ref());
                match tag {
                    Tag::Skip => skip = 1,
                    Tag::AlternateContent => w.alt.push(false),
                    Tag::Choice | Tag::Fallback => match w.alt.last_mut() {
                        // Take the first branch only: the Choice (always first) normally;
                        // its Fallback repeats the same text in an older form.
                        Some(taken) if !*taken => *taken = true,
                        Some(_) => skip = 1,
                        None => {}
                    },
                    Tag::P => w.para.push('\n'),
                    Tag::R => w.run_hidden = false,
                    Tag::RPr => w.in_rpr = true,
                    Tag::Vanish if w.in_rpr => w.run_hidden = on_off(&e),
                    Tag::T => in_t = true,
                    Tag::Tab if !w.run_hidden => w.para.push(' '),
                    Tag::Br if !w.run_hidden => w.para.push('\n'),
                    Tag::NoBreakHyphen if !w.run_hidden => w.para.push('-'),
                    Tag::Tbl => w.start_table()?,
                    Tag::Tr if w.tbl_depth == 1 => {
                        w.start_row()?;
                        w.in_trpr = false;
                    }
                    Tag::TrPr if w.tbl_depth == 1 => w.in_trpr = true,
                    Tag::GridBefore if w.in_trpr => {
                        if let Some((before, _)) = w.row.as_mut() {
                            *before = count_attr(&e, 0).min(MAX_COLS + 1);
                        }
                    }
                    Tag::Tc if w.tbl_depth == 1 => {
                        w.start_cell()?;
                        w.in_tcpr = false;
                    }
                    Tag::TcPr if w.tbl_depth == 1 => w.in_tcpr = true,
                    Tag::GridSpan | Tag::VMerge | Tag::HMerge if w.in_tcpr => {
                        if let Some(cell) = w.cell.as_mut() {
                            match tag {
                                Tag::GridSpan => {
                                    cell.span = count_attr(&e, 1).clamp(1, MAX_COLS + 1)
                                }
                                Tag::VMerge => cell.vmerge = merge_mark(&e),
                                _ => cell.hmerge = merge_mark(&e),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match tag_of(&ns, e.local_name().as_ref()) {
                Tag::AlternateContent => {
                    w.alt.pop();
                }
                Tag::P => {
                    w.para.push('\n');
                    w.flush_para()?;
                }
                Tag::R => w.run_hidden = false,
                Tag::RPr => w.in_rpr = false,
                Tag::T => in_t = false,
                Tag::Tbl => w.end_table()?,
                Tag::Tr if w.tbl_depth == 1 => w.end_row()?,
                Tag::TrPr => w.in_trpr = false,
                Tag::Tc if w.tbl_depth == 1 => w.end_cell()?,
                Tag::TcPr => w.in_tcpr = false,
                _ => {}
            },
            Event::Text(t) if in_t && !w.run_hidden => w.para.push_str(&t.xml10_content()),
            Event::CData(t) if in_t && !w.run_hidden => w.para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t && !w.run_hidden => {
                if let Some(c) = resolve_ref(&r) {
                    w.para.push(c);
                }
            }
            _ => {}
        }
        if w.para.len() > MAX_XML_BYTES as usize {
            // Unreachable from a bounded part; a guard against runaway growth all the same.
            return Err(unreadable("段落文字过长", "paragraph text too long"));
        }
    }
    w.finish()
}

/// `&amp;`-style and `&#...;` references inside `w:t` (the reader reports them apart from
/// the text around them).
fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
