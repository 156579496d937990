//! The library API: what a program embedding pacenote calls. It takes no
//! command-line types and prints nothing; `commands/` parses arguments and
//! prints on top of it.

mod cache;
mod check;
pub(crate) mod offline;
pub(crate) mod people;
mod report;

pub use check::{CheckOptions, Checked};

use crate::error::{Fatal, Result};
use crate::history::Progress;
use crate::load::repo::Repo;
use crate::report::data::ReportData;
use crate::report::{html, markdown, text};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// A git repository holding a pacenote journal (and perhaps a
/// `roadmap.yaml`), opened for reading.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // A repository with one journal entry, and no roadmap.yaml: the
/// // default roadmap applies.
/// let dir = tempfile::tempdir()?;
/// git2::Repository::init(dir.path())?;
/// std::fs::create_dir_all(dir.path().join("journal/2026/01"))?;
/// std::fs::write(
///     dir.path().join("journal/2026/01/05-first-evals.yaml"),
///     "date: 2026-01-05\nminutes: 90\nsummary: Wrote the first evals\nauthor: ada\n",
/// )?;
///
/// let options = pacenote::ReportOptions {
///     today: Some("2026-01-06".parse()?),
///     ..Default::default()
/// };
/// let report = pacenote::Workspace::open(dir.path())?.report(&options)?;
/// assert_eq!(report.data().totals.hours, 1.5);
/// assert_eq!(report.authors(), ["ada"]);
/// # Ok(())
/// # }
/// ```
pub struct Workspace {
    repo: Repo,
    roadmap: Option<PathBuf>,
}

impl Workspace {
    /// Opens the repository that holds `path` (as `git` finds it: `path`
    /// or a folder above it). `"."` also honours `GIT_DIR` and the other
    /// variables git reads.
    pub fn open(path: impl AsRef<Path>) -> Result<Workspace> {
        Ok(Workspace {
            repo: crate::load::repo::open(path.as_ref())?,
            roadmap: None,
        })
    }

    /// Reads the roadmap from `path` (a file outside the repository, say)
    /// instead of the repository's `roadmap.yaml` (`--roadmap`).
    #[must_use]
    pub fn with_roadmap(mut self, path: impl Into<PathBuf>) -> Workspace {
        self.roadmap = Some(path.into());
        self
    }

    /// The repository.
    pub(crate) fn repo(&self) -> &Repo {
        &self.repo
    }

    /// The report (SPEC §3): the figures of the journal against the
    /// roadmap, as of `options.as_of`. Fails when the repository cannot be
    /// read or the roadmap has errors (the error then carries them, see
    /// `Error::diagnostics`).
    pub fn report(&self, options: &ReportOptions<'_>) -> Result<Report> {
        report::build(self, options, None)
    }

    /// The report rendered `how`, read back from the report cache
    /// (`api::cache`) when nothing it was computed from changed; with the
    /// report it was computed from otherwise.
    pub(crate) fn rendered(
        &self,
        options: &ReportOptions<'_>,
        how: Rendering,
    ) -> Result<(Rendered, Option<Report>)> {
        cache::rendered(self, options, how)
    }

    /// Checks the roadmap and the journal (`pacenote check`): every rule of
    /// `docs/rules.md` that `options` asks for. Problems in the files are
    /// the result's diagnostics; an error means the check could not run
    /// (not a repository, an unreadable roadmap file, a bad `base`).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = tempfile::tempdir()?;
    /// git2::Repository::init(dir.path())?;
    /// std::fs::create_dir_all(dir.path().join("journal/2026/01"))?;
    /// std::fs::write(
    ///     dir.path().join("journal/2026/01/05-evals.yaml"),
    ///     "date: 2026-01-05\nminutes: 0\nsummary: Wrote the first evals\n",
    /// )?;
    ///
    /// let options = pacenote::CheckOptions {
    ///     today: Some("2026-01-06".parse()?),
    ///     ..Default::default()
    /// };
    /// let checked = pacenote::Workspace::open(dir.path())?.check(&options)?;
    /// let found: Vec<(&str, Option<u32>)> = checked
    ///     .diagnostics()
    ///     .iter()
    ///     .map(|d| (d.code.as_str(), d.line))
    ///     .collect();
    /// assert_eq!(found, [("entry/minutes-range", Some(2))]);
    /// assert_eq!((checked.files(), checked.errors()), (1, 1));
    /// # Ok(())
    /// # }
    /// ```
    pub fn check(&self, options: &CheckOptions<'_>) -> Result<Checked> {
        check::run(self, options)
    }
}

pub(crate) use cache::{Rendered, Rendering};

/// What to report on, and how (`pacenote report`'s options that are not
/// about output).
#[derive(Clone, Copy)]
pub struct ReportOptions<'a> {
    /// The date the figures are computed at; `today` when `None`.
    pub as_of: Option<Date>,
    /// Today's date; the clock's (or `PACENOTE_TODAY`'s) when `None`.
    pub today: Option<Date>,
    /// Report a commit (`--rev`) instead of the work tree.
    pub rev: Option<&'a str>,
    /// Add the "This change" delta since the merge-base with this revision
    /// (`--base`).
    pub base: Option<&'a str>,
    /// Compute the figures for one author only (`--author`).
    pub author: Option<&'a str>,
    /// Read and update the history and entry caches (on by default).
    pub cache: bool,
    /// Told how a long history scan goes (a progress bar, say).
    pub progress: Option<&'a dyn Progress>,
}

impl Default for ReportOptions<'_> {
    fn default() -> Self {
        ReportOptions {
            as_of: None,
            today: None,
            rev: None,
            base: None,
            author: None,
            cache: true,
            progress: None,
        }
    }
}

/// A computed report: its data, and the renderings of it.
pub struct Report {
    data: ReportData,
    authors: Vec<String>,
    /// What the report was computed from, freed with it (the command line
    /// leaves it to the process exit instead).
    #[allow(dead_code)]
    inputs: Box<dyn std::any::Any>,
}

impl Report {
    /// The report rendered `how`.
    pub(crate) fn render(&self, how: Rendering) -> Result<String> {
        match how {
            Rendering::Markdown { max_chars } => {
                self.markdown(max_chars.map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
            }
            Rendering::Json => self.json(),
            Rendering::Text { color } => Ok(self.text(color)),
            Rendering::Html => self.html(),
        }
    }

    /// The figures, as the JSON report and the templates see them.
    pub fn data(&self) -> &ReportData {
        &self.data
    }

    /// Everyone who wrote an entry, sorted.
    pub fn authors(&self) -> &[String] {
        &self.authors
    }

    /// The markdown report (the PR comment), within `max_chars` characters
    /// (`None` for no limit).
    pub fn markdown(&self, max_chars: Option<usize>) -> Result<String> {
        markdown::render(&self.data, max_chars.unwrap_or(usize::MAX))
            .map_err(|e| Fatal::new(format!("cannot render the report: {e}")))
    }

    /// The JSON report (`schema/report.schema.json`).
    pub fn json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&self.data).map_err(|e| Fatal::new(e.to_string()))? + "\n")
    }

    /// The plain-text report, with terminal colours when `color`.
    pub fn text(&self, color: bool) -> String {
        text::render(&self.data, color)
    }

    /// The HTML dashboard, one self-contained page.
    pub fn html(&self) -> Result<String> {
        html::render(&self.data)
            .map_err(|e| Fatal::new(format!("cannot render the dashboard: {e}")))
    }
}
