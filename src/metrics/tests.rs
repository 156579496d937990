//! One test per definition of SPEC §3, with the edges each one has. Every
//! expected figure is worked out by hand in the comment above it.

use super::*;
use crate::model::{Habit, Milestone, Per, Policy, Skill, Target, TargetRef, Window};
use jiff::civil::Weekday;

pub(super) fn d(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

/// A roadmap with nothing in it but a 30-minute practice goal.
pub(super) fn plan() -> Roadmap {
    Roadmap::practice_only()
}

pub(super) fn milestone_of(
    id: &str,
    start: &str,
    end: &str,
    budget: Option<Budget>,
    targets: Vec<Target>,
) -> Milestone {
    Milestone {
        id: id.into(),
        title: id.into(),
        window: Window::Dates {
            start: d(start),
            end: d(end),
        },
        budget,
        targets,
    }
}

pub(super) fn target_of(id: &str, goal: f64) -> Target {
    Target {
        id: id.into(),
        title: id.into(),
        goal,
        stretch: None,
        unit: None,
        weight: 1.0,
    }
}

pub(super) fn habit_of(id: &str, every: Every, times: u32) -> Habit {
    Habit {
        id: id.into(),
        title: id.into(),
        every,
        times,
        optional: false,
    }
}

#[allow(
    clippy::unnecessary_wraps,
    reason = "it fills a milestone's `Option<Budget>`"
)]
pub(super) fn rate(hours: f64, per: Per) -> Option<Budget> {
    Some(Budget::Rate { hours, per })
}

/// An entry by `alice`, not yet recorded, at `journal/<date>-<minutes>.yaml`.
pub(super) fn fact(date: &str, minutes: u32) -> Fact {
    Fact {
        entry: Entry::work(format!("journal/{date}-{minutes}.yaml"), d(date), minutes),
        author: "alice".into(),
        recorded: None,
    }
}

impl Fact {
    fn by(mut self, author: &str) -> Fact {
        self.author = author.into();
        self
    }
    fn at(mut self, path: &str) -> Fact {
        self.entry.path = path.into();
        self
    }
    fn kind(mut self, k: Kind) -> Fact {
        self.entry.kind = k;
        self
    }
    fn skills(mut self, ids: &[&str]) -> Fact {
        self.entry.skills = ids.iter().map(|s| (*s).into()).collect();
        self
    }
    fn habit(mut self, id: &str) -> Fact {
        self.entry.habits.push(id.into());
        self
    }
    fn amount(mut self, id: &str, amount: f64) -> Fact {
        self.entry.targets.push(TargetRef {
            id: id.into(),
            amount,
            done: false,
        });
        self
    }
    fn done(mut self, id: &str) -> Fact {
        self.entry.targets.push(TargetRef {
            id: id.into(),
            amount: 0.0,
            done: true,
        });
        self
    }
    fn recorded(mut self, at: i64, commit: &str) -> Fact {
        self.recorded = Some(Recorded {
            at,
            date: self.entry.date,
            commit: commit.into(),
        });
        self
    }
}

fn only_milestone(m: &Metrics) -> &MilestoneMetrics {
    assert_eq!(m.figures.milestones.len(), 1);
    &m.figures.milestones[0]
}

fn budget_of(m: &Metrics) -> &BudgetMetrics {
    only_milestone(m).budget.as_ref().expect("a budget")
}

/// (`planned_total`, `planned_to_date`, `actual_to_date`, adherence, status,
/// `periods_met`, `periods_complete`)
type BudgetRow = (f64, f64, f64, Option<f64>, &'static str, usize, usize);

fn row(b: &BudgetMetrics) -> BudgetRow {
    (
        b.planned_total,
        b.planned_to_date,
        b.actual_to_date,
        b.adherence,
        b.status.name(),
        b.periods_met,
        b.periods_complete,
    )
}

fn with_milestone(m: Milestone) -> Roadmap {
    Roadmap {
        milestones: vec![m],
        ..plan()
    }
}

// ---------------------------------------------------------------- windows

#[test]
fn month_windows_follow_the_calendar_including_leap_days() {
    let span = |n, unit| crate::model::Span { n, unit };
    let one_month = Milestone {
        id: "m".into(),
        title: "m".into(),
        window: Window::Relative {
            after: span(0, crate::model::Unit::Day),
            duration: span(1, crate::model::Unit::Month),
        },
        budget: None,
        targets: vec![],
    };
    let cases = [
        // SPEC's example.
        ("2026-01-05", "2026-02-04"),
        // Into a 28-day February.
        ("2026-02-01", "2026-02-28"),
        // Into a leap February: Feb 29 is a day of the window.
        ("2028-02-01", "2028-02-29"),
        ("2028-01-29", "2028-02-28"),
        // A 31st start: Feb 31 does not exist, Feb 28 stands for it.
        ("2026-01-31", "2026-02-27"),
        // Into a 30-day month from a 31st.
        ("2026-03-31", "2026-04-29"),
        // A 31-day month from a 30th.
        ("2026-07-30", "2026-08-29"),
        // Across a year boundary.
        ("2026-12-15", "2027-01-14"),
    ];
    for (start, end) in cases {
        assert_eq!(
            window(&one_month, d(start)),
            (d(start), d(end)),
            "1 month from {start}"
        );
    }
    // A leap day start, 12 months: 2029-02-29 does not exist.
    let year = Milestone {
        window: Window::Relative {
            after: span(0, crate::model::Unit::Day),
            duration: span(12, crate::model::Unit::Month),
        },
        ..one_month.clone()
    };
    assert_eq!(
        window(&year, d("2028-02-29")),
        (d("2028-02-29"), d("2029-02-27"))
    );
    // `after` offsets from the roadmap start; weeks end on start + 7N − 1.
    let later = Milestone {
        window: Window::Relative {
            after: span(2, crate::model::Unit::Week),
            duration: span(3, crate::model::Unit::Week),
        },
        ..one_month
    };
    assert_eq!(
        window(&later, d("2026-01-05")),
        (d("2026-01-19"), d("2026-02-08"))
    );
}

#[test]
fn elapsed_days_are_clamped_to_the_window() {
    let r = with_milestone(milestone_of("m", "2026-01-05", "2026-01-14", None, vec![]));
    let at = |t: &str| {
        let m = compute(&r, d("2026-01-01"), &[], d(t));
        let x = only_milestone(&m);
        (x.window_days, x.elapsed_days, x.current)
    };
    assert_eq!(at("2026-01-04"), (10, 0, false));
    assert_eq!(at("2026-01-05"), (10, 1, true));
    assert_eq!(at("2026-01-09"), (10, 5, true));
    assert_eq!(at("2026-01-14"), (10, 10, true));
    assert_eq!(at("2026-03-01"), (10, 10, false));
}

// ---------------------------------------------------------------- budgets

#[test]
fn daily_budget_is_specs_example() {
    // 2026-01-05..2026-02-04 is 31 days at 2 h/day: 62 h. At T = 01-14, ten
    // days are planned: 20 h. Actual counts 01-05 (2 h), 01-06 (1 h) and
    // 01-14 (3 h) = 6 h, not 01-04 (before the window) nor 01-15 (after T).
    // 6 / 20 = 0.3: behind. Ten days are complete; 01-05 and 01-14 met 2 h.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-02-04",
        rate(2.0, Per::Day),
        vec![],
    ));
    let facts = [
        fact("2026-01-04", 60),
        fact("2026-01-05", 120),
        fact("2026-01-06", 60),
        fact("2026-01-14", 180),
        fact("2026-01-15", 600),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-14"));
    assert_eq!(
        row(budget_of(&m)),
        (62.0, 20.0, 6.0, Some(0.3), "behind", 2, 10)
    );
}

#[test]
fn weekly_budget_prorates_the_period_cut_by_t_and_by_the_window_end() {
    // 2026-01-05..01-21 at 7 h/week: weeks 01-05..11, 01-12..18 and
    // 01-19..25, the last cut to 01-19..21 (3 of 7 days: 3 h). Total 17 h.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-21",
        rate(7.0, Per::Week),
        vec![],
    ));
    let facts = [
        fact("2026-01-06", 420),
        fact("2026-01-13", 120),
        fact("2026-01-20", 180),
        fact("2026-01-22", 300),
    ];
    // T = 01-14 cuts week 2 after 3 days: 7 + 3 = 10 h planned; actual
    // 7 + 2 = 9 h; 0.9 is on budget. One complete week, met.
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-14"));
    assert_eq!(
        row(budget_of(&m)),
        (17.0, 10.0, 9.0, Some(0.9), "on budget", 1, 1)
    );
    // T after the end: everything is planned; 01-22 is outside the window.
    // Actual 7 + 2 + 3 = 12; 12 / 17 = 0.70588. Week 1 met (7 ≥ 7), week 2
    // not (2 < 7), the cut week 3 met (3 ≥ its prorated 3).
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-30"));
    assert_eq!(
        row(budget_of(&m)),
        (17.0, 17.0, 12.0, Some(0.7059), "behind", 2, 3)
    );
}

#[test]
fn monthly_budget_from_a_31st_has_months_of_28_to_31_days() {
    // From 2026-01-31, month k is [01-31 + k months, 01-31 + (k+1) months − 1]:
    // month 0 = 01-31..02-27 (28 days), month 1 = 02-28..03-30 (31 days),
    // month 2 = 03-31..04-29 (30 days). The window ends 03-15, cutting
    // month 1 to 16 of its 31 days: 10 × 16/31 = 5.16129 h. Total 15.16129.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-31",
        "2026-03-15",
        rate(10.0, Per::Month),
        vec![],
    ));
    let p = periods(
        &Budget::Rate {
            hours: 10.0,
            per: Per::Month,
        },
        d("2026-01-31"),
        d("2026-04-29"),
        &OffDays::none(),
    );
    let spans: Vec<(Date, Date, i64)> = p.iter().map(|p| (p.start, p.end, p.days)).collect();
    assert_eq!(
        spans,
        vec![
            (d("2026-01-31"), d("2026-02-27"), 28),
            (d("2026-02-28"), d("2026-03-30"), 31),
            (d("2026-03-31"), d("2026-04-29"), 30),
        ]
    );
    let facts = [fact("2026-02-10", 600), fact("2026-03-01", 300)];
    // T = 03-10: month 0 (10 h) + month 1's 02-28..03-10, 11 of 31 days:
    // 10 × 11/31 = 3.548387. Planned 13.548387; actual 15 h; 1.10714.
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-03-10"));
    assert_eq!(
        row(budget_of(&m)),
        (15.1613, 13.5484, 15.0, Some(1.1071), "on budget", 1, 1)
    );
    // T = 03-20, past the end: the cut month 1 is complete; its 5 h fall
    // short of 5.16129. 15 / 15.16129 = 0.98936.
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-03-20"));
    assert_eq!(
        row(budget_of(&m)),
        (15.1613, 15.1613, 15.0, Some(0.9894), "on budget", 1, 2)
    );
}

#[test]
fn monthly_budget_in_a_leap_year() {
    // From 2028-01-31: month 0 = 01-31..02-28 (29 days, 2028-02-29 is
    // 01-31 + 1 month), month 1 = 02-29..03-30 (31 days). At T = 02-29,
    // month 1 has 1 of 31 days planned: 31 + 31 × 1/31 = 32 h.
    let r = with_milestone(milestone_of(
        "m",
        "2028-01-31",
        "2028-03-30",
        rate(31.0, Per::Month),
        vec![],
    ));
    let facts = [fact("2028-02-28", 960), fact("2028-02-29", 960)];
    let m = compute(&r, d("2028-01-01"), &facts, d("2028-02-29"));
    // Actual 32 h; one complete month, holding 02-28's 16 h < 31: not met.
    assert_eq!(
        row(budget_of(&m)),
        (62.0, 32.0, 32.0, Some(1.0), "on budget", 0, 1)
    );
}

#[test]
fn total_hours_budget_is_spread_evenly_per_day() {
    // 20 h over 2026-01-05..01-14 (10 days) is 2 h a day. At T = 01-08 four
    // days are planned: 8 h. Actual 2 + 1 + 3 = 6 h: 0.75, behind. Each day
    // is a period: 01-05 and 01-07 met their 2 h, 01-06 and 01-08 did not.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-14",
        Some(Budget::Total { hours: 20.0 }),
        vec![],
    ));
    let facts = [
        fact("2026-01-05", 120),
        fact("2026-01-06", 60),
        fact("2026-01-07", 180),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-08"));
    let b = budget_of(&m);
    assert_eq!(
        (b.per.name(), b.hours, b.period.name()),
        ("total", 20.0, "day")
    );
    assert_eq!(row(b), (20.0, 8.0, 6.0, Some(0.75), "behind", 2, 4));
    // 10 h over 3 days: 3.3333 h a day; two days planned: 6.6667 h.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-07",
        Some(Budget::Total { hours: 10.0 }),
        vec![],
    ));
    let m = compute(
        &r,
        d("2026-01-01"),
        &[fact("2026-01-05", 400)],
        d("2026-01-06"),
    );
    // 400 min = 6.6667 h ≥ 3.3333 on 01-05; 0 on 01-06.
    assert_eq!(
        row(budget_of(&m)),
        (10.0, 6.6667, 6.6667, Some(1.0), "on budget", 1, 2)
    );
}

#[test]
fn budget_before_the_window_plans_nothing() {
    // T before the start: nothing planned, nothing counted (January's work
    // predates a February window), no adherence.
    let r = with_milestone(milestone_of(
        "m",
        "2026-02-01",
        "2026-02-28",
        rate(2.0, Per::Day),
        vec![],
    ));
    let facts = [fact("2026-01-10", 120), fact("2026-01-20", 120)];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-25"));
    assert_eq!(
        row(budget_of(&m)),
        (56.0, 0.0, 0.0, None, "not started", 0, 0)
    );
    assert_eq!(only_milestone(&m).status, MilestoneStatus::Upcoming);
}

#[test]
fn adherence_thresholds() {
    assert_eq!(adherence_status(None), BudgetStatus::NotStarted);
    assert_eq!(adherence_status(Some(0.0)), BudgetStatus::Behind);
    assert_eq!(adherence_status(Some(0.8999)), BudgetStatus::Behind);
    assert_eq!(adherence_status(Some(0.9)), BudgetStatus::OnBudget);
    assert_eq!(adherence_status(Some(1.25)), BudgetStatus::OnBudget);
    assert_eq!(adherence_status(Some(1.2501)), BudgetStatus::Over);
    // 0.9 reached through fractions that do not add up exactly in binary.
    assert_eq!(adherence_status(Some(0.3 * 3.0)), BudgetStatus::OnBudget);
}

// ---------------------------------------------------------------- targets

fn target_row(t: &TargetMetrics) -> (f64, f64, bool, Option<Date>, Option<f64>) {
    (
        t.amount,
        t.progress,
        t.done,
        t.completed_on,
        t.stretch_progress,
    )
}

#[test]
fn target_amounts_count_early_work_but_not_work_after_t() {
    // Goal 50, stretch 100. 20 before the window (early work counts), 20,
    // then 15 reaches 55 ≥ 50 on 01-12. The 100 on 01-20 is after T.
    let evals = Target {
        stretch: Some(100.0),
        ..target_of("evals", 50.0)
    };
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        None,
        vec![evals],
    ));
    let facts = [
        fact("2026-01-03", 10).amount("evals", 20.0),
        fact("2026-01-10", 10).amount("evals", 20.0),
        fact("2026-01-12", 10).amount("evals", 15.0),
        fact("2026-01-20", 10).amount("evals", 100.0),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-15"));
    let t = &only_milestone(&m).targets[0];
    assert_eq!(
        target_row(t),
        (55.0, 1.0, true, Some(d("2026-01-12")), Some(0.55))
    );
    // Before 01-12 only 40 of 50.
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-11"));
    let t = &only_milestone(&m).targets[0];
    assert_eq!(target_row(t), (40.0, 0.8, false, None, Some(0.4)));
}

/// A goal reached exactly stays reached when a later correction takes some
/// of the amount back: the target completed, and so did the milestone.
#[test]
fn a_goal_reached_exactly_stays_reached_after_a_correction() {
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        None,
        vec![target_of("evals", 2.0)],
    ));
    let facts = [
        fact("2026-01-06", 10).amount("evals", 2.0),
        fact("2026-01-08", 10).amount("evals", -1.0),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    let x = only_milestone(&m);
    assert_eq!(
        target_row(&x.targets[0]),
        (1.0, 1.0, true, Some(d("2026-01-06")), None)
    );
    assert_eq!((x.completion, x.status), (Some(1.0), MilestoneStatus::Done));
    // The burn-up reads the same: done from the first week on.
    let mut counted: Vec<&Fact> = facts.iter().collect();
    crate::metrics::sort_counted(&mut counted);
    let (ms, me) = (d("2026-01-05"), d("2026-01-31"));
    let chart =
        crate::metrics::scope::burn_up("m", (ms, me), &[(ms, &r)], &counted, d("2026-01-18"));
    let done: Vec<f64> = chart.points.iter().map(|p| p.done).collect();
    assert_eq!(done, [1.0, 1.0]);
}

#[test]
fn done_true_after_partial_amounts_completes_the_target() {
    // Goal 3: 1 on 01-06, then `done: true` on 01-08. The amount stays 1;
    // progress is 1 and the target completed on 01-08.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        None,
        vec![target_of("blogs", 3.0)],
    ));
    let facts = [
        fact("2026-01-06", 10).amount("blogs", 1.0),
        fact("2026-01-08", 10)
            .done("blogs")
            .recorded(1_000, "c0ffee"),
        fact("2026-01-09", 10).amount("blogs", 5.0),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-08"));
    let x = only_milestone(&m);
    assert_eq!(
        target_row(&x.targets[0]),
        (1.0, 1.0, true, Some(d("2026-01-08")), None)
    );
    assert_eq!(x.targets[0].recorded_in.as_deref(), Some("c0ffee"));
    assert_eq!(
        (x.completion, x.status, x.completed_on),
        (Some(1.0), MilestoneStatus::Done, Some(d("2026-01-08")))
    );
    // Later amounts add up but do not move the completion date.
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    assert_eq!(
        target_row(&only_milestone(&m).targets[0]),
        (6.0, 1.0, true, Some(d("2026-01-08")), None)
    );
}

#[test]
fn completion_goes_to_the_entry_recorded_first_on_the_same_day() {
    // Goal 2, two entries of 1 on 01-07. `b` was committed first, so `a`
    // reaches the goal. Uncommitted entries come after committed ones.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        None,
        vec![target_of("x", 2.0)],
    ));
    let facts = [
        fact("2026-01-07", 10)
            .at("journal/a.yaml")
            .amount("x", 1.0)
            .recorded(200, "later"),
        fact("2026-01-07", 10)
            .at("journal/b.yaml")
            .amount("x", 1.0)
            .recorded(100, "earlier"),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    let t = &only_milestone(&m).targets[0];
    assert_eq!(t.completed_by.as_deref(), Some("journal/a.yaml"));
    assert_eq!(t.recorded_in.as_deref(), Some("later"));
    let facts = [
        fact("2026-01-07", 10).at("journal/a.yaml").amount("x", 1.0),
        fact("2026-01-07", 10)
            .at("journal/b.yaml")
            .amount("x", 1.0)
            .recorded(100, "earlier"),
        fact("2026-01-07", 10)
            .at("journal/c.yaml")
            .amount("x", 1.0)
            .recorded(300, "latest"),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    let t = &only_milestone(&m).targets[0];
    assert_eq!(t.completed_by.as_deref(), Some("journal/c.yaml"));
    assert_eq!(t.amount, 3.0);
}

#[test]
fn fractional_amounts_reach_their_goal() {
    // Ten amounts of 0.1 add up to 0.9999999999999999 in binary: the goal 1
    // is reached all the same, by the tenth entry.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-01",
        "2026-01-31",
        None,
        vec![target_of("x", 1.0)],
    ));
    let facts: Vec<Fact> = (1..=10)
        .map(|day| fact(&format!("2026-01-{day:02}"), 10).amount("x", 0.1))
        .collect();
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-20"));
    let x = only_milestone(&m);
    assert_eq!(x.targets[0].completed_on, Some(d("2026-01-10")));
    assert_eq!(
        (x.targets[0].amount, x.completion, x.status),
        (1.0, Some(1.0), MilestoneStatus::Done)
    );
}

#[test]
fn completion_is_weighted() {
    // `a` (weight 3, goal 4, 1 done: 0.25) and `b` (weight 1, done):
    // (3 × 0.25 + 1 × 1) / 4 = 0.4375.
    let a = Target {
        weight: 3.0,
        ..target_of("a", 4.0)
    };
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        None,
        vec![a, target_of("b", 1.0)],
    ));
    let facts = [fact("2026-01-06", 10).amount("a", 1.0).amount("b", 1.0)];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    assert_eq!(only_milestone(&m).completion, Some(0.4375));
}

// ---------------------------------------------------------------- milestone status

#[test]
fn the_six_statuses() {
    let w = (d("2026-01-01"), d("2026-01-10"));
    let s = |c: Option<f64>, on: Option<&str>, t: &str| {
        milestone_status(c, on.map(d), w, d(t), 0.25, &OffDays::none())
    };
    assert_eq!(s(Some(0.0), None, "2025-12-31"), MilestoneStatus::Upcoming);
    // Early work does not make a milestone done before its window opens.
    assert_eq!(
        s(Some(1.0), Some("2025-12-20"), "2025-12-31"),
        MilestoneStatus::Upcoming
    );
    assert_eq!(
        s(Some(1.0), Some("2026-01-04"), "2026-01-05"),
        MilestoneStatus::Done
    );
    assert_eq!(
        s(Some(1.0), Some("2026-01-10"), "2026-02-01"),
        MilestoneStatus::Done
    );
    assert_eq!(
        s(Some(1.0), Some("2026-01-11"), "2026-02-01"),
        MilestoneStatus::DoneLate
    );
    assert_eq!(s(Some(0.99), None, "2026-01-11"), MilestoneStatus::Late);
    // Day 5 of 10: on track from 0.5 − 0.25 = 0.25.
    assert_eq!(s(Some(0.25), None, "2026-01-05"), MilestoneStatus::OnTrack);
    assert_eq!(s(Some(0.2499), None, "2026-01-05"), MilestoneStatus::AtRisk);
    // The last day: 1 − 0.25.
    assert_eq!(s(Some(0.75), None, "2026-01-10"), MilestoneStatus::OnTrack);
    assert_eq!(s(Some(0.7499), None, "2026-01-10"), MilestoneStatus::AtRisk);
    // Without targets.
    assert_eq!(s(None, None, "2026-01-05"), MilestoneStatus::OnTrack);
    assert_eq!(s(None, None, "2026-01-11"), MilestoneStatus::Done);
    // A stricter tolerance.
    assert_eq!(
        milestone_status(Some(0.45), None, w, d("2026-01-05"), 0.0, &OffDays::none()),
        MilestoneStatus::AtRisk
    );
    assert_eq!(
        milestone_status(Some(0.5), None, w, d("2026-01-05"), 0.0, &OffDays::none()),
        MilestoneStatus::OnTrack
    );
}

/// A window whose days are all off has no time to lose: on track whatever
/// its completion, never at risk (no time has gone by).
#[test]
fn a_window_of_off_days_only_is_on_track() {
    let w = (d("2026-01-01"), d("2026-01-10"));
    let roadmap = Roadmap {
        time_off: vec![crate::model::TimeOff {
            start: d("2025-12-20"),
            end: d("2026-01-15"),
            reason: None,
            author: None,
            author_at: None,
        }],
        ..plan()
    };
    let off = OffDays::of(&roadmap, None);
    for t in ["2026-01-01", "2026-01-05", "2026-01-10"] {
        assert_eq!(
            milestone_status(Some(0.0), None, w, d(t), 0.25, &off),
            MilestoneStatus::OnTrack,
            "{t}"
        );
    }
}

#[test]
fn milestone_status_from_entries() {
    // Two targets of goal 1 in 01-01..01-10; `a` done 01-03. On day 8
    // completion 0.5 < 0.8 − 0.25: at risk. `b` done 01-12 (after the end):
    // done late. At T = 01-11 without it: late.
    let r = Roadmap {
        policy: Policy {
            at_risk_tolerance: 0.25,
            ..Policy::default()
        },
        ..with_milestone(milestone_of(
            "m",
            "2026-01-01",
            "2026-01-10",
            None,
            vec![target_of("a", 1.0), target_of("b", 1.0)],
        ))
    };
    let facts = [
        fact("2026-01-03", 10).amount("a", 1.0),
        fact("2026-01-12", 10).done("b"),
    ];
    let status = |t: &str| {
        let m = compute(&r, d("2026-01-01"), &facts, d(t));
        let x = only_milestone(&m);
        (x.completion, x.status)
    };
    assert_eq!(status("2026-01-03"), (Some(0.5), MilestoneStatus::OnTrack));
    assert_eq!(status("2026-01-08"), (Some(0.5), MilestoneStatus::AtRisk));
    assert_eq!(status("2026-01-11"), (Some(0.5), MilestoneStatus::Late));
    assert_eq!(status("2026-01-12"), (Some(1.0), MilestoneStatus::DoneLate));
}

// ---------------------------------------------------------------- habits

fn habit_row(h: &HabitMetrics) -> (usize, usize, Option<f64>, usize, usize, bool) {
    (
        h.hits,
        h.complete_periods,
        h.hit_rate,
        h.current_streak,
        h.longest_streak,
        h.current,
    )
}

fn habits_at(r: &Roadmap, start: &str, facts: &[Fact], t: &str) -> Metrics {
    compute(r, d(start), facts, d(t))
}

#[test]
fn weeks_start_on_week_start() {
    // Start Thu 2026-01-01, T Tue 01-20. Entries Sat 01-03, Sat 01-10 and
    // Sun 01-11.
    let facts = [
        fact("2026-01-03", 10).habit("h"),
        fact("2026-01-10", 10).habit("h"),
        fact("2026-01-11", 10).habit("h"),
    ];
    let mut r = Roadmap {
        habits: vec![habit_of("h", Every::Week, 1)],
        ..plan()
    };
    // Monday weeks: 12-29 (hit), 01-05 (hit twice), 01-12 (miss), 01-19
    // (current, pending). 2 of 3; the streak ended with 01-12.
    let m = habits_at(&r, "2026-01-01", &facts, "2026-01-20");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (2, 3, Some(0.6667), 0, 2, false)
    );
    // Sunday weeks: 12-28, 01-04, 01-11 all hit; 01-18 is current.
    r.policy.week_start = Weekday::Sunday;
    let m = habits_at(&r, "2026-01-01", &facts, "2026-01-20");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (3, 3, Some(1.0), 3, 3, false)
    );
}

#[test]
fn times_two_needs_two_entries_in_the_period() {
    // Monthly, twice. January 2, February 1, March 3, April (current) 1.
    let r = Roadmap {
        habits: vec![habit_of("h", Every::Month, 2)],
        ..plan()
    };
    let mut facts = vec![
        fact("2026-01-02", 10).habit("h"),
        fact("2026-01-30", 10).habit("h"),
        fact("2026-02-14", 10).habit("h"),
        fact("2026-03-01", 10).habit("h"),
        fact("2026-03-02", 10).habit("h"),
        fact("2026-03-31", 10).habit("h"),
        fact("2026-04-03", 10).habit("h"),
    ];
    let m = habits_at(&r, "2026-01-01", &facts, "2026-04-15");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (2, 3, Some(0.6667), 1, 1, false)
    );
    // A second April entry hits the current period: it joins the streaks
    // but not hits / complete_periods.
    facts.push(fact("2026-04-15", 10).habit("h"));
    let m = habits_at(&r, "2026-01-01", &facts, "2026-04-15");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (2, 3, Some(0.6667), 2, 2, true)
    );
    // Entries after T do not count.
    let m = habits_at(&r, "2026-01-01", &facts, "2026-04-14");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (2, 3, Some(0.6667), 1, 1, false)
    );
}

#[test]
fn streaks_run_across_a_year_boundary() {
    // Weekly from Tue 2026-12-01; T Wed 2027-01-13. Monday weeks 11-30 hit,
    // 12-07 miss, 12-14, 12-21 hit, 12-28 hit by Sat 2027-01-02, 01-04 hit,
    // 01-11 (current) hit on 01-12.
    let r = Roadmap {
        habits: vec![habit_of("h", Every::Week, 1)],
        ..plan()
    };
    let facts: Vec<Fact> = [
        "2026-12-01",
        "2026-12-15",
        "2026-12-21",
        "2027-01-02",
        "2027-01-05",
        "2027-01-12",
    ]
    .iter()
    .map(|s| fact(s, 10).habit("h"))
    .collect();
    let m = habits_at(&r, "2026-12-01", &facts, "2027-01-13");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (5, 6, Some(0.8333), 5, 5, true)
    );
    // Daily across New Year: 12-30, 12-31, 01-01 hit; T = 01-02 pending.
    let r = Roadmap {
        habits: vec![habit_of("h", Every::Day, 1)],
        ..plan()
    };
    let facts: Vec<Fact> = ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"]
        .iter()
        .map(|s| fact(s, 10).habit("h"))
        .collect();
    let m = habits_at(&r, "2026-12-28", &facts, "2027-01-02");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (4, 5, Some(0.8), 4, 4, false)
    );
    // Quarterly: 2026 Q3 (start), Q4 hit, 2027 Q1 current and hit.
    let r = Roadmap {
        habits: vec![habit_of("h", Every::Quarter, 1)],
        ..plan()
    };
    let facts = [
        fact("2026-12-31", 10).habit("h"),
        fact("2027-01-01", 10).habit("h"),
    ];
    let m = habits_at(&r, "2026-08-15", &facts, "2027-02-01");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (1, 2, Some(0.5), 2, 2, true)
    );
}

#[test]
fn habit_periods_start_with_the_one_holding_the_roadmap_start() {
    // Start Wed 2026-01-07. Mon 01-05 is in the first period and counts;
    // Tue 2025-12-30 is in an earlier week and does not.
    let r = Roadmap {
        habits: vec![habit_of("h", Every::Week, 1)],
        ..plan()
    };
    let facts = [
        fact("2025-12-30", 10).habit("h"),
        fact("2026-01-05", 10).habit("h"),
    ];
    let m = habits_at(&r, "2026-01-07", &facts, "2026-01-14");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (1, 1, Some(1.0), 1, 1, false)
    );
    // T before the week holding the start: no period at all.
    let m = habits_at(&r, "2026-01-07", &facts, "2026-01-04");
    assert_eq!(habit_row(&m.figures.habits[0]), (0, 0, None, 0, 0, false));
    // T in the first period: it is current, nothing is complete yet.
    let m = habits_at(&r, "2026-01-07", &facts, "2026-01-07");
    assert_eq!(habit_row(&m.figures.habits[0]), (0, 0, None, 1, 1, true));
}

#[test]
fn the_habit_score_leaves_out_optional_habits() {
    // Weekly from Mon 2026-01-05, T 01-19: two complete weeks. `a` hit one
    // (0.5), `b` both (1.0), `c` none but optional: score (0.5 + 1) / 2.
    // `m` (monthly) has no complete period and no hit rate.
    let optional = Habit {
        optional: true,
        ..habit_of("c", Every::Week, 1)
    };
    let r = Roadmap {
        habits: vec![
            habit_of("a", Every::Week, 1),
            habit_of("b", Every::Week, 1),
            optional,
            habit_of("m", Every::Month, 1),
        ],
        ..plan()
    };
    let facts = [
        fact("2026-01-05", 10).habit("a").habit("b"),
        fact("2026-01-12", 10).habit("b"),
    ];
    let m = habits_at(&r, "2026-01-05", &facts, "2026-01-19");
    let rates: Vec<Option<f64>> = m.figures.habits.iter().map(|h| h.hit_rate).collect();
    assert_eq!(rates, vec![Some(0.5), Some(1.0), Some(0.0), None]);
    assert!(m.figures.habits[2].optional);
    assert_eq!(m.figures.habit_score, Some(0.75));
}

// ---------------------------------------------------------------- practice

fn practice_row(p: &Practice) -> (usize, i64, Option<f64>, usize) {
    (p.practice_days, p.days, p.consistency, p.current_streak)
}

#[test]
fn practice_days_streak_and_consistency() {
    // Goal 30. 01-05: 20 + 15 = 35 (one person, two entries): practice.
    // 01-06: 29: not. 01-07, 01-08: 30. T = 01-09 has nothing: the streak
    // counts back from 01-08. Nine days since the 2026-01-01 start: 3 / 9.
    let facts = [
        fact("2026-01-05", 20),
        fact("2026-01-05", 15).at("journal/b.yaml"),
        fact("2026-01-06", 29),
        fact("2026-01-07", 30),
        fact("2026-01-08", 45),
    ];
    let m = compute(&plan(), d("2026-01-01"), &facts, d("2026-01-09"));
    assert_eq!(practice_row(&m.figures.practice), (3, 9, Some(0.3333), 2));
    // T = 01-08 is a practice day: the streak counts from it.
    let m = compute(&plan(), d("2026-01-01"), &facts, d("2026-01-08"));
    assert_eq!(practice_row(&m.figures.practice), (3, 8, Some(0.375), 2));
    // Across New Year.
    let facts = [
        fact("2026-12-30", 30),
        fact("2026-12-31", 30),
        fact("2027-01-01", 30),
    ];
    let m = compute(&plan(), d("2026-12-01"), &facts, d("2027-01-01"));
    assert_eq!(practice_row(&m.figures.practice), (3, 32, Some(0.0938), 3));
}

#[test]
fn consistency_looks_back_at_most_365_days() {
    // Start 2025-01-01, T 2026-06-30: the last 365 days are
    // 2025-07-01..2026-06-30. 2025-06-30 falls outside.
    let facts = [
        fact("2025-06-30", 30),
        fact("2025-07-01", 30),
        fact("2026-06-30", 30),
    ];
    let m = compute(&plan(), d("2025-01-01"), &facts, d("2026-06-30"));
    assert_eq!(practice_row(&m.figures.practice), (2, 365, Some(0.0055), 1));
    // T before the start: no day has elapsed.
    let m = compute(&plan(), d("2026-07-01"), &facts, d("2026-06-30"));
    assert_eq!(practice_row(&m.figures.practice), (0, 0, None, 1));
}

/// A person's row: (author, entries, hours, practice days, consistency,
/// current streak).
type Person<'a> = (&'a str, usize, f64, usize, Option<f64>, usize);

#[test]
fn practice_is_per_person() {
    // 01-05: alice 20 + bob 20 is nobody's 30. 01-06: bob 30. 01-07:
    // alice 30, bob 40.
    let facts = [
        fact("2026-01-05", 20).by("alice"),
        fact("2026-01-05", 20).by("bob").at("journal/bob-5.yaml"),
        fact("2026-01-06", 30).by("bob"),
        fact("2026-01-07", 30).by("alice"),
        fact("2026-01-07", 40).by("bob"),
    ];
    let m = compute(&plan(), d("2026-01-05"), &facts, d("2026-01-07"));
    // A day counts when one person reached the goal: 01-06, 01-07.
    assert_eq!(practice_row(&m.figures.practice), (2, 3, Some(0.6667), 2));
    let people: Vec<Person> = m
        .people
        .iter()
        .map(|p| {
            (
                p.author.as_str(),
                p.entries,
                p.hours,
                p.practice_days,
                p.consistency,
                p.current_streak,
            )
        })
        .collect();
    assert_eq!(
        people,
        vec![
            ("alice", 2, 0.8333, 1, Some(0.3333), 1),
            ("bob", 3, 1.5, 2, Some(0.6667), 2),
        ]
    );
    assert_eq!(m.totals.authors, 2);
    // One author: no people table.
    let m = compute(&plan(), d("2026-01-05"), &facts[..1], d("2026-01-07"));
    assert!(m.people.is_empty());
}

// ---------------------------------------------------------------- skills and mix

fn skill_of(id: &str, priority: Priority) -> Skill {
    Skill {
        id: id.into(),
        name: id.into(),
        priority,
        why: String::new(),
        group: crate::model::DEFAULT_GROUP.into(),
    }
}

#[test]
fn skills_split_minutes_equally_and_p0_skills_can_be_neglected() {
    // 90 min on [a, b, c]: 30 each. 60 min on [a]. 30 min with no skill.
    // T = 2026-03-01; the 28 days ending T start 02-02. `a` had time on
    // 02-02 (the 28th day back): not neglected. `b` last on 02-01: neglected.
    // `c` is P1: never neglected.
    let r = Roadmap {
        skills: vec![
            skill_of("a", Priority::P0),
            skill_of("b", Priority::P0),
            skill_of("c", Priority::P1),
            skill_of("d", Priority::P3),
        ],
        ..plan()
    };
    let facts = [
        fact("2026-02-01", 90).skills(&["a", "b", "c"]),
        fact("2026-02-02", 60).skills(&["a"]),
        fact("2026-02-03", 30),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-03-01"));
    let skills: Vec<(&str, f64, f64, bool)> = m
        .figures
        .skills
        .iter()
        .map(|s| (s.id.as_str(), s.hours, s.recent_hours, s.neglected))
        .collect();
    assert_eq!(
        skills,
        vec![
            ("a", 1.5, 1.0, false),
            ("b", 0.5, 0.0, true),
            ("c", 0.5, 0.0, false),
            ("d", 0.0, 0.0, false),
        ]
    );
    let tiers: Vec<(&str, usize, f64, Option<f64>)> = m
        .figures
        .skill_tiers
        .iter()
        .map(|t| (t.priority.name(), t.skills, t.hours, t.share))
        .collect();
    // Assigned 2.5 h: P0 2 h (0.8), P1 0.5 h (0.2).
    assert_eq!(
        tiers,
        vec![
            ("P0", 2, 2.0, Some(0.8)),
            ("P1", 1, 0.5, Some(0.2)),
            ("P2", 0, 0.0, Some(0.0)),
            ("P3", 1, 0.0, Some(0.0)),
        ]
    );
    // An empty tier is 0, not the -0 of an empty float sum (JSON `-0.0`).
    assert!(m.figures.skill_tiers[2].hours.is_sign_positive());
    assert!(m.figures.skill_tiers[2]
        .share
        .is_some_and(f64::is_sign_positive));
    assert_eq!(m.figures.unassigned_hours, 0.5);
}

/// SPEC §3 "Balance": hours and share per group over the 90 days ending T
/// and in all; a group with no time in the 28 days ending T is neglected.
#[test]
fn skill_groups_balance_over_90_days_and_can_be_neglected() {
    let grouped = |id: &str, g: &str| Skill {
        group: g.into(),
        ..skill_of(id, Priority::P1)
    };
    let r = Roadmap {
        skills: vec![
            grouped("rag", "ai"),
            grouped("evals", "ai"),
            grouped("pg", "systems"),
            skill_of("misc", Priority::P2),
        ],
        ..plan()
    };
    // T = 2026-04-30: the 90 days ending T start 01-31, the 28 days 04-03.
    let facts = [
        // 01-30 is the 91st day back: in all, not in the 90 days.
        fact("2026-01-30", 120).skills(&["pg"]),
        // The first of the 90 days; 60 minutes split 30 + 30.
        fact("2026-01-31", 60).skills(&["pg", "rag"]),
        // 04-02 is the 29th day back: systems is neglected at T.
        fact("2026-04-02", 30).skills(&["pg"]),
        fact("2026-04-03", 90).skills(&["rag", "evals"]),
        fact("2026-04-10", 60).skills(&["misc"]),
        fact("2026-04-11", 45),
    ];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-04-30"));
    let groups: Vec<_> = m
        .figures
        .groups
        .iter()
        .map(|g| {
            (
                g.id.as_str(),
                g.skills,
                g.hours,
                g.hours_90d,
                g.share_90d,
                g.neglected,
                g.last_practised,
            )
        })
        .collect();
    // In all: systems 120 + 30 + 30 = 180, ai 30 + 90 = 120, main 60.
    // In the 90 days: systems 60, ai 120, main 60 of 240.
    assert_eq!(
        groups,
        vec![
            ("ai", 2, 2.0, 2.0, Some(0.5), false, Some(d("2026-04-03"))),
            (
                "systems",
                1,
                3.0,
                1.0,
                Some(0.25),
                true,
                Some(d("2026-04-02"))
            ),
            (
                "main",
                1,
                1.0,
                1.0,
                Some(0.25),
                false,
                Some(d("2026-04-10"))
            ),
        ]
    );
    assert_eq!(m.figures.groups[1].share, Some(0.5));
    assert_eq!(m.figures.skills[2].group, "systems");
    assert_eq!(m.figures.skills[3].group, "main");
    assert_eq!(m.figures.skills[1].last_practised, Some(d("2026-04-03")));
    // One entry on a systems skill within the 28 days clears it.
    let more = [facts.to_vec(), vec![fact("2026-04-30", 15).skills(&["pg"])]].concat();
    let m = compute(&r, d("2026-01-01"), &more, d("2026-04-30"));
    assert!(m.figures.groups.iter().all(|g| !g.neglected));
    // A roadmap whose skills are all in one group has no balance figure.
    let one = Roadmap {
        skills: vec![grouped("rag", "ai"), grouped("evals", "ai")],
        ..plan()
    };
    assert!(compute(&one, d("2026-01-01"), &facts, d("2026-04-30"))
        .figures
        .groups
        .is_empty());
    // Before anything is logged every group is neglected, its share unknown.
    let m = compute(&r, d("2026-01-01"), &[], d("2026-01-05"));
    assert!(m
        .figures
        .groups
        .iter()
        .all(|g| g.neglected && g.share.is_none() && g.share_90d.is_none()));
}

#[test]
fn the_learning_mix() {
    // 120 min do, 30 paper, 30 teach: do is 120/180 = 0.6667 of the time.
    let facts = [
        fact("2026-01-05", 120),
        fact("2026-01-06", 30).kind(Kind::Paper),
        fact("2026-01-07", 30).kind(Kind::Teach),
    ];
    let m = compute(&plan(), d("2026-01-05"), &facts, d("2026-01-07"));
    let mix: Vec<(&str, f64, Option<f64>)> = m
        .figures
        .mix
        .iter()
        .map(|x| (x.kind.name(), x.hours, x.share))
        .collect();
    assert_eq!(
        mix,
        vec![
            ("do", 2.0, Some(0.6667)),
            ("paper", 0.5, Some(0.1667)),
            ("blog", 0.0, Some(0.0)),
            ("video", 0.0, Some(0.0)),
            ("course", 0.0, Some(0.0)),
            ("book", 0.0, Some(0.0)),
            ("teach", 0.5, Some(0.1667)),
        ]
    );
    assert_eq!(
        (m.figures.do_share, m.figures.do_guideline),
        (Some(0.6667), 0.8)
    );
}

// ---------------------------------------------------------------- empty journal

#[test]
fn an_empty_journal() {
    let r = Roadmap {
        milestones: vec![milestone_of(
            "m",
            "2026-01-05",
            "2026-01-14",
            rate(2.0, Per::Day),
            vec![target_of("x", 1.0)],
        )],
        habits: vec![habit_of("h", Every::Week, 1)],
        skills: vec![skill_of("a", Priority::P0)],
        ..plan()
    };
    let m = compute(&r, d("2026-01-05"), &[], d("2026-01-14"));
    assert_eq!(
        (m.totals.entries, m.totals.hours, m.totals.authors),
        (0, 0.0, 0)
    );
    let x = only_milestone(&m);
    assert_eq!(
        (x.completion, x.status),
        (Some(0.0), MilestoneStatus::AtRisk)
    );
    assert_eq!(
        row(budget_of(&m)),
        (20.0, 20.0, 0.0, Some(0.0), "behind", 0, 10)
    );
    // Weeks 01-05 (complete, missed) and 01-12 (current).
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (0, 1, Some(0.0), 0, 0, false)
    );
    assert_eq!(m.figures.habit_score, Some(0.0));
    assert_eq!(practice_row(&m.figures.practice), (0, 10, Some(0.0), 0));
    assert!(m.figures.skills[0].neglected);
    assert!(m
        .figures
        .mix
        .iter()
        .all(|x| x.hours == 0.0 && x.share.is_none()));
    assert_eq!(m.figures.do_share, None);
    assert!(m.people.is_empty());
}

// ---------------------------------------------------------------- weekly chart

#[test]
fn the_weekly_chart_uses_the_most_specific_budget() {
    // A 2 h/day month inside an 8 h/week quarter: days of the month plan
    // 2 h; days after it, 8/7 h.
    let r = Roadmap {
        milestones: vec![
            milestone_of(
                "q",
                "2026-01-05",
                "2026-03-29",
                rate(8.0, Per::Week),
                vec![],
            ),
            milestone_of("m", "2026-01-05", "2026-02-04", rate(2.0, Per::Day), vec![]),
        ],
        ..plan()
    };
    assert_eq!(
        planned_on(&r, d("2026-01-05"), d("2026-02-04"), &OffDays::none()),
        2.0
    );
    assert!(
        (planned_on(&r, d("2026-01-05"), d("2026-02-05"), &OffDays::none()) - 8.0 / 7.0).abs()
            < 1e-12
    );
    assert_eq!(
        planned_on(&r, d("2026-01-05"), d("2026-01-04"), &OffDays::none()),
        0.0
    );
    // The week of Mon 02-02: 3 days of the month (6 h) + 4 of the quarter.
    let m = compute(
        &r,
        d("2026-01-05"),
        &[fact("2026-02-03", 90)],
        d("2026-02-03"),
    );
    let w = m.figures.weeks.last().expect("a week");
    assert_eq!(
        (w.start, w.hours, w.budget),
        (d("2026-02-02"), 1.5, 10.5714)
    );
    // The week holds T (Tuesday): partial, and its plan so far is Monday's
    // and Tuesday's 2 h each.
    assert_eq!((w.partial, w.budget_to_date), (true, 4.0));
    // On its last day (Sunday 02-08) the week is whole; the day before, not.
    for (t, partial) in [("2026-02-07", true), ("2026-02-08", false)] {
        let m = compute(&r, d("2026-01-05"), &[fact("2026-02-03", 90)], d(t));
        let w = m.figures.weeks.last().expect("a week");
        assert_eq!((w.start, w.partial), (d("2026-02-02"), partial), "T = {t}");
    }
    // Weeks before the one holding the roadmap start are left out: 01-05
    // through 02-02, five weeks.
    assert_eq!(m.figures.weeks.len(), 5);
    assert_eq!(m.figures.weeks[0].start, d("2026-01-05"));
    // Weeks after the plan's last day are left out when nothing was
    // logged in them; the week starting on that last day is not.
    let ends_monday = Roadmap {
        milestones: vec![milestone_of(
            "q",
            "2026-01-05",
            "2026-03-30",
            rate(8.0, Per::Week),
            vec![],
        )],
        ..plan()
    };
    let after = compute(
        &ends_monday,
        d("2026-01-05"),
        &[fact("2026-02-03", 90)],
        d("2026-04-15"),
    );
    let starts: Vec<Date> = after.figures.weeks.iter().map(|w| w.start).collect();
    assert_eq!(starts.last(), Some(&d("2026-03-30")), "{starts:?}");
    assert_eq!(starts.first(), Some(&d("2026-01-26")), "{starts:?}");
    // A start on a week's last day (Sunday 01-04): that week holds it, and
    // is kept though nothing was logged in it.
    let sunday = compute(
        &r,
        d("2026-01-04"),
        &[fact("2026-02-03", 90)],
        d("2026-02-03"),
    );
    assert_eq!(sunday.figures.weeks.len(), 6);
    assert_eq!(sunday.figures.weeks[0].start, d("2025-12-29"));
    // This week against the last and the average of the complete ones.
    assert_eq!(
        (
            m.trend.this_week,
            m.trend.last_week,
            m.trend.average,
            m.trend.average_weeks
        ),
        (1.5, Some(0.0), Some(0.0), 4)
    );
}

// ---------------------------------------------------------------- on the limits

/// (status, `elapsed_days`, `window_days`, current, pace's `remaining_days`
/// and `needed_per_day`)
type Edge = (&'static str, i64, i64, bool, Option<(i64, Option<f64>)>);

fn edge(m: &MilestoneMetrics) -> Edge {
    (
        m.status.name(),
        m.elapsed_days,
        m.window_days,
        m.current,
        m.pace
            .as_ref()
            .map(|p| (p.remaining_days, p.needed_per_day)),
    )
}

#[test]
fn t_on_a_windows_first_and_last_day_is_inside_it() {
    // 2026-01-05..01-11 at 1 h/day, one target of goal 2 not reached.
    // At T = start: day 1 of 7, 0 ≥ 1/7 − 0.25 is on track, one day planned
    // and met by the hour logged; 6 days remain, needing 6 h: 1 h a day.
    // At T = end: day 7 of 7, 0 < 1 − 0.25 is at risk; nothing remains, so
    // no figure per remaining day. The days around the window are outside.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-11",
        rate(1.0, Per::Day),
        vec![target_of("t", 2.0)],
    ));
    let facts = [fact("2026-01-05", 60).amount("t", 1.0)];
    let at = |t: &str| compute(&r, d("2026-01-01"), &facts, d(t));
    let m = at("2026-01-04");
    assert_eq!(edge(only_milestone(&m)), ("upcoming", 0, 7, false, None));
    assert_eq!(
        row(budget_of(&m)),
        (7.0, 0.0, 0.0, None, "not started", 0, 0)
    );
    let m = at("2026-01-05");
    assert_eq!(
        edge(only_milestone(&m)),
        ("on track", 1, 7, true, Some((6, Some(1.0))))
    );
    assert_eq!(
        row(budget_of(&m)),
        (7.0, 1.0, 1.0, Some(1.0), "on budget", 1, 1)
    );
    let m = at("2026-01-11");
    assert_eq!(
        edge(only_milestone(&m)),
        ("at risk", 7, 7, true, Some((0, None)))
    );
    assert_eq!(
        row(budget_of(&m)),
        (7.0, 7.0, 1.0, Some(0.1429), "behind", 1, 7)
    );
    let m = at("2026-01-12");
    assert_eq!(edge(only_milestone(&m)), ("late", 7, 7, false, None));
}

#[test]
fn a_period_ending_exactly_on_t_is_complete_and_met_at_exactly_its_hours() {
    // Weeks from Mon 2026-01-05 at 7 h/week. T = Sun 01-11 ends week 0: it is
    // complete, and 7 h (420 minutes) meet it; 419 minutes do not. The day
    // before, week 0 is still running.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-25",
        rate(7.0, Per::Week),
        vec![],
    ));
    let week = |minutes: u32, t: &str| {
        let facts = [fact("2026-01-07", minutes)];
        let m = compute(&r, d("2026-01-01"), &facts, d(t));
        let b = budget_of(&m);
        (b.periods_met, b.periods_complete)
    };
    assert_eq!(week(420, "2026-01-11"), (1, 1));
    assert_eq!(week(419, "2026-01-11"), (0, 1));
    assert_eq!(week(420, "2026-01-10"), (0, 0));
}

#[test]
fn adherence_of_exactly_0_9_and_1_25_is_on_budget_in_the_report_too() {
    // 2 h/day from 2026-01-05; at T = 01-06, 4 h are planned. 3.6 h (216
    // minutes) is 0.9, 5 h (300) is 1.25: both on budget; a minute less
    // than 216 is behind, a minute more than 300 is over.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-18",
        rate(2.0, Per::Day),
        vec![],
    ));
    let status = |minutes: u32| {
        let facts = [fact("2026-01-05", minutes)];
        let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-06"));
        let b = budget_of(&m);
        (b.adherence, b.status)
    };
    assert_eq!(status(215), (Some(0.8958), BudgetStatus::Behind));
    assert_eq!(status(216), (Some(0.9), BudgetStatus::OnBudget));
    assert_eq!(status(300), (Some(1.25), BudgetStatus::OnBudget));
    assert_eq!(status(301), (Some(1.2542), BudgetStatus::Over));
}

#[test]
fn stretch_progress_reaches_1_at_the_stretch_and_stays_there() {
    // Goal 2, stretch 4: 3 is done with 0.75 of the stretch; 4 and 6 are 1.
    let mut t = target_of("t", 2.0);
    t.stretch = Some(4.0);
    let r = with_milestone(milestone_of("m", "2026-01-05", "2026-01-18", None, vec![t]));
    let figures = |amount: f64| {
        let facts = [fact("2026-01-06", 30).amount("t", amount)];
        let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
        let t = &only_milestone(&m).targets[0];
        (t.amount, t.progress, t.done, t.stretch_progress)
    };
    assert_eq!(figures(1.0), (1.0, 0.5, false, Some(0.25)));
    assert_eq!(figures(3.0), (3.0, 1.0, true, Some(0.75)));
    assert_eq!(figures(4.0), (4.0, 1.0, true, Some(1.0)));
    assert_eq!(figures(6.0), (6.0, 1.0, true, Some(1.0)));
}

#[test]
fn a_month_and_a_quarter_that_end_on_the_31st_hold_their_last_day() {
    // Monthly and quarterly habits from 2026-01-01. Entries on 01-31 and
    // 03-31 are in January and the first quarter; 04-01 starts the next.
    let r = Roadmap {
        habits: vec![
            habit_of("m", Every::Month, 1),
            habit_of("q", Every::Quarter, 1),
        ],
        ..plan()
    };
    let facts = [
        fact("2026-01-31", 10).habit("m"),
        fact("2026-03-31", 10).habit("m").habit("q"),
    ];
    // T = 03-31: January hit, February missed, March current and hit.
    let m = habits_at(&r, "2026-01-01", &facts, "2026-03-31");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (1, 2, Some(0.5), 1, 1, true)
    );
    assert_eq!(habit_row(&m.figures.habits[1]), (0, 0, None, 1, 1, true));
    // T = 04-01: March is complete and hit; the second quarter is current.
    let m = habits_at(&r, "2026-01-01", &facts, "2026-04-01");
    assert_eq!(
        habit_row(&m.figures.habits[0]),
        (2, 3, Some(0.6667), 1, 1, false)
    );
    assert_eq!(
        habit_row(&m.figures.habits[1]),
        (1, 1, Some(1.0), 1, 1, false)
    );
}

/// A pace span whose days are all off has no velocity (SPEC §3: null when
/// the span has no day that is not off), and so no projection from it.
#[test]
fn a_pace_span_of_off_days_only_has_no_velocity() {
    // 2026-01-01..01-31 at 1 h/day; 01-01..01-10 off. At T = 01-05 the span
    // (the window's start to T) is all off; at T = 01-12, two days count.
    let r = Roadmap {
        time_off: vec![crate::model::TimeOff {
            start: d("2026-01-01"),
            end: d("2026-01-10"),
            reason: None,
            author: None,
            author_at: None,
        }],
        ..with_milestone(milestone_of(
            "m",
            "2026-01-01",
            "2026-01-31",
            rate(1.0, Per::Day),
            vec![target_of("t", 2.0)],
        ))
    };
    let facts = [fact("2026-01-03", 60), fact("2026-01-11", 60)];
    let pace_at = |t: &str| {
        let m = compute(&r, d("2026-01-01"), &facts, d(t));
        let p = only_milestone(&m).pace.clone().expect("an open milestone");
        (p.velocity_per_day, p.projected_total, p.projected_adherence)
    };
    assert_eq!(pace_at("2026-01-05"), (None, None, None));
    // 2 h over 2 working days; 19 days left; 21 h planned in all.
    assert_eq!(pace_at("2026-01-12"), (Some(1.0), Some(21.0), Some(1.0)));
}

/// A plan too small to divide by (5e-324 h a week, which the loader
/// refuses, but the figures do not rely on it) gives no projected adherence
/// rather than an infinite one.
#[test]
fn a_plan_of_zero_hours_has_no_projected_adherence() {
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-05",
        "2026-01-31",
        rate(5e-324, Per::Week),
        vec![target_of("t", 2.0)],
    ));
    let facts = [fact("2026-01-05", 60)];
    let m = compute(&r, d("2026-01-01"), &facts, d("2026-01-10"));
    let p = only_milestone(&m).pace.clone().expect("an open milestone");
    assert_eq!(p.velocity_per_day, Some(1.0 / 6.0));
    assert!(p.projected_total.is_some_and(|x| x > 1.0), "{p:?}");
    assert_eq!(p.projected_adherence, None);
}

/// Targets projected to be done on the window's last day are on time: no
/// `days_late`; one day later they are 1 day late.
#[test]
fn done_on_the_last_day_is_not_late() {
    // Goal 2, half done on 01-02: the rate is 0.5 / 28 a day, so the rest
    // takes 28 days. From T = 01-03 that is 01-31, the end; from 01-04, 02-01.
    let r = with_milestone(milestone_of(
        "m",
        "2026-01-01",
        "2026-01-31",
        None,
        vec![target_of("t", 2.0)],
    ));
    let facts = [fact("2026-01-02", 30).amount("t", 1.0)];
    let late_at = |t: &str| {
        let m = compute(&r, d("2026-01-01"), &facts, d(t));
        let p = only_milestone(&m).pace.clone().expect("an open milestone");
        (p.projected_done, p.days_late)
    };
    assert_eq!(late_at("2026-01-03"), (Some(d("2026-01-31")), None));
    assert_eq!(late_at("2026-01-04"), (Some(d("2026-02-01")), Some(1)));
}

/// The verdict's stage is the current milestone with the shortest window;
/// of two as short, the first in the roadmap.
#[test]
fn the_stage_is_the_shortest_current_window_and_the_first_of_a_tie() {
    let mut r = plan();
    r.milestones = vec![
        milestone_of("year", "2026-01-05", "2027-01-03", None, vec![]),
        milestone_of("first", "2026-01-05", "2026-02-04", None, vec![]),
        milestone_of("second", "2026-01-05", "2026-02-04", None, vec![]),
        milestone_of("past", "2025-12-01", "2025-12-03", None, vec![]),
    ];
    let stage_at = |t: &str| {
        let m = compute(&r, d("2026-01-05"), &[], d(t));
        verdict::stage(&m.figures.milestones).map(|x| x.id.to_string())
    };
    assert_eq!(stage_at("2026-01-10").as_deref(), Some("first"));
    assert_eq!(stage_at("2026-03-01").as_deref(), Some("year"));
    assert_eq!(stage_at("2027-06-01"), None);
}

/// The targets signal names at most two milestones and counts the rest.
#[test]
fn the_targets_reason_names_two_milestones_and_counts_the_rest() {
    let reason = |n: usize| {
        let mut r = plan();
        r.milestones = (1..=n)
            .map(|i| {
                milestone_of(
                    &format!("m{i}"),
                    "2026-01-05",
                    "2026-02-03",
                    None,
                    vec![target_of(&format!("t{i}"), 1.0)],
                )
            })
            .collect();
        let m = compute(&r, d("2026-01-05"), &[], d("2026-01-19"));
        let v = verdict::verdict(&m, &|_| false);
        v.signals[0].reason.clone().unwrap_or_default()
    };
    // 15 of 30 days gone, nothing done: each is at risk.
    let one = "m1 at 0% done with 50% of its time gone";
    assert_eq!(reason(1), one);
    let two = format!("{one}, {}", one.replace("m1", "m2"));
    assert_eq!(reason(2), two);
    assert_eq!(reason(3), format!("{two}, 1 more milestone"));
    assert_eq!(reason(4), format!("{two}, 2 more milestones"));
    assert_eq!(reason(5), format!("{two}, 3 more milestones"));
}

/// The hours signal reads the stage's adherence once 1 h is planned to date
/// (exactly 1 h included), and never for a stage already done.
#[test]
fn the_hours_signal_starts_at_one_planned_hour_and_ends_when_the_stage_is_done() {
    let hours = |per_week: f64, targets: Vec<Target>, facts: &[Fact], t: &str| {
        let r = with_milestone(milestone_of(
            "m",
            "2026-01-05",
            "2026-01-11",
            rate(per_week, Per::Week),
            targets,
        ));
        let m = compute(&r, d("2026-01-05"), facts, d(t));
        let s = verdict::verdict(&m, &|_| false).signals[1].clone();
        (s.level, s.reason)
    };
    // 1 h a day: on the first day, exactly 1 h is planned.
    assert_eq!(
        hours(7.0, vec![], &[], "2026-01-05"),
        (verdict::Level::Bad, Some("m hours at 0% of plan".into()))
    );
    // Half an hour a day: under 1 h planned, no signal yet.
    assert_eq!(
        hours(3.5, vec![], &[], "2026-01-05"),
        (verdict::Level::Ok, None)
    );
    // Done on the first day with 30 minutes of 7 h planned: no signal.
    let done = [fact("2026-01-05", 30).done("t")];
    assert_eq!(
        hours(7.0, vec![target_of("t", 1.0)], &done, "2026-01-11"),
        (verdict::Level::Ok, None)
    );
}
