//! The history cache: what a scan learned, saved under the repository's
//! git directory (the common one, so linked worktrees share it) so that the
//! next run reads only the commits made since.
//!
//! Each file, `pacenote/history-<tip>.cache`, holds the tip commit it was
//! computed for and the records and edits of every commit reachable from
//! it; everything in it is named by commit and blob ids, so it is a pure
//! function of the commit graph. The last few tips are kept, so that going
//! back and forth between branches does not read the whole history again.
//! The file is in the shared cache format (`load::envelope`: a versioned
//! header, a `postcard` body, a checksum). It is trusted only when it was
//! written by this build of pacenote in this format, its checksum matches,
//! and its tip, the one its name gives, is a commit of this repository;
//! anything else (a torn write, a file from another repository or another
//! version, a tip lost to a rebase and `gc`) is ignored and the history is
//! read again.

use super::History;
use crate::load::envelope::{self, Format};
use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The history cache's format: bump the version when a cached type changes
/// (version 2 added the roadmap's changes; 3 is the first in `postcard`).
const FORMAT: Format = Format {
    kind: *b"history\0",
    version: 3,
};

/// The tip a file describes: its key.
#[derive(Serialize, Deserialize)]
struct Tip(#[serde(with = "envelope::oid")] Oid);

/// How many tips are kept (the most recently written).
pub const KEEP: usize = 4;

/// Larger files are neither read nor written: about ten million entries' worth.
const MAX_BYTES: u64 = 1 << 30;

/// The file of one tip.
pub(crate) fn file(git: &Repository, tip: Oid) -> PathBuf {
    crate::load::cache::dir(git).join(format!("history-{tip}.cache"))
}

/// A cached history and the tip it describes.
pub(crate) struct Cached {
    pub tip: Oid,
    pub history: History,
}

/// The cached history of `head`, else of its nearest cached ancestor (the
/// fewest commits away), else `None`.
pub(crate) fn find(git: &Repository, head: Oid) -> Option<Cached> {
    if let Some(c) = read(git, head) {
        return Some(c);
    }
    let mut ancestors: Vec<(usize, Oid)> = tips(git)
        .into_iter()
        // A tip git no longer has has no merge base either.
        .filter(|tip| *tip != head)
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
    let (_, bytes) = envelope::read_file(&file(git, tip), MAX_BYTES)?;
    let cached = decode(&bytes)?;
    // A tip this repository does not know: a foreign or stale file.
    (cached.tip == tip && git.find_commit(tip).is_ok()).then_some(cached)
}

/// Saves the history of `tip` atomically and forgets all but the `KEEP`
/// most recent tips; a failure only costs a later run time.
pub(crate) fn save(git: &Repository, tip: Oid, h: &History) {
    if !envelope::write_file(git, &file(git, tip), &encode(tip, h), MAX_BYTES) {
        return;
    }
    for old in tips(git).into_iter().filter(|t| *t != tip).skip(KEEP - 1) {
        let _ = std::fs::remove_file(file(git, old));
    }
}

/// The cache file's bytes: the history `h` of `tip`.
pub(crate) fn encode(tip: Oid, h: &History) -> Vec<u8> {
    envelope::encode(FORMAT, &Tip(tip), h).unwrap_or_default()
}

/// The tip and history of a cache file written by this build, or `None`.
pub(crate) fn decode(bytes: &[u8]) -> Option<Cached> {
    let (Tip(tip), history) = envelope::decode(bytes, FORMAT, |_: &Tip| true)?;
    Some(Cached { tip, history })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{local_date, Edit, EditKind, Record, RoadmapChange, Stamp};

    /// The commit `commit` made at `time` in the offset `offset_minutes`.
    fn stamp(commit: Oid, time: i64, offset_minutes: i32) -> Stamp {
        Stamp {
            commit,
            time,
            offset_minutes,
            date: local_date(time, offset_minutes).expect("in range"),
        }
    }

    fn sample() -> History {
        let oid = |b: u8| Oid::from_bytes(&[b; 20]).expect("oid");
        let mut h = History::default();
        h.records.insert(
            "journal/2026/01/08-a.yaml".into(),
            Record {
                at: stamp(oid(1), 1_767_873_600, -300),
                author: "Alice".into(),
                blob: oid(2),
            },
        );
        h.edits.push(Edit {
            path: "journal/2026/01/08-a.yaml".into(),
            at: stamp(oid(3), 1_767_960_000, 60),
            kind: EditKind::Deleted,
        });
        h.roadmap_changes.push(RoadmapChange {
            at: stamp(oid(4), 1_767_960_100, -60),
            before: None,
            after: Some(oid(5)),
        });
        h.roadmap_changes.push(RoadmapChange {
            at: stamp(oid(6), 1_767_960_200, 0),
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

    /// The cached types' serialized form, pinned: a change to `History`,
    /// `Record`, `Edit` or `RoadmapChange` that moves these bytes must bump
    /// `FORMAT.version` (and then this test's expectation), so that no
    /// build reads a cache laid out by another.
    #[test]
    fn the_format_version_moves_with_the_cached_types() {
        let h = sample();
        let tip = Oid::from_bytes(&[9; 20]).expect("oid");
        let bytes = encode(tip, &h);
        assert_eq!(&bytes[..20], b"pacenotehistory\0\x03\0\0\0");
        let key_and_body = postcard::to_allocvec(&(Tip(tip), &h)).expect("encodes");
        crate::load::envelope::assert_pinned(&bytes, &key_and_body, PINNED);
    }

    const PINNED: &str = concat!(
        "14090909090909090909090909090909090909090901196a6f75726e616c2f32",
        "3032362f30312f30382d612e79616d6c14010101010101010101010101010101",
        "010101010180f1fc950dd704d41f010805416c69636514020202020202020202",
        "020202020202020202020201196a6f75726e616c2f323032362f30312f30382d",
        "612e79616d6c14030303030303030303030303030303030303030380b787960d",
        "78d41f01090102140404040404040404040404040404040404040404c8b88796",
        "0d77d41f01090001140505050505050505050505050505050505050505140606",
        "06060606060606060606060606060606060690ba87960d00d41f010901140505",
        "0505050505050505050505050505050505050114070707070707070707070707",
        "0707070707070707",
    );

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
