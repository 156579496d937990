//! `pacenote log --commit` is `git commit -- PATH` (SPEC §2): the real git
//! program commits the new entry alone, so hooks, signing, identity and
//! dates behave as in git, and a failed commit leaves nothing behind.

use crate::harness::TestRepo;

const FOREIGN_FAILING: &str = "#!/bin/sh\necho 'team hook: refusing this commit' >&2\nexit 1\n";

fn scaffolded() -> TestRepo {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    r.commit("scaffold").expect(0);
    r
}

fn commits(r: &TestRepo) -> String {
    r.git(&["rev-list", "--count", "HEAD"]).trim().to_string()
}

#[cfg(unix)]
#[test]
fn a_failing_chained_hook_stops_the_commit_and_nothing_is_left() {
    let r = scaffolded();
    r.tm(&["hook", "uninstall"]).expect(0);
    let hooks = r.path().join(".git/hooks");
    crate::harness::write_executable(&hooks.join("pre-commit"), FOREIGN_FAILING);
    r.tm(&["hook", "install", "--chain"]).expect(0);
    let out = r
        .tm(&["log", "45m", "Built an MCP server", "--commit"])
        .expect(2);
    assert_eq!(out.stdout(), "");
    assert_eq!(
        out.stderr(),
        "team hook: refusing this commit\nerror: `git commit` failed (status 1), so the entry was not kept: nothing was written or staged\n  hint: git's own message is above: a hook that refused the commit, an identity or GIT_AUTHOR_DATE git does not accept, or a signing key it cannot use; fix that and run the same `pacenote log` again\n"
    );
    assert_eq!(commits(&r), "1");
    assert_eq!(
        r.git(&["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    assert!(!r.path().join("journal/2026").exists());
}

#[test]
fn pacenotes_own_hook_runs_on_the_commit() {
    let r = scaffolded();
    // A committed entry broken in the work tree is not part of this commit:
    // the hook checks what `git commit -- PATH` records, the new entry alone.
    r.write(
        "journal/2026/01/08-old.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Old\n",
    );
    r.commit("old").expect(0);
    r.write(
        "journal/2026/01/08-old.yaml",
        "date: 2026-01-08\nminutes: 0\nsummary: Old\n",
    );
    let out = r
        .tm(&["log", "45m", "Built an MCP server", "--commit"])
        .expect(0);
    assert_eq!(
        out.stdout(),
        "journal/2026/01/10-built-an-mcp-server.yaml\n"
    );
    let id = r.git(&["rev-parse", "--short", "HEAD"]);
    assert_eq!(
        out.stderr(),
        format!(
            "checked 2 files: 0 errors, 0 warnings\ncommitted {} journal: Built an MCP server\n",
            id.trim()
        )
    );
    assert_eq!(
        r.git(&["show", "--format=", "--name-only", "HEAD"]),
        "journal/2026/01/10-built-an-mcp-server.yaml\n"
    );
}

#[test]
fn other_staged_changes_stay_staged_and_uncommitted() {
    let r = scaffolded();
    r.write("notes.txt", "x\n");
    r.git(&["add", "notes.txt"]);
    r.tm(&["log", "45m", "Built an MCP server", "--commit"])
        .expect(0);
    assert_eq!(commits(&r), "2");
    assert_eq!(
        r.git(&["show", "--format=", "--name-only", "HEAD"]),
        "journal/2026/01/10-built-an-mcp-server.yaml\n"
    );
    assert_eq!(r.git(&["diff", "--cached", "--name-only"]), "notes.txt\n");
}

#[test]
fn every_date_format_git_accepts_is_taken_as_git_takes_it() {
    // git parses GIT_AUTHOR_DATE itself; a few of its formats, one instant.
    for date in [
        "2026-01-10T09:30:00+01:00",
        "2026-01-10 09:30:00 +0100",
        "Sat, 10 Jan 2026 09:30:00 +0100",
        "@1768033800 +0100",
        "1768033800 +0100",
        "2026.01.10 09:30:00 +0100",
    ] {
        let r = scaffolded();
        r.tm_env(
            &["log", "45m", "Built an MCP server", "--commit"],
            &[("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)],
        )
        .expect(0);
        assert_eq!(
            r.git(&["log", "-1", "--format=%ad|%cd", "--date=iso-strict"]),
            "2026-01-10T09:30:00+01:00|2026-01-10T09:30:00+01:00\n",
            "GIT_AUTHOR_DATE={date}"
        );
    }
}

#[test]
fn a_date_git_refuses_leaves_nothing_behind() {
    let r = scaffolded();
    let out = r
        .tm_env(
            &["log", "45m", "Built an MCP server", "--commit"],
            &[("GIT_AUTHOR_DATE", "not a date at all")],
        )
        .expect(2);
    assert!(
        out.stderr()
            .contains("fatal: invalid date format: not a date at all\n"),
        "{}",
        out.stderr()
    );
    assert!(
        out.stderr()
            .contains("error: `git commit` failed (status 128), so the entry was not kept"),
        "{}",
        out.stderr()
    );
    assert_eq!(commits(&r), "1");
    assert_eq!(
        r.git(&["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
}

#[test]
fn the_commit_is_signed_when_commit_gpgsign_is_set() {
    let r = scaffolded();
    let key = r.path().join(".git/test-signing-key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen runs");
    assert!(made.success());
    let public = format!("{}.pub", key.display());
    r.git(&["config", "gpg.format", "ssh"]);
    r.git(&["config", "user.signingkey", &public]);
    r.git(&["config", "commit.gpgsign", "true"]);
    r.tm(&["log", "45m", "Built an MCP server", "--commit"])
        .expect(0);
    let raw = r.git(&["cat-file", "-p", "HEAD"]);
    assert!(
        raw.contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n"),
        "{raw}"
    );
    // And the signature verifies against the key.
    let signers = r.path().join(".git/allowed-signers");
    let pubkey = std::fs::read_to_string(&public).expect("public key");
    std::fs::write(&signers, format!("alice@example.com {pubkey}")).expect("signers");
    r.git(&[
        "config",
        "gpg.ssh.allowedSignersFile",
        &signers.display().to_string(),
    ]);
    let shown = r.git(&["log", "-1", "--format=%G?"]);
    assert_eq!(shown, "G\n");
}
