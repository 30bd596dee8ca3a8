//! 年度总体目标: the two columns 预期目标 and 实际完成情况 arrive one after the other (or, when both
//! are short, on one line). Each column is wrapped at its own width, so the split is where one
//! paragraph ends (a short last line, a sentence end) and a differently wrapped one begins.
//! Where no split is evident all text still lands in one of the two fields.

use super::Line;
use crate::read::text::{cells, join, width};

/// Splits goal lines into (expected, actual).
pub fn split(lines: &[Line]) -> (String, String) {
    match lines {
        [] => (String::new(), String::new()),
        [one] => split_one(one.text),
        _ => {
            let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
            let k = best_split(&texts);
            (
                join(texts[..k].iter().copied()),
                join(texts[k..].iter().copied()),
            )
        }
    }
}

/// Both columns on one line: they are separated by a space that is not a PDF tool's glue space.
fn split_one(line: &str) -> (String, String) {
    let c = cells(line);
    match c.as_slice() {
        [first, second, ..] => (
            line[first.0..first.1].to_string(),
            line[second.0..].trim().to_string(),
        ),
        _ => (line.to_string(), String::new()),
    }
}

fn ends_sentence(s: &str) -> i32 {
    match s.chars().last() {
        Some('。' | '！' | '？' | '；' | '.' | '!' | '?' | ';') => 2,
        Some('%' | '％' | '）' | ')') => 1,
        _ => 0,
    }
}

fn starts_mid_sentence(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('，' | '。' | '、' | '；' | '：' | '”' | '）' | ',' | '.' | ';' | ')')
    )
}

/// Cost of the lines of one paragraph: every line but the last should fill the column; a lone
/// character left by a hard break inside a cell is not held against it.
fn paragraph_penalty(widths: &[usize]) -> i32 {
    let max = widths.iter().copied().max().unwrap_or(0);
    let n = widths.len();
    widths[..n.saturating_sub(1)]
        .iter()
        .filter(|&&w| w > 2 && w + 4 < max)
        .count() as i32
}

fn best_split(texts: &[&str]) -> usize {
    let widths: Vec<usize> = texts.iter().map(|t| width(t)).collect();
    let n = texts.len();
    let mut best = (i32::MIN, n);
    for k in 1..n {
        let (a, b) = (&widths[..k], &widths[k..]);
        let wa = a.iter().copied().max().unwrap_or(0);
        let wb = b.iter().copied().max().unwrap_or(0);
        let last = texts[k - 1];
        let mut score = ends_sentence(last);
        let wl = widths[k - 1];
        if wl <= 2 && ends_sentence(last) == 0 {
            score -= 3; // a lone character: a hard break inside a sentence
        } else if wl + 3 < wa {
            score += 2; // a short last line ends a paragraph
        }
        score -= paragraph_penalty(a) + paragraph_penalty(b);
        score += match wb.cmp(&wa) {
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Greater => -1,
            std::cmp::Ordering::Equal => 0,
        };
        if starts_mid_sentence(texts[k]) {
            score -= 3;
        }
        if score > best.0 {
            best = (score, k);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&'static str]) -> Vec<Line<'static>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect()
    }

    #[test]
    fn two_paragraphs_split_at_the_short_line() {
        let l = lines(&[
            "委托第三方履行法律顾问职责，提供法律咨询、协助修",
            "改审查合同等有关法律文书、协助进行法制宣传、提供",
            "府。",
            "委托第三方履行法律顾问职责，提供法律咨询、协助",
            "建设法治政府。",
        ]);
        let (e, a) = split(&l);
        assert!(e.ends_with("府。"), "{e}");
        assert!(
            a.starts_with("委托第三方履行法律顾问职责，提供法律咨询、协助建设"),
            "{a}"
        );
    }

    #[test]
    fn lone_characters_from_hard_breaks_do_not_split() {
        let l = lines(&[
            "通过非机动车安全整治项目的开展，进一步减少电动车",
            "火",
            "灾的发生，最大限度地预防和降低伤害事故，提高居民",
            "安",
            "全意识和消防安全行为能力。",
            "开展了非机动车安全整治项目，进一步减少电动车火",
            "民安全意识和消防安全行为能力。",
        ]);
        let (e, a) = split(&l);
        assert!(e.ends_with("全意识和消防安全行为能力。"), "{e}");
        assert!(a.starts_with("开展了"), "{a}");
    }

    #[test]
    fn one_line_with_both_columns() {
        let l = lines(&["政策宣传全覆盖。 达到年初预期目标，执行率 95.59%"]);
        let (e, a) = split(&l);
        assert_eq!(e, "政策宣传全覆盖。");
        assert_eq!(a, "达到年初预期目标，执行率 95.59%");
    }

    #[test]
    fn no_text_is_lost() {
        let l = lines(&["甲乙丙", "丁戊"]);
        let (e, a) = split(&l);
        assert_eq!(format!("{e}{a}"), "甲乙丙丁戊");
    }
}
