//! Readers: every input turns into [`Report`]s here.
//!
//! Container readers turn a file into grids, one module per format behind [`Container`]
//! (`spreadsheet` through calamine, `ods`, `docx`, `html`, `delimited` text); the form finder
//! in [`grid`] reads forms from a grid by their labels, whatever the container. PDF text has a
//! reader of its own. The format is chosen by content ([`sniff`]), never by file extension. A
//! file holds any number of forms, each read (or failed) on its own, so one broken form does
//! not hide the others.

pub mod biff;
pub mod delimited;
pub mod docx;
pub mod grid;
pub mod html;
pub mod ods;
pub mod pdf;
pub mod pdf_text;
pub mod sniff;
pub mod spreadsheet;
pub mod vocabulary;
pub mod walk;

pub(crate) mod text;
mod values;

pub use values::{
    decode_text, decode_text_as, is_blank, is_number, is_oversized_number, parse_decimal,
    parse_year,
};

use crate::model::Report;
use grid::Grid;
use sniff::Kind;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a file, or one form in it, could not be read. Displayed as one line a clerk can act on:
/// `file:line 12: what was expected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    /// `line 12`, `Sheet1!C12`, or `None` for the whole file.
    pub at: Option<String>,
    pub message: String,
}

impl ReadError {
    pub fn new(file: &str, at: Option<String>, message: impl Into<String>) -> Self {
        ReadError {
            file: file.to_string(),
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{}: {}: {}", self.file, at, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// What reading one input yields: a result per form, in input order.
pub type Forms = Vec<Result<Report, ReadError>>;

/// One container format: turns a file's content into grids for the form finder.
pub trait Container {
    /// Every grid of the file (a sheet, a document), or why one (or the whole file) could
    /// not be read. `name` names the file in errors.
    fn grids(&self, name: &str, bytes: &[u8]) -> Vec<Result<Grid, ReadError>>;
}

/// What reading one file yields: its forms, and notes on what was passed over in it (a sheet
/// that holds no form), for the user to see unless `--quiet`.
#[derive(Debug, Default)]
pub struct FileRead {
    pub forms: Forms,
    pub notes: Vec<String>,
}

impl FileRead {
    fn error(name: &str, message: impl Into<String>) -> FileRead {
        FileRead {
            forms: vec![Err(ReadError::new(name, None, message))],
            notes: Vec::new(),
        }
    }
}

/// Largest input file read by default: far above any real form file, small enough that a
/// wrong path (a disk image, a video) is refused instead of filling memory.
pub const DEFAULT_MAX_INPUT_SIZE: u64 = 256 * 1024 * 1024;

/// Largest sum of declared uncompressed sizes of an .xlsx's entries read by default.
pub const DEFAULT_MAX_UNPACKED_SIZE: u64 = 1024 * 1024 * 1024;

/// How inputs are read, as the user chose on the command line.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Text encoding to use instead of detection (`--encoding`); a BOM still wins.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Files larger than this many bytes are refused before being read.
    pub max_input_size: u64,
    /// Workbooks whose entries would unpack to more than this many bytes are refused.
    pub max_unpacked_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            max_input_size: DEFAULT_MAX_INPUT_SIZE,
            max_unpacked_size: DEFAULT_MAX_UNPACKED_SIZE,
        }
    }
}

/// Reads content of any known format, detecting the text encoding.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Forms {
    read_bytes_with(name, bytes, &ReadOptions::default())
}

/// Reads content of any known format with the given options.
pub fn read_bytes_with(name: &str, bytes: &[u8], options: &ReadOptions) -> Forms {
    read_content(name, bytes, options).forms
}

/// Reads content of any known format, with the notes of what was passed over.
pub fn read_content(name: &str, bytes: &[u8], options: &ReadOptions) -> FileRead {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return FileRead::error(
            name,
            "文件为空，没有可读的自评表 (empty file: expected a 财政项目支出绩效自评表)",
        );
    }
    if bytes.len() as u64 > options.max_input_size {
        return FileRead {
            forms: vec![Err(too_large(name, bytes.len() as u64, options))],
            notes: Vec::new(),
        };
    }
    let kind = sniff::sniff(bytes);
    if matches!(
        kind,
        Kind::Spreadsheet(spreadsheet::Book::Xlsx | spreadsheet::Book::Xlsb)
            | Kind::Ods
            | Kind::Docx
    ) && let Err(message) = spreadsheet::check_archive(bytes, options.max_unpacked_size)
    {
        return FileRead::error(name, message);
    }
    match kind {
        Kind::Spreadsheet(book) => from_grids(name, spreadsheet::grids(name, bytes, book)),
        Kind::Ods => from_grids(name, ods::Ods.grids(name, bytes)),
        Kind::Docx => from_grids(name, docx::Docx.grids(name, bytes)),
        Kind::Html => from_grids(name, html::Html.grids(name, bytes)),
        Kind::Pdf => from_grids(name, pdf::Pdf.grids(name, bytes)),
        Kind::Refused(message) => FileRead::error(name, message),
        Kind::Text => read_text_content(name, bytes, options),
    }
}

/// Text: decoded once (in the encoding the user named, or detected), then read as a
/// delimited grid or as PDF text. Detecting and reading each decoding the whole input again
/// cost more than some readers themselves.
fn read_text_content(name: &str, bytes: &[u8], options: &ReadOptions) -> FileRead {
    let text = match options.encoding {
        Some(encoding) => match values::decode_text_as(bytes, encoding) {
            Some(text) => text,
            None => {
                return FileRead::error(
                    name,
                    format!(
                        "不是 {0} 编码的文本 (not text in the encoding {0})",
                        encoding.name()
                    ),
                );
            }
        },
        None => {
            if let Some(message) = sniff::unknown_binary(bytes) {
                return FileRead::error(name, message);
            }
            match decode_text(bytes) {
                Some(text) => text,
                None => return FileRead::error(name, UNDECODABLE),
            }
        }
    };
    let forms = match delimited::delimiter(&text) {
        Some(d) => grid::read_forms(name, &delimited::grid(&text, d).rows),
        None => pdf_text::read_text(name, &text),
    };
    FileRead {
        forms,
        notes: Vec::new(),
    }
}

const UNDECODABLE: &str = "不是可识别的文本、表格或文档 \
                           (not UTF-8/UTF-16/GB18030 text, nor a workbook or document selfeval reads)";

/// The forms of a file's grids. selfeval's own summary sheets are passed over; a grid that
/// holds no form is named in a note when others do; a file where no grid holds one is an error.
fn from_grids(name: &str, grids: Vec<Result<Grid, ReadError>>) -> FileRead {
    let mut out = FileRead::default();
    let mut without_form = Vec::new();
    for grid in grids {
        let grid = match grid {
            Ok(g) => g,
            Err(e) => {
                out.forms.push(Err(e));
                continue;
            }
        };
        if let Some(sheet) = &grid.sheet
            && crate::sheets::is_own_table(
                sheet,
                grid.rows.iter().map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect()
                }),
            )
        {
            continue;
        }
        // A document (a PDF, a page) has no sheet names: selfeval's own tables printed in it
        // are known by their header rows, and run to the next form's title.
        let grid = if grid.sheet.is_none() {
            without_own_tables(grid)
        } else {
            grid
        };
        if grid::has_form(&grid.rows) {
            out.forms.extend(grid::read_grid(name, &grid));
        } else if !grid.first_texts().is_empty() {
            without_form.push(grid);
        }
    }
    let own_summary = without_form.iter().any(|g| {
        g.rows.iter().take(5).any(|r| {
            r.cells.iter().any(|c| {
                crate::sheets::SUMMARY_PAGE_MARKS
                    .iter()
                    .any(|m| c.contains(m))
            })
        })
    });
    if out.forms.is_empty() && own_summary {
        // Known for what it is, like a lock file: a note, so a folder holding last year's
        // printed summary beside the forms reads without a failure.
        out.notes.push(format!(
            "{name}: selfeval 写出的失分汇总页，不是自评表，已跳过 (selfeval's own summary page, not a form: skipped)"
        ));
    } else if out.forms.is_empty() {
        // No grid holds a form: the finder's own error names the place where text begins.
        match without_form.first() {
            Some(g) if without_form.len() == 1 => out.forms = grid::read_grid(name, g),
            Some(_) => out.forms.push(Err(ReadError::new(
                name,
                None,
                "文件中没有自评表：没有一张工作表或表格含“财政项目支出绩效自评表”标题或“项目名称”行 \
                 (no form found in any sheet or table)",
            ))),
            None => out.forms.push(Err(ReadError::new(
                name,
                None,
                "文件中没有文字，没有可读的自评表 (no text in the file: expected a 财政项目支出绩效自评表)",
            ))),
        }
    } else {
        out.notes.extend(skipped_notes(name, &without_form));
    }
    out
}

/// The grid without selfeval's own tables (汇总, 扣分明细, 校验 as printed): from each one's
/// header row to the next form title.
fn without_own_tables(mut grid: Grid) -> Grid {
    let texts = |r: &grid::Row| -> Vec<String> {
        r.cells
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let mut inside = false;
    let mut kept = Vec::with_capacity(grid.rows.len());
    let mut removed = Vec::new();
    for (i, row) in grid.rows.into_iter().enumerate() {
        let cells = texts(&row);
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        if crate::sheets::is_own_header(&refs) {
            inside = true;
        } else if inside && refs.iter().any(|t| vocabulary::title(t).is_some()) {
            inside = false;
        }
        if inside {
            removed.push(i);
        } else {
            kept.push(row);
        }
    }
    if !removed.is_empty() {
        // Merges are in row indices: keep those wholly in kept rows, renumbered.
        let new_index = |r: u32| -> Option<u32> {
            let r = r as usize;
            (removed.binary_search(&r).is_err())
                .then(|| (r - removed.partition_point(|&x| x < r)) as u32)
        };
        grid.merges = grid
            .merges
            .into_iter()
            .filter_map(|m| {
                Some(grid::Merge {
                    first_row: new_index(m.first_row)?,
                    last_row: new_index(m.last_row)?,
                    ..m
                })
            })
            .collect();
    }
    grid.rows = kept;
    grid
}

/// Sheets named one note a sheet, up to a few; past that one note counts them, so a workbook
/// of 10,000 sheets gives one line, not 10,000.
fn skipped_notes(name: &str, grids: &[Grid]) -> Vec<String> {
    const NAMED: usize = 3;
    let label = |g: &Grid| match &g.sheet {
        Some(sheet) => sheet.clone(),
        None => "表格之外的文字（如目录）".to_string(),
    };
    if grids.len() <= NAMED {
        return grids
            .iter()
            .map(|g| {
                format!(
                    "{name}: {}: 不是自评表，已跳过 (not a form, skipped)",
                    label(g)
                )
            })
            .collect();
    }
    let first: Vec<String> = grids.iter().take(NAMED).map(label).collect();
    vec![format!(
        "{name}: {} 张工作表不是自评表，已跳过：{} 等 ({} sheets hold no form, skipped)",
        grids.len(),
        first.join("、"),
        grids.len()
    )]
}

/// Reads many files in parallel (on rayon's pool), each file's forms in the order of `paths`.
/// `done` is called as each file is read, from any thread (to show progress).
pub fn read_paths(
    paths: &[PathBuf],
    options: &ReadOptions,
    done: impl Fn() + Sync,
) -> Vec<FileRead> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|path| {
            let read = read_file(path, options);
            done();
            read
        })
        .collect()
}

/// Reads one file.
pub fn read_path(path: &Path) -> Forms {
    read_path_with(path, &ReadOptions::default())
}

/// Reads one file with the given options.
pub fn read_path_with(path: &Path, options: &ReadOptions) -> Forms {
    read_file(path, options).forms
}

/// Reads one file with the given options, with the notes of what was passed over in it.
pub fn read_file(path: &Path, options: &ReadOptions) -> FileRead {
    let name = path.display().to_string();
    // Opening a pipe blocks until something writes to it, and a device may never end: only
    // regular files are opened.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return FileRead::error(
            &name,
            "不是普通文件（管道、设备或套接字），未打开 (not a regular file: a pipe, device or socket; not opened)",
        );
    }
    match read_limited(path, options.max_input_size) {
        Ok(Ok(bytes)) => read_content(&name, &bytes, options),
        Ok(Err(size)) => FileRead {
            forms: vec![Err(too_large(&name, size, options))],
            notes: Vec::new(),
        },
        Err(e) => FileRead::error(&name, format!("无法读取文件: {e}")),
    }
}

/// The file's bytes, or `Err(size)` when it is over `limit`: the size is checked before
/// reading, and the read stops past the limit too, for files that grow or have no size
/// (pipes, devices).
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Err(size));
    }
    // Sized from the metadata (plus one byte, to see the end): `take` hides the size from
    // `read_to_end`, which would grow the buffer by doubling and copying.
    let mut bytes = Vec::with_capacity(usize::try_from(size).map_or(0, |s| s.saturating_add(1)));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

fn too_large(name: &str, size: u64, options: &ReadOptions) -> ReadError {
    ReadError::new(
        name,
        None,
        format!(
            "文件过大 ({size} 字节)，超过上限 {0} 字节，未读取 (file larger than the limit of {0} bytes; see --max-input-size)",
            options.max_input_size
        ),
    )
}

pub use walk::{Inputs, expand_inputs};

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str) -> Grid {
        Grid {
            sheet: Some(name.to_string()),
            ..Grid::default()
        }
    }

    #[test]
    fn many_sheets_without_forms_are_one_note() {
        let few: Vec<Grid> = ["说明", "附表"].iter().map(|n| sheet(n)).collect();
        assert_eq!(skipped_notes("b.xlsx", &few).len(), 2);
        let many: Vec<Grid> = (0..10_000).map(|i| sheet(&format!("S{i}"))).collect();
        let notes = skipped_notes("b.xlsx", &many);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("10000 张") && notes[0].contains("S0、S1、S2"),
            "{notes:?}"
        );
    }
}
