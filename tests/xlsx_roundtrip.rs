//! Workbooks selfeval writes read back without loss: as written, after LibreOffice re-saves
//! them, and after a user edits cells (a reason, a score, a new indicator row).

mod common;

use calamine::{Data, Reader as _};
use selfeval::model::Report;
use selfeval::read::{read_bytes, read_path};
use std::io::Cursor;
use std::process::Command;

fn samples() -> Vec<Report> {
    common::samples_by_file()
        .into_iter()
        .flat_map(|(_, forms)| forms)
        .collect()
}

use common::json_without_source;

fn written(reports: &[Report]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.xlsx");
    selfeval::write::xlsx::write_workbook(reports, &path).unwrap();
    (dir, path)
}

fn read_all(path: &std::path::Path) -> Vec<Report> {
    read_path(path).into_iter().map(|r| r.unwrap()).collect()
}

#[test]
fn every_sample_form_reads_back_field_for_field() {
    let source = samples();
    assert_eq!(source.len(), 46);
    let (_dir, path) = written(&source);
    let back = read_all(&path);
    assert_eq!(back.len(), source.len());
    assert_eq!(json_without_source(&back), json_without_source(&source));
    assert!(
        back.iter()
            .all(|r| r.source.sheet.is_some() && r.source.line.is_none())
    );
}

#[test]
fn reads_back_after_libreoffice_resaves_it() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let source = samples();
    let (dir, path) = written(&source);
    let out = dir.path().join("resaved");
    let profile = dir.path().join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let resaved = out.join("forms.xlsx");
    let bytes = std::fs::read(&resaved).unwrap();
    assert_ne!(
        bytes,
        std::fs::read(&path).unwrap(),
        "LibreOffice wrote its own file"
    );
    let back = read_all(&resaved);
    assert_eq!(json_without_source(&back), json_without_source(&source));
}

/// Every sheet of a workbook as rows of cells, as a user's tool would see them.
type Sheets = Vec<(String, Vec<Vec<Data>>)>;

fn load_cells(bytes: &[u8]) -> Sheets {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for r in range.rows() {
                let mut row = vec![Data::Empty; c0 as usize];
                row.extend(r.iter().cloned());
                rows.push(row);
            }
            (name, rows)
        })
        .collect()
}

/// Writes cells back as another tool would: values only, no merges or styles.
fn save_cells(sheets: &Sheets) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match d {
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        // Keep two decimals on screen, as a user's template would.
                        let fmt = rust_xlsxwriter::Format::new().set_num_format("0.00");
                        ws.write_number_with_format(r, c, *f, &fmt).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn find_row(rows: &[Vec<Data>], text: &str) -> usize {
    rows.iter()
        .position(|r| r.iter().any(|d| matches!(d, Data::String(s) if s == text)))
        .unwrap_or_else(|| panic!("no row with {text}"))
}

#[test]
fn edits_made_in_the_workbook_read_back() {
    let source: Vec<Report> = samples()
        .into_iter()
        .filter(|r| r.project == "党建经费")
        .collect();
    assert_eq!(source.len(), 1);
    let (_dir, path) = written(&source);
    let mut sheets = load_cells(&std::fs::read(&path).unwrap());
    let form = sheets.iter_mut().find(|(n, _)| n == "党建经费").unwrap();
    let rows = &mut form.1;

    // A reason for the row that lost points, and a new score on another row.
    let r = find_row(rows, "党建活动党员参与率");
    let header = find_row(rows, "偏差原因分析及改进措施");
    let reason_col = rows[header]
        .iter()
        .position(|d| matches!(d, Data::String(s) if s == "偏差原因分析及改进措施"))
        .unwrap();
    let score_col = rows[header]
        .iter()
        .position(|d| matches!(d, Data::String(s) if s == "得分"))
        .unwrap();
    let weight_col = score_col - 1;
    rows[r][reason_col] = Data::String("部分党员因公出差未能参加".into());
    let s = find_row(rows, "党建活动主题切合度");
    rows[s][score_col] = Data::Float(8.5);
    // A new indicator row inserted under 党建活动主题切合度 (same 质量指标 group).
    let mut new_row = vec![Data::Empty; rows[s].len()];
    let name_col = rows[s]
        .iter()
        .position(|d| matches!(d, Data::String(t) if t == "党建活动主题切合度"))
        .unwrap();
    new_row[name_col] = Data::String("学习资料发放覆盖率".into());
    new_row[name_col + 1] = Data::String("=100.00(%)".into());
    new_row[name_col + 2] = Data::String("100.00(%)".into());
    new_row[weight_col] = Data::Float(0.0);
    new_row[score_col] = Data::Float(0.0);
    rows.insert(s + 1, new_row);

    let edited = save_cells(&sheets);
    let back: Vec<Report> = read_bytes("edited.xlsx", &edited)
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(back.len(), 1);
    let b = &back[0];
    let get = |name: &str| b.indicators.iter().find(|i| i.name == name).unwrap();
    assert_eq!(
        get("党建活动党员参与率").deviation.as_deref(),
        Some("部分党员因公出差未能参加")
    );
    assert_eq!(get("党建活动主题切合度").score.unwrap().to_string(), "8.50");
    let added = get("学习资料发放覆盖率");
    assert_eq!(added.level2, "质量指标");
    assert_eq!(added.target.as_deref(), Some("=100.00(%)"));
    assert_eq!(b.indicators.len(), source[0].indicators.len() + 1);
    // Nothing else changed.
    let orig = &source[0];
    assert_eq!(b.funds, orig.funds);
    assert_eq!(b.goals, orig.goals);
    assert_eq!(b.total, orig.total);
}
