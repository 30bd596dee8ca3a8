//! Which files of the inputs are read. Files named on the command line are read as given;
//! folders are walked (with `walkdir`: sorted, symlink loops detected), and every file in them
//! is either read or named in a note saying why it was passed over.

use super::ReadError;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The inputs, expanded: files to read in order, failures, and notes on what was passed over.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub errors: Vec<ReadError>,
    pub notes: Vec<String>,
}

/// Endings of the files read in a folder: every form format selfeval reads, and those it
/// knows and refuses with advice (a PDF, a Word 97 document), so that they are not passed
/// over in silence. The content decides how a file is read, not its ending.
const READ: [&str; 17] = [
    "txt", "tsv", "csv", "xlsx", "xlsm", "xlsb", "xls", "et", "ods", "html", "htm", "docx", "pdf",
    "doc", "wps", "rtf", "odt",
];

/// Expands the inputs: files as given, folders searched recursively in sorted order, so the
/// output is the same on every machine.
pub fn expand_inputs(inputs: &[PathBuf]) -> Inputs {
    let mut out = Inputs::default();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out);
        } else if input.exists() || input.symlink_metadata().is_ok() {
            out.files.push(input.clone());
        } else {
            out.errors.push(ReadError::new(
                &input.display().to_string(),
                None,
                "文件或目录不存在 (no such file or directory)",
            ));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Inputs) {
    let mut entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(dir).display().to_string();
                if e.loop_ancestor().is_some() {
                    out.notes.push(format!(
                        "{at}: 链接指回上级目录，形成循环，已跳过 (a symlink loop, skipped)"
                    ));
                } else {
                    out.errors.push(ReadError::new(
                        &at,
                        None,
                        format!("无法读取 (cannot read: {})", io_reason(&e)),
                    ));
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let shown = path.display().to_string();
        let name = entry.file_name().to_string_lossy();
        let file_type = entry.file_type();
        if name.starts_with('.') {
            if file_type.is_dir() {
                entries.skip_current_dir();
                out.notes.push(format!(
                    "{shown}: 隐藏目录，已跳过 (hidden folder, skipped)"
                ));
            } else {
                out.notes
                    .push(format!("{shown}: 隐藏文件，已跳过 (hidden file, skipped)"));
            }
            continue;
        }
        if file_type.is_dir() {
            continue;
        }
        if name.starts_with("~$") {
            out.notes.push(format!(
                "{shown}: Excel/WPS 打开文件时留下的锁定文件，已跳过 (an Office lock file, skipped)"
            ));
            continue;
        }
        if !file_type.is_file() {
            out.errors.push(ReadError::new(
                &shown,
                None,
                "不是普通文件（管道、设备或套接字），未打开 (not a regular file: a pipe, device or socket; not opened)",
            ));
            continue;
        }
        let ending = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if ending.as_deref().is_some_and(|e| READ.contains(&e)) {
            out.files.push(path.to_path_buf());
        } else {
            out.notes.push(format!(
                "{shown}: 不是自评表的文件格式，已跳过 (not a form format, skipped)"
            ));
        }
    }
}

fn io_reason(e: &walkdir::Error) -> String {
    match e.io_error() {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(paths: &[PathBuf], root: &Path) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn every_file_is_read_or_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        for f in [
            "b.xlsx",
            "a.txt",
            "sub/c.HTML",
            "sub/d.docx",
            "~$b.xlsx",
            ".hidden.txt",
            "notes.md",
            "scan.jpg",
            ".git/config",
            "e.pdf",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let got = expand_inputs(&[root.to_path_buf()]);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(
            names(&got.files, root),
            ["a.txt", "b.xlsx", "e.pdf", "sub/c.HTML", "sub/d.docx"]
        );
        let notes = got.notes.join("\n");
        for skipped in ["~$b.xlsx", ".hidden.txt", "notes.md", "scan.jpg", ".git"] {
            assert!(
                got.notes.iter().filter(|n| n.contains(skipped)).count() == 1,
                "{skipped} in\n{notes}"
            );
        }
        assert!(!notes.contains("config"), "{notes}");
        assert_eq!(got.notes.len(), 5, "{notes}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_named_once_and_files_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(".", root.join("self")).unwrap();
        let got = expand_inputs(&[root.to_path_buf()]);
        assert_eq!(names(&got.files, root), ["a.txt"]);
        assert_eq!(got.notes.len(), 1, "{:?}", got.notes);
        assert!(got.notes[0].contains("循环"), "{:?}", got.notes);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_a_folder_is_refused_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let got = expand_inputs(&[dir.path().to_path_buf()]);
        assert!(got.files.is_empty());
        assert_eq!(got.errors.len(), 1);
        assert!(got.errors[0].to_string().contains("不是普通文件"));
    }

    #[test]
    fn a_missing_input_is_an_error() {
        let got = expand_inputs(&[PathBuf::from("/no/such/selfeval/input")]);
        assert!(got.files.is_empty());
        assert!(got.errors[0].to_string().contains("不存在"));
    }
}
