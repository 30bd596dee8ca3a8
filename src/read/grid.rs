//! The grid reader: a form as rows of cells, from tab-separated text or a spreadsheet sheet.
//!
//! Both feed the same code, so a form copied out of Excel and the same form in a workbook read
//! the same way. Cells are located by their labels, never by fixed positions.

use super::text::{squeeze, squeezed_eq, squeezed_in};
use super::values::{is_oversized_number, may_hold_oversized, oversized_message};
use super::{Forms, ReadError, is_blank, is_number, parse_decimal, parse_year};
use crate::framework::{self, Label};
use crate::model::{Funds, FundsRow, Goals, Indicator, Report, Source, TITLE, Total, Unplaced};
use rust_decimal::Decimal;

/// Where a row came from, so unplaced text and errors can name the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// 1-based line of a text file.
    Line(usize),
    /// Sheet name and 0-based row index of a workbook.
    Sheet(String, u32),
}

/// One row of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub place: Place,
    pub cells: Vec<String>,
}

impl Row {
    /// The place of one cell: `line 12` in text, `Sheet1!C12` in a workbook.
    pub fn at(&self, col: usize) -> String {
        match &self.place {
            Place::Line(n) => format!("line {n}"),
            Place::Sheet(sheet, row) => format!("{sheet}!{}{}", column_name(col), row + 1),
        }
    }
}

/// Excel's column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Reads every form in the rows. `file` names the input in `source` and errors.
///
/// A form starts at its title row (or at a 项目名称 row when the title is missing) and runs to
/// the next start. Each form is read on its own: one that is cut off is an error and the others
/// still read. Rows with no text at all yield no forms; text without any form is an error.
pub fn read_forms(file: &str, rows: &[Row]) -> Forms {
    let starts = form_starts(rows);
    let Some(&(first, _)) = starts.first() else {
        let at = rows
            .iter()
            .find_map(|r| filled(r).first().map(|&(c, _)| r.at(c)));
        return match at {
            None => Vec::new(),
            Some(at) => vec![Err(ReadError::new(
                file,
                Some(at),
                "未找到自评表：没有“财政项目支出绩效自评表”标题或“项目名称”行 \
                 (no form found: expected the title 财政项目支出绩效自评表 or a 项目名称 row)",
            ))],
        };
    };
    let mut forms = Vec::with_capacity(starts.len());
    for (i, &(start, col)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(rows.len(), |s| s.0);
        let Some(start_row) = rows.get(start) else {
            continue;
        };
        let body = rows.get(start..end).unwrap_or_default();
        if let Some((row, c, t)) = body.iter().find_map(|r| {
            r.cells
                .iter()
                .enumerate()
                .filter(|(_, t)| may_hold_oversized(t))
                .map(|(c, t)| (c, t.trim()))
                .find(|&(_, t)| is_oversized_number(t))
                .map(|(c, t)| (r, c, t))
        }) {
            forms.push(Err(ReadError::new(
                file,
                Some(row.at(c)),
                oversized_message(t),
            )));
            continue;
        }
        let mut form = Form::new(file, start_row, col);
        if i == 0 {
            // Text above the first form belongs to no field; keep it with the first form.
            for row in rows.get(..first).unwrap_or_default() {
                let cells = filled(row);
                form.leftover(row, &cells);
            }
        }
        for row in rows.get(start..end).unwrap_or_default() {
            form.row(row);
        }
        forms.push(form.finish());
    }
    forms
}

/// The trimmed text of a cell; `""` past the end of the row.
fn text(row: &Row, col: usize) -> &str {
    row.cells.get(col).map_or("", |c| c.trim())
}

/// The cells that hold text, with their column.
fn filled(row: &Row) -> Vec<(usize, &str)> {
    // Sized for every cell: asked of every row more than once, and grown cell by cell it was
    // reallocated on most.
    let mut out = Vec::with_capacity(row.cells.len());
    out.extend(
        row.cells
            .iter()
            .enumerate()
            .map(|(c, t)| (c, t.trim()))
            .filter(|(_, t)| !t.is_empty()),
    );
    out
}

/// Free text as written, `None` when empty.
fn opt_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn is_title(text: &str) -> bool {
    // Asked of every cell: most hold no `财` at all and need no squeezed copy searched.
    text.contains(TITLE_FIRST) && squeeze(text).contains(TITLE)
}

/// The first character of the title.
const TITLE_FIRST: char = '财';

/// Where forms start: `(row index, column of the title or 项目名称 cell)`.
fn form_starts(rows: &[Row]) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut has_project = false;
    for (i, row) in rows.iter().enumerate() {
        let cells = filled(row);
        if let Some(&(c, _)) = cells.iter().find(|(_, t)| is_title(t)) {
            starts.push((i, c));
            has_project = false;
        } else if let Some(&(c, _)) = cells
            .iter()
            .find(|(_, t)| matches!(head_key(t), Some((Key::Project, _))))
        {
            // A second 项目名称 in one form means a form without a title begins here.
            if starts.is_empty() || has_project {
                starts.push((i, c));
            }
            has_project = true;
        }
    }
    starts
}

/// The labelled fields of the form's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Project,
    Department,
    Unit,
}

/// A head label (`项目名称`, `主管部门：`, `实施单位`) and the value written in the same cell
/// after a colon, if any.
fn head_key(cell: &str) -> Option<(Key, Option<String>)> {
    // Asked of every cell of many rows: a cell that does not start as a label does not start
    // with the label's first character either, and needs no squeezed copy.
    if !cell.trim_start().starts_with(['项', '主', '实']) {
        return None;
    }
    let s = squeeze(cell);
    let key = [
        ("项目名称", Key::Project),
        ("主管部门", Key::Department),
        ("实施单位", Key::Unit),
    ]
    .into_iter()
    .find(|(label, _)| s.starts_with(label))?
    .1;
    let inline = cell.split_once([':', '：']).and_then(|(_, v)| opt_text(v));
    // `主管部门及代码` is still the label; any other long text starting with a label is not.
    if inline.is_none() && s.chars().count() > 8 {
        return None;
    }
    Some((key, inline))
}

/// The funds row a label names: 0 total, 1 appropriation, 2 carried over, 3 other.
fn funds_kind(cell: &str) -> Option<usize> {
    let s = squeeze(cell);
    let s = s.strip_prefix("其中").unwrap_or(&s);
    let s = s.trim_start_matches([':', '：']);
    match s {
        "年度资金总额" | "资金总额" => Some(0),
        "当年财政拨款" | "财政拨款" => Some(1),
        "上年结转资金" | "上年结转" => Some(2),
        "其他资金" => Some(3),
        _ => None,
    }
}

/// The unit of the funds block from a label like `项目资金（万元）` or `项目资金 (元)`.
fn money_label(cell: &str) -> Option<Option<&'static str>> {
    let s = squeeze(cell);
    if !s.starts_with("项目资金") {
        return None;
    }
    Some(unit_in(&s))
}

fn unit_in(s: &str) -> Option<&'static str> {
    if s.contains("万元") {
        Some("万元")
    } else if s.contains('元') {
        Some("元")
    } else {
        None
    }
}

/// Labels of the goals block as a whole (not of one of its columns).
fn is_goal_label(cell: &str) -> bool {
    squeezed_in(
        cell,
        &["年度总体目标", "总体目标", "年度目标", "年度绩效目标"],
    )
}

/// The grade label, with the grade written in the same cell after it, if any.
fn grade_label(cell: &str) -> Option<Option<String>> {
    let s = squeeze(cell);
    let rest = ["评分等级", "自评等级"]
        .into_iter()
        .find_map(|l| s.strip_prefix(l))?;
    Some(opt_text(rest.trim_start_matches([':', '：'])))
}

/// Rank of a label in a row's leading labels: outer, then level1, then level2.
fn rank(label: Label) -> u8 {
    match label {
        Label::Outer => 1,
        Label::Level1(_) => 2,
        Label::Level2(..) => 3,
    }
}

/// Columns of the 项目资金 header: 年初预算数 全年预算数 全年执行数 分值 执行率 得分.
#[derive(Debug, Clone, Copy, Default)]
struct FundsCols([Option<usize>; 6]);

impl FundsCols {
    /// The header, when the row names at least two of the three amounts.
    fn find(cells: &[(usize, &str)]) -> Option<(FundsCols, Vec<usize>)> {
        // Every row is asked. The amounts' words hold `预` or `执`: a row without either is
        // no header, said without squeezing and searching each cell.
        if !cells.iter().any(|(_, t)| t.contains(['预', '执'])) {
            return None;
        }
        let mut cols = [None; 6];
        let mut used = Vec::new();
        for &(c, t) in cells {
            let s = squeeze(t);
            let field = if s.contains("年初预算") {
                0
            } else if s.contains("全年预算") {
                1
            } else if s.contains("执行率") {
                4
            } else if s.contains("全年执行") || s.contains("执行数") {
                2
            } else if s.starts_with("分值") || s.starts_with("分数") {
                3
            } else if s.starts_with("得分") {
                5
            } else {
                continue;
            };
            if let Some(slot) = cols.get_mut(field)
                && slot.is_none()
            {
                *slot = Some(c);
                used.push(c);
            }
        }
        let amounts = cols.iter().take(3).filter(|c| c.is_some()).count();
        (amounts >= 2).then_some((FundsCols(cols), used))
    }

    fn first(&self) -> Option<usize> {
        self.0.iter().flatten().min().copied()
    }
}

/// Columns of the indicator header: 一级指标 … 偏差原因分析及改进措施.
#[derive(Debug, Clone, Copy)]
struct IndCols {
    name: usize,
    target: Option<usize>,
    actual: Option<usize>,
    weight: usize,
    score: usize,
    reason: Option<usize>,
    /// The last column the header names; text right of it means a row does not line up.
    last: usize,
}

impl IndCols {
    /// The header, when the row names 三级指标, 分值 and 得分.
    fn find(cells: &[(usize, &str)]) -> Option<IndCols> {
        // Every row is asked, and there is no header without a cell starting `三级指标`.
        if !cells.iter().any(|(_, t)| t.trim_start().starts_with('三')) {
            return None;
        }
        let (mut l1, mut l2, mut name, mut target, mut actual) = (None, None, None, None, None);
        let (mut weight, mut score, mut reason) = (None, None, None);
        for &(c, t) in cells {
            let s = squeeze(t);
            let slot = if s.starts_with("一级指标") {
                &mut l1
            } else if s.starts_with("二级指标") {
                &mut l2
            } else if s.starts_with("三级指标") {
                &mut name
            } else if s.contains("指标值") || s.contains("目标值") {
                &mut target
            } else if s.starts_with("实际完成") || s == "实际值" {
                &mut actual
            } else if s.starts_with("分值") || s.starts_with("分数") || s == "权重" {
                &mut weight
            } else if s.starts_with("得分") {
                &mut score
            } else if s.contains("偏差") || s.contains("改进措施") {
                &mut reason
            } else {
                continue;
            };
            slot.get_or_insert(c);
        }
        let (name, weight, score) = (name?, weight?, score?);
        let last = [
            l1,
            l2,
            Some(name),
            target,
            actual,
            Some(weight),
            Some(score),
            reason,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(score);
        Some(IndCols {
            name,
            target,
            actual,
            weight,
            score,
            reason,
            last,
        })
    }

    /// Whether a row's cells sit under this header: the name under 三级指标, only labels to
    /// its left, something under 分值, nothing past the header. A row shifted left puts its
    /// name left of 三级指标, one shifted right puts a label or nothing under it.
    fn lines_up(&self, row: &Row) -> bool {
        let name = text(row, self.name);
        !name.is_empty()
            && framework::classify(name).is_none()
            && !text(row, self.weight).is_empty()
            && (0..self.name).all(|c| {
                let t = text(row, c);
                t.is_empty() || framework::classify(t).is_some()
            })
            && row
                .cells
                .iter()
                .skip(self.last + 1)
                .all(|t| t.trim().is_empty())
    }

    fn used(&self) -> Vec<usize> {
        [
            Some(self.name),
            self.target,
            self.actual,
            Some(self.weight),
            Some(self.score),
            self.reason,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Where a form is in its top-to-bottom order; some rows mean different things by section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Head,
    Funds,
    Goals,
    Indicators,
    Tail,
}

/// One form being read, row by row.
struct Form<'a> {
    file: &'a str,
    /// Where the form starts, for the error when it is cut off.
    start_at: String,
    report: Report,
    section: Section,
    funds_cols: Option<FundsCols>,
    funds_seen: [bool; 4],
    /// Columns of 预期目标 and 实际完成情况, when the goals header was found.
    goal_cols: Option<(Option<usize>, Option<usize>)>,
    expected: Vec<String>,
    actual: Vec<String>,
    ind_cols: Option<IndCols>,
    level1: Option<&'static str>,
    level2: Option<&'static str>,
    /// Labels met on rows of their own (or on the header row), applied to the next indicator.
    pending: Vec<Label>,
    total_seen: bool,
}

impl<'a> Form<'a> {
    fn new(file: &'a str, start: &Row, col: usize) -> Self {
        let source = match &start.place {
            Place::Line(n) => Source {
                file: file.to_string(),
                line: Some(*n),
                sheet: None,
            },
            Place::Sheet(name, _) => Source {
                file: file.to_string(),
                line: None,
                sheet: Some(name.clone()),
            },
        };
        Form {
            file,
            start_at: start.at(col),
            report: Report {
                source,
                title: String::new(),
                year: None,
                project: String::new(),
                department: String::new(),
                implementing_unit: String::new(),
                money_unit: String::new(),
                funds: Funds::default(),
                goals: Goals::default(),
                indicators: Vec::new(),
                total: Total::default(),
                grade: None,
                unplaced: Vec::new(),
            },
            section: Section::Head,
            funds_cols: None,
            funds_seen: [false; 4],
            goal_cols: None,
            expected: Vec::new(),
            actual: Vec::new(),
            ind_cols: None,
            level1: None,
            level2: None,
            pending: Vec::new(),
            total_seen: false,
        }
    }

    fn unplace(&mut self, row: &Row, col: usize, text: &str) {
        self.report.unplaced.push(Unplaced {
            at: row.at(col),
            text: text.to_string(),
        });
    }

    /// Cells no row kind took: the 项目资金 label (it may land on any row of its merged
    /// cell) sets the money unit, a goals label is consumed, the rest is unplaced.
    fn leftover(&mut self, row: &Row, cells: &[(usize, &str)]) {
        for &(c, t) in cells {
            if let Some(unit) = money_label(t) {
                self.set_unit(unit);
            } else if is_goal_label(t) && self.section <= Section::Goals {
                continue;
            } else {
                self.unplace(row, c, t);
            }
        }
    }

    fn set_unit(&mut self, unit: Option<&'static str>) {
        if let Some(u) = unit
            && self.report.money_unit.is_empty()
        {
            self.report.money_unit = u.to_string();
        }
    }

    /// A decimal cell; text that is not a number goes to `unplaced`.
    fn decimal(&mut self, row: &Row, col: usize) -> Option<Decimal> {
        let t = text(row, col);
        match parse_decimal(t) {
            Ok(v) => v,
            Err(_) => {
                self.unplace(row, col, t);
                None
            }
        }
    }

    fn row(&mut self, row: &Row) {
        let cells = filled(row);
        if cells.is_empty() {
            return;
        }
        if self.section == Section::Tail {
            return self.tail_row(row, &cells);
        }
        if let Some(&(c, _)) = cells.iter().find(|(_, t)| squeezed_eq(t, "总分")) {
            self.section = Section::Tail;
            return self.total_row(row, &cells, c);
        }
        if let Some(cols) = IndCols::find(&cells) {
            self.section = Section::Indicators;
            return self.header_row(row, &cells, cols);
        }
        if self.section == Section::Indicators {
            return self.indicator_row(row, &cells);
        }
        if self.report.title.is_empty()
            && let Some(&(c, _)) = cells.iter().find(|(_, t)| is_title(t))
        {
            return self.title_row(row, &cells, c);
        }
        if let Some((cols, used)) = FundsCols::find(&cells) {
            self.section = Section::Funds;
            self.funds_cols = Some(cols);
            for &(c, t) in &cells {
                if !used.contains(&c) {
                    self.leftover(row, &[(c, t)]);
                }
                if self.report.money_unit.is_empty() {
                    self.set_unit(unit_in(&squeeze(t)));
                }
            }
            return;
        }
        if self.section <= Section::Funds
            && let Some(&(c, _)) = cells.iter().find(|(_, t)| funds_kind(t).is_some())
        {
            self.section = Section::Funds;
            return self.funds_row(row, &cells, c);
        }
        if self.goals_header(row, &cells) {
            self.section = Section::Goals;
            return;
        }
        if cells.iter().any(|(_, t)| head_key(t).is_some()) {
            return self.head_row(row, &cells);
        }
        if self.looks_like_indicator(&cells) {
            self.section = Section::Indicators;
            return self.indicator_row(row, &cells);
        }
        if self.section == Section::Goals || cells.iter().any(|(_, t)| is_goal_label(t)) {
            self.section = Section::Goals;
            return self.goal_text(&cells);
        }
        if self.section == Section::Head && self.report.year.is_none() {
            return self.year_row(row, &cells);
        }
        self.leftover(row, &cells);
    }

    /// A row that is part of the indicator table even without its header: it holds an
    /// indicator label, or (once past the funds, whose rows also end in numbers) a name
    /// followed by two numbers (weight, score).
    fn looks_like_indicator(&self, cells: &[(usize, &str)]) -> bool {
        cells.iter().any(|(_, t)| framework::classify(t).is_some())
            || (self.section >= Section::Goals && cells.len() >= 4 && weight_at(cells).is_some())
    }

    fn title_row(&mut self, row: &Row, cells: &[(usize, &str)], title_col: usize) {
        self.report.title = TITLE.to_string();
        for &(c, t) in cells {
            let rest = if c == title_col {
                squeeze(t).replacen(TITLE, "", 1)
            } else {
                t.to_string()
            };
            if rest.is_empty() {
                continue;
            }
            match parse_year(&rest) {
                Some(y) if self.report.year.is_none() => self.report.year = Some(y),
                _ => self.unplace(row, c, &rest),
            }
        }
    }

    fn year_row(&mut self, row: &Row, cells: &[(usize, &str)]) {
        for &(c, t) in cells {
            match parse_year(t) {
                Some(y) if self.report.year.is_none() => self.report.year = Some(y),
                _ => self.leftover(row, &[(c, t)]),
            }
        }
    }

    /// 项目名称 / 主管部门 / 实施单位, each followed by its value in the same cell after a
    /// colon or in the next cell with text.
    fn head_row(&mut self, row: &Row, cells: &[(usize, &str)]) {
        let mut i = 0;
        while let Some(&(c, t)) = cells.get(i) {
            i += 1;
            let Some((key, inline)) = head_key(t) else {
                self.leftover(row, &[(c, t)]);
                continue;
            };
            let (value, at) = match inline {
                Some(v) => (v, c),
                None => match cells.get(i) {
                    Some(&(vc, v)) if head_key(v).is_none() => {
                        i += 1;
                        (v.to_string(), vc)
                    }
                    _ => continue,
                },
            };
            let field = match key {
                Key::Project => &mut self.report.project,
                Key::Department => &mut self.report.department,
                Key::Unit => &mut self.report.implementing_unit,
            };
            if field.is_empty() {
                *field = value;
            } else {
                self.unplace(row, at, &value);
            }
        }
    }

    /// One of the four funds rows: values under the header's columns (shifted with the label
    /// when the label sits one column off), or in the cells right after the label.
    fn funds_row(&mut self, row: &Row, cells: &[(usize, &str)], label_col: usize) {
        let kind = funds_kind(text(row, label_col)).unwrap_or(0);
        if self.funds_seen.get(kind).copied().unwrap_or(true) {
            // The same funds row twice: keep the first, lose nothing of the second.
            return self.leftover(row, cells);
        }
        if let Some(seen) = self.funds_seen.get_mut(kind) {
            *seen = true;
        }
        let cols: [Option<usize>; 6] = match self.funds_cols {
            Some(fc) => {
                let first = fc.first().unwrap_or(label_col + 1);
                let shift = if label_col < first {
                    0
                } else {
                    label_col + 1 - first
                };
                fc.0.map(|c| c.map(|c| c + shift))
            }
            None => std::array::from_fn(|i| Some(label_col + 1 + i)),
        };
        let mut values = [None; 6];
        for (slot, col) in values.iter_mut().zip(cols) {
            if let Some(col) = col {
                *slot = self.decimal(row, col);
            }
        }
        let [
            initial_budget,
            annual_budget,
            executed,
            weight,
            execution_rate,
            score,
        ] = values;
        let funds_row = FundsRow {
            initial_budget,
            annual_budget,
            executed,
            weight,
            execution_rate,
            score,
        };
        let funds = &mut self.report.funds;
        match kind {
            0 => funds.total = funds_row,
            1 => funds.appropriation = funds_row,
            2 => funds.carried_over = funds_row,
            _ => funds.other = funds_row,
        }
        let rest: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|&(c, _)| c != label_col && !cols.contains(&Some(c)))
            .collect();
        self.leftover(row, &rest);
    }

    /// The goals header (预期目标 … 实际完成情况); returns false when the row is not one.
    fn goals_header(&mut self, row: &Row, cells: &[(usize, &str)]) -> bool {
        let actual = cells
            .iter()
            .find(|(_, t)| squeezed_in(t, &["实际完成情况", "实际完成"]))
            .map(|&(c, _)| c);
        let heads: Vec<usize> = cells
            .iter()
            .filter(|(_, t)| squeezed_in(t, &["预期目标", "预算目标"]))
            .map(|&(c, _)| c)
            .collect();
        if actual.is_none() && heads.is_empty() {
            return false;
        }
        // 年度目标 heads the expected column when nothing else does.
        let expected = heads.first().copied().or_else(|| {
            cells
                .iter()
                .filter(|&&(c, t)| is_goal_label(t) && actual.is_none_or(|a| c < a))
                .map(|&(c, _)| c)
                .max()
        });
        self.goal_cols = Some((expected, actual));
        for &(c, t) in cells {
            if Some(c) != actual && !heads.contains(&c) {
                self.leftover(row, &[(c, t)]);
            }
        }
        true
    }

    /// A row of goal text: each cell to the nearer of the two columns.
    fn goal_text(&mut self, cells: &[(usize, &str)]) {
        let texts: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|(_, t)| !is_goal_label(t))
            .collect();
        for (i, &(c, t)) in texts.iter().enumerate() {
            let to_actual = match self.goal_cols {
                Some((Some(e), Some(a))) => c.abs_diff(a) < c.abs_diff(e),
                Some((None, Some(a))) => c >= a,
                Some((_, None)) => false,
                // No header: the first text is the goal, the next the outcome.
                None => i > 0,
            };
            if to_actual {
                self.actual.push(t.to_string());
            } else {
                self.expected.push(t.to_string());
            }
        }
    }

    fn header_row(&mut self, row: &Row, cells: &[(usize, &str)], cols: IndCols) {
        let header_cols: Vec<usize> = {
            let mut all = cols.used();
            // 一级指标 / 二级指标 header cells are words of the header too.
            for &(c, t) in cells {
                let s = squeeze(t);
                if s.starts_with("一级指标") || s.starts_with("二级指标") {
                    all.push(c);
                }
            }
            all
        };
        self.ind_cols = Some(cols);
        for &(c, t) in cells {
            if header_cols.contains(&c) {
                continue;
            }
            match framework::classify(t) {
                Some(label) => self.pending.push(label),
                None => self.leftover(row, &[(c, t)]),
            }
        }
    }

    fn indicator_row(&mut self, row: &Row, cells: &[(usize, &str)]) {
        let labels: Vec<Option<Label>> =
            cells.iter().map(|(_, t)| framework::classify(t)).collect();
        if labels.iter().all(Option::is_some) {
            // A label with no indicator: it sets the context of the rows below.
            self.pending.extend(labels.into_iter().flatten());
            return;
        }
        match self.ind_cols {
            Some(cols) if cols.lines_up(row) => self.aligned_indicator(row, cells, cols),
            _ => self.content_indicator(row, cells),
        }
    }

    /// A row under the header's columns: each field from its column, blanks stay blank.
    fn aligned_indicator(&mut self, row: &Row, cells: &[(usize, &str)], cols: IndCols) {
        let labels: Vec<Label> = cells
            .iter()
            .filter(|&&(c, _)| c < cols.name)
            .filter_map(|(_, t)| framework::classify(t))
            .collect();
        let cell = |c: Option<usize>| c.map_or("", |c| text(row, c));
        let indicator = Indicator {
            name: text(row, cols.name).to_string(),
            target: opt_text(cell(cols.target)),
            actual: opt_text(cell(cols.actual)),
            weight: self.decimal(row, cols.weight),
            score: self.decimal(row, cols.score),
            deviation: deviation(cell(cols.reason)),
            ..Default::default()
        };
        let used = cols.used();
        let rest: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|&(c, _)| c > cols.name && !used.contains(&c))
            .collect();
        self.push_indicator(labels, indicator);
        self.leftover(row, &rest);
    }

    /// A row that does not line up: leading labels, then name, target, actual, weight,
    /// score and an optional reason, in that order, whatever their columns.
    fn content_indicator(&mut self, row: &Row, cells: &[(usize, &str)]) {
        let Some((w, reason)) = weight_at(cells) else {
            // No weight and score: not an indicator. Labels still set context.
            for &(c, t) in cells {
                match framework::classify(t) {
                    Some(label) => self.pending.push(label),
                    None => self.leftover(row, &[(c, t)]),
                }
            }
            return;
        };
        let prefix = cells.get(..w).unwrap_or_default();
        let mut labels = Vec::new();
        let mut skip = 0;
        let mut last_rank = 0;
        // Strip labels in order (outer, level1, level2) while a name is left.
        while skip + 1 < prefix.len() {
            match prefix.get(skip).and_then(|(_, t)| framework::classify(t)) {
                Some(label) if rank(label) > last_rank => {
                    last_rank = rank(label);
                    labels.push(label);
                    skip += 1;
                }
                _ => break,
            }
        }
        let rest = prefix.get(skip..).unwrap_or_default();
        let Some((&(_, name), middle)) = rest.split_first() else {
            return self.leftover(row, cells);
        };
        let weight_col = cells.get(w).map_or(0, |&(c, _)| c);
        let (target, actual, extra) = match middle {
            [] => (None, None, &[][..]),
            [(c, t)] => {
                if self.maps_to_actual(*c, weight_col) {
                    (None, Some(*t), &[][..])
                } else {
                    (Some(*t), None, &[][..])
                }
            }
            [extra @ .., (_, t), (_, a)] => (Some(*t), Some(*a), extra),
        };
        let indicator = Indicator {
            name: name.to_string(),
            target: target.and_then(opt_text),
            actual: actual.and_then(opt_text),
            weight: cells
                .get(w)
                .and_then(|(_, t)| parse_decimal(t).ok().flatten()),
            score: cells
                .get(w + 1)
                .and_then(|(_, t)| parse_decimal(t).ok().flatten()),
            deviation: reason
                .and_then(|r| cells.get(r))
                .and_then(|(_, t)| deviation(t)),
            ..Default::default()
        };
        self.push_indicator(labels, indicator);
        self.leftover(row, extra);
    }

    /// With one text between name and weight: whether it sits under 实际完成值, counting
    /// columns from the weight so a shifted row still maps.
    fn maps_to_actual(&self, col: usize, weight_col: usize) -> bool {
        match self.ind_cols {
            Some(IndCols {
                weight,
                actual: Some(actual),
                ..
            }) => (col + weight).checked_sub(weight_col) == Some(actual),
            _ => false,
        }
    }

    fn push_indicator(&mut self, labels: Vec<Label>, mut indicator: Indicator) {
        let mut seq = std::mem::take(&mut self.pending);
        seq.extend(labels);
        self.apply_labels(&seq);
        indicator.level1 = self.level1.unwrap_or_default().to_string();
        indicator.level2 = self.level2.unwrap_or_default().to_string();
        self.report.indicators.push(indicator);
    }

    /// Moves the context (level1, level2) along a sequence of labels. A level2 tells its
    /// level1; a level1 that is already the context keeps the level2 (its label may land on any
    /// row of its merged cell); 成本指标 with no level2 after it is the older forms' level2.
    fn apply_labels(&mut self, seq: &[Label]) {
        let seq: Vec<Label> = seq.iter().copied().filter(|l| *l != Label::Outer).collect();
        for (i, label) in seq.iter().enumerate() {
            match *label {
                Label::Level1(l1) => {
                    let as_level2 = if seq.get(i + 1).is_none() {
                        framework::level2(l1)
                    } else {
                        None
                    };
                    if let Some((l2, parent)) = as_level2 {
                        self.level1 = Some(parent);
                        self.level2 = Some(l2);
                    } else if self.level1 != Some(l1) {
                        self.level1 = Some(l1);
                        self.level2 = only_level2(l1);
                    }
                }
                Label::Level2(l2, l1) => {
                    self.level1 = Some(l1);
                    self.level2 = Some(l2);
                }
                Label::Outer => {}
            }
        }
    }

    /// 总分: the two numbers after it, under the header's 分值 / 得分 when they sit there,
    /// else in order.
    fn total_row(&mut self, row: &Row, cells: &[(usize, &str)], label_col: usize) {
        self.total_seen = true;
        let mut numbers = Vec::new();
        let mut others = Vec::new();
        let mut after = cells.iter().copied().filter(|&(c, _)| c > label_col);
        for (c, t) in after.by_ref() {
            if grade_label(t).is_some() {
                // 评分等级 on the 总分 row: it and what follows are the grade.
                let rest: Vec<(usize, &str)> = std::iter::once((c, t)).chain(after).collect();
                self.tail_row(row, &rest);
                break;
            }
            // A blank marker (`-`) holds its number's place: the cell is there, left empty.
            match parse_decimal(t) {
                Ok(v) => numbers.push((c, v, t)),
                Err(_) => others.push((c, t)),
            }
        }
        let before: Vec<(usize, &str)> = cells
            .iter()
            .copied()
            .filter(|&(c, _)| c < label_col)
            .collect();
        let on_header = self.ind_cols.filter(|cols| {
            !numbers.is_empty()
                && numbers
                    .iter()
                    .all(|&(c, _, _)| c == cols.weight || c == cols.score)
        });
        match on_header {
            Some(cols) => {
                for &(c, v, _) in &numbers {
                    if c == cols.weight {
                        self.report.total.weight = v;
                    } else {
                        self.report.total.score = v;
                    }
                }
            }
            None => {
                let mut it = numbers.iter();
                self.report.total.weight = it.next().and_then(|&(_, v, _)| v);
                self.report.total.score = it.next().and_then(|&(_, v, _)| v);
                for &(c, _, t) in it {
                    self.unplace(row, c, t);
                }
            }
        }
        self.leftover(row, &before);
        self.leftover(row, &others);
    }

    /// After 总分: the grade; anything else is unplaced.
    fn tail_row(&mut self, row: &Row, cells: &[(usize, &str)]) {
        let mut i = 0;
        while let Some(&(c, t)) = cells.get(i) {
            i += 1;
            let Some(inline) = grade_label(t) else {
                self.leftover(row, &[(c, t)]);
                continue;
            };
            let grade = match inline {
                Some(g) => Some((g, c)),
                None => cells.get(i).map(|&(vc, v)| {
                    i += 1;
                    (v.to_string(), vc)
                }),
            };
            if let Some((g, at)) = grade {
                if self.report.grade.is_none() {
                    self.report.grade = Some(g);
                } else {
                    self.unplace(row, at, &g);
                }
            }
        }
    }

    fn finish(mut self) -> Result<Report, ReadError> {
        if !self.total_seen {
            let mut missing: Vec<&str> = Vec::new();
            if self.report.project.is_empty() {
                missing.push("项目名称");
            }
            if !self.funds_seen.iter().any(|s| *s) {
                missing.push("项目资金");
            }
            if self.report.indicators.is_empty() {
                missing.push("绩效指标");
            }
            missing.push("总分行");
            return Err(ReadError::new(
                self.file,
                Some(self.start_at),
                format!(
                    "自评表不完整：在下一张表或输入结束之前缺少 {} \
                     (form cut off: no 总分 total row before the next form or the end)",
                    missing.join("、")
                ),
            ));
        }
        self.report.goals = Goals {
            expected: self.expected.join("\n"),
            actual: self.actual.join("\n"),
        };
        Ok(self.report)
    }
}

/// A reason as written; blank or a dash is no reason.
fn deviation(text: &str) -> Option<String> {
    if is_blank(text) { None } else { opt_text(text) }
}

/// The level2 of a level1 that has only one (满意度指标 → 服务对象满意度指标).
fn only_level2(level1: &str) -> Option<&'static str> {
    let mut under = framework::LEVEL2.iter().filter(|(_, l1)| *l1 == level1);
    match (under.next(), under.next()) {
        (Some((l2, _)), None) => Some(l2),
        _ => None,
    }
}

/// Where the weight sits among a row's text cells, and where the reason is if one follows
/// the score: the last two cells when both are numbers, else the two before a final text.
fn weight_at(cells: &[(usize, &str)]) -> Option<(usize, Option<usize>)> {
    let n = cells.len();
    let num = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .is_some_and(|(_, t)| is_number(t))
    };
    if n >= 3 && num(n.checked_sub(2)) && num(n.checked_sub(1)) {
        Some((n - 2, None))
    } else if n >= 4 && num(n.checked_sub(3)) && num(n.checked_sub(2)) {
        Some((n - 3, Some(n - 1)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(r.goals.expected, "委托第三方履行\n法律顾问职责");
        assert_eq!(r.goals.actual, "已完成");
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
            cells: vec!["填表人：张三".to_string()],
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
                ("法律顾问费!A20", "填表人：张三"),
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
        assert_eq!(r.goals.actual, "已完成");
        assert_eq!(r.indicators.len(), 5);
    }

    #[test]
    fn a_cut_off_form_is_an_error_and_the_next_still_reads() {
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
        let err = forms[0].as_ref().unwrap_err();
        assert_eq!(err.file, "book.xlsx");
        assert_eq!(err.at.as_deref(), Some("Sheet1!A1"));
        assert!(err.message.contains("总分"), "{}", err.message);
        let ok = forms[1].as_ref().unwrap();
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
        assert_eq!(r.goals.expected, "目标甲");
        assert_eq!(r.goals.actual, "完成甲");
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
        let forms = read_forms("odd.xlsx", &sheets);
        assert_eq!(forms.len(), 1);
        let r = forms[0].as_ref().unwrap();
        assert_eq!((r.total.weight, r.total.score), (d("1"), d("2")));
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
