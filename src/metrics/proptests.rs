//! Invariants of the figures, over roadmaps and journals generated at random.

use super::reference;
use super::tests::{d, fact, habit_of, plan, target_of};
use super::*;
use crate::model::calendar::window;
use crate::model::{Habit, Milestone, Per, Policy, Skill, Target, TargetRef, TimeOff, Window};
use jiff::civil::Weekday;
use proptest::prelude::*;

/// Slack for sums of figures each rounded to 4 decimal places.
const ROUNDING: f64 = 1e-3;

const AUTHORS: [&str; 3] = ["alice", "bob", "carol"];
const SKILLS: [&str; 4] = ["a", "b", "c", "d"];
const TARGETS: [&str; 3] = ["t0", "t1", "t2"];

fn base() -> Date {
    d("2026-01-01")
}

fn budget() -> impl Strategy<Value = Option<Budget>> {
    prop_oneof![
        Just(None),
        (1u32..40, 0usize..3).prop_map(|(h, per)| Some(Budget::Rate {
            hours: f64::from(h) / 2.0,
            per: [Per::Day, Per::Week, Per::Month][per],
        })),
        (1u32..400).prop_map(|h| Some(Budget::Total {
            hours: f64::from(h)
        })),
    ]
}

fn milestone() -> impl Strategy<Value = Milestone> {
    (
        0i64..200,
        0i64..150,
        budget(),
        // Goal, weight, and how far beyond the goal a stretch lies, if any.
        proptest::collection::vec((1u32..8, 1u32..4, proptest::option::of(1u32..4)), 0..3),
    )
        .prop_map(|(offset, len, budget, targets)| {
            let start = add_days(base(), offset);
            Milestone {
                id: format!("m{offset}").into(),
                title: "m".into(),
                window: Window::Dates {
                    start,
                    end: add_days(start, len),
                },
                budget,
                targets: targets
                    .into_iter()
                    .enumerate()
                    .map(|(i, (goal, weight, beyond))| Target {
                        weight: f64::from(weight),
                        stretch: beyond.map(|b| f64::from(goal + b)),
                        ..target_of(TARGETS[i], f64::from(goal))
                    })
                    .collect(),
            }
        })
}

fn habit() -> impl Strategy<Value = Habit> {
    (0usize..4, 1u32..3, any::<bool>()).prop_map(|(every, times, optional)| Habit {
        optional,
        ..habit_of(
            "h",
            [Every::Day, Every::Week, Every::Month, Every::Quarter][every],
            times,
        )
    })
}

fn entry() -> impl Strategy<Value = Fact> {
    (
        0i64..300,
        1u32..300,
        0usize..3,
        proptest::collection::vec(0usize..4, 0..3),
        proptest::collection::vec((0usize..3, 0u32..6, any::<bool>()), 0..2),
        any::<bool>(),
        0usize..7,
        proptest::option::of(0i64..5),
    )
        .prop_map(
            |(day, minutes, author, skills, targets, habit, kind, recorded)| {
                let mut f = fact(&add_days(base(), day).to_string(), minutes);
                f.recorded = recorded.map(|at| Recorded {
                    at,
                    date: f.entry.date,
                    commit: format!("c{at}").into(),
                });
                f.author = AUTHORS[author].into();
                f.entry.kind = Kind::ALL[kind];
                f.entry.skills = skills.into_iter().map(|s| SKILLS[s].into()).collect();
                f.entry.skills.sort();
                f.entry.skills.dedup();
                f.entry.targets = targets
                    .into_iter()
                    .map(|(t, amount, done)| TargetRef {
                        id: TARGETS[t].into(),
                        amount: f64::from(amount) / 2.0,
                        done: done && amount == 0,
                    })
                    .filter(|r| r.done || r.amount > 0.0)
                    .collect();
                if habit {
                    f.entry.habits.push("h".into());
                }
                f
            },
        )
}

/// Up to three ranges of days off, for everyone or for one author.
fn time_off() -> impl Strategy<Value = Vec<TimeOff>> {
    proptest::collection::vec((0i64..320, 0i64..40, proptest::option::of(0usize..3)), 0..4)
        .prop_map(|ranges| {
            ranges
                .into_iter()
                .map(|(offset, len, author)| TimeOff {
                    start: add_days(base(), offset),
                    end: add_days(base(), offset + len),
                    reason: None,
                    author: author.map(|a| AUTHORS[a].to_string()),
                    author_at: None,
                })
                .collect()
        })
}

fn roadmap() -> impl Strategy<Value = Roadmap> {
    (
        time_off(),
        proptest::collection::vec(milestone(), 0..4),
        proptest::collection::vec(habit(), 0..2),
        proptest::collection::vec(0usize..4, 4),
        1u32..120,
        (0usize..3, 0u32..3),
    )
        .prop_map(
            |(time_off, milestones, habits, priorities, practice, (ws, tol))| Roadmap {
                time_off,
                milestones,
                habits,
                skills: SKILLS
                    .iter()
                    .zip(priorities)
                    .map(|(id, p)| Skill {
                        id: (*id).into(),
                        name: id.to_string(),
                        priority: Priority::ALL[p],
                        why: String::new(),
                        group: crate::model::DEFAULT_GROUP.into(),
                    })
                    .collect(),
                practice_minutes: practice,
                policy: Policy {
                    week_start: [Weekday::Monday, Weekday::Sunday, Weekday::Wednesday][ws],
                    at_risk_tolerance: f64::from(tol) / 4.0,
                    ..Policy::default()
                },
                ..plan()
            },
        )
}

/// Entries with unique paths, as a journal has.
fn journal() -> impl Strategy<Value = Vec<Fact>> {
    proptest::collection::vec(entry(), 0..40).prop_map(|mut fs| {
        for (i, f) in fs.iter_mut().enumerate() {
            f.entry.path = format!("journal/{i:03}.yaml");
        }
        fs
    })
}

/// Whether two exact figures agree up to float error (both absent, or both
/// present and within 10⁻⁹, relatively for large ones).
fn near(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

/// Whether a figure rounded to 4 decimal places is the exact value.
fn close(rounded: f64, exact: f64) -> bool {
    (rounded - exact).abs() <= 0.5e-4 + 1e-9
}

fn unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

proptest! {
    #[test]
    fn figures_match_a_day_by_day_reading_of_spec(
        r in roadmap(), fs in journal(), t in 0i64..400, who in proptest::option::of(0usize..3),
    ) {
        let t = add_days(base(), t);
        // The team's figures, or one person's (their entries, their time off).
        let who = who.map(|i| AUTHORS[i]);
        let fs: Vec<Fact> = fs.into_iter().filter(|f| who.is_none_or(|w| *f.author == *w)).collect();
        let off = reference::Off { ranges: &r.time_off, who };
        let m = compute_for(&Ask { roadmap: &r, start: base(), facts: &fs, t, who });
        for (spec, got) in r.milestones.iter().zip(&m.figures.milestones) {
            let (start, end) = window(spec, base());
            if let Some(b) = &spec.budget {
                let want = reference::budget(b, start, end, &fs, t, &off);
                let g = got.budget.as_ref().expect("a budget");
                prop_assert!(close(g.planned_total, want.planned_total), "{g:?} {want:?}");
                prop_assert!(close(g.planned_to_date, want.planned_to_date), "{g:?} {want:?}");
                prop_assert!(close(g.actual_to_date, want.actual_to_date), "{g:?} {want:?}");
                prop_assert_eq!(g.periods_met, want.periods_met);
                prop_assert_eq!(g.periods_complete, want.periods_complete);
            }
            let mut weighted = 0.0;
            let mut last_completion = None;
            for (tg, g) in spec.targets.iter().zip(&got.targets) {
                let want = reference::target(tg, &fs, t);
                prop_assert!(close(g.amount, want.amount));
                prop_assert!(close(g.progress, want.progress));
                // min(1, amount / stretch), when the target has a stretch.
                let stretch = tg.stretch.map(|st| (want.amount / st).min(1.0));
                prop_assert_eq!(g.stretch_progress.is_some(), stretch.is_some());
                if let (Some(a), Some(b)) = (g.stretch_progress, stretch) {
                    prop_assert!(close(a, b), "{a} {b}");
                }
                prop_assert_eq!(g.completed_on, want.completed_on);
                weighted += tg.weight * want.progress;
                last_completion = last_completion.max(want.completed_on);
            }
            let weight: f64 = spec.targets.iter().map(|x| x.weight).sum();
            let completion = (!spec.targets.is_empty()).then(|| weighted / weight);
            prop_assert_eq!(got.completion.is_some(), completion.is_some());
            if let (Some(a), Some(b)) = (got.completion, completion) {
                prop_assert!(close(a, b));
            }
            let done = completion.is_some_and(|c| c >= 1.0 - 1e-9);
            let want = reference::status(
                completion,
                last_completion.filter(|_| done),
                start,
                end,
                t,
                r.policy.at_risk_tolerance,
                &off,
            );
            prop_assert_eq!(got.status.name(), want);
            let open = start <= t && t <= end && !want.starts_with("done");
            prop_assert_eq!(got.pace.is_some(), open);
            if let Some(p) = &got.pace {
                let want = reference::pace(spec.budget.as_ref(), &spec.targets, (start, end), &fs, t, &off);
                prop_assert_eq!(p.remaining_days, want.remaining_days);
                prop_assert!(near(p.hours_needed, want.hours_needed), "{p:?} {want:?}");
                prop_assert!(near(p.needed_per_day, want.needed_per_day), "{p:?} {want:?}");
                prop_assert!(near(p.velocity_per_day, want.velocity_per_day), "{p:?} {want:?}");
                prop_assert!(near(p.projected_total, want.projected_total), "{p:?} {want:?}");
                prop_assert!(near(p.projected_adherence, want.projected_adherence), "{p:?} {want:?}");
                prop_assert_eq!(p.projected_done, want.projected_done, "{:?} {:?}", p, want);
            }
        }
        for (h, got) in r.habits.iter().zip(&m.figures.habits) {
            let want = reference::habit(h, &fs, base(), t, r.policy.week_start, &off);
            prop_assert_eq!(
                (got.hits, got.complete_periods, got.current, got.current_streak, got.longest_streak),
                (want.hits, want.complete_periods, want.current, want.current_streak, want.longest_streak)
            );
        }
        let want = reference::practice(r.practice_minutes, &fs, base(), t, &off);
        prop_assert_eq!(
            (m.figures.practice.practice_days, m.figures.practice.days as usize, m.figures.practice.current_streak),
            (want.practice_days, want.days, want.current_streak)
        );
        // Per person: everyone's time off and their own.
        for p in &m.people {
            let mine: Vec<Fact> = fs.iter().filter(|f| *f.author == *p.author).cloned().collect();
            let theirs = reference::Off { ranges: &r.time_off, who: Some(&p.author) };
            let want = reference::practice(r.practice_minutes, &mine, base(), t, &theirs);
            prop_assert_eq!(
                (p.practice_days, p.current_streak),
                (want.practice_days, want.current_streak)
            );
        }
    }

    #[test]
    fn skill_hours_sum_to_the_hours_logged(r in roadmap(), fs in journal(), t in 0i64..400) {
        let m = compute(&r, base(), &fs, add_days(base(), t));
        let skills: f64 = m.figures.skills.iter().map(|s| s.hours).sum();
        let tiers: f64 = m.figures.skill_tiers.iter().map(|s| s.hours).sum();
        prop_assert!((skills + m.figures.unassigned_hours - m.totals.hours).abs() < ROUNDING);
        prop_assert!((tiers - skills).abs() < ROUNDING);
        let mix: f64 = m.figures.mix.iter().map(|x| x.hours).sum();
        prop_assert!((mix - m.totals.hours).abs() < ROUNDING);
    }

    #[test]
    fn planned_to_date_grows_with_t_up_to_planned_total(
        r in roadmap(), fs in journal(), t in 0i64..400,
    ) {
        let now = compute(&r, base(), &fs, add_days(base(), t));
        let next = compute(&r, base(), &fs, add_days(base(), t + 1));
        for (a, b) in now.figures.milestones.iter().zip(&next.figures.milestones) {
            let (Some(a), Some(b)) = (&a.budget, &b.budget) else { continue };
            prop_assert!(a.planned_to_date <= a.planned_total);
            prop_assert!(a.planned_to_date <= b.planned_to_date);
            prop_assert!(a.actual_to_date <= b.actual_to_date);
            prop_assert!(a.periods_met <= a.periods_complete);
            prop_assert!(a.periods_complete <= b.periods_complete);
        }
    }

    #[test]
    fn completions_shares_and_rates_lie_in_0_1(r in roadmap(), fs in journal(), t in 0i64..400) {
        let m = compute(&r, base(), &fs, add_days(base(), t));
        for x in &m.figures.milestones {
            prop_assert!(x.completion.is_none_or(unit));
            for tg in &x.targets {
                prop_assert!(unit(tg.progress));
                prop_assert!(tg.stretch_progress.is_none_or(unit));
                prop_assert_eq!(tg.done, tg.progress == 1.0);
            }
            prop_assert!(x.elapsed_days <= x.window_days && x.elapsed_days >= 0);
        }
        for h in &m.figures.habits {
            prop_assert!(h.hit_rate.is_none_or(unit));
            prop_assert!(h.hits <= h.complete_periods);
            prop_assert!(h.current_streak <= h.longest_streak);
        }
        prop_assert!(m.figures.habit_score.is_none_or(unit));
        prop_assert!(m.figures.practice.consistency.is_none_or(unit));
        prop_assert!(m.figures.practice.days <= CONSISTENCY_DAYS);
        prop_assert!(m.figures.mix.iter().all(|x| x.share.is_none_or(unit)));
        prop_assert!(m.figures.skill_tiers.iter().all(|x| x.share.is_none_or(unit)));
    }

    #[test]
    fn filtering_by_author_partitions_the_totals(
        r in roadmap(), fs in journal(), t in 0i64..400,
    ) {
        let t = add_days(base(), t);
        let all = compute(&r, base(), &fs, t);
        let parts: Vec<Metrics> = AUTHORS
            .iter()
            .map(|a| {
                let mine: Vec<Fact> = fs.iter().filter(|f| *f.author == **a).cloned().collect();
                compute(&r, base(), &mine, t)
            })
            .collect();
        let sum = |f: &dyn Fn(&Metrics) -> f64| parts.iter().map(f).sum::<f64>();
        prop_assert_eq!(
            parts.iter().map(|m| m.totals.entries).sum::<usize>(),
            all.totals.entries
        );
        prop_assert!((sum(&|m| m.totals.hours) - all.totals.hours).abs() < ROUNDING);
        for (i, x) in all.figures.milestones.iter().enumerate() {
            if let Some(b) = &x.budget {
                let actual = sum(&|m| {
                    m.figures.milestones[i].budget.as_ref().map_or(0.0, |b| b.actual_to_date)
                });
                prop_assert!((actual - b.actual_to_date).abs() < ROUNDING);
                // The plan does not depend on who logged the work.
                for m in &parts {
                    let p = m.figures.milestones[i].budget.as_ref().map(|b| b.planned_to_date);
                    prop_assert_eq!(p, Some(b.planned_to_date));
                }
            }
            for (j, tg) in x.targets.iter().enumerate() {
                let amount = sum(&|m| m.figures.milestones[i].targets[j].amount);
                prop_assert!((amount - tg.amount).abs() < ROUNDING);
            }
        }
        for (k, x) in all.figures.mix.iter().enumerate() {
            prop_assert!((sum(&|m| m.figures.mix[k].hours) - x.hours).abs() < ROUNDING);
        }
        for (k, x) in all.figures.skills.iter().enumerate() {
            prop_assert!((sum(&|m| m.figures.skills[k].hours) - x.hours).abs() < ROUNDING);
        }
        if all.totals.authors > 1 {
            for p in &all.people {
                let i = AUTHORS.iter().position(|a| *a == p.author).expect("a known author");
                // A person's practice counts their own time off too.
                let mine: Vec<Fact> = fs.iter().filter(|f| *f.author == *p.author).cloned().collect();
                let theirs = compute_for(&Ask { roadmap: &r, start: base(), facts: &mine, t, who: Some(&p.author) });
                prop_assert_eq!(p.practice_days, theirs.figures.practice.practice_days);
                prop_assert_eq!(p.consistency, theirs.figures.practice.consistency);
                prop_assert_eq!(p.current_streak, theirs.figures.practice.current_streak);
                prop_assert_eq!(p.entries, theirs.totals.entries);
                prop_assert_eq!(p.entries, parts[i].totals.entries);
                prop_assert_eq!(p.hours, parts[i].totals.hours);
            }
        }
    }

    #[test]
    fn rate_budgets_plan_their_rate_over_the_window(
        offset in 0i64..1000, len in 0i64..800, hours in 1u32..50,
    ) {
        let start = add_days(base(), offset);
        let end = add_days(start, len);
        let days = (len + 1) as f64;
        let h = f64::from(hours);
        let total = |b: Budget| -> f64 {
            periods(&b, start, end, &OffDays::none()).iter().map(|p| p.planned_through(end)).sum()
        };
        let daily = total(Budget::Rate { hours: h, per: Per::Day });
        let weekly = total(Budget::Rate { hours: h, per: Per::Week });
        let overall = total(Budget::Total { hours: h });
        prop_assert!((daily - h * days).abs() < 1e-6);
        prop_assert!((weekly - h * days / 7.0).abs() < 1e-6);
        prop_assert!((overall - h).abs() < 1e-6);
        // Months: every full month plans `hours`, whatever its length.
        let months = periods(&Budget::Rate { hours: h, per: Per::Month }, start, end, &OffDays::none());
        let full = months.iter().filter(|p| p.end <= end).count() as f64;
        let planned: f64 = months.iter().map(|p| p.planned_through(end)).sum();
        prop_assert!(planned >= full * h - 1e-6 && planned <= (full + 1.0) * h + 1e-6);
    }

    #[test]
    fn the_period_at_a_day_is_the_period_holding_it(
        offset in 0i64..2000, len in 0i64..800, day in 0i64..800, per in 0usize..4,
    ) {
        let start = add_days(base(), offset);
        let end = add_days(start, len);
        let budget = match per {
            3 => Budget::Total { hours: 10.0 },
            p => Budget::Rate { hours: 10.0, per: [Per::Day, Per::Week, Per::Month][p] },
        };
        let at = add_days(start, day);
        let expected = periods(&budget, start, end, &OffDays::none())
            .into_iter()
            .find(|p| p.start <= at && at <= p.end && at <= end);
        prop_assert_eq!(period_at(&budget, start, end, at, &OffDays::none()), expected);
        // Periods tile the window: each starts the day after the last ends.
        let ps = periods(&budget, start, end, &OffDays::none());
        prop_assert_eq!(ps.first().map(|p| p.start), Some(start));
        prop_assert!(ps.last().is_some_and(|p| p.start <= end && end <= p.end));
        for w in ps.windows(2) {
            prop_assert_eq!(add_days(w[0].end, 1), w[1].start);
        }
    }

    /// The acceptance property: on a milestone halfway through its
    /// window, when behind, the hours still needed per remaining day, times
    /// those days, plus the hours logged make exactly the whole-window plan
    /// (the plan and the hours read day by day by the reference).
    #[test]
    fn needed_per_day_closes_the_gap_to_the_plan_halfway(
        r in roadmap(), fs in journal(), len in 2i64..150, offset in 0i64..100,
        b in budget().prop_filter("a budget", Option::is_some),
    ) {
        let start = add_days(base(), offset);
        let end = add_days(start, len - 1);
        let t = add_days(start, len / 2 - 1);
        let mut r = r;
        r.milestones = vec![Milestone {
            id: "half".into(),
            title: "half".into(),
            window: Window::Dates { start, end },
            budget: b,
            targets: vec![target_of(TARGETS[0], 5.0)],
        }];
        let m = compute(&r, base(), &fs, t);
        let got = &m.figures.milestones[0];
        let pace = got.pace.as_ref();
        let spec = &r.milestones[0];
        let off = reference::Off { ranges: &r.time_off, who: None };
        let plan = reference::budget(spec.budget.as_ref().expect("a budget"), start, end, &fs, t, &off);
        let behind = plan.actual_to_date < plan.planned_total;
        if let (Some(p), true) = (pace, behind) {
            if let Some(per_day) = p.needed_per_day {
                let closed = per_day * p.remaining_days as f64 + plan.actual_to_date;
                prop_assert!((closed - plan.planned_total).abs() <= 1e-9, "{closed} vs {}", plan.planned_total);
                prop_assert!((p.needed_per_week.expect("a weekly figure") - 7.0 * per_day).abs() <= 1e-9);
            } else {
                // No working day left: every remaining day is off.
                prop_assert_eq!(p.remaining_days, 0);
            }
        }
        // Open halfway unless the single target is already done.
        prop_assert_eq!(pace.is_some(), !got.status.is_done());
    }
}
