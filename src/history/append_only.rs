//! `history/append-only` (SPEC §4): a change must not edit or delete an
//! entry recorded more than `policy.append_only_after_days` before the
//! change's newest commit. Corrections go in a new entry.

use super::{commit_when, commits_between, merge_base, EditKind, History};
use crate::diag::Diagnostic;
use crate::diag::Rule;
use crate::error::Result;
use crate::load::repo::Repo;
use crate::model::calendar::days_between;
use crate::model::Roadmap;
use std::collections::HashSet;

/// The change is what `head` adds to the merge-base of `base` and `head`;
/// `h` is the history of `head`.
pub(crate) fn append_only(
    repo: &Repo,
    h: &History,
    base: &str,
    head: &git2::Commit,
    roadmap: &Roadmap,
) -> Result<Vec<Diagnostic>> {
    let mb = merge_base(repo, base, head)?;
    let commits = commits_between(repo, mb.id(), head.id())?;
    let Some(newest) = commits
        .iter()
        .max_by_key(|c| c.committer().when().seconds())
    else {
        return Ok(Vec::new());
    };
    let newest_date = commit_when(newest)?.date;
    let in_change: HashSet<git2::Oid> = commits.iter().map(git2::Commit::id).collect();
    let limit = i64::from(roadmap.policy.append_only_after_days);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for e in h.edits.iter().filter(|e| in_change.contains(&e.at.commit)) {
        let Some(rec) = h.records.get(&e.path) else {
            continue;
        };
        // An entry recorded by the change itself may still be reworked.
        if in_change.contains(&rec.at.commit) || !seen.insert((e.path.as_str(), e.kind)) {
            continue;
        }
        let age = days_between(rec.at.date, newest_date);
        if age <= limit {
            continue;
        }
        let verb = match e.kind {
            EditKind::Edited => "edits",
            EditKind::Deleted => "deletes",
        };
        let id = rec.at.commit.to_string();
        out.push(
            Diagnostic::error(
                &e.path,
                None,
                Rule::HistoryAppendOnly,
                format!(
                    "commit {} {verb} this entry, recorded {age} days before the change's newest commit (in commit {} on {}); entries older than {limit} days are append-only",
                    &e.at.commit.to_string()[..10],
                    &id[..10],
                    rec.at.date
                ),
            )
            .with_hint(correction_hint(&e.path)),
        );
    }
    Ok(out)
}

/// The way out of `history/append-only`: the exact command that records a
/// correction of `path` (SPEC §1.1).
pub(crate) fn correction_hint(path: &str) -> String {
    format!(
        "restore the entry as it was, and record the correction in a new entry: `pacenote log --corrects {path} -15m \"why\"` (the minutes to add or, negative, to take away)"
    )
}
