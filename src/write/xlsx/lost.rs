//! 扣分明细: every indicator that lost points, with the reason its form states.

use super::LOST_SHEET;
use super::table::{Cell, Table};
use crate::model::{Indicator, Report};
use crate::sheets::LOST_HEADERS;

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

fn lost_row(r: &Report, sheet: &str, ind: &Indicator) -> Vec<Cell> {
    vec![
        Cell::link(r.label(), sheet),
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
