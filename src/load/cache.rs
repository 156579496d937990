//! The entry cache: the loaded form of the journal entries of a work tree,
//! kept so that the next run reads and parses only the files that changed.
//!
//! One file per work tree, `pacenote/entries-<work tree>.cache` under the
//! repository's common git directory (next to the history cache). It holds,
//! for every entry that loaded without any diagnostic, its path, the file's
//! stat data (size, mtime and ctime with nanoseconds, inode, mode) and the
//! loaded entry. A file whose stat data is unchanged is not read again;
//! files that changed, new files and files with diagnostics are read and
//! parsed as always.
//!
//! The whole cache is ignored when its format or pacenote's version
//! differs, when the roadmap the entries were checked against differs (ids
//! are validated against it), or when today is earlier than the day it was
//! written (an entry is refused when dated in the future). A file is
//! trusted only when its checksum matches; a torn, altered or foreign file
//! is ignored and rebuilt. As in git's "racy git" handling, a file modified
//! in the same clock tick as the cache was written cannot be told from an
//! unchanged one by its stat data: entries whose mtime is not before the
//! cache file's own are read again, and entries modified within
//! `RACY_SECONDS` of a run are not stored by it.

use super::entry::LoadedEntry;
use crate::binfmt::{fnv1a, fnv1a_words, put_str, put_u32, Reader};
use crate::diag::Pos;
use crate::load::repo::Stat;
use crate::model::{Entry, Kind, TargetRef};
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const MAGIC: &[u8; 8] = b"TMENTR\0\x02";

/// Larger files are neither read nor written: about five million entries.
const MAX_BYTES: u64 = 1 << 30;

/// Entries modified this recently (before the run started) are not stored:
/// their stat data may not show a change made in the same timestamp tick
/// (two seconds covers filesystems with coarse timestamps).
pub const RACY_SECONDS: i64 = 2;

/// What the cached entries depend on besides their files.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key {
    /// A checksum of the roadmap's bytes (the default roadmap's when the
    /// repository has none).
    pub roadmap: u64,
    /// The day the cache is written; it holds for this day and later.
    pub today: Date,
}

impl Key {
    pub fn new(roadmap_bytes: &[u8], today: Date) -> Key {
        Key {
            roadmap: fnv1a(roadmap_bytes),
            today,
        }
    }
}

/// The folder of pacenote's cache files (the entry cache here, the history
/// cache of `history::cache`): `pacenote/` under the common git directory.
pub fn dir(git: &git2::Repository) -> PathBuf {
    git.commondir().join("pacenote")
}

/// The cache file of the work tree at `workdir`.
pub fn file(git: &git2::Repository, workdir: &Path) -> PathBuf {
    let id = fnv1a(workdir.as_os_str().as_encoded_bytes());
    dir(git).join(format!("entries-{id:016x}.cache"))
}

/// One cached entry.
pub struct Cached {
    pub stat: Stat,
    pub entry: LoadedEntry,
}

/// The entries of a valid cache, answering by path and stat data.
pub struct Lookup {
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
    pub fn take(&mut self, path: &str, stat: &Stat) -> Option<LoadedEntry> {
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
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Reads the cache at `path` if it is valid for `key`.
pub fn open(path: &Path, key: &Key) -> Option<Lookup> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let written = Stat::of(&meta).mtime;
    let items = decode(&std::fs::read(path).ok()?, key)?;
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
pub fn racy_from(started: SystemTime) -> i64 {
    started
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        - RACY_SECONDS
}

/// Writes the cache atomically; entries modified since `racy_from` (seconds)
/// are left out. A failure only costs a later run time.
pub fn save<'a>(
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
    if bytes.len() as u64 <= MAX_BYTES {
        crate::fsx::write_cache(git, path, &bytes);
    }
}

/// The format, pacenote's version, and the key: all must match.
fn header(key: &Key) -> Vec<u8> {
    let mut w = Vec::new();
    w.extend_from_slice(MAGIC);
    put_str(&mut w, env!("CARGO_PKG_VERSION"));
    w.extend_from_slice(&key.roadmap.to_le_bytes());
    put_date(&mut w, key.today);
    w
}

pub fn encode<'a>(
    key: &Key,
    entries: impl IntoIterator<Item = (&'a LoadedEntry, &'a Stat)>,
) -> Vec<u8> {
    let mut w = header(key);
    let count_at = w.len();
    put_u32(&mut w, 0);
    let mut n = 0u32;
    // Corrections are rare and carry more than the format holds: never cached.
    for (e, s) in entries.into_iter().filter(|(e, _)| e.corrects.is_none()) {
        n += 1;
        let x = &e.entry;
        put_str(&mut w, &x.path);
        w.extend_from_slice(&s.size.to_le_bytes());
        put_time(&mut w, s.mtime);
        put_time(&mut w, s.ctime);
        w.extend_from_slice(&s.ino.to_le_bytes());
        put_u32(&mut w, s.mode);
        put_date(&mut w, x.date);
        put_u32(&mut w, x.minutes);
        put_str(&mut w, &x.summary);
        w.push(Kind::ALL.iter().position(|k| *k == x.kind).unwrap_or(0) as u8);
        put_strs(&mut w, &x.skills);
        put_u32(&mut w, x.targets.len() as u32);
        for t in &x.targets {
            put_str(&mut w, &t.id);
            w.extend_from_slice(&t.amount.to_bits().to_le_bytes());
            w.push(u8::from(t.done));
        }
        put_strs(&mut w, &x.habits);
        put_strs(&mut w, &x.evidence);
        match &x.author {
            None => w.push(0),
            Some(a) => {
                w.push(1);
                put_str(&mut w, a);
            }
        }
        for p in [e.date_pos, e.minutes_pos] {
            put_u32(&mut w, p.line);
            put_u32(&mut w, p.column);
        }
    }
    w[count_at..count_at + 4].copy_from_slice(&n.to_le_bytes());
    let sum = fnv1a_words(&w);
    w.extend_from_slice(&sum.to_le_bytes());
    w
}

/// The entries of a cache file valid for `key`: the same format, version
/// and roadmap, written on `key.today` or earlier.
pub fn decode(bytes: &[u8], key: &Key) -> Option<Vec<Cached>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if fnv1a_words(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader::new(body);
    let mut expected = header(key);
    // Everything but the date must be equal; the date may be earlier.
    expected.truncate(expected.len() - 4);
    if r.take(expected.len())? != expected.as_slice() || r.date()? > key.today {
        return None;
    }
    // The smallest entry takes more than 64 bytes.
    let n = r.count(64)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let path = r.string()?;
        let stat = Stat {
            size: r.u64()?,
            mtime: time(&mut r)?,
            ctime: time(&mut r)?,
            ino: r.u64()?,
            mode: r.u32()?,
        };
        let date = r.date()?;
        let minutes = r.u32()?;
        let summary = r.string()?;
        let kind = *Kind::ALL.get(usize::from(r.u8()?))?;
        let skills = r.strings()?;
        let nt = r.count(4 + 8 + 1)?;
        let mut targets = Vec::with_capacity(nt);
        for _ in 0..nt {
            targets.push(TargetRef {
                id: r.string()?,
                amount: f64::from_bits(r.u64()?),
                done: r.bool()?,
            });
        }
        let habits = r.strings()?;
        let evidence = r.strings()?;
        let author = if r.bool()? { Some(r.string()?) } else { None };
        let date_pos = pos(&mut r)?;
        let minutes_pos = pos(&mut r)?;
        out.push(Cached {
            entry: LoadedEntry {
                entry: Entry {
                    path,
                    date,
                    minutes,
                    summary,
                    kind,
                    skills,
                    targets,
                    habits,
                    evidence,
                    author,
                },
                date_pos,
                minutes_pos,
                corrects: None,
            },
            stat,
        });
    }
    r.is_empty().then_some(out)
}

fn put_strs(w: &mut Vec<u8>, v: &[String]) {
    put_u32(w, v.len() as u32);
    for s in v {
        put_str(w, s);
    }
}

fn put_time(w: &mut Vec<u8>, (s, ns): (i64, u32)) {
    w.extend_from_slice(&s.to_le_bytes());
    put_u32(w, ns);
}

fn put_date(w: &mut Vec<u8>, d: Date) {
    w.extend_from_slice(&d.year().to_le_bytes());
    w.push(d.month() as u8);
    w.push(d.day() as u8);
}

fn time(r: &mut Reader) -> Option<(i64, u32)> {
    Some((r.i64()?, r.u32()?))
}

fn pos(r: &mut Reader) -> Option<Pos> {
    Some(Pos {
        line: r.u32()?,
        column: r.u32()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn round_trips() {
        let (e, s) = sample();
        let c = decode(&encode(&key(), [(&e, &s)]), &key()).expect("decodes");
        assert_eq!(c.len(), 1);
        assert_eq!((&c[0].stat, &c[0].entry), (&s, &e));
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
