//! Loading a whole run's input: the roadmap (the repository's, a `--roadmap`
//! file, or the embedded default) and every journal entry, with diagnostics.

use crate::diag::{Diagnostic, Severity};
use crate::error::{Fatal, Result};
use crate::load::repo::{self, Files, Origin, Repo, Stat};
use crate::load::{self, cache, entry::EntryContext, entry::LoadedEntry, SourceFile};
use crate::model::Roadmap;
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the roadmap came from.
#[derive(Clone, Debug, PartialEq)]
pub enum RoadmapSource {
    /// The repository's `roadmap.yaml`.
    File(String),
    /// A `--roadmap FILE` given on the command line.
    Override(PathBuf),
    /// The embedded default.
    Default,
}

pub struct Loaded {
    pub roadmap: Roadmap,
    pub roadmap_source: RoadmapSource,
    /// False when the roadmap has errors (then `roadmap` is the default,
    /// used only to check the entries' structure).
    pub roadmap_ok: bool,
    pub entries: Vec<LoadedEntry>,
    pub diags: Vec<Diagnostic>,
    /// File texts by path, for showing source lines under diagnostics.
    pub sources: HashMap<String, String>,
    pub files: usize,
}

impl Loaded {
    /// The file the roadmap was read from, as diagnostics name it; `None`
    /// for the embedded default.
    pub fn roadmap_file(&self) -> Option<String> {
        match &self.roadmap_source {
            RoadmapSource::File(p) => Some(p.clone()),
            RoadmapSource::Override(p) => Some(p.display().to_string()),
            RoadmapSource::Default => None,
        }
    }

    pub fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Today's date: `PACENOTE_TODAY` (YYYY-MM-DD) when set, else the local date.
/// It must lie within the dates pacenote counts (1970-01-01 to 2199-12-31),
/// as every figure is computed day by day up to it.
pub(crate) fn today() -> Result<Date> {
    let d = match std::env::var("PACENOTE_TODAY") {
        Ok(v) => load::fields::parse_date(&v)
            .map_err(|why| Fatal::new(format!("PACENOTE_TODAY is not a date: `{v}` ({why})")))?,
        Err(_) => jiff::Zoned::now().date(),
    };
    in_range("today", d)
}

/// `d` when pacenote counts it, else an error naming `what` and the range.
pub(crate) fn in_range(what: &str, d: Date) -> Result<Date> {
    use load::roadmap::{FIRST_DATE, LAST_DATE};
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        return Ok(d);
    }
    Err(
        Fatal::new(format!("{what} {d} is outside the dates pacenote counts ({FIRST_DATE} to {LAST_DATE})"))
            .hint("figures are computed day by day up to it; give a date in that range (set PACENOTE_TODAY or --as-of)"),
    )
}

/// Reads `--roadmap FILE` (relative to the current directory).
pub(crate) fn read_override(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).map_err(|e| {
        Fatal::new(format!("cannot read the roadmap {}: {e}", path.display())).io(path, e)
    })?;
    Ok(SourceFile {
        path: path.display().to_string(),
        bytes,
    })
}

/// Loads the roadmap and entries of `files`.
pub(crate) fn load_files(
    mut files: Files,
    roadmap_override: Option<&Path>,
    today: Date,
    mut diags: Vec<Diagnostic>,
) -> Result<Loaded> {
    let mut sources = HashMap::new();
    let plan = load_plan(
        files.roadmap.take(),
        roadmap_override,
        &mut diags,
        &mut sources,
    )?;
    let (loaded, _) = load_entries(files, plan, today, diags, sources);
    Ok(loaded)
}

/// The roadmap a run checks entries against.
struct Plan {
    roadmap: Roadmap,
    source: RoadmapSource,
    ok: bool,
    /// The bytes it was read from (the embedded default's when none).
    bytes: Vec<u8>,
    /// Files read for it (0 or 1).
    files: usize,
}

/// A file's text for its diagnostics, made from its bytes without copying
/// them when they are UTF-8 (as a loaded entry's are): a journal of large
/// files with errors is then held once, not twice (docs/limits.md).
fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Loads the roadmap: `--roadmap`, else the repository's, else the default.
fn load_plan(
    file: Option<SourceFile>,
    roadmap_override: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
    sources: &mut HashMap<String, String>,
) -> Result<Plan> {
    let (file, source) = match roadmap_override {
        Some(p) => (
            Some(read_override(p)?),
            RoadmapSource::Override(p.to_path_buf()),
        ),
        None => match file {
            Some(f) => {
                let path = f.path.clone();
                (Some(f), RoadmapSource::File(path))
            }
            None => (None, RoadmapSource::Default),
        },
    };
    Ok(match file {
        None => Plan {
            roadmap: load::default_roadmap(),
            source,
            ok: true,
            bytes: load::DEFAULT_ROADMAP_YAML.as_bytes().to_vec(),
            files: 0,
        },
        Some(f) => {
            sources.insert(
                f.path.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            );
            let (roadmap, ok) = match load::load_roadmap(&f.path, &f.bytes, diags) {
                Some(r) => (r, true),
                None => (load::default_roadmap(), false),
            };
            Plan {
                roadmap,
                source,
                ok,
                bytes: f.bytes,
                files: 1,
            }
        }
    })
}

/// Loads the entries of `files` (those read, and those `kept` from the
/// entry cache, in the journal's order). Returns with them the stat data of
/// each entry that loaded without any diagnostic from a work-tree read.
fn load_entries(
    files: Files,
    plan: Plan,
    today: Date,
    mut diags: Vec<Diagnostic>,
    mut sources: HashMap<String, String>,
) -> (Loaded, Vec<Option<Stat>>) {
    let mut n = plan.files;
    let mut entries = Vec::new();
    let mut stats = Vec::new();
    {
        let ctx = EntryContext {
            roadmap: &plan.roadmap,
            today,
            check_ids: plan.ok,
        };
        let mut kept = files.kept.into_iter().peekable();
        // By value: a file's bytes are freed once it is loaded, or handed
        // over to `sources` when it has diagnostics (never copied).
        for (i, f) in files.entries.into_iter().enumerate() {
            while let Some((_, e, s)) = kept.next_if(|k| k.0 == i) {
                n += 1;
                entries.push(e);
                stats.push(Some(s));
            }
            n += 1;
            let before = diags.len();
            if let Some(e) = load::load_entry(&f, &ctx, &mut diags) {
                entries.push(e);
                stats.push(
                    files
                        .stats
                        .get(i)
                        .copied()
                        .filter(|_| diags.len() == before),
                );
            }
            if diags.len() > before {
                sources.insert(f.path, into_text(f.bytes));
            }
        }
        for (_, e, s) in kept {
            n += 1;
            entries.push(e);
            stats.push(Some(s));
        }
    }
    let loaded = Loaded {
        roadmap: plan.roadmap,
        roadmap_source: plan.source,
        roadmap_ok: plan.ok,
        entries,
        diags,
        sources,
        files: n,
    };
    (loaded, stats)
}

/// Reads and loads everything from `origin`.
pub(crate) fn load(
    repo: &Repo,
    origin: &Origin,
    roadmap_override: Option<&Path>,
    today: Date,
) -> Result<Loaded> {
    let mut diags = Vec::new();
    let files = repo.read(origin, &mut diags)?;
    load_files(files, roadmap_override, today, diags)
}

/// `load`, with the entry cache (`load::cache`) when reading a work tree
/// and `cache` is true: entry files whose stat data did not change since
/// the last run are not read again, and the cache is brought up to date.
/// The result is the same as `load`'s.
pub(crate) fn load_cached(
    repo: &Repo,
    origin: &Origin,
    roadmap_override: Option<&Path>,
    today: Date,
    cache: bool,
) -> Result<Loaded> {
    Ok(load_counted(repo, origin, roadmap_override, today, cache)?.0)
}

/// A work tree's input as found before anything is parsed: the roadmap
/// file and the journal's listing (what the report cache fingerprints).
pub(crate) struct Found {
    pub roadmap: Option<SourceFile>,
    /// Problems reading the roadmap file (a link, say).
    pub diags: Vec<Diagnostic>,
    pub listing: repo::Listing,
    /// When the finding started: files modified since are racy.
    pub started: std::time::SystemTime,
}

/// Finds the input of the work tree at `root` (see `Found`).
pub(crate) fn find(root: &Path) -> Result<Found> {
    let started = std::time::SystemTime::now();
    let mut diags = Vec::new();
    let roadmap = repo::read_roadmap(root, &mut diags)?;
    Ok(Found {
        roadmap,
        diags,
        listing: repo::list_journal(root),
        started,
    })
}

/// `load_cached`, and how many entry files it read (for tests).
pub fn load_counted(
    repo: &Repo,
    origin: &Origin,
    roadmap_override: Option<&Path>,
    today: Date,
    cache: bool,
) -> Result<(Loaded, usize)> {
    load_found(repo, origin, roadmap_override, today, cache, None)
}

/// `load_counted`, from the work tree's input already `found` when given
/// (it must be the work tree's, found in this run).
pub(crate) fn load_found(
    repo: &Repo,
    origin: &Origin,
    roadmap_override: Option<&Path>,
    today: Date,
    cache: bool,
    found: Option<Found>,
) -> Result<(Loaded, usize)> {
    let root = match (origin, repo.workdir()) {
        (Origin::WorkTree, Some(root)) if cache => root,
        _ => {
            let loaded = load(repo, origin, roadmap_override, today)?;
            let read = loaded.files - usize::from(loaded.roadmap_source != RoadmapSource::Default);
            return Ok((loaded, read));
        }
    };
    let mut sources = HashMap::new();
    let (roadmap_file, mut diags, mut listing, started) = match found {
        Some(f) => (f.roadmap, f.diags, Some(f.listing), f.started),
        None => {
            let started = std::time::SystemTime::now();
            let mut diags = Vec::new();
            (repo::read_roadmap(root, &mut diags)?, diags, None, started)
        }
    };
    let plan = load_plan(roadmap_file, roadmap_override, &mut diags, &mut sources)?;
    let mut files = Files::default();
    // The journal's listing, unless found already.
    let mut listing = move || listing.take().unwrap_or_else(|| repo::list_journal(root));
    if !plan.ok {
        // Entries are not checked against a broken roadmap: no cache.
        repo::read_listed(root, listing(), &mut files, &mut diags, &mut |_, _| None)?;
        let read = files.entries.len();
        return Ok((load_entries(files, plan, today, diags, sources).0, read));
    }
    let key = cache::Key::new(&plan.bytes, today);
    let path = cache::file(&repo.git, root);
    // The cache is read and decoded while the journal is walked.
    let mut lookup = None;
    std::thread::scope(|scope| {
        let mut opening = Some(scope.spawn(|| cache::open(&path, &key)));
        let opened = |opening: &mut Option<std::thread::ScopedJoinHandle<_>>,
                      lookup: &mut Option<cache::Lookup>| {
            if let Some(h) = opening.take() {
                *lookup = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            }
        };
        let walked = repo::read_listed(root, listing(), &mut files, &mut diags, &mut |p, s| {
            opened(&mut opening, &mut lookup);
            lookup.as_mut()?.take(p, s)
        });
        opened(&mut opening, &mut lookup);
        walked
    })?;
    let read = files.entries.len();
    let (hits, held) = lookup
        .as_ref()
        .map_or((0, None), |l| (l.hits, Some(l.len())));
    let (loaded, stats) = load_entries(files, plan, today, diags, sources);
    // Write only when it would hold something else: new or changed clean
    // entries, or cached ones that went away.
    let racy_from = cache::racy_from(started);
    let fresh = stats
        .iter()
        .flatten()
        .filter(|s| s.mtime.0 < racy_from)
        .count()
        .saturating_sub(hits);
    if held != Some(hits) || fresh > 0 {
        cache::save(
            &repo.git,
            &path,
            &key,
            loaded
                .entries
                .iter()
                .zip(&stats)
                .filter_map(|(e, s)| Some((e, s.as_ref()?))),
            racy_from,
        );
    }
    Ok((loaded, read))
}

#[cfg(test)]
mod tests {
    use super::into_text;

    #[test]
    fn a_file_with_diagnostics_keeps_its_bytes_uncopied() {
        let bytes = "date: 2026-01-05\nminutes: lots\nsummary: 学习\n"
            .as_bytes()
            .to_vec();
        let at = bytes.as_ptr();
        let text = into_text(bytes);
        assert_eq!(text, "date: 2026-01-05\nminutes: lots\nsummary: 学习\n");
        assert_eq!(text.as_ptr(), at, "the text is the bytes' own allocation");
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_the_lossy_text_they_always_did() {
        let bytes = b"summary: caf\xe9\n".to_vec();
        assert_eq!(into_text(bytes.clone()), String::from_utf8_lossy(&bytes));
    }
}
