//! Atomic file output: write to a temporary file beside the target, then rename it into place,
//! so a failed run never leaves a half-written file and the previous file stays intact.
//!
//! Outputs are written only over regular files or at new paths: a device, a pipe, a socket or
//! a folder at the output's path is refused before anything is written ([`check_target`]),
//! since renaming over it would replace it (a `mknod` copy of `/dev/null` would become a
//! regular file).
//!
//! The temporary file says what it is: `.forms.xlsx.selfeval-tmp-1234` for `forms.xlsx`
//! written by process 1234. A run killed while writing (SIGKILL, a power cut) leaves it
//! behind; the next run writing the same output removes it ([`remove_stale`]) once the process
//! that wrote it is gone, or once it is older than [`STALE_AFTER`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What marks a temporary file of selfeval's, between the output's name and the process id.
pub const TEMP_MARK: &str = ".selfeval-tmp-";

/// A temporary file whose process may still be alive is left alone until it is this old: a
/// write takes seconds, even of the largest workbook.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Writes `bytes` to `path` atomically. The error says why in words a clerk understands, and
/// never names the temporary file (which is gone by then).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    check_target(path)?;
    let dir = folder_of(path);
    let attempt = || -> std::io::Result<()> {
        let mut tmp = create_temp(dir, path)?;
        share_like(tmp.as_file(), path)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    };
    attempt().map_err(|e| std::io::Error::new(e.kind(), reason(&e)))
}

/// The one-line error for a failed write of `path`.
pub fn failure(path: &Path, e: &std::io::Error) -> String {
    format!("{}: 无法写入 (cannot write): {e}", path.display())
}

/// Whether `path` can take an output: a regular file (or a link to one), or a new name in an
/// existing folder. Anything else is an error saying what is there (a folder, a device, a pipe,
/// a socket, a file where a folder should be, no such folder), for [`failure`] to print.
pub fn check_target(path: &Path) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind as K};
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_file() {
            return Ok(());
        }
        if meta.is_dir() {
            return Err(Error::new(
                K::IsADirectory,
                "这是一个文件夹，不是文件；请给出文件名 (it is a folder, not a file; give a file name)",
            ));
        }
        return Err(Error::new(
            K::InvalidInput,
            format!(
                "这是{}，不是普通文件；selfeval 只写普通文件 \
                 (it is {}, not a regular file; selfeval writes only regular files)",
                special_kind(&meta).0,
                special_kind(&meta).1
            ),
        ));
    }
    if ends_with_separator(path) {
        return Err(Error::new(
            K::InvalidInput,
            "名字以 / 结尾，指的是文件夹；请给出文件名 \
             (the name ends in /, which names a folder; give a file name)",
        ));
    }
    let dir = folder_of(path);
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        // Opening it as a folder gives the system's own error (ENOTDIR) for the message.
        Ok(_) => Err(std::fs::read_dir(dir)
            .err()
            .unwrap_or_else(|| Error::from(K::NotADirectory))),
        Err(e) => Err(e),
    }
    .map_err(|e| Error::new(e.kind(), reason(&e)))
}

/// What a path that is neither a file nor a folder is, in Chinese and English.
fn special_kind(meta: &std::fs::Metadata) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() {
            return ("一个设备", "a device");
        }
        if t.is_fifo() {
            return ("一个管道 (FIFO)", "a pipe (FIFO)");
        }
        if t.is_socket() {
            return ("一个套接字 (socket)", "a socket");
        }
    }
    let _ = meta;
    ("一个特殊文件", "a special file")
}

/// Whether the path is written with a trailing separator (`out/`), which names a folder.
pub fn ends_with_separator(path: &Path) -> bool {
    let s = path.as_os_str().to_string_lossy();
    s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR)
}

/// The folder a file is written in: its parent, or `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The name of the temporary files for `path` up to the process id: `.forms.xlsx.selfeval-tmp-`
/// (the output's name cut to 200 bytes, so that the whole name stays within the 255 a file
/// system allows).
pub fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}{TEMP_MARK}", &name[..cut])
}

/// The temporary file for `path`, in `dir`: `<prefix><pid>`, or `<prefix><pid>-<random>` when
/// that name is taken.
fn create_temp(dir: &Path, path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!("{}{}", temp_prefix(path), std::process::id());
    match tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(0)
        .tempfile_in(dir)
    {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tempfile::Builder::new()
            .prefix(&format!("{prefix}-"))
            .rand_bytes(6)
            .tempfile_in(dir),
        made => made,
    }
}

/// Removes the temporary files that runs killed while writing `outputs` left beside them:
/// files named by [`temp_prefix`] for one of the outputs, whose process is no longer running
/// or which are older than [`STALE_AFTER`]. Nothing else is touched. Call it before writing
/// (each folder is listed once). Returns the files removed.
pub fn remove_stale(outputs: &[&Path]) -> Vec<PathBuf> {
    let mut by_folder: BTreeMap<&Path, BTreeSet<String>> = BTreeMap::new();
    for out in outputs {
        if out.file_name().is_some() && !ends_with_separator(out) {
            by_folder
                .entry(folder_of(out))
                .or_default()
                .insert(temp_prefix(out));
        }
    }
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for (dir, prefixes) in by_folder {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(at) = name.rfind(TEMP_MARK) else {
                continue;
            };
            let (prefix, rest) = name.split_at(at + TEMP_MARK.len());
            if !prefixes.contains(prefix) {
                continue;
            }
            let Some(pid) = temp_pid(rest) else { continue };
            // Only a regular file: never a folder or a link someone made with this name.
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > STALE_AFTER);
            if (old || process_gone(pid)) && std::fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
    removed
}

/// The process id in what follows [`TEMP_MARK`]: `1234`, or `1234-` and six letters or digits.
fn temp_pid(rest: &str) -> Option<u32> {
    let (pid, random) = match rest.split_once('-') {
        Some((pid, random)) => (pid, Some(random)),
        None => (rest, None),
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(r) = random
        && (r.len() != 6 || !r.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is known to have ended (Linux: no `/proc/<pid>`). This process
/// counts as running; where processes cannot be looked up, none is known to have ended.
fn process_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Why a write failed, in Chinese and English, from the system's error code.
fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => "目录不存在 (the folder does not exist)",
        K::PermissionDenied => "没有写入权限 (permission denied)",
        K::NotADirectory => {
            "路径中有一段是文件而不是目录 (part of the path is a file, not a folder)"
        }
        K::ReadOnlyFilesystem => "只读文件系统 (read-only file system)",
        K::StorageFull | K::FileTooLarge | K::QuotaExceeded => {
            "磁盘已满或文件超出允许大小 (disk full or file too large)"
        }
        K::IsADirectory => "这是一个文件夹，不是文件 (it is a folder, not a file)",
        _ => "",
    };
    // The system's own words, without the temporary file's path that tempfile appends to
    // them (`... at path "/dir/.tmpXXXX"`): that file is gone and means nothing to a clerk.
    let system = e.to_string();
    let system = match system.find(" at path \"") {
        Some(cut) => system[..cut].to_string(),
        None => system,
    };
    if said.is_empty() {
        system
    } else {
        format!("{said}; {system}")
    }
}

/// A temporary file is private (0600); the result should keep the permissions of the file it
/// replaces, or be as readable as any new file (0644), since clerks share these outputs.
#[cfg(unix)]
fn share_like(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    file.set_permissions(perms)
}

#[cfg(not(unix))]
fn share_like(_file: &std::fs::File, _path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/dir/out.txt");
        let e = write(&p, b"x").unwrap_err();
        assert_eq!(
            failure(&p, &e),
            format!(
                "{}: 无法写入 (cannot write): 目录不存在 (the folder does not exist); \
                 No such file or directory (os error 2)",
                p.display()
            )
        );
    }

    #[test]
    fn the_temporary_file_says_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("forms.xlsx");
        let tmp = create_temp(dir.path(), &out).unwrap();
        let name = tmp
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(
            name,
            format!(".forms.xlsx.selfeval-tmp-{}", std::process::id())
        );
        // The name taken (a second write of the same output at once): a random suffix.
        let second = create_temp(dir.path(), &out).unwrap();
        let name2 = second.path().file_name().unwrap().to_str().unwrap();
        assert!(name2.starts_with(&format!("{name}-")), "{name2}");
        assert_eq!(
            temp_pid(&name2[".forms.xlsx.selfeval-tmp-".len()..]),
            Some(std::process::id())
        );
        // A very long output name keeps the temporary name within 255 bytes.
        let long = dir.path().join(format!("{}.xlsx", "表".repeat(80)));
        assert!(temp_prefix(&long).len() < 230);
    }

    #[test]
    fn refuses_folders_and_special_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().contains("it is a folder"), "{e}");
        let slash = dir.path().join("new/");
        let e = write(&slash, b"x").unwrap_err();
        assert!(e.to_string().contains("ends in /"), "{e}");
        #[cfg(unix)]
        {
            let sock = dir.path().join("s.xlsx");
            let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
            let e = write(&sock, b"x").unwrap_err();
            assert!(e.to_string().contains("a socket"), "{e}");
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::metadata(&sock).unwrap().file_type().is_socket());
        }
    }
}
