//! Every label spelling the grid reader understands, in one place: titles, head labels, the
//! funds block's label, columns and rows, the indicator table's columns, total and grade rows,
//! and the form's labelled text blocks. A new region's spelling is one line here.
//!
//! Labels are compared squeezed (no white space, which wrapping and merges add) and with
//! full-width brackets and colons made half-width, so `项目资金（万元）` and `项目资金 (万元)`
//! are one spelling. Level-1 and level-2 indicator labels are the framework's
//! ([`crate::framework`]).

use super::text::squeeze;
use rust_decimal::Decimal;

/// The head fields of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Project,
    Department,
    Unit,
}

/// Head labels, longest first where one starts another.
pub const HEAD: [(&str, Head); 9] = [
    ("专项资金名称", Head::Project),
    ("项目名称", Head::Project),
    ("县级主管部门", Head::Department),
    ("主管部门", Head::Department),
    ("主管单位", Head::Department),
    ("项目实施单位", Head::Unit),
    ("实施单位", Head::Unit),
    ("执行单位", Head::Unit),
    ("项目单位", Head::Unit),
];

/// The four standard rows of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundsKind {
    Total,
    Appropriation,
    CarriedOver,
    Other,
}

/// Funds row labels (after any `其中` and colon).
pub const FUNDS_ROWS: [(&str, FundsKind); 16] = [
    ("年度资金总额", FundsKind::Total),
    ("年度财政资金总额", FundsKind::Total),
    ("资金总额", FundsKind::Total),
    ("总额", FundsKind::Total),
    ("当年财政拨款", FundsKind::Appropriation),
    ("本年财政拨款", FundsKind::Appropriation),
    ("财政拨款", FundsKind::Appropriation),
    ("财政拨款资金", FundsKind::Appropriation),
    ("财政资金", FundsKind::Appropriation),
    ("中央、省、市补助县级资金", FundsKind::Appropriation),
    ("上年结转资金", FundsKind::CarriedOver),
    ("上年结转", FundsKind::CarriedOver),
    ("上年结转结余资金", FundsKind::CarriedOver),
    ("上年结余结转资金", FundsKind::CarriedOver),
    ("上年结余资金", FundsKind::CarriedOver),
    ("其他资金", FundsKind::Other),
];

/// Funds rows with no field of their own: kept in the model under their label.
pub const EXTRA_FUNDS_ROWS: [&str; 4] =
    ["财政专户管理资金", "单位资金", "单位自有资金", "自筹资金"];

/// Labels of the funds block as a whole (`项目资金（万元）`, `预算执行情况(万元)(20分)`).
pub const FUNDS_BLOCK: [&str; 4] = ["项目资金", "资金情况", "预算执行情况", "资金投入情况"];

/// The columns of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundsColumn {
    InitialBudget,
    AnnualBudget,
    Executed,
    Weight,
    Rate,
    Score,
    Reason,
}

/// Funds column headers, matched as the start of the squeezed header; the first that matches
/// wins, so the longer spellings stand before the shorter they contain.
pub const FUNDS_COLUMNS: [(&str, FundsColumn); 19] = [
    ("年初预算", FundsColumn::InitialBudget),
    ("全年预算", FundsColumn::AnnualBudget),
    ("调整后预算", FundsColumn::AnnualBudget),
    ("预算执行率", FundsColumn::Rate),
    ("执行率", FundsColumn::Rate),
    ("预算执行数", FundsColumn::Executed),
    ("全年执行", FundsColumn::Executed),
    ("执行数", FundsColumn::Executed),
    ("实际支出", FundsColumn::Executed),
    ("实际执行数", FundsColumn::Executed),
    ("全年实际执行", FundsColumn::Executed),
    ("预算数", FundsColumn::AnnualBudget),
    ("分值", FundsColumn::Weight),
    ("分数", FundsColumn::Weight),
    ("权重", FundsColumn::Weight),
    ("得分", FundsColumn::Score),
    ("自评得分", FundsColumn::Score),
    ("原因", FundsColumn::Reason),
    ("偏差原因", FundsColumn::Reason),
];

/// The columns of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    /// 指标性质 (`=`, `≥`): the first part of a target written over three columns.
    Nature,
    Target,
    /// 度量单位: the last part of a target written over three columns.
    Unit,
    Actual,
    Weight,
    Score,
    Reason,
}

/// Indicator column headers, matched as the start of the squeezed header, first match wins.
pub const INDICATOR_COLUMNS: [(&str, IndicatorColumn); 25] = [
    ("一级指标", IndicatorColumn::Level1),
    ("二级指标", IndicatorColumn::Level2),
    ("三级指标", IndicatorColumn::Name),
    ("指标性质", IndicatorColumn::Nature),
    ("年度指标值", IndicatorColumn::Target),
    ("年初目标值", IndicatorColumn::Target),
    ("年度目标值", IndicatorColumn::Target),
    ("目标值", IndicatorColumn::Target),
    ("指标值", IndicatorColumn::Target),
    ("度量单位", IndicatorColumn::Unit),
    ("计量单位", IndicatorColumn::Unit),
    ("实际完成值", IndicatorColumn::Actual),
    ("全年实际完成值", IndicatorColumn::Actual),
    ("全年实际值", IndicatorColumn::Actual),
    ("全年完成值", IndicatorColumn::Actual),
    ("完成值", IndicatorColumn::Actual),
    ("实际值", IndicatorColumn::Actual),
    ("分值", IndicatorColumn::Weight),
    ("分数", IndicatorColumn::Weight),
    ("权重", IndicatorColumn::Weight),
    ("得分", IndicatorColumn::Score),
    ("自评得分", IndicatorColumn::Score),
    ("实际得分", IndicatorColumn::Score),
    ("偏差原因", IndicatorColumn::Reason),
    ("未完成原因", IndicatorColumn::Reason),
];

/// Reason column headers found anywhere in the header (`偏差原因分析及改进措施`,
/// `未完成原因分析`, `原因分析及改进措施`).
pub const REASON_WORDS: [&str; 3] = ["原因", "偏差", "改进措施"];

/// Labels of the goals block as a whole.
pub const GOALS_BLOCK: [&str; 7] = [
    "年度总体目标",
    "年度总体绩效目标",
    "总体目标",
    "总体绩效目标",
    "年度目标",
    "年度绩效目标",
    "项目基本情况",
];

/// Goals column headers: the expected goal, then the outcome.
/// The last, 年度目标, heads the expected column only where no other header does.
pub const GOALS_EXPECTED: [&str; 5] = [
    "预期目标",
    "预算目标",
    "项目年度目标",
    "年度预期目标",
    "年度目标",
];
pub const GOALS_ACTUAL: [&str; 6] = [
    "实际完成情况",
    "年度目标完成情况",
    "实际完成",
    "全年实际完成情况",
    "年度实际完成情况",
    "年度目标实际完成情况",
];

/// Total rows.
pub const TOTAL: [&str; 3] = ["总分", "合计", "总计"];

/// Grade rows.
pub const GRADE: [&str; 3] = ["评分等级", "自评等级", "绩效等级"];

/// Labels of the form's free-text blocks, kept in the model with their text. Matched as the
/// start of the squeezed label.
pub const TEXT_BLOCKS: [&str; 20] = [
    "评价结论",
    "自评结论",
    "存在问题",
    "主要问题",
    "改进措施",
    "偏差大或目标未完成原因分析",
    "偏差原因",
    "单位主要负责人",
    "项目负责人",
    "财务负责人",
    "填表人",
    "联系电话",
    "单位名称",
    "填报单位",
    "填报日期",
    "报表编号",
    "项目类别",
    "项目属性",
    "项目类型",
    "备注",
];

/// A title: short text ending in `自评表` (the year, in brackets or in front, aside):
/// 财政项目支出绩效自评表, 项目支出绩效自评表, 部门预算项目支出绩效自评表, 绩效目标自评表,
/// 县级专项资金绩效目标自评表, `<fund>项目自评表`. Returns the title without its year.
pub fn title(cell: &str) -> Option<String> {
    // Asked of every cell and line: one without 评 and 表, or too long for a title, is no
    // title, said before anything is squeezed.
    if cell.len() > 240 || !cell.contains('评') || !cell.contains('表') {
        return None;
    }
    let s = normalize(cell);
    let (body, _) = strip_year(&s);
    let body = body.trim_matches(|c: char| c == ':' || c == '(' || c == ')');
    // A count (`46张自评表`) says this is a heading about forms, not a form's title.
    (body.ends_with("自评表")
        && (5..=40).contains(&body.chars().count())
        && !body.chars().any(|c| c.is_ascii_digit()))
    .then(|| body.to_string())
}

/// The text without a year written in it (`2020年`, `2020年度`, `(2023年度)`), and the year.
pub fn strip_year(s: &str) -> (String, Option<i32>) {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 && chars.get(i + 4) == Some(&'年') {
            let year: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            let mut end = i + 5;
            if chars.get(end) == Some(&'度') {
                end += 1;
            }
            let mut start = i;
            if start > 0 && chars[start - 1] == '(' && chars.get(end) == Some(&')') {
                start -= 1;
                end += 1;
            }
            let rest: String = chars[..start].iter().chain(&chars[end..]).collect();
            return (rest, (1990..=2100).contains(&year).then_some(year));
        }
        i += digits.max(1);
    }
    (s.to_string(), None)
}

/// The text squeezed, with full-width brackets and colons made half-width.
pub fn normalize(cell: &str) -> String {
    squeeze(cell)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

/// A label and the points it prints: `产出指标(60分)` → (`产出指标`, 60);
/// `预算执行情况(万元)(20分)` → (`预算执行情况(万元)`, 20); an indicator category may leave out
/// the 分: `效益指标(30)` → (`效益指标`, 30). Text without points is returned whole with `None`.
pub fn points(normalized: &str) -> (&str, Option<Decimal>) {
    let (body, category_only) = match normalized.strip_suffix("分)") {
        Some(body) => (body, false),
        None => match normalized.strip_suffix(')') {
            Some(body) => (body, true),
            None => return (normalized, None),
        },
    };
    let Some(open) = body.rfind('(') else {
        return (normalized, None);
    };
    let (label, number) = (&body[..open], &body[open + 1..]);
    if category_only && !label.ends_with("指标") {
        return (normalized, None);
    }
    match number.parse::<Decimal>() {
        Ok(p) if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            (label, Some(p))
        }
        _ => (normalized, None),
    }
}

/// Whether a cell's first character is the first of one of the labels: asked of every cell
/// before anything is squeezed or allocated, as most cells are no label at all.
fn may_start(cell: &str, labels: &[&str]) -> bool {
    cell.chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|first| labels.iter().any(|l| l.starts_with(first)))
}

/// The head label a cell starts with, and the value written after it in the same cell.
pub fn head(cell: &str) -> Option<(Head, Option<String>)> {
    if !may_start(cell, &HEAD.map(|(l, _)| l)) {
        return None;
    }
    let s = normalize(cell);
    let (label, key) = HEAD.iter().find(|(l, _)| s.starts_with(l))?;
    let rest = &s[label.len()..];
    // `实施单位(盖章)`, `主管部门及代码`: still the label, with no value.
    let rest = rest
        .trim_start_matches("(盖章)")
        .trim_start_matches("及代码");
    match rest.strip_prefix(':') {
        Some(v) => Some((*key, (!v.is_empty()).then(|| value_after_colon(cell)))),
        // `实施单位名称`, `主管部门及代码`: a short tail is still the label.
        None if rest.chars().count() <= 4 => Some((*key, None)),
        None => None,
    }
}

/// The text after the first colon of a cell, trimmed but not squeezed (a value keeps its
/// spaces).
fn value_after_colon(cell: &str) -> String {
    cell.split_once([':', '：'])
        .map_or("", |(_, v)| v)
        .trim()
        .to_string()
}

/// The funds row a label names (`其中：当年财政拨款`, `年度资金总额:`).
pub fn funds_row(cell: &str) -> Option<FundsKind> {
    if !may_start(
        cell,
        &["其", "年", "资", "总", "当", "本", "财", "中", "上"],
    ) {
        return None;
    }
    let s = funds_label(cell);
    FUNDS_ROWS
        .iter()
        .find(|(l, _)| *l == s)
        .map(|(_, k)| *k)
        // 其他来源资金, 其他资金来源: a short label of 其他 … 资金 is the row of the other funds.
        .or_else(|| {
            (s.starts_with("其他") && s.contains("资金") && s.chars().count() <= 8)
                .then_some(FundsKind::Other)
        })
}

/// A funds row with no field of its own, by its label.
pub fn extra_funds_row(cell: &str) -> bool {
    let s = funds_label(cell);
    EXTRA_FUNDS_ROWS.contains(&s.as_str())
}

fn funds_label(cell: &str) -> String {
    let s = normalize(cell);
    let s = s.strip_prefix("其中").unwrap_or(&s);
    let s = s.trim_matches(':');
    // `年度资金总额(元)`: the row's unit after its label.
    match s.rfind('(') {
        Some(i) if s.ends_with(')') && unit_in(&s[i..]).is_some() => &s[..i],
        _ => s,
    }
    .to_string()
}

/// The funds block's label, with the unit and points it prints.
pub fn funds_block(cell: &str) -> Option<(Option<&'static str>, Option<Decimal>)> {
    if !may_start(cell, &FUNDS_BLOCK) {
        return None;
    }
    let s = normalize(cell);
    FUNDS_BLOCK.iter().find(|l| s.starts_with(*l))?;
    let (_, p) = points(&s);
    Some((unit_in(&s), p))
}

/// The unit of money a label names, if any.
pub fn unit_in(s: &str) -> Option<&'static str> {
    if s.contains("万元") {
        Some("万元")
    } else if s.contains('元') {
        Some("元")
    } else {
        None
    }
}

/// A funds column header.
pub fn funds_column(cell: &str) -> Option<FundsColumn> {
    let s = normalize(cell);
    FUNDS_COLUMNS
        .iter()
        .find(|(l, _)| s.starts_with(l))
        .map(|(_, c)| *c)
}

/// An indicator column header.
pub fn indicator_column(cell: &str) -> Option<IndicatorColumn> {
    let s = normalize(cell);
    INDICATOR_COLUMNS
        .iter()
        .find(|(l, _)| s.starts_with(l))
        .map(|(_, c)| *c)
        .or_else(|| {
            (s.chars().count() >= 4 && REASON_WORDS.iter().any(|w| s.contains(w)))
                .then_some(IndicatorColumn::Reason)
        })
}

/// Whether a cell is the total row's label.
pub fn is_total(cell: &str) -> bool {
    if !may_start(cell, &TOTAL) {
        return false;
    }
    let s = normalize(cell);
    let (s, _) = points(&s);
    TOTAL.contains(&s)
}

/// The grade label, with the grade written in the same cell after it, if any.
pub fn grade(cell: &str) -> Option<Option<String>> {
    if !may_start(cell, &GRADE) {
        return None;
    }
    let s = normalize(cell);
    let rest = GRADE.iter().find_map(|l| s.strip_prefix(l))?;
    let rest = rest.trim_start_matches(':');
    Some((!rest.is_empty()).then(|| rest.to_string()))
}

/// Whether a cell labels the goals block as a whole.
pub fn is_goals_block(cell: &str) -> bool {
    if !may_start(cell, &GOALS_BLOCK) {
        return false;
    }
    let s = normalize(cell);
    let (s, p) = points(&s);
    p.is_none() && GOALS_BLOCK.contains(&s)
}

/// A free-text block's label: the label as printed (squeezed, colon dropped) and the text
/// written after a colon in the same cell.
pub fn text_block(cell: &str) -> Option<(String, Option<String>)> {
    if !may_start(cell, &TEXT_BLOCKS) {
        return None;
    }
    let s = normalize(cell);
    TEXT_BLOCKS.iter().find(|l| s.starts_with(*l))?;
    let label = s.split(':').next().unwrap_or(&s).to_string();
    let value = s.contains(':').then(|| value_after_colon(cell));
    Some((label, value.filter(|v| !v.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_every_family() {
        for (cell, want) in [
            ("财政项目支出绩效自评表", "财政项目支出绩效自评表"),
            ("项目支出绩效自评表", "项目支出绩效自评表"),
            (
                "部门预算项目支出绩效自评表(2023年度)",
                "部门预算项目支出绩效自评表",
            ),
            ("绩效目标自评表", "绩效目标自评表"),
            (
                "2020年度县级专项资金绩效目标自评表",
                "县级专项资金绩效目标自评表",
            ),
            (
                "2020年市级服务贸易发展资金项目自评表",
                "市级服务贸易发展资金项目自评表",
            ),
            ("财 政 项 目 支 出 绩 效 自 评 表", "财政项目支出绩效自评表"),
        ] {
            assert_eq!(title(cell).as_deref(), Some(want), "{cell}");
        }
        for not in [
            "自评表",
            "项目名称",
            "根据自评表的结果，本项目绩效良好，建议继续安排预算并加强管理",
        ] {
            assert_eq!(title(not), None, "{not}");
        }
    }

    #[test]
    fn years_anywhere() {
        assert_eq!(strip_year("(2023年度)").1, Some(2023));
        assert_eq!(strip_year("2019年度)").1, Some(2019));
        assert_eq!(
            strip_year("部门预算项目支出绩效自评表(2023年度)"),
            ("部门预算项目支出绩效自评表".to_string(), Some(2023))
        );
        assert_eq!(strip_year("项目名称").1, None);
    }

    #[test]
    fn points_in_labels() {
        assert_eq!(
            points("产出指标(60分)"),
            ("产出指标", Some(Decimal::from(60)))
        );
        assert_eq!(
            points("预算执行情况(万元)(20分)"),
            ("预算执行情况(万元)", Some(Decimal::from(20)))
        );
        assert_eq!(points("产出指标"), ("产出指标", None));
        assert_eq!(
            points("效益指标(30)"),
            ("效益指标", Some(Decimal::from(30)))
        );
        // Only an indicator category's bare number is its points.
        assert_eq!(points("预算执行情况(2020)"), ("预算执行情况(2020)", None));
        assert_eq!(
            points("服务外包在岸(万美元)"),
            ("服务外包在岸(万美元)", None)
        );
        assert_eq!(points("得分(20分*执行率)"), ("得分(20分*执行率)", None));
    }

    #[test]
    fn head_labels_and_inline_values() {
        assert_eq!(head("项目名称"), Some((Head::Project, None)));
        assert_eq!(head("专项资金名称："), Some((Head::Project, None)));
        assert_eq!(head("县级主管部门"), Some((Head::Department, None)));
        assert_eq!(head("主管单位"), Some((Head::Department, None)));
        assert_eq!(head("实施单位(盖章)"), Some((Head::Unit, None)));
        assert_eq!(head("项目实施单位"), Some((Head::Unit, None)));
        assert_eq!(
            head("主管部门：区 商务局"),
            Some((Head::Department, Some("区 商务局".to_string())))
        );
        assert_eq!(head("项目名称很长的一句话"), None);
    }

    #[test]
    fn funds_labels() {
        use FundsKind::*;
        for (cell, kind) in [
            ("年度资金总额", Total),
            ("年度资金总额:", Total),
            ("总额", Total),
            ("年度财政资金总额", Total),
            ("其中：当年财政拨款", Appropriation),
            ("其中:本年财政拨款", Appropriation),
            ("其中:财政资金", Appropriation),
            ("中央、省、市补助县级资金", Appropriation),
            ("上年结转资金", CarriedOver),
            ("上年结转结余资金", CarriedOver),
            ("上年结余结转资金", CarriedOver),
            ("其中:上年结余资金", CarriedOver),
            ("年度资金总额(元)", Total),
            ("年度资金总额（万元）", Total),
            ("其中：财政拨款资金", Appropriation),
            ("其他资金", Other),
            ("其他来源资金", Other),
            ("其中：其他资金来源", Other),
        ] {
            assert_eq!(funds_row(cell), Some(kind), "{cell}");
        }
        assert_eq!(funds_row("其他需要说明的资金使用情况"), None);
        assert!(extra_funds_row("财政专户管理资金"));
        assert!(extra_funds_row("单位资金"));
        assert_eq!(funds_row("单位资金"), None);
        assert_eq!(funds_block("项目资金（万元）"), Some((Some("万元"), None)));
        assert_eq!(
            funds_block("预算执行情况(万元)(20分)"),
            Some((Some("万元"), Some(Decimal::from(20))))
        );
        assert_eq!(funds_block("资金情况(万元)"), Some((Some("万元"), None)));
        assert_eq!(
            funds_block("预算执行情况(10分)"),
            Some((None, Some(Decimal::from(10))))
        );
    }

    #[test]
    fn columns_of_every_family() {
        use FundsColumn as F;
        for (cell, col) in [
            ("年初预算数", F::InitialBudget),
            ("年初预算", F::InitialBudget),
            ("全年预算数", F::AnnualBudget),
            ("调整后预算数", F::AnnualBudget),
            ("预算数(A)", F::AnnualBudget),
            ("全年执行数", F::Executed),
            ("预算执行数", F::Executed),
            ("执行数(B)", F::Executed),
            ("实际执行数", F::Executed),
            ("全年实际执行数", F::Executed),
            ("执行率", F::Rate),
            ("预算执行率", F::Rate),
            ("执行率(B/A)", F::Rate),
            ("分值", F::Weight),
            ("权重", F::Weight),
            ("得分(20分*执行率)", F::Score),
            ("自评得分", F::Score),
            ("原因", F::Reason),
        ] {
            assert_eq!(funds_column(cell), Some(col), "{cell}");
        }
        use IndicatorColumn as I;
        for (cell, col) in [
            ("年度指标值", I::Target),
            ("年度\n指标值", I::Target),
            ("年初目标值(A)", I::Target),
            ("指标值", I::Target),
            ("指标性质", I::Nature),
            ("度量单位", I::Unit),
            ("实际完成值", I::Actual),
            ("实际完成值(B)", I::Actual),
            ("全年实际值", I::Actual),
            ("全年完成值", I::Actual),
            ("全年实际完成值", I::Actual),
            ("完成值", I::Actual),
            ("权重", I::Weight),
            ("得分", I::Score),
            ("自评得分", I::Score),
            ("实际得分", I::Score),
            ("偏差原因分析及改进措施", I::Reason),
            ("未完成原因分析", I::Reason),
        ] {
            assert_eq!(indicator_column(cell), Some(col), "{cell}");
        }
    }

    #[test]
    fn rows_and_blocks() {
        assert!(is_total("总分") && is_total("合计") && is_total("总 分"));
        assert!(!is_total("总分值"));
        assert_eq!(grade("评分等级：优"), Some(Some("优".to_string())));
        assert_eq!(grade("评分等级"), Some(None));
        assert!(is_goals_block("年度总体目标"));
        assert!(is_goals_block("年度总体绩效目标"));
        assert!(!is_goals_block("年度绩效目标(80分)"));
        assert_eq!(text_block("评价结论"), Some(("评价结论".to_string(), None)));
        assert_eq!(
            text_block("单位名称:区商务局"),
            Some(("单位名称".to_string(), Some("区商务局".to_string())))
        );
        assert_eq!(text_block("项目名称"), None);
    }
}
