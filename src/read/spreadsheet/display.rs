//! Cells as the user sees them: numbers under their number format, dates as dates.

use super::number_format;
use calamine::{Data, ExcelDateTime};

/// A cell as the text a clerk sees in it.
pub(crate) fn cell_text(d: &Data, format: Option<&str>) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number_text(*f, format),
        Data::Int(i) => number_text(*i as f64, format),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => date_text(dt, format),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as its format shows it (see [`number_format::display`]).
fn number_text(f: f64, format: Option<&str>) -> String {
    number_format::display(f, format)
}

/// A date as a date, never as its serial number: `2024年12月31日` under a format written with
/// 年, else ISO `2024-12-31`; a time of day is added when the cell holds one.
fn date_text(dt: &ExcelDateTime, format: Option<&str>) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64(), None);
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let chinese = format.is_some_and(|f| f.contains('年'));
    let mut out = if chinese {
        format!("{y}年{mo}月{d}日")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    };
    if (h, mi, s) != (0, 0, 0) {
        out.push_str(&format!(" {h:02}:{mi:02}:{s:02}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format_shows_them() {
        assert_eq!(number_text(10.0, Some("0.00")), "10.00");
        assert_eq!(number_text(6261700.0, Some("0")), "6261700");
        assert_eq!(number_text(2139.22, Some("#,##0.00")), "2139.22");
        assert_eq!(number_text(0.9, None), "0.9");
        assert_eq!(number_text(1.0, Some("0.00%")), "100.00%");
        assert_eq!(number_text(109491.0, Some("General")), "109491");
        // Excel shows 15 significant digits, and so rounds a 16-digit amount.
        assert_eq!(
            number_text(1109328675740809.3, Some("0.00")),
            "1109328675740810.00"
        );
    }

    #[test]
    fn dates_show_as_dates() {
        use calamine::ExcelDateTimeType;
        let dt = ExcelDateTime::new(45657.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date_text(&dt, Some("yyyy\"年\"m\"月\"d\"日\"")),
            "2024年12月31日"
        );
        assert_eq!(date_text(&dt, Some("yyyy-mm-dd")), "2024-12-31");
        let noon = ExcelDateTime::new(45657.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&noon, None), "2024-12-31 12:00:00");
    }
}
