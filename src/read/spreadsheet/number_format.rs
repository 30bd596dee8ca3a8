//! Number formats: the text Excel shows for a number under a cell's format code. Shared by
//! every workbook format that stores values apart from their formats (.xlsx, .xlsb, .xls).

use rust_decimal::{Decimal, RoundingStrategy};

/// Whether a format code is Excel's General (or WPS's Chinese spelling of it).
pub fn is_general(code: &str) -> bool {
    let c = code.trim();
    c.is_empty() || c.eq_ignore_ascii_case("general") || c == "G/通用格式"
}

/// Whether a number format code shows a date or time (the caller renders those itself).
/// Looks for date/time letters outside quotes, escapes and `[...]` tags (except the elapsed
/// time tags `[h]`, `[mm]`, `[ss]`), after dropping `General` and scientific `E+`/`E-`.
pub fn is_date_format(code: &str) -> bool {
    if code.contains("上午/下午") {
        return true;
    }
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '"' => {
                while chars.get(i).is_some_and(|&q| q != '"') {
                    i += 1;
                }
                i += 1;
            }
            '\\' | '_' | '*' => i += 1,
            '[' => {
                let start = i;
                while chars.get(i).is_some_and(|&q| q != ']') {
                    i += 1;
                }
                let tag: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                i += 1;
                let t = tag.to_ascii_lowercase();
                if !t.is_empty() && t.chars().all(|c| c == 'h' || c == 'm' || c == 's') {
                    return true;
                }
            }
            'e' | 'E' if matches!(chars.get(i), Some('+' | '-')) => i += 1,
            'g' | 'G' if starts_with_ci(&chars[i - 1..], "general") => i += 6,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

fn starts_with_ci(chars: &[char], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n
        && chars
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// The text Excel shows for `value` under the number format `format` (None = General).
///
/// Numbers are rounded as Excel does: first to 15 significant digits (so binary noise such as
/// 94.559999999999988 is 94.56), then half away from zero on that decimal text (2.675 under
/// `0.00` is 2.68). Thousands separators are not shown (`#,##0.00` gives `6164.19`): they are
/// presentation only and the reader would drop them anyway. Percent codes multiply by 100,
/// trailing commas (`#,##0.00,`) divide by 1,000 each, quoted or `\`-escaped literals stay,
/// `pos;neg;zero` sections and `[>100]` conditions pick the section, colour and locale tags
/// are ignored (a `[$¥-804]` currency tag shows its symbol), `_x` padding and `*x` fills show
/// nothing. General never uses exponent form. Date/time and fraction (`# ?/?`) codes give the
/// General text: dates are the caller's, fractions do not occur in these forms.
pub fn display(value: f64, format: Option<&str>) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let num = Num::from_f64(value);
    let Some(code) = format.filter(|c| !is_general(c)) else {
        return num.general_signed();
    };
    if is_date_format(code) {
        return num.general_signed();
    }
    let sections: Vec<Section> = split_sections(code)
        .into_iter()
        .map(parse_section)
        .collect();
    let Some((section, minus)) = pick_section(&sections, value) else {
        return num.general_signed();
    };
    let body = section.render(&num);
    match body {
        Some(text) if minus => format!("-{text}"),
        Some(text) => text,
        None => num.general_signed(),
    }
}

/// A number as at most 15 significant decimal digits: value = 0.`digits` × 10^`point`.
#[derive(Debug, Clone)]
struct Num {
    neg: bool,
    /// Significant digits (ASCII), no leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    point: i32,
}

impl Num {
    /// Rust's `{:e}` formatting rounds the exact binary value correctly, so this is the
    /// 15-digit decimal Excel works from.
    fn from_f64(v: f64) -> Num {
        let s = format!("{:.14e}", v.abs());
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Num {
            neg: v < 0.0 && !digits.is_empty(),
            point: if digits.is_empty() { 0 } else { exp + 1 },
            digits,
        }
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Multiplied by 10^k (exact: only the decimal point moves).
    fn shifted(&self, k: i32) -> Num {
        Num {
            point: self.point + if self.is_zero() { 0 } else { k },
            ..self.clone()
        }
    }

    /// The plain decimal text of the magnitude, never in exponent form.
    fn general(&self) -> String {
        let (int, frac) = self.split_exact();
        let int = if int.is_empty() { "0".to_string() } else { int };
        if frac.is_empty() {
            int
        } else {
            format!("{int}.{frac}")
        }
    }

    fn general_signed(&self) -> String {
        if self.neg {
            format!("-{}", self.general())
        } else {
            self.general()
        }
    }

    /// Integer digits (no leading zeros; "" for zero) and all fraction digits.
    fn split_exact(&self) -> (String, String) {
        let len = self.digits.len() as i32;
        let digit = |i: i32| -> char {
            usize::try_from(i)
                .ok()
                .and_then(|i| self.digits.get(i))
                .map_or('0', |&d| char::from(d))
        };
        let int: String = (0..self.point.max(0)).map(digit).collect();
        let frac: String = (self.point.min(len)..len).map(digit).collect();
        (int, frac)
    }

    /// Rounded half away from zero to `dec` decimals: integer digits (no leading zeros, ""
    /// for zero) and exactly `dec` fraction digits.
    fn round(&self, dec: u32) -> (String, String) {
        let len = self.digits.len() as i32;
        let dec_i = dec as i32;
        if len - self.point <= dec_i {
            // Already exact at this many decimals: pad.
            let (int, mut frac) = self.split_exact();
            frac.extend(std::iter::repeat_n('0', dec as usize - frac.len()));
            return (int, frac);
        }
        // Only the first dropped digit decides a half-away-from-zero rounding, so keep
        // dec + 1 decimals and let Decimal round them.
        let keep = self.point + dec_i + 1;
        let zero = || (String::new(), "0".repeat(dec as usize));
        if keep <= 0 {
            return zero();
        }
        let mantissa = self
            .digits
            .iter()
            .take(keep as usize)
            .fold(0i128, |m, d| m * 10 + i128::from(d - b'0'));
        let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, dec + 1) else {
            return zero();
        };
        let mut r = d.round_dp_with_strategy(dec, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(dec);
        let text = r.to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let int = int.trim_start_matches('0').to_string();
        (int, frac.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(String),
    /// A digit placeholder: b'0', b'#' or b'?'.
    Digit(u8),
    Point,
    Comma,
    Percent,
    /// Scientific `E+` (true) or `E-` (false).
    Exp(bool),
    General,
    Text,
    Slash,
}

#[derive(Debug, Clone, Default)]
struct Section {
    toks: Vec<Tok>,
    cond: Option<(Cmp, f64)>,
}

/// The `;`-separated sections of a code (at most 4), honouring quotes, escapes and tags.
fn split_sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' if !bracket => quoted = !quoted,
            '\\' | '_' | '*' if !quoted && !bracket => escaped = true,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out.truncate(4);
    out
}

fn parse_section(s: &str) -> Section {
    let chars: Vec<char> = s.chars().collect();
    let mut sec = Section::default();
    let mut i = 0;
    let lit = |toks: &mut Vec<Tok>, text: &str| match toks.last_mut() {
        Some(Tok::Lit(prev)) => prev.push_str(text),
        _ => toks.push(Tok::Lit(text.to_string())),
    };
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '"' => {
                let start = i;
                while chars.get(i).is_some_and(|&q| q != '"') {
                    i += 1;
                }
                let text: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                lit(&mut sec.toks, &text);
                i += 1;
            }
            '\\' => {
                if let Some(&n) = chars.get(i) {
                    lit(&mut sec.toks, &n.to_string());
                }
                i += 1;
            }
            '_' | '*' => i += 1,
            '[' => {
                let start = i;
                while chars.get(i).is_some_and(|&q| q != ']') {
                    i += 1;
                }
                let tag: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
                i += 1;
                if let Some(cur) = tag.strip_prefix('$') {
                    // [$¥-804]: currency symbol then locale; [$-804]: locale only.
                    let symbol = cur.split('-').next().unwrap_or("");
                    if !symbol.is_empty() {
                        lit(&mut sec.toks, symbol);
                    }
                } else if let Some(cond) = parse_condition(&tag) {
                    sec.cond = Some(cond);
                }
            }
            '0' | '#' | '?' => sec.toks.push(Tok::Digit(c as u8)),
            '.' if !sec
                .toks
                .iter()
                .any(|t| matches!(t, Tok::Point | Tok::Exp(_))) =>
            {
                sec.toks.push(Tok::Point);
            }
            ',' => sec.toks.push(Tok::Comma),
            '%' => sec.toks.push(Tok::Percent),
            'e' | 'E' if matches!(chars.get(i), Some('+' | '-')) => {
                sec.toks.push(Tok::Exp(chars.get(i) == Some(&'+')));
                i += 1;
            }
            '@' => sec.toks.push(Tok::Text),
            '/' => sec.toks.push(Tok::Slash),
            'g' | 'G' if starts_with_ci(&chars[i - 1..], "general") => {
                sec.toks.push(Tok::General);
                i += 6;
            }
            'G' if chars[i - 1..].starts_with(&['G', '/', '通', '用', '格', '式']) => {
                sec.toks.push(Tok::General);
                i += 5;
            }
            _ => lit(&mut sec.toks, &c.to_string()),
        }
    }
    sec
}

/// `>=100`, `<0`, `=1` … (the inside of a `[...]` tag).
fn parse_condition(tag: &str) -> Option<(Cmp, f64)> {
    let (cmp, rest) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<>", Cmp::Ne),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .iter()
    .find_map(|(p, c)| tag.strip_prefix(p).map(|r| (*c, r)))?;
    rest.trim().parse::<f64>().ok().map(|v| (cmp, v))
}

fn holds(cond: (Cmp, f64), v: f64) -> bool {
    let (cmp, x) = cond;
    match cmp {
        Cmp::Lt => v < x,
        Cmp::Le => v <= x,
        Cmp::Gt => v > x,
        Cmp::Ge => v >= x,
        Cmp::Eq => v == x,
        Cmp::Ne => v != x,
    }
}

/// The section a value is shown with, and whether a minus sign goes in front (a section of
/// its own for negatives carries its own sign; a shared one gets Excel's automatic minus).
fn pick_section(sections: &[Section], v: f64) -> Option<(&Section, bool)> {
    let neg = v < 0.0;
    // Only number sections count: a 4th section is for text.
    let n = sections.len().min(3);
    let first = sections.first()?;
    if sections.iter().take(2).any(|s| s.cond.is_some()) {
        let chosen = if first.cond.is_none_or(|c| holds(c, v)) {
            first
        } else {
            match sections.get(1) {
                Some(s) if s.cond.is_none_or(|c| holds(c, v)) => s,
                Some(_) if n == 3 => sections.get(2)?,
                _ => return None,
            }
        };
        // A section whose condition only admits negatives is written for them, and the
        // section for "everything else" shows no automatic minus (as LibreOffice does).
        let auto_minus = chosen
            .cond
            .is_some_and(|(cmp, x)| !(matches!(cmp, Cmp::Lt | Cmp::Le) && x <= 0.0));
        return Some((chosen, neg && auto_minus));
    }
    Some(match n {
        1 => (first, neg),
        2 if neg => (sections.get(1)?, false),
        2 => (first, false),
        _ if neg => (sections.get(1)?, false),
        _ if v == 0.0 => (sections.get(2)?, false),
        _ => (first, false),
    })
}

impl Section {
    /// The section applied to |value|; `None` when it cannot show a number (a text-only
    /// section like `@`, or a fraction), so the caller shows the General text.
    fn render(&self, num: &Num) -> Option<String> {
        let toks = &self.toks;
        let has_digit = toks.iter().any(|t| matches!(t, Tok::Digit(_)));
        if toks.contains(&Tok::Text) && !has_digit {
            return None;
        }
        let exp_at = toks.iter().position(|t| matches!(t, Tok::Exp(_)));
        let mantissa_end = exp_at.unwrap_or(toks.len());
        let point_at = toks[..mantissa_end]
            .iter()
            .position(|t| *t == Tok::Point)
            .unwrap_or(mantissa_end);
        let is_digit = |i: usize| matches!(toks.get(i), Some(Tok::Digit(_)));
        // A fraction: a slash between digit placeholders.
        if toks.iter().enumerate().any(|(i, t)| {
            *t == Tok::Slash && (0..i).any(is_digit) && (i + 1..toks.len()).any(is_digit)
        }) {
            return None;
        }
        // Commas right after a digit placeholder and not followed by one scale by 1,000.
        let mut scale_commas = 0i32;
        let mut i = 0;
        while i < mantissa_end {
            if toks[i] == Tok::Comma {
                let run_start = i;
                while i < mantissa_end && toks[i] == Tok::Comma {
                    i += 1;
                }
                let after_digit = run_start > 0 && is_digit(run_start - 1);
                let before_digit = i < mantissa_end && is_digit(i);
                if after_digit && !before_digit {
                    scale_commas += (i - run_start) as i32;
                }
            } else {
                i += 1;
            }
        }
        let percents = toks.iter().filter(|t| **t == Tok::Percent).count() as i32;
        let num = num.shifted(2 * percents - 3 * scale_commas);

        let int_slots: Vec<u8> = digit_kinds(&toks[..point_at]);
        let frac_slots: Vec<u8> = digit_kinds(&toks[point_at.min(mantissa_end)..mantissa_end]);
        let exp_slots: Vec<u8> = exp_at.map_or(Vec::new(), |e| digit_kinds(&toks[e..]));
        // Decimals beyond what Decimal can scale show as zeros (Excel allows 30).
        let dec = frac_slots.len().min(27) as u32;

        let (int_text, frac_text, exp) = match exp_at {
            None => {
                let (int, frac) = num.round(dec);
                (int, frac, None)
            }
            Some(_) => {
                let (int, frac, e) = scientific(&num, &int_slots, dec);
                (int, frac, Some(e))
            }
        };
        let int_fill = fill_right(&int_text, &int_slots);
        let frac_fill = fill_fraction(&frac_text, &frac_slots);
        let exp_fill = exp.map(|e: i32| fill_right(&e.unsigned_abs().to_string(), &exp_slots));

        let mut out = String::new();
        let (mut ii, mut fi, mut ei) = (0, 0, 0);
        // Integer digits with no placeholder of their own (`.00` with 12.5) go before the
        // point.
        let orphan_int = int_slots.is_empty() && !int_text.is_empty();
        for (k, t) in toks.iter().enumerate() {
            match t {
                Tok::Lit(s) => out.push_str(s),
                Tok::Digit(_) if k < point_at => {
                    out.push_str(int_fill.get(ii).map_or("", String::as_str));
                    ii += 1;
                }
                Tok::Digit(_) if k < mantissa_end => {
                    out.push_str(frac_fill.get(fi).map_or("", String::as_str));
                    fi += 1;
                }
                Tok::Digit(_) => {
                    if let Some(f) = &exp_fill {
                        out.push_str(f.get(ei).map_or("", String::as_str));
                    }
                    ei += 1;
                }
                Tok::Point => {
                    if orphan_int {
                        out.push_str(&int_text);
                    }
                    out.push('.');
                }
                Tok::Percent => out.push('%'),
                Tok::Exp(plus) => {
                    out.push('E');
                    match exp {
                        Some(e) if e < 0 => out.push('-'),
                        _ if *plus => out.push('+'),
                        _ => {}
                    }
                }
                Tok::General => out.push_str(&num.general()),
                Tok::Slash => out.push('/'),
                Tok::Comma | Tok::Text => {}
            }
        }
        Some(out)
    }
}

fn digit_kinds(toks: &[Tok]) -> Vec<u8> {
    toks.iter()
        .filter_map(|t| match t {
            Tok::Digit(k) => Some(*k),
            _ => None,
        })
        .collect()
}

/// Mantissa digits and exponent for a scientific code. With one integer placeholder (or
/// only `0`s) the mantissa has that many integer digits; with `#`/`?` placeholders (`##0.0E+0`)
/// the exponent is a multiple of their count (engineering notation).
fn scientific(num: &Num, int_slots: &[u8], dec: u32) -> (String, String, i32) {
    if num.is_zero() {
        let (i, f) = num.round(dec);
        return (i, f, 0);
    }
    let k = int_slots.len().max(1) as i32;
    let engineering = k > 1 && int_slots.iter().any(|&s| s != b'0');
    let pick = |point: i32| {
        if engineering {
            (point - 1).div_euclid(k) * k
        } else {
            point - k
        }
    };
    let mut e = pick(num.point);
    let (mut int, mut frac) = num.shifted(-e).round(dec);
    // Rounding up may carry into one more integer digit (9.99 → 10.0): move the exponent.
    if int.len() as i32 > k {
        e = if engineering { e + k } else { e + 1 };
        (int, frac) = num.shifted(-e).round(dec);
    }
    (int, frac, e)
}

/// Integer digits into placeholders from the right; the leftmost placeholder also takes any
/// digits left over. `0` pads with a zero; `#` and `?` show nothing where there is no digit.
fn fill_right(digits: &str, slots: &[u8]) -> Vec<String> {
    let digits: Vec<char> = digits.chars().collect();
    let n = slots.len();
    let mut out = vec![String::new(); n];
    for (j, slot) in slots.iter().enumerate() {
        let from_right = n - 1 - j;
        out[j] = match digits.len().checked_sub(from_right + 1) {
            Some(idx) if j == 0 => digits[..=idx].iter().collect(),
            Some(idx) => digits[idx].to_string(),
            None if *slot == b'0' => "0".to_string(),
            None => String::new(),
        };
    }
    out
}

/// Fraction digits into placeholders from the left; trailing zeros under `#`/`?` are dropped.
fn fill_fraction(digits: &str, slots: &[u8]) -> Vec<String> {
    let digits: Vec<char> = digits.chars().collect();
    let mut out: Vec<String> = slots
        .iter()
        .enumerate()
        .map(|(j, _)| digits.get(j).copied().unwrap_or('0').to_string())
        .collect();
    for j in (0..slots.len()).rev() {
        if slots[j] != b'0' && out[j] == "0" {
            out[j].clear();
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::biff::builtin_format;

    #[test]
    fn general_has_no_float_noise_and_no_exponent() {
        let cases: &[(f64, &str)] = &[
            // The double nearest 94.56 - 1e-14, which prints as 94.55999999999999.
            (94.56 - 1e-14, "94.56"),
            (f64::from_bits(94.56f64.to_bits() - 1), "94.56"),
            (0.1 + 0.2, "0.3"),
            (1e20, "100000000000000000000"),
            (1e-7, "0.0000001"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (-0.0, "0"),
            (123456789012345678.0, "123456789012346000"),
            (6261700.0, "6261700"),
            (1.0 / 3.0, "0.333333333333333"),
        ];
        for &(v, want) in cases {
            assert_eq!(display(v, None), want, "{v}");
            assert_eq!(display(v, Some("General")), want, "{v}");
        }
        assert_eq!(display(f64::NAN, None), "");
    }

    #[test]
    fn codes_show_as_excel_shows_them() {
        let cases: &[(f64, &str, &str)] = &[
            (10.0, "0.00", "10.00"),
            (2.675, "0.00", "2.68"),
            (-2.675, "0.00", "-2.68"),
            (0.125, "0.00", "0.13"),
            (1109328675740809.3, "0.00", "1109328675740810.00"),
            (6261700.0, "0", "6261700"),
            (0.5, "0", "1"),
            (-0.5, "0", "-1"),
            (6164.19, "#,##0.00", "6164.19"),
            (1234567.0, "#,##0", "1234567"),
            (0.86, "0%", "86%"),
            (0.8567, "0.00%", "85.67%"),
            (1.0, "0.00%", "100.00%"),
            (0.005, "0%", "1%"),
            (1234500.0, "#,##0.00,", "1234.50"),
            (1234.5, "#,##0.0,", "1.2"),
            (12_200_000.0, "0.0,,", "12.2"),
            (12.5, "0.00\"万元\"", "12.50万元"),
            (12.5, "0.00\\元", "12.50元"),
            (12.5, "#,##0.00_ ", "12.50"),
            (-12.5, "#,##0.00;[Red]-#,##0.00", "-12.50"),
            (-12.5, "#,##0.00;(#,##0.00)", "(12.50)"),
            (-12.5, "#,##0.00_);[Red]\\(#,##0.00\\)", "(12.50)"),
            (0.0, "0.00;-0.00;\"-\"", "-"),
            (0.001, "0.00;-0.00;\"-\"", "0.00"),
            (-3.0, "0;;", ""),
            (12.0, "[Red]0.00", "12.00"),
            (12.0, "[$-804]0.00", "12.00"),
            (12.0, "[$¥-804]#,##0.00", "¥12.00"),
            (-12.0, "\"¥\"#,##0.00", "-¥12.00"),
            (12.0, "@", "12"),
            (12.25, "#.#", "12.3"),
            (12.0, "#.##", "12."),
            (0.5, "#.00", ".50"),
            (12.5, ".00", "12.50"),
            (0.0, "#", ""),
            (5.0, "000", "005"),
            (1234567.0, "000-0000", "123-4567"),
            (1.5, "0.0#", "1.5"),
            (1.0, "0.0#", "1.0"),
            (12345.0, "0.00E+00", "1.23E+04"),
            (0.000123, "0.00E+00", "1.23E-04"),
            (9.999, "0.00E+00", "1.00E+01"),
            (12345.0, "##0.0E+0", "12.3E+3"),
            (0.0, "0.00E+00", "0.00E+00"),
            (0.5, "# ?/?", "0.5"),
            (1500.0, "[>=1000]0.0,\"K\";0", "1.5K"),
            (15.0, "[>=1000]0.0,\"K\";0", "15"),
            (-1.0, "[>=1000]0.0,\"K\";0", "1"),
            (-5.0, "[<1000]0;0.0,\"K\"", "-5"),
            (-5.0, "[<0]\"负\"0;0", "负5"),
            (99.995, "0.00", "100.00"),
            (12345678.9, "#,##0.00", "12345678.90"),
            (12.0, "G/通用格式\"元\"", "12元"),
            (12.0, "General\"个\"", "12个"),
            // Excel keeps the minus of a negative that rounds to zero (LibreOffice drops it).
            (-1e-16, "0.00", "-0.00"),
            (-0.004, "0%", "-0%"),
            (1e300, "0", &format!("1{}", "0".repeat(300))),
            (1e-30, "0.00", "0.00"),
            (45000.0, "yyyy\"年\"m\"月\"d\"日\"", "45000"),
        ];
        for &(v, code, want) in cases {
            assert_eq!(display(v, Some(code)), want, "{v} under {code}");
        }
    }

    #[test]
    fn date_codes_are_told_apart() {
        for date in [
            "m/d/yy",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-804]yyyy年m月d日",
            "h:mm AM/PM",
            "[h]:mm:ss",
            "上午/下午h\"时\"mm\"分\"",
            "yyyy/m/d;@",
            "mm:ss.0",
        ] {
            assert!(is_date_format(date), "{date}");
        }
        for number in [
            "General",
            "0.00",
            "#,##0.00_ ;[Red]-#,##0.00 ",
            "0.00E+00",
            "0.00\"万元\"",
            "\"¥\"#,##0.00",
            "[Red][>=100]0.00",
            "@",
            "0\\d",
            "G/通用格式",
        ] {
            assert!(!is_date_format(number), "{number}");
        }
        for ifmt in [14, 22, 27, 31, 36, 45, 46, 47, 50, 58] {
            assert!(builtin_format(ifmt).is_some_and(is_date_format), "{ifmt}");
        }
        for ifmt in [1, 2, 3, 4, 9, 10, 11, 37, 40, 43, 48, 49] {
            assert!(!builtin_format(ifmt).is_some_and(is_date_format), "{ifmt}");
        }
    }
}
