//! The grid reader on the real tab-separated sample (Songjiang 2021, five forms).

use rust_decimal::Decimal;
use selfeval::framework;
use selfeval::model::{FundsRow, Report};
use selfeval::read::read_path;
use std::path::Path;

const SAMPLE: &str = "samples/shanghai-songjiang-admin-service-2021.txt";

fn reports() -> Vec<Report> {
    read_path(Path::new(SAMPLE))
        .into_iter()
        .map(|f| f.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The sample's lines split into cells, to compare the model against the input text.
fn sample_cells() -> Vec<Vec<String>> {
    std::fs::read_to_string(SAMPLE)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn five_forms_with_head_and_source() {
    let reports = reports();
    assert_eq!(reports.len(), 5);
    let lines = sample_cells();
    for r in &reports {
        assert_eq!(r.source.file, SAMPLE);
        assert_eq!(r.source.sheet, None);
        let line = r.source.line.expect("text forms have a line");
        // source.line is the title row.
        assert_eq!(lines[line - 1][0], "财政项目支出绩效自评表");
        assert_eq!(r.title, "财政项目支出绩效自评表");
        assert_eq!(r.year, Some(2021));
        assert!(!r.project.is_empty());
        assert!(!r.department.is_empty());
        assert!(!r.implementing_unit.is_empty());
        assert_eq!(r.money_unit, "元");
        assert_eq!(r.grade, None, "the sample has no 评分等级 line");
        assert!(r.unplaced.is_empty(), "{}: {:?}", r.project, r.unplaced);
    }
    let starts: Vec<usize> = reports.iter().filter_map(|r| r.source.line).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "input order");
}

#[test]
fn all_four_funds_rows() {
    for r in reports() {
        let f = &r.funds;
        for (name, row) in [
            ("total", &f.total),
            ("appropriation", &f.appropriation),
            ("carried_over", &f.carried_over),
            ("other", &f.other),
        ] {
            assert_ne!(row, &FundsRow::default(), "{}: {name}", r.project);
            assert!(row.initial_budget.is_some(), "{}: {name}", r.project);
            assert!(row.annual_budget.is_some(), "{}: {name}", r.project);
        }
        let t = &f.total;
        assert!(t.executed.is_some() && t.weight.is_some(), "{}", r.project);
        assert!(
            t.execution_rate.is_some() && t.score.is_some(),
            "{}",
            r.project
        );
        // The total's executed amount (written with separators) equals the appropriation's.
        assert_eq!(t.executed, f.appropriation.executed, "{}", r.project);
        // Dashes are blanks.
        assert_eq!(f.appropriation.weight, None);
    }
    let first = &reports()[0];
    assert_eq!(first.funds.total.executed, Some(d("6261700")));
    assert_eq!(first.funds.total.execution_rate, Some(d("100.00")));
}

#[test]
fn goals_lose_no_text() {
    let lines = sample_cells();
    for r in reports() {
        let expected = r.goals.expected.clone().unwrap_or_default();
        let actual = r.goals.actual.clone().unwrap_or_default();
        assert!(!expected.is_empty(), "{}", r.project);
        assert!(!actual.is_empty(), "{}", r.project);
        // Each goal is a whole cell of the input, as written.
        for goal in [&expected, &actual] {
            assert!(
                lines.iter().flatten().any(|c| c == goal),
                "{}: goal text not a cell of the input: {goal}",
                r.project
            );
        }
        assert!(expected.chars().count() > actual.chars().count());
    }
}

#[test]
fn indicators_are_complete_and_canonical() {
    let lines = sample_cells();
    let all_cells: Vec<&String> = lines.iter().flatten().collect();
    for r in reports() {
        assert!(!r.indicators.is_empty());
        for i in &r.indicators {
            let ctx = format!("{} / {}", r.project, i.name);
            assert_eq!(
                framework::level1(&i.level1),
                Some(i.level1.as_str()),
                "{ctx}"
            );
            let (l2, l1) = framework::level2(&i.level2).unwrap_or_else(|| panic!("{ctx}"));
            assert_eq!(l2, i.level2, "{ctx}");
            // The level2 belongs to the level1, or 成本指标 is the older forms' level2.
            assert!(framework::allows(&i.level1, &i.level2), "{ctx}: {l1}");
            assert!(
                framework::classify(&i.name).is_none(),
                "{ctx}: name is a label"
            );
            assert!(all_cells.contains(&&i.name), "{ctx}: name not a cell");
            for v in [&i.target, &i.actual] {
                let v = v.as_ref().unwrap_or_else(|| panic!("{ctx}: blank"));
                assert!(all_cells.contains(&v), "{ctx}: {v} not a cell");
            }
            assert!(i.weight.is_some() && i.score.is_some(), "{ctx}");
            assert!(i.score <= i.weight, "{ctx}");
        }
        // Every indicator row of the input is read once: count the input's rows whose last
        // two numbers are a weight and score between the header and 总分.
        let line = r.source.line.unwrap();
        let form_rows = lines[line..]
            .iter()
            .take_while(|row| !row.iter().any(|c| c == "财政项目支出绩效自评表"));
        let mut in_table = false;
        let mut rows = 0;
        for row in form_rows {
            if row.iter().any(|c| c.replace(' ', "") == "三级指标") {
                in_table = true;
                continue;
            }
            if row.iter().any(|c| c == "总分") {
                break;
            }
            let numbers = row
                .iter()
                .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()))
                .count();
            if in_table && numbers >= 2 {
                rows += 1;
            }
        }
        assert_eq!(r.indicators.len(), rows, "{}", r.project);
    }
}

#[test]
fn weights_and_scores_add_up_exactly() {
    for r in reports() {
        let funds = &r.funds.total;
        let weight = r.indicator_weight_sum() + funds.weight.unwrap();
        let score = r.indicator_score_sum() + funds.score.unwrap();
        assert_eq!(Some(weight), r.total.weight, "{}", r.project);
        assert_eq!(Some(score), r.total.score, "{}", r.project);
    }
}

#[test]
fn reasons_sit_on_the_rows_that_lost_points() {
    let reports = reports();
    for r in &reports {
        for i in &r.indicators {
            if i.deviation.is_some() {
                assert!(i.lost_points(), "{}: reason on {}", r.project, i.name);
            }
        }
    }
    let window = reports
        .iter()
        .find(|r| r.project == "窗口业务管理")
        .expect("the 窗口业务管理 form");
    let with_reason: Vec<&str> = window
        .indicators
        .iter()
        .filter(|i| i.deviation.is_some())
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        with_reason,
        ["服务新开办企业数量", "政务服务免费快递业务量"]
    );
    let lost: Vec<&str> = window.lost_indicators().map(|i| i.name.as_str()).collect();
    assert_eq!(lost, with_reason);
    let other_reasons = reports
        .iter()
        .filter(|r| r.project != "窗口业务管理")
        .flat_map(|r| &r.indicators)
        .filter(|i| i.deviation.is_some())
        .count();
    assert_eq!(other_reasons, 0);
}

#[test]
fn cells_with_inner_spaces_are_kept_as_written() {
    let names: Vec<String> = reports()
        .into_iter()
        .flat_map(|r| r.indicators)
        .map(|i| i.name)
        .collect();
    assert!(names.iter().any(|n| n == "宣传活动与宣传主题匹 配率"));
}

#[test]
fn a_form_cut_before_its_total_reads_as_incomplete_and_the_others_still_read() {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    // Drop the first form's 总分 row.
    let total = text
        .lines()
        .position(|l| l.split('\t').any(|c| c == "总分"))
        .unwrap();
    let cut: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != total)
        .map(|(_, l)| l)
        .collect();
    let forms = selfeval::read::read_bytes("cut.txt", cut.join("\n").as_bytes());
    assert_eq!(forms.len(), 5);
    let cut = forms[0].as_ref().unwrap();
    assert!(cut.incomplete);
    assert_eq!(cut.source.line, Some(3));
    assert_eq!((cut.total.weight, cut.total.score), (None, None));
    // Nothing above the cut is lost: the same indicators as the whole form.
    let whole = selfeval::read::read_path(SAMPLE.as_ref());
    let whole = whole[0].as_ref().unwrap();
    assert_eq!(cut.indicators, whole.indicators);
    assert_eq!(cut.funds, whole.funds);
    for f in &forms[1..] {
        assert!(!f.as_ref().unwrap().incomplete, "{f:?}");
    }
    // check calls it an error.
    let findings = selfeval::check::check(cut);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "incomplete" && f.severity == selfeval::check::Severity::Error),
        "{findings:?}"
    );
}

/// Every string and number in a JSON value.
fn json_values(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_values(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| json_values(v, out)),
        _ => {}
    }
}

/// The fixed words of the form (titles and column heads), which no field holds.
const FORM_WORDS: [&str; 22] = [
    "财政项目支出绩效自评表",
    "项目名称",
    "主管部门",
    "实施单位",
    "项目资金(元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
    "年度总体目标",
    "年度目标",
    "预算目标",
    "实际完成情况",
    "年度指标值",
    "实际完成值",
    "偏差原因分析及改进措施",
];

#[test]
fn no_input_text_is_lost() {
    let lines = sample_cells();
    let reports = reports();
    let mut ends: Vec<usize> = reports
        .iter()
        .skip(1)
        .filter_map(|r| r.source.line)
        .collect();
    ends.push(lines.len() + 1);
    for (r, end) in reports.iter().zip(ends) {
        let mut report = serde_json::to_value(r).unwrap();
        report["source"] = serde_json::Value::Null;
        let mut values = Vec::new();
        json_values(&report, &mut values);
        let start = r.source.line.unwrap();
        for (i, row) in lines[start - 1..end - 1].iter().enumerate() {
            for cell in row.iter().filter(|c| !c.is_empty()) {
                let squeezed: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
                let number = selfeval::read::parse_decimal(cell)
                    .ok()
                    .flatten()
                    .map(|d| d.to_string());
                let placed = values.contains(cell)
                    || number.is_some_and(|n| values.contains(&n))
                    || framework::classify(cell).is_some()
                    || FORM_WORDS.contains(&squeezed.as_str())
                    || ["一级指标", "二级指标", "三级指标", "总分"].contains(&cell.as_str())
                    || selfeval::read::is_blank(cell)
                    || (r.year.is_some() && selfeval::read::parse_year(cell) == r.year);
                assert!(placed, "line {}: {cell} is in no field", start + i);
            }
        }
    }
}
