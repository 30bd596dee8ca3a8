//! Atomic file output: write to a temporary file beside the target, then rename it into place,
//! so a failed run never leaves a half-written file and the previous file stays intact.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically. The error says why in words a clerk understands, and
/// never names the temporary file (which is gone by then).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let attempt = || -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
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
        K::IsADirectory => "这是一个目录 (it is a folder)",
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
}
