//! Writers: the model out to JSON, CSV, xlsx and HTML.

pub mod atomic;
pub mod charts;
pub mod csv;
pub mod html;
pub mod json;
pub mod xlsx;

/// When this run's outputs say they were made: now, or the time `SOURCE_DATE_EPOCH` gives
/// (seconds since 1970, the reproducible-builds convention, read as UTC), so that two runs
/// on the same inputs can write byte-identical files.
pub fn timestamp() -> jiff::Zoned {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .map_or_else(jiff::Zoned::now, |t| t.to_zoned(jiff::tz::TimeZone::UTC))
}

/// A plain decimal (`-1234567.50`) with thousands separators in its integer part
/// (`-1,234,567.50`), as amounts are printed.
pub fn group_thousands(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    out.push_str(sign);
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
