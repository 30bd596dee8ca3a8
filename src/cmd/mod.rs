//! One module per subcommand; this one holds what they share: loading the inputs, printing
//! to stderr and stdout, and the exit code.

/// One line on stderr, like `eprintln!`, but with control characters escaped (a newline in a
/// file name does not split a one-line error) and never panicking (a closed stderr is ignored).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cmd::say_line(&format!($($arg)*))
    };
}

/// The exit codes, the same for every command, for the end of each command's `--help` (a macro,
/// so that `concat!` can put examples before it).
macro_rules! exit_codes {
    () => {
        "退出码 (Exit codes), 每个命令相同 (the same for every command):
  0  每张表都已读取并检查，没有错误（可有警告）
     every form was read and checked: no errors (warnings allowed)
  1  有表存在检查错误（输出照常写出，错误数打印在标准错误）
     a form has a check error (the outputs are still written; the count is printed)
  2  有输入无法读取、输入中没有自评表、输出被拒绝或无法写出，或命令行用法有误
     an input could not be read, no form was found in the inputs, an output was refused
     or could not be written, or the command line is wrong (usage error)
标准输出提前关闭（| head）：安静地以 0 结束 (standard output closed early: a quiet stop, 0)."
    };
}

pub mod batch;
pub mod check;
pub mod completions;
pub mod convert;
pub mod corpus;
pub mod duplicates;
pub mod inputs;
pub mod json;
pub mod output;
pub mod schema;
pub mod sink;
pub mod summary;
pub mod usage;

use selfeval::check::Tally;
use selfeval::model::Report;
use selfeval::read::{self, ReadError, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The exit codes as text (for tests and the README's check that they agree).
#[allow(dead_code)]
pub const EXIT_CODES: &str = exit_codes!();

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
    print_stdout_bytes(text.as_bytes())
}

/// Like [`print_stdout`], for bytes (a workbook written to standard output).
pub fn print_stdout_bytes(bytes: &[u8]) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
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

/// The bundled samples, which the hidden `corpus` command varies when given no input.
pub const DEFAULT_INPUT: &str = "samples";

/// How to read the inputs; shared by every subcommand.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// 输入文本的编码，如 gb18030、gbk、utf-16le；默认自动识别 (text encoding of the inputs,
    /// instead of detecting it: UTF-8, UTF-16 with BOM, then GB18030).
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// 拒绝读取大于此大小的输入文件 (refuse input files larger than this): 字节数或带单位
    /// (bytes, or with a unit): 512MB, 2GiB, 100k (k/MB/GB = 1000 的幂 powers of 1000;
    /// KiB/MiB/GiB = 1024 的幂 powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size_arg)]
    pub max_input_size: u64,
    /// 拒绝解压后超过此大小的 .xlsx 工作簿 (refuse .xlsx workbooks whose contents would
    /// unpack to more than this), 单位同上 (units as above).
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = parse_size_arg)]
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

/// A size as a clerk writes it: `1000`, `512MB`, `2GiB`, `100k`, `1.5 GB` (parse-size: k, MB, GB
/// are powers of 1000, KiB, MiB, GiB of 1024, case and a space ignored).
pub fn parse_size_arg(text: &str) -> Result<u64, String> {
    parse_size::parse_size(text.trim()).map_err(|e| {
        format!("无法识别的大小 (not a size): {text} ({e}); 例如 (e.g.) 1000000, 512MB, 2GiB, 100k")
    })
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

/// Reads all inputs (files, directories, `-` for standard input), going on past bad files.
/// Files are read in parallel and their forms kept in input order; each note and failure is
/// printed to stderr as one line, in input order too.
pub fn load(inputs: &[PathBuf], options: &ReadOptions) -> Loaded {
    let loaded = read_all(inputs, options);
    loaded.print();
    loaded
}

/// Like [`load`], printing nothing.
pub fn read_all(inputs: &[PathBuf], options: &ReadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let mut start = 0;
    for (i, input) in inputs.iter().enumerate() {
        if inputs::is_stdin(input) {
            read_files(&inputs[start..i], options, &mut loaded);
            loaded.add(inputs::read_stdin(options));
            start = i + 1;
        }
    }
    read_files(&inputs[start..], options, &mut loaded);
    let twice = duplicates::repeated(&loaded.reports);
    loaded.warnings = twice.iter().map(|d| d.warning.clone()).collect();
    duplicates::remove(&mut loaded.reports, &twice);
    loaded
}

/// Reads the files and folders `inputs` name into `loaded`.
fn read_files(inputs: &[PathBuf], options: &ReadOptions, loaded: &mut Loaded) {
    if inputs.is_empty() {
        return;
    }
    let expanded = read::expand_inputs(inputs);
    let progress = batch::Progress::new(expanded.files.len(), "读取 (reading)");
    let per_file = read::read_paths(&expanded.files, options, || progress.inc());
    progress.finish();
    loaded.errors.extend(expanded.errors);
    loaded.notes.extend(expanded.notes);
    for file in per_file {
        loaded.add(file);
    }
}

impl Loaded {
    /// The forms, failures and notes of one file.
    fn add(&mut self, file: read::FileRead) {
        self.notes.extend(file.notes);
        for form in file.forms {
            match form {
                Ok(r) => self.reports.push(r),
                Err(e) => self.errors.push(e),
            }
        }
    }

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

/// The files the command-line inputs name, as they will be read (standard input left out).
pub fn input_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    inputs::files(inputs)
}

#[cfg(test)]
mod tests {
    use super::{one_line, parse_size_arg};

    #[test]
    fn sizes_take_the_units_clerks_write() {
        assert_eq!(parse_size_arg("1000"), Ok(1000));
        assert_eq!(parse_size_arg("512MB"), Ok(512_000_000));
        assert_eq!(parse_size_arg("512MiB"), Ok(512 * 1024 * 1024));
        assert_eq!(parse_size_arg("2GiB"), Ok(2 * 1024 * 1024 * 1024));
        assert_eq!(parse_size_arg("100k"), Ok(100_000));
        assert_eq!(parse_size_arg(" 1.5 GB "), Ok(1_500_000_000));
        let e = parse_size_arg("lots").unwrap_err();
        assert!(e.contains("lots") && e.contains("512MB"), "{e}");
        assert!(parse_size_arg("-5MB").is_err());
    }

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
