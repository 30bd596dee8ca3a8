//! A linear pass over the page before parsing: at most a few attributes a tag, since
//! html5ever's tokenizer is quadratic in attributes.

use super::*;
// ---------------------------------------------------------------------------------------------
// Attribute limiting pre-pass

/// Drops attributes beyond `MAX_ATTRS` in every tag (html5ever's duplicate-attribute check is
/// quadratic per tag). One linear pass following the tokenizer's states closely enough:
/// comments, bogus comments, quoted values and raw-text elements are skipped as it does, so
/// nothing but absurd tags is ever changed. Returns the input unchanged in the normal case.
pub(super) fn limit_attributes(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // b[..copied] is already in `out` (when it exists)
    let mut i = 0;
    while let Some(p) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += p;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // `<!-->` and `<!--->` end at once, as in the tokenizer.
            i += if rest[4..].starts_with(b">") {
                5
            } else if rest[4..].starts_with(b"->") {
                6
            } else {
                find(rest, b"-->", 4).map_or(rest.len(), |e| e + 3)
            };
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i += find(rest, b">", 1).map_or(rest.len(), |e| e + 1);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_at = if end_tag { 2 } else { 1 };
        if !rest.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + name_at;
        while b
            .get(j)
            .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'/' && c != b'>')
        {
            j += 1;
        }
        let name = &b[i + name_at..j];
        // Attributes.
        let mut count = 0;
        let mut cut: Option<usize> = None;
        let tag_end = loop {
            while b
                .get(j)
                .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/')
            {
                j += 1;
            }
            match b.get(j) {
                None => break None,
                Some(b'>') => break Some(j),
                Some(_) => {}
            }
            let attr_start = j;
            j += 1;
            while b
                .get(j)
                .is_some_and(|&c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'='))
            {
                j += 1;
            }
            let mut k = j;
            while b.get(k).is_some_and(u8::is_ascii_whitespace) {
                k += 1;
            }
            if b.get(k) == Some(&b'=') {
                j = k + 1;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j = b[j + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(b.len(), |p| j + 1 + p + 1);
                    }
                    _ => {
                        while b
                            .get(j)
                            .is_some_and(|&c| !c.is_ascii_whitespace() && c != b'>')
                        {
                            j += 1;
                        }
                    }
                }
            }
            count += 1;
            if count == MAX_ATTRS + 1 {
                cut = Some(attr_start);
            }
        };
        if let Some(cut) = cut {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            // `cut` and `tag_end` sit on ASCII bytes, so these are char boundaries.
            o.push_str(s.get(copied..cut).unwrap_or_default());
            match tag_end {
                Some(e) => {
                    o.push('>');
                    copied = e + 1;
                }
                None => copied = b.len(),
            }
        }
        i = match tag_end {
            Some(e) => e + 1,
            None => b.len(),
        };
        if !end_tag {
            let lower = name.to_ascii_lowercase();
            match lower.as_slice() {
                b"plaintext" => break,
                b"script" | b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
                | b"noscript" | b"textarea" | b"title" => {
                    i = find_end_tag(b, i, &lower).unwrap_or(b.len());
                }
                _ => {}
            }
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or_default());
            Cow::Owned(o)
        }
        None => Cow::Borrowed(s),
    }
}

/// Position of the next `</name` (ASCII case-insensitive) at or after `from`.
pub(super) fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(b, b"</", i) {
        let n = b.get(p + 2..p + 2 + name.len())?;
        if n.eq_ignore_ascii_case(name) {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Byte helpers

pub(super) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let h = hay.get(from..)?;
    if needle.is_empty() || h.len() < needle.len() {
        return None;
    }
    h.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

pub(super) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

pub(super) fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}
