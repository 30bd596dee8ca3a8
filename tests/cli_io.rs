//! Inputs and outputs of the command line as ripgrep and xsv users expect them: `-` is
//! standard input, `-o -` standard output, no input on a terminal (or empty) is a usage error,
//! sizes take units.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

fn selfeval() -> Command {
    Command::new(env!("CARGO_BIN_EXE_selfeval"))
}

/// Runs selfeval with `input` on standard input.
fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = selfeval()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A child that stops reading (an input over its size limit) closes the pipe early.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn json(bytes: &[u8]) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn dash_reads_standard_input_as_a_file() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    let from_file = selfeval().args(["json", "-q", SAMPLE]).output().unwrap();
    for args in [vec!["json", "-q", "-"], vec!["json", "-q"]] {
        let out = with_stdin(&args, &bytes);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let (a, b) = (json(&out.stdout), json(&from_file.stdout));
        assert_eq!(a.len(), 8);
        for (mut x, mut y) in a.into_iter().zip(b) {
            assert_eq!(x["source"]["file"], "<stdin>");
            x["source"]["file"] = "".into();
            y["source"]["file"] = "".into();
            assert_eq!(x, y);
        }
    }
    // Among files, in input order.
    let out = with_stdin(
        &[
            "json",
            "-q",
            "samples/shanghai-minhang-qibao-town-2024.txt",
            "-",
        ],
        &bytes,
    );
    let forms = json(&out.stdout);
    assert_eq!(forms.last().unwrap()["source"]["file"], "<stdin>");
    assert_ne!(forms[0]["source"]["file"], "<stdin>");

    // A workbook on standard input: the layout is found from the bytes.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("b.xlsx");
    let made = selfeval()
        .args(["convert", "-q", SAMPLE, "-o", book.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(made.success());
    let out = with_stdin(&["check", "-q", "-"], &std::fs::read(&book).unwrap());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<stdin>"));

    // Garbage on standard input is named as such.
    let out = with_stdin(&["check", "-"], b"\x00\x01\x02 not a form");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>"));
}

#[test]
fn standard_input_over_the_size_limit_is_an_error_naming_it() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    for args in [
        vec!["json", "--max-input-size", "1k", "-"],
        vec!["json", "--max-input-size", "1k"],
    ] {
        let out = with_stdin(&args, &bytes);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("<stdin>") && err.contains("limit of 1000 bytes"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn standard_input_given_twice_is_a_usage_error() {
    let out = with_stdin(&["check", "-", "-"], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("once only"));
}

#[test]
fn no_input_is_a_usage_error_that_says_what_to_pass() {
    // An empty folder, so that no `samples/` is found there either; standard input is empty.
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["check", "json", "summary -o s.html", "convert -o f.xlsx"] {
        let out = selfeval()
            .args(cmd.split(' '))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("no input given") && err.contains("selfeval check samples/"),
            "{cmd}: {err}"
        );
        assert!(!err.contains("samples:"), "{err}");
        assert!(out.stdout.is_empty(), "{cmd}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn dash_o_writes_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = selfeval()
        .args(["json", "-q", SAMPLE, "-o", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout).len(), 8);
    assert!(!std::path::Path::new("-").exists());

    let out = selfeval()
        .args(["summary", "-q", SAMPLE, "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("高龄老人慰问人数"));

    // The workbook to a pipe: a real workbook with the forms.
    let out = selfeval()
        .args(["convert", "-q", "samples", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let book = dir.path().join("piped.xlsx");
    std::fs::write(&book, &out.stdout).unwrap();
    use calamine::Reader as _;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    // 汇总, 扣分明细, 校验, 图表, then a sheet per form.
    assert_eq!(wb.sheet_names().len(), 4 + 46);

    // And the summary page beside a workbook file.
    let file = dir.path().join("f.xlsx");
    let out = selfeval()
        .args([
            "convert",
            "-q",
            SAMPLE,
            "-o",
            file.to_str().unwrap(),
            "--html",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(file.exists());
    assert!(out.stdout.starts_with(b"<!DOCTYPE html>"));

    // Only one output can take standard output.
    let out = selfeval()
        .args(["convert", SAMPLE, "-o", "-", "--html", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_workbook_is_never_written_to_a_terminal() {
    // `script` gives the command a terminal; without it the test says so and skips.
    let Some(script) = common::tool("script", "--version") else {
        return;
    };
    let cmd = format!("{} convert {SAMPLE} -o -", env!("CARGO_BIN_EXE_selfeval"));
    let out = Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("refusing to write a binary workbook to a terminal"),
        "{text}"
    );
    assert!(!text.contains("PK"), "{text}");
}

#[test]
fn sizes_take_units() {
    let size = std::fs::metadata(SAMPLE).unwrap().len();
    assert!(size > 1000 && size < 512_000_000);
    let out = selfeval()
        .args(["json", "-q", "--max-input-size", "512MB", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = selfeval()
        .args(["json", "-q", "--max-input-size", "1k", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("limit of 1000 bytes"), "{err}");
    let out = selfeval()
        .args(["json", "--max-input-size", "lots", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("512MB"));
}

#[test]
fn help_shows_examples_and_exit_codes_in_both_languages() {
    for args in [
        vec!["--help"],
        vec!["convert", "--help"],
        vec!["check", "-h"],
        vec!["json", "--help"],
    ] {
        let out = selfeval().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        for needle in [
            "示例 (Examples)",
            "退出码 (Exit codes)",
            "usage error",
            "selfeval ",
        ] {
            assert!(text.contains(needle), "{args:?} lacks {needle}: {text}");
        }
    }
}
