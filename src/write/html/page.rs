//! The view model: everything the template prints, already formatted from the forms, their
//! findings and the chart data of [`crate::write::charts`].

use super::svg::ChartsView;
use super::{DASH, Meta, fmt_money, fmt2, opt_money, opt2};
use crate::check::{Finding, Severity};
use crate::model::{FundsRow, Indicator, Report, Source};
use crate::write::charts::{self, Charts, Kind};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Page {
    generated_at: String,
    form_count: usize,
    files: Vec<FileView>,
    read_errors: Vec<String>,
    totals: Vec<UnitTotal>,
    grades_from_score: usize,
    points_lost: String,
    /// Points lost on the funds row, and their share of all points lost (percent, 1 dp).
    funds_lost: String,
    funds_share: Option<String>,
    forms_losing: usize,
    lost_indicator_count: usize,
    error_count: usize,
    warning_count: usize,
    overview: Vec<OverviewRow>,
    details: Vec<FormBlock>,
    funds_only: Vec<FundsOnlyRow>,
    categories: Vec<CategoryRow>,
    charts: ChartsView,
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
    #[serde(flatten)]
    funds: FundsView,
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

/// The funds row as both the form blocks and the funds-only table show it.
#[derive(Serialize)]
struct FundsView {
    unit: String,
    annual_budget: String,
    executed: String,
    rate: String,
    rate_computed: bool,
    funds_weight: String,
    funds_score: String,
}

impl FundsView {
    fn of(r: &Report, unit: String) -> FundsView {
        let (rate, rate_computed) = rate_of(&r.funds.total);
        FundsView {
            unit,
            annual_budget: opt_money(r.funds.total.annual_budget),
            executed: opt_money(r.funds.total.executed),
            rate,
            rate_computed,
            funds_weight: opt2(r.funds.total.weight),
            funds_score: opt2(r.funds.total.score),
        }
    }
}

#[derive(Serialize)]
struct FundsOnlyRow {
    project: String,
    source_short: String,
    #[serde(flatten)]
    funds: FundsView,
    funds_lost: String,
}

#[derive(Serialize)]
struct CategoryRow {
    /// `level1`, `level2` or `funds`: how the row is set.
    kind: Kind,
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
    charts::grade_of(r).unwrap_or_else(|| (DASH.to_string(), false))
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

impl Page {
    pub(super) fn build(reports: &[Report], findings: &[Vec<Finding>], meta: &Meta) -> Page {
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

        let chart_data = Charts::compute(reports);
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

        let mut overview = Vec::with_capacity(reports.len());
        let mut details = Vec::new();
        let mut funds_only = Vec::new();
        let mut lost_indicator_count = 0;
        let (mut error_count, mut warning_count) = (0, 0);

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
            let f_lost = charts::funds_lost(r);

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
                rate,
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
                    funds: FundsView::of(r, unit),
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
                    funds: FundsView::of(r, unit),
                    funds_lost: fmt2(p),
                });
            }
        }

        let categories = chart_data
            .categories
            .iter()
            .map(|c| CategoryRow {
                kind: c.kind,
                label: c.label.clone(),
                count: c.count,
                forms: c.forms,
                points: fmt2(c.points),
            })
            .collect();
        Page {
            generated_at: meta.generated_at.clone(),
            form_count: reports.len(),
            files,
            read_errors: meta.read_errors.clone(),
            totals,
            grades_from_score: chart_data.grades_from_score,
            points_lost: fmt2(chart_data.points_lost),
            funds_lost: fmt2(chart_data.funds_lost),
            funds_share: chart_data.funds_share().map(|p| {
                let mut p = p.round_dp_with_strategy(
                    1,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                p.rescale(1);
                p.to_string()
            }),
            forms_losing: chart_data.forms_losing,
            lost_indicator_count,
            error_count,
            warning_count,
            overview,
            details,
            funds_only,
            categories,
            charts: ChartsView::of(&chart_data),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
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
        r.grade = None;
        r.total.score = None;
        assert_eq!(grade_of(&r), (DASH.to_string(), false));
    }
}
