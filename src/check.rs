//! Checks: judge each form against the scoring rules.
//!
//! Every rule has a stable id (used by scripts and by `--format json`), a severity and a
//! message in Chinese with the numbers involved, so a clerk can find the cell and fix it.
//! Errors mean the form contradicts itself or the national scoring rules; warnings mean a
//! reviewer should look (points lost with no reason, a target met yet points lost …).
//!
//! Printed numbers are rounded: amounts and rates to the precision they are printed with,
//! scores to 0.01. Each rule allows exactly what that rounding can explain and no more, and
//! the samples show that the published execution rate is cut (not rounded) to 0.01
//! (929.80 / 931.30 = 99.8389… is printed 99.83; 7.00 / 9.00 is printed 77.77), so a printed
//! rate stands for any true rate from half a unit below it to a whole unit above it.
//! All arithmetic is checked: absurd input values skip a rule rather than panic.

use crate::framework;
use crate::model::quantity;
use crate::model::{FundsRow, Indicator, Report, grade_for};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The form is wrong: it contradicts itself or the scoring rules.
    Error,
    /// The form needs a human look.
    Warning,
}

impl Severity {
    /// The word a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A rule: its stable id, severity and what it demands (in Chinese, for listings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

const fn error(id: &'static str, title: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        title,
    }
}

const fn warning(id: &'static str, title: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        title,
    }
}

pub const INCOMPLETE: Rule = error("incomplete", "自评表完整（公开件未在总分之前截断）");
pub const TOTAL_SCORE_SUM: Rule = error("total-score-sum", "总分 = 资金得分 + 各指标得分之和");
pub const TOTAL_WEIGHT_SUM: Rule = error("total-weight-sum", "总分值 = 资金分值 + 各指标分值之和");
pub const FUNDS_SCORE: Rule = error("funds-score", "资金得分 = 分值 × min(执行率, 100%)");
pub const EXECUTION_RATE: Rule = error("execution-rate", "执行率 = 全年执行数 ÷ 全年预算数 × 100");
pub const GRADE: Rule = error(
    "grade",
    "评分等级与总分相符（优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60）",
);
pub const SCORE_RANGE: Rule = error("score-range", "0 ≤ 得分 ≤ 分值");
/// When the form has no 分值 column, the points printed in a level-1 label (`产出指标(60分)`)
/// are the only statement of what its indicators can earn, so scores adding up to more than
/// them give away points that do not exist: the same contradiction as a score above its
/// weight ([`SCORE_RANGE`]), hence an error, not a warning like [`LEVEL1_POINTS`].
pub const LEVEL1_SCORE_OVER: Rule = error(
    "level1-score-over",
    "无分值栏时，一级指标下各指标得分之和不超过其标注分值",
);
pub const FUNDS_BREAKDOWN: Rule = error(
    "funds-breakdown",
    "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 + 其他各资金来源行（每一列）",
);
pub const LEVEL2_MISPLACED: Rule = error("level2-misplaced", "二级指标属于其一级指标");
pub const LOST_NO_REASON: Rule = warning("lost-no-reason", "扣分须填写偏差原因");
pub const LOST_NO_DEVIATION: Rule = warning("lost-no-deviation", "扣分时偏差原因不能写“无偏差”");
pub const LOST_TARGET_MET: Rule = warning("lost-target-met", "达成目标的指标不应扣分");
pub const FULL_TARGET_MISSED: Rule = warning("full-target-missed", "未达成目标的指标不应得满分");
pub const DUPLICATE_INDICATOR: Rule =
    warning("duplicate-indicator", "同一张表内三级指标名称不重复");
pub const LABEL_UNKNOWN: Rule = warning("label-unknown", "一级、二级指标使用规范名称");
/// Weights adding up to other than the points printed in their level-1 label: a warning, since
/// forms keep the template's labels while re-weighting rows, the 总分 itself is checked by
/// [`TOTAL_WEIGHT_SUM`], and which level-1 an indicator falls under is partly the reader's
/// inference (from its level-2 label); a reviewer should look, the form is not proven wrong.
pub const LEVEL1_POINTS: Rule = warning("level1-points", "一级指标标注分值 = 其下各指标分值之和");
pub const MISSING_VALUE: Rule = warning("missing-value", "表上有的分值、得分、资金数等栏应填写");

/// Not a scoring rule: an input, or a form in it, that could not be read and so was not
/// checked. `check --format json` lists these so a script sees every failure in one place.
pub const READ_ERROR: Rule = error("read-error", "输入文件可以读取");

impl Finding {
    /// The finding for an input that could not be read.
    pub fn unread(e: &crate::read::ReadError) -> Finding {
        Finding {
            rule: READ_ERROR.id,
            severity: READ_ERROR.severity,
            file: e.file.clone(),
            at: e.at.clone(),
            project: None,
            indicator: None,
            message: e.message.clone(),
        }
    }
}

/// Every rule, errors first.
pub const RULES: [Rule; 18] = [
    INCOMPLETE,
    TOTAL_SCORE_SUM,
    TOTAL_WEIGHT_SUM,
    FUNDS_SCORE,
    EXECUTION_RATE,
    GRADE,
    SCORE_RANGE,
    LEVEL1_SCORE_OVER,
    FUNDS_BREAKDOWN,
    LEVEL2_MISPLACED,
    LOST_NO_REASON,
    LOST_NO_DEVIATION,
    LOST_TARGET_MET,
    FULL_TARGET_MISSED,
    DUPLICATE_INDICATOR,
    LABEL_UNKNOWN,
    LEVEL1_POINTS,
    MISSING_VALUE,
];

/// One problem found in one form, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id, e.g. `total-score-sum`.
    pub rule: &'static str,
    pub severity: Severity,
    pub file: String,
    /// `line 12` (text) or the sheet name (workbook) where the form starts.
    pub at: Option<String>,
    /// The form's project; `None` for an input that could not be read.
    pub project: Option<String>,
    /// The 三级指标 concerned, when the finding is about one.
    pub indicator: Option<String>,
    pub message: String,
}

/// Checks one form against every rule. Findings come in rule order, errors first.
///
/// The rules follow the form's own scoring scheme ([`Scheme`]): a form with no 分值 column,
/// no 总分 or 评分等级 row, or no scoring at all (a target self-evaluation) is not faulted for
/// what it does not have, and points printed in labels stand in for missing 分值 cells.
pub fn check(report: &Report) -> Vec<Finding> {
    let mut c = Ctx {
        report,
        scheme: Scheme::of(report),
        out: Vec::new(),
    };
    incomplete(&mut c);
    total_score_sum(&mut c);
    total_weight_sum(&mut c);
    funds_score(&mut c);
    execution_rates(&mut c);
    grade(&mut c);
    score_ranges(&mut c);
    level1_scores(&mut c);
    funds_breakdown(&mut c);
    labels(&mut c);
    lost_points(&mut c);
    duplicates(&mut c);
    level1_points(&mut c);
    missing_values(&mut c);
    c.out.sort_by_key(|f| f.severity);
    c.out
}

/// Counts over checked forms, for the last line of `selfeval check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    pub forms: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    /// Counts the forms and their findings by severity.
    pub fn of(forms: &[(&Report, Vec<Finding>)]) -> Tally {
        let all = forms.iter().flat_map(|(_, f)| f);
        let errors = all
            .clone()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Tally {
            forms: forms.len(),
            errors,
            warnings: all.count() - errors,
        }
    }
}

/// The text report: for each form with findings a header (`file:line 项目`), then one line per
/// finding, errors first; a blank line between forms; a last line with the counts.
pub fn render_text(forms: &[(&Report, Vec<Finding>)]) -> String {
    let mut s = String::new();
    for (report, findings) in forms.iter().filter(|(_, f)| !f.is_empty()) {
        let _ = writeln!(s, "{}  {}", report.source, report.label());
        let mut sorted: Vec<&Finding> = findings.iter().collect();
        sorted.sort_by_key(|f| f.severity);
        for f in sorted {
            let _ = write!(s, "  {} {}  ", f.severity.label(), f.rule);
            if let Some(name) = &f.indicator {
                let _ = write!(s, "[{name}] ");
            }
            let _ = writeln!(s, "{}", f.message);
        }
        s.push('\n');
    }
    let t = Tally::of(forms);
    let _ = writeln!(
        s,
        "共检查 {} 张表：{} 个错误，{} 个警告 ({} forms, {} errors, {} warnings)",
        t.forms, t.errors, t.warnings, t.forms, t.errors, t.warnings
    );
    s
}

/// The findings of all forms as one JSON array, in the order of [`render_text`], after the
/// inputs that could not be read (`unread`, rule `read-error`).
pub fn render_json(unread: &[Finding], forms: &[(&Report, Vec<Finding>)]) -> String {
    let mut all: Vec<&Finding> = unread.iter().collect();
    for (_, findings) in forms {
        let mut sorted: Vec<&Finding> = findings.iter().collect();
        sorted.sort_by_key(|f| f.severity);
        all.extend(sorted);
    }
    // Plain strings and options: serializing cannot fail.
    let mut s = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

struct Ctx<'a> {
    report: &'a Report,
    scheme: Scheme<'a>,
    out: Vec<Finding>,
}

impl Ctx<'_> {
    fn push(&mut self, rule: Rule, indicator: Option<String>, message: String) {
        let source = &self.report.source;
        let at = match (&source.sheet, source.line) {
            (Some(sheet), _) => Some(sheet.clone()),
            (None, Some(line)) => Some(format!("line {line}")),
            (None, None) => None,
        };
        self.out.push(Finding {
            rule: rule.id,
            severity: rule.severity,
            file: source.file.clone(),
            at,
            project: Some(self.report.project.clone()),
            indicator,
            message,
        });
    }
}

mod scheme;
mod warnings;

use scheme::*;
use warnings::*;

// ---------------------------------------------------------------------------------------------
// Numbers

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Half a unit of the last printed digit (`0.90` → 0.005), the most a rounded value can be off.
/// Scales above `max_scale` count as `max_scale`: a value converted from a binary float may
/// carry noise digits that were never printed.
fn half_unit(v: Decimal, max_scale: u32) -> Decimal {
    Decimal::new(5, v.scale().min(max_scale) + 1)
}

/// A whole unit of the last printed digit (`77.77` → 0.01).
fn unit(v: Decimal, max_scale: u32) -> Decimal {
    Decimal::new(1, v.scale().min(max_scale))
}

/// Amounts and rates are printed to at most 0.01.
const MONEY_SCALE: u32 = 2;

/// Scores are rounded to 0.01 by the rules, whatever number of digits the cell shows.
fn score_tolerance() -> Decimal {
    Decimal::new(5, 3)
}

/// A computed value as a clerk reads it: rounded half away from zero to 0.01, two decimals.
fn show(v: Decimal) -> String {
    let mut r = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// A printed value as printed, or `空` (blank).
fn show_opt(v: Option<Decimal>) -> String {
    v.map_or_else(|| "空".to_string(), |v| v.to_string())
}

/// Σ without overflow: `None` when the sum does not fit.
fn sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
}

/// Points lost, computed without overflow.
fn lost(ind: &Indicator) -> Option<Decimal> {
    match (ind.weight, ind.score) {
        (Some(w), Some(s)) if s < w => w.checked_sub(s),
        _ => None,
    }
}

/// A range of true values a printed value can stand for; `hi` is `None` when unbounded.
#[derive(Debug, Clone, Copy)]
struct Range {
    lo: Decimal,
    hi: Option<Decimal>,
}

impl Range {
    fn overlaps(&self, other: &Range) -> bool {
        self.hi.is_none_or(|hi| hi >= other.lo) && other.hi.is_none_or(|hi| hi >= self.lo)
    }

    fn contains(&self, v: Decimal) -> bool {
        v >= self.lo && self.hi.is_none_or(|hi| v <= hi)
    }
}

/// The true rates a printed execution rate can stand for: rounded or cut to its last digit.
fn printed_rate_range(rate: Decimal) -> Option<Range> {
    Some(Range {
        lo: rate.checked_sub(half_unit(rate, MONEY_SCALE))?,
        hi: rate.checked_add(unit(rate, MONEY_SCALE)),
    })
}

/// The true rates `executed / annual_budget × 100` can be, each amount being off by up to half
/// a unit of its last printed digit. `None` without a positive budget.
fn recomputed_rate_range(row: &FundsRow) -> Option<Range> {
    let (b, e) = (row.annual_budget?, row.executed?);
    if b <= Decimal::ZERO {
        return None;
    }
    let (hb, he) = (half_unit(b, MONEY_SCALE), half_unit(e, MONEY_SCALE));
    let e_lo = e.checked_sub(he)?.max(Decimal::ZERO);
    let lo = e_lo.checked_mul(HUNDRED)?.checked_div(b.checked_add(hb)?)?;
    let b_lo = b.checked_sub(hb)?;
    let hi = if b_lo > Decimal::ZERO {
        e.checked_add(he)
            .and_then(|e_hi| e_hi.checked_mul(HUNDRED))
            .and_then(|x| x.checked_div(b_lo))
    } else {
        None
    };
    Some(Range { lo, hi })
}

/// `weight × min(rate, 100%)` for a rate in percent, rates below zero counting as zero.
fn funds_score_for(weight: Decimal, rate: Decimal) -> Option<Decimal> {
    let r = rate.clamp(Decimal::ZERO, HUNDRED);
    weight.checked_mul(r)?.checked_div(HUNDRED)
}

// ---------------------------------------------------------------------------------------------
// Error rules

/// The copy stops before the 总分 row: say so once, so that what is missing is not taken for
/// the form's own omission (the rules below find no total to compare and stay silent).
fn incomplete(c: &mut Ctx) {
    let r = c.report;
    if !r.incomplete {
        return;
    }
    let message = format!(
        "公开件在总分行之前截断，总分和评分等级因此缺失；已读到 {} 个三级指标，只检查读到的部分",
        r.indicators.len()
    );
    c.push(INCOMPLETE, None, message);
}

/// `总分 = 资金得分 + Σ 指标得分`. Where the indicator block's label prints other points than
/// its indicators add up to ([`Scheme::scaling`]), indicator scores converted to the block's
/// points (`× 80 ÷ 100`) are accepted too, within the 0.01 that rounding the two parts explains.
fn total_score_sum(c: &mut Ctx) {
    let r = c.report;
    let Some(total) = r.total.score else { return };
    let funds = r.funds.total.score;
    let Some(indicators) = sum(r.indicators.iter().filter_map(|i| i.score)) else {
        return;
    };
    let Some(expected) = funds.unwrap_or_default().checked_add(indicators) else {
        return;
    };
    if expected == total {
        return;
    }
    let scaled = c.scheme.scaling(r).and_then(|(label, block, own)| {
        let part = indicators.checked_mul(block)?.checked_div(own)?;
        Some((
            label,
            block,
            own,
            funds.unwrap_or_default().checked_add(part)?,
        ))
    });
    let mut message = format!(
        "总分 {total} ≠ 资金得分 {} + 指标得分合计 {indicators} = {expected}",
        show_opt(funds)
    );
    if let Some((label, block, own, scaled)) = scaled {
        if total
            .checked_sub(scaled)
            .is_some_and(|d| d.abs() <= Decimal::new(1, 2))
        {
            return;
        }
        let _ = write!(
            message,
            "；指标得分按「{label}」{block} 分折算（× {block} ÷ {own}）也只得 {}",
            show(scaled)
        );
    }
    c.push(TOTAL_SCORE_SUM, None, message);
}

/// `总分值 = 资金分值 + Σ 指标分值`, each side as the form states it: the funds weight from
/// its label where the row has no 分值 cell, the indicators' from their level-1 labels where
/// they have no 分值 column. With neither, there is nothing to compare. Where the indicator
/// block's label prints its points (`绩效指标(90分)`), `资金分值 + those points` is accepted too.
fn total_weight_sum(c: &mut Ctx) {
    let r = c.report;
    let Some(total) = r.total.weight else { return };
    let funds = c.scheme.funds_weight;
    let Some((indicators, indicators_text)) = c.scheme.indicator_points(r) else {
        return;
    };
    let funds_value = funds.map(|f| f.value).unwrap_or_default();
    let Some(expected) = funds_value.checked_add(indicators) else {
        return;
    };
    if expected == total {
        return;
    }
    let funds_text = funds.map_or_else(|| "空".to_string(), |f| f.show());
    let mut message =
        format!("总分值 {total} ≠ 资金分值 {funds_text} + {indicators_text} = {expected}");
    if let Some((label, block)) = c.scheme.block
        && block != indicators
        && let Some(by_block) = funds_value.checked_add(block)
    {
        if by_block == total {
            return;
        }
        let _ = write!(message, "；按「{label}」{block} 分计也只有 {by_block}");
    }
    c.push(TOTAL_WEIGHT_SUM, None, message);
}

/// The funds score must follow from the printed rate or from the amounts; it is an error only
/// when it follows from neither (a wrong printed rate is [`EXECUTION_RATE`]'s business).
/// The weight is the row's 分值, or the points of the funds block's label where the form has
/// no 分值 cell (`预算执行情况(万元)(20分)`); the message says which.
fn funds_score(c: &mut Ctx) {
    let row = &c.report.funds.total;
    let (Some(weight), Some(s)) = (c.scheme.funds_weight, row.score) else {
        return;
    };
    let w = weight.value;
    // A score outside 0..=weight is [`SCORE_RANGE`]'s business: one problem, one error.
    if w < Decimal::ZERO || s < Decimal::ZERO || s > w {
        return;
    }
    let printed = row.execution_rate.and_then(printed_rate_range);
    let recomputed = recomputed_rate_range(row);
    let tol = score_tolerance();
    let explains = |range: &Option<Range>| -> Option<bool> {
        let range = (*range)?;
        let lo = funds_score_for(w, range.lo)?.checked_sub(tol)?;
        let hi = match range.hi {
            Some(hi) => funds_score_for(w, hi)?,
            None => w,
        }
        .checked_add(tol)?;
        Some(Range { lo, hi: Some(hi) }.contains(s))
    };
    let (by_printed, by_amounts) = (explains(&printed), explains(&recomputed));
    if by_printed.is_none() && by_amounts.is_none() {
        return;
    }
    if by_printed == Some(true) || by_amounts == Some(true) {
        return;
    }
    let mut parts = Vec::new();
    if let Some(rate) = row.execution_rate
        && let Some(expected) = funds_score_for(w, rate)
    {
        parts.push(format!("按表上执行率 {rate}% 应得 {}", show(expected)));
    }
    if let Some(rate) = row.recomputed_rate()
        && let Some(expected) = funds_score_for(w, rate)
    {
        parts.push(format!(
            "按全年执行数 {} ÷ 全年预算数 {} = {}% 应得 {}",
            show_opt(row.executed),
            show_opt(row.annual_budget),
            show(rate),
            show(expected)
        ));
    }
    let message = format!(
        "资金得分 {s} ≠ 分值 {} × min(执行率, 100%)：{}",
        weight.show(),
        parts.join("；")
    );
    c.push(FUNDS_SCORE, None, message);
}

/// The rows below 年度资金总额 with the names clerks know them by: the three standard ones,
/// then the rows with no field of their own (财政专户管理资金, 单位资金) as labelled.
fn funds_parts(r: &Report) -> Vec<(&str, &FundsRow)> {
    let standard = [
        ("当年财政拨款", &r.funds.appropriation),
        ("上年结转资金", &r.funds.carried_over),
        ("其他资金", &r.funds.other),
    ];
    standard
        .into_iter()
        .chain(r.extra_funds.iter().map(|e| (e.label.as_str(), &e.row)))
        .collect()
}

/// Every row of the funds block, 年度资金总额 first.
fn funds_rows(r: &Report) -> Vec<(&str, &FundsRow)> {
    let mut rows = vec![("年度资金总额", &r.funds.total)];
    rows.extend(funds_parts(r));
    rows
}

fn execution_rates(c: &mut Ctx) {
    for (name, row) in funds_rows(c.report) {
        let Some(rate) = row.execution_rate else {
            continue;
        };
        let (Some(printed), Some(amounts), Some(exact)) = (
            printed_rate_range(rate),
            recomputed_rate_range(row),
            row.recomputed_rate(),
        ) else {
            continue;
        };
        if !printed.overlaps(&amounts) {
            let message = format!(
                "{name}执行率 {rate}% ≠ 全年执行数 {} ÷ 全年预算数 {} × 100 = {}%，超出金额和执行率取整所能解释的范围",
                show_opt(row.executed),
                show_opt(row.annual_budget),
                show(exact)
            );
            c.push(EXECUTION_RATE, None, message);
        }
    }
}

/// The grade as printed, in its one-character form (`优秀` → `优`); `None` when it is no grade.
fn canonical_grade(text: &str) -> Option<&'static str> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match t.as_str() {
        "优" | "优秀" => Some("优"),
        "良" | "良好" => Some("良"),
        "中" | "中等" => Some("中"),
        "差" | "较差" => Some("差"),
        _ => None,
    }
}

fn grade(c: &mut Ctx) {
    let r = c.report;
    let (Some(stated), Some(score)) = (&r.grade, r.total.score) else {
        return;
    };
    let expected = grade_for(score);
    match canonical_grade(stated) {
        Some(g) if g == expected => {}
        Some(_) => c.push(
            GRADE,
            None,
            format!(
                "评分等级「{stated}」与总分 {score} 不符，应为「{expected}」（优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60）"
            ),
        ),
        None => c.push(
            GRADE,
            None,
            format!("评分等级「{stated}」不是 优/良/中/差 之一；总分 {score} 应为「{expected}」"),
        ),
    }
}

/// What is wrong with a weight and score pair, if anything.
fn range_problem(weight: Option<Decimal>, score: Option<Decimal>) -> Option<String> {
    if let Some(w) = weight
        && w < Decimal::ZERO
    {
        return Some(format!("分值 {w} 小于 0"));
    }
    let s = score?;
    if s < Decimal::ZERO {
        return Some(format!("得分 {s} 小于 0"));
    }
    match weight {
        Some(w) if s > w => Some(format!("得分 {s} 高于分值 {w}")),
        _ => None,
    }
}

fn score_ranges(c: &mut Ctx) {
    let r = c.report;
    let weight = c.scheme.funds_weight;
    if let Some(p) = range_problem(weight.map(|w| w.value), r.funds.total.score) {
        let note = match weight.and_then(|w| w.label) {
            Some(label) if p.contains("分值") => format!("（{}）", from_label(label)),
            _ => String::new(),
        };
        c.push(SCORE_RANGE, None, format!("年度资金总额{p}{note}"));
    }
    for (n, ind) in r.indicators.iter().enumerate() {
        if let Some(p) = range_problem(ind.weight, ind.score) {
            c.push(SCORE_RANGE, Some(indicator_label(ind, n)), p);
        }
    }
}

/// The indicators under a level-1 label, in form order.
fn under_level1<'r>(r: &'r Report, l1: &str) -> Vec<&'r Indicator> {
    r.indicators
        .iter()
        .filter(|i| framework::level1(&i.level1) == Some(l1))
        .collect()
}

/// What rounding `n` values to 0.01 each can add up to.
fn rounding_of(n: usize) -> Decimal {
    score_tolerance()
        .checked_mul(Decimal::from(n))
        .unwrap_or(Decimal::MAX)
}

/// With no 分值 column, the scores under a level-1 label may not add up to more than the points
/// the label prints ([`LEVEL1_SCORE_OVER`]). A copy cut off early is checked too: more rows
/// could only add to the sum.
fn level1_scores(c: &mut Ctx) {
    let (r, s) = (c.report, &c.scheme);
    if s.has_weights || !s.has_scores {
        return;
    }
    let mut found = Vec::new();
    for &(l1, points) in &s.level1 {
        let group = under_level1(r, l1);
        let Some(scores) = sum(group.iter().filter_map(|i| i.score)) else {
            continue;
        };
        if scores
            .checked_sub(points)
            .is_some_and(|d| d > rounding_of(group.len()))
        {
            found.push(format!(
                "一级指标「{l1}」标注 {points} 分，其下 {} 个三级指标得分合计 {scores}，超过该分值",
                group.len()
            ));
        }
    }
    for m in found {
        c.push(LEVEL1_SCORE_OVER, None, m);
    }
}

/// Each amount column of the total row must be the sum of the rows below it: the three
/// standard ones and those with no field of their own (Sichuan: 总额 = 财政资金 + 财政专户管理
/// 资金 + 单位资金 + 其他资金). A blank sub-row cell counts as 0 (forms leave zero rows blank)
/// when the total is printed and at least one sub-row cell of the column is; otherwise there is
/// nothing to compare. A total row of zeros while the rows below hold money (real Anhui forms)
/// is one finding naming the money, not one sum per column.
fn funds_breakdown(c: &mut Ctx) {
    type Column = fn(&FundsRow) -> Option<Decimal>;
    let columns: [(&str, Column); 3] = [
        ("年初预算数", |r| r.initial_budget),
        ("全年预算数", |r| r.annual_budget),
        ("全年执行数", |r| r.executed),
    ];
    let r = c.report;
    let parts = funds_parts(r);
    let mut messages = Vec::new();
    // The money the rows below hold where the total says 0: (row, amount, column).
    let mut under_zero: Vec<(&str, Decimal, &str)> = Vec::new();
    for (name, get) in columns {
        let Some(total) = get(&r.funds.total) else {
            continue;
        };
        let values: Vec<Option<Decimal>> = parts.iter().map(|(_, row)| get(row)).collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        let Some(parts_sum) = sum(values.iter().flatten().copied()) else {
            continue;
        };
        // Every printed value can be off by half a unit of its last digit. A zero is exact:
        // forms print 0 for no money, and counting its digits would let a 0.01 slip pass.
        let tolerance = sum(std::iter::once(total)
            .chain(values.iter().flatten().copied())
            .filter(|v| !v.is_zero())
            .map(|v| half_unit(v, MONEY_SCALE)));
        let Some(tolerance) = tolerance else { continue };
        let Some(diff) = total.checked_sub(parts_sum) else {
            continue;
        };
        if diff.is_zero() || diff.abs() < tolerance {
            continue;
        }
        if total.is_zero() {
            for ((label, _), v) in parts.iter().zip(&values) {
                if let Some(v) = v
                    && !v.is_zero()
                {
                    under_zero.push((label, *v, name));
                }
            }
        } else {
            let terms: Vec<String> = parts
                .iter()
                .zip(&values)
                .map(|((label, _), v)| format!("{label} {}", show_opt(*v)))
                .collect();
            messages.push(format!(
                "{name}：年度资金总额 {total} ≠ {} = {parts_sum}",
                terms.join(" + ")
            ));
        }
    }
    if !under_zero.is_empty() {
        let mut held: Vec<String> = Vec::new();
        let mut labels: Vec<&str> = Vec::new();
        for (label, _, _) in &under_zero {
            if !labels.contains(label) {
                labels.push(label);
            }
        }
        for label in labels {
            let amounts: Vec<String> = under_zero
                .iter()
                .filter(|(l, _, _)| *l == label)
                .map(|(_, v, column)| format!("{v}（{column}）"))
                .collect();
            held.push(format!("{label} 有 {}", amounts.join("、")));
        }
        messages.insert(
            0,
            format!(
                "年度资金总额 填为 0，但其中 {}：总额应为其下各行之和",
                held.join("，")
            ),
        );
    }
    for m in messages {
        c.push(FUNDS_BREAKDOWN, None, m);
    }
}

/// Level labels: a level2 under a level1 it does not belong to is an error; a label that is
/// blank or not a canonical name is a warning. Each distinct problem is reported once per form
/// with the indicators it concerns, so one bad label does not flood the report.
fn labels(c: &mut Ctx) {
    let r = c.report;
    // (rule, message) → indicator labels, in form order.
    let mut problems: Vec<(Rule, String, Vec<String>)> = Vec::new();
    let mut note = |rule: Rule, message: String, who: String| match problems
        .iter_mut()
        .find(|(r, m, _)| r.id == rule.id && *m == message)
    {
        Some((_, _, names)) => names.push(who),
        None => problems.push((rule, message, vec![who])),
    };
    for (n, ind) in r.indicators.iter().enumerate() {
        let who = indicator_label(ind, n);
        let l1 = framework::level1(&ind.level1);
        let l2 = framework::level2(&ind.level2);
        if let (Some(l1), Some((l2, owner))) = (l1, l2)
            && !framework::allows(l1, l2)
        {
            note(
                LEVEL2_MISPLACED,
                format!("二级指标「{l2}」属于一级指标「{owner}」，却列在「{l1}」下"),
                who.clone(),
            );
        }
        if !framework::LEVEL1.contains(&ind.level1.as_str()) {
            let m = match l1 {
                _ if ind.level1.trim().is_empty() => "一级指标为空".to_string(),
                Some(canonical) => {
                    format!("一级指标「{}」应写作规范名称「{canonical}」", ind.level1)
                }
                None => format!(
                    "一级指标「{}」不在指标体系内（{}）",
                    ind.level1,
                    framework::LEVEL1.join("、")
                ),
            };
            note(LABEL_UNKNOWN, m, who.clone());
        }
        if !framework::LEVEL2.iter().any(|(l2, _)| *l2 == ind.level2) {
            let m = match l2 {
                _ if ind.level2.trim().is_empty() => "二级指标为空".to_string(),
                Some((canonical, _)) => {
                    format!("二级指标「{}」应写作规范名称「{canonical}」", ind.level2)
                }
                None => format!("二级指标「{}」不在指标体系内", ind.level2),
            };
            note(LABEL_UNKNOWN, m, who);
        }
    }
    for (rule, message, names) in problems {
        let first = names.first().cloned();
        let message = if names.len() > 1 {
            format!("{message}（{} 个指标：{}）", names.len(), names.join("、"))
        } else {
            message
        };
        c.push(rule, first, message);
    }
}

#[cfg(test)]
mod tests;
