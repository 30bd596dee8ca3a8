//! The form sheet: one form in the official paper layout, with print setup for A4.

use super::layout::{COLS, form_layout};
use super::pages::{
    MARGIN_BOTTOM, MARGIN_SIDE, MARGIN_TOP, fits_one_page, footer, page_breaks, page_capacity,
};
use super::sizing::{column_widths, physical_rows, row_heights};
use super::style::{Formats, Style};
use super::value::put;
use crate::model::Report;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Most manual page breaks Excel keeps on one sheet.
pub(super) const MAX_PAGE_BREAKS: usize = 1023;

/// One form's sheet in the paper layout with print setup for A4.
pub(super) fn form_sheet(
    report: &Report,
    name: &str,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let layout = form_layout(report);
    let measured = layout.measure();
    let widths = column_widths(&layout, &measured);
    let heights = row_heights(&layout, &measured, &widths);
    let (starts, spans) = physical_rows(&heights);

    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(name)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (l, &h) in heights.iter().enumerate() {
        let per = h / f64::from(spans[l]);
        for k in 0..spans[l] {
            ws.set_row_height(starts[l] + k, per)?;
        }
    }
    for p in &layout.cells {
        let r0 = starts[p.r0];
        let r1 = starts[p.r1] + spans[p.r1] - 1;
        put(
            ws,
            (r0, p.c0 as u16, r1, p.c1 as u16),
            &p.value,
            p.style,
            formats,
        )?;
    }
    let last_row = starts
        .last()
        .zip(spans.last())
        .map_or(0, |(s, n)| s + n - 1);
    add_unplaced(ws, report, last_row + 2, formats)?;

    let capacity = page_capacity(&widths);
    let one_page = fits_one_page(heights.iter().sum(), capacity);
    let breaks: Vec<u32> = if one_page {
        Vec::new()
    } else {
        page_breaks(&layout, &measured, &heights, &widths, capacity)
            .into_iter()
            .filter_map(|l| starts.get(l).copied())
            .collect()
    };
    if !breaks.is_empty() {
        // Excel holds at most 1,023 manual breaks a sheet; a longer form prints on after
        // them with automatic breaks rather than not at all.
        ws.set_page_breaks(&breaks[..breaks.len().min(MAX_PAGE_BREAKS)])?;
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
    Ok(sheet)
}

/// Input text the reader could not place, kept below the printed form (outside the print
/// area) so nothing read is lost and a clerk can still find it.
pub(super) fn add_unplaced(
    ws: &mut Worksheet,
    report: &Report,
    first: u32,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if report.unplaced.is_empty() {
        return Ok(());
    }
    let note = formats.style(Style::Note);
    ws.merge_range(
        first,
        0,
        first,
        7,
        "未能归入表格字段的原文（不打印） (input text not placed in a field; not printed)",
        note,
    )?;
    for (k, u) in report.unplaced.iter().enumerate() {
        let row = first + 1 + k as u32;
        ws.write_string_with_format(row, 0, &u.at, note)?;
        ws.merge_range(row, 1, row, 7, &u.text, note)?;
    }
    Ok(())
}
