//! Bad outputs tried on purpose (issue 16): outputs that are not regular files, two outputs
//! that are one file, outputs named with the wrong extension, litter of a killed run, a closed
//! or full standard output, absurd `--jobs`, names with control characters, and the exit code
//! rule every command shares (0 ok, 1 check errors, 2 unread input, no form or nothing
//! written).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";
/// A form with two check errors (and no warning).
const WITH_ERRORS: &str = "tests/regions/langfang-2019-school-hvac.xlsx";

fn selfeval() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_selfeval"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn sel<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    selfeval().args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run was refused: exit code 2, exactly one line on stderr, containing every one of
/// `says`, and no panic.
fn refused(out: &Output, says: &[&str]) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for s in says {
        assert!(err.contains(s), "{s:?} in {err}");
    }
    err
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(unix)]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// A character device like `/dev/null` (1, 3) or `/dev/full` (1, 7) at `path`: root only.
#[cfg(unix)]
fn mknod_char(path: &Path, minor: u32) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, minor)) };
    assert_eq!(made, 0, "mknod");
}

#[cfg(unix)]
fn file_type(path: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = std::fs::symlink_metadata(path).unwrap().file_type();
    if t.is_char_device() {
        "char device"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_socket() {
        "socket"
    } else if t.is_dir() {
        "dir"
    } else if t.is_symlink() {
        "symlink"
    } else {
        "file"
    }
}

/// Every way an output is named, for a path `out` of the right extension (`.xlsx`, `.html`,
/// `.json` are added to `stem`), with a missing input among the inputs so that any work done
/// before the refusal would show as a second error line.
fn every_output(dir: &Path, stem: &Path) -> Vec<(Vec<String>, PathBuf)> {
    let missing = p(&dir.join("missing-input.txt"));
    let with = |ext: &str| {
        let mut s = stem.as_os_str().to_owned();
        s.push(ext);
        PathBuf::from(s)
    };
    let other_book = p(&dir.join("other.xlsx"));
    vec![
        (
            vec![
                "convert".into(),
                SAMPLE.into(),
                missing.clone(),
                "-o".into(),
                p(&with(".xlsx")),
            ],
            with(".xlsx"),
        ),
        (
            vec![
                "convert".into(),
                SAMPLE.into(),
                missing.clone(),
                "-o".into(),
                other_book,
                "--html".into(),
                p(&with(".html")),
            ],
            with(".html"),
        ),
        (
            vec![
                "summary".into(),
                SAMPLE.into(),
                missing.clone(),
                "-o".into(),
                p(&with(".html")),
            ],
            with(".html"),
        ),
        (
            vec![
                "json".into(),
                SAMPLE.into(),
                missing,
                "-o".into(),
                p(&with(".json")),
            ],
            with(".json"),
        ),
    ]
}

// Case 1: outputs are written only over regular files or at new paths.

#[cfg(unix)]
#[test]
fn a_pipe_a_socket_or_a_device_as_output_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut kinds: Vec<(&str, &str)> = vec![("fifo", "a pipe (FIFO)"), ("socket", "a socket")];
    if is_root() {
        kinds.push(("null", "a device"));
    } else {
        eprintln!("notice: not root, so no device node can be made; pipes and sockets only");
    }
    for (kind, says) in kinds {
        let stem = d.join(kind);
        for (args, out) in every_output(d, &stem) {
            let _listener;
            match kind {
                "fifo" => mkfifo(&out),
                "socket" => _listener = std::os::unix::net::UnixListener::bind(&out).unwrap(),
                _ => mknod_char(&out, 3),
            }
            let before = file_type(&out);
            let ran = sel(&args);
            refused(
                &ran,
                &[
                    &p(&out),
                    "无法写入 (cannot write)",
                    says,
                    "not a regular file",
                ],
            );
            assert_eq!(file_type(&out), before, "{args:?} replaced the {kind}");
            std::fs::remove_file(&out).unwrap();
        }
    }
    // A link to a device is refused too. (The real /dev/null is not tried: a build without
    // this check, run as root, would replace it with a regular file.)
    let link = d.join("link.xlsx");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    refused(&sel(&["convert", SAMPLE, "-o", &p(&link)]), &["a device"]);
    assert_eq!(file_type(&link), "symlink");
    // Nothing but what the test made.
    let left: Vec<String> = names_in(d)
        .into_iter()
        .filter(|n| n != "link.xlsx")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn a_device_copy_of_dev_null_stays_a_device_for_root() {
    if !is_root() {
        eprintln!("notice: not root; mknod is root's only, test skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let node = dir.path().join("null.xlsx");
    mknod_char(&node, 3);
    let out = sel(&["convert", "-q", SAMPLE, "-o", &p(&node)]);
    refused(&out, &["a device"]);
    assert_eq!(file_type(&node), "char device");
    // Per input file under `-o DIR/`: a device where one workbook would go.
    let each = dir.path().join("each");
    std::fs::create_dir(&each).unwrap();
    let node = each.join("shanghai-minhang-social-security-2024.xlsx");
    mknod_char(&node, 3);
    let out = sel(&["convert", "-q", SAMPLE, "-o", &format!("{}/", p(&each))]);
    refused(&out, &["a device"]);
    assert_eq!(file_type(&node), "char device");
    assert_eq!(names_in(&each).len(), 1);
}

#[test]
fn a_folder_where_a_file_is_expected_is_refused_and_named_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, out) in every_output(d, &d.join("folder")) {
        std::fs::create_dir(&out).unwrap();
        // Convert with an existing folder as -o writes one workbook per file: not a refusal.
        if args[0] == "convert" && args.len() == 5 {
            std::fs::remove_dir(&out).unwrap();
            continue;
        }
        let ran = sel(&args);
        refused(&ran, &[&p(&out), "it is a folder, not a file"]);
        assert!(names_in(&out).is_empty());
        std::fs::remove_dir(&out).unwrap();
    }
    // Case 16: `summary -o existing_dir/` says the output is a folder, not that part of the
    // path is a file.
    let existing = d.join("existing");
    std::fs::create_dir(&existing).unwrap();
    let out = sel(&["summary", SAMPLE, "-o", &format!("{}/", p(&existing))]);
    let err = refused(&out, &["it is a folder, not a file"]);
    assert!(!err.contains("part of the path is a file"), "{err}");
    // `-o DIR/` naming a file.
    let file = d.join("file.xlsx");
    std::fs::write(&file, "keep").unwrap();
    let out = sel(&["convert", SAMPLE, "-o", &format!("{}/", p(&file))]);
    refused(&out, &["it is not a folder"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

/// Case 16: `/dev/full` as output says what it is (not "permission denied").
#[cfg(unix)]
#[test]
fn dev_full_as_output_says_it_is_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let full = if is_root() {
        // Root could replace the real /dev/full with a regular file: use a copy of it.
        let copy = dir.path().join("full.html");
        mknod_char(&copy, 7);
        copy
    } else {
        PathBuf::from("/dev/full")
    };
    for args in [
        vec!["summary", SAMPLE, "-o"],
        vec!["json", SAMPLE, "-o"],
        vec!["convert", SAMPLE, "-o"],
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args.push(p(&full));
        let err = refused(&sel(&args), &[&p(&full), "a device, not a regular file"]);
        assert!(!err.contains("permission denied"), "{err}");
        assert_eq!(file_type(&full), "char device");
    }
}

// Case 2: two outputs of one run that are the same file.

#[test]
fn two_outputs_that_are_one_file_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for same in ["x.xlsx", "x.html", "x"] {
        let x = p(&d.join(same));
        let out = sel(&["convert", SAMPLE, "-o", &x, "--html", &x]);
        refused(
            &out,
            &[&format!("-o {x}"), &format!("--html {x}"), "same file"],
        );
    }
    // Two spellings of one path.
    let out = sel(&[
        "convert",
        SAMPLE,
        "-o",
        &p(&d.join("y.xlsx")),
        "--html",
        &p(&d.join(".").join("y.xlsx")),
    ]);
    refused(&out, &["same file"]);
    // The summary page where one of the per-file workbooks goes.
    let each = d.join("each");
    let book = each.join("shanghai-minhang-social-security-2024.xlsx");
    let out = sel(&[
        "convert",
        SAMPLE,
        "-o",
        &format!("{}/", p(&each)),
        "--html",
        &p(&book),
    ]);
    refused(
        &out,
        &[
            "-o ",
            "--html ",
            "same file",
            "shanghai-minhang-social-security-2024.xlsx",
        ],
    );
    assert!(names_in(d).is_empty(), "nothing written: {:?}", names_in(d));
}

// Case 7: a run killed while writing leaves a temporary file that says what it is; the next
// run removes the stale ones of its output, and nothing else.

#[test]
fn stale_temporary_files_of_the_output_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A process that has ended: its temporary file is stale.
    let mut ended = Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    let stale = d.join(format!(".forms.xlsx.selfeval-tmp-{dead}"));
    std::fs::write(&stale, vec![0u8; 100_000]).unwrap();
    // A running process (this test) whose file is fresh: it may be writing; kept.
    let live = d.join(format!(".forms.xlsx.selfeval-tmp-{}", std::process::id()));
    std::fs::write(&live, "x").unwrap();
    // A running process's file an hour old: stale all the same.
    let old = d.join(format!(
        ".forms.xlsx.selfeval-tmp-{}-a1b2c3",
        std::process::id()
    ));
    let f = std::fs::File::create(&old).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    drop(f);
    // Not selfeval's, or not this output's: kept.
    let others = [
        format!(".other.xlsx.selfeval-tmp-{dead}"),
        ".forms.xlsx.tmpAbC123".to_string(),
        format!(".forms.xlsx.selfeval-tmp-{dead}x"),
        "forms.xlsx.selfeval-tmp-1".to_string(),
    ];
    for o in &others {
        std::fs::write(d.join(o), "keep").unwrap();
    }
    let out = d.join("forms.xlsx");
    let ran = sel(&["convert", SAMPLE, "-o", &p(&out)]);
    let err = stderr(&ran);
    assert_eq!(ran.status.code(), Some(0), "{err}");
    assert!(!stale.exists() && !old.exists(), "{err}");
    assert!(live.exists());
    for o in &others {
        assert!(d.join(o).exists(), "{o} kept");
    }
    let removed: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("removed a temporary file left by an interrupted run"))
        .collect();
    assert_eq!(removed.len(), 2, "{err}");
    assert!(removed.iter().any(|l| l.contains(&p(&stale))), "{err}");
    let mut expected: Vec<String> = others.to_vec();
    expected.push("forms.xlsx".into());
    expected.push(live.file_name().unwrap().to_string_lossy().into_owned());
    expected.sort();
    assert_eq!(names_in(d), expected);
}

// Case 11: a closed or full standard output.

/// Runs `args` with stdout a pipe whose reading end is closed at once (`| head -0`).
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = selfeval()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_is_a_quiet_exit_0() {
    for args in [
        vec!["json", "-q", "samples"],
        vec!["check", "-q", "samples"],
        vec!["check", "-q", "--format", "json", "samples"],
        vec!["json", "-q", "samples", "-o", "-"],
    ] {
        let out = with_closed_stdout(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_full_stdout_is_a_one_line_error_and_exit_2() {
    for args in [
        vec!["json", "-q", "samples"],
        vec!["check", "-q", "samples"],
        vec!["check", "-q", "--format", "json", "samples"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = selfeval().args(&args).stdout(full).output().unwrap();
        refused(
            &out,
            &[
                "cannot write to standard output",
                "disk full",
                "os error 28",
            ],
        );
    }
}

// Case 14: `--jobs`.

#[test]
fn absurd_jobs_are_capped_with_a_note_and_0_means_all_cores() {
    let start = Instant::now();
    let mut child = selfeval()
        .args(["--jobs", "100000", "json", SAMPLE])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("--jobs 100000 still starting threads after a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let many = child.wait_with_output().unwrap();
    let err = stderr(&many);
    assert_eq!(many.status.code(), Some(0), "{err}");
    assert!(err.contains("--jobs lowered to"), "{err}");
    let one = sel(&["--jobs", "1", "json", SAMPLE]);
    assert_eq!(many.stdout, one.stdout);
    let zero = sel(&["-j", "0", "json", "-q", SAMPLE]);
    assert_eq!(zero.status.code(), Some(0), "{}", stderr(&zero));
    assert_eq!(zero.stdout, one.stdout);
    assert_eq!(stderr(&zero), "");
    let help = String::from_utf8_lossy(&sel(&["--help"]).stdout).into_owned();
    assert!(
        help.contains("0: all cores") && help.contains("At most 4 threads per core"),
        "{help}"
    );
}

// Case 16: names with control characters stay on one line.

#[test]
fn a_newline_in_a_file_name_does_not_split_the_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("报告\n第二行\t.txt");
    let out = sel(&["json", &p(&missing)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains("报告\\n第二行\\t.txt"),
        "escaped, Chinese kept: {err}"
    );

    // An output in a folder that does not exist, named with a newline and an escape.
    let bad = dir.path().join("no\nsuch/out\u{1b}[31m.json");
    let out = sel(&["json", SAMPLE, "-o", &p(&bad)]);
    let err = refused(
        &out,
        &["no\\nsuch/out\\u{1b}[31m.json", "the folder does not exist"],
    );
    assert!(!err.contains('\u{1b}'));
}

// Case 17: errors found by the checks are counted on stderr, and every command exits 1.

#[test]
fn check_errors_are_counted_and_exit_1_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let runs: Vec<Vec<String>> = vec![
        vec![
            "convert".into(),
            WITH_ERRORS.into(),
            "-o".into(),
            p(&d.join("a.xlsx")),
        ],
        vec![
            "convert".into(),
            WITH_ERRORS.into(),
            "-o".into(),
            format!("{}/", p(&d.join("each"))),
            "--html".into(),
            p(&d.join("each.html")),
        ],
        vec![
            "summary".into(),
            WITH_ERRORS.into(),
            "-o".into(),
            p(&d.join("s.html")),
        ],
        vec![
            "json".into(),
            WITH_ERRORS.into(),
            "-o".into(),
            p(&d.join("j.json")),
        ],
        vec!["json".into(), WITH_ERRORS.into()],
    ];
    for args in &runs {
        for quiet in [false, true] {
            let mut args = args.clone();
            if quiet {
                args.push("-q".into());
            }
            let out = sel(&args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains("共检查 1 张表：2 个错误，0 个警告 (1 forms, 2 errors, 0 warnings)"),
                "{args:?}: {err}"
            );
        }
    }
    assert!(d.join("a.xlsx").exists() && d.join("each/langfang-2019-school-hvac.xlsx").exists());
    assert!(d.join("s.html").exists() && d.join("j.json").exists());
    let check = sel(&["check", WITH_ERRORS]);
    assert_eq!(check.status.code(), Some(1));
    // Warnings alone: exit 0, the count a note (silenced by -q).
    let out = sel(&["convert", SAMPLE, "-o", &p(&d.join("w.xlsx"))]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("0 errors, 4 warnings"),
        "{}",
        stderr(&out)
    );
    let out = sel(&["convert", "-q", SAMPLE, "-o", &p(&d.join("w.xlsx"))]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
    // The rule is in every command's --help.
    for cmd in ["json", "check", "convert", "summary"] {
        let help = String::from_utf8_lossy(&sel(&[cmd, "--help"]).stdout).into_owned();
        assert!(
            help.contains("Exit codes") && help.contains("a form has a check error"),
            "{cmd}: {help}"
        );
    }
}

// Case 18: an output's extension must fit what is written into it.

#[test]
fn an_output_whose_extension_contradicts_its_contents_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = |n: &str| p(&d.join(n));
    for (args, says) in [
        (vec!["convert", SAMPLE, "-o", &at("report.html")], ".xlsx"),
        (
            vec!["convert", SAMPLE, "-o", &at("outdir")],
            "end the path with /",
        ),
        (
            vec![
                "convert",
                SAMPLE,
                "-o",
                &at("a.xlsx"),
                "--html",
                &at("b.xlsx"),
            ],
            ".html",
        ),
        (vec!["summary", SAMPLE, "-o", &at("report.xlsx")], ".html"),
        (vec!["summary", SAMPLE, "-o", &at("report")], ".htm"),
        (vec!["json", SAMPLE, "-o", &at("forms.xlsx")], ".json"),
        (vec!["json", SAMPLE, "-o", &at("forms")], ".json"),
    ] {
        refused(&sel(&args), &[says]);
    }
    assert!(names_in(d).is_empty(), "{:?}", names_in(d));
    // Case does not matter; .htm is HTML too; `-` is standard output for json.
    for args in [
        vec![
            "convert",
            "-q",
            SAMPLE,
            "-o",
            &at("A.XLSX"),
            "--html",
            &at("B.HTM"),
        ],
        vec!["summary", "-q", SAMPLE, "-o", &at("c.Html")],
        vec!["json", "-q", SAMPLE, "-o", &at("d.JSON")],
    ] {
        let out = sel(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = sel(&["json", "-q", SAMPLE, "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, sel(&["json", "-q", SAMPLE]).stdout);
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("-").exists());
}

// Case 19: no form read is an error for every command, and nothing is written.

#[test]
fn no_form_in_the_inputs_is_exit_2_for_every_command_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let empty = d.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let notes = d.join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("readme.md"), "说明").unwrap();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    for input in [&empty, &notes] {
        let i = p(input);
        for args in [
            vec!["check", "-q", &i],
            vec!["check", "-q", "--format", "json", &i],
            vec!["json", "-q", &i],
        ] {
            refused(&sel(&args), &["no form was read from the inputs"]);
        }
        for args in [
            vec!["json", "-q", &i, "-o", &p(&out.join("a.json"))],
            vec!["summary", "-q", &i, "-o", &p(&out.join("a.html"))],
            vec!["convert", "-q", &i, "-o", &p(&out.join("a.xlsx"))],
            vec![
                "convert",
                "-q",
                &i,
                "-o",
                &p(&out.join("a.xlsx")),
                "--html",
                &p(&out.join("b.html")),
            ],
            vec![
                "convert",
                "-q",
                &i,
                "-o",
                &format!("{}/", p(&out.join("new/each"))),
            ],
            vec!["convert", "-q", &i, "-o", &p(&out)],
        ] {
            refused(
                &sel(&args),
                &["no form was read from the inputs", "nothing written"],
            );
            assert!(names_in(&out).is_empty(), "{args:?}: {:?}", names_in(&out));
        }
    }
    // Inputs that all failed to read: exit 2, the failures counted, nothing written.
    let bad = d.join("bad.txt");
    std::fs::write(&bad, "").unwrap();
    let ran = sel(&["summary", "-q", &p(&bad), "-o", &p(&out.join("a.html"))]);
    assert_eq!(ran.status.code(), Some(2));
    assert!(stderr(&ran).contains("1 failed"), "{}", stderr(&ran));
    assert!(names_in(&out).is_empty());
}

/// What the checks must not refuse: the summary page in the folder `-o DIR/` makes, a new
/// file in the current folder, a file written over (twice).
#[test]
fn good_outputs_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let each = d.join("new/each");
    for _ in 0..2 {
        let out = sel(&[
            "convert",
            "-q",
            SAMPLE,
            "-o",
            &format!("{}/", p(&each)),
            "--html",
            &p(&each.join("summary.html")),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            names_in(&each),
            ["shanghai-minhang-social-security-2024.xlsx", "summary.html"]
        );
    }
    let out = selfeval()
        .current_dir(d)
        .args(["summary", "-q"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE))
        .args(["-o", "page.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d.join("page.html").is_file());
}
