//! Loading a whole run's input: the roadmap (the repository's, a `--roadmap`
//! file, or the embedded default) and every journal entry, with diagnostics.

use crate::diag::{Diagnostic, Severity};
use crate::error::{Fatal, Result};
use crate::load::{self, entry::EntryContext, entry::LoadedEntry, SourceFile};
use crate::model::Roadmap;
use crate::repo::{Files, Origin, Repo};
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
    pub fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Today's date: `TRAILMARK_TODAY` (YYYY-MM-DD) when set, else the local date.
pub fn today() -> Result<Date> {
    match std::env::var("TRAILMARK_TODAY") {
        Ok(v) => load::fields::parse_date(&v)
            .map_err(|why| Fatal::new(format!("TRAILMARK_TODAY is not a date: `{v}` ({why})"))),
        Err(_) => Ok(jiff::Zoned::now().date()),
    }
}

/// Reads `--roadmap FILE` (relative to the current directory).
pub fn read_override(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path)
        .map_err(|e| Fatal::new(format!("cannot read the roadmap {}: {e}", path.display())))?;
    Ok(SourceFile {
        path: path.display().to_string(),
        bytes,
    })
}

/// Loads the roadmap and entries of `files`.
pub fn load_files(
    files: Files,
    roadmap_override: Option<&Path>,
    today: Date,
    mut diags: Vec<Diagnostic>,
) -> Result<Loaded> {
    let mut sources = HashMap::new();
    let (roadmap_file, roadmap_source) = match roadmap_override {
        Some(p) => (
            Some(read_override(p)?),
            RoadmapSource::Override(p.to_path_buf()),
        ),
        None => match files.roadmap {
            Some(f) => {
                let path = f.path.clone();
                (Some(f), RoadmapSource::File(path))
            }
            None => (None, RoadmapSource::Default),
        },
    };
    let mut n = 0;
    let (roadmap, roadmap_ok) = match roadmap_file {
        None => (load::default_roadmap(), true),
        Some(f) => {
            n += 1;
            sources.insert(
                f.path.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            );
            match load::load_roadmap(&f.path, &f.bytes, &mut diags) {
                Some(r) => (r, true),
                None => (load::default_roadmap(), false),
            }
        }
    };
    let mut entries = Vec::new();
    {
        let ctx = EntryContext {
            roadmap: &roadmap,
            today,
            check_ids: roadmap_ok,
        };
        for f in &files.entries {
            n += 1;
            let before = diags.len();
            if let Some(e) = load::load_entry(f, &ctx, &mut diags) {
                entries.push(e);
            }
            if diags.len() > before {
                sources.insert(
                    f.path.clone(),
                    String::from_utf8_lossy(&f.bytes).into_owned(),
                );
            }
        }
    }
    Ok(Loaded {
        roadmap,
        roadmap_source,
        roadmap_ok,
        entries,
        diags,
        sources,
        files: n,
    })
}

/// Reads and loads everything from `origin`.
pub fn load(
    repo: &Repo,
    origin: &Origin,
    roadmap_override: Option<&Path>,
    today: Date,
) -> Result<Loaded> {
    let mut diags = Vec::new();
    let files = repo.read(origin, &mut diags)?;
    load_files(files, roadmap_override, today, diags)
}
