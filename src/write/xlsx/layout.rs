//! The paper form as placed cells: rows and merges as on the official form, before sizing.

use super::measure::Measured;
use super::style::Style;
use super::value::Value;
use crate::model::{FundsRow, INDICATOR_COLUMNS, Report, TITLE};

/// A cell of the form layout, in logical rows and columns 0..8 (A..H), inclusive ranges.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) r0: usize,
    pub(super) c0: usize,
    pub(super) r1: usize,
    pub(super) c1: usize,
    pub(super) value: Value,
    pub(super) style: Style,
}

/// The paper form as placed cells, before sizing.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) cells: Vec<Placed>,
    pub(super) rows: usize,
    /// Rows that may not start a printed page: they belong with the row above (the year with
    /// the title, the first indicator with the table header, 总分 and 评分等级 with the table).
    pub(super) keep_with_previous: Vec<usize>,
}

impl Layout {
    pub(super) fn add(
        &mut self,
        (r0, c0, r1, c1): (usize, usize, usize, usize),
        value: Value,
        style: Style,
    ) {
        self.rows = self.rows.max(r1 + 1);
        self.cells.push(Placed {
            r0,
            c0,
            r1,
            c1,
            value,
            style,
        });
    }

    pub(super) fn one(&mut self, r: usize, c: usize, value: Value, style: Style) {
        self.add((r, c, r, c), value, style);
    }

    /// Each cell's text measured for wrapping, in the order of `cells`.
    pub(super) fn measure(&self) -> Vec<Measured> {
        self.cells
            .iter()
            .map(|p| Measured::new(&p.value.shown()))
            .collect()
    }
}

/// Columns of the form.
pub(super) const COLS: usize = 8;

/// The form in the official layout: rows and merges as on the paper form.
pub(super) fn form_layout(r: &Report) -> Layout {
    let mut l = Layout::default();
    let title = if r.title.trim().is_empty() {
        TITLE
    } else {
        r.title.as_str()
    };
    l.add((0, 0, 0, 7), Value::text(title), Style::Title);
    let year = r.year.map(|y| y.to_string()).unwrap_or_default();
    l.add(
        (1, 0, 1, 7),
        Value::text(format!("（{year}年度）")),
        Style::Year,
    );

    l.one(2, 0, Value::text("项目名称"), Style::Label);
    l.add((2, 1, 2, 7), Value::text(&r.project), Style::Center);

    l.one(3, 0, Value::text("主管部门"), Style::Label);
    l.add((3, 1, 3, 3), Value::text(&r.department), Style::Center);
    l.one(3, 4, Value::text("实施单位"), Style::Label);
    l.add(
        (3, 5, 3, 7),
        Value::text(&r.implementing_unit),
        Style::Center,
    );

    // The unit on a line of its own, as staff type it (Alt+Enter), so it never wraps
    // mid-word in a narrow column.
    let funds_label = match r.money_unit.trim() {
        "" => "项目资金".to_string(),
        unit => format!("项目资金\n（{unit}）"),
    };
    l.add((4, 0, 8, 0), Value::text(funds_label), Style::Label);
    l.one(4, 1, Value::text(""), Style::Label);
    for (c, h) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率(%)",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        l.one(4, c + 2, Value::text(*h), Style::Label);
    }
    let funds: [(&str, &FundsRow); 4] = [
        ("年度资金总额", &r.funds.total),
        ("其中：当年财政拨款", &r.funds.appropriation),
        ("上年结转资金", &r.funds.carried_over),
        ("其他资金", &r.funds.other),
    ];
    for (k, (label, row)) in funds.iter().enumerate() {
        let rr = 5 + k;
        l.one(rr, 1, Value::text(*label), Style::Label);
        let values = [
            Value::amount(row.initial_budget),
            Value::amount(row.annual_budget),
            Value::amount(row.executed),
            Value::number(row.weight),
            Value::number(row.execution_rate),
            Value::number(row.score),
        ];
        for (c, v) in values.into_iter().enumerate() {
            l.one(rr, c + 2, v, Style::Center);
        }
    }

    l.add((9, 0, 10, 0), Value::text("年度总体目标"), Style::Label);
    l.add((9, 1, 9, 3), Value::text("预期目标"), Style::Label);
    l.add((9, 4, 9, 7), Value::text("实际完成情况"), Style::Label);
    l.add(
        (10, 1, 10, 3),
        Value::text(r.goals.expected.as_deref().unwrap_or_default()),
        Style::Left,
    );
    l.add(
        (10, 4, 10, 7),
        Value::text(r.goals.actual.as_deref().unwrap_or_default()),
        Style::Left,
    );

    for (c, h) in INDICATOR_COLUMNS.iter().enumerate() {
        l.one(11, c, Value::text(*h), Style::Label);
    }
    let first = 12;
    let inds = &r.indicators;
    l.keep_with_previous.extend([1, 2, first]);
    for (start, end) in runs(inds, |a, b| a.level1 == b.level1) {
        l.add(
            (first + start, 0, first + end, 0),
            Value::text(&inds[start].level1),
            Style::Label,
        );
    }
    for (start, end) in runs(inds, |a, b| a.level1 == b.level1 && a.level2 == b.level2) {
        l.add(
            (first + start, 1, first + end, 1),
            Value::text(&inds[start].level2),
            Style::Label,
        );
    }
    for (k, ind) in inds.iter().enumerate() {
        let rr = first + k;
        l.one(rr, 2, Value::text(&ind.name), Style::Center);
        l.one(rr, 3, Value::optional(&ind.target), Style::Center);
        l.one(rr, 4, Value::optional(&ind.actual), Style::Center);
        l.one(rr, 5, Value::number(ind.weight), Style::Center);
        l.one(rr, 6, Value::number(ind.score), Style::Center);
        l.one(rr, 7, Value::optional(&ind.deviation), Style::Left);
    }

    let total = first + inds.len();
    l.keep_with_previous.extend([total, total + 1]);
    l.add((total, 0, total, 4), Value::text("总分"), Style::Label);
    l.one(total, 5, Value::number(r.total.weight), Style::Center);
    l.one(total, 6, Value::number(r.total.score), Style::Center);
    l.one(total, 7, Value::text(""), Style::Center);
    if let Some(grade) = &r.grade {
        l.add(
            (total + 1, 0, total + 1, 4),
            Value::text("评分等级"),
            Style::Label,
        );
        l.add(
            (total + 1, 5, total + 1, 7),
            Value::text(grade),
            Style::Center,
        );
    }
    l
}

/// Runs of consecutive items that `same` joins, as inclusive index ranges.
pub(super) fn runs<T>(items: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some((start, end)) if items.get(*start).is_some_and(|s| same(s, item)) => *end = i,
            _ => out.push((i, i)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_consecutive_equal_items() {
        let v = [1, 1, 2, 1, 1, 1];
        assert_eq!(runs(&v, |a, b| a == b), vec![(0, 1), (2, 2), (3, 5)]);
        assert!(runs::<i32>(&[], |a, b| a == b).is_empty());
    }
}
