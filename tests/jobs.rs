//! Output is byte-for-byte the same whatever the number of threads (`--jobs`).

use std::path::Path;
use std::process::Command;

/// Runs selfeval with `--jobs n` and a fixed `SOURCE_DATE_EPOCH`, returning stdout.
fn run(jobs: usize, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("--jobs")
        .arg(jobs.to_string())
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn convert_writes_the_same_bytes_with_one_thread_or_many() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for jobs in [1, 2, 5] {
        let book = dir.path().join(format!("forms-{jobs}.xlsx"));
        let page = dir.path().join(format!("summary-{jobs}.html"));
        let each = dir.path().join(format!("each-{jobs}"));
        run(
            jobs,
            &[
                "convert",
                "samples",
                "-o",
                book.to_str().unwrap(),
                "--html",
                page.to_str().unwrap(),
            ],
        );
        run(
            jobs,
            &["convert", "samples", "-o", &format!("{}/", each.display())],
        );
        outputs.push((
            std::fs::read(&book).unwrap(),
            std::fs::read(&page).unwrap(),
            tree(&each),
        ));
    }
    // One workbook per sample file, each a real workbook.
    assert_eq!(outputs[0].2.len(), 4);
    assert!(outputs[0].0.starts_with(b"PK"));
    for other in &outputs[1..] {
        assert!(other.0 == outputs[0].0, "workbooks differ");
        assert!(other.1 == outputs[0].1, "summary pages differ");
        assert!(other.2 == outputs[0].2, "per-file workbooks differ");
    }
}

/// A workbook of more forms than one batch of the writer's pipeline (64 forms are laid out,
/// numbered and written to XML at a time): the batches come back in order whatever the
/// threads.
#[test]
fn a_workbook_of_many_batches_is_the_same_with_one_thread_or_many() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    run(
        2,
        &["-q", "corpus", "-n", "300", "-o", corpus.to_str().unwrap()],
    );
    let text = corpus.join("text");
    let mut books = Vec::new();
    for jobs in [1, 2, 5] {
        let book = dir.path().join(format!("many-{jobs}.xlsx"));
        run(
            jobs,
            &[
                "-q",
                "convert",
                text.to_str().unwrap(),
                "-o",
                book.to_str().unwrap(),
            ],
        );
        books.push(std::fs::read(&book).unwrap());
    }
    // The forms are all there: one sheet each after 汇总, 扣分明细, 校验 and 图表.
    let sheets = calamine::open_workbook_auto(dir.path().join("many-1.xlsx"))
        .map(|b: calamine::Sheets<_>| calamine::Reader::sheet_names(&b).len())
        .unwrap();
    assert!(sheets >= 4 + 300, "{sheets} sheets");
    for other in &books[1..] {
        assert!(*other == books[0], "workbooks differ");
    }
}

#[test]
fn json_and_check_print_the_same_with_one_thread_or_many() {
    let one = run(1, &["json", "samples"]);
    assert_eq!(run(4, &["json", "samples"]), one);
    let findings = run(1, &["check", "samples", "--format", "json"]);
    assert_eq!(run(4, &["check", "samples", "--format", "json"]), findings);
}
