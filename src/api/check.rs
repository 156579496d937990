//! `pacenote check` as a library call: the rules over the roadmap and the
//! journal (the work tree, the index, or given paths), plus the history
//! rules for the commits since a base, as diagnostics. Nothing here prints:
//! what the command line would say besides the diagnostics comes back as
//! notes.

use super::Workspace;
use crate::check;
use crate::diag::{self, Diagnostic, Rule, Severity};
use crate::error::{Fatal, Result};
use crate::history::{self, Progress};
use crate::load::entry::{EntryContext, LoadedEntry};
use crate::load::inputs;
use crate::load::repo::{self, rel, Files, Origin, Repo, ROADMAP_PATH};
use crate::load::{self, is_entry_path, SourceFile};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What to check, and how (`pacenote check`'s options that are not about
/// output).
#[derive(Clone)]
pub struct CheckOptions<'a> {
    /// Check what the index is about to commit, not the work tree
    /// (`--staged`).
    pub staged: bool,
    /// Also apply the history rules to the commits since this revision
    /// (`--base`).
    pub base: Option<String>,
    /// Check only these files and folders (with the roadmap, to check ids
    /// against); relative paths are taken from the current directory.
    pub paths: Vec<PathBuf>,
    /// Count warnings as errors (`--strict`).
    pub strict: bool,
    /// Today's date; the clock's (or `PACENOTE_TODAY`'s) when `None`.
    pub today: Option<Date>,
    /// Read and update the history and entry caches (on by default).
    pub cache: bool,
    /// Told how a long history scan goes (a progress bar, say).
    pub progress: Option<&'a dyn Progress>,
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        CheckOptions {
            staged: false,
            base: None,
            paths: Vec::new(),
            strict: false,
            today: None,
            cache: true,
            progress: None,
        }
    }
}

/// What a check found.
pub struct Checked {
    diagnostics: Vec<Diagnostic>,
    sources: HashMap<String, String>,
    files: usize,
    notes: Vec<String>,
}

impl Checked {
    /// Every problem found, sorted by file, position and rule.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The texts of the files the diagnostics are in, by path (to show
    /// their lines).
    pub(crate) fn sources(&self) -> &HashMap<String, String> {
        &self.sources
    }

    /// How many files were read.
    pub fn files(&self) -> usize {
        self.files
    }

    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// What a rule could not be applied to, and why (a shallow clone), to
    /// be told to the user before the diagnostics.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// The note for `n` committed entries whose history a shallow clone cuts.
fn shallow_note(n: usize) -> String {
    format!(
        "note: this is a shallow clone, so when and by whom {n} committed entr{} were recorded cannot be known: their backfill and their share of the daily cap were not checked\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)",
        if n == 1 { "y" } else { "ies" }
    )
}

pub(super) fn run(ws: &Workspace, a: &CheckOptions<'_>) -> Result<Checked> {
    let repo = ws.repo();
    let today = match a.today {
        Some(d) => inputs::in_range("today", d)?,
        None => inputs::today()?,
    };
    let mut notes = Vec::new();
    if a.base.is_some() {
        // `--base` needs the whole history: refuse before anything is read.
        history::ensure_complete(repo)?;
    }
    let me = super::people::local_user(repo);
    let opts = history::Options {
        cache: a.cache,
        progress: a.progress,
    };
    let mut pre = Vec::new();
    let (mut loaded, hist) = if a.staged {
        (staged(repo, ws, today, &me, opts, &mut notes)?, None)
    } else {
        let mut loaded = if a.paths.is_empty() {
            inputs::load_cached(
                repo,
                &Origin::WorkTree,
                ws.roadmap.as_deref(),
                today,
                a.cache,
            )?
        } else {
            let files = paths(repo, &a.paths, &mut pre)?;
            inputs::load_files(files, ws.roadmap.as_deref(), today, pre)?
        };
        let hist = cross_entry_rules(repo, &mut loaded, today, &me, opts, &mut notes)?;
        let root = repo.workdir().map(std::path::Path::to_path_buf);
        correction_rules(repo, &mut loaded, today, &|p| {
            let mut ignore = Vec::new();
            repo::read_regular(root.as_deref()?, p, &mut ignore).ok()?
        })?;
        (loaded, hist)
    };
    if let Some(base) = &a.base {
        history::ensure_complete(repo)?;
        let head = repo
            .head_commit()?
            .ok_or_else(|| Fatal::new("the repository has no commits; --base needs a history"))?;
        let h = match hist {
            Some(h) => h,
            None => history::scan_with(repo, &head, opts)?,
        };
        let found = history::append_only(repo, &h, base, &head, &loaded.roadmap)?;
        loaded.diags.extend(found);
    }
    if loaded.roadmap_ok && a.paths.is_empty() {
        let schema = if a.staged {
            repo.index_file(check::ENTRY_SCHEMA_PATH)?
        } else {
            match repo.workdir() {
                Some(root) => {
                    let mut ignore = Vec::new();
                    repo::read_regular(root, check::ENTRY_SCHEMA_PATH, &mut ignore)?
                }
                None => None,
            }
        };
        if let Some(text) = schema {
            loaded
                .diags
                .extend(check::stale_schema(&loaded.roadmap, &text));
        }
    }
    if a.staged {
        add_missing_sources(&mut loaded, &|p| repo.index_file(p).ok()?);
    } else if let Some(root) = repo.workdir() {
        add_missing_sources(&mut loaded, &|p| {
            repo::read_regular(root, p, &mut Vec::new()).ok()?
        });
    }
    let mut diagnostics = loaded.diags;
    if a.strict {
        for d in &mut diagnostics {
            d.severity = Severity::Error;
        }
    }
    diag::sort(&mut diagnostics);
    Ok(Checked {
        diagnostics,
        sources: loaded.sources,
        files: loaded.files,
        notes,
    })
}

/// The daily cap and backfill rules over the loaded entries, with the
/// recorded dates and authors the history knows (when it can answer).
/// Returns the history it read, for the rules of `--base`.
fn cross_entry_rules(
    repo: &Repo,
    loaded: &mut inputs::Loaded,
    today: jiff::civil::Date,
    me: &str,
    opts: history::Options,
    notes: &mut Vec<String>,
) -> Result<Option<history::History>> {
    if !loaded.roadmap_ok {
        return Ok(None);
    }
    let hist = match repo.head_commit()? {
        Some(h) if !repo.git.is_shallow() => Some(history::scan_with(repo, &h, opts)?),
        _ => None,
    };
    let people = super::people::People::new(
        repo,
        hist.as_ref(),
        me,
        &mut loaded.entries.iter().map(|e| e.entry.path.as_str()),
    )?;
    let cap = check::daily_cap_known(&loaded.roadmap, &loaded.entries, &|e| {
        people.author(&e.entry)
    });
    let back = check::backfill_of(
        &loaded.roadmap,
        loaded
            .entries
            .iter()
            .filter_map(|e| Some((e, people.recorded_on(&e.entry, today)?))),
    );
    if people.unknowable() > 0 {
        notes.push(shallow_note(people.unknowable()));
    }
    let dups = check::duplicates(&loaded.entries, &|e| people.author(&e.entry));
    loaded.diags.extend(cap);
    loaded.diags.extend(back);
    loaded.diags.extend(dups);
    if let Some(file) = loaded.roadmap_file() {
        let names: Vec<String> = loaded
            .entries
            .iter()
            .filter_map(|e| people.author(&e.entry))
            .collect();
        let authors: HashSet<&str> = names.iter().map(String::as_str).collect();
        let off = check::time_off_authors(&loaded.roadmap, &file, &authors);
        loaded.diags.extend(off);
    }
    Ok(hist)
}

/// `check --staged`: the roadmap and the changed journal entries of the
/// index, never the work tree. The daily cap adds the unchanged index
/// entries whose path carries the same date, each with its author by the
/// one rule of SPEC §3 (the history is read, through its cache, only when a
/// committed entry names no `author:`; in a shallow clone such an entry is
/// not counted, and a note says so). A new entry is recorded
/// by the coming commit, so its backfill is measured against today; an edit
/// of an entry already committed is not re-measured.
fn staged(
    repo: &Repo,
    ws: &Workspace,
    today: jiff::civil::Date,
    me: &str,
    opts: history::Options,
    notes: &mut Vec<String>,
) -> Result<inputs::Loaded> {
    let mut pre = Vec::new();
    let repo::Staged {
        files,
        new_paths,
        changed,
        removed,
    } = repo.read_staged(&mut pre)?;
    // SPEC §4 append-only, as far as the hook can see: the commit must not
    // edit or delete an entry recorded more than `append_only_after_days`
    // before today.
    let touched: Vec<String> = changed
        .iter()
        .filter(|p| !new_paths.contains(*p))
        .chain(&removed)
        .cloned()
        .collect();
    // Only the files with diagnostics keep their text (handed over, not
    // copied); the source lines of a cross-entry rule's diagnostics are read
    // from the index afterwards (`add_missing_sources`).
    let mut loaded = inputs::load_files(files, ws.roadmap.as_deref(), today, pre)?;
    if loaded.roadmap_ok && !touched.is_empty() {
        staged_append_only(repo, &mut loaded, &touched, &removed, today, opts, notes)?;
    }
    if !loaded.roadmap_ok || loaded.entries.is_empty() {
        return Ok(loaded);
    }
    let dates: HashSet<jiff::civil::Date> = loaded.entries.iter().map(|e| e.entry.date).collect();
    let ctx = EntryContext {
        roadmap: &loaded.roadmap,
        today,
        check_ids: false,
    };
    let mut quiet = Vec::new();
    let others: Vec<LoadedEntry> = repo
        .same_day_entries(&changed, &dates)?
        .iter()
        .filter_map(|f| load::load_entry(f, &ctx, &mut quiet))
        .collect();
    let changed: HashSet<String> = loaded
        .entries
        .iter()
        .map(|e| e.entry.path.clone())
        .collect();
    let all: Vec<LoadedEntry> = loaded.entries.iter().cloned().chain(others).collect();
    // Whose an entry HEAD already holds is for the history to say (SPEC §3
    // "People"); it is read (through its cache) only when such an entry
    // names no `author:`.
    let needs_history = all
        .iter()
        .any(|e| e.entry.author.is_none() && !new_paths.contains(&e.entry.path));
    let hist = match repo.head_commit()? {
        Some(h) if needs_history && !repo.git.is_shallow() => {
            Some(history::scan_with(repo, &h, opts)?)
        }
        _ => None,
    };
    let people = super::people::People::new(
        repo,
        hist.as_ref(),
        me,
        &mut all
            .iter()
            .filter(|e| e.entry.author.is_none())
            .map(|e| e.entry.path.as_str()),
    )?;
    if people.unknowable() > 0 {
        notes.push(shallow_note(people.unknowable()));
    }
    let author_of = |e: &LoadedEntry| people.author(&e.entry);
    let cap: Vec<Diagnostic> = check::daily_cap_known(&loaded.roadmap, &all, &author_of)
        .into_iter()
        .filter(|d| changed.contains(&d.file))
        .collect();
    let new: Vec<LoadedEntry> = loaded
        .entries
        .iter()
        .filter(|e| new_paths.contains(&e.entry.path))
        .cloned()
        .collect();
    let back = check::backfill(&loaded.roadmap, &new, &|_| today);
    loaded.diags.extend(cap);
    loaded.diags.extend(back);
    let head_tree = repo.head_commit()?.map(|c| c.tree()).transpose()?;
    let head_paths =
        std::cell::RefCell::new(head_tree.map(|t| crate::load::repo::TreePaths::new(&repo.git, t)));
    correction_rules(repo, &mut loaded, today, &|p| {
        let (id, _) = head_paths.borrow_mut().as_mut()?.get(p).ok()??;
        Some(repo.git.find_blob(id).ok()?.content().to_vec())
    })?;
    Ok(loaded)
}

/// `history/append-only` in the hook: each entry the commit edits or
/// deletes that HEAD's history recorded more than
/// `policy.append_only_after_days` before today. In a shallow clone the
/// history cannot say, and a note says the rule was not applied.
fn staged_append_only(
    repo: &Repo,
    loaded: &mut inputs::Loaded,
    touched: &[String],
    removed: &HashSet<String>,
    today: jiff::civil::Date,
    opts: history::Options,
    notes: &mut Vec<String>,
) -> Result<()> {
    let Some(head) = repo.head_commit()? else {
        return Ok(());
    };
    if repo.git.is_shallow() {
        notes.push(shallow_note(touched.len()));
        return Ok(());
    }
    let h = history::scan_with(repo, &head, opts)?;
    let limit = i64::from(loaded.roadmap.policy.append_only_after_days);
    let mut paths: Vec<&String> = touched.iter().collect();
    paths.sort();
    for path in paths {
        let Some(rec) = h.records.get(path.as_str()) else {
            continue;
        };
        let age = crate::model::calendar::days_between(rec.at.date, today);
        if age <= limit {
            continue;
        }
        let verb = if removed.contains(path) {
            "deletes"
        } else {
            "edits"
        };
        let pos = loaded
            .entries
            .iter()
            .find(|e| &e.entry.path == path)
            .map(|e| e.date_pos);
        loaded.diags.push(
            Diagnostic::error(
                path,
                pos,
                Rule::HistoryAppendOnly,
                format!(
                    "this commit {verb} an entry recorded {age} days ago (in commit {} on {}); entries older than {limit} days are append-only",
                    &rec.at.commit.to_string()[..10],
                    rec.at.date
                ),
            )
            .with_hint(history::correction_hint(path)),
        );
    }
    Ok(())
}

/// The correction rules (SPEC §1.1, `check::corrections`) over the loaded
/// entries, plus the corrected entries they name that were not loaded
/// (read quietly with `read`: they are not being checked). An entry counts
/// as committed when HEAD holds its path.
fn correction_rules(
    repo: &Repo,
    loaded: &mut inputs::Loaded,
    today: jiff::civil::Date,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<()> {
    if !loaded.roadmap_ok || loaded.entries.iter().all(|e| e.corrects.is_none()) {
        return Ok(());
    }
    let have: HashSet<&str> = loaded
        .entries
        .iter()
        .map(|e| e.entry.path.as_str())
        .collect();
    let missing: Vec<String> = loaded
        .entries
        .iter()
        .filter_map(|e| e.corrects.as_ref())
        .map(|c| c.path.clone())
        .filter(|p| !have.contains(p.as_str()))
        .collect();
    let ctx = EntryContext {
        roadmap: &loaded.roadmap,
        today,
        check_ids: false,
    };
    let mut quiet = Vec::new();
    let extra: Vec<LoadedEntry> = missing
        .iter()
        .filter_map(|p| {
            let bytes = read(p)?;
            load::load_entry(
                &SourceFile {
                    path: p.clone(),
                    bytes,
                },
                &ctx,
                &mut quiet,
            )
        })
        .collect();
    let all: Vec<LoadedEntry> = loaded.entries.iter().cloned().chain(extra).collect();
    let head_tree = repo.head_commit()?.map(|c| c.tree()).transpose()?;
    let head_paths =
        std::cell::RefCell::new(head_tree.map(|t| crate::load::repo::TreePaths::new(&repo.git, t)));
    let committed = |p: &str| head_paths.borrow_mut().as_mut().is_some_and(|t| t.has(p));
    let mine: HashSet<String> = loaded
        .entries
        .iter()
        .map(|e| e.entry.path.clone())
        .collect();
    loaded.diags.extend(
        check::corrections(&all, &committed)
            .into_iter()
            .filter(|d| mine.contains(&d.file)),
    );
    Ok(())
}

/// Reads (with `read`: from the work tree, or the index for `--staged`)
/// the source lines of files that got a diagnostic only from a cross-entry
/// rule, so that every diagnostic shows its line and caret. Only files with
/// a positioned diagnostic are read, one at a time, after loading has freed
/// the others' bytes.
fn add_missing_sources(loaded: &mut inputs::Loaded, read: &dyn Fn(&str) -> Option<Vec<u8>>) {
    let missing: HashSet<String> = loaded
        .diags
        .iter()
        .filter(|d| d.line.is_some() && !loaded.sources.contains_key(&d.file))
        .map(|d| d.file.clone())
        .collect();
    for path in missing {
        if let Some(bytes) = read(&path) {
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            loaded.sources.insert(path, text);
        }
    }
}

/// Reads exactly the given paths (plus the roadmap, to check ids against).
fn paths(repo: &Repo, given: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Result<Files> {
    let root = repo.require_workdir()?;
    let root_c = root.canonicalize().unwrap_or(root.clone());
    let mut files = Files::default();
    let mut roadmap_given = false;
    let cwd = std::env::current_dir().unwrap_or_default();
    for p in given {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        // Resolve the folder (not the file: a link must be reported, not followed).
        let parent = abs.parent().and_then(|d| d.canonicalize().ok());
        let Some(parent) = parent else {
            return Err(Fatal::new(format!("{}: no such file", p.display())));
        };
        if !parent.starts_with(&root_c) {
            return Err(
                Fatal::new(format!("{} is outside the repository", p.display()))
                    .hint(format!("give paths inside {}", root.display())),
            );
        }
        let path = rel(&root_c, &parent.join(abs.file_name().unwrap_or_default()));
        if std::fs::symlink_metadata(root.join(&path)).is_err() {
            return Err(Fatal::new(format!("{}: no such file", p.display())));
        }
        if std::fs::symlink_metadata(root.join(&path)).is_ok_and(|m| m.is_dir()) {
            // A folder: the entries under it (`check journal/2026`).
            for p in repo::entry_paths_under(&root, &path, diags) {
                if let Some(bytes) = crate::load::repo::read_regular(&root, &p, diags)? {
                    if !files.keep(SourceFile { path: p, bytes }, diags) {
                        break;
                    }
                }
            }
            continue;
        }
        let Some(bytes) = crate::load::repo::read_regular(&root, &path, diags)? else {
            continue;
        };
        if path == ROADMAP_PATH {
            roadmap_given = true;
            files.roadmap = Some(SourceFile { path, bytes });
        } else {
            if !is_entry_path(&path) {
                diags.push(Diagnostic::warning(&path, None, Rule::FileNotAnEntry, format!("{path} is not under journal/ or is not .yaml/.yml; checked as an entry anyway")).with_hint("journal entries are `.yaml` or `.yml` files under journal/; other files are not read by `pacenote check`"));
            }
            if !files.keep(SourceFile { path, bytes }, diags) {
                break;
            }
        }
    }
    if !roadmap_given {
        let mut ignore = Vec::new();
        if let Some(bytes) = crate::load::repo::read_regular(&root, ROADMAP_PATH, &mut ignore)? {
            files.roadmap = Some(SourceFile {
                path: ROADMAP_PATH.into(),
                bytes,
            });
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::api::report::tests::git;

    /// `check --staged` keeps the text of the staged files with
    /// diagnostics only (docs/limits.md, "Memory"): a commit of many large
    /// entries is not held twice.
    #[test]
    fn staged_keeps_only_the_text_of_files_with_diagnostics() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let root = dir.path();
        git(root, &["init", "-q", "-b", "main"]);
        let day = root.join("journal/2026/01");
        std::fs::create_dir_all(&day).expect("folders");
        std::fs::write(
            day.join("08-good.yaml"),
            "date: 2026-01-08\nminutes: 45\nsummary: Built it\n",
        )
        .expect("an entry");
        std::fs::write(
            day.join("08-bad.yaml"),
            "date: 2026-01-08\nminutes: 0\nsummary: Nothing\n",
        )
        .expect("an entry");
        git(root, &["add", "-A"]);
        let ws = Workspace::open(root).expect("the repository");
        let opts = history::Options {
            cache: false,
            progress: None,
        };
        let today = jiff::civil::date(2026, 1, 9);
        let mut notes = Vec::new();
        let loaded =
            staged(ws.repo(), &ws, today, "Ada", opts, &mut notes).expect("the staged files load");
        assert_eq!(loaded.files, 2);
        let mut kept: Vec<&str> = loaded.sources.keys().map(String::as_str).collect();
        kept.sort_unstable();
        assert_eq!(kept, ["journal/2026/01/08-bad.yaml"]);
        assert_eq!(
            loaded.sources["journal/2026/01/08-bad.yaml"],
            "date: 2026-01-08\nminutes: 0\nsummary: Nothing\n"
        );
    }
}
