//! The rules of `selfeval check`, each on a small form of its own: a consistent base form, a
//! copy that breaks exactly one rule (that rule, and only it, fires) and a copy that almost
//! breaks it (within what rounding allows: nothing fires).

use rust_decimal::Decimal;
use selfeval::check::{self, Finding, Severity};
use selfeval::model::{
    Funds, FundsRow, Goals, Indicator, LabelledFunds, LabelledPoints, Report, Source, TITLE, Total,
    grade_for,
};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn od(s: &str) -> Option<Decimal> {
    Some(d(s))
}

fn row(initial: &str, annual: &str, executed: &str, rate: &str) -> FundsRow {
    FundsRow {
        initial_budget: od(initial),
        annual_budget: od(annual),
        executed: od(executed),
        weight: None,
        execution_rate: od(rate),
        score: None,
    }
}

/// An indicator from `[level1, level2, name]`, `[target, actual, weight, score]` and a reason.
fn ind(labels: [&str; 3], values: [&str; 4], deviation: Option<&str>) -> Indicator {
    let [level1, level2, name] = labels;
    let [target, actual, weight, score] = values;
    Indicator {
        level1: level1.to_string(),
        level2: level2.to_string(),
        name: name.to_string(),
        target: Some(target.to_string()),
        actual: Some(actual.to_string()),
        weight: od(weight),
        score: od(score),
        deviation: deviation.map(str::to_string),
    }
}

/// A consistent form: 60.00 budgeted, 56.69 spent (94.48 %, 9.45 points), one indicator that
/// lost a point with a reason; total 98.45, 优.
fn base() -> Report {
    let mut total = row("60.00", "60.00", "56.69", "94.48");
    total.weight = od("10.00");
    total.score = od("9.45");
    Report {
        source: Source {
            file: "forms/test.txt".to_string(),
            line: Some(2),
            sheet: None,
        },
        title: TITLE.to_string(),
        year: Some(2024),
        project: "业务培训".to_string(),
        department: "某区行政服务中心（汇总）".to_string(),
        implementing_unit: "某区政务服务中心".to_string(),
        money_unit: "万元".to_string(),
        funds: Funds {
            total,
            appropriation: row("50.00", "50.00", "46.69", "93.38"),
            carried_over: row("10.00", "10.00", "10.00", "100.00"),
            other: row("0.00", "0.00", "0.00", "0.00"),
        },
        goals: Goals {
            expected: Some("提高窗口人员业务素质".to_string()),
            actual: Some("基本完成".to_string()),
        },
        indicators: vec![
            ind(
                ["产出指标", "数量指标", "培训场次"],
                [">=3次", "3次", "20.00", "20.00"],
                None,
            ),
            ind(
                ["产出指标", "质量指标", "培训考核通过率"],
                ["≥95.00(%)", "92.00(%)", "20.00", "19.00"],
                Some("部分学员考核未通过，下年度加强辅导"),
            ),
            ind(
                ["产出指标", "时效指标", "培训完成及时性"],
                ["及时", "达成指标", "10.00", "10.00"],
                None,
            ),
            ind(
                ["成本指标", "经济成本指标", "项目预算成本控制率"],
                ["≤100.00(%)", "94.48(%)", "10.00", "10.00"],
                None,
            ),
            ind(
                ["效益指标", "社会效益指标", "业务素质提升"],
                ["提升", "达成指标", "10.00", "10.00"],
                None,
            ),
            ind(
                ["效益指标", "可持续影响指标", "长效管理制度健全性"],
                ["健全", "达成指标", "10.00", "10.00"],
                Some("无偏差"),
            ),
            ind(
                ["满意度指标", "服务对象满意度指标", "培训对象满意度"],
                ["≥90.00(%)", "98.00(%)", "10.00", "10.00"],
                None,
            ),
        ],
        total: Total {
            weight: od("100.00"),
            score: od("98.45"),
        },
        grade: Some("优".to_string()),
        unplaced: vec![],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    }
}

/// The rule ids that fire, in the order reported.
fn fired(r: &Report) -> Vec<&'static str> {
    check::check(r).iter().map(|f| f.rule).collect()
}

fn only(r: &Report, rule: &str) -> Finding {
    let findings = check::check(r);
    let ids: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(ids, vec![rule], "{findings:#?}");
    findings.into_iter().next().unwrap()
}

fn clean(r: &Report) {
    let findings = check::check(r);
    assert!(findings.is_empty(), "{findings:#?}");
}

/// Sets the total row and the appropriation to one amount, no other money, and moves the
/// total score along with the funds score.
fn set_funds(r: &mut Report, budget: &str, executed: &str, rate: &str, score: &str) {
    let old = r.funds.total.score.unwrap();
    let mut total = row(budget, budget, executed, rate);
    total.weight = od("10.00");
    total.score = od(score);
    r.funds.total = total;
    r.funds.appropriation = row(budget, budget, executed, rate);
    r.funds.carried_over = row("0.00", "0.00", "0.00", "0.00");
    r.funds.other = row("0.00", "0.00", "0.00", "0.00");
    move_total(r, d(score) - old);
}

/// Moves the total score by `delta` and the stated grade along with it.
fn move_total(r: &mut Report, delta: Decimal) {
    r.total.score = Some(r.total.score.unwrap() + delta);
    regrade(r);
}

fn regrade(r: &mut Report) {
    if r.grade.is_some() {
        r.grade = Some(grade_for(r.total.score.unwrap()).to_string());
    }
}

/// Sets one indicator's score and moves the total along with it.
fn set_score(r: &mut Report, index: usize, score: &str) {
    let old = r.indicators[index].score.unwrap_or_default();
    r.indicators[index].score = od(score);
    move_total(r, d(score) - old);
}

#[test]
fn consistent_form_raises_nothing() {
    clean(&base());
}

#[test]
fn every_rule_is_listed_once_with_its_severity() {
    let errors: Vec<&str> = check::RULES
        .iter()
        .filter(|r| r.severity == Severity::Error)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        errors,
        [
            "incomplete",
            "total-score-sum",
            "total-weight-sum",
            "funds-score",
            "execution-rate",
            "grade",
            "score-range",
            "level1-score-over",
            "funds-breakdown",
            "level2-misplaced"
        ]
    );
    let warnings: Vec<&str> = check::RULES
        .iter()
        .filter(|r| r.severity == Severity::Warning)
        .map(|r| r.id)
        .collect();
    assert!(warnings.contains(&"level1-points"), "{warnings:?}");
}

#[test]
fn docs_list_every_rule_in_order() {
    let doc = std::fs::read_to_string("docs/model.md").unwrap();
    let mut last = 0;
    for r in check::RULES.iter().chain([&check::READ_ERROR]) {
        let line = format!("| `{}` | {} | {} |", r.id, r.severity.label(), r.title);
        let at = doc
            .find(&line)
            .unwrap_or_else(|| panic!("docs/model.md lacks: {line}"));
        assert!(at > last, "docs/model.md lists {} out of order", r.id);
        last = at;
    }
}

// --- total-score-sum -------------------------------------------------------------------------

#[test]
fn total_score_not_the_sum() {
    let mut r = base();
    r.total.score = od("98.46");
    let f = only(&r, "total-score-sum");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "总分 98.46 ≠ 资金得分 9.45 + 指标得分合计 89.00 = 98.45"
    );
    assert_eq!(f.file, "forms/test.txt");
    assert_eq!(f.at.as_deref(), Some("line 2"));
    assert_eq!(f.project.as_deref(), Some("业务培训"));
    assert_eq!(f.indicator, None);
}

#[test]
fn total_score_sum_with_fractions_and_other_scales() {
    let mut r = base();
    set_score(&mut r, 1, "18.55");
    assert_eq!(r.total.score, od("98.00"));
    r.total.score = od("98"); // printed without decimals: the same number
    clean(&r);
}

// --- total-weight-sum ------------------------------------------------------------------------

#[test]
fn total_weight_not_the_sum() {
    let mut r = base();
    r.indicators[0].weight = od("21.00");
    r.indicators[0].score = od("21.00");
    r.total.score = od("99.45");
    let f = only(&r, "total-weight-sum");
    assert_eq!(
        f.message,
        "总分值 100.00 ≠ 资金分值 10.00 + 指标分值合计 91.00 = 101.00"
    );
}

#[test]
fn total_weight_sum_with_uneven_weights() {
    let mut r = base();
    for (i, w) in [(4, "6.67"), (5, "6.67"), (6, "16.66")] {
        r.indicators[i].weight = od(w);
        r.indicators[i].score = od(w);
    }
    r.total.weight = od("100");
    clean(&r);
}

// --- funds-score -----------------------------------------------------------------------------

#[test]
fn funds_score_off_the_rate() {
    let mut r = base();
    set_funds(&mut r, "9.00", "7.00", "77.77", "7.70");
    let f = only(&r, "funds-score");
    assert!(
        f.message
            .starts_with("资金得分 7.70 ≠ 分值 10.00 × min(执行率, 100%)"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("按表上执行率 77.77% 应得 7.78"),
        "{}",
        f.message
    );
    assert!(f.message.contains("= 77.78% 应得 7.78"), "{}", f.message);
}

#[test]
fn funds_score_rounded_from_a_cut_rate_is_right() {
    // As published: 7.00 / 9.00 printed 77.77, scored 7.78.
    let mut r = base();
    set_funds(&mut r, "9.00", "7.00", "77.77", "7.78");
    clean(&r);
    // 40.03 / 40.05 = 99.95006…: 9.995 rounds to 10.00.
    set_funds(&mut r, "40.05", "40.03", "99.95", "10.00");
    clean(&r);
    // 929.80 / 931.30 = 99.8389…: printed 99.83, scored 9.98.
    set_funds(&mut r, "931.30", "929.80", "99.83", "9.98");
    clean(&r);
    // Over-spending scores the full weight, not more.
    set_funds(&mut r, "100.00", "102.00", "102.00", "10.00");
    clean(&r);
}

#[test]
fn funds_score_one_cent_off_with_precise_amounts() {
    let mut r = base();
    set_funds(&mut r, "931.30", "929.80", "99.83", "9.97");
    only(&r, "funds-score");
}

// --- execution-rate --------------------------------------------------------------------------

#[test]
fn execution_rate_off_the_amounts() {
    let mut r = base();
    set_funds(&mut r, "931.30", "929.80", "99.83", "9.98");
    r.funds.total.execution_rate = od("99.85");
    let f = only(&r, "execution-rate");
    assert!(
        f.message.starts_with(
            "年度资金总额执行率 99.85% ≠ 全年执行数 929.80 ÷ 全年预算数 931.30 × 100 = 99.84%"
        ),
        "{}",
        f.message
    );
    r.funds.total.execution_rate = od("99.82");
    only(&r, "execution-rate");
}

#[test]
fn execution_rate_rounded_or_cut_is_right() {
    let mut r = base();
    set_funds(&mut r, "931.30", "929.80", "99.83", "9.98");
    clean(&r);
    r.funds.total.execution_rate = od("99.84");
    clean(&r);
    // 7.00 / 9.00 = 77.78 printed 77.77: the sample's own rounding.
    set_funds(&mut r, "9.00", "7.00", "77.77", "7.78");
    clean(&r);
}

#[test]
fn execution_rate_of_a_sub_row() {
    let mut r = base();
    r.funds.appropriation.execution_rate = od("93.50");
    let f = only(&r, "execution-rate");
    assert!(
        f.message.starts_with("当年财政拨款执行率 93.50%"),
        "{}",
        f.message
    );
}

#[test]
fn execution_rate_tolerance_follows_the_printed_precision() {
    // Amounts in 元 printed without decimals (a spreadsheet copy): each off by up to 0.5 元.
    let mut r = base();
    set_funds(&mut r, "6261700.00", "6261700", "100.00", "10");
    r.money_unit = "元".to_string();
    r.funds.appropriation.executed = od("6261700");
    clean(&r);
    // Small amounts printed to whole 万元 leave a wide margin: 7 / 9 can be 68.4 … 88.2.
    set_funds(&mut r, "9", "7", "88.00", "8.80");
    clean(&r);
    r.funds.total.execution_rate = od("90.00");
    only(&r, "execution-rate");
}

// --- grade -----------------------------------------------------------------------------------

#[test]
fn grade_not_the_total_grade() {
    let mut r = base();
    r.grade = Some("良".to_string());
    let f = only(&r, "grade");
    assert!(f.message.contains("应为「优」"), "{}", f.message);
    r.grade = Some("优良".to_string());
    only(&r, "grade");
}

#[test]
fn grade_on_the_boundary_and_absent() {
    let mut r = base();
    set_score(&mut r, 1, "10.55");
    assert_eq!(r.total.score, od("90.00"));
    clean(&r);
    r.grade = Some("优秀".to_string());
    clean(&r);
    set_score(&mut r, 1, "10.54");
    r.grade = Some("良".to_string());
    clean(&r);
    r.grade = None; // forms without a 评分等级 line
    clean(&r);
}

// --- score-range -----------------------------------------------------------------------------

#[test]
fn indicator_score_above_weight() {
    let mut r = base();
    set_score(&mut r, 6, "10.50");
    let f = only(&r, "score-range");
    assert_eq!(f.indicator.as_deref(), Some("培训对象满意度"));
    assert_eq!(f.message, "得分 10.50 高于分值 10.00");
}

#[test]
fn indicator_score_below_zero() {
    let mut r = base();
    set_score(&mut r, 1, "-1.00");
    let f = only(&r, "score-range");
    assert_eq!(f.message, "得分 -1.00 小于 0");
}

#[test]
fn funds_score_above_weight() {
    let mut r = base();
    r.funds.total.score = od("10.50");
    r.total.score = od("99.50");
    let f = only(&r, "score-range");
    assert_eq!(f.indicator, None);
    assert_eq!(f.message, "年度资金总额得分 10.50 高于分值 10.00");
}

#[test]
fn scores_at_the_bounds() {
    let mut r = base();
    set_score(&mut r, 1, "0.00");
    clean(&r);
    set_score(&mut r, 1, "20.00");
    r.indicators[1].actual = Some("96.00(%)".to_string());
    clean(&r);
}

// --- funds-breakdown -------------------------------------------------------------------------

#[test]
fn funds_rows_do_not_add_up() {
    let mut r = base();
    r.funds.appropriation.initial_budget = od("49.00");
    let f = only(&r, "funds-breakdown");
    assert_eq!(
        f.message,
        "年初预算数：年度资金总额 60.00 ≠ 当年财政拨款 49.00 + 上年结转资金 10.00 + 其他资金 0.00 = 59.00"
    );
}

#[test]
fn funds_rows_one_cent_off_with_a_single_source() {
    let mut r = base();
    set_funds(&mut r, "60.00", "56.69", "94.48", "9.45");
    r.funds.appropriation.initial_budget = od("59.99");
    only(&r, "funds-breakdown");
}

#[test]
fn funds_rows_within_rounding_and_with_blank_zero_cells() {
    let mut r = base();
    // 1.004 + 1.004 = 2.008: printed 1.00 + 1.00 and 2.01.
    r.funds.total.initial_budget = od("2.01");
    r.funds.appropriation.initial_budget = od("1.00");
    r.funds.carried_over.initial_budget = od("1.00");
    clean(&r);
    // Zero rows left blank in the executed column, as spreadsheet copies do.
    let mut r = base();
    set_funds(
        &mut r,
        "6261700.00",
        "6,261,700".replace(',', "").as_str(),
        "100.00",
        "10",
    );
    r.funds.carried_over.executed = None;
    r.funds.other.executed = None;
    clean(&r);
    // A form without the breakdown has nothing to compare.
    let mut r = base();
    r.funds.appropriation = FundsRow::default();
    r.funds.carried_over = FundsRow::default();
    r.funds.other = FundsRow::default();
    clean(&r);
}

// --- level2-misplaced ------------------------------------------------------------------------

#[test]
fn level2_under_the_wrong_level1() {
    let mut r = base();
    r.indicators[4].level2 = "数量指标".to_string();
    let f = only(&r, "level2-misplaced");
    assert_eq!(f.indicator.as_deref(), Some("业务素质提升"));
    assert_eq!(
        f.message,
        "二级指标「数量指标」属于一级指标「产出指标」，却列在「效益指标」下"
    );
}

#[test]
fn cost_under_output_as_older_forms_do() {
    let mut r = base();
    r.indicators[3].level1 = "产出指标".to_string();
    r.indicators[3].level2 = "成本指标".to_string();
    clean(&r);
}

// --- lost-no-reason --------------------------------------------------------------------------

#[test]
fn points_lost_without_reason() {
    let mut r = base();
    r.indicators[1].deviation = None;
    let f = only(&r, "lost-no-reason");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.indicator.as_deref(), Some("培训考核通过率"));
    assert!(
        f.message
            .starts_with("扣 1.00 分（分值 20.00，得分 19.00）"),
        "{}",
        f.message
    );
    r.indicators[1].deviation = Some(" — ".to_string());
    only(&r, "lost-no-reason");
}

#[test]
fn full_points_need_no_reason() {
    let mut r = base();
    for i in &mut r.indicators {
        i.deviation = None;
    }
    r.indicators[1].deviation = Some("考核难度提高".to_string());
    clean(&r);
}

// --- lost-no-deviation -----------------------------------------------------------------------

#[test]
fn points_lost_while_no_deviation_is_stated() {
    let mut r = base();
    for text in ["无偏差", "无偏差。", "无", " 没有偏差 "] {
        r.indicators[1].deviation = Some(text.to_string());
        let f = only(&r, "lost-no-deviation");
        assert!(
            f.message
                .ends_with(&format!("偏差原因却写「{}」", text.trim()))
        );
    }
}

#[test]
fn a_reason_that_merely_contains_wu_is_a_reason() {
    let mut r = base();
    r.indicators[1].deviation = Some("无法按期组织考核，下年度提前安排".to_string());
    clean(&r);
}

// --- lost-target-met -------------------------------------------------------------------------

#[test]
fn points_lost_although_target_met() {
    let mut r = base();
    r.indicators[1].actual = Some("96.00(%)".to_string());
    let f = only(&r, "lost-target-met");
    assert_eq!(
        f.message,
        "指标值 ≥95.00(%)，实际完成值 96.00(%)，已达成目标，却扣 1.00 分（分值 20.00，得分 19.00）"
    );
}

#[test]
fn points_lost_just_below_target() {
    let mut r = base();
    r.indicators[1].actual = Some("94.99(%)".to_string());
    clean(&r);
    // Different units cannot be compared.
    r.indicators[1].actual = Some("96.00(人)".to_string());
    clean(&r);
}

// --- full-target-missed ----------------------------------------------------------------------

#[test]
fn full_points_although_target_missed() {
    let mut r = base();
    r.indicators[6].actual = Some("89.00(%)".to_string());
    let f = only(&r, "full-target-missed");
    assert_eq!(
        f.message,
        "指标值 ≥90.00(%)，实际完成值 89.00(%)，未达成目标，却得满分 10.00"
    );
    // An actual without a unit takes the target's.
    r.indicators[6].target = Some(">=29000家".to_string());
    r.indicators[6].actual = Some("3146".to_string());
    only(&r, "full-target-missed");
}

#[test]
fn full_points_on_the_target() {
    let mut r = base();
    r.indicators[6].actual = Some("90.00(%)".to_string());
    clean(&r);
    r.indicators[6].actual = Some("≥90%".to_string()); // a claim: its number counts
    clean(&r);
    r.indicators[6].target = Some("<=30分钟".to_string());
    r.indicators[6].actual = Some("≤30分钟".to_string());
    clean(&r);
}

// --- duplicate-indicator ---------------------------------------------------------------------

#[test]
fn same_indicator_twice() {
    let mut r = base();
    r.indicators[5].name = "业务素质 提升".to_string();
    let f = only(&r, "duplicate-indicator");
    assert_eq!(f.message, "三级指标「业务素质提升」在本表出现 2 次");
}

#[test]
fn similar_names_are_not_duplicates() {
    let mut r = base();
    r.indicators[5].name = "业务素质提升度".to_string();
    clean(&r);
}

// --- label-unknown ---------------------------------------------------------------------------

#[test]
fn label_outside_the_framework() {
    let mut r = base();
    r.indicators[4].level2 = "社会效益".to_string();
    let f = only(&r, "label-unknown");
    assert_eq!(
        f.message,
        "二级指标「社会效益」应写作规范名称「社会效益指标」"
    );
    let mut r = base();
    r.indicators[4].level1 = "其他指标".to_string();
    r.indicators[5].level1 = "其他指标".to_string();
    let f = only(&r, "label-unknown");
    assert!(
        f.message.starts_with("一级指标「其他指标」不在指标体系内"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .ends_with("（2 个指标：业务素质提升、长效管理制度健全性）"),
        "{}",
        f.message
    );
    let mut r = base();
    r.indicators[0].level1 = String::new();
    assert_eq!(only(&r, "label-unknown").message, "一级指标为空");
}

#[test]
fn every_canonical_label_is_accepted() {
    let mut r = base();
    for (l2, l1) in selfeval::framework::LEVEL2 {
        r.indicators[0].level1 = l1.to_string();
        r.indicators[0].level2 = l2.to_string();
        clean(&r);
    }
}

// --- missing-value ---------------------------------------------------------------------------

#[test]
fn blank_score_is_reported() {
    let mut r = base();
    r.indicators[4].score = None;
    move_total(&mut r, d("-10.00"));
    let f = only(&r, "missing-value");
    assert_eq!(f.indicator.as_deref(), Some("业务素质提升"));
    assert_eq!(f.message, "缺少：得分");
    let mut r = base();
    r.funds.total.execution_rate = None;
    assert_eq!(
        only(&r, "missing-value").message,
        "年度资金总额缺少：执行率"
    );
}

// --- other regions: forms with their own scheme ---------------------------------------------

fn pts(label: &str, points: &str) -> LabelledPoints {
    LabelledPoints {
        label: label.to_string(),
        points: d(points),
    }
}

/// An indicator of a form with no 分值 column: only 得分.
fn scored_only(labels: [&str; 3], target: &str, actual: &str, score: &str) -> Indicator {
    let mut i = ind(labels, [target, actual, "0", score], None);
    i.weight = None;
    i
}

/// A city fund form (commerce 2020): `预算执行情况(万元)(20分)` with 预算数(A) / 执行数(B) /
/// 执行率 / 得分 and no 分值 cell, indicators with 得分 but no 分值 under `年度绩效目标(80分)`,
/// `产出指标(60分)` and `效益指标(40分)` (scored out of 100, converted to 80), 总分 100 with
/// no 分值, no 评分等级, no goals.
fn commerce() -> Report {
    let mut r = base();
    r.title = "市级服务贸易发展资金项目自评表".to_string();
    r.funds = Funds {
        total: FundsRow {
            initial_budget: None,
            annual_budget: od("285.84"),
            executed: od("285.84"),
            weight: None,
            execution_rate: od("100"),
            score: od("20"),
        },
        ..Funds::default()
    };
    r.goals = Goals::default();
    let out = "产出指标";
    r.indicators = vec![
        scored_only(
            [out, "数量指标", "服务外包在岸(万美元)"],
            "20000",
            "23333.56",
            "10",
        ),
        scored_only(
            [out, "数量指标", "服务外包离岸(万美元)"],
            "4500",
            "4557.51",
            "10",
        ),
        scored_only([out, "数量指标", "支持企业数量"], "3", "3", "10"),
        scored_only(
            [out, "质量指标", "企业国际质量提升"],
            "受众欢迎",
            "受众欢迎显著",
            "10",
        ),
        scored_only([out, "时效指标", "预算资金执行率"], "90%", "100%", "10"),
        scored_only([out, "时效指标", "资金拨付及时性"], "98%以上", "100%", "10"),
        scored_only(
            ["效益指标", "社会效益指标", "政治导向"],
            "正确",
            "较好",
            "20",
        ),
        scored_only(
            ["效益指标", "可持续影响指标", "推动企业走出去"],
            "有利",
            "有利",
            "20",
        ),
    ];
    r.total = Total {
        weight: None,
        score: od("100"),
    };
    r.grade = None;
    r.points = vec![
        pts("预算执行情况", "20"),
        pts("年度绩效目标", "80"),
        pts("产出指标", "60"),
        pts("效益指标", "40"),
    ];
    r
}

/// A national-template form (Anhui): 分值 in every row, level-1 labels with points
/// (`产出指标(50分)`, `效益指标(30分)`, `满意度指标(10分)`), a 10-point funds row, 总分 100,
/// no 评分等级.
fn national() -> Report {
    let mut r = base();
    r.title = "项目支出绩效自评表".to_string();
    set_funds(&mut r, "90", "89.97", "99.97", "10");
    let w8 = ["≥1", "1", "8", "8"];
    let w10 = ["≥1", "1", "10", "10"];
    r.indicators = vec![
        ind(["产出指标", "数量指标", "业务数量"], w8, None),
        ind(["产出指标", "质量指标", "报告合格率"], w8, None),
        ind(["产出指标", "质量指标", "经费支出合规性"], w8, None),
        ind(["产出指标", "时效指标", "提交报告及时性"], w8, None),
        ind(["产出指标", "成本指标", "项目总成本"], w8, None),
        ind(["产出指标", "成本指标", "单项业务成本"], w10, None),
        ind(["效益指标", "社会效益指标", "市场公平"], w10, None),
        ind(["效益指标", "生态效益指标", "成本控制"], w10, None),
        ind(["效益指标", "可持续影响指标", "制度落实"], w10, None),
        ind(["满意度指标", "服务对象满意度指标", "满意度"], w10, None),
    ];
    r.total = Total {
        weight: od("100"),
        score: od("100"),
    };
    r.grade = None;
    r.points = vec![
        pts("产出指标", "50"),
        pts("效益指标", "30"),
        pts("满意度指标", "10"),
    ];
    r
}

#[test]
fn regional_forms_are_clean_on_their_own_scheme() {
    clean(&commerce());
    clean(&national());
}

// --- incomplete ------------------------------------------------------------------------------

#[test]
fn copy_cut_before_the_total_is_one_finding() {
    // The Anhui copy stops inside the 满意度指标(10分) block: no satisfaction row, no 总分.
    let mut r = national();
    r.indicators.pop();
    r.total = Total::default();
    r.incomplete = true;
    let f = only(&r, "incomplete");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "公开件在总分行之前截断，总分和评分等级因此缺失；已读到 9 个三级指标，只检查读到的部分"
    );
    // Cut inside the group: its weights are short of its points, and nothing more is said.
    let mut cut = national();
    cut.indicators.truncate(8);
    cut.total = Total::default();
    cut.incomplete = true;
    assert_eq!(fired(&cut), vec!["incomplete"]);
    // What was read is still checked.
    r.indicators[0].score = od("7");
    r.indicators[0].actual = Some("0".to_string());
    assert_eq!(fired(&r), vec!["incomplete", "lost-no-reason"]);
    // The same form, not marked incomplete: the missing total is a blank.
    let mut r = national();
    r.total = Total::default();
    assert_eq!(only(&r, "missing-value").message, "总分缺少：分值、得分");
}

// --- unscored forms --------------------------------------------------------------------------

#[test]
fn target_self_evaluation_without_scoring_is_not_faulted() {
    // Hunan county 2020: no 分值 / 得分 columns, no 总分, no 评分等级.
    let mut r = base();
    r.title = "2020年度县级专项资金绩效目标自评表".to_string();
    let mut total = row("0", "120.00", "118.00", "98.33");
    total.initial_budget = None;
    let mut fiscal = row("0", "120.00", "118.00", "98.33");
    fiscal.initial_budget = None;
    r.funds = Funds {
        total,
        appropriation: fiscal,
        ..Funds::default()
    };
    for i in &mut r.indicators {
        i.weight = None;
        i.score = None;
    }
    r.total = Total::default();
    r.grade = None;
    clean(&r);
    // Not even a warning: no finding says weights, scores, a total or a grade are missing.
    assert!(check::check(&r).is_empty());
    // Only what the form does print is checked.
    r.funds.total.execution_rate = od("90.00");
    assert_eq!(fired(&r), vec!["execution-rate"]);
}

#[test]
fn form_without_a_grade_row_gets_no_grade_finding() {
    let mut r = base();
    r.grade = None;
    clean(&r);
    let mut r = national();
    set_score(&mut r, 0, "4");
    r.indicators[0].actual = Some("0".to_string());
    r.indicators[0].deviation = Some("业务量下降".to_string());
    assert_eq!(r.grade, None);
    clean(&r);
}

// --- missing-value on columns the form lacks -------------------------------------------------

#[test]
fn columns_the_form_lacks_are_not_missing_values() {
    // No 分值 column: no indicator is short of a weight; no 年初预算数 column in any funds row.
    let r = commerce();
    assert!(r.indicators.iter().all(|i| i.weight.is_none()));
    assert!(r.funds.total.initial_budget.is_none());
    clean(&r);
    // A blank 得分 where the form has the column is still a blank.
    let mut r = commerce();
    r.indicators[7].score = None;
    let f = only(&r, "missing-value");
    assert_eq!(f.indicator.as_deref(), Some("推动企业走出去"));
    assert_eq!(f.message, "缺少：得分");
    // A blank 分值 where other indicators have one is still a blank.
    let mut r = national();
    r.indicators[9].weight = None;
    r.total.weight = od("90");
    r.points.pop();
    assert_eq!(only(&r, "missing-value").message, "缺少：分值");
    // A funds column that some funds row has is a blank in the total row.
    let mut r = national();
    r.funds.total.initial_budget = None;
    assert_eq!(
        only(&r, "missing-value").message,
        "年度资金总额缺少：年初预算数"
    );
    // With the label's points known, a blank funds score is a blank.
    let mut r = commerce();
    r.funds.total.score = None;
    let findings = check::check(&r);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "missing-value" && f.message == "年度资金总额缺少：得分"),
        "{findings:#?}"
    );
}

// --- funds weight from the label -------------------------------------------------------------

#[test]
fn funds_weight_from_the_label() {
    // 20 points in `预算执行情况(万元)(20分)`, rate 100 %, score 20: right.
    let r = commerce();
    assert_eq!(r.funds.total.weight, None);
    clean(&r);
    // 19 points at 100 %: wrong, and the message says where the 20 comes from.
    let mut r = commerce();
    r.funds.total.score = od("19");
    r.total.score = od("99");
    let f = only(&r, "funds-score");
    assert!(
        f.message.starts_with(
            "资金得分 19 ≠ 分值 20（表上无分值栏，取自标签「预算执行情况」） × min(执行率, 100%)"
        ),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("按表上执行率 100% 应得 20.00"),
        "{}",
        f.message
    );
    // 80 % of 20 is 16.
    let mut r = commerce();
    r.funds.total.executed = od("228.67");
    r.funds.total.execution_rate = od("80.00");
    r.funds.total.score = od("16");
    r.total.score = od("96");
    clean(&r);
    // A score above the label's points is out of range.
    let mut r = commerce();
    r.funds.total.score = od("25");
    r.total.score = od("105");
    let f = only(&r, "score-range");
    assert_eq!(
        f.message,
        "年度资金总额得分 25 高于分值 20（表上无分值栏，取自标签「预算执行情况」）"
    );
    // Another spelling of the funds block's label.
    let mut r = commerce();
    r.points[0] = pts("资金情况", "20");
    r.funds.total.score = od("19");
    r.total.score = od("99");
    assert!(
        only(&r, "funds-score")
            .message
            .contains("取自标签「资金情况」")
    );
    // A printed 分值 wins over the label.
    let mut r = national();
    r.points.push(pts("项目资金", "20"));
    clean(&r);
}

// --- totals on the form's scheme, level1-points and level1-score-over ------------------------

#[test]
fn totals_follow_the_labels() {
    // Sichuan 2023: 预算执行情况(10分) with no 分值 cell, 绩效指标(90分) with 权重 adding to
    // 90, total row 合计 100.
    let mut r = base();
    r.funds.total.weight = None;
    r.points = vec![pts("预算执行情况", "10"), pts("绩效指标", "90")];
    clean(&r);
    r.total.weight = od("110");
    let f = only(&r, "total-weight-sum");
    assert_eq!(
        f.message,
        "总分值 110 ≠ 资金分值 10（表上无分值栏，取自标签「预算执行情况」） + 指标分值合计 90.00 = 100.00"
    );
    // No 分值 column: the indicators' side is the sum of the level-1 labels' points.
    let mut r = commerce();
    r.points.remove(1); // no 年度绩效目标(80分)
    r.total.score = od("120");
    clean(&r);
    r.total.weight = od("120");
    clean(&r);
    r.total.weight = od("100");
    let f = only(&r, "total-weight-sum");
    assert_eq!(
        f.message,
        "总分值 100 ≠ 资金分值 20（表上无分值栏，取自标签「预算执行情况」） + 指标分值合计 100（表上无分值栏，取自一级指标标签：产出指标 60 + 效益指标 40） = 120"
    );
    // Only the indicator block's label prints points: 20 + 80.
    let mut r = commerce();
    r.points.truncate(2);
    r.total.weight = od("100");
    r.total.score = od("120");
    clean(&r);
    r.total.weight = od("90");
    assert_eq!(
        only(&r, "total-weight-sum").message,
        "总分值 90 ≠ 资金分值 20（表上无分值栏，取自标签「预算执行情况」） + 指标分值合计 80（表上无分值栏，取自标签「年度绩效目标」） = 100"
    );
    // 年度绩效目标(80分) over level-1 points adding to 100: 20 + 80 is the form's 100.
    let mut r = commerce();
    r.total.weight = od("100");
    clean(&r);
    // Indicator scores converted to 80 points: 20 + 90 × 80 ÷ 100 = 92.
    set_score(&mut r, 0, "0");
    r.indicators[0].deviation = Some("未完成".to_string());
    r.total.score = od("92");
    clean(&r);
    r.total.score = od("95");
    let f = only(&r, "total-score-sum");
    assert_eq!(
        f.message,
        "总分 95 ≠ 资金得分 20 + 指标得分合计 90 = 110；指标得分按「年度绩效目标」80 分折算（× 80 ÷ 100）也只得 92.00"
    );
    // Sichuan county 2022: 总分 printed 100 although funds 10 + indicators 100.
    let mut r = national();
    r.indicators[9].weight = od("20");
    r.indicators[9].score = od("20");
    r.total.score = od("110");
    r.points[2] = pts("满意度指标", "20");
    assert_eq!(
        only(&r, "total-weight-sum").message,
        "总分值 100 ≠ 资金分值 10.00 + 指标分值合计 100 = 110.00"
    );
}

#[test]
fn level1_points_against_weights() {
    let mut r = national();
    r.points[0] = pts("产出指标", "60");
    let f = only(&r, "level1-points");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.indicator, None);
    assert_eq!(
        f.message,
        "一级指标「产出指标」标注 60 分 ≠ 其下 6 个三级指标分值合计 50"
    );
    // Weights rounded to 0.01 may miss the label's points by what rounding explains.
    let mut r = national();
    r.points[2] = pts("满意度指标", "20");
    let third = ["≥90%", "95%", "6.67", "6.67"];
    r.indicators.push(ind(
        ["满意度指标", "服务对象满意度指标", "群众满意度"],
        third,
        None,
    ));
    r.indicators[9].weight = od("6.67");
    r.indicators[9].score = od("6.67");
    r.indicators.push(ind(
        ["满意度指标", "服务对象满意度指标", "企业满意度"],
        third,
        None,
    ));
    r.total.weight = od("110.01");
    r.total.score = od("110.01");
    clean(&r);
    // A level-1 label with points and no indicator under it.
    let mut r = national();
    r.points.push(pts("成本指标", "10"));
    assert_eq!(
        only(&r, "level1-points").message,
        "一级指标「成本指标」标注 10 分，表中却没有它的三级指标"
    );
}

#[test]
fn level1_scores_over_the_label_without_a_weight_column() {
    let mut r = commerce();
    r.indicators[6].score = od("25");
    r.total.score = od("104"); // 20 + 105 × 80 ÷ 100
    let f = only(&r, "level1-score-over");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "一级指标「效益指标」标注 40 分，其下 2 个三级指标得分合计 45，超过该分值"
    );
    // Within the label's points: nothing, and with weights it is level1-points' business.
    let mut r = commerce();
    r.indicators[6].score = od("15");
    r.total.score = od("96"); // 20 + 95 × 80 ÷ 100
    clean(&r);
}

// --- funds-breakdown with rows of no standard field ------------------------------------------

fn extra(label: &str, initial: &str, annual: &str, executed: &str) -> LabelledFunds {
    LabelledFunds {
        label: label.to_string(),
        row: FundsRow {
            initial_budget: od(initial),
            annual_budget: od(annual),
            executed: od(executed),
            ..FundsRow::default()
        },
    }
}

#[test]
fn extra_funds_rows_count_in_the_breakdown() {
    // Sichuan 2023: 总额 = 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金.
    let mut r = base();
    set_funds(&mut r, "100.00", "100.00", "100.00", "10.00");
    r.funds.appropriation = row("70.00", "70.00", "70.00", "100.00");
    r.funds.carried_over = FundsRow::default();
    r.funds.other = row("5.00", "5.00", "5.00", "100.00");
    r.extra_funds = vec![
        extra("财政专户管理资金", "15.00", "15.00", "15.00"),
        extra("单位资金", "10.00", "10.00", "10.00"),
    ];
    clean(&r);
    r.extra_funds[1].row.executed = od("9.00");
    let f = only(&r, "funds-breakdown");
    assert_eq!(
        f.message,
        "全年执行数：年度资金总额 100.00 ≠ 当年财政拨款 70.00 + 上年结转资金 空 + 其他资金 5.00 + 财政专户管理资金 15.00 + 单位资金 9.00 = 99.00"
    );
}

#[test]
fn total_of_zeros_over_money_is_one_clear_error() {
    // Anhui 2022: 年度资金总额 0 / 0 / 0 while 本年财政拨款 holds 90 / 89.974 / 89.974.
    let mut r = national();
    r.funds.total = FundsRow {
        initial_budget: od("0"),
        annual_budget: od("0"),
        executed: od("0"),
        weight: od("10"),
        execution_rate: od("0"),
        score: od("0"),
    };
    r.funds.appropriation = row("90", "89.974", "89.974", "100");
    r.funds.appropriation.execution_rate = None;
    r.funds.carried_over = FundsRow::default();
    r.funds.other = FundsRow::default();
    r.total.score = od("90");
    let f = only(&r, "funds-breakdown");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "年度资金总额 填为 0，但其中 当年财政拨款 有 90（年初预算数）、89.974（全年预算数）、89.974（全年执行数）：总额应为其下各行之和"
    );
    // Only one column zero: the money in that column.
    let mut r = national();
    r.funds.total.initial_budget = od("0");
    assert_eq!(
        only(&r, "funds-breakdown").message,
        "年度资金总额 填为 0，但其中 当年财政拨款 有 90（年初预算数）：总额应为其下各行之和"
    );
}

// --- several rules, and the reports ----------------------------------------------------------

#[test]
fn errors_come_before_warnings() {
    let mut r = base();
    r.indicators[1].deviation = None;
    r.total.score = od("98.46");
    assert_eq!(fired(&r), vec!["total-score-sum", "lost-no-reason"]);
}

#[test]
fn text_report_groups_by_form_and_counts() {
    let mut bad = base();
    bad.indicators[1].deviation = None;
    bad.total.score = od("98.46");
    let mut sheet = base();
    sheet.source = Source {
        file: "forms/book.xlsx".to_string(),
        line: None,
        sheet: Some("表3".to_string()),
    };
    sheet.grade = Some("中".to_string());
    let ok = base();
    let forms: Vec<(&Report, Vec<Finding>)> = [&bad, &ok, &sheet]
        .into_iter()
        .map(|r| (r, check::check(r)))
        .collect();
    assert_eq!(forms[2].1[0].at.as_deref(), Some("表3"));
    let text = check::render_text(&forms);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "forms/test.txt:2  业务培训");
    assert!(
        lines[1].starts_with("  错误 total-score-sum  总分 98.46"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("  警告 lost-no-reason  [培训考核通过率] 扣 1.00 分"),
        "{text}"
    );
    assert_eq!(lines[3], "");
    assert_eq!(lines[4], "forms/book.xlsx [表3]  业务培训");
    assert!(lines[5].starts_with("  错误 grade  "), "{text}");
    assert_eq!(
        lines.last().copied(),
        Some("共检查 3 张表：2 个错误，1 个警告 (3 forms, 2 errors, 1 warnings)")
    );

    let json: serde_json::Value = serde_json::from_str(&check::render_json(&[], &forms)).unwrap();
    let all = json.as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["rule"], "total-score-sum");
    assert_eq!(all[0]["severity"], "error");
    assert_eq!(all[0]["file"], "forms/test.txt");
    assert_eq!(all[0]["at"], "line 2");
    assert_eq!(all[0]["project"], "业务培训");
    assert!(all[0]["indicator"].is_null());
    assert_eq!(all[1]["severity"], "warning");
    assert_eq!(all[1]["indicator"], "培训考核通过率");
    assert_eq!(all[2]["at"], "表3");
}

#[test]
fn absurd_values_do_not_panic() {
    let mut r = base();
    let max = Decimal::MAX;
    r.funds.total.annual_budget = Some(Decimal::new(1, 28));
    r.funds.total.executed = Some(max);
    r.funds.total.weight = Some(max);
    r.funds.total.score = Some(-max);
    r.total.score = Some(max);
    r.total.weight = Some(max);
    r.indicators[0].weight = Some(max);
    r.indicators[0].score = Some(-max);
    r.indicators[1].weight = Some(max);
    r.indicators[1].score = Some(max);
    let findings = check::check(&r);
    assert!(findings.iter().any(|f| f.rule == "score-range"));
}

#[test]
fn check_command_fails_with_2_on_unreadable_input() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["check", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
}

/// A blank project name (a damaged cell read as nothing) is said, not passed over.
#[test]
fn a_blank_project_name_is_a_finding() {
    let mut r = base();
    r.project = String::new();
    let f = only(&r, "missing-value");
    assert!(f.message.contains("项目名称为空"), "{}", f.message);
}
