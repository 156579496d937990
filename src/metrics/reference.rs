//! A second, deliberately naive reading of SPEC §3, day by day, written
//! apart from the module it checks: the property tests compare the two over
//! random roadmaps and journals. Slow and simple on purpose.

use super::Fact;
use crate::model::{Budget, Every, Habit, Per, Target, TimeOff};
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

/// The days `a..=b`.
fn days(a: Date, b: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = a;
    while d <= b {
        out.push(d);
        d = d.tomorrow().expect("a date in range");
    }
    out
}

fn count_days(a: Date, b: Date) -> usize {
    days(a, b).len()
}

/// The days off for a figure describing `who` (`None`: the team), read
/// straight from the ranges: a day is off when a range holding it names
/// no author, or names `who`.
pub(super) struct Off<'a> {
    pub ranges: &'a [TimeOff],
    pub who: Option<&'a str>,
}

impl Off<'_> {
    pub(super) fn is_off(&self, d: Date) -> bool {
        self.ranges.iter().any(|r| {
            r.start <= d
                && d <= r.end
                && (r.author.is_none() || r.author.as_deref() == self.who && self.who.is_some())
        })
    }

    /// Days of `a..=b` that are not off.
    fn working(&self, a: Date, b: Date) -> usize {
        days(a, b).into_iter().filter(|d| !self.is_off(*d)).count()
    }
}

fn plus_months(d: Date, k: i64) -> Date {
    d.checked_add(k.months()).expect("a date in range")
}

fn minutes_between(facts: &[Fact], a: Date, b: Date) -> f64 {
    facts
        .iter()
        .filter(|f| a <= f.entry.date && f.entry.date <= b)
        .map(|f| f64::from(f.entry.minutes))
        .sum()
}

#[derive(Debug)]
pub(super) struct BudgetFigures {
    pub planned_total: f64,
    pub planned_to_date: f64,
    pub actual_to_date: f64,
    pub periods_met: usize,
    pub periods_complete: usize,
}

/// SPEC §3 "Budget", for the entries dated on or before `t`.
/// Off days plan nothing (SPEC §3 "Time off").
pub(super) fn budget(
    b: &Budget,
    start: Date,
    end: Date,
    facts: &[Fact],
    t: Date,
    off: &Off,
) -> BudgetFigures {
    let facts: Vec<Fact> = facts
        .iter()
        .filter(|f| f.entry.date <= t)
        .cloned()
        .collect();
    // (first day, last day, hours) of each full period starting in the window.
    let mut periods: Vec<(Date, Date, f64)> = Vec::new();
    match *b {
        Budget::Total { hours } => {
            let working = off.working(start, end);
            let each = if working == 0 {
                0.0
            } else {
                hours / working as f64
            };
            for d in days(start, end) {
                periods.push((d, d, each));
            }
        }
        Budget::Rate { hours, per } => {
            let mut k = 0;
            loop {
                let (first, next) = match per {
                    Per::Day => (start + k.days(), start + (k + 1).days()),
                    Per::Week => (start + (7 * k).days(), start + (7 * k + 7).days()),
                    Per::Month => (plus_months(start, k), plus_months(start, k + 1)),
                };
                if first > end {
                    break;
                }
                periods.push((first, next.yesterday().expect("a date in range"), hours));
                k += 1;
            }
        }
    }
    // A period's planned hours over its days up to `last`.
    let planned = |(first, last_day, hours): (Date, Date, f64), last: Date| -> f64 {
        if last < first {
            return 0.0;
        }
        hours * off.working(first, last.min(last_day)) as f64 / count_days(first, last_day) as f64
    };
    let upto = t.min(end);
    let mut out = BudgetFigures {
        planned_total: periods.iter().map(|p| planned(*p, end)).sum(),
        planned_to_date: periods.iter().map(|p| planned(*p, upto)).sum(),
        actual_to_date: minutes_between(&facts, start, upto) / 60.0,
        periods_met: 0,
        periods_complete: 0,
    };
    for p in &periods {
        let last = p.1.min(end);
        if last <= t && planned(*p, end) > 0.0 {
            out.periods_complete += 1;
            if minutes_between(&facts, p.0, last) / 60.0 >= planned(*p, end) - 1e-9 {
                out.periods_met += 1;
            }
        }
    }
    out
}

#[derive(Debug, PartialEq)]
pub(super) struct TargetFigures {
    pub amount: f64,
    pub progress: f64,
    pub completed_on: Option<Date>,
}

/// SPEC §3 "Target".
pub(super) fn target(tg: &Target, facts: &[Fact], t: Date) -> TargetFigures {
    let mut ordered: Vec<&Fact> = facts.iter().filter(|f| f.entry.date <= t).collect();
    ordered.sort_by_key(|f| {
        (
            f.entry.date,
            f.recorded.as_ref().map_or(i64::MAX, |r| r.at),
            f.entry.path.clone(),
        )
    });
    let mut amount = 0.0;
    let mut completed_on = None;
    for f in ordered {
        for r in &f.entry.targets {
            if r.id != tg.id {
                continue;
            }
            amount += r.amount;
            if completed_on.is_none() && (r.done || amount >= tg.goal - 1e-9) {
                completed_on = Some(f.entry.date);
            }
        }
    }
    TargetFigures {
        amount,
        progress: if completed_on.is_some() {
            1.0
        } else {
            (amount / tg.goal).min(1.0)
        },
        completed_on,
    }
}

/// SPEC §3 "Milestone completion" status.
pub(super) fn status(
    completion: Option<f64>,
    completed_on: Option<Date>,
    start: Date,
    end: Date,
    t: Date,
    tolerance: f64,
    off: &Off,
) -> &'static str {
    let window = off.working(start, end) as f64;
    let elapsed = if t < start {
        0.0
    } else {
        off.working(start, t.min(end)) as f64
    };
    let gone = if window > 0.0 { elapsed / window } else { 0.0 };
    let done = completion.is_some_and(|c| c >= 1.0 - 1e-9);
    if t < start {
        "upcoming"
    } else if done && completed_on.is_some_and(|d| d > end) {
        "done late"
    } else if done {
        "done"
    } else if t > end {
        if completion.is_none() {
            "done"
        } else {
            "late"
        }
    } else if completion.is_none_or(|c| c >= gone - tolerance - 1e-9) {
        "on track"
    } else {
        "at risk"
    }
}

#[derive(Debug, PartialEq)]
pub(super) struct HabitFigures {
    pub hits: usize,
    pub complete_periods: usize,
    pub current: bool,
    pub current_streak: usize,
    pub longest_streak: usize,
}

/// A number per calendar period, consecutive periods numbered consecutively.
fn period_key(every: Every, d: Date, week_start: Weekday) -> i64 {
    let (y, m) = (i64::from(d.year()), i64::from(d.month()));
    match every {
        Every::Day => i64::from((d - Date::constant(2000, 1, 1)).get_days()),
        Every::Week => {
            // The first `week_start` day on or after 2000-01-01 opens week 0.
            let mut origin = Date::constant(2000, 1, 1);
            while origin.weekday() != week_start {
                origin = origin.tomorrow().expect("a date in range");
            }
            let since = (d - origin).get_days();
            i64::from(since).div_euclid(7)
        }
        Every::Month => y * 12 + m - 1,
        Every::Quarter => y * 4 + (m - 1) / 3,
    }
}

/// SPEC §3 "Habits": a complete period whose days are all off is left out
/// unless it is hit.
pub(super) fn habit(
    h: &Habit,
    facts: &[Fact],
    start: Date,
    t: Date,
    week_start: Weekday,
    off: &Off,
) -> HabitFigures {
    let first = period_key(h.every, start, week_start);
    let last = period_key(h.every, t, week_start);
    // Every day of the complete periods: from 100 days before the start
    // (a quarter begins at most 92 days before it) up to T.
    let all_off = |k: i64| {
        days(start - 100.days(), t)
            .into_iter()
            .filter(|d| period_key(h.every, *d, week_start) == k)
            .all(|d| off.is_off(d))
    };
    let hit = |k: i64| {
        facts
            .iter()
            .filter(|f| f.entry.date <= t && f.entry.habits.contains(&h.id))
            .filter(|f| period_key(h.every, f.entry.date, week_start) == k)
            .count()
            >= h.times as usize
    };
    let flags: Vec<bool> = (first..=last)
        .filter(|k| *k == last || hit(*k) || !all_off(*k))
        .map(hit)
        .collect();
    if flags.is_empty() {
        return HabitFigures {
            hits: 0,
            complete_periods: 0,
            current: false,
            current_streak: 0,
            longest_streak: 0,
        };
    }
    let (done, current) = flags.split_at(flags.len() - 1);
    let current = current[0];
    let mut streak_over: Vec<bool> = done.to_vec();
    if current {
        streak_over.push(true);
    }
    let current_streak = streak_over.iter().rev().take_while(|x| **x).count();
    let longest_streak = streak_over
        .split(|x| !*x)
        .map(<[bool]>::len)
        .max()
        .unwrap_or(0);
    HabitFigures {
        hits: done.iter().filter(|x| **x).count(),
        complete_periods: done.len(),
        current,
        current_streak,
        longest_streak,
    }
}

#[derive(Debug, PartialEq)]
pub(super) struct PracticeFigures {
    pub practice_days: usize,
    pub days: usize,
    pub current_streak: usize,
}

/// SPEC §3 "Practice": a day counts when one author logged `goal` minutes;
/// an off day that is not a practice day is neither counted nor a break.
pub(super) fn practice(
    goal: u32,
    facts: &[Fact],
    start: Date,
    t: Date,
    off: &Off,
) -> PracticeFigures {
    let is_practice = |d: Date| {
        let mut authors: Vec<&str> = facts
            .iter()
            .filter(|f| f.entry.date == d && f.entry.date <= t)
            .map(|f| &*f.author)
            .collect();
        authors.sort_unstable();
        authors.dedup();
        authors.iter().any(|a| {
            facts
                .iter()
                .filter(|f| f.entry.date == d && *f.author == **a)
                .map(|f| f.entry.minutes)
                .sum::<u32>()
                >= goal
        })
    };
    let from = start.max(t - 364.days());
    let window: Vec<Date> = if from <= t { days(from, t) } else { Vec::new() }
        .into_iter()
        .filter(|d| is_practice(*d) || !off.is_off(*d))
        .collect();
    let mut d = if is_practice(t) || off.is_off(t) {
        t
    } else {
        t.yesterday().expect("a date in range")
    };
    let mut current_streak = 0;
    loop {
        if is_practice(d) {
            current_streak += 1;
        } else if !off.is_off(d) {
            break;
        }
        d = d.yesterday().expect("a date in range");
    }
    PracticeFigures {
        practice_days: window.iter().filter(|d| is_practice(**d)).count(),
        days: window.len(),
        current_streak,
    }
}

#[derive(Debug)]
pub(super) struct PaceFigures {
    pub remaining_days: i64,
    pub hours_needed: Option<f64>,
    pub needed_per_day: Option<f64>,
    pub velocity_per_day: Option<f64>,
    pub projected_total: Option<f64>,
    pub projected_adherence: Option<f64>,
    pub projected_done: Option<Date>,
}

/// The milestone completion counting the entries dated ≤ `d`.
pub(super) fn completion_at(targets: &[Target], facts: &[Fact], d: Date) -> Option<f64> {
    if targets.is_empty() {
        return None;
    }
    let weight: f64 = targets.iter().map(|x| x.weight).sum();
    let done: f64 = targets
        .iter()
        .map(|x| x.weight * target(x, facts, d).progress)
        .sum();
    Some(done / weight)
}

/// SPEC §3 "Pace and forecast", for a milestone open at `t` (start ≤ t ≤
/// end, not done), read day by day.
pub(super) fn pace(
    b: Option<&Budget>,
    targets: &[Target],
    (start, end): (Date, Date),
    facts: &[Fact],
    t: Date,
    off: &Off,
) -> PaceFigures {
    let remaining = days(t.tomorrow().expect("a date in range"), end)
        .into_iter()
        .filter(|d| !off.is_off(*d))
        .count() as i64;
    let plan = b.map(|b| {
        let f = budget(b, start, end, facts, t, off);
        (f.planned_total, f.actual_to_date)
    });
    let hours_needed = plan.map(|(p, a)| if a >= p { 0.0 } else { p - a });
    let needed_per_day = if remaining == 0 {
        None
    } else {
        hours_needed.map(|h| h / remaining as f64)
    };
    let from = start.max(t - 27.days());
    let span: Vec<Date> = days(from, t)
        .into_iter()
        .filter(|d| !off.is_off(*d))
        .collect();
    let velocity_per_day = if span.is_empty() {
        None
    } else {
        let logged: f64 = facts
            .iter()
            .filter(|f| from <= f.entry.date && f.entry.date <= t)
            .map(|f| f64::from(f.entry.minutes) / 60.0)
            .sum();
        Some(logged / span.len() as f64)
    };
    let projected_total = match (plan, velocity_per_day) {
        (Some((_, a)), Some(v)) => Some(a + v * remaining as f64),
        _ => None,
    };
    let projected_adherence = match (projected_total, plan) {
        (Some(x), Some((p, _))) if p > 0.0 => Some(x / p),
        _ => None,
    };
    // The first whole number of days k at which c(T) + rate × k reaches 1.
    let projected_done = match (
        completion_at(targets, facts, t),
        completion_at(targets, facts, t - 28.days()),
    ) {
        (Some(now), Some(then)) if now > then => {
            let rate = (now - then) / 28.0;
            let mut k = 0i64;
            while now + rate * (k as f64) < 1.0 - 1e-9 {
                k += 1;
            }
            Some(t + k.days())
        }
        _ => None,
    };
    PaceFigures {
        remaining_days: remaining,
        hours_needed,
        needed_per_day,
        velocity_per_day,
        projected_total,
        projected_adherence,
        projected_done,
    }
}
