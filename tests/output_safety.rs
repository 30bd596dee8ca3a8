//! Output safety: when writing fails (folder missing, a file where a folder should be, no
//! permission, disk full) the command says why in one line, exits non-zero, leaves the previous
//! file at that path as it was and no temporary file behind; and no command ever modifies or
//! overwrites an input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

fn selfeval() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_selfeval"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The three commands that write a file, each writing to `base` with the extension of what
/// it writes (`.xlsx`, `.html`, `.json`), with that path.
fn writers(base: &Path) -> Vec<(Vec<String>, PathBuf)> {
    let with = |ext: &str| {
        let mut p = base.as_os_str().to_owned();
        p.push(ext);
        PathBuf::from(p)
    };
    let (book, page, json) = (with(".xlsx"), with(".html"), with(".json"));
    vec![
        (
            vec![
                "convert".into(),
                "-q".into(),
                SAMPLE.into(),
                "-o".into(),
                book.display().to_string(),
            ],
            book,
        ),
        (
            vec![
                "summary".into(),
                "-q".into(),
                SAMPLE.into(),
                "-o".into(),
                page.display().to_string(),
            ],
            page,
        ),
        (
            vec![
                "json".into(),
                SAMPLE.into(),
                "-o".into(),
                json.display().to_string(),
            ],
            json,
        ),
    ]
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with exit code 2 and exactly one error line, about `path`, saying `why`.
fn failed_saying(out: &Output, path: &Path, why: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one error line: {err}");
    let expected = format!("error: {}: 无法写入 (cannot write): {why}", path.display());
    assert!(lines[0].starts_with(&expected), "{err}");
    assert!(!err.contains("at path"), "names no temporary file: {err}");
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_missing_folder_is_named_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    for (args, out) in writers(&dir.path().join("no/such/folder/out")) {
        let run = selfeval().args(&args).output().unwrap();
        failed_saying(&run, &out, "目录不存在 (the folder does not exist)");
        assert!(names_in(dir.path()).is_empty(), "{args:?}");
    }
}

#[test]
fn a_file_where_a_folder_should_be_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "keep").unwrap();
    for (args, out) in writers(&file.join("out")) {
        let run = selfeval().args(&args).output().unwrap();
        failed_saying(
            &run,
            &out,
            "路径中有一段是文件而不是目录 (part of the path is a file, not a folder)",
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    }
}

#[test]
fn a_folder_without_write_permission_is_named() {
    // /sys refuses new files even to root; a read-only folder refuses everyone else.
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let writable = std::fs::write(locked.join("probe"), "x").is_ok();
    let folder = if !writable {
        locked.clone()
    } else if Path::new("/sys/kernel").is_dir() {
        PathBuf::from("/sys")
    } else {
        eprintln!("notice: no folder here refuses writing (root without /sys); test skipped");
        return;
    };
    for (args, out) in writers(&folder.join("selfeval-out")) {
        let run = selfeval().args(&args).output().unwrap();
        failed_saying(&run, &out, "没有写入权限 (permission denied)");
        assert!(!out.exists());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A full disk, simulated by a file size limit of 4 KB (`ulimit -f 8`, in 512-byte blocks) with
/// SIGXFSZ ignored, so that the write fails with EFBIG as it would with ENOSPC.
#[cfg(unix)]
#[test]
fn a_full_disk_keeps_the_previous_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    for (args, out) in writers(&dir.path().join("out")) {
        std::fs::write(&out, "the previous file").unwrap();
        let mut script = String::from("trap '' XFSZ; ulimit -f 8; exec \"$0\"");
        for i in 1..=args.len() {
            script.push_str(&format!(" \"${i}\""));
        }
        let run = Command::new("sh")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("-c")
            .arg(&script)
            .arg(env!("CARGO_BIN_EXE_selfeval"))
            .args(&args)
            .output()
            .unwrap();
        failed_saying(
            &run,
            &out,
            "磁盘已满或文件超出允许大小 (disk full or file too large)",
        );
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the previous file",
            "{args:?}"
        );
        let name = out.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(names_in(dir.path()), [name], "no temporary file left");
        std::fs::remove_file(&out).unwrap();
    }
}

#[test]
fn an_output_naming_an_input_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("forms.txt");
    std::fs::copy(SAMPLE, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let i = input.display().to_string();
    for args in [
        vec!["convert", "-q", &i, "-o", &i],
        vec!["convert", "-q", &i, "-o", "out.xlsx", "--html", &i],
        vec!["summary", "-q", &i, "-o", &i],
        vec!["json", &i, "-o", &i],
    ] {
        let run = selfeval()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(
                "输出文件就是输入文件，拒绝覆盖 (the output is an input; refusing to overwrite it)"
            ),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read(&input).unwrap(), before, "{args:?}");
    }
    assert_eq!(names_in(dir.path()), ["forms.txt"]);
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let modified = std::fs::metadata(&p).unwrap().modified().unwrap();
                all.push((p.clone(), std::fs::read(&p).unwrap(), modified));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn no_command_modifies_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for f in std::fs::read_dir("samples").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, inputs.join(f.file_name().unwrap())).unwrap();
    }
    // A workbook among the inputs too.
    let book = inputs.join("book.xlsx");
    let made = selfeval()
        .args(["convert", "-q", SAMPLE, "-o"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let before = snapshot(&inputs);
    let out = dir.path().join("out");
    let runs: Vec<Vec<PathBuf>> = vec![
        vec!["json".into(), inputs.clone()],
        vec![
            "json".into(),
            inputs.clone(),
            "-o".into(),
            out.join("all.json"),
        ],
        vec!["check".into(), inputs.clone()],
        vec![
            "check".into(),
            "--format".into(),
            "json".into(),
            inputs.clone(),
        ],
        vec![
            "summary".into(),
            "-q".into(),
            inputs.clone(),
            "-o".into(),
            out.join("s.html"),
        ],
        vec![
            "convert".into(),
            "-q".into(),
            inputs.clone(),
            "-o".into(),
            out.join("all.xlsx"),
            "--html".into(),
            out.join("all.html"),
        ],
        vec![
            "convert".into(),
            "-q".into(),
            inputs.clone(),
            "-o".into(),
            out.join("each/"),
        ],
    ];
    std::fs::create_dir(&out).unwrap();
    for args in &runs {
        let run = selfeval().args(args).output().unwrap();
        assert!(
            run.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            stderr(&run)
        );
        assert!(snapshot(&inputs) == before, "{args:?} changed an input");
    }
    // Converting the folder into itself, one workbook per file: `book.xlsx` would be written
    // over the input `book.xlsx`, so the run is refused and nothing changes.
    let run = selfeval()
        .args(["convert", "-q"])
        .arg(&inputs)
        .arg("-o")
        .arg(format!("{}/", inputs.display()))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        snapshot(&inputs) == before,
        "converting a folder into itself"
    );
}
