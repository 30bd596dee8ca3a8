//! Glyphs to text: glyphs are grouped into lines by baseline, ordered left to right, and a
//! visible gap becomes a space. A cell's lines are joined with no separator when the text
//! wrapped (these forms wrap CJK text and numbers: `部分达成指` + `标并具有一`, `=23000` +
//! `.00`, where any separator would be wrong) and with `\n` when the line was visibly broken
//! on purpose (see [`cell_text`]).

use super::content::Glyph;
use super::unify::unify;

/// Baselines closer than this many ems are one line.
const SAME_LINE: f64 = 0.5;
/// A gap wider than this many ems inside a line is a space...
const SPACE_GAP: f64 = 0.5;
/// ...except between two CJK characters, where gaps up to this many ems come from
/// distributed alignment (`项  目  名  称`) and are not spaces.
const CJK_SPREAD: f64 = 2.0;

/// A line counts as broken on purpose only if the next word would have fitted with this
/// many ems to spare: cell padding (LibreOffice: ~0.5 em a side) and line-breaking rules
/// that keep more than our "word" together (`计;29.99`) make real wraps end early.
const BREAK_SLACK: f64 = 1.5;

/// Whether a char is CJK (ideographs, kana, hangul, CJK punctuation, full-width forms).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3190..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// One text line: its glyphs left to right.
#[derive(Debug, Clone)]
pub struct Line<'g> {
    pub glyphs: Vec<&'g Glyph>,
    pub base: f64,
}

impl Line<'_> {
    /// Top of the line's glyphs (for ordering lines with tables).
    pub fn top(&self) -> f64 {
        self.glyphs
            .iter()
            .map(|g| g.cy - g.size / 2.0)
            .fold(f64::MAX, f64::min)
    }

    pub fn em(&self) -> f64 {
        em(&self.glyphs)
    }
}

fn em(glyphs: &[&Glyph]) -> f64 {
    let m = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
    if m > 0.0 { m } else { 10.0 }
}

/// Groups glyphs into lines, top to bottom, dropping duplicated glyphs (fake bold is drawn
/// twice a hair apart).
pub fn lines<'g>(glyphs: &[&'g Glyph]) -> Vec<Line<'g>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.base.total_cmp(&b.base).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    for g in sorted {
        match out.last_mut() {
            Some(line) if (g.base - line.base).abs() <= SAME_LINE * g.size.max(line.em()) => {
                line.glyphs.push(g)
            }
            _ => out.push(Line {
                glyphs: vec![g],
                base: g.base,
            }),
        }
    }
    for line in &mut out {
        line.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut kept: Vec<&Glyph> = Vec::with_capacity(line.glyphs.len());
        for g in line.glyphs.drain(..) {
            let dup = kept.iter().rev().take(4).any(|k| {
                k.text == g.text
                    && (k.cx - g.cx).abs() < 0.2 * g.size
                    && (k.cy - g.cy).abs() < 0.2 * g.size
            });
            if !dup {
                kept.push(g);
            }
        }
        line.glyphs = kept;
    }
    out
}

/// Splits a line into chunks at gaps wider than `gap_em` ems (for text outside tables and
/// borderless tables, where a wide gap separates columns).
pub fn chunks<'g>(line: &Line<'g>, gap_em: f64) -> Vec<Line<'g>> {
    let em = line.em();
    let mut out: Vec<Line> = Vec::new();
    let mut right = f64::MIN;
    for g in &line.glyphs {
        let blank = g.text.trim().is_empty();
        match out.last_mut() {
            Some(chunk) if g.x0 - right <= gap_em * em => chunk.glyphs.push(g),
            _ if blank => continue,
            _ => out.push(Line {
                glyphs: vec![g],
                base: line.base,
            }),
        }
        if !blank {
            right = right.max(g.x1);
        }
    }
    out
}

/// The text of one line: glyph texts in order, a space for a wide gap or the PDF's own
/// spaces (runs collapsed), trimmed, compatibility ideographs unified.
pub fn line_text(line: &Line) -> String {
    let em = line.em();
    let mut s = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut right = f64::MIN;
    for g in &line.glyphs {
        if g.text.trim().is_empty() {
            if !s.ends_with(' ') {
                s.push(' ');
            }
            continue;
        }
        if let Some(p) = prev {
            let gap = g.x0 - right;
            let both_cjk = p.text.chars().last().is_some_and(is_cjk)
                && g.text.chars().next().is_some_and(is_cjk);
            let limit = if both_cjk { CJK_SPREAD } else { SPACE_GAP };
            if gap > limit * em && !s.ends_with(' ') {
                s.push(' ');
            }
        }
        s.extend(g.text.chars().map(unify));
        right = right.max(g.x1);
        prev = Some(g);
    }
    s.trim().to_string()
}

/// The text of a cell. A PDF does not say whether a line ended because the text wrapped or
/// because the cell has a line break, so it is told from the geometry: when the next line's
/// first word would still have fitted on the line (with an em to spare) the line was broken
/// on purpose and `\n` joins them; otherwise the text wrapped and the lines are joined with no
/// separator (`部分达成指` + `标并具有一`, `=23000` + `.00`), or with the one space the PDF draws
/// at the wrap. `width` is the cell's width;
/// without it lines are always joined.
pub fn cell_text(glyphs: &[&Glyph], width: Option<f64>) -> String {
    let lines = lines(glyphs);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line_text(line);
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let broken = match (width, i.checked_sub(1).and_then(|p| lines.get(p))) {
                (Some(w), Some(prev)) => fits(prev, line, w),
                _ => false,
            };
            if broken {
                out.push('\n');
            } else if ends_in_space(&lines[i - 1]) {
                out.push(' ');
            }
        }
        out.push_str(&text);
    }
    out
}

/// Whether a line's last glyph is a space the PDF draws: LibreOffice prints the space a line
/// wrapped at (`核查率 ` + `100%`), so the text had a space exactly there.
fn ends_in_space(line: &Line) -> bool {
    line.glyphs.last().is_some_and(|g| g.text.trim().is_empty())
}

/// Punctuation that line breaking keeps with the character before it.
fn no_break_before(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| "，。、；：？！）」』》〉】”’%,.;:?!)]}'\"…·-".contains(c))
}

fn visible<'g>(l: &Line<'g>) -> Vec<&'g Glyph> {
    l.glyphs
        .iter()
        .copied()
        .filter(|g| !g.text.trim().is_empty())
        .collect()
}

/// Whether the first word of `next` would have fitted at the end of `line` in a cell
/// `width` wide.
fn fits(line: &Line, next: &Line, width: f64) -> bool {
    let (cur, nxt) = (visible(line), visible(next));
    let (Some(first), Some(last)) = (cur.first(), cur.last()) else {
        return false;
    };
    let Some(head) = nxt.first() else {
        return false;
    };
    // The next line's first word, as line breaking keeps it together: an optional CJK
    // glyph, then punctuation that may not start a line and non-CJK glyphs up to a space or
    // the next CJK glyph (`级，`, `计;29.99`, `100%，`).
    let mut word_end = head.x1;
    let mut right = head.x1;
    for g in nxt.iter().skip(1) {
        let cjk = g.text.chars().next().is_some_and(is_cjk);
        if g.x0 - right > SPACE_GAP * g.size || (cjk && !no_break_before(&g.text)) {
            break;
        }
        word_end = g.x1;
        right = g.x1;
    }
    let em = line.em().max(next.em());
    let space = if last.text.chars().last().is_some_and(is_cjk) {
        0.0
    } else {
        0.3 * em
    };
    let needed = (last.x1 - first.x0) + space + (word_end - head.x0);
    needed <= width - BREAK_SLACK * em
}
