//! The command line on bad inputs: one-line errors naming the file, non-zero exit, no panic,
//! and the good files of a batch still read.

use std::process::Command;

fn selfeval(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_of_the_samples_succeeds() {
    let (code, out, err) = selfeval(&["json", "samples/shanghai-minhang-social-security-2024.txt"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 8);
    assert_eq!(v[0]["source"]["line"], 2);
    assert_eq!(v[0]["funds"]["total"]["annual_budget"], "40.05");
}

#[test]
fn bad_inputs_fail_one_line_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("empty.txt"), "").unwrap();
    std::fs::write(p("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(p("noform.txt"), "会议纪要\n今天讨论了预算。\n").unwrap();
    let sample =
        std::fs::read_to_string("samples/shanghai-minhang-admin-service-2024.txt").unwrap();
    let cut: String = sample.lines().take(60).collect::<Vec<_>>().join("\n");
    std::fs::write(p("cut.txt"), cut).unwrap();
    let missing = p("missing.txt");
    let good = "samples/shanghai-minhang-social-security-2024.txt";
    let names = ["empty.txt", "binary.txt", "noform.txt", "cut.txt"];
    let mut args: Vec<String> = vec!["json".into()];
    args.extend(names.iter().map(|n| p(n).display().to_string()));
    args.push(missing.display().to_string());
    args.push(good.into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = selfeval(&args);
    assert_ne!(code, 0);
    assert!(!err.contains("panicked"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        8,
        "the good file is still read"
    );
    for n in names.iter().chain(std::iter::once(&"missing.txt")) {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(n)).collect();
        assert_eq!(lines.len(), 1, "one error line for {n}: {err}");
    }
    let cut_line = err.lines().find(|l| l.contains("cut.txt")).unwrap();
    assert!(
        cut_line.contains("line 2"),
        "names the line where the cut form starts: {cut_line}"
    );
}

#[test]
fn json_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let (code, stdout, err) = selfeval(&[
        "json",
        "samples/shanghai-minhang-social-security-2024.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 8);
}

#[test]
fn convert_writes_the_workbook_with_findings_and_the_summary() {
    use calamine::Reader as _;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("forms.xlsx");
    let page = dir.path().join("summary.html");
    let (code, _, err) = selfeval(&[
        "convert",
        "samples",
        "-o",
        book.to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[..3], ["汇总", "扣分明细", "校验"]);
    assert_eq!(names[3], "图表");
    assert_eq!(names.len(), 4 + 46);
    // One 校验 row per finding of `selfeval check`.
    let (_, out, _) = selfeval(&["check", "samples", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let range = wb.worksheet_range("校验").unwrap();
    assert_eq!(range.height() - 1, findings.as_array().unwrap().len());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("党建经费"));
}

#[test]
fn quiet_silences_the_notes_but_not_the_errors() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("forms.xlsx");
    let book = book.to_str().unwrap();
    let good = "samples/shanghai-minhang-social-security-2024.txt";

    let (code, _, err) = selfeval(&["convert", good, "-o", book]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("已写出") && err.contains("8 张自评表"),
        "{err}"
    );

    // Before or after the subcommand; stderr is not a terminal here, so no progress bar.
    for args in [
        vec!["--quiet", "convert", good, "-o", book],
        vec!["convert", good, "-o", book, "-q"],
    ] {
        let (code, _, err) = selfeval(&args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(err, "");
    }

    let missing = dir.path().join("missing.txt");
    let (code, _, err) = selfeval(&["-q", "convert", good, missing.to_str().unwrap(), "-o", book]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.txt") && !err.contains("已写出"),
        "{err}"
    );
}

#[test]
fn check_json_lists_unreadable_inputs_as_read_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let missing = dir.path().join("missing.txt");
    let good = "samples/shanghai-minhang-social-security-2024.txt";
    let (code, out, err) = selfeval(&[
        "check",
        "--format",
        "json",
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
        good,
    ]);
    assert_eq!(code, 2, "an unread input is exit code 2: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = v.as_array().unwrap();
    let unread: Vec<&serde_json::Value> =
        all.iter().filter(|f| f["rule"] == "read-error").collect();
    assert_eq!(unread.len(), 2, "{out}");
    let mut files: Vec<&str> = unread.iter().map(|f| f["file"].as_str().unwrap()).collect();
    files.sort();
    let (e, m) = (empty.display().to_string(), missing.display().to_string());
    assert_eq!(files, [e.as_str(), m.as_str()]);
    for f in &unread {
        assert_eq!(f["severity"], "error");
        assert!(f["project"].is_null());
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
    // The good file was still checked: its findings follow, with its project named.
    let checked: Vec<&serde_json::Value> =
        all.iter().filter(|f| f["rule"] != "read-error").collect();
    assert!(!checked.is_empty(), "{out}");
    assert!(
        checked
            .iter()
            .all(|f| f["file"] == good && f["project"].is_string())
    );
}

#[test]
fn command_line_mistakes_are_named_in_chinese_then_by_clap() {
    for (args, chinese) in [
        (
            &["--bogus"][..],
            "错误：无法识别的参数：“--bogus”（用 --help 查看用法）",
        ),
        (
            &["convert", "samples"][..],
            "错误：缺少必需的参数：“--output <OUT.xlsx>”（用 --help 查看用法）",
        ),
        (
            &["json", "--format", "xml", "samples"][..],
            "错误：参数值无效：“xml”（“--format <FORMAT>”）（用 --help 查看用法）",
        ),
        (
            &["--jobs", "x", "json", "samples"][..],
            "错误：参数值不合要求：“x”（“--jobs <N>”）（用 --help 查看用法）",
        ),
        (
            &["convert", "samples", "-o", "a.xlsx", "--html"][..],
            "错误：这个选项缺少值：“--html <SUMMARY.html>”（用 --help 查看用法）",
        ),
        (
            &["frobnicate"][..],
            "错误：没有这个子命令：“frobnicate”（用 --help 查看用法）",
        ),
    ] {
        let (code, stdout, stderr) = selfeval(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}");
        let mut lines = stderr.lines();
        assert_eq!(lines.next(), Some(chinese), "{args:?}: {stderr}");
        // clap's own message follows, with its usage hint.
        assert!(
            lines.next().is_some_and(|l| l.starts_with("error: ")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("--help"), "{args:?}");
    }
    // No subcommand: the mistake, then the help, on stderr, exit 2.
    let (code, _, stderr) = selfeval(&[]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("错误：缺少子命令"), "{stderr}");
    assert!(stderr.contains("Usage:"), "{stderr}");
    // --help and --version are no mistakes.
    for flag in ["--help", "--version"] {
        let (code, stdout, stderr) = selfeval(&[flag]);
        assert_eq!(code, 0, "{flag}");
        assert!(!stdout.is_empty() && stderr.is_empty(), "{flag}: {stderr}");
    }
}
