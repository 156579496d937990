//! The repository: opening it with clear errors, and reading the roadmap and
//! journal files from the work tree, the index or a commit's tree. Symbolic
//! links are reported and never followed, so nothing outside the repository
//! is ever read.

use crate::diag::Diagnostic;
use crate::error::{Fatal, Result};
use crate::load::{is_entry_path, yaml::MAX_FILE_BYTES, SourceFile};
use git2::{ErrorCode, ObjectType, Repository, Tree};
use std::io::Read;
use std::path::{Path, PathBuf};

pub const ROADMAP_PATH: &str = "roadmap.yaml";

pub struct Repo {
    pub git: Repository,
}

/// The files one run reads: the roadmap (if the repository has one) and the
/// journal entries.
#[derive(Default)]
pub struct Files {
    pub roadmap: Option<SourceFile>,
    pub entries: Vec<SourceFile>,
}

/// Where to read files from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The work tree as it is (uncommitted changes included).
    WorkTree,
    /// What the index is about to commit.
    Index,
    /// The tree of a revision.
    Rev(String),
}

pub fn open(dir: &Path) -> Result<Repo> {
    match Repository::discover(dir) {
        Ok(git) => Ok(Repo { git }),
        Err(e) if e.code() == ErrorCode::Owner => {
            let top = repository_top(dir);
            Err(Fatal::new(format!(
                "git refuses to open the repository at {}: it is owned by another user",
                top.display()
            ))
            .hint(format!(
                "if you trust it, run `git config --global --add safe.directory {}` (in a CI container, the checkout is often owned by another user than the job)",
                top.display()
            )))
        }
        Err(e) if e.code() == ErrorCode::NotFound => Err(Fatal::new(format!(
            "{} is not in a git repository",
            dir.display()
        ))
        .hint("run `git init` first, or pass `-C <repository>`")),
        Err(e) => Err(Fatal::new(format!(
            "cannot open the repository at {}: {}",
            dir.display(),
            e.message()
        ))),
    }
}

/// The folder git's `safe.directory` wants for `dir`: the nearest one up
/// that holds `.git` (a work tree) or is itself a bare repository.
fn repository_top(dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|d| {
            d.join(".git").exists() || (d.join("HEAD").is_file() && d.join("objects").is_dir())
        })
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

impl Repo {
    pub fn workdir(&self) -> Option<&Path> {
        self.git.workdir()
    }

    pub fn require_workdir(&self) -> Result<PathBuf> {
        self.workdir().map(Path::to_path_buf).ok_or_else(|| {
            Fatal::new("this is a bare repository; this command needs a work tree")
                .hint("run it in a clone with a work tree, or use `--rev` to read a commit")
        })
    }

    /// The commit `rev` names, with a clear error when it names none.
    pub fn commit(&self, rev: &str) -> Result<git2::Commit<'_>> {
        let obj = self.git.revparse_single(rev).map_err(|_| {
            Fatal::new(format!("`{rev}` names no commit in this repository"))
                .hint("give a branch, tag or commit id, e.g. `main`, `HEAD~3` or `origin/main`")
        })?;
        obj.peel_to_commit()
            .map_err(|_| Fatal::new(format!("`{rev}` is not a commit")))
    }

    /// HEAD's commit, or `None` in a repository without commits yet.
    pub fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.git.head() {
            Ok(r) => Ok(Some(r.peel_to_commit()?)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn read(&self, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        match origin {
            Origin::WorkTree => self.read_worktree(diags),
            Origin::Index => self.read_index(diags),
            Origin::Rev(rev) => {
                let commit = self.commit(rev)?;
                self.read_tree(&commit.tree()?, diags)
            }
        }
    }

    fn read_worktree(&self, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        let Some(root) = self.workdir() else {
            return self.read_rev_or_empty("HEAD", diags);
        };
        let mut files = Files::default();
        if let Some(bytes) = read_regular(root, ROADMAP_PATH, diags)? {
            files.roadmap = Some(SourceFile {
                path: ROADMAP_PATH.into(),
                bytes,
            });
        }
        let journal = root.join("journal");
        match std::fs::symlink_metadata(&journal) {
            Err(_) => return Ok(files),
            Ok(m) if m.file_type().is_symlink() => {
                diags.push(symlink_diag("journal"));
                return Ok(files);
            }
            Ok(m) if !m.is_dir() => return Ok(files),
            Ok(_) => {}
        }
        let mut paths = Vec::new();
        for item in walkdir::WalkDir::new(&journal)
            .follow_links(false)
            .sort_by_file_name()
        {
            let item = match item {
                Ok(i) => i,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| rel(root, p))
                        .unwrap_or_else(|| "journal".into());
                    diags.push(Diagnostic::error(
                        &p,
                        None,
                        "file/unreadable",
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let path = rel(root, item.path());
            if item.file_type().is_symlink() {
                if is_entry_path(&path) || item.path().extension().is_none() {
                    diags.push(symlink_diag(&path));
                }
                continue;
            }
            if item.file_type().is_file() && is_entry_path(&path) {
                paths.push(path);
            }
        }
        for path in paths {
            if let Some(bytes) = read_regular(root, &path, diags)? {
                files.entries.push(SourceFile { path, bytes });
            }
        }
        Ok(files)
    }

    fn read_rev_or_empty(&self, rev: &str, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        match self.head_commit()? {
            None => Ok(Files::default()),
            Some(_) => {
                let c = self.commit(rev)?;
                self.read_tree(&c.tree()?, diags)
            }
        }
    }

    /// Reads the roadmap and journal of a tree: the blobs, never the work tree.
    pub fn read_tree(&self, tree: &Tree, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        let mut files = Files::default();
        if let Some(e) = tree.get_name(ROADMAP_PATH) {
            if e.filemode() == 0o120000 {
                diags.push(symlink_diag(ROADMAP_PATH));
            } else if e.kind() == Some(ObjectType::Blob) {
                let blob = self.git.find_blob(e.id())?;
                files.roadmap = Some(SourceFile {
                    path: ROADMAP_PATH.into(),
                    bytes: blob.content().to_vec(),
                });
            }
        }
        let Some(journal) = tree.get_name("journal") else {
            return Ok(files);
        };
        if journal.filemode() == 0o120000 {
            diags.push(symlink_diag("journal"));
            return Ok(files);
        }
        if journal.kind() != Some(ObjectType::Tree) {
            return Ok(files);
        }
        let jt = self.git.find_tree(journal.id())?;
        let mut found: Vec<(String, git2::Oid, i32)> = Vec::new();
        jt.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
            if e.kind() == Some(ObjectType::Blob) || e.filemode() == 0o120000 {
                let path = format!("journal/{dir}{}", e.name().unwrap_or(""));
                found.push((path, e.id(), e.filemode()));
            }
            git2::TreeWalkResult::Ok
        })?;
        for (path, oid, mode) in found {
            if !is_entry_path(&path) {
                continue;
            }
            if mode == 0o120000 {
                diags.push(symlink_diag(&path));
                continue;
            }
            let blob = self.git.find_blob(oid)?;
            files.entries.push(SourceFile {
                path,
                bytes: blob.content().to_vec(),
            });
        }
        Ok(files)
    }

    fn read_index(&self, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        let index = self.git.index()?;
        let mut files = Files::default();
        for e in index.iter() {
            let path = String::from_utf8_lossy(&e.path).into_owned();
            let wanted = path == ROADMAP_PATH || is_entry_path(&path);
            if !wanted {
                continue;
            }
            if e.mode == 0o120000 {
                diags.push(symlink_diag(&path));
                continue;
            }
            let blob = self.git.find_blob(e.id)?;
            let file = SourceFile {
                path: path.clone(),
                bytes: blob.content().to_vec(),
            };
            if path == ROADMAP_PATH {
                files.roadmap = Some(file);
            } else {
                files.entries.push(file);
            }
        }
        Ok(files)
    }

    /// The configured git user name, for entries not yet committed.
    pub fn user_name(&self) -> Option<String> {
        self.git.config().ok()?.get_string("user.name").ok()
    }
}

fn symlink_diag(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        "file/symlink",
        format!("{path} is a symbolic link; trailmark does not follow links"),
    )
    .with_hint("replace the link with a regular file inside the repository")
}

/// The repository-relative, `/`-separated form of `p`.
pub fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a regular file below `root`, refusing symbolic links and reading
/// at most one byte past the size limit.
pub fn read_regular(
    root: &Path,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Vec<u8>>> {
    let full = root.join(path);
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                None,
                "file/unreadable",
                format!("cannot read {path}: {e}"),
            ));
            return Ok(None);
        }
    };
    if meta.file_type().is_symlink() {
        diags.push(symlink_diag(path));
        return Ok(None);
    }
    if !meta.is_file() {
        diags.push(Diagnostic::error(
            path,
            None,
            "file/unreadable",
            format!("{path} is not a regular file"),
        ));
        return Ok(None);
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&full)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diags.push(Diagnostic::error(
            path,
            None,
            "file/unreadable",
            format!("cannot read {path}: {e}"),
        ));
        return Ok(None);
    }
    Ok(Some(bytes))
}
