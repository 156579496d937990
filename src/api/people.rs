//! SPEC §3 "People": who wrote each entry and when it was recorded, joining
//! the loaded entries with what the history knows of them into the facts
//! the metrics count. Corrections are folded in here (SPEC §1.1).

use crate::error::Result;
use crate::history::{History, Record};
use crate::load::entry::LoadedEntry;
use crate::load::repo::Repo;
use crate::metrics::{Fact, Recorded};
use crate::model::Entry;
use std::collections::HashSet;

/// Joins loaded entries with what the history knows of them.
pub(crate) fn facts(
    entries: &[LoadedEntry],
    history: Option<&History>,
    local_user: &str,
) -> Vec<Fact> {
    facts_from(entries.to_vec(), history, local_user)
}

/// How many corrections count, and the minutes they move (SPEC §1.1: the
/// report's data quality shows both).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Corrections {
    pub count: usize,
    pub minutes: u64,
}

/// The corrections `fold_corrections` would count, without folding.
pub(crate) fn correction_stats(entries: &[LoadedEntry]) -> Corrections {
    let mut stats = Corrections::default();
    if entries.iter().all(|e| e.corrects.is_none()) {
        return stats;
    }
    let plain: HashSet<&str> = entries
        .iter()
        .filter(|e| e.corrects.is_none())
        .map(|e| e.entry.path.as_str())
        .collect();
    for c in entries.iter().filter_map(|e| e.corrects.as_ref()) {
        if plain.contains(c.path.as_str()) {
            stats.count += 1;
            stats.minutes += u64::from(c.minutes.unsigned_abs());
        }
    }
    stats
}

/// Folds each correction into the entry it corrects (SPEC §1.1: it counts as
/// part of that entry, on its date, for its author, skills, kind and
/// habits): the minutes are added, the target amounts appended, and the
/// correction itself leaves the list. A correction whose entry is missing
/// or is a correction counts nowhere (`check::corrections` reports it).
pub(crate) fn fold_corrections(entries: Vec<LoadedEntry>) -> (Vec<LoadedEntry>, Corrections) {
    if entries.iter().all(|e| e.corrects.is_none()) {
        return (entries, Corrections::default());
    }
    let plain: HashSet<String> = entries
        .iter()
        .filter(|e| e.corrects.is_none())
        .map(|e| e.entry.path.clone())
        .collect();
    let mut deltas: std::collections::HashMap<String, (i64, Vec<crate::model::TargetRef>)> =
        std::collections::HashMap::new();
    let mut stats = Corrections::default();
    let mut kept = Vec::with_capacity(entries.len());
    for e in entries {
        match &e.corrects {
            Some(c) => {
                if plain.contains(&c.path) {
                    stats.count += 1;
                    stats.minutes += u64::from(c.minutes.unsigned_abs());
                    let d = deltas.entry(c.path.clone()).or_default();
                    d.0 += i64::from(c.minutes);
                    d.1.extend(e.entry.targets.iter().cloned());
                }
            }
            None => kept.push(e),
        }
    }
    for e in &mut kept {
        if let Some((m, targets)) = deltas.remove(&e.entry.path) {
            e.entry.minutes = (i64::from(e.entry.minutes) + m).clamp(0, 1440) as u32;
            e.entry.targets.extend(targets);
        }
    }
    (kept, stats)
}

/// `facts`, taking the entries instead of copying them. Corrections are
/// folded into the entries they correct (`fold_corrections`).
pub(crate) fn facts_from(
    entries: Vec<LoadedEntry>,
    history: Option<&History>,
    local_user: &str,
) -> Vec<Fact> {
    let (entries, _) = fold_corrections(entries);
    entries
        .into_iter()
        .map(|e| {
            let rec = record_of(&e.entry, history);
            Fact {
                author: author_of(&e.entry, rec, local_user).into(),
                recorded: rec.map(|r| Recorded {
                    at: r.at.time,
                    date: r.at.date,
                    commit: r.at.commit.to_string().into(),
                }),
                entry: e.entry,
            }
        })
        .collect()
}

/// The commit that recorded an entry, if the history knows it.
pub(crate) fn record_of<'a>(entry: &Entry, history: Option<&'a History>) -> Option<&'a Record> {
    history.and_then(|h| h.records.get(&entry.path))
}

/// An entry's author: `author:`, else the recording commit's author, else
/// the local git user.
pub(crate) fn author_of<'a>(
    entry: &'a Entry,
    rec: Option<&'a Record>,
    local_user: &'a str,
) -> &'a str {
    entry
        .author
        .as_deref()
        .or_else(|| rec.map(|r| r.author.as_str()))
        .unwrap_or(local_user)
}

/// The name used for entries that are not committed and name no author:
/// the author git would give the coming commit (`GIT_AUTHOR_NAME`, which
/// git also exports to its hooks, else `user.name`).
pub(crate) fn local_user(repo: &Repo) -> String {
    std::env::var("GIT_AUTHOR_NAME")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| repo.user_name())
        .unwrap_or_else(|| "unknown".into())
}

/// SPEC §3 "People", the one author rule every command uses: an entry's
/// author is its `author:` field, else the git author of the commit that
/// recorded it, else (an entry not committed yet) the local git user.
pub(crate) struct People<'a> {
    hist: Option<&'a History>,
    me: &'a str,
    /// In a shallow clone: the entry paths HEAD holds, whose recording
    /// commits (and so authors and recorded dates) cannot be known.
    unknowable: HashSet<String>,
}

impl<'a> People<'a> {
    /// `hist` is the history of HEAD (`None` without commits, or in a
    /// shallow clone, where `repo` tells which entries HEAD holds).
    pub(crate) fn new(
        repo: &Repo,
        hist: Option<&'a History>,
        me: &'a str,
        paths: &mut dyn Iterator<Item = &str>,
    ) -> Result<People<'a>> {
        let mut unknowable = HashSet::new();
        if hist.is_none() && repo.git.is_shallow() {
            if let Some(head) = repo.head_commit()? {
                let mut tree = crate::load::repo::TreePaths::new(&repo.git, head.tree()?);
                unknowable.extend(paths.filter(|p| tree.has(p)).map(str::to_string));
            }
        }
        Ok(People {
            hist,
            me,
            unknowable,
        })
    }

    /// The entry's author; `None` when only a history this clone lacks
    /// could say.
    pub(crate) fn author(&self, e: &Entry) -> Option<String> {
        if let Some(a) = &e.author {
            return Some(a.clone());
        }
        match record_of(e, self.hist) {
            Some(r) => Some(r.author.clone()),
            None if self.unknowable.contains(&e.path) => None,
            None => Some(self.me.to_string()),
        }
    }

    /// The date the entry was recorded (today for one not committed yet);
    /// `None` when only a history this clone lacks could say.
    pub(crate) fn recorded_on(
        &self,
        e: &Entry,
        today: jiff::civil::Date,
    ) -> Option<jiff::civil::Date> {
        match record_of(e, self.hist) {
            Some(r) => Some(r.at.date),
            None if self.unknowable.contains(&e.path) => None,
            None => Some(today),
        }
    }

    /// How many entries the history this clone lacks would be needed for.
    pub(crate) fn unknowable(&self) -> usize {
        self.unknowable.len()
    }
}
