//! Flat tables of the forms, for spreadsheets and scripts: one row per form, per indicator or
//! per check finding, each with a header row. The same rows serialize as JSON lines.
//!
//! Amounts, rates and scores are the exact decimals of the model, written as the JSON writes
//! them (`40.05`, never `40.049999`); a blank cell of the form is an empty field. Text that a
//! spreadsheet would run as a formula is written so that it opens as text ([`guard_formula`]).

use crate::check::Finding;
use crate::model::Report;
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;

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
/// alone: a script reading the table still finds its columns. Every field of every table
/// passes through [`guard_formula`] here, so no table can forget it.
pub fn to_csv<T: Serialize>(rows: impl IntoIterator<Item = T>, header: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to memory fails only on a value serde cannot flatten (none here: plain fields).
    let _ = w.write_record(header);
    for row in rows {
        if let Some(fields) = fields_of(&row) {
            let guarded: Vec<Cow<str>> = fields.iter().map(guard_formula).collect();
            let _ = w.write_record(guarded.iter().map(|f| f.as_bytes()));
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The fields of `row` exactly as the csv crate writes them (decimals, counts, `true`, empty
/// for `None`), read back as one record so that [`to_csv`] can look at each field.
fn fields_of<T: Serialize>(row: &T) -> Option<csv::StringRecord> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.serialize(row).ok()?;
    let bytes = w.into_inner().ok()?;
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .into_records()
        .next()?
        .ok()
}

/// `field` as it must be written so that Excel, WPS or LibreOffice open it as the text it is,
/// not as a formula ("CSV injection", OWASP): a field that opens as a formula gets a leading
/// apostrophe, the mark spreadsheets take for "this cell is text". JSON keeps the exact text.
///
/// Opens as a formula: a field starting with `=`, `@` (Lotus's function prefix, still honoured
/// by Excel), `+` or `-` (Excel evaluates `+cmd`, `-2+3` as expressions), or a tab or carriage
/// return (OWASP: importers that split or trim on them leave the formula at the start).
/// Except, for `+` and `-`: a plain number (sign, digits, an optional fraction, an optional
/// `%`: `-5`, `-3.5%`, `+.5`), which Excel reads as the number it is, and `-` alone,
/// selfeval's "no value", which Excel shows as text. Every numeric column (amounts, rates,
/// scores, counts, years) is written in that plain-number shape, so this never touches one.
pub fn guard_formula(field: &str) -> Cow<'_, str> {
    let formula = match field.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => field != "-" && !is_plain_number(field),
        _ => false,
    };
    if formula {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// `+5`, `-5`, `-3.5`, `-.5`, `-3.5%`: what a spreadsheet reads as a number, not a formula.
fn is_plain_number(field: &str) -> bool {
    let s = field.strip_prefix(['+', '-']).unwrap_or(field);
    let s = s.strip_suffix('%').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac)
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
    fn formula_starts_get_an_apostrophe_numbers_and_no_value_do_not() {
        for (field, written) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("=100.00(%)", "'=100.00(%)"),
            ("-无", "'-无"),
            ("--5", "'--5"),
            ("-.", "'-."),
            ("-%", "'-%"),
            ("-5", "-5"),
            ("-3.5%", "-3.5%"),
            ("+5", "+5"),
            ("-.5", "-.5"),
            ("-", "-"),
            ("", ""),
            ("无偏差", "无偏差"),
            (">99.00(%)", ">99.00(%)"),
            ("指标值 =100%", "指标值 =100%"),
        ] {
            assert_eq!(guard_formula(field), written, "{field:?}");
        }
    }

    #[test]
    fn every_table_guards_its_text_and_leaves_its_numbers() {
        let d = |s: &str| Some(Decimal::from_str(s).unwrap());
        let mut r = report();
        r.project = "=1+1".into();
        r.funds.total.executed = d("-5.50");
        r.indicators[0].deviation = Some("@SUM(A1)".into());
        r.indicators[0].actual = Some("-5".into());
        r.indicators[0].score = d("-2");
        let rows = |text: String| -> Vec<csv::StringRecord> {
            let mut rd = csv::Reader::from_reader(text.as_bytes());
            rd.records().map(Result::unwrap).collect()
        };
        let forms = rows(table_csv(std::slice::from_ref(&r), Table::Forms));
        let at = |name: &str| FORM_HEADER.iter().position(|h| *h == name).unwrap();
        assert_eq!(&forms[0][at("project")], "'=1+1");
        assert_eq!(&forms[0][at("executed")], "-5.50");
        let indicators = rows(table_csv(std::slice::from_ref(&r), Table::Indicators));
        assert_eq!(&indicators[0][4], "'=1+1");
        assert_eq!(&indicators[0][10], "-5");
        assert_eq!(&indicators[0][12], "-2");
        assert_eq!(&indicators[0][14], "'@SUM(A1)");
        let findings = crate::check::check(&r);
        assert!(!findings.is_empty());
        for row in rows(findings_csv(&findings)) {
            assert_eq!(&row[4], "'=1+1");
        }
        // JSON lines are the exact text.
        let lines = table_json_lines(std::slice::from_ref(&r), Table::Indicators);
        assert!(lines.contains(r#""project":"=1+1""#), "{lines}");
        assert!(lines.contains(r#""deviation":"@SUM(A1)""#), "{lines}");
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
