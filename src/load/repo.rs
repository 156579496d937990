//! The repository: opening it with clear errors, and reading the roadmap and
//! journal files from the work tree, the index or a commit's tree. Symbolic
//! links are reported and never followed, so nothing outside the repository
//! is ever read.

use crate::diag::Diagnostic;
use crate::diag::Rule;
use crate::error::{Fatal, Result};
use crate::load::entry::LoadedEntry;
use crate::load::{is_entry_path, yaml::MAX_FILE_BYTES, SourceFile};
use git2::{ErrorCode, ObjectType, Repository, Tree};
use std::io::Read;
use std::path::{Path, PathBuf};

pub(crate) const ROADMAP_PATH: &str = "roadmap.yaml";

/// What a `--rev` that names no commit should be instead.
const REV_HINT: &str = "give a branch, tag or commit id, e.g. `main`, `HEAD~3` or `origin/main`";

pub struct Repo {
    pub git: Repository,
}

/// The files one run reads: the roadmap (if the repository has one) and the
/// journal entries.
#[derive(Default)]
pub struct Files {
    pub roadmap: Option<SourceFile>,
    pub entries: Vec<SourceFile>,
    /// The stat data of each of `entries` when read from the work tree
    /// (then as long as `entries`; empty otherwise).
    pub stats: Vec<Stat>,
    /// Entries not read because the entry cache knew them unchanged, each
    /// with the number of `entries` read before it (their place in the
    /// journal's order) and its stat data.
    pub kept: Vec<(usize, LoadedEntry, Stat)>,
    /// Bytes of `entries` and `kept`, bounded by `MAX_JOURNAL_BYTES`.
    bytes: usize,
}

/// A file's stat data, as git's index keeps it: what tells that a file has
/// not changed without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stat {
    pub size: u64,
    /// Seconds and nanoseconds.
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub ino: u64,
    pub mode: u32,
}

impl Stat {
    /// The stat data of a file, as git's index keeps it (on targets without
    /// unix metadata: the size and times alone).
    pub fn of(m: &std::fs::Metadata) -> Stat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stat {
                size: m.size(),
                mtime: (m.mtime(), m.mtime_nsec() as u32),
                ctime: (m.ctime(), m.ctime_nsec() as u32),
                ino: m.ino(),
                mode: m.mode(),
            }
        }
        #[cfg(not(unix))]
        {
            let at = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
            };
            Stat {
                size: m.len(),
                mtime: at(m.modified()),
                ctime: at(m.created()),
                ino: 0,
                mode: 0,
            }
        }
    }
}

/// Most bytes of journal one run holds in memory (each file is at most
/// `MAX_FILE_BYTES`); a journal of 100,000 entries is some 20 MiB. With
/// `MAX_JOURNAL_FILES` and the limits of `inputs` it keeps a run within
/// the memory budget of docs/limits.md.
pub(crate) const MAX_JOURNAL_BYTES: usize = 64 * 1024 * 1024;

/// Most entry files one run reads: each costs some 2 KiB once loaded and
/// checked, whatever its size.
pub(crate) const MAX_JOURNAL_FILES: usize = 200_000;

/// The journal one run reads: bytes and files.
#[derive(Clone, Copy)]
struct Limit {
    bytes: usize,
    files: usize,
}

const JOURNAL_LIMIT: Limit = Limit {
    bytes: MAX_JOURNAL_BYTES,
    files: MAX_JOURNAL_FILES,
};

impl Files {
    /// Keeps an entry, unless the journal read so far is over
    /// `MAX_JOURNAL_BYTES` or `MAX_JOURNAL_FILES`: then one diagnostic says
    /// so and `false` tells the reader to stop.
    pub fn keep(&mut self, file: SourceFile, diags: &mut Vec<Diagnostic>) -> bool {
        self.keep_within(file, diags, JOURNAL_LIMIT)
    }

    fn keep_within(&mut self, file: SourceFile, diags: &mut Vec<Diagnostic>, limit: Limit) -> bool {
        if !self.admit(&file.path, file.bytes.len(), diags, limit) {
            return false;
        }
        self.entries.push(file);
        true
    }

    /// Counts one more file of `len` bytes, or says (once) that the journal
    /// is over `limit`.
    fn admit(&mut self, path: &str, len: usize, diags: &mut Vec<Diagnostic>, limit: Limit) -> bool {
        let files = self.entries.len() + self.kept.len();
        let over = if self.bytes + len > limit.bytes {
            format!("more than {} bytes", limit.bytes)
        } else if files >= limit.files {
            format!("more than {} entry files", limit.files)
        } else {
            self.bytes += len;
            return true;
        };
        diags.push(
            Diagnostic::error(
                "journal",
                None,
                Rule::FileTooLarge,
                format!("the journal holds {over}; {path} and the entries after it were not read"),
            )
            .with_hint("a journal entry is a few lines; look for files that are not entries"),
        );
        false
    }
}

/// What `check --staged` reads (see `Repo::read_staged`).
#[derive(Default)]
pub struct Staged {
    /// The roadmap (from the index) and the changed journal entries.
    pub files: Files,
    /// Changed entries that HEAD does not have: recorded by the coming commit.
    pub new_paths: std::collections::HashSet<String>,
    /// The paths of the changed entries.
    pub changed: std::collections::HashSet<String>,
    /// Entries HEAD has that the index deletes.
    pub removed: std::collections::HashSet<String>,
}

/// Where to read files from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The work tree as it is (uncommitted changes included).
    WorkTree,
    /// The tree of a revision.
    Rev(String),
}

/// Opens the repository the way git itself would from `dir`: `GIT_DIR`,
/// `GIT_WORK_TREE`, `GIT_COMMON_DIR`, `GIT_INDEX_FILE`,
/// `GIT_OBJECT_DIRECTORY` and `GIT_CEILING_DIRECTORIES` are honoured when set,
/// so a hook reads the index git hands it (`git commit -a`, `git commit
/// <paths>` and `--amend` each commit a temporary index, not `.git/index`).
pub fn open(dir: &Path) -> Result<Repo> {
    // Name the folder as the user knows it, not as `.`.
    let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let opened = if dir == Path::new(".") {
        Repository::open_from_env()
    } else {
        Repository::discover(dir)
    };
    match opened {
        Ok(git) => {
            // Every run removes the temporary files a killed run left.
            crate::fsx::sweep(&git, &[]);
            Ok(Repo { git })
        }
        Err(e) if e.message().contains("object format") => Err(Fatal::new(format!(
            "cannot open the repository at {}: {}",
            shown.display(),
            e.message()
        ))
        .hint("it uses SHA-256 object names (`git init --object-format=sha256`), which pacenote's git library cannot read yet; track your progress in a SHA-1 repository (git's default)")
        .git(e)),
        Err(e) if e.code() == ErrorCode::Owner => {
            let top = repository_top(dir);
            Err(Fatal::new(format!(
                "git refuses to open the repository at {}: it is owned by another user",
                top.display()
            ))
            .hint(format!(
                "if you trust it, run `git config --global --add safe.directory {}` (in a CI container, the checkout is often owned by another user than the job)",
                top.display()
            ))
            .git(e))
        }
        Err(e) if e.code() == ErrorCode::NotFound => Err(Fatal::new(format!(
            "{} is not in a git repository",
            shown.display()
        ))
        .hint("run `git init` first, or pass `-C <repository>`")
        .git(e)),
        Err(e) => Err(Fatal::new(format!(
            "cannot open the repository at {}: {}",
            shown.display(),
            e.message()
        ))
        .git(e)),
    }
}

/// The error for a walk that met a damaged object: the first commit
/// reachable from `tips` (first parents first) that cannot be read, named;
/// else libgit2's own message. Looked for only after a failure, over at
/// most a million commits.
pub(crate) fn damaged(git: &Repository, e: &git2::Error, tips: &[git2::Oid]) -> Fatal {
    let mut seen = std::collections::HashSet::new();
    let mut todo: std::collections::VecDeque<git2::Oid> = tips.iter().copied().collect();
    while let Some(id) = todo.pop_front() {
        if !seen.insert(id) || seen.len() > 1_000_000 {
            continue;
        }
        match git.find_commit(id) {
            Ok(c) => todo.extend(c.parent_ids()),
            Err(err) => return Fatal::git_object(&err, "commit", id),
        }
    }
    Fatal::new(format!("git: {}", e.message()))
        .hint(crate::error::FSCK_HINT)
        .git(git2::Error::new(e.code(), e.class(), e.message()))
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

/// The paths of one tree, looked up folder by folder: each folder once, then
/// each file in it by name. n paths in a folder of N entries cost n log N,
/// not n × N, as a lookup from the root (which reads every folder on the
/// way) would each time.
pub(crate) struct TreePaths<'r> {
    git: &'r Repository,
    root: Tree<'r>,
    folders: std::collections::HashMap<String, Option<Tree<'r>>>,
}

impl<'r> TreePaths<'r> {
    pub(crate) fn new(git: &'r Repository, root: Tree<'r>) -> TreePaths<'r> {
        TreePaths {
            git,
            root,
            folders: std::collections::HashMap::new(),
        }
    }

    /// The object id and file mode at `path`; `None` when nothing is there,
    /// or a folder on the way is not a folder.
    pub(crate) fn get(&mut self, path: &str) -> Result<Option<(git2::Oid, i32)>> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        if !self.folders.contains_key(folder) {
            let found = if folder.is_empty() {
                Some(self.root.clone())
            } else {
                match self.root.get_path(Path::new(folder)) {
                    Err(e) if e.code() == ErrorCode::NotFound => None,
                    Err(e) => return Err(e.into()),
                    Ok(e) if e.kind() != Some(ObjectType::Tree) => None,
                    Ok(e) => Some(self.git.find_tree(e.id())?),
                }
            };
            self.folders.insert(folder.to_string(), found);
        }
        Ok(self.folders[folder]
            .as_ref()
            .and_then(|t| t.get_name(name))
            .map(|e| (e.id(), e.filemode())))
    }

    /// Whether there is anything at `path` (an unreadable tree counts as
    /// nothing, as a failed lookup does).
    pub(crate) fn has(&mut self, path: &str) -> bool {
        matches!(self.get(path), Ok(Some(_)))
    }
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
        let obj = self.git.revparse_single(rev).map_err(|e| {
            if crate::error::is_damage(&e) && e.code() != ErrorCode::NotFound {
                let tips: Vec<git2::Oid> = self
                    .head_commit()
                    .ok()
                    .flatten()
                    .map(|c| c.id())
                    .into_iter()
                    .collect();
                let f = damaged(&self.git, &e, &tips);
                Fatal::new(format!("cannot read `{rev}`: {}", f.message))
                    .hint(crate::error::FSCK_HINT)
            } else {
                Fatal::new(format!("`{rev}` names no commit in this repository")).hint(REV_HINT)
            }
        })?;
        // Through tags (a chain of them ends: objects are named by content).
        let mut target = obj;
        while let Some(tag) = target.as_tag() {
            let id = tag.target_id();
            target = tag
                .target()
                .map_err(|e| Fatal::git_object(&e, "object", id))?;
        }
        let what = match target.kind() {
            Some(ObjectType::Commit) => {
                let id = target.id();
                return target
                    .peel_to_commit()
                    .map_err(|e| Fatal::git_object(&e, "commit", id));
            }
            Some(ObjectType::Tree) => "a folder (a tree)",
            Some(ObjectType::Blob) => "a file's content (a blob)",
            _ => "no commit",
        };
        Err(Fatal::new(format!("`{rev}` is not a commit: it names {what}")).hint(REV_HINT))
    }

    /// HEAD's commit, or `None` in a repository without commits yet.
    pub fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.git.head() {
            Ok(r) => Ok(Some(r.peel_to_commit()?)),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(Fatal::new(format!(
                "cannot read HEAD: {}",
                e.message().trim_end_matches('.')
            ))
            .hint(crate::error::FSCK_HINT)
            .git(e)),
        }
    }

    pub fn read(&self, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Result<Files> {
        match origin {
            Origin::WorkTree => self.read_worktree(diags),
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
        let mut files = Files {
            roadmap: read_roadmap(root, diags)?,
            ..Files::default()
        };
        read_journal(root, &mut files, diags, &mut |_, _| None)?;
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
                files.roadmap = Some(SourceFile {
                    path: ROADMAP_PATH.into(),
                    bytes: self.blob_bytes(e.id(), ROADMAP_PATH)?,
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
        let jt = self
            .git
            .find_tree(journal.id())
            .map_err(|e| Fatal::git_object(&e, "tree", journal.id()))?;
        let mut found: Vec<(String, git2::Oid, i32)> = Vec::new();
        self.walk_tree(&jt, "journal", &mut found, diags)?;
        for (path, oid, mode) in found {
            if !is_entry_path(&path) {
                continue;
            }
            if mode == 0o120000 {
                diags.push(symlink_diag(&path));
                continue;
            }
            let bytes = self.blob_bytes(oid, &path)?;
            let file = SourceFile { path, bytes };
            if !files.keep(file, diags) {
                break;
            }
        }
        Ok(files)
    }

    /// Collects the blobs and links below `tree` (at `dir`) in tree order.
    /// A name that is not UTF-8 (when it could be an entry, or a folder of
    /// them), and a folder or submodule named like an entry, are reported,
    /// never skipped in silence.
    fn walk_tree(
        &self,
        tree: &Tree,
        dir: &str,
        found: &mut Vec<(String, git2::Oid, i32)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        for e in tree {
            let kind = e.kind();
            let Ok(name) = std::str::from_utf8(e.name_bytes()) else {
                let is_dir = kind == Some(ObjectType::Tree);
                if is_dir || looks_like_entry(e.name_bytes()) {
                    let mut raw = dir.as_bytes().to_vec();
                    raw.push(b'/');
                    raw.extend_from_slice(e.name_bytes());
                    diags.push(path_encoding_diag(&raw, is_dir));
                }
                continue;
            };
            let path = format!("{dir}/{name}");
            match kind {
                Some(ObjectType::Tree) => {
                    if is_entry_path(&path) {
                        diags.push(not_a_file_diag(&path, "a folder"));
                    }
                    let sub = self
                        .git
                        .find_tree(e.id())
                        .map_err(|err| Fatal::git_object(&err, "tree", e.id()))?;
                    self.walk_tree(&sub, &path, found, diags)?;
                }
                Some(ObjectType::Blob) => found.push((path, e.id(), e.filemode())),
                _ if e.filemode() == 0o160000 && is_entry_path(&path) => {
                    diags.push(not_a_file_diag(&path, "a submodule (gitlink)"));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// What `check --staged` reads: the roadmap and the journal entries the
    /// index is about to commit (those that differ from HEAD's). The diff of
    /// HEAD's tree against the index compares ids folder by folder, and no
    /// work-tree file and no history is read, so the cost grows with the
    /// change, not with the journal.
    pub fn read_staged(&self, diags: &mut Vec<Diagnostic>) -> Result<Staged> {
        let index = self.git.index()?;
        let head_tree = match self.head_commit()? {
            Some(c) => Some(c.tree()?),
            None => None,
        };
        let mut staged = Staged::default();
        let roadmap = Path::new(ROADMAP_PATH);
        if let Some(e) = index.get_path(roadmap, 0) {
            staged.files.roadmap = self.index_blob(ROADMAP_PATH, &e, diags)?;
        } else if (1..=3).any(|stage| index.get_path(roadmap, stage).is_some()) {
            // Conflicted: not the default roadmap in its place.
            diags.push(conflict_diag(ROADMAP_PATH));
        }
        let mut opts = git2::DiffOptions::new();
        opts.pathspec("journal/")
            .include_typechange(true)
            .ignore_submodules(false);
        let diff =
            self.git
                .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))?;
        for delta in diff.deltas() {
            let Some(raw) = delta.new_file().path_bytes() else {
                continue;
            };
            let Ok(path) = std::str::from_utf8(raw) else {
                if delta.status() != git2::Delta::Deleted && looks_like_entry(raw) {
                    diags.push(path_encoding_diag(raw, false));
                }
                continue;
            };
            if !is_entry_path(path) || staged.changed.contains(path) {
                continue;
            }
            match delta.status() {
                git2::Delta::Deleted => {
                    staged.removed.insert(path.to_string());
                    continue;
                }
                git2::Delta::Added => {
                    staged.new_paths.insert(path.to_string());
                }
                _ => {}
            }
            match index.get_path(Path::new(path), 0) {
                // `git add -N`: in the index, but not part of the commit.
                Some(e) if is_intent_to_add(&e) => {
                    staged.new_paths.remove(path);
                }
                Some(e) => {
                    staged.changed.insert(path.to_string());
                    if let Some(file) = self.index_blob(path, &e, diags)? {
                        if !staged.files.keep(file, diags) {
                            break;
                        }
                    }
                }
                None => {
                    staged.changed.insert(path.to_string());
                    diags.push(conflict_diag(path));
                }
            }
        }
        Ok(staged)
    }

    /// The index entries not in `changed` whose path carries one of `dates`,
    /// read quietly (they are not part of the change; only their minutes
    /// count).
    pub fn same_day_entries(
        &self,
        changed: &std::collections::HashSet<String>,
        dates: &std::collections::HashSet<jiff::civil::Date>,
    ) -> Result<Vec<SourceFile>> {
        // Cheap substring tests first; the date parser confirms.
        let needles: Vec<[String; 2]> = dates
            .iter()
            .map(|d| {
                let (y, m, day) = (d.year(), d.month(), d.day());
                [
                    format!("{y:04}/{m:02}/{day:02}"),
                    format!("{y:04}-{m:02}-{day:02}"),
                ]
            })
            .collect();
        let index = self.git.index()?;
        // Within the journal a run reads, like every read of entries.
        let mut out = Files::default();
        let mut ignore = Vec::new();
        for e in index.iter() {
            let Ok(path) = std::str::from_utf8(&e.path) else {
                continue;
            };
            let candidate = needles
                .iter()
                .any(|[a, b]| path.contains(a.as_str()) || path.contains(b.as_str()));
            if !candidate || !is_entry_path(path) || changed.contains(path) {
                continue;
            }
            let on_day =
                crate::load::entry::date_from_path(path).is_some_and(|d| dates.contains(&d));
            if on_day {
                if let Some(file) = self.index_blob(path, &e, &mut ignore)? {
                    if !out.keep(file, &mut ignore) {
                        break;
                    }
                }
            }
        }
        Ok(out.entries)
    }

    /// A regular file of the index (stage 0), quietly: `None` when it is
    /// absent, a link, conflicted or too large.
    pub fn index_file(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let index = self.git.index()?;
        let Some(e) = index.get_path(Path::new(path), 0) else {
            return Ok(None);
        };
        let mut ignore = Vec::new();
        Ok(self.index_blob(path, &e, &mut ignore)?.map(|f| f.bytes))
    }

    /// The blob of one index entry of stage 0 (a conflicted path has none:
    /// `read_staged` reports it, and lists it among the changed paths that
    /// `same_day_entries` passes over), or a diagnostic: links are reported
    /// and never followed, submodules are not files, and at most one byte
    /// past the size limit is copied.
    fn index_blob(
        &self,
        path: &str,
        e: &git2::IndexEntry,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<SourceFile>> {
        match e.mode {
            0o120000 => {
                diags.push(symlink_diag(path));
                return Ok(None);
            }
            0o100644 | 0o100755 | 0o100664 => {}
            0o160000 => {
                diags.push(not_a_file_diag(path, "a submodule (gitlink)"));
                return Ok(None);
            }
            _ => {
                diags.push(
                    unreadable(path, format!("{path} is not a regular file"))
                        .with_hint("a journal entry is a plain YAML file"),
                );
                return Ok(None);
            }
        }
        Ok(Some(SourceFile {
            path: path.to_string(),
            bytes: self.blob_bytes(e.id, path)?,
        }))
    }

    /// A blob's content, at most one byte past the size limit.
    pub fn blob_bytes(&self, oid: git2::Oid, path: &str) -> Result<Vec<u8>> {
        // The size from the object's header first (libgit2 reads no more
        // than the header): a blob over the limit is refused unread. Only
        // its size matters to `file/too-large`, so it stands as
        // `MAX_FILE_BYTES + 1` zero bytes, never parsed. A blob within the
        // limit is read whole: its header gave its size.
        let unreadable = |e: git2::Error| Fatal::git_object(&e, "blob", format!("{oid} ({path})"));
        let (size, _) = self
            .git
            .odb()
            .and_then(|odb| odb.read_header(oid))
            .map_err(unreadable)?;
        if size > MAX_FILE_BYTES {
            return Ok(vec![0; MAX_FILE_BYTES + 1]);
        }
        let blob = self.git.find_blob(oid).map_err(unreadable)?;
        Ok(blob.content().to_vec())
    }

    /// The configured git user name, for entries not yet committed.
    pub fn user_name(&self) -> Option<String> {
        self.git.config().ok()?.get_string("user.name").ok()
    }
}

/// True for an index entry added with `git add -N` (intent to add): git
/// commits nothing for it until its content is added.
fn is_intent_to_add(e: &git2::IndexEntry) -> bool {
    e.flags_extended & git2::IndexEntryExtendedFlag::INTENT_TO_ADD.bits() != 0
}

/// True for a raw file name that ends like an entry (`.yaml`, `.yml`).
fn looks_like_entry(name: &[u8]) -> bool {
    name.ends_with(b".yaml") || name.ends_with(b".yml")
}

/// A raw path for people: valid UTF-8 as it is, other bytes as `\xNN`.
pub(crate) fn shown_path(raw: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = raw;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (ok, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(ok).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                for b in &bad[..n] {
                    out.push_str(&format!("\\x{b:02X}"));
                }
                rest = &bad[n..];
            }
        }
    }
}

/// `file/path-encoding`: a name under journal/ that is not UTF-8 cannot be
/// an entry's path (pacenote, git hosts and the report all speak UTF-8).
fn path_encoding_diag(raw: &[u8], folder: bool) -> Diagnostic {
    let shown = shown_path(raw);
    let what = if folder {
        "this folder's name is not valid UTF-8; the entries under it were not read"
    } else {
        "this entry's file name is not valid UTF-8; it was not read"
    };
    Diagnostic::error(&shown, None, Rule::FilePathEncoding, what)
        .with_hint("rename it with `git mv` to a UTF-8 name, e.g. journal/YYYY/MM/DD-<slug>.yaml")
}

/// `file/not-a-file`: something named like an entry that is not a file.
fn not_a_file_diag(path: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Rule::FileNotAFile,
        format!("{path} is named like a journal entry but is {what}, not a file"),
    )
    .with_hint("journal entries are regular `.yaml`/`.yml` files; rename it so that its name does not end in .yaml or .yml")
}

fn conflict_diag(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Rule::FileConflict,
        format!("{path} has unresolved merge conflicts"),
    )
    .with_hint("resolve the conflict and `git add` the file")
}

fn symlink_diag(path: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Rule::FileSymlink,
        format!("{path} is a symbolic link; pacenote does not follow links"),
    )
    .with_hint("replace the link with a regular file inside the repository")
}

/// The roadmap file of the work tree, if there is one.
pub(crate) fn read_roadmap(root: &Path, diags: &mut Vec<Diagnostic>) -> Result<Option<SourceFile>> {
    Ok(
        read_regular(root, ROADMAP_PATH, diags)?.map(|bytes| SourceFile {
            path: ROADMAP_PATH.into(),
            bytes,
        }),
    )
}

/// The journal of a work tree as listed, before any file is read: every
/// entry file's path and stat data (taken relative to its folder, on a few
/// threads), and the problems the listing met (links, folders named like
/// entries, unreadable folders). `read_listed` reads what it lists; the
/// report cache fingerprints it.
pub(crate) struct Listing {
    paths: Vec<String>,
    metas: Vec<Lstat>,
    /// Problems met while listing, in the order a read reports them.
    pub diags: Vec<Diagnostic>,
}

/// What a listing's files are, as far as a cache can tell a change: a
/// 128-bit hash (two seeded lanes of foldhash's quality hasher, stable
/// within one build, which is all a cache file is trusted by) over every
/// entry's path and stat data, in the journal's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub id: [u64; 2],
    /// The latest mtime of any entry file (seconds, nanoseconds).
    pub newest: (i64, u32),
}

impl Listing {
    /// The fingerprint of a journal that reads without a problem from its
    /// listing: `None` when the listing met one, when a path is not a
    /// regular file, or when the files are over `MAX_JOURNAL_BYTES` (a read
    /// then reports them; only a clean journal is fingerprinted).
    pub(crate) fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint_within(MAX_JOURNAL_BYTES as u64)
    }

    /// `fingerprint`, for a journal of at most `limit` bytes.
    fn fingerprint_within(&self, limit: u64) -> Option<Fingerprint> {
        use std::hash::{BuildHasher, Hasher};
        if !self.diags.is_empty() {
            return None;
        }
        let mut lanes =
            [1, 2].map(|seed| foldhash::quality::FixedState::with_seed(seed).build_hasher());
        let mut total = 0u64;
        let mut newest = (i64::MIN, 0);
        for (path, meta) in self.paths.iter().zip(&self.metas) {
            let Ok((stat, Node::File)) = meta else {
                return None;
            };
            total = total.saturating_add(stat.size);
            newest = newest.max(stat.mtime);
            for h in &mut lanes {
                // A path holds no NUL: the byte ends it unambiguously.
                h.write(path.as_bytes());
                h.write_u8(0);
                for n in [
                    stat.size,
                    stat.mtime.0 as u64,
                    stat.ctime.0 as u64,
                    stat.ino,
                ] {
                    h.write_u64(n);
                }
                for n in [stat.mtime.1, stat.ctime.1, stat.mode] {
                    h.write_u32(n);
                }
            }
        }
        if total > limit {
            return None;
        }
        Some(Fingerprint {
            id: lanes.map(|h| h.finish()),
            newest,
        })
    }
}

/// Lists the journal of the work tree at `root` (see `Listing`).
pub(crate) fn list_journal(root: &Path) -> Listing {
    let mut listing = Listing {
        paths: Vec::new(),
        metas: Vec::new(),
        diags: Vec::new(),
    };
    let journal = root.join("journal");
    match std::fs::symlink_metadata(&journal) {
        Err(_) => return listing,
        Ok(m) if m.file_type().is_symlink() => {
            listing.diags.push(symlink_diag("journal"));
            return listing;
        }
        Ok(m) if !m.is_dir() => return listing,
        Ok(_) => {}
    }
    walk(&journal, "journal", &mut listing.diags, &mut listing.paths);
    listing.metas = lstat_all(root, &listing.paths);
    listing
}

/// Reads the journal entries of the work tree into `files`, in the order of
/// a walk sorted by file name. `reuse` is asked about every regular entry
/// file with its stat data first: an entry it answers is kept as it is,
/// and the file is not read.
// Clippy flags the `Result` since the function is crate-private; its callers
// pass errors on with `?` like the other readers' (a follow-up may drop it).
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn read_journal(
    root: &Path,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
    reuse: &mut dyn FnMut(&str, &Stat) -> Option<LoadedEntry>,
) -> Result<()> {
    read_listed(root, list_journal(root), files, diags, reuse)
}

/// `read_journal` of a journal already listed.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn read_listed(
    root: &Path,
    listing: Listing,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
    reuse: &mut dyn FnMut(&str, &Stat) -> Option<LoadedEntry>,
) -> Result<()> {
    diags.extend(listing.diags);
    for (path, meta) in listing.paths.into_iter().zip(listing.metas) {
        let Some(stat) = regular(&path, meta, diags) else {
            continue;
        };
        if let Some(entry) = reuse(&path, &stat) {
            if !files.admit(&path, stat.size as usize, diags, JOURNAL_LIMIT) {
                break;
            }
            files.kept.push((files.entries.len(), entry, stat));
            continue;
        }
        if let Some(bytes) = read_open(root, &path, diags) {
            if !files.keep(SourceFile { path, bytes }, diags) {
                break;
            }
            files.stats.push(stat);
        }
    }
    Ok(())
}

/// The entry files below the work-tree folder `rel_dir` (repository
/// relative, `/`-separated), in the journal's order; links and non-files
/// are reported as in a whole-journal read.
pub(crate) fn entry_paths_under(
    root: &Path,
    rel_dir: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut paths = Vec::new();
    walk(&root.join(rel_dir), rel_dir, diags, &mut paths);
    paths
}

/// Collects the entry files below `dir` (whose repository-relative path is
/// `rel_dir`) in the order of a walk that visits each folder's items sorted
/// by name, a folder's contents right after it; links are reported, never
/// followed. Items are sorted by their raw names, so no path is parsed
/// again. A folder or item that cannot be read is reported by path.
fn walk(dir: &Path, rel_dir: &str, diags: &mut Vec<Diagnostic>, paths: &mut Vec<String>) {
    let unreadable = |file: &str, why: String| {
        Diagnostic::error(
            file,
            None,
            Rule::FileUnreadable,
            format!("cannot read: {why}"),
        )
    };
    let list = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            let why = format!("IO error for operation on {}: {e}", dir.display());
            diags.push(unreadable(rel_dir, why));
            return;
        }
    };
    let mut items = Vec::new();
    for item in list {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                diags.push(unreadable("journal", e.to_string()));
                continue;
            }
        };
        match item.file_type() {
            Ok(t) => items.push((item.file_name(), t)),
            Err(e) => {
                let p = item.path();
                let at = format!("{rel_dir}/{}", item.file_name().to_string_lossy());
                diags.push(unreadable(
                    &at,
                    format!("IO error for operation on {}: {e}", p.display()),
                ));
            }
        }
    }
    items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in items {
        let Some(utf8) = name.to_str() else {
            if kind.is_dir() || looks_like_entry(name.as_encoded_bytes()) {
                let mut raw = rel_dir.as_bytes().to_vec();
                raw.push(b'/');
                raw.extend_from_slice(name.as_encoded_bytes());
                diags.push(path_encoding_diag(&raw, kind.is_dir()));
            }
            continue;
        };
        let mut path = String::with_capacity(rel_dir.len() + 1 + utf8.len());
        path.push_str(rel_dir);
        path.push('/');
        path.push_str(utf8);
        if kind.is_symlink() {
            if is_entry_path(&path) || Path::new(&name).extension().is_none() {
                diags.push(symlink_diag(&path));
            }
        } else if kind.is_dir() {
            if is_entry_path(&path) {
                diags.push(not_a_file_diag(&path, "a folder"));
            }
            walk(&dir.join(&name), &path, diags, paths);
        } else if kind.is_file() && is_entry_path(&path) {
            paths.push(path);
        } else if is_entry_path(&path) {
            diags.push(not_a_file_diag(&path, "a FIFO, socket or device"));
        }
    }
}

/// The repository-relative, `/`-separated form of `p`.
pub(crate) fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a regular file below `root`, refusing symbolic links and reading
/// at most one byte past the size limit.
// As `read_journal`: fallible like the other readers for its callers.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn read_regular(
    root: &Path,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Vec<u8>>> {
    if lstat_regular(root, path, diags).is_none() {
        return Ok(None);
    }
    Ok(read_open(root, path, diags))
}

/// The stat data of a regular file below `root`; `None`, with a diagnostic,
/// for a symbolic link, a folder or an unreadable path (silently for a
/// missing one).
fn lstat_regular(root: &Path, path: &str, diags: &mut Vec<Diagnostic>) -> Option<Stat> {
    regular(path, lstat(&root.join(path)), diags)
}

/// What a file is, as far as reading entries cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    File,
    Link,
    Other,
}

/// A path's stat data and kind, without following a final link.
type Lstat = std::io::Result<(Stat, Node)>;

fn lstat(p: &Path) -> Lstat {
    let m = std::fs::symlink_metadata(p)?;
    let t = m.file_type();
    let node = if t.is_symlink() {
        Node::Link
    } else if t.is_file() {
        Node::File
    } else {
        Node::Other
    };
    Ok((Stat::of(&m), node))
}

/// `lstat` of each of `paths` below `root`, each relative to its folder,
/// opened once for the run of paths in it: the kernel then looks up one
/// name per file instead of every folder from the root (as `git status`
/// does from the work tree). A folder that cannot be opened leaves its
/// paths to `lstat`, so errors read the same.
fn lstat_each(root: &Path, paths: &[String]) -> Vec<Lstat> {
    #[cfg(not(unix))]
    return paths.iter().map(|p| lstat(&root.join(p))).collect();
    #[cfg(unix)]
    {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags};
        let mut dir: Option<(&str, Option<std::os::fd::OwnedFd>)> = None;
        paths
            .iter()
            .map(|p| {
                let (parent, name) = p.rsplit_once('/').unwrap_or(("", p));
                if dir.as_ref().map(|d| d.0) != Some(parent) {
                    let flags =
                        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
                    dir = Some((
                        parent,
                        rustix::fs::open(root.join(parent), flags, Mode::empty()).ok(),
                    ));
                }
                let Some((_, Some(fd))) = &dir else {
                    return lstat(&root.join(p));
                };
                let st = rustix::fs::statat(fd, name, AtFlags::SYMLINK_NOFOLLOW)?;
                let node = match FileType::from_raw_mode(st.st_mode) {
                    FileType::Symlink => Node::Link,
                    FileType::RegularFile => Node::File,
                    _ => Node::Other,
                };
                let stat = Stat {
                    size: st.st_size as u64,
                    mtime: (st.st_mtime as i64, st.st_mtime_nsec as u32),
                    ctime: (st.st_ctime as i64, st.st_ctime_nsec as u32),
                    ino: st.st_ino as u64,
                    mode: st.st_mode as u32,
                };
                Ok((stat, node))
            })
            .collect()
    }
}

/// The stat data of every path below `root`, in order. Stat calls are
/// system calls that wait on the kernel, so large journals are split
/// across a few threads.
fn lstat_all(root: &Path, paths: &[String]) -> Vec<Lstat> {
    let lstat = |part: &[String]| lstat_each(root, part);
    if paths.len() < 4096 {
        return lstat(paths);
    }
    // One thread on a one-core machine: the same list, a little later.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let size = paths.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = paths
            .chunks(size)
            .map(|part| s.spawn(move || lstat(part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// `lstat_regular` on stat data already taken: `None`, with a diagnostic,
/// for a link, a folder or an unreadable path (silently for a missing one).
fn regular(path: &str, meta: Lstat, diags: &mut Vec<Diagnostic>) -> Option<Stat> {
    let (stat, node) = match meta {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            diags.push(unreadable(path, format!("cannot read {path}: {e}")));
            return None;
        }
    };
    match node {
        Node::File => Some(stat),
        Node::Link => {
            diags.push(symlink_diag(path));
            None
        }
        Node::Other => {
            diags.push(unreadable(path, format!("{path} is not a regular file")));
            None
        }
    }
}

/// The content of a file below `root`, at most one byte past the size limit.
fn read_open(root: &Path, path: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(root.join(path))
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diags.push(unreadable(path, format!("cannot read {path}: {e}")));
        return None;
    }
    Some(bytes)
}

/// `file/unreadable` on `path`: what kept it from being read.
fn unreadable(path: &str, message: String) -> Diagnostic {
    Diagnostic::error(path, None, Rule::FileUnreadable, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_data_of_many_paths_comes_back_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Enough paths for several threads; every third one is missing.
        let paths: Vec<String> = (0..5000).map(|i| format!("f{i}")).collect();
        for (i, p) in paths.iter().enumerate() {
            if i % 3 != 0 {
                std::fs::write(dir.path().join(p), "x".repeat(i)).expect("write");
            }
        }
        let got = lstat_all(dir.path(), &paths);
        assert_eq!(got.len(), paths.len());
        for (i, m) in got.iter().enumerate() {
            match m {
                Ok((s, node)) => {
                    assert_eq!((i % 3 != 0, s.size, *node), (true, i as u64, Node::File));
                }
                Err(_) => assert_eq!(i % 3, 0),
            }
        }
    }

    /// Each path's stat data and kind as `lstat` of the whole path gives
    /// them: files, links, folders and missing paths, in several folders.
    #[cfg(unix)]
    #[test]
    fn stat_data_through_the_open_folder_is_lstats() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::write(root.join("top.yaml"), "1").expect("write");
        std::fs::write(root.join("a/one.yaml"), "22").expect("write");
        std::fs::write(root.join("a/b/two.yaml"), "333").expect("write");
        std::os::unix::fs::symlink("one.yaml", root.join("a/link.yaml")).expect("symlink");
        let paths: Vec<String> = [
            "top.yaml",
            "a/one.yaml",
            "a/link.yaml",
            "a/b",
            "a/gone.yaml",
            "a/b/two.yaml",
            "missing/x.yaml",
        ]
        .map(String::from)
        .to_vec();
        let kinds: Vec<Option<Node>> = lstat_each(root, &paths)
            .into_iter()
            .zip(&paths)
            .map(|(got, p)| {
                let want = lstat(&root.join(p));
                match (&got, &want) {
                    (Ok(g), Ok(w)) => assert_eq!(g, w, "{p}"),
                    (Err(g), Err(w)) => assert_eq!(g.kind(), w.kind(), "{p}"),
                    _ => panic!("{p}: {got:?} but lstat gives {want:?}"),
                }
                got.ok().map(|(_, node)| node)
            })
            .collect();
        let (f, l, o) = (Some(Node::File), Some(Node::Link), Some(Node::Other));
        assert_eq!(kinds, [f, f, l, o, None, f, None]);
    }

    /// A path gone since it was listed is skipped quietly; any other
    /// error reading its stat data is a diagnostic.
    #[test]
    fn a_missing_path_is_quiet_an_unreadable_one_is_not() {
        let mut diags = Vec::new();
        let gone = regular(
            "journal/a.yaml",
            Err(std::io::ErrorKind::NotFound.into()),
            &mut diags,
        );
        assert_eq!((gone, diags.len()), (None, 0));
        let denied = std::io::ErrorKind::PermissionDenied.into();
        assert_eq!(regular("journal/b.yaml", Err(denied), &mut diags), None);
        let codes: Vec<(&str, Rule)> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(codes, [("journal/b.yaml", Rule::FileUnreadable)]);
    }

    #[test]
    fn a_folder_outside_a_repository_keeps_gits_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let Err(e) = open(dir.path()) else {
            panic!("a repository in a fresh temporary folder");
        };
        let shown = std::path::absolute(dir.path()).expect("absolute");
        assert_eq!(
            e.to_string(),
            format!("{} is not in a git repository", shown.display())
        );
        assert_eq!(
            e.git_error().map(git2::Error::code),
            Some(ErrorCode::NotFound)
        );
    }

    #[test]
    fn a_broken_repository_keeps_gits_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".git"), "not a gitdir line\n").expect("write");
        let Err(e) = open(dir.path()) else {
            panic!("opened a repository whose .git points nowhere");
        };
        let g = e.git_error().expect("keeps git's error");
        let shown = std::path::absolute(dir.path()).expect("absolute");
        assert_eq!(
            e.to_string(),
            format!(
                "cannot open the repository at {}: {}",
                shown.display(),
                g.message()
            )
        );
    }

    #[test]
    fn the_journal_read_in_one_run_is_bounded() {
        let file = |n: usize| SourceFile {
            path: format!("journal/{n}.yaml"),
            bytes: vec![b'#'; 40],
        };
        let limit = Limit {
            bytes: 100,
            files: 10,
        };
        let mut files = Files::default();
        let mut diags = Vec::new();
        assert!(files.keep_within(file(1), &mut diags, limit));
        assert!(files.keep_within(file(2), &mut diags, limit));
        assert!(!files.keep_within(file(3), &mut diags, limit));
        assert_eq!(files.entries.len(), 2);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "the journal holds more than 100 bytes; journal/3.yaml and the entries after it were not read"
        );
        // Exactly the limit of bytes is within it.
        let mut files = Files::default();
        assert!(files.keep_within(
            file(1),
            &mut diags,
            Limit {
                bytes: 80,
                files: 2
            }
        ));
        assert!(files.keep_within(
            file(2),
            &mut diags,
            Limit {
                bytes: 80,
                files: 2
            }
        ));
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn the_entry_files_read_in_one_run_are_bounded() {
        let file = |n: usize| SourceFile {
            path: format!("journal/{n}.yaml"),
            bytes: vec![b'#'; 1],
        };
        let limit = Limit {
            bytes: 1000,
            files: 2,
        };
        let mut files = Files::default();
        let mut diags = Vec::new();
        assert!(files.keep_within(file(1), &mut diags, limit));
        assert!(files.keep_within(file(2), &mut diags, limit));
        assert!(!files.keep_within(file(3), &mut diags, limit));
        assert_eq!(files.entries.len(), 2);
        assert_eq!(files.bytes, 2, "a file left out is not counted");
        assert_eq!(
            diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            ["the journal holds more than 2 entry files; journal/3.yaml and the entries after it were not read"]
        );
    }

    #[test]
    fn a_listing_is_fingerprinted_by_every_path_and_stat_when_clean() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let a = root.join("journal/2026/01/05-a.yaml");
        std::fs::create_dir_all(a.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&a, "12345").expect("write");
        std::fs::write(root.join("journal/2026/01/06-b.yaml"), "123").expect("write");
        let at = |secs: u64| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        let touch = |secs: u64| {
            std::fs::File::options()
                .write(true)
                .open(&a)
                .and_then(|f| f.set_modified(at(secs)))
                .expect("mtime");
        };
        touch(2_000_000_000);
        let listing = list_journal(root);
        let first = listing.fingerprint().expect("a clean journal");
        assert_eq!(first.newest.0, 2_000_000_000);
        assert_eq!(list_journal(root).fingerprint(), Some(first));
        // The journal's size limit: 8 bytes here.
        assert_eq!(listing.fingerprint_within(8), Some(first));
        assert_eq!(listing.fingerprint_within(7), None);
        // Another mtime, another fingerprint.
        touch(1_000_000_000);
        let second = list_journal(root).fingerprint().expect("a clean journal");
        assert_ne!(second.id, first.id);
        assert!(second.newest.0 < 2_000_000_000);
        // A problem the listing meets, or a path that is not a file.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("05-a.yaml", root.join("journal/2026/01/07-l.yaml"))
                .expect("a link");
            let linked = list_journal(root);
            assert_eq!(linked.diags.len(), 1);
            assert_eq!(linked.fingerprint(), None);
        }
        let mut gone = list_journal(root);
        gone.diags.clear();
        gone.metas[0] = Err(std::io::ErrorKind::NotFound.into());
        assert_eq!(gone.fingerprint(), None);
    }

    #[test]
    fn a_journal_that_is_a_link_is_reported_and_one_that_is_a_file_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("elsewhere/2026")).expect("mkdir");
        std::fs::write(root.join("elsewhere/2026/05-a.yaml"), "x").expect("write");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("elsewhere", root.join("journal")).expect("a link");
            let listing = list_journal(root);
            assert_eq!(listing.paths, Vec::<String>::new());
            let codes: Vec<_> = listing
                .diags
                .iter()
                .map(|d| (d.file.as_str(), d.code.as_str()))
                .collect();
            assert_eq!(codes, [("journal", "file/symlink")]);
            std::fs::remove_file(root.join("journal")).expect("rm");
        }
        std::fs::write(root.join("journal"), "not a folder").expect("write");
        let listing = list_journal(root);
        assert_eq!((listing.paths.len(), listing.diags.len()), (0, 0));
    }
}
