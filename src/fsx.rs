//! Writing files safely: atomically (a temporary file in the same folder,
//! then a rename or link), and never over an existing file unless asked.

use crate::error::{Fatal, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically. With `overwrite` false an existing
/// file is never replaced (the call fails with `AlreadyExists`).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pacenote-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// `write_atomic` with a user-facing error.
pub fn write_new(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    write_atomic(path, bytes, overwrite).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Fatal::new(format!("{} already exists", path.display()))
                .hint("choose another path, or pass --force to replace it")
        } else {
            Fatal::new(format!("cannot write {}: {e}", path.display()))
        }
    })
}
