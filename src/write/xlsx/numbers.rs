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
    let n = d.normalize();
    let m = n.mantissa().unsigned_abs();
    if m >= 1_000_000_000_000_000 {
        return None;
    }
    // Fast path, the common case: a mantissa under 10^15 and a power of ten up to 10^22 are
    // both exact doubles, so their quotient is the nearest double to the decimal, as parsing
    // its text gives; and a decimal of at most 15 digits prints back from its nearest double
    // as itself. Measured: this was a tenth of laying out a form.
    if let Some(&p) = POW10.get(n.scale() as usize) {
        let f = m as f64 / p;
        return Some(if d.is_sign_negative() { -f } else { f });
    }
    exact_f64_by_text(d)
}

/// Powers of ten that are exact doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`exact_f64`] through text: parse the decimal's digits, and check they print back.
fn exact_f64_by_text(d: Decimal) -> Option<f64> {
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

    /// The fast path gives the double (and its printed text) that parsing the text gives.
    #[test]
    fn fast_path_is_the_parsed_double() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut cases: Vec<Decimal> = [
            "0",
            "-0",
            "-0.00",
            "0.1",
            "-2139.22",
            "999999999999999",
            "1e-22",
        ]
        .iter()
        .map(|s| {
            Decimal::from_scientific(s)
                .or_else(|_| Decimal::from_str(s))
                .unwrap()
        })
        .collect();
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x % 10u64.pow(1 + (x >> 40) as u32 % 15)) as i64;
            let scale = (x >> 50) as u32 % 29;
            cases.push(Decimal::new(if x & 1 == 1 { -m } else { m }, scale));
        }
        for c in cases {
            let fast = exact_f64(c).map(|f| f.to_string());
            let slow = exact_f64_by_text(c).map(|f| f.to_string());
            if c.normalize().mantissa().unsigned_abs() < 1_000_000_000_000_000 {
                assert_eq!(fast, slow, "{c}");
            }
        }
    }
}
