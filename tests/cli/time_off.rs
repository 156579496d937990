//! SPEC §3 "Time off" through the built binary: the roadmap's `time_off`
//! ranges plan nothing, break no habit or practice streak, and show in the
//! report; `check` validates them.

use crate::harness::TestRepo;
use serde_json::Value;

/// The embedded default plan, started on Monday 2026-01-05, with `extra`
/// appended (a `time_off:` list).
fn default_plan_with(extra: &str) -> String {
    let plan = include_str!("../../src/default_roadmap.yaml");
    format!("start: 2026-01-05\n{}\n{extra}", plan.trim_end())
}

const WEEK_OFF: &str = "time_off:\n  - { start: 2026-02-09, end: 2026-02-15, reason: Holiday }\n";

/// Every day from 2026-01-05 to 2026-02-20 but the week of 2026-02-09
/// (nothing logged while away): 5 h on Mondays, naming the four weekly
/// habits, and 30 minutes on the other days (8 h a full week).
fn journal_around_a_week_off(r: &TestRepo) {
    let mut d: jiff::civil::Date = "2026-01-05".parse().expect("a date");
    let last: jiff::civil::Date = "2026-02-20".parse().expect("a date");
    while d <= last {
        let away = d >= "2026-02-09".parse().expect("a date")
            && d <= "2026-02-15".parse().expect("a date");
        if !away {
            let (minutes, habits) = if d.weekday() == jiff::civil::Weekday::Monday {
                (
                    300,
                    "habits: [prune-prompt, weekly-reading, teach-note, plan-week]\n",
                )
            } else {
                (30, "")
            };
            r.write(
                &format!("journal/{d}.yaml"),
                &format!("date: {d}\nminutes: {minutes}\nsummary: Practice\n{habits}"),
            );
        }
        d = d.tomorrow().expect("a date");
    }
}

fn at<'a>(j: &'a Value, list: &str, id: &str) -> &'a Value {
    j[list]
        .as_array()
        .and_then(|xs| xs.iter().find(|x| x["id"] == id))
        .unwrap_or_else(|| panic!("no {id} in {list}: {j}"))
}

fn report(r: &TestRepo, as_of: &str, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json", "--as-of", as_of];
    args.extend_from_slice(extra);
    r.tm(&args).expect(0).json()
}

/// The acceptance test: a week off in the middle of Quarter 1
/// lowers `planned_total` by exactly that week's 8 h, and leaves the weekly
/// habits' streaks and the practice streak unbroken.
#[test]
fn a_week_off_in_quarter_1_plans_nothing_and_breaks_no_streak() {
    let mut r = TestRepo::new();
    r.today = "2026-02-21".into();
    journal_around_a_week_off(&r);
    r.write("roadmap.yaml", &default_plan_with(""));
    r.commit("plan and journal, no time off").expect(0);
    let without = report(&r, "2026-02-20", &[]);
    r.write("roadmap.yaml", &default_plan_with(WEEK_OFF));
    r.commit("a week off").expect(0);
    let with = report(&r, "2026-02-20", &[]);

    let q = |j: &Value, k: &str| at(j, "milestones", "quarter-1")["budget"][k].clone();
    // 12 weeks × 8 h; the week 02-09..02-15 is week 6 of the quarter.
    assert_eq!(q(&without, "planned_total"), 96.0);
    assert_eq!(q(&with, "planned_total"), 88.0);
    // To 02-20: five full weeks (40 h) and 5/7 of the current week's 8 h.
    assert_eq!(q(&without, "planned_to_date"), 53.7143);
    assert_eq!(q(&with, "planned_to_date"), 45.7143);
    // The week off plans nothing, so it is neither met nor complete.
    assert_eq!(
        (q(&without, "periods_met"), q(&without, "periods_complete")),
        (Value::from(5), Value::from(6))
    );
    assert_eq!(
        (q(&with, "periods_met"), q(&with, "periods_complete")),
        (Value::from(5), Value::from(5))
    );
    // Year 1 (4 h/week) loses that week's 4 h; Month 1 ended before it.
    assert_eq!(
        at(&with, "milestones", "year-1")["budget"]["planned_total"],
        204.0
    );
    assert_eq!(
        at(&with, "milestones", "month-1")["budget"]["planned_total"],
        at(&without, "milestones", "month-1")["budget"]["planned_total"]
    );
    let m = at(&with, "milestones", "quarter-1");
    assert_eq!(
        (&m["window_days"], &m["elapsed_days"], &m["days_off"]),
        (&Value::from(77), &Value::from(40), &Value::from(7))
    );

    for id in ["prune-prompt", "weekly-reading", "teach-note", "plan-week"] {
        let h = |j: &Value, k: &str| at(j, "habits", id)[k].clone();
        // Without time off, the away week is a miss and the streak restarts.
        assert_eq!(h(&without, "current_streak"), 1, "{id}");
        assert_eq!(h(&without, "complete_periods"), 6, "{id}");
        // With it, the week is left out: five weeks hit, then this one.
        assert_eq!(h(&with, "current_streak"), 6, "{id}");
        assert_eq!(h(&with, "longest_streak"), 6, "{id}");
        assert_eq!(h(&with, "complete_periods"), 5, "{id}");
        assert_eq!(h(&with, "hit_rate"), 1.0, "{id}");
    }

    // Practice: 47 days since the start, 40 of them practised.
    assert_eq!(without["practice"]["current_streak"], 5);
    assert_eq!(without["practice"]["days"], 47);
    assert_eq!(with["practice"]["current_streak"], 40);
    assert_eq!(with["practice"]["days"], 40);
    assert_eq!(with["practice"]["consistency"], 1.0);
    assert_eq!(with["headline"]["practice_streak"], 40);

    // The weekly chart plans nothing in the week off.
    let week = with["weeks"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["start"] == "2026-02-09"))
        .expect("the week off in the chart");
    assert_eq!(week["budget"], 0.0);

    assert_eq!(
        with["time_off"],
        serde_json::json!([{
            "start": "2026-02-09", "end": "2026-02-15", "reason": "Holiday",
            "author": null, "days": 7, "current": false
        }])
    );
    assert_eq!(with["headline"]["time_off"], serde_json::json!([]));
}

#[test]
fn the_headline_shows_current_and_upcoming_time_off() {
    let mut r = TestRepo::new();
    r.today = "2026-02-21".into();
    journal_around_a_week_off(&r);
    r.write(
        "roadmap.yaml",
        &default_plan_with(
            "time_off:\n  - { start: 2026-02-09, end: 2026-02-15, reason: Holiday }\n  \
             - { start: 2026-03-02, end: 2026-03-02, author: Alice }\n  \
             - { start: 2026-06-01, end: 2026-06-05 }\n",
        ),
    );
    r.commit("plan and journal").expect(0);
    let j = report(&r, "2026-02-10", &[]);
    let soon: Vec<(&str, &str, bool)> = j["headline"]["time_off"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|o| {
            (
                o["start"].as_str().unwrap_or(""),
                o["end"].as_str().unwrap_or(""),
                o["current"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    // Current first; June is more than 28 days away.
    assert_eq!(
        soon,
        [
            ("2026-02-09", "2026-02-15", true),
            ("2026-03-02", "2026-03-02", false)
        ]
    );
    let md = r
        .tm(&["report", "--as-of", "2026-02-10"])
        .expect(0)
        .stdout();
    assert!(
        md.lines()
            .any(|l| l == "🏖️ off until **2026-02-15** (Holiday) · Alice off on 2026-03-02"),
        "{md}"
    );
    let text = r
        .tm(&["report", "--format", "text", "--as-of", "2026-02-10"])
        .expect(0)
        .stdout();
    assert!(
        text.lines()
            .any(|l| l == "time off: off until 2026-02-15 (Holiday) · Alice off on 2026-03-02"),
        "{text}"
    );
    let quarter = text
        .lines()
        .find(|l| l.trim_start_matches(['▶', ' ']).starts_with("quarter-1"))
        .expect("a quarter-1 line");
    assert!(quarter.ends_with(" · 7 days off"), "{quarter}");
}

/// Per-person time off counts for that person's figures only (`--author`),
/// never for the team's plan.
#[test]
fn one_persons_time_off_moves_only_their_figures() {
    let mut r = TestRepo::new();
    r.today = "2026-02-21".into();
    journal_around_a_week_off(&r);
    r.write(
        "journal/bob.yaml",
        "date: 2026-02-02\nminutes: 30\nsummary: Bob's one entry\nauthor: bob\n",
    );
    r.write(
        "roadmap.yaml",
        &default_plan_with(
            "time_off:\n  - { start: 2026-02-09, end: 2026-02-15, author: Alice }\n",
        ),
    );
    r.commit("plan and journal").expect(0);
    let team = report(&r, "2026-02-20", &[]);
    let alice = report(&r, "2026-02-20", &["--author", "Alice"]);
    let bob = report(&r, "2026-02-20", &["--author", "bob"]);
    let total = |j: &Value| at(j, "milestones", "quarter-1")["budget"]["planned_total"].clone();
    assert_eq!(total(&team), 96.0);
    assert_eq!(total(&alice), 88.0);
    assert_eq!(total(&bob), 96.0);
    // The team's habit misses the week; Alice's does not.
    let streak = |j: &Value| at(j, "habits", "plan-week")["current_streak"].clone();
    assert_eq!(streak(&team), 1);
    assert_eq!(streak(&alice), 6);
    // The per-person table counts each one's own days off.
    let person = |name: &str| {
        team["people"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["author"] == name))
            .cloned()
            .expect("a person")
    };
    assert_eq!(person("Alice")["current_streak"], 40);
    assert_eq!(person("bob")["current_streak"], 0);
    // Without --author, the team's practice ignores Alice's days off.
    assert_eq!(team["practice"]["current_streak"], 5);
}

#[test]
fn check_warns_about_a_time_off_author_with_no_entry() {
    let mut r = TestRepo::new();
    r.today = "2026-02-03".into();
    r.write(
        "journal/bob.yaml",
        "date: 2026-02-02\nminutes: 30\nsummary: Bob's one entry\nauthor: bob\n",
    );
    r.write(
        "roadmap.yaml",
        "title: t\nstart: 2026-01-05\nmilestones:\n  - { id: m, title: m, duration: 4 weeks }\n\
         time_off:\n  - { start: 2026-02-09, end: 2026-02-15, author: bbo }\n  \
         - { start: 2026-02-20, end: 2026-02-21 }\n",
    );
    r.commit("plan").expect(0);
    let j = r.tm(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(
        j["diagnostics"],
        serde_json::json!([{
            "file": "roadmap.yaml", "line": 6, "column": 51,
            "code": "roadmap/time-off-author", "severity": "warning",
            "message": "`time_off` names `bbo`, who has no entry in the journal",
            "hint": "did you mean `bob`? authors in the journal: bob"
        }])
    );
}
