//! The roadmap's versions along the history (SPEC §3 "Scope changes"):
//! each commit that changed `roadmap.yaml` is compared with its parent's
//! version. The walk finds those commits (and the history cache keeps
//! them); this reads and parses only their roadmap blobs, each once.

use super::History;
use crate::diag::Diagnostic;
use crate::diag::Rule;
use crate::load::repo::{Repo, ROADMAP_PATH};
use crate::model::scope::{diff, ScopeChange};
use crate::model::Roadmap;
use git2::Oid;
use jiff::civil::Date;
use std::collections::HashMap;

/// What the roadmap's history says.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Every change, oldest first.
    pub changes: Vec<ScopeChange>,
    /// The versions that parse, each in force from its commit's date,
    /// oldest first; the first is the baseline.
    pub versions: Vec<(Date, Roadmap)>,
    /// One warning per version that does not parse (it is skipped).
    pub warnings: Vec<Diagnostic>,
}

/// Reads the scope changes of the history `h`. Relative windows are read
/// against each version's `start:`, else `start` (the report's).
pub(crate) fn read(repo: &Repo, h: &History, start: Date) -> Scope {
    let mut parsed: HashMap<Oid, Option<Roadmap>> = HashMap::new();
    let mut parse = |blob: Oid| -> Option<Roadmap> {
        parsed
            .entry(blob)
            .or_insert_with(|| {
                // Bounded: a version over the size limit reads as too large.
                let bytes = repo.blob_bytes(blob, ROADMAP_PATH).ok()?;
                let mut quiet = Vec::new();
                crate::load::load_roadmap(ROADMAP_PATH, &bytes, &mut quiet)
            })
            .clone()
    };
    let mut out = Scope::default();
    for c in &h.roadmap_changes {
        // A commit that removes the file leaves the last version in force.
        let Some(after_blob) = c.after else { continue };
        let short: String = c.at.commit.to_string().chars().take(7).collect();
        let Some(after) = parse(after_blob) else {
            out.warnings.push(
                Diagnostic::warning(
                    ROADMAP_PATH,
                    None,
                    Rule::HistoryRoadmapVersion,
                    format!(
                        "the roadmap of commit {short} ({}) has errors; its scope changes are left out",
                        c.at.date
                    ),
                )
                .with_hint("the versions before and after it are compared instead; the warning stays while the commit is in the history"),
            );
            continue;
        };
        // Compared with the parent's version, or, when that one does not
        // parse, with the last version that did.
        let before = match c.before {
            None => None,
            Some(b) => parse(b).or_else(|| out.versions.last().map(|(_, r)| r.clone())),
        };
        if let Some(before) = before {
            for (milestone, change, target, was, now) in diff(&before, &after, start) {
                out.changes.push(ScopeChange {
                    date: c.at.date,
                    commit: c.at.commit.to_string(),
                    milestone,
                    change,
                    target,
                    before: was,
                    after: now,
                });
            }
        }
        out.versions.push((c.at.date, after));
    }
    out
}
