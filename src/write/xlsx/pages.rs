//! Page planning: how much a printed page holds, whether a form fits one page, and where
//! the manual page breaks go.

use super::layout::{COLS, Layout};

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

/// How good a place a break before logical row `b` is: 1 between blocks (the funds, the
/// goals, the indicator table, 一级指标 blocks), 2 between 二级指标 blocks, 3 between rows no
/// merged cell spans, 4 inside a merged cell, 5 where a row must stay with the one above.
fn rank(layout: &Layout, b: usize) -> u8 {
    if layout.keep_with_previous.contains(&b) {
        return 5;
    }
    if let Some(&(_, r)) = layout.blocks.iter().find(|&&(row, _)| row == b) {
        return r;
    }
    let inside = layout.cells.iter().any(|p| p.r0 < b && b <= p.r1);
    if inside { 4 } else { 3 }
}

/// Logical rows that start a new printed page: as late as fits, at the best place the page
/// offers (see [`rank`]): between 一级指标 blocks; only when one block is taller than a page,
/// between 二级指标 blocks; only when that fails, between rows; inside a merged cell only when
/// one is taller than a page. `header` is the height of the indicator table's header row,
/// which pages after the one it starts on repeat at their top.
pub(super) fn page_breaks(
    layout: &Layout,
    heights: &[f64],
    capacity: f64,
    header: f64,
) -> Vec<usize> {
    let n = heights.len();
    let room = |start: usize| {
        if start > layout.header_row && layout.header_row > 0 {
            capacity - header
        } else {
            capacity
        }
    };
    let ranks: Vec<u8> = (0..=n).map(|b| rank(layout, b)).collect();
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for r in 0..n {
        if r > start && used + heights[r] > room(start) {
            // A block taller than a page gains nothing from starting a page: it is cut
            // anyway, so a break inside it, at the next best kind of place, is taken.
            let fits = |b: usize, best: u8| {
                let end = (b + 1..n).find(|&e| ranks[e] <= best).unwrap_or(n);
                best >= 3 || heights[b..end].iter().sum::<f64>() <= room(b)
            };
            let at = (1..=4)
                .find_map(|best| {
                    (start + 1..=r)
                        .rev()
                        .find(|&b| ranks[b] <= best && fits(b, best))
                })
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
    fn page_breaks_fall_between_blocks_then_level2_then_rows() {
        let mut l = Layout::default();
        for r in 0..8 {
            l.one(r, 2, Value::text("x"), Style::Center);
        }
        // Rows 1..=6 are one 一级指标 block; 1..=3 and 4..=6 two 二级指标 blocks in it.
        l.add((1, 0, 6, 0), Value::text("产出指标"), Style::Label);
        l.add((1, 1, 3, 1), Value::text("数量指标"), Style::Label);
        l.add((4, 1, 6, 1), Value::text("质量指标"), Style::Label);
        l.blocks = vec![(1, 1), (4, 2), (7, 1)];
        let heights = [100.0; 8];
        // Everything fits: no break.
        assert!(page_breaks(&l, &heights, 800.0, 0.0).is_empty());
        // A page holds 7.5 rows: the break goes before the next block.
        assert_eq!(page_breaks(&l, &heights, 750.0, 0.0), vec![7]);
        // A page holds 5.5 rows: the 一级指标 block is taller than a page, so the break goes
        // between its 二级指标 blocks, not inside 质量指标.
        assert_eq!(page_breaks(&l, &heights, 550.0, 0.0), vec![4]);
        // A page holds 2.5 rows: blocks taller than a page are cut, between rows no merge
        // spans first (1), then inside merges (3, 6), a 二级指标 boundary taken where it comes.
        assert_eq!(page_breaks(&l, &heights, 250.0, 0.0), vec![1, 3, 4, 6]);
        // The repeated header takes room on the pages after the one it starts on.
        assert_eq!(page_breaks(&l, &heights, 450.0, 0.0), vec![4]);
        l.header_row = 1;
        assert_eq!(page_breaks(&l, &heights, 450.0, 100.0), vec![4, 7]);
        l.header_row = 0;
        // A row that stays with the row above is never a page's first.
        l.keep_with_previous = vec![7];
        assert_eq!(page_breaks(&l, &heights, 750.0, 0.0), vec![1]);
    }

    #[test]
    fn footer_escapes_ampersand() {
        assert_eq!(footer("A&B"), "&LA&&B&R&P / &N");
    }
}
