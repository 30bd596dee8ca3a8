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
///
/// The forms go through in batches: a batch is laid out on all threads, its strings are
/// numbered in the shared string table on this one, in sheet order (so the file is the same
/// whatever the number of threads), and its cells are written to XML on the other threads
/// while the next batch is laid out. A batch's cells are freed as soon as they are XML, so the
/// memory they take does not grow with the forms.
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
    let lay_batch = |range: std::ops::Range<usize>| {
        reports[range.clone()]
            .par_iter()
            .zip(&names[range.clone()])
            .zip(&summary.form_rows[range])
            .map(|((report, name), &back)| form_sheet(report, name, back, &xf))
            .collect::<Result<Vec<_>, _>>()
    };
    let batches: Vec<_> = (0..reports.len())
        .step_by(FORMS_PER_BATCH)
        .map(|start| start..(start + FORMS_PER_BATCH).min(reports.len()))
        .collect();
    let (done, built) = std::sync::mpsc::channel();
    let laid = rayon::scope(|s| -> Result<Vec<LaidSheet>, XlsxError> {
        // 汇总 is laid out beside the first batch and numbered before it.
        let (summary_sheet, first) = rayon::join(
            || table_sheet(&summary.table, &summary.frame, &xf),
            || batches.first().map(|r| lay_batch(r.clone())),
        );
        let mut place_lists = Vec::with_capacity(reports.len());
        let write = |batch: usize, sheets: Vec<LaidSheet>, ids: Vec<Vec<u32>>| {
            let done = done.clone();
            s.spawn(move |_| {
                let _ = done.send((batch, write_cells(sheets, ids)));
            });
        };
        // 汇总 goes with the first batch: its strings are numbered first.
        let mut summary_sheet = Some(summary_sheet?);
        let mut next = first.transpose()?;
        for i in 0..batches.len() {
            let Some(forms) = next.take() else { break };
            let (forms, places): (Vec<_>, Vec<_>) = forms
                .into_iter()
                .map(|(sheet, cells, places)| ((sheet, cells), places))
                .unzip();
            let sheets: Vec<LaidSheet> = summary_sheet.take().into_iter().chain(forms).collect();
            place_lists.extend(places);
            // The next batch is laid out while this one's strings are numbered.
            let (ids, following) = rayon::join(
                || number(&mut workbook, &sheets),
                || batches.get(i + 1).map(|r| lay_batch(r.clone())),
            );
            write(i, sheets, ids);
            next = following.transpose()?;
        }
        // No forms: 汇总 alone.
        if let Some(sheet) = summary_sheet.take() {
            let sheets = vec![sheet];
            let ids = number(&mut workbook, &sheets);
            write(0, sheets, ids);
        }
        // 扣分明细 and 校验 link to the rows the forms' sheets put each indicator on, so they
        // wait for the forms; their cells are written the same way, after the forms'.
        let lost = lost::lost_at(reports, &names, &place_lists);
        let checks = findings.map(|f| findings::findings_at(reports, &names, f, &place_lists));
        let tables: Vec<Table> = std::iter::once(lost)
            .chain(checks)
            .chain(extra.iter().cloned())
            .collect();
        let tables = tables
            .par_iter()
            .map(|t| table_sheet(t, &plain, &xf))
            .collect::<Result<Vec<_>, _>>()?;
        let ids = number(&mut workbook, &tables);
        Ok(write_cells(tables, ids))
    })?;
    drop(done);
    let mut batches: Vec<(usize, Vec<LaidSheet>)> = built.into_iter().collect();
    batches.sort_by_key(|(batch, _)| *batch);
    let mut sheets = batches.into_iter().flat_map(|(_, sheets)| sheets);
    let summary_sheet = sheets.next();
    let tables = laid;
    // 图表 after the tables: the same charts as the HTML summary, from the same tally.
    let charts = charts::charts_sheet(&crate::write::charts::Charts::compute(reports), &formats)?;
    workbook.set_properties(&properties());
    workbook.set_zip_compression_level(ZIP_LEVEL);
    // The sheets' XML is built and deflated on as many threads as the forms were laid out
    // on (`--jobs`); a patch of ours to rust_xlsxwriter, vendor/README.md.
    workbook.set_worker_threads(rayon::current_num_threads());
    workbook.reserve_worksheets(3 + tables.len() + reports.len());
    for ws in summary_sheet
        .into_iter()
        .chain(tables)
        .map(|(sheet, _)| *sheet)
        .chain([charts])
        .chain(sheets.map(|(sheet, _)| *sheet))
    {
        workbook.push_worksheet(ws);
    }
    Ok(workbook)
}

/// Forms laid out together: enough to keep every thread busy, few enough that their cells
/// take little memory before they are written.
const FORMS_PER_BATCH: usize = 64;

/// The shared string index of each text of each sheet, numbered in sheet order.
fn number(workbook: &mut Workbook, sheets: &[LaidSheet]) -> Vec<Vec<u32>> {
    sheets
        .iter()
        .map(|(_, cells)| workbook.shared_string_indices(cells.strings()))
        .collect()
}

/// Each sheet's cells written into it as XML (`ids` from [`number`]), and then freed. The XML
/// is written into this thread's buffer and copied out at its length: thousands of sheets hold
/// theirs until the workbook is saved.
fn write_cells(mut sheets: Vec<LaidSheet>, ids: Vec<Vec<u32>>) -> Vec<LaidSheet> {
    thread_local! {
        static XML: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    XML.with_borrow_mut(|xml| {
        for ((sheet, cells), ids) in sheets.iter_mut().zip(ids) {
            let cells = std::mem::take(cells);
            xml.clear();
            cells.rows_xml_into(&ids, xml);
            sheet.set_prebuilt_cells(xml.to_vec(), cells.merge_cells_xml(), &cells.dimension());
        }
    });
    sheets
}

/// The workbook's document properties: created at the time of this run.
fn properties() -> DocProperties {
    let now = super::timestamp();
    let utc = now.with_time_zone(jiff::tz::TimeZone::UTC).datetime();
    DocProperties::new().set_creation_datetime(&utc)
}
