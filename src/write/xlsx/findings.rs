//! 校验: the check findings, one row each, the rule by its Chinese title, each linking to the
//! place on the form's sheet it is about.

use super::FINDINGS_SHEET;
use super::names::sheet_names;
use super::table::{Cell, Table};
use crate::check::{self, Finding};
use crate::model::Report;
use crate::sheets::FINDINGS_HEADERS;

/// Where the parts of a form landed on its sheet (rows from 0), for links to them.
#[derive(Debug, Clone, Default)]
pub(super) struct Places {
    /// The row of each indicator, in the order of `Report::indicators`.
    pub(super) indicators: Vec<u32>,
    /// The 年度资金总额 row.
    pub(super) funds: u32,
    /// The 总分 row.
    pub(super) total: u32,
}

/// 校验: one row per check finding, errors first within each form, so a reviewer can filter
/// the workbook the way `selfeval check` prints it. Each row links to its form's sheet.
pub fn findings_table(reports: &[Report], findings: &[Vec<Finding>]) -> Table {
    findings_at(reports, &sheet_names(reports, &[]), findings, &[])
}

/// [`findings_table`] with the forms' sheet names and, when known, where their parts are.
pub(super) fn findings_at(
    reports: &[Report],
    sheets: &[String],
    findings: &[Vec<Finding>],
    places: &[Places],
) -> Table {
    let mut rows = Vec::new();
    for (i, (r, fs)) in reports.iter().zip(findings).enumerate() {
        let mut fs: Vec<&Finding> = fs.iter().collect();
        fs.sort_by_key(|f| f.severity);
        let sheet = sheets.get(i).cloned().unwrap_or_default();
        for f in fs {
            let row = places.get(i).map_or(0, |p| place(r, p, f));
            rows.push(vec![
                Cell::Link {
                    text: r.label(),
                    sheet: sheet.clone(),
                    at: (row, if row > 0 { 2 } else { 0 }),
                },
                Cell::text(f.severity.label()),
                Cell::text(rule_title(f.rule)),
                Cell::text(f.indicator.clone().unwrap_or_default()),
                Cell::text(&f.message),
                Cell::text(f.rule),
                Cell::text(r.source.to_string()),
            ]);
        }
    }
    Table {
        name: FINDINGS_SHEET.to_string(),
        headers: FINDINGS_HEADERS.iter().map(|h| h.to_string()).collect(),
        rows,
        // The rule's code and the source are for tools and the screen; the printout ends at 说明.
        print_columns: Some(FINDINGS_HEADERS.len() - 2),
    }
}

/// The rule's Chinese title, or its code for a rule this build does not list.
fn rule_title(id: &str) -> &str {
    check::RULES
        .iter()
        .chain([&check::READ_ERROR])
        .find(|r| r.id == id)
        .map_or(id, |r| r.title)
}

/// The sheet row a finding is about: its indicator's row, the funds row for a rule on the
/// funds, the 总分 row for one on the totals, else the top of the sheet.
fn place(r: &Report, places: &Places, f: &Finding) -> u32 {
    if let Some(name) = &f.indicator
        && let Some(k) = r.indicators.iter().position(|i| &i.name == name)
    {
        return places.indicators.get(k).copied().unwrap_or(0);
    }
    let rule = f.rule;
    if [
        check::FUNDS_SCORE,
        check::EXECUTION_RATE,
        check::FUNDS_BREAKDOWN,
    ]
    .iter()
    .any(|x| x.id == rule)
    {
        places.funds
    } else if [
        check::TOTAL_SCORE_SUM,
        check::TOTAL_WEIGHT_SUM,
        check::GRADE,
    ]
    .iter()
    .any(|x| x.id == rule)
    {
        places.total
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_title() {
        for rule in check::RULES {
            assert_eq!(rule_title(rule.id), rule.title);
        }
        assert_eq!(rule_title("lost-no-reason"), "扣分须填写偏差原因");
        assert_eq!(rule_title("no-such-rule"), "no-such-rule");
    }
}
