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
    digits && dots <= 1
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

/// The budget year from a year line: `（2024年度）`, `(2021 年度)`, `2024年度`.
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let pos = t.find("年度")?;
    let digits: String = t[..pos]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if digits.len() == 4 {
        digits.parse().ok()
    } else {
        None
    }
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
                Cow::Borrowed(std::str::from_utf8(body).ok()?)
            } else {
                enc.decode_without_bom_handling_and_without_replacement(body)?
            }
        }
        None => match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
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
    Some(text)
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
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
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
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("（2024年度）"), Some(2024));
        assert_eq!(parse_year("(2021 年度)"), Some(2021));
        assert_eq!(parse_year("年度"), None);
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
