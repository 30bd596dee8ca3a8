//! Table sheets (汇总, 扣分明细, 校验): a header row over one row per entry, sized for
//! landscape A4.

use super::cells::{LaidSheet, SheetCells};
use super::link::write_link;
use super::measure::{MAX_ROW_PT, has_break, lines_height, text_units, widest_line, wrapped_lines};
use super::names::internal_link;
use super::numbers::{exact_f64, shown_number};
use super::sizing::fit_widths;
use super::style::{Style, Xf};
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, Format, Formula, Worksheet, XlsxError,
};
use std::borrow::Cow;

/// A cell of a table sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, written as a string whatever it starts with.
    Text(String),
    /// A number shown with its own decimals (`0.00`).
    Number(Decimal),
    /// An amount shown with thousands separators (`#,##0.00`).
    Amount(Decimal),
    /// An amount in 万元, in the one format of its column ([`Style::Money`]).
    Money(Decimal),
    /// A rate or score, in the one format of its column ([`Style::Score`]).
    Score(Decimal),
    /// Text linking to a cell (row, column from 0) of another sheet of the workbook.
    Link {
        text: String,
        sheet: String,
        at: (u32, u16),
    },
    /// The sum of this column over the table's rows `first..=last` (indices into
    /// [`Table::rows`]), written as a live `SUBTOTAL(9, …)` so edits and filters update it
    /// (it leaves out other subtotals in its range), cached as `value` for readers that do
    /// not recalculate.
    Subtotal {
        first: usize,
        last: usize,
        value: Decimal,
    },
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn number(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Number)
    }

    pub fn amount(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Amount)
    }

    pub fn score(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Score)
    }

    /// A link to cell A1 of `sheet`.
    pub fn link(text: impl Into<String>, sheet: impl Into<String>) -> Cell {
        Cell::Link {
            text: text.into(),
            sheet: sheet.into(),
            at: (0, 0),
        }
    }

    /// The text as shown, to measure it: a text as it is, a number as formatted.
    pub(super) fn shown(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Link { text: s, .. } => Cow::Borrowed(s),
            Cell::Number(d) => Cow::Owned(shown_number(*d, false)),
            Cell::Amount(d) => Cow::Owned(shown_number(*d, true)),
            Cell::Money(d) | Cell::Subtotal { value: d, .. } => Cow::Owned(shown_fixed(*d, true)),
            Cell::Score(d) => Cow::Owned(shown_fixed(*d, false)),
        }
    }
}

/// `d` as the money or score format shows it: two to six decimals.
fn shown_fixed(d: Decimal, grouped: bool) -> String {
    let mut d = d.round_dp(6).normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    shown_number(d, grouped)
}

/// A sheet of rows under one header row, with autofilter and frozen header: the shape of
/// 汇总, 扣分明细 and the findings sheet 校验.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// How many leading columns print; the rest (references such as the source file) show on
    /// screen only, so the printout keeps a readable size. `None`: all print.
    pub print_columns: Option<usize>,
}

/// What a table sheet may have besides its header and rows (汇总 has all three).
#[derive(Debug, Clone, Default)]
pub(super) struct Frame {
    /// A title row above the header, across the printed columns.
    pub(super) title: Option<String>,
    /// Rows (indices into [`Table::rows`]) that are 小计/合计 rows, bold on a fill.
    pub(super) totals: Vec<usize>,
    /// A column of check results, red where it says 错误, amber where it says 警告.
    pub(super) status: Option<usize>,
}

/// Widest a table column grows before its text wraps.
pub(super) const TABLE_MAX_COL: f64 = 40.0;
/// Widest a hyperlink column grows.
pub(super) const TABLE_MAX_LINK: f64 = 40.0;
/// Width units across landscape A4 (297 mm less margins) at 100%.
pub(super) const LANDSCAPE_UNITS: f64 = 150.0;

/// A table sheet: an optional title row, the header row, one row per entry, autofilter,
/// frozen header, landscape A4 one page wide with the header repeated on every printed page.
pub(super) fn table_sheet(table: &Table, frame: &Frame, xf: &Xf) -> Result<LaidSheet, XlsxError> {
    let mut sheet = Box::new(Worksheet::new());
    let mut cells = SheetCells::default();
    let ws = &mut *sheet;
    ws.set_name(&table.name)?;
    let ncols = table.headers.len();
    if ncols == 0 {
        return Ok((sheet, cells));
    }
    let widths = table_widths(table);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let printed = table.print_columns.unwrap_or(ncols).clamp(1, ncols);
    let last_col = (ncols - 1) as u16;

    // The title row, across the printed columns, then the header row.
    let head = u32::from(frame.title.is_some());
    if let Some(title) = &frame.title {
        let fmt = xf.style(Style::Title);
        if printed > 1 {
            cells.merge_range((0, 0, 0, (printed - 1) as u16), title, fmt)?;
        } else {
            cells.write_string(0, 0, title, fmt)?;
        }
        cells.set_row_height(0, 32.0)?;
    }
    let header = xf.style(Style::Header);
    for (c, h) in table.headers.iter().enumerate() {
        cells.write_string(head, c as u16, h, header)?;
    }
    let header_lines = table
        .headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| wrapped_lines(h, *w))
        .max()
        .unwrap_or(1);
    cells.set_row_height(head, lines_height(header_lines))?;

    let first = head + 1;
    for (k, row) in table.rows.iter().enumerate() {
        let r = first + k as u32;
        let total = frame.totals.contains(&k);
        let mut lines = 1;
        for (c, w) in widths.iter().enumerate() {
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            lines = lines.max(wrapped_lines(&cell.shown(), *w));
            write_cell(ws, &mut cells, (r, c as u16), cell, (total, first), xf)?;
        }
        cells.set_row_height(r, lines_height(lines).min(MAX_ROW_PT))?;
    }

    let last_row = head + table.rows.len() as u32;
    // The 合计 row stays out of the filter range, so filtering never hides it.
    let grand_total = !table.rows.is_empty() && frame.totals.contains(&(table.rows.len() - 1));
    ws.autofilter(head, 0, last_row - u32::from(grand_total), last_col)?;
    if let Some(c) = frame.status {
        add_status_colours(ws, (first, c as u16, last_row))?;
    }
    if printed < ncols {
        ws.set_print_area(0, 0, last_row, (printed - 1) as u16)?;
    }
    ws.set_freeze_panes(head + 1, 0)?;
    ws.set_repeat_rows(head, head)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3)
        .set_footer(format!("&L{}&R&P / &N", table.name.replace('&', "&&")));
    Ok((sheet, cells))
}

/// Column widths: headers wrap onto two lines at most; numbers never wrap; text shares what
/// is left of a landscape page.
fn table_widths(table: &Table) -> Vec<f64> {
    let ncols = table.headers.len();
    let min: Vec<f64> = table
        .headers
        .iter()
        .map(|h| {
            // A short header stays on one line (全年预算数（万元） too: wrapped, its closing
            // bracket took a line of its own); a long one may take two.
            let units = text_units(h);
            let w = if units <= 18.0 {
                units + 2.0
            } else {
                units / 2.0 + 3.0
            };
            w.clamp(6.0, TABLE_MAX_COL)
        })
        .collect();
    let mut widths = min.clone();
    let mut shrink = vec![0.0; ncols];
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate().take(ncols) {
            let w = widest_line(&cell.shown()) + 2.0;
            let w = match cell {
                Cell::Number(_)
                | Cell::Amount(_)
                | Cell::Money(_)
                | Cell::Score(_)
                | Cell::Subtotal { .. } => w,
                // A link wraps past this width like text (see `link`), but its column never
                // shrinks below it: the names are what a reviewer reads the table by.
                Cell::Link { .. } => w.min(TABLE_MAX_LINK),
                // Text wraps where a line may break; a single word (a file name) is not
                // worth breaking mid-word, so its column keeps its width.
                _ if has_break(&cell.shown()) => {
                    shrink[c] = 1.0;
                    w.min(TABLE_MAX_COL)
                }
                _ => w.min(TABLE_MAX_COL),
            };
            widths[c] = widths[c].max(w);
        }
    }
    // A hyperlink column keeps its width whatever text its 小计/合计 rows hold.
    for (c, k) in shrink.iter_mut().enumerate() {
        if table
            .rows
            .iter()
            .any(|r| matches!(r.get(c), Some(Cell::Link { .. })))
        {
            *k = 0.0;
        }
    }
    let printed = table.print_columns.unwrap_or(ncols).clamp(1, ncols);
    let floor: Vec<f64> = widths
        .iter()
        .zip(&min)
        .zip(&shrink)
        .map(|((&w, &m), &k)| if k > 0.0 { m.max(14.0).min(w) } else { w })
        .collect();
    fit_widths(
        &mut widths[..printed],
        &floor[..printed],
        &shrink[..printed],
        LANDSCAPE_UNITS,
    );
    widths
}

/// One cell of a table row: its value, in the look of its column (bold on a fill in a
/// 小计/合计 row); a link's target goes to the sheet, its text to the cells.
fn write_cell(
    ws: &mut Worksheet,
    cells: &mut SheetCells,
    (r, col): (u32, u16),
    cell: &Cell,
    (total, first): (bool, u32),
    xf: &Xf,
) -> Result<(), XlsxError> {
    let text_format = xf.style(if total { Style::Total } else { Style::Left });
    let number = |cells: &mut SheetCells, d: Decimal, s: u32| match exact_f64(d) {
        Some(f) => cells.write_number(r, col, f, s),
        // More digits than a double holds: keep them all, as text.
        None => cells.write_string(r, col, &d.to_string(), s),
    };
    match cell {
        Cell::Empty => cells.write_blank(r, col, text_format),
        Cell::Text(s) => cells.write_string(r, col, s, text_format),
        Cell::Number(d) => number(cells, *d, xf.number(*d, false)),
        Cell::Amount(d) => number(cells, *d, xf.number(*d, true)),
        Cell::Money(d) | Cell::Score(d) => {
            let style = match (cell, total) {
                (Cell::Money(_), false) => Style::Money,
                (Cell::Money(_), true) => Style::TotalMoney,
                (_, false) => Style::Score,
                (_, true) => Style::TotalScore,
            };
            number(cells, *d, xf.style(style))
        }
        Cell::Subtotal {
            first: a,
            last: b,
            value,
        } => {
            let range = cell_range(first + *a as u32, col, first + *b as u32, col);
            let formula =
                Formula::new(format!("=SUBTOTAL(9,{range})")).set_result(value.to_string());
            cells.write_formula(r, col, formula, xf.style(Style::TotalMoney))
        }
        Cell::Link { text, sheet, at } => write_link(
            ws,
            cells,
            (r, col),
            text,
            &internal_link(sheet, *at),
            xf.style(Style::Link),
        ),
    }
}

/// Red for a check result with errors, amber for one with warnings only, over `col` of rows
/// `first..=last`.
fn add_status_colours(
    ws: &mut Worksheet,
    (first, col, last): (u32, u16, u32),
) -> Result<(), XlsxError> {
    if last < first {
        return Ok(());
    }
    let rules = [("错误", 0xFFC7CE, 0x9C0006), ("警告", 0xFFEB9C, 0x9C5700)];
    for (word, fill, font) in rules {
        let format = Format::new()
            .set_background_color(fill)
            .set_font_color(font);
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(word.to_string()))
            .set_stop_if_true(true)
            .set_format(format);
        ws.add_conditional_format(first, col, last, col, &rule)?;
    }
    Ok(())
}
