//! The indicator table of the PDF-text layout.
//!
//! Lines are first classified: a *row line* holds 分值 and 得分 (two plain numbers) and ends a
//! row; a *label line* holds only pieces of 一级/二级 labels (`可持`, `续影`, `标 满意`); every
//! other line is *text*: a wrapped piece of the next row's name, target or actual, or the rest of
//! the previous row's reason. Label pieces are assembled into canonical labels; a label cut by a
//! page break is resolved from its unique prefix when the next row needs it, and its remaining
//! pieces are consumed when they turn up after the row. Text between two row lines is divided
//! between the previous row's reason and the next row's missing cells by the shape of the cells
//! (see [`divide`]).

use super::{Line, Sink};
use crate::framework::{self, Label};
use crate::model::Indicator;
use crate::read::text::{Token, cells, group, has_open_bracket, join, tokens, width};
use crate::read::values::parse_decimal;

/// A target or actual cell line is never wider than this (half-width units).
const VALUE_MAX: usize = 14;
/// A name line this wide has been wrapped: the name goes on.
const NAME_FULL: usize = 24;
/// A reason line is at most this wide, and this wide when it has been wrapped.
const REASON_MAX: usize = 22;
const REASON_FULL: usize = 14;

/// One cell of a row line: its text and where it starts in the line.
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    start: usize,
}

#[derive(Debug, Clone)]
enum Event<'a> {
    /// A line of label pieces, one a token.
    Labels(Line<'a>, Vec<Token<'a>>),
    Text(Line<'a>),
    Row(RowLine<'a>),
}

#[derive(Debug, Clone)]
struct RowLine<'a> {
    line: Line<'a>,
    /// The line's tokens: leading label pieces, then the body's, then 分值, 得分 and more.
    toks: Vec<Token<'a>>,
    /// How many leading tokens are label pieces.
    lead: usize,
    /// The cells before 分值: the row's last cells (name, target, actual, or fewer).
    body: Vec<Cell<'a>>,
    /// How many tokens the body has: its cells when glue spaces joined cells that are
    /// separate (made from the tokens only then, as few rows need them).
    loose: usize,
    weight: &'a str,
    score: &'a str,
    reason: Option<&'a str>,
}

impl<'a> RowLine<'a> {
    /// The body split at every space, for when glue spaces joined cells that are separate.
    fn loose_cells(&self) -> Vec<Cell<'a>> {
        self.toks[self.lead..self.lead + self.loose]
            .iter()
            .map(|t| Cell {
                text: t.text,
                start: t.start,
            })
            .collect()
    }
}

fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether a cell could be a piece of a label: part of a canonical name, short.
fn is_label_piece(s: &str) -> bool {
    s.chars().count() <= 6 && framework::in_some_label(s)
}

fn classify<'a>(line: Line<'a>) -> Event<'a> {
    let toks = tokens(line.text);
    let text = |i: usize| toks[i].text;
    // 分值 and 得分: the last two numbers of the first run of plain numbers.
    let mut tail = None;
    let mut i = 0;
    while i + 1 < toks.len() {
        if is_plain_number(text(i)) && is_plain_number(text(i + 1)) {
            let mut j = i + 1;
            while j + 1 < toks.len() && is_plain_number(text(j + 1)) {
                j += 1;
            }
            tail = Some(j - 1);
            break;
        }
        i += 1;
    }
    let Some(w) = tail else {
        // A line of labels: pieces, or labels written out whole (`服务对象满意度指标`).
        if toks
            .iter()
            .all(|t| is_label_piece(t.text) || framework::is_label_prefix(t.text))
        {
            return Event::Labels(line, toks);
        }
        return Event::Text(line);
    };
    // Leading label pieces (`满意 服务 办事群众满意度 …`), keeping at least one cell of the row.
    let mut lead = 0;
    while lead + 1 < w && is_label_piece(text(lead)) {
        lead += 1;
    }
    let to_cells = |spans: Vec<(usize, usize)>| -> Vec<Cell<'a>> {
        spans
            .into_iter()
            .map(|(s, e)| Cell {
                text: &line.text[s..e],
                start: s,
            })
            .collect()
    };
    let body = to_cells(group(&toks[lead..w]));
    let reason = toks
        .get(w + 2)
        .map(|t| line.text[t.start..].trim())
        .filter(|r| !r.is_empty());
    let (weight, score) = (text(w), text(w + 1));
    Event::Row(RowLine {
        line,
        lead,
        body,
        loose: w - lead,
        weight,
        score,
        reason,
        toks,
    })
}

/// Assembles label pieces into canonical labels and tracks the current level1/level2.
/// Pieces are tokens (no white space), so what they assemble is always the exact start of a
/// label, looked up in [`framework::label_start`].
#[derive(Debug, Clone, Default)]
struct Labels {
    /// The pieces assembled so far: the start of some label, or empty.
    buffer: &'static str,
    /// Missing ends of labels resolved from a prefix, to be consumed when their pieces turn up.
    pending: Vec<&'static str>,
    level1: Option<&'static str>,
    level2: Option<&'static str>,
}

impl Labels {
    /// Takes one piece; `false` when it is no part of any label here.
    fn piece(&mut self, p: &str) -> bool {
        if !self.buffer.is_empty()
            && let Some(start) = framework::label_start_joined(self.buffer, p)
        {
            self.buffer = start.text;
            self.finish_if_complete(start);
            return true;
        }
        if self.buffer.is_empty() && self.consume_pending(p) {
            return true;
        }
        if !self.buffer.is_empty() && !self.resolve() {
            return false;
        }
        if let Some(start) = framework::label_start(p) {
            // The buffer is empty here: it was, or `resolve` applied it.
            self.buffer = start.text;
            self.finish_if_complete(start);
            return true;
        }
        // The end of a label resolved earlier, after a new label started.
        self.consume_pending(p)
    }

    /// Takes a piece that is the next part of a label resolved earlier from its prefix.
    fn consume_pending(&mut self, p: &str) -> bool {
        let Some(k) = self.pending.iter().position(|s| s.starts_with(p)) else {
            return false;
        };
        let rest = &self.pending[k][p.len()..];
        if rest.is_empty() {
            self.pending.remove(k);
        } else {
            self.pending[k] = rest;
        }
        true
    }

    /// A complete label that no longer label extends is applied at once.
    fn finish_if_complete(&mut self, start: &framework::LabelStart) {
        if !start.extendable && start.label.is_some() {
            self.resolve();
        }
    }

    /// Applies the buffer: a complete label, or the one label it is the start of (preferring
    /// the current level1's children); the missing end is remembered as pending.
    fn resolve(&mut self) -> bool {
        if self.buffer.is_empty() {
            return true;
        }
        let Some(start) = framework::label_start(self.buffer) else {
            return false;
        };
        if let Some(label) = start.label {
            self.buffer = "";
            self.apply(label);
            return true;
        }
        let chosen = match start.completions.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => many
                .iter()
                .find(|l| {
                    framework::level1_of(l).is_some() && framework::level1_of(l) == self.level1
                })
                .or(many.first())
                .copied(),
        };
        match chosen {
            Some(full) => {
                self.pending.push(&full[self.buffer.len()..]);
                self.buffer = "";
                if let Some(label) = framework::classify(full) {
                    self.apply(label);
                }
                true
            }
            None => false,
        }
    }

    fn apply(&mut self, label: Label) {
        match label {
            Label::Outer => {}
            Label::Level1(l1) => {
                self.level1 = Some(l1);
                self.level2 = None;
            }
            Label::Level2(l2, l1) => {
                self.level1 = Some(l1);
                self.level2 = Some(l2);
            }
        }
    }

    /// The (level1, level2) of the next row. `成本指标` with no level2 under it is the level2 of
    /// older forms, under 产出指标.
    fn levels(&mut self) -> (String, String) {
        self.resolve();
        match (self.level1, self.level2) {
            (Some("成本指标"), None) => ("产出指标".into(), "成本指标".into()),
            (l1, l2) => (
                l1.unwrap_or_default().to_string(),
                l2.unwrap_or_default().to_string(),
            ),
        }
    }

    /// Whether the buffer holds a label not yet written out in full.
    fn unfinished(&self) -> bool {
        !self.buffer.is_empty() && framework::label_start(self.buffer).is_none_or(|s| !s.whole)
    }
}

/// Parses the rows between the table header and 总分.
pub fn parse(lines: &[Line], sink: &mut Sink) -> Vec<Indicator> {
    let events: Vec<Event> = lines.iter().map(|&l| classify(l)).collect();
    let mut labels = Labels::default();
    // One indicator per row line: sized so that the list is not copied as it grows.
    let rows = events.iter().filter(|e| matches!(e, Event::Row(_))).count();
    let mut out: Vec<Indicator> = Vec::with_capacity(rows);
    let mut prev_reason_on_line: Option<bool> = None; // Some(full?) for the last row
    let mut block: Vec<Line> = Vec::new(); // text since the last row line
    for (idx, event) in events.iter().enumerate() {
        match event {
            Event::Labels(line, pieces) => {
                let after_wrapped_text = match events[..idx].last() {
                    Some(Event::Text(l)) => width(l.text) >= REASON_FULL,
                    Some(Event::Row(r)) => r.reason.is_some_and(|t| width(t) >= REASON_FULL),
                    _ => false,
                };
                let mut trial = labels.clone();
                let mut ok = pieces.iter().all(|p| trial.piece(p.text));
                if ok && after_wrapped_text && trial.unfinished() {
                    // `进一步提升窗口服务` / `质量`: a label only if later pieces finish it.
                    ok = finishes_later(&trial, &events[idx + 1..]);
                }
                if ok {
                    labels = trial;
                } else {
                    block.push(*line);
                }
            }
            Event::Text(line) => block.push(*line),
            Event::Row(row) => {
                for p in &row.toks[..row.lead] {
                    if !labels.piece(p.text) {
                        sink.put(&row.line, p.text);
                    }
                }
                let (level1, level2) = labels.levels();
                // No text supplies the missing cells: the glue spaces were cell borders.
                let loose;
                let body = if row.body.len() < 3
                    && block.is_empty()
                    && row.loose > row.body.len()
                    && row.loose <= 3
                {
                    loose = row.loose_cells();
                    &loose
                } else {
                    &row.body
                };
                let needed = 3usize.saturating_sub(body.len());
                let (reason_lines, parts) =
                    divide(&block, needed, out.last().is_some(), prev_reason_on_line);
                if let Some(last) = out.last_mut() {
                    extend_reason(last, &reason_lines);
                } else {
                    for l in &reason_lines {
                        sink.put(l, l.text);
                    }
                }
                block.clear();
                out.push(build_row(row, body, level1, level2, parts));
                prev_reason_on_line = Some(row.reason.is_some_and(|r| width(r) >= REASON_FULL));
            }
        }
    }
    // Text after the last row is the rest of its reason.
    if let Some(last) = out.last_mut() {
        extend_reason(last, &block);
    } else {
        for l in &block {
            sink.put(l, l.text);
        }
    }
    if labels.unfinished()
        && let Some(l) = lines.last()
    {
        sink.put(l, labels.buffer);
    }
    out
}

/// Whether the label pieces of later label lines finish the unfinished buffer.
fn finishes_later(trial: &Labels, rest: &[Event]) -> bool {
    let mut buffer = trial.buffer;
    for e in rest {
        if let Event::Labels(_, pieces) = e {
            for p in pieces {
                let Some(start) = framework::label_start_joined(buffer, p.text) else {
                    return false;
                };
                buffer = start.text;
                if start.whole {
                    return true;
                }
            }
        }
    }
    false
}

fn extend_reason(row: &mut Indicator, lines: &[Line]) {
    if lines.is_empty() {
        return;
    }
    let more = join(lines.iter().map(|l| l.text));
    row.deviation = Some(match row.deviation.take() {
        Some(r) => r + &more,
        None => more,
    });
}

/// The name, target and actual pieces the text block supplies (each a list of lines), in order,
/// for the cells the row line lacks.
type Parts<'a> = Vec<Vec<&'a str>>;

/// Divides the text before a row line between the previous row's reason (first lines) and the
/// `needed` missing cells of this row (last lines), choosing the division whose cells are
/// best shaped: a wrapped name line fills the name column, target and actual lines are narrow
/// and break where a bracket closes, a reason's wrapped lines fill the reason column.
fn divide<'a>(
    block: &[Line<'a>],
    needed: usize,
    has_prev: bool,
    prev_reason_on_line: Option<bool>,
) -> (Vec<Line<'a>>, Parts<'a>) {
    if needed == 0 {
        return (block.to_vec(), Vec::new());
    }
    let mut best: Option<(i32, usize, Parts<'a>)> = None;
    let max_s = if has_prev { block.len() } else { 0 };
    for s in 0..=max_s {
        let Some(reason_score) = reason_shape(&block[..s], prev_reason_on_line) else {
            continue;
        };
        let units = units(&block[s..]);
        if let Some((score, parts)) = best_grouping(&units, needed) {
            let total = reason_score + score;
            if best.as_ref().is_none_or(|b| total > b.0) {
                best = Some((total, s, parts));
            }
        }
    }
    match best {
        Some((_, s, parts)) => (block[..s].to_vec(), parts),
        None => {
            // Too few lines for the missing cells: everything goes to this row's first cell.
            let all: Vec<&str> = block.iter().map(|l| l.text).collect();
            (
                Vec::new(),
                if all.is_empty() {
                    Vec::new()
                } else {
                    vec![all]
                },
            )
        }
    }
}

/// A score for lines taken as the previous row's reason, or `None` when they cannot be one.
fn reason_shape(lines: &[Line], prev_reason_on_line: Option<bool>) -> Option<i32> {
    if lines.is_empty() {
        return Some(0);
    }
    let mut score = -1;
    if lines.len() == 1 && prev_reason_on_line != Some(true) {
        score -= 3;
    }
    for (i, l) in lines.iter().enumerate() {
        let w = width(l.text);
        if w > REASON_MAX {
            score -= 4;
        }
        if i + 1 < lines.len() && w < REASON_FULL {
            score -= 3;
        }
    }
    Some(score)
}

/// A piece of text that is one cell or part of one: a line, or one cell of a line that holds
/// several one-line cells (those are complete cells).
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    text: &'a str,
    complete: bool,
}

fn units<'a>(lines: &[Line<'a>]) -> Vec<Unit<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        let spans = cells(l.text);
        if spans.len() > 1 {
            for &(s, e) in &spans {
                out.push(Unit {
                    text: &l.text[s..e],
                    complete: true,
                });
            }
        } else {
            out.push(Unit {
                text: l.text,
                complete: false,
            });
        }
    }
    out
}

/// Splits units into `k` consecutive groups (the first `k` of name, target, actual), best first.
fn best_grouping<'a>(units: &[Unit<'a>], k: usize) -> Option<(i32, Parts<'a>)> {
    if units.len() < k || k == 0 {
        return None;
    }
    let mut best: Option<(i32, Vec<usize>)> = None;
    let mut cuts = Vec::new();
    search(units, k, 1, &mut cuts, &mut best);
    best.map(|(score, cuts)| {
        let mut parts = Vec::new();
        let mut from = 0;
        for &c in cuts.iter().chain(std::iter::once(&units.len())) {
            parts.push(units[from..c].iter().map(|u| u.text).collect());
            from = c;
        }
        (score, parts)
    })
}

fn search(
    units: &[Unit],
    k: usize,
    start: usize,
    cuts: &mut Vec<usize>,
    best: &mut Option<(i32, Vec<usize>)>,
) {
    if cuts.len() + 1 == k {
        let score = grouping_score(units, cuts);
        if best.as_ref().is_none_or(|b| score > b.0) {
            *best = Some((score, cuts.clone()));
        }
        return;
    }
    let remaining = k - 1 - cuts.len();
    for c in start..=units.len() - remaining {
        cuts.push(c);
        search(units, k, c + 1, cuts, best);
        cuts.pop();
    }
}

/// Scores a grouping; the missing cells are always the leading ones, so the first group is
/// the name.
fn grouping_score(units: &[Unit], cuts: &[usize]) -> i32 {
    let mut score = 0;
    let mut from = 0;
    for (g, &to) in cuts.iter().chain(std::iter::once(&units.len())).enumerate() {
        let group = &units[from..to];
        // A complete one-line cell must stand alone.
        if group.len() > 1 && group.iter().any(|u| u.complete) {
            score -= 20;
        }
        let is_name = g == 0;
        for (i, u) in group.iter().enumerate() {
            let w = width(u.text);
            let last = i + 1 == group.len();
            if is_name {
                if !last && w < NAME_FULL {
                    score -= 3;
                }
            } else {
                if w > VALUE_MAX {
                    score -= 4;
                }
                if !last {
                    let next = group[i + 1].text;
                    if has_open_bracket(u.text) || next.starts_with(['(', '（', ')', '）']) {
                        score += 1;
                    } else if w < 8 {
                        score -= 1;
                    }
                }
            }
        }
        if from > 0 {
            let prev_last = units[from - 1].text;
            let first = group[0].text;
            if has_open_bracket(prev_last) || first.starts_with(['(', '（', ')', '）']) {
                score -= 5;
            }
        }
        from = to;
    }
    score
}

/// A row from its line, the cells of its line that are taken (`body`), and the cells the text
/// before it supplies (`parts`).
fn build_row(
    row: &RowLine,
    body: &[Cell],
    level1: String,
    level2: String,
    parts: Parts,
) -> Indicator {
    // Cells from the text block come first, then the row line's own cells.
    let mut cells: Vec<String> = parts.iter().map(|p| join(p.iter().copied())).collect();
    if body.len() > 3 {
        // A name with inner spaces: all but the last two cells are the name, as written.
        let target = body[body.len() - 2];
        cells.push(
            row.line.text[body[0].start..target.start]
                .trim()
                .to_string(),
        );
        cells.extend(body[body.len() - 2..].iter().map(|c| c.text.to_string()));
    } else {
        cells.extend(body.iter().map(|c| c.text.to_string()));
    }
    // Fewer than three cells: the missing ones are the trailing ones (target, actual).
    let mut it = cells.into_iter();
    let name = it.next().unwrap_or_default();
    let target = it.next().filter(|s| !s.is_empty());
    let actual = it.next().filter(|s| !s.is_empty());
    let extra: Vec<String> = it.collect();
    let actual = if extra.is_empty() {
        actual
    } else {
        Some(actual.unwrap_or_default() + &extra.concat())
    };
    Indicator {
        level1,
        level2,
        name,
        target,
        actual,
        weight: parse_decimal(row.weight).ok().flatten(),
        score: parse_decimal(row.score).ok().flatten(),
        deviation: row.reason.map(|r| r.to_string()),
    }
}
