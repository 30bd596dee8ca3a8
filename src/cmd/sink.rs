//! Where a command's output goes: a file (written atomically) or, for `-o -` or no `-o`,
//! standard output. A binary output (a workbook) is never sent to a terminal.

use selfeval::write::atomic;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Whether an output path means standard output.
pub fn is_stdout(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// The file an output names, or `None` for standard output (`-`, or no `-o`).
pub fn file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| !is_stdout(p))
}

/// Writes `bytes` to `file` atomically, or to standard output when `None`. `Err` holds the
/// code to exit with (the error was printed; a closed standard output is a quiet 0).
pub fn deliver(file: Option<&Path>, bytes: &[u8]) -> Result<(), ExitCode> {
    match file {
        Some(path) => atomic::write(path, bytes).map_err(|e| {
            say!("error: {}", atomic::failure(path, &e));
            ExitCode::from(2)
        }),
        None => super::print_stdout_bytes(bytes),
    }
}

/// Refuses to send a binary file to a terminal, where it would show as garbage and could
/// upset the terminal; a pipe or a redirection is fine.
pub fn refuse_binary_on_terminal(what: &str, option: &str) -> Result<(), String> {
    if std::io::stdout().is_terminal() {
        return Err(format!(
            "{option} -: 拒绝把{what}（二进制文件）写到终端；请重定向到文件，如 > forms.xlsx，\
             或用 {option} forms.xlsx (refusing to write a binary workbook to a terminal: \
             redirect it, e.g. `> forms.xlsx`, or pass `{option} forms.xlsx`)"
        ));
    }
    Ok(())
}
