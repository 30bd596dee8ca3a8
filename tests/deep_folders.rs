//! A folder deeper than PATH_MAX: what lies below the limit cannot be opened by its path, and
//! must be named in an error, never skipped in silence. (Its own test binary: it changes the
//! working directory to build the tree.)

use std::process::Command;

#[test]
fn a_form_below_path_max_is_an_error_not_a_silent_skip() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let sample = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/shanghai-songjiang-admin-service-2021.txt"),
    )
    .unwrap();
    std::fs::write(root.join("top.txt"), &sample).unwrap();
    // 24 levels of 200-character names: past Linux's 4,096-byte PATH_MAX. Built relative to
    // the working directory, which has no such limit.
    let start = std::env::current_dir().unwrap();
    std::env::set_current_dir(&root).unwrap();
    let name = "目".repeat(66); // 198 bytes
    for _ in 0..24 {
        std::fs::create_dir(&name).unwrap();
        std::env::set_current_dir(&name).unwrap();
    }
    std::fs::write("deep.txt", &sample).unwrap();
    std::env::set_current_dir(start).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["check", "-q"])
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("error: ")),
        "the deep folder was skipped without a word: {stderr}"
    );
    // The form above the limit was still read.
    assert!(String::from_utf8_lossy(&out.stdout).contains("共检查 5 张表"));
}
