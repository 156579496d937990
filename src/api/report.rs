//! A report through the stages: load → history → check | metrics → data
//! (the "This change" delta of `--base` included).

use super::people::{author_of, correction_stats, facts, facts_from, local_user, record_of};
use super::{Report, ReportOptions, Workspace};
use crate::check;
use crate::diag::{self, Severity};
use crate::error::{Fatal, Result};
use crate::history::{self, History};
use crate::load::inputs::{self, Loaded, RoadmapSource};
use crate::load::repo::{Files, Origin, Repo, ROADMAP_PATH};
use crate::load::{is_entry_path, SourceFile};
use crate::metrics::{self, Fact};
use crate::report::{self, data::*, Inputs};
use std::collections::HashMap;
use std::path::Path;

/// The report of `ws` (SPEC §3): load → history → check | metrics → data;
/// from the work tree's input already `found` in this run, when given.
pub(super) fn build(
    ws: &Workspace,
    o: &ReportOptions<'_>,
    found: Option<inputs::Found>,
) -> Result<Report> {
    let repo = &ws.repo;
    let roadmap_override = ws.roadmap.as_deref();
    let today = match o.today {
        Some(d) => d,
        None => inputs::today()?,
    };
    let today = inputs::in_range("today", today)?;
    let as_of = inputs::in_range("--as-of", o.as_of.unwrap_or(today))?;
    let origin = match (&o.rev, repo.workdir()) {
        (Some(rev), _) => Origin::Rev((*rev).to_string()),
        (None, None) => Origin::Rev("HEAD".into()),
        (None, Some(_)) => Origin::WorkTree,
    };
    let found = found.filter(|_| origin == Origin::WorkTree);
    let (mut loaded, _) =
        inputs::load_found(repo, &origin, roadmap_override, today, o.cache, found)?;
    if !loaded.roadmap_ok {
        let roadmap_diags: Vec<_> = loaded
            .diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        return Err(
            Fatal::new("the roadmap has errors; no report without a valid plan")
                .hint(
                    "fix them (see `pacenote check`), or remove roadmap.yaml to use the default plan",
                )
                .with_diagnostics(roadmap_diags, std::mem::take(&mut loaded.sources)),
        );
    }
    // The files' texts serve only to show the roadmap's errors above: free
    // them before the history and the merge-base are read (docs/limits.md,
    // "Memory").
    loaded.sources = HashMap::new();
    let head = match &o.rev {
        Some(rev) => Some(repo.commit(rev)?),
        None => repo.head_commit()?,
    };
    let opts = history::Options {
        cache: o.cache,
        progress: o.progress,
    };
    let hist = match &head {
        Some(h) => Some(history::scan_with(repo, h, opts)?),
        None => None,
    };
    let me = local_user(repo);
    let mut diagnostics = diagnostics_of(&loaded, hist.as_ref(), &me, today);
    let invalid_entries = count_invalid(&loaded);
    let corrections = correction_stats(&loaded.entries);
    // Without --base nothing needs the loaded entries again: move them.
    let all = match &o.base {
        None => facts_from(std::mem::take(&mut loaded.entries), hist.as_ref(), &me),
        Some(_) => facts(&loaded.entries, hist.as_ref(), &me),
    };
    // Scope changes come from the repository's own roadmap file; none for
    // the embedded default or a --roadmap file.
    let scope = match (&hist, &loaded.roadmap_source) {
        (Some(h), RoadmapSource::File(_)) => {
            history::scope::read(repo, h, report::start_of(&loaded.roadmap, &all, today))
        }
        _ => history::scope::Scope::default(),
    };
    // The change is computed after the report, from the report's own
    // figures; what it compares of the head is kept aside here.
    let base = match &o.base {
        Some(base) => {
            let (head, hist) = head.as_ref().zip(hist.as_ref()).ok_or_else(|| {
                Fatal::new("the repository has no commits; --base needs a history")
            })?;
            Some((
                *base,
                head,
                hist,
                diagnostics.clone(),
                scope.changes.clone(),
            ))
        }
        None => None,
    };
    diagnostics.extend(scope.warnings.iter().cloned());
    crate::diag::sort(&mut diagnostics);
    let source = match &loaded.roadmap_source {
        RoadmapSource::File(p) => p.clone(),
        RoadmapSource::Override(p) => p.display().to_string(),
        RoadmapSource::Default => "default".into(),
    };
    let edits = hist.as_ref().map_or_else(Vec::new, |h| {
        h.edits
            .iter()
            .map(|e| EditData {
                path: e.path.clone(),
                commit: e.at.commit.to_string(),
                date: e.at.date,
                kind: e.kind,
            })
            .collect()
    });
    let mut data = report::build(
        Inputs {
            roadmap: &loaded.roadmap,
            roadmap_source: source,
            facts: &all,
            as_of,
            author: o.author.map(str::to_string),
            history_available: hist.is_some(),
            edits,
            diagnostics,
            invalid_entries,
            change: None,
            corrections: corrections.count,
            corrected_minutes: corrections.minutes,
            scope,
        },
        today,
    );
    if let Some((base, head, hist, problems_after, scope_changes)) = base {
        // The report's figures are the head's, unless narrowed to one
        // author: then the team's few that a change compares.
        let team;
        let after_figures = match &o.author {
            None => After {
                milestones: &data.figures.milestones,
                hours: data.totals.hours,
                practice: data.figures.practice.consistency,
                habit_score: data.figures.habit_score,
            },
            Some(_) => {
                let start = report::start_of(&loaded.roadmap, &all, today);
                team = metrics::core(&loaded.roadmap, start, &all, as_of);
                After::of(&team)
            }
        };
        data.change = Some(change(
            repo,
            base,
            head,
            &loaded,
            (&all, after_figures),
            hist,
            &me,
            as_of,
            today,
            roadmap_override,
            opts,
            origin == Origin::WorkTree,
            &problems_after,
            &scope_changes,
        )?);
    }
    let mut authors: Vec<String> = all.iter().map(|f| f.author.to_string()).collect();
    authors.sort_unstable();
    authors.dedup();
    Ok(Report {
        data,
        authors,
        inputs: Box::new((loaded, all, hist)),
    })
}

fn count_invalid(loaded: &Loaded) -> usize {
    let valid: std::collections::HashSet<&str> = loaded
        .entries
        .iter()
        .map(|e| e.entry.path.as_str())
        .collect();
    let mut bad: Vec<&str> = loaded
        .diags
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && d.file != "roadmap.yaml"
                && !valid.contains(d.file.as_str())
        })
        .map(|d| d.file.as_str())
        .collect();
    bad.sort_unstable();
    bad.dedup();
    bad.len()
}

/// The problems `check` would report, for the report's data quality; each
/// entry's author and recorded date are those its fact will have.
fn diagnostics_of(
    loaded: &Loaded,
    hist: Option<&History>,
    me: &str,
    today: jiff::civil::Date,
) -> Vec<crate::diag::Diagnostic> {
    let mut diags = loaded.diags.clone();
    let known: Vec<_> = loaded
        .entries
        .iter()
        .map(|e| (e, record_of(&e.entry, hist)))
        .collect();
    diags.extend(check::daily_cap_of(
        &loaded.roadmap,
        known.iter().map(|&(e, r)| (e, author_of(&e.entry, r, me))),
    ));
    diags.extend(check::backfill_of(
        &loaded.roadmap,
        known
            .iter()
            .map(|&(e, r)| (e, r.map_or(today, |r| r.at.date))),
    ));
    diags.extend(check::duplicates(&loaded.entries, &|e| {
        Some(author_of(&e.entry, record_of(&e.entry, hist), me).to_string())
    }));
    if loaded.entries.iter().any(|e| e.corrects.is_some()) {
        let committed = |p: &str| hist.is_some_and(|h| h.records.contains_key(p));
        diags.extend(check::corrections(&loaded.entries, &committed));
    }
    if let Some(file) = loaded.roadmap_file() {
        let authors: std::collections::HashSet<&str> = known
            .iter()
            .map(|&(e, r)| author_of(&e.entry, r, me))
            .collect();
        diags.extend(check::time_off_authors(&loaded.roadmap, &file, &authors));
    }
    diag::sort(&mut diags);
    diags
}

/// The facts by their entry's path.
fn by_path(fs: &[Fact]) -> HashMap<&str, &Fact> {
    fs.iter().map(|f| (f.entry.path.as_str(), f)).collect()
}

/// The head's figures that a change compares.
struct After<'a> {
    milestones: &'a [metrics::MilestoneMetrics],
    hours: f64,
    practice: Option<f64>,
    habit_score: Option<f64>,
}

impl<'a> After<'a> {
    fn of(c: &'a metrics::Core) -> Self {
        After {
            milestones: &c.milestones,
            hours: c.totals.hours,
            practice: c.practice.consistency,
            habit_score: c.habit_score,
        }
    }
}

/// The "This change" delta: what `head` (and the uncommitted work, which
/// `after` includes) changes since the merge-base of `base` and `head`, so
/// that a base branch that moved on shows up as nothing removed.
#[allow(clippy::too_many_arguments)]
fn change(
    repo: &Repo,
    base: &str,
    head: &git2::Commit,
    loaded: &Loaded,
    (after, m_after): (&[Fact], After),
    hist: &History,
    me: &str,
    as_of: jiff::civil::Date,
    today: jiff::civil::Date,
    roadmap_override: Option<&Path>,
    opts: history::Options,
    worktree: bool,
    problems_after: &[crate::diag::Diagnostic],
    scope: &[crate::model::scope::ScopeChange],
) -> Result<Change> {
    let mb_commit = history::merge_base(repo, base, head)?;
    let mb = mb_commit.id();
    let ours: std::collections::HashSet<String> = history::commits_between(repo, mb, head.id())?
        .iter()
        .map(|c| c.id().to_string())
        .collect();
    let scope: Vec<_> = scope
        .iter()
        .filter(|c| ours.contains(&c.commit))
        .cloned()
        .collect();
    let before_loaded = load_before(
        repo,
        &mb_commit,
        head,
        loaded,
        worktree,
        roadmap_override,
        today,
    )?;
    let before_hist = history::as_of_ancestor(repo, hist, head, &mb_commit, opts)?;
    let a = by_path(after);
    let owned = before_facts(&before_loaded, &before_hist, loaded, &a, me);
    let before: Vec<&Fact> = owned
        .iter()
        .map(|f| match f {
            Before::Same(f) => *f,
            Before::Own(f) => f,
        })
        .collect();
    let b: HashMap<&str, &Fact> = before.iter().map(|f| (f.entry.path.as_str(), *f)).collect();
    let max_late = i64::from(loaded.roadmap.policy.max_backfill_days);
    let changed = |f: &Fact, delta: i64| {
        let recorded = f.recorded.as_ref().map_or(today, |r| r.date);
        let late = crate::model::calendar::days_between(f.entry.date, recorded);
        ChangedEntry {
            path: f.entry.path.clone(),
            date: Some(f.entry.date),
            minutes: Some(f.entry.minutes),
            minutes_delta: delta,
            summary: Some(f.entry.summary.clone()),
            author: Some(f.author.to_string()),
            days_late: (late > max_late).then_some(late),
        }
    };
    let mut added: Vec<ChangedEntry> = a
        .values()
        .filter(|f| !b.contains_key(f.entry.path.as_str()))
        .map(|f| changed(f, i64::from(f.entry.minutes)))
        .collect();
    let mut edited: Vec<ChangedEntry> = a
        .values()
        .filter_map(|f| {
            let old = b.get(f.entry.path.as_str())?;
            (old.entry != f.entry)
                .then(|| changed(f, i64::from(f.entry.minutes) - i64::from(old.entry.minutes)))
        })
        .collect();
    let mut removed: Vec<ChangedEntry> = b
        .values()
        .filter(|f| !a.contains_key(f.entry.path.as_str()))
        .map(|f| ChangedEntry {
            days_late: None,
            ..changed(f, -i64::from(f.entry.minutes))
        })
        .collect();
    for v in [&mut added, &mut edited, &mut removed] {
        v.sort_by(|x, y| (x.date, &x.path).cmp(&(y.date, &y.path)));
    }
    let delta_minutes: i64 = [&added, &edited, &removed]
        .iter()
        .flat_map(|v| v.iter())
        .map(|e| e.minutes_delta)
        .sum();
    let hours_added = metrics::round(delta_minutes as f64 / 60.0);

    let start = report::start_of(&loaded.roadmap, after, today);
    let core_before = metrics::core(&loaded.roadmap, start, before.iter().copied(), as_of);
    let m_before = After::of(&core_before);
    let mut targets_completed = Vec::new();
    let mut milestones = Vec::new();
    for (ma, mb) in m_after.milestones.iter().zip(m_before.milestones) {
        for (ta, tb) in ma.targets.iter().zip(&mb.targets) {
            if ta.done && !tb.done {
                targets_completed.push(CompletedTarget {
                    id: ta.target.id.clone(),
                    title: ta.target.title.clone(),
                    milestone: ma.id.clone(),
                    completed_on: ta.completed_on,
                });
            }
        }
        let hours = |m: &metrics::MilestoneMetrics| m.budget.as_ref().map(|b| b.actual_to_date);
        if ma.completion != mb.completion || hours(ma) != hours(mb) {
            milestones.push(MilestoneChange {
                id: ma.id.clone(),
                title: ma.title.clone(),
                end: ma.end,
                finished: ma.end < as_of,
                completion_before: mb.completion,
                completion_after: ma.completion,
                hours_before: hours(mb),
                hours_after: hours(ma),
            });
        }
    }
    let stage = metrics::verdict::stage(m_after.milestones).map(|s| s.id.clone());
    let figures = |m: &After| {
        let st = m.milestones.iter().find(|x| Some(&x.id) == stage.as_ref());
        ChangeFigures {
            hours: m.hours,
            completion: st.and_then(|x| x.completion),
            adherence: st.and_then(|x| x.budget.as_ref()).and_then(|b| b.adherence),
            practice: m.practice,
            habit_score: m.habit_score,
        }
    };
    let diags_before = diagnostics_of(&before_loaded, Some(&before_hist), me, today);
    let key = |d: &crate::diag::Diagnostic| (d.file.clone(), d.code, d.message.clone());
    let keys_before: std::collections::HashSet<_> = diags_before.iter().map(key).collect();
    let keys_after: std::collections::HashSet<_> = problems_after.iter().map(key).collect();
    let listed = |d: &crate::diag::Diagnostic| ChangedDiagnostic {
        file: d.file.clone(),
        line: d.line,
        code: d.code,
        severity: d.severity,
        message: d.message.clone(),
    };
    let introduced: Vec<ChangedDiagnostic> = problems_after
        .iter()
        .filter(|d| !keys_before.contains(&key(d)))
        .map(listed)
        .collect();
    let fixed: Vec<ChangedDiagnostic> = diags_before
        .iter()
        .filter(|d| !keys_after.contains(&key(d)))
        .map(listed)
        .collect();
    let roadmap_changed = before_loaded.roadmap != loaded.roadmap;
    let touched = roadmap_changed
        || !added.is_empty()
        || !edited.is_empty()
        || !removed.is_empty()
        || !introduced.is_empty()
        || !fixed.is_empty();
    let sentence = sentence(
        (&added, &edited, &removed),
        delta_minutes,
        targets_completed.len(),
        &milestones,
        roadmap_changed,
        (&introduced, fixed.len()),
    );
    Ok(Change {
        base: base.to_string(),
        merge_base: mb.to_string(),
        head: head.id().to_string(),
        touched,
        roadmap_changed,
        sentence,
        entries_added: added,
        entries_edited: edited,
        entries_removed: removed,
        hours_added,
        targets_completed,
        milestones,
        scope,
        before: figures(&m_before),
        after: figures(&m_after),
        warnings_introduced: introduced
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        diagnostics_introduced: introduced,
        diagnostics_fixed: fixed,
    })
}

/// A fact of the merge-base: the head's own when the entry and what the
/// history says of it are the same, else its own.
enum Before<'a> {
    Same(&'a Fact),
    Own(Box<Fact>),
}

/// The merge-base's facts, sharing the head's where nothing differs, so
/// that `--base` holds one copy of the entries the change leaves alone.
/// With a correction on either side every fact is its own (a correction
/// folds into another entry's fact).
fn before_facts<'a>(
    before: &Loaded,
    before_hist: &History,
    loaded: &Loaded,
    after: &HashMap<&str, &'a Fact>,
    me: &str,
) -> Vec<Before<'a>> {
    let corrections = before.entries.iter().any(|e| e.corrects.is_some())
        || loaded.entries.iter().any(|e| e.corrects.is_some());
    if corrections {
        return facts(&before.entries, Some(before_hist), me)
            .into_iter()
            .map(|f| Before::Own(Box::new(f)))
            .collect();
    }
    before
        .entries
        .iter()
        .map(|e| {
            let rec = record_of(&e.entry, Some(before_hist));
            let same = after.get(e.entry.path.as_str()).filter(|f| {
                f.entry == e.entry
                    && *f.author == *author_of(&e.entry, rec, me)
                    && match (&f.recorded, rec) {
                        (None, None) => true,
                        (Some(x), Some(r)) => {
                            x.at == r.at.time
                                && x.date == r.at.date
                                && *x.commit == r.at.commit.to_string()
                        }
                        _ => false,
                    }
            });
            match same {
                Some(f) => Before::Same(f),
                None => Before::Own(Box::new(
                    facts_from(vec![e.clone()], Some(before_hist), me)
                        .pop()
                        .expect("one entry without corrections makes one fact"),
                )),
            }
        })
        .collect()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One sentence for the change: "Adds 1 entry and edits 1 (+45 min);
/// completes 1 target; introduces 1 warning and fixes 1."
fn sentence(
    (added, edited, removed): (&[ChangedEntry], &[ChangedEntry], &[ChangedEntry]),
    delta_minutes: i64,
    completed: usize,
    milestones: &[MilestoneChange],
    roadmap_changed: bool,
    (introduced, fixed): (&[ChangedDiagnostic], usize),
) -> String {
    let mut verbs = Vec::new();
    if !added.is_empty() {
        verbs.push(format!("adds {}", count(added.len(), "entry", "entries")));
    }
    if !edited.is_empty() {
        verbs.push(format!(
            "edits {}",
            if added.is_empty() {
                count(edited.len(), "entry", "entries")
            } else {
                edited.len().to_string()
            }
        ));
    }
    if !removed.is_empty() {
        verbs.push(format!(
            "removes {}",
            if added.is_empty() && edited.is_empty() {
                count(removed.len(), "entry", "entries")
            } else {
                removed.len().to_string()
            }
        ));
    }
    let mut parts = Vec::new();
    if !verbs.is_empty() {
        let last = verbs.pop().unwrap_or_default();
        let list = if verbs.is_empty() {
            last
        } else {
            format!("{} and {last}", verbs.join(", "))
        };
        let sign = match delta_minutes {
            0 => "±".to_string(),
            d if d > 0 => "+".to_string(),
            _ => "−".to_string(),
        };
        let m = delta_minutes.unsigned_abs();
        let amount = if m >= 60 {
            format!("{sign}{} h", report::markdown::fmt_num(m as f64 / 60.0))
        } else {
            format!("{sign}{m} min")
        };
        parts.push(format!("{list} ({amount})"));
    }
    if roadmap_changed {
        parts.push("changes the roadmap".into());
    }
    if completed > 0 {
        parts.push(format!(
            "completes {}",
            count(completed, "target", "targets")
        ));
    }
    let finished = milestones.iter().filter(|m| m.finished).count();
    if finished > 0 {
        parts.push(format!(
            "changes {}",
            count(finished, "finished milestone", "finished milestones")
        ));
    }
    let errors = introduced
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = introduced.len() - errors;
    let mut problems = Vec::new();
    if errors > 0 {
        problems.push(count(errors, "error", "errors"));
    }
    if warnings > 0 {
        problems.push(count(warnings, "warning", "warnings"));
    }
    if !problems.is_empty() {
        parts.push(format!("introduces {}", problems.join(" and ")));
    }
    if fixed > 0 {
        parts.push(format!("fixes {}", count(fixed, "problem", "problems")));
    }
    if parts.is_empty() {
        return "This change moves no figure.".into();
    }
    format!("This change {}.", parts.join("; "))
}

/// The merge-base's roadmap and entries. Only the files that differ between
/// the merge-base and what is reported (`head`'s tree, plus the uncommitted
/// work when reporting the work tree) are read from the merge-base; the
/// others are the same files, so their loaded form and diagnostics are
/// taken from `after`. Everything is read again when the roadmap differs or
/// a changed file is not a regular one.
fn load_before(
    repo: &Repo,
    mb: &git2::Commit,
    head: &git2::Commit,
    after: &Loaded,
    worktree: bool,
    roadmap_override: Option<&Path>,
    today: jiff::civil::Date,
) -> Result<Loaded> {
    let mut changed = history::paths_between(repo, mb, head)?;
    if let (Some(c), true) = (&mut changed, worktree) {
        c.extend(history::uncommitted_paths(repo)?);
    }
    let tree = mb.tree()?;
    let mut paths_of_mb = crate::load::repo::TreePaths::new(&repo.git, tree.clone());
    // A path of the merge-base: `Some(None)` when absent, `None` when it is
    // not a regular file (a link or a folder, left to the full read).
    let mut read = |path: &str| -> Result<Option<Option<SourceFile>>> {
        match paths_of_mb.get(path)? {
            None => Ok(Some(None)),
            Some((id, mode)) if mode == 0o100644 || mode == 0o100755 => {
                Ok(Some(Some(SourceFile {
                    path: path.to_string(),
                    bytes: repo.blob_bytes(id, path)?,
                })))
            }
            Some(_) => Ok(None),
        }
    };
    let mut over = Vec::new();
    let partial = match &changed {
        Some(c) if !c.contains(ROADMAP_PATH) => {
            let mut files = Files::default();
            let mut regular = read(ROADMAP_PATH)?.map(|f| files.roadmap = f).is_some();
            let mut paths: Vec<&String> = c.iter().filter(|p| is_entry_path(p)).collect();
            paths.sort_unstable();
            for p in paths {
                match read(p)? {
                    // Within the journal bytes a run reads, like any read.
                    Some(Some(f)) => {
                        if !files.keep(f, &mut over) {
                            break;
                        }
                    }
                    Some(None) => {}
                    None => regular = false,
                }
            }
            regular.then_some(files)
        }
        _ => None,
    };
    let (Some(files), Some(changed)) = (partial, changed) else {
        let mut d = Vec::new();
        let files = repo.read_tree(&tree, &mut d)?;
        let mut before = inputs::load_files(files, roadmap_override, today, d)?;
        before.sources = HashMap::new();
        return Ok(before);
    };
    let mut before = inputs::load_files(files, roadmap_override, today, over)?;
    // The change compares figures and diagnostics, never source lines.
    before.sources = HashMap::new();
    let roadmap_file = match &after.roadmap_source {
        RoadmapSource::Override(p) => p.display().to_string(),
        _ => ROADMAP_PATH.to_string(),
    };
    let same = |path: &str| !changed.contains(path) && path != roadmap_file;
    before.entries.extend(
        after
            .entries
            .iter()
            .filter(|e| same(&e.entry.path))
            .cloned(),
    );
    before
        .entries
        .sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    before
        .diags
        .extend(after.diags.iter().filter(|x| same(&x.file)).cloned());
    Ok(before)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::api::ReportOptions;
    use jiff::civil::date;
    use std::collections::HashSet;

    /// A fresh temporary folder, removed when the test ends.
    fn scratch(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("pacenote-report-{name}-"))
            .tempdir()
            .expect("a scratch folder")
    }

    /// `git` in `dir` with fixed identities and dates; the api tests share it.
    pub(in crate::api) fn git(dir: &Path, args: &[&str]) {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .env("GIT_AUTHOR_DATE", "2026-01-07T18:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-07T18:00:00Z")
            .status()
            .expect("git runs")
            .success();
        assert!(ok, "git {args:?} failed");
    }

    /// A repository of two commits, each adding one entry of Ada's.
    fn two_commits(name: &str) -> tempfile::TempDir {
        let tmp = scratch(name);
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        for (day, slug) in [("05", "first"), ("06", "second")] {
            let path = dir.join(format!("journal/2026/01/{day}-{slug}.yaml"));
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(
                &path,
                format!(
                    "date: 2026-01-{day}\nminutes: 90\nkind: do\nsummary: {slug}\nauthor: Ada\n"
                ),
            )
            .expect("an entry");
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-q", "-m", slug]);
        }
        tmp
    }

    /// Reports on `dir` and returns how many times the figures were
    /// computed, and the change section as JSON.
    fn counted(
        dir: &Path,
        base: Option<&str>,
        author: Option<&str>,
    ) -> (metrics::Computations, serde_json::Value) {
        let ws = Workspace::open(dir).expect("a repository");
        let before = metrics::computations();
        let report = ws
            .report(&ReportOptions {
                as_of: Some(date(2026, 1, 7)),
                today: Some(date(2026, 1, 10)),
                base,
                author,
                cache: false,
                ..ReportOptions::default()
            })
            .expect("a report");
        let after = metrics::computations();
        (
            metrics::Computations {
                full: after.full - before.full,
                core: after.core - before.core,
            },
            serde_json::to_value(&report.data().change).expect("JSON"),
        )
    }

    #[test]
    fn a_report_with_base_computes_the_heads_figures_once_and_the_bases_few() {
        let tmp = two_commits("base-once");
        let dir = tmp.path();
        let (plain, change) = counted(dir, None, None);
        assert_eq!(plain, metrics::Computations { full: 1, core: 0 });
        assert_eq!(change, serde_json::Value::Null);
        // The head's figures are the report's own; the merge-base gets only
        // the figures the change compares.
        let (with_base, change) = counted(dir, Some("HEAD~1"), None);
        assert_eq!(with_base, metrics::Computations { full: 1, core: 1 });
        assert_eq!(change["hours_added"], 1.5);
        assert_eq!(change["before"]["hours"], 1.5);
        assert_eq!(change["after"]["hours"], 3.0);
        // Narrowed to one author, the report's figures are that author's:
        // the change needs the team's few for the head as well.
        let (narrowed, same) = counted(dir, Some("HEAD~1"), Some("Ada"));
        assert_eq!(narrowed, metrics::Computations { full: 1, core: 2 });
        assert_eq!(same, change);
    }

    /// Follows a history scan: how many times one started.
    #[derive(Default)]
    struct Scans(std::cell::Cell<usize>);

    impl history::Progress for Scans {
        fn start(&self, _total: usize) {
            self.0.set(self.0.get() + 1);
        }
        fn tick(&self, _i: usize) {}
        fn finish(&self) {}
    }

    fn write_entry(dir: &Path, path: &str, minutes: u32) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("folders");
        std::fs::write(
            &file,
            format!("date: 2026-01-05\nminutes: {minutes}\nkind: do\nsummary: Work\nauthor: Ada\n"),
        )
        .expect("an entry");
    }

    /// `--base` reads from the merge-base only what the change touched: the
    /// entry a commit adds, and the roadmap when (and only when) it changes.
    #[test]
    fn the_paths_between_two_commits_are_the_ones_the_change_touched() {
        let tmp = two_commits("paths-between");
        let dir = tmp.path();
        let repo = crate::load::repo::open(dir).expect("a repository");
        let (mb, head) = (
            repo.commit("HEAD~1").expect("HEAD~1"),
            repo.commit("HEAD").expect("HEAD"),
        );
        let changed = history::paths_between(&repo, &mb, &head).expect("the trees");
        let only_the_entry: HashSet<String> = ["journal/2026/01/06-second.yaml".to_string()].into();
        assert_eq!(changed, Some(only_the_entry));
        std::fs::write(dir.join(ROADMAP_PATH), "title: Mine\n").expect("a roadmap");
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "a roadmap"]);
        let head = repo.commit("HEAD").expect("HEAD");
        let changed = history::paths_between(&repo, &mb, &head).expect("the trees");
        let both: HashSet<String> = [
            "journal/2026/01/06-second.yaml".to_string(),
            ROADMAP_PATH.to_string(),
        ]
        .into();
        assert_eq!(changed, Some(both));
    }

    /// The merge-base's history is derived from the head's without reading
    /// the commits again, and it is the history a scan of the merge-base
    /// finds: its records, and only the edits made before the change.
    #[test]
    fn the_history_as_of_the_merge_base_is_derived_not_read_again() {
        let tmp = scratch("as-of-ancestor");
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        let a = "journal/2026/01/05-a.yaml";
        for (step, minutes) in [("add a", 30), ("edit a", 40)] {
            write_entry(dir, a, minutes);
            std::fs::write(dir.join(ROADMAP_PATH), format!("title: {step}\n")).expect("a roadmap");
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-q", "-m", step]);
        }
        // The change: a new entry, and one more edit of `a`.
        write_entry(dir, "journal/2026/01/05-b.yaml", 20);
        write_entry(dir, a, 50);
        std::fs::write(dir.join(ROADMAP_PATH), "title: Changed\n").expect("a roadmap");
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "add b, edit a"]);
        let repo = crate::load::repo::open(dir).expect("a repository");
        let (mb, head) = (
            repo.commit("HEAD~1").expect("HEAD~1"),
            repo.commit("HEAD").expect("HEAD"),
        );
        let plain = history::Options {
            cache: false,
            progress: None,
        };
        let of_head = history::scan_with(&repo, &head, plain).expect("the head's history");
        assert_eq!((of_head.edits.len(), of_head.roadmap_changes.len()), (2, 3));
        let scans = Scans::default();
        let derived = history::as_of_ancestor(
            &repo,
            &of_head,
            &head,
            &mb,
            history::Options {
                cache: false,
                progress: Some(&scans),
            },
        )
        .expect("the merge-base's history");
        assert_eq!(scans.0.get(), 0, "the commits were read again");
        let scanned = history::scan_with(&repo, &mb, plain).expect("the merge-base's history");
        assert_eq!(derived, scanned);
        assert_eq!((derived.edits.len(), derived.roadmap_changes.len()), (1, 2));
        assert_eq!(derived.records.keys().collect::<Vec<_>>(), [a]);
    }

    /// A history the cache holds for the very commit asked for is used as
    /// it is: nothing is walked, and the cache file is not written again.
    #[test]
    fn a_cached_history_of_the_head_is_read_not_written_again() {
        use std::os::unix::fs::MetadataExt;
        let tmp = two_commits("cache-hit");
        let dir = tmp.path();
        let repo = crate::load::repo::open(dir).expect("a repository");
        let head = repo.commit("HEAD").expect("HEAD");
        let cached = history::Options::default();
        let (first, walked) = history::scan_counted(&repo, &head, cached).expect("a scan");
        assert_eq!(walked, 2);
        let file = crate::load::cache::dir(&repo.git).join(format!("history-{}.cache", head.id()));
        let inode = std::fs::metadata(&file).expect("the cache file").ino();
        let (second, walked) = history::scan_counted(&repo, &head, cached).expect("a scan");
        assert_eq!((walked, &second), (0, &first));
        assert_eq!(
            std::fs::metadata(&file).expect("the cache file").ino(),
            inode
        );
        assert_eq!(
            format!("{cached:?}"),
            "Options { cache: true, progress: false }"
        );
    }

    /// `--base` reads the merge-base's side of the change folder by folder:
    /// entries of one folder, of another, one where the merge-base had a
    /// file in place of the folder, and the roadmap at the top.
    #[test]
    fn the_merge_base_side_of_a_change_is_read_folder_by_folder() {
        let tmp = scratch("base-folders");
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        write_entry(dir, "journal/2026/01/05-a.yaml", 30);
        write_entry(dir, "journal/2025/12/05-c.yaml", 60);
        std::fs::write(dir.join("journal/2026/notes"), "not a folder yet\n").expect("a file");
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "base"]);
        write_entry(dir, "journal/2026/01/05-a.yaml", 45);
        write_entry(dir, "journal/2025/12/05-c.yaml", 90);
        std::fs::remove_file(dir.join("journal/2026/notes")).expect("rm");
        write_entry(dir, "journal/2026/notes/05-b.yaml", 15);
        // A folder the merge-base does not have at all.
        write_entry(dir, "journal/2026/02/05-d.yaml", 30);
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "change"]);
        let (_, change) = counted(dir, Some("HEAD~1"), None);
        assert_eq!(change["before"]["hours"], 1.5);
        assert_eq!(change["after"]["hours"], 3.0);
    }
}
