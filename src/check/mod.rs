//! Rules across entries: the daily cap per person and backfilled entries;
//! and whether the entry schema still lists the roadmap's ids.
//! Per-file rules live in `load/`; history rules need `history/`.

pub(crate) mod render;

use crate::diag::Diagnostic;
use crate::diag::Rule;
use crate::load::entry::LoadedEntry;
use crate::model::calendar::days_between;
use crate::model::Roadmap;
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

/// `roadmap/time-off-author`: a `time_off` range names an author who wrote
/// no entry, while the journal has authors (a typo would silently give that
/// person's days off to nobody). A warning: the person may not have logged
/// yet. `authors` are the journal's authors; `file` names the roadmap.
pub(crate) fn time_off_authors(
    roadmap: &Roadmap,
    file: &str,
    authors: &HashSet<&str>,
) -> Vec<Diagnostic> {
    if authors.is_empty() {
        return Vec::new();
    }
    let mut known: Vec<&str> = authors.iter().copied().collect();
    known.sort_unstable();
    roadmap
        .time_off
        .iter()
        .filter_map(|t| {
            let a = t.author.as_deref()?;
            if authors.contains(a) {
                return None;
            }
            let pos = t
                .author_at
                .map(|(line, column)| crate::diag::Pos { line, column });
            let hint = match crate::diag::did_you_mean(a, known.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? authors in the journal: {}",
                    list(&known)
                ),
                None => format!(
                    "authors in the journal: {}; leave `author` out for days off for everyone",
                    list(&known)
                ),
            };
            Some(
                Diagnostic::warning(
                    file,
                    pos,
                    Rule::RoadmapTimeOffAuthor,
                    format!("`time_off` names `{a}`, who has no entry in the journal"),
                )
                .with_hint(hint),
            )
        })
        .collect()
}

/// At most ten names, then how many more.
fn list(names: &[&str]) -> String {
    let shown: Vec<&str> = names.iter().take(10).copied().collect();
    match names.len().saturating_sub(10) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// `entry/daily-cap`: one person's minutes on one day stay within
/// `policy.max_minutes_per_day`. `author_of` gives each entry's author.
#[cfg(test)]
fn daily_cap(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    author_of: &dyn Fn(&LoadedEntry) -> String,
) -> Vec<Diagnostic> {
    daily_cap_known(roadmap, entries, &|e| Some(author_of(e)))
}

/// `daily_cap` where `author_of` may answer `None` for an entry whose author
/// cannot be known cheaply: such an entry is not counted.
pub(crate) fn daily_cap_known(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    author_of: &dyn Fn(&LoadedEntry) -> Option<String>,
) -> Vec<Diagnostic> {
    let authors: Vec<Option<String>> = entries.iter().map(author_of).collect();
    daily_cap_of(
        roadmap,
        entries
            .iter()
            .zip(&authors)
            .filter_map(|(e, a)| Some((e, a.as_deref()?))),
    )
}

/// `entry/daily-cap` over entries paired with their authors. Linear in the
/// number of entries: the minutes are summed per author and day first, and
/// only the days over the cap are grouped and sorted (by author, then date,
/// each day's entries in the order given).
pub(crate) fn daily_cap_of<'a>(
    roadmap: &Roadmap,
    entries: impl IntoIterator<Item = (&'a LoadedEntry, &'a str)>,
) -> Vec<Diagnostic> {
    let cap = u64::from(roadmap.policy.max_minutes_per_day);
    // Authors become small numbers once, so that days are keyed cheaply.
    let mut ids: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut items: Vec<(usize, &LoadedEntry)> = Vec::new();
    let mut totals: foldhash::HashMap<(usize, Date), u64> = foldhash::HashMap::default();
    for (e, author) in entries {
        let id = *ids.entry(author).or_insert_with(|| {
            names.push(author);
            names.len() - 1
        });
        *totals.entry((id, e.entry.date)).or_default() += u64::from(e.entry.minutes);
        items.push((id, e));
    }
    let mut over: Vec<(&str, Date, u64, &LoadedEntry)> = items
        .into_iter()
        .filter_map(|(id, e)| {
            let total = totals[&(id, e.entry.date)];
            (total > cap).then(|| (names[id], e.entry.date, total, e))
        })
        .collect();
    // Stable: a day's entries keep their order.
    over.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = Vec::new();
    for group in over.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        for &(author, date, total, e) in group {
            out.push(
                Diagnostic::error(
                    &e.entry.path,
                    Some(e.minutes_pos),
                    Rule::EntryDailyCap,
                    if group.len() == 1 {
                        format!("this entry logs {total} minutes on {date}, more than the daily limit of {cap}")
                    } else {
                        format!(
                            "{} entries by {author} log {total} minutes on {date}, more than the daily limit of {cap}",
                            group.len()
                        )
                    },
                )
                .with_hint("check the minutes for typos (hours logged as minutes?), or raise `policy.max_minutes_per_day`"),
            );
        }
    }
    out
}

/// `entry/backfill`: an entry recorded more than `policy.max_backfill_days`
/// after its date (a warning). `recorded_on` gives the recorded date; for an
/// entry not yet committed it is today.
pub(crate) fn backfill(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    recorded_on: &dyn Fn(&LoadedEntry) -> Date,
) -> Vec<Diagnostic> {
    backfill_of(roadmap, entries.iter().map(|e| (e, recorded_on(e))))
}

/// `entry/backfill` over entries paired with their recorded dates.
pub(crate) fn backfill_of<'a>(
    roadmap: &Roadmap,
    entries: impl IntoIterator<Item = (&'a LoadedEntry, Date)>,
) -> Vec<Diagnostic> {
    let max = i64::from(roadmap.policy.max_backfill_days);
    entries
        .into_iter()
        .filter_map(|(e, recorded)| {
            let days = days_between(e.entry.date, recorded);
            (days > max).then(|| {
                Diagnostic::warning(
                    &e.entry.path,
                    Some(e.date_pos),
                    Rule::EntryBackfill,
                    format!("entry dated {} is recorded {days} days later; the policy allows {max}", e.entry.date),
                )
                .with_hint("log work within `policy.max_backfill_days` of doing it; backfilled hours are shown in the report's data quality")
            })
        })
        .collect()
}

/// Where `init` writes the entry schema for editors.
pub(crate) const ENTRY_SCHEMA_PATH: &str = "schema/entry.schema.json";

/// `schema/stale` (a warning): the entry schema for editors (`text`, the
/// content of `schema/entry.schema.json`) does not list exactly the
/// roadmap's skill, target and habit ids, so editors would flag valid ids or
/// miss unknown ones.
pub(crate) fn stale_schema(roadmap: &Roadmap, text: &[u8]) -> Option<Diagnostic> {
    let fix = "pacenote schema entry > schema/entry.schema.json";
    let schema: Option<serde_json::Value> = serde_json::from_slice(text).ok();
    let listed = |kind: &str| -> Option<Vec<String>> {
        schema.as_ref()?["$defs"][kind]["enum"]
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let wanted: [(&str, &str, Vec<String>); 3] = [
        (
            "skill",
            "skills",
            roadmap.skills.iter().map(|s| s.id.to_string()).collect(),
        ),
        (
            "target",
            "targets",
            roadmap.targets().map(|(_, t)| t.id.to_string()).collect(),
        ),
        (
            "habit",
            "habits",
            roadmap.habits.iter().map(|h| h.id.to_string()).collect(),
        ),
    ];
    let mut differences = Vec::new();
    for (kind, plural, ids) in &wanted {
        match listed(kind) {
            None => {
                differences.clear();
                differences.push("it lists none of the roadmap's ids".to_string());
                break;
            }
            Some(have) if &have != ids => {
                let missing: Vec<&str> = ids
                    .iter()
                    .filter(|i| !have.contains(i))
                    .map(String::as_str)
                    .collect();
                let extra: Vec<&str> = have
                    .iter()
                    .filter(|i| !ids.contains(i))
                    .map(String::as_str)
                    .collect();
                let mut d = format!("its {plural} differ from the roadmap's");
                if !missing.is_empty() {
                    d.push_str(&format!(" (missing {})", missing.join(", ")));
                }
                if !extra.is_empty() {
                    d.push_str(&format!(
                        " (no longer in the roadmap: {})",
                        extra.join(", ")
                    ));
                }
                differences.push(d);
            }
            Some(_) => {}
        }
    }
    if differences.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            ENTRY_SCHEMA_PATH,
            None,
            Rule::SchemaStale,
            format!(
                "{ENTRY_SCHEMA_PATH} does not match the roadmap: {}; editors would check entries against old ids",
                differences.join("; ")
            ),
        )
        .with_hint(format!("regenerate it: `{fix}`")),
    )
}

/// SPEC §1.1 corrections, across entries: `entry/corrects` for a correction
/// that names no committed entry (`committed` tells which paths are), or
/// names a correction; `entry/correction-range` for an entry whose minutes
/// with its corrections leave 1..1440, or a target amount whose running
/// sum (entries by date, a correction on its corrected entry's date) goes
/// below 0.
pub(crate) fn corrections(
    entries: &[LoadedEntry],
    committed: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, &LoadedEntry> =
        entries.iter().map(|e| (e.entry.path.as_str(), e)).collect();
    let mut out = Vec::new();
    // Valid corrections, by the path they correct.
    let mut of: HashMap<&str, Vec<&LoadedEntry>> = HashMap::new();
    for e in entries {
        let Some(c) = &e.corrects else { continue };
        match by_path.get(c.path.as_str()) {
            Some(t) if committed(&c.path) => {
                if let Some(tc) = &t.corrects {
                    out.push(
                        Diagnostic::error(
                            &e.entry.path,
                            Some(c.pos),
                            Rule::EntryCorrects,
                            format!("{} is itself a correction; a correction of a correction is not allowed", c.path),
                        )
                        .with_hint(format!("correct the original entry: `corrects: {}`", tc.path)),
                    );
                } else {
                    of.entry(c.path.as_str()).or_default().push(e);
                }
            }
            _ => out.push(
                Diagnostic::error(
                    &e.entry.path,
                    Some(c.pos),
                    Rule::EntryCorrects,
                    format!("`corrects` names {}, which is not a committed journal entry", c.path),
                )
                .with_hint("name the path of an entry already committed (`git log --name-only -- journal/` lists them), or commit that entry first"),
            ),
        }
    }
    let mut targets_in: Vec<(Date, bool, &str, &str, f64, &LoadedEntry)> = Vec::new();
    for e in entries {
        if e.corrects.is_none() {
            for t in &e.entry.targets {
                targets_in.push((e.entry.date, false, &e.entry.path, &t.id, t.amount, e));
            }
        }
    }
    let mut paths: Vec<&&str> = of.keys().collect();
    paths.sort();
    for path in paths {
        let fixes = &of[*path];
        let target = by_path[*path];
        let net = i64::from(target.entry.minutes)
            + fixes
                .iter()
                .filter_map(|c| c.corrects.as_ref())
                .map(|c| i64::from(c.minutes))
                .sum::<i64>();
        for c in fixes {
            if !(1..=1440).contains(&net) {
                out.push(
                    Diagnostic::error(
                        &c.entry.path,
                        Some(c.minutes_pos),
                        Rule::EntryCorrectionRange,
                        format!(
                            "with its corrections, {path} counts {net} minutes; an entry and its corrections must add up to 1..1440"
                        ),
                    )
                    .with_hint(format!(
                        "the entry has {} minutes; correct it by {}..{} minutes",
                        target.entry.minutes,
                        1 - i64::from(target.entry.minutes),
                        1440 - i64::from(target.entry.minutes)
                    )),
                );
            }
            for t in &c.entry.targets {
                targets_in.push((target.entry.date, true, &c.entry.path, &t.id, t.amount, c));
            }
        }
    }
    targets_in.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut sums: HashMap<&str, f64> = HashMap::new();
    for (date, is_fix, _, id, amount, e) in targets_in {
        let sum = sums.entry(id).or_default();
        *sum += amount;
        if is_fix && *sum < -1e-9 {
            let pos = e.corrects.as_ref().map_or(e.minutes_pos, |c| c.pos);
            out.push(
                Diagnostic::error(
                    &e.entry.path,
                    Some(pos),
                    Rule::EntryCorrectionRange,
                    format!(
                        "with this correction, target `{id}` adds up to {sum} on {date}, below 0"
                    ),
                )
                .with_hint("a correction can take away at most what the entries before it added"),
            );
        }
    }
    out
}

/// `entry/duplicate` (a warning): an entry identical in date, minutes,
/// summary and author to an earlier one (by path), the trace of a command
/// run twice; it would count twice. Corrections and entries whose author
/// cannot be known are left out.
pub(crate) fn duplicates(
    entries: &[LoadedEntry],
    author_of: &dyn Fn(&LoadedEntry) -> Option<String>,
) -> Vec<Diagnostic> {
    // By path without its extension, so that `x.yaml` comes before the
    // `x-2.yaml` that `log` writes next to it.
    fn stem(p: &str) -> (&str, usize) {
        let s = p
            .strip_suffix(".yaml")
            .or_else(|| p.strip_suffix(".yml"))
            .unwrap_or(p);
        (s, p.len())
    }
    let mut sorted: Vec<&LoadedEntry> = entries.iter().filter(|e| e.corrects.is_none()).collect();
    sorted.sort_by(|a, b| stem(&a.entry.path).cmp(&stem(&b.entry.path)));
    let mut first: foldhash::HashMap<(Date, u32, &str, String), &str> =
        foldhash::HashMap::with_capacity_and_hasher(
            sorted.len(),
            foldhash::fast::RandomState::default(),
        );
    let mut out = Vec::new();
    for e in sorted {
        let Some(author) = author_of(e) else { continue };
        let key = (
            e.entry.date,
            e.entry.minutes,
            e.entry.summary.as_str(),
            author,
        );
        match first.get(&key) {
            Some(other) => out.push(
                Diagnostic::warning(
                    &e.entry.path,
                    Some(e.date_pos),
                    Rule::EntryDuplicate,
                    format!(
                        "this entry has the same date, minutes, summary and author as {other}; both count"
                    ),
                )
                .with_hint("if the work was logged twice by mistake, delete the newer file (before it is committed) or record a correction; if it was done twice, give it a distinct summary"),
            ),
            None => {
                first.insert(key, &e.entry.path);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! The rules on their limits: a limit itself is allowed, one past it is not.

    use super::*;
    use crate::diag::Pos;
    use crate::model::{Entry, Policy};

    fn d(s: &str) -> Date {
        s.parse().expect("a test date")
    }

    fn loaded(path: &str, date: &str, minutes: u32) -> LoadedEntry {
        LoadedEntry {
            entry: Entry::work(path.into(), d(date), minutes),
            date_pos: Pos { line: 1, column: 7 },
            minutes_pos: Pos {
                line: 2,
                column: 10,
            },
            corrects: None,
        }
    }

    fn with_policy(policy: Policy) -> Roadmap {
        Roadmap {
            policy,
            ..crate::load::default_roadmap()
        }
    }

    fn codes(ds: &[Diagnostic]) -> Vec<(String, String)> {
        ds.iter()
            .map(|d| (d.file.clone(), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_day_at_exactly_the_daily_cap_is_allowed_one_minute_more_is_not() {
        let r = with_policy(Policy {
            max_minutes_per_day: 100,
            ..Policy::default()
        });
        let es = [
            loaded("journal/a1.yaml", "2026-01-05", 60),
            loaded("journal/a2.yaml", "2026-01-05", 40),
            loaded("journal/b1.yaml", "2026-01-05", 60),
            loaded("journal/b2.yaml", "2026-01-05", 41),
            // alice's next day starts from nothing.
            loaded("journal/a3.yaml", "2026-01-06", 100),
            loaded("journal/b3.yaml", "2026-01-06", 101),
        ];
        let author = |e: &LoadedEntry| -> String {
            if e.entry.path.starts_with("journal/a") {
                "alice"
            } else {
                "bob"
            }
            .into()
        };
        assert_eq!(
            codes(&daily_cap(&r, &es, &author)),
            [
                ("journal/b1.yaml".into(), "2 entries by bob log 101 minutes on 2026-01-05, more than the daily limit of 100".into()),
                ("journal/b2.yaml".into(), "2 entries by bob log 101 minutes on 2026-01-05, more than the daily limit of 100".into()),
                ("journal/b3.yaml".into(), "this entry logs 101 minutes on 2026-01-06, more than the daily limit of 100".into()),
            ]
        );
        // A day exactly at the cap, whoever wrote it.
        let one = daily_cap(&r, &es[..2], &|_| "alice".to_string());
        assert!(one.is_empty(), "{one:?}");
    }

    #[test]
    fn an_entry_recorded_exactly_max_backfill_days_later_is_not_flagged() {
        let r = with_policy(Policy::default());
        let es = [
            loaded("journal/on-time.yaml", "2026-01-01", 30),
            loaded("journal/limit.yaml", "2026-01-01", 30),
            loaded("journal/late.yaml", "2026-01-01", 30),
        ];
        let recorded = |e: &LoadedEntry| match e.entry.path.as_str() {
            "journal/on-time.yaml" => d("2026-01-01"),
            "journal/limit.yaml" => d("2026-01-15"),
            _ => d("2026-01-16"),
        };
        let out = backfill(&r, &es, &recorded);
        assert_eq!(
            codes(&out),
            [(
                "journal/late.yaml".into(),
                "entry dated 2026-01-01 is recorded 15 days later; the policy allows 14".into()
            )]
        );
        assert_eq!(out[0].code, Rule::EntryBackfill);
        // A policy of 0 days: the same day only.
        let strict = with_policy(Policy {
            max_backfill_days: 0,
            ..Policy::default()
        });
        let next_day = |e: &LoadedEntry| match e.entry.path.as_str() {
            "journal/on-time.yaml" => d("2026-01-01"),
            _ => d("2026-01-02"),
        };
        let flagged: Vec<String> = backfill(&strict, &es, &next_day)
            .into_iter()
            .map(|d| d.file)
            .collect();
        assert_eq!(flagged, ["journal/limit.yaml", "journal/late.yaml"]);
    }
}
