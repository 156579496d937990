//! What a new user meets first: `log` run twice, `init --start` in a
//! repository already set up, the modes of written files, `check DIR`.

use crate::harness::TestRepo;

fn scaffolded() -> TestRepo {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    r.commit("scaffold").expect(0);
    r
}

#[test]
fn log_refuses_the_same_entry_twice_unless_allowed_and_check_warns() {
    let r = scaffolded();
    let args = ["log", "45m", "Built an MCP server", "--date", "2026-01-08"];
    r.tm(&args).expect(0);
    let again = r.tm(&args).expect(1);
    assert_eq!(
        again.stderr(),
        "error[entry/duplicate]: journal/2026/01/08-built-an-mcp-server.yaml already records the same date, minutes, summary and author\n --> journal/2026/01/08-built-an-mcp-server-2.yaml:2:7\n  |\n2 | date: 2026-01-08\n  |       ^^^^^^^^^^\n  |\n  = hint: if you did the work twice, pass --allow-duplicate (or say what differs in the summary)\n\nnothing written: the entry would not be valid\n"
    );
    let mut allowed = args.to_vec();
    allowed.push("--allow-duplicate");
    r.tm(&allowed).expect(0);
    let check = r.tm(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(check["warnings"], 1);
    assert_eq!(
        check["diagnostics"][0]["file"],
        "journal/2026/01/08-built-an-mcp-server-2.yaml"
    );
    assert_eq!(check["diagnostics"][0]["code"], "entry/duplicate");
    assert_eq!(
        check["diagnostics"][0]["message"],
        "this entry has the same date, minutes, summary and author as journal/2026/01/08-built-an-mcp-server.yaml; both count"
    );
    // Another person's identical entry is not a duplicate.
    let mut bob = args.to_vec();
    bob.extend(["--author", "bob"]);
    r.tm(&bob).expect(0);
}

#[test]
fn init_start_on_an_existing_roadmap_says_what_it_kept() {
    let r = scaffolded();
    let out = r
        .tm(&["init", "--start", "2026-02-02", "--workflow", "none"])
        .expect(0);
    let last = out.stderr().lines().last().unwrap_or_default().to_string();
    assert_eq!(
        last,
        "roadmap.yaml was kept, so the roadmap still starts 2026-01-05, not 2026-02-02: to change it, set `start: 2026-02-02` in roadmap.yaml (or run `pacenote init --start 2026-02-02 --force`, which rewrites roadmap.yaml with the default plan); 1 existing file(s) kept. Next: `pacenote log 45m \"what you did\"`, commit, then `pacenote report`."
    );
    assert!(r.read("roadmap.yaml").contains("\nstart: 2026-01-05\n"));
}

#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_like_git() {
    use std::os::unix::fs::PermissionsExt;
    let r = TestRepo::new();
    let mode = |p: &str| {
        std::fs::metadata(r.path().join(p))
            .expect("written")
            .permissions()
            .mode()
            & 0o777
    };
    // The test process's umask is inherited; set a known one for the runs.
    let run = |args: &[&str], umask: &str| {
        let script = format!("umask {umask} && exec \"$0\" \"$@\"");
        let mut all = vec!["-c", script.as_str(), crate::harness::BIN];
        all.extend_from_slice(args);
        let out = std::process::Command::new("sh")
            .args(&all)
            .current_dir(r.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Alice")
            .env("PACENOTE_TODAY", "2026-01-10")
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        &["init", "--start", "2026-01-05", "--workflow", "none"],
        "022",
    );
    assert_eq!(mode("roadmap.yaml"), 0o644);
    run(&["log", "45m", "Built an MCP server"], "002");
    assert_eq!(mode("journal/2026/01/10-built-an-mcp-server.yaml"), 0o664);
    run(&["report", "--output", "report.md"], "077");
    assert_eq!(mode("report.md"), 0o600);
}

#[test]
fn check_dir_checks_the_entries_under_it() {
    let r = scaffolded();
    r.write(
        "journal/2026/01/08-good.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Good\n",
    );
    r.write(
        "journal/2026/01/09-bad.yaml",
        "date: 2026-01-09\nminutes: 0\nsummary: Bad\n",
    );
    r.write(
        "journal/2025/12/31-bad.yaml",
        "date: 2025-12-31\nminutes: 0\nsummary: Bad too\n",
    );
    let out = r
        .tm(&["check", "journal/2026", "--format", "json"])
        .expect(1);
    let files: Vec<String> = out.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(files, ["journal/2026/01/09-bad.yaml"]);
    let all = r.tm(&["check", "journal"]).expect(1);
    assert!(
        all.stderr()
            .ends_with("checked 4 files: 2 errors, 0 warnings\n"),
        "{}",
        all.stderr()
    );
}

#[test]
fn a_sha256_repository_gets_a_clear_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let init = std::process::Command::new("git")
        .args(["init", "-q", "--object-format=sha256", "."])
        .current_dir(dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .expect("git runs");
    assert!(init.success());
    let out = std::process::Command::new(crate::harness::BIN)
        .arg("check")
        .current_dir(dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("pacenote runs");
    assert_eq!(out.status.code(), Some(2));
    let shown = std::path::absolute(dir.path()).expect("absolute");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error: cannot open the repository at {}: unknown object format 'sha256'\n  hint: it uses SHA-256 object names (`git init --object-format=sha256`), which pacenote's git library cannot read yet; track your progress in a SHA-1 repository (git's default)\n", shown.display())
    );
}
