//! The form's own scoring scheme, as far as it prints one.

use super::*;

/// The form's own scoring scheme, as far as it prints one. Shanghai's forms print a 分值 in
/// every row, a 10-point funds row, a 总分 of 100 and a 评分等级; other regions print points
/// only in labels (`预算执行情况(20分)`, `产出指标(60分)`), only 得分 with no 分值 column, or
/// no scoring at all (a target self-evaluation). The rules judge a form by what it prints.
pub(super) struct Scheme<'a> {
    /// The funds row's weight: its 分值 cell, or else the points in the funds block's label.
    pub(super) funds_weight: Option<FundsWeight<'a>>,
    /// Some indicator has a 分值: the form has the column.
    pub(super) has_weights: bool,
    /// Some indicator has a 得分: the form has the column.
    pub(super) has_scores: bool,
    /// Level-1 labels with printed points, canonical, in form order, each once.
    pub(super) level1: Vec<(&'static str, Decimal)>,
    /// The indicator block's label with its points (`年度绩效目标` 80, `绩效指标` 90).
    pub(super) block: Option<(&'a str, Decimal)>,
}

/// The funds row's weight and where it was read.
#[derive(Debug, Clone, Copy)]
pub(super) struct FundsWeight<'a> {
    pub(super) value: Decimal,
    /// The label the weight was read from, when the row has no 分值 cell.
    pub(super) label: Option<&'a str>,
}

impl FundsWeight<'_> {
    /// The weight as a message shows it: `10.00` as printed, or `20（表上无分值栏，取自标签
    /// 「预算执行情况」）`.
    pub(super) fn show(&self) -> String {
        match self.label {
            None => self.value.to_string(),
            Some(label) => format!("{}（{}）", self.value, from_label(label)),
        }
    }
}

pub(super) fn from_label(label: &str) -> String {
    format!("表上无分值栏，取自标签「{label}」")
}

/// Whether a label with points heads the funds block (`预算执行情况`, `项目资金`, `资金情况`).
pub(super) fn is_funds_label(label: &str) -> bool {
    label.contains("预算执行") || label.contains("资金")
}

impl<'a> Scheme<'a> {
    pub(super) fn of(r: &'a Report) -> Scheme<'a> {
        let funds_weight = match r.funds.total.weight {
            Some(value) => Some(FundsWeight { value, label: None }),
            None => r
                .points
                .iter()
                .find(|p| is_funds_label(&p.label))
                .map(|p| FundsWeight {
                    value: p.points,
                    label: Some(p.label.as_str()),
                }),
        };
        let mut level1: Vec<(&'static str, Decimal)> = Vec::new();
        let mut block = None;
        for p in r.points.iter().filter(|p| !is_funds_label(&p.label)) {
            if let Some(l1) = framework::level1(&p.label) {
                if !level1.iter().any(|(l, _)| *l == l1) {
                    level1.push((l1, p.points));
                }
            } else if block.is_none()
                && framework::level2(&p.label).is_none()
                && (p.label.contains("指标") || p.label.contains("目标"))
            {
                block = Some((p.label.as_str(), p.points));
            }
        }
        Scheme {
            funds_weight,
            has_weights: r.indicators.iter().any(|i| i.weight.is_some()),
            has_scores: r.indicators.iter().any(|i| i.score.is_some()),
            level1,
            block,
        }
    }

    /// A form with no scoring at all: no indicator has a 分值 or a 得分, and there is no 总分.
    pub(super) fn unscored(&self, r: &Report) -> bool {
        !self.has_weights && !self.has_scores && r.total.score.is_none()
    }

    /// The points of the indicator side as the form states them, with how a message names
    /// them: Σ 分值 where the form has the column, else Σ of the level-1 labels' points, else
    /// the indicator block's label's points.
    pub(super) fn indicator_points(&self, r: &Report) -> Option<(Decimal, String)> {
        if self.has_weights {
            let w = sum(r.indicators.iter().filter_map(|i| i.weight))?;
            Some((w, format!("指标分值合计 {w}")))
        } else if !self.level1.is_empty() {
            let w = sum(self.level1.iter().map(|(_, p)| *p))?;
            let terms: Vec<String> = self
                .level1
                .iter()
                .map(|(l, p)| format!("{l} {p}"))
                .collect();
            Some((
                w,
                format!(
                    "指标分值合计 {w}（表上无分值栏，取自一级指标标签：{}）",
                    terms.join(" + ")
                ),
            ))
        } else {
            let (label, w) = self.block?;
            Some((w, format!("指标分值合计 {w}（{}）", from_label(label))))
        }
    }

    /// Where the indicator block's label prints other points than its indicators add up to
    /// (`年度绩效目标(80分)` over `产出指标(60分)` + `效益指标(40分)`), the indicators are
    /// scored out of their own points and converted to the block's: `(label, block, own)`.
    pub(super) fn scaling(&self, r: &Report) -> Option<(&'a str, Decimal, Decimal)> {
        let (label, block) = self.block?;
        let (own, _) = self.indicator_points(r)?;
        (own > Decimal::ZERO && own != block).then_some((label, block, own))
    }
}
