//! A folder of mixed files, as a clerk drops it on selfeval: every file is read or named in a
//! note, a lock file never fails the batch, a form read twice counts once with a warning, and
//! `-q` silences the notes but not the warnings and errors.

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

fn check(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)).unwrap();
    std::fs::create_dir(root.join("copy")).unwrap();
    std::fs::write(root.join("forms.txt"), &text).unwrap();
    // The same forms again, in a folder a colleague kept.
    std::fs::write(root.join("copy/forms.txt"), &text).unwrap();
    std::fs::write(root.join("~$forms.xlsx"), b"lock").unwrap();
    std::fs::write(root.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    std::fs::write(root.join("readme.md"), "说明").unwrap();
    std::fs::write(root.join("scan.png"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    dir
}

#[test]
fn every_file_is_read_or_named_and_a_repeat_counts_once() {
    let dir = mixed_folder();
    let out = check(&[], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The lock file, the hidden file and the non-form files are notes; nothing failed.
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for name in ["~$forms.xlsx", ".DS_Store", "readme.md", "scan.png"] {
        let notes = stderr
            .lines()
            .filter(|l| l.starts_with("note: ") && l.contains(name))
            .count();
        assert_eq!(notes, 1, "{name}: {stderr}");
    }
    // Eight forms, each read twice: eight warnings naming both places, eight forms checked.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 8, "{stderr}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("copy/forms.txt") && w.contains("只计一次")),
        "{stderr}"
    );
    assert!(stdout.contains("共检查 8 张表"), "{stdout}");

    // Quiet: no notes; the warnings stay.
    let quiet = check(&["-q"], dir.path());
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert!(!stderr.contains("note: "), "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), 8, "{stderr}");
}

#[test]
fn a_pdf_or_word_97_file_in_a_folder_fails_loudly() {
    let dir = mixed_folder();
    std::fs::write(dir.path().join("attachment.pdf"), b"%PDF-1.4\n").unwrap();
    let out = check(&["-q"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains("attachment.pdf") && l.contains("PDF")),
        "{stderr}"
    );
    // The forms were still read.
    assert!(String::from_utf8_lossy(&out.stdout).contains("共检查 8 张表"));
}

/// A pipe named as an input is refused at once, never opened (opening it blocked forever).
#[cfg(unix)]
#[test]
fn a_fifo_named_as_an_input_is_refused_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("forms.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["json", "-q"])
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A hang is a failure: give it ten seconds.
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("selfeval blocked on a pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("不是普通文件"), "{stderr}");
}
