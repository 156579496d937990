//! The walking skeleton end to end: init → log → commit (through the hook)
//! → check → report.

use crate::harness::TestRepo;

fn milestone<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == id))
        .unwrap_or_else(|| panic!("no milestone {id} in {report:#}"))
}

#[test]
fn init_log_commit_check_report() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let out = r
        .tm(&[
            "log",
            "45m",
            "Built an MCP server exposing our deploy API",
            "--done",
            "build-mcp-server",
            "--date",
            "2026-01-08",
        ])
        .expect(0);
    let path = out.stdout().trim().to_string();
    assert_eq!(
        path,
        "journal/2026/01/08-built-an-mcp-server-exposing-our-deploy.yaml"
    );
    assert_eq!(
        r.read(&path),
        "# yaml-language-server: $schema=../../../schema/entry.schema.json\ndate: 2026-01-08\nminutes: 45\nsummary: Built an MCP server exposing our deploy API\ntargets:\n  - id: build-mcp-server\n    done: true\n"
    );
    // The installed hook runs `check --staged` and lets a valid entry through.
    let c = r.commit("log the MCP server").expect(0);
    assert!(
        c.stderr().contains("0 errors"),
        "the hook did not run:\n{}",
        c.stderr()
    );
    r.tm(&["check"]).expect(0);

    let report = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-10"])
        .expect(0)
        .json();
    let m1 = milestone(&report, "month-1");
    assert_eq!(m1["budget"]["actual_to_date"], 0.75);
    assert_eq!(m1["budget"]["planned_to_date"], 12.0);
    let t = m1["targets"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["id"] == "build-mcp-server"))
        .expect("target");
    assert_eq!(t["completed_on"], "2026-01-08");
    assert_eq!(t["progress"], 1.0);
    let head = r.git(&["rev-parse", "HEAD"]);
    assert_eq!(t["recorded_in"], head.trim());
    assert_eq!(report["totals"]["entries"], 1);
}

#[test]
fn default_roadmap_budgets_for_a_2026_01_05_start() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let report = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-14"])
        .expect(0)
        .json();
    let expect = [
        ("month-1", "2026-01-05", "2026-02-04", 62.0),
        ("quarter-1", "2026-01-05", "2026-03-29", 96.0),
        ("year-1", "2026-01-05", "2027-01-03", 208.0),
        ("year-2", "2027-01-04", "2028-01-02", 208.0),
    ];
    for (id, start, end, total) in expect {
        let m = milestone(&report, id);
        assert_eq!(
            (m["start"].as_str(), m["end"].as_str()),
            (Some(start), Some(end)),
            "{id}"
        );
        assert_eq!(m["budget"]["planned_total"], total, "{id}");
    }
    // SPEC §3's example: at T = 2026-01-14 month 1 plans 20 h to date.
    assert_eq!(
        milestone(&report, "month-1")["budget"]["planned_to_date"],
        20.0
    );
}

#[test]
fn second_init_changes_nothing() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.commit("scaffold").expect(0);
    let before = r.read("roadmap.yaml");
    let out = r.tm(&["init", "--start", "2026-02-02"]).expect(0);
    assert_eq!(r.read("roadmap.yaml"), before);
    assert!(
        out.stderr()
            .contains("kept      roadmap.yaml (exists; --force replaces it)"),
        "{}",
        out.stderr()
    );
    assert_eq!(r.git(&["status", "--porcelain"]), "");
    // --force rewrites it.
    r.tm(&["init", "--start", "2026-02-02", "--force"])
        .expect(0);
    assert!(r.read("roadmap.yaml").contains("\nstart: 2026-02-02\n"));
}

#[test]
fn hook_refuses_negative_minutes() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.commit("scaffold").expect(0);
    r.write(
        "journal/2026/01/09-bad.yaml",
        "date: 2026-01-09\nminutes: -5\nsummary: Negative time\n",
    );
    let c = r.commit("bad entry").expect(1);
    assert!(
        c.stderr().contains("error[entry/minutes-range]: `minutes` is -5; it must be between 1 and 1440 (one day)\n --> journal/2026/01/09-bad.yaml:2:10\n"),
        "{}",
        c.stderr()
    );
    assert_eq!(r.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn log_never_overwrites() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let a = r
        .tm(&["log", "30m", "Read the MCP spec", "--date", "2026-01-07"])
        .expect(0);
    let b = r
        .tm(&["log", "20m", "Read the MCP spec", "--date", "2026-01-07"])
        .expect(0);
    assert_eq!(a.stdout(), "journal/2026/01/07-read-the-mcp-spec.yaml\n");
    assert_eq!(b.stdout(), "journal/2026/01/07-read-the-mcp-spec-2.yaml\n");
    assert!(r
        .read("journal/2026/01/07-read-the-mcp-spec.yaml")
        .contains("minutes: 30\n"));
}

#[test]
fn log_validates_before_writing() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let out = r
        .tm(&["log", "30m", "Typo in a skill", "--skill", "mpc"])
        .expect(1);
    assert!(
        out.stderr().contains("unknown skill `mpc`"),
        "{}",
        out.stderr()
    );
    assert!(
        out.stderr().contains("did you mean `mcp`?"),
        "{}",
        out.stderr()
    );
    assert!(!r.path().join("journal/2026").exists());
}

#[test]
fn log_commit_records_the_entry() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.commit("scaffold").expect(0);
    r.tm(&[
        "log",
        "1h",
        "Paired with an agent on a refactor",
        "--skill",
        "tool-calling",
        "--commit",
    ])
    .expect(0);
    assert_eq!(
        r.git(&["log", "-1", "--format=%s"]),
        "journal: Paired with an agent on a refactor\n"
    );
    assert_eq!(r.git(&["status", "--porcelain"]), "");
}

#[test]
fn outside_a_repository_is_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(crate::harness::BIN)
        .args(["-C", &dir.path().display().to_string(), "report"])
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let shown = dir.path().display();
    assert!(
        err.starts_with(&format!(
            "error: {shown} is not in a git repository\n  hint: run `git init` first"
        )),
        "{err}"
    );
}

#[test]
fn the_repositorys_own_journal_reports() {
    let out = std::process::Command::new(crate::harness::BIN)
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "report",
            "--as-of",
            "2026-11-24",
            // A test leaves the developer's repository as it was: no cache.
            "--no-cache",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("<!-- pacenote-report -->\n"), "{md}");
    for title in [
        "| Month 1 — ship one AI feature in your day job |",
        "| Quarter 1 — get fluent |",
        "| Year 1 — become the team's go-to AI backend engineer · **stage** |",
        "| Year 2 — architect-track in the agentic era |",
    ] {
        assert!(md.contains(title), "missing {title}");
    }
}

#[test]
fn dash_c_takes_relative_paths_from_dir_like_git() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    std::fs::create_dir(r.path().join("elsewhere")).expect("mkdir");
    // Run from a subfolder, pointing -C at the repository root.
    let mut c = std::process::Command::new(crate::harness::BIN);
    c.current_dir(r.path().join("elsewhere"))
        .env("PACENOTE_TODAY", "2026-01-10")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-C", "..", "report", "--format", "json", "--output", "out.json",
        ]);
    let out = c.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        r.path().join("out.json").is_file(),
        "--output is taken from -C DIR"
    );
    assert!(!r.path().join("elsewhere/out.json").exists());
}

#[test]
fn a_reader_that_stops_early_ends_quietly_like_git() {
    use std::io::Read;
    // Enough problems that the JSON outgrows a pipe's buffer: the writer is
    // still writing when the reader goes away.
    let r = TestRepo::new();
    for i in 0..400 {
        r.write(&format!("journal/2026/01/08-bad-{i}.yaml"), "date: 2026-01-08\nminutes: -5\nsummary: A negative amount of time, repeated to make the output long\n");
    }
    let mut child = std::process::Command::new(crate::harness::BIN)
        .current_dir(r.path())
        .env("PACENOTE_TODAY", "2026-01-10")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["check", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 1];
    let mut stdout = child.stdout.take().expect("stdout");
    stdout.read_exact(&mut first).expect("one byte");
    drop(stdout);
    let out = child.wait_with_output().expect("waits");
    assert_eq!(first[0], b'{');
    // The closed pipe is neither a panic nor a message: the run ends with
    // git's status for it, 141 (128 + SIGPIPE), as `git log | head` does.
    assert_eq!(
        out.status.code(),
        Some(141),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn log_without_a_duration_logs_the_practice_goal_and_says_so() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let out = r.tm(&["log", "Read the MCP spec"]).expect(0);
    assert_eq!(out.stdout(), "journal/2026/01/10-read-the-mcp-spec.yaml\n");
    assert_eq!(
        out.stderr(),
        "no duration given: logging 30 minutes, the roadmap's daily practice goal\n"
    );
    assert!(r
        .read("journal/2026/01/10-read-the-mcp-spec.yaml")
        .contains("\nminutes: 30\n"));
    let text = r.tm(&["report", "--format", "text"]).expect(0).stdout();
    assert!(
        text.lines()
            .nth(2)
            .is_some_and(|l| l.ends_with(" · 1 entry, 0.5 h")),
        "{text}"
    );
}
