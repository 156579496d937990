//! What the commits say about the journal (SPEC §4): when each entry was
//! recorded and by whom, and which commits later edited or deleted it.
//!
//! `walk` reads the commits (comparing tree ids, never diffing whole
//! trees), `cache` keeps what it learned for the next run, and
//! `append_only` is the `check --base` rule built on both.

mod append_only;
pub(crate) mod cache;
pub(crate) mod scope;
mod walk;

pub(crate) use append_only::{append_only, correction_hint};

use crate::error::{Fatal, Result};
use crate::load::repo::Repo;
use git2::{Commit, Oid};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A commit and when it was made: what every record of the history says
/// first. (Serialised as its four fields in a row, as when they were the
/// records' own: the caches' bytes are the same.)
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    #[serde(with = "crate::load::envelope::oid")]
    pub commit: Oid,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// The committer's UTC offset in minutes.
    pub offset_minutes: i32,
    /// The commit's date in the committer's own offset.
    #[serde(with = "crate::model::date_serde")]
    pub date: Date,
}

/// The commit that first recorded an entry's path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The recording commit; its date is the recorded date.
    pub at: Stamp,
    pub author: String,
    #[serde(with = "crate::load::envelope::oid")]
    pub blob: Oid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    Edited,
    Deleted,
}

/// A later commit that changed or removed a recorded entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub path: String,
    pub at: Stamp,
    pub kind: EditKind,
}

/// A non-merge commit whose `roadmap.yaml` differs from its parent's (or a
/// root commit that has one): the raw material of SPEC §3 "Scope changes".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadmapChange {
    pub at: Stamp,
    /// The roadmap blob of the parent; `None` when it had none.
    #[serde(with = "crate::load::envelope::oid::option")]
    pub before: Option<Oid>,
    /// The roadmap blob of the commit; `None` when it removed the file.
    #[serde(with = "crate::load::envelope::oid::option")]
    pub after: Option<Oid>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The introducing commit of every entry path the history ever held
    /// (paths deleted since included).
    pub records: foldhash::HashMap<String, Record>,
    /// Later edits and deletions, oldest first.
    pub edits: Vec<Edit>,
    /// The commits that changed the roadmap file, oldest first.
    pub roadmap_changes: Vec<RoadmapChange>,
}

/// How to scan.
#[derive(Clone, Copy)]
pub struct Options<'p> {
    /// Read and update the history cache.
    pub cache: bool,
    /// Told how a scan goes, commit by commit; `None` for a silent scan.
    /// The library prints nothing itself: a command that wants a progress
    /// bar supplies one.
    pub progress: Option<&'p dyn Progress>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            cache: true,
            progress: None,
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("cache", &self.cache)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Follows a scan of the commits (the commits the cache did not answer
/// for), e.g. to draw a progress bar.
pub trait Progress {
    /// The scan is about to read `total` commits.
    fn start(&self, total: usize);
    /// It is reading commit `i` (0-based) of them.
    fn tick(&self, i: usize);
    /// It has read them all.
    fn finish(&self);
}

/// The calendar date of a git time in its own offset; `None` when the time
/// or the offset is out of the range of calendar dates (years −9999..9999,
/// offsets under 26 hours), never a default in its place.
pub(crate) fn local_date(time: i64, offset_minutes: i32) -> Option<Date> {
    let ts = jiff::Timestamp::from_second(time).ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset_minutes.checked_mul(60)?).ok()?;
    Some(offset.to_datetime(ts).date())
}

/// A commit's committer time, offset and date, or an error naming the
/// commit when its date is out of range (a wrong clock, a forged date).
pub(crate) fn commit_when(commit: &Commit) -> Result<Stamp> {
    let when = commit.committer().when();
    let (time, offset) = (when.seconds(), when.offset_minutes());
    match local_date(time, offset) {
        Some(date) => Ok(Stamp {
            commit: commit.id(),
            time,
            offset_minutes: offset,
            date,
        }),
        None => Err(Fatal::new(format!(
            "commit {} has a committer date out of range ({time} seconds since 1970, offset {offset} minutes); pacenote reads dates of the years -9999 to 9999",
            commit.id()
        ))
        .hint(format!(
            "the commit was made with a wrong clock or a forged date (`git show -s --format=%cD {}` shows it); rewrite it with a real date, e.g. `git rebase --committer-date-is-author-date`, or `git commit --amend --date=now` if it is the last",
            commit.id()
        ))),
    }
}

/// Refuses a shallow repository: its history stops early and every
/// recorded time would be wrong.
pub(crate) fn ensure_complete(repo: &Repo) -> Result<()> {
    if repo.git.is_shallow() {
        return Err(Fatal::new("this is a shallow clone: its history is cut, so when entries were recorded cannot be known")
            .hint("fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)"));
    }
    Ok(())
}

/// What the commits reachable from `head` say about the journal.
///
/// With the cache, the history saved for `head` is used as it is, and one
/// saved for its nearest ancestor is extended by the commits made since;
/// the result is saved for `head`.
pub fn scan_with(repo: &Repo, head: &Commit, opts: Options) -> Result<History> {
    Ok(scan_counted(repo, head, opts)?.0)
}

/// `scan_with`, also returning how many commits were read (not counting
/// those the cache answered for).
pub fn scan_counted(repo: &Repo, head: &Commit, opts: Options) -> Result<(History, usize)> {
    ensure_complete(repo)?;
    let git = &repo.git;
    let head = head.id();
    let cached = if opts.cache {
        cache::find(git, head)
    } else {
        None
    };
    let (mut h, known) = match cached {
        Some(c) if c.tip == head => return Ok((c.history, 0)),
        Some(c) => (c.history, Some(c.tip)),
        None => (History::default(), None),
    };
    let walked = walk::extend(git, &mut h, head, known, opts.progress)?;
    sort_edits(&mut h.edits);
    // Stable: commits of the same second keep the walk's (parents first).
    h.roadmap_changes.sort_by_key(|c| c.at.time);
    if opts.cache {
        cache::save(git, head, &h);
    }
    Ok((h, walked))
}

/// Edits in a stable order (time, then commit, path and kind), so that a
/// history does not depend on the order the walk met the commits in.
fn sort_edits(edits: &mut [Edit]) {
    edits.sort_by(|a, b| {
        (a.at.time, a.at.commit, &a.path, a.kind as u8).cmp(&(
            b.at.time,
            b.at.commit,
            &b.path,
            b.kind as u8,
        ))
    });
}

/// The commits reachable from `head` and not from `base`: the change.
pub(crate) fn commits_between(repo: &Repo, base: Oid, head: Oid) -> Result<Vec<git2::Commit<'_>>> {
    let mut walk = repo.git.revwalk()?;
    walk.push(head)?;
    walk.hide(base)?;
    walk.map(|oid| Ok(repo.git.find_commit(oid?)?)).collect()
}

/// The merge-base of `base` and `head`, with a clear error when there is none.
pub(crate) fn merge_base<'r>(repo: &'r Repo, base: &str, head: &Commit) -> Result<Commit<'r>> {
    let base_c = repo.commit(base)?;
    let mb = repo.git.merge_base(base_c.id(), head.id()).map_err(|_| {
        Fatal::new(format!(
            "`{base}` and the reported revision have no common history"
        ))
        .hint("pass the branch the change will merge into, e.g. --base origin/main")
    })?;
    Ok(repo.git.find_commit(mb)?)
}

/// The repository paths whose content may differ between the trees of two
/// commits: entries under `journal/` and the roadmap. `None` when that
/// cannot be told from tree ids alone (`journal` is not a folder on both
/// sides); then everything should be taken as changed.
pub(crate) fn paths_between(
    repo: &Repo,
    from: &Commit,
    to: &Commit,
) -> Result<Option<HashSet<String>>> {
    let (a, b) = (from.tree()?, to.tree()?);
    let id = |t: &git2::Tree, name: &str| t.get_name(name).map(|e| (e.id(), e.filemode()));
    let mut out = HashSet::new();
    if id(&a, crate::load::repo::ROADMAP_PATH) != id(&b, crate::load::repo::ROADMAP_PATH) {
        out.insert(crate::load::repo::ROADMAP_PATH.to_string());
    }
    let (ja, jb) = (id(&a, "journal"), id(&b, "journal"));
    if ja != jb {
        let folder = |j: Option<(Oid, i32)>| match j {
            None => Some(None),
            Some((id, 0o040000)) => Some(Some(id)),
            Some(_) => None,
        };
        let (Some(fa), Some(fb)) = (folder(ja), folder(jb)) else {
            return Ok(None);
        };
        out.extend(walk::changed_paths(&repo.git, fa, fb)?);
    }
    Ok(Some(out))
}

/// The journal and roadmap paths where the work tree or the index differs
/// from `HEAD` (untracked and ignored files included).
pub(crate) fn uncommitted_paths(repo: &Repo) -> Result<HashSet<String>> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(true)
        .recurse_ignored_dirs(true)
        .include_unmodified(false)
        .pathspec("journal")
        .pathspec(crate::load::repo::ROADMAP_PATH);
    let statuses = repo.git.statuses(Some(&mut opts))?;
    Ok(statuses
        .iter()
        .map(|e| String::from_utf8_lossy(e.path_bytes()).into_owned())
        .collect())
}

/// The history as of `ancestor`, derived from `h` (the history of `head`)
/// by leaving out the commits of the change; read again only when an entry
/// of the ancestor's tree was first introduced inside the change (possible
/// only with committer clocks that run backwards). Exact for the entries of
/// the ancestor's tree and for the edits; a path the ancestor had deleted
/// and the change added again has no record in it.
pub fn as_of_ancestor(
    repo: &Repo,
    h: &History,
    head: &Commit,
    ancestor: &Commit,
    opts: Options,
) -> Result<History> {
    let change: HashSet<Oid> = commits_between(repo, ancestor.id(), head.id())?
        .iter()
        .map(Commit::id)
        .collect();
    let mut tree = crate::load::repo::TreePaths::new(&repo.git, ancestor.tree()?);
    let mut records = foldhash::HashMap::with_capacity_and_hasher(
        h.records.len(),
        foldhash::fast::RandomState::default(),
    );
    for (path, r) in &h.records {
        if !change.contains(&r.at.commit) {
            records.insert(path.clone(), r.clone());
        } else if tree.has(path) {
            return scan_with(repo, ancestor, opts);
        }
    }
    let edits = h
        .edits
        .iter()
        .filter(|e| !change.contains(&e.at.commit))
        .cloned()
        .collect();
    let roadmap_changes = h
        .roadmap_changes
        .iter()
        .filter(|c| !change.contains(&c.at.commit))
        .cloned()
        .collect();
    Ok(History {
        records,
        edits,
        roadmap_changes,
    })
}
