//! A cell's value and how it is written into a sheet with its style.

use super::numbers::{exact_f64, shown_number};
use super::style::{Formats, Style};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// A cell's content: text is always written as a string (never a formula, whatever it starts
/// with); numbers as numbers, grouped (`#,##0.00`) for amounts.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    Number(Decimal, bool),
}

impl Value {
    pub(super) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A number, or `-` when the form has none.
    pub(super) fn number(d: Option<Decimal>) -> Value {
        d.map_or_else(|| Value::text("-"), |d| Value::Number(d, false))
    }

    pub(super) fn amount(d: Option<Decimal>) -> Value {
        d.map_or_else(|| Value::text("-"), |d| Value::Number(d, true))
    }

    pub(super) fn optional(s: &Option<String>) -> Value {
        Value::text(s.clone().unwrap_or_default())
    }

    /// The text as shown, to measure it.
    pub(super) fn shown(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(d, grouped) => shown_number(*d, *grouped),
        }
    }
}

/// Writes a value into a cell (or a merged range) with the look of `style`, through
/// rust_xlsxwriter's own cells (the table sheets); `cells::SheetCells::put` writes the same
/// for the form sheets, and its test holds the two to the same XML.
pub(super) fn put(
    ws: &mut Worksheet,
    (r0, c0, r1, c1): (u32, u16, u32, u16),
    value: &Value,
    style: Style,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let merged = r0 != r1 || c0 != c1;
    match value {
        Value::Text(s) => {
            let fmt = formats.style(style);
            if merged {
                ws.merge_range(r0, c0, r1, c1, s, fmt)?;
            } else {
                ws.write_string_with_format(r0, c0, s, fmt)?;
            }
        }
        Value::Number(d, grouped) => {
            let fmt = formats.number(*d, *grouped);
            if merged {
                ws.merge_range(r0, c0, r1, c1, "", fmt)?;
            }
            match exact_f64(*d) {
                Some(f) => ws.write_number_with_format(r0, c0, f, fmt)?,
                // More digits than a double holds: keep them all, as text.
                None => ws.write_string_with_format(r0, c0, d.to_string(), fmt)?,
            };
        }
    }
    Ok(())
}
