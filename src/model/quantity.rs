//! Quantitative targets and actuals: `≥85.00(%)`, `>=29000家`, `=6台`, `<=30分钟`, `3146`.
//!
//! 年度指标值 and 实际完成值 are free text on the form. Where both are a number with an optional
//! comparator and unit, the check can tell whether the target was met (and so whether points
//! lost or kept are plausible); the writers and the summary use the same reading. Text that is
//! not a single quantity (`达成指标`, `及时`, `2024年12月底前`, `90%-95%`) is `None`: nothing is
//! guessed from it.

use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How a target bounds its value. On an actual (`≥90%`) it is only a claim; its number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    /// `≥`, `>=`, `不低于`, `…以上`
    Ge,
    /// `>`, `＞`, `高于`
    Gt,
    /// `=`
    Eq,
    /// `≤`, `<=`, `不超过`, `…以内`
    Le,
    /// `<`, `＜`, `低于`
    Lt,
}

impl Comparator {
    /// Whether `actual` satisfies this bound on `target`.
    pub fn holds(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Comparator::Ge => actual >= target,
            Comparator::Gt => actual > target,
            Comparator::Eq => actual == target,
            Comparator::Le => actual <= target,
            Comparator::Lt => actual < target,
        }
    }

    /// The sign as clerks write it.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Eq => "=",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A number with an optional comparator and unit, as read from a target or an actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    pub comparator: Option<Comparator>,
    pub value: Decimal,
    /// The unit without brackets (`%`, `人`, `周/次`, `分钟`); `None` when none is written.
    pub unit: Option<String>,
}

/// Comparators written before the number, longest first so `>=` is not read as `>`.
const PREFIXES: [(&str, Comparator); 26] = [
    ("大于等于", Comparator::Ge),
    ("大于或等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("小于或等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    (">=", Comparator::Ge),
    ("＞=", Comparator::Ge),
    ("<=", Comparator::Le),
    ("＜=", Comparator::Le),
    ("==", Comparator::Eq),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    (">", Comparator::Gt),
    ("＞", Comparator::Gt),
    ("<", Comparator::Lt),
    ("＜", Comparator::Lt),
    ("=", Comparator::Eq),
    ("＝", Comparator::Eq),
    ("高于", Comparator::Gt),
    ("低于", Comparator::Lt),
];

/// Comparators written after the unit (`90%以上`, `10天内`), longest first.
const SUFFIXES: [(&str, Comparator); 6] = [
    ("及以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以上", Comparator::Ge),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("内", Comparator::Le),
];

/// Characters that make the rest of a cell a date or a deadline, not a unit (`2024年底前`).
const NOT_UNIT: [char; 6] = ['前', '后', '底', '初', '末', '-'];

/// A unit longer than this is a description (`3个社区开展活动`), not a unit.
const MAX_UNIT_CHARS: usize = 6;

/// Folds full-width digits and signs to ASCII and drops white space, so `＝６台` reads as `=6台`.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// Splits a leading number (`29,000`, `6,164.19`, `.5` is not one) off `s`: the value and the rest.
/// Thousands separators must group three digits, so `1,2` is not a number.
fn split_number(s: &str) -> Option<(Decimal, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut digits = String::new();
    let mut seen_point = false;
    let mut group: Option<usize> = None; // digits since the last comma, when a comma was seen
    while end < bytes.len() {
        let c = bytes[end];
        if c.is_ascii_digit() {
            digits.push(c as char);
            if let Some(g) = group.as_mut() {
                *g += 1;
            }
        } else if c == b',' && !seen_point && !digits.is_empty() {
            // The first group holds one to three digits, every later group three.
            if group.is_some_and(|g| g != 3) || (group.is_none() && digits.len() > 3) {
                return None;
            }
            // A comma must be followed by a digit, or it is not part of the number.
            if !bytes.get(end + 1).is_some_and(|b| b.is_ascii_digit()) {
                break;
            }
            group = Some(0);
        } else if c == b'.' && !seen_point && !digits.is_empty() {
            if !bytes.get(end + 1).is_some_and(|b| b.is_ascii_digit()) {
                break;
            }
            if group.is_some_and(|g| g != 3) {
                return None;
            }
            group = None;
            seen_point = true;
            digits.push('.');
        } else {
            break;
        }
        end += 1;
    }
    if digits.is_empty() || group.is_some_and(|g| g != 3) {
        return None;
    }
    let value = Decimal::from_str(&digits).ok()?;
    Some((value, s.get(end..)?))
}

/// Reads a target or an actual as a quantity; `None` when the text is not one number with an
/// optional comparator (before, or `以上` / `以内` after) and an optional unit.
pub fn parse(text: &str) -> Option<Quantity> {
    let s = fold(text);
    let (mut comparator, rest) = match PREFIXES.iter().find(|(p, _)| s.starts_with(p)) {
        Some((p, c)) => (Some(*c), s.get(p.len()..)?),
        None => (None, s.as_str()),
    };
    let (negative, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (mut value, rest) = split_number(rest)?;
    if negative {
        value.set_sign_negative(true);
    }
    let mut unit = rest;
    if let Some((sfx, c)) = SUFFIXES.iter().find(|(sfx, _)| unit.ends_with(sfx)) {
        unit = unit.get(..unit.len() - sfx.len())?;
        comparator = comparator.or(Some(*c));
    }
    if let Some(inner) = unit.strip_prefix('(') {
        unit = inner.strip_suffix(')')?;
    }
    let valid = unit.chars().count() <= MAX_UNIT_CHARS
        && !unit
            .chars()
            .any(|c| c.is_ascii_digit() || c == '(' || c == ')' || NOT_UNIT.contains(&c));
    if !valid {
        return None;
    }
    Some(Quantity {
        comparator,
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
    })
}

impl Quantity {
    /// Whether `actual` meets this quantity read as a target. `None` when it cannot be told:
    /// the units differ, or the target has no comparator and the numbers differ (a bare `90%`
    /// may mean "at least" or "exactly"). An actual without a unit takes the target's.
    pub fn met_by(&self, actual: &Quantity) -> Option<bool> {
        if let (Some(t), Some(a)) = (&self.unit, &actual.unit)
            && t != a
        {
            return None;
        }
        match self.comparator {
            Some(c) => Some(c.holds(actual.value, self.value)),
            None if actual.value == self.value => Some(true),
            None => None,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = self.comparator {
            write!(f, "{c}")?;
        }
        write!(f, "{}", self.value)?;
        if let Some(u) = &self.unit {
            write!(f, "{u}")?;
        }
        Ok(())
    }
}

/// Whether the actual meets the target, both as written; `None` when either is not
/// quantitative or they cannot be compared (see [`Quantity::met_by`]).
pub fn target_met(target: &str, actual: &str) -> Option<bool> {
    parse(target)?.met_by(&parse(actual)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn q(c: Option<Comparator>, v: &str, u: Option<&str>) -> Option<Quantity> {
        Some(Quantity {
            comparator: c,
            value: d(v),
            unit: u.map(str::to_string),
        })
    }

    #[test]
    fn parses_bracketed_units() {
        assert_eq!(
            parse("≥85.00(%)"),
            q(Some(Comparator::Ge), "85.00", Some("%"))
        );
        assert_eq!(parse("100.00(%)"), q(None, "100.00", Some("%")));
        assert_eq!(parse("=2.00(人)"), q(Some(Comparator::Eq), "2", Some("人")));
        assert_eq!(
            parse("=4.00(周/次)"),
            q(Some(Comparator::Eq), "4", Some("周/次"))
        );
        assert_eq!(
            parse("=100（%）"),
            q(Some(Comparator::Eq), "100", Some("%"))
        );
    }

    #[test]
    fn parses_attached_units_and_separators() {
        assert_eq!(
            parse(">=29000家"),
            q(Some(Comparator::Ge), "29000", Some("家"))
        );
        assert_eq!(parse("3146"), q(None, "3146", None));
        assert_eq!(
            parse(">=18,000件"),
            q(Some(Comparator::Ge), "18000", Some("件"))
        );
        assert_eq!(parse("6,164.19"), q(None, "6164.19", None));
        assert_eq!(parse("=6台"), q(Some(Comparator::Eq), "6", Some("台")));
        assert_eq!(
            parse("<=30分钟"),
            q(Some(Comparator::Le), "30", Some("分钟"))
        );
        assert_eq!(
            parse(">=100人次"),
            q(Some(Comparator::Ge), "100", Some("人次"))
        );
        assert_eq!(parse("≥90%"), q(Some(Comparator::Ge), "90", Some("%")));
        assert_eq!(parse("= 0"), q(Some(Comparator::Eq), "0", None));
        assert_eq!(
            parse("＜10.00(%)"),
            q(Some(Comparator::Lt), "10", Some("%"))
        );
        assert_eq!(
            parse("＞90.00(%)"),
            q(Some(Comparator::Gt), "90", Some("%"))
        );
    }

    #[test]
    fn parses_word_comparators() {
        assert_eq!(parse("不低于90%"), q(Some(Comparator::Ge), "90", Some("%")));
        assert_eq!(parse("90%以上"), q(Some(Comparator::Ge), "90", Some("%")));
        assert_eq!(parse("10天内"), q(Some(Comparator::Le), "10", Some("天")));
    }

    #[test]
    fn text_that_is_not_one_quantity_is_none() {
        for text in [
            "达成指标",
            "及时",
            "2024年12月底前",
            "2024年底前",
            "",
            "-",
            "90%-95%",
            "1,2",
            "12,34.5",
            "≥",
            "部分达成指标并具有一定效果",
            "3个社区开展志愿服务活动",
            "(%)100",
            "1234,567",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn target_met_examples() {
        assert_eq!(target_met("≥85.00(%)", "100.00(%)"), Some(true));
        assert_eq!(target_met(">=29000家", "3146"), Some(false));
        assert_eq!(target_met("=6台", "=6台"), Some(true));
        assert_eq!(target_met("<=30分钟", "≤30分钟"), Some(true));
        assert_eq!(target_met(">=90%", "≥90%"), Some(true));
        assert_eq!(target_met(">=90%", "89.99%"), Some(false));
        assert_eq!(target_met("=100(%)", "100.00(%)"), Some(true));
        assert_eq!(target_met("=100.00(%)", "99.67(%)"), Some(false));
        assert_eq!(target_met(">99.00(%)", "99.00(%)"), Some(false));
        assert_eq!(target_met("<10.00(%)", "3.40(%)"), Some(true));
        assert_eq!(target_met("=0", "0"), Some(true));
    }

    #[test]
    fn target_met_unknown_cases() {
        assert_eq!(target_met("达成指标", "达成指标"), None);
        assert_eq!(target_met("及时", "及时"), None);
        assert_eq!(target_met("2024年12月底前", "2024年12月"), None);
        assert_eq!(target_met("≥85.00(%)", "达成指标"), None);
        // Different units cannot be compared.
        assert_eq!(target_met(">=100人次", "120人"), None);
        // A bare target is met when equal, unknown otherwise.
        assert_eq!(target_met("90%", "90.0%"), Some(true));
        assert_eq!(target_met("90%", "95%"), None);
    }

    #[test]
    fn displays_as_written_form() {
        assert_eq!(parse("≥85.00(%)").unwrap().to_string(), "≥85.00%");
        assert_eq!(parse("3146").unwrap().to_string(), "3146");
    }
}
