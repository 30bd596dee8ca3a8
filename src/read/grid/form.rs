//! The form finder: forms in a grid's rows, found by their labels.
//!
//! Every container feeds the same code, so a form copied out of Excel, the same form in a
//! workbook, a web page or a Word table read the same way. Cells are located by their labels,
//! never by fixed positions.

use super::columns::{FundsCols, IndCols, text};
use super::{Grid, Place, Row};
use crate::framework::{self, Label};
use crate::model::{
    Funds, FundsRow, Goals, Indicator, LabelledFunds, LabelledPoints, LabelledText, Report, Source,
    Total, Unplaced,
};
use crate::read::text::{squeeze, squeezed_eq, squeezed_in};
use crate::read::values::{is_oversized_number, may_hold_oversized, oversized_message};
use crate::read::vocabulary::{self, FundsKind, Head};
use crate::read::{Forms, ReadError, is_blank, is_number, parse_decimal, parse_year};
use rust_decimal::Decimal;

/// Whether the rows hold the start of a form (a title or a 项目名称 row).
pub fn has_form(rows: &[Row]) -> bool {
    !form_starts(rows).is_empty()
}

/// Reads every form in a grid; a document's forms name the grid's sheet (a LibreOffice
/// export's sheet heading) as their place.
pub fn read_grid(file: &str, grid: &Grid) -> Forms {
    read_rows(file, &grid.rows, grid.sheet.as_deref())
}

/// Reads every form in the rows. `file` names the input in `source` and errors.
///
/// A form starts at its title row (or at a 项目名称 row when the title is missing) and runs to
/// the next start. Each form is read on its own: one that is cut off is an error and the others
/// still read. Rows with no text at all yield no forms; text without any form is an error.
pub fn read_forms(file: &str, rows: &[Row]) -> Forms {
    read_rows(file, rows, None)
}

fn read_rows(file: &str, rows: &[Row], sheet: Option<&str>) -> Forms {
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
        let mut form = Form::new(file, start_row, col, sheet);
        if i == 0 {
            // Text above the first form's title (报表编号, 附件1, a year line) is read as part
            // of its head; what no field takes is kept with it.
            for row in rows.get(..first).unwrap_or_default() {
                form.row(row);
            }
        }
        for row in rows.get(start..end).unwrap_or_default() {
            form.row(row);
        }
        forms.push(form.finish());
    }
    forms
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
    vocabulary::title(text).is_some()
}

/// Where forms start: `(row index, column of the title or 项目名称 cell)`.
fn form_starts(rows: &[Row]) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut has_project = false;
    for (i, row) in rows.iter().enumerate() {
        let cells = filled(row);
        if let Some(&(c, _)) = cells.iter().find(|(_, t)| is_title(t)) {
            starts.push((i, c));
            has_project = false;
        } else if let Some(at) = cells
            .iter()
            .position(|(_, t)| matches!(vocabulary::head(t), Some((Head::Project, _))))
            // A 项目名称 followed by 主管部门 or 全年预算数 is a list's column header, not a
            // form's head.
            && cells.get(at + 1).is_none_or(|(_, next)| {
                vocabulary::head(next).is_none()
                    && vocabulary::funds_column(next).is_none()
                    && vocabulary::indicator_column(next).is_none()
            })
        {
            let c = cells[at].0;
            // A second 项目名称 in one form means a form without a title begins here.
            if starts.is_empty() || has_project {
                starts.push((i, c));
            }
            has_project = true;
        }
    }
    starts
}

/// The funds block's label (`项目资金（万元）`): its unit, if it names one.
fn money_label(cell: &str) -> Option<Option<&'static str>> {
    vocabulary::funds_block(cell).map(|(unit, _)| unit)
}

/// Labels of the goals block as a whole (not of one of its columns).
fn is_goal_label(cell: &str) -> bool {
    vocabulary::is_goals_block(cell)
}

/// The grade label, with the grade written in the same cell after it, if any.
fn grade_label(cell: &str) -> Option<Option<String>> {
    vocabulary::grade(cell)
}

/// Rank of a label in a row's leading labels: outer, then level1, then level2.
fn rank(label: Label) -> u8 {
    match label {
        Label::Outer => 1,
        Label::Level1(_) => 2,
        Label::Level2(..) => 3,
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
    /// The label of the text block being read (`评价结论`), whose text may follow on the
    /// next rows.
    text_block: Option<usize>,
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
    /// Past the line selfeval writes above the text it could not place
    /// ([`crate::sheets::UNPLACED_NOTE`]): rows are that text, where it was.
    own_unplaced: bool,
}

impl<'a> Form<'a> {
    fn new(file: &'a str, start: &Row, col: usize, sheet: Option<&str>) -> Self {
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
            Place::Row(_) => Source {
                file: file.to_string(),
                line: None,
                sheet: sheet.map(str::to_string),
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
                extra_funds: Vec::new(),
                texts: Vec::new(),
                incomplete: false,
                points: Vec::new(),
            },
            section: Section::Head,
            funds_cols: None,
            funds_seen: [false; 4],
            text_block: None,
            goal_cols: None,
            expected: Vec::new(),
            actual: Vec::new(),
            ind_cols: None,
            level1: None,
            level2: None,
            pending: Vec::new(),
            total_seen: false,
            own_unplaced: false,
        }
    }

    fn unplace(&mut self, row: &Row, col: usize, text: &str) {
        // The link selfeval puts beside a form it writes, back to its 汇总: not the form's.
        if text == crate::sheets::BACK_TO_SUMMARY {
            return;
        }
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
        if self.own_row(&cells) {
            return;
        }
        // Labels that print their points (`产出指标(60分)`, `效益指标(30)`) give the points to
        // the model and are read as the label alone.
        let relabelled;
        let cells = if cells
            .iter()
            .any(|(_, t)| t.contains('分') || t.ends_with(')') || t.ends_with('）'))
        {
            relabelled = self.take_points(&cells);
            &relabelled
        } else {
            &cells
        };
        let cells = cells.as_slice();
        if self.section == Section::Tail {
            return self.tail_row(row, cells);
        }
        if let Some(&(c, _)) = cells.iter().find(|(_, t)| {
            vocabulary::is_total(t)
                && (self.section == Section::Indicators || squeezed_eq(t, "总分"))
        }) {
            self.section = Section::Tail;
            return self.total_row(row, cells, c);
        }
        if let Some(cols) = IndCols::find(cells) {
            self.section = Section::Indicators;
            self.text_block = None;
            return self.header_row(row, cells, cols);
        }
        if self.section == Section::Indicators {
            return self.indicator_row(row, cells);
        }
        if self.report.title.is_empty()
            && let Some(&(c, _)) = cells.iter().find(|(_, t)| is_title(t))
        {
            return self.title_row(row, cells, c);
        }
        if let Some((cols, used)) = FundsCols::find(cells) {
            self.section = Section::Funds;
            self.funds_cols = Some(cols);
            self.text_block = None;
            for &(c, t) in cells {
                if !used.contains(&c) {
                    self.leftover(row, &[(c, t)]);
                }
                if self.report.money_unit.is_empty() {
                    self.set_unit(vocabulary::unit_in(&squeeze(t)));
                }
            }
            return;
        }
        if self.section <= Section::Funds
            && let Some(&(c, _)) = cells
                .iter()
                .find(|(_, t)| vocabulary::funds_row(t).is_some())
        {
            self.section = Section::Funds;
            return self.funds_row(row, cells, c);
        }
        if self.section == Section::Funds
            && let Some(&(c, _)) = cells.first()
            && vocabulary::extra_funds_row(text(row, c))
        {
            return self.extra_funds_row(row, cells, c);
        }
        if self.goals_header(row, cells) {
            self.section = Section::Goals;
            self.text_block = None;
            return;
        }
        if cells.iter().any(|(_, t)| vocabulary::head(t).is_some()) {
            self.text_block = None;
            return self.head_row(row, cells);
        }
        if self.text_row(row, cells) {
            return;
        }
        if self.looks_like_indicator(cells) {
            self.section = Section::Indicators;
            return self.indicator_row(row, cells);
        }
        if self.section == Section::Goals || cells.iter().any(|(_, t)| is_goal_label(t)) {
            self.section = Section::Goals;
            return self.goal_text(cells);
        }
        if self.section == Section::Head && self.report.year.is_none() {
            return self.year_row(row, cells);
        }
        self.leftover(row, cells);
    }

    /// A row that is part of the indicator table even without its header: it holds an
    /// indicator label, or (once past the funds, whose rows also end in numbers) a name
    /// followed by two numbers (weight, score).
    fn looks_like_indicator(&self, cells: &[(usize, &str)]) -> bool {
        cells.iter().any(|(_, t)| framework::classify(t).is_some())
            || (self.section >= Section::Goals && cells.len() >= 4 && weight_at(cells).is_some())
    }

    /// The title as printed, without its year; the year, when the title cell or another cell
    /// of its row holds it.
    fn title_row(&mut self, row: &Row, cells: &[(usize, &str)], title_col: usize) {
        for &(c, t) in cells {
            if c == title_col {
                let normalized = vocabulary::normalize(t);
                let (_, year) = vocabulary::strip_year(&normalized);
                self.report.title = vocabulary::title(t).unwrap_or_default();
                if self.report.year.is_none() {
                    self.report.year = year;
                }
                continue;
            }
            match parse_year(t) {
                Some(y) if self.report.year.is_none() => self.report.year = Some(y),
                _ => self.leftover(row, &[(c, t)]),
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
            let Some((key, inline)) = vocabulary::head(t) else {
                self.leftover(row, &[(c, t)]);
                continue;
            };
            let (value, at) = match inline {
                Some(v) => (v, c),
                None => match cells.get(i) {
                    Some(&(vc, v)) if vocabulary::head(v).is_none() => {
                        i += 1;
                        (v.to_string(), vc)
                    }
                    _ => continue,
                },
            };
            let field = match key {
                Head::Project => &mut self.report.project,
                Head::Department => &mut self.report.department,
                Head::Unit => &mut self.report.implementing_unit,
            };
            if field.is_empty() {
                *field = value;
            } else {
                self.unplace(row, at, &value);
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
            target: opt_text(&cols.target(row)),
            actual: opt_text(cell(cols.actual)),
            weight: cols.weight.and_then(|c| self.decimal(row, c)),
            score: cols.score.and_then(|c| self.decimal(row, c)),
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
                weight: Some(weight),
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
                    .all(|&(c, _, _)| Some(c) == cols.weight || Some(c) == cols.score)
        });
        match on_header {
            Some(cols) => {
                for &(c, v, _) in &numbers {
                    if Some(c) == cols.weight {
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
        if self.text_row(row, cells) {
            return;
        }
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

    /// The form as read. A form cut off before its total (a partial public copy) is read
    /// and marked incomplete; one in which neither a funds value nor an indicator was found
    /// is an error, never an empty form.
    fn finish(mut self) -> Result<Report, ReadError> {
        let funds = &self.report.funds;
        let any_funds = [
            &funds.total,
            &funds.appropriation,
            &funds.carried_over,
            &funds.other,
        ]
        .into_iter()
        .chain(self.report.extra_funds.iter().map(|e| &e.row))
        .any(|r| *r != FundsRow::default());
        if !any_funds && self.report.indicators.is_empty() {
            let mut missing: Vec<&str> = Vec::new();
            if self.report.project.is_empty() {
                missing.push("项目名称");
            }
            missing.push("资金数");
            missing.push("绩效指标");
            if !self.total_seen {
                missing.push("总分行");
            }
            return Err(ReadError::new(
                self.file,
                Some(self.start_at),
                format!(
                    "自评表是空的：在下一张表或输入结束之前没有找到 {} \
                     (an empty form: no funds value and no indicator before the next form or the end)",
                    missing.join("、")
                ),
            ));
        }
        // A form that scores its indicators ends in a total; a target self-evaluation (no
        // 分值 or 得分 column) has none to wait for.
        self.report.incomplete = !self.total_seen && self.ind_cols.is_none_or(|c| c.scored());
        self.report.goals = Goals {
            expected: opt_text(&self.expected.join("\n")),
            actual: opt_text(&self.actual.join("\n")),
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

mod blocks;
mod funds;
mod goals;

#[cfg(test)]
mod regions;
#[cfg(test)]
mod tests;
