//! 扣分明细: every indicator that lost points, with the reason its form states.

use super::LOST_SHEET;
use super::findings::Places;
use super::table::{Cell, Table};
use crate::model::{Indicator, Report};
use crate::sheets::LOST_HEADERS;

/// 扣分明细: one row per indicator that lost points, with the reason the form states.
pub fn lost_table(reports: &[Report], sheet_names: &[String]) -> Table {
    lost_at(reports, sheet_names, &[])
}

/// [`lost_table`] with each row linking to its indicator's row on the form's sheet, when
/// `places` says where that is.
pub(super) fn lost_at(reports: &[Report], sheet_names: &[String], places: &[Places]) -> Table {
    let headers = LOST_HEADERS;
    let mut rows = Vec::new();
    for (i, (r, sheet)) in reports.iter().zip(sheet_names).enumerate() {
        for (k, ind) in r.indicators.iter().enumerate() {
            if !ind.lost_points() {
                continue;
            }
            let row = places.get(i).and_then(|p| p.indicators.get(k)).copied();
            rows.push(lost_row(r, sheet, row, ind));
        }
    }
    Table {
        name: LOST_SHEET.to_string(),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
        print_columns: None,
    }
}

fn lost_row(r: &Report, sheet: &str, row: Option<u32>, ind: &Indicator) -> Vec<Cell> {
    vec![
        Cell::Link {
            text: r.label(),
            sheet: sheet.to_string(),
            at: row.map_or((0, 0), |row| (row, 2)),
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
