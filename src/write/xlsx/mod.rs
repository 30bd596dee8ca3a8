//! The workbook writer: a 汇总 (summary) sheet, a 扣分明细 (points lost) sheet, a 图表 (charts)
//! sheet, then one sheet per form in the official paper layout, ready to print on A4 and to read
//! back by labels.
//!
//! Layout first, then output: each form becomes a list of placed cells (logical rows and
//! columns A..H, with merges), column widths and row heights are estimated from the text, and
//! only then is anything handed to `rust_xlsxwriter`. That keeps the sizing rules in one place
//! and lets a logical row grow over several physical rows when its text is taller than the
//! 409-point row limit of Excel.

mod cells;
mod charts;
mod findings;
mod form;
mod layout;
mod link;
mod lost;
mod measure;
mod names;
mod numbers;
mod pages;
mod sizing;
mod style;
mod summary;
mod table;
mod value;

use crate::model::Report;
use crate::write::atomic;
use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::{Path, PathBuf};

pub use crate::sheets::{CHARTS_SHEET, FINDINGS_SHEET, LOST_SHEET, SUMMARY_SHEET};
pub use findings::findings_table;
pub use lost::lost_table;
pub use measure::{text_units, wrapped_lines};
pub use names::sheet_names;
pub use summary::{in_wan, summary_table};
pub use table::{Cell, Table};

use crate::check::Finding;
use cells::LaidSheet;
use form::form_sheet;
use style::Formats;
use table::{Frame, table_sheet};

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

/// Writes the workbook for `reports` to `path` atomically: 汇总, 扣分明细, 图表, one sheet per
/// form.
pub fn write_workbook(reports: &[Report], path: &Path) -> Result<(), WriteError> {
    write_workbook_with(reports, &[], path)
}

/// Like [`write_workbook`], with extra table sheets placed after 扣分明细 (and 校验), before
/// 图表.
pub fn write_workbook_with(
    reports: &[Report],
    extra: &[Table],
    path: &Path,
) -> Result<(), WriteError> {
    save(workbook_bytes(reports, extra), path)
}

/// Like [`write_workbook`], with the forms' check findings (`findings[i]` of `reports[i]`):
/// 汇总 shows each form's result, and a 校验 sheet lists them, each linking to its place.
pub fn write_checked_workbook(
    reports: &[Report],
    findings: &[Vec<Finding>],
    path: &Path,
) -> Result<(), WriteError> {
    save(build(reports, Some(findings), &[], || ()).0, path)
}

/// Like [`write_checked_workbook`], running `alongside` (another output, say) while the
/// workbook is compressed and assembled, when one core would otherwise wait: a caller with
/// two jobs gets both sooner than by starting them together.
pub fn write_checked_workbook_alongside<T: Send>(
    reports: &[Report],
    findings: &[Vec<Finding>],
    path: &Path,
    alongside: impl FnOnce() -> T + Send,
) -> (Result<(), WriteError>, T) {
    let (bytes, other) = build(reports, Some(findings), &[], alongside);
    (save(bytes, path), other)
}

/// Like [`checked_workbook_bytes`], running `alongside` as
/// [`write_checked_workbook_alongside`] does.
pub fn checked_workbook_bytes_alongside<T: Send>(
    reports: &[Report],
    findings: &[Vec<Finding>],
    alongside: impl FnOnce() -> T + Send,
) -> (Result<Vec<u8>, XlsxError>, T) {
    build(reports, Some(findings), &[], alongside)
}

fn save(bytes: Result<Vec<u8>, XlsxError>, path: &Path) -> Result<(), WriteError> {
    let bytes = bytes.map_err(|source| WriteError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    atomic::write(path, &bytes).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The deflate level of the workbook's zip: 3 rather than zip's 6. On 2,000 forms deflate was
/// a fifth of `convert`'s time; level 3 takes 0.81–0.93 of the time for a file 6.5% larger.
pub const ZIP_LEVEL: u8 = 3;

/// The workbook as the bytes of an `.xlsx` file.
pub fn workbook_bytes(reports: &[Report], extra: &[Table]) -> Result<Vec<u8>, XlsxError> {
    build(reports, None, extra, || ()).0
}

/// The workbook with check findings, as the bytes of an `.xlsx` file.
pub fn checked_workbook_bytes(
    reports: &[Report],
    findings: &[Vec<Finding>],
) -> Result<Vec<u8>, XlsxError> {
    build(reports, Some(findings), &[], || ()).0
}

/// 汇总, 扣分明细, 校验 (with findings), the `extra` tables, 图表, then one sheet per form;
/// `alongside` runs while the workbook is saved.
fn build<T: Send>(
    reports: &[Report],
    findings: Option<&[Vec<Finding>]>,
    extra: &[Table],
    alongside: impl FnOnce() -> T + Send,
) -> (Result<Vec<u8>, XlsxError>, T) {
    match lay_out(reports, findings, extra) {
        Ok(mut workbook) => {
            // Saving runs on one thread part of the time (the workbook's own parts, the
            // package): `alongside` fills the other cores then.
            let (bytes, other) = rayon::join(|| workbook.save_to_buffer(), alongside);
            // Freeing a workbook of thousands of sheets takes a while; it need not hold up
            // the file.
            rayon::spawn(move || drop(workbook));
            (bytes, other)
        }
        Err(e) => (Err(e), alongside()),
    }
}

/// The workbook, every sheet laid out, ready to save.
fn lay_out(
    reports: &[Report],
    findings: Option<&[Vec<Finding>]>,
    extra: &[Table],
) -> Result<Workbook, XlsxError> {
    let mut taken: Vec<&str> = extra.iter().map(|t| t.name.as_str()).collect();
    if findings.is_some() {
        taken.push(FINDINGS_SHEET);
    }
    let names = sheet_names(reports, &taken);
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let xf = formats.register(&mut workbook);
    let summary = summary::summary(reports, &names, findings);
    let plain = Frame::default();
    // The forms are laid out in parallel (sizing them is most of the work) and added in
    // order, so the file is the same whatever the number of threads.
    let (summary_sheet, forms) = rayon::join(
        || table_sheet(&summary.table, &summary.frame, &xf),
        || {
            reports
                .par_iter()
                .zip(&names)
                .zip(&summary.form_rows)
                .map(|((report, name), &back)| form_sheet(report, name, back, &formats, &xf))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let (forms, places): (Vec<_>, Vec<_>) = forms?
        .into_iter()
        .map(|(sheet, cells, places)| ((sheet, cells), places))
        .unzip();
    // 汇总 and the forms' cells go to XML while 扣分明细 and 校验 are laid out: they link to
    // the rows the forms' sheets put each indicator on, so they wait for the forms.
    let mut sheets: Vec<LaidSheet> = std::iter::once(summary_sheet?).chain(forms).collect();
    let (_, tables) = rayon::join(
        || prebuild(&mut workbook, &mut sheets),
        || {
            let lost = lost::lost_at(reports, &names, &places);
            let checks = findings.map(|f| findings::findings_at(reports, &names, f, &places));
            std::iter::once(lost)
                .chain(checks)
                .chain(extra.iter().cloned())
                .map(|t| table_sheet(&t, &plain, &xf))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let mut tables = tables?;
    prebuild(&mut workbook, &mut tables);
    // 图表 after the tables: the same charts as the HTML summary, from the same tally.
    let charts = charts::charts_sheet(&crate::write::charts::Charts::compute(reports), &formats)?;
    workbook.set_properties(&properties());
    workbook.set_zip_compression_level(ZIP_LEVEL);
    // The sheets' XML is built and deflated on as many threads as the forms were laid out
    // on (`--jobs`); a patch of ours to rust_xlsxwriter, vendor/README.md.
    workbook.set_worker_threads(rayon::current_num_threads());
    workbook.reserve_worksheets(3 + tables.len() + reports.len());
    let mut sheets = sheets.into_iter().map(|(sheet, _)| *sheet);
    let summary_sheet = sheets.next();
    for ws in summary_sheet
        .into_iter()
        .chain(tables.into_iter().map(|(sheet, _)| *sheet))
        .chain([charts])
        .chain(sheets)
    {
        workbook.push_worksheet(ws);
    }
    Ok(workbook)
}

/// Each sheet's cells written into it as XML. The texts are numbered in the shared
/// string table on this thread, in sheet order, so the file is the same whatever the number of
/// threads; the XML of each batch of sheets is written on the other threads meanwhile.
fn prebuild(workbook: &mut Workbook, sheets: &mut [LaidSheet]) {
    rayon::scope(|s| {
        for batch in sheets.chunks_mut(32) {
            let ids: Vec<Vec<u32>> = batch
                .iter()
                .map(|(_, cells)| workbook.shared_string_indices(cells.strings()))
                .collect();
            s.spawn(move |_| {
                for ((sheet, cells), ids) in batch.iter_mut().zip(ids) {
                    let cells = std::mem::take(cells);
                    sheet.set_prebuilt_cells(
                        cells.rows_xml(&ids),
                        cells.merge_cells_xml(),
                        &cells.dimension(),
                    );
                }
            });
        }
    });
}

/// The workbook's document properties: created at the time of this run.
fn properties() -> DocProperties {
    let now = super::timestamp();
    let utc = now.with_time_zone(jiff::tz::TimeZone::UTC).datetime();
    DocProperties::new().set_creation_datetime(&utc)
}
