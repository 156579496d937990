//! The walk: commits oldest first, comparing `journal/` tree ids and
//! descending only into the subtrees that differ from every parent, so a
//! commit that does not touch the journal costs one tree lookup and a
//! commit that adds one entry reads one path of trees. No blob is read.

use super::{commit_when, Edit, EditKind, History, Record, RoadmapChange};
use crate::error::Fatal;
use crate::error::Result;
use crate::load::is_entry_path;
use git2::{ObjectType, Oid, Repository, Sort, Tree, TreeEntry};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// What one commit adds, changes and removes under `journal/`, relative to
/// all of its parents.
#[derive(Default)]
struct Changes {
    added: Vec<(String, Oid)>,
    modified: Vec<(String, Oid)>,
    deleted: Vec<(String, Oid)>,
}

/// Scans the commits reachable from `head` and not from `known` (the tip
/// whose history `h` already holds), adding what they say to `h`; returns
/// how many commits it read.
pub(super) fn extend(
    git: &Repository,
    h: &mut History,
    head: Oid,
    known: Option<Oid>,
    progress: Option<&dyn super::Progress>,
) -> Result<usize> {
    let _settings = WalkSettings::apply();
    let mut walk = git.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head)?;
    if let Some(k) = known {
        walk.hide(k)?;
    }
    let oids = walk
        .collect::<std::result::Result<Vec<Oid>, _>>()
        .map_err(|e| crate::load::repo::damaged(git, &e, &[head]))?;
    if let Some(p) = progress {
        p.start(oids.len());
    }
    let mut trees = Trees::new(git);
    // The `journal/` tree id and the roadmap blob id of each commit seen,
    // so that a parent's are looked up once.
    let mut ids: HashMap<Oid, (Option<Oid>, Option<Oid>)> = HashMap::with_capacity(oids.len());
    for (i, oid) in oids.iter().enumerate() {
        if let Some(p) = progress {
            p.tick(i);
        }
        let commit = find_commit(git, *oid)?;
        let root = tree_of(&commit)?;
        let journal = journal_tree_id(&root);
        let roadmap = roadmap_blob_id(&root);
        ids.insert(*oid, (journal, roadmap));
        let mut parents = Vec::with_capacity(commit.parent_count());
        let mut parent_roadmaps = Vec::with_capacity(commit.parent_count());
        for p in commit.parent_ids() {
            let (j, r) = match ids.get(&p) {
                Some(x) => *x,
                None => {
                    let t = tree_of(&find_commit(git, p)?)?;
                    (journal_tree_id(&t), roadmap_blob_id(&t))
                }
            };
            parents.push(j);
            parent_roadmaps.push(r);
        }
        // A merge's roadmap changes are those of the commits it brings in.
        let before = match parent_roadmaps.as_slice() {
            [] => Some(None),
            [one] => Some(*one),
            _ => None,
        };
        if let Some(before) = before.filter(|b| *b != roadmap) {
            h.roadmap_changes.push(RoadmapChange {
                at: commit_when(&commit)?,
                before,
                after: roadmap,
            });
        }
        if parents.contains(&journal) || (journal.is_none() && parents.is_empty()) {
            continue;
        }
        let tree = journal.map(|id| trees.get(id)).transpose()?;
        let ptrees = parents
            .iter()
            .map(|p| p.map(|id| trees.get(id)).transpose())
            .collect::<Result<Vec<_>>>()?;
        let mut changes = Changes::default();
        diff(&mut trees, tree.as_ref(), &ptrees, "journal/", &mut changes)?;
        apply(h, &commit, &changes)?;
        trees.next_commit();
    }
    if let Some(p) = progress {
        p.finish();
    }
    Ok(oids.len())
}

/// libgit2 settings for the walk, restored when it ends (however it ends).
struct WalkSettings;

impl WalkSettings {
    fn apply() -> WalkSettings {
        // Like git itself, trust the object store instead of hashing every
        // object read again (most of a scan's time otherwise).
        git2::opts::strict_hash_verification(false);
        // Each object is read once (`Trees` keeps the ones read again), so
        // libgit2's object cache would only hold memory.
        git2::opts::enable_caching(false);
        WalkSettings
    }
}

impl Drop for WalkSettings {
    fn drop(&mut self) {
        git2::opts::strict_hash_verification(true);
        git2::opts::enable_caching(true);
    }
}

fn find_commit(git: &Repository, id: Oid) -> Result<git2::Commit<'_>> {
    git.find_commit(id)
        .map_err(|e| Fatal::git_object(&e, "commit", id))
}

fn tree_of<'r>(c: &git2::Commit<'r>) -> Result<Tree<'r>> {
    c.tree()
        .map_err(|e| Fatal::git_object(&e, &format!("tree of commit {}", c.id()), c.tree_id()))
}

/// Adds one commit's changes to the history.
fn apply(h: &mut History, commit: &git2::Commit, changes: &Changes) -> Result<()> {
    if changes.added.is_empty() && changes.deleted.is_empty() && changes.modified.is_empty() {
        return Ok(());
    }
    let at = commit_when(commit)?;
    let author = String::from_utf8_lossy(commit.author().name_bytes()).into_owned();
    // A path added with the content another path lost in this commit is a
    // rename (or move): it keeps the old path's recorded time.
    let lost: HashMap<Oid, &str> = changes
        .deleted
        .iter()
        .map(|(p, b)| (*b, p.as_str()))
        .collect();
    let gained: HashSet<Oid> = changes
        .added
        .iter()
        .filter(|(p, _)| is_entry_path(p))
        .map(|(_, b)| *b)
        .collect();
    for (path, blob) in &changes.added {
        if !is_entry_path(path) {
            continue;
        }
        let inherited = lost.get(blob).and_then(|old| h.records.get(*old)).cloned();
        let rec = match inherited {
            Some(mut r) => {
                r.blob = *blob;
                r
            }
            None => Record {
                at,
                author: author.clone(),
                blob: *blob,
            },
        };
        // The oldest introducing commit wins, whatever order the walk met them in.
        let older = |old: &Record| (old.at.time, old.at.commit) <= (rec.at.time, rec.at.commit);
        if !h.records.get(path).is_some_and(older) {
            h.records.insert(path.clone(), rec);
        }
    }
    // Only entry paths are ever recorded (above), so a path with a record is
    // an entry: edits of other files under `journal/` are no edits.
    let mut edit = |path: &str, kind| {
        if h.records.contains_key(path) {
            h.edits.push(Edit {
                path: path.to_string(),
                at,
                kind,
            });
        }
    };
    for (path, _) in &changes.modified {
        edit(path, EditKind::Edited);
    }
    for (path, blob) in &changes.deleted {
        if !gained.contains(blob) {
            edit(path, EditKind::Deleted);
        }
    }
    Ok(())
}

/// The paths under `journal/` whose content differs between two of its
/// trees (`None`: absent), found the same way as the walk's.
pub(super) fn changed_paths(
    git: &Repository,
    from: Option<Oid>,
    to: Option<Oid>,
) -> Result<Vec<String>> {
    let mut trees = Trees::new(git);
    let from = from.map(|id| trees.get(id)).transpose()?;
    let to = to.map(|id| trees.get(id)).transpose()?;
    let mut changes = Changes::default();
    diff_one(
        &mut trees,
        to.as_ref(),
        from.as_ref(),
        "journal/",
        &mut changes,
    )?;
    let Changes {
        added,
        modified,
        deleted,
    } = changes;
    Ok(added
        .into_iter()
        .chain(modified)
        .chain(deleted)
        .map(|(p, _)| p)
        .collect())
}

/// The blob id of the root's `roadmap.yaml`, when it is a file.
fn roadmap_blob_id(root: &Tree) -> Option<Oid> {
    root.get_name(crate::load::repo::ROADMAP_PATH)
        .filter(|e| e.kind() == Some(ObjectType::Blob))
        .map(|e| e.id())
}

pub(super) fn journal_tree_id(root: &Tree) -> Option<Oid> {
    root.get_name("journal")
        .filter(|e| e.kind() == Some(ObjectType::Tree))
        .map(|e| e.id())
}

/// Records what `tree` adds, changes and removes relative to all `parents`
/// (`None`: the folder is absent there).
fn diff(
    trees: &mut Trees<'_>,
    tree: Option<&Tree>,
    parents: &[Option<Tree>],
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    if let [parent] = parents {
        return diff_one(trees, tree, parent.as_ref(), prefix, out);
    }
    // A merge: an entry is unchanged when it equals the same name in any
    // parent; added when no parent has a file of that name; removed when
    // every parent has it.
    if let Some(tree) = tree {
        for e in tree {
            let name = e.name_bytes();
            let in_parents: Vec<Option<TreeEntry>> = parents
                .iter()
                .map(|p| p.as_ref().and_then(|t| find(t, name)))
                .collect();
            if in_parents.iter().flatten().any(|p| p.id() == e.id()) {
                continue;
            }
            let path = join(prefix, name);
            if e.kind() == Some(ObjectType::Tree) {
                let sub = trees.get(e.id())?;
                let psubs = in_parents
                    .iter()
                    .map(|p| subtree(trees, p.as_ref()))
                    .collect::<Result<Vec<_>>>()?;
                if let Some(folder) = folder(&path) {
                    diff(trees, Some(&sub), &psubs, &folder, out)?;
                }
            } else if e.kind() == Some(ObjectType::Blob) {
                let known = in_parents
                    .iter()
                    .flatten()
                    .any(|p| p.kind() == Some(ObjectType::Blob));
                let list = if known {
                    &mut out.modified
                } else {
                    &mut out.added
                };
                list.push((path, e.id()));
            }
        }
    }
    let Some(Some(first)) = parents.first() else {
        return Ok(());
    };
    for e in first {
        let name = e.name_bytes();
        if tree.is_some_and(|t| find(t, name).is_some()) {
            continue;
        }
        let everywhere = parents
            .iter()
            .all(|p| p.as_ref().is_some_and(|t| find(t, name).is_some()));
        if everywhere {
            removed(trees, &e, prefix, out)?;
        }
    }
    Ok(())
}

/// The common case, one parent: a merge join of the two sorted entry lists.
fn diff_one(
    trees: &mut Trees<'_>,
    tree: Option<&Tree>,
    parent: Option<&Tree>,
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    let (n, m) = (tree.map_or(0, Tree::len), parent.map_or(0, Tree::len));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let a = tree.and_then(|t| t.get(i)).filter(|_| i < n);
        let b = parent.and_then(|t| t.get(j)).filter(|_| j < m);
        match (a, b) {
            (Some(a), Some(b)) if a.id() == b.id() && a.name_bytes() == b.name_bytes() => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) => match git_order(&a, &b) {
                Ordering::Less => {
                    added(trees, &a, prefix, out)?;
                    i += 1;
                }
                Ordering::Greater => {
                    removed(trees, &b, prefix, out)?;
                    j += 1;
                }
                Ordering::Equal => {
                    changed(trees, &a, &b, prefix, out)?;
                    i += 1;
                    j += 1;
                }
            },
            (Some(a), None) => {
                added(trees, &a, prefix, out)?;
                i += 1;
            }
            (None, Some(b)) => {
                removed(trees, &b, prefix, out)?;
                j += 1;
            }
            (None, None) => break,
        }
    }
    Ok(())
}

/// An entry present on both sides with different ids.
fn changed(
    trees: &mut Trees<'_>,
    a: &TreeEntry,
    b: &TreeEntry,
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    match (a.kind(), b.kind()) {
        (Some(ObjectType::Tree), Some(ObjectType::Tree)) => {
            let path = join(prefix, a.name_bytes());
            let Some(folder) = folder(&path) else {
                return Ok(());
            };
            let (ta, tb) = (trees.get(a.id())?, trees.get(b.id())?);
            diff_one(trees, Some(&ta), Some(&tb), &folder, out)
        }
        (Some(ObjectType::Blob), Some(ObjectType::Blob)) => {
            out.modified.push((join(prefix, a.name_bytes()), a.id()));
            Ok(())
        }
        // A file became a folder or the other way round.
        _ => {
            removed(trees, b, prefix, out)?;
            added(trees, a, prefix, out)
        }
    }
}

fn added(trees: &mut Trees<'_>, e: &TreeEntry, prefix: &str, out: &mut Changes) -> Result<()> {
    let path = join(prefix, e.name_bytes());
    match e.kind() {
        Some(ObjectType::Blob) => out.added.push((path, e.id())),
        Some(ObjectType::Tree) => {
            if let Some(folder) = folder(&path) {
                let t = trees.get(e.id())?;
                diff_one(trees, Some(&t), None, &folder, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn removed(trees: &mut Trees<'_>, e: &TreeEntry, prefix: &str, out: &mut Changes) -> Result<()> {
    let path = join(prefix, e.name_bytes());
    match e.kind() {
        Some(ObjectType::Blob) => out.deleted.push((path, e.id())),
        Some(ObjectType::Tree) => {
            if let Some(folder) = folder(&path) {
                let t = trees.get(e.id())?;
                diff_one(trees, None, Some(&t), &folder, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Folders nested deeper than this under `journal/` are not read: no
/// journal needs them, and a hostile tree nested thousands deep must not
/// exhaust the stack.
pub(super) const MAX_DEPTH: usize = 32;

/// The prefix of the folder `path`, or `None` when it is too deep.
fn folder(path: &str) -> Option<String> {
    (path.bytes().filter(|b| *b == b'/').count() <= MAX_DEPTH).then(|| format!("{path}/"))
}

fn find<'t>(t: &'t Tree, name: &[u8]) -> Option<TreeEntry<'t>> {
    std::str::from_utf8(name).ok().and_then(|n| t.get_name(n))
}

fn subtree<'r>(trees: &mut Trees<'r>, e: Option<&TreeEntry>) -> Result<Option<Tree<'r>>> {
    match e {
        Some(e) if e.kind() == Some(ObjectType::Tree) => Ok(Some(trees.get(e.id())?)),
        _ => Ok(None),
    }
}

fn join(prefix: &str, name: &[u8]) -> String {
    let mut s = String::with_capacity(prefix.len() + name.len());
    s.push_str(prefix);
    s.push_str(&String::from_utf8_lossy(name));
    s
}

/// Git's tree order: names compared bytewise, a folder's as if it ended in `/`.
fn git_order(a: &TreeEntry, b: &TreeEntry) -> Ordering {
    let (x, y) = (a.name_bytes(), b.name_bytes());
    let common = x.len().min(y.len());
    x[..common].cmp(&y[..common]).then_with(|| {
        let next = |n: &[u8], e: &TreeEntry| match n.get(common) {
            Some(c) => *c,
            None if e.kind() == Some(ObjectType::Tree) => b'/',
            None => 0,
        };
        next(x, a).cmp(&next(y, b))
    })
}

/// Tree lookups that keep the previous commit's trees at hand: libgit2
/// does not cache large trees, and in a mostly linear history a commit's
/// parent trees are the ones the previous commit just read.
struct Trees<'r> {
    git: &'r Repository,
    prev: HashMap<Oid, Tree<'r>>,
    cur: HashMap<Oid, Tree<'r>>,
}

impl<'r> Trees<'r> {
    fn new(git: &'r Repository) -> Self {
        Trees {
            git,
            prev: HashMap::new(),
            cur: HashMap::new(),
        }
    }

    fn get(&mut self, id: Oid) -> Result<Tree<'r>> {
        if let Some(t) = self.cur.get(&id) {
            return Ok(t.clone());
        }
        let t = match self.prev.remove(&id) {
            Some(t) => t,
            None => self
                .git
                .find_tree(id)
                .map_err(|e| Fatal::git_object(&e, "tree", id))?,
        };
        self.cur.insert(id, t.clone());
        Ok(t)
    }

    fn next_commit(&mut self) {
        self.prev = std::mem::take(&mut self.cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk turns off libgit2's hash check and object cache, process-wide
    /// settings; when it ends, a corrupt object must be refused again. Run
    /// in a child process of this test binary, so that no other test's walk
    /// runs meanwhile.
    #[test]
    fn libgit2_settings_are_restored_after_a_walk() {
        const CHILD: &str = "PACENOTE_TEST_WALK_SETTINGS_CHILD";
        if std::env::var_os(CHILD).is_none() {
            let exe = std::env::current_exe().expect("the test binary");
            let out = std::process::Command::new(exe)
                .args([
                    "--exact",
                    "history::walk::tests::libgit2_settings_are_restored_after_a_walk",
                    "--test-threads",
                    "1",
                    "--nocapture",
                ])
                .env(CHILD, "1")
                .output()
                .expect("the test binary runs");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && text.contains("1 passed"),
                "the child failed:\n{text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let git = Repository::init(dir.path()).expect("git init");
        // Two loose blobs; `a`'s file then holds `b`'s object.
        let a = git.blob(b"aaa\n").expect("blob a");
        let b = git.blob(b"bbb\n").expect("blob b");
        let file = |id: Oid| {
            let hex = id.to_string();
            dir.path()
                .join(".git/objects")
                .join(&hex[..2])
                .join(&hex[2..])
        };
        std::fs::remove_file(file(a)).expect("remove a");
        std::fs::copy(file(b), file(a)).expect("copy b over a");
        let corrupt_is_refused = || {
            let fresh = Repository::open(dir.path()).expect("opens");
            let refused = fresh.find_blob(a).is_err();
            refused
        };
        assert!(corrupt_is_refused(), "libgit2 checks hashes by default");
        // One commit with one entry.
        let entry = git.blob(b"date: 2026-01-02\n").expect("entry");
        let mut journal = git.treebuilder(None).expect("builder");
        journal.insert("a.yaml", entry, 0o100_644).expect("insert");
        let journal = journal.write().expect("journal tree");
        let mut root = git.treebuilder(None).expect("builder");
        root.insert("journal", journal, 0o040_000).expect("insert");
        let root = git
            .find_tree(root.write().expect("root"))
            .expect("root tree");
        let who = git2::Signature::new("A", "a@example.com", &git2::Time::new(1_767_355_200, 0))
            .expect("signature");
        let head = git
            .commit(None, &who, &who, "a", &root, &[])
            .expect("commit");

        let mut h = History::default();
        assert_eq!(extend(&git, &mut h, head, None, None).expect("walks"), 1);
        assert_eq!(h.records.len(), 1);
        assert!(corrupt_is_refused(), "the walk left the hash check off");
    }
}
