//! The workbook writer: a 汇总 (summary) sheet, a 扣分明细 (points lost) sheet, then one sheet
//! per form in the official paper layout, ready to print on A4 and to read back by labels.
//!
//! Layout first, then output: each form becomes a list of placed cells (logical rows and
//! columns A..H, with merges), column widths and row heights are estimated from the text, and
//! only then is anything handed to `rust_xlsxwriter`. That keeps the sizing rules in one place
//! and lets a logical row grow over several physical rows when its text is taller than the
//! 409-point row limit of Excel.

mod form;
mod layout;
mod measure;
mod names;
mod numbers;
mod pages;
mod sizing;
mod style;
mod table;
mod tables;
mod value;

use crate::model::Report;
use crate::write::atomic;
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::{Path, PathBuf};

pub use crate::sheets::{FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};
pub use measure::{text_units, wrapped_lines};
pub use names::sheet_names;
pub use table::{Cell, Table};
pub use tables::{findings_table, lost_table, summary_table};

use form::form_sheet;
use style::Formats;
use table::table_sheet;

/// Most characters Excel holds in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Why a form cannot go into a workbook, naming the field: a text longer than a cell holds.
/// The caller leaves that form out with an error naming its input, and writes the others.
pub fn unwritable(r: &Report) -> Option<String> {
    let long = |t: &str| t.chars().count() > MAX_CELL_CHARS;
    let head = [
        ("项目名称", Some(r.project.as_str())),
        ("主管部门", Some(r.department.as_str())),
        ("实施单位", Some(r.implementing_unit.as_str())),
        ("预期目标", r.goals.expected.as_deref()),
        ("实际完成情况", r.goals.actual.as_deref()),
    ];
    let indicators = r.indicators.iter().flat_map(|i| {
        [
            ("三级指标", Some(i.name.as_str())),
            ("年度指标值", i.target.as_deref()),
            ("实际完成值", i.actual.as_deref()),
            ("偏差原因分析及改进措施", i.deviation.as_deref()),
        ]
    });
    let others = r
        .unplaced
        .iter()
        .map(|u| ("未归位的文字", Some(u.text.as_str())))
        .chain(
            r.texts
                .iter()
                .map(|t| (t.label.as_str(), t.text.as_deref())),
        );
    head.into_iter()
        .chain(indicators)
        .chain(others)
        .find(|(_, t)| t.is_some_and(long))
        .map(|(field, _)| {
            format!(
                "“{field}”超过 Excel 单元格的 {MAX_CELL_CHARS} 个字符，这张表无法写入工作簿 (a text longer than an Excel cell holds; this form is left out of the workbook)"
            )
        })
}

/// Why a workbook could not be written; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: 生成工作簿失败 (building the workbook failed): {source}", path.display())]
    Build { path: PathBuf, source: XlsxError },
    #[error("{}: 无法写入 (cannot write): {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the workbook for `reports` to `path` atomically: 汇总, 扣分明细, one sheet per form.
pub fn write_workbook(reports: &[Report], path: &Path) -> Result<(), WriteError> {
    write_workbook_with(reports, &[], path)
}

/// Like [`write_workbook`], with extra table sheets (such as 校验) placed after 扣分明细.
pub fn write_workbook_with(
    reports: &[Report],
    extra: &[Table],
    path: &Path,
) -> Result<(), WriteError> {
    let bytes = workbook_bytes(reports, extra).map_err(|source| WriteError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    atomic::write(path, &bytes).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn workbook_bytes(reports: &[Report], extra: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let taken: Vec<&str> = extra.iter().map(|t| t.name.as_str()).collect();
    let names = sheet_names(reports, &taken);
    let formats = Formats::new();
    let summary = summary_table(reports, &names);
    let lost = lost_table(reports, &names);
    let tables = [&summary, &lost].into_iter().chain(extra);
    // Sheets are laid out in parallel (sizing the forms is most of the work) and added in
    // order, so the file is the same whatever the number of threads.
    let (tables, forms) = rayon::join(
        || {
            tables
                .map(|t| table_sheet(t, &formats))
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            reports
                .par_iter()
                .zip(&names)
                .map(|(report, name)| form_sheet(report, name, &formats))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties());
    for ws in tables?.into_iter().chain(forms?) {
        workbook.push_worksheet(ws);
    }
    workbook.save_to_buffer()
}

/// The workbook's document properties: created at the time of this run.
fn properties() -> DocProperties {
    let now = super::timestamp();
    let utc = now.with_time_zone(jiff::tz::TimeZone::UTC).datetime();
    DocProperties::new().set_creation_datetime(&utc)
}
