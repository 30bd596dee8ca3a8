//! PDF fonts as far as text extraction needs them: how a shown string splits into character
//! codes, what text each code stands for, and how far each glyph advances (its width), so
//! every glyph gets a position. Glyph outlines are never read.

use super::cmap::{self, CMap, Space};
use lopdf::{Dictionary, Document, Object};

/// Most width entries read from one font's `/W` array (a CJK font has ~30,000 glyphs).
const MAX_WIDTH_ENTRIES: usize = 100_000;
/// Bytes one ToUnicode/encoding CMap stream may decompress to.
const MAX_CMAP_BYTES: usize = 16 * 1024 * 1024;

/// One decoded character code.
#[derive(Debug, Clone)]
pub struct Code {
    /// The text the code stands for (may be empty, may be several chars for a ligature).
    pub text: String,
    /// Horizontal advance in text space for a font size of 1.
    pub width: f64,
    /// Single-byte code 32, to which word spacing (`Tw`) applies.
    pub word_space: bool,
}

/// How to turn codes into text when the font has no usable ToUnicode map.
#[derive(Debug, Clone)]
enum Fallback {
    /// Simple font: one text per byte value, from its encoding and `/Differences`.
    Table(Vec<String>),
    /// Composite font whose predefined CMap is Unicode (UCS-2/UTF-16 code units).
    Utf16,
    /// Composite font with a legacy CJK CMap (GBK, Big5, Shift-JIS, EUC-KR): the codes are
    /// that encoding's bytes.
    Legacy(&'static encoding_rs::Encoding),
    /// Nothing known: each code becomes U+FFFD, still a glyph with a position.
    Unknown,
}

/// A loaded font.
#[derive(Debug, Clone)]
pub struct Font {
    composite: bool,
    spaces: Vec<Space>,
    to_unicode: Option<CMap>,
    /// Embedded encoding CMap of a composite font (code → CID).
    encoding: Option<CMap>,
    /// Composite font whose CMap is Identity: CID = code.
    identity: bool,
    fallback: Fallback,
    /// Simple fonts: width per byte value (text space, size 1).
    widths: Vec<f64>,
    /// Composite fonts: (first CID, last CID, widths or one width) sorted by first CID.
    cid_widths: Vec<(u32, u32, CidWidth)>,
    default_width: f64,
    /// Height of the glyphs' middle above the baseline (text space, size 1).
    pub vcentre: f64,
}

#[derive(Debug, Clone)]
enum CidWidth {
    Each(Vec<f64>),
    Same(f64),
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, dict.get(key).ok()?)
}

fn num(o: &Object) -> Option<f64> {
    o.as_float().ok().map(f64::from).filter(|v| v.is_finite())
}

fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(num)
}

/// Decompresses a stream within the CMap budget; `None` when damaged or too large.
fn stream_bytes(doc: &Document, obj: &Object, budget: &mut usize) -> Option<Vec<u8>> {
    let s = deref(doc, obj)?.as_stream().ok()?;
    let bytes = s
        .decompressed_content_with_limit(MAX_CMAP_BYTES.min(*budget))
        .ok()?;
    *budget = budget.saturating_sub(bytes.len());
    Some(bytes)
}

impl Font {
    /// Reads a font dictionary. Never fails: missing pieces get defaults, so text in a font
    /// we half understand still has positions.
    /// CMap streams are charged to `budget` (the document's decompression allowance).
    pub fn load(doc: &Document, dict: &Dictionary, budget: &mut usize) -> Font {
        let subtype = get(doc, dict, b"Subtype")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b"");
        let to_unicode = get(doc, dict, b"ToUnicode")
            .and_then(|o| stream_bytes(doc, o, budget))
            .map(|b| cmap::parse(&b))
            .filter(CMap::has_text);
        if subtype == b"Type0" {
            Self::load_composite(doc, dict, to_unicode, budget)
        } else {
            Self::load_simple(doc, dict, subtype == b"Type3", to_unicode)
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        type3: bool,
        to_unicode: Option<CMap>,
    ) -> Font {
        // Type 3 glyph space maps to text space by /FontMatrix; other fonts by 1/1000.
        let matrix: Vec<f64> = if type3 {
            get(doc, dict, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .map(|a| {
                    a.iter()
                        .filter_map(|o| deref(doc, o).and_then(num))
                        .collect()
                })
                .filter(|m: &Vec<f64>| m.len() == 6)
                .unwrap_or_else(|| vec![0.001, 0.0, 0.0, 0.001, 0.0, 0.0])
        } else {
            vec![0.001, 0.0, 0.0, 0.001, 0.0, 0.0]
        };
        let sx = matrix.first().copied().unwrap_or(0.001);
        let sy = matrix.get(3).copied().unwrap_or(0.001);
        let descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        let missing = descriptor.and_then(|d| get_num(doc, d, b"MissingWidth"));
        let first = get_num(doc, dict, b"FirstChar")
            .unwrap_or(0.0)
            .clamp(0.0, 255.0) as usize;
        let mut widths = vec![missing.map(|w| w * sx).unwrap_or(f64::NAN); 256];
        if let Some(arr) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
            for (i, w) in arr.iter().take(256).enumerate() {
                if let (Some(slot), Some(w)) =
                    (widths.get_mut(first + i), deref(doc, w).and_then(num))
                {
                    *slot = w * sx;
                }
            }
        }
        let vcentre = if type3 {
            get(doc, dict, b"FontBBox")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| {
                    let y0 = a.get(1).and_then(|o| deref(doc, o)).and_then(num)?;
                    let y1 = a.get(3).and_then(|o| deref(doc, o)).and_then(num)?;
                    (y0 != y1).then_some((y0 + y1) / 2.0 * sy)
                })
                .unwrap_or(0.35 * sy.signum())
        } else {
            vcentre_of(doc, descriptor)
        };
        Font {
            composite: false,
            spaces: Vec::new(),
            to_unicode,
            encoding: None,
            identity: false,
            fallback: Fallback::Table(simple_table(doc, dict)),
            widths,
            cid_widths: Vec::new(),
            default_width: f64::NAN,
            vcentre,
        }
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
        budget: &mut usize,
    ) -> Font {
        let two = vec![Space {
            len: 2,
            lo: 0,
            hi: 0xFFFF,
        }];
        let (mut spaces, mut identity, mut fallback, mut encoding) =
            (two.clone(), false, Fallback::Unknown, None);
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => (spaces, identity, fallback) = predefined(name),
            Some(obj @ Object::Stream(_)) => {
                let map = stream_bytes(doc, obj, budget)
                    .map(|b| cmap::parse(&b))
                    .unwrap_or_default();
                if !map.spaces.is_empty() {
                    spaces = map.spaces.clone();
                } else if let Some(name) = &map.uses {
                    (spaces, identity, fallback) = predefined(name);
                }
                identity = identity
                    || map
                        .uses
                        .as_deref()
                        .is_some_and(|u| u.starts_with(b"Identity"));
                encoding = Some(map);
            }
            _ => identity = true,
        }
        let descendant = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let default_width = descendant
            .and_then(|d| get_num(doc, d, b"DW"))
            .unwrap_or(1000.0)
            / 1000.0;
        let cid_widths = descendant
            .and_then(|d| get(doc, d, b"W"))
            .and_then(|o| o.as_array().ok())
            .map(|w| cid_widths(doc, w))
            .unwrap_or_default();
        let descriptor = descendant
            .and_then(|d| get(doc, d, b"FontDescriptor"))
            .and_then(|o| o.as_dict().ok());
        Font {
            composite: true,
            spaces,
            to_unicode,
            encoding,
            identity,
            fallback,
            widths: Vec::new(),
            cid_widths,
            default_width,
            vcentre: vcentre_of(doc, descriptor),
        }
    }

    /// Splits a shown string into codes with their text and width.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Code>) {
        let mut rest = bytes;
        while let Some(&byte) = rest.first() {
            let (code, len) = if self.composite {
                cmap::next_code(&self.spaces, 2, rest)
            } else {
                (u32::from(byte), 1)
            };
            let (piece, tail) = rest.split_at(len.min(rest.len()));
            rest = tail;
            let text = self.text(code, len, piece);
            let width = self.width(code, len, &text);
            out.push(Code {
                text,
                width,
                word_space: len == 1 && code == 32,
            });
        }
    }

    fn text(&self, code: u32, len: usize, bytes: &[u8]) -> String {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.text(code, len)) {
            return clean(&t);
        }
        let t = match &self.fallback {
            Fallback::Table(table) => table.get(code as usize).cloned().unwrap_or_default(),
            Fallback::Utf16 => String::from_utf16_lossy(
                &bytes
                    .chunks(2)
                    .map(|p| match p {
                        [a, b] => u16::from_be_bytes([*a, *b]),
                        [a] => u16::from(*a),
                        _ => 0,
                    })
                    .collect::<Vec<_>>(),
            ),
            Fallback::Legacy(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
            Fallback::Unknown => "\u{FFFD}".to_string(),
        };
        clean(&t)
    }

    fn width(&self, code: u32, len: usize, text: &str) -> f64 {
        let w = if self.composite {
            let cid = if self.identity {
                Some(code)
            } else {
                self.encoding.as_ref().and_then(|m| m.cid(code, len))
            };
            match cid {
                Some(cid) => self.cid_width(cid),
                // A predefined legacy CMap: CIDs unknown, so guess by code length.
                None if len == 1 => 0.5,
                None => self.default_width,
            }
        } else {
            self.widths.get(code as usize).copied().unwrap_or(f64::NAN)
        };
        if w.is_finite() { w } else { guess_width(text) }
    }

    fn cid_width(&self, cid: u32) -> f64 {
        let idx = self.cid_widths.partition_point(|(lo, _, _)| *lo <= cid);
        match idx.checked_sub(1).and_then(|i| self.cid_widths.get(i)) {
            Some((lo, hi, w)) if cid <= *hi => match w {
                CidWidth::Same(w) => *w,
                CidWidth::Each(list) => list
                    .get((cid - lo) as usize)
                    .copied()
                    .unwrap_or(self.default_width),
            },
            _ => self.default_width,
        }
    }
}

/// Width for a glyph whose font gives none (standard 14 fonts): full width for CJK.
fn guess_width(text: &str) -> f64 {
    match text.chars().next() {
        Some(c) if super::text::is_cjk(c) => 1.0,
        Some(' ') => 0.25,
        _ => 0.55,
    }
}

/// Middle of the glyphs from the font descriptor's ascent and descent.
fn vcentre_of(doc: &Document, descriptor: Option<&Dictionary>) -> f64 {
    let asc = descriptor
        .and_then(|d| get_num(doc, d, b"Ascent"))
        .unwrap_or(800.0);
    let desc = descriptor
        .and_then(|d| get_num(doc, d, b"Descent"))
        .unwrap_or(-200.0);
    let mid = (asc + desc.min(0.0)) / 2000.0;
    if (0.1..=0.7).contains(&mid) {
        mid
    } else {
        0.35
    }
}

/// Drops control characters a ToUnicode map may give (`\0` for unmapped glyphs) and turns
/// no-break spaces into spaces.
fn clean(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .map(|c| if c == '\u{A0}' || c == '\t' { ' ' } else { c })
        .collect()
}

/// Code splitting and text fallback for a predefined CMap name.
fn predefined(name: &[u8]) -> (Vec<Space>, bool, Fallback) {
    let s = |len, lo, hi| Space { len, lo, hi };
    let n = String::from_utf8_lossy(name);
    if n.starts_with("Identity") {
        return (vec![s(2, 0, 0xFFFF)], true, Fallback::Unknown);
    }
    if n.starts_with("Uni") && (n.contains("UCS2") || n.contains("UTF16")) {
        // UTF-16: surrogate pairs are 4-byte codes, everything else 2 bytes.
        let spaces = vec![
            s(2, 0, 0xD7FF),
            s(2, 0xE000, 0xFFFF),
            s(4, 0xD800_DC00, 0xDBFF_DFFF),
        ];
        return (spaces, false, Fallback::Utf16);
    }
    let one_two = |hi1: u32, lo2: u32| vec![s(1, 0, hi1), s(2, lo2, 0xFEFE)];
    if n.starts_with("GB") {
        return (
            one_two(0x80, 0x8140),
            false,
            Fallback::Legacy(encoding_rs::GB18030),
        );
    }
    if n.contains("B5") || n.starts_with("CNS") {
        return (
            one_two(0x80, 0x8140),
            false,
            Fallback::Legacy(encoding_rs::BIG5),
        );
    }
    if n.contains("RKSJ") {
        let spaces = vec![
            s(1, 0, 0x80),
            s(1, 0xA0, 0xDF),
            s(2, 0x8140, 0x9FFC),
            s(2, 0xE040, 0xFCFC),
        ];
        return (spaces, false, Fallback::Legacy(encoding_rs::SHIFT_JIS));
    }
    if n.starts_with("KSC") {
        return (
            one_two(0x80, 0x8141),
            false,
            Fallback::Legacy(encoding_rs::EUC_KR),
        );
    }
    (vec![s(2, 0, 0xFFFF)], false, Fallback::Unknown)
}

/// Reads a CIDFont `/W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, u32, CidWidth)> {
    let mut out = Vec::new();
    let mut entries = 0usize;
    let mut i = 0;
    let to_cid = |o: Option<&Object>| {
        o.and_then(|o| deref(doc, o))
            .and_then(num)
            .filter(|v| *v >= 0.0 && *v < 4.0e9)
            .map(|v| v as u32)
    };
    while i < w.len() && entries < MAX_WIDTH_ENTRIES {
        let Some(first) = to_cid(w.get(i)) else { break };
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                let ws: Vec<f64> = list
                    .iter()
                    .take(MAX_WIDTH_ENTRIES - entries)
                    .map(|o| deref(doc, o).and_then(num).unwrap_or(1000.0) / 1000.0)
                    .collect();
                entries += ws.len().max(1);
                if !ws.is_empty() {
                    let last = first.saturating_add(ws.len() as u32 - 1);
                    out.push((first, last, CidWidth::Each(ws)));
                }
                i += 2;
            }
            Some(_) => {
                let last = to_cid(w.get(i + 1)).unwrap_or(first);
                let width = w
                    .get(i + 2)
                    .and_then(|o| deref(doc, o))
                    .and_then(num)
                    .unwrap_or(1000.0)
                    / 1000.0;
                if last >= first {
                    out.push((first, last, CidWidth::Same(width)));
                }
                entries += 1;
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|(lo, _, _)| *lo);
    out
}

/// The byte → text table of a simple font: base encoding, then `/Differences`.
fn simple_table(doc: &Document, dict: &Dictionary) -> Vec<String> {
    let enc = get(doc, dict, b"Encoding");
    let base_name: &[u8] = match enc {
        Some(Object::Name(n)) => n,
        Some(Object::Dictionary(d)) => get(doc, d, b"BaseEncoding")
            .and_then(|o| o.as_name().ok())
            .unwrap_or(b""),
        _ => b"",
    };
    let base: &'static encoding_rs::Encoding = match base_name {
        b"MacRomanEncoding" => encoding_rs::MACINTOSH,
        _ => encoding_rs::WINDOWS_1252,
    };
    let mut table: Vec<String> = (0..=255u8)
        .map(|b| {
            if b < 0x20 {
                return String::new();
            }
            // StandardEncoding (the default) differs from WinAnsi mainly in its quotes.
            match (base_name, b) {
                (b"WinAnsiEncoding" | b"MacRomanEncoding", _) => {}
                (_, b'\'') => return "\u{2019}".to_string(),
                (_, b'`') => return "\u{2018}".to_string(),
                _ => {}
            }
            base.decode_without_bom_handling(&[b]).0.into_owned()
        })
        .collect();
    if let Some(Object::Dictionary(d)) = enc
        && let Some(diffs) = get(doc, d, b"Differences").and_then(|o| o.as_array().ok())
    {
        let mut code: i64 = 0;
        for item in diffs.iter().take(4096) {
            match deref(doc, item) {
                Some(Object::Integer(n)) => code = *n,
                Some(Object::Name(name)) => {
                    if let Some(slot) = usize::try_from(code).ok().and_then(|c| table.get_mut(c)) {
                        *slot = glyph_name_text(name).unwrap_or_default();
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Common Adobe glyph names; letters and `uniXXXX`/`uXXXX` are handled by rule.
const GLYPH_NAMES: &[(&str, &str)] = &[
    ("space", " "),
    ("exclam", "!"),
    ("quotedbl", "\""),
    ("numbersign", "#"),
    ("dollar", "$"),
    ("percent", "%"),
    ("ampersand", "&"),
    ("quotesingle", "'"),
    ("quoteright", "\u{2019}"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("asterisk", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("hyphen", "-"),
    ("period", "."),
    ("slash", "/"),
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("colon", ":"),
    ("semicolon", ";"),
    ("less", "<"),
    ("equal", "="),
    ("greater", ">"),
    ("question", "?"),
    ("at", "@"),
    ("bracketleft", "["),
    ("backslash", "\\"),
    ("bracketright", "]"),
    ("asciicircum", "^"),
    ("underscore", "_"),
    ("grave", "`"),
    ("quoteleft", "\u{2018}"),
    ("braceleft", "{"),
    ("bar", "|"),
    ("braceright", "}"),
    ("asciitilde", "~"),
    ("quotedblleft", "\u{201C}"),
    ("quotedblright", "\u{201D}"),
    ("endash", "\u{2013}"),
    ("emdash", "\u{2014}"),
    ("bullet", "\u{2022}"),
    ("ellipsis", "\u{2026}"),
    ("periodcentered", "\u{B7}"),
    ("degree", "\u{B0}"),
    ("multiply", "\u{D7}"),
    ("divide", "\u{F7}"),
    ("plusminus", "\u{B1}"),
    ("yen", "\u{A5}"),
    ("sterling", "\u{A3}"),
    ("cent", "\u{A2}"),
    ("section", "\u{A7}"),
    ("copyright", "\u{A9}"),
    ("registered", "\u{AE}"),
    ("trademark", "\u{2122}"),
    ("fi", "fi"),
    ("fl", "fl"),
    ("minus", "\u{2212}"),
    ("nbspace", " "),
    ("uni00A0", " "),
    ("Euro", "\u{20AC}"),
    ("perthousand", "\u{2030}"),
    ("dagger", "\u{2020}"),
    ("quotesinglbase", "\u{201A}"),
    ("quotedblbase", "\u{201E}"),
    ("guillemotleft", "\u{AB}"),
    ("guillemotright", "\u{BB}"),
];

/// Text of a glyph name (`/A`, `/space`, `/uni4E2D`, `/u1F600`, `/f_i`, `/a.sc`).
pub fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if base.contains('_') {
        let parts: Option<String> = base
            .split('_')
            .map(|p| glyph_name_text(p.as_bytes()))
            .collect();
        return parts;
    }
    if let Some((_, t)) = GLYPH_NAMES.iter().find(|(n, _)| *n == base) {
        return Some((*t).to_string());
    }
    if base.len() == 1 && base.is_ascii() {
        return Some(base.to_string());
    }
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = base.strip_prefix("uni")
        && h.len() >= 4
        && h.len() % 4 == 0
        && h.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..h.len() / 4)
            .filter_map(|i| {
                h.get(i * 4..i * 4 + 4)
                    .and_then(|p| u16::from_str_radix(p, 16).ok())
            })
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(h) = base.strip_prefix('u')
        && (4..=6).contains(&h.len())
    {
        return hex(h).map(String::from);
    }
    None
}
