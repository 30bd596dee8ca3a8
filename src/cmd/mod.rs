//! One module per subcommand; this one holds what they share: loading the inputs, printing
//! to stderr and stdout, and the exit code.

/// One line on stderr, like `eprintln!`, but with control characters escaped (a newline in a
/// file name does not split a one-line error) and never panicking (a closed stderr is ignored).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cmd::say_line(&format!($($arg)*))
    };
}

pub mod batch;
pub mod check;
pub mod convert;
pub mod corpus;
pub mod duplicates;
pub mod json;
pub mod output;
pub mod summary;

use selfeval::check::Tally;
use selfeval::model::Report;
use selfeval::read::{self, ReadError, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exit codes, the same for every command, for the end of each command's `--help`.
pub const EXIT_CODES: &str = "\
Exit codes (退出码), the same for every command:
  0  every form was read and checked: no errors (warnings allowed)
  1  a form has a check error (the outputs are still written; the count is printed)
  2  an input could not be read, no form was found in the inputs, an output was refused,
     or nothing could be written
Standard output closed early (`| head`): a quiet stop with code 0.";

/// Writes one line to stderr: [`one_line`] of `line`, ignoring failures (a closed stderr must
/// not stop a run whose outputs matter more than its messages).
pub fn say_line(line: &str) {
    let mut text = one_line(line);
    text.push('\n');
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `text` on one line: control characters (newline, tab, escape …) and the invisible marks
/// that reorder text written as escapes (`\n`, `\u{1b}`, `\u{202e}`); everything else,
/// Chinese included, as it is.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let reorders = matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        );
        if reorders {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints `text` on stdout. A reader that went away (`| head`: EPIPE) ends the run at once and
/// quietly with exit code 0, as ripgrep and xsv do; any other failure (a full disk) is a
/// one-line error and exit code 2. `Err` holds the code to exit with.
pub fn print_stdout(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge => {
                    "磁盘已满或文件超出允许大小 (disk full or file too large); "
                }
                _ => "",
            };
            say!("error: 无法写出到标准输出 (cannot write to standard output): {why}{e}");
            Err(ExitCode::from(2))
        }
    }
}

/// The counts of errors and warnings the checks found, on stderr: always when a form has an
/// error (the exit code is 1 for it), as a note otherwise.
pub fn print_tally(t: Tally) {
    let line = format!(
        "共检查 {} 张表：{} 个错误，{} 个警告 ({} forms, {} errors, {} warnings)",
        t.forms, t.errors, t.warnings, t.forms, t.errors, t.warnings
    );
    if t.errors > 0 {
        say!("{line}");
    } else {
        batch::note(&line);
    }
}

/// The exit code of a run that read forms and wrote its outputs: 2 (with a last line counting
/// them) when inputs failed to read, 1 when a form has a check error, 0 otherwise.
pub fn finish(failed: usize, tally: Tally) -> ExitCode {
    if failed > 0 {
        read_failures(failed)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The end of a run in which no form was read: exit code 2, with the count of the inputs that
/// failed to read, or when none failed, a line saying that no form was found. Nothing is
/// written then (`writes`: the command writes files, so the line says so).
pub fn no_forms(failed: usize, writes: bool) -> ExitCode {
    if failed > 0 {
        return read_failures(failed);
    }
    if writes {
        say!(
            "error: 没有从输入中读到任何自评表，未写出任何文件 \
             (no form was read from the inputs; nothing written)"
        );
    } else {
        say!("error: 没有从输入中读到任何自评表 (no form was read from the inputs)");
    }
    ExitCode::from(2)
}

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
            say!("warning: {w}");
        }
        for e in &self.errors {
            say!("error: {e}");
        }
    }
}

/// Exit code 2 and a closing count when any input failed to read (each failure was printed
/// already); success otherwise.
pub fn read_failures(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        say!("{failed} 个输入读取失败 ({failed} failed)");
        ExitCode::from(2)
    }
}

/// Refuses to write over any input file, comparing canonical paths so `./x` and `x` match.
/// `inputs` are files (as [`read::expand_inputs`] lists them), not directories.
pub fn refuse_overwriting_inputs(outputs: &[PathBuf], inputs: &[PathBuf]) -> Result<(), String> {
    let inputs: std::collections::HashSet<PathBuf> = inputs.iter().map(|p| canonical(p)).collect();
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

/// The files the command-line inputs name (`samples/` when none), as they will be read.
pub fn input_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let inputs = if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    };
    read::expand_inputs(&inputs).files
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn control_characters_are_escaped_and_chinese_kept() {
        assert_eq!(
            one_line("error: 报告\n第二行\t.txt\r: 无法读取"),
            "error: 报告\\n第二行\\t.txt\\r: 无法读取"
        );
        assert_eq!(one_line("a\u{1b}[31mb\u{7f}"), "a\\u{1b}[31mb\\u{7f}");
        // A mark that would show `txt.exe` as `exe.txt`.
        assert_eq!(one_line("x\u{202e}txt.exe"), "x\\u{202e}txt.exe");
        assert_eq!(one_line("“全角” ，。"), "“全角” ，。");
    }
}
