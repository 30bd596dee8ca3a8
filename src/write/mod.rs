//! Writers: the model out to JSON, xlsx and HTML.

pub mod atomic;
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
