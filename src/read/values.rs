//! Cell values shared by every layout: amounts, rates, the year, and text decoding.

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// Whether a cell means "no value": blank, `-`, `—`, `－`, `/`.
pub fn is_blank(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "－" | "–" | "/" | "——")
}

/// Parses an amount, rate, weight or score as printed: thousands separators are dropped, a
/// trailing `%` is dropped (rates are percent already), a blank or dash is `Ok(None)`.
/// Anything else that is not a plain decimal is `Err` with the text, for the caller to report.
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, String> {
    let t = text.trim();
    if is_blank(t) {
        return Ok(None);
    }
    let t = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix('％'))
        .unwrap_or(t)
        .trim();
    let cleaned: String = t.chars().filter(|c| *c != ',' && *c != '，').collect();
    let valid = !cleaned.is_empty()
        && cleaned
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')))
        && cleaned.chars().any(|c| c.is_ascii_digit())
        && cleaned.matches('.').count() <= 1;
    if !valid {
        return Err(text.to_string());
    }
    Decimal::from_str(&cleaned)
        .map(Some)
        .map_err(|_| text.to_string())
}

/// Whether a cell holds a number (or a dash standing for one), as `parse_decimal` accepts it.
pub fn is_number(text: &str) -> bool {
    matches!(parse_decimal(text), Ok(Some(_)))
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

/// Decodes text input: UTF-8 with or without BOM; `None` when the bytes are not text.
pub fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
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
        assert_eq!(decode_text(b"\xff\xfe"), None);
    }
}
