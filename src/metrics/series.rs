//! Figures over time, for charts: daily minutes over the last year, weekly
//! hours against the plan since the start, recent periods of each habit,
//! and the stage milestone's burn-up. Every series is bounded by the
//! calendar (days, weeks, periods, dates of change), never by the number
//! of entries.

use super::{planned_on, round, Ask, Fact};
use crate::model::calendar::{add_days, days_between, habit_period_start, window};
use crate::model::time_off::OffDays;
use crate::model::{Every, Roadmap};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// Days the calendar heatmap covers, T included (the last 12 months).
pub(crate) const CALENDAR_DAYS: i64 = 365;
/// The most weeks of the weekly chart (two years).
pub(crate) const MAX_WEEKS: i64 = 104;
/// Periods shown per habit.
pub(crate) const HABIT_PERIODS: usize = 16;

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Series {
    /// The first day of the calendar (T minus 364 days).
    pub calendar_start: Date,
    /// Days of the calendar with time logged, in date order.
    pub days: Vec<DayMinutes>,
    /// Every week from the plan's start (at most the last 104) through the
    /// week holding T.
    pub weekly: Vec<PlanWeek>,
    /// The last periods of each habit, the current one last.
    pub habits: Vec<HabitStrip>,
    /// The stage milestone's completion over time (none before a milestone
    /// with targets has started).
    pub burnup: Option<Burnup>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DayMinutes {
    pub date: Date,
    pub minutes: u64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PlanWeek {
    pub start: Date,
    pub hours: f64,
    pub budget: f64,
    /// The milestone whose budget plans the week's first day (the shortest
    /// window holding it that has a budget).
    pub stage: Option<crate::model::MilestoneId>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct HabitStrip {
    pub id: crate::model::HabitId,
    pub periods: Vec<HabitPeriod>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct HabitPeriod {
    pub start: Date,
    pub count: u32,
    pub hit: bool,
    /// Every day of the period is off (SPEC §3 "Time off"): a period not
    /// hit is then no miss.
    pub off: bool,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Burnup {
    pub milestone: crate::model::MilestoneId,
    pub start: Date,
    pub end: Date,
    /// The sum of the targets' weights (a target counts 1 unless weighted).
    pub scope: f64,
    /// Weighted targets done (partial progress counts), from the window's
    /// start, one point per day it changed, through T or the window's end.
    pub points: Vec<BurnupPoint>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct BurnupPoint {
    pub date: Date,
    pub done: f64,
    pub scope: f64,
}

/// The series `ask` describes, with the burn-up of the milestone `stage`.
pub(crate) fn compute_for(ask: &Ask<'_>, stage: Option<&str>) -> Series {
    let Ask {
        roadmap, start, t, ..
    } = *ask;
    let off = ask.off();
    // By date, then path: the order the burn-up adds a day's amounts in.
    let mut counted = ask.counted();
    counted.sort_by(|a, b| (a.entry.date, &a.entry.path).cmp(&(b.entry.date, &b.entry.path)));
    let mut daily: BTreeMap<Date, u64> = BTreeMap::new();
    for f in &counted {
        *daily.entry(f.entry.date).or_default() += u64::from(f.entry.minutes);
    }
    let calendar_start = add_days(t, -(CALENDAR_DAYS - 1));
    let days = daily
        .range(calendar_start..=t)
        .filter(|(_, m)| **m > 0)
        .map(|(d, m)| DayMinutes {
            date: *d,
            minutes: *m,
        })
        .collect();
    Series {
        calendar_start,
        days,
        weekly: weekly(roadmap, start, &daily, t, &off),
        habits: roadmap
            .habits
            .iter()
            .map(|h| {
                let (periods, _) = super::habit_periods_of(roadmap, h, start, &counted, t, &off);
                habit_strip(h, periods, start <= t)
            })
            .collect(),
        burnup: burnup(roadmap, start, &counted, t, stage),
    }
}

/// The milestone that plans day `d`, as `metrics::planned_on` chooses it:
/// the shortest window holding the day that has a budget.
fn stage_on(roadmap: &Roadmap, start: Date, d: Date) -> Option<usize> {
    roadmap
        .milestones
        .iter()
        .enumerate()
        .filter(|(_, m)| m.budget.is_some())
        .map(|(i, m)| (i, window(m, start)))
        .filter(|(_, (ms, me))| *ms <= d && d <= *me)
        .min_by_key(|(i, (ms, me))| (days_between(*ms, *me), *i))
        .map(|(i, _)| i)
}

fn weekly(
    roadmap: &Roadmap,
    start: Date,
    daily: &BTreeMap<Date, u64>,
    t: Date,
    off: &OffDays,
) -> Vec<PlanWeek> {
    if t < start {
        return Vec::new();
    }
    let ws = roadmap.policy.week_start;
    let this_week = habit_period_start(Every::Week, t, ws);
    let first =
        habit_period_start(Every::Week, start, ws).max(add_days(this_week, -7 * (MAX_WEEKS - 1)));
    let n = days_between(first, this_week) / 7 + 1;
    (0..n)
        .map(|k| {
            let w = add_days(first, 7 * k);
            let minutes: u64 = daily.range(w..=add_days(w, 6)).map(|(_, m)| *m).sum();
            let budget: f64 = (0..7)
                .map(|i| planned_on(roadmap, start, add_days(w, i), off))
                .sum();
            let stage =
                stage_on(roadmap, start, w.max(start)).map(|i| roadmap.milestones[i].id.clone());
            PlanWeek {
                start: w,
                hours: round(minutes as f64 / 60.0),
                budget: round(budget),
                stage,
            }
        })
        .collect()
}

/// The strip of a habit's last periods (`metrics::habit_periods_of`); none
/// before the start.
fn habit_strip(
    h: &crate::model::Habit,
    mut periods: Vec<HabitPeriod>,
    started: bool,
) -> HabitStrip {
    if !started {
        periods.clear();
    }
    let skip = periods.len().saturating_sub(HABIT_PERIODS);
    HabitStrip {
        id: h.id.clone(),
        periods: periods.split_off(skip),
    }
}

/// A stage for the burn-up when the verdict's has no targets: the shortest
/// milestone with targets whose window holds `t` (ties: the first in the
/// roadmap); else the one with targets that ended last.
pub(crate) fn stage(roadmap: &Roadmap, start: Date, t: Date) -> Option<usize> {
    let with_targets = || {
        roadmap
            .milestones
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.targets.is_empty())
            .map(|(i, m)| (i, window(m, start)))
    };
    let current = with_targets()
        .filter(|(_, (ms, me))| *ms <= t && t <= *me)
        .min_by_key(|(i, (ms, me))| (days_between(*ms, *me), *i))
        .map(|(i, _)| i);
    current.or_else(|| {
        with_targets()
            .filter(|(_, (ms, _))| *ms <= t)
            .max_by_key(|(i, (_, me))| (*me, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    })
}

/// The burn-up of the stage the verdict names (`preferred`) when it has
/// targets, else of `stage()`'s.
fn burnup(
    roadmap: &Roadmap,
    start: Date,
    counted: &[&Fact],
    t: Date,
    preferred: Option<&str>,
) -> Option<Burnup> {
    let named = roadmap
        .milestones
        .iter()
        .position(|m| Some(m.id.as_str()) == preferred && !m.targets.is_empty());
    let m = &roadmap.milestones[named.or_else(|| stage(roadmap, start, t))?];
    let (ms, me) = window(m, start);
    let last = t.min(me);
    let scope: f64 = m.targets.iter().map(|x| x.weight).sum();
    // The milestone's value counting the first `upto` entries.
    let index = super::TargetIndex::of(counted);
    let value = |upto: usize| -> f64 {
        m.targets
            .iter()
            .map(|x| x.weight * index.progress(x, upto))
            .sum()
    };
    let scope = round(scope);
    // A point per day the value changed; a change on the same day replaces it.
    let push = |points: &mut Vec<BurnupPoint>, date: Date, done: f64| {
        let done = round(done);
        match points.last_mut() {
            Some(p) if p.done == done => {}
            Some(p) if p.date == date => p.done = done,
            _ => points.push(BurnupPoint { date, done, scope }),
        }
    };
    let mut points: Vec<BurnupPoint> = Vec::new();
    for (i, f) in counted.iter().enumerate() {
        if f.entry.date > last {
            break;
        }
        let day_ends = counted
            .get(i + 1)
            .is_none_or(|g| g.entry.date != f.entry.date);
        if day_ends {
            // What was logged before the window counts from its first day.
            push(&mut points, f.entry.date.max(ms), value(i + 1));
        }
    }
    if points.first().is_none_or(|p| p.date > ms) {
        points.insert(
            0,
            BurnupPoint {
                date: ms,
                done: 0.0,
                scope,
            },
        );
    }
    // The line runs through the last day shown.
    if let Some(p) = points.last() {
        if p.date < last {
            let done = p.done;
            points.push(BurnupPoint {
                date: last,
                done,
                scope,
            });
        }
    }
    Some(Burnup {
        milestone: m.id.clone(),
        start: ms,
        end: me,
        scope,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, fact, habit_of, milestone_of, plan, rate, target_of};
    use super::*;
    use crate::model::{Per, TargetRef};

    /// The series of `r` from `start` as of `t`, for everyone.
    fn series(r: &Roadmap, start: &str, facts: &[Fact], t: &str, stage: Option<&str>) -> Series {
        compute_for(
            &Ask {
                roadmap: r,
                start: d(start),
                facts,
                t: d(t),
                who: None,
            },
            stage,
        )
    }

    fn on_target(mut f: Fact, id: &str, amount: f64, done: bool) -> Fact {
        f.entry.targets.push(TargetRef {
            id: id.into(),
            amount,
            done,
        });
        f
    }

    #[test]
    fn burnup_counts_earlier_work_from_the_first_day_and_one_point_a_day() {
        let mut r = plan();
        r.milestones = vec![milestone_of(
            "m",
            "2026-01-05",
            "2026-02-04",
            None,
            vec![target_of("a", 1.0), target_of("b", 4.0)],
        )];
        let facts = vec![
            on_target(fact("2026-01-01", 30), "a", 1.0, false),
            on_target(fact("2026-01-10", 30), "b", 2.0, false),
            on_target(fact("2026-01-10", 45), "b", 1.0, false),
            on_target(fact("2026-01-25", 30), "b", 1.0, false),
        ];
        let s = series(&r, "2026-01-05", &facts, "2026-01-20", None);
        let b = s.burnup.expect("a burn-up");
        assert_eq!((b.milestone.as_str(), b.scope), ("m", 2.0));
        let points: Vec<(String, f64)> = b
            .points
            .iter()
            .map(|p| (p.date.to_string(), p.done))
            .collect();
        // a done before the window: 1 from its first day; b 3 of 4 on the
        // 10th (two entries, one point); the entry after T is ignored.
        assert_eq!(
            points,
            [
                ("2026-01-05".to_string(), 1.0),
                ("2026-01-10".to_string(), 1.75),
                ("2026-01-20".to_string(), 1.75)
            ]
        );
    }

    #[test]
    fn the_stage_is_the_shortest_current_milestone_with_targets() {
        let mut r = plan();
        r.milestones = vec![
            milestone_of(
                "year",
                "2026-01-05",
                "2027-01-03",
                None,
                vec![target_of("y", 1.0)],
            ),
            milestone_of(
                "month",
                "2026-01-05",
                "2026-02-04",
                None,
                vec![target_of("m", 1.0)],
            ),
            milestone_of("empty", "2026-01-05", "2026-01-11", None, vec![]),
        ];
        let start = d("2026-01-05");
        assert_eq!(stage(&r, start, d("2026-01-04")), None);
        assert_eq!(stage(&r, start, d("2026-01-06")), Some(1));
        assert_eq!(stage(&r, start, d("2026-03-01")), Some(0));
        // After every window: the one that ended last.
        assert_eq!(stage(&r, start, d("2027-06-01")), Some(0));
    }

    #[test]
    fn weekly_runs_from_the_start_with_the_planning_milestone() {
        let mut r = plan();
        r.milestones = vec![
            milestone_of(
                "long",
                "2026-01-05",
                "2026-03-01",
                rate(7.0, Per::Week),
                vec![],
            ),
            milestone_of(
                "short",
                "2026-01-05",
                "2026-01-18",
                rate(2.0, Per::Day),
                vec![],
            ),
        ];
        let facts = vec![fact("2026-01-06", 90), fact("2026-01-20", 30)];
        let s = series(&r, "2026-01-05", &facts, "2026-01-21", None);
        let weeks: Vec<(String, f64, f64, Option<String>)> = s
            .weekly
            .iter()
            .map(|w| {
                (
                    w.start.to_string(),
                    w.hours,
                    w.budget,
                    w.stage.as_deref().map(str::to_string),
                )
            })
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-01-05".into(), 1.5, 14.0, Some("short".into())),
                ("2026-01-12".into(), 0.0, 14.0, Some("short".into())),
                ("2026-01-19".into(), 0.5, 7.0, Some("long".into())),
            ]
        );
        assert_eq!(s.calendar_start, d("2025-01-22"));
        assert_eq!(
            s.days.iter().map(|x| x.minutes).collect::<Vec<_>>(),
            [90, 30]
        );
    }

    #[test]
    fn a_habit_strip_keeps_the_last_sixteen_periods() {
        let mut r = plan();
        r.habits = vec![habit_of("h", Every::Week, 1)];
        let mut f = fact("2026-04-20", 30);
        f.entry.habits = vec!["h".into()];
        let s = series(&r, "2026-01-05", &[f], "2026-04-22", None);
        let p = &s.habits[0].periods;
        // 16 of the 16 weeks from Jan 5 … the week of Apr 20 (16th week).
        assert_eq!(p.len(), HABIT_PERIODS);
        assert_eq!(p[0].start, d("2026-01-05"));
        let last = p.last().expect("a period");
        assert_eq!(
            (last.start, last.count, last.hit, last.off),
            (d("2026-04-20"), 1, true, false)
        );
        let s = series(&r, "2026-01-05", &[], "2026-05-06", None);
        assert_eq!(s.habits[0].periods[0].start, d("2026-01-19"));
    }

    /// No week before the first day, one on it (its week began two days
    /// earlier), and at most `MAX_WEEKS` after years, the last being T's.
    /// A day that counts no minutes (an entry a correction took back to 0)
    /// is not a day of the calendar.
    #[test]
    fn weekly_begins_on_the_first_day_and_keeps_the_last_104_weeks() {
        let mut r = plan();
        r.milestones = vec![milestone_of(
            "m",
            "2026-01-07",
            "2029-12-31",
            rate(7.0, Per::Week),
            vec![],
        )];
        let facts = vec![fact("2026-01-08", 0), fact("2026-01-09", 30)];
        let at = |t: &str| series(&r, "2026-01-07", &facts, t, None);
        let starts = |t: &str| at(t).weekly.iter().map(|w| w.start).collect::<Vec<_>>();
        // 2026-01-07 is a Wednesday; weeks start on Monday.
        assert_eq!(starts("2026-01-06"), []);
        assert_eq!(starts("2026-01-07"), [d("2026-01-05")]);
        let long = starts("2029-06-06");
        assert_eq!(long.len(), 104);
        assert_eq!((long[0], long[103]), (d("2027-06-14"), d("2029-06-04")));
        let days = at("2026-01-10").days;
        assert_eq!(
            days.iter().map(|x| (x.date, x.minutes)).collect::<Vec<_>>(),
            [(d("2026-01-09"), 30)]
        );
    }

    /// The burn-up is of the stage asked for when it has targets, else of
    /// the current one; work before the window counts from its first day
    /// (one point, however many days it spans), work on its last day counts,
    /// and work after it does not.
    #[test]
    fn burnup_of_the_asked_stage_runs_through_its_last_day() {
        let mut r = plan();
        r.milestones = vec![
            milestone_of(
                "a",
                "2026-01-05",
                "2026-01-18",
                None,
                vec![target_of("x", 4.0)],
            ),
            milestone_of(
                "b",
                "2026-01-05",
                "2026-03-01",
                None,
                vec![target_of("y", 1.0)],
            ),
            milestone_of("c", "2026-01-05", "2026-01-11", None, vec![]),
        ];
        let facts: Vec<Fact> = ["2026-01-01", "2026-01-03", "2026-01-18", "2026-01-19"]
            .into_iter()
            .map(|day| on_target(fact(day, 30), "x", 1.0, false))
            .collect();
        let chart_of = |facts: &[Fact], t: &str, stage: Option<&str>| {
            series(&r, "2026-01-05", facts, t, stage)
                .burnup
                .expect("a burn-up")
        };
        let chart = |t: &str, stage: Option<&str>| chart_of(&facts, t, stage);
        // On the 8th the current stage is `a` (`c` has no targets).
        assert_eq!(chart("2026-01-08", None).milestone, "a");
        assert_eq!(chart("2026-01-08", Some("b")).milestone, "b");
        assert_eq!(chart("2026-01-08", Some("c")).milestone, "a");
        let b = chart("2026-01-20", Some("a"));
        assert_eq!(b.milestone, "a");
        let points: Vec<(Date, f64)> = b.points.iter().map(|p| (p.date, p.done)).collect();
        assert_eq!(points, [(d("2026-01-05"), 0.5), (d("2026-01-18"), 0.75)]);
        // Without earlier work the line starts at 0 on the first day, and
        // runs on to T.
        let later = [on_target(fact("2026-01-12", 30), "y", 1.0, false)];
        let b = chart_of(&later, "2026-01-20", Some("b"));
        let points: Vec<(Date, f64)> = b.points.iter().map(|p| (p.date, p.done)).collect();
        assert_eq!(
            points,
            [
                (d("2026-01-05"), 0.0),
                (d("2026-01-12"), 1.0),
                (d("2026-01-20"), 1.0)
            ]
        );
    }
}
