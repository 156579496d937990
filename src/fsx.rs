//! Writing files safely. Every writer (`log`, `init`, `report --output`,
//! `hook install`, the caches) goes through [`write_file`], which
//!
//! - never writes through a symbolic link: inside the repository (or the
//!   git dir, for the caches) every folder on the way must be a real folder,
//!   and the file itself must be absent or a regular file — never a link, a
//!   folder, a device or a FIFO, whatever `--force` says;
//! - writes atomically: a temporary file, then a rename (or a link, when an
//!   existing file must not be replaced);
//! - keeps its temporary files out of the folders it writes to: they live in
//!   `<git dir>/pacenote/tmp/`, where every run removes the ones a killed
//!   run left behind ([`sweep`]). Only when that folder is on another file
//!   system than the target (a `report --output` on another disk) is the
//!   temporary file made beside the target — and never in `journal/`, where
//!   a new entry is then created in place instead.

use crate::error::{Fatal, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary files older than this are a killed run's leftovers.
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The prefix and suffix of every temporary file pacenote makes.
const TMP_PREFIX: &str = ".pacenote-";
const TMP_SUFFIX: &str = ".tmp";

/// Where a repository's temporary files live: `<common git dir>/pacenote/tmp`.
pub(crate) fn tmp_dir(git: &git2::Repository) -> PathBuf {
    git.commondir().join("pacenote").join("tmp")
}

/// Removes the temporary files a killed run left: those older than
/// `STALE_AFTER` in the temporary folder, in the cache folder above it
/// (where earlier versions made them), and in `extra` folders. A failure
/// only leaves them for the next run.
pub(crate) fn sweep(git: &git2::Repository, extra: &[&Path]) {
    let tmp = tmp_dir(git);
    let mut dirs: Vec<&Path> = vec![&tmp];
    if let Some(cache) = tmp.parent() {
        dirs.push(cache);
    }
    dirs.extend_from_slice(extra);
    let now = SystemTime::now();
    for dir in dirs {
        let Ok(list) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in list.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)) {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age >= STALE_AFTER);
            if meta.is_file() && old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Why a write was refused or failed.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and may not be replaced.
    Exists,
    /// The path leads through a link, or to something not a regular file.
    Refused(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Where and how to write.
pub struct Target<'a> {
    pub path: &'a Path,
    /// A folder the path lies in, every folder below which must be a real
    /// one (the work tree, the git dir); `None`: only the file is checked.
    pub inside: Option<&'a Path>,
    /// The temporary folder (`tmp_dir`); `None`: beside the target.
    pub tmp: Option<&'a Path>,
    pub overwrite: bool,
}

/// Writes `bytes` as described in the module's documentation.
pub fn write_file(t: &Target<'_>, bytes: &[u8]) -> std::result::Result<(), WriteError> {
    let dir = match t.path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match t.inside {
        Some(root) => real_folders(root, &dir)?,
        None => std::fs::create_dir_all(&dir)?,
    }
    check_target(t.path, t.overwrite)?;
    let in_journal = t
        .inside
        .and_then(|root| t.path.strip_prefix(root).ok())
        .is_some_and(|rel| rel.starts_with("journal"));
    let tmp = match t.tmp {
        Some(tmp) => {
            let parent = tmp.parent().unwrap_or(tmp);
            std::fs::create_dir_all(parent)?;
            real_folders(parent, tmp)?;
            Some(tmp)
        }
        None => None,
    };
    let made = match tmp {
        Some(tmp) => temp_in(tmp, bytes),
        None if in_journal => return write_in_place(t.path, bytes, t.overwrite),
        None => temp_in(&dir, bytes),
    }?;
    match persist(made, t.path, t.overwrite) {
        Err(PersistFailed::CrossDevice(_)) if in_journal => {
            write_in_place(t.path, bytes, t.overwrite)
        }
        Err(PersistFailed::CrossDevice(_)) => {
            persist(temp_in(&dir, bytes)?, t.path, t.overwrite).map_err(PersistFailed::into_error)
        }
        r => r.map_err(PersistFailed::into_error),
    }
}

enum PersistFailed {
    CrossDevice(std::io::Error),
    Other(WriteError),
}

impl PersistFailed {
    fn into_error(self) -> WriteError {
        match self {
            PersistFailed::CrossDevice(e) => WriteError::Io(e),
            PersistFailed::Other(e) => e,
        }
    }
}

fn temp_in(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    // Like git: files get 0666 less the umask (tempfile's default is 0600,
    // which left entries and reports unreadable to the group).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

fn persist(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    overwrite: bool,
) -> std::result::Result<(), PersistFailed> {
    let r = if overwrite {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    r.map_err(|e| {
        let e = e.error;
        if e.raw_os_error() == Some(EXDEV) {
            PersistFailed::CrossDevice(e)
        } else if e.kind() == std::io::ErrorKind::AlreadyExists {
            PersistFailed::Other(WriteError::Exists)
        } else {
            PersistFailed::Other(WriteError::Io(e))
        }
    })
}

/// "Invalid cross-device link" on Linux and the BSDs.
const EXDEV: i32 = 18;

/// Writes a file where no temporary file may go: a new file is created
/// exclusively (never through a link), an existing regular one truncated.
fn write_in_place(
    path: &Path,
    bytes: &[u8],
    overwrite: bool,
) -> std::result::Result<(), WriteError> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    if overwrite && std::fs::symlink_metadata(path).is_ok() {
        check_target(path, true)?;
        o.truncate(true);
    } else {
        o.create_new(true);
    }
    let mut f = o.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists
        } else {
            WriteError::Io(e)
        }
    })?;
    if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(e.into());
    }
    Ok(())
}

/// Makes sure every folder from `root` (exclusive) to `dir` is a real folder,
/// creating the missing ones; `dir` must lie under `root`.
fn real_folders(root: &Path, dir: &Path) -> std::result::Result<(), WriteError> {
    let Ok(rel) = dir.strip_prefix(root) else {
        return Err(WriteError::Refused(format!(
            "{} is outside {}",
            dir.display(),
            root.display()
        )));
    };
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for c in rel.components() {
        match c {
            Component::Normal(name) => {
                at.push(name);
                shown.push(name);
            }
            Component::CurDir => continue,
            _ => {
                return Err(WriteError::Refused(format!(
                    "{} leaves {}",
                    dir.display(),
                    root.display()
                )))
            }
        }
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(WriteError::Refused(format!(
                    "{} is a symbolic link; pacenote never writes through one",
                    shown.display()
                )))
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(WriteError::Refused(format!(
                    "{} is not a folder",
                    shown.display()
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&at)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// The file itself: absent, or a regular file that may be replaced.
fn check_target(path: &Path, overwrite: bool) -> std::result::Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Refused(
            "it is a symbolic link; pacenote never writes through one, nor replaces one".into(),
        )),
        Ok(m) if !m.is_file() => Err(WriteError::Refused(
            "it is not a regular file (a folder, a device or a pipe); pacenote replaces only regular files".into(),
        )),
        Ok(_) if !overwrite => Err(WriteError::Exists),
        Ok(_) => Ok(()),
    }
}

/// Writes a file of the repository (`log`, `init`): under the work tree
/// `root`, through real folders only, with the temporary file in the git dir.
pub(crate) fn write_in_repo(
    git: &git2::Repository,
    root: &Path,
    rel: &str,
    bytes: &[u8],
    overwrite: bool,
) -> Result<()> {
    let path = root.join(rel);
    let tmp = tmp_dir(git);
    let t = Target {
        path: &path,
        inside: Some(root),
        tmp: Some(&tmp),
        overwrite,
    };
    write_file(&t, bytes).map_err(|e| fatal(Path::new(rel), e))
}

/// Writes a cache file under the git dir `git_dir`; a failure only costs a
/// later run time.
pub(crate) fn write_cache(git: &git2::Repository, path: &Path, bytes: &[u8]) -> bool {
    let tmp = tmp_dir(git);
    let t = Target {
        path,
        inside: Some(git.commondir()),
        tmp: Some(&tmp),
        overwrite: true,
    };
    write_file(&t, bytes).is_ok()
}

/// `write_file` with a user-facing error.
pub(crate) fn write_new(t: &Target<'_>, bytes: &[u8]) -> Result<()> {
    write_file(t, bytes).map_err(|e| fatal(t.path, e))
}

fn fatal(shown: &Path, e: WriteError) -> Fatal {
    match e {
        WriteError::Exists => Fatal::new(format!("{} already exists", shown.display()))
            .hint("choose another path, or pass --force to replace it"),
        WriteError::Refused(why) => Fatal::new(format!("cannot write {}: {why}", shown.display()))
            .hint("remove the link or the non-file, or choose another path"),
        WriteError::Io(e) => {
            Fatal::new(format!("cannot write {}: {e}", shown.display())).io(shown, e)
        }
    }
}
