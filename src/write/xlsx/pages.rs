//! Page planning: how much a printed page holds, whether a form fits one page, and where
//! the manual page breaks go.

use super::layout::{COLS, Layout};
use super::measure::{LINE_PT, Measured, ROW_PAD_PT};

/// Page margins of the form sheets, in inches.
pub(super) const MARGIN_SIDE: f64 = 0.4;
pub(super) const MARGIN_TOP: f64 = 0.6;
pub(super) const MARGIN_BOTTOM: f64 = 0.7;
/// A4 in inches.
pub(super) const A4_WIDTH_IN: f64 = 8.27;
pub(super) const A4_HEIGHT_IN: f64 = 11.69;

/// Points of row height one printed page holds: the printable height, less a margin for
/// rounding, divided by the scale fit-to-width prints at (columns are 7 px a unit plus 5 px
/// padding at 96 dpi).
pub(super) fn page_capacity(widths: &[f64; COLS]) -> f64 {
    let printable_px = (A4_WIDTH_IN - 2.0 * MARGIN_SIDE) * 96.0;
    let table_px: f64 = widths.iter().map(|w| 7.0 * w + 5.0).sum();
    let scale = (printable_px / table_px).min(1.0);
    (A4_HEIGHT_IN - MARGIN_TOP - MARGIN_BOTTOM) * 72.0 * 0.98 / scale
}

/// The smallest share of its one-page-wide size a form is shrunk to so that it prints on one
/// page: most forms run a little over one page, and a clerk files a form as one sheet of
/// paper. At 0.8, 五号 (10.5pt) text prints at 8.4pt, still above 六号 (7.5pt); a longer form
/// prints at full width over several pages, broken between blocks.
pub(super) const MIN_ONE_PAGE_SHRINK: f64 = 0.8;

/// Whether a form whose rows add up to `height` points prints on one page, shrunk by no more
/// than [`MIN_ONE_PAGE_SHRINK`], given the points one page holds at one page wide.
pub(super) fn fits_one_page(height: f64, capacity: f64) -> bool {
    height * MIN_ONE_PAGE_SHRINK <= capacity
}

/// How full a page must be before a clean break (between 一级指标 blocks, or before the
/// indicator table) is preferred to one inside a merged block.
pub(super) const MIN_PAGE_FILL: f64 = 0.5;

/// Logical rows that start a new printed page. A break between merged-cell groups (an 一级指标
/// block) is clean; when that would leave much of a page empty, a break inside a merged cell
/// is taken if the cell's text, drawn at its middle, stays whole on one side; only a block
/// taller than a page is cut anywhere.
pub(super) fn page_breaks(
    layout: &Layout,
    measured: &[Measured],
    heights: &[f64],
    widths: &[f64; COLS],
    capacity: f64,
) -> Vec<usize> {
    let n = heights.len();
    // Vertical merges and the height of their text.
    let merges: Vec<(usize, usize, f64)> = layout
        .cells
        .iter()
        .zip(measured)
        .filter(|(p, _)| p.r1 > p.r0)
        .map(|(p, m)| {
            let width: f64 = widths[p.c0..=p.c1.min(COLS - 1)].iter().sum();
            let lines = m.lines(width);
            (p.r0, p.r1, lines as f64 * LINE_PT + ROW_PAD_PT)
        })
        .collect();
    let kept = |b: usize| layout.keep_with_previous.contains(&b);
    let clean = |b: usize| !kept(b) && !merges.iter().any(|&(r0, r1, _)| r0 < b && b <= r1);
    let text_whole = |b: usize| {
        !kept(b)
            && merges
                .iter()
                .filter(|&&(r0, r1, _)| r0 < b && b <= r1)
                .all(|&(r0, r1, text)| {
                    let at: f64 = heights[r0..b].iter().sum();
                    let total: f64 = heights[r0..=r1].iter().sum();
                    (at - total / 2.0).abs() >= text / 2.0
                })
    };
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for r in 0..n {
        if r > start && used + heights[r] > capacity {
            let filled = |b: usize| heights[start..b].iter().sum::<f64>() / capacity;
            let candidates = (start + 1..=r).rev();
            let at = candidates
                .clone()
                .find(|&b| clean(b) && filled(b) >= MIN_PAGE_FILL)
                .or_else(|| candidates.clone().find(|&b| text_whole(b)))
                .unwrap_or(r);
            breaks.push(at);
            start = at;
            used = heights[at..r].iter().sum();
        }
        used += heights[r];
    }
    breaks
}

/// The footer: project name on the left, page x / y on the right. `&` is a code in Excel
/// footers, so a literal one is doubled; the name is cut to stay inside Excel's 255 limit.
pub(super) fn footer(project: &str) -> String {
    let name: String = project
        .chars()
        .take(80)
        .collect::<String>()
        .replace('&', "&&");
    format!("&L{name}&R&P / &N")
}

#[cfg(test)]
mod tests {
    use super::super::style::Style;
    use super::super::value::Value;
    use super::*;

    #[test]
    fn a_form_up_to_a_quarter_over_one_page_is_shrunk_onto_it() {
        assert!(fits_one_page(700.0, 700.0));
        assert!(fits_one_page(875.0, 700.0));
        assert!(!fits_one_page(876.0, 700.0));
    }

    #[test]
    fn page_breaks_fall_between_merged_groups() {
        let widths = [10.0; COLS];
        let mut l = Layout::default();
        for r in 0..6 {
            l.one(r, 2, Value::text("x"), Style::Center);
        }
        // Rows 1..=3 are one merged group; its label is drawn in the middle of row 2.
        l.add((1, 0, 3, 0), Value::text("产出指标"), Style::Label);
        let heights = [100.0; 6];
        // A page holds 3 rows; a clean break at row 1 would leave the page a third full, so
        // the break goes inside the group where the label stays whole (row 3, not row 2).
        assert_eq!(
            page_breaks(&l, &l.measure(), &heights, &widths, 300.0),
            vec![3]
        );
        // A page holds 4.5 rows: the clean break before the group's end fills enough.
        assert_eq!(
            page_breaks(&l, &l.measure(), &heights, &widths, 450.0),
            vec![4]
        );
        // Everything fits: no break.
        assert!(page_breaks(&l, &l.measure(), &heights, &widths, 600.0).is_empty());
        // A group taller than a page is cut where it must be.
        let breaks = page_breaks(&l, &l.measure(), &heights, &widths, 150.0);
        assert_eq!(breaks, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn footer_escapes_ampersand() {
        assert_eq!(footer("A&B"), "&LA&&B&R&P / &N");
    }
}
