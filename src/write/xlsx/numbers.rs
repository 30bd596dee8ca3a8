//! Numbers: decimals written as the exact `f64` Excel stores, with a format showing their
//! own number of decimals.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The largest number of decimals a number format shows.
pub(super) const MAX_SHOWN_SCALE: u32 = 10;

/// The decimal as the `f64` Excel stores, when that `f64` prints back as the same number.
/// Parsing the decimal's text gives the nearest `f64`; Rust (and `rust_xlsxwriter`) print the
/// shortest text that reads back as it, so the file holds the decimal's own digits.
pub(super) fn exact_f64(d: Decimal) -> Option<f64> {
    // Excel shows 15 significant digits: a number with more would show (and read back)
    // rounded, so it is written as text, every digit kept.
    if d.normalize()
        .mantissa()
        .unsigned_abs()
        .checked_ilog10()
        .unwrap_or(0)
        >= 15
    {
        return None;
    }
    let f: f64 = d.to_string().parse().ok()?;
    let back = Decimal::from_str(&format!("{f}")).ok()?;
    (back == d && f.is_finite()).then_some(f)
}

/// The Excel number format that shows `d` with its own number of decimals.
pub(super) fn num_format(d: Decimal, grouped: bool) -> String {
    let scale = d.scale().min(MAX_SHOWN_SCALE) as usize;
    let int = if grouped { "#,##0" } else { "0" };
    if scale == 0 {
        int.to_string()
    } else {
        format!("{int}.{}", "0".repeat(scale))
    }
}

/// `d` as the format shows it, to size columns.
pub(super) fn shown_number(d: Decimal, grouped: bool) -> String {
    let plain = d.to_string();
    if grouped {
        crate::write::group_thousands(&plain)
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_keep_their_digits_and_scale() {
        assert_eq!(exact_f64(d("2139.22")), Some(2139.22));
        assert_eq!(format!("{}", exact_f64(d("0.10")).unwrap()), "0.1");
        // More digits than a double holds: not a number.
        assert_eq!(exact_f64(d("12345678901234567.89")), None);
        assert_eq!(num_format(d("2139.22"), true), "#,##0.00");
        assert_eq!(num_format(d("10"), false), "0");
        assert_eq!(num_format(d("77.777"), false), "0.000");
        assert_eq!(shown_number(d("8340000.00"), true), "8,340,000.00");
        assert_eq!(shown_number(d("-1234"), true), "-1,234");
        assert_eq!(shown_number(d("123"), true), "123");
    }
}
