//! Loading a whole run's input: the roadmap (the repository's, a `--roadmap`
//! file, or the embedded default) and every journal entry, with diagnostics.

use crate::diag::{Diagnostic, Rule, Severity};
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
    let (loaded, _) = load_entries(files, plan, today, diags, sources, Budget::new());
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
            // A `roadmap.yaml` that is there but was not read (a link, a
            // conflict, too large) has its error already; the default plan
            // does not stand in for it.
            ok: !diags
                .iter()
                .any(|d| d.file == repo::ROADMAP_PATH && d.severity == Severity::Error),
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

/// Most items (skills, habits, targets and evidence links) the entries of
/// one run may list together: each costs some 60 bytes once loaded, so that
/// a journal of 64 MiB of short ids would otherwise hold 700 MiB.
pub(crate) const MAX_RUN_ITEMS: usize = 2_000_000;

/// Most diagnostics the loading of one run's entries may list (each file
/// lists at most 100): each holds its message and hint.
pub(crate) const MAX_RUN_DIAGNOSTICS: usize = 100_000;

/// What the entries loaded so far hold, against the limits of a run.
struct Budget {
    items: usize,
    max_items: usize,
    max_diags: usize,
}

impl Budget {
    fn new() -> Self {
        Budget {
            items: 0,
            max_items: MAX_RUN_ITEMS,
            max_diags: MAX_RUN_DIAGNOSTICS,
        }
    }

    /// Counts `e`'s items.
    fn add(&mut self, e: &LoadedEntry) {
        let x = &e.entry;
        self.items += x.skills.len() + x.habits.len() + x.targets.len() + x.evidence.len();
    }

    /// `None` while the run is within its limits, else the diagnostic that
    /// says `path` and the entries after it were not loaded.
    fn over(&self, path: &str, diags: &[Diagnostic]) -> Option<Diagnostic> {
        let what = if self.items > self.max_items {
            format!(
                "list more than {} skills, habits, targets and evidence links",
                self.max_items
            )
        } else if diags.len() > self.max_diags {
            format!("have more than {} problems", self.max_diags)
        } else {
            return None;
        };
        Some(
            Diagnostic::error(
                "journal",
                None,
                Rule::FileTooLarge,
                format!("the journal's entries {what}; {path} and the entries after it were not loaded"),
            )
            .with_hint("a journal entry is a few lines naming a few ids; look for files that are not entries"),
        )
    }
}

/// The entries loaded so far in one run.
struct Run {
    /// Files loaded (the roadmap's included).
    n: usize,
    entries: Vec<LoadedEntry>,
    stats: Vec<Option<Stat>>,
    diags: Vec<Diagnostic>,
    budget: Budget,
}

impl Run {
    fn add(&mut self, e: LoadedEntry, stat: Option<Stat>) {
        self.budget.add(&e);
        self.entries.push(e);
        self.stats.push(stat);
    }

    /// True while the run is within its limits; else one diagnostic says
    /// that `path` and the entries after it were not loaded.
    fn within(&mut self, path: &str) -> bool {
        match self.budget.over(path, &self.diags) {
            None => true,
            Some(d) => {
                self.diags.push(d);
                false
            }
        }
    }

    /// Adds the entries the cache kept before the `i`th file read; false
    /// when the run went over its limits.
    fn take_kept(
        &mut self,
        kept: &mut std::iter::Peekable<std::vec::IntoIter<(usize, LoadedEntry, Stat)>>,
        i: usize,
    ) -> bool {
        while let Some((_, e, s)) = kept.next_if(|k| k.0 <= i) {
            if !self.within(&e.entry.path) {
                return false;
            }
            self.n += 1;
            self.add(e, Some(s));
        }
        true
    }
}

/// Loads the entries of `files` (those read, and those `kept` from the
/// entry cache, in the journal's order). Returns with them the stat data of
/// each entry that loaded without any diagnostic from a work-tree read.
fn load_entries(
    files: Files,
    plan: Plan,
    today: Date,
    diags: Vec<Diagnostic>,
    mut sources: HashMap<String, String>,
    budget: Budget,
) -> (Loaded, Vec<Option<Stat>>) {
    let mut run = Run {
        n: plan.files,
        // One entry per file at most: sized once, not doubled past the need.
        entries: Vec::with_capacity(files.entries.len()),
        stats: Vec::new(),
        diags,
        budget,
    };
    {
        let ctx = EntryContext {
            roadmap: &plan.roadmap,
            today,
            check_ids: plan.ok,
        };
        let mut kept = files.kept.into_iter().peekable();
        let mut within = true;
        // By value: a file's bytes are freed once it is loaded, or handed
        // over to `sources` when it has diagnostics (never copied).
        for (i, f) in files.entries.into_iter().enumerate() {
            within = run.take_kept(&mut kept, i) && run.within(&f.path);
            if !within {
                break;
            }
            run.n += 1;
            let before = run.diags.len();
            if let Some(e) = load::load_entry(&f, &ctx, &mut run.diags) {
                let clean = run.diags.len() == before;
                run.add(e, files.stats.get(i).copied().filter(|_| clean));
            }
            if run.diags.len() > before {
                sources.insert(f.path, into_text(f.bytes));
            }
        }
        if within {
            run.take_kept(&mut kept, usize::MAX);
        }
    }
    let Run {
        n,
        entries,
        stats,
        diags,
        ..
    } = run;
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
        let loaded = load_entries(files, plan, today, diags, sources, Budget::new());
        return Ok((loaded.0, read));
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
    let (loaded, stats) = load_entries(files, plan, today, diags, sources, Budget::new());
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
    use super::*;

    /// Loads entries of the given texts with `budget`, against the default
    /// roadmap; returns the paths loaded and the messages on `journal`.
    fn run(texts: &[&str], budget: Budget) -> (Vec<String>, Vec<String>) {
        let mut files = Files::default();
        for (i, t) in texts.iter().enumerate() {
            files.entries.push(SourceFile {
                path: format!("journal/2026/01/05-{i}.yaml"),
                bytes: t.as_bytes().to_vec(),
            });
        }
        let mut diags = Vec::new();
        let plan = load_plan(None, None, &mut diags, &mut HashMap::new()).expect("the default");
        let today = jiff::civil::date(2026, 1, 9);
        let (loaded, _) = load_entries(files, plan, today, diags, HashMap::new(), budget);
        let paths = loaded
            .entries
            .iter()
            .map(|e| e.entry.path.clone())
            .collect();
        let said = loaded
            .diags
            .iter()
            .filter(|d| d.file == "journal")
            .map(|d| d.message.clone())
            .collect();
        (paths, said)
    }

    const TWO_SKILLS: &str = "date: 2026-01-05\nminutes: 30\nsummary: s\nskills: [mcp, rag]\n";
    const BAD: &str = "date: 2026-01-05\nminutes: 0\nsummary: s\n";

    #[test]
    fn a_run_loads_no_more_items_than_its_limit() {
        let budget = |max_items| Budget {
            items: 0,
            max_items,
            max_diags: 100,
        };
        let three = [TWO_SKILLS; 3];
        let (paths, said) = run(&three, budget(3));
        assert_eq!(
            paths,
            ["journal/2026/01/05-0.yaml", "journal/2026/01/05-1.yaml"]
        );
        assert_eq!(said, ["the journal's entries list more than 3 skills, habits, targets and evidence links; journal/2026/01/05-2.yaml and the entries after it were not loaded"]);
        // Exactly at the limit, all load.
        let (paths, said) = run(&three, budget(4));
        assert_eq!((paths.len(), said.len()), (3, 0));
        assert_eq!(run(&three, budget(6)).0.len(), 3);
    }

    #[test]
    fn a_run_loads_no_more_entries_once_past_its_problems() {
        let budget = |max_diags| Budget {
            items: 0,
            max_items: 100,
            max_diags,
        };
        let texts = [BAD, BAD, TWO_SKILLS];
        let (paths, said) = run(&texts, budget(1));
        assert!(paths.is_empty());
        assert_eq!(said, ["the journal's entries have more than 1 problems; journal/2026/01/05-2.yaml and the entries after it were not loaded"]);
        let (paths, said) = run(&texts, budget(2));
        assert_eq!((paths.len(), said.len()), (1, 0));
    }

    #[test]
    fn a_run_counts_every_kind_of_item() {
        let roadmap = load::default_roadmap();
        let ctx = EntryContext {
            roadmap: &roadmap,
            today: jiff::civil::date(2026, 1, 9),
            check_ids: true,
        };
        let text = "date: 2026-01-05\nminutes: 30\nsummary: s\nskills: [mcp, rag]\nhabits: [weekly-reading]\ntargets: [build-mcp-server, build-mcp-server]\nevidence: [https://example.com/1]\n";
        let file = SourceFile {
            path: "journal/2026/01/05-x.yaml".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let mut diags = Vec::new();
        let e = load::load_entry(&file, &ctx, &mut diags).expect("an entry");
        let mut b = Budget::new();
        b.add(&e);
        b.add(&e);
        assert_eq!(b.items, 12, "{diags:?}");
    }

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
