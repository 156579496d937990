//! `pacenote hook install|uninstall`: the hook folder comes from git
//! (`core.hooksPath`, the common dir of linked worktrees), a foreign hook is
//! never overwritten, and the installed hook refuses a bad commit with the
//! <file:line> message.

use crate::harness::{Run, TestRepo};

const GOOD: &str = "date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\n";
const BAD: &str = "date: 2026-01-08\nminutes: 0\nsummary: Built an MCP server\n";
const FOREIGN: &str = "#!/bin/sh\necho foreign hook ran >> foreign.log\n";

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn installed_hook_refuses_a_bad_commit_and_passes_a_good_one() {
    let r = TestRepo::new();
    let out = r.tm(&["hook", "install"]).expect(0);
    let hook = r.path().join(".git/hooks/pre-commit");
    let merge_hook = r.path().join(".git/hooks/pre-merge-commit");
    assert_eq!(
        out.stderr(),
        format!(
            "installed the pre-commit hook: {}\ninstalled the pre-merge-commit hook: {}\n",
            hook.display(),
            merge_hook.display()
        )
    );
    r.write("journal/2026/01/08-bad.yaml", BAD);
    let refused = r.commit("bad entry").expect(1);
    assert!(
        refused
            .stderr()
            .contains("--> journal/2026/01/08-bad.yaml:2:10\n"),
        "{}",
        refused.stderr()
    );
    assert_eq!(r.git(&["rev-list", "--all", "--count"]).trim(), "0");
    r.write("journal/2026/01/08-bad.yaml", GOOD);
    let ok = r.commit("good entry").expect(0);
    assert!(
        ok.stderr()
            .ends_with("checked 1 file: 0 errors, 0 warnings\n"),
        "{}",
        ok.stderr()
    );
    // Installing again changes nothing.
    let again = r.tm(&["hook", "install"]).expect(0);
    assert_eq!(
        again.stderr(),
        format!(
            "pre-commit hook already installed: {}\npre-merge-commit hook already installed: {}\n",
            hook.display(),
            merge_hook.display()
        )
    );
}

#[test]
fn honours_core_hooks_path() {
    let r = TestRepo::new();
    r.git(&["config", "core.hooksPath", ".githooks"]);
    r.tm(&["hook", "install"]).expect(0);
    assert!(r.path().join(".githooks/pre-commit").is_file());
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
    r.write("journal/2026/01/08-bad.yaml", BAD);
    r.commit("bad entry").expect(1);
    r.tm(&["hook", "uninstall"]).expect(0);
    assert!(!r.path().join(".githooks/pre-commit").exists());
}

#[test]
fn linked_worktrees_share_the_hook_of_the_common_dir() {
    let r = TestRepo::new();
    r.write("README", "x\n");
    r.commit("start").expect(0);
    let wt = r.path().join("linked");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "other",
        wt.to_str().expect("utf-8 path"),
    ]);
    let out = r.tm(&["-C", "linked", "hook", "install"]).expect(0);
    let hooks = r.path().join(".git/hooks");
    assert_eq!(
        out.stderr(),
        format!(
            "installed the pre-commit hook: {}\ninstalled the pre-merge-commit hook: {}\n",
            hooks.join("pre-commit").display(),
            hooks.join("pre-merge-commit").display()
        )
    );
    assert!(!r.path().join(".git/worktrees/linked/hooks").exists());
    // A commit in the linked worktree is checked against its own index.
    r.write("linked/journal/2026/01/08-bad.yaml", BAD);
    let refused = run_git(&r, &wt, &["add", "-A"]);
    assert_eq!(refused.code(), 0, "{}", refused.stderr());
    let refused = run_git(&r, &wt, &["commit", "-q", "-m", "bad"]).expect(1);
    assert!(
        refused
            .stderr()
            .contains("--> journal/2026/01/08-bad.yaml:2:10\n"),
        "{}",
        refused.stderr()
    );
}

#[test]
fn never_clobbers_a_foreign_hook() {
    let r = TestRepo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks")).expect("mkdir");
    std::fs::write(&hook, FOREIGN).expect("foreign hook");
    let refused = r.tm(&["hook", "install"]).expect(2);
    assert!(
        refused.stderr().starts_with(&format!(
            "error: {} already exists and is not pacenote's; leaving it alone\n  hint: run `pacenote hook install --chain`",
            hook.display()
        )),
        "{}",
        refused.stderr()
    );
    assert_eq!(read(&hook), FOREIGN);
    // Uninstall leaves a foreign hook alone too.
    r.tm(&["hook", "uninstall"]).expect(2);
    assert_eq!(read(&hook), FOREIGN);
}

#[test]
fn chain_runs_the_foreign_hook_first_and_uninstall_restores_it() {
    let r = TestRepo::new();
    let hooks = r.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("mkdir");
    crate::harness::write_executable(&hooks.join("pre-commit"), FOREIGN);
    r.tm(&["hook", "install", "--chain"]).expect(0);
    assert_eq!(read(&hooks.join("pre-commit.pacenote-chained")), FOREIGN);
    r.write("journal/2026/01/08-ok.yaml", GOOD);
    r.write(".gitignore", "foreign.log\n");
    r.commit("good entry").expect(0);
    assert_eq!(read(&r.path().join("foreign.log")), "foreign hook ran\n");
    // A second foreign hook is refused rather than replacing the one moved aside.
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\nexit 0\n").expect("second hook");
    r.tm(&["hook", "install", "--chain"]).expect(2);
    assert_eq!(read(&hooks.join("pre-commit.pacenote-chained")), FOREIGN);
    std::fs::remove_file(hooks.join("pre-commit")).expect("rm");
    r.tm(&["hook", "install", "--chain"]).expect(0);
    let out = r.tm(&["hook", "uninstall"]).expect(0);
    assert!(out
        .stderr()
        .starts_with("removed pacenote's pre-commit hook and restored the previous one"));
    assert_eq!(read(&hooks.join("pre-commit")), FOREIGN);
    assert!(!hooks.join("pre-commit.pacenote-chained").exists());
}

/// Runs git in `dir` with the repository's fixed identity and dates.
fn run_git(r: &TestRepo, dir: &std::path::Path, args: &[&str]) -> Run {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", r.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Alice")
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .env("GIT_COMMITTER_NAME", "Alice")
        .env("GIT_COMMITTER_EMAIL", "alice@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-10T12:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-10T12:00:00+00:00")
        .env("PACENOTE_TODAY", &r.today)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("git runs");
    Run {
        cmd: format!("git {}", args.join(" ")),
        out,
        log: r.log(),
    }
}

/// A repository with the hook installed and one good committed entry.
fn guarded() -> TestRepo {
    let r = TestRepo::new();
    r.tm(&["hook", "install"]).expect(0);
    r.write("journal/2026/01/08-mcp.yaml", GOOD);
    r.commit("good entry").expect(0);
    r
}

const ENTRY: &str = "journal/2026/01/08-mcp.yaml";

#[track_caller]
fn assert_refused_at_minutes(run: Run) {
    let run = run.expect(1);
    assert!(
        run.stderr()
            .contains("error[entry/minutes-range]: `minutes` is 0; it must be between 1 and 1440 (one day)\n --> journal/2026/01/08-mcp.yaml:2:10\n"),
        "{}",
        run.stderr()
    );
}

fn head(r: &TestRepo) -> String {
    r.git(&["rev-parse", "HEAD"])
}

#[test]
fn git_commit_a_checks_the_index_git_hands_the_hook() {
    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE); the
    // hook must read that one, not .git/index.
    let r = guarded();
    let before = head(&r);
    r.write(ENTRY, BAD);
    assert_refused_at_minutes(run_git(&r, r.path(), &["commit", "-q", "-am", "oops"]));
    assert_eq!(head(&r), before);
    // With an unrelated change staged too.
    r.write("notes.txt", "x\n");
    r.git(&["add", "notes.txt"]);
    assert_refused_at_minutes(run_git(&r, r.path(), &["commit", "-q", "-am", "oops"]));
    assert_eq!(head(&r), before);
}

#[test]
fn git_commit_paths_and_include_check_what_they_record() {
    let r = guarded();
    let before = head(&r);
    r.write(ENTRY, BAD);
    assert_refused_at_minutes(run_git(
        &r,
        r.path(),
        &["commit", "-q", "-m", "oops", ENTRY],
    ));
    assert_refused_at_minutes(run_git(
        &r,
        r.path(),
        &["commit", "-q", "-m", "oops", "--", ENTRY],
    ));
    r.write("notes.txt", "x\n");
    r.git(&["add", "notes.txt"]);
    assert_refused_at_minutes(run_git(
        &r,
        r.path(),
        &["commit", "-q", "-i", "-m", "oops", ENTRY],
    ));
    assert_eq!(head(&r), before);
    // Committing only the unrelated file leaves the broken entry out: allowed.
    run_git(&r, r.path(), &["commit", "-q", "-m", "notes", "notes.txt"]).expect(0);
}

#[test]
fn git_commit_amend_is_checked() {
    let r = guarded();
    let before = head(&r);
    r.write(ENTRY, BAD);
    assert_refused_at_minutes(run_git(
        &r,
        r.path(),
        &["commit", "-q", "--amend", "-a", "-m", "amended"],
    ));
    r.git(&["add", ENTRY]);
    assert_refused_at_minutes(run_git(
        &r,
        r.path(),
        &["commit", "-q", "--amend", "--no-edit"],
    ));
    assert_eq!(head(&r), before);
}

#[test]
fn a_merge_that_commits_by_itself_is_checked_by_pre_merge_commit() {
    let r = guarded();
    r.git(&["checkout", "-q", "-b", "side"]);
    r.write("journal/2026/01/09-bad.yaml", BAD);
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "bad on a side branch"]);
    r.git(&["checkout", "-q", "main"]);
    r.write("notes.txt", "x\n");
    r.commit("notes").expect(0);
    let before = head(&r);
    let refused = run_git(&r, r.path(), &["merge", "-q", "--no-edit", "side"]).expect(1);
    assert!(
        refused
            .stderr()
            .contains("--> journal/2026/01/09-bad.yaml:2:10\n"),
        "{}",
        refused.stderr()
    );
    assert_eq!(head(&r), before);
}

#[test]
fn a_conflicted_cherry_pick_concluded_with_git_commit_is_checked() {
    let r = guarded();
    r.git(&["checkout", "-q", "-b", "side"]);
    r.write(
        ENTRY,
        "date: 2026-01-08\nminutes: 0\nsummary: Built an MCP server, side\n",
    );
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "side edit"]);
    r.git(&["checkout", "-q", "main"]);
    r.write(
        ENTRY,
        "date: 2026-01-08\nminutes: 50\nsummary: Built an MCP server\n",
    );
    r.commit("main edit").expect(0);
    let picked = run_git(&r, r.path(), &["cherry-pick", "side"]);
    assert_ne!(picked.code(), 0, "the pick should conflict");
    r.write(ENTRY, BAD);
    r.git(&["add", ENTRY]);
    assert_refused_at_minutes(run_git(&r, r.path(), &["commit", "-q", "--no-edit"]));
}

#[test]
fn git_dir_and_git_work_tree_are_honoured() {
    let r = guarded();
    r.write(ENTRY, BAD);
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(crate::harness::BIN)
        .current_dir(elsewhere.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_DIR", r.path().join(".git"))
        .env("GIT_WORK_TREE", r.path())
        .env("PACENOTE_TODAY", &r.today)
        .env("NO_COLOR", "1")
        .args(["check"])
        .output()
        .expect("pacenote runs");
    let run = Run {
        cmd: "GIT_DIR=… GIT_WORK_TREE=… pacenote check".into(),
        out,
        log: r.log(),
    };
    assert_refused_at_minutes(run);
}
