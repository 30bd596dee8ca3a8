//! Text measurement: how wide a text is in Excel column units and how many lines it wraps to,
//! so that columns and rows can be sized before anything is written.

/// Body font: 宋体 五号 (10.5pt), the size of Chinese official documents.
pub(super) const FONT: &str = "宋体";
pub(super) const BODY_PT: f64 = 10.5;
pub(super) const TITLE_PT: f64 = 16.0;
pub(super) const YEAR_PT: f64 = 11.0;
/// Height of one line of body text, in points. 宋体 五号 needs about 13.5 in Excel; Noto Sans
/// CJK, which LibreOffice and WPS on Linux use where 宋体 is missing, needs 15.2 (1.448 em), and
/// a cut-off last line is worse than a little air, so the taller one rules.
pub(super) const LINE_PT: f64 = 15.5;
/// Room above and below the text of a cell, in points.
pub(super) const ROW_PAD_PT: f64 = 4.0;
/// The smallest row of the table, in points.
pub(super) const MIN_ROW_PT: f64 = 20.0;
/// Excel's largest row height, in points.
pub(super) const MAX_ROW_PT: f64 = 409.0;

/// Display width of a character in column-width units at body size: CJK and other wide
/// characters count 2, ASCII 1 (宋体 is half-width for ASCII).
pub(super) fn char_units(c: char) -> f64 {
    if c.is_ascii() { 1.0 } else { 2.0 }
}

/// Display width of a line of text in column-width units.
pub fn text_units(s: &str) -> f64 {
    s.chars().map(char_units).sum()
}

/// Width of the widest line of `s`.
pub(super) fn widest_line(s: &str) -> f64 {
    s.lines().map(text_units).fold(0.0, f64::max)
}

/// Characters that may not start a line; wrapping carries the previous character with them.
pub(super) fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | '%'
    )
}

/// Whether a line of `text` may break somewhere: at a space or around a CJK character.
pub(super) fn has_break(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_whitespace() || !c.is_ascii() || breaks_after(c))
}

/// ASCII characters a line may break after, as Excel and LibreOffice do in file names.
pub(super) fn breaks_after(c: char) -> bool {
    c == '-' || c == '/'
}

/// How many lines `text` takes in a cell `width` units wide, wrapping as Excel does: at
/// spaces and between CJK characters, never inside an ASCII word unless it is longer than the
/// line.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    Measured::new(text).lines(width)
}

/// Text cut once into the pieces wrapping works on. Sizing a form tries many column widths,
/// so only the line count is redone per width, not the scan of the text.
#[derive(Debug, Clone, Default)]
pub(super) struct Measured {
    /// The paragraphs (lines of the text), each as its tokens.
    pub(super) paras: Vec<Vec<Token>>,
    /// Width of the widest paragraph.
    pub(super) widest: f64,
}

/// A piece of text wrapping never cuts unless it is longer than a line: a run of ASCII
/// non-space characters up to and including a hyphen or slash (lines may break after one), or
/// a single other character.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) width: f64,
    /// Characters in it; in a run of several, each is ASCII, one unit wide.
    pub(super) chars: u32,
    /// An ASCII space: it never starts a line but hangs at the end of the one it ends.
    pub(super) space: bool,
    /// Its first character may not start a line (closing punctuation).
    pub(super) no_line_start: bool,
}

impl Measured {
    pub(super) fn new(text: &str) -> Measured {
        let paras: Vec<Vec<Token>> = text
            .split('\n')
            .map(|para| tokens(para.trim_end_matches('\r')))
            .collect();
        let widest = paras
            .iter()
            .map(|p| p.iter().map(|t| t.width).sum::<f64>())
            .fold(0.0, f64::max);
        Measured { paras, widest }
    }

    /// Lines taken in a cell `width` units wide (at least one).
    pub(super) fn lines(&self, width: f64) -> usize {
        let avail = (width - 1.0).max(2.0);
        self.paras
            .iter()
            .map(|p| paragraph_lines(p, avail))
            .sum::<usize>()
            .max(1)
    }
}

pub(super) fn tokens(para: &str) -> Vec<Token> {
    // A token a character at most: room for them all at once, rather than growing one by one
    // (a form's cells make 150,000 tokens).
    let mut out = Vec::with_capacity(para.chars().count());
    let mut chars = para.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1u32;
        let mut width = char_units(c);
        if c.is_ascii() && !c.is_ascii_whitespace() && !breaks_after(c) {
            while let Some(&next) = chars.peek() {
                if !next.is_ascii() || next.is_ascii_whitespace() {
                    break;
                }
                chars.next();
                n += 1;
                width += 1.0;
                if breaks_after(next) {
                    break;
                }
            }
        }
        out.push(Token {
            width,
            chars: n,
            space: c.is_ascii_whitespace(),
            no_line_start: no_line_start(c),
        });
    }
    out
}

pub(super) fn paragraph_lines(tokens: &[Token], avail: f64) -> usize {
    let mut lines = 1;
    let mut cur = 0.0;
    let mut last = 0.0;
    for t in tokens {
        let w = t.width;
        if t.space || cur + w <= avail {
            cur += w;
        } else if w <= avail {
            lines += 1;
            cur = if t.no_line_start && last + w <= avail {
                last + w
            } else {
                w
            };
        } else {
            // Longer than a line: cut anywhere. Only an ASCII run (one unit a character)
            // can be, as a line holds at least two units.
            for _ in 0..t.chars {
                if cur + 1.0 > avail {
                    lines += 1;
                    cur = 0.0;
                }
                cur += 1.0;
            }
        }
        last = w;
    }
    lines
}

/// Height in points of a row holding `lines` lines of body text.
pub(super) fn lines_height(lines: usize) -> f64 {
    (lines as f64 * LINE_PT + ROW_PAD_PT).max(MIN_ROW_PT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_cjk_double_and_breaks_between_words() {
        // 10 CJK characters = 20 units: one line in 22, two in 12.
        assert_eq!(wrapped_lines("一二三四五六七八九十", 22.0), 1);
        assert_eq!(wrapped_lines("一二三四五六七八九十", 12.0), 2);
        // Explicit line breaks each start a line.
        assert_eq!(wrapped_lines("一\n二\n三", 30.0), 3);
        // An ASCII word is not split when it fits on the next line.
        assert_eq!(wrapped_lines("aaaa bbbbbbbb", 10.0), 2);
        // A word longer than the line is split.
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaaaaaaa", 11.0), 2);
        // Lines may break after a hyphen or slash.
        assert_eq!(wrapped_lines("samples/minhang-2024.txt", 12.0), 3);
        assert_eq!(wrapped_lines("", 10.0), 1);
    }
}
