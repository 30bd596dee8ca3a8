//! OpenDocument spreadsheet (.ods) reader: one `Grid` per `table:table`.
//!
//! Why not calamine: its ods reader gives raw values (`10`, not the `10.00` the user sees) and
//! no merged cells. An .ods stores the displayed text of every cell in its `text:p`
//! paragraphs, so that is what we read, and `table:number-*-spanned` gives the merges.
//!
//! content.xml is streamed (quick-xml, no DOM) straight out of the zip entry, so memory is the
//! grids plus one cell's text. Repeat attributes are never expanded blindly: LibreOffice ends a
//! sheet with ~1,048,000 repeated empty rows and ~16,000 repeated empty columns, so empty
//! repeats are only counted, and become rows/cells only when content follows them.

use std::fmt;
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use zip::result::ZipError;

use super::grid::{Grid, Merge, Place, Row};
use super::{Container, ReadError};

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const MIMETYPE_TEMPLATE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet-template";

const NS_OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const NS_TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const NS_TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const NS_DRAW: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";

/// The grid contract's sheet size (also Excel's and LibreOffice's largest sheet).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

/// Most spaces one `text:s` stands for: the attribute is a free number, and a hostile one
/// must not turn 20 bytes of XML into gigabytes.
const MAX_SPACES: u64 = 1024;

/// Most bytes of META-INF/manifest.xml searched for encryption (real ones are ~1 KB).
const MAX_MANIFEST: u64 = 16 << 20;

const ENCRYPTED: &str =
    "加密的表格：请先取消密码 (encrypted spreadsheet: remove the password first)";

/// Bounds that keep any input's memory and time finite; a struct so tests can shrink them.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Most bytes content.xml may unpack to.
    content: u64,
    /// Most unpacked/packed size ratio of content.xml. Real XML packs 10-50x; deflate tops
    /// out near 1032x, which only a bomb reaches.
    ratio: u64,
    /// content.xml up to this size unpacked is exempt from the ratio (cheap to read anyway).
    ratio_floor: u64,
    /// Most rows + cells + merges materialized in one file. Repeats multiply a few bytes of
    /// XML into many cells, and each costs 24-60 bytes even when empty.
    units: u64,
    /// Most bytes of cell text materialized in one file (a repeated cell copies its text).
    text: u64,
    /// Most bytes of one cell's text (`text:s` multiplies input).
    cell_text: usize,
}

const LIMITS: Limits = Limits {
    content: 512 << 20,
    ratio: 500,
    ratio_floor: 16 << 20,
    units: 1 << 24,
    text: 512 << 20,
    cell_text: 16 << 20,
};

/// Whether a zip's `mimetype` entry says OpenDocument spreadsheet (or its template, .ots),
/// so the caller can tell .ods from .odt/.docx/.xlsx zips without reading content.xml.
/// The .ods container.
pub struct Ods;

impl Container for Ods {
    fn grids(&self, name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>> {
        match grids(bytes) {
            Ok(grids) => grids.into_iter().map(Ok).collect(),
            Err(message) => vec![Err(ReadError::new(name, None, message))],
        }
    }
}

pub fn is_ods(mimetype_entry: &[u8]) -> bool {
    let m = mimetype_entry.trim_ascii();
    m == MIMETYPE || m == MIMETYPE_TEMPLATE
}

/// One grid per sheet of an .ods file, in workbook order, hidden sheets included.
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    grids_with(bytes, &LIMITS)
}

fn grids_with(bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "无法读取 ODS 表格：不是有效的 zip 压缩包 (not a readable ODS spreadsheet: not a valid zip archive: {})",
            one_line(&e.to_string())
        )
    })?;

    // The mimetype entry is optional in practice; when present it must say spreadsheet, so an
    // .odt (whose tables would otherwise read fine) is named for what it is.
    if let Ok(entry) = zip.by_name("mimetype") {
        let mut m = Vec::new();
        entry
            .take(256)
            .read_to_end(&mut m)
            .map_err(|e| unreadable("mimetype", &e))?;
        if !is_ods(&m) {
            let shown = one_line(
                &String::from_utf8_lossy(&m)
                    .chars()
                    .take(80)
                    .collect::<String>(),
            );
            return Err(format!(
                "不是 ODS 表格：mimetype 是“{shown}” (not an ODS spreadsheet: mimetype is \"{shown}\")"
            ));
        }
    }

    // An encrypted .ods has plain zip entries whose content is ciphertext; the manifest says
    // so, and saying "encrypted" beats a baffling XML error.
    if let Ok(entry) = zip.by_name("META-INF/manifest.xml") {
        let mut m = Vec::new();
        entry
            .take(MAX_MANIFEST)
            .read_to_end(&mut m)
            .map_err(|e| unreadable("META-INF/manifest.xml", &e))?;
        if m.windows(15).any(|w| w == b"encryption-data") {
            return Err(ENCRYPTED.to_string());
        }
    }

    let entry = match zip.by_name("content.xml") {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => {
            return Err(
                "无法读取 ODS 表格：缺少 content.xml (not a readable ODS spreadsheet: content.xml is missing)"
                    .to_string(),
            );
        }
        Err(ZipError::UnsupportedArchive(m)) if m == ZipError::PASSWORD_REQUIRED => {
            return Err(ENCRYPTED.to_string());
        }
        Err(e) => return Err(unreadable("content.xml", &e)),
    };

    let by_ratio = entry
        .compressed_size()
        .saturating_mul(limits.ratio)
        .max(limits.ratio_floor);
    let (cap, over) = if by_ratio < limits.content {
        (by_ratio, Over::Ratio(limits.ratio))
    } else {
        (limits.content, Over::Size(limits.content))
    };
    if entry.size() > cap {
        return Err(over.to_string());
    }
    let capped = Capped {
        inner: entry,
        left: cap,
        over,
    };
    parse(BufReader::with_capacity(64 << 10, capped), limits)
}

fn unreadable(what: &str, e: &dyn fmt::Display) -> String {
    format!(
        "无法读取 ODS 表格：{what} 解压失败 (not a readable ODS spreadsheet: cannot unpack {what}: {})",
        one_line(&e.to_string())
    )
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an element means to us, from its namespace URI and local name (prefixes are free).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Spreadsheet,
    Table,
    Row,
    Cell,
    Covered,
    /// `table:table-row-group`, `table:table-header-rows`, `table:table-rows`,
    /// `table:table-columns` and the like: their rows count like any other.
    TableOther,
    Para,
    Space,
    Tab,
    LineBreak,
    /// Content the user does not see in the cell: comments, drawings, tracked deletions.
    Hidden,
    Other,
}

fn classify(ns: ResolveResult<'_>, local: &str) -> Tag {
    let ResolveResult::Bound(ns) = ns else {
        return Tag::Other;
    };
    match (ns.0, local) {
        (NS_OFFICE, "spreadsheet") => Tag::Spreadsheet,
        (NS_OFFICE, "annotation") => Tag::Hidden,
        (NS_TABLE, "table") => Tag::Table,
        (NS_TABLE, "table-row") => Tag::Row,
        (NS_TABLE, "table-cell") => Tag::Cell,
        (NS_TABLE, "covered-table-cell") => Tag::Covered,
        (NS_TABLE, "shapes") => Tag::Hidden,
        (NS_TABLE, _) => Tag::TableOther,
        (NS_TEXT, "p" | "h") => Tag::Para,
        (NS_TEXT, "s") => Tag::Space,
        (NS_TEXT, "tab") => Tag::Tab,
        (NS_TEXT, "line-break") => Tag::LineBreak,
        (NS_TEXT, "note-body" | "tracked-changes") => Tag::Hidden,
        (NS_DRAW, _) => Tag::Hidden,
        _ => Tag::Other,
    }
}

fn parse<R: BufRead>(src: R, limits: &Limits) -> Result<Vec<Grid>, String> {
    let mut reader = NsReader::from_reader(src);
    let mut buf = Vec::new();
    let mut p = Parser::new(limits);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => return Err(xml_error(&e, reader.buffer_position())),
        };
        match event {
            Event::Start(e) => {
                let tag = tag_of(reader.resolver(), &e);
                p.start(tag, &e, reader.resolver(), false)?;
            }
            Event::Empty(e) => {
                let tag = tag_of(reader.resolver(), &e);
                p.start(tag, &e, reader.resolver(), true)?;
            }
            Event::End(e) => {
                let (ns, local) = reader.resolver().resolve_element(e.name());
                p.end(classify(ns, local.into_inner()))?;
            }
            Event::Text(t) => p.text(&t.xml10_content())?,
            Event::CData(t) => p.text(&t.xml10_content())?,
            Event::GeneralRef(r) => {
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        // No DTD entities: expanding them is how XML bombs work.
                        _ => None,
                    }
                };
                if let Some(ch) = ch {
                    p.text(ch.encode_utf8(&mut [0u8; 4]))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    p.finish()
}

fn tag_of(resolver: &NamespaceResolver, e: &BytesStart<'_>) -> Tag {
    let (ns, local) = resolver.resolve_element(e.name());
    classify(ns, local.into_inner())
}

fn xml_error(e: &quick_xml::Error, at: u64) -> String {
    if let quick_xml::Error::Io(io) = e
        && let Some(over) = io.get_ref().and_then(|i| i.downcast_ref::<Over>())
    {
        return over.to_string();
    }
    format!(
        "无法读取 ODS 表格：content.xml 不是有效的 XML (not a readable ODS spreadsheet: bad XML in content.xml at byte {at}: {})",
        one_line(&e.to_string())
    )
}

/// The values of the attributes of `e` named in `wanted` (namespace URI, local name), as
/// (index into `wanted`, value). Only wanted values are unescaped and copied.
fn attributes<'a>(
    e: &'a BytesStart<'_>,
    resolver: &'a NamespaceResolver,
    wanted: &'a [(&'a str, &'a str)],
) -> impl Iterator<Item = (usize, String)> + 'a {
    let mut attrs = e.attributes();
    // No duplicate checks: they are quadratic in the attribute count of a hostile element.
    attrs.with_checks(false);
    attrs.filter_map(move |a| {
        let a = a.ok()?;
        let (ns, local) = resolver.resolve_attribute(a.key);
        let ResolveResult::Bound(ns) = ns else {
            return None;
        };
        let local = local.into_inner();
        let i = wanted.iter().position(|(n, l)| *n == ns.0 && *l == local)?;
        let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
        Some((i, value.into_owned()))
    })
}

/// The value of one attribute of `e`.
fn attribute(
    e: &BytesStart<'_>,
    resolver: &NamespaceResolver,
    ns: &str,
    local: &str,
) -> Option<String> {
    attributes(e, resolver, &[(ns, local)])
        .next()
        .map(|(_, v)| v)
}

/// A positive count attribute (repeat, span, `text:c`): garbage or 0 means 1, and a number
/// too large for u64 saturates (the caps refuse or ignore it later).
fn count(value: &str) -> u64 {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return 1;
    }
    let n = v.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    n.max(1)
}

/// Running totals against `Limits`, over the whole file.
struct Budget {
    units: u64,
    text: u64,
    limits: Limits,
}

impl Budget {
    fn units(&mut self, n: u64) -> Result<(), String> {
        self.units = self.units.saturating_add(n);
        if self.units > self.limits.units {
            return Err(format!(
                "ODS 表格过大：展开重复的行和列后超过 {} 个单元格 (ODS spreadsheet too large: more than {} cells after expanding repeated rows and columns)",
                self.limits.units, self.limits.units
            ));
        }
        Ok(())
    }

    fn text(&mut self, n: u64) -> Result<(), String> {
        self.text = self.text.saturating_add(n);
        if self.text > self.limits.text {
            return Err(format!(
                "ODS 表格过大：展开重复的单元格后文字超过 {} MB (ODS spreadsheet too large: more than {} MB of cell text after expanding repeats)",
                self.limits.text >> 20,
                self.limits.text >> 20
            ));
        }
        Ok(())
    }
}

/// A merge as read from one row element, before we know which sheet rows it lands on.
#[derive(Debug, Clone, Copy)]
struct MergeAt {
    first_col: u32,
    last_col: u32,
    rows: u64,
}

/// Empty rows (no text) that carry merges: kept aside until content below them shows they
/// are in the middle of the sheet, or dropped with the sheet's trailing empty rows.
struct PendingMerges {
    row: u64,
    repeat: u64,
    merges: Vec<MergeAt>,
}

struct Sheet {
    name: String,
    rows: Vec<Row>,
    merges: Vec<Merge>,
    /// The sheet row the next `table:table-row` stands for (empty repeats advance it without
    /// becoming rows).
    next_row: u64,
    pending: Vec<PendingMerges>,
}

struct RowState {
    repeat: u64,
    cells: Vec<String>,
    /// The sheet column the next cell element stands for.
    next_col: u64,
    merges: Vec<MergeAt>,
}

const CELL_ATTRS: &[(&str, &str)] = &[
    (NS_TABLE, "number-columns-repeated"),
    (NS_TABLE, "number-columns-spanned"),
    (NS_TABLE, "number-rows-spanned"),
    (NS_OFFICE, "string-value"),
    (NS_OFFICE, "value"),
    (NS_OFFICE, "date-value"),
    (NS_OFFICE, "time-value"),
    (NS_OFFICE, "boolean-value"),
];

struct Cell {
    covered: bool,
    repeat: u64,
    cols: u64,
    rows: u64,
    /// `office:*-value` of the cell, shown when it has no `text:p` at all.
    value: Option<String>,
    text: String,
    had_para: bool,
    para_depth: u32,
    /// The last char pushed was collapsible white space (ODF collapses runs of it).
    last_space: bool,
}

impl Cell {
    fn new(covered: bool, e: &BytesStart<'_>, resolver: &NamespaceResolver) -> Cell {
        let mut cell = Cell {
            covered,
            repeat: 1,
            cols: 1,
            rows: 1,
            value: None,
            text: String::new(),
            had_para: false,
            para_depth: 0,
            last_space: true,
        };
        // The value shown when there is no text:p: a string value first, then a number,
        // then a date/time/boolean (the order of `CELL_ATTRS` after the first three).
        let mut rank = usize::MAX;
        for (i, value) in attributes(e, resolver, CELL_ATTRS) {
            match i {
                0 => cell.repeat = count(&value),
                1 => cell.cols = count(&value),
                2 => cell.rows = count(&value),
                _ if i < rank => {
                    rank = i;
                    cell.value = Some(value);
                }
                _ => {}
            }
        }
        cell
    }

    fn push(&mut self, s: &str, limit: usize) -> Result<(), String> {
        if self.para_depth == 0 || self.covered {
            return Ok(());
        }
        for ch in s.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r') {
                if !self.last_space {
                    self.text.push(' ');
                    self.last_space = true;
                }
            } else {
                self.text.push(ch);
                self.last_space = false;
            }
        }
        self.check(limit)
    }

    /// Characters from markup (`text:s`, `text:tab`, `text:line-break`): not collapsed.
    fn push_markup(&mut self, ch: char, n: u64, limit: usize) -> Result<(), String> {
        if self.para_depth == 0 || self.covered {
            return Ok(());
        }
        for _ in 0..n {
            self.text.push(ch);
        }
        self.last_space = ch == '\n';
        self.check(limit)
    }

    fn check(&self, limit: usize) -> Result<(), String> {
        if self.text.len() > limit {
            return Err(format!(
                "ODS 表格有单元格文字超过 {} MB (ODS spreadsheet has a cell with more than {} MB of text)",
                limit >> 20,
                limit >> 20
            ));
        }
        Ok(())
    }

    /// The text the user sees: paragraphs and line breaks become "\n", each piece trimmed,
    /// empty pieces dropped.
    fn shown(&self) -> String {
        if self.covered {
            return String::new();
        }
        if !self.had_para {
            return self.value.as_deref().unwrap_or("").trim().to_string();
        }
        let mut out = String::new();
        for piece in self
            .text
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(piece);
        }
        out
    }
}

struct Parser {
    limits: Limits,
    budget: Budget,
    grids: Vec<Grid>,
    in_spreadsheet: bool,
    saw_spreadsheet: bool,
    sheet: Option<Sheet>,
    row: Option<RowState>,
    cell: Option<Cell>,
    /// Depth inside a subtree we ignore whole (comments, drawings, misplaced elements).
    skip: u64,
}

impl Parser {
    fn new(limits: &Limits) -> Parser {
        Parser {
            limits: *limits,
            budget: Budget {
                units: 0,
                text: 0,
                limits: *limits,
            },
            grids: Vec::new(),
            in_spreadsheet: false,
            saw_spreadsheet: false,
            sheet: None,
            row: None,
            cell: None,
            skip: 0,
        }
    }

    fn start(
        &mut self,
        tag: Tag,
        e: &BytesStart<'_>,
        resolver: &NamespaceResolver,
        empty: bool,
    ) -> Result<(), String> {
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return Ok(());
        }
        let limit = self.limits.cell_text;
        if let Some(cell) = &mut self.cell {
            match tag {
                Tag::Para => {
                    cell.had_para = true;
                    if !empty {
                        // A paragraph is a line of its own.
                        cell.para_depth = cell.para_depth.saturating_add(1);
                        cell.push_markup('\n', 1, limit)?;
                    }
                }
                Tag::Space => {
                    let c = attribute(e, resolver, NS_TEXT, "c").map_or(1, |v| count(&v));
                    cell.push_markup(' ', c.min(MAX_SPACES), limit)?;
                }
                Tag::Tab => cell.push_markup(' ', 1, limit)?,
                Tag::LineBreak => cell.push_markup('\n', 1, limit)?,
                Tag::Other => {}
                _ => self.skip_subtree(empty),
            }
            return Ok(());
        }
        if self.row.is_some() {
            match tag {
                Tag::Cell | Tag::Covered => {
                    self.cell = Some(Cell::new(tag == Tag::Covered, e, resolver));
                    if empty {
                        self.end_cell()?;
                    }
                }
                _ => self.skip_subtree(empty),
            }
            return Ok(());
        }
        if self.sheet.is_some() {
            match tag {
                Tag::Row => {
                    let repeat = attribute(e, resolver, NS_TABLE, "number-rows-repeated")
                        .map_or(1, |v| count(&v));
                    self.row = Some(RowState {
                        repeat,
                        cells: Vec::new(),
                        next_col: 0,
                        merges: Vec::new(),
                    });
                    if empty {
                        self.end_row()?;
                    }
                }
                Tag::TableOther | Tag::Other => {}
                _ => self.skip_subtree(empty),
            }
            return Ok(());
        }
        match tag {
            Tag::Spreadsheet => {
                self.saw_spreadsheet = true;
                self.in_spreadsheet = !empty;
            }
            Tag::Table if self.in_spreadsheet => {
                let name = attribute(e, resolver, NS_TABLE, "name")
                    .unwrap_or_else(|| format!("Sheet{}", self.grids.len() + 1));
                self.sheet = Some(Sheet {
                    name,
                    rows: Vec::new(),
                    merges: Vec::new(),
                    next_row: 0,
                    pending: Vec::new(),
                });
                if empty {
                    self.end_sheet();
                }
            }
            Tag::Table | Tag::Row | Tag::Cell | Tag::Covered => self.skip_subtree(empty),
            _ => {}
        }
        Ok(())
    }

    fn skip_subtree(&mut self, empty: bool) {
        if !empty {
            self.skip = 1;
        }
    }

    fn end(&mut self, tag: Tag) -> Result<(), String> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        if let Some(cell) = &mut self.cell {
            match tag {
                Tag::Para => {
                    cell.push_markup('\n', 1, self.limits.cell_text)?;
                    cell.para_depth = cell.para_depth.saturating_sub(1);
                }
                Tag::Cell | Tag::Covered => self.end_cell()?,
                _ => {}
            }
            return Ok(());
        }
        match tag {
            Tag::Row if self.row.is_some() => self.end_row(),
            Tag::Table if self.row.is_none() && self.sheet.is_some() => {
                self.end_sheet();
                Ok(())
            }
            Tag::Spreadsheet if self.sheet.is_none() => {
                self.in_spreadsheet = false;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn text(&mut self, s: &str) -> Result<(), String> {
        if self.skip > 0 {
            return Ok(());
        }
        match &mut self.cell {
            Some(cell) => cell.push(s, self.limits.cell_text),
            None => Ok(()),
        }
    }

    fn end_cell(&mut self) -> Result<(), String> {
        let (Some(cell), Some(row), Some(sheet)) =
            (self.cell.take(), self.row.as_mut(), self.sheet.as_ref())
        else {
            self.cell = None;
            return Ok(());
        };
        let text = cell.shown();
        let start = row.next_col;
        let repeat = cell.repeat;
        if !text.is_empty() {
            let end = start.saturating_add(repeat);
            if end > MAX_COLS {
                return Err(format!(
                    "工作表“{}”第 {} 行超过 {MAX_COLS} 列 (sheet \"{}\" row {} has more than {MAX_COLS} columns)",
                    sheet.name,
                    sheet.next_row + 1,
                    sheet.name,
                    sheet.next_row + 1
                ));
            }
            self.budget
                .units(end.saturating_sub(row.cells.len() as u64))?;
            self.budget
                .text((text.len() as u64).saturating_mul(repeat))?;
            // `end` <= MAX_COLS, so these fit.
            row.cells.resize(start as usize, String::new());
            for _ in 1..repeat {
                row.cells.push(text.clone());
            }
            row.cells.push(text);
        }
        if !cell.covered && (cell.cols > 1 || cell.rows > 1) {
            // Each repetition of a spanning cell is its own merge, within the sheet's columns.
            let n = repeat.min(MAX_COLS.saturating_sub(start));
            self.budget.units(n)?;
            for i in 0..n {
                let c = start + i;
                row.merges.push(MergeAt {
                    first_col: c as u32,
                    last_col: c.saturating_add(cell.cols - 1).min(MAX_COLS - 1) as u32,
                    rows: cell.rows,
                });
            }
        }
        row.next_col = start.saturating_add(repeat);
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), String> {
        let (Some(mut row), Some(sheet)) = (self.row.take(), self.sheet.as_mut()) else {
            self.row = None;
            return Ok(());
        };
        let start = sheet.next_row;
        let repeat = row.repeat;
        sheet.next_row = start.saturating_add(repeat);
        while row.cells.last().is_some_and(String::is_empty) {
            row.cells.pop();
        }
        if row.cells.is_empty() {
            // Not a row of the grid unless content follows; its merges wait with it.
            if !row.merges.is_empty() && start < MAX_ROWS {
                sheet.pending.push(PendingMerges {
                    row: start,
                    repeat: repeat.min(MAX_ROWS - start),
                    merges: row.merges,
                });
            }
            return Ok(());
        }
        let end = start.saturating_add(repeat);
        if end > MAX_ROWS {
            return Err(format!(
                "工作表“{}”超过 {MAX_ROWS} 行 (sheet \"{}\" has more than {MAX_ROWS} rows)",
                sheet.name, sheet.name
            ));
        }
        // The empty rows above this one are in the middle of the sheet after all.
        self.budget
            .units(start.saturating_sub(sheet.rows.len() as u64))?;
        while (sheet.rows.len() as u64) < start {
            let r = sheet.rows.len() as u32;
            sheet.rows.push(Row {
                place: Place::Sheet(sheet.name.clone(), r),
                cells: Vec::new(),
            });
        }
        for p in std::mem::take(&mut sheet.pending) {
            for r in p.row..p.row.saturating_add(p.repeat) {
                push_merges(sheet, &mut self.budget, r, &p.merges)?;
            }
        }
        let text_len: u64 = row.cells.iter().map(|c| c.len() as u64).sum();
        self.budget
            .units(repeat.saturating_mul(1 + row.cells.len() as u64))?;
        self.budget.text(repeat.saturating_mul(text_len))?;
        for r in start..end {
            sheet.rows.push(Row {
                place: Place::Sheet(sheet.name.clone(), r as u32),
                cells: if r + 1 == end {
                    std::mem::take(&mut row.cells)
                } else {
                    row.cells.clone()
                },
            });
            push_merges(sheet, &mut self.budget, r, &row.merges)?;
        }
        Ok(())
    }

    fn end_sheet(&mut self) {
        let Some(mut sheet) = self.sheet.take() else {
            return;
        };
        // Merges reaching into the trimmed trailing rows end at the last row; those starting
        // there are gone with them.
        let n = sheet.rows.len() as u64;
        sheet.merges.retain_mut(|m| {
            if u64::from(m.first_row) >= n {
                return false;
            }
            m.last_row = m.last_row.min(n.saturating_sub(1) as u32);
            m.last_row > m.first_row || m.last_col > m.first_col
        });
        self.grids.push(Grid {
            sheet: Some(sheet.name),
            rows: sheet.rows,
            merges: sheet.merges,
        });
    }

    fn finish(self) -> Result<Vec<Grid>, String> {
        if self.sheet.is_some() {
            return Err(
                "无法读取 ODS 表格：content.xml 不完整 (not a readable ODS spreadsheet: content.xml is truncated)"
                    .to_string(),
            );
        }
        if !self.saw_spreadsheet {
            return Err(
                "不是 ODS 表格：content.xml 里没有电子表格 (not an ODS spreadsheet: content.xml has no office:spreadsheet)"
                    .to_string(),
            );
        }
        Ok(self.grids)
    }
}

fn push_merges(
    sheet: &mut Sheet,
    budget: &mut Budget,
    row: u64,
    merges: &[MergeAt],
) -> Result<(), String> {
    budget.units(merges.len() as u64)?;
    for m in merges {
        sheet.merges.push(Merge {
            first_row: row as u32,
            first_col: m.first_col,
            last_row: row.saturating_add(m.rows - 1).min(MAX_ROWS - 1) as u32,
            last_col: m.last_col,
        });
    }
    Ok(())
}

mod capped;

use capped::{Capped, Over};

#[cfg(test)]
mod tests;
