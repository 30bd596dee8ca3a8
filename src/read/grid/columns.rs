//! The header rows of a form's two tables, the funds block and the indicator table: which
//! column holds which field, found by the header labels in [`vocabulary`], never by position.
//! A column the form lacks is `None`, and nothing after it shifts.

use super::Row;
use crate::framework;
use crate::read::vocabulary::{self, FundsColumn, IndicatorColumn};

/// The trimmed text of a cell; `""` past the end of the row.
pub fn text(row: &Row, col: usize) -> &str {
    row.cells.get(col).map_or("", |c| c.trim())
}

/// Whether a cell is an indicator label, with or without the points it prints
/// (`产出指标(60分)`, `效益指标(30)`).
pub fn is_label(t: &str) -> bool {
    framework::classify(t).is_some()
        || ((t.contains('(') || t.contains('（')) && {
            let normalized = vocabulary::normalize(t);
            let (label, points) = vocabulary::points(&normalized);
            points.is_some() && framework::classify(label).is_some()
        })
}

/// Columns of the funds block's header.
#[derive(Debug, Clone, Copy, Default)]
pub struct FundsCols {
    pub initial_budget: Option<usize>,
    pub annual_budget: Option<usize>,
    pub executed: Option<usize>,
    pub weight: Option<usize>,
    pub rate: Option<usize>,
    pub score: Option<usize>,
    pub reason: Option<usize>,
}

impl FundsCols {
    /// The header, when the row names at least two of the three amounts; with the columns of
    /// the cells it took.
    pub fn find(cells: &[(usize, &str)]) -> Option<(FundsCols, Vec<usize>)> {
        // Every row is asked. The amounts' words hold `预` or `执`: a row without either is
        // no header, said without squeezing and searching each cell.
        if !cells.iter().any(|(_, t)| t.contains(['预', '执'])) {
            return None;
        }
        let mut cols = FundsCols::default();
        let mut used = Vec::new();
        for &(c, t) in cells {
            let Some(column) = vocabulary::funds_column(t) else {
                continue;
            };
            let slot = match column {
                FundsColumn::InitialBudget => &mut cols.initial_budget,
                FundsColumn::AnnualBudget => &mut cols.annual_budget,
                FundsColumn::Executed => &mut cols.executed,
                FundsColumn::Weight => &mut cols.weight,
                FundsColumn::Rate => &mut cols.rate,
                FundsColumn::Score => &mut cols.score,
                FundsColumn::Reason => &mut cols.reason,
            };
            if slot.is_none() {
                *slot = Some(c);
                used.push(c);
            }
        }
        let amounts = [cols.initial_budget, cols.annual_budget, cols.executed]
            .iter()
            .filter(|c| c.is_some())
            .count();
        (amounts >= 2).then_some((cols, used))
    }

    /// The six number columns in model order: 年初预算数 全年预算数 全年执行数 分值 执行率 得分.
    pub fn numbers(&self) -> [Option<usize>; 6] {
        [
            self.initial_budget,
            self.annual_budget,
            self.executed,
            self.weight,
            self.rate,
            self.score,
        ]
    }

    /// The leftmost column the header names.
    pub fn first(&self) -> Option<usize> {
        self.numbers()
            .into_iter()
            .chain([self.reason])
            .flatten()
            .min()
    }

    /// Every column moved right by `shift` (a row whose label sits a column off).
    pub fn shifted(&self, shift: usize) -> FundsCols {
        let s = |c: Option<usize>| c.map(|c| c + shift);
        FundsCols {
            initial_budget: s(self.initial_budget),
            annual_budget: s(self.annual_budget),
            executed: s(self.executed),
            weight: s(self.weight),
            rate: s(self.rate),
            score: s(self.score),
            reason: s(self.reason),
        }
    }
}

/// Columns of the indicator table's header.
#[derive(Debug, Clone, Copy)]
pub struct IndCols {
    pub level1: Option<usize>,
    pub level2: Option<usize>,
    pub name: usize,
    /// 指标性质, 指标值 and 度量单位: a target written over up to three columns.
    pub nature: Option<usize>,
    pub target: Option<usize>,
    pub unit: Option<usize>,
    pub actual: Option<usize>,
    pub weight: Option<usize>,
    pub score: Option<usize>,
    pub reason: Option<usize>,
    /// The last column the header names; text right of it means a row does not line up.
    pub last: usize,
}

impl IndCols {
    /// The header, when the row names 三级指标 and at least one value column.
    pub fn find(cells: &[(usize, &str)]) -> Option<IndCols> {
        // Every row is asked, and there is no header without a cell starting `三级指标`.
        if !cells.iter().any(|(_, t)| t.trim_start().starts_with('三')) {
            return None;
        }
        let mut cols = IndCols {
            level1: None,
            level2: None,
            name: usize::MAX,
            nature: None,
            target: None,
            unit: None,
            actual: None,
            weight: None,
            score: None,
            reason: None,
            last: 0,
        };
        let mut name = None;
        for &(c, t) in cells {
            let Some(column) = vocabulary::indicator_column(t) else {
                continue;
            };
            let slot = match column {
                IndicatorColumn::Level1 => &mut cols.level1,
                IndicatorColumn::Level2 => &mut cols.level2,
                IndicatorColumn::Name => &mut name,
                IndicatorColumn::Nature => &mut cols.nature,
                IndicatorColumn::Target => &mut cols.target,
                IndicatorColumn::Unit => &mut cols.unit,
                IndicatorColumn::Actual => &mut cols.actual,
                IndicatorColumn::Weight => &mut cols.weight,
                IndicatorColumn::Score => &mut cols.score,
                IndicatorColumn::Reason => &mut cols.reason,
            };
            slot.get_or_insert(c);
        }
        cols.name = name?;
        if cols.values().is_empty() {
            return None;
        }
        cols.last = cols.all().into_iter().max().unwrap_or(cols.name);
        Some(cols)
    }

    /// The value columns: target parts, actual, weight, score.
    fn values(&self) -> Vec<usize> {
        [
            self.nature,
            self.target,
            self.unit,
            self.actual,
            self.weight,
            self.score,
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Every column the header names.
    fn all(&self) -> Vec<usize> {
        let mut all = self.used();
        all.extend([self.level1, self.level2].into_iter().flatten());
        all
    }

    /// Whether the form scores its indicators (a 分值 or 得分 column): a form without is a
    /// target self-evaluation, which has no total to wait for.
    pub fn scored(&self) -> bool {
        self.weight.is_some() || self.score.is_some()
    }

    /// Whether a row's cells sit under this header: the name under 三级指标, only labels to
    /// its left, something under a value column, nothing past the header. A row shifted left
    /// puts its name left of 三级指标, one shifted right puts a label or nothing under it.
    pub fn lines_up(&self, row: &Row) -> bool {
        let name = text(row, self.name);
        !name.is_empty()
            && framework::classify(name).is_none()
            && self.values().iter().any(|&c| !text(row, c).is_empty())
            && self.weight.is_none_or(|w| !text(row, w).is_empty())
            && (0..self.name).all(|c| {
                let t = text(row, c);
                t.is_empty() || is_label(t)
            })
            && row
                .cells
                .iter()
                .skip(self.last + 1)
                .all(|t| t.trim().is_empty())
    }

    /// The columns an indicator's fields come from.
    pub fn used(&self) -> Vec<usize> {
        let mut used = vec![self.name];
        used.extend(self.values());
        used.extend(self.reason);
        used
    }

    /// The target as written, its parts joined with no space (`=`, `100`, `%` → `=100%`).
    pub fn target(&self, row: &Row) -> String {
        [self.nature, self.target, self.unit]
            .into_iter()
            .flatten()
            .map(|c| text(row, c))
            .collect()
    }
}
