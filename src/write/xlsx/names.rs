//! Sheet names: one valid, unique name per form, and links between sheets.

use super::{FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};
use crate::model::Report;
use std::collections::HashSet;

/// Sheet names a form sheet may never take: ours, plus `History`, which Excel reserves.
pub(super) const RESERVED_SHEETS: [&str; 4] =
    [SUMMARY_SHEET, LOST_SHEET, FINDINGS_SHEET, "History"];

/// Excel's limit on a sheet name, in UTF-16 code units.
pub(super) const MAX_SHEET_NAME: usize = 31;

/// One valid, unique sheet name per report, from its project name. Excel refuses names longer
/// than 31 characters, with any of `[]:*?/\`, starting or ending with `'`, blank, or equal
/// (ignoring case) to another sheet; `taken` are names already used by other sheets.
pub fn sheet_names(reports: &[Report], taken: &[&str]) -> Vec<String> {
    let mut used: HashSet<String> = RESERVED_SHEETS
        .iter()
        .chain(taken)
        .map(|n| n.to_lowercase())
        .collect();
    reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let base = clean_sheet_name(&r.project);
            let base = if base.is_empty() {
                format!("自评表{}", i + 1)
            } else {
                base
            };
            let mut name = truncate_utf16(&base, MAX_SHEET_NAME);
            let mut n = 2;
            while used.contains(&name.to_lowercase()) {
                let suffix = format!("({n})");
                let head = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len());
                name = format!("{}{suffix}", head.trim_end_matches('\''));
                n += 1;
            }
            used.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// Replaces the characters Excel forbids in sheet names and trims what may not start or end one.
pub(super) fn clean_sheet_name(project: &str) -> String {
    let replaced: String = project
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim().trim_matches('\'').trim();
    truncate_utf16(trimmed, MAX_SHEET_NAME)
        .trim_end()
        .trim_end_matches('\'')
        .to_string()
}

/// The longest prefix of `s` that fits in `max` UTF-16 code units.
pub(super) fn truncate_utf16(s: &str, max: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max
        })
        .collect()
}

/// The `internal:` hyperlink to cell A1 of a sheet.
pub(super) fn internal_link(sheet: &str) -> String {
    format!("internal:'{}'!A1", sheet.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TITLE;

    fn named(project: &str) -> Report {
        Report {
            source: Default::default(),
            title: TITLE.to_string(),
            year: Some(2024),
            project: project.to_string(),
            department: String::new(),
            implementing_unit: String::new(),
            money_unit: "万元".to_string(),
            funds: Default::default(),
            goals: Default::default(),
            indicators: vec![],
            total: Default::default(),
            grade: None,
            unplaced: vec![],
            extra_funds: Vec::new(),
            texts: Vec::new(),
            incomplete: false,
            points: Vec::new(),
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "上海市闵行区七宝镇社区充换电柜非机动车棚危棚改造及修复项目尾款支付";
        let reports: Vec<Report> = [
            "a/b:c*d?e[f]g\\h",
            "'quoted'",
            "   ",
            "汇总",
            "扣分明细",
            "Project",
            "PROJECT",
            long,
            long,
            "history",
        ]
        .iter()
        .map(|p| named(p))
        .collect();
        let names = sheet_names(&reports, &[]);
        assert_eq!(names[0], "a_b_c_d_e_f_g_h");
        assert_eq!(names[1], "quoted");
        assert_eq!(names[2], "自评表3");
        assert_eq!(names[3], "汇总(2)");
        assert_eq!(names[4], "扣分明细(2)");
        assert_eq!(names[5], "Project");
        assert_eq!(names[6], "PROJECT(2)");
        assert_eq!(names[9], "history(2)");
        let mut seen = HashSet::new();
        for n in &names {
            assert!(n.encode_utf16().count() <= 31, "{n}");
            assert!(!n.starts_with('\'') && !n.ends_with('\''), "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
            assert!(seen.insert(n.to_lowercase()), "duplicate {n}");
        }
        assert_ne!(names[7], names[8]);
        assert!(names[8].ends_with("(2)"));
    }
}
