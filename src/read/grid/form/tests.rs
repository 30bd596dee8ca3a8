//! The form finder on small grids of its own, whatever container they came from.

use super::*;
use crate::model::TITLE;

/// Rows of a workbook sheet, one slice of cells per row.
fn sheet(name: &str, rows: &[&[&str]]) -> Vec<Row> {
    rows.iter()
        .enumerate()
        .map(|(i, cells)| Row {
            place: Place::Sheet(name.to_string(), i as u32),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        })
        .collect()
}

/// Rows of a text grid written with `|` between cells, one line a row.
fn text_grid(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .map(|(i, line)| Row {
            place: Place::Line(i + 1),
            cells: line.split('|').map(|c| c.to_string()).collect(),
        })
        .collect()
}

fn d(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

fn one(forms: Forms) -> Report {
    assert_eq!(forms.len(), 1, "{forms:?}");
    forms.into_iter().next().unwrap().unwrap()
}

/// The official paper layout as calamine gives it: merged cells hold their value in the
/// top-left cell only.
fn paper() -> Vec<Row> {
    sheet(
        "法律顾问费",
        &[
            &["财政项目支出绩效自评表", "", "", "", "", "", "", ""],
            &["（2024年度）", "", "", "", "", "", "", ""],
            &["项目名称", "法律顾问费", "", "", "", "", "", ""],
            &[
                "主管部门",
                "某区行政服务中心（汇总）",
                "",
                "",
                "实施单位",
                "某区政务服务中心",
                "",
                "",
            ],
            &[
                "项目资金（万元）",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率(%)",
                "得分",
            ],
            &[
                "",
                "年度资金总额",
                "6,164.19",
                "6164.19",
                "6,000.00",
                "10",
                "97.33",
                "9.73",
            ],
            &[
                "",
                "其中：当年财政拨款",
                "6,164.19",
                "6164.19",
                "6,000.00",
                "-",
                "97.33",
                "-",
            ],
            &["", "上年结转资金", "-", "-", "-", "-", "-", "-"],
            &["", "其他资金", "0", "", "", "", "", ""],
            &[
                "年度总体目标",
                "预期目标",
                "",
                "",
                "实际完成情况",
                "",
                "",
                "",
            ],
            &[
                "",
                "委托第三方履行\n法律顾问职责",
                "",
                "",
                "已完成",
                "",
                "",
                "",
            ],
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ],
            &[
                "产出指标",
                "数量指标",
                "审查合同数",
                "≥20份",
                "18份",
                "20",
                "18",
                "合同数量减少\n下年按需调整",
            ],
            &["", "", "出具法律意见书", "", "5份", "20", "20", ""],
            &[
                "",
                "质量指标",
                "意见采纳率",
                "≥85.00(%)",
                "",
                "20",
                "20",
                "",
            ],
            &[
                "成本指标",
                "经济成本指标",
                "项目预算成本控制率",
                "≤100.00(%)",
                "100.00(%)",
                "10",
                "10",
                "—",
            ],
            &[
                "满意度指标",
                "服务对象满意度指标",
                "委托单位满意度",
                "≥90%",
                "95%",
                "20",
                "20",
                "",
            ],
            &["总分", "", "", "", "", "100", "97.73", ""],
            &["评分等级", "优", "", "", "", "", "", ""],
        ],
    )
}

#[test]
fn paper_layout_reads_every_field() {
    let r = one(read_forms("book.xlsx", &paper()));
    assert_eq!(r.source.file, "book.xlsx");
    assert_eq!(r.source.sheet.as_deref(), Some("法律顾问费"));
    assert_eq!(r.source.line, None);
    assert_eq!(r.title, TITLE);
    assert_eq!(r.year, Some(2024));
    assert_eq!(r.project, "法律顾问费");
    assert_eq!(r.department, "某区行政服务中心（汇总）");
    assert_eq!(r.implementing_unit, "某区政务服务中心");
    assert_eq!(r.money_unit, "万元");
    let t = &r.funds.total;
    assert_eq!(t.initial_budget, d("6164.19"));
    assert_eq!(t.annual_budget, d("6164.19"));
    assert_eq!(t.executed, d("6000.00"));
    assert_eq!(t.weight, d("10"));
    assert_eq!(t.execution_rate, d("97.33"));
    assert_eq!(t.score, d("9.73"));
    assert_eq!(r.funds.appropriation.weight, None);
    assert_eq!(r.funds.appropriation.execution_rate, d("97.33"));
    assert_eq!(r.funds.carried_over, FundsRow::default());
    assert_eq!(r.funds.other.initial_budget, d("0"));
    assert_eq!(r.funds.other.annual_budget, None);
    assert_eq!(
        r.goals.expected.as_deref(),
        Some("委托第三方履行\n法律顾问职责")
    );
    assert_eq!(r.goals.actual.as_deref(), Some("已完成"));
    let names: Vec<&str> = r.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "审查合同数",
            "出具法律意见书",
            "意见采纳率",
            "项目预算成本控制率",
            "委托单位满意度"
        ]
    );
    let first = &r.indicators[0];
    assert_eq!(
        (first.level1.as_str(), first.level2.as_str()),
        ("产出指标", "数量指标")
    );
    assert_eq!(first.target.as_deref(), Some("≥20份"));
    assert_eq!(first.actual.as_deref(), Some("18份"));
    assert_eq!((first.weight, first.score), (d("20"), d("18")));
    assert_eq!(
        first.deviation.as_deref(),
        Some("合同数量减少\n下年按需调整")
    );
    // Blank target, blank reason: positions from the header, nothing shifts.
    let blank_target = &r.indicators[1];
    assert_eq!(blank_target.level2, "数量指标");
    assert_eq!(blank_target.target, None);
    assert_eq!(blank_target.actual.as_deref(), Some("5份"));
    assert_eq!(blank_target.deviation, None);
    let blank_actual = &r.indicators[2];
    assert_eq!(blank_actual.level2, "质量指标");
    assert_eq!(blank_actual.target.as_deref(), Some("≥85.00(%)"));
    assert_eq!(blank_actual.actual, None);
    let cost = &r.indicators[3];
    assert_eq!(
        (cost.level1.as_str(), cost.level2.as_str()),
        ("成本指标", "经济成本指标")
    );
    assert_eq!(cost.deviation, None, "a dash is no reason");
    assert_eq!(r.indicators[4].level1, "满意度指标");
    assert_eq!(r.total.weight, d("100"));
    assert_eq!(r.total.score, d("97.73"));
    assert_eq!(r.grade.as_deref(), Some("优"));
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn text_no_field_takes_is_unplaced_with_its_cell() {
    let mut rows = paper();
    rows[6].cells[7] = "见附件".to_string();
    rows[13].cells[5] = "二十".to_string();
    rows.push(Row {
        place: Place::Sheet("法律顾问费".to_string(), 19),
        cells: vec!["附：说明材料".to_string()],
    });
    let r = one(read_forms("book.xlsx", &rows));
    let got: Vec<(&str, &str)> = r
        .unplaced
        .iter()
        .map(|u| (u.at.as_str(), u.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("法律顾问费!H7", "见附件"),
            ("法律顾问费!F14", "二十"),
            ("法律顾问费!A20", "附：说明材料"),
        ]
    );
    // A weight that is not a number leaves the rest of its row in place.
    let i = &r.indicators[1];
    assert_eq!(
        (i.name.as_str(), i.weight, i.score),
        ("出具法律意见书", None, d("20"))
    );
}

#[test]
fn unreadable_amount_is_unplaced_not_zero() {
    let mut rows = paper();
    rows[5].cells[4] = "约六千".to_string();
    let r = one(read_forms("book.xlsx", &rows));
    assert_eq!(r.funds.total.executed, None);
    assert_eq!(r.unplaced.len(), 1);
    assert_eq!(r.unplaced[0].at, "法律顾问费!E6");
    assert_eq!(r.unplaced[0].text, "约六千");
}

#[test]
fn an_unknown_funds_row_is_unplaced_and_the_form_goes_on() {
    let mut rows = paper();
    rows[5].cells[1] = "资金合计".to_string();
    let r = one(read_forms("book.xlsx", &rows));
    assert_eq!(r.funds.total, FundsRow::default());
    assert_eq!(r.funds.other.initial_budget, d("0"));
    let got: Vec<(&str, &str)> = r
        .unplaced
        .iter()
        .map(|u| (u.at.as_str(), u.text.as_str()))
        .collect();
    let row6: Vec<String> = rows[5].cells[1..].to_vec();
    let texts: Vec<String> = got.iter().map(|(_, t)| t.to_string()).collect();
    assert_eq!(texts, row6);
    assert_eq!(got[0].0, "法律顾问费!B6");
    assert_eq!(r.goals.actual.as_deref(), Some("已完成"));
    assert_eq!(r.indicators.len(), 5);
}

#[test]
fn a_cut_off_form_reads_as_incomplete_and_the_next_still_reads() {
    let mut rows = paper();
    rows.truncate(14);
    rows.extend(paper());
    let rows: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.place = Place::Sheet("Sheet1".to_string(), i as u32);
            r
        })
        .collect();
    let forms = read_forms("book.xlsx", &rows);
    assert_eq!(forms.len(), 2);
    // Everything above the cut is read; the form says it is incomplete.
    let cut = forms[0].as_ref().unwrap();
    assert!(cut.incomplete);
    assert_eq!(cut.project, "法律顾问费");
    assert_eq!(cut.indicators.len(), 2);
    assert_eq!(
        (cut.total.weight, cut.total.score, &cut.grade),
        (None, None, &None)
    );
    let ok = forms[1].as_ref().unwrap();
    assert!(!ok.incomplete);
    assert_eq!(ok.indicators.len(), 5);
    assert_eq!(ok.source.sheet.as_deref(), Some("Sheet1"));
}

/// A Songjiang-style text form with each trap of the copied grid.
const TRAPS: &str = "\
财政项目支出绩效自评表||||||||
(2021 年度)||||||||
项目名称|测试项目|||||||
主管部门|某中心|||实施单位|某单位|||
项目资金 (元)||年初预算数|全年预算数|全年执行数|分值|执行率|得分|
|年度资金总额|8340000.00|6261700.00|6,261,700|10|100.00%|10|
|其中：当年财政拨款|8340000|6261700|6261700|—|||
|上年结转资金|0|0||—|||
|其他资金|0|0||—|||
|预算目标|||实际完成情况||||
年度目标|目标甲|||完成甲||||
产出指标|一级指标|二级指标|三级指标|年度 指标值|实际 完成值|分值|得分|偏差原因分析及 改进措施
|数量指标||甲一|=100%|=100%|10|10|
|质量指标|甲二|=1|=1|10|10||
|成本指标||||||||

绩效指标|效益指标|社会效益指标|乙一|=0|=0|10|10||
||乙二|提升|提升|10|10||
||可持续影响指标|乙三|健全|健全|10|10||
效益指标|可持续影响指标|乙四|健全|健全|10|9|未完全健全|
|成本指标|丙一|>=90%|≥90%|10|10||
|成本指标||||||||
||经济成本指标|丁一|≤100%|100%|10|10|
||满意度指标|服务对象满意度指标|戊一|>=90%|90%|10|10|
总分||||||100|99||";

fn indicator<'r>(r: &'r Report, name: &str) -> &'r Indicator {
    r.indicators
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no indicator {name}: {:?}", r.indicators))
}

fn levels<'r>(r: &'r Report, name: &str) -> (&'r str, &'r str) {
    let i = indicator(r, name);
    (i.level1.as_str(), i.level2.as_str())
}

#[test]
fn songjiang_traps() {
    let r = one(read_forms("t.txt", &text_grid(TRAPS)));
    assert_eq!(r.source.line, Some(1));
    assert_eq!(r.source.sheet, None);
    assert_eq!(r.money_unit, "元");
    assert_eq!(r.funds.total.executed, d("6261700"));
    assert_eq!(r.funds.total.execution_rate, d("100.00"));
    assert_eq!(r.funds.appropriation.weight, None);
    // The goals label sits on the text row, not on the header row.
    assert_eq!(r.goals.expected.as_deref(), Some("目标甲"));
    assert_eq!(r.goals.actual.as_deref(), Some("完成甲"));
    // Level1 on the header row.
    assert_eq!(levels(&r, "甲一"), ("产出指标", "数量指标"));
    assert_eq!(levels(&r, "甲二"), ("产出指标", "质量指标"));
    // A label-only row makes no indicator; the next row's labels win.
    assert!(!r.indicators.iter().any(|i| i.name.contains("成本")));
    // Outer label, then level1 and level2 one column right of the header's.
    assert_eq!(levels(&r, "乙一"), ("效益指标", "社会效益指标"));
    // Name one column left of the header's 三级指标 column: read by content.
    let i = indicator(&r, "乙二");
    assert_eq!(i.level2, "社会效益指标");
    assert_eq!(
        (i.target.as_deref(), i.actual.as_deref()),
        (Some("提升"), Some("提升"))
    );
    assert_eq!((i.weight, i.score), (d("10"), d("10")));
    assert_eq!(levels(&r, "乙三"), ("效益指标", "可持续影响指标"));
    // Level1 label lands on a later row of its group: context kept.
    let i = indicator(&r, "乙四");
    assert_eq!(
        (i.level1.as_str(), i.level2.as_str()),
        ("效益指标", "可持续影响指标")
    );
    assert_eq!(i.deviation.as_deref(), Some("未完全健全"));
    assert_eq!(
        r.indicators
            .iter()
            .filter(|i| i.deviation.is_some())
            .count(),
        1
    );
    // 成本指标 followed by a name: the older forms' level2 under 产出指标.
    assert_eq!(levels(&r, "丙一"), ("产出指标", "成本指标"));
    // 成本指标 on a row of its own, then 经济成本指标: a level1.
    assert_eq!(levels(&r, "丁一"), ("成本指标", "经济成本指标"));
    // Both labels on the indicator's row, shifted right.
    let i = indicator(&r, "戊一");
    assert_eq!(
        (i.level1.as_str(), i.level2.as_str()),
        ("满意度指标", "服务对象满意度指标")
    );
    assert_eq!(
        (i.target.as_deref(), i.actual.as_deref()),
        (Some(">=90%"), Some("90%"))
    );
    assert_eq!(r.indicators.len(), 9);
    assert_eq!((r.total.weight, r.total.score), (d("100"), d("99")));
    assert_eq!(r.grade, None);
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn outer_labels_of_every_spelling() {
    for outer in ["绩效指标", "指标", "绩效"] {
        let text = TRAPS.replace("绩效指标|效益指标", &format!("{outer}|效益指标"));
        let text = text.replace("产出指标|一级指标", &format!("{outer}|一级指标"));
        let r = one(read_forms("t.txt", &text_grid(&text)));
        // With the outer label on the header row, 产出指标 comes from 数量指标.
        assert_eq!(levels(&r, "甲一"), ("产出指标", "数量指标"), "{outer}");
        assert_eq!(levels(&r, "乙一"), ("效益指标", "社会效益指标"), "{outer}");
        assert!(r.unplaced.is_empty(), "{outer}: {:?}", r.unplaced);
    }
}

#[test]
fn level2_label_tells_a_missing_level1() {
    let text = TRAPS.replace("绩效指标|效益指标|社会效益指标", "||社会效益指标");
    let r = one(read_forms("t.txt", &text_grid(&text)));
    assert_eq!(levels(&r, "乙一"), ("效益指标", "社会效益指标"));
}

#[test]
fn single_cell_with_one_missing_between_name_and_weight() {
    // Shifted row with no actual: the lone text maps by its distance from the weight.
    let text = TRAPS.replace("||乙二|提升|提升|10|10||", "|乙二||提升|10|10|||");
    let r = one(read_forms("t.txt", &text_grid(&text)));
    let i = indicator(&r, "乙二");
    assert_eq!(
        (i.target.as_deref(), i.actual.as_deref()),
        (None, Some("提升"))
    );
    assert_eq!((i.weight, i.score), (d("10"), d("10")));
}

#[test]
fn text_without_a_form_is_an_error_and_blank_rows_are_nothing() {
    let forms = read_forms("x.txt", &text_grid("\n|hello|\n"));
    assert_eq!(forms.len(), 1);
    let err = forms[0].as_ref().unwrap_err();
    assert_eq!(err.at.as_deref(), Some("line 2"));
    assert!(read_forms("x.txt", &text_grid("\n\n|\t|")).is_empty());
}

#[test]
fn odd_grids_do_not_panic() {
    let huge = "9".repeat(80);
    let odd: Vec<Vec<Row>> = vec![
        Vec::new(),
        text_grid(""),
        text_grid("财政项目支出绩效自评表"),
        text_grid("总分"),
        text_grid("财政项目支出绩效自评表\n总分"),
        text_grid("财政项目支出绩效自评表\n总分|1|2|3|4\n评分等级\n评分等级：良|优"),
        text_grid("项目名称\n项目名称|a\n项目名称|b|项目名称"),
        text_grid(
            "财政项目支出绩效自评表\n产出指标\n数量指标\n成本指标\n绩效\n满意度指标|服务对象满意度指标\n总分",
        ),
        text_grid(&format!(
            "财政项目支出绩效自评表\n|年度资金总额|{huge}|{huge}.{huge}|-1e5|,|%|\n\
             三级指标|分值|得分\n{huge}|{huge}|{huge}\n|||||||||||||||||||||||||||||||x|1|2\n总分|{huge}"
        )),
        text_grid(
            "财政项目支出绩效自评表\n一级指标|三级指标|分值|得分\n产出指标|a|1\n|数量|b||\n||||||1|2|3\n总分|1",
        ),
        text_grid(
            "财政项目支出绩效自评表\n项目资金（万元）|年初预算数|全年预算数\n其他资金\n|其他资金|1|2|3|4|5|6|7|8\n总分",
        ),
        text_grid(
            "财政项目支出绩效自评表\n预期目标|实际完成情况\n年度目标\n年度总体目标|a|b|c\n总分|x|y",
        ),
        text_grid(
            "(2021年度)\n财政项目支出绩效自评表（2020年度）|(2021 年度)\n财政项目支出绩效自评表",
        ),
    ];
    for rows in odd {
        let forms = read_forms("odd.txt", &rows);
        for form in forms.into_iter().flatten() {
            let _ = serde_json::to_string(&form).unwrap();
        }
    }
    let sheets = sheet(
        "S",
        &[&[], &[""], &["财政项目支出绩效自评表"], &["总分", "1", "2"]],
    );
    // A title and a total, with no funds and no indicator between: an empty form is an
    // error, never a quiet success.
    let forms = read_forms("odd.xlsx", &sheets);
    assert_eq!(forms.len(), 1);
    let e = forms[0].as_ref().unwrap_err();
    assert_eq!(e.at.as_deref(), Some("S!A3"));
    assert!(e.message.contains("自评表是空的"), "{}", e.message);
}
