//! The indicator framework: canonical 一级指标 / 二级指标 names, completion of partial labels,
//! and which level1 a level2 belongs to.
//!
//! Readers meet labels in pieces (`可持` `续影` `响指` `标`), shortened (`服务对象满意度`) or
//! misplaced; this module is the one place that knows what the labels are, so that a level2
//! label can stand in for a missing level1 and every output uses the same names.

/// Labels carry the white space of wrapping and cell merges; it is no part of the name.
use crate::read::text::{squeeze, squeeze_into};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Canonical level1 names, in form order.
pub const LEVEL1: [&str; 4] = ["产出指标", "成本指标", "效益指标", "满意度指标"];

/// Canonical level2 names with their level1.
///
/// `成本指标` appears twice on purpose: older forms keep cost as a level2 under 产出指标,
/// newer ones make it a level1 with its own level2 rows. [`level2`] resolves it as the level2
/// under 产出指标; a reader decides from the layout which role it plays.
pub const LEVEL2: [(&str, &str); 12] = [
    ("数量指标", "产出指标"),
    ("质量指标", "产出指标"),
    ("时效指标", "产出指标"),
    ("成本指标", "产出指标"),
    ("经济成本指标", "成本指标"),
    ("社会成本指标", "成本指标"),
    ("生态环境成本指标", "成本指标"),
    ("经济效益指标", "效益指标"),
    ("社会效益指标", "效益指标"),
    ("生态效益指标", "效益指标"),
    ("可持续影响指标", "效益指标"),
    ("服务对象满意度指标", "满意度指标"),
];

/// Labels that head the whole indicator block rather than one category.
pub const OUTER: [&str; 3] = ["绩效指标", "指标", "绩效"];

/// Every label (level1, level2, outer), for the searches below.
fn all_labels() -> impl Iterator<Item = &'static str> {
    LEVEL1
        .iter()
        .copied()
        .chain(LEVEL2.iter().map(|(l, _)| *l))
        .chain(OUTER.iter().copied())
}

/// Whether `text` occurs inside some label, as a reader asks of every short piece of a line.
/// Answered from a set of the labels' pieces: searching the labels one by one for every piece
/// of every line cost more than the rest of the line's reading, and a sorted list still
/// compared several pieces per question.
pub fn in_some_label(text: &str) -> bool {
    static PIECES: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
        all_labels()
            .flat_map(|l| {
                l.char_indices().flat_map(move |(i, _)| {
                    l[i..]
                        .char_indices()
                        .map(move |(j, c)| &l[i..i + j + c.len_utf8()])
                })
            })
            .collect()
    });
    text.is_empty() || (text.len() <= LONGEST_LABEL && PIECES.contains(text))
}

/// FNV-1a, for the sets of label pieces: their keys are a few bytes, where the default
/// hasher's setup costs more than the lookup.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FastSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// What a label cell or assembled label piece names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A level1 category (canonical name).
    Level1(&'static str),
    /// A level2 category (canonical name) and its level1.
    Level2(&'static str, &'static str),
    /// An outer label of the whole indicator block (`绩效指标`).
    Outer,
}

/// Whether `text` names `canonical`, in full or without its trailing `指标`. Lengths are
/// compared first: labels are compared with every cell, and few have a label's length.
fn names(text: &str, canonical: &str) -> bool {
    const SUFFIX: &str = "指标";
    text == canonical
        || (canonical.len() == text.len() + SUFFIX.len()
            && canonical.starts_with(text)
            && canonical.ends_with(SUFFIX))
}

/// The level1 with this name (full, or without `指标`).
pub fn level1(text: &str) -> Option<&'static str> {
    squeezed_level1(&squeeze(text))
}

fn squeezed_level1(t: &str) -> Option<&'static str> {
    LEVEL1.iter().copied().find(|c| names(t, c))
}

/// The level2 with this name (full, or without `指标`), with its level1.
pub fn level2(text: &str) -> Option<(&'static str, &'static str)> {
    squeezed_level2(&squeeze(text))
}

fn squeezed_level2(t: &str) -> Option<(&'static str, &'static str)> {
    LEVEL2.iter().copied().find(|(c, _)| names(t, c))
}

/// The level1 a canonical level2 belongs to.
pub fn level1_of(level2_name: &str) -> Option<&'static str> {
    level2(level2_name).map(|(_, l1)| l1)
}

/// Classifies a label. Level1 wins over level2 for `成本指标`; a reader that sees it used as a
/// level2 (no level2 label follows it) calls [`level2`] instead.
///
/// Every cell of a grid is asked, so the answer is one lookup in a table of every spelling
/// (outer labels, then level1, then level2 names, in full and without `指标`; the first to
/// claim a spelling keeps it), with the text squeezed on the stack.
pub fn classify(text: &str) -> Option<Label> {
    static SPELLINGS: LazyLock<FastMap<&'static str, Label>> = LazyLock::new(|| {
        let mut map = FastMap::default();
        let short = |name: &'static str| name.strip_suffix("指标").filter(|s| !s.is_empty());
        for name in OUTER {
            map.entry(name).or_insert(Label::Outer);
        }
        for name in LEVEL1 {
            for spelling in std::iter::once(name).chain(short(name)) {
                map.entry(spelling).or_insert(Label::Level1(name));
            }
        }
        for (name, l1) in LEVEL2 {
            for spelling in std::iter::once(name).chain(short(name)) {
                map.entry(spelling).or_insert(Label::Level2(name, l1));
            }
        }
        map
    });
    static FIRSTS: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut firsts: Vec<char> = SPELLINGS.keys().filter_map(|k| k.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        firsts
    });
    // Most cells are no label, and their first character says so before any squeezing.
    let first = text.chars().find(|c| !c.is_whitespace())?;
    if FIRSTS.binary_search(&first).is_err() {
        return None;
    }
    let mut buf = [0u8; LONGEST_LABEL];
    squeeze_into(text, &mut buf).and_then(|t| SPELLINGS.get(t).copied())
}

/// Whether `text` could be the start of a label (its pieces so far), so a reader assembling
/// `可持` `续影` … knows whether to wait for more. Includes outer labels and header words.
pub fn is_label_prefix(text: &str) -> bool {
    // Every start of every label, sorted: asked of every piece a reader assembles.
    static PREFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut prefixes: Vec<&'static str> = all_labels()
            .flat_map(|l| l.char_indices().map(move |(i, c)| &l[..i + c.len_utf8()]))
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        prefixes
    });
    let t = squeeze(text);
    !t.is_empty() && PREFIXES.binary_search(&&*t).is_ok()
}

/// A start of a label (or a whole label), with what a reader assembling labels from pieces
/// asks of it. Built once for every start of every label, so that assembling a label piece by
/// piece is a lookup per piece rather than a search of all labels.
#[derive(Debug)]
pub struct LabelStart {
    /// The start itself.
    pub text: &'static str,
    /// What it names as written, as [`classify`] says.
    pub label: Option<Label>,
    /// Whether it is a whole label (level1, level2 or outer) written out.
    pub whole: bool,
    /// Whether a longer label starts with it.
    pub extendable: bool,
    /// The labels that start with it (itself included), in the order of `LEVEL1`, `LEVEL2`,
    /// `OUTER`; `成本指标` is there twice, as a level1 and as a level2.
    pub completions: Vec<&'static str>,
}

/// The start of a label that `text` is exactly (no white space is removed: readers ask this of
/// whitespace-free pieces).
pub fn label_start(text: &str) -> Option<&'static LabelStart> {
    label_start_joined(text, "")
}

/// The start of a label that `head` followed by `tail` is exactly, without joining them.
pub fn label_start_joined(head: &str, tail: &str) -> Option<&'static LabelStart> {
    static STARTS: LazyLock<FastMap<&'static [u8], LabelStart>> = LazyLock::new(|| {
        all_labels()
            .flat_map(|l| l.char_indices().map(move |(i, c)| &l[..i + c.len_utf8()]))
            .map(|text| {
                let start = LabelStart {
                    text,
                    label: classify(text),
                    whole: all_labels().any(|l| l == text),
                    extendable: all_labels().any(|l| l != text && l.starts_with(text)),
                    completions: all_labels().filter(|l| l.starts_with(text)).collect(),
                };
                (text.as_bytes(), start)
            })
            .collect()
    });
    // The two are joined in a buffer on the stack, so one lookup answers without building a
    // `String`; text longer than it is no label.
    let mut buf = [0u8; LONGEST_LABEL];
    let joined = buf.get_mut(..head.len() + tail.len())?;
    let (h, t) = joined.split_at_mut(head.len());
    h.copy_from_slice(head.as_bytes());
    t.copy_from_slice(tail.as_bytes());
    STARTS.get(&*joined)
}

/// Bytes of the longest label, `服务对象满意度指标`.
const LONGEST_LABEL: usize = 27;

/// Whether a level2 label is allowed under a level1 (the check of misplaced labels uses it).
pub fn allows(level1_name: &str, level2_name: &str) -> bool {
    LEVEL2
        .iter()
        .any(|(l2, l1)| *l2 == level2_name && *l1 == level1_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_partial_labels() {
        assert_eq!(
            classify("服务对象满意度"),
            Some(Label::Level2("服务对象满意度指标", "满意度指标"))
        );
        assert_eq!(classify("满意度指标"), Some(Label::Level1("满意度指标")));
        assert_eq!(
            classify("可持续影响指标"),
            Some(Label::Level2("可持续影响指标", "效益指标"))
        );
        assert_eq!(
            classify("数量"),
            Some(Label::Level2("数量指标", "产出指标"))
        );
        assert_eq!(classify("年度 指标值"), None);
        assert_eq!(classify("绩效指标"), Some(Label::Outer));
        assert_eq!(classify("项目计划完成率"), None);
        assert_eq!(classify("成本"), Some(Label::Level1("成本指标")));
        assert_eq!(classify(" 指 标 "), Some(Label::Outer));
        assert_eq!(classify(" "), None);
        assert_eq!(classify("服务对象满意度指标 指标"), None);
        // The table says what comparing with every name in order says.
        for text in all_labels().flat_map(|l| [l.to_string(), l.replace("指标", "")]) {
            let t = squeeze(&text);
            let want = if t.is_empty() {
                None
            } else if OUTER.contains(&&*t) {
                Some(Label::Outer)
            } else if let Some(l1) = squeezed_level1(&t) {
                Some(Label::Level1(l1))
            } else {
                squeezed_level2(&t).map(|(l2, l1)| Label::Level2(l2, l1))
            };
            assert_eq!(classify(&text), want, "{text}");
        }
    }

    #[test]
    fn level2_tells_level1() {
        assert_eq!(level1_of("社会效益指标"), Some("效益指标"));
        assert_eq!(level1_of("经济成本指标"), Some("成本指标"));
        assert_eq!(level1_of("成本指标"), Some("产出指标"));
        assert!(allows("产出指标", "成本指标"));
        assert!(!allows("效益指标", "数量指标"));
    }

    #[test]
    fn pieces_inside_labels() {
        for piece in [
            "可持",
            "续影",
            "响指",
            "标",
            "满意",
            "服务对象满意度指标",
            "绩效",
            "意度指",
        ] {
            assert!(in_some_label(piece), "{piece}");
        }
        for text in [
            "率",
            "1",
            "指标值",
            "项目预算",
            "可持续影响指标 ",
            "满意度指标指标",
        ] {
            assert!(!in_some_label(text), "{text}");
        }
    }

    #[test]
    fn starts_of_labels() {
        let s = label_start_joined("可持", "续影").unwrap();
        assert_eq!(s.text, "可持续影");
        assert!(s.extendable && !s.whole && s.label.is_none());
        assert_eq!(s.completions, vec!["可持续影响指标"]);
        let s = label_start("成本指标").unwrap();
        assert!(s.whole && !s.extendable);
        assert_eq!(s.label, Some(Label::Level1("成本指标")));
        assert_eq!(s.completions, vec!["成本指标", "成本指标"]);
        let s = label_start("满意度").unwrap();
        assert!(s.extendable && !s.whole);
        assert_eq!(s.label, Some(Label::Level1("满意度指标")));
        assert!(label_start("").is_none());
        assert!(label_start("可持 续").is_none());
        assert!(label_start_joined("满意度指标", "指标").is_none());
        for l in all_labels() {
            assert!(l.len() <= LONGEST_LABEL, "{l}");
            assert_eq!(label_start(l).map(|s| s.text), Some(l));
        }
        assert!(label_start_joined("服务对象满意度指标", "标").is_none());
    }

    #[test]
    fn prefixes_of_split_labels() {
        assert!(is_label_prefix("可持"));
        assert!(is_label_prefix("可持续影"));
        assert!(is_label_prefix("满意"));
        assert!(!is_label_prefix("项目预算"));
        assert!(is_label_prefix("服务对象满意度指标"));
        assert!(is_label_prefix("绩"));
        assert!(is_label_prefix(" 可持 续"));
        assert!(!is_label_prefix(""));
        assert!(!is_label_prefix("满意度指标 指标"));
    }
}
