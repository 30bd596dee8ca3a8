//! Inputs over the size limits are refused with one line naming the file and the limit.

use selfeval::read::{ReadOptions, read_path_with};
use std::path::Path;

const SAMPLE: &str = "samples/shanghai-minhang-social-security-2024.txt";

#[test]
fn a_file_over_the_limit_is_refused_by_its_size() {
    let size = std::fs::metadata(SAMPLE).unwrap().len();
    let options = ReadOptions {
        max_input_size: size - 1,
        ..Default::default()
    };
    let forms = read_path_with(Path::new(SAMPLE), &options);
    assert_eq!(forms.len(), 1);
    let e = forms[0].as_ref().unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "{SAMPLE}: 文件过大 ({size} 字节)，超过上限 {0} 字节，未读取 (file larger than the limit of {0} bytes; see --max-input-size)",
            size - 1
        )
    );
    // At exactly the limit it reads.
    let options = ReadOptions {
        max_input_size: size,
        ..Default::default()
    };
    let forms = read_path_with(Path::new(SAMPLE), &options);
    assert!(forms.len() > 1 && forms.iter().all(Result::is_ok));
}

#[test]
fn the_cli_flag_sets_the_limit() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .args(["json", "--max-input-size", "1000", SAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines()
            .next()
            .unwrap()
            .starts_with(&format!("error: {SAMPLE}: 文件过大"))
            && err.contains("上限 1000 字节"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}
