//! Hostile input, round two: whatever arrives (a closed pipe, a full disk,
//! a link where a file should be, control characters, autolinks, huge or
//! corrupt objects), pacenote neither panics nor leaks nor injects, and its
//! memory and time stay bounded. One section per class of the audit.

use crate::harness::TestRepo;
use std::process::Stdio;

/// A pipe whose reader is already gone: every write to it fails with EPIPE.
/// (The reader is a `true` that has already exited.)
fn closed_pipe() -> Stdio {
    let mut reader = std::process::Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("true runs");
    let writer = reader.stdin.take().expect("pipe");
    reader.wait().expect("true exits");
    Stdio::from(writer)
}

/// A device on which every write fails with ENOSPC.
fn full() -> Option<Stdio> {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()
        .map(Stdio::from)
}

fn one_entry_repo() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Read a paper\n",
    );
    r.commit("one entry").expect(0);
    r
}

// ------------------------------------------------ 1. output never panics

#[test]
fn a_full_standard_error_never_panics() {
    let Some(_) = full() else { return };
    let r = one_entry_repo();
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 0\n",
    );
    // check: its diagnostics are lost, its verdict is not.
    let run = r.tm_to(&["check"], Stdio::null(), full().expect("/dev/full"));
    run.expect(1);
    let run = r.tm_to(
        &["report", "--format", "text", "--author", "nobody"],
        Stdio::null(),
        full().expect("/dev/full"),
    );
    run.expect(0);
    // A fatal error whose message cannot be shown still exits 2.
    let run = r.tm_to(
        &["report", "--as-of", "someday"],
        Stdio::null(),
        full().expect("/dev/full"),
    );
    run.expect(2);
}

#[test]
fn a_full_standard_output_is_an_error_not_a_panic() {
    let Some(dev) = full() else { return };
    let r = one_entry_repo();
    let out = std::process::Command::new(crate::harness::BIN)
        .args(["schema", "entry"])
        .stdout(dev)
        .stderr(Stdio::piped())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write to standard output: No space left on device (os error 28)\n"
    );
    drop(r);
}

#[test]
fn a_closed_pipe_ends_quietly_with_gits_status() {
    let r = one_entry_repo();
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 0\n",
    );
    // Both streams closed, as in `… 2>&1 | head -0`.
    for args in [
        &["report", "--format", "text", "--author", "nobody"][..],
        &["report"],
        &["report", "--format", "json"],
        &["check", "--format", "json"],
        &["check", "--format", "github"],
        &["schema", "report"],
        &["--help"],
    ] {
        let run = r.tm_to(args, closed_pipe(), closed_pipe());
        assert_ne!(run.code(), 101, "{} panicked", run.cmd);
        let want = if args == ["--help"] { 0 } else { 141 };
        assert_eq!(run.code(), want, "{}", run.cmd);
    }
    // Only standard error closed: the command does all its work.
    let run = r.tm_to(&["check"], Stdio::null(), closed_pipe());
    run.expect(1);
    let run = r.tm_to(
        &["log", "30m", "Wrote notes", "--date", "2026-01-10"],
        Stdio::null(),
        closed_pipe(),
    );
    run.expect(0);
    assert_eq!(
        r.read("journal/2026/01/10-wrote-notes.yaml"),
        "date: 2026-01-10\nminutes: 30\nsummary: Wrote notes\n"
    );
}
