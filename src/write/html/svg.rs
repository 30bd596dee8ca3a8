//! Where the bars of the summary's SVG charts go: lengths scaled from the chart data's
//! `Decimal`s to SVG units here (rounded to 0.1), positions too, so that the template only
//! draws what it is given and no number passes through a float.

use super::fmt2;
use crate::write::charts::{self, Charts, Count, Kind};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The category chart: one row per category, labels on the left, bars after them.
const ROW: usize = 20;
const ROWS_TOP: usize = 6;
const BAR_X: usize = 212;
const BAR_MAX: i64 = 330;
pub const CATEGORY_WIDTH: usize = 640;
/// Labels longer than this many characters are cut (the table below the charts has them whole).
const LABEL_CHARS: usize = 13;

/// The count charts: one column per bucket, its count above it and its label below.
const SLOT: usize = 40;
const COLUMN: usize = 28;
const PLOT_TOP: usize = 18;
const PLOT_H: i64 = 90;

#[derive(Serialize)]
pub(super) struct ChartsView {
    categories: Vec<HBar>,
    category_width: usize,
    category_height: usize,
    grades: ColumnChart,
    rates: ColumnChart,
    scores: ColumnChart,
}

/// One bar of the category chart.
#[derive(Serialize)]
struct HBar {
    kind: Kind,
    label: String,
    /// The whole label, for a tooltip when `label` is cut.
    full_label: String,
    value: String,
    /// Top of the row.
    y: usize,
    len: String,
    /// Where the value is written: just past the bar's end.
    value_x: String,
}

#[derive(Serialize)]
struct ColumnChart {
    width: usize,
    height: usize,
    /// The baseline (bottom of the columns).
    base: usize,
    column_width: usize,
    bars: Vec<Column>,
}

#[derive(Serialize)]
struct Column {
    label: String,
    forms: usize,
    /// Left edge of the column, and its centre for the texts.
    x: usize,
    mid: usize,
    height: String,
    top: String,
    /// The bar of forms without a value (无, 未评): drawn hatched.
    none: bool,
}

/// `value / max × full`, rounded to 0.1, at least 1 for any positive value so that it shows.
fn scale(value: Decimal, max: Decimal, full: i64) -> Decimal {
    if value <= Decimal::ZERO || max <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let full = Decimal::from(full);
    let len = value
        .checked_div(max)
        .and_then(|r| r.checked_mul(full))
        .unwrap_or(full)
        .min(full)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    len.max(Decimal::ONE)
}

fn fmt1(d: Decimal) -> String {
    let mut d = d;
    d.rescale(1);
    d.to_string()
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn columns(counts: &[Count], none_labels: &[&str]) -> ColumnChart {
    let max = counts.iter().map(|c| c.forms).max().unwrap_or(0);
    let max = Decimal::from(max);
    let base = PLOT_TOP + PLOT_H.unsigned_abs() as usize;
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = scale(Decimal::from(c.forms), max, PLOT_H);
            let top = Decimal::from(base) - h;
            Column {
                label: c.label.clone(),
                forms: c.forms,
                x: 4 + i * SLOT + (SLOT - COLUMN) / 2,
                mid: 4 + i * SLOT + SLOT / 2,
                height: fmt1(h),
                top: fmt1(top),
                none: none_labels.contains(&c.label.as_str()),
            }
        })
        .collect();
    ColumnChart {
        width: 8 + counts.len() * SLOT,
        height: base + 22,
        base,
        column_width: COLUMN,
        bars,
    }
}

impl ChartsView {
    pub(super) fn of(c: &Charts) -> ChartsView {
        let max = c
            .categories
            .iter()
            .map(|r| r.points)
            .max()
            .unwrap_or_default();
        let categories: Vec<HBar> = c
            .categories
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let len = scale(r.points, max, BAR_MAX);
                HBar {
                    kind: r.kind,
                    label: cut(&r.label),
                    full_label: r.label.clone(),
                    value: fmt2(r.points),
                    y: ROWS_TOP + i * ROW,
                    len: fmt1(len),
                    value_x: fmt1(Decimal::from(BAR_X) + len + Decimal::from(5)),
                }
            })
            .collect();
        ChartsView {
            category_width: CATEGORY_WIDTH,
            category_height: ROWS_TOP * 2 + categories.len() * ROW,
            categories,
            grades: columns(&c.grades, &[charts::NO_GRADE]),
            rates: columns(&c.rates, &[charts::NONE]),
            scores: columns(&c.scores, &[charts::NONE]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn bars_scale_to_the_longest() {
        assert_eq!(scale(d("29.84"), d("29.84"), 330), d("330"));
        assert_eq!(scale(d("6.05"), d("29.84"), 330), d("66.9"));
        assert_eq!(scale(d("0.01"), d("29.84"), 330), d("1"));
        assert_eq!(scale(d("0"), d("29.84"), 330), d("0"));
        assert_eq!(scale(Decimal::MAX, d("0.0000001"), 330), d("330"));
        assert_eq!(scale(d("5"), Decimal::ZERO, 330), d("0"));
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(cut("产出指标"), "产出指标");
        let long = "一".repeat(40);
        assert_eq!(cut(&long).chars().count(), LABEL_CHARS);
        assert!(cut(&long).ends_with('…'));
    }
}
