//! SPEC §3 "Scope changes" through the built binary: the roadmap file's
//! history as `scope[]`, per milestone, in the `--base` change section and
//! as a burn-up, read incrementally with the history cache.

use crate::harness::TestRepo;
use serde_json::{json, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scope")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The scope fixture as a history: the first roadmap on 03-01, then a
/// target added (03-06), a goal raised (03-12) and a budget cut (03-20),
/// with three entries between. Returns the repository (today 03-25) and
/// the three changing commits.
pub fn scope_example() -> (TestRepo, Vec<String>) {
    let mut r = TestRepo::new();
    r.who = ("alice".into(), "alice@example.com".into());
    let mut commits = Vec::new();
    let steps: [(&str, &str, &str); 7] = [
        ("2026-03-01", "roadmap.yaml", "roadmap-0.yaml"),
        (
            "2026-03-04",
            "journal/2026/03/04-first-post.yaml",
            "journal/2026/03/04-first-post.yaml",
        ),
        ("2026-03-06", "roadmap.yaml", "roadmap-1.yaml"),
        (
            "2026-03-12",
            "journal/2026/03/12-second-post.yaml",
            "journal/2026/03/12-second-post.yaml",
        ),
        ("2026-03-12", "roadmap.yaml", "roadmap-2.yaml"),
        ("2026-03-20", "roadmap.yaml", "roadmap-3.yaml"),
        (
            "2026-03-24",
            "journal/2026/03/24-talk.yaml",
            "journal/2026/03/24-talk.yaml",
        ),
    ];
    for (day, path, from) in steps {
        r.today = day.into();
        r.write(path, &fixture(from));
        r.commit(&format!("{path} from {from}")).expect(0);
        if path == "roadmap.yaml" && from != "roadmap-0.yaml" {
            commits.push(r.git(&["rev-parse", "HEAD"]).trim().to_string());
        }
    }
    r.today = "2026-03-25".into();
    (r, commits)
}

fn report(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json", "--as-of", "2026-03-25"];
    args.extend_from_slice(extra);
    r.tm(&args).expect(0).json()
}

/// The acceptance test: three roadmap commits give exactly three
/// scope items, with their dates, commits, before and after.
#[test]
fn three_roadmap_commits_give_three_scope_changes() {
    let (r, c) = scope_example();
    let j = report(&r, &[]);
    assert_eq!(
        j["scope"],
        json!([
            {"date": "2026-03-06", "commit": c[0], "milestone": "sprint", "change": "target_added",
             "target": "talk", "before": null, "after": "Give a talk"},
            {"date": "2026-03-12", "commit": c[1], "milestone": "sprint", "change": "goal_changed",
             "target": "write-posts", "before": "4", "after": "6"},
            {"date": "2026-03-20", "commit": c[2], "milestone": "sprint", "change": "budget_changed",
             "target": null, "before": "6 h/week", "after": "5 h/week"},
        ])
    );
    let sprint = &j["milestones"][0];
    assert_eq!(sprint["scope_changes"], 3);
    // As of 03-15, only the first two had been made.
    let earlier = r
        .tm(&["report", "--format", "json", "--as-of", "2026-03-15"])
        .expect(0)
        .json();
    assert_eq!(earlier["scope"].as_array().map(Vec::len), Some(2));
    assert_eq!(earlier["milestones"][0]["scope_changes"], 2);

    // The burn-up: the targets in force each week against what is done.
    assert_eq!(
        j["burn_up"],
        json!({"milestone": "sprint", "points": [
            {"date": "2026-03-08", "scope": 2.0, "done": 0.25},
            {"date": "2026-03-15", "scope": 2.0, "done": 0.3333},
            {"date": "2026-03-22", "scope": 2.0, "done": 0.3333},
            {"date": "2026-03-25", "scope": 2.0, "done": 1.3333},
        ]})
    );

    // The same from the history cache, and without it.
    assert_eq!(report(&r, &[])["scope"], j["scope"]);
    assert_eq!(report(&r, &["--no-cache"])["scope"], j["scope"]);

    // The comment lists them, with short commits, and draws the burn-up.
    let md = r
        .tm(&["report", "--as-of", "2026-03-25"])
        .expect(0)
        .stdout();
    // The escaper breaks hex runs so GitHub links no commit by itself.
    let short = |i: usize| format!("{}&#8203;{}", &c[i][..6], &c[i][6..7]);
    for row in [
        format!(
            "| 2026-03-06 | {} | sprint | target added: talk | — | Give a talk |",
            short(0)
        ),
        format!(
            "| 2026-03-12 | {} | sprint | goal changed: write-posts | 4 | 6 |",
            short(1)
        ),
        format!(
            "| 2026-03-20 | {} | sprint | budget changed | 6 h/week | 5 h/week |",
            short(2)
        ),
    ] {
        assert!(md.lines().any(|l| l == row), "no row {row:?} in\n{md}");
    }
    assert!(
        md.contains("    line [2, 2, 2, 2]\n    line [0.3, 0.3, 0.3, 1.3]\n"),
        "{md}"
    );
    let text = r
        .tm(&["report", "--format", "text", "--as-of", "2026-03-25"])
        .expect(0)
        .stdout();
    assert!(
        text.lines().any(|l| l
            == "scope changed 3 times after the first roadmap; last on 2026-03-20: sprint budget changed 6 h/week → 5 h/week"),
        "{text}"
    );
}

/// A pull request that raises a goal says so in its change section.
#[test]
fn a_pull_request_that_raises_a_goal_shows_it_in_its_change() {
    let (r, _) = scope_example();
    r.git(&["checkout", "-q", "-b", "raise"]);
    let raised = fixture("roadmap-3.yaml").replace("goal: 6,", "goal: 8,");
    r.write("roadmap.yaml", &raised);
    r.commit("Raise the posts goal to 8").expect(0);
    let pr = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let j = report(&r, &["--base", "main"]);
    assert_eq!(
        j["change"]["scope"],
        json!([{"date": "2026-03-25", "commit": pr, "milestone": "sprint",
                "change": "goal_changed", "target": "write-posts", "before": "6", "after": "8"}])
    );
    // The whole history still has the three earlier changes and this one.
    assert_eq!(j["scope"].as_array().map(Vec::len), Some(4));
    let md = r
        .tm(&["report", "--as-of", "2026-03-25", "--base", "main"])
        .expect(0)
        .stdout();
    assert!(
        md.contains(
            "📐 The roadmap's scope changes:\n\n| Milestone | Change | Before | After |\n| --- | --- | --- | --- |\n| sprint | goal changed: write-posts | 6 | 8 |\n"
        ),
        "{md}"
    );
    let text = r
        .tm(&[
            "report",
            "--format",
            "text",
            "--as-of",
            "2026-03-25",
            "--base",
            "main",
        ])
        .expect(0)
        .stdout();
    assert!(
        text.contains(" · scope: sprint goal changed write-posts 6 → 8"),
        "{text}"
    );
    // Without roadmap commits, the change has no scope.
    let j = report(&r, &["--base", "HEAD"]);
    assert_eq!(j["change"]["scope"], json!([]));
}

/// The report's `history/roadmap-version` warnings.
fn version_warnings(j: &Value) -> Vec<&Value> {
    j["quality"]["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["code"] == "history/roadmap-version")
        .collect()
}

/// A version that does not parse is skipped with a warning; the versions
/// around it are compared.
#[test]
fn a_roadmap_version_with_errors_is_skipped_with_a_warning() {
    let (mut r, c) = scope_example();
    r.today = "2026-03-25".into();
    r.write("roadmap.yaml", "title: [broken\n");
    r.commit("A broken roadmap").expect(0);
    let broken = r
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_string();
    let fixed = fixture("roadmap-3.yaml").replace("goal: 6,", "goal: 7,");
    r.write("roadmap.yaml", &fixed);
    r.commit("Fixed, with a goal of 7").expect(0);
    let j = report(&r, &[]);
    let scope = j["scope"].as_array().expect("a list");
    assert_eq!(scope.len(), 4);
    assert_eq!(scope[3]["before"], "6");
    assert_eq!(scope[3]["after"], "7");
    assert_eq!(scope[2]["commit"], c[2].as_str());
    let warnings = version_warnings(&j);
    assert_eq!(warnings.len(), 1, "{j}");
    assert_eq!(
        warnings[0]["message"],
        format!("the roadmap of commit {broken} (2026-03-25) has errors; its scope changes are left out")
    );
}

/// A roadmap version of exactly the size limit (1 MiB) is read; one byte
/// more and it is skipped with the warning, as a version with errors.
#[test]
fn a_roadmap_version_over_the_size_limit_is_skipped() {
    let (mut r, _) = scope_example();
    r.today = "2026-03-25".into();
    let padded = |goal: &str, size: usize| {
        let text = fixture("roadmap-3.yaml").replace("goal: 6,", goal);
        let pad = size - text.len() - 2;
        format!("{text}#{}\n", "x".repeat(pad))
    };
    let limit = 1 << 20;
    r.write("roadmap.yaml", &padded("goal: 7,", limit));
    r.commit("A goal of 7, exactly at the limit").expect(0);
    r.write("roadmap.yaml", &padded("goal: 8,", limit + 1));
    r.commit("A goal of 8, one byte over").expect(0);
    let over = r
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_string();
    r.write(
        "roadmap.yaml",
        &fixture("roadmap-3.yaml").replace("goal: 6,", "goal: 9,"),
    );
    r.commit("A goal of 9").expect(0);
    let j = report(&r, &[]);
    // All three commits share a second: the versions are compared in the
    // order they were committed, the one over the limit left out.
    let goals: Vec<(&str, &str)> = j["scope"]
        .as_array()
        .expect("a list")
        .iter()
        .skip(3)
        .map(|s| {
            (
                s["before"].as_str().unwrap_or("?"),
                s["after"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(goals, [("6", "7"), ("7", "9")], "{j}");
    let warned = version_warnings(&j);
    assert_eq!(warned.len(), 1, "{j}");
    let message = warned[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(&format!("the roadmap of commit {over} ")),
        "{message}"
    );
}

/// The embedded default roadmap has no history, so no scope changes.
#[test]
fn the_default_roadmap_has_no_scope_changes() {
    let mut r = TestRepo::new();
    r.today = "2026-03-25".into();
    r.write(
        "journal/a.yaml",
        "date: 2026-03-20\nminutes: 30\nsummary: s\n",
    );
    r.commit("one entry").expect(0);
    let j = report(&r, &[]);
    assert_eq!(j["scope"], json!([]));
    assert_eq!(j["milestones"][0]["scope_changes"], 0);
}
