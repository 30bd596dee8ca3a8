//! The page's character set: BOM, then the declared charset, then UTF-8 when valid, else GB18030.

use super::*;
// ---------------------------------------------------------------------------------------------
// Character set

/// BOM, then `<meta charset>` (or `<?xml encoding>`) in the first 4 KB, then UTF-8 if the bytes
/// are valid UTF-8, else GB18030 (the usual encoding of Chinese pages without a declaration).
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        return text.into_owned();
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let enc = match declared_encoding(&bytes[..bytes.len().min(SNIFF)]) {
        // A page re-saved as UTF-8 by an editor keeps its old `charset=gbk`: real GBK text is
        // practically never valid UTF-8, so trust the bytes over the label.
        Some(enc) if enc != UTF_8 && valid_utf8 && !bytes.is_ascii() => UTF_8,
        // The opposite mislabel (GBK bytes declared UTF-8) when GB18030 reads them cleanly.
        Some(enc)
            if enc == UTF_8
                && !valid_utf8
                && GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .is_some() =>
        {
            GB18030
        }
        Some(enc) => enc,
        None if valid_utf8 => UTF_8,
        None => GB18030,
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The encoding a page declares, after the HTML spec's "prescan a byte stream" (simplified):
/// skip comments and other tags, read `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…charset=…">`.
pub(super) fn declared_encoding(b: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    let mut xml: Option<&'static Encoding> = None;
    if starts_with_ci(b, b"<?xml") {
        let end = find(b, b"?>", 0).unwrap_or(b.len());
        let decl = &b[..end];
        if let Some(p) = find_ci(decl, b"encoding") {
            xml = attr_value_after_name(decl, p + 8).and_then(|v| Encoding::for_label(&v));
        }
    }
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i += find(rest, b"-->", 4).map_or(rest.len(), |e| e + 3);
        } else if starts_with_ci(rest, b"<meta")
            && rest
                .get(5)
                .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/')
        {
            let (attrs, end) = tag_attributes(b, i + 5);
            i = end;
            let mut charset = None;
            let mut pragma = false;
            let mut content = None;
            for (name, value) in attrs {
                match name.as_slice() {
                    b"charset" if charset.is_none() => charset = Some(value),
                    b"http-equiv" => pragma |= value.eq_ignore_ascii_case(b"content-type"),
                    b"content" if content.is_none() => content = Some(value),
                    _ => {}
                }
            }
            let label = charset.or_else(|| {
                if pragma {
                    content.and_then(|c| charset_from_content(&c))
                } else {
                    None
                }
            });
            if let Some(enc) = label.and_then(|l| Encoding::for_label(&l)) {
                // The spec: a UTF-16 label in an ASCII-readable meta means UTF-8.
                return Some(if enc.is_single_byte() || enc.output_encoding() == enc {
                    enc
                } else {
                    UTF_8
                });
            }
        } else if rest.first() == Some(&b'<')
            && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                || (rest.get(1) == Some(&b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            let (_, end) = tag_attributes(b, i + 1);
            i = end;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            i += find(rest, b">", 1).map_or(rest.len(), |e| e + 1);
        } else {
            i += 1;
        }
    }
    xml
}

/// Reads a tag's attributes starting inside the tag (after `<name` or at the name); returns
/// lower-cased names with values and the index after the closing `>`.
/// Lower-cased attribute names with raw values.
pub(super) type Attrs = Vec<(Vec<u8>, Vec<u8>)>;

pub(super) fn tag_attributes(b: &[u8], start: usize) -> (Attrs, usize) {
    let mut i = start;
    // Skip the tag name.
    while b
        .get(i)
        .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'/' && c != b'>')
    {
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/')
        {
            i += 1;
        }
        match b.get(i) {
            None => return (attrs, i),
            Some(b'>') => return (attrs, i + 1),
            Some(_) => {}
        }
        let name_start = i;
        i += 1;
        while b
            .get(i)
            .is_some_and(|&c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let name = b[name_start..i].to_ascii_lowercase();
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = Vec::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| i + 1 + p);
                    value = b[i + 1..end].to_vec();
                    i = (end + 1).min(b.len());
                }
                _ => {
                    let s = i;
                    while b
                        .get(i)
                        .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'>')
                    {
                        i += 1;
                    }
                    value = b[s..i].to_vec();
                }
            }
        }
        if attrs.len() < MAX_ATTRS {
            attrs.push((name, value));
        }
    }
}

/// `text/html; charset=gbk` → `gbk` (the spec's "extracting a character encoding").
pub(super) fn charset_from_content(c: &[u8]) -> Option<Vec<u8>> {
    let mut from = 0;
    while let Some(p) = find_ci(&c[from..], b"charset") {
        let after = from + p + 7;
        let mut i = after;
        while c.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if c.get(i) == Some(&b'=') {
            return attr_value_after_name(c, after);
        }
        from = after;
    }
    None
}

/// After an attribute-ish name at `i`: optional spaces, `=`, spaces, a quoted or bare value.
pub(super) fn attr_value_after_name(c: &[u8], mut i: usize) -> Option<Vec<u8>> {
    while c.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if c.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while c.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let (s, e) = match c.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let e = c[i + 1..].iter().position(|&x| x == q)? + i + 1;
            (i + 1, e)
        }
        Some(_) => {
            let e = c[i..]
                .iter()
                .position(|&x| x.is_ascii_whitespace() || x == b';' || x == b'>' || x == b'?')
                .map_or(c.len(), |p| i + p);
            (i, e)
        }
        None => return None,
    };
    let v = c[s..e].to_vec();
    (!v.is_empty()).then_some(v)
}
