//! Corrections (SPEC §1.1): the journal is append-only, so a mistake is
//! fixed by a new entry that names the one it corrects, and counts as part
//! of it. The hook applies the append-only rule to what it can see.

use crate::harness::TestRepo;

const WRONG: &str = "journal/2026/01/08-built-an-mcp-server.yaml";

/// A tracking repository with one committed entry of 45 minutes on
/// 2026-01-08 (write-evals +3), recorded that day.
fn with_an_entry() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-01-08".into();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    r.tm(&[
        "log",
        "45m",
        "Built an MCP server",
        "--target",
        "write-evals=3",
    ])
    .expect(0);
    r.commit("first entry").expect(0);
    r
}

/// A target's figures in a JSON report.
fn target(j: &serde_json::Value, id: &str) -> serde_json::Value {
    j["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .flat_map(|m| m["targets"].as_array().expect("targets").iter())
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no target {id}"))
        .clone()
}

fn month_1_actual(r: &TestRepo, as_of: &str) -> serde_json::Value {
    let j = r
        .tm(&["report", "--format", "json", "--as-of", as_of])
        .expect(0)
        .json();
    j["milestones"][0]["budget"]["actual_to_date"].clone()
}

#[test]
fn a_correction_lowers_month_1_on_the_corrected_entrys_date_and_data_quality_shows_it() {
    let mut r = with_an_entry();
    assert_eq!(month_1_actual(&r, "2026-01-10"), serde_json::json!(0.75));
    r.today = "2026-01-20".into();
    let logged = r
        .tm(&[
            "log",
            "--corrects",
            WRONG,
            "-15m",
            "The MCP session was 30 minutes, not 45",
            "--target",
            "write-evals=-1",
        ])
        .expect(0);
    let path = "journal/2026/01/20-the-mcp-session-was-30-minutes-not-45.yaml";
    assert_eq!(logged.stdout(), format!("{path}\n"));
    assert_eq!(
        r.read(path),
        format!("# yaml-language-server: $schema=../../../schema/entry.schema.json\ndate: 2026-01-20\nminutes: -15\nsummary: The MCP session was 30 minutes, not 45\ncorrects: {WRONG}\ntargets:\n  - id: write-evals\n    amount: -1\n")
    );
    r.tm(&["check"]).expect(0);
    r.commit("correction").expect(0);
    // On the corrected entry's date: as of 2026-01-10, before the
    // correction was written, Month 1 already counts 30 minutes.
    assert_eq!(month_1_actual(&r, "2026-01-10"), serde_json::json!(0.5));
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-20"])
        .expect(0)
        .json();
    assert_eq!(j["history"]["corrections"], 1);
    assert_eq!(j["history"]["corrected_hours"], serde_json::json!(0.25));
    assert_eq!(j["totals"]["entries"], 1);
    let evals = target(&j, "write-evals");
    assert_eq!(evals["amount"], serde_json::json!(2.0));
    let md = r
        .tm(&["report", "--as-of", "2026-01-20"])
        .expect(0)
        .stdout();
    let quality = md
        .lines()
        .find(|l| l.contains("· corrections: "))
        .unwrap_or_else(|| panic!("no corrections in the data quality:\n{md}"));
    assert!(
        quality.contains("· corrections: 1 (0.3 h moved) ·"),
        "{quality}"
    );
}

/// The limit of `entry/correction-range` is 0 itself: a correction may take
/// a target back to exactly nothing, just not below.
#[test]
fn a_correction_may_take_a_target_to_exactly_zero() {
    let mut r = with_an_entry();
    r.today = "2026-01-20".into();
    r.tm(&[
        "log",
        "--corrects",
        WRONG,
        "-5m",
        "No evals after all",
        "--target",
        "write-evals=-3",
    ])
    .expect(0);
    r.tm(&["check", "--strict"]).expect(0);
    r.commit("correct the evals").expect(0);
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-20"])
        .expect(0)
        .json();
    let evals = target(&j, "write-evals");
    assert_eq!(evals["amount"], serde_json::json!(0.0));
}

#[test]
fn the_errors_a_correction_can_have() {
    let mut r = with_an_entry();
    r.today = "2026-01-20".into();
    // Taking away more than the entry has.
    let too_much = r
        .tm(&["log", "--corrects", WRONG, "-45m", "It never happened"])
        .expect(1);
    assert!(
        too_much.stderr().starts_with(&format!("error[entry/correction-range]: with its corrections, {WRONG} counts 0 minutes; an entry and its corrections must add up to 1..1440\n")),
        "{}",
        too_much.stderr()
    );
    // A target below 0.
    let below = r
        .tm(&[
            "log",
            "--corrects",
            WRONG,
            "-5m",
            "Fewer evals",
            "--target",
            "write-evals=-4",
        ])
        .expect(1);
    assert!(
        below.stderr().starts_with("error[entry/correction-range]: with this correction, target `write-evals` adds up to -1 on 2026-01-08, below 0\n"),
        "{}",
        below.stderr()
    );
    // An entry not committed cannot be corrected; nor a correction.
    r.write(
        "journal/2026/01/19-draft.yaml",
        "date: 2026-01-19\nminutes: 20\nsummary: Draft\n",
    );
    let uncommitted = r
        .tm(&[
            "log",
            "--corrects",
            "journal/2026/01/19-draft.yaml",
            "-5m",
            "Shorter",
        ])
        .expect(1);
    assert!(
        uncommitted.stderr().starts_with("error[entry/corrects]: `corrects` names journal/2026/01/19-draft.yaml, which is not a committed journal entry\n"),
        "{}",
        uncommitted.stderr()
    );
    std::fs::remove_file(r.path().join("journal/2026/01/19-draft.yaml")).expect("rm");
    r.tm(&["log", "--corrects", WRONG, "-5m", "Shorter"])
        .expect(0);
    r.commit("a correction").expect(0);
    let chained = r
        .tm(&[
            "log",
            "--corrects",
            "journal/2026/01/20-shorter.yaml",
            "-5m",
            "Even shorter",
        ])
        .expect(1);
    assert!(
        chained.stderr().starts_with("error[entry/corrects]: journal/2026/01/20-shorter.yaml is itself a correction; a correction of a correction is not allowed\n"),
        "{}",
        chained.stderr()
    );
    // Negative values only in a correction.
    let negative = r.tm(&["log", "-15m", "Less"]).expect(2);
    assert_eq!(
        negative.stderr(),
        "error: a negative duration (-15m) is only for a correction\n  hint: to take minutes away from an entry already committed: pacenote log --corrects journal/YYYY/MM/DD-….yaml -15m \"why\"\n"
    );
    // Nothing was written by the refused runs.
    assert_eq!(
        r.git(&["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
}

#[test]
fn the_hook_refuses_editing_an_entry_older_than_append_only_after_days() {
    let mut r = with_an_entry();
    r.today = "2026-01-20".into();
    r.write(
        WRONG,
        "date: 2026-01-08\nminutes: 30\nsummary: Built an MCP server\n",
    );
    let refused = r.commit("rewrite history").expect(1);
    let want = format!(
        "error[history/append-only]: this commit edits an entry recorded 12 days ago (in commit {} on 2026-01-08); entries older than 7 days are append-only\n --> {WRONG}:1:7\n",
        &r.git(&["rev-parse", "HEAD"])[..10]
    );
    assert!(refused.stderr().starts_with(&want), "{}", refused.stderr());
    assert!(
        refused.stderr().contains(&format!(
            "  = hint: restore the entry as it was, and record the correction in a new entry: `pacenote log --corrects {WRONG} -15m \"why\"` (the minutes to add or, negative, to take away)\n"
        )),
        "{}",
        refused.stderr()
    );
    // Deleting it is refused too.
    r.git(&["reset", "-q", "--hard"]);
    r.git(&["rm", "-q", WRONG]);
    let out = r.git_run(
        &["commit", "-q", "-m", "delete"],
        "2026-01-20T12:00:00+00:00",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "error[history/append-only]: this commit deletes an entry recorded 12 days ago"
        ),
        "{err}"
    );
    // Within the window, an entry may still be reworked.
    r.git(&["reset", "-q", "--hard"]);
    r.today = "2026-01-12".into();
    r.write(
        WRONG,
        "date: 2026-01-08\nminutes: 30\nsummary: Built an MCP server\n",
    );
    r.commit("fix a fresh entry").expect(0);
}
