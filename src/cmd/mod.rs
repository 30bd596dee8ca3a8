//! One module per subcommand; this one holds what they share: loading the inputs.

pub mod batch;
pub mod check;
pub mod convert;
pub mod corpus;
pub mod duplicates;
pub mod json;
pub mod summary;

use selfeval::model::Report;
use selfeval::read::{self, ReadError, ReadOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The bundled samples, read when no input is given.
pub const DEFAULT_INPUT: &str = "samples";

/// How to read the inputs; shared by every subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// Text encoding of the inputs (e.g. gb18030, gbk, utf-16le), instead of detecting it:
    /// UTF-8, UTF-16 with BOM, then GB18030.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = read::DEFAULT_MAX_INPUT_SIZE)]
    pub max_input_size: u64,
    /// Refuse .xlsx workbooks whose contents would unpack to more than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = read::DEFAULT_MAX_UNPACKED_SIZE)]
    pub max_unpacked_size: u64,
}

impl Default for ReadArgs {
    fn default() -> Self {
        let o = ReadOptions::default();
        ReadArgs {
            encoding: o.encoding,
            max_input_size: o.max_input_size,
            max_unpacked_size: o.max_unpacked_size,
        }
    }
}

impl ReadArgs {
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            max_input_size: self.max_input_size,
            max_unpacked_size: self.max_unpacked_size,
        }
    }
}

/// An encoding label as browsers know it (`gbk`, `gb18030`, `utf-8`, `utf-16le`, ...).
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| format!("未知的编码 (unknown encoding): {label}"))
}

/// Every form read from the inputs, every failure, and the notes of what was passed over, in
/// input order.
#[derive(Default)]
pub struct Loaded {
    pub reports: Vec<Report>,
    pub errors: Vec<ReadError>,
    /// Files and sheets passed over, and why (a lock file, a sheet with no form).
    pub notes: Vec<String>,
    /// Forms read twice, counted once: printed even with `--quiet`.
    pub warnings: Vec<String>,
}

/// Reads all inputs (files or directories; `samples/` when none), going on past bad files.
/// Files are read in parallel and their forms kept in input order; each note and failure is
/// printed to stderr as one line, in input order too.
pub fn load(inputs: &[PathBuf], options: &ReadOptions) -> Loaded {
    let loaded = read_all(inputs, options);
    loaded.print();
    loaded
}

/// Like [`load`], printing nothing.
pub fn read_all(inputs: &[PathBuf], options: &ReadOptions) -> Loaded {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    };
    let expanded = read::expand_inputs(&inputs);
    let progress = batch::Progress::new(expanded.files.len(), "读取 (reading)");
    let per_file = read::read_paths(&expanded.files, options, || progress.inc());
    progress.finish();
    let mut loaded = Loaded {
        errors: expanded.errors,
        notes: expanded.notes,
        ..Loaded::default()
    };
    for file in per_file {
        loaded.notes.extend(file.notes);
        for form in file.forms {
            match form {
                Ok(r) => loaded.reports.push(r),
                Err(e) => loaded.errors.push(e),
            }
        }
    }
    let twice = duplicates::repeated(&loaded.reports);
    loaded.warnings = twice.iter().map(|d| d.warning.clone()).collect();
    duplicates::remove(&mut loaded.reports, &twice);
    loaded
}

impl Loaded {
    /// Prints the notes (unless `--quiet`) and the errors, one line each.
    pub fn print(&self) {
        for n in &self.notes {
            batch::note(&format!("note: {n}"));
        }
        for w in &self.warnings {
            eprintln!("warning: {w}");
        }
        for e in &self.errors {
            eprintln!("error: {e}");
        }
    }

    /// Success, or exit code 2 with a last line counting the inputs that failed to read.
    pub fn exit_code(&self) -> ExitCode {
        read_failures(self.errors.len())
    }
}

/// Exit code 2 and a closing count when any input failed to read (each failure was printed
/// already); success otherwise.
pub fn read_failures(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failed} 个输入读取失败 ({failed} failed)");
        ExitCode::from(2)
    }
}

/// Refuses to write over any input file, comparing canonical paths so `./x` and `x` match.
/// `inputs` are files (as [`read::expand_inputs`] lists them), not directories.
pub fn refuse_overwriting_inputs(outputs: &[PathBuf], inputs: &[PathBuf]) -> Result<(), String> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| canonical(p)).collect();
    for out in outputs {
        if inputs.contains(&canonical(out)) {
            return Err(format!(
                "{}: 输出文件就是输入文件，拒绝覆盖 (the output is an input; refusing to overwrite it)",
                out.display()
            ));
        }
    }
    Ok(())
}

/// The canonical form of a path that may not exist yet: its directory canonicalized.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            parent
                .canonicalize()
                .map_or_else(|_| path.to_path_buf(), |p| p.join(name))
        }
        _ => path.to_path_buf(),
    }
}

/// [`refuse_overwriting_inputs`] for a single output, against the files the command-line
/// inputs name (`samples/` when none).
pub fn refuse_overwriting(output: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    };
    let files = read::expand_inputs(&inputs).files;
    refuse_overwriting_inputs(&[output.to_path_buf()], &files)
}
