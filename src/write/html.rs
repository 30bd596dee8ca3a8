//! The HTML summary: one self-contained page (inline CSS, no scripts, fonts or images) that a
//! reviewer reads on screen or prints on A4, showing every indicator that lost points and the
//! reason the form gives for it.
//!
//! The page is rendered by Tera from `templates/summary.html`, embedded in the binary so the
//! tool works from any directory. All numbers are formatted here from the `Decimal`s (never
//! through `f64`) into a plain view model, so the template only lays out text; the template is
//! named `.html` so that Tera escapes every input string.

use crate::check::{Finding, Severity};
use crate::model::{FundsRow, GRADES, Indicator, Report, Source};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// The template source, compiled into the binary.
const TEMPLATE: &str = include_str!("../../templates/summary.html");
/// Ends in `.html` so that Tera autoescapes everything the template prints.
const TEMPLATE_NAME: &str = "summary.html";

/// Why the page could not be rendered (a bug in the template, never bad input).
#[derive(Debug, thiserror::Error)]
#[error("HTML 汇总生成失败 (summary template failed): {0}")]
pub struct Error(String);

impl From<tera::Error> for Error {
    fn from(e: tera::Error) -> Self {
        // Tera puts the useful part in the source chain; keep all of it in one line.
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        Error(text)
    }
}

/// What the page says about the run itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// When the page was generated, as it should be printed (see [`generated_now`]).
    pub generated_at: String,
    /// One line per input that could not be read, so the page never looks complete when it is not.
    pub read_errors: Vec<String>,
}

/// The time of this run (see [`super::timestamp`]), as printed on the page
/// (`2025-03-01 14:05 +08:00`).
pub fn generated_now() -> String {
    super::timestamp()
        .strftime("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// Renders the page. `findings[i]` belongs to `reports[i]` (missing entries count as none).
pub fn render(reports: &[Report], findings: &[Vec<Finding>], meta: &Meta) -> Result<String, Error> {
    let page = Page::build(reports, findings, meta);
    let mut tera = Tera::default();
    tera.add_raw_template(TEMPLATE_NAME, TEMPLATE)?;
    let context = Context::from_serialize(&page)?;
    Ok(tera.render(TEMPLATE_NAME, &context)?)
}

// ---------------------------------------------------------------------------------------------
// Number formatting: from Decimal to text, never through f64.

/// Rounds half away from zero to two decimals, as the forms print.
fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Two decimals: scores, weights, rates.
fn fmt2(d: Decimal) -> String {
    round2(d).to_string()
}

/// Two decimals with thousands separators: money, where a clerk counts digits.
fn fmt_money(d: Decimal) -> String {
    super::group_thousands(&fmt2(d))
}

fn opt2(d: Option<Decimal>) -> String {
    d.map(fmt2).unwrap_or_else(|| DASH.to_string())
}

fn opt_money(d: Option<Decimal>) -> String {
    d.map(fmt_money).unwrap_or_else(|| DASH.to_string())
}

/// What the page shows for a blank cell.
const DASH: &str = "—";

// ---------------------------------------------------------------------------------------------
// The view model: everything the template prints, already formatted.

#[derive(Serialize)]
struct Page {
    generated_at: String,
    form_count: usize,
    files: Vec<FileView>,
    read_errors: Vec<String>,
    totals: Vec<UnitTotal>,
    grades: Vec<GradeCount>,
    grades_from_score: usize,
    points_lost: String,
    forms_losing: usize,
    lost_indicator_count: usize,
    error_count: usize,
    warning_count: usize,
    overview: Vec<OverviewRow>,
    details: Vec<FormBlock>,
    funds_only: Vec<FundsOnlyRow>,
    categories: Vec<CategoryRow>,
}

#[derive(Serialize)]
struct FileView {
    name: String,
    forms: usize,
}

#[derive(Serialize)]
struct UnitTotal {
    unit: String,
    forms: usize,
    annual_budget: String,
    executed: String,
    rate: String,
    /// Forms left out of the rate because a budget or executed amount is missing or zero.
    incomplete: usize,
}

#[derive(Serialize)]
struct GradeCount {
    grade: String,
    count: usize,
}

#[derive(Serialize)]
struct OverviewRow {
    anchor: Option<String>,
    project: String,
    source: String,
    /// The file name without its folders, and the line or sheet: fits a narrow column.
    source_short: String,
    department: String,
    implementing_unit: String,
    unit: String,
    annual_budget: String,
    executed: String,
    rate: String,
    rate_computed: bool,
    score: String,
    grade: String,
    grade_computed: bool,
    points_lost: String,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct FindingView {
    severity: Severity,
    label: &'static str,
    rule: String,
    indicator: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct LostRow {
    level1: String,
    level2: String,
    name: String,
    target: String,
    actual: String,
    weight: String,
    score: String,
    lost: String,
    reason: Option<String>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FormBlock {
    anchor: String,
    project: String,
    source: String,
    year: Option<i32>,
    department: String,
    implementing_unit: String,
    unit: String,
    annual_budget: String,
    executed: String,
    rate: String,
    rate_computed: bool,
    funds_weight: String,
    funds_score: String,
    funds_lost: Option<String>,
    total_weight: String,
    score: String,
    grade: String,
    grade_computed: bool,
    points_lost: String,
    indicators: Vec<LostRow>,
    /// Findings not shown on a row of the table above.
    other_findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FundsOnlyRow {
    project: String,
    source_short: String,
    unit: String,
    annual_budget: String,
    executed: String,
    rate: String,
    rate_computed: bool,
    funds_weight: String,
    funds_score: String,
    funds_lost: String,
}

#[derive(Serialize)]
struct CategoryRow {
    /// `level1`, `level2` or `funds`: how the row is set.
    kind: &'static str,
    label: String,
    count: usize,
    forms: usize,
    points: String,
}

/// The execution rate shown: the printed one, else the one recomputed from the amounts
/// (flagged, so the reader knows the form did not print it).
fn rate_of(row: &FundsRow) -> (String, bool) {
    match (row.execution_rate, row.recomputed_rate()) {
        (Some(r), _) => (fmt2(r), false),
        (None, Some(r)) => (fmt2(r), true),
        (None, None) => (DASH.to_string(), false),
    }
}

/// The grade shown: the printed one, else the one the total score earns (flagged).
fn grade_of(r: &Report) -> (String, bool) {
    match (&r.grade, r.computed_grade()) {
        (Some(g), _) => (g.clone(), false),
        (None, Some(g)) => (g.to_string(), true),
        (None, None) => (DASH.to_string(), false),
    }
}

/// Points lost on the funds row (`weight - score` when positive).
fn funds_lost(r: &Report) -> Option<Decimal> {
    match (r.funds.total.weight, r.funds.total.score) {
        (Some(w), Some(s)) if s < w => Some(w - s),
        _ => None,
    }
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        DASH.to_string()
    } else {
        s.to_string()
    }
}

fn finding_view(f: &Finding) -> FindingView {
    FindingView {
        severity: f.severity,
        label: match f.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        },
        rule: f.rule.to_string(),
        indicator: f.indicator.clone(),
        message: f.message.clone(),
    }
}

/// Sums of one money unit.
#[derive(Default)]
struct UnitSums {
    forms: usize,
    budget: Decimal,
    executed: Decimal,
    /// Budget and executed over the forms that have both (the basis of the rate).
    paired: FundsRow,
    incomplete: usize,
}

/// Points and counts of one category in the "where points were lost" table.
#[derive(Default)]
struct Tally {
    count: usize,
    points: Decimal,
    forms: std::collections::BTreeSet<usize>,
}

impl Tally {
    fn add(&mut self, form: usize, points: Decimal) {
        self.count += 1;
        self.points += points;
        self.forms.insert(form);
    }
}

/// Where a level1 or level2 label is blank.
const UNLABELLED: &str = "（未标明）";

impl Page {
    fn build(reports: &[Report], findings: &[Vec<Finding>], meta: &Meta) -> Page {
        let no_findings: Vec<Finding> = Vec::new();
        let findings_of = |i: usize| findings.get(i).unwrap_or(&no_findings);

        // Files in input order with their form counts.
        let mut files: Vec<FileView> = Vec::new();
        for r in reports {
            match files.iter_mut().find(|f| f.name == r.source.file) {
                Some(f) => f.forms += 1,
                None => files.push(FileView {
                    name: r.source.file.clone(),
                    forms: 1,
                }),
            }
        }

        // Totals per money unit, units in order of first appearance: never add 元 to 万元.
        let mut units: Vec<(String, UnitSums)> = Vec::new();
        for r in reports {
            let unit = or_dash(&r.money_unit);
            let idx = match units.iter().position(|(u, _)| *u == unit) {
                Some(i) => i,
                None => {
                    units.push((unit, UnitSums::default()));
                    units.len() - 1
                }
            };
            let Some((_, sums)) = units.get_mut(idx) else {
                continue;
            };
            let row = &r.funds.total;
            sums.forms += 1;
            sums.budget += row.annual_budget.unwrap_or_default();
            sums.executed += row.executed.unwrap_or_default();
            match (row.annual_budget, row.executed) {
                (Some(b), Some(e)) => {
                    let p = &mut sums.paired;
                    p.annual_budget = Some(p.annual_budget.unwrap_or_default() + b);
                    p.executed = Some(p.executed.unwrap_or_default() + e);
                }
                _ => sums.incomplete += 1,
            }
        }
        let totals = units
            .into_iter()
            .map(|(unit, s)| UnitTotal {
                unit,
                forms: s.forms,
                annual_budget: fmt_money(s.budget),
                executed: fmt_money(s.executed),
                rate: opt2(s.paired.recomputed_rate()),
                incomplete: s.incomplete,
            })
            .collect();

        // Forms per grade: printed grade, else the one the total earns.
        let mut grade_counts: BTreeMap<usize, usize> = BTreeMap::new();
        let mut other_grades: Vec<GradeCount> = Vec::new();
        let mut grades_from_score = 0;
        for r in reports {
            let (g, computed) = grade_of(r);
            if computed {
                grades_from_score += 1;
            }
            match GRADES.iter().position(|x| *x == g) {
                Some(i) => *grade_counts.entry(i).or_default() += 1,
                None => match other_grades.iter_mut().find(|o| o.grade == g) {
                    Some(o) => o.count += 1,
                    None => other_grades.push(GradeCount { grade: g, count: 1 }),
                },
            }
        }
        let mut grades: Vec<GradeCount> = GRADES
            .iter()
            .enumerate()
            .map(|(i, g)| GradeCount {
                grade: g.to_string(),
                count: grade_counts.get(&i).copied().unwrap_or(0),
            })
            .collect();
        grades.extend(other_grades);

        // Order: most points lost first, then lowest score (a missing score last); input order
        // otherwise.
        let mut order: Vec<(usize, &Report, Decimal)> = reports
            .iter()
            .enumerate()
            .map(|(i, r)| (i, r, r.points_lost()))
            .collect();
        order.sort_by(|(_, ra, la), (_, rb, lb)| {
            lb.cmp(la)
                .then_with(|| match (ra.total.score, rb.total.score) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
        });
        let all_points: Decimal = order.iter().map(|(_, _, p)| *p).sum();

        let mut overview = Vec::with_capacity(reports.len());
        let mut details = Vec::new();
        let mut funds_only = Vec::new();
        let mut level1: BTreeMap<String, Tally> = BTreeMap::new();
        let mut level2: BTreeMap<(String, String), Tally> = BTreeMap::new();
        let mut funds_tally = Tally::default();
        let mut lost_indicator_count = 0;
        let (mut error_count, mut warning_count) = (0, 0);
        let mut forms_losing = 0;

        for (pos, &(i, r, points)) in order.iter().enumerate() {
            let form_findings = findings_of(i);
            let errors = form_findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let warnings = form_findings.len() - errors;
            error_count += errors;
            warning_count += warnings;
            let lost_rows: Vec<&Indicator> = r.lost_indicators().collect();
            lost_indicator_count += lost_rows.len();
            if points > Decimal::ZERO {
                forms_losing += 1;
            }
            for ind in &lost_rows {
                let p = ind.points_lost().unwrap_or_default();
                let l1 = or_label(&ind.level1);
                let l2 = or_label(&ind.level2);
                level1.entry(l1.clone()).or_default().add(i, p);
                level2.entry((l1, l2)).or_default().add(i, p);
            }
            let f_lost = funds_lost(r);
            if let Some(p) = f_lost {
                funds_tally.add(i, p);
            }

            let has_block = !lost_rows.is_empty() || !form_findings.is_empty();
            let anchor = format!("form-{}", pos + 1);
            let (rate, rate_computed) = rate_of(&r.funds.total);
            let (grade, grade_computed) = grade_of(r);
            let source = r.source.to_string();
            let unit = or_dash(&r.money_unit);

            overview.push(OverviewRow {
                anchor: has_block.then(|| anchor.clone()),
                project: or_dash(&r.project),
                source: source.clone(),
                source_short: short_source(&r.source),
                department: or_dash(&r.department),
                implementing_unit: or_dash(&r.implementing_unit),
                unit: unit.clone(),
                annual_budget: opt_money(r.funds.total.annual_budget),
                executed: opt_money(r.funds.total.executed),
                rate: rate.clone(),
                rate_computed,
                score: opt2(r.total.score),
                grade: grade.clone(),
                grade_computed,
                points_lost: fmt2(points),
                errors,
                warnings,
            });

            if has_block {
                let mut shown = vec![false; form_findings.len()];
                let indicators = lost_rows
                    .iter()
                    .map(|ind| {
                        let mut row_findings = Vec::new();
                        for (k, f) in form_findings.iter().enumerate() {
                            if f.indicator.as_deref() == Some(ind.name.as_str()) {
                                row_findings.push(finding_view(f));
                                if let Some(s) = shown.get_mut(k) {
                                    *s = true;
                                }
                            }
                        }
                        LostRow {
                            level1: or_dash(&ind.level1),
                            level2: or_dash(&ind.level2),
                            name: or_dash(&ind.name),
                            target: or_dash(ind.target.as_deref().unwrap_or("")),
                            actual: or_dash(ind.actual.as_deref().unwrap_or("")),
                            weight: opt2(ind.weight),
                            score: opt2(ind.score),
                            lost: opt2(ind.points_lost()),
                            reason: ind
                                .deviation
                                .as_deref()
                                .filter(|d| !d.trim().is_empty())
                                .map(str::to_string),
                            findings: row_findings,
                        }
                    })
                    .collect();
                let other_findings = form_findings
                    .iter()
                    .zip(shown)
                    .filter(|(_, s)| !s)
                    .map(|(f, _)| finding_view(f))
                    .collect();
                details.push(FormBlock {
                    anchor,
                    project: or_dash(&r.project),
                    source,
                    year: r.year,
                    department: or_dash(&r.department),
                    implementing_unit: or_dash(&r.implementing_unit),
                    unit,
                    annual_budget: opt_money(r.funds.total.annual_budget),
                    executed: opt_money(r.funds.total.executed),
                    rate,
                    rate_computed,
                    funds_weight: opt2(r.funds.total.weight),
                    funds_score: opt2(r.funds.total.score),
                    funds_lost: f_lost.map(fmt2),
                    total_weight: opt2(r.total.weight),
                    score: opt2(r.total.score),
                    grade,
                    grade_computed,
                    points_lost: fmt2(points),
                    indicators,
                    other_findings,
                });
            } else if let Some(p) = f_lost {
                funds_only.push(FundsOnlyRow {
                    project: or_dash(&r.project),
                    source_short: short_source(&r.source),
                    unit,
                    annual_budget: opt_money(r.funds.total.annual_budget),
                    executed: opt_money(r.funds.total.executed),
                    rate,
                    rate_computed,
                    funds_weight: opt2(r.funds.total.weight),
                    funds_score: opt2(r.funds.total.score),
                    funds_lost: fmt2(p),
                });
            }
        }

        let categories = category_rows(level1, level2, funds_tally);
        Page {
            generated_at: meta.generated_at.clone(),
            form_count: reports.len(),
            files,
            read_errors: meta.read_errors.clone(),
            totals,
            grades,
            grades_from_score,
            points_lost: fmt2(all_points),
            forms_losing,
            lost_indicator_count,
            error_count,
            warning_count,
            overview,
            details,
            funds_only,
            categories,
        }
    }
}

fn short_source(s: &Source) -> String {
    let name = std::path::Path::new(&s.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| s.file.clone());
    Source {
        file: name,
        ..s.clone()
    }
    .to_string()
}

fn or_label(s: &str) -> String {
    if s.trim().is_empty() {
        UNLABELLED.to_string()
    } else {
        s.to_string()
    }
}

/// The "where points were lost" rows: each level1 (most points first) followed by its level2
/// rows (most points first), then the funds row, so the column sums to the total points lost.
fn category_rows(
    level1: BTreeMap<String, Tally>,
    level2: BTreeMap<(String, String), Tally>,
    funds: Tally,
) -> Vec<CategoryRow> {
    let by_points = |a: &(String, Tally), b: &(String, Tally)| {
        b.1.points.cmp(&a.1.points).then_with(|| a.0.cmp(&b.0))
    };
    let mut l1: Vec<(String, Tally)> = level1.into_iter().collect();
    l1.sort_by(by_points);
    let mut rows = Vec::new();
    let mut l2_all: Vec<((String, String), Tally)> = level2.into_iter().collect();
    for (name, tally) in l1 {
        rows.push(CategoryRow {
            kind: "level1",
            label: name.clone(),
            count: tally.count,
            forms: tally.forms.len(),
            points: fmt2(tally.points),
        });
        let mut subs: Vec<(String, Tally)> = Vec::new();
        let mut rest = Vec::new();
        for ((a, b), t) in l2_all {
            if a == name {
                subs.push((b, t));
            } else {
                rest.push(((a, b), t));
            }
        }
        l2_all = rest;
        subs.sort_by(by_points);
        rows.extend(subs.into_iter().map(|(label, t)| CategoryRow {
            kind: "level2",
            label,
            count: t.count,
            forms: t.forms.len(),
            points: fmt2(t.points),
        }));
    }
    if funds.count > 0 {
        rows.push(CategoryRow {
            kind: "funds",
            label: "预算执行（资金执行率）".to_string(),
            count: funds.count,
            forms: funds.forms.len(),
            points: fmt2(funds.points),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_are_formatted_from_decimal() {
        assert_eq!(fmt2(d("7.775")), "7.78");
        assert_eq!(fmt2(d("10")), "10.00");
        assert_eq!(fmt2(d("77.7777")), "77.78");
        assert_eq!(fmt_money(d("109491")), "109,491.00");
        assert_eq!(fmt_money(d("-1234567.891")), "-1,234,567.89");
        assert_eq!(fmt_money(d("0.9")), "0.90");
        assert_eq!(fmt_money(d("999.995")), "1,000.00");
    }

    fn report_with(indicators: Vec<Indicator>) -> Report {
        Report {
            source: Default::default(),
            title: crate::model::TITLE.into(),
            year: Some(2024),
            project: "项目".into(),
            department: String::new(),
            implementing_unit: String::new(),
            money_unit: "万元".into(),
            funds: Default::default(),
            goals: Default::default(),
            indicators,
            total: Default::default(),
            grade: None,
            unplaced: vec![],
            extra_funds: Vec::new(),
            texts: Vec::new(),
            incomplete: false,
            points: Vec::new(),
        }
    }

    #[test]
    fn totals_are_grouped_by_unit() {
        let mut a = report_with(vec![]);
        a.funds.total.annual_budget = Some(d("10.00"));
        a.funds.total.executed = Some(d("5.00"));
        let mut b = a.clone();
        b.money_unit = "元".into();
        b.funds.total.annual_budget = Some(d("100000.00"));
        b.funds.total.executed = Some(d("100000.00"));
        let page = Page::build(&[a.clone(), b, a], &[], &Meta::default());
        let t: Vec<(&str, &str, &str, &str)> = page
            .totals
            .iter()
            .map(|t| {
                (
                    t.unit.as_str(),
                    t.annual_budget.as_str(),
                    t.executed.as_str(),
                    t.rate.as_str(),
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                ("万元", "20.00", "10.00", "50.00"),
                ("元", "100,000.00", "100,000.00", "100.00")
            ]
        );
    }

    #[test]
    fn grade_falls_back_to_score() {
        let mut r = report_with(vec![]);
        r.total.score = Some(d("85"));
        assert_eq!(grade_of(&r), ("良".to_string(), true));
        r.grade = Some("优".into());
        assert_eq!(grade_of(&r), ("优".to_string(), false));
    }
}
