//! Sizing: column widths from the content and the page, row heights from the wrapped text.

use super::layout::{COLS, Layout, Placed};
use super::measure::{MAX_ROW_PT, MIN_ROW_PT, Measured, lines_height};
use super::measure::{TITLE_PT, YEAR_PT};
use super::pages::{A4_WIDTH_IN, MARGIN_SIDE};
use super::style::Style;
use super::value::Value;

/// Smallest and largest width of each column A..H, in Excel width units. A holds the 6-character
/// label 年度总体目标 on one line, B holds 可持续影响指标 and wraps 服务对象满意度指标 after 满意度.
pub(super) const COL_MIN: [f64; COLS] = [13.0, 15.0, 12.0, 11.0, 11.0, 7.0, 8.0, 12.0];
pub(super) const COL_MAX: [f64; COLS] = [13.0, 15.0, 26.0, 18.0, 18.0, 9.0, 10.0, 40.0];
/// A target or actual up to this wide (`=23000.00(人)`, `≤100.00(%)`) gets its own line
/// rather than a break inside the number.
pub(super) const SHORT_VALUE: f64 = 16.0;
/// Columns that share the spare width: reason, name, actual, target (ties go in this order).
pub(super) const GROWABLE: [usize; 4] = [7, 2, 4, 3];
/// Width units that fill the printable width of portrait A4 at 100%: 96 px an inch, each
/// column 7 px a unit plus 5 px of padding.
pub(super) fn page_units() -> f64 {
    (((A4_WIDTH_IN - 2.0 * MARGIN_SIDE) * 96.0 - 5.0 * COLS as f64) / 7.0).floor() - 0.5
}

/// Column widths from the content: every number fits (numbers never wrap), then the spare
/// width of the page goes, a few units at a time, to the text column where it saves the most
/// height, so the form is as short as the page width allows.
pub(super) fn column_widths(layout: &Layout, measured: &[Measured]) -> [f64; COLS] {
    let mut widths = COL_MIN;
    for (p, m) in layout.cells.iter().zip(measured) {
        if p.c0 != p.c1 || p.c0 >= COLS {
            continue;
        }
        let w = m.widest + 2.0;
        let short_value = (p.c0 == 3 || p.c0 == 4) && w <= SHORT_VALUE;
        if matches!(p.value, Value::Number(..)) || short_value {
            widths[p.c0] = widths[p.c0].max(w);
        }
    }
    // Each trial widens one column, so only the cells over that column are measured again;
    // the others keep the height they need (wrapping is most of the work of sizing a form).
    let total_height = |needs: &[f64]| -> f64 { heights_from(layout, needs).iter().sum() };
    let over = |p: &Placed, c: usize| p.c0 <= c && c <= p.c1.min(COLS - 1);
    let mut spare = page_units() - widths.iter().sum::<f64>();
    let mut needs = cell_needs(layout, measured, &widths);
    let mut height = total_height(&needs);
    let mut trial = needs.clone();
    // The needs and height of the best trial so far: the next round starts from them.
    let mut best_needs = needs.clone();
    while spare >= 1.0 {
        let mut best: Option<(usize, f64, f64, f64)> = None; // column, step, gain a unit, height
        for c in GROWABLE {
            for step in [1.0, 2.0, 4.0, 8.0] {
                if step > spare || widths[c] + step > COL_MAX[c] {
                    continue;
                }
                let mut w = widths;
                w[c] += step;
                trial.copy_from_slice(&needs);
                for (k, (p, m)) in layout.cells.iter().zip(measured).enumerate() {
                    if over(p, c) {
                        trial[k] = cell_need(p, m, &w);
                    }
                }
                let trial_height = total_height(&trial);
                let gain = (height - trial_height) / step;
                if gain > 0.0 && best.is_none_or(|(_, _, g, _)| gain > g) {
                    best = Some((c, step, gain, trial_height));
                    best_needs.copy_from_slice(&trial);
                }
            }
        }
        let Some((c, step, _, best_height)) = best else {
            break;
        };
        widths[c] += step;
        spare -= step;
        // What the trial measured is what measuring again at these widths gives.
        std::mem::swap(&mut needs, &mut best_needs);
        height = best_height;
    }
    if spare > 0.0 {
        // Nothing gets shorter: the rest goes to the reason and the name columns so the table
        // fills the page as the paper form does.
        widths[7] += spare * 0.6;
        widths[2] += spare * 0.4;
    }
    widths
}

/// Shrinks the widest shrinkable columns first until the widths fit `budget`: every column
/// with a weight is capped at `cap × weight` (never below its minimum), the largest cap that
/// fits is found by bisection. Columns without weight keep their width.
pub(super) fn fit_widths(want: &mut [f64], min: &[f64], weight: &[f64], budget: f64) {
    let capped = |cap: f64| -> Vec<f64> {
        want.iter()
            .zip(min)
            .zip(weight)
            .map(|((&w, &m), &k)| if k > 0.0 { w.min(cap * k).max(m) } else { w })
            .collect()
    };
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    if sum(want) <= budget {
        return;
    }
    let (mut lo, mut hi) = (0.0, want.iter().copied().fold(0.0, f64::max));
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if sum(&capped(mid)) > budget {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let fitted = capped(lo);
    want.copy_from_slice(&fitted);
}

/// Heights of the logical rows, in points, so that every line of every cell shows.
pub(super) fn row_heights(
    layout: &Layout,
    measured: &[Measured],
    widths: &[f64; COLS],
) -> Vec<f64> {
    heights_from(layout, &cell_needs(layout, measured, widths))
}

/// The height each cell of the layout needs for its text, in points, in the order of `cells`.
fn cell_needs(layout: &Layout, measured: &[Measured], widths: &[f64; COLS]) -> Vec<f64> {
    layout
        .cells
        .iter()
        .zip(measured)
        .map(|(p, m)| cell_need(p, m, widths))
        .collect()
}

/// The height one cell needs: its lines at the width of the columns it spans (a merged cell
/// also spans the 5 px padding of each inner column boundary).
fn cell_need(p: &Placed, m: &Measured, widths: &[f64; COLS]) -> f64 {
    let cols = &widths[p.c0..=p.c1.min(COLS - 1)];
    let width = cols.iter().sum::<f64>() + (cols.len() - 1) as f64 * 5.0 / 7.0;
    let lines = m.lines(width);
    match p.style {
        Style::Title => lines as f64 * TITLE_PT * 1.5 + 10.0,
        Style::Year => lines as f64 * YEAR_PT * 1.5 + 6.0,
        _ => lines_height(lines),
    }
}

/// Row heights from the heights the cells need: a row is as tall as its tallest cell; a cell
/// merged down several rows needs their sum, and the last row takes any shortfall.
fn heights_from(layout: &Layout, needs: &[f64]) -> Vec<f64> {
    let mut heights = vec![MIN_ROW_PT; layout.rows];
    let cells = || layout.cells.iter().zip(needs);
    for (p, &need) in cells().filter(|(p, _)| p.r0 == p.r1) {
        heights[p.r0] = heights[p.r0].max(need);
    }
    for (p, &need) in cells().filter(|(p, _)| p.r0 != p.r1) {
        let have: f64 = heights[p.r0..=p.r1].iter().sum();
        if need > have {
            heights[p.r1] += need - have;
        }
    }
    heights
}

/// Where the logical rows land: the first physical row of each and how many it spans.
pub(super) fn physical_rows(heights: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let mut starts = Vec::with_capacity(heights.len());
    let mut spans = Vec::with_capacity(heights.len());
    let mut next = 0u32;
    for &h in heights {
        let span = (h / MAX_ROW_PT).ceil().max(1.0) as u32;
        starts.push(next);
        spans.push(span);
        next += span;
    }
    (starts, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tall_rows_spread_over_several_physical_rows() {
        let (starts, spans) = physical_rows(&[20.0, 900.0, 30.0]);
        assert_eq!(starts, vec![0, 1, 4]);
        assert_eq!(spans, vec![1, 3, 1]);
    }
}
