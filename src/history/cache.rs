//! The history cache: what a scan learned, saved under the repository's
//! git directory (the common one, so linked worktrees share it) so that the
//! next run reads only the commits made since.
//!
//! Each file, `pacenote/history-<tip>.cache`, holds the tip commit it was
//! computed for and the records and edits of every commit reachable from
//! it; everything in it is named by commit and blob ids, so it is a pure
//! function of the commit graph. The last few tips are kept, so that going
//! back and forth between branches does not read the whole history again.
//! A file is trusted only when its format version and checksum match and
//! its tip, the one its name gives, is a commit of this repository;
//! anything else (a torn write, a file from another repository, a tip lost
//! to a rebase and `gc`) is ignored and the history is read again.

use super::{local_date, Edit, EditKind, History, Record, RoadmapChange};
use crate::binfmt::{fnv1a, put_str, put_u32, Reader};
use git2::{Oid, Repository};
use std::collections::HashMap;
use std::path::PathBuf;

/// Version 2 adds the roadmap's changes (scope changes).
const MAGIC: &[u8; 8] = b"TMHIST\0\x02";

/// How many tips are kept (the most recently written).
pub const KEEP: usize = 4;

/// Larger files are not read: about ten million entries' worth.
const MAX_BYTES: u64 = 1 << 30;

/// The file of one tip.
pub fn file(git: &Repository, tip: Oid) -> PathBuf {
    crate::load::cache::dir(git).join(format!("history-{tip}.cache"))
}

/// A cached history and the tip it describes.
pub struct Cached {
    pub tip: Oid,
    pub history: History,
}

/// The cached history of `head`, else of its nearest cached ancestor (the
/// fewest commits away), else `None`.
pub fn find(git: &Repository, head: Oid) -> Option<Cached> {
    if let Some(c) = read(git, head) {
        return Some(c);
    }
    let mut ancestors: Vec<(usize, Oid)> = tips(git)
        .into_iter()
        .filter(|tip| *tip != head && git.find_commit(*tip).is_ok())
        .filter(|tip| git.merge_base(*tip, head).is_ok_and(|mb| mb == *tip))
        .filter_map(|tip| Some((git.graph_ahead_behind(head, tip).ok()?.0, tip)))
        .collect();
    ancestors.sort_unstable();
    ancestors.into_iter().find_map(|(_, tip)| read(git, tip))
}

/// The tips that have a cache file, most recently written first.
fn tips(git: &Repository) -> Vec<Oid> {
    let Ok(list) = std::fs::read_dir(crate::load::cache::dir(git)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, Oid)> = list
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let hex = name.strip_prefix("history-")?.strip_suffix(".cache")?;
            let tip = Oid::from_str(hex).ok().filter(|_| hex.len() == 40)?;
            Some((e.metadata().ok()?.modified().ok()?, tip))
        })
        .collect();
    found.sort_unstable_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, tip)| tip).collect()
}

/// Reads the file of `tip`, or `None` when it is missing, unreadable, too
/// large, invalid or about another tip.
fn read(git: &Repository, tip: Oid) -> Option<Cached> {
    let p = file(git, tip);
    let meta = std::fs::symlink_metadata(&p).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let cached = decode(&std::fs::read(p).ok()?)?;
    // A tip this repository does not know: a foreign or stale file.
    (cached.tip == tip && git.find_commit(tip).is_ok()).then_some(cached)
}

/// Saves the history of `tip` atomically and forgets all but the `KEEP`
/// most recent tips; a failure only costs a later run time.
pub fn save(git: &Repository, tip: Oid, h: &History) {
    if !crate::fsx::write_cache(git, &file(git, tip), &encode(tip, h)) {
        return;
    }
    for old in tips(git).into_iter().filter(|t| *t != tip).skip(KEEP - 1) {
        let _ = std::fs::remove_file(file(git, old));
    }
}

pub fn encode(tip: Oid, h: &History) -> Vec<u8> {
    let mut w = Vec::with_capacity(64 + h.records.len() * 96);
    w.extend_from_slice(MAGIC);
    w.extend_from_slice(tip.as_bytes());
    let mut authors: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    for r in h.records.values() {
        authors.entry(r.author.as_str()).or_insert_with(|| {
            names.push(r.author.as_str());
            (names.len() - 1) as u32
        });
    }
    put_u32(&mut w, names.len() as u32);
    for n in &names {
        put_str(&mut w, n);
    }
    let mut paths: Vec<&String> = h.records.keys().collect();
    paths.sort_unstable();
    put_u32(&mut w, paths.len() as u32);
    for p in paths {
        let r = &h.records[p];
        put_str(&mut w, p);
        w.extend_from_slice(r.commit.as_bytes());
        w.extend_from_slice(&r.time.to_le_bytes());
        w.extend_from_slice(&r.offset_minutes.to_le_bytes());
        put_u32(&mut w, authors[r.author.as_str()]);
        w.extend_from_slice(r.blob.as_bytes());
    }
    put_u32(&mut w, h.edits.len() as u32);
    for e in &h.edits {
        put_str(&mut w, &e.path);
        w.extend_from_slice(e.commit.as_bytes());
        w.extend_from_slice(&e.time.to_le_bytes());
        w.extend_from_slice(&e.offset_minutes.to_le_bytes());
        w.push(match e.kind {
            EditKind::Edited => 0,
            EditKind::Deleted => 1,
        });
    }
    put_u32(&mut w, h.roadmap_changes.len() as u32);
    for c in &h.roadmap_changes {
        w.extend_from_slice(c.commit.as_bytes());
        w.extend_from_slice(&c.time.to_le_bytes());
        w.extend_from_slice(&c.offset_minutes.to_le_bytes());
        for blob in [c.before, c.after] {
            match blob {
                None => w.push(0),
                Some(b) => {
                    w.push(1);
                    w.extend_from_slice(b.as_bytes());
                }
            }
        }
    }
    let sum = fnv1a(&w);
    w.extend_from_slice(&sum.to_le_bytes());
    w
}

pub fn decode(bytes: &[u8]) -> Option<Cached> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if fnv1a(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader::new(body);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let tip = r.oid()?;
    let n = r.count(4)?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(r.string()?);
    }
    let n = r.count(4 + 20 + 8 + 4 + 4 + 20)?;
    let mut records = HashMap::with_capacity(n);
    for _ in 0..n {
        let path = r.string()?;
        let commit = r.oid()?;
        let time = r.i64()?;
        let offset_minutes = r.i32()?;
        let author = names.get(r.u32()? as usize)?.clone();
        let blob = r.oid()?;
        let date = local_date(time, offset_minutes)?;
        let rec = Record {
            commit,
            time,
            offset_minutes,
            date,
            author,
            blob,
        };
        records.insert(path, rec);
    }
    let n = r.count(4 + 20 + 8 + 4 + 1)?;
    let mut edits = Vec::with_capacity(n);
    for _ in 0..n {
        let path = r.string()?;
        let commit = r.oid()?;
        let time = r.i64()?;
        let offset_minutes = r.i32()?;
        let kind = match r.take(1)?[0] {
            0 => EditKind::Edited,
            1 => EditKind::Deleted,
            _ => return None,
        };
        let date = local_date(time, offset_minutes)?;
        edits.push(Edit {
            path,
            commit,
            time,
            offset_minutes,
            date,
            kind,
        });
    }
    let n = r.count(20 + 8 + 4 + 2)?;
    let mut roadmap_changes = Vec::with_capacity(n);
    for _ in 0..n {
        let commit = r.oid()?;
        let time = r.i64()?;
        let offset_minutes = r.i32()?;
        let mut blob = || -> Option<Option<Oid>> {
            match r.take(1)?[0] {
                0 => Some(None),
                1 => Some(Some(r.oid()?)),
                _ => None,
            }
        };
        let before = blob()?;
        let after = blob()?;
        roadmap_changes.push(RoadmapChange {
            commit,
            time,
            offset_minutes,
            date: local_date(time, offset_minutes)?,
            before,
            after,
        });
    }
    if !r.is_empty() {
        return None;
    }
    Some(Cached {
        tip,
        history: History {
            records,
            edits,
            roadmap_changes,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> History {
        let oid = |b: u8| Oid::from_bytes(&[b; 20]).expect("oid");
        let mut h = History::default();
        h.records.insert(
            "journal/2026/01/08-a.yaml".into(),
            Record {
                commit: oid(1),
                time: 1_767_873_600,
                offset_minutes: -300,
                date: local_date(1_767_873_600, -300).expect("in range"),
                author: "Alice".into(),
                blob: oid(2),
            },
        );
        h.edits.push(Edit {
            path: "journal/2026/01/08-a.yaml".into(),
            commit: oid(3),
            time: 1_767_960_000,
            offset_minutes: 60,
            date: local_date(1_767_960_000, 60).expect("in range"),
            kind: EditKind::Deleted,
        });
        h.roadmap_changes.push(RoadmapChange {
            commit: oid(4),
            time: 1_767_960_100,
            offset_minutes: -60,
            date: local_date(1_767_960_100, -60).expect("a date"),
            before: None,
            after: Some(oid(5)),
        });
        h.roadmap_changes.push(RoadmapChange {
            commit: oid(6),
            time: 1_767_960_200,
            offset_minutes: 0,
            date: local_date(1_767_960_200, 0).expect("a date"),
            before: Some(oid(5)),
            after: Some(oid(7)),
        });
        h
    }

    #[test]
    fn round_trips() {
        let h = sample();
        let tip = Oid::from_bytes(&[9; 20]).expect("oid");
        let c = decode(&encode(tip, &h)).expect("decodes");
        assert_eq!(c.tip, tip);
        assert_eq!(c.history.records, h.records);
        assert_eq!(c.history.edits, h.edits);
        assert_eq!(c.history.roadmap_changes, h.roadmap_changes);
    }

    #[test]
    fn refuses_any_altered_truncated_or_extended_file() {
        let bytes = encode(Oid::from_bytes(&[9; 20]).expect("oid"), &sample());
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            assert!(
                decode(&bad).is_none(),
                "byte {i} flipped and still accepted"
            );
            assert!(
                decode(&bytes[..i]).is_none(),
                "truncated at {i} and accepted"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        assert!(decode(b"").is_none());
    }
}
