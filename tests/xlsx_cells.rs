//! Cells as the user sees them, in workbooks a clerk made: a formula with no cached value, a
//! date, a number format that scales or shows percent, and Excel's 17-digit floats.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use selfeval::model::Report;
use selfeval::read::read_bytes;
use std::io::{Cursor, Read, Write};

/// A form in the grid layout; `target`, `actual`, `executed` and `budget` are written by the
/// callers, each in its own way.
fn form(
    target: impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32, u16),
    actual: impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32, u16),
    amounts: impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32),
) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let rows: [&[&str]; 7] = [
        &["财政项目支出绩效自评表"],
        &["（2024年度）"],
        &["项目名称", "测试项目"],
        &["主管部门", "某部门", "实施单位", "某单位"],
        &[
            "项目资金（万元）",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        &["年度资金总额"],
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, t) in cells.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *t).unwrap();
        }
    }
    ws.write_number(5, 4, 10).unwrap();
    amounts(ws, 5);
    ws.write_string(7, 0, "产出指标").unwrap();
    ws.write_string(7, 1, "数量指标").unwrap();
    ws.write_string(7, 2, "完成数").unwrap();
    target(ws, 7, 3);
    actual(ws, 7, 4);
    ws.write_number(7, 5, 90).unwrap();
    ws.write_number(7, 6, 90).unwrap();
    ws.write_string(8, 0, "总分").unwrap();
    ws.write_number(8, 5, 100).unwrap();
    ws.write_number(8, 6, 99.46).unwrap();
    book.save_to_buffer().unwrap()
}

fn plain_amounts(ws: &mut rust_xlsxwriter::Worksheet, r: u32) {
    for (c, v) in [(1, 100.0), (2, 100.0), (3, 94.56), (5, 94.56), (6, 9.46)] {
        ws.write_number(r, c, v).unwrap();
    }
}

fn text(value: &'static str) -> impl FnOnce(&mut rust_xlsxwriter::Worksheet, u32, u16) {
    move |ws, r, c| {
        ws.write_string(r, c, value).unwrap();
    }
}

fn one(bytes: &[u8]) -> Report {
    let forms = read_bytes("clerk.xlsx", bytes);
    assert_eq!(forms.len(), 1, "{forms:?}");
    forms.into_iter().next().unwrap().unwrap()
}

/// Every `<v>` cached result after a formula removed, as a file saved by a tool that does not
/// compute formulas leaves it.
fn without_cached_results(bytes: &[u8]) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(data).unwrap();
            let re = xml.replace("</f><v>0</v>", "</f>");
            assert_ne!(re, xml, "the sheet holds a cached formula result");
            data = re.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_formula_with_no_cached_value_reads_as_its_formula() {
    let bytes = form(
        |ws, r, c| {
            ws.write_formula(r, c, Formula::new("=100%")).unwrap();
        },
        text("100%"),
        plain_amounts,
    );
    let r = one(&without_cached_results(&bytes));
    assert_eq!(r.indicators[0].target.as_deref(), Some("=100%"));
    // With its cached value, the value is what the user sees.
    let bytes = form(
        |ws, r, c| {
            ws.write_formula(r, c, Formula::new("=1+1").set_result("2"))
                .unwrap();
        },
        text("100%"),
        plain_amounts,
    );
    assert_eq!(one(&bytes).indicators[0].target.as_deref(), Some("2"));
}

#[test]
fn a_date_reads_as_a_date_not_a_serial_number() {
    let date = ExcelDateTime::from_ymd(2024, 12, 31).unwrap();
    let date2 = date.clone();
    let bytes = form(
        move |ws, r, c| {
            let f = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
            ws.write_datetime_with_format(r, c, date, &f).unwrap();
        },
        move |ws, r, c| {
            let f = Format::new().set_num_format("yyyy-mm-dd");
            ws.write_datetime_with_format(r, c, date2, &f).unwrap();
        },
        plain_amounts,
    );
    let r = one(&bytes);
    assert_eq!(r.indicators[0].target.as_deref(), Some("2024年12月31日"));
    assert_eq!(r.indicators[0].actual.as_deref(), Some("2024-12-31"));
}

#[test]
fn a_scaling_or_percent_format_is_applied() {
    let bytes = form(
        text("≥90%"),
        |ws, r, c| {
            let f = Format::new().set_num_format("0.00%");
            ws.write_number_with_format(r, c, 0.9456, &f).unwrap();
        },
        |ws, r| {
            // Amounts kept in 元 and shown in thousands: 1,000,000 shows as 1,000.00.
            let thousands = Format::new().set_num_format("#,##0.00,");
            for c in [1, 2] {
                ws.write_number_with_format(r, c, 1_000_000.0, &thousands)
                    .unwrap();
            }
            ws.write_number_with_format(r, 3, 945_600.0, &thousands)
                .unwrap();
            let percent = Format::new().set_num_format("0.00%");
            ws.write_number_with_format(r, 5, 0.9456, &percent).unwrap();
            ws.write_number(r, 6, 9.46).unwrap();
        },
    );
    let r = one(&bytes);
    assert_eq!(r.indicators[0].actual.as_deref(), Some("94.56%"));
    let total = &r.funds.total;
    assert_eq!(total.annual_budget, Some("1000.00".parse().unwrap()));
    assert_eq!(total.executed, Some("945.60".parse().unwrap()));
    assert_eq!(total.execution_rate, Some("94.56".parse().unwrap()));
}

#[test]
fn excels_17_digit_floats_read_as_the_decimal_shown() {
    let bytes = form(text("≥90%"), text("94.56%"), |ws, r| {
        // What Excel stores for 94.56 computed as a sum or a product.
        for (c, v) in [
            (1, 100.0),
            (2, 100.0),
            (3, 94.559_999_999_999_99),
            (5, 94.559_999_999_999_99),
            (6, 9.459_999_999_999_999),
        ] {
            ws.write_number(r, c, v).unwrap();
        }
    });
    let r = one(&bytes);
    let total = &r.funds.total;
    assert_eq!(total.executed, Some("94.56".parse().unwrap()));
    assert_eq!(total.execution_rate, Some("94.56".parse().unwrap()));
    assert_eq!(total.score, Some("9.46".parse().unwrap()));
    let findings = selfeval::check::check(&r);
    assert!(
        findings
            .iter()
            .all(|f| f.severity != selfeval::check::Severity::Error),
        "{findings:?}"
    );
}
