//! The figures of SPEC §3, computed from a roadmap, entries and an as-of date.
//! Pure: no I/O, no git, no YAML. Renderers format what this returns.

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod reference;
pub(crate) mod scope;
pub(crate) mod series;
pub(crate) mod status;
#[cfg(test)]
mod tests;
pub(crate) mod verdict;

use crate::model::calendar::{
    add_days, day_number, days_between, habit_period_start, habit_periods, next_habit_period,
    period_at, periods, window,
};
use crate::model::time_off::OffDays;
use crate::model::{Budget, BudgetPer, Entry, Every, Kind, Per, Priority, Roadmap};
use jiff::civil::Date;
use serde::Serialize;
use status::{BudgetStatus, MilestoneStatus};
use std::collections::{BTreeMap, HashMap};

/// An entry with what the history knows about it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fact {
    pub entry: Entry,
    /// The entry's author: `author:`, else the recording commit's author,
    /// else the local git user.
    pub author: Box<str>,
    /// When the entry was recorded: committer time (seconds since the
    /// epoch) and the recording commit; `None` when not yet committed.
    pub recorded: Option<Recorded>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Recorded {
    pub at: i64,
    /// The recorded date in the committer's own UTC offset.
    pub date: Date,
    pub commit: Box<str>,
}

/// The share of `do` hours the seed recommends.
pub(crate) const DO_GUIDELINE: f64 = 0.8;
/// A P0 skill with no time in this many days (ending T) is neglected.
pub(crate) const NEGLECT_DAYS: i64 = 28;
/// The balance between skill groups looks back over this many days (ending T).
pub(crate) const BALANCE_DAYS: i64 = 90;

/// Every figure as of `as_of`. The report (SPEC §5) carries `totals` and
/// `people` under their own names and `figures` inline, so each figure is
/// defined once, here.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Metrics {
    pub as_of: Date,
    pub start: Date,
    pub totals: Totals,
    pub figures: Figures,
    pub trend: Trend,
    pub people: Vec<PersonMetrics>,
    /// The date of the latest entry dated ≤ T.
    pub last_entry: Option<Date>,
}

/// The figures the JSON report lists one after another, in its order.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Figures {
    pub milestones: Vec<MilestoneMetrics>,
    pub weeks: Vec<WeekMetrics>,
    pub habits: Vec<HabitMetrics>,
    /// Mean hit rate of the non-optional habits with a complete period.
    pub habit_score: Option<f64>,
    pub practice: Practice,
    pub skills: Vec<SkillMetrics>,
    pub skill_tiers: Vec<TierMetrics>,
    /// Hours and share per skill group; empty unless the roadmap has more
    /// than one group (SPEC §3 "Balance").
    pub groups: Vec<GroupMetrics>,
    pub unassigned_hours: f64,
    pub mix: Vec<MixMetrics>,
    pub do_share: Option<f64>,
    pub do_guideline: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Totals {
    pub entries: usize,
    pub hours: f64,
    pub authors: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct MilestoneMetrics {
    pub id: crate::model::MilestoneId,
    pub title: String,
    pub start: Date,
    pub end: Date,
    /// Days of the window that are not off.
    pub window_days: i64,
    /// Days of the window up to T that are not off.
    pub elapsed_days: i64,
    /// Off days in the window (SPEC §3 "Time off").
    pub days_off: i64,
    pub status: MilestoneStatus,
    /// Σ weight × progress / Σ weight; `None` for a milestone without targets.
    pub completion: Option<f64>,
    pub completed_on: Option<Date>,
    pub current: bool,
    /// The roadmap history's changes to this milestone dated ≤ T (SPEC §3
    /// "Scope changes"); filled in by the report, 0 without a history.
    pub scope_changes: usize,
    pub budget: Option<BudgetMetrics>,
    /// What it takes to finish, and where the recent pace leads; `None`
    /// unless start ≤ T ≤ end and the milestone is not done.
    pub pace: Option<Pace>,
    pub targets: Vec<TargetMetrics>,
}

/// The days `velocity_per_day` and the completion `rate` look back over.
pub(crate) const PACE_DAYS: i64 = 28;

/// SPEC §3 "Pace and forecast". The figures are kept exact; the JSON
/// rounds them to 4 decimal places like every other figure.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Pace {
    /// Days in T+1..end that are not off.
    pub remaining_days: i64,
    /// max(0, `planned_total` − `actual_to_date`); `None` without a budget.
    #[serde(serialize_with = "rounded")]
    pub hours_needed: Option<f64>,
    /// `hours_needed` / `remaining_days`; `None` when no working day is left.
    #[serde(serialize_with = "rounded")]
    pub needed_per_day: Option<f64>,
    #[serde(serialize_with = "rounded")]
    pub needed_per_week: Option<f64>,
    /// Hours of the entries dated max(start, T − 27)..T per day of that
    /// span that is not off; `None` when every day of it is off.
    #[serde(serialize_with = "rounded")]
    pub velocity_per_day: Option<f64>,
    /// The calendar days of that span (28 once the milestone is 28 days
    /// old): "at your 28-day pace".
    pub pace_days: i64,
    /// `actual_to_date` + `velocity_per_day` × `remaining_days`.
    #[serde(serialize_with = "rounded")]
    pub projected_total: Option<f64>,
    /// `projected_total` / `planned_total`.
    #[serde(serialize_with = "rounded")]
    pub projected_adherence: Option<f64>,
    /// T + ⌈(1 − c(T)) / rate⌉ days, rate = (c(T) − c(T − 28)) / 28;
    /// `None` when the targets did not move in 28 days (or there are none).
    pub projected_done: Option<Date>,
    /// Days from the end to `projected_done`, when it is after the end
    /// (the milestone "would finish late").
    pub days_late: Option<i64>,
}

#[allow(
    clippy::ref_option,
    reason = "serde's `serialize_with` passes `&Option<f64>`"
)]
fn rounded<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    x.map(round).serialize(s)
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct BudgetMetrics {
    /// `hours per day|week|month` or `total`.
    pub per: BudgetPer,
    pub hours: f64,
    /// What one of `periods_met`/`periods_complete` is: `day`, `week` or
    /// `month` (a `total_hours` budget is spread per day).
    pub period: Per,
    pub planned_total: f64,
    pub planned_to_date: f64,
    pub actual_to_date: f64,
    pub adherence: Option<f64>,
    pub status: BudgetStatus,
    pub periods_met: usize,
    pub periods_complete: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TargetMetrics {
    /// The target as the roadmap defines it.
    #[serde(flatten)]
    pub target: crate::model::Target,
    pub amount: f64,
    pub done: bool,
    pub progress: f64,
    pub stretch_progress: Option<f64>,
    pub completed_on: Option<Date>,
    pub recorded_in: Option<String>,
    /// The entry that completed the target.
    pub completed_by: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct HabitMetrics {
    pub id: crate::model::HabitId,
    pub title: String,
    pub every: Every,
    pub times: u32,
    pub optional: bool,
    pub hits: usize,
    pub complete_periods: usize,
    pub hit_rate: Option<f64>,
    pub current_streak: usize,
    pub longest_streak: usize,
    pub current: bool,
    /// Entries naming the habit in the current period.
    pub current_count: u32,
    /// The last day of the current period (the day it is due).
    pub period_end: Date,
    /// The last complete periods, up to 12, oldest first: hit or not.
    pub recent: Vec<bool>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Practice {
    pub minutes: u32,
    pub practice_days: usize,
    pub days: i64,
    pub consistency: Option<f64>,
    pub current_streak: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SkillMetrics {
    pub id: crate::model::SkillId,
    pub name: String,
    pub priority: Priority,
    pub group: crate::model::GroupId,
    pub hours: f64,
    pub recent_hours: f64,
    pub neglected: bool,
    /// The date of the latest entry (dated ≤ T) naming the skill.
    pub last_practised: Option<Date>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct GroupMetrics {
    pub id: crate::model::GroupId,
    /// How many of the roadmap's skills are in the group.
    pub skills: usize,
    pub hours: f64,
    /// Hours in the 90 days ending T.
    pub hours_90d: f64,
    /// The group's share of all hours on skills, in all.
    pub share: Option<f64>,
    /// The group's share of the hours on skills in the 90 days ending T.
    pub share_90d: Option<f64>,
    /// No time in the 28 days ending T.
    pub neglected: bool,
    pub last_practised: Option<Date>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TierMetrics {
    pub priority: Priority,
    pub skills: usize,
    pub hours: f64,
    pub share: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct MixMetrics {
    pub kind: Kind,
    pub hours: f64,
    pub share: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct WeekMetrics {
    pub start: Date,
    pub hours: f64,
    pub budget: f64,
    /// The week holds T: it is not over, and `budget_to_date` plans only
    /// its days up to T.
    pub partial: bool,
    pub budget_to_date: f64,
}

/// This week against the last and the average of the complete weeks before
/// it (WakaTime-style).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Trend {
    pub this_week: f64,
    pub last_week: Option<f64>,
    /// The mean hours of up to 12 complete weeks before this one, since the
    /// week holding the roadmap start.
    pub average: Option<f64>,
    /// How many weeks `average` is over.
    pub average_weeks: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct PersonMetrics {
    pub author: String,
    pub entries: usize,
    pub hours: f64,
    pub practice_days: usize,
    pub consistency: Option<f64>,
    pub current_streak: usize,
}

/// Rounds to 4 decimal places so JSON shows 0.75, not 0.7500000000000001,
/// and 0 rather than -0 (the sum of no floats is -0).
pub(crate) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0 + 0.0
}

/// Slack for comparing sums of fractional hours and amounts: a figure that
/// equals its threshold up to float error meets it.
const EPS: f64 = 1e-9;

fn hours(minutes: u64) -> f64 {
    minutes as f64 / 60.0
}

/// The date of the earliest entry, for a roadmap without `start:`.
pub(crate) fn earliest(facts: &[Fact]) -> Option<Date> {
    facts.iter().map(|f| f.entry.date).min()
}

/// Minutes logged per day, for sums over date ranges.
pub(crate) struct Daily(BTreeMap<Date, u64>);

impl Daily {
    pub(crate) fn of(counted: &[&Fact]) -> Daily {
        let mut m = BTreeMap::new();
        for f in counted {
            *m.entry(f.entry.date).or_default() += u64::from(f.entry.minutes);
        }
        Daily(m)
    }

    /// Minutes logged from `a` through `b`, both inclusive.
    fn minutes(&self, a: Date, b: Date) -> u64 {
        if a > b {
            return 0;
        }
        self.0.range(a..=b).map(|(_, m)| *m).sum()
    }
}

/// Entries in the order targets complete: date, then recorded time
/// (unrecorded last), then path.
pub(crate) fn sort_counted(counted: &mut [&Fact]) {
    counted.sort_by(|a, b| {
        (
            a.entry.date,
            a.recorded.as_ref().map_or(i64::MAX, |r| r.at),
            &a.entry.path,
        )
            .cmp(&(
                b.entry.date,
                b.recorded.as_ref().map_or(i64::MAX, |r| r.at),
                &b.entry.path,
            ))
    });
}

thread_local! {
    /// How many times this thread computed the figures: every figure
    /// (`compute_for`), and the change section's few (`core`).
    static COMPUTED: std::cell::Cell<Computations> = const {
        std::cell::Cell::new(Computations { full: 0, core: 0 })
    };
}

/// How many times the figures were computed on this thread, so that tests
/// can hold a command's cost to account by counting, not timing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Computations {
    /// Every figure of the report (`compute`, `compute_for`).
    pub full: usize,
    /// Only the figures a change section compares (`core`).
    pub core: usize,
}

/// The computations made on this thread so far.
#[cfg(test)]
pub(crate) fn computations() -> Computations {
    COMPUTED.with(std::cell::Cell::get)
}

fn counted_one(full: bool) {
    COMPUTED.with(|c| {
        let mut x = c.get();
        if full {
            x.full += 1;
        } else {
            x.core += 1;
        }
        c.set(x);
    });
}

/// The figures the "This change" section compares between the merge-base
/// and the head: the totals, each milestone's completion, targets and
/// hours (without pace), the habit score and practice.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Core {
    pub totals: Totals,
    pub milestones: Vec<MilestoneMetrics>,
    pub habit_score: Option<f64>,
    pub practice: Practice,
}

/// `compute`'s figures that a change compares, and nothing else: no
/// weeks, trend, skills, people or pace. `facts` may hold entries after
/// `t` (ignored), in any order.
pub(crate) fn core<'a>(
    roadmap: &Roadmap,
    start: Date,
    facts: impl IntoIterator<Item = &'a Fact>,
    t: Date,
) -> Core {
    counted_one(false);
    let off = OffDays::of(roadmap, None);
    let mut counted: Vec<&Fact> = facts.into_iter().filter(|f| f.entry.date <= t).collect();
    sort_counted(&mut counted);
    let daily = Daily::of(&counted);
    let total_minutes: u64 = counted.iter().map(|f| u64::from(f.entry.minutes)).sum();
    let authors = distinct_authors(&counted);
    let index = TargetIndex::of(&counted);
    let milestones = roadmap
        .milestones
        .iter()
        .map(|m| {
            milestone(
                roadmap,
                m,
                start,
                (&counted, &index),
                &daily,
                t,
                &off,
                false,
            )
        })
        .collect();
    let habits = habits(roadmap, start, &counted, t, &off);
    Core {
        totals: Totals {
            entries: counted.len(),
            hours: round(hours(total_minutes)),
            authors: authors.len(),
        },
        milestones,
        habit_score: habit_score(&habits),
        practice: practice(roadmap.practice_minutes, start, &counted, t, &off),
    }
}

/// The distinct authors of `counted`, sorted: the distinct names first
/// (few), then sorted, rather than every entry's name sorted.
fn distinct_authors<'a>(counted: &[&'a Fact]) -> Vec<&'a str> {
    let distinct: foldhash::HashSet<&str> = counted.iter().map(|f| &*f.author).collect();
    let mut authors: Vec<&str> = distinct.into_iter().collect();
    authors.sort_unstable();
    authors
}

/// Every habit's figures as of `t`.
fn habits(
    roadmap: &Roadmap,
    start: Date,
    counted: &[&Fact],
    t: Date,
    off: &OffDays,
) -> Vec<HabitMetrics> {
    roadmap
        .habits
        .iter()
        .map(|h| {
            let (periods, now) = habit_periods_of(roadmap, h, start, counted, t, off);
            habit(h, &periods, now)
        })
        .collect()
}

/// Mean hit rate of the non-optional habits with a complete period.
fn habit_score(habits: &[HabitMetrics]) -> Option<f64> {
    let rates: Vec<f64> = habits
        .iter()
        .filter(|h| !h.optional && h.complete_periods > 0)
        .map(|h| h.hits as f64 / h.complete_periods as f64)
        .collect();
    (!rates.is_empty()).then(|| round(rates.iter().sum::<f64>() / rates.len() as f64))
}

/// Computes every figure as of `t`. `facts` may contain entries after `t`;
/// they are ignored. The figures describe the team: only the time off that
/// names no author is off.
#[cfg(test)]
pub(crate) fn compute(roadmap: &Roadmap, start: Date, facts: &[Fact], t: Date) -> Metrics {
    compute_for(&Ask {
        roadmap,
        start,
        facts,
        t,
        who: None,
    })
}

/// What figures are asked for: the plan from its first day `start`, the
/// facts they count (already narrowed to `who`; some may be after `t`), as
/// of `t`, for `who`: `None` for the team, `Some(name)` when narrowed to
/// one person (`--author`), whose own time off is then off too.
#[derive(Clone, Copy)]
pub(crate) struct Ask<'a> {
    pub(crate) roadmap: &'a Roadmap,
    pub(crate) start: Date,
    pub(crate) facts: &'a [Fact],
    pub(crate) t: Date,
    pub(crate) who: Option<&'a str>,
}

impl<'a> Ask<'a> {
    /// The days off of `who`.
    pub(crate) fn off(&self) -> OffDays {
        OffDays::of(self.roadmap, self.who)
    }

    /// The facts up to `t`, in the order the figures count them
    /// (`sort_counted`).
    pub(crate) fn counted(&self) -> Vec<&'a Fact> {
        let t = self.t;
        let mut counted: Vec<&Fact> = self.facts.iter().filter(|f| f.entry.date <= t).collect();
        sort_counted(&mut counted);
        counted
    }
}

/// `compute` for the figures `ask` describes.
pub(crate) fn compute_for(ask: &Ask<'_>) -> Metrics {
    counted_one(true);
    let Ask {
        roadmap, start, t, ..
    } = *ask;
    let off = ask.off();
    let counted = ask.counted();
    let daily = Daily::of(&counted);
    let total_minutes: u64 = counted.iter().map(|f| u64::from(f.entry.minutes)).sum();
    let authors = distinct_authors(&counted);

    let index = TargetIndex::of(&counted);
    let milestones: Vec<MilestoneMetrics> = roadmap
        .milestones
        .iter()
        .map(|m| milestone(roadmap, m, start, (&counted, &index), &daily, t, &off, true))
        .collect();
    let habits = habits(roadmap, start, &counted, t, &off);
    let habit_score = habit_score(&habits);

    let (skills, skill_tiers, groups, unassigned_hours) = skills(roadmap, &counted, t);
    let mut by_kind: BTreeMap<Kind, u64> = BTreeMap::new();
    for f in &counted {
        *by_kind.entry(f.entry.kind).or_default() += u64::from(f.entry.minutes);
    }
    let share = |m: u64| (total_minutes > 0).then(|| round(m as f64 / total_minutes as f64));
    let mix: Vec<MixMetrics> = Kind::ALL
        .iter()
        .map(|k| {
            let m = by_kind.get(k).copied().unwrap_or(0);
            MixMetrics {
                kind: *k,
                hours: round(hours(m)),
                share: share(m),
            }
        })
        .collect();
    let do_share = share(by_kind.get(&Kind::Do).copied().unwrap_or(0));

    let practice_all = practice(roadmap.practice_minutes, start, &counted, t, &off);
    let people = if authors.len() > 1 {
        // Each author's entries, in the order of `counted`, in one pass.
        let mut by_author: Vec<Vec<&Fact>> = vec![Vec::new(); authors.len()];
        for f in &counted {
            if let Ok(i) = authors.binary_search(&&*f.author) {
                by_author[i].push(f);
            }
        }
        authors
            .iter()
            .zip(by_author)
            .map(|(a, mine)| {
                // A person's practice: everyone's time off and their own.
                let theirs = OffDays::of(roadmap, Some(a));
                let p = practice(roadmap.practice_minutes, start, &mine, t, &theirs);
                PersonMetrics {
                    author: a.to_string(),
                    entries: mine.len(),
                    hours: round(hours(mine.iter().map(|f| u64::from(f.entry.minutes)).sum())),
                    practice_days: p.practice_days,
                    consistency: p.consistency,
                    current_streak: p.current_streak,
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    Metrics {
        as_of: t,
        start,
        totals: Totals {
            entries: counted.len(),
            hours: round(hours(total_minutes)),
            authors: authors.len(),
        },
        figures: Figures {
            milestones,
            weeks: weeks(roadmap, start, &daily, t, &off),
            habits,
            habit_score,
            practice: practice_all,
            skills,
            skill_tiers,
            groups,
            unassigned_hours,
            mix,
            do_share,
            do_guideline: DO_GUIDELINE,
        },
        trend: trend(roadmap, start, &daily, t),
        last_entry: counted.last().map(|f| f.entry.date),
        people,
    }
}

/// The adherence status of SPEC §3: `behind` below 0.9, `on budget` from 0.9
/// through 1.25, `over` above 1.25; `not started` while nothing is planned.
pub(crate) fn adherence_status(adherence: Option<f64>) -> BudgetStatus {
    match adherence {
        None => BudgetStatus::NotStarted,
        Some(a) if a < 0.9 - EPS => BudgetStatus::Behind,
        Some(a) if a <= 1.25 + EPS => BudgetStatus::OnBudget,
        Some(_) => BudgetStatus::Over,
    }
}

fn budget_metrics(
    budget: &Budget,
    start: Date,
    end: Date,
    daily: &Daily,
    t: Date,
    off: &OffDays,
) -> BudgetMetrics {
    let ps = periods(budget, start, end, off);
    let last = t.min(end);
    let planned_total: f64 = ps.iter().map(|p| p.planned_through_off(end, off)).sum();
    let planned_to_date: f64 = ps.iter().map(|p| p.planned_through_off(last, off)).sum();
    let actual_to_date = hours(daily.minutes(start, last));
    let adherence = (planned_to_date > 0.0).then(|| actual_to_date / planned_to_date);
    let mut periods_met = 0;
    let mut periods_complete = 0;
    for p in &ps {
        // A period cut by the window end is complete at the window end.
        let p_end = p.end.min(end);
        let planned = p.planned_through_off(end, off);
        // A period that plans nothing (all its days off) is neither met
        // nor complete.
        if p_end <= t && planned > 0.0 {
            periods_complete += 1;
            if hours(daily.minutes(p.start, p_end)) + EPS >= planned {
                periods_met += 1;
            }
        }
    }
    let (hours_value, period) = match *budget {
        Budget::Rate { hours, per } => (hours, per),
        Budget::Total { hours } => (hours, Per::Day),
    };
    BudgetMetrics {
        per: budget.per(),
        hours: hours_value,
        period,
        planned_total: round(planned_total),
        planned_to_date: round(planned_to_date),
        actual_to_date: round(actual_to_date),
        adherence: adherence.map(round),
        status: adherence_status(adherence),
        periods_met,
        periods_complete,
    }
}

/// The window's days that are not off, and those of them up to `t`.
pub(crate) fn window_and_elapsed(start: Date, end: Date, t: Date, off: &OffDays) -> (i64, i64) {
    (off.working(start, end), off.working(start, t.min(end)))
}

/// The status of SPEC §3 for a milestone: `upcoming`, `done`, `done late`,
/// `late`, `on track` or `at risk`. `completion` is `None` for a milestone
/// without targets. Off days count in neither the window nor the time gone.
pub(crate) fn milestone_status(
    completion: Option<f64>,
    completed_on: Option<Date>,
    (start, end): (Date, Date),
    t: Date,
    at_risk_tolerance: f64,
    off: &OffDays,
) -> MilestoneStatus {
    let (window_days, elapsed_days) = window_and_elapsed(start, end, t, off);
    // A window whose days are all off has no time to lose.
    let gone = if window_days > 0 {
        elapsed_days as f64 / window_days as f64
    } else {
        0.0
    };
    let done = completion.is_some_and(|c| c >= 1.0 - EPS);
    if t < start {
        MilestoneStatus::Upcoming
    } else if done {
        if completed_on.is_some_and(|d| d > end) {
            MilestoneStatus::DoneLate
        } else {
            MilestoneStatus::Done
        }
    } else if t > end {
        match completion {
            None => MilestoneStatus::Done,
            Some(_) => MilestoneStatus::Late,
        }
    } else {
        match completion {
            None => MilestoneStatus::OnTrack,
            Some(c) if c + EPS >= gone - at_risk_tolerance => MilestoneStatus::OnTrack,
            Some(_) => MilestoneStatus::AtRisk,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn milestone(
    roadmap: &Roadmap,
    m: &crate::model::Milestone,
    start: Date,
    (counted, index): (&[&Fact], &TargetIndex),
    daily: &Daily,
    t: Date,
    off: &OffDays,
    with_pace: bool,
) -> MilestoneMetrics {
    let (ms, me) = window(m, start);
    let (window_days, elapsed_days) = window_and_elapsed(ms, me, t, off);
    let targets: Vec<(TargetMetrics, f64)> = m
        .targets
        .iter()
        .map(|tg| target(tg, index, counted.len()))
        .collect();
    let completion = completion_of(&targets);
    let completed_on = if completion.is_some_and(|c| c >= 1.0 - EPS) {
        targets.iter().filter_map(|(x, _)| x.completed_on).max()
    } else {
        None
    };
    let status = milestone_status(
        completion,
        completed_on,
        (ms, me),
        t,
        roadmap.policy.at_risk_tolerance,
        off,
    );
    let open = with_pace && ms <= t && t <= me && !status.is_done();
    let pace = open.then(|| {
        // c(T − 28): the completion counting the entries dated ≤ T − 28.
        let then = add_days(t, -PACE_DAYS);
        let before = counted.partition_point(|f| f.entry.date <= then);
        let earlier: Vec<(TargetMetrics, f64)> = m
            .targets
            .iter()
            .map(|tg| target(tg, index, before))
            .collect();
        pace(
            m.budget.as_ref(),
            (ms, me),
            daily,
            t,
            off,
            completion.zip(completion_of(&earlier)),
        )
    });
    MilestoneMetrics {
        id: m.id.clone(),
        title: m.title.clone(),
        start: ms,
        end: me,
        window_days,
        elapsed_days,
        days_off: off.count(ms, me),
        status,
        completion: completion.map(round),
        completed_on,
        current: ms <= t && t <= me,
        scope_changes: 0,
        budget: m
            .budget
            .as_ref()
            .map(|b| budget_metrics(b, ms, me, daily, t, off)),
        pace,
        targets: targets.into_iter().map(|(x, _)| x).collect(),
    }
}

/// Σ weight × progress / Σ weight, unrounded; `None` without targets. Every
/// weight is in 0 < w ≤ 1e9 (the loader refuses others), so Σ weight is > 0.
fn completion_of(targets: &[(TargetMetrics, f64)]) -> Option<f64> {
    let weight: f64 = targets.iter().map(|(x, _)| x.target.weight).sum();
    (!targets.is_empty()).then(|| {
        targets
            .iter()
            .map(|(x, progress)| x.target.weight * progress)
            .sum::<f64>()
            / weight
    })
}

/// SPEC §3 "Pace and forecast" for a milestone open at `t`.
/// `completions` is (c(T), c(T − 28)) when the milestone has targets.
pub(crate) fn pace(
    budget: Option<&Budget>,
    (ms, me): (Date, Date),
    daily: &Daily,
    t: Date,
    off: &OffDays,
    completions: Option<(f64, f64)>,
) -> Pace {
    let remaining_days = off.working(add_days(t, 1), me);
    let left = remaining_days as f64;
    // (planned_total, actual_to_date), exact.
    let plan = budget.map(|b| {
        let planned: f64 = periods(b, ms, me, off)
            .iter()
            .map(|p| p.planned_through_off(me, off))
            .sum();
        (planned, hours(daily.minutes(ms, t.min(me))))
    });
    let hours_needed = plan.map(|(planned, actual)| (planned - actual).max(0.0));
    let needed_per_day = hours_needed
        .filter(|_| remaining_days > 0)
        .map(|h| h / left);
    let from = ms.max(add_days(t, -(PACE_DAYS - 1)));
    let span = off.working(from, t);
    let velocity_per_day = (span > 0).then(|| hours(daily.minutes(from, t)) / span as f64);
    let projected_total = plan
        .zip(velocity_per_day)
        .map(|((_, actual), v)| actual + v * left);
    let projected_adherence = projected_total
        .zip(plan)
        .map(|(total, (planned, _))| total / planned)
        // No plan (every day off), or one too small to divide by: no ratio.
        .filter(|r| r.is_finite());
    let projected_done = completions.and_then(|(now, then)| {
        let rate = (now - then) / PACE_DAYS as f64;
        // Float slack: 0.5 / (0.5 / 28) is 28, not 28.000000000000004.
        (rate > 0.0).then(|| add_days(t, ((1.0 - now) / rate - EPS).ceil().max(0.0) as i64))
    });
    Pace {
        remaining_days,
        hours_needed,
        needed_per_day,
        needed_per_week: needed_per_day.map(|x| 7.0 * x),
        velocity_per_day,
        pace_days: days_between(from, t) + 1,
        projected_total,
        projected_adherence,
        projected_done,
        days_late: projected_done
            .map(|d| days_between(me, d))
            .filter(|late| *late > 0),
    }
}

/// Every target reference of the counted entries, by target id, in the
/// order of `counted`, with the running amount: built once, so that each
/// target's figures cost the references to it, not a pass over every entry
/// (a roadmap of 200,000 targets against 100,000 entries would otherwise
/// take 2·10¹⁰ steps).
pub(crate) struct TargetIndex<'a> {
    refs: HashMap<&'a str, Vec<Step<'a>>>,
}

/// One reference to a target, with the figures up to and including it.
struct Step<'a> {
    /// Its entry's position in `counted`.
    at: usize,
    done: bool,
    /// The amount so far, summed in `counted` order.
    sum: f64,
    /// The largest amount so far (amounts may be negative), and whether any
    /// reference so far said `done`.
    max: f64,
    any_done: bool,
    fact: &'a Fact,
}

impl<'a> TargetIndex<'a> {
    pub(crate) fn of(counted: &[&'a Fact]) -> Self {
        let mut refs: HashMap<&'a str, Vec<Step<'a>>> = HashMap::new();
        for (at, f) in counted.iter().enumerate() {
            for r in &f.entry.targets {
                let steps = refs.entry(r.id.as_str()).or_default();
                let (sum, max, any_done) =
                    steps.last().map_or((0.0, f64::NEG_INFINITY, false), |s| {
                        (s.sum, s.max, s.any_done)
                    });
                let sum = sum + r.amount;
                steps.push(Step {
                    at,
                    done: r.done,
                    sum,
                    max: max.max(sum),
                    any_done: any_done || r.done,
                    fact: f,
                });
            }
        }
        TargetIndex { refs }
    }

    /// The references to `id` among the first `upto` counted entries.
    fn steps(&self, id: &str, upto: usize) -> &[Step<'a>] {
        self.refs
            .get(id)
            .map_or(&[][..], |s| &s[..s.partition_point(|x| x.at < upto)])
    }

    /// A target's unrounded progress counting the first `upto` entries:
    /// 1 once a reference says `done` or the amount reached the goal.
    pub(crate) fn progress(&self, tg: &crate::model::Target, upto: usize) -> f64 {
        match self.steps(&tg.id, upto).last() {
            None => 0.0,
            Some(s) if s.any_done || s.max + EPS >= tg.goal => 1.0,
            Some(s) => (s.sum / tg.goal).min(1.0),
        }
    }
}

/// A target's figures counting the first `upto` entries of the index, and
/// its unrounded progress for the milestone's completion.
pub(crate) fn target(
    tg: &crate::model::Target,
    index: &TargetIndex,
    upto: usize,
) -> (TargetMetrics, f64) {
    let steps = index.steps(&tg.id, upto);
    let amount = steps.last().map_or(0.0, |s| s.sum);
    let completed: Option<&Fact> = steps
        .iter()
        .find(|s| s.done || s.sum + EPS >= tg.goal)
        .map(|s| s.fact);
    let progress = if completed.is_some() {
        1.0
    } else {
        (amount / tg.goal).min(1.0)
    };
    let metrics = TargetMetrics {
        target: tg.clone(),
        amount: round(amount),
        done: completed.is_some(),
        progress: round(progress),
        stretch_progress: tg.stretch.map(|s| round((amount / s).min(1.0))),
        completed_on: completed.map(|f| f.entry.date),
        recorded_in: completed.and_then(|f| f.recorded.as_ref().map(|r| r.commit.to_string())),
        completed_by: completed.map(|f| f.entry.path.clone()),
    };
    (metrics, progress)
}

/// How many counted entries name the habit, per period (keyed by the
/// period's first day): one pass shared by the figures and the strip.
fn habit_counts(
    h: &crate::model::Habit,
    counted: &[&Fact],
    ws: jiff::civil::Weekday,
) -> HashMap<Date, u32> {
    let mut counts: HashMap<Date, u32> = HashMap::new();
    for f in counted.iter().filter(|f| f.entry.habits.contains(&h.id)) {
        *counts
            .entry(habit_period_start(h.every, f.entry.date, ws))
            .or_default() += 1;
    }
    counts
}

/// A habit's periods from the one holding `start` to the one holding `t`
/// (each with its entries, whether they hit, whether all its days are
/// off), and what the period holding `t` holds so far: what the figures
/// and the strip are both made of.
pub(crate) fn habit_periods_of(
    roadmap: &Roadmap,
    h: &crate::model::Habit,
    start: Date,
    counted: &[&Fact],
    t: Date,
    off: &OffDays,
) -> (Vec<series::HabitPeriod>, NowFigures) {
    let ws = roadmap.policy.week_start;
    let counts = habit_counts(h, counted, ws);
    let periods = habit_periods(h.every, start, t, ws)
        .into_iter()
        .map(|p| {
            let count = counts.get(&p).copied().unwrap_or(0);
            let last_day = add_days(next_habit_period(h.every, p), -1);
            series::HabitPeriod {
                start: p,
                count,
                hit: count >= h.times,
                off: off.all_off(p, last_day),
            }
        })
        .collect();
    let this_period = habit_period_start(h.every, t, ws);
    let now = NowFigures {
        count: counts.get(&this_period).copied().unwrap_or(0),
        period_end: add_days(next_habit_period(h.every, this_period), -1),
    };
    (periods, now)
}

/// A habit's figures from its periods (`habit_periods_of`).
fn habit(
    h: &crate::model::Habit,
    periods: &[series::HabitPeriod],
    now_figures: NowFigures,
) -> HabitMetrics {
    // One flag per complete period; a period whose days are all off is
    // left out unless it is hit. The period holding T is current: never a
    // miss, so an off one needs no care.
    let Some((now, before)) = periods.split_last() else {
        return habit_figures(h, &[], false, now_figures);
    };
    let complete: Vec<bool> = before
        .iter()
        .filter_map(|p| (p.hit || !p.off).then_some(p.hit))
        .collect();
    habit_figures(h, &complete, now.hit, now_figures)
}

/// What a habit's current period holds so far.
#[derive(Clone, Copy)]
pub(crate) struct NowFigures {
    count: u32,
    period_end: Date,
}

/// A habit's figures from the flags of its complete periods and whether
/// the current period is hit.
fn habit_figures(
    h: &crate::model::Habit,
    complete: &[bool],
    current: bool,
    now: NowFigures,
) -> HabitMetrics {
    let hits = complete.iter().filter(|x| **x).count();
    let recent = complete[complete.len().saturating_sub(RECENT_PERIODS)..].to_vec();
    // The current period counts towards the streaks only once it is hit.
    let mut considered = complete.to_vec();
    if current {
        considered.push(true);
    }
    let current_streak = considered.iter().rev().take_while(|x| **x).count();
    let mut longest_streak = 0;
    let mut run = 0;
    for x in &considered {
        run = if *x { run + 1 } else { 0 };
        longest_streak = longest_streak.max(run);
    }
    let complete = complete.len();
    HabitMetrics {
        id: h.id.clone(),
        title: h.title.clone(),
        every: h.every,
        times: h.times,
        optional: h.optional,
        hits,
        complete_periods: complete,
        hit_rate: (complete > 0).then(|| round(hits as f64 / complete as f64)),
        current_streak,
        longest_streak,
        current,
        current_count: now.count,
        period_end: now.period_end,
        recent,
    }
}

/// How many complete periods a habit's strip shows.
pub(crate) const RECENT_PERIODS: usize = 12;

/// The most days `consistency` looks back over, T included.
pub(crate) const CONSISTENCY_DAYS: i64 = 365;

/// Practice of a set of entries. A day is a practice day when one author
/// logged at least `goal` minutes on it (the goal is personal: two people's
/// minutes are never added up).
/// `counted` is in date order (as `compute` sorts it), so each day's
/// entries are adjacent.
/// An off day that is not a practice day is left out of `days` and skipped
/// by the streak.
fn practice(goal: u32, start: Date, counted: &[&Fact], t: Date, off: &OffDays) -> Practice {
    debug_assert!(counted.is_sorted_by_key(|f| f.entry.date));
    let goal_minutes = u64::from(goal);
    // Day numbers, ascending (the days come in order).
    let mut days: Vec<i64> = Vec::new();
    let mut mine: Vec<(&str, u64)> = Vec::new();
    for day in counted.chunk_by(|a, b| a.entry.date == b.entry.date) {
        // Each author's minutes of the day, summed over their entries.
        mine.clear();
        mine.extend(day.iter().map(|f| (&*f.author, u64::from(f.entry.minutes))));
        mine.sort_unstable_by_key(|(a, _)| *a);
        let practiced = mine
            .chunk_by(|a, b| a.0 == b.0)
            .any(|same| same.iter().map(|(_, m)| m).sum::<u64>() >= goal_minutes);
        if practiced {
            days.push(day_number(day[0].entry.date));
        }
    }
    let tn = day_number(t);
    let first = day_number(start).max(tn - (CONSISTENCY_DAYS - 1));
    let calendar_span = (tn - first + 1).max(0);
    // Before the start (first > tn) the span is empty, and so is `within`.
    let lo = days.partition_point(|d| *d < first);
    let within = &days[lo..days.partition_point(|d| *d <= tn).max(lo)];
    let off_practiced = within.iter().filter(|d| off.is_off_n(**d)).count() as i64;
    let left_out = off.count_n(first, tn) - off_practiced;
    let (practice_days, span) = (within.len(), calendar_span - left_out);
    let has = |d: i64| days.binary_search(&d).is_ok();
    let mut d = if has(tn) || off.is_off_n(tn) {
        tn
    } else {
        tn - 1
    };
    let mut streak = 0;
    loop {
        if has(d) {
            streak += 1;
        } else if !off.is_off_n(d) {
            break;
        }
        d -= 1;
    }
    Practice {
        minutes: goal,
        practice_days,
        days: span,
        consistency: (span > 0).then(|| round(practice_days as f64 / span as f64)),
        current_streak: streak,
    }
}

/// Per-skill figures, their priority tiers, the skill groups' balance and
/// the hours on no known skill.
fn skills(
    roadmap: &Roadmap,
    counted: &[&Fact],
    t: Date,
) -> (Vec<SkillMetrics>, Vec<TierMetrics>, Vec<GroupMetrics>, f64) {
    let recent_from = add_days(t, -(NEGLECT_DAYS - 1));
    let balance_from = add_days(t, -(BALANCE_DAYS - 1));
    // Minutes per skill, by the skill's place in the roadmap (ids are
    // unique there), summed in the order of `counted`.
    let n = roadmap.skills.len();
    let mut total: Vec<f64> = vec![0.0; n];
    let mut recent: Vec<f64> = vec![0.0; n];
    let mut last90: Vec<f64> = vec![0.0; n];
    let mut last: Vec<Option<Date>> = vec![None; n];
    let mut unassigned = 0.0;
    let mut known: Vec<usize> = Vec::new();
    // Where each skill's id first appears (itself, unless an id repeats).
    let first: Vec<usize> = (0..n)
        .map(|i| {
            let id = &roadmap.skills[i].id;
            roadmap.skills.iter().position(|k| k.id == *id).unwrap_or(i)
        })
        .collect();
    for f in counted {
        let e = &f.entry;
        known.clear();
        known.extend(
            e.skills
                .iter()
                .filter_map(|s| roadmap.skills.iter().position(|k| k.id == *s)),
        );
        known.sort_unstable();
        known.dedup();
        if known.is_empty() {
            unassigned += f64::from(e.minutes);
            continue;
        }
        let share = f64::from(e.minutes) / known.len() as f64;
        for &s in &known {
            total[s] += share;
            if e.date >= recent_from {
                recent[s] += share;
            }
            if e.date >= balance_from {
                last90[s] += share;
            }
            last[s] = last[s].max(Some(e.date));
        }
    }
    let skills: Vec<SkillMetrics> = roadmap
        .skills
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = recent[first[i]];
            SkillMetrics {
                id: s.id.clone(),
                name: s.name.clone(),
                priority: s.priority,
                group: s.group.clone(),
                hours: round(total[first[i]] / 60.0),
                recent_hours: round(r / 60.0),
                neglected: s.priority == Priority::P0 && r <= 0.0,
                last_practised: last[first[i]],
            }
        })
        .collect();
    let assigned: f64 = total.iter().sum();
    let assigned90: f64 = last90.iter().sum();
    let tiers = Priority::ALL
        .iter()
        .map(|p| {
            let minutes: f64 = roadmap
                .skills
                .iter()
                .enumerate()
                .filter(|(_, s)| s.priority == *p)
                .map(|(i, _)| total[first[i]])
                .sum();
            TierMetrics {
                priority: *p,
                skills: roadmap.skills.iter().filter(|s| s.priority == *p).count(),
                hours: round(minutes / 60.0),
                share: (assigned > 0.0).then(|| round(minutes / assigned)),
            }
        })
        .collect();
    // Groups in the order the roadmap first names them; each skill counted
    // once (a repeated id is the same skill).
    let mut ids: Vec<&str> = Vec::new();
    for s in &roadmap.skills {
        if !ids.contains(&s.group.as_str()) {
            ids.push(&s.group);
        }
    }
    let groups = if ids.len() > 1 {
        ids.iter()
            .map(|g| {
                let members: Vec<usize> = (0..n)
                    .filter(|&i| first[i] == i && roadmap.skills[i].group == *g)
                    .collect();
                let sum = |v: &[f64]| members.iter().map(|&i| v[i]).sum::<f64>();
                let (all, in90, in28) = (sum(&total), sum(&last90), sum(&recent));
                GroupMetrics {
                    id: (*g).into(),
                    skills: members.len(),
                    hours: round(all / 60.0),
                    hours_90d: round(in90 / 60.0),
                    share: (assigned > 0.0).then(|| round(all / assigned)),
                    share_90d: (assigned90 > 0.0).then(|| round(in90 / assigned90)),
                    neglected: in28 <= 0.0,
                    last_practised: members.iter().filter_map(|&i| last[i]).max(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    (skills, tiers, groups, round(unassigned / 60.0))
}

/// The planned hours of one day: those of the most specific milestone whose
/// window holds the day and that has a budget (the shortest window; nested
/// milestones' budgets are not added up).
/// Nothing is planned on an off day.
pub(crate) fn planned_on(roadmap: &Roadmap, start: Date, d: Date, off: &OffDays) -> f64 {
    if off.is_off(d) {
        return 0.0;
    }
    let mut best: Option<(i64, f64)> = None;
    for m in &roadmap.milestones {
        let Some(b) = &m.budget else { continue };
        let (ms, me) = window(m, start);
        if d < ms || d > me {
            continue;
        }
        let len = days_between(ms, me);
        if best.is_some_and(|(l, _)| l <= len) {
            continue;
        }
        let planned = period_at(b, ms, me, d, off).map_or(0.0, |p| p.hours / p.days as f64);
        best = Some((len, planned));
    }
    best.map_or(0.0, |(_, h)| h)
}

/// Hours per week for the 12 weeks ending with the week holding T, against
/// the planned hours of those weeks. Weeks outside the plan that hold no
/// hours are left out: those before the week holding the roadmap start, and
/// those after the last milestone ends.
fn weeks(
    roadmap: &Roadmap,
    start: Date,
    daily: &Daily,
    t: Date,
    off: &OffDays,
) -> Vec<WeekMetrics> {
    let this_week = habit_period_start(Every::Week, t, roadmap.policy.week_start);
    let last_end = roadmap
        .milestones
        .iter()
        .map(|m| window(m, start).1)
        .max()
        .unwrap_or(start);
    (0..12)
        .rev()
        .filter_map(|k| {
            let ws = add_days(this_week, -7 * k);
            let we = add_days(ws, 6);
            let minutes = daily.minutes(ws, we);
            if minutes == 0 && (we < start || ws > last_end) {
                return None;
            }
            let planned = |last: Date| -> f64 {
                (0..7)
                    .map(|i| add_days(ws, i))
                    .filter(|d| *d <= last)
                    .map(|d| planned_on(roadmap, start, d, off))
                    .sum()
            };
            Some(WeekMetrics {
                start: ws,
                hours: round(hours(minutes)),
                budget: round(planned(we)),
                partial: we > t,
                budget_to_date: round(planned(t.min(we))),
            })
        })
        .collect()
}

fn trend(roadmap: &Roadmap, start: Date, daily: &Daily, t: Date) -> Trend {
    let ws = roadmap.policy.week_start;
    let this_week = habit_period_start(Every::Week, t, ws);
    let first = habit_period_start(Every::Week, start, ws);
    let week = |k: i64| {
        let s = add_days(this_week, -7 * k);
        hours(daily.minutes(s, add_days(s, 6)))
    };
    let complete = (1..=12)
        .take_while(|k| add_days(this_week, -7 * k) >= first)
        .count();
    let total: f64 = (1..=complete as i64).map(week).sum();
    Trend {
        this_week: round(week(0)),
        last_week: (complete > 0).then(|| round(week(1))),
        average: (complete > 0).then(|| round(total / complete as f64)),
        average_weeks: complete,
    }
}
