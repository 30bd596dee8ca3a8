//! Legacy Office binary files: what an OLE2 compound file really is, and the number formats of
//! an `.xls` workbook's cells.
//!
//! calamine reads an `.xls` cell's value but not its number format, so a cell the user sees as
//! `10.00` or `86%` would read as `10` or `0.86`. This module walks the workbook's BIFF records
//! itself for the formats ([`number_formats`]); `spreadsheet::number_format` shows a number
//! under one. [`sniff_ole`] tells an `.xls` from a `.doc`, an encrypted workbook or a
//! password-protected `.xlsx` (all OLE2 files), so each gets its own message.

use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The signature every OLE2 compound file (CFB) starts with.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an OLE2 compound file holds, judged by its top-level streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OleKind {
    /// An Excel 97-2003 (or WPS `.et`, or Excel 5/95) workbook: a `Workbook` or `Book` stream.
    Xls,
    /// A Word 97-2003 `.doc` or WPS `.wps` document: a `WordDocument` stream.
    Doc,
    /// A password-protected `.xlsx`/`.docx`: the OOXML package is encrypted inside a CFB.
    EncryptedOoxml,
    /// An `.xls` whose records are encrypted (a FILEPASS record in the workbook globals).
    EncryptedXls,
    /// Anything else: the top-level entry names joined with ", " (for the message); when the
    /// directory cannot be read at all, the reader's complaint in parentheses.
    Other(String),
}

/// What kind of OLE2 file `bytes` is; `None` when it is not an OLE2 compound file at all.
pub fn sniff_ole(bytes: &[u8]) -> Option<OleKind> {
    if !bytes.starts_with(&CFB_MAGIC) {
        return None;
    }
    let mut cfb = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(cfb) => cfb,
        // The cfb crate is stricter than Excel and calamine's own CFB reader; a file it
        // refuses may still open there, so classify by the raw directory entries instead.
        Err(e) => {
            let names = raw_entry_names(bytes);
            return Some(match classify(&names) {
                Kind::Other => OleKind::Other(format!("({e})")),
                Kind::Xls(_) => OleKind::Xls,
                kind => kind.into_ole(&names),
            });
        }
    };
    let names: Vec<String> = cfb
        .read_root_storage()
        .take(MAX_ENTRIES)
        .map(|e| e.name().to_string())
        .collect();
    let kind = classify(&names);
    if let Kind::Xls(name) = &kind {
        // FILEPASS sits right after the globals' BOF, so the first MiB is plenty.
        let head = read_stream(&mut cfb, name, 1 << 20).unwrap_or_default();
        if globals_encrypted(&head) {
            return Some(OleKind::EncryptedXls);
        }
    }
    Some(kind.into_ole(&names))
}

/// At most this many directory entries are looked at (a real file has a handful).
const MAX_ENTRIES: usize = 10_000;

enum Kind {
    /// The workbook stream's actual name.
    Xls(String),
    Doc,
    EncryptedOoxml,
    Other,
}

impl Kind {
    fn into_ole(self, names: &[String]) -> OleKind {
        match self {
            Kind::Xls(_) => OleKind::Xls,
            Kind::Doc => OleKind::Doc,
            Kind::EncryptedOoxml => OleKind::EncryptedOoxml,
            Kind::Other => OleKind::Other(names.join(", ")),
        }
    }
}

/// CFB names compare case-insensitively, so `WORKBOOK` is the workbook too.
fn classify(names: &[String]) -> Kind {
    let find = |wanted: &str| names.iter().find(|n| n.eq_ignore_ascii_case(wanted));
    if find("EncryptedPackage").is_some() && find("EncryptionInfo").is_some() {
        Kind::EncryptedOoxml
    } else if let Some(n) = find("Workbook").or_else(|| find("Book")) {
        Kind::Xls(n.clone())
    } else if find("WordDocument").is_some() {
        Kind::Doc
    } else {
        Kind::Other
    }
}

/// Directory entry names found by scanning the file for 128-byte entries: entries are
/// sector-aligned past the 512-byte header, so they sit on a 128-byte grid. Only used when
/// the cfb crate refuses the file; a false hit only changes which message is shown.
fn raw_entry_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut off = 512;
    while let Some(entry) = bytes.get(off..off + 128) {
        off += 128;
        let name_len = usize::from(u16_at(entry, 64).unwrap_or(0));
        let kind = entry.get(66).copied().unwrap_or(0);
        if !(4..=64).contains(&name_len) || name_len % 2 != 0 || !(1..=2).contains(&kind) {
            continue;
        }
        let units: Vec<u16> = entry[..name_len]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        if units.last() != Some(&0) {
            continue;
        }
        let name: String = char::decode_utf16(units[..units.len() - 1].iter().copied())
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect();
        if !name.is_empty() {
            names.push(name);
            if names.len() >= MAX_ENTRIES {
                break;
            }
        }
    }
    names
}

/// A top-level stream's bytes, at most `cap` of them (a stream never outgrows its file).
fn read_stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    cap: usize,
) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    cfb.open_stream(format!("/{name}"))?
        .take(cap as u64)
        .read_to_end(&mut out)?;
    Ok(out)
}

/// Whether the workbook globals hold a FILEPASS record before the first BOUNDSHEET or EOF.
fn globals_encrypted(stream: &[u8]) -> bool {
    for r in Records::new(stream, 0) {
        match r.typ {
            FILEPASS => return true,
            BOUNDSHEET | EOF => return false,
            _ => {}
        }
    }
    false
}

// BIFF record types used here (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const CONTINUE: u16 = 0x003C;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Columns of a BIFF8 sheet (rows are a u16 and so bounded by their type: 65,536).
const MAX_COLS: u16 = 256;
/// Cells with a format kept over the whole workbook: one full BIFF8 sheet's worth.
const MAX_FORMATTED_CELLS: usize = 65_536 * 256;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One BIFF record: type, body, and the offset just past it in the stream.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    end: usize,
}

/// The records of a stream from an offset; stops at the first truncated record.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8], pos: usize) -> Self {
        Records { stream, pos }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;
    fn next(&mut self) -> Option<Record<'a>> {
        let typ = u16_at(self.stream, self.pos)?;
        let len = usize::from(u16_at(self.stream, self.pos + 2)?);
        let start = self.pos + 4;
        let data = self.stream.get(start..start + len)?;
        self.pos = start + len;
        Some(Record {
            typ,
            data,
            end: self.pos,
        })
    }
}

/// The record bodies of the CONTINUE records right after offset `pos`.
fn continues(stream: &[u8], pos: usize) -> Vec<&[u8]> {
    Records::new(stream, pos)
        .take_while(|r| r.typ == CONTINUE)
        .map(|r| r.data)
        .collect()
}

/// What the workbook globals say about formats and sheets.
struct Globals {
    /// FORMAT records: ifmt → code.
    formats: HashMap<u16, String>,
    /// XF records in order (index = XF number): their ifmt.
    xf_ifmt: Vec<u16>,
    /// BOUNDSHEET records in workbook order: stream offset of the sheet's BOF, and name.
    sheets: Vec<(usize, String)>,
}

/// One sheet's number format codes by 0-based absolute (row, col).
pub type CellFormats = HashMap<(u32, u32), String>;

/// For each sheet (by name, as calamine names it), the number format code of every numeric
/// cell (NUMBER, RK, MULRK, FORMULA) whose format is not General, keyed by its 0-based
/// absolute (row, col) as in the file (calamine's `Range::start()` plus the offset in the
/// range). Date/time codes are included: `is_date_format` tells them apart.
pub fn number_formats(bytes: &[u8]) -> Result<HashMap<String, CellFormats>, String> {
    let stream = workbook_stream(bytes)?;
    let globals = read_globals(&stream)?;
    // Each XF's code once, None for General; cells then only look it up.
    let xf_code: Vec<Option<&str>> = globals
        .xf_ifmt
        .iter()
        .map(|ifmt| {
            globals
                .formats
                .get(ifmt)
                .map(String::as_str)
                .or_else(|| builtin_format(*ifmt))
                .filter(|code| !crate::read::spreadsheet::number_format::is_general(code))
        })
        .collect();
    // Sheet substreams are disjoint, so a sound file walks its stream about once; a file
    // whose BOUNDSHEETs all point at the same huge substream is stopped here.
    let mut budget = stream.len().saturating_mul(2).saturating_add(1 << 16);
    let mut total = 0usize;
    let mut out = HashMap::new();
    for (pos, name) in &globals.sheets {
        let cells = sheet_formats(&stream, *pos, &xf_code, &mut budget, &mut total)?;
        out.insert(name.clone(), cells);
    }
    Ok(out)
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&CFB_MAGIC) {
        return Err(
            "不是 Excel 97-2003 工作簿，文件不是 OLE 复合文件 (not an .xls: not an OLE2 \
                    compound file)"
                .to_string(),
        );
    }
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        format!("无法读取 Excel 97-2003 工作簿的 OLE 目录 (not a readable OLE2 compound file: {e})")
    })?;
    let names: Vec<String> = cfb
        .read_root_storage()
        .take(MAX_ENTRIES)
        .map(|e| e.name().to_string())
        .collect();
    let Kind::Xls(name) = classify(&names) else {
        return Err(format!(
            "不是 Excel 97-2003 工作簿：没有 Workbook 流 (not an .xls: no Workbook stream; \
             entries: {})",
            names.join(", ")
        ));
    };
    read_stream(&mut cfb, &name, bytes.len())
        .map_err(|e| format!("无法读取工作簿数据流 (cannot read the Workbook stream: {e})"))
}

fn read_globals(stream: &[u8]) -> Result<Globals, String> {
    let mut records = Records::new(stream, 0);
    let biff8 = match records.next() {
        Some(r) if r.typ == BOF => match u16_at(r.data, 0) {
            Some(0x0500) => false,
            // Version 0 with the BIFF5 workbook type is how some writers mark BIFF5.
            Some(0) => u16_at(r.data, 2) != Some(0x1000),
            _ => true,
        },
        _ => {
            return Err(
                "不是 Excel 97-2003 工作簿：数据流不以 BOF 记录开头 (not an .xls: the \
                 Workbook stream does not start with a BOF record)"
                    .to_string(),
            );
        }
    };
    let mut g = Globals {
        formats: HashMap::new(),
        xf_ifmt: Vec::new(),
        sheets: Vec::new(),
    };
    // Default as calamine: UTF-16, i.e. 8-bit strings are Latin-1.
    let mut codepage = 1200u16;
    for r in records {
        match r.typ {
            FILEPASS => {
                return Err(
                    "工作簿已加密，需要密码才能打开 (the workbook is password-encrypted)"
                        .to_string(),
                );
            }
            CODEPAGE => codepage = u16_at(r.data, 0).unwrap_or(codepage),
            FORMAT => {
                let Some(ifmt) = u16_at(r.data, 0) else {
                    continue;
                };
                let code = if biff8 {
                    let mut parts = vec![r.data.get(2..).unwrap_or(&[])];
                    parts.extend(continues(stream, r.end));
                    unicode_string(&parts)
                } else {
                    byte_string(r.data.get(2..).unwrap_or(&[]), codepage)
                };
                if let Some(code) = code {
                    g.formats.insert(ifmt, code);
                }
            }
            XF if g.xf_ifmt.len() < 65_536 => {
                g.xf_ifmt.push(u16_at(r.data, 2).unwrap_or(0));
            }
            BOUNDSHEET => {
                let (Some(pos), Some(name)) = (u32_at(r.data, 0), r.data.get(6..)) else {
                    continue;
                };
                let name = if biff8 {
                    short_unicode_string(name)
                } else {
                    byte_string(name, codepage)
                };
                if let Some(mut name) = name {
                    // calamine drops NULs from sheet names; keys must match its names.
                    name.retain(|c| c != '\0');
                    if g.sheets.len() < 65_536 {
                        g.sheets.push((pos as usize, name));
                    }
                }
            }
            EOF => break,
            _ => {}
        }
    }
    Ok(g)
}

/// An `XLUnicodeString` (cch u16, flags, characters) spread over a record and its CONTINUEs:
/// each continuation starts with a fresh flags byte saying whether its characters are 8- or
/// 16-bit. `None` when the characters run out before `cch`.
fn unicode_string(parts: &[&[u8]]) -> Option<String> {
    let first = parts.first()?;
    let cch = usize::from(u16_at(first, 0)?);
    chars_across(first.get(2..)?, parts.get(1..).unwrap_or(&[]), cch)
}

/// A `ShortXLUnicodeString` (cch u8, flags, characters) in one record.
fn short_unicode_string(data: &[u8]) -> Option<String> {
    let cch = usize::from(*data.first()?);
    chars_across(data.get(1..)?, &[], cch)
}

/// `cch` characters from `first` (starting at its flags byte) and then the `rest` fragments.
fn chars_across(first: &[u8], rest: &[&[u8]], cch: usize) -> Option<String> {
    let mut out = String::new();
    let mut units: Vec<u16> = Vec::with_capacity(cch.min(8224));
    let mut frags = std::iter::once(first).chain(rest.iter().copied());
    while units.len() < cch {
        let frag = frags.next()?;
        let (&flags, chars) = frag.split_first()?;
        let want = cch - units.len();
        if flags & 1 == 0 {
            units.extend(chars.iter().take(want).map(|&b| u16::from(b)));
        } else {
            units.extend(
                chars
                    .chunks_exact(2)
                    .take(want)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
    Some(out)
}

/// A BIFF5 byte string (cch u8, bytes in the workbook's code page), decoded as calamine does.
fn byte_string(data: &[u8], codepage: u16) -> Option<String> {
    let cch = usize::from(*data.first()?);
    let bytes = data.get(1..)?;
    let bytes = bytes.get(..cch).unwrap_or(bytes);
    match codepage::to_encoding(codepage) {
        Some(enc) if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE => {
            Some(enc.decode(bytes).0.into_owned())
        }
        _ => Some(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The formats of one sheet's numeric cells, walking its substream from its BOF to its EOF
/// (skipping nested substreams such as embedded charts).
fn sheet_formats(
    stream: &[u8],
    pos: usize,
    xf_code: &[Option<&str>],
    budget: &mut usize,
    total: &mut usize,
) -> Result<CellFormats, String> {
    // Collected first so the map is allocated once at its final size.
    let mut found: Vec<(u16, u16, &str)> = Vec::new();
    let mut put = |row: u16, col: u16, ixfe: u16| -> Result<(), String> {
        // Columns past BIFF8's 256 and XFs the file does not define are not cells we know.
        if let (true, Some(Some(code))) = (col < MAX_COLS, xf_code.get(usize::from(ixfe))) {
            *total += 1;
            if *total > MAX_FORMATTED_CELLS {
                return Err(format!(
                    "工作簿过大：超过 {MAX_FORMATTED_CELLS} 个带格式的数值单元格 (the workbook \
                     has more than {MAX_FORMATTED_CELLS} formatted number cells)"
                ));
            }
            found.push((row, col, code));
        }
        Ok(())
    };
    let mut records = Records::new(stream, pos);
    match records.next() {
        Some(r) if r.typ == BOF => {}
        // A sheet whose offset points nowhere useful has no formats we can know.
        _ => return Ok(CellFormats::new()),
    }
    let mut depth = 1usize;
    for r in records {
        *budget = budget.checked_sub(r.data.len() + 4).ok_or_else(|| {
            "工作簿结构异常：工作表数据被反复引用 (malformed .xls: sheet substreams overlap)"
                .to_string()
        })?;
        match r.typ {
            BOF => depth += 1,
            EOF => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ if depth > 1 => {}
            NUMBER | RK | FORMULA => {
                if r.typ == FORMULA && !formula_is_number(r.data) {
                    continue;
                }
                if let (Some(row), Some(col), Some(ixfe)) =
                    (u16_at(r.data, 0), u16_at(r.data, 2), u16_at(r.data, 4))
                {
                    put(row, col, ixfe)?;
                }
            }
            MULRK => {
                let (Some(row), Some(first)) = (u16_at(r.data, 0), u16_at(r.data, 2)) else {
                    continue;
                };
                // row, colFirst, n × (ixfe u16, RK u32), colLast u16.
                let body = r.data.get(4..r.data.len().saturating_sub(2)).unwrap_or(&[]);
                for (i, item) in body.chunks_exact(6).enumerate() {
                    let Some(col) = u16::try_from(i).ok().and_then(|i| first.checked_add(i)) else {
                        break;
                    };
                    put(row, col, u16::from_le_bytes([item[0], item[1]]))?;
                }
            }
            _ => {}
        }
    }
    let mut cells = CellFormats::with_capacity(found.len());
    for (row, col, code) in found {
        cells.insert((u32::from(row), u32::from(col)), code.to_string());
    }
    Ok(cells)
}

/// A FORMULA's cached result is a number unless its last two bytes are 0xFFFF (then the
/// first byte says string, boolean, error or empty).
fn formula_is_number(data: &[u8]) -> bool {
    u16_at(data, 12) != Some(0xFFFF)
}

/// The built-in number formats (ifmt < 164) that a file may use without a FORMAT record.
/// 27–36 and 50–58 are the zh-CN locale's date/time formats; 5–8 and 41–44 are
/// locale-dependent currency formats that writers always spell out in FORMAT records, so
/// these fallbacks are only for files that do not.
pub(crate) fn builtin_format(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"¥\"#,##0;\"¥\"\\-#,##0",
        6 => "\"¥\"#,##0;[Red]\"¥\"\\-#,##0",
        7 => "\"¥\"#,##0.00;\"¥\"\\-#,##0.00",
        8 => "\"¥\"#,##0.00;[Red]\"¥\"\\-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "m/d/yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        27 | 36 | 50 | 52 | 57 => "yyyy\"年\"m\"月\"",
        28 | 29 | 51 | 53 | 54 | 58 => "m\"月\"d\"日\"",
        30 => "m-d-yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 => "h\"时\"mm\"分\"",
        33 => "h\"时\"mm\"分\"ss\"秒\"",
        34 | 55 => "上午/下午h\"时\"mm\"分\"",
        35 | 56 => "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
        42 => "_(\"¥\"* #,##0_);_(\"¥\"* \\(#,##0\\);_(\"¥\"* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
        44 => "_(\"¥\"* #,##0.00_);_(\"¥\"* \\(#,##0.00\\);_(\"¥\"* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
