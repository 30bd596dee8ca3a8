//! Table sheets (汇总, 扣分明细, 校验): a header row over one row per entry, sized for
//! landscape A4.

use super::measure::{MAX_ROW_PT, has_break, lines_height, text_units, widest_line, wrapped_lines};
use super::names::internal_link;
use super::numbers::shown_number;
use super::sizing::fit_widths;
use super::style::{Formats, Style};
use super::value::{Value, put};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Url, Worksheet, XlsxError};

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
    /// Text linking to cell A1 of another sheet of the workbook.
    Link {
        text: String,
        sheet: String,
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

    pub(super) fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Link { text: s, .. } => s.clone(),
            Cell::Number(d) => shown_number(*d, false),
            Cell::Amount(d) => shown_number(*d, true),
        }
    }
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

/// Widest a table column grows before its text wraps.
pub(super) const TABLE_MAX_COL: f64 = 40.0;
/// Widest a hyperlink column grows.
pub(super) const TABLE_MAX_LINK: f64 = 40.0;
/// Width units across landscape A4 (297 mm less margins) at 100%.
pub(super) const LANDSCAPE_UNITS: f64 = 150.0;

/// A table sheet: header row, one row per entry, autofilter, frozen header, landscape A4
/// one page wide with the header repeated on every printed page.
pub(super) fn table_sheet(table: &Table, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(&table.name)?;
    let ncols = table.headers.len();
    if ncols == 0 {
        return Ok(sheet);
    }
    // Headers wrap onto two lines at most; numbers never wrap; text shares what is left of a
    // landscape page.
    let min: Vec<f64> = table
        .headers
        .iter()
        .map(|h| {
            // A short header stays on one line; a long one may take two.
            let units = text_units(h);
            let w = if units <= 10.0 {
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
                Cell::Number(_) | Cell::Amount(_) => w,
                // LibreOffice does not wrap a hyperlink cell: give it its whole line.
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
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    let header = formats.style(Style::Header);
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, header)?;
    }
    let header_lines = table
        .headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| wrapped_lines(h, *w))
        .max()
        .unwrap_or(1);
    ws.set_row_height(0, lines_height(header_lines))?;

    let link_format = formats.style(Style::Link);
    let text_format = formats.style(Style::Left);
    for (k, row) in table.rows.iter().enumerate() {
        let r = (k + 1) as u32;
        let mut lines = 1;
        for (c, w) in widths.iter().enumerate() {
            let col = c as u16;
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            lines = lines.max(wrapped_lines(&cell.shown(), *w));
            match cell {
                Cell::Empty => {
                    ws.write_blank(r, col, text_format)?;
                }
                Cell::Text(s) => {
                    ws.write_string_with_format(r, col, s, text_format)?;
                }
                Cell::Number(d) => put(
                    ws,
                    (r, col, r, col),
                    &Value::Number(*d, false),
                    Style::Center,
                    formats,
                )?,
                Cell::Amount(d) => put(
                    ws,
                    (r, col, r, col),
                    &Value::Number(*d, true),
                    Style::Center,
                    formats,
                )?,
                Cell::Link { text, sheet } => {
                    let url = Url::new(internal_link(sheet)).set_text(text.as_str());
                    ws.write_url_with_format(r, col, url, link_format)?;
                }
            }
        }
        ws.set_row_height(r, lines_height(lines).min(MAX_ROW_PT))?;
    }

    let last_row = table.rows.len() as u32;
    let last_col = (ncols - 1) as u16;
    ws.autofilter(0, 0, last_row, last_col)?;
    if printed < ncols {
        ws.set_print_area(0, 0, last_row, (printed - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3)
        .set_footer(format!("&L{}&R&P / &N", table.name.replace('&', "&&")));
    Ok(sheet)
}
