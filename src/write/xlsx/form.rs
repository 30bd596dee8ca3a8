//! The form sheet: one form in the official paper layout, with print setup for A4.

use super::SUMMARY_SHEET;
use super::cells::SheetCells;
use super::findings::Places;
use super::layout::{COLS, form_layout};
use super::names::internal_link;
use super::pages::{
    MARGIN_BOTTOM, MARGIN_SIDE, MARGIN_TOP, fits_one_page, footer, page_breaks, page_capacity,
};
use super::sizing::{column_widths, physical_rows, row_heights};
use super::style::{Style, Xf};
use super::value::Value;
use crate::model::Report;
use crate::sheets::{BACK_TO_SUMMARY, UNPLACED_NOTE};
use rust_xlsxwriter::{Url, Worksheet, XlsxError};

/// Most manual page breaks Excel keeps on one sheet.
pub(super) const MAX_PAGE_BREAKS: usize = 1023;

/// The column of the link back to 汇总: right of the form, outside its print area, so the
/// paper layout and what a reader finds in it stay as they are.
const BACK_COL: u16 = COLS as u16 + 1;

/// One form's sheet in the paper layout with print setup for A4, its cells (written to the
/// sheet's XML once the workbook's strings are numbered), and where its parts landed.
/// `back` is the row of this form's line on 汇总, which a link beside the title returns to.
pub(super) fn form_sheet(
    report: &Report,
    name: &str,
    back: u32,
    xf: &Xf,
) -> Result<(Box<Worksheet>, SheetCells, Places), XlsxError> {
    let layout = form_layout(report);
    let measured = layout.measure();
    let widths = column_widths(&layout, &measured);
    let heights = row_heights(&layout, &measured, &widths);
    let (starts, spans) = physical_rows(&heights);

    // Boxed: a Worksheet is 5 KB, and thousands are collected and moved about.
    let mut sheet = Box::new(Worksheet::new());
    let ws = &mut *sheet;
    let mut cells = SheetCells::default();
    ws.set_name(name)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (l, &h) in heights.iter().enumerate() {
        let per = h / f64::from(spans[l]);
        for k in 0..spans[l] {
            cells.set_row_height(starts[l] + k, per)?;
        }
    }
    for p in &layout.cells {
        let r0 = starts[p.r0];
        let r1 = starts[p.r1] + spans[p.r1] - 1;
        let s = match p.value {
            Value::Text(_) => xf.style(p.style),
            Value::Number(d, grouped) => xf.number(d, grouped),
        };
        cells.put((r0, p.c0 as u16, r1, p.c1 as u16), &p.value, s)?;
    }
    let last_row = starts
        .last()
        .zip(spans.last())
        .map_or(0, |(s, n)| s + n - 1);
    add_unplaced(&mut cells, report, last_row + 2, xf)?;
    // Points a regional form prints on its indicator block's outer label (年度绩效目标(80分)),
    // beside the header row and outside the print area: the national layout has no column
    // for that label, and this is where the points read back from.
    if let Some(p) = report
        .points
        .iter()
        .find(|p| ["年度绩效目标", "绩效目标"].contains(&p.label.as_str()))
    {
        let text = format!("{}({}分)", p.label, p.points);
        let row = starts[layout.header_row];
        cells.write_string(row, COLS as u16, &text, xf.style(Style::Note))?;
    }
    // The link's cell is written with the others; the sheet keeps the link itself.
    let url = Url::new(internal_link(SUMMARY_SHEET, (back, 1))).set_text(BACK_TO_SUMMARY);
    let shown = ws.insert_hyperlink(0, BACK_COL, url)?;
    cells.write_string(0, BACK_COL, &shown, xf.style(Style::FreeLink))?;
    ws.set_column_width(BACK_COL, 10.0)?;

    let capacity = page_capacity(&widths);
    let one_page = fits_one_page(heights.iter().sum(), capacity);
    let breaks: Vec<u32> = if one_page {
        Vec::new()
    } else {
        page_breaks(&layout, &heights, capacity, heights[layout.header_row])
            .into_iter()
            .filter_map(|l| starts.get(l).copied())
            .collect()
    };
    if !breaks.is_empty() {
        // Excel holds at most 1,023 manual breaks a sheet; a longer form prints on after
        // them with automatic breaks rather than not at all.
        ws.set_page_breaks(&breaks[..breaks.len().min(MAX_PAGE_BREAKS)])?;
        // Continuation pages start with the indicator table's header row.
        let h = layout.header_row;
        ws.set_repeat_rows(starts[h], starts[h] + spans[h] - 1)?;
    }
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, u16::from(one_page))
        .set_print_center_horizontally(true)
        .set_margins(
            MARGIN_SIDE,
            MARGIN_SIDE,
            MARGIN_TOP,
            MARGIN_BOTTOM,
            0.3,
            0.3,
        )
        .set_screen_gridlines(false)
        .set_footer(footer(&report.project));
    ws.set_print_area(0, 0, last_row, (COLS - 1) as u16)?;
    let at = |l: usize| starts.get(l).copied().unwrap_or(0);
    let places = Places {
        indicators: (0..report.indicators.len())
            .map(|k| at(layout.first_indicator + k))
            .collect(),
        funds: at(layout.funds_row),
        total: at(layout.total_row),
    };
    Ok((sheet, cells, places))
}

/// Input text the reader could not place, kept below the printed form (outside the print
/// area) so nothing read is lost and a clerk can still find it.
pub(super) fn add_unplaced(
    cells: &mut SheetCells,
    report: &Report,
    first: u32,
    xf: &Xf,
) -> Result<(), XlsxError> {
    if report.unplaced.is_empty() {
        return Ok(());
    }
    let note = xf.style(Style::Note);
    cells.merge_range((first, 0, first, 7), UNPLACED_NOTE, note)?;
    for (k, u) in report.unplaced.iter().enumerate() {
        let row = first + 1 + k as u32;
        cells.write_string(row, 0, &u.at, note)?;
        cells.merge_range((row, 1, row, 7), &u.text, note)?;
    }
    Ok(())
}
