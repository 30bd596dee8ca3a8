//! The traps of the PDF-text layout, each as a small input of its own.

use super::read_text;
use crate::model::Report;

/// A form in the PDF-text layout around the given indicator lines (blank lines between, as
/// the PDF-to-text tool writes them).
fn form(indicator_lines: &[&str], total: &str) -> String {
    let head = [
        "财政项目支出绩效自评表",
        "（2024年度）",
        "项目名称 测试项目",
        "主管部门 上海市某区某局(汇总) 实施单位",
        "上海市某区某某服务中",
        "心",
        "项目资金",
        "（万元）",
        "年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分",
        "年度资金总额： 6,164.19 6,164.19 6,164.19 10.00 100.00 10.00",
        "其中：当年财政",
        "拨款",
        "6,164.19 6,164.19 6,164.19 - 100.00 -",
        "上年结转资金 0.00 0.00 0.00 - 0.00 -",
        "其他资金 0.00 0.00 0.00 - 0.00 -",
        "年度",
        "总体",
        "目标",
        "预期目标 实际完成情况",
        "完成全年工作任务。 基本完成。",
        "一级",
        "指标",
        "二级",
        "指标",
        "三级指标 年度指标值 实际完成值 分值 得分",
        "偏差原因分析",
        "及改进措施",
    ];
    let mut lines: Vec<&str> = head.to_vec();
    lines.extend_from_slice(indicator_lines);
    lines.push(total);
    lines.push("评分等级 优");
    lines.join("\n\n") + "\n"
}

fn read_one(text: &str) -> Report {
    let mut forms = read_text("t.txt", text);
    assert_eq!(forms.len(), 1);
    forms.remove(0).expect("form reads")
}

#[test]
fn header_unit_wrapped_and_thousands_separators() {
    let r = read_one(&form(
        &[
            "产出",
            "指标",
            "数量",
            "指标",
            "甲 =1(个) 1(个) 90.00 90.00",
        ],
        "总分 100.00 100.00",
    ));
    assert_eq!(r.implementing_unit, "上海市某区某某服务中心");
    assert_eq!(r.department, "上海市某区某局(汇总)");
    assert_eq!(r.funds.total.initial_budget.unwrap().to_string(), "6164.19");
    assert_eq!(
        r.funds.appropriation.executed.unwrap().to_string(),
        "6164.19"
    );
    assert_eq!(r.funds.appropriation.weight, None);
    assert_eq!(r.goals.expected.as_deref(), Some("完成全年工作任务。"));
    assert_eq!(r.goals.actual.as_deref(), Some("基本完成。"));
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn label_cut_by_page_break_and_finished_after_rows() {
    let r = read_one(&form(
        &[
            "效益",
            "指标",
            "可持",
            "续影",
            "长效机制健全性 健全 达成指标 40.00 40.00",
            "长效机制执行有效性 有效 达成指标 40.00 40.00",
            "响指",
            "满意",
            "度指",
            "标",
            "服务",
            "对象",
            "满意",
            "群众满意度 ≥85.00(%) 100.00(%) 10.00 10.00",
            "度指",
            "标",
        ],
        "总分 100.00 100.00",
    ));
    let levels: Vec<(&str, &str)> = r
        .indicators
        .iter()
        .map(|i| (i.level1.as_str(), i.level2.as_str()))
        .collect();
    assert_eq!(
        levels,
        vec![
            ("效益指标", "可持续影响指标"),
            ("效益指标", "可持续影响指标"),
            ("满意度指标", "服务对象满意度指标"),
        ]
    );
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn level2_piece_on_the_row_line() {
    let r = read_one(&form(
        &[
            "产出",
            "指标",
            "数量",
            "指标",
            "活动次数 ≥2.00(次) 10.00(次) 45.00 45.00",
            "质量 支部活动参与率 ≥85.00(%) 100.00(%) 45.00 45.00",
            "指标",
        ],
        "总分 100.00 100.00",
    ));
    assert_eq!(r.indicators[1].name, "支部活动参与率");
    assert_eq!(r.indicators[1].level2, "质量指标");
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn wrapped_name_target_and_actual() {
    let r = read_one(&form(
        &[
            "产出",
            "指标",
            "时效",
            "指标",
            "平台系统验收及时性",
            "2024年 12",
            "月底前",
            "部分达成指",
            "标并具有一",
            "定效果",
            "30.00 30.00",
            "征地养老资金应发实发率",
            "=23000.00",
            "(人)",
            "22947.00",
            "(人)",
            "30.00 29.00 无偏差",
            "区一网通办信息平台拓展升级改",
            "造",
            "深化 达成指标 30.00 30.00",
        ],
        "总分 100.00 99.00",
    ));
    let i = &r.indicators;
    assert_eq!(i[0].name, "平台系统验收及时性");
    assert_eq!(i[0].target.as_deref(), Some("2024年 12月底前"));
    assert_eq!(i[0].actual.as_deref(), Some("部分达成指标并具有一定效果"));
    assert_eq!(i[1].target.as_deref(), Some("=23000.00(人)"));
    assert_eq!(i[1].actual.as_deref(), Some("22947.00(人)"));
    assert_eq!(i[1].deviation.as_deref(), Some("无偏差"));
    assert_eq!(i[2].name, "区一网通办信息平台拓展升级改造");
    assert_eq!(i[2].target.as_deref(), Some("深化"));
}

#[test]
fn long_reason_on_lines_of_its_own_and_label_lookalike_last_line() {
    let r = read_one(&form(
        &[
            "产出",
            "指标",
            "数量",
            "指标",
            "窗口服务人次 ≥100(人) 90(人) 30.00 28.00",
            "受疫情影响，服务人",
            "次未达预期，下一步",
            "进一步提升窗口服务",
            "质量",
            "时效",
            "指标",
            "服务及时性 及时 达成指标 30.00 30.00",
            "服务规范性 规范 达成指标 30.00 30.00",
        ],
        "总分 100.00 98.00",
    ));
    let i = &r.indicators;
    assert_eq!(
        i[0].deviation.as_deref(),
        Some("受疫情影响，服务人次未达预期，下一步进一步提升窗口服务质量")
    );
    assert_eq!(i[1].level2, "时效指标");
    assert_eq!(i[1].deviation, None);
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn reason_followed_by_a_wrapped_next_row() {
    let r = read_one(&form(
        &[
            "产出",
            "指标",
            "数量",
            "指标",
            "尾款支付率 =100.00(%) 90.00(%) 45.00 40.00",
            "部分尾款因工程量调",
            "减未支付。",
            "考核咨询完成及时性",
            "2024年 10-",
            "11月",
            "达成指标 45.00 45.00",
        ],
        "总分 100.00 95.00",
    ));
    let i = &r.indicators;
    assert_eq!(
        i[0].deviation.as_deref(),
        Some("部分尾款因工程量调减未支付。")
    );
    assert_eq!(i[1].name, "考核咨询完成及时性");
    assert_eq!(i[1].target.as_deref(), Some("2024年 10-11月"));
    assert_eq!(i[1].actual.as_deref(), Some("达成指标"));
}

#[test]
fn cut_off_form_is_an_error_and_the_next_form_still_reads() {
    let good = form(
        &[
            "产出",
            "指标",
            "数量",
            "指标",
            "甲 =1(个) 1(个) 90.00 90.00",
        ],
        "总分 100.00 100.00",
    );
    let cut: String = good.lines().take(30).collect::<Vec<_>>().join("\n");
    let text = format!("{cut}\n{good}");
    let forms = read_text("t.txt", &text);
    assert_eq!(forms.len(), 2);
    let err = forms[0].as_ref().unwrap_err();
    assert_eq!(err.at.as_deref(), Some("line 1"));
    assert!(err.to_string().contains("t.txt: line 1:"), "{err}");
    assert!(forms[1].is_ok());
}

#[test]
fn no_title_is_an_error() {
    let forms = read_text("t.txt", "hello\nworld\n");
    assert_eq!(forms.len(), 1);
    assert!(forms[0].is_err());
}

#[test]
fn text_outside_any_field_is_kept_as_unplaced() {
    let text = format!(
        "封面说明\n{}",
        form(
            &[
                "产出",
                "指标",
                "数量",
                "指标",
                "甲 =1(个) 1(个) 90.00 90.00"
            ],
            "总分 100.00 100.00 多余"
        )
    );
    let r = read_one(&text);
    let texts: Vec<&str> = r.unplaced.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(texts, vec!["封面说明", "多余"]);
    assert_eq!(r.unplaced[0].at, "line 1");
}

#[test]
fn another_hand_one_line_labels_separate_header_lines_and_dashes() {
    // Labels written out whole, 主管部门 and 实施单位 on lines of their own, amounts in 元 with
    // separators, dashes for blanks, a one-line reason followed by the next labels.
    let r = read_one(include_str!("whole_labels.txt"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.department, "上海市某区教育局");
    assert_eq!(r.implementing_unit, "上海市某区某某学校");
    assert_eq!(r.money_unit, "元");
    assert_eq!(
        r.funds.total.annual_budget.unwrap().to_string(),
        "1000000.00"
    );
    assert_eq!(r.funds.other.initial_budget, None);
    let i = &r.indicators;
    assert_eq!(i.len(), 2);
    assert_eq!(i[0].deviation.as_deref(), Some("部分设备延期到货"));
    assert_eq!(
        (i[1].level1.as_str(), i[1].level2.as_str()),
        ("满意度指标", "服务对象满意度指标")
    );
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}
