//! Cell styles: the look of each kind of cell, built once per workbook.

use super::measure::{BODY_PT, FONT, TITLE_PT, YEAR_PT};
use super::numbers::{MAX_SHOWN_SCALE, num_format};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline, Workbook};

/// How a cell looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Style {
    /// The title above the table: large and bold, no border.
    Title,
    /// The year line under the title, no border.
    Year,
    /// A label of the form (项目名称, 一级指标 …): centered.
    Label,
    /// A short value: centered, wrapped.
    Center,
    /// Long text (goals, reasons): left, wrapped.
    Left,
    /// Plain text outside the table (the unplaced notes): no border.
    Note,
    /// Column header of a table sheet.
    Header,
    /// A hyperlink inside a table sheet.
    Link,
    /// An amount in 万元 in a table sheet: one format for the whole column, two decimals and
    /// up to four more, so 元 converted exactly (935,612.34 元 = 93.561234 万元) shows whole.
    Money,
    /// A rate or score in a table sheet: two decimals and up to four more, one format a column.
    Score,
    /// A hyperlink outside a table (返回汇总 beside a form): no border.
    FreeLink,
    /// Text of a 小计/合计 row: bold on a light fill.
    Total,
    /// An amount in a 小计/合计 row.
    TotalMoney,
    /// A 小计/合计 row's rate or score.
    TotalScore,
}

/// Number format of [`Style::Money`].
pub(super) const MONEY_FORMAT: &str = "#,##0.00####";
/// Number format of [`Style::Score`].
pub(super) const SCORE_FORMAT: &str = "0.00####";
/// Fill of 小计/合计 rows.
const TOTAL_FILL: u32 = 0xF2F2F2;

pub(super) fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(134)
        .set_font_size(BODY_PT)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

pub(super) fn format_for(style: Style) -> Format {
    let boxed = base_format().set_border(FormatBorder::Thin);
    match style {
        Style::Title => base_format()
            .set_font_size(TITLE_PT)
            .set_bold()
            .set_align(FormatAlign::Center),
        Style::Year => base_format()
            .set_font_size(YEAR_PT)
            .set_align(FormatAlign::Center),
        Style::Label => boxed.set_align(FormatAlign::Center),
        Style::Center => boxed.set_align(FormatAlign::Center),
        Style::Left => boxed.set_align(FormatAlign::Left),
        Style::Note => base_format().set_align(FormatAlign::Left),
        Style::Header => boxed
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xD9D9D9),
        Style::Link => boxed
            .set_align(FormatAlign::Left)
            .set_font_color(0x0563C1)
            .set_underline(FormatUnderline::Single),
        Style::Money => boxed
            .set_align(FormatAlign::Right)
            .set_num_format(MONEY_FORMAT),
        Style::FreeLink => base_format()
            .set_align(FormatAlign::Left)
            .set_font_color(0x0563C1)
            .set_underline(FormatUnderline::Single),
        Style::Score => boxed
            .set_align(FormatAlign::Center)
            .set_num_format(SCORE_FORMAT),
        Style::Total => boxed
            .set_bold()
            .set_align(FormatAlign::Left)
            .set_background_color(TOTAL_FILL),
        Style::TotalMoney => boxed
            .set_bold()
            .set_align(FormatAlign::Right)
            .set_background_color(TOTAL_FILL)
            .set_num_format(MONEY_FORMAT),
        Style::TotalScore => boxed
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(TOTAL_FILL)
            .set_num_format(SCORE_FORMAT),
    }
}

/// The formats of a workbook, built once: a `Format` is a few dozen fields and strings, and
/// a form has a hundred cells.
pub(super) struct Formats {
    /// By [`Style`], in the order of its variants.
    pub(super) styles: Vec<Format>,
    /// Number cells by shown decimals (0..=MAX_SHOWN_SCALE), plain and grouped.
    pub(super) numbers: Vec<[Format; 2]>,
}

impl Formats {
    pub(super) fn new() -> Formats {
        use Style::*;
        Formats {
            styles: [
                Title, Year, Label, Center, Left, Note, Header, Link, Money, Score, FreeLink,
                Total, TotalMoney, TotalScore,
            ]
            .map(format_for)
            .into(),
            numbers: (0..=MAX_SHOWN_SCALE)
                .map(|scale| {
                    let d = Decimal::new(0, scale);
                    [false, true].map(|grouped| {
                        base_format()
                            .set_border(FormatBorder::Thin)
                            .set_align(FormatAlign::Center)
                            .set_num_format(num_format(d, grouped))
                    })
                })
                .collect(),
        }
    }

    pub(super) fn style(&self, style: Style) -> &Format {
        &self.styles[style as usize]
    }

    /// Registers every format with the workbook, in a fixed order, so that their indices
    /// are known before any sheet is laid out: a form sheet's cells are written straight to
    /// XML with them ([`super::cells`]).
    pub(super) fn register(&self, workbook: &mut Workbook) -> Xf {
        Xf {
            styles: self
                .styles
                .iter()
                .map(|f| workbook.register_format(f))
                .collect(),
            numbers: self
                .numbers
                .iter()
                .map(|pair| pair.each_ref().map(|f| workbook.register_format(f)))
                .collect(),
        }
    }
}

fn scale(d: Decimal) -> usize {
    d.scale().min(MAX_SHOWN_SCALE) as usize
}

/// The workbook's index of each of [`Formats`], the `s` of a cell that has it.
pub(super) struct Xf {
    styles: Vec<u32>,
    numbers: Vec<[u32; 2]>,
}

impl Xf {
    pub(super) fn style(&self, style: Style) -> u32 {
        self.styles[style as usize]
    }

    pub(super) fn number(&self, d: Decimal, grouped: bool) -> u32 {
        self.numbers[scale(d)][usize::from(grouped)]
    }
}
