//! Rules across entries: the daily cap per person and backfilled entries.
//! Per-file rules live in `load/`; history rules need `history/`.

pub mod render;

use crate::diag::Diagnostic;
use crate::load::entry::LoadedEntry;
use crate::metrics::calendar::days_between;
use crate::model::Roadmap;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// `entry/daily-cap`: one person's minutes on one day stay within
/// `policy.max_minutes_per_day`. `author_of` gives each entry's author.
pub fn daily_cap(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    author_of: &dyn Fn(&LoadedEntry) -> String,
) -> Vec<Diagnostic> {
    daily_cap_known(roadmap, entries, &|e| Some(author_of(e)))
}

/// `daily_cap` where `author_of` may answer `None` for an entry whose author
/// cannot be known cheaply: such an entry is not counted.
pub fn daily_cap_known(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    author_of: &dyn Fn(&LoadedEntry) -> Option<String>,
) -> Vec<Diagnostic> {
    let cap = u64::from(roadmap.policy.max_minutes_per_day);
    let mut days: BTreeMap<(String, Date), Vec<&LoadedEntry>> = BTreeMap::new();
    for e in entries {
        let Some(author) = author_of(e) else { continue };
        days.entry((author, e.entry.date)).or_default().push(e);
    }
    let mut out = Vec::new();
    for ((author, date), group) in days {
        let total: u64 = group.iter().map(|e| u64::from(e.entry.minutes)).sum();
        if total <= cap {
            continue;
        }
        for e in &group {
            out.push(
                Diagnostic::error(
                    &e.entry.path,
                    Some(e.minutes_pos),
                    "entry/daily-cap",
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
pub fn backfill(
    roadmap: &Roadmap,
    entries: &[LoadedEntry],
    recorded_on: &dyn Fn(&LoadedEntry) -> Date,
) -> Vec<Diagnostic> {
    let max = i64::from(roadmap.policy.max_backfill_days);
    entries
        .iter()
        .filter_map(|e| {
            let days = days_between(e.entry.date, recorded_on(e));
            (days > max).then(|| {
                Diagnostic::warning(
                    &e.entry.path,
                    Some(e.date_pos),
                    "entry/backfill",
                    format!("entry dated {} is recorded {days} days later; the policy allows {max}", e.entry.date),
                )
                .with_hint("log work within `policy.max_backfill_days` of doing it; backfilled hours are shown in the report's data quality")
            })
        })
        .collect()
}
