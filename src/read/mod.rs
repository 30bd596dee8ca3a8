//! Readers: every input layout turns into [`Report`]s here.
//!
//! One module per layout, each behind [`Reader`]; the layout is chosen by content, never by
//! file extension. A file holds any number of forms, each starting at its title line, and each
//! form is read (or fails) on its own, so one broken form does not hide the others.

pub mod grid;
pub mod pdf_text;
pub mod tsv;
pub mod xlsx;

pub(crate) mod text;
mod values;

pub use values::{
    decode_text, decode_text_as, is_blank, is_number, is_oversized_number, parse_decimal,
    parse_year,
};

use crate::model::Report;
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

/// One input layout. `detect` looks at the content; `read` turns it into forms.
pub trait Reader {
    /// Whether the content is in this layout.
    fn detect(&self, bytes: &[u8]) -> bool;
    /// Reads every form in the content. `name` is the file name reported in `source` and errors.
    fn read(&self, name: &str, bytes: &[u8]) -> Forms;
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

/// Reads content of any known layout, detecting the text encoding.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Forms {
    read_bytes_with(name, bytes, &ReadOptions::default())
}

/// Reads content of any known layout with the given options.
pub fn read_bytes_with(name: &str, bytes: &[u8], options: &ReadOptions) -> Forms {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return vec![Err(ReadError::new(
            name,
            None,
            "文件为空，没有可读的自评表 (empty file: expected a 财政项目支出绩效自评表)",
        ))];
    }
    if bytes.len() as u64 > options.max_input_size {
        return vec![Err(too_large(name, bytes.len() as u64, options))];
    }
    if xlsx::Xlsx.detect(bytes) {
        if let Err(message) = xlsx::check_archive(bytes, options.max_unpacked_size) {
            return vec![Err(ReadError::new(name, None, message))];
        }
    } else if let Some(encoding) = options.encoding {
        // Decoded once here, so every text reader sees UTF-8 and detection stays as it is.
        return match values::decode_text_as(bytes, encoding) {
            Some(text) => dispatch(name, text.as_bytes()),
            None => vec![Err(ReadError::new(
                name,
                None,
                format!(
                    "不是 {0} 编码的文本 (not text in the encoding {0})",
                    encoding.name()
                ),
            ))],
        };
    }
    dispatch(name, bytes)
}

/// Hands the content to the first reader that recognises it, the most specific first: xlsx,
/// tab-separated text, PDF text (the same answers as each [`Reader::detect`] in that order).
/// Text is decoded once here and the text readers take it decoded: detecting and reading
/// each decoding the whole input again cost more than some readers themselves.
fn dispatch(name: &str, bytes: &[u8]) -> Forms {
    if xlsx::Xlsx.detect(bytes) {
        return xlsx::Xlsx.read(name, bytes);
    }
    match decode_text(bytes) {
        Some(text) if tsv::is_grid(&text) => tsv::read_text(name, &text),
        Some(text) => pdf_text::read_text(name, &text),
        None => vec![Err(ReadError::new(
            name,
            None,
            "不是可识别的文本或 xlsx 工作簿 (not UTF-8/UTF-16/GB18030 text or an .xlsx workbook)",
        ))],
    }
}

/// Reads many files in parallel (on rayon's pool), each file's forms in the order of `paths`.
/// `done` is called as each file is read, from any thread (to show progress).
pub fn read_paths(paths: &[PathBuf], options: &ReadOptions, done: impl Fn() + Sync) -> Vec<Forms> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|path| {
            let forms = read_path_with(path, options);
            done();
            forms
        })
        .collect()
}

/// Reads one file.
pub fn read_path(path: &Path) -> Forms {
    read_path_with(path, &ReadOptions::default())
}

/// Reads one file with the given options.
pub fn read_path_with(path: &Path, options: &ReadOptions) -> Forms {
    let name = path.display().to_string();
    match read_limited(path, options.max_input_size) {
        Ok(Ok(bytes)) => read_bytes_with(&name, &bytes, options),
        Ok(Err(size)) => vec![Err(too_large(&name, size, options))],
        Err(e) => vec![Err(ReadError::new(
            &name,
            None,
            format!("无法读取文件: {e}"),
        ))],
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

/// File endings searched for in directories.
const EXTENSIONS: [&str; 3] = ["txt", "tsv", "xlsx"];

/// Expands inputs: files are kept as given, directories are searched recursively for `.txt`,
/// `.tsv` and `.xlsx` files in sorted order, so output is the same on every machine.
/// A path that does not exist is an error in the second list.
pub fn expand_inputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            collect_dir(input, &mut files, &mut errors);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            errors.push(ReadError::new(
                &input.display().to_string(),
                None,
                "文件或目录不存在 (no such file or directory)",
            ));
        }
    }
    (files, errors)
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<ReadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(ReadError::new(
                &dir.display().to_string(),
                None,
                format!("无法读取目录: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(&path, files, errors);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
}
