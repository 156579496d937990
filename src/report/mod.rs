//! The report: data assembled from the metrics and the history, rendered as
//! markdown (the PR comment), text (the terminal), JSON, or a user template.

pub mod data;
pub(crate) mod escape;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod schema;
pub(crate) mod template;
pub(crate) mod text;

use crate::diag::Rule;
use crate::diag::{Diagnostic, Severity};
use crate::metrics::{self, Fact, Metrics};
use crate::model::calendar::days_between;
use crate::model::Roadmap;
use data::*;
use jiff::civil::Date;

/// Everything the report is built from.
pub(crate) struct Inputs<'a> {
    pub roadmap: &'a Roadmap,
    pub roadmap_source: String,
    pub facts: &'a [Fact],
    pub as_of: Date,
    pub author: Option<String>,
    pub history_available: bool,
    pub edits: Vec<EditData>,
    pub diagnostics: Vec<Diagnostic>,
    pub invalid_entries: usize,
    pub change: Option<Change>,
    /// Corrections (SPEC §1.1) folded into the entries they correct, and
    /// the minutes they moved (up or down).
    pub corrections: usize,
    pub corrected_minutes: u64,
    /// What the roadmap file's history says (empty without one).
    pub scope: crate::history::scope::Scope,
}

/// The headline names time off that starts within this many days of T.
pub(crate) const UPCOMING_TIME_OFF_DAYS: i64 = 28;

/// The most diagnostics listed in the report.
const MAX_LISTED_DIAGNOSTICS: usize = 200;

/// The roadmap start for a set of facts.
pub(crate) fn start_of(roadmap: &Roadmap, facts: &[Fact], today: Date) -> Date {
    crate::model::calendar::roadmap_start(roadmap, metrics::earliest(facts), today)
}

pub(crate) fn build(inp: Inputs, today: Date) -> ReportData {
    // The start does not move when narrowing to one author.
    let start = start_of(inp.roadmap, inp.facts, today);
    // One author's facts are copied; all of them are only borrowed.
    let mine: Vec<Fact>;
    let facts: &[Fact] = match &inp.author {
        Some(a) => {
            mine = inp
                .facts
                .iter()
                .filter(|f| *f.author == **a)
                .cloned()
                .collect();
            &mine
        }
        None => inp.facts,
    };
    let ask = metrics::Ask {
        roadmap: inp.roadmap,
        start,
        facts,
        t: inp.as_of,
        who: inp.author.as_deref(),
    };
    let mut m: Metrics = metrics::compute_for(&ask);
    let week_start = crate::model::calendar::habit_period_start(
        crate::model::Every::Week,
        inp.as_of,
        inp.roadmap.policy.week_start,
    );
    let this_week = m.figures.weeks.last().filter(|w| w.start == week_start);
    let scope: Vec<crate::model::scope::ScopeChange> = inp
        .scope
        .changes
        .into_iter()
        .filter(|c| c.date <= inp.as_of)
        .collect();
    for x in &mut m.figures.milestones {
        x.scope_changes = scope.iter().filter(|c| c.milestone == x.id).count();
    }
    let burn_up = metrics::verdict::stage(&m.figures.milestones).map(|x| {
        // The versions of the history, then the roadmap as reported, in
        // force at T.
        let mut versions: Vec<(Date, &Roadmap)> =
            inp.scope.versions.iter().map(|(d, r)| (*d, r)).collect();
        versions.push((inp.as_of, inp.roadmap));
        metrics::scope::burn_up(
            &x.id,
            (x.start, x.end),
            &versions,
            &ask.counted(),
            inp.as_of,
        )
    });
    let mut history = history_data(
        inp.roadmap,
        facts,
        inp.as_of,
        inp.history_available,
        inp.edits,
    );
    history.corrections = inp.corrections;
    history.corrected_hours = metrics::round(inp.corrected_minutes as f64 / 60.0);
    let current: Vec<crate::model::MilestoneId> = m
        .figures
        .milestones
        .iter()
        .filter(|x| x.current)
        .map(|x| x.id.clone())
        .collect();
    let verdict = metrics::verdict::verdict(
        &m,
        &metrics::verdict::off_days(inp.roadmap, inp.author.as_deref()),
    );
    let next = next_up(&m, verdict.stage.as_deref());
    let series = metrics::series::compute_for(&ask, verdict.stage.as_deref());
    let time_off: Vec<TimeOffData> = inp
        .roadmap
        .time_off
        .iter()
        .map(|t| TimeOffData {
            start: t.start,
            end: t.end,
            reason: t.reason.clone(),
            author: t.author.clone(),
            days: days_between(t.start, t.end) + 1,
            current: t.start <= inp.as_of && inp.as_of <= t.end,
        })
        .collect();
    let horizon = crate::model::calendar::add_days(inp.as_of, UPCOMING_TIME_OFF_DAYS);
    let mut soon: Vec<TimeOffData> = inp
        .roadmap
        .time_off
        .iter()
        .zip(&time_off)
        .filter(|(t, x)| {
            (x.current || (t.start > inp.as_of && t.start <= horizon))
                && (inp.author.is_none() || t.applies_to(inp.author.as_deref()))
        })
        .map(|(_, x)| x.clone())
        .collect();
    soon.sort_by(|a, b| (!a.current, a.start, &a.author).cmp(&(!b.current, b.start, &b.author)));
    let errors = inp
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = inp.diagnostics.len() - errors;
    let rules = rule_counts(&inp.diagnostics, facts, &history);
    ReportData {
        version: REPORT_VERSION,
        generator: format!("pacenote {}", env!("CARGO_PKG_VERSION")),
        as_of: inp.as_of,
        roadmap: RoadmapInfo {
            title: inp.roadmap.title.clone(),
            start,
            source: inp.roadmap_source,
        },
        author: inp.author,
        headline: Headline {
            current_milestones: current,
            stage: verdict.stage.clone(),
            week_start: this_week.map_or(week_start, |w| w.start),
            week_hours: m.trend.this_week,
            week_budget: this_week.map_or(0.0, |w| w.budget),
            week_budget_to_date: this_week.map_or(0.0, |w| w.budget_to_date),
            trend: m.trend.clone(),
            practice_streak: m.figures.practice.current_streak,
            time_off: soon,
            backfilled_share: history
                .backfilled_share
                .filter(|s| *s > BACKFILL_HEADLINE_SHARE),
        },
        verdict,
        next,
        totals: m.totals,
        time_off,
        scope,
        burn_up,
        figures: m.figures,
        history,
        people: m.people,
        quality: Quality {
            errors,
            warnings,
            rules,
            invalid_entries: inp.invalid_entries,
            diagnostics: inp
                .diagnostics
                .into_iter()
                .take(MAX_LISTED_DIAGNOSTICS)
                .collect(),
        },
        change: inp.change,
        series,
    }
}

/// The backfilled share of hours above which the headline shows it.
pub(crate) const BACKFILL_HEADLINE_SHARE: f64 = 0.25;

/// What to do next: the stage's open targets, the non-optional habits not
/// yet hit in their current period, the neglected P0 skills.
fn next_up(m: &Metrics, stage: Option<&str>) -> NextUp {
    let targets = m
        .figures
        .milestones
        .iter()
        .filter(|x| Some(x.id.as_str()) == stage)
        .flat_map(|x| {
            x.targets.iter().filter(|t| !t.done).map(|t| NextTarget {
                id: t.target.id.clone(),
                title: t.target.title.clone(),
                milestone: x.id.clone(),
                amount: t.amount,
                goal: t.target.goal,
                left: metrics::round((t.target.goal - t.amount).max(0.0)),
                left_per_day: x
                    .pace
                    .as_ref()
                    .filter(|p| p.remaining_days > 0 && t.target.goal > 1.0)
                    .map(|p| {
                        metrics::round(
                            (t.target.goal - t.amount).max(0.0) / p.remaining_days as f64,
                        )
                    }),
                unit: t.target.unit.clone(),
                by: x.end,
            })
        })
        .collect();
    let habits = m
        .figures
        .habits
        .iter()
        .filter(|h| !h.optional && !h.current && m.as_of >= m.start)
        .map(|h| NextHabit {
            id: h.id.clone(),
            title: h.title.clone(),
            every: h.every,
            times: h.times,
            done: h.current_count,
            period_end: h.period_end,
            due_today: h.period_end == m.as_of,
        })
        .collect();
    let skills = m
        .figures
        .skills
        .iter()
        .filter(|s| s.neglected)
        .map(|s| NextSkill {
            id: s.id.clone(),
            name: s.name.clone(),
            last_practised: s.last_practised,
        })
        .collect();
    NextUp {
        targets,
        habits,
        skills,
    }
}

/// The diagnostics grouped by rule, most frequent first (then by code).
fn rule_counts(diags: &[Diagnostic], facts: &[Fact], history: &HistoryData) -> Vec<RuleCount> {
    let minutes: std::collections::HashMap<&str, u32> = facts
        .iter()
        .map(|f| (f.entry.path.as_str(), f.entry.minutes))
        .collect();
    let mut by: std::collections::BTreeMap<Rule, Vec<&Diagnostic>> =
        std::collections::BTreeMap::new();
    for d in diags {
        by.entry(d.code).or_default().push(d);
    }
    let mut out: Vec<RuleCount> = by
        .into_iter()
        .map(|(code, ds)| {
            let mut files: Vec<&str> = ds.iter().map(|d| d.file.as_str()).collect();
            files.sort_unstable();
            files.dedup();
            let m: u64 = files
                .iter()
                .filter_map(|f| minutes.get(f))
                .map(|m| u64::from(*m))
                .sum();
            let late: Vec<i64> = if code == Rule::EntryBackfill {
                history
                    .backfilled
                    .iter()
                    .filter(|b| files.binary_search(&b.path.as_str()).is_ok())
                    .map(|b| b.days)
                    .collect()
            } else {
                Vec::new()
            };
            RuleCount {
                code,
                severity: ds
                    .iter()
                    .map(|d| d.severity)
                    .max_by_key(|s| *s == Severity::Error)
                    .unwrap_or(Severity::Warning),
                count: ds.len(),
                hours: metrics::round(m as f64 / 60.0),
                days_min: late.iter().min().copied(),
                days_max: late.iter().max().copied(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(&b.code)));
    out
}

fn history_data(
    roadmap: &Roadmap,
    facts: &[Fact],
    as_of: Date,
    available: bool,
    edits: Vec<EditData>,
) -> HistoryData {
    let max = i64::from(roadmap.policy.max_backfill_days);
    let counted: Vec<&Fact> = facts.iter().filter(|f| f.entry.date <= as_of).collect();
    let total: u64 = counted.iter().map(|f| u64::from(f.entry.minutes)).sum();
    let mut backfilled = Vec::new();
    let mut minutes = 0u64;
    for f in &counted {
        let Some(r) = &f.recorded else { continue };
        let days = days_between(f.entry.date, r.date);
        if days > max {
            minutes += u64::from(f.entry.minutes);
            backfilled.push(Backfilled {
                path: f.entry.path.clone(),
                date: f.entry.date,
                recorded_on: r.date,
                days,
            });
        }
    }
    HistoryData {
        available,
        backfilled_hours: metrics::round(minutes as f64 / 60.0),
        backfilled_share: (total > 0).then(|| metrics::round(minutes as f64 / total as f64)),
        backfilled,
        edits,
        unrecorded: counted.iter().filter(|f| f.recorded.is_none()).count(),
        corrections: 0,
        corrected_hours: 0.0,
    }
}

/// The pace of an open milestone in words: "needs 1.4 h/day for the 23
/// days left; at your 28-day pace you reach 81% of plan; targets done by
/// 2027-03-02" (the markdown template says the same).
pub(crate) fn pace_phrase(m: &metrics::MilestoneMetrics) -> Option<String> {
    use markdown::fmt_num;
    let p = m.pace.as_ref()?;
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = match (p.hours_needed, p.needed_per_day) {
        (None, _) => "no budget".to_string(),
        (Some(h), _) if h <= 0.0 => format!(
            "its {} h are logged",
            fmt_num(m.budget.as_ref().map_or(0.0, |b| b.planned_total))
        ),
        (Some(h), None) => format!("{} h short, with no working day left", fmt_num(h)),
        (Some(_), Some(per_day)) => format!(
            "needs {} h/day for the {} left",
            fmt_num(per_day),
            plural(p.remaining_days, "day", "days")
        ),
    };
    if let Some(a) = p.projected_adherence {
        out += &format!(
            "; at your {}-day pace you reach {}% of plan",
            p.pace_days,
            metrics::verdict::percent(a)
        );
    }
    match (p.projected_done, p.days_late) {
        (Some(d), Some(late)) => {
            let by = if late < 14 {
                plural(late, "day", "days")
            } else {
                format!("{} weeks", (late as f64 / 7.0).round())
            };
            out += &format!("; targets would finish late, by {d} ({by} late)");
        }
        (Some(d), None) => out += &format!("; targets done by {d}"),
        // Nothing done at all says "yet": a milestone that started days ago
        // has not had 28 days in which to move.
        (None, _) if m.completion == Some(0.0) => out += "; no target moved yet",
        (None, _) if m.completion.is_some() => out += "; no target moved in 28 days",
        (None, _) => {}
    }
    Some(out)
}
