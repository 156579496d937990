//! What the commits say about the journal (SPEC §4): when each entry was
//! recorded and by whom, and which commits later edited or deleted it.
//!
//! The walk compares tree ids and descends only into subtrees of `journal/`
//! that differ from every parent, so a commit that does not touch the
//! journal costs one tree lookup.

use crate::error::{Fatal, Result};
use crate::load::is_entry_path;
use crate::repo::Repo;
use git2::{Commit, ObjectType, Oid, Sort, Tree};
use jiff::civil::Date;
use std::collections::HashMap;

/// The commit that first recorded an entry's path.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub commit: Oid,
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// The committer's UTC offset in minutes.
    pub offset_minutes: i32,
    /// The recorded date in the committer's own offset.
    pub date: Date,
    pub author: String,
    pub blob: Oid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    Edited,
    Deleted,
}

/// A later commit that changed or removed a recorded entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub path: String,
    pub commit: Oid,
    pub time: i64,
    pub date: Date,
    pub kind: EditKind,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    pub records: HashMap<String, Record>,
    pub edits: Vec<Edit>,
}

/// The calendar date of a git time in its own offset.
pub fn local_date(time: i64, offset_minutes: i32) -> Date {
    let ts = jiff::Timestamp::from_second(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let offset =
        jiff::tz::Offset::from_seconds(offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    offset.to_datetime(ts).date()
}

/// Refuses a shallow repository: its history stops early and every
/// recorded time would be wrong.
pub fn ensure_complete(repo: &Repo) -> Result<()> {
    if repo.git.is_shallow() {
        return Err(Fatal::new("this is a shallow clone: its history is cut, so when entries were recorded cannot be known")
            .hint("fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)"));
    }
    Ok(())
}

#[derive(Default)]
struct Changes {
    added: Vec<(String, Oid)>,
    modified: Vec<(String, Oid)>,
    deleted: Vec<(String, Oid)>,
}

/// Walks every commit reachable from `head`, oldest first.
pub fn scan(repo: &Repo, head: &Commit) -> Result<History> {
    ensure_complete(repo)?;
    let git = &repo.git;
    let mut walk = git.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head.id())?;
    let mut h = History::default();
    for oid in walk {
        let commit = git.find_commit(oid?)?;
        let journal = journal_tree_id(&commit.tree()?);
        let parents: Vec<Option<Oid>> = commit
            .parents()
            .map(|p| p.tree().ok().and_then(|t| journal_tree_id(&t)))
            .collect();
        if parents.contains(&journal) || (journal.is_none() && parents.is_empty()) {
            continue;
        }
        let mut changes = Changes::default();
        let ptrees: Vec<Option<Tree>> = parents
            .iter()
            .map(|p| p.and_then(|id| git.find_tree(id).ok()))
            .collect();
        let ctree = journal.and_then(|id| git.find_tree(id).ok());
        diff(git, ctree.as_ref(), &ptrees, "journal/", &mut changes)?;
        let time = commit.committer().when();
        let (t, off) = (time.seconds(), time.offset_minutes());
        let date = local_date(t, off);
        let author = commit.author().name().unwrap_or("unknown").to_string();
        // A path added with the same content another path lost in this commit
        // is a rename: it keeps the recorded time of the old path.
        let mut renamed_from: HashMap<Oid, String> = HashMap::new();
        for (path, blob) in &changes.deleted {
            renamed_from.insert(*blob, path.clone());
        }
        let added_blobs: std::collections::HashSet<Oid> =
            changes.added.iter().map(|(_, b)| *b).collect();
        for (path, blob) in changes.added {
            if !is_entry_path(&path) {
                continue;
            }
            let inherited = renamed_from
                .get(&blob)
                .and_then(|old| h.records.get(old))
                .cloned();
            let rec = match inherited {
                Some(mut r) => {
                    r.blob = blob;
                    r
                }
                None => Record {
                    commit: commit.id(),
                    time: t,
                    offset_minutes: off,
                    date,
                    author: author.clone(),
                    blob,
                },
            };
            match h.records.get(&path) {
                Some(existing) if existing.time <= rec.time => {}
                _ => {
                    h.records.insert(path, rec);
                }
            }
        }
        for (path, _) in changes.modified {
            if is_entry_path(&path) && h.records.contains_key(&path) {
                h.edits.push(Edit {
                    path,
                    commit: commit.id(),
                    time: t,
                    date,
                    kind: EditKind::Edited,
                });
            }
        }
        for (path, blob) in changes.deleted {
            let renamed = added_blobs.contains(&blob);
            if is_entry_path(&path) && h.records.contains_key(&path) && !renamed {
                h.edits.push(Edit {
                    path,
                    commit: commit.id(),
                    time: t,
                    date,
                    kind: EditKind::Deleted,
                });
            }
        }
    }
    Ok(h)
}

fn journal_tree_id(root: &Tree) -> Option<Oid> {
    root.get_name("journal")
        .filter(|e| e.kind() == Some(ObjectType::Tree))
        .map(|e| e.id())
}

/// Records what `tree` adds, changes and removes relative to all `parents`,
/// descending only into subtrees whose ids differ from every parent's.
fn diff(
    git: &git2::Repository,
    tree: Option<&Tree>,
    parents: &[Option<Tree>],
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    if let Some(tree) = tree {
        for e in tree.iter() {
            let Some(name) = e.name() else { continue };
            let in_parents: Vec<Option<(Oid, Option<ObjectType>)>> = parents
                .iter()
                .map(|p| {
                    p.as_ref()
                        .and_then(|t| t.get_name(name))
                        .map(|pe| (pe.id(), pe.kind()))
                })
                .collect();
            if in_parents
                .iter()
                .any(|p| p.is_some_and(|(id, _)| id == e.id()))
            {
                continue;
            }
            let path = format!("{prefix}{name}");
            match e.kind() {
                Some(ObjectType::Tree) => {
                    let sub = git.find_tree(e.id())?;
                    let psubs: Vec<Option<Tree>> = in_parents
                        .iter()
                        .map(|p| match p {
                            Some((id, Some(ObjectType::Tree))) => git.find_tree(*id).ok(),
                            _ => None,
                        })
                        .collect();
                    diff(git, Some(&sub), &psubs, &format!("{path}/"), out)?;
                }
                Some(ObjectType::Blob) => {
                    if in_parents
                        .iter()
                        .all(|p| !matches!(p, Some((_, Some(ObjectType::Blob)))))
                    {
                        out.added.push((path, e.id()));
                    } else {
                        out.modified.push((path, e.id()));
                    }
                }
                _ => {}
            }
        }
    }
    // Deleted: present in every parent, absent here.
    let Some(Some(first)) = parents.first() else {
        return Ok(());
    };
    for e in first.iter() {
        let Some(name) = e.name() else { continue };
        if tree.is_some_and(|t| t.get_name(name).is_some()) {
            continue;
        }
        if !parents
            .iter()
            .all(|p| p.as_ref().is_some_and(|t| t.get_name(name).is_some()))
        {
            continue;
        }
        let path = format!("{prefix}{name}");
        match e.kind() {
            Some(ObjectType::Blob) => out.deleted.push((path, e.id())),
            Some(ObjectType::Tree) => {
                let sub = git.find_tree(e.id())?;
                let mut gone = Changes::default();
                diff(git, None, &[Some(sub)], &format!("{path}/"), &mut gone)?;
                out.deleted.extend(gone.deleted);
            }
            _ => {}
        }
    }
    Ok(())
}
