//! Cell values shared by every layout: amounts, rates, the year, and text decoding.

use encoding_rs::{Encoding, GB18030, UTF_8};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// Whether a cell means "no value": blank, `-`, `—`, `－`, `/`.
pub fn is_blank(text: &str) -> bool {
    is_blank_trimmed(text.trim())
}

fn is_blank_trimmed(t: &str) -> bool {
    matches!(t, "" | "-" | "—" | "－" | "–" | "/" | "——")
}

/// Parses an amount, rate, weight or score as printed: thousands separators are dropped, a
/// trailing `%` is dropped (rates are percent already), a blank or dash is `Ok(None)`.
/// Anything else that is not a plain decimal is `Err` with the text, for the caller to report.
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, String> {
    decimal(text).ok_or_else(|| text.to_string())
}

/// [`parse_decimal`] without the text of the error, for the many checks that only ask whether
/// a token is a number.
pub(crate) fn decimal(text: &str) -> Option<Option<Decimal>> {
    let t = text.trim();
    if is_blank_trimmed(t) {
        return Some(None);
    }
    let t = strip_percent(t);
    if !number_shape(t) {
        return None;
    }
    parse_shaped(t).map(Some)
}

/// Trimmed text without its trailing percent sign, trimmed again.
fn strip_percent(t: &str) -> &str {
    match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(rest) => rest.trim(),
        None => t,
    }
}

/// The value of text that has a number's shape; `None` when no `Decimal` holds it.
fn parse_shaped(t: &str) -> Option<Decimal> {
    let parsed = if t.contains(is_separator) {
        Decimal::from_str(&t.replace(is_separator, ""))
    } else {
        Decimal::from_str(t)
    };
    parsed.ok()
}

/// A thousands separator, dropped from amounts.
fn is_separator(c: char) -> bool {
    c == ',' || c == '，'
}

/// Whether the text, separators dropped, is written as a plain decimal (`-1234.5`). Checked
/// without building the cleaned text: every token of a form is checked, few are numbers.
fn number_shape(t: &str) -> bool {
    let (mut digits, mut dots) = (false, 0usize);
    for (i, c) in t.chars().filter(|&c| !is_separator(c)).enumerate() {
        if c.is_ascii_digit() {
            digits = true;
        } else if c == '.' {
            dots += 1;
        } else if !(i == 0 && (c == '-' || c == '+')) {
            return false;
        }
    }
    digits && dots <= 1 && (!t.contains(is_separator) || thousands_grouped(t))
}

/// Whether the separators in a number group its whole part in thousands (`6,164.19`,
/// `1,234,567`). `1000000,50` (a decimal comma) or `1,23` is no such number: the reader would
/// have to guess, and a guess 1000 times off is worse than a value left for a person to read.
fn thousands_grouped(t: &str) -> bool {
    let whole = t.split('.').next().unwrap_or(t);
    let whole = whole.trim_start_matches(['-', '+']);
    let mut groups = whole.split(is_separator);
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && t.split('.')
            .nth(1)
            .is_none_or(|fraction| !fraction.contains(is_separator))
        && groups.all(|g| g.len() == 3)
}

/// Whether text is written as a plain number that no `Decimal` holds (over 28 digits). Such a
/// number cannot be kept exactly, and reading around it would shift or drop amounts, so a
/// form holding one is refused.
pub fn is_oversized_number(text: &str) -> bool {
    let t = strip_percent(text.trim());
    // The shape rejects most tokens at their first character. Text of a number's shape holds a
    // digit and neither white space nor `%`, so it is no blank and parses as it is.
    number_shape(t) && parse_shaped(t).is_none()
}

/// Whether text may hold a number no `Decimal` holds: such a number has over 28 digits, and
/// text with fewer digits in all needs no look at its tokens. Counting digits is one quick pass
/// where splitting every line of a form into tokens to check each was a pass of its own.
pub(crate) fn may_hold_oversized(text: &str) -> bool {
    crate::read::text::count_bytes(text, |b| b.is_ascii_digit()) > 28
}

/// The error for a form holding an oversized number.
pub fn oversized_message(text: &str) -> String {
    format!(
        "数字位数过多，无法准确表示 (number too large, at most 28 digits): {}",
        text.trim()
    )
}

/// Whether a cell holds a number (or a dash standing for one), as `parse_decimal` accepts it.
pub fn is_number(text: &str) -> bool {
    matches!(decimal(text), Some(Some(_)))
}

/// The budget year from a year line: `（2024年度）`, `(2021 年度)`, `2024年度`: the four digits
/// right before the first `年度`, white space ignored. Read as the characters go by, without
/// building the squeezed text: every line of a form's head is asked.
pub fn parse_year(text: &str) -> Option<i32> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace()).peekable();
    // The run of digits just before the current character: its length and (while it is at
    // most four digits long) its value.
    let (mut run, mut value) = (0usize, 0i32);
    while let Some(c) = chars.next() {
        if c == '年' && chars.peek() == Some(&'度') {
            return (run == 4).then_some(value);
        }
        match c.to_digit(10) {
            Some(d) => {
                run += 1;
                if run <= 4 {
                    value = value * 10 + d as i32;
                }
            }
            None => (run, value) = (0, 0),
        }
    }
    None
}

/// Decodes text input. Forms come from many tools: UTF-8 (with or without BOM) when valid,
/// else UTF-16 with its BOM, else GB18030 (a superset of GBK, what Chinese Windows tools
/// write) when it decodes without a single error. `None` when the bytes are not text: a NUL
/// in the text means binary data.
pub fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let text = match Encoding::for_bom(bytes) {
        Some((enc, bom)) => {
            let body = bytes.get(bom..)?;
            if enc == UTF_8 {
                Cow::Borrowed(simdutf8::basic::from_utf8(body).ok()?)
            } else {
                enc.decode_without_bom_handling_and_without_replacement(body)?
            }
        }
        // Checked with SIMD: the standard check is byte by byte past ASCII, and Chinese text
        // is all past ASCII; it cost as much as some readers.
        None => match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let text: Cow<'_, str> = Cow::Owned(decode_lines(bytes)?);
                // GB18030's own BOM (84 31 95 33) decodes to U+FEFF; drop it like the others.
                match text.strip_prefix('\u{FEFF}') {
                    Some(rest) => Cow::Owned(rest.to_string()),
                    None => text,
                }
            }
        },
    };
    if text.contains('\0') {
        return None;
    }
    Some(normalize_line_ends(text))
}

/// Text that is not UTF-8 as a whole, decoded line by line: each line as UTF-8 when it reads
/// as UTF-8 Chinese, else as GB18030. A file pasted together from a GBK export and a UTF-8 one
/// reads whole, where decoding it all as GB18030 turned the UTF-8 lines into mojibake without
/// a single error. `None` when a line decodes as neither.
fn decode_lines(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match simdutf8::basic::from_utf8(line) {
            Ok(s) if chinese_utf8(s) => out.push_str(s),
            _ => out.push_str(&GB18030.decode_without_bom_handling_and_without_replacement(line)?),
        }
    }
    Some(out)
}

/// Whether valid UTF-8 text reads as UTF-8 rather than as GBK that happens to be valid UTF-8:
/// Chinese in UTF-8 takes three bytes a character, while GBK pairs that pass as UTF-8 pass as
/// two-byte characters (`时效` in GBK is `ʱЧ` in UTF-8). A line with any character from U+0080
/// to U+07FF is taken for GBK.
fn chinese_utf8(line: &str) -> bool {
    line.chars().all(|c| c.is_ascii() || u32::from(c) >= 0x800)
}

/// Line ends made `\n`: old Mac files end lines with a lone `\r`, and a file edited on two
/// systems mixes `\r\n` and `\r`. The readers split lines at `\n` (and trim a `\r` before
/// it), so a lone `\r` joined a whole form into one line.
fn normalize_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if !lone {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Decodes text in an encoding the user named (`--encoding`), overriding detection; a BOM
/// still wins, as it does in every editor. `None` when the bytes do not decode cleanly.
pub fn decode_text_as<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Option<Cow<'a, str>> {
    let (enc, body) = match Encoding::for_bom(bytes) {
        Some((enc, bom)) => (enc, bytes.get(bom..)?),
        None => (encoding, bytes),
    };
    let text = enc.decode_without_bom_handling_and_without_replacement(body)?;
    if text.contains('\0') {
        return None;
    }
    Some(normalize_line_ends(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn a_comma_that_groups_no_thousands_is_no_number() {
        // A decimal comma, as some locales write: never read 100 times off.
        assert!(parse_decimal("1000000,50").is_err());
        assert!(parse_decimal("1,23").is_err());
        assert!(parse_decimal("12,3456.00").is_err());
        assert!(parse_decimal("1.000,50").is_err());
        assert_eq!(parse_decimal("1,234,567.5"), Ok(d("1234567.5")));
        assert_eq!(parse_decimal("-6,164.19"), Ok(d("-6164.19")));
        assert_eq!(parse_decimal("100,000"), Ok(d("100000")));
        assert!(!is_oversized_number("1000000,50"));
    }

    #[test]
    fn mixed_encodings_and_lone_carriage_returns_read_whole() {
        let mut bytes = "项目名称\tUTF-8 行\n".as_bytes().to_vec();
        bytes.extend(GB18030.encode("主管部门\tGBK 行\n").0.iter());
        assert_eq!(
            decode_text(&bytes).as_deref(),
            Some("项目名称\tUTF-8 行\n主管部门\tGBK 行\n")
        );
        assert_eq!(decode_text(b"a\rb\r\nc\rd").as_deref(), Some("a\nb\nc\nd"));
        assert_eq!(decode_text(b"a\r\nb").as_deref(), Some("a\r\nb"));
    }

    #[test]
    fn amounts_lose_separators_and_keep_scale() {
        assert_eq!(parse_decimal("6,164.19"), Ok(d("6164.19")));
        assert_eq!(
            parse_decimal("109,491.00").unwrap().unwrap().to_string(),
            "109491.00"
        );
        assert_eq!(parse_decimal("100.00%"), Ok(d("100.00")));
        assert_eq!(parse_decimal("0.90").unwrap().unwrap().to_string(), "0.90");
        assert_eq!(parse_decimal("-"), Ok(None));
        assert_eq!(parse_decimal("—"), Ok(None));
        assert_eq!(parse_decimal(" "), Ok(None));
        assert!(parse_decimal("达成指标").is_err());
        assert!(parse_decimal("1.2.3").is_err());
        assert!(parse_decimal(",").is_err());
        assert!(is_oversized_number("123456789012345678901234567890"));
        assert!(is_oversized_number(
            "-1,234,567,890,123,456,789,012,345,678,901.00%"
        ));
        assert!(!is_oversized_number("79228162514264337593543950335"));
        assert!(!is_oversized_number("达成指标"));
        assert!(!is_oversized_number("-"));
        assert!(may_hold_oversized("123456789012345678901234567890"));
        assert!(!may_hold_oversized("1234567890 1234567890 12345678"));
    }

    #[test]
    fn a_number_of_at_most_28_digits_is_never_oversized() {
        // What lets `may_hold_oversized` pass over text with few digits: every shape that
        // `number_shape` accepts parses when it has at most 28 digits.
        for t in [
            "1.",
            ".5",
            "+1",
            "-.5",
            "+.5",
            "1,",
            ",1",
            "1.,",
            "-1,234.",
            "0",
            "-0",
            "+0.",
            "9999999999999999999999999999",
            ".9999999999999999999999999999",
            "9999999999999999999999999999.",
            "-9,999,999,999,999,999,999,999,999,999.",
            "0.000000000000000000000000001",
            "1,,2",
            "，1，",
            "+,1",
        ] {
            assert!(!may_hold_oversized(t), "{t}");
            assert!(!number_shape(t) || parse_shaped(t).is_some(), "{t}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("（2024年度）"), Some(2024));
        assert_eq!(parse_year("(2021 年度)"), Some(2021));
        assert_eq!(parse_year("年度"), None);
        assert_eq!(parse_year("2 0 2 4 年\u{3000}度"), Some(2024));
        assert_eq!(parse_year("12024年度"), None);
        assert_eq!(parse_year("202年度"), None);
        assert_eq!(parse_year("2024年 2023年度"), Some(2023));
        assert_eq!(parse_year("2024年"), None);
        assert_eq!(parse_year("0000年度 2024年度"), Some(0));
        assert_eq!(parse_year("２０２４年度"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFabc").as_deref(), Some("abc"));
        assert_eq!(decode_text(b"a\0b"), None);
        assert_eq!(decode_text(b"\xff\xfe").as_deref(), Some(""));
        assert_eq!(decode_text(b"\xff\xfea\0b\0").as_deref(), Some("ab"));
        assert_eq!(decode_text(b"\xfe\xff\0a\0b").as_deref(), Some("ab"));
        let (gb, _, _) = GB18030.encode("项目名称\r\n可持续影响指标");
        assert_eq!(
            decode_text(&gb).as_deref(),
            Some("项目名称\r\n可持续影响指标")
        );
        // Not valid GB18030 either: a lone lead byte at the end.
        assert_eq!(decode_text(b"abc\x81"), None);
        assert_eq!(decode_text(b"\xff\xff\xff"), None);
    }
}
