//! Small text helpers shared by the text layouts: display width, tokens, glue spaces.

use std::borrow::Cow;

/// Removes all white space: wrapping and merged cells leave spaces inside labels
/// (`年度 总体 目标`, `总 分`). Borrows when there is none, as in most cells and tokens, since
/// every cell is compared with labels many times.
pub fn squeeze(s: &str) -> Cow<'_, str> {
    if s.contains(char::is_whitespace) {
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `s` is `want` once white space is removed, as [`squeeze`] compares, without building
/// the squeezed text: every line is compared with the title and labels.
pub fn squeezed_eq(s: &str, want: &str) -> bool {
    if s.len() < want.len() {
        return false;
    }
    let mut rest = want;
    for c in s.chars() {
        if c.is_whitespace() {
            continue;
        }
        match rest.strip_prefix(c) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// `s` without white space, written into `buf`, or `None` when it does not fit: compares a
/// line with a set of short labels in one pass and without building a `String`.
pub fn squeeze_into<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let bytes = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        let (len, space) = char_at(bytes, i);
        if !space {
            buf.get_mut(n..n + len)?
                .copy_from_slice(bytes.get(i..i + len)?);
            n += len;
        }
        i += len;
    }
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// Whether `s` with white space removed is one of `words` (none over 32 bytes), as comparing
/// [`squeeze`]d text with each would say, in one pass and without building a `String`.
pub fn squeezed_in(s: &str, words: &[&str]) -> bool {
    // Most lines asked are no label: their first character already says so.
    let Some(first) = s.chars().find(|c| !c.is_whitespace()) else {
        return words.contains(&"");
    };
    if !words.iter().any(|w| w.starts_with(first)) {
        return false;
    }
    let mut buf = [0u8; 32];
    squeeze_into(s, &mut buf).is_some_and(|t| words.contains(&t))
}

/// Display width in half-width units: CJK and full-width characters count 2. PDF-to-text tools
/// wrap each cell at a fixed display width, so widths tell a wrapped line from a short one.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        // Everything outside ASCII in these forms is CJK or full-width punctuation.
        2
    }
}

/// Whether a character is CJK (or other wide, non-ASCII text).
pub fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

/// A whitespace-separated token with its byte span in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Splits a line at white space, keeping byte spans so joins can keep the original spacing.
///
/// White space is what `char::is_whitespace` says; it is told from each character's bytes
/// (see [`char_at`]) rather than by decoding it: every line is split, and nearly all its
/// characters are three-byte CJK.
pub fn tokens(line: &str) -> Vec<Token<'_>> {
    // Room for a token every few characters up front: growing the list token by token was a
    // good part of the cost of every line.
    let mut out = Vec::with_capacity(line.len() / 6 + 2);
    let bytes = line.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (len, space) = char_at(bytes, i);
        if space {
            if let Some(s) = start.take() {
                out.push(Token {
                    text: &line[s..i],
                    start: s,
                    end: i,
                });
            }
        } else {
            start.get_or_insert(i);
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Token {
            text: &line[s..],
            start: s,
            end: line.len(),
        });
    }
    out
}

/// The length in bytes of the UTF-8 character starting at `bytes[i]` (a character boundary),
/// and whether it is white space: the Unicode White_Space characters `char::is_whitespace`
/// accepts, told by their bytes.
fn char_at(bytes: &[u8], i: usize) -> (usize, bool) {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match at(0) {
        b @ 0..=0x7F => (1, b == b' ' || (b'\t'..=b'\r').contains(&b)),
        // U+0085, U+00A0.
        b @ 0x80..=0xDF => (2, b == 0xC2 && matches!(at(1), 0x85 | 0xA0)),
        b @ 0xE0..=0xEF => {
            let space = match (b, at(1), at(2)) {
                // U+1680.
                (0xE1, 0x9A, 0x80) => true,
                // U+2000..U+200A, U+2028, U+2029, U+202F; U+205F.
                (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0xE2, 0x81, 0x9F) => true,
                // U+3000, the ideographic space.
                (0xE3, 0x80, 0x80) => true,
                _ => false,
            };
            (3, space)
        }
        _ => (4, false),
    }
}

/// `s` without leading and trailing white space, as `str::trim` gives it, told from the bytes
/// as [`tokens`] does: every line of every input is trimmed.
pub fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut from = 0;
    while from < bytes.len() {
        let (len, space) = char_at(bytes, from);
        if !space {
            break;
        }
        from += len;
    }
    let mut to = bytes.len();
    while to > from {
        // The last character starts at the last byte that is no continuation byte.
        let mut start = to - 1;
        while start > from && bytes[start] & 0xC0 == 0x80 {
            start -= 1;
        }
        if !char_at(bytes, start).1 {
            break;
        }
        to = start;
    }
    &s[from..to]
}

/// How many bytes of `s` pass `pred`, in chunks whose byte-wide sums the compiler turns into
/// wide steps (a plain count goes byte by byte).
pub fn count_bytes(s: &str, pred: impl Fn(u8) -> bool) -> usize {
    s.as_bytes()
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(pred(b)))))
        .sum()
}

/// Whether the space between two tokens is one a PDF-to-text tool inserts inside a cell: before
/// an ASCII letter or digit run that follows CJK text (`免费 1小时`, `2024年 12`, `好差评 pad`).
pub fn is_glue(left: &str, right: &str) -> bool {
    let l = left.chars().last();
    let r = right.chars().next();
    matches!((l, r), (Some(l), Some(r)) if is_wide(l) && !is_punct(l) && r.is_ascii_alphanumeric())
}

/// Full-width and ASCII punctuation that ends or separates phrases.
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '（'
            | '“'
            | '”'
            | '《'
            | '》'
            | '【'
            | '】'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '%'
            | '％'
    )
}

/// Groups a line's tokens into cells: tokens joined by glue spaces stay together.
/// Returns byte spans into the line.
pub fn cells(line: &str) -> Vec<(usize, usize)> {
    group(&tokens(line))
}

/// Groups tokens into cells at glue spaces; returns byte spans.
pub fn group(toks: &[Token]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0
            && is_glue(toks[i - 1].text, t.text)
            && let Some(last) = out.last_mut()
        {
            last.1 = t.end;
            continue;
        }
        out.push((t.start, t.end));
    }
    out
}

/// Joins wrapped lines of one cell: no added space (DOMAIN: text joined from wrapped lines is
/// joined with no added space).
/// The text is sized first and built in one allocation.
pub fn join<'a, I>(lines: I) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let lines = lines.into_iter().map(str::trim);
    let mut out = String::with_capacity(lines.clone().map(str::len).sum());
    out.extend(lines);
    out
}

/// Whether brackets opened in `s` are still open at its end (`533.00(周/`).
pub fn has_open_bracket(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezing() {
        assert_eq!(squeeze("年度 总体\u{3000}目标"), "年度总体目标");
        assert!(matches!(squeeze("总分"), Cow::Borrowed("总分")));
        assert!(squeezed_eq(" 总 分 ", "总分"));
        assert!(squeezed_eq("总分", "总分"));
        assert!(!squeezed_eq("总分 100", "总分"));
        assert!(!squeezed_eq("总", "总分"));
        assert!(!squeezed_eq("总 a", "总分"));
        assert!(squeezed_eq(" ", ""));
        let mut buf = [0u8; 6];
        assert_eq!(squeeze_into(" 总 分 ", &mut buf), Some("总分"));
        assert_eq!(squeeze_into("总分 1", &mut buf), None);
        assert_eq!(squeeze_into(" ", &mut buf), Some(""));
        assert!(squeezed_in(
            "年度 总体\u{3000}目标",
            &["总体目标", "年度总体目标"]
        ));
        assert!(!squeezed_in("年度总体目标。", &["年度总体目标"]));
        assert!(!squeezed_in("目标", &["年度总体目标"]));
        assert!(squeezed_in(" ", &["", "总分"]));
        assert!(!squeezed_in(" ", &["总分"]));
    }

    #[test]
    fn tokens_split_at_every_white_space_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let line = format!("a{c}b{c}");
            let got: Vec<&str> = tokens(&line).iter().map(|t| t.text).collect();
            let want: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(got, want, "U+{:04X}", c as u32);
        }
        let line = " 满意 度\u{3000}指标\t1 ";
        let t = tokens(line);
        assert_eq!(
            t.iter().map(|t| t.text).collect::<Vec<_>>(),
            ["满意", "度", "指标", "1"]
        );
        assert_eq!((t[1].start, t[1].end), (8, 11));
        assert!(tokens("").is_empty() && tokens(" \u{3000}").is_empty());
    }

    #[test]
    fn trims_like_the_standard_trim() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("{c}a{c}"),
                format!("{c}{c}a{c}b{c}{c}"),
                format!(" {c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(trim(" \u{3000}满意度 \r"), "满意度");
        assert_eq!(count_bytes(&"1a2".repeat(200), |b| b.is_ascii_digit()), 400);
    }

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("法律"), 4);
        assert_eq!(width("2024年 12"), 9);
    }

    #[test]
    fn glue_spaces_keep_cells_together() {
        let line = "满足等保高于 70分 ≥70.00(分) 70.00(分)";
        let c: Vec<&str> = cells(line).iter().map(|&(s, e)| &line[s..e]).collect();
        assert_eq!(c, vec!["满足等保高于 70分", "≥70.00(分)", "70.00(分)"]);
        let line = "微信推文更新频次微信图文编排 ≥1.00(周/次)";
        assert_eq!(cells(line).len(), 2);
        assert_eq!(cells("免费 1小时停车票数量").len(), 1);
    }

    #[test]
    fn open_brackets() {
        assert!(has_open_bracket("533.00(周/"));
        assert!(has_open_bracket("准（4枚一"));
        assert!(!has_open_bracket("=100.00(%)"));
    }
}
