//! The HTML summary: one self-contained page (inline CSS, no scripts, fonts or images) that a
//! reviewer reads on screen or prints on A4, showing every indicator that lost points and the
//! reason the form gives for it.
//!
//! The page is rendered by Tera from `templates/summary.html`, embedded in the binary so the
//! tool works from any directory. All numbers are formatted here from the `Decimal`s (never
//! through `f64`) into a plain view model (`page`, and `svg` for the charts' bar lengths), so
//! the template only lays out text and bars; the template is named `.html` so that Tera escapes
//! every input string.

mod page;
mod svg;

use crate::check::Finding;
use crate::model::Report;
use page::Page;
use rust_decimal::{Decimal, RoundingStrategy};
use tera::{Context, Tera};

/// The template source, compiled into the binary.
const TEMPLATE: &str = include_str!("../../../templates/summary.html");
/// Ends in `.html` so that Tera autoescapes everything the template prints.
const TEMPLATE_NAME: &str = "summary.html";

/// Why the page could not be rendered (a bug in the template, never bad input).
#[derive(Debug, thiserror::Error)]
#[error("HTML 汇总生成失败 (summary template failed): {0}")]
pub struct Error(String);

impl From<tera::Error> for Error {
    fn from(e: tera::Error) -> Self {
        // Tera puts the useful part in the source chain; keep all of it in one line.
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        Error(text)
    }
}

/// What the page says about the run itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// When the page was generated, as it should be printed (see [`generated_now`]).
    pub generated_at: String,
    /// One line per input that could not be read, so the page never looks complete when it is not.
    pub read_errors: Vec<String>,
}

/// The time of this run (see [`super::timestamp`]), as printed on the page
/// (`2025-03-01 14:05 +08:00`).
pub fn generated_now() -> String {
    super::timestamp()
        .strftime("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// Renders the page. `findings[i]` belongs to `reports[i]` (missing entries count as none).
pub fn render(reports: &[Report], findings: &[Vec<Finding>], meta: &Meta) -> Result<String, Error> {
    let page = Page::build(reports, findings, meta);
    let mut tera = Tera::default();
    tera.add_raw_template(TEMPLATE_NAME, TEMPLATE)?;
    let context = Context::from_serialize(&page)?;
    Ok(tera.render(TEMPLATE_NAME, &context)?)
}

// ---------------------------------------------------------------------------------------------
// Number formatting: from Decimal to text, never through f64.

/// Rounds half away from zero to two decimals, as the forms print.
fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Two decimals: scores, weights, rates.
fn fmt2(d: Decimal) -> String {
    round2(d).to_string()
}

/// Two decimals with thousands separators: money, where a clerk counts digits.
fn fmt_money(d: Decimal) -> String {
    super::group_thousands(&fmt2(d))
}

fn opt2(d: Option<Decimal>) -> String {
    d.map(fmt2).unwrap_or_else(|| DASH.to_string())
}

fn opt_money(d: Option<Decimal>) -> String {
    d.map(fmt_money).unwrap_or_else(|| DASH.to_string())
}

/// What the page shows for a blank cell.
const DASH: &str = "—";

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_are_formatted_from_decimal() {
        assert_eq!(fmt2(d("7.775")), "7.78");
        assert_eq!(fmt2(d("10")), "10.00");
        assert_eq!(fmt2(d("77.7777")), "77.78");
        assert_eq!(fmt_money(d("109491")), "109,491.00");
        assert_eq!(fmt_money(d("-1234567.891")), "-1,234,567.89");
        assert_eq!(fmt_money(d("0.9")), "0.90");
        assert_eq!(fmt_money(d("999.995")), "1,000.00");
    }
}
