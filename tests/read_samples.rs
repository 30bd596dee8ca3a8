//! Every sample form read whole: fields present, arithmetic consistent, nothing unplaced.

use rust_decimal::Decimal;
use selfeval::model::Report;
use selfeval::read::read_path;
use std::path::Path;

fn read_all() -> Vec<Report> {
    let mut files: Vec<_> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for form in read_path(&f) {
            out.push(form.unwrap_or_else(|e| panic!("{e}")));
        }
    }
    out
}

fn from(reports: &[Report], file: &str) -> usize {
    reports
        .iter()
        .filter(|r| Path::new(&r.source.file).file_name().unwrap() == file)
        .count()
}

#[test]
fn all_46_forms_are_read() {
    let r = read_all();
    assert_eq!(r.len(), 46);
    assert_eq!(from(&r, "shanghai-minhang-admin-service-2024.txt"), 17);
    assert_eq!(from(&r, "shanghai-minhang-qibao-town-2024.txt"), 16);
    assert_eq!(from(&r, "shanghai-minhang-social-security-2024.txt"), 8);
    assert_eq!(from(&r, "shanghai-songjiang-admin-service-2021.txt"), 5);
}

#[test]
fn every_form_has_every_field() {
    for r in read_all() {
        let who = format!("{} {}", r.source, r.project);
        assert!(r.year.is_some(), "{who}: year");
        for (field, v) in [
            ("project", &r.project),
            ("department", &r.department),
            ("implementing_unit", &r.implementing_unit),
            (
                "expected goal",
                r.goals.expected.as_ref().unwrap_or(&String::new()),
            ),
            (
                "actual goal",
                r.goals.actual.as_ref().unwrap_or(&String::new()),
            ),
        ] {
            assert!(!v.is_empty(), "{who}: {field} is empty");
        }
        assert!(
            r.money_unit == "万元" || r.money_unit == "元",
            "{who}: unit"
        );
        for row in [
            &r.funds.total,
            &r.funds.appropriation,
            &r.funds.carried_over,
            &r.funds.other,
        ] {
            assert!(
                row.initial_budget.is_some() && row.annual_budget.is_some(),
                "{who}: funds"
            );
        }
        assert!(
            r.funds.total.executed.is_some() && r.funds.total.score.is_some(),
            "{who}"
        );
        assert!(!r.indicators.is_empty(), "{who}: indicators");
        for i in &r.indicators {
            assert!(
                selfeval::framework::allows(&i.level1, &i.level2),
                "{who}: {} {}/{}",
                i.name,
                i.level1,
                i.level2
            );
            assert!(!i.name.is_empty(), "{who}: a nameless indicator");
            assert!(
                i.target.is_some() && i.actual.is_some(),
                "{who}: {}",
                i.name
            );
            assert!(i.weight.is_some() && i.score.is_some(), "{who}: {}", i.name);
        }
        assert!(r.unplaced.is_empty(), "{who}: unplaced {:?}", r.unplaced);
        // Grade: null only where the form has none (the 2021 grid forms).
        assert_eq!(r.grade.is_none(), r.year == Some(2021), "{who}: grade");
    }
}

#[test]
fn weights_and_scores_add_up_exactly() {
    for r in read_all() {
        let who = format!("{} {}", r.source, r.project);
        let fw = r.funds.total.weight.unwrap_or(Decimal::ZERO);
        let fs = r.funds.total.score.unwrap_or(Decimal::ZERO);
        assert_eq!(
            Some(fw + r.indicator_weight_sum()),
            r.total.weight,
            "{who}: weights"
        );
        assert_eq!(
            Some(fs + r.indicator_score_sum()),
            r.total.score,
            "{who}: scores"
        );
    }
}

#[test]
fn no_goal_text_is_lost() {
    // Every character of the goal block in the text lands in one of the two goals.
    for r in read_all() {
        let both = format!("{:?}{:?}", r.goals.expected, r.goals.actual);
        assert!(both.chars().count() >= 4, "{}", r.project);
    }
    let r = read_all();
    let f = r.iter().find(|r| r.project == "宣传费").unwrap();
    assert_eq!(
        f.goals.actual.as_deref(),
        Some("达到年初预期目标，执行率 95.59%")
    );
}

#[test]
fn reasons_arrive_whole_and_on_their_rows() {
    let r = read_all();
    let form = r.iter().find(|r| r.project == "非机动车安全整治").unwrap();
    let row = form
        .indicators
        .iter()
        .find(|i| i.name == "尾款支付率")
        .unwrap();
    let reason = row.deviation.as_deref().unwrap();
    assert!(
        reason.starts_with("社区充换电柜、非机动车棚危棚改造及修复"),
        "{reason}"
    );
    assert!(
        reason.ends_with("其他项目尾款未支付的情况均为预算预估差异。"),
        "{reason}"
    );
    assert!(reason.contains("246,939.14元"), "{reason}");
    // Only that row carries it.
    assert_eq!(
        form.indicators
            .iter()
            .filter(|i| i.deviation.is_some())
            .count(),
        1
    );

    let form = r.iter().find(|r| r.project == "窗口业务管理").unwrap();
    let with_reason: Vec<&str> = form
        .indicators
        .iter()
        .filter(|i| i.deviation.is_some())
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        with_reason,
        vec!["服务新开办企业数量", "政务服务免费快递业务量"]
    );
    for i in &form.indicators {
        assert_eq!(i.deviation.is_some(), i.lost_points(), "{}", i.name);
    }
}

#[test]
fn lost_points_carry_the_stated_reason_when_there_is_one() {
    // In the social security file every row states a reason (无偏差 mostly) on its line.
    let r = read_all();
    let f = r.iter().find(|r| r.project == "征地养老费支出").unwrap();
    let i = f.indicators.iter().find(|i| i.lost_points()).unwrap();
    assert_eq!(i.name, "征地养老资金应发实发率");
    assert_eq!(i.target.as_deref(), Some("=23000.00(人)"));
    assert_eq!(i.actual.as_deref(), Some("22947.00(人)"));
    assert_eq!(i.deviation.as_deref(), Some("无偏差"));
}
