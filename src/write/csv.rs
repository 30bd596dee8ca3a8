//! Flat tables of the forms, for spreadsheets and scripts: one row per form, per indicator or
//! per check finding, each with a header row. The same rows serialize as JSON lines.
//!
//! Amounts, rates and scores are the exact decimals of the model, written as the JSON writes
//! them (`40.05`, never `40.049999`); a blank cell of the form is an empty field.

use crate::check::Finding;
use crate::model::Report;
use rust_decimal::Decimal;
use serde::Serialize;

/// One form: where it was read, who and what it is for, the funds' totals and the scores.
#[derive(Debug, Clone, Serialize)]
pub struct FormRow<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub line: Option<usize>,
    pub year: Option<i32>,
    pub project: &'a str,
    pub department: &'a str,
    pub implementing_unit: &'a str,
    pub money_unit: &'a str,
    pub initial_budget: Option<Decimal>,
    pub annual_budget: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub execution_rate: Option<Decimal>,
    pub funds_weight: Option<Decimal>,
    pub funds_score: Option<Decimal>,
    pub indicators: usize,
    pub total_weight: Option<Decimal>,
    pub total_score: Option<Decimal>,
    pub grade: Option<&'a str>,
    /// Points lost over the indicators and the funds row.
    pub points_lost: Decimal,
    pub incomplete: bool,
}

impl<'a> FormRow<'a> {
    pub fn of(r: &'a Report) -> FormRow<'a> {
        let f = &r.funds.total;
        FormRow {
            file: &r.source.file,
            sheet: r.source.sheet.as_deref(),
            line: r.source.line,
            year: r.year,
            project: &r.project,
            department: &r.department,
            implementing_unit: &r.implementing_unit,
            money_unit: &r.money_unit,
            initial_budget: f.initial_budget,
            annual_budget: f.annual_budget,
            executed: f.executed,
            execution_rate: f.execution_rate,
            funds_weight: f.weight,
            funds_score: f.score,
            indicators: r.indicators.len(),
            total_weight: r.total.weight,
            total_score: r.total.score,
            grade: r.grade.as_deref(),
            points_lost: r.points_lost(),
            incomplete: r.incomplete,
        }
    }
}

/// One indicator, with the form it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub line: Option<usize>,
    pub year: Option<i32>,
    pub project: &'a str,
    pub department: &'a str,
    pub level1: &'a str,
    pub level2: &'a str,
    pub name: &'a str,
    pub target: Option<&'a str>,
    pub actual: Option<&'a str>,
    pub weight: Option<Decimal>,
    pub score: Option<Decimal>,
    pub points_lost: Option<Decimal>,
    pub deviation: Option<&'a str>,
}

/// The rows of every indicator of `r`, in the form's order.
pub fn indicator_rows(r: &Report) -> impl Iterator<Item = IndicatorRow<'_>> {
    r.indicators.iter().map(move |i| IndicatorRow {
        file: &r.source.file,
        sheet: r.source.sheet.as_deref(),
        line: r.source.line,
        year: r.year,
        project: &r.project,
        department: &r.department,
        level1: &i.level1,
        level2: &i.level2,
        name: &i.name,
        target: i.target.as_deref(),
        actual: i.actual.as_deref(),
        weight: i.weight,
        score: i.score,
        points_lost: i.points_lost(),
        deviation: i.deviation.as_deref(),
    })
}

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Forms,
    Indicators,
}

/// `rows` as CSV with its header row (the field names), or, when there is no row, the header
/// alone: a script reading the table still finds its columns.
pub fn to_csv<T: Serialize>(rows: impl IntoIterator<Item = T>, header: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to memory fails only on a value serde cannot flatten (none here: plain fields).
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.serialize(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// `rows` as JSON lines: one compact object per line.
pub fn to_json_lines<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut s = String::new();
    for row in rows {
        // Plain strings, numbers and decimals (as strings): serializing cannot fail.
        if let Ok(line) = serde_json::to_string(&row) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}

/// The header of the forms table, in the order of [`FormRow`]'s fields.
pub const FORM_HEADER: [&str; 20] = [
    "file",
    "sheet",
    "line",
    "year",
    "project",
    "department",
    "implementing_unit",
    "money_unit",
    "initial_budget",
    "annual_budget",
    "executed",
    "execution_rate",
    "funds_weight",
    "funds_score",
    "indicators",
    "total_weight",
    "total_score",
    "grade",
    "points_lost",
    "incomplete",
];

/// The header of the indicators table, in the order of [`IndicatorRow`]'s fields.
pub const INDICATOR_HEADER: [&str; 15] = [
    "file",
    "sheet",
    "line",
    "year",
    "project",
    "department",
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "points_lost",
    "deviation",
];

/// The header of the findings table, in the order of [`Finding`]'s fields.
pub const FINDING_HEADER: [&str; 7] = [
    "rule",
    "severity",
    "file",
    "at",
    "project",
    "indicator",
    "message",
];

/// The table of `reports` as CSV.
pub fn table_csv(reports: &[Report], table: Table) -> String {
    match table {
        Table::Forms => to_csv(reports.iter().map(FormRow::of), &FORM_HEADER),
        Table::Indicators => to_csv(reports.iter().flat_map(indicator_rows), &INDICATOR_HEADER),
    }
}

/// The table of `reports` as JSON lines (the forms table: each whole form of the model).
pub fn table_json_lines(reports: &[Report], table: Table) -> String {
    match table {
        Table::Forms => to_json_lines(reports),
        Table::Indicators => to_json_lines(reports.iter().flat_map(indicator_rows)),
    }
}

/// Findings as CSV, one row each.
pub fn findings_csv<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    to_csv(findings, &FINDING_HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Indicator, Source};
    use std::str::FromStr;

    fn report() -> Report {
        let d = |s: &str| Some(Decimal::from_str(s).unwrap());
        let mut r: Report = serde_json::from_value(serde_json::json!({
            "source": {"file": "a.txt", "line": 2, "sheet": null},
            "title": "t", "year": 2024, "project": "项目, \"甲\"", "department": "部门",
            "implementing_unit": "单位", "money_unit": "万元",
            "funds": {"total": {}, "appropriation": {}, "carried_over": {}, "other": {}},
            "goals": {}, "indicators": [], "total": {}, "grade": "优", "unplaced": []
        }))
        .unwrap();
        r.source = Source {
            file: "a.txt".into(),
            line: Some(2),
            sheet: None,
        };
        r.funds.total.annual_budget = d("40.050");
        r.indicators = vec![
            Indicator {
                name: "完成率".into(),
                weight: d("10"),
                score: d("8.5"),
                ..Default::default()
            },
            Indicator {
                name: "满意度".into(),
                ..Default::default()
            },
        ];
        r
    }

    #[test]
    fn forms_table_keeps_exact_decimals_and_quotes_text() {
        let r = report();
        let text = table_csv(std::slice::from_ref(&r), Table::Forms);
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, FORM_HEADER);
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let at = |name: &str| &rows[0][FORM_HEADER.iter().position(|h| *h == name).unwrap()];
        assert_eq!(at("project"), "项目, \"甲\"");
        assert_eq!(at("annual_budget"), "40.050");
        assert_eq!(at("points_lost"), "1.5");
        assert_eq!(at("sheet"), "");
        assert_eq!(at("indicators"), "2");
    }

    #[test]
    fn indicators_table_has_a_row_per_indicator_and_the_header_when_empty() {
        let r = report();
        let text = table_csv(std::slice::from_ref(&r), Table::Indicators);
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rd.headers().unwrap().len(), INDICATOR_HEADER.len());
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][4], "项目, \"甲\"");
        assert_eq!(&rows[0][12], "8.5");
        assert_eq!(&rows[1][11], "");
        let empty = table_csv(&[], Table::Indicators);
        assert_eq!(empty.lines().count(), 1);
    }
}
