//! Cell styles: the look of each kind of cell, built once per workbook.

use super::measure::{BODY_PT, FONT, TITLE_PT, YEAR_PT};
use super::numbers::{MAX_SHOWN_SCALE, num_format};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline};

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
}

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
            styles: [Title, Year, Label, Center, Left, Note, Header, Link]
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

    pub(super) fn number(&self, d: Decimal, grouped: bool) -> &Format {
        let scale = d.scale().min(MAX_SHOWN_SCALE) as usize;
        &self.numbers[scale][usize::from(grouped)]
    }
}
