//! The walk: commits oldest first, comparing `journal/` tree ids and
//! descending only into the subtrees that differ from every parent, so a
//! commit that does not touch the journal costs one tree lookup and a
//! commit that adds one entry reads one path of trees. No blob is read.

use super::{commit_when, Edit, EditKind, History, Record, RoadmapChange};
use crate::error::Fatal;
use crate::error::Result;
use crate::load::is_entry_path;
use git2::{ObjectType, Oid, Repository, Sort, Tree};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

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
    let odb = git.odb()?;
    let mut trees = Trees::new(&odb);
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
        diff(
            &mut trees,
            tree.as_deref(),
            &ptrees,
            "journal/",
            &mut changes,
        )?;
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
    let odb = git.odb()?;
    let mut trees = Trees::new(&odb);
    let from = from.map(|id| trees.get(id)).transpose()?;
    let to = to.map(|id| trees.get(id)).transpose()?;
    let mut changes = Changes::default();
    diff_one(
        &mut trees,
        to.as_deref(),
        from.as_deref(),
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
    tree: Option<&RawTree>,
    parents: &[Option<Rc<RawTree<'_>>>],
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    if let [parent] = parents {
        return diff_one(trees, tree, parent.as_deref(), prefix, out);
    }
    // A merge: an entry is unchanged when it equals the same name in any
    // parent; added when no parent has a file of that name; removed when
    // every parent has it. Each parent's entries are looked up by name.
    let by_name = parents
        .iter()
        .map(|p| p.as_deref().map(RawTree::by_name).transpose())
        .collect::<Result<Vec<_>>>()?;
    let find = |k: usize, name: &[u8]| by_name[k].as_ref().and_then(|m| m.get(name).copied());
    if let Some(tree) = tree {
        for e in tree.entries() {
            let e = e?;
            let in_parents: Vec<Option<Entry>> =
                (0..parents.len()).map(|k| find(k, e.name)).collect();
            if in_parents.iter().flatten().any(|p| p.id == e.id) {
                continue;
            }
            let path = join(prefix, e.name);
            match e.kind() {
                Kind::Tree => {
                    let sub = trees.get(e.oid())?;
                    let psubs = in_parents
                        .iter()
                        .map(|p| subtree(trees, p.as_ref()))
                        .collect::<Result<Vec<_>>>()?;
                    if let Some(folder) = folder(&path) {
                        diff(trees, Some(&sub), &psubs, &folder, out)?;
                    }
                }
                Kind::Blob => {
                    let known = in_parents.iter().flatten().any(|p| p.kind() == Kind::Blob);
                    let list = if known {
                        &mut out.modified
                    } else {
                        &mut out.added
                    };
                    list.push((path, e.oid()));
                }
                Kind::Other => {}
            }
        }
    }
    let Some(Some(first)) = parents.first() else {
        return Ok(());
    };
    let in_tree = tree.map(RawTree::by_name).transpose()?;
    for e in first.entries() {
        let e = e?;
        if in_tree.as_ref().is_some_and(|t| t.contains_key(e.name)) {
            continue;
        }
        let everywhere = (0..parents.len()).all(|k| find(k, e.name).is_some());
        if everywhere {
            removed(trees, &e, prefix, out)?;
        }
    }
    Ok(())
}

/// The common case, one parent: a merge join of the two sorted entry lists.
/// The entries both trees share byte for byte before the first difference
/// are skipped without a look, and so is the rest once it is the same on
/// both sides (in a commit that adds one entry, all but that one).
fn diff_one(
    trees: &mut Trees<'_>,
    tree: Option<&RawTree>,
    parent: Option<&RawTree>,
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    let empty = RawTree::empty();
    let (ta, tb) = (tree.unwrap_or(&empty), parent.unwrap_or(&empty));
    let (a, b) = (ta.data(), tb.data());
    // Whole entries inside the common prefix are the same entries.
    let mut i = ta.entry_start(common_prefix(a, b))?;
    let mut j = i;
    loop {
        let x = (i < a.len()).then(|| ta.entry_at(i)).transpose()?;
        let y = (j < b.len()).then(|| tb.entry_at(j)).transpose()?;
        match (x, y) {
            (Some(x), Some(y)) if x.id == y.id && x.name == y.name => {
                i = x.end;
                j = y.end;
                continue;
            }
            (Some(x), Some(y)) => match git_order(&x, &y) {
                Ordering::Less => {
                    added(trees, &x, prefix, out)?;
                    i = x.end;
                }
                Ordering::Greater => {
                    removed(trees, &y, prefix, out)?;
                    j = y.end;
                }
                Ordering::Equal => {
                    changed(trees, &x, &y, prefix, out)?;
                    i = x.end;
                    j = y.end;
                }
            },
            (Some(x), None) => {
                added(trees, &x, prefix, out)?;
                i = x.end;
            }
            (None, Some(y)) => {
                removed(trees, &y, prefix, out)?;
                j = y.end;
            }
            (None, None) => break,
        }
        // After a difference, the rest is often the same on both sides.
        if a[i..] == b[j..] {
            break;
        }
    }
    Ok(())
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Block by block (a slice comparison is a `memcmp`), then byte by byte
    // inside the first block that differs.
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    for (k, (x, y)) in a[..n].chunks(BLOCK).zip(b[..n].chunks(BLOCK)).enumerate() {
        if x != y {
            return k * BLOCK + x.iter().zip(y).take_while(|(p, q)| p == q).count();
        }
    }
    n
}

/// An entry present on both sides with different ids.
fn changed(
    trees: &mut Trees<'_>,
    a: &Entry,
    b: &Entry,
    prefix: &str,
    out: &mut Changes,
) -> Result<()> {
    match (a.kind(), b.kind()) {
        (Kind::Tree, Kind::Tree) => {
            let path = join(prefix, a.name);
            let Some(folder) = folder(&path) else {
                return Ok(());
            };
            let (ta, tb) = (trees.get(a.oid())?, trees.get(b.oid())?);
            diff_one(trees, Some(&ta), Some(&tb), &folder, out)
        }
        (Kind::Blob, Kind::Blob) => {
            out.modified.push((join(prefix, a.name), a.oid()));
            Ok(())
        }
        // A file became a folder or the other way round.
        _ => {
            removed(trees, b, prefix, out)?;
            added(trees, a, prefix, out)
        }
    }
}

fn added(trees: &mut Trees<'_>, e: &Entry, prefix: &str, out: &mut Changes) -> Result<()> {
    let path = join(prefix, e.name);
    match e.kind() {
        Kind::Blob => out.added.push((path, e.oid())),
        Kind::Tree => {
            if let Some(folder) = folder(&path) {
                let t = trees.get(e.oid())?;
                diff_one(trees, Some(&t), None, &folder, out)?;
            }
        }
        Kind::Other => {}
    }
    Ok(())
}

fn removed(trees: &mut Trees<'_>, e: &Entry, prefix: &str, out: &mut Changes) -> Result<()> {
    let path = join(prefix, e.name);
    match e.kind() {
        Kind::Blob => out.deleted.push((path, e.oid())),
        Kind::Tree => {
            if let Some(folder) = folder(&path) {
                let t = trees.get(e.oid())?;
                diff_one(trees, None, Some(&t), &folder, out)?;
            }
        }
        Kind::Other => {}
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

fn subtree<'o>(trees: &mut Trees<'o>, e: Option<&Entry>) -> Result<Option<Rc<RawTree<'o>>>> {
    match e {
        Some(e) if e.kind() == Kind::Tree => Ok(Some(trees.get(e.oid())?)),
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
fn git_order(a: &Entry, b: &Entry) -> Ordering {
    let (x, y) = (a.name, b.name);
    let common = x.len().min(y.len());
    x[..common].cmp(&y[..common]).then_with(|| {
        let next = |n: &[u8], e: &Entry| match n.get(common) {
            Some(c) => *c,
            None if e.kind() == Kind::Tree => b'/',
            None => 0,
        };
        next(x, a).cmp(&next(y, b))
    })
}

/// What a tree entry names, from its mode (as libgit2 reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tree,
    Blob,
    /// A submodule's commit: not part of the journal.
    Other,
}

/// One entry of a tree object, borrowed from its bytes:
/// `<octal mode> SP <name> NUL <20-byte id>`.
#[derive(Clone, Copy, Debug)]
struct Entry<'t> {
    mode: u32,
    name: &'t [u8],
    id: &'t [u8],
    /// Where the next entry starts.
    end: usize,
}

impl Entry<'_> {
    fn kind(&self) -> Kind {
        match self.mode & 0o170_000 {
            0o040_000 => Kind::Tree,
            0o160_000 => Kind::Other,
            _ => Kind::Blob,
        }
    }

    fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).unwrap_or_else(|_| Oid::zero())
    }
}

/// A tree object's bytes, read from the object database and parsed lazily,
/// entry by entry, where the walk looks: libgit2's parse of a whole tree
/// (and a call per entry field) cost most of a walk.
struct RawTree<'o> {
    id: Oid,
    bytes: Option<git2::OdbObject<'o>>,
}

impl<'o> RawTree<'o> {
    fn empty() -> RawTree<'o> {
        RawTree {
            id: Oid::zero(),
            bytes: None,
        }
    }

    fn data(&self) -> &[u8] {
        self.bytes.as_ref().map_or(&[], git2::OdbObject::data)
    }

    /// The entry that starts at byte `at`; an error naming the tree when the
    /// bytes there are not one.
    fn entry_at(&self, at: usize) -> Result<Entry<'_>> {
        let data = self.data();
        let bad = |why: &str| {
            let e = git2::Error::new(
                git2::ErrorCode::GenericError,
                git2::ErrorClass::Tree,
                format!("failed to parse tree: {why}"),
            );
            Fatal::git_object(&e, "tree", self.id)
        };
        let rest = &data[at..];
        let space = rest
            .iter()
            .take(8)
            .position(|b| *b == b' ')
            .ok_or_else(|| bad("can't parse filemode"))?;
        let mut mode = 0u32;
        for d in &rest[..space] {
            if !(b'0'..=b'7').contains(d) {
                return Err(bad("can't parse filemode"));
            }
            mode = mode * 8 + u32::from(d - b'0');
        }
        if space == 0 || mode > 0xFFFF {
            return Err(bad("can't parse filemode"));
        }
        let name_at = space + 1;
        let nul = memchr::memchr(0, &rest[name_at..]).ok_or_else(|| bad("object is corrupted"))?
            + name_at;
        if nul - name_at > usize::from(u16::MAX) {
            return Err(bad("filename too long"));
        }
        let id = rest
            .get(nul + 1..nul + 21)
            .ok_or_else(|| bad("buffer too small"))?;
        Ok(Entry {
            mode,
            name: &rest[name_at..nul],
            id,
            end: at + nul + 21,
        })
    }

    /// Where the entry that holds byte `at` starts; the tree's length when
    /// `at` is its end.
    fn entry_start(&self, at: usize) -> Result<usize> {
        let mut start = 0;
        while start < at {
            let end = self.entry_at(start)?.end;
            if end > at {
                break;
            }
            start = end;
        }
        Ok(start)
    }

    fn entries(&self) -> impl Iterator<Item = Result<Entry<'_>>> {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= self.data().len() {
                return None;
            }
            let e = self.entry_at(at);
            at = match &e {
                Ok(e) => e.end,
                Err(_) => usize::MAX,
            };
            Some(e)
        })
    }

    /// The entries by name (for merges, which look names up in each parent).
    fn by_name(&self) -> Result<HashMap<&[u8], Entry<'_>>> {
        self.entries().map(|e| e.map(|e| (e.name, e))).collect()
    }
}

/// Tree lookups that keep the previous commit's trees at hand: libgit2
/// does not cache large trees, and in a mostly linear history a commit's
/// parent trees are the ones the previous commit just read.
struct Trees<'o> {
    odb: &'o git2::Odb<'o>,
    prev: HashMap<Oid, Rc<RawTree<'o>>>,
    cur: HashMap<Oid, Rc<RawTree<'o>>>,
}

impl<'o> Trees<'o> {
    fn new(odb: &'o git2::Odb<'o>) -> Self {
        Trees {
            odb,
            prev: HashMap::new(),
            cur: HashMap::new(),
        }
    }

    fn get(&mut self, id: Oid) -> Result<Rc<RawTree<'o>>> {
        if let Some(t) = self.cur.get(&id) {
            return Ok(Rc::clone(t));
        }
        let t = match self.prev.remove(&id) {
            Some(t) => t,
            None => Rc::new(self.read(id)?),
        };
        self.cur.insert(id, Rc::clone(&t));
        Ok(t)
    }

    fn read(&self, id: Oid) -> Result<RawTree<'o>> {
        let object = self
            .odb
            .read(id)
            .map_err(|e| Fatal::git_object(&e, "tree", id))?;
        if object.kind() != ObjectType::Tree {
            let e = git2::Error::new(
                git2::ErrorCode::NotFound,
                git2::ErrorClass::Invalid,
                "the requested type does not match the type in the ODB",
            );
            return Err(Fatal::git_object(&e, "tree", id));
        }
        Ok(RawTree {
            id,
            bytes: Some(object),
        })
    }

    fn next_commit(&mut self) {
        self.prev = std::mem::take(&mut self.cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trees read for one commit are kept for the next (its parent's
    /// are its child's), and no longer: memory stays that of two commits.
    #[test]
    fn trees_are_kept_one_commit_then_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = git2::Repository::init(dir.path()).expect("init");
        let ids: Vec<Oid> = (0..3)
            .map(|i| {
                let blob = repo.blob(format!("{i}\n").as_bytes()).expect("blob");
                let mut b = repo.treebuilder(None).expect("builder");
                b.insert("f.yaml", blob, 0o100_644).expect("insert");
                b.write().expect("tree")
            })
            .collect();
        let odb = repo.odb().expect("odb");
        let mut trees = Trees::new(&odb);
        for id in &ids {
            trees.get(*id).expect("a tree");
            trees.next_commit();
        }
        assert_eq!((trees.prev.len(), trees.cur.len()), (1, 0));
        assert!(trees.prev.contains_key(&ids[2]));
    }

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

    /// A repository in a temporary folder, for trees written byte by byte.
    fn scratch() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let git = Repository::init(dir.path()).expect("git init");
        (dir, git)
    }

    /// A tree object's bytes: `(mode, name, id)` in the order given.
    fn tree_bytes(entries: &[(&str, &[u8], Oid)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, id) in entries {
            out.extend_from_slice(mode.as_bytes());
            out.push(b' ');
            out.extend_from_slice(name);
            out.push(0);
            out.extend_from_slice(id.as_bytes());
        }
        out
    }

    fn write_tree(git: &Repository, bytes: &[u8]) -> Oid {
        git.odb()
            .expect("odb")
            .write(ObjectType::Tree, bytes)
            .expect("tree written")
    }

    /// What `diff_one` finds from `old` to `new`, as "A path", "M path" and
    /// "D path" lines in that order.
    fn changes(git: &Repository, new: Option<Oid>, old: Option<Oid>) -> Result<Vec<String>> {
        let odb = git.odb().expect("odb");
        let mut trees = Trees::new(&odb);
        let a = new.map(|id| trees.get(id)).transpose()?;
        let b = old.map(|id| trees.get(id)).transpose()?;
        let mut out = Changes::default();
        diff_one(&mut trees, a.as_deref(), b.as_deref(), "journal/", &mut out)?;
        let lines = |tag: &str, list: &[(String, Oid)]| {
            list.iter()
                .map(|(p, _)| format!("{tag} {p}"))
                .collect::<Vec<_>>()
        };
        Ok([
            lines("A", &out.added),
            lines("M", &out.modified),
            lines("D", &out.deleted),
        ]
        .concat())
    }

    /// Files of one folder: names and blobs.
    type Named = Vec<(String, Oid)>;

    /// `n` entry files `NNN-entry.yaml`, each with its own blob.
    fn many(git: &Repository, n: usize) -> Named {
        (0..n)
            .map(|i| {
                let blob = git
                    .blob(format!("date: 2026-01-01\nminutes: {i}\n").as_bytes())
                    .expect("blob");
                (format!("{i:03}-entry.yaml"), blob)
            })
            .collect()
    }

    fn tree_of_files(git: &Repository, files: &[(String, Oid)]) -> Oid {
        let entries: Vec<(&str, &[u8], Oid)> = files
            .iter()
            .map(|(n, id)| ("100644", n.as_bytes(), *id))
            .collect();
        write_tree(git, &tree_bytes(&entries))
    }

    #[test]
    fn entries_are_read_with_their_mode_name_and_id() {
        let (_dir, git) = scratch();
        let blob = git.blob(b"x").expect("blob");
        let bytes = tree_bytes(&[
            ("100644", b"a.yaml", blob),
            ("100755", b"b.sh", blob),
            ("120000", b"link", blob),
            ("160000", b"module", blob),
            ("40000", b"sub", blob),
        ]);
        let id = write_tree(&git, &bytes);
        let odb = git.odb().expect("odb");
        let mut trees = Trees::new(&odb);
        let t = trees.get(id).expect("a tree");
        let read: Vec<(u32, String, Oid, Kind, usize)> = t
            .entries()
            .map(|e| {
                let e = e.expect("well formed");
                (
                    e.mode,
                    String::from_utf8_lossy(e.name).into_owned(),
                    e.oid(),
                    e.kind(),
                    e.end,
                )
            })
            .collect();
        let name = |s: &str| s.to_string();
        assert_eq!(
            read,
            vec![
                (0o100_644, name("a.yaml"), blob, Kind::Blob, 34),
                (0o100_755, name("b.sh"), blob, Kind::Blob, 66),
                (0o120_000, name("link"), blob, Kind::Blob, 98),
                (0o160_000, name("module"), blob, Kind::Other, 132),
                (0o040_000, name("sub"), blob, Kind::Tree, 162),
            ]
        );
        assert_eq!(bytes.len(), 162);
        // The same object twice is one read, shared.
        assert!(Rc::ptr_eq(&t, &trees.get(id).expect("again")));
        // Which entry holds a byte.
        let starts: Vec<usize> = [0, 1, 33, 34, 35, 65, 66, 161, 162]
            .iter()
            .map(|at| t.entry_start(*at).expect("well formed"))
            .collect();
        assert_eq!(starts, [0, 0, 0, 34, 34, 34, 66, 132, 162]);
    }

    #[test]
    fn a_malformed_tree_is_an_error_naming_it() {
        let (_dir, git) = scratch();
        let id = [7u8; 20];
        let entry = |mode: &[u8], name: &[u8], idlen: usize| {
            [mode, b" ", name, b"\0", &id[..idlen]].concat()
        };
        let long = vec![b'n'; 65_536];
        let cases: Vec<(Vec<u8>, Option<&str>)> = vec![
            (entry(b"100644", b"a", 20), None),
            // The largest mode libgit2 reads, and one more.
            (entry(b"177777", b"a", 20), None),
            (entry(b"200000", b"a", 20), Some("can't parse filemode")),
            (entry(b"1234567", b"a", 20), Some("can't parse filemode")),
            (entry(b"12345678", b"a", 20), Some("can't parse filemode")),
            (entry(b"10064x", b"a", 20), Some("can't parse filemode")),
            (entry(b"100648", b"a", 20), Some("can't parse filemode")),
            (entry(b"", b"a", 20), Some("can't parse filemode")),
            (b"100644 a".to_vec(), Some("object is corrupted")),
            (entry(b"100644", b"a", 19), Some("buffer too small")),
            (entry(b"100644", &long[1..], 20), None),
            (entry(b"100644", &long, 20), Some("filename too long")),
            // A good entry, then a bad one.
            (
                [entry(b"100644", b"a", 20), b"100644 b\0".to_vec()].concat(),
                Some("buffer too small"),
            ),
        ];
        for (bytes, want) in cases {
            let tree = write_tree(&git, &bytes);
            let odb = git.odb().expect("odb");
            let mut trees = Trees::new(&odb);
            let t = trees.get(tree).expect("read as bytes");
            let got: Result<Vec<_>> = t.entries().collect();
            match (got, want) {
                (Ok(entries), None) => assert_eq!(entries.last().map(|e| e.end), Some(bytes.len())),
                (Err(e), Some(why)) => {
                    let text = e.to_string();
                    assert!(
                        text.contains(&format!("tree {tree}")) && text.contains(why),
                        "{text}"
                    );
                    assert!(format!("{e:?}").contains("git fsck"), "{e:?}");
                }
                (got, want) => panic!(
                    "{:?}: got {:?}, wanted {want:?}",
                    String::from_utf8_lossy(&bytes[..bytes.len().min(20)]),
                    got.map(|v| v.len()).map_err(|e| e.to_string())
                ),
            }
        }
    }

    #[test]
    fn an_id_that_is_not_a_tree_is_refused() {
        let (_dir, git) = scratch();
        let blob = git.blob(b"100644 a\0").expect("blob");
        let odb = git.odb().expect("odb");
        let err = Trees::new(&odb)
            .get(blob)
            .err()
            .expect("a blob is no tree")
            .to_string();
        assert_eq!(
            err,
            format!("cannot read the tree {blob}: the requested type does not match the type in the ODB")
        );
    }

    #[test]
    fn the_common_prefix_is_counted_byte_for_byte() {
        let naive = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        for len in [0, 1, 255, 256, 257, 511, 512, 513, 700] {
            let a: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            for at in [0, 1, 100, 255, 256, 257, 300, 511, 512, 600, 699] {
                if at >= len {
                    continue;
                }
                let mut b = a.clone();
                b[at] ^= 0xFF;
                assert_eq!(common_prefix(&a, &b), at, "len {len}, differing at {at}");
                assert_eq!(common_prefix(&a, &b), naive(&a, &b));
            }
            for cut in [0, 1, len / 2, len].into_iter().filter(|c| *c <= len) {
                assert_eq!(common_prefix(&a, &a[..cut]), cut, "len {len}, cut at {cut}");
                assert_eq!(common_prefix(&a[..cut], &a), cut);
            }
        }
    }

    #[test]
    fn a_large_folder_shows_exactly_what_changed() {
        let (_dir, git) = scratch();
        let files = many(&git, 300);
        let old = tree_of_files(&git, &files);
        let with = |edit: &dyn Fn(&mut Named)| {
            let mut f = files.clone();
            edit(&mut f);
            tree_of_files(&git, &f)
        };
        let other = git.blob(b"other").expect("blob");
        let lines = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        let cases: Vec<(Oid, Vec<String>)> = vec![
            (old, vec![]),
            (
                with(&|f| f.insert(150, ("149-more.yaml".into(), other))),
                lines(&["A journal/149-more.yaml"]),
            ),
            (
                with(&|f| {
                    f.remove(150);
                }),
                lines(&["D journal/150-entry.yaml"]),
            ),
            (
                with(&|f| f[150].1 = other),
                lines(&["M journal/150-entry.yaml"]),
            ),
            (
                with(&|f| {
                    f[0].1 = other;
                    f[299].1 = other;
                }),
                lines(&["M journal/000-entry.yaml", "M journal/299-entry.yaml"]),
            ),
            (
                with(&|f| {
                    f[10].1 = other;
                    f.remove(200);
                    f.push(("999-last.yaml".into(), other));
                }),
                lines(&[
                    "A journal/999-last.yaml",
                    "M journal/010-entry.yaml",
                    "D journal/200-entry.yaml",
                ]),
            ),
            (
                // A rename: the same content under a new name.
                with(&|f| f[5].0 = "005-renamed.yaml".into()),
                lines(&["A journal/005-renamed.yaml", "D journal/005-entry.yaml"]),
            ),
        ];
        for (new, want) in cases {
            assert_eq!(changes(&git, Some(new), Some(old)).expect("diffs"), want);
        }
        assert_eq!(
            changes(&git, None, Some(old)).expect("diffs").len(),
            300,
            "a folder removed: every file deleted"
        );
        assert_eq!(changes(&git, Some(old), None).expect("diffs").len(), 300);
    }

    #[test]
    fn folders_files_and_modules_of_the_same_name_are_told_apart() {
        let (_dir, git) = scratch();
        let one = git.blob(b"one").expect("blob");
        let two = git.blob(b"two").expect("blob");
        let inner = write_tree(&git, &tree_bytes(&[("100644", b"in.yaml", one)]));
        let tree = |entries: &[(&str, &[u8], Oid)]| Some(write_tree(&git, &tree_bytes(entries)));
        // Git's order: the file `x` < the file `x.yaml` < the folder `x` (as `x/`).
        let base = tree(&[("100644", b"x", one), ("100644", b"x.yaml", two)]);
        let cases: Vec<(Option<Oid>, Vec<&str>)> = vec![
            (
                tree(&[
                    ("100644", b"x", one),
                    ("100644", b"x.yaml", two),
                    ("40000", b"x", inner),
                ]),
                vec!["A journal/x/in.yaml"],
            ),
            (
                tree(&[("100644", b"x.yaml", two), ("40000", b"x", inner)]),
                vec!["A journal/x/in.yaml", "D journal/x"],
            ),
            (
                tree(&[("40000", b"w", inner), ("100644", b"x.yaml", two)]),
                vec!["A journal/w/in.yaml", "D journal/x"],
            ),
            // A mode alone is no change; a module is not part of the journal.
            (
                tree(&[("100755", b"x", one), ("100644", b"x.yaml", two)]),
                vec![],
            ),
            (
                tree(&[
                    ("100644", b"x", one),
                    ("100644", b"x.yaml", two),
                    ("160000", b"z", one),
                ]),
                vec![],
            ),
        ];
        for (new, want) in cases {
            assert_eq!(changes(&git, new, base).expect("diffs"), want);
        }
        // A file that becomes a folder of the same name, and back.
        let file = tree(&[("100644", b"x", one)]);
        let folder = tree(&[("40000", b"x", inner)]);
        assert_eq!(
            changes(&git, folder, file).expect("diffs"),
            vec!["A journal/x/in.yaml", "D journal/x"]
        );
        assert_eq!(
            changes(&git, file, folder).expect("diffs"),
            vec!["A journal/x", "D journal/x/in.yaml"]
        );
        // A folder whose content changed is read inside; a module's is not.
        let inner2 = write_tree(&git, &tree_bytes(&[("100644", b"in.yaml", two)]));
        assert_eq!(
            changes(&git, tree(&[("40000", b"x", inner2)]), folder).expect("diffs"),
            vec!["M journal/x/in.yaml"]
        );
        assert_eq!(
            changes(
                &git,
                tree(&[("160000", b"x", two)]),
                tree(&[("160000", b"x", one)])
            )
            .expect("diffs"),
            Vec::<String>::new()
        );
    }
}
