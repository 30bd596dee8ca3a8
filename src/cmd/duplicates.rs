//! The same form read twice in one batch: a copy in two folders, or a workbook selfeval wrote
//! into its own input folder on an earlier run. Counted once, with a warning naming both
//! places, so that no total in 汇总 or the summary page counts a project twice.

use selfeval::model::{Report, Source};
use std::collections::HashMap;

/// A form that repeats an earlier one.
pub struct Repeat {
    /// Index of the repeat in the batch.
    pub index: usize,
    pub warning: String,
}

/// The forms that repeat an earlier form of the batch: same project, department, year, and
/// every figure and word of the form (all but where it was read from and what was unplaced).
pub fn repeated(reports: &[Report]) -> Vec<Repeat> {
    let mut first: HashMap<(&str, &str, Option<i32>), Vec<usize>> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let same_head = first
            .entry((&r.project, &r.department, r.year))
            .or_default();
        match same_head.iter().find(|&&j| same_form(&reports[j], r)) {
            Some(&j) => out.push(Repeat {
                index: i,
                warning: format!(
                    "{} 与 {} 是同一张自评表（{}），只计一次 (the same form read twice; counted once)",
                    reports[i].source, reports[j].source, r.project
                ),
            }),
            None => same_head.push(i),
        }
    }
    out
}

/// Whether two forms say the same, wherever each was read from.
fn same_form(a: &Report, b: &Report) -> bool {
    let strip = |r: &Report| Report {
        source: Source::default(),
        unplaced: Vec::new(),
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
        ..r.clone()
    };
    a.project == b.project && strip(a) == strip(b)
}

/// Removes the repeats, keeping the first reading of each form.
pub fn remove<T>(items: &mut Vec<T>, repeats: &[Repeat]) {
    let mut drop = repeats.iter().map(|r| r.index).peekable();
    let mut i = 0;
    items.retain(|_| {
        let keep = drop.peek() != Some(&i);
        if !keep {
            drop.next();
        }
        i += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(file: &str, project: &str, score: &str) -> Report {
        Report {
            source: Source {
                file: file.to_string(),
                line: Some(1),
                sheet: None,
            },
            title: selfeval::model::TITLE.to_string(),
            year: Some(2024),
            project: project.to_string(),
            department: "部门".to_string(),
            implementing_unit: "单位".to_string(),
            money_unit: "万元".to_string(),
            funds: Default::default(),
            goals: Default::default(),
            indicators: vec![],
            total: selfeval::model::Total {
                weight: Some(100.into()),
                score: Some(score.parse().unwrap()),
            },
            grade: None,
            unplaced: vec![],
            extra_funds: Vec::new(),
            texts: Vec::new(),
            incomplete: false,
            points: Vec::new(),
        }
    }

    #[test]
    fn a_form_read_twice_is_counted_once_and_named_with_both_places() {
        let mut forms = vec![
            form("a.txt", "甲", "90"),
            form("b.txt", "乙", "90"),
            form("out/a.xlsx", "甲", "90"),
            // Same project, another score: another form, kept.
            form("c.txt", "甲", "80"),
        ];
        let twice = repeated(&forms);
        assert_eq!(twice.len(), 1);
        assert_eq!(twice[0].index, 2);
        assert!(
            twice[0].warning.contains("out/a.xlsx") && twice[0].warning.contains("a.txt"),
            "{}",
            twice[0].warning
        );
        remove(&mut forms, &twice);
        let files: Vec<&str> = forms.iter().map(|r| r.source.file.as_str()).collect();
        assert_eq!(files, ["a.txt", "b.txt", "c.txt"]);
    }
}
