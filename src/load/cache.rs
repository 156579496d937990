//! The entry cache: the loaded form of the journal entries of a work tree,
//! kept so that the next run reads and parses only the files that changed.
//!
//! One file per work tree, `pacenote/entries-<work tree>.cache` under the
//! repository's common git directory (next to the history cache). It holds,
//! for every entry that loaded without any diagnostic, its path, the file's
//! stat data (size, mtime and ctime with nanoseconds, inode, mode) and the
//! loaded entry, in the shared cache format (`load::envelope`: a versioned
//! header, a `postcard` body, a checksum). A file whose stat data is
//! unchanged is not read again; files that changed, new files and files with
//! diagnostics are read and parsed as always.
//!
//! The whole cache is ignored when its format or the build of pacenote that
//! wrote it differs, when the roadmap the entries were checked against
//! differs (ids are validated against it), or when today is earlier than the
//! day it was written (an entry is refused when dated in the future); a
//! torn, altered, truncated or foreign file is ignored and rebuilt. As in
//! git's "racy git" handling, a file modified in the same clock tick as the
//! cache was written cannot be told from an unchanged one by its stat data:
//! entries whose mtime is not before the cache file's own are read again,
//! and entries modified within `RACY_SECONDS` of a run are not stored by it.

use super::entry::LoadedEntry;
use super::envelope::{self, Format};
use crate::load::repo::Stat;
use crate::model::date_serde;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The entry cache's format: bump the version when a cached type changes.
const FORMAT: Format = Format {
    kind: *b"entries\0",
    version: 3,
};

/// Larger files are neither read nor written: about five million entries.
const MAX_BYTES: u64 = 1 << 30;

/// Entries modified this recently (before the run started) are not stored:
/// their stat data may not show a change made in the same timestamp tick
/// (two seconds covers filesystems with coarse timestamps).
pub(crate) const RACY_SECONDS: i64 = 2;

/// What the cached entries depend on besides their files.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Key {
    /// A checksum of the roadmap's bytes (the default roadmap's when the
    /// repository has none).
    pub roadmap: u64,
    /// The day the cache is written; it holds for this day and later.
    #[serde(with = "date_serde")]
    pub today: Date,
}

impl Key {
    pub(crate) fn new(roadmap_bytes: &[u8], today: Date) -> Key {
        Key {
            roadmap: envelope::checksum(roadmap_bytes),
            today,
        }
    }

    /// Whether a cache written under `self` holds under `now`: the same
    /// roadmap, written on `now`'s day or earlier.
    fn holds_under(&self, now: &Key) -> bool {
        self.roadmap == now.roadmap && self.today <= now.today
    }
}

/// The folder of pacenote's cache files (the entry cache here, the history
/// cache of `history::cache`): `pacenote/` under the common git directory.
pub(crate) fn dir(git: &git2::Repository) -> PathBuf {
    git.commondir().join("pacenote")
}

/// The cache file of the work tree at `workdir`.
pub(crate) fn file(git: &git2::Repository, workdir: &Path) -> PathBuf {
    let id = envelope::checksum(workdir.as_os_str().as_encoded_bytes());
    dir(git).join(format!("entries-{id:016x}.cache"))
}

/// One cached entry.
#[derive(Serialize, Deserialize)]
pub(crate) struct Cached {
    pub stat: Stat,
    pub entry: LoadedEntry,
}

/// The entries of a valid cache, answering by path and stat data.
pub(crate) struct Lookup {
    items: Vec<Option<Cached>>,
    /// The next item expected: the walk meets paths in the cache's order,
    /// so a map is built only once they disagree.
    cursor: usize,
    index: Option<HashMap<String, usize>>,
    /// The cache file's mtime: entries modified at or after it are racy.
    written: (i64, u32),
    /// How many entries were answered.
    pub hits: usize,
}

impl Lookup {
    /// The cached entry of `path` if its stat data is `stat` and it is not
    /// racily clean; each entry is answered at most once.
    pub(crate) fn take(&mut self, path: &str, stat: &Stat) -> Option<LoadedEntry> {
        let at = match self.items.get(self.cursor) {
            Some(Some(c)) if c.entry.entry.path == path => self.cursor,
            _ => {
                let items = &self.items;
                let index = self.index.get_or_insert_with(|| {
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| Some((c.as_ref()?.entry.entry.path.clone(), i)))
                        .collect()
                });
                *index.get(path)?
            }
        };
        self.cursor = at + 1;
        let c = self.items.get_mut(at)?;
        if !c.as_ref().is_some_and(|c| c.stat == *stat) || stat.mtime >= self.written {
            return None;
        }
        self.hits += 1;
        c.take().map(|c| c.entry)
    }

    /// How many entries the cache held.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

/// Reads the cache at `path` if it is valid for `key`.
pub(crate) fn open(path: &Path, key: &Key) -> Option<Lookup> {
    let (meta, bytes) = envelope::read_file(path, MAX_BYTES)?;
    let written = Stat::of(&meta).mtime;
    let items = decode(&bytes, key)?;
    Some(Lookup {
        items: items.into_iter().map(Some).collect(),
        cursor: 0,
        index: None,
        written,
        hits: 0,
    })
}

/// The seconds since the epoch from which files count as racy for a run
/// started at `started`.
pub(crate) fn racy_from(started: SystemTime) -> i64 {
    started
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        - RACY_SECONDS
}

/// Writes the cache atomically; entries modified since `racy_from` (seconds)
/// are left out. A failure only costs a later run time.
pub(crate) fn save<'a>(
    git: &git2::Repository,
    path: &Path,
    key: &Key,
    entries: impl IntoIterator<Item = (&'a LoadedEntry, &'a Stat)>,
    racy_from: i64,
) {
    let bytes = encode(
        key,
        entries.into_iter().filter(|(_, s)| s.mtime.0 < racy_from),
    );
    envelope::write_file(git, path, &bytes, MAX_BYTES);
}

/// The cache file's bytes: `entries` (corrections too) with their stat data.
pub(crate) fn encode<'a>(
    key: &Key,
    entries: impl IntoIterator<Item = (&'a LoadedEntry, &'a Stat)>,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Item<'a> {
        stat: &'a Stat,
        entry: &'a LoadedEntry,
    }
    let items: Vec<Item> = entries
        .into_iter()
        .map(|(entry, stat)| Item { stat, entry })
        .collect();
    envelope::encode(FORMAT, key, &items).unwrap_or_default()
}

/// The entries of a cache file valid for `key`: written by this build of
/// pacenote, for the same roadmap, on `key.today` or earlier.
pub(crate) fn decode(bytes: &[u8], key: &Key) -> Option<Vec<Cached>> {
    let (_, items): (Key, Vec<Cached>) =
        envelope::decode(bytes, FORMAT, |k: &Key| k.holds_under(key))?;
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::load::entry::Correction;
    use crate::model::{Entry, Kind, TargetRef};

    fn date(s: &str) -> Date {
        s.parse().expect("a date")
    }

    fn sample() -> (LoadedEntry, Stat) {
        let entry = LoadedEntry {
            entry: Entry {
                path: "journal/2026/01/08-a.yaml".into(),
                date: date("2026-01-08"),
                minutes: 45,
                summary: "Built the thing".into(),
                kind: Kind::Paper,
                skills: vec!["mcp".into(), "rag".into()],
                targets: vec![TargetRef {
                    id: "write-evals".into(),
                    amount: 2.5,
                    done: true,
                }],
                habits: vec!["weekly-reading".into()],
                evidence: vec!["https://example.com/pr/42".into()],
                author: Some("Alice".into()),
            },
            date_pos: Pos { line: 1, column: 7 },
            minutes_pos: Pos {
                line: 2,
                column: 10,
            },
            corrects: None,
        };
        let stat = Stat {
            size: 120,
            mtime: (1_767_873_600, 123_456_789),
            ctime: (1_767_873_601, 5),
            ino: 42,
            mode: 0o100644,
        };
        (entry, stat)
    }

    fn key() -> Key {
        Key::new(b"title: plan\n", date("2026-01-10"))
    }

    fn correction() -> (LoadedEntry, Stat) {
        let (mut e, mut s) = sample();
        e.entry.path = "journal/2026/01/09-fix.yaml".into();
        e.entry.minutes = 0;
        e.entry.author = None;
        e.corrects = Some(Correction {
            path: "journal/2026/01/08-a.yaml".into(),
            minutes: -15,
            pos: Pos { line: 3, column: 1 },
        });
        s.ino = 43;
        (e, s)
    }

    #[test]
    fn round_trips_entries_and_corrections() {
        let (e, s) = sample();
        let (f, t) = correction();
        let c = decode(&encode(&key(), [(&e, &s), (&f, &t)]), &key()).expect("decodes");
        assert_eq!(c.len(), 2);
        assert_eq!((&c[0].stat, &c[0].entry), (&s, &e));
        assert_eq!((&c[1].stat, &c[1].entry), (&t, &f));
    }

    /// The cached types' serialized form, pinned: a change to `Entry`,
    /// `LoadedEntry`, `Stat` or `Key` that moves these bytes must bump
    /// `FORMAT.version` (and then this test's expectation), so that no
    /// build reads a cache laid out by another.
    #[test]
    fn the_format_version_moves_with_the_cached_types() {
        let (e, s) = sample();
        let bytes = encode(&key(), [(&e, &s)]);
        assert_eq!(&bytes[..20], b"pacenoteentries\0\x03\0\0\0");
        // After the header's stamp (this build's version and commit) and
        // before the checksum: the key and the body.
        let key_and_body =
            postcard::to_allocvec(&(key(), vec![Cached { stat: s, entry: e }])).expect("encodes");
        crate::load::envelope::assert_pinned(&bytes, &key_and_body, PINNED);
    }

    const PINNED: &str = concat!(
        "c3dfaed8efded9b0af01d41f010a017880f1fc950d959aef3a82f1fc950d052a",
        "a48302196a6f75726e616c2f323032362f30312f30382d612e79616d6cd41f01",
        "082d0f4275696c7420746865207468696e670102036d637003726167010b7772",
        "6974652d6576616c73000000000000044001010e7765656b6c792d7265616469",
        "6e67011968747470733a2f2f6578616d706c652e636f6d2f70722f3432010541",
        "6c6963650107020a00",
    );

    /// An entry modified in the racy window's first second or later is not
    /// saved; one modified the second before it is.
    #[test]
    fn save_leaves_out_entries_of_the_racy_window() {
        let dir = tempfile::tempdir().expect("tempdir");
        let git = git2::Repository::init(dir.path()).expect("init");
        let path = git.commondir().join("pacenote").join("entries.cache");
        let (e, mut s) = sample();
        let (f, mut t) = correction();
        s.mtime.0 = 1_000;
        t.mtime.0 = 999;
        save(&git, &path, &key(), [(&e, &s), (&f, &t)], 1_000);
        let (_, bytes) = envelope::read_file(&path, MAX_BYTES).expect("written");
        let kept = decode(&bytes, &key()).expect("decodes");
        let paths: Vec<&str> = kept.iter().map(|c| c.entry.entry.path.as_str()).collect();
        assert_eq!(paths, [f.entry.path.as_str()]);
    }

    /// Paths met in the cache's order are answered without building the
    /// map of paths; one out of order builds it, and each entry is answered
    /// once.
    #[test]
    fn a_lookup_in_the_caches_order_needs_no_map() {
        let (e, s) = sample();
        let (f, t) = correction();
        let cached = || {
            [(&e, &s), (&f, &t)]
                .into_iter()
                .map(|(e, s)| {
                    Some(Cached {
                        stat: *s,
                        entry: e.clone(),
                    })
                })
                .collect()
        };
        let lookup = |items| Lookup {
            items,
            cursor: 0,
            index: None,
            written: (i64::MAX, 0),
            hits: 0,
        };
        let mut l = lookup(cached());
        assert!(l.take(&e.entry.path, &s).is_some());
        assert!(l.take(&f.entry.path, &t).is_some());
        assert!(l.index.is_none(), "in order: no map");
        assert_eq!(l.hits, 2);

        let mut l = lookup(cached());
        assert!(l.take(&f.entry.path, &t).is_some());
        assert!(l.take(&e.entry.path, &s).is_some());
        assert!(l.take(&e.entry.path, &s).is_none(), "answered once");
        assert!(l.index.is_some());
        assert_eq!(l.hits, 2);
    }

    #[test]
    fn holds_for_its_roadmap_from_the_day_written_on() {
        let (e, s) = sample();
        let bytes = encode(&key(), [(&e, &s)]);
        let later = Key {
            today: date("2026-02-01"),
            ..key()
        };
        assert!(decode(&bytes, &later).is_some());
        let earlier = Key {
            today: date("2026-01-09"),
            ..key()
        };
        assert!(decode(&bytes, &earlier).is_none());
        let other_plan = Key::new(b"title: other\n", date("2026-01-10"));
        assert!(decode(&bytes, &other_plan).is_none());
    }

    #[test]
    fn refuses_any_altered_truncated_or_extended_file() {
        let (e, s) = sample();
        let bytes = encode(&key(), [(&e, &s)]);
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            assert!(
                decode(&bad, &key()).is_none(),
                "byte {i} flipped and accepted"
            );
            assert!(decode(&bytes[..i], &key()).is_none(), "truncated at {i}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, &key()).is_none());
    }
}
