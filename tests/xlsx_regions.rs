//! Regional forms read back from the workbook selfeval writes without loss: what the national
//! layout has no place for (labelled text blocks, points printed in labels, a copy cut off
//! before its total, text the reader could not place) is written so that it reads back as
//! it was read.

mod common;

use common::json_without_source;
use selfeval::model::Report;
use selfeval::read::{read_bytes, read_path};
use selfeval::write::xlsx::workbook_bytes;
use std::path::PathBuf;

#[test]
fn every_regional_form_reads_back_field_for_field() {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir("tests/regions")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 3);
    let (mut texts, mut points, mut cut, mut unplaced) = (0, 0, 0, 0);
    for input in &inputs {
        let source: Vec<Report> = read_path(input).into_iter().map(Result::unwrap).collect();
        assert!(!source.is_empty(), "{}", input.display());
        for r in &source {
            texts += r.texts.len();
            points += r.points.len();
            cut += usize::from(r.incomplete);
            unplaced += r.unplaced.len();
        }
        let bytes = workbook_bytes(&source, &[]).unwrap();
        let back: Vec<Report> = read_bytes("back.xlsx", &bytes)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            json_without_source(&back),
            json_without_source(&source),
            "{}",
            input.display()
        );
    }
    // The regional inputs have each kind of field this is about.
    assert!(texts > 0 && points > 0 && cut > 0 && unplaced > 0);
}

/// Funds rows the standard four do not name go under them and read back under their labels,
/// the rest of the form (goals, indicators, total) in place below them.
#[test]
fn extra_funds_rows_read_back() {
    use rust_decimal::Decimal;
    use selfeval::model::{FundsRow, LabelledFunds};
    let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
    let mut form = common::samples_by_file().remove(0).1.remove(0);
    form.extra_funds = vec![
        LabelledFunds {
            label: "财政专户管理资金".into(),
            row: FundsRow {
                initial_budget: d("8.00"),
                annual_budget: d("8.00"),
                executed: d("7.50"),
                execution_rate: d("93.75"),
                ..Default::default()
            },
        },
        LabelledFunds {
            label: "单位资金".into(),
            row: FundsRow {
                initial_budget: d("10"),
                annual_budget: d("10"),
                executed: d("10"),
                ..Default::default()
            },
        },
    ];
    let bytes = workbook_bytes(std::slice::from_ref(&form), &[]).unwrap();
    let back: Vec<Report> = read_bytes("back.xlsx", &bytes)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        json_without_source(&back),
        json_without_source(std::slice::from_ref(&form))
    );
}
