//! What a command reads: the files and folders named, `-` for standard input, and standard
//! input when nothing is named and it is not a terminal (as ripgrep and xsv do). With nothing
//! named on a terminal, a usage error says what to pass: selfeval no longer falls back to a
//! `samples/` folder of the current directory, which named a folder the user never typed.

use selfeval::read::{self, FileRead, ReadError, ReadOptions};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// How standard input is named on the command line.
pub const STDIN_ARG: &str = "-";

/// How standard input is named in messages and in the forms' `source.file`.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a command-line input means standard input.
pub fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == STDIN_ARG
}

/// Standard input, read once (it cannot be read twice): its bytes, or why not.
static STDIN: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

/// The inputs to read: as given, or `-` when none is given and standard input is not a
/// terminal and holds something. `Err` is the exit code of a usage error, already printed.
pub fn resolve(given: &[PathBuf], max_input_size: u64) -> Result<Vec<PathBuf>, ExitCode> {
    if given.iter().filter(|p| is_stdin(p)).count() > 1 {
        say!("error: 标准输入 - 只能给一次 (standard input, -, can be given once only)");
        return Err(ExitCode::from(2));
    }
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    // Piped and not empty; a failure to read it (too large) is reported as that input's error.
    let piped = !std::io::stdin().is_terminal()
        && !matches!(stdin_bytes(max_input_size), Ok(b) if b.is_empty());
    if piped {
        return Ok(vec![PathBuf::from(STDIN_ARG)]);
    }
    say!(
        "error: 没有给出输入 (no input given): 请给出要读取的自评表文件或文件夹，\
         例如 selfeval check samples/ ；用 - 读取标准输入 \
         (name the form files or folders to read, e.g. `selfeval check samples/`; \
         - reads standard input)"
    );
    Err(ExitCode::from(2))
}

/// Standard input's bytes, read once, at most `limit` of them.
fn stdin_bytes(limit: u64) -> &'static Result<Vec<u8>, String> {
    STDIN.get_or_init(|| {
        let mut bytes = Vec::new();
        match std::io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            Ok(_) if bytes.len() as u64 > limit => Err(format!(
                "输入超过上限 {limit} 字节，未读取 \
                 (standard input larger than the limit of {limit} bytes; see --max-input-size)"
            )),
            Ok(_) => Ok(bytes),
            Err(e) => Err(format!(
                "无法读取标准输入 (cannot read standard input): {e}"
            )),
        }
    })
}

/// Reads standard input as one file: its layout found from its bytes, as for a file.
pub fn read_stdin(options: &ReadOptions) -> FileRead {
    match stdin_bytes(options.max_input_size) {
        Ok(bytes) => read::read_content(STDIN_NAME, bytes, options),
        Err(message) => FileRead {
            forms: vec![Err(ReadError::new(STDIN_NAME, None, message.clone()))],
            notes: Vec::new(),
        },
    }
}

/// The files the inputs name (folders expanded; standard input left out), as they will be
/// read: what no output may overwrite.
pub fn files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let paths: Vec<PathBuf> = inputs.iter().filter(|p| !is_stdin(p)).cloned().collect();
    read::expand_inputs(&paths).files
}
