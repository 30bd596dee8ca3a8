//! The numbers behind the summary's charts, computed once from the forms so that the HTML
//! summary (its SVG charts and its "where points were lost" table) and the workbook's 图表
//! sheet show the same figures: points lost by indicator category with the funds row as a bar
//! of its own, forms per grade, and the spread of funds execution rates and of total scores.
//!
//! Everything stays `Decimal`; the writers format or convert at their last step. Sums saturate,
//! so no input can make the tally panic.

use crate::model::{self, GRADES, Report};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Where a level1 or level2 label is blank.
pub const UNLABELLED: &str = "（未标明）";
/// The funds row's bar: points lost because the execution rate stayed below 100%.
pub const FUNDS_LABEL: &str = "预算执行（资金执行率）";
/// The bar of forms with neither a printed grade nor a total score to give one.
pub const NO_GRADE: &str = "未评";
/// The bucket of forms with no rate or score to place.
pub const NONE: &str = "无";

/// What a row of the category chart counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A level1 indicator (一级指标): the sum of its level2 rows.
    Level1,
    /// A level2 indicator (二级指标) within the level1 row above it.
    Level2,
    /// The funds row (预算执行): `weight − score` of each form's funds line.
    Funds,
}

/// One row of the points-lost chart and table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub kind: Kind,
    pub label: String,
    /// Indicators (三级指标) that lost points; for the funds row, forms.
    pub count: usize,
    /// Forms with at least one of those.
    pub forms: usize,
    pub points: Decimal,
}

/// One bar of a count chart: how many forms fall in `label`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub label: String,
    pub forms: usize,
}

/// The four charts' data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charts {
    /// Σ points lost over all forms (the model's [`Report::points_lost`]).
    pub points_lost: Decimal,
    /// Of which on the funds row.
    pub funds_lost: Decimal,
    /// Forms that lost any points.
    pub forms_losing: usize,
    /// Level1 rows and the funds row, most points first, each level1 followed by its level2
    /// rows (most points first): the level1 and funds rows sum to `points_lost`.
    pub categories: Vec<Category>,
    /// 优 / 良 / 中 / 差, any other printed grade as printed, then 未评: the printed grade, else
    /// the one the total score earns.
    pub grades: Vec<Count>,
    /// Forms whose grade came from the total score, not from the form.
    pub grades_from_score: usize,
    /// Funds execution rates (printed, else recomputed from the amounts) in [`RATE_BUCKETS`],
    /// then 无.
    pub rates: Vec<Count>,
    /// Total scores in [`SCORE_BUCKETS`], then 无.
    pub scores: Vec<Count>,
}

/// Execution-rate buckets in percent (the labels leave out the `%` the chart's title gives): `(label, lower bound inclusive)`, each up to the next
/// bound (exclusive); the first has no lower bound.
pub const RATE_BUCKETS: [(&str, i64); 6] = [
    ("<60", i64::MIN),
    ("60–80", 60),
    ("80–90", 80),
    ("90–95", 90),
    ("95–100", 95),
    ("≥100", 100),
];

/// Total-score buckets: the grade bands (差 <60, 中 60–80, 良 80–90), 优 split at 95 and full
/// marks apart, where real scores crowd (the samples' run from 93 to 100).
pub const SCORE_BUCKETS: [(&str, i64); 6] = [
    ("<60", i64::MIN),
    ("60–80", 60),
    ("80–90", 80),
    ("90–95", 90),
    ("95–100", 95),
    ("100", 100),
];

/// Points lost on the funds row (`weight − score` when positive).
pub fn funds_lost(r: &Report) -> Option<Decimal> {
    match (r.funds.total.weight, r.funds.total.score) {
        (Some(w), Some(s)) if s < w => Some(w.saturating_sub(s)),
        _ => None,
    }
}

/// The execution rate a form shows: the printed one, else the one its amounts give.
pub fn rate_of(r: &Report) -> Option<Decimal> {
    r.funds
        .total
        .execution_rate
        .or_else(|| r.funds.total.recomputed_rate())
}

/// The grade a form shows, and whether it came from the total score (not printed).
pub fn grade_of(r: &Report) -> Option<(String, bool)> {
    match (&r.grade, r.computed_grade()) {
        (Some(g), _) => Some((g.clone(), false)),
        (None, Some(g)) => Some((g.to_string(), true)),
        (None, None) => None,
    }
}

/// Points and counts of one category.
#[derive(Default)]
struct Tally {
    count: usize,
    points: Decimal,
    forms: BTreeSet<usize>,
}

impl Tally {
    fn add(&mut self, form: usize, points: Decimal) {
        self.count += 1;
        self.points = self.points.saturating_add(points);
        self.forms.insert(form);
    }

    fn row(&self, kind: Kind, label: String) -> Category {
        Category {
            kind,
            label,
            count: self.count,
            forms: self.forms.len(),
            points: self.points,
        }
    }
}

fn or_label(s: &str) -> String {
    if s.trim().is_empty() {
        UNLABELLED.to_string()
    } else {
        s.to_string()
    }
}

/// Which of `buckets` holds `value` (the last whose lower bound it reaches).
fn bucket(buckets: &[(&str, i64)], value: Decimal) -> usize {
    buckets
        .iter()
        .rposition(|(_, low)| *low == i64::MIN || value >= Decimal::from(*low))
        .unwrap_or(0)
}

/// Counts of `values` per bucket, then the 无 bar for the forms without a value.
fn histogram(buckets: &[(&str, i64)], values: impl Iterator<Item = Option<Decimal>>) -> Vec<Count> {
    let mut counts = vec![0usize; buckets.len() + 1];
    for v in values {
        let i = v.map_or(buckets.len(), |v| bucket(buckets, v));
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    buckets
        .iter()
        .map(|(label, _)| *label)
        .chain([NONE])
        .zip(counts)
        .map(|(label, forms)| Count {
            label: label.to_string(),
            forms,
        })
        .collect()
}

impl Charts {
    pub fn compute(reports: &[Report]) -> Charts {
        let mut level1: BTreeMap<String, Tally> = BTreeMap::new();
        let mut level2: BTreeMap<(String, String), Tally> = BTreeMap::new();
        let mut funds = Tally::default();
        for (i, r) in reports.iter().enumerate() {
            for ind in r.lost_indicators() {
                let p = ind.points_lost().unwrap_or_default();
                let l1 = or_label(&ind.level1);
                level1.entry(l1.clone()).or_default().add(i, p);
                level2
                    .entry((l1, or_label(&ind.level2)))
                    .or_default()
                    .add(i, p);
            }
            if let Some(p) = funds_lost(r) {
                funds.add(i, p);
            }
        }

        // Level1 rows and the funds row by points, most first; each level1 then its level2s.
        let mut tops: Vec<(Kind, String, Tally)> = level1
            .into_iter()
            .map(|(label, t)| (Kind::Level1, label, t))
            .collect();
        if funds.count > 0 {
            tops.push((Kind::Funds, FUNDS_LABEL.to_string(), funds));
        }
        tops.sort_by(|a, b| b.2.points.cmp(&a.2.points).then_with(|| a.1.cmp(&b.1)));
        let mut categories = Vec::new();
        let mut funds_lost_sum = Decimal::ZERO;
        for (kind, label, t) in &tops {
            categories.push(t.row(*kind, label.clone()));
            if *kind == Kind::Funds {
                funds_lost_sum = t.points;
                continue;
            }
            let mut subs: Vec<(&String, &Tally)> = level2
                .iter()
                .filter(|((l1, _), _)| l1 == label)
                .map(|((_, l2), t)| (l2, t))
                .collect();
            subs.sort_by(|a, b| b.1.points.cmp(&a.1.points).then_with(|| a.0.cmp(b.0)));
            categories.extend(
                subs.into_iter()
                    .map(|(l2, t)| t.row(Kind::Level2, l2.clone())),
            );
        }

        // Grades: the four of the rules, others as printed, then the forms with none.
        let mut grades: Vec<Count> = GRADES
            .iter()
            .map(|g| Count {
                label: g.to_string(),
                forms: 0,
            })
            .collect();
        let mut ungraded = 0;
        let mut grades_from_score = 0;
        for r in reports {
            let Some((g, computed)) = grade_of(r) else {
                ungraded += 1;
                continue;
            };
            grades_from_score += usize::from(computed);
            match grades.iter_mut().find(|c| c.label == g) {
                Some(c) => c.forms += 1,
                None => grades.push(Count { label: g, forms: 1 }),
            }
        }
        grades.push(Count {
            label: NO_GRADE.to_string(),
            forms: ungraded,
        });

        Charts {
            points_lost: model::sum(reports.iter().map(Report::points_lost)),
            funds_lost: funds_lost_sum,
            forms_losing: reports
                .iter()
                .filter(|r| r.points_lost() > Decimal::ZERO)
                .count(),
            categories,
            grades,
            grades_from_score,
            rates: histogram(&RATE_BUCKETS, reports.iter().map(rate_of)),
            scores: histogram(&SCORE_BUCKETS, reports.iter().map(|r| r.total.score)),
        }
    }

    /// The funds row's share of all points lost, in percent (`None` when nothing was lost).
    pub fn funds_share(&self) -> Option<Decimal> {
        if self.points_lost.is_zero() {
            return None;
        }
        self.funds_lost
            .checked_div(self.points_lost)?
            .checked_mul(Decimal::ONE_HUNDRED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn samples() -> Vec<Report> {
        let mut files: Vec<_> = std::fs::read_dir("samples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .flat_map(|f| crate::read::read_path(f))
            .map(Result::unwrap)
            .collect()
    }

    fn top_rows(c: &Charts) -> impl Iterator<Item = &Category> {
        c.categories.iter().filter(|r| r.kind != Kind::Level2)
    }

    #[test]
    fn samples_lose_39_89_points_29_84_of_them_on_funds() {
        let reports = samples();
        assert_eq!(reports.len(), 46);
        let c = Charts::compute(&reports);
        assert_eq!(c.points_lost, d("39.89"));
        assert_eq!(c.funds_lost, d("29.84"));
        // The level1 bars and the funds bar add up to the total, and the funds bar leads.
        let tops: Decimal = top_rows(&c).map(|r| r.points).sum();
        assert_eq!(tops, c.points_lost);
        let first = &c.categories[0];
        assert_eq!(
            (first.kind, first.label.as_str()),
            (Kind::Funds, FUNDS_LABEL)
        );
        assert_eq!(first.points, d("29.84"));
        // Each form below a full funds score is one on the funds row.
        let funds_forms = reports.iter().filter(|r| funds_lost(r).is_some()).count();
        assert_eq!((first.count, first.forms), (funds_forms, funds_forms));
        assert_eq!(c.funds_share().unwrap().round_dp(1), d("74.8"));
        assert_eq!(c.forms_losing, 35);
    }

    #[test]
    fn level2_rows_sum_to_their_level1_row() {
        let c = Charts::compute(&samples());
        let mut seen = 0;
        let mut i = 0;
        while i < c.categories.len() {
            let row = &c.categories[i];
            let subs: Vec<&Category> = c.categories[i + 1..]
                .iter()
                .take_while(|r| r.kind == Kind::Level2)
                .collect();
            if row.kind == Kind::Level1 {
                assert!(!subs.is_empty(), "{} has level2 rows", row.label);
                let pts: Decimal = subs.iter().map(|r| r.points).sum();
                let count: usize = subs.iter().map(|r| r.count).sum();
                assert_eq!((pts, count), (row.points, row.count), "{}", row.label);
                assert!(subs.windows(2).all(|w| w[0].points >= w[1].points));
                seen += 1;
            } else {
                assert!(subs.is_empty(), "the funds row has no level2 rows");
            }
            i += 1 + subs.len();
        }
        assert!(seen >= 2, "the samples lose points under several level1s");
        // The level1 and funds rows come most points first.
        let tops: Vec<Decimal> = top_rows(&c).map(|r| r.points).collect();
        assert!(tops.windows(2).all(|w| w[0] >= w[1]), "{tops:?}");
    }

    #[test]
    fn counts_cover_every_form_once() {
        let reports = samples();
        let c = Charts::compute(&reports);
        for (name, bars) in [
            ("grades", &c.grades),
            ("rates", &c.rates),
            ("scores", &c.scores),
        ] {
            let n: usize = bars.iter().map(|b| b.forms).sum();
            assert_eq!(n, reports.len(), "{name}");
        }
        let labels: Vec<&str> = c.grades.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["优", "良", "中", "差", NO_GRADE]);
        let printed_or_scored = reports.iter().filter(|r| grade_of(r).is_some()).count();
        assert_eq!(c.grades[4].forms, reports.len() - printed_or_scored);
        // Every sample form prints or earns 优 (scores 93.17 and up).
        assert_eq!(c.grades[0].forms, reports.len());
        // Rates at 100 go to ≥100%, those below to their bucket.
        let full = reports
            .iter()
            .filter(|r| rate_of(r).is_some_and(|x| x >= d("100")))
            .count();
        assert_eq!(
            c.rates[5],
            Count {
                label: "≥100".into(),
                forms: full
            }
        );
        let under60 = reports
            .iter()
            .filter(|r| rate_of(r).is_some_and(|x| x < d("60")))
            .count();
        assert_eq!(c.rates[0].forms, under60);
        assert!(under60 > 0, "the samples have rates below 60%");
        let hundred = reports
            .iter()
            .filter(|r| r.total.score == Some(d("100.00")))
            .count();
        assert_eq!(c.scores[5].forms, hundred);
        assert!(hundred > 0, "some samples score full marks");
    }

    #[test]
    fn buckets_take_their_lower_edge() {
        assert_eq!(bucket(&RATE_BUCKETS, d("59.99")), 0);
        assert_eq!(bucket(&RATE_BUCKETS, d("60")), 1);
        assert_eq!(bucket(&RATE_BUCKETS, d("94.999")), 3);
        assert_eq!(bucket(&RATE_BUCKETS, d("100.00")), 5);
        assert_eq!(bucket(&RATE_BUCKETS, d("-5")), 0);
        assert_eq!(bucket(&SCORE_BUCKETS, d("79.99")), 1);
        assert_eq!(bucket(&SCORE_BUCKETS, d("99.99")), 4);
        assert_eq!(bucket(&SCORE_BUCKETS, d("100")), 5);
        assert_eq!(bucket(&SCORE_BUCKETS, d("0")), 0);
    }

    #[test]
    fn hostile_numbers_do_not_panic() {
        let mut r = samples().remove(0);
        r.funds.total.weight = Some(Decimal::MAX);
        r.funds.total.score = Some(Decimal::MIN);
        r.indicators[0].weight = Some(Decimal::MAX);
        r.indicators[0].score = Some(Decimal::MIN);
        let c = Charts::compute(&[r.clone(), r]);
        assert_eq!(c.points_lost, Decimal::MAX);
        assert_eq!(c.funds_lost, Decimal::MAX);
        assert_eq!(c.funds_share(), Some(Decimal::ONE_HUNDRED));
    }
}
