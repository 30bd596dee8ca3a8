//! The 图表 sheet: the HTML summary's four charts as native Excel charts, each drawn from a
//! data table on the same sheet, so a clerk who corrects a number sees the chart follow.
//!
//! The data comes from [`crate::write::charts`] (one tally for both outputs). Bars are told
//! apart by black, grey and hatching, and carry their values, so the sheet prints in grey.

use super::CHARTS_SHEET;
use super::numbers::{exact_f64, num_format};
use super::style::{Formats, Style, base_format};
use crate::sheets::CHARTS_HEADERS;
use crate::write::charts::{self, Charts, Count, Kind};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartLine,
    ChartPatternFill, ChartPatternFillType, ChartPoint, ChartSolidFill, ChartType, Format,
    FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// Where the charts start: column I, right of the data tables (A..G) and a blank column.
const CHART_COL: u16 = 8;
/// Default row height in pixels (15 pt), to stack the charts without overlap.
const ROW_PX: u32 = 20;
/// Width of the count charts; two stand side by side (8 default columns apart).
const COUNT_WIDTH: u32 = 500;
const COUNT_HEIGHT: u32 = 280;
const COUNT_COLS: u16 = 8;

/// The font of the charts' texts: the workbook's, so CJK labels print in it.
fn font(size: u32, bold: bool) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(super::measure::FONT).set_size(size);
    if bold {
        f.set_bold();
    }
    f
}

fn solid(color: u32) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(color))
        .set_border(ChartLine::new().set_color(0x000000));
    f
}

fn hatched(pattern: ChartPatternFillType) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_pattern_fill(
        ChartPatternFill::new()
            .set_pattern(pattern)
            .set_foreground_color(0x000000)
            .set_background_color(0xFFFFFF),
    )
    .set_border(ChartLine::new().set_color(0x000000));
    f
}

fn values_label() -> ChartDataLabel {
    let mut l = ChartDataLabel::new();
    l.show_value().set_font(&font(9, true));
    l
}

/// A number as the cell holds it: the `f64` that prints back as the decimal, else (more digits
/// than a double holds, never on a real form) the nearest one, so that the chart still draws.
fn number(d: Decimal) -> f64 {
    exact_f64(d).unwrap_or_else(|| d.to_string().parse().unwrap_or(0.0))
}

/// Writes the header row `headers` at `row`, from column A.
fn header(ws: &mut Worksheet, row: u32, headers: &[&str], fmt: &Format) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, fmt)?;
    }
    Ok(())
}

/// The sheet: the category table from row 1 with a 合计 row, then the three count tables
/// under it, each with its chart to the right.
pub(super) fn charts_sheet(data: &Charts, formats: &Formats) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name(CHARTS_SHEET)?;
    let head = formats.style(Style::Header);
    let text = formats.style(Style::Left);
    let count = base_format()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_num_format("0");
    let points = |d: Decimal| {
        base_format()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_num_format(num_format(d.max(Decimal::new(0, 2)), false))
    };
    for (c, w) in [22.0, 10.0, 9.0, 9.0, 9.0, 8.0, 8.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    // Points lost by category: one column of values per kind of bar, so each kind is a
    // series of its own look; a row fills only its kind's column.
    header(ws, 0, &CHARTS_HEADERS, head)?;
    ws.set_row_height(0, 30)?;
    let n = data.categories.len() as u32;
    for (k, c) in data.categories.iter().enumerate() {
        let r = k as u32 + 1;
        let (level, col) = match c.kind {
            Kind::Funds => ("资金执行率", 2),
            Kind::Level1 => ("一级指标", 3),
            Kind::Level2 => ("二级指标", 4),
        };
        ws.write_string_with_format(r, 0, &c.label, text)?;
        ws.write_string_with_format(r, 1, level, text)?;
        for blank in 2..=4 {
            if blank != col {
                ws.write_blank(r, blank, text)?;
            }
        }
        ws.write_number_with_format(r, col, number(c.points), &points(c.points))?;
        ws.write_number_with_format(r, 5, c.count as f64, &count)?;
        ws.write_number_with_format(r, 6, c.forms as f64, &count)?;
    }
    // 合计: the funds and level1 columns (level2 rows are within their level1). A number, not
    // a formula: selfeval's sheets hold no formulas (see tests/xlsx_identity.rs).
    let total_row = n + 1;
    ws.write_string_with_format(total_row, 0, "合计（资金执行率 + 一级指标）", head)?;
    ws.write_blank(total_row, 1, head)?;
    ws.write_number_with_format(
        total_row,
        2,
        number(data.points_lost),
        &points(data.points_lost),
    )?;

    let mut chart_row = 0;
    if n > 0 {
        let mut chart = Chart::new(ChartType::Bar);
        let looks = [
            (2, hatched_or_solid(Kind::Funds)),
            (3, hatched_or_solid(Kind::Level1)),
            (4, hatched_or_solid(Kind::Level2)),
        ];
        for (col, mut look) in looks {
            chart
                .add_series()
                .set_name((CHARTS_SHEET, 0, col))
                .set_categories((CHARTS_SHEET, 1, 0, n, 0))
                .set_values((CHARTS_SHEET, 1, col, n, col))
                .set_format(&mut look)
                .set_data_label(&values_label())
                .set_overlap(100)
                .set_gap(40);
        }
        chart
            .title()
            .set_name("失分按指标类别（分）")
            .set_font(&font(12, true));
        // A bar chart's category axis is its y axis: reversed, the bars read top-down in the
        // table's order (most points first).
        chart
            .y_axis()
            .set_reverse()
            .set_label_interval(1)
            .set_font(&font(9, false));
        chart
            .x_axis()
            .set_name("失分（分）")
            .set_name_font(&font(9, false))
            .set_font(&font(9, false));
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&font(9, false));
        let height = (n * 30 + 130).max(300);
        chart.set_width(2 * COUNT_WIDTH).set_height(height);
        chart.set_alt_text(match data.funds_share() {
            Some(share) => format!(
                "失分按指标类别：资金执行率失分 {} 分，占全部失分 {} 分的 {}%",
                data.funds_lost.round_dp(2),
                data.points_lost.round_dp(2),
                share.round_dp(1)
            ),
            None => "失分按指标类别".to_string(),
        });
        ws.insert_chart(0, CHART_COL, &chart)?;
        chart_row = height.div_ceil(ROW_PX) + 1;
    }

    // The count tables under the category table; their charts two by two to the right.
    let mut row = total_row + 2;
    let tables: [(&str, &str, &[Count], &[&str]); 3] = [
        (
            "评分等级",
            "评分等级（表数）",
            &data.grades,
            &[charts::NO_GRADE],
        ),
        (
            "资金执行率(%)",
            "资金执行率分布（%，表数）",
            &data.rates,
            &[charts::NONE],
        ),
        ("总分", "总分分布（表数）", &data.scores, &[charts::NONE]),
    ];
    for (i, (label, title, counts, none)) in tables.into_iter().enumerate() {
        header(ws, row, &[label, "表数"], head)?;
        for (k, c) in counts.iter().enumerate() {
            let r = row + 1 + k as u32;
            ws.write_string_with_format(r, 0, &c.label, text)?;
            ws.write_number_with_format(r, 1, c.forms as f64, &count)?;
        }
        let (first, last) = (row + 1, row + counts.len() as u32);
        let sum_row = last + 1;
        ws.write_string_with_format(sum_row, 0, "合计", head)?;
        let forms: usize = counts.iter().map(|c| c.forms).sum();
        ws.write_number_with_format(sum_row, 1, forms as f64, &count)?;

        let mut chart = Chart::new(ChartType::Column);
        let points: Vec<ChartPoint> = counts
            .iter()
            .map(|c| {
                if none.contains(&c.label.as_str()) {
                    ChartPoint::new().set_format(&mut hatched(
                        ChartPatternFillType::DiagonalStripesLightUpwards,
                    ))
                } else {
                    ChartPoint::new().set_format(&mut solid(0x808080))
                }
            })
            .collect();
        chart
            .add_series()
            .set_name((CHARTS_SHEET, row, 1))
            .set_categories((CHARTS_SHEET, first, 0, last, 0))
            .set_values((CHARTS_SHEET, first, 1, last, 1))
            .set_points(&points)
            .set_data_label(&values_label())
            .set_gap(60);
        chart.title().set_name(title).set_font(&font(11, true));
        chart
            .x_axis()
            .set_label_interval(1)
            .set_font(&font(9, false));
        chart.y_axis().set_font(&font(9, false));
        chart.legend().set_hidden();
        chart.set_width(COUNT_WIDTH).set_height(COUNT_HEIGHT);
        chart.set_alt_text(title);
        let col = CHART_COL + (i as u16 % 2) * COUNT_COLS;
        let at = chart_row + (i as u32 / 2) * (COUNT_HEIGHT.div_ceil(ROW_PX) + 1);
        ws.insert_chart(at, col, &chart)?;
        row = sum_row + 2;
    }

    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.7, 0.3, 0.3)
        .set_footer(format!("&L{CHARTS_SHEET}&R&P / &N"));
    Ok(sheet)
}

/// The look of a category bar: funds black, level1 grey, level2 hatched.
fn hatched_or_solid(kind: Kind) -> ChartFormat {
    match kind {
        Kind::Funds => solid(0x000000),
        Kind::Level1 => solid(0x808080),
        Kind::Level2 => hatched(ChartPatternFillType::DiagonalStripesWideUpwards),
    }
}
