//! The standard model of one self-evaluation form (财政项目支出绩效自评表).
//!
//! Every reader produces a [`Report`]; every check and writer consumes one. The field names are
//! the JSON contract of `selfeval json` (see DOMAIN.md): fields may be added, never renamed.
//! Amounts, rates, weights and scores are `Decimal` (serialized as strings) so that no value a
//! clerk reads is ever rounded by binary floating point.

pub mod quantity;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The fixed title every form carries.
pub const TITLE: &str = "财政项目支出绩效自评表";

/// The column headers of the indicator table, as the official form prints them.
pub const INDICATOR_COLUMNS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];

/// Where a form came from: the file, and the line (text) or sheet (workbook) where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Source {
    pub file: String,
    pub line: Option<usize>,
    pub sheet: Option<String>,
}

/// One form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub source: Source,
    pub title: String,
    pub year: Option<i32>,
    pub project: String,
    pub department: String,
    pub implementing_unit: String,
    /// `"万元"` or `"元"`: the unit of every amount in `funds`.
    pub money_unit: String,
    pub funds: Funds,
    pub goals: Goals,
    pub indicators: Vec<Indicator>,
    pub total: Total,
    /// 优 / 良 / 中 / 差 as printed on the form; `None` when the form has no 评分等级 line.
    pub grade: Option<String>,
    /// Input text inside the form that no field took. Never dropped silently.
    pub unplaced: Vec<Unplaced>,
    /// Funds rows with no field of their own (财政专户管理资金, 单位资金), as labelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_funds: Vec<LabelledFunds>,
    /// The form's labelled text blocks (评价结论, 存在问题, 改进措施, 项目负责人 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<LabelledText>,
    /// The copy stops before the form's total (a partial public copy): what is there was read,
    /// and `total` and `grade` are missing for that reason, not because the form has none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    /// Points the form prints in its labels (`预算执行情况(20分)`, `产出指标(60分)`), the
    /// form's own scoring scheme where it has no 分值 column to say it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<LabelledPoints>,
}

/// Points printed in a label: `产出指标(60分)` is `产出指标`, 60.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LabelledPoints {
    /// The label without its points, canonical for level-1 labels (`产出指标`); the funds
    /// block's label as printed (`预算执行情况`); the indicator block's (`年度绩效目标`).
    pub label: String,
    pub points: Decimal,
}

/// A funds row the standard four do not name, with its label as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct LabelledFunds {
    pub label: String,
    #[serde(flatten)]
    pub row: FundsRow,
}

/// A block of free text on the form with its label as printed; `text` is `None` when the
/// form leaves it blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct LabelledText {
    pub label: String,
    pub text: Option<String>,
}

/// The 项目资金 block: four rows of the same shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Funds {
    /// 年度资金总额
    pub total: FundsRow,
    /// 其中：当年财政拨款
    pub appropriation: FundsRow,
    /// 上年结转资金
    pub carried_over: FundsRow,
    /// 其他资金
    pub other: FundsRow,
}

/// One row of the 项目资金 block. A blank or `-` cell is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct FundsRow {
    pub initial_budget: Option<Decimal>,
    pub annual_budget: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub weight: Option<Decimal>,
    pub execution_rate: Option<Decimal>,
    pub score: Option<Decimal>,
}

/// 年度总体目标: the two free-text columns; `None` when the form has no such text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Goals {
    /// 预期目标 (also 预算目标, 年度目标, 项目年度目标)
    pub expected: Option<String>,
    /// 实际完成情况 (also 年度目标完成情况)
    pub actual: Option<String>,
}

/// One row of the indicator table (三级指标).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Indicator {
    /// Canonical 一级指标 name (see [`crate::framework`]).
    pub level1: String,
    /// Canonical 二级指标 name.
    pub level2: String,
    /// 三级指标: the indicator itself.
    pub name: String,
    /// 年度指标值 as written.
    pub target: Option<String>,
    /// 实际完成值 as written.
    pub actual: Option<String>,
    pub weight: Option<Decimal>,
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施; `None` when blank.
    pub deviation: Option<String>,
}

/// 总分: points available and the form's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
pub struct Total {
    pub weight: Option<Decimal>,
    pub score: Option<Decimal>,
}

/// Input text the reader could not place, with where it was (`line 123` or `Sheet1!C12`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Unplaced {
    pub at: String,
    pub text: String,
}

/// The four grades of the national rules, best first.
pub const GRADES: [&str; 4] = ["优", "良", "中", "差"];

/// The grade a total score earns: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
pub fn grade_for(score: Decimal) -> &'static str {
    if score >= Decimal::from(90) {
        "优"
    } else if score >= Decimal::from(80) {
        "良"
    } else if score >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

/// Σ of decimals that saturates instead of panicking on absurd (28-digit) input.
pub fn sum(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, Decimal::saturating_add)
}

impl Indicator {
    /// Points lost (`weight - score`), when both are known and the result is positive.
    pub fn points_lost(&self) -> Option<Decimal> {
        match (self.weight, self.score) {
            (Some(w), Some(s)) if s < w => Some(w.saturating_sub(s)),
            _ => None,
        }
    }

    /// Whether this indicator lost points.
    pub fn lost_points(&self) -> bool {
        self.points_lost().is_some()
    }
}

impl FundsRow {
    /// `executed / annual_budget × 100`, unrounded; `None` when the budget is missing or zero.
    pub fn recomputed_rate(&self) -> Option<Decimal> {
        let budget = self.annual_budget?;
        let executed = self.executed?;
        if budget.is_zero() {
            return None;
        }
        executed
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(budget)
    }
}

impl Report {
    /// The indicators that lost points, in form order.
    pub fn lost_indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| i.lost_points())
    }

    /// Σ points lost over the indicators plus the funds row.
    pub fn points_lost(&self) -> Decimal {
        let indicators = sum(self.indicators.iter().filter_map(|i| i.points_lost()));
        let funds = match (self.funds.total.weight, self.funds.total.score) {
            (Some(w), Some(s)) if s < w => w.saturating_sub(s),
            _ => Decimal::ZERO,
        };
        indicators.saturating_add(funds)
    }

    /// Σ indicator weights.
    pub fn indicator_weight_sum(&self) -> Decimal {
        sum(self.indicators.iter().filter_map(|i| i.weight))
    }

    /// Σ indicator scores.
    pub fn indicator_score_sum(&self) -> Decimal {
        sum(self.indicators.iter().filter_map(|i| i.score))
    }

    /// The grade the total score earns, whatever the form printed.
    pub fn computed_grade(&self) -> Option<&'static str> {
        self.total.score.map(grade_for)
    }

    /// A short label for messages: the project name, or the source when the name is blank.
    pub fn label(&self) -> String {
        if self.project.is_empty() {
            self.source.to_string()
        } else {
            self.project.clone()
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.sheet, self.line) {
            (Some(sheet), _) => write!(f, "{} [{}]", self.file, sheet),
            (None, Some(line)) => write!(f, "{}:{}", self.file, line),
            (None, None) => write!(f, "{}", self.file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn grade_boundaries() {
        assert_eq!(grade_for(d("90")), "优");
        assert_eq!(grade_for(d("89.99")), "良");
        assert_eq!(grade_for(d("80")), "良");
        assert_eq!(grade_for(d("79.99")), "中");
        assert_eq!(grade_for(d("60")), "中");
        assert_eq!(grade_for(d("59.99")), "差");
    }

    #[test]
    fn points_lost_only_when_score_below_weight() {
        let mut i = Indicator {
            weight: Some(d("10.00")),
            score: Some(d("9.00")),
            ..Default::default()
        };
        assert_eq!(i.points_lost(), Some(d("1.00")));
        i.score = Some(d("10.00"));
        assert_eq!(i.points_lost(), None);
        i.score = None;
        assert_eq!(i.points_lost(), None);
    }

    #[test]
    fn recomputed_rate_is_exact() {
        let row = FundsRow {
            annual_budget: Some(d("9.00")),
            executed: Some(d("7.00")),
            ..Default::default()
        };
        let rate = row.recomputed_rate().unwrap();
        assert_eq!(rate.round_dp(2), d("77.78"));
        let zero = FundsRow {
            annual_budget: Some(d("0")),
            executed: Some(d("0")),
            ..Default::default()
        };
        assert_eq!(zero.recomputed_rate(), None);
    }

    #[test]
    fn decimals_serialize_as_plain_strings() {
        let row = FundsRow {
            initial_budget: Some(d("0.90")),
            ..Default::default()
        };
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["initial_budget"], "0.90");
        assert!(json["weight"].is_null());
    }
}
