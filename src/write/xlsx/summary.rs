//! 汇总 as a reviewer reads it: a title, one row per form numbered 序号, amounts in one unit
//! (万元) so a column adds up, a 小计 per 主管部门 and a 合计, and each form's check result.

use super::SUMMARY_SHEET;
use super::table::{Cell, Frame, Table};
use crate::check::{Finding, Severity};
use crate::model::Report;
use crate::sheets::{SUMMARY_HEADERS, SUMMARY_TITLE};
use rust_decimal::Decimal;

/// Columns of 汇总 (see [`SUMMARY_HEADERS`]).
const PROJECT: usize = 1;
const DEPARTMENT: usize = 2;
const BUDGET: usize = 5;
const EXECUTED: usize = 6;
const RATE: usize = 7;
const STATUS: usize = 13;

/// Where a blank 主管部门 is grouped.
const NO_DEPARTMENT: &str = "（未标明）";

/// 汇总 laid out: the table, its frame, and the sheet row (from 0) of each form's line, for
/// the link back from the form's sheet.
pub(super) struct Summary {
    pub(super) table: Table,
    pub(super) frame: Frame,
    pub(super) form_rows: Vec<u32>,
}

/// An amount in 万元: 元 divided by 10,000 (exact in `Decimal`), 万元 as it is. Another or
/// no unit gives none: a number of unknown unit would make the column's sum wrong.
pub fn in_wan(amount: Decimal, unit: &str) -> Option<Decimal> {
    match unit.trim() {
        "万元" => Some(amount),
        "元" => amount.checked_div(Decimal::from(10_000)),
        _ => None,
    }
}

/// 汇总 without check results, as a table.
pub fn summary_table(reports: &[Report], sheet_names: &[String]) -> Table {
    summary(reports, sheet_names, None).table
}

/// A form's check result in a few characters: `通过`, or the counts, e.g. `2 错误 1 警告`.
fn status(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [Severity::Error, Severity::Warning]
        .into_iter()
        .filter(|&s| count(s) > 0)
        .map(|s| format!("{} {}", count(s), s.label()))
        .collect();
    if parts.is_empty() {
        "通过".to_string()
    } else {
        parts.join(" ")
    }
}

/// The title: with the year when every form has the same one.
fn title(reports: &[Report]) -> String {
    let first = reports.first().and_then(|r| r.year);
    match first {
        Some(y) if reports.iter().all(|r| r.year == Some(y)) => {
            format!("{y}年度{SUMMARY_TITLE}")
        }
        _ => SUMMARY_TITLE.to_string(),
    }
}

/// 汇总: forms grouped by 主管部门 (groups in order of first appearance, forms in input order
/// within each), a 小计 under each group when there are several, and a 合计. `findings[i]`
/// are the check results of `reports[i]`; without them the 校验 column stays empty.
pub(super) fn summary(
    reports: &[Report],
    sheet_names: &[String],
    findings: Option<&[Vec<Finding>]>,
) -> Summary {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let dept = match r.department.trim() {
            "" => NO_DEPARTMENT,
            d => d,
        };
        match groups.iter_mut().find(|(d, _)| *d == dept) {
            Some((_, forms)) => forms.push(i),
            None => groups.push((dept, vec![i])),
        }
    }
    let subtotals = groups.len() > 1;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut totals = Vec::new();
    let mut form_rows = vec![0u32; reports.len()];
    let mut all = Sums::default();
    let mut seq = 0u32;
    for (dept, forms) in &groups {
        let first = rows.len();
        let mut sums = Sums::default();
        for &i in forms {
            let r = &reports[i];
            seq += 1;
            // Title row and header row above the table.
            form_rows[i] = 2 + rows.len() as u32;
            let status = findings.and_then(|f| f.get(i)).map(|f| status(f));
            rows.push(form_row(r, seq, &sheet_names[i], status));
            sums.add(r);
        }
        all.merge(&sums);
        if subtotals {
            totals.push(rows.len());
            let label = format!("小计（{} 项）", forms.len());
            rows.push(total_row(&label, dept, (first, rows.len() - 1), &sums));
        }
    }
    if !rows.is_empty() {
        totals.push(rows.len());
        let label = format!("合计（{} 项）", reports.len());
        rows.push(total_row(&label, "", (0, rows.len() - 1), &all));
    }
    Summary {
        table: Table {
            name: SUMMARY_SHEET.to_string(),
            headers: SUMMARY_HEADERS.iter().map(|h| h.to_string()).collect(),
            rows,
            // 来源 is for finding the original on screen; the printout ends at 原币单位.
            print_columns: Some(SUMMARY_HEADERS.len() - 1),
        },
        frame: Frame {
            title: Some(title(reports)),
            totals,
            status: Some(STATUS),
        },
        form_rows,
    }
}

/// One form's line.
fn form_row(r: &Report, seq: u32, sheet: &str, status: Option<String>) -> Vec<Cell> {
    let row = &r.funds.total;
    let wan = |d: Option<Decimal>| d.and_then(|d| in_wan(d, &r.money_unit));
    vec![
        Cell::Number(Decimal::from(seq)),
        Cell::link(r.label(), sheet),
        Cell::text(&r.department),
        Cell::text(&r.implementing_unit),
        Cell::number(r.year.map(Decimal::from)),
        wan(row.annual_budget).map_or(Cell::Empty, Cell::Money),
        wan(row.executed).map_or(Cell::Empty, Cell::Money),
        Cell::score(row.execution_rate),
        Cell::score(row.score),
        Cell::score(r.total.score),
        Cell::text(r.grade.clone().unwrap_or_default()),
        Cell::Score(r.points_lost()),
        Cell::Number(Decimal::from(r.lost_indicators().count())),
        status.map_or(Cell::Empty, Cell::Text),
        Cell::text(&r.money_unit),
        Cell::text(r.source.to_string()),
    ]
}

/// A 小计 or 合计 line over table rows `first..=last`.
fn total_row(label: &str, dept: &str, (first, last): (usize, usize), sums: &Sums) -> Vec<Cell> {
    let mut row = vec![Cell::Empty; SUMMARY_HEADERS.len()];
    row[PROJECT] = Cell::text(label);
    row[DEPARTMENT] = Cell::text(dept);
    row[BUDGET] = Cell::Subtotal {
        first,
        last,
        value: sums.budget,
    };
    row[EXECUTED] = Cell::Subtotal {
        first,
        last,
        value: sums.executed,
    };
    row[RATE] = sums.rate().map_or(Cell::Empty, Cell::Score);
    row
}

/// Sums in 万元 over some forms.
#[derive(Debug, Default, Clone)]
struct Sums {
    budget: Decimal,
    executed: Decimal,
    /// Forms lacking a budget or an executed amount in a known unit: the rate of the sums
    /// would mislead, so none is given.
    incomplete: bool,
}

impl Sums {
    fn add(&mut self, r: &Report) {
        let row = &r.funds.total;
        let b = row.annual_budget.and_then(|d| in_wan(d, &r.money_unit));
        let e = row.executed.and_then(|d| in_wan(d, &r.money_unit));
        self.budget += b.unwrap_or_default();
        self.executed += e.unwrap_or_default();
        self.incomplete |= b.is_none() || e.is_none();
    }

    fn merge(&mut self, other: &Sums) {
        self.budget += other.budget;
        self.executed += other.executed;
        self.incomplete |= other.incomplete;
    }

    /// 执行率 of the sums, in percent to two decimals as forms print it.
    fn rate(&self) -> Option<Decimal> {
        if self.incomplete || self.budget.is_zero() {
            return None;
        }
        let pct = self.executed.checked_mul(Decimal::ONE_HUNDRED)?;
        Some(pct.checked_div(self.budget)?.round_dp(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn yuan_become_wan_exactly() {
        assert_eq!(in_wan(d("935600.00"), "元"), Some(d("93.56")));
        assert_eq!(in_wan(d("935612.34"), "元"), Some(d("93.561234")));
        assert_eq!(in_wan(d("931.30"), "万元"), Some(d("931.30")));
        assert_eq!(in_wan(d("931.30"), ""), None);
    }

    #[test]
    fn status_counts_by_severity() {
        let f = |severity| Finding {
            rule: "x",
            severity,
            file: String::new(),
            at: None,
            project: None,
            indicator: None,
            message: String::new(),
        };
        assert_eq!(status(&[]), "通过");
        assert_eq!(
            status(&[f(Severity::Warning), f(Severity::Error), f(Severity::Error)]),
            "2 错误 1 警告"
        );
        assert_eq!(status(&[f(Severity::Warning)]), "1 警告");
    }
}
