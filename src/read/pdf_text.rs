//! The PDF-text layout: what a PDF-to-text tool makes of a published form.
//!
//! Each table cell's text is wrapped at the cell width and lines are separated by blank lines.
//! The reader walks a form section by section (header, 项目资金, 年度总体目标, indicators,
//! 总分, 评分等级). In the indicator table, cells of one row come left to right: one-line cells
//! share a line, a wrapped cell has lines of its own, and the line that holds 分值 and 得分 ends
//! the row (a one-line reason follows them on that line; a longer reason follows on lines of its
//! own). Labels of merged cells come as two-character pieces that page breaks may cut.
//! See [`indicators`] for how rows and labels are put back together.

mod goals;
mod indicators;

use super::text::{Token, count_bytes, join, squeeze, squeezed_in, tokens, trim};
use super::values::{
    decimal, is_blank, is_oversized_number, may_hold_oversized, oversized_message, parse_decimal,
    parse_year,
};
use super::{Forms, ReadError};
use crate::model::{Funds, FundsRow, Report, Source, TITLE, Total, Unplaced};
use rust_decimal::Decimal;

/// One non-blank input line, trimmed, with its 1-based number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
}

fn is_title(line: &str) -> bool {
    crate::read::vocabulary::title(line).is_some()
}

/// Reads every form of a PDF-text file.
pub fn read_text(file: &str, text: &str) -> Forms {
    // Sized by the line breaks, blank lines included, rather than grown line by line. Lines
    // end at each `\n` (a `\r` before it is trimmed with the rest of the white space), found
    // with memchr: most lines are short or blank, and `str::lines` cost more than many readers.
    let mut lines: Vec<Line> = Vec::with_capacity(count_bytes(text, |b| b == b'\n') + 1);
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (i, end) in ends.enumerate() {
        let line = trim(&text[from..end]);
        from = end + 1;
        if !line.is_empty() {
            lines.push(Line {
                no: i + 1,
                text: line,
            });
        }
    }
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| is_title(lines[i].text))
        .collect();
    let Some(&first) = starts.first() else {
        // A line that holds a title with more text after it is no title line; say which.
        let near = lines.iter().find(|l| squeeze(l.text).contains("自评表"));
        return vec![Err(match near {
            Some(l) => ReadError::new(
                file,
                Some(format!("line {}", l.no)),
                format!(
                    "没有单独的标题行：“{}”中标题后面还有别的文字 (a title line followed by other text; no form title on a line of its own)",
                    l.text
                ),
            ),
            None => ReadError::new(
                file,
                None,
                format!("没有找到自评表：缺少“{TITLE}”一类的标题 (no form title found)"),
            ),
        })];
    };
    let hint = lost_order(&lines, first);
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        let mut form = parse_form(file, &lines[s..e]);
        if let (Err(e), Some(hint)) = (&mut form, hint) {
            e.message = format!("{}; {hint}", e.message);
        }
        if k == 0 && first > 0 {
            // Text before the first title belongs to no form; keep it with the first one.
            if let Ok(r) = &mut form {
                let pre = lines[..first].iter().map(|l| Unplaced {
                    at: format!("line {}", l.no),
                    text: l.text.to_string(),
                });
                let rest = std::mem::take(&mut r.unplaced);
                r.unplaced = pre.chain(rest).collect();
            }
        }
        out.push(form);
    }
    out
}

/// Why a form of this text could not be read, when the text itself shows it: the text of a
/// table whose reading order a PDF-to-text tool lost. A form's labels before its title
/// (项目名称 above 自评表) mean the cells came column by column, as plain `pdftotext` gives
/// the PDFs of most programs; lines of columns set apart by runs of spaces are `pdftotext
/// -layout`. Neither can be put back together by labels, but the PDF itself can be read, and
/// that is what the clerk needs to hear rather than only "form cut off".
fn lost_order(lines: &[Line], first_title: usize) -> Option<&'static str> {
    use crate::read::vocabulary::{funds_block, head};
    let labels_before_title = lines[..first_title]
        .iter()
        .any(|l| head(l.text).is_some() || funds_block(l.text).is_some());
    if labels_before_title {
        return Some(
            "文字失去了表格的行列顺序（像是 pdftotext 从 PDF 抽出的文字），无法按标签读出；请直接给出 PDF 文件 \
             (the text lost the table's reading order, as a PDF-to-text tool gives it; give selfeval the PDF itself)",
        );
    }
    let gap = memchr::memmem::Finder::new("   ");
    let spaced = lines
        .iter()
        .filter(|l| gap.find(l.text.as_bytes()).is_some())
        .count();
    (spaced * 3 >= lines.len()).then_some(
        "文字按空格排成列（像是 pdftotext -layout 的输出），selfeval 不按这种排版读；请直接给出 PDF 文件 \
         (columns set apart by spaces, as pdftotext -layout gives; give selfeval the PDF itself)",
    )
}

/// Pieces of the 年度总体目标 label and the goal column headers.
const GOAL_LABELS: [&str; 7] = [
    "年度",
    "总体",
    "目标",
    "年度总体目标",
    "年度目标",
    "总体目标",
    "年度总体",
];
const GOAL_HEADERS: [&str; 5] = [
    "预期目标",
    "预算目标",
    "实际完成情况",
    "年度目标",
    "绩效目标",
];

fn is_goal_label(s: &str) -> bool {
    squeezed_in(s, &GOAL_LABELS)
}

fn is_goal_header(s: &str) -> bool {
    all_words_in(s, &GOAL_HEADERS)
}

/// Whether the line has words and every one is in `words`.
fn all_words_in(s: &str, words: &[&str]) -> bool {
    let mut any = false;
    for w in s.split_whitespace() {
        if !words.contains(&w) {
            return false;
        }
        any = true;
    }
    any
}

/// Words of the indicator table's header row, as they come in pieces.
const TABLE_HEADERS: [&str; 16] = [
    "一级",
    "二级",
    "三级",
    "指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析",
    "及改进措施",
    "偏差原因分析及改进措施",
    "指标值",
    "完成值",
];

fn is_table_header(s: &str) -> bool {
    all_words_in(s, &TABLE_HEADERS)
}

fn is_table_start(s: &str) -> bool {
    s.starts_with("一级") && is_table_header(s)
}

/// Collects unplaced text of a form as it is read.
pub(crate) struct Sink {
    pub unplaced: Vec<Unplaced>,
}

impl Sink {
    pub fn put(&mut self, line: &Line, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.unplaced.push(Unplaced {
                at: format!("line {}", line.no),
                text: text.to_string(),
            });
        }
    }
}

fn parse_form(file: &str, lines: &[Line]) -> Result<Report, ReadError> {
    let start = lines[0].no;
    let cut_off = |what: &str| {
        ReadError::new(
            file,
            Some(format!("line {start}")),
            format!("自评表不完整：缺少{what} (form cut off: expected {what})"),
        )
    };
    if let Some((line, tok)) = lines
        .iter()
        .filter(|l| may_hold_oversized(l.text))
        .find_map(|l| {
            l.text
                .split_whitespace()
                .find(|t| is_oversized_number(t))
                .map(|t| (l, t))
        })
    {
        return Err(ReadError::new(
            file,
            Some(format!("line {}", line.no)),
            oversized_message(tok),
        ));
    }
    let mut sink = Sink {
        unplaced: Vec::new(),
    };
    let find = |from: usize, pred: &dyn Fn(&str) -> bool| {
        (from..lines.len()).find(|&i| pred(lines[i].text))
    };
    let funds_at = find(1, &|s| s.starts_with("项目资金")).ok_or_else(|| cut_off("“项目资金”"))?;
    let table_at = find(funds_at, &is_table_start).ok_or_else(|| cut_off("指标表头“一级指标”"))?;
    let total_at = find(table_at, &|s| {
        s.starts_with('总') && after_label(s, "总分").is_some()
    })
    .ok_or_else(|| cut_off("“总分”行"))?;

    // Header: year, 项目名称, 主管部门, 实施单位.
    let mut year = None;
    let mut header = Vec::with_capacity(funds_at);
    for line in &lines[1..funds_at] {
        if year.is_none() && parse_year(line.text).is_some() && !line.text.contains("项目名称")
        {
            year = parse_year(line.text);
        } else {
            header.push(*line);
        }
    }
    let (project, department, unit) = parse_header(&header, &mut sink);

    // 项目资金 up to the goals.
    let goals_at =
        find(funds_at + 1, &|s| is_goal_label(s) || is_goal_header(s)).unwrap_or(table_at);
    let goals_at = goals_at.min(table_at);
    let (money_unit, funds) = parse_funds(&lines[funds_at..goals_at], &mut sink);

    // 年度总体目标.
    let mut goal_lines: Vec<Line> = Vec::with_capacity(table_at - goals_at);
    goal_lines.extend(
        lines[goals_at..table_at]
            .iter()
            .filter(|l| !is_goal_label(l.text) && !is_goal_header(l.text)),
    );
    let (expected, actual) = goals::split(&goal_lines);

    // Indicator table: skip the header pieces, then rows up to 总分.
    let mut body = table_at;
    while body < total_at && is_table_header(lines[body].text) {
        body += 1;
    }
    let indicators = indicators::parse(&lines[body..total_at], &mut sink);
    // A form read as empty is an error, never a quiet success: text whose table lost its
    // cells (a PDF's text taken out without its layout) has labels and stray numbers, and
    // between its table header and its total no indicator.
    if indicators.is_empty() {
        return Err(ReadError::new(
            file,
            Some(format!("line {start}")),
            format!(
                "自评表是空的：指标表头与总分之间没有读到绩效指标（{} 段文字无法归位）；\
                 若是 PDF 转出的文字，表格的单元格已经打乱 \
                 (an empty form: no indicator between the table header and the total; text taken out of a PDF without its table?)",
                sink.unplaced.len()
            ),
        ));
    }

    // 总分 and 评分等级; anything after is unplaced.
    let total = parse_total(&lines[total_at], &mut sink);
    let mut grade = None;
    for line in &lines[total_at + 1..] {
        if let Some(g) = after_label(line.text, "评分等级").filter(|_| grade.is_none()) {
            grade = (!is_blank(g)).then(|| g.to_string());
        } else {
            sink.put(line, line.text);
        }
    }

    Ok(Report {
        source: Source {
            file: file.to_string(),
            line: Some(start),
            sheet: None,
        },
        title: crate::read::vocabulary::title(lines[0].text).unwrap_or_else(|| TITLE.to_string()),
        year,
        project,
        department,
        implementing_unit: unit,
        money_unit,
        funds,
        goals: crate::model::Goals {
            expected: (!expected.is_empty()).then_some(expected),
            actual: (!actual.is_empty()).then_some(actual),
        },
        indicators,
        total,
        grade,
        unplaced: sink.unplaced,
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    })
}

/// 项目名称 / 主管部门 / 实施单位: the values may wrap onto lines of their own, so the lines are
/// joined and cut at the labels.
fn parse_header(lines: &[Line], sink: &mut Sink) -> (String, String, String) {
    const LABELS: [&str; 3] = ["项目名称", "主管部门", "实施单位"];
    let joined = join(lines.iter().map(|l| l.text));
    let mut found: Vec<(usize, usize)> = LABELS
        .iter()
        .enumerate()
        .filter_map(|(k, lab)| joined.find(lab).map(|p| (p, k)))
        .collect();
    found.sort();
    let mut values = [String::new(), String::new(), String::new()];
    for (n, &(pos, k)) in found.iter().enumerate() {
        let from = pos + LABELS[k].len();
        let to = found.get(n + 1).map(|&(p, _)| p).unwrap_or(joined.len());
        values[k] = joined[from..to].trim().to_string();
    }
    let lead_end = found.first().map(|&(p, _)| p).unwrap_or(joined.len());
    if lead_end > 0
        && let Some(first) = lines.first()
    {
        sink.put(first, &joined[..lead_end]);
    }
    let [p, d, u] = values;
    (p, d, u)
}

/// Which funds row a label names.
fn funds_row<'f>(funds: &'f mut Funds, label: &str) -> Option<&'f mut FundsRow> {
    if label.contains("总额") || label.contains("合计") {
        Some(&mut funds.total)
    } else if label.contains("拨款") || label.contains("财政") {
        Some(&mut funds.appropriation)
    } else if label.contains("结转") {
        Some(&mut funds.carried_over)
    } else if label.contains("其他") {
        Some(&mut funds.other)
    } else {
        None
    }
}

/// The funds columns in the order the header names them.
#[derive(Clone, Copy)]
enum Col {
    Initial,
    Annual,
    Executed,
    Weight,
    Rate,
    Score,
}

const DEFAULT_COLS: [Col; 6] = [
    Col::Initial,
    Col::Annual,
    Col::Executed,
    Col::Weight,
    Col::Rate,
    Col::Score,
];

/// The funds columns a header line names, from its tokens.
fn header_cols(toks: &[Token]) -> Option<Vec<Col>> {
    let cols: Vec<Col> = toks
        .iter()
        .filter_map(|t| {
            let t = t.text;
            // Every word below starts with one of these: one pass over the token rules out
            // amounts and labels before six searches for words would.
            if !t.contains(['年', '预', '执', '分', '权', '得']) {
                None
            } else if t.contains("年初") {
                Some(Col::Initial)
            } else if t.contains("预算") {
                Some(Col::Annual)
            } else if t.contains("执行率") {
                Some(Col::Rate)
            } else if t.contains("执行") {
                Some(Col::Executed)
            } else if t.contains("分值") || t.contains("分数") || t.contains("权重") {
                Some(Col::Weight)
            } else if t.contains("得分") {
                Some(Col::Score)
            } else {
                None
            }
        })
        .collect();
    (cols.len() >= 3).then_some(cols)
}

fn set(row: &mut FundsRow, col: Col, v: Option<Decimal>) {
    match col {
        Col::Initial => row.initial_budget = v,
        Col::Annual => row.annual_budget = v,
        Col::Executed => row.executed = v,
        Col::Weight => row.weight = v,
        Col::Rate => row.execution_rate = v,
        Col::Score => row.score = v,
    }
}

/// 项目资金 block: the unit, the column header, and four rows whose labels may wrap.
fn parse_funds(lines: &[Line], sink: &mut Sink) -> (String, Funds) {
    let mut funds = Funds::default();
    let mut unit = String::new();
    let mut cols = DEFAULT_COLS.to_vec();
    let mut label = String::new();
    let mut label_lines: Vec<Line> = Vec::new();
    for line in lines {
        let mut text = line.text;
        if let Some(rest) = text.strip_prefix("项目资金") {
            text = rest.trim();
        }
        // Only looked for until found: squeezing every amount line cost a copy of each.
        if unit.is_empty() {
            let bare = squeeze(text);
            let bare = bare.trim_matches(|c| matches!(c, '(' | ')' | '（' | '）'));
            if bare == "万元" || bare == "元" {
                unit = bare.to_string();
                continue;
            }
        }
        if text.is_empty() {
            continue;
        }
        let toks = tokens(text);
        if let Some(c) = header_cols(&toks) {
            cols = c;
            continue;
        }
        // The trailing values, each parsed once and kept for the row.
        let mut values: Vec<Option<Decimal>> =
            toks.iter().rev().map_while(|t| decimal(t.text)).collect();
        values.reverse();
        let n_values = values.len();
        if n_values == 0 {
            label.push_str(text);
            label_lines.push(*line);
            continue;
        }
        let split = toks.len() - n_values;
        let head = toks[..split].iter().map(|t| t.text).collect::<String>();
        label.push_str(&head);
        let full_label = std::mem::take(&mut label);
        let here = std::mem::take(&mut label_lines);
        match funds_row(&mut funds, &full_label) {
            Some(row) => {
                for (k, (t, &v)) in toks[split..].iter().zip(&values).enumerate() {
                    match cols.get(k) {
                        Some(&col) => set(row, col, v),
                        None => sink.put(line, t.text),
                    }
                }
            }
            None => {
                for l in &here {
                    sink.put(l, l.text);
                }
                sink.put(line, text);
            }
        }
    }
    if !label.is_empty() {
        for l in &label_lines {
            sink.put(l, l.text);
        }
    }
    (unit, funds)
}

/// The rest of a line that starts with `label`, even when the label is spaced out (`总 分`).
fn after_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let mut want = label.chars().peekable();
    for (i, c) in line.char_indices() {
        if want.peek().is_none() {
            return Some(line[i..].trim());
        }
        if c.is_whitespace() {
            continue;
        }
        if want.next() != Some(c) {
            return None;
        }
    }
    want.peek().is_none().then_some("")
}

/// `总分 100.00 99.98`.
fn parse_total(line: &Line, sink: &mut Sink) -> Total {
    let rest = after_label(line.text, "总分").unwrap_or_default();
    let toks = tokens(rest);
    let mut nums = Vec::new();
    for t in &toks {
        match parse_decimal(t.text) {
            Ok(v) => nums.push(v),
            Err(_) => sink.put(line, t.text),
        }
    }
    match nums.as_slice() {
        [] => Total::default(),
        [s] => Total {
            weight: None,
            score: *s,
        },
        [w, s, rest @ ..] => {
            for v in rest.iter().flatten() {
                sink.put(line, &v.to_string());
            }
            Total {
                weight: *w,
                score: *s,
            }
        }
    }
}

#[cfg(test)]
mod tests;
