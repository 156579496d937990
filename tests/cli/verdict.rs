//! SPEC §3 "Verdict": one journal per signal (targets, hours, activity),
//! each checked for its status and reason in the JSON, the comment's
//! headline and the terminal summary.

use crate::harness::TestRepo;

/// A repository with `roadmap` and one entry of `minutes` a day from
/// 03-02 through `last` (2026-03-DD or 2026-04-DD), the first entry
/// naming `done` targets; "today" is 2026-05-31.
fn journal(roadmap: &str, minutes: u32, last: &str, done: &[&str]) -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-05-31".into();
    r.write("roadmap.yaml", roadmap);
    let mut d = jiff::civil::date(2026, 3, 2);
    let last: jiff::civil::Date = last.parse().expect("a date");
    let mut first = true;
    while d <= last {
        let targets = if first && !done.is_empty() {
            format!("targets: [{}]\n", done.join(", "))
        } else {
            String::new()
        };
        r.write(
            &format!(
                "journal/{}/{:02}/{:02}-work.yaml",
                d.year(),
                d.month(),
                d.day()
            ),
            &format!("date: {d}\nminutes: {minutes}\nsummary: Work\n{targets}"),
        );
        first = false;
        d = d.tomorrow().expect("a date");
    }
    r.commit("the journal").expect(0);
    r
}

/// (status, reasons) of the JSON report as of `t`, after checking that the
/// comment's heading and the text summary say the same.
fn verdict(r: &TestRepo, t: &str) -> (String, Vec<String>) {
    let j = r
        .tm(&["report", "--format", "json", "--as-of", t])
        .expect(0)
        .json();
    let status = j["verdict"]["status"].as_str().expect("status").to_string();
    let reasons: Vec<String> = j["verdict"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|x| x.as_str().expect("a reason").to_string())
        .collect();
    let words = match status.as_str() {
        "on_track" => "On track",
        "at_risk" => "At risk",
        "off_track" => "Off track",
        "done" => "Done",
        _ => "Not started",
    };
    let icon = match status.as_str() {
        "on_track" => "🟢",
        "at_risk" => "🟠",
        "off_track" => "🔴",
        "done" => "✅",
        _ => "⚪",
    };
    let said = if reasons.is_empty() {
        words.to_string()
    } else {
        format!("{words}: {}", reasons.join("; "))
    };
    let md = r.tm(&["report", "--as-of", t]).expect(0).stdout();
    let heading = md.lines().nth(1).unwrap_or_default();
    assert_eq!(heading, format!("## {icon} {said}"), "{md}");
    let text = r
        .tm(&["report", "--format", "text", "--as-of", t])
        .expect(0)
        .stdout();
    assert_eq!(text.lines().nth(1), Some(said.as_str()), "{text}");
    (status, reasons)
}

fn v(status: &str, reasons: &[&str]) -> (String, Vec<String>) {
    (
        status.to_string(),
        reasons
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
    )
}

#[test]
fn targets_signal_warns_at_risk_and_is_bad_for_28_days_after_a_late_end() {
    // 28 days, 03-02..03-29, two targets never done; 1 h a day planned and
    // logged, so only the targets signal speaks.
    let r = journal(
        "title: t\nstart: 2026-03-02\nmilestones:\n  - id: sprint\n    title: Sprint — two targets\n    \
         start: 2026-03-02\n    end: 2026-03-29\n    budget: { hours: 1, per: day }\n    \
         targets: [{ id: a, title: A }, { id: b, title: B }]\n",
        60,
        "2026-04-30",
        &[],
    );
    // 03-08: 7 of 28 days gone, 0 ≥ 0.25 − 0.25: on track.
    assert_eq!(verdict(&r, "2026-03-08"), v("on_track", &[]));
    // 03-22: 21 of 28 days gone: 0 < 0.75 − 0.25.
    assert_eq!(
        verdict(&r, "2026-03-22"),
        v("at_risk", &["Sprint at 0% done with 75% of its time gone"])
    );
    // Ended two days ago, not done: late, and within 28 days.
    assert_eq!(
        verdict(&r, "2026-03-31"),
        v("off_track", &["Sprint ended 2026-03-29 at 0% done"])
    );
    // 28 days after the end it still drives the verdict; 29 days after, not.
    assert_eq!(
        verdict(&r, "2026-04-26"),
        v("off_track", &["Sprint ended 2026-03-29 at 0% done"])
    );
    assert_eq!(verdict(&r, "2026-04-27"), v("on_track", &[]));
}

#[test]
fn hours_signal_judges_the_stage_adherence() {
    // Month (03-02..03-31) inside Season: the month is the stage. 2 h a day
    // planned; one of its two targets done on day one (on track, not done).
    let plan = "title: t\nstart: 2026-03-02\nmilestones:\n  - id: season\n    title: Season\n    \
         start: 2026-03-02\n    end: 2026-05-31\n    budget: { hours: 1, per: week }\n  \
         - id: month\n    title: Month — the stage\n    start: 2026-03-02\n    end: 2026-03-31\n    \
         budget: { hours: 2, per: day }\n    targets: [{ id: a, title: A }, { id: b, title: B }]\n";
    // 1 h a day: 50% of plan, at risk.
    let r = journal(plan, 60, "2026-03-20", &["a"]);
    assert_eq!(
        verdict(&r, "2026-03-20"),
        v("at_risk", &["Month hours at 50% of plan"])
    );
    // 54 minutes a day: 45%, off track.
    let r = journal(plan, 54, "2026-03-20", &["a"]);
    assert_eq!(
        verdict(&r, "2026-03-20"),
        v("off_track", &["Month hours at 45% of plan"])
    );
    // 108 minutes a day: 90%, on track.
    let r = journal(plan, 108, "2026-03-20", &["a"]);
    assert_eq!(verdict(&r, "2026-03-20"), v("on_track", &[]));
}

#[test]
fn activity_signal_counts_the_days_without_an_entry() {
    // No budget and the target done on day one: only activity speaks.
    let plan = "title: t\nstart: 2026-03-02\nmilestones:\n  - id: m\n    title: M\n    \
         start: 2026-03-02\n    end: 2026-04-30\n    targets: [{ id: a, title: A }]\n";
    let r = journal(plan, 30, "2026-03-10", &["a"]);
    // 03-11..03-16: 6 days, on track.
    assert_eq!(verdict(&r, "2026-03-16"), v("on_track", &[]));
    assert_eq!(
        verdict(&r, "2026-03-17"),
        v("at_risk", &["no entry for 7 days"])
    );
    assert_eq!(
        verdict(&r, "2026-03-24"),
        v("off_track", &["no entry for 14 days"])
    );
    // Before the roadmap has run 7 days the signal is silent; before the
    // first milestone starts the plan is not started.
    let empty = journal(plan, 30, "2026-03-01", &[]);
    assert_eq!(verdict(&empty, "2026-03-08"), v("on_track", &[]));
    assert_eq!(
        verdict(&empty, "2026-03-09"),
        v("at_risk", &["no entry for 8 days"])
    );
    assert_eq!(verdict(&empty, "2026-03-01"), v("not_started", &[]));
}

#[test]
fn reasons_come_in_the_order_targets_hours_activity() {
    // A month with two open targets, 2 h a day planned, 30 minutes a day
    // logged 03-02..03-12: 5.5 h of 50 planned by 03-26.
    let plan = "title: t\nstart: 2026-03-02\nmilestones:\n  - id: month\n    title: Month\n    \
         start: 2026-03-02\n    end: 2026-03-31\n    budget: { hours: 2, per: day }\n    \
         targets: [{ id: a, title: A }, { id: b, title: B }]\n";
    let r = journal(plan, 30, "2026-03-12", &[]);
    assert_eq!(
        verdict(&r, "2026-03-26"),
        v(
            "off_track",
            &[
                "Month at 0% done with 83% of its time gone",
                "Month hours at 11% of plan",
                "no entry for 14 days",
            ]
        )
    );
    // Every milestone done and none current: done.
    let r = journal(plan, 30, "2026-03-12", &["a", "b"]);
    assert_eq!(verdict(&r, "2026-04-02"), v("done", &[]));
}
