//! The files a run writes, checked before any work: no two the same file, none an input, each
//! named with the extension of what is written into it, each a regular file or a new name in a
//! folder (never a device, a pipe, a socket or a folder). Then the temporary files that runs
//! killed while writing them left behind are removed.

use super::batch;
use selfeval::write::atomic;
use std::path::{Path, PathBuf};

/// What is written into an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Summary,
    Json,
    JsonLines,
    Csv,
}

impl Kind {
    /// The extensions a file of this kind may have (compared without case).
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Workbook => &["xlsx"],
            Kind::Summary => &["html", "htm"],
            Kind::Json => &["json"],
            Kind::JsonLines => &["jsonl", "ndjson", "json"],
            Kind::Csv => &["csv", "txt"],
        }
    }

    /// What to do instead, when the extension is wrong.
    fn advice(self) -> &'static str {
        match self {
            Kind::Workbook => {
                "写出的是 Excel 工作簿，文件名应以 .xlsx 结尾；要每个输入文件各写一个工作簿到文件夹，\
                 请在路径末尾加 / (a workbook is written here: name it *.xlsx; for one workbook \
                 per input file in a folder, end the path with /)"
            }
            Kind::Summary => {
                "写出的是 HTML 汇总页，文件名应以 .html 或 .htm 结尾 \
                 (an HTML summary is written here: name it *.html or *.htm)"
            }
            Kind::Json => {
                "写出的是 JSON，文件名应以 .json 结尾，或用 - 表示标准输出 \
                 (JSON is written here: name it *.json, or - for standard output)"
            }
            Kind::JsonLines => {
                "写出的是 JSON Lines，文件名应以 .jsonl 结尾，或用 - 表示标准输出 \
                 (JSON lines are written here: name it *.jsonl, or - for standard output)"
            }
            Kind::Csv => {
                "写出的是 CSV 表格，文件名应以 .csv 结尾，或用 - 表示标准输出 \
                 (a CSV table is written here: name it *.csv, or - for standard output)"
            }
        }
    }
}

/// One file a run will write.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The option that names it (`-o`, `--html`), for messages.
    pub option: &'static str,
    pub path: PathBuf,
    pub kind: Kind,
    /// Its folder is made by the run (a workbook per input under `-o DIR/`): it need not exist.
    pub folder_made: bool,
}

impl Planned {
    pub fn new(option: &'static str, path: &Path, kind: Kind) -> Planned {
        Planned {
            option,
            path: path.to_path_buf(),
            kind,
            folder_made: false,
        }
    }
}

/// Checks every output of a run against the others and against the input files (`inputs`: files,
/// as [`selfeval::read::expand_inputs`] lists them), before any work; then removes the stale
/// temporary files beside them (with a note). The error is the one line to print.
pub fn prepare(outputs: &[Planned], inputs: &[PathBuf]) -> Result<(), String> {
    let paths: Vec<PathBuf> = outputs.iter().map(|o| o.path.clone()).collect();
    super::refuse_overwriting_inputs(&paths, inputs)?;
    let resolved: Vec<PathBuf> = paths.iter().map(|p| resolved(p)).collect();
    let mut seen: std::collections::HashMap<&PathBuf, usize> = std::collections::HashMap::new();
    for (i, r) in resolved.iter().enumerate() {
        if let Some(&first) = seen.get(r) {
            let (a, b) = (&outputs[first], &outputs[i]);
            return Err(format!(
                "{} {} 与 {} {} 是同一个文件，一个会覆盖另一个，拒绝写出 \
                 ({} {} and {} {} are the same file: one would overwrite the other; \
                 give them different names)",
                a.option,
                a.path.display(),
                b.option,
                b.path.display(),
                a.option,
                a.path.display(),
                b.option,
                b.path.display(),
            ));
        }
        seen.insert(r, i);
    }
    for o in outputs {
        check(o)?;
    }
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    for removed in atomic::remove_stale(&refs) {
        batch::note(&format!(
            "note: 已删除上次中断的运行留下的临时文件 \
             (removed a temporary file left by an interrupted run): {}",
            removed.display()
        ));
    }
    Ok(())
}

/// One output on its own: what is at its path, then its extension, then its folder.
fn check(o: &Planned) -> Result<(), String> {
    let exists = std::fs::metadata(&o.path).is_ok();
    let cannot = |e: std::io::Error| atomic::failure(&o.path, &e);
    if exists || atomic::ends_with_separator(&o.path) {
        atomic::check_target(&o.path).map_err(cannot)?;
    }
    let extension = o
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    if !extension.is_some_and(|e| o.kind.extensions().contains(&e.as_str())) {
        return Err(format!(
            "{} {}: {}",
            o.option,
            o.path.display(),
            o.kind.advice()
        ));
    }
    if !exists && !o.folder_made {
        atomic::check_target(&o.path).map_err(cannot)?;
    }
    Ok(())
}

/// Checks the folder `-o DIR/` names: a folder, or a new name under a folder (it is made when
/// the first workbook is written).
pub fn check_folder(dir: &Path) -> Result<(), String> {
    let refused = |why: &str| Err(format!("{}: 无法写入 (cannot write): {why}", dir.display()));
    // Without the trailing `/` (metadata of `file/` fails instead of finding the file).
    let clean: PathBuf = dir.components().collect();
    let dir = clean.as_path();
    let mut at = dir;
    loop {
        match std::fs::metadata(at) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) if at == dir || at.as_os_str().is_empty() => {
                return refused(
                    "这不是文件夹，无法在其中写出工作簿 (it is not a folder, so no workbook can be written in it)",
                );
            }
            Ok(_) => {
                return refused(&format!(
                    "路径中的 {} 是文件而不是目录 (part of the path is a file, not a folder)",
                    at.display()
                ));
            }
            Err(_) => match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p,
                // A relative path whose first part is new: made in the current folder.
                _ => return Ok(()),
            },
        }
    }
}

/// Whether `path` goes directly in the folder `dir` (however either is spelled).
pub fn is_in(path: &Path, dir: &Path) -> bool {
    match path.parent() {
        Some(parent) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            resolved(parent) == resolved(dir)
        }
        None => false,
    }
}

/// `path` made absolute and free of links, as far as it exists; the part that does not exist
/// yet is appended as written. Two spellings of one file give the same result.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            let mut p = real;
            for name in rest.iter().rev() {
                p.push(name);
            }
            return p;
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_new_file_resolve_alike() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("new/a.xlsx");
        let b = dir.path().join("./new/./a.xlsx");
        assert_eq!(resolved(&a), resolved(&b));
        assert_ne!(resolved(&a), resolved(&dir.path().join("new/b.xlsx")));
    }

    #[test]
    fn the_extension_must_fit_what_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let ok = |name: &str, kind| check(&Planned::new("-o", &dir.path().join(name), kind));
        assert!(ok("a.xlsx", Kind::Workbook).is_ok());
        assert!(ok("A.XLSX", Kind::Workbook).is_ok());
        assert!(ok("a.htm", Kind::Summary).is_ok());
        assert!(ok("a.JSON", Kind::Json).is_ok());
        for (name, kind) in [
            ("a.html", Kind::Workbook),
            ("outdir", Kind::Workbook),
            ("a.xlsx", Kind::Summary),
            ("a.txt", Kind::Json),
        ] {
            let e = ok(name, kind).unwrap_err();
            assert!(e.starts_with("-o "), "{e}");
        }
    }
}
