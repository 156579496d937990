//! The report cache: the last rendered report of a work tree in each
//! format, kept with a key naming everything it was computed from, so that
//! a report whose inputs did not change is read back instead of loading
//! every entry and the history and computing every figure again.
//!
//! One file per work tree and format, `pacenote/report-<work tree>-<format>.cache`
//! under the repository's common git directory, in the shared cache format
//! (`load::envelope`: a versioned header naming the build that wrote it, a
//! `postcard` body, a checksum). Its key holds:
//!
//! - the journal's fingerprint: a 128-bit hash over every entry file's path
//!   and stat data (size, mtime and ctime with nanoseconds, inode, mode), in
//!   the journal's order, as listed in this run (`load::repo::Listing`);
//! - the roadmap: where it came from (the repository's file, `--roadmap`,
//!   or the default) and a SHA-1 of its bytes;
//! - `HEAD`'s commit (the history is a function of it) and whether the
//!   repository is shallow;
//! - the local git user (the author of entries not committed yet);
//! - today, the as-of date, `--author`, and the rendering (the format, with
//!   `--max-chars` for markdown and colour for text).
//!
//! Only a report of the work tree with the caches on (no `--rev`, no
//! `--base`, no `--template`) is cached, and only when its journal lists
//! without any problem (a link, an unreadable folder, a journal over the
//! size limit) and the roadmap file reads cleanly. As with the entry cache,
//! a file modified in the same clock tick as the cache was written cannot be
//! told from an unchanged one: the cache is not used when an entry's mtime
//! is not before the cache file's own, and not written when an entry was
//! modified within `RACY_SECONDS` of the run. A torn, altered, truncated,
//! foreign or other build's file is ignored and rebuilt.

use super::{Report, ReportOptions, Workspace};
use crate::error::Result;
use crate::load::cache::{dir, racy_from};
use crate::load::envelope::{self, Format};
use crate::load::inputs::{self, Found};
use crate::load::repo::{Fingerprint, Stat};
use crate::model::date_serde;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The report cache's format: bump the version when a cached type changes.
const FORMAT: Format = Format {
    kind: *b"report\0\0",
    version: 2,
};

/// Larger files are neither read nor written.
const MAX_BYTES: u64 = 64 << 20;

/// How a report is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Rendering {
    /// Markdown within `max_chars` characters (`None`: no limit).
    Markdown {
        max_chars: Option<u64>,
    },
    Json,
    /// Plain text, with terminal colours when `color`.
    Text {
        color: bool,
    },
    Html,
}

impl Rendering {
    fn name(self) -> &'static str {
        match self {
            Rendering::Markdown { .. } => "markdown",
            Rendering::Json => "json",
            Rendering::Text { .. } => "text",
            Rendering::Html => "html",
        }
    }
}

/// A rendered report.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Rendered {
    pub output: String,
    /// Everyone who wrote an entry, sorted (`Report::authors`).
    pub authors: Vec<String>,
}

/// Everything a cached report was computed from (see the module).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Key {
    journal: [u64; 2],
    /// 0: the repository's roadmap file, 1: `--roadmap`, 2: the default.
    roadmap_from: u8,
    roadmap_path: String,
    #[serde(with = "envelope::oid")]
    roadmap: git2::Oid,
    #[serde(with = "envelope::oid::option")]
    head: Option<git2::Oid>,
    shallow: bool,
    user: String,
    #[serde(with = "date_serde")]
    today: Date,
    #[serde(with = "date_serde")]
    as_of: Date,
    author: Option<String>,
    rendering: Rendering,
}

/// The cache file of the work tree at `root` for `how`.
fn file(ws: &Workspace, root: &std::path::Path, how: Rendering) -> PathBuf {
    let id = envelope::checksum(root.as_os_str().as_encoded_bytes());
    dir(&ws.repo.git).join(format!("report-{id:016x}-{}.cache", how.name()))
}

/// The key of a report of `found` under `o`, and the journal's fingerprint;
/// `None` when the report is not one the cache keeps (see the module).
fn key_of(
    ws: &Workspace,
    o: &ReportOptions<'_>,
    found: &Found,
    how: Rendering,
) -> Option<(Key, Fingerprint)> {
    if !found.diags.is_empty() {
        return None;
    }
    let fingerprint = found.listing.fingerprint()?;
    let today = inputs::in_range("today", o.today.map_or_else(inputs::today, Ok).ok()?).ok()?;
    let as_of = inputs::in_range("--as-of", o.as_of.unwrap_or(today)).ok()?;
    let (roadmap_from, roadmap_path, bytes) = match (&ws.roadmap, &found.roadmap) {
        (Some(p), _) => {
            let f = inputs::read_override(p).ok()?;
            (1, f.path, f.bytes)
        }
        (None, Some(f)) => (0, f.path.clone(), f.bytes.clone()),
        (None, None) => (
            2,
            String::new(),
            crate::load::DEFAULT_ROADMAP_YAML.as_bytes().to_vec(),
        ),
    };
    let roadmap = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes).ok()?;
    let head = ws.repo.head_commit().ok()?.map(|c| c.id());
    let key = Key {
        journal: fingerprint.id,
        roadmap_from,
        roadmap_path,
        roadmap,
        head,
        shallow: ws.repo.git.is_shallow(),
        user: super::people::local_user(&ws.repo),
        today,
        as_of,
        author: o.author.map(str::to_string),
        rendering: how,
    };
    Some((key, fingerprint))
}

/// The cached report at `path` if it was written under `key` after every
/// entry file's last change (`newest`).
fn read(path: &std::path::Path, key: &Key, newest: (i64, u32)) -> Option<Rendered> {
    let (meta, bytes) = envelope::read_file(path, MAX_BYTES)?;
    if newest >= Stat::of(&meta).mtime {
        return None;
    }
    let (_, rendered): (Key, Rendered) = envelope::decode(&bytes, FORMAT, |k: &Key| k == key)?;
    Some(rendered)
}

/// A report rendered `how`, and the report it was computed from (`None`
/// when it came from the cache).
pub(crate) fn rendered(
    ws: &Workspace,
    o: &ReportOptions<'_>,
    how: Rendering,
) -> Result<(Rendered, Option<Report>)> {
    let render = |r: Report| -> Result<(Rendered, Option<Report>)> {
        let rendered = Rendered {
            output: r.render(how)?,
            authors: r.authors.clone(),
        };
        Ok((rendered, Some(r)))
    };
    let root = match ws.repo.workdir() {
        Some(root) if o.cache && o.rev.is_none() && o.base.is_none() => root.to_path_buf(),
        _ => return render(super::report::build(ws, o, None)?),
    };
    let found = inputs::find(&root)?;
    let Some((key, fingerprint)) = key_of(ws, o, &found, how) else {
        return render(super::report::build(ws, o, Some(found))?);
    };
    let path = file(ws, &root, how);
    if let Some(r) = read(&path, &key, fingerprint.newest) {
        return Ok((r, None));
    }
    let racy_from = racy_from(found.started);
    let (rendered, report) = render(super::report::build(ws, o, Some(found))?)?;
    if fingerprint.newest.0 < racy_from {
        if let Some(bytes) = envelope::encode(FORMAT, &key, &rendered) {
            envelope::write_file(&ws.repo.git, &path, &bytes, MAX_BYTES);
        }
    }
    Ok((rendered, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Key, Rendered) {
        let oid = |b: u8| git2::Oid::from_bytes(&[b; 20]).expect("an id");
        let key = Key {
            journal: [0x0101_0101_0101_0101; 2],
            roadmap_from: 0,
            roadmap_path: "roadmap.yaml".into(),
            roadmap: oid(2),
            head: Some(oid(3)),
            shallow: false,
            user: "Ada".into(),
            today: "2026-01-10".parse().expect("a date"),
            as_of: "2026-01-08".parse().expect("a date"),
            author: Some("Bea".into()),
            rendering: Rendering::Markdown {
                max_chars: Some(65_536),
            },
        };
        let rendered = Rendered {
            output: "# Report\n".into(),
            authors: vec!["Ada".into(), "Bea".into()],
        };
        (key, rendered)
    }

    /// The cached types' serialized form, pinned: a change to `Key`,
    /// `Rendering` or `Rendered` that moves these bytes must bump
    /// `FORMAT.version` (and then this test's expectation).
    #[test]
    fn the_format_version_moves_with_the_cached_types() {
        let (key, rendered) = sample();
        let bytes = envelope::encode(FORMAT, &key, &rendered).expect("encodes");
        assert_eq!(&bytes[..20], b"pacenotereport\0\0\x02\0\0\0");
        let key_and_body = postcard::to_allocvec(&(&key, &rendered)).expect("encodes");
        envelope::assert_pinned(&bytes, &key_and_body, PINNED);
        let back = envelope::decode(&bytes, FORMAT, |k: &Key| *k == key);
        assert_eq!(back, Some((key, rendered)));
    }

    const PINNED: &str = concat!(
        "8182848890a0c080018182848890a0c08001000c726f61646d61702e79616d6c",
        "1402020202020202020202020202020202020202020114030303030303030303",
        "03030303030303030303030003416461d41f010ad41f01080103426561000180",
        "80040923205265706f72740a020341646103426561",
    );
}
