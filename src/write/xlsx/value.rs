//! A form cell's value: text, or a number and whether it is an amount.

use super::numbers::shown_number;
use rust_decimal::Decimal;

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

    /// The text as shown, to measure it: a text as it is, a number as formatted.
    pub(super) fn shown(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(s) => std::borrow::Cow::Borrowed(s),
            Value::Number(d, grouped) => std::borrow::Cow::Owned(shown_number(*d, *grouped)),
        }
    }
}
