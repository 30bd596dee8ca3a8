//! CMap programs: the `/ToUnicode` maps (character code → text) and embedded encoding CMaps
//! (character code → CID) of PDF fonts. Written here rather than taken from lopdf because
//! lopdf keeps its parser private and we need both kinds, per-code lookups and hard caps.

use std::collections::HashMap;

/// Most entries one CMap may define; real ToUnicode maps of a font subset have a few thousand.
const MAX_ENTRIES: usize = 200_000;

/// One codespace range: codes of `len` bytes whose every byte lies between the
/// corresponding bytes of `lo` and `hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    pub len: u8,
    pub lo: u32,
    pub hi: u32,
}

impl Space {
    /// Whether the first `len` bytes of `bytes` fall in this range, byte by byte.
    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        if bytes.len() < n {
            return false;
        }
        (0..n).all(|i| {
            let shift = 8 * (n - 1 - i) as u32;
            let b = bytes.get(i).copied().unwrap_or(0) as u32;
            ((self.lo >> shift) & 0xFF) <= b && b <= ((self.hi >> shift) & 0xFF)
        })
    }
}

/// Splits the next character code off `bytes` by the codespace ranges, as the PDF spec
/// says: the shortest code length whose range matches. Without a match, the shortest length
/// of any range (or `default_len`) is taken so decoding always moves forward.
pub fn next_code(spaces: &[Space], default_len: usize, bytes: &[u8]) -> (u32, usize) {
    let mut best = None;
    for len in 1..=4u8 {
        if spaces.iter().any(|s| s.len == len && s.matches(bytes)) {
            best = Some(usize::from(len));
            break;
        }
    }
    let len = best
        .or_else(|| spaces.iter().map(|s| usize::from(s.len)).min())
        .unwrap_or(default_len)
        .clamp(1, 4)
        .min(bytes.len().max(1));
    let code = bytes
        .iter()
        .take(len)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    (code, len)
}

/// What a `bfrange` maps to: consecutive text from a start value, or one text per code.
#[derive(Debug, Clone)]
enum RangeText {
    /// UTF-16 units of the first code's text; later codes add to the last unit.
    From(Vec<u16>),
    /// One text per code, in order.
    Each(Vec<String>),
}

#[derive(Debug, Clone)]
struct TextRange {
    len: u8,
    lo: u32,
    hi: u32,
    text: RangeText,
}

#[derive(Debug, Clone, Copy)]
struct CidRange {
    len: u8,
    lo: u32,
    hi: u32,
    cid: u32,
}

/// A parsed CMap: codespace, code→text entries (ToUnicode) and code→CID entries (encoding).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    pub spaces: Vec<Space>,
    text_chars: HashMap<(u8, u32), String>,
    text_ranges: Vec<TextRange>,
    cid_chars: HashMap<(u8, u32), u32>,
    cid_ranges: Vec<CidRange>,
    /// `/Name usecmap`: the predefined CMap this one builds on (e.g. `Identity-H`).
    pub uses: Option<Vec<u8>>,
}

impl CMap {
    /// The text of one code, if the map has it.
    pub fn text(&self, code: u32, len: usize) -> Option<String> {
        let len = u8::try_from(len).ok()?;
        if let Some(s) = self.text_chars.get(&(len, code)) {
            return Some(s.clone());
        }
        let r = find_range(&self.text_ranges, len, code, |r| (r.len, r.lo, r.hi))?;
        let off = code - r.lo;
        match &r.text {
            RangeText::From(units) => {
                let mut units = units.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add(off as u16);
                }
                Some(String::from_utf16_lossy(&units))
            }
            RangeText::Each(list) => list.get(off as usize).cloned(),
        }
    }

    /// The CID of one code, if the map has it.
    pub fn cid(&self, code: u32, len: usize) -> Option<u32> {
        let len = u8::try_from(len).ok()?;
        if let Some(c) = self.cid_chars.get(&(len, code)) {
            return Some(*c);
        }
        let r = find_range(&self.cid_ranges, len, code, |r| (r.len, r.lo, r.hi))?;
        Some(r.cid.saturating_add(code - r.lo))
    }

    /// Whether the map defines any text at all (an empty ToUnicode is worth ignoring).
    pub fn has_text(&self) -> bool {
        !self.text_chars.is_empty() || !self.text_ranges.is_empty()
    }

    fn entries(&self) -> usize {
        self.text_chars.len()
            + self.text_ranges.len()
            + self.cid_chars.len()
            + self.cid_ranges.len()
    }
}

/// Binary search over ranges sorted by (len, lo): the last range starting at or before `code`.
fn find_range<T>(
    ranges: &[T],
    len: u8,
    code: u32,
    key: impl Fn(&T) -> (u8, u32, u32),
) -> Option<&T> {
    let idx = ranges.partition_point(|r| {
        let (l, lo, _) = key(r);
        (l, lo) <= (len, code)
    });
    let r = ranges.get(idx.checked_sub(1)?)?;
    let (l, lo, hi) = key(r);
    (l == len && lo <= code && code <= hi).then_some(r)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Num(f64),
    Word(Vec<u8>),
    Open,
    Close,
}

/// A forgiving tokenizer for the small PostScript subset CMaps use.
struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl Lexer<'_> {
    fn byte(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next_tok(&mut self) -> Option<Tok> {
        loop {
            let b = self.byte()?;
            if b.is_ascii_whitespace() || b == 0 {
                self.i += 1;
            } else if b == b'%' {
                while let Some(c) = self.byte() {
                    self.i += 1;
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        let b = self.byte()?;
        self.i += 1;
        Some(match b {
            b'<' if self.byte() == Some(b'<') => {
                self.i += 1;
                Tok::Word(b"<<".to_vec())
            }
            b'>' if self.byte() == Some(b'>') => {
                self.i += 1;
                Tok::Word(b">>".to_vec())
            }
            b'<' => {
                let mut digits = Vec::new();
                while let Some(c) = self.byte() {
                    self.i += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(d) = (c as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                Tok::Hex(
                    digits
                        .chunks(2)
                        .map(|p| p.iter().fold(0u8, |a, &d| (a << 4) | d))
                        .collect(),
                )
            }
            b'(' => {
                let mut out = Vec::new();
                let mut depth = 1usize;
                while let Some(c) = self.byte() {
                    self.i += 1;
                    match c {
                        b'\\' => {
                            if let Some(e) = self.byte() {
                                self.i += 1;
                                out.push(match e {
                                    b'n' => b'\n',
                                    b'r' => b'\r',
                                    b't' => b'\t',
                                    other => other,
                                });
                            }
                        }
                        b'(' => {
                            depth += 1;
                            out.push(c);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
                Tok::Str(out)
            }
            b'[' => Tok::Open,
            b']' => Tok::Close,
            b'/' => Tok::Name(self.regular()),
            _ => {
                self.i -= 1;
                let w = self.regular();
                if w.is_empty() {
                    // A stray delimiter such as `)` or `{`: skip it.
                    self.i += 1;
                    return Some(Tok::Word(Vec::new()));
                }
                match std::str::from_utf8(&w)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok())
                {
                    Some(n) => Tok::Num(n),
                    None => Tok::Word(w),
                }
            }
        })
    }

    fn regular(&mut self) -> Vec<u8> {
        let start = self.i;
        while let Some(c) = self.byte() {
            if c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c) || c == 0 {
                break;
            }
            self.i += 1;
        }
        self.s.get(start..self.i).unwrap_or_default().to_vec()
    }
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let code = bytes.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
    Some((bytes.len() as u8, code))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| match p {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

/// Parses a CMap program. Never fails: whatever could be read is kept.
pub fn parse(data: &[u8]) -> CMap {
    let mut lx = Lexer { s: data, i: 0 };
    let mut map = CMap::default();
    // Operands seen since the last keyword, and the section we are in.
    let mut ops: Vec<Tok> = Vec::new();
    let mut section: &[u8] = b"";
    while let Some(tok) = lx.next_tok() {
        if map.entries() >= MAX_ENTRIES {
            break;
        }
        match tok {
            Tok::Word(w) => {
                match w.as_slice() {
                    b"begincodespacerange"
                    | b"beginbfchar"
                    | b"beginbfrange"
                    | b"begincidchar"
                    | b"begincidrange"
                    | b"beginnotdefrange"
                    | b"beginnotdefchar" => {
                        section = match w.as_slice() {
                            b"begincodespacerange" => b"space",
                            b"beginbfchar" => b"bfchar",
                            b"beginbfrange" => b"bfrange",
                            b"begincidchar" => b"cidchar",
                            b"begincidrange" => b"cidrange",
                            _ => b"skip",
                        };
                    }
                    b"usecmap" => {
                        if let Some(Tok::Name(n)) = ops.last() {
                            map.uses = Some(n.clone());
                        }
                    }
                    w if w.starts_with(b"end") => section = b"",
                    _ => {}
                }
                ops.clear();
            }
            Tok::Open => {
                // Arrays only occur as the target of a bfrange: read it whole.
                let mut items = Vec::new();
                while let Some(t) = lx.next_tok() {
                    match t {
                        Tok::Close => break,
                        Tok::Hex(h) | Tok::Str(h) if items.len() < 65_536 => {
                            items.push(String::from_utf16_lossy(&utf16_units(&h)));
                        }
                        _ => {}
                    }
                }
                ops.push(Tok::Open);
                if section == b"bfrange" {
                    if let [Tok::Hex(lo), Tok::Hex(hi), Tok::Open] = ops.as_slice() {
                        add_text_range(&mut map, lo, hi, RangeText::Each(items));
                    }
                    ops.clear();
                }
            }
            Tok::Close => ops.clear(),
            other => {
                ops.push(other);
                take_entry(&mut map, section, &mut ops);
                if ops.len() > 3 {
                    ops.remove(0);
                }
            }
        }
    }
    map.text_ranges.sort_by_key(|r| (r.len, r.lo));
    map.cid_ranges.sort_by_key(|r| (r.len, r.lo));
    map
}

/// Completes one entry of the current section once it has all its operands.
fn take_entry(map: &mut CMap, section: &[u8], ops: &mut Vec<Tok>) {
    match (section, ops.as_slice()) {
        (b"space", [Tok::Hex(lo), Tok::Hex(hi)]) => {
            if let (Some((len, lo)), Some((len2, hi))) = (code_of(lo), code_of(hi))
                && len == len2
                && map.spaces.len() < 256
            {
                map.spaces.push(Space { len, lo, hi });
            }
            ops.clear();
        }
        (b"bfchar", [Tok::Hex(src), dst]) => {
            let text = match dst {
                Tok::Hex(h) | Tok::Str(h) => Some(String::from_utf16_lossy(&utf16_units(h))),
                Tok::Name(n) => super::fonts::glyph_name_text(n),
                _ => None,
            };
            if let (Some(key), Some(text)) = (code_of(src), text) {
                map.text_chars.insert(key, text);
            }
            ops.clear();
        }
        (b"bfrange", [Tok::Hex(lo), Tok::Hex(hi), Tok::Hex(dst)]) => {
            let units = utf16_units(dst);
            add_text_range(map, &lo.clone(), &hi.clone(), RangeText::From(units));
            ops.clear();
        }
        (b"cidchar", [Tok::Hex(src), Tok::Num(cid)]) => {
            if let Some(key) = code_of(src) {
                map.cid_chars.insert(key, num_u32(*cid));
            }
            ops.clear();
        }
        (b"cidrange", [Tok::Hex(lo), Tok::Hex(hi), Tok::Num(cid)]) => {
            if let (Some((len, lo)), Some((len2, hi))) = (code_of(lo), code_of(hi))
                && len == len2
                && lo <= hi
            {
                map.cid_ranges.push(CidRange {
                    len,
                    lo,
                    hi,
                    cid: num_u32(*cid),
                });
            }
            ops.clear();
        }
        (b"", _) | (b"skip", _) => {}
        _ => {}
    }
}

fn num_u32(n: f64) -> u32 {
    if n.is_finite() && n >= 0.0 {
        n.min(u32::MAX as f64) as u32
    } else {
        0
    }
}

fn add_text_range(map: &mut CMap, lo: &[u8], hi: &[u8], text: RangeText) {
    if let (Some((len, lo)), Some((len2, hi))) = (code_of(lo), code_of(hi))
        && len == len2
        && lo <= hi
    {
        map.text_ranges.push(TextRange { len, lo, hi, text });
    }
}
