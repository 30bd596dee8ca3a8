//! The tables selfeval writes beside the forms: 汇总, 扣分明细 and 校验.

use super::table::{Cell, Table};
use super::{FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};
use crate::check::{Finding, Severity};
use crate::model::{Indicator, Report};
use crate::sheets::{FINDINGS_HEADERS, LOST_HEADERS, SUMMARY_HEADERS};
use rust_decimal::Decimal;

/// 汇总: one row per form, the project linking to its sheet.
pub fn summary_table(reports: &[Report], sheet_names: &[String]) -> Table {
    let headers = SUMMARY_HEADERS;
    let rows = reports
        .iter()
        .zip(sheet_names)
        .map(|(r, sheet)| {
            vec![
                Cell::Link {
                    text: r.label(),
                    sheet: sheet.clone(),
                },
                Cell::text(&r.department),
                Cell::text(&r.implementing_unit),
                Cell::number(r.year.map(Decimal::from)),
                Cell::text(&r.money_unit),
                Cell::amount(r.funds.total.annual_budget),
                Cell::amount(r.funds.total.executed),
                Cell::number(r.funds.total.execution_rate),
                Cell::number(r.funds.total.score),
                Cell::number(r.total.score),
                Cell::text(r.grade.clone().unwrap_or_default()),
                Cell::Number(r.points_lost()),
                Cell::Number(Decimal::from(r.lost_indicators().count())),
                Cell::text(r.source.to_string()),
            ]
        })
        .collect();
    Table {
        name: SUMMARY_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        // 来源 is for finding the original on screen; the printout ends at 扣分指标数.
        print_columns: Some(headers.len() - 1),
    }
}

/// 扣分明细: one row per indicator that lost points, with the reason the form states.
pub fn lost_table(reports: &[Report], sheet_names: &[String]) -> Table {
    let headers = LOST_HEADERS;
    let mut rows = Vec::new();
    for (r, sheet) in reports.iter().zip(sheet_names) {
        for ind in r.lost_indicators() {
            rows.push(lost_row(r, sheet, ind));
        }
    }
    Table {
        name: LOST_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        print_columns: None,
    }
}

/// 校验: one row per check finding, errors first within each form, so a reviewer can filter
/// the workbook the way `selfeval check` prints it.
pub fn findings_table(reports: &[Report], findings: &[Vec<Finding>]) -> Table {
    let headers = FINDINGS_HEADERS;
    let mut rows = Vec::new();
    for (r, fs) in reports.iter().zip(findings) {
        let mut fs: Vec<&Finding> = fs.iter().collect();
        fs.sort_by_key(|f| f.severity);
        for f in fs {
            rows.push(vec![
                Cell::text(r.label()),
                Cell::text(r.source.to_string()),
                Cell::text(match f.severity {
                    Severity::Error => "错误",
                    Severity::Warning => "警告",
                }),
                Cell::text(f.rule),
                Cell::text(f.indicator.clone().unwrap_or_default()),
                Cell::text(&f.message),
            ]);
        }
    }
    Table {
        name: FINDINGS_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        print_columns: None,
    }
}

fn lost_row(r: &Report, sheet: &str, ind: &Indicator) -> Vec<Cell> {
    vec![
        Cell::Link {
            text: r.label(),
            sheet: sheet.to_string(),
        },
        Cell::text(&ind.level1),
        Cell::text(&ind.level2),
        Cell::text(&ind.name),
        Cell::text(ind.target.clone().unwrap_or_default()),
        Cell::text(ind.actual.clone().unwrap_or_default()),
        Cell::number(ind.weight),
        Cell::number(ind.score),
        Cell::number(ind.points_lost()),
        Cell::text(ind.deviation.clone().unwrap_or_default()),
    ]
}
