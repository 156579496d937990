//! The entry cache (`load::cache`): a second run reads only the entry files
//! whose stat data changed, and every run loads what a full read loads.

use crate::harness::TestRepo;
use jiff::civil::Date;
use pacenote::internals::load::inputs::{self, Loaded};
use pacenote::internals::load::repo::Origin;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const A: &str = "journal/2026/01/02-a.yaml";
const B: &str = "journal/2026/01/03-b.yaml";
const C: &str = "journal/2026/01/04-c.yaml";

fn entry(date: &str, minutes: u32, summary: &str) -> String {
    format!("date: {date}\nminutes: {minutes}\nsummary: {summary}\n")
}

fn today() -> Date {
    "2026-01-10".parse().expect("a date")
}

/// Sets a file's mtime well in the past, as for files not touched lately
/// (a file modified within the last seconds is never cached).
fn age(r: &TestRepo, rel: &str, seconds_after_2026: u64) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600 + seconds_after_2026);
    std::fs::File::options()
        .write(true)
        .open(r.path().join(rel))
        .and_then(|f| f.set_modified(at))
        .expect("set mtime");
}

/// Writes an entry file and ages it.
fn put(r: &TestRepo, rel: &str, text: &str) {
    r.write(rel, text);
    age(r, rel, 0);
}

/// A load of the work tree with the cache (or without), and how many entry
/// files it read.
fn load_on(r: &TestRepo, day: Date, cache: bool) -> (Loaded, usize) {
    let repo = pacenote::internals::load::repo::open(r.path()).expect("opens");
    inputs::load_counted(&repo, &Origin::WorkTree, None, day, cache).expect("loads")
}

fn load(r: &TestRepo, cache: bool) -> (Loaded, usize) {
    load_on(r, today(), cache)
}

/// What a load yields, for comparing a cached load with a full one.
fn outcome(l: &Loaded) -> String {
    format!("{:?}\n{:?}\n{}", l.entries, l.diags, l.files)
}

/// Asserts that a cached load reads `n` files and yields what a full read does.
#[track_caller]
fn reads(r: &TestRepo, n: usize) -> Loaded {
    let (cached, read) = load(r, true);
    let (full, _) = load(r, false);
    assert_eq!(outcome(&cached), outcome(&full));
    assert_eq!(read, n, "entry files read");
    cached
}

fn cache_files(r: &TestRepo) -> Vec<PathBuf> {
    let Ok(list) = std::fs::read_dir(r.path().join(".git/pacenote")) else {
        return Vec::new();
    };
    list.flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("entries-"))
        })
        .collect()
}

fn three(r: &TestRepo) {
    put(r, A, &entry("2026-01-02", 30, "One"));
    put(r, B, &entry("2026-01-03", 40, "Two"));
    put(r, C, &entry("2026-01-04", 50, "Three"));
}

#[test]
fn a_second_run_reads_only_the_files_that_changed() {
    let r = TestRepo::new();
    three(&r);
    reads(&r, 3);
    assert_eq!(cache_files(&r).len(), 1);
    reads(&r, 0);
    // An edit is read again, even one that keeps the size.
    put(&r, B, &entry("2026-01-03", 41, "Two"));
    age(&r, B, 60);
    let l = reads(&r, 1);
    assert!(l.entries.iter().any(|e| e.entry.minutes == 41));
    reads(&r, 0);
    // A new file is read; a deleted one is gone.
    put(
        &r,
        "journal/2026/01/05-d.yaml",
        &entry("2026-01-05", 20, "Four"),
    );
    std::fs::remove_file(r.path().join(A)).expect("rm");
    let l = reads(&r, 1);
    assert_eq!(l.entries.len(), 3);
    reads(&r, 0);
    // The command line gives the same report with and without it.
    let args = ["report", "--format", "json"];
    let cached = r.tm(&args).expect(0).stdout();
    assert_eq!(
        r.tm(&["report", "--format", "json", "--no-cache"])
            .expect(0)
            .stdout(),
        cached
    );
}

#[test]
fn files_with_diagnostics_and_files_just_modified_are_always_read() {
    let r = TestRepo::new();
    three(&r);
    put(
        &r,
        "journal/2026/01/05-bad.yaml",
        &entry("2026-01-05", 0, "Zero"),
    );
    reads(&r, 4);
    let l = reads(&r, 1);
    assert!(l
        .diags
        .iter()
        .any(|d| d.code.as_str() == "entry/minutes-range"));
    // Modified just now: its stat data may not show a change made in the
    // same instant, so it is not trusted until it is older.
    r.write(C, &entry("2026-01-04", 51, "Three"));
    reads(&r, 2);
    reads(&r, 2);
    age(&r, C, 120);
    reads(&r, 2);
    reads(&r, 1);
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored_and_rebuilt() {
    let r = TestRepo::new();
    three(&r);
    reads(&r, 3);
    let file = cache_files(&r).pop().expect("a cache file");
    let mut bytes = std::fs::read(&file).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&file, &bytes).expect("write");
    age_path(&file);
    reads(&r, 3);
    reads(&r, 0);
    // Another work tree's cache under this one's name.
    let other = TestRepo::new();
    put(&other, A, &entry("2026-01-02", 99, "Elsewhere"));
    load(&other, true);
    std::fs::copy(cache_files(&other).pop().expect("a cache file"), &file).expect("copy");
    let l = reads(&r, 3);
    assert!(l.entries.iter().all(|e| e.entry.minutes != 99));
    // Garbage and an empty file.
    for junk in [&b""[..], b"TMENTR\0\x01 not a cache"] {
        std::fs::write(&file, junk).expect("write");
        reads(&r, 3);
    }
}

/// Gives a cache file written by a test an mtime after its entries'.
fn age_path(p: &Path) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600 + 3600);
    std::fs::File::options()
        .write(true)
        .open(p)
        .and_then(|f| f.set_modified(at))
        .expect("set mtime");
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let r = TestRepo::new();
    three(&r);
    assert_eq!(load(&r, false).1, 3);
    r.tm(&["report", "--no-cache"]).expect(0);
    assert!(cache_files(&r).is_empty());
    reads(&r, 3);
    assert_eq!(load(&r, false).1, 3);
}

/// The file's inode: the cache is written to a new file renamed over the
/// old one, so a new inode means it was written again.
#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).expect("the cache").ino()
}

#[cfg(unix)]
#[test]
fn the_cache_is_written_again_only_when_it_would_hold_something_else() {
    let r = TestRepo::new();
    three(&r);
    reads(&r, 3);
    let file = cache_files(&r).pop().expect("a cache file");
    let first = inode(&file);
    // Nothing changed: the cache is left as it is.
    reads(&r, 0);
    assert_eq!(
        inode(&file),
        first,
        "a run that read nothing new wrote the cache"
    );
    // An entry deleted, nothing new to read: the cache drops it.
    std::fs::remove_file(r.path().join(A)).expect("rm");
    reads(&r, 0);
    assert_ne!(inode(&file), first, "the cache still holds a deleted entry");
    let bytes = std::fs::read(&file).expect("the cache");
    let name = b"02-a.yaml";
    assert!(
        !bytes.windows(name.len()).any(|w| w == name),
        "the deleted entry's path is still in the cache"
    );
}

#[test]
fn a_changed_roadmap_or_an_earlier_today_reads_everything_again() {
    let r = TestRepo::new();
    let plan = pacenote::internals::load::DEFAULT_ROADMAP_YAML;
    r.write("roadmap.yaml", plan);
    three(&r);
    // Read in full, the count is of entry files: the roadmap is not one.
    assert_eq!(load(&r, false).1, 3);
    reads(&r, 3);
    reads(&r, 0);
    r.write("roadmap.yaml", &format!("{plan}\n# changed\n"));
    reads(&r, 3);
    reads(&r, 0);
    // A later day keeps the cache; an earlier one may make entries future.
    assert_eq!(load_on(&r, "2026-02-01".parse().expect("date"), true).1, 0);
    let (l, n) = load_on(&r, "2026-01-02".parse().expect("date"), true);
    assert_eq!(n, 3);
    assert!(l
        .diags
        .iter()
        .any(|d| d.code.as_str() == "entry/future-date"));
}

#[cfg(unix)]
#[test]
fn a_link_replacing_a_cached_file_is_reported_and_not_followed() {
    let r = TestRepo::new();
    three(&r);
    reads(&r, 3);
    std::fs::remove_file(r.path().join(B)).expect("rm");
    std::os::unix::fs::symlink(r.path().join(A), r.path().join(B)).expect("symlink");
    let l = reads(&r, 0);
    assert_eq!(l.entries.len(), 2);
    assert!(l
        .diags
        .iter()
        .any(|d| d.code.as_str() == "file/symlink" && d.file == B));
    r.tm(&["check"]).expect(1);
}

/// Entries load in the order of a walk sorted by file name, folders
/// visited where their names sort (not in the order of whole paths).
#[test]
fn entries_load_in_the_order_of_a_sorted_walk() {
    let r = TestRepo::new();
    for p in [
        "journal/a/2026-01-02-x.yaml",
        "journal/a.b/2026-01-03-y.yaml",
        "journal/a-c/2026-01-04-z.yaml",
        "journal/2026-01-05-w.yaml",
        "journal/B/2026-01-06-v.yml",
    ] {
        let date = &p[p.rfind('/').expect("a slash") + 1..][..10];
        put(&r, p, &entry(date, 30, "Here"));
    }
    let walked: Vec<String> = walkdir::WalkDir::new(r.path().join("journal"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(r.path()).expect("inside");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    for cache in [false, true, true] {
        let (l, _) = load(&r, cache);
        let loaded: Vec<&str> = l.entries.iter().map(|e| e.entry.path.as_str()).collect();
        assert_eq!(loaded, walked);
    }
}

/// A file's text is kept for its diagnostics only: the others' bytes are
/// freed once loaded (docs/limits.md, "Memory").
#[test]
fn only_the_files_with_diagnostics_keep_their_text() {
    let r = TestRepo::new();
    let broken = "date: 2026-01-03\nminutes: lots\nsummary: broken\n";
    put(&r, A, &entry("2026-01-02", 30, "fine"));
    put(&r, B, broken);
    put(&r, C, &entry("2026-01-04", 45, "fine too"));
    let (loaded, _) = load(&r, false);
    let mut kept: Vec<&str> = loaded.sources.keys().map(String::as_str).collect();
    kept.sort_unstable();
    assert_eq!(kept, [B]);
    assert_eq!(loaded.sources[B], broken);
}
