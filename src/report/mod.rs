//! The report: data assembled from the metrics and the history, rendered as
//! markdown (the PR comment), text (the terminal), JSON, or a user template.

pub mod data;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod template;
pub mod text;

use crate::diag::{Diagnostic, Severity};
use crate::metrics::{self, calendar::days_between, Fact, Metrics};
use crate::model::Roadmap;
use data::*;
use jiff::civil::Date;

/// Everything the report is built from.
pub struct Inputs<'a> {
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
}

/// The headline names time off that starts within this many days of T.
pub const UPCOMING_TIME_OFF_DAYS: i64 = 28;

/// The most diagnostics listed in the report.
const MAX_LISTED_DIAGNOSTICS: usize = 200;

/// The roadmap start for a set of facts.
pub fn start_of(roadmap: &Roadmap, facts: &[Fact], today: Date) -> Date {
    metrics::calendar::roadmap_start(roadmap, metrics::earliest(facts), today)
}

pub fn build(inp: Inputs, today: Date) -> ReportData {
    // The start does not move when narrowing to one author.
    let start = start_of(inp.roadmap, inp.facts, today);
    // One author's facts are copied; all of them are only borrowed.
    let mine: Vec<Fact>;
    let facts: &[Fact] = match &inp.author {
        Some(a) => {
            mine = inp
                .facts
                .iter()
                .filter(|f| &f.author == a)
                .cloned()
                .collect();
            &mine
        }
        None => inp.facts,
    };
    let m: Metrics =
        metrics::compute_for(inp.roadmap, start, facts, inp.as_of, inp.author.as_deref());
    let series =
        metrics::series::compute_for(inp.roadmap, start, facts, inp.as_of, inp.author.as_deref());
    let history = history_data(
        inp.roadmap,
        facts,
        inp.as_of,
        inp.history_available,
        inp.edits,
    );
    let this_week = m.weeks.last();
    let current: Vec<String> = m
        .milestones
        .iter()
        .filter(|x| x.current)
        .map(|x| x.id.clone())
        .collect();
    let verdict = verdict(&m);
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
    let horizon = metrics::calendar::add_days(inp.as_of, UPCOMING_TIME_OFF_DAYS);
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
            week_start: this_week.map_or(inp.as_of, |w| w.start),
            week_hours: this_week.map_or(0.0, |w| w.hours),
            week_budget: this_week.map_or(0.0, |w| w.budget),
            practice_streak: m.practice.current_streak,
            time_off: soon,
            verdict,
        },
        totals: m.totals,
        time_off,
        milestones: m.milestones,
        weeks: m.weeks,
        habits: m.habits,
        habit_score: m.habit_score,
        practice: m.practice,
        skills: m.skills,
        skill_tiers: m.skill_tiers,
        groups: m.groups,
        unassigned_hours: m.unassigned_hours,
        mix: m.mix,
        do_share: m.do_share,
        do_guideline: m.do_guideline,
        history,
        people: m.people,
        quality: Quality {
            errors,
            warnings,
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

/// One word for the plan: the worst status among the current milestones.
fn verdict(m: &Metrics) -> &'static str {
    let current: Vec<&str> = m
        .milestones
        .iter()
        .filter(|x| x.current)
        .map(|x| x.status)
        .collect();
    if m.milestones.iter().any(|x| x.status == "late") {
        "late"
    } else if current.contains(&"at risk") {
        "at risk"
    } else if !current.is_empty() {
        "on track"
    } else if !m.milestones.is_empty() && m.milestones.iter().all(|x| x.status.starts_with("done"))
    {
        "done"
    } else {
        "not started"
    }
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
    }
}

/// The pace of an open milestone in words: "needs 1.4 h/day for the 23
/// days left; at your 28-day pace you reach 81% of plan; targets done by
/// 2027-03-02" (the markdown template says the same).
pub fn pace_phrase(m: &metrics::MilestoneMetrics) -> Option<String> {
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
            "; at your {}-day pace you reach {:.0}% of plan",
            p.pace_days,
            a * 100.0
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
        (None, _) if m.completion.is_some() => out += "; no target moved in 28 days",
        (None, _) => {}
    }
    Some(out)
}
