//! Nothing under journal/ is skipped in silence (SPEC §1.1): a name that is
//! not UTF-8, something named like an entry that is not a file, and an entry
//! `git add -N` announced but did not stage. Each is seen by every reader:
//! the work tree (`check`, `report`), the index (`check --staged`) and a
//! commit (`report --rev`).

use crate::harness::{diagnostic_pairs, TestRepo};

const GOOD: &str = "date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\n";

/// The (file, code) pairs of `check --format json` or a JSON report.
fn found(v: &serde_json::Value) -> Vec<(String, String)> {
    diagnostic_pairs(&v["diagnostics"], "file", "code")
}

#[cfg(unix)]
#[test]
fn an_entry_name_that_is_not_utf8_is_reported_by_check_staged_and_report() {
    use std::os::unix::ffi::OsStrExt;
    let r = TestRepo::new();
    let dir = r.path().join("journal/2026/01");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let name = std::ffi::OsStr::from_bytes(b"08-caf\xE9.yaml");
    std::fs::write(dir.join(name), GOOD).expect("write");
    let shown = "journal/2026/01/08-caf\\xE9.yaml".to_string();
    let want = vec![(shown.clone(), "file/path-encoding".to_string())];

    let check = r.tm(&["check", "--format", "json"]).expect(1);
    assert_eq!(found(&check.json()), want);
    let human = r.tm(&["check"]).expect(1);
    assert_eq!(
        human.stderr(),
        format!("error[file/path-encoding]: this entry's file name is not valid UTF-8; it was not read\n--> {shown}\n = hint: rename it with `git mv` to a UTF-8 name, e.g. journal/YYYY/MM/DD-<slug>.yaml\n\nchecked 0 files: 1 error, 0 warnings\n")
    );

    // A file of such a name that is no entry is none of the journal's business.
    std::fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"notes-caf\xE9.md")),
        "x\n",
    )
    .expect("write");
    r.git(&["add", "-A"]);
    let staged = r.tm(&["check", "--staged", "--format", "json"]).expect(1);
    assert_eq!(found(&staged.json()), want);

    let report = r.tm(&["report", "--format", "json"]).expect(0);
    assert_eq!(found(&report.json()["quality"]), want);
    assert_eq!(report.json()["totals"]["entries"], 0);

    r.git(&["commit", "-q", "--no-verify", "-m", "latin-1 name"]);
    // Its removal, staged, is no problem to report.
    r.git(&["rm", "-q", "--cached", "-r", "journal/2026/01"]);
    r.tm(&["check", "--staged"]).expect(0);
    r.git(&["reset", "-q"]);
    let at_rev = r
        .tm(&["report", "--rev", "HEAD", "--format", "json"])
        .expect(0);
    assert_eq!(found(&at_rev.json()["quality"]), want);
    let message = |v: &serde_json::Value| v["quality"]["diagnostics"][0]["message"].clone();
    assert_eq!(
        message(&at_rev.json()),
        "this entry's file name is not valid UTF-8; it was not read"
    );
    // A folder of such a name, in a commit: the entries under it.
    let folder = r
        .path()
        .join(std::ffi::OsStr::from_bytes(b"journal/2026/0\xE9"));
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("09-x.yaml"), GOOD).expect("write");
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--no-verify", "-m", "latin-1 folder"]);
    let at_rev = r
        .tm(&["report", "--rev", "HEAD", "--format", "json"])
        .expect(0);
    let messages: Vec<(String, String)> =
        diagnostic_pairs(&at_rev.json()["quality"]["diagnostics"], "file", "message");
    assert!(
        messages.contains(&(
            "journal/2026/0\\xE9".to_string(),
            "this folder's name is not valid UTF-8; the entries under it were not read".to_string()
        )),
        "{messages:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_folder_named_like_an_entry_is_reported_never_opened() {
    let r = TestRepo::new();
    r.write("journal/2026/01/08-mcp.yaml", GOOD);
    std::fs::create_dir_all(r.path().join("journal/2026/01/09-folder.yaml")).expect("mkdir");
    let fifo = r.path().join("journal/2026/01/10-fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Reading a FIFO would wait forever: a finished run proves it was not opened.
    let check = r.tm(&["check", "--format", "json"]).expect(1);
    assert_eq!(
        found(&check.json()),
        vec![
            (
                "journal/2026/01/09-folder.yaml".to_string(),
                "file/not-a-file".to_string()
            ),
            (
                "journal/2026/01/10-fifo.yaml".to_string(),
                "file/not-a-file".to_string()
            ),
        ]
    );
    let report = r.tm(&["report", "--format", "json"]).expect(0);
    assert_eq!(report.json()["totals"]["entries"], 1);
    assert_eq!(report.json()["quality"]["errors"], 2);
}

#[test]
fn a_submodule_named_like_an_entry_is_reported_in_the_index_and_in_commits() {
    let r = TestRepo::new();
    r.write("journal/2026/01/08-mcp.yaml", GOOD);
    r.commit("first").expect(0);
    let head = r.git(&["rev-parse", "HEAD"]);
    let cacheinfo = format!("160000,{},journal/2026/01/09-sub.yaml", head.trim());
    r.git(&["update-index", "--add", "--cacheinfo", &cacheinfo]);
    // A submodule not named like an entry is none of the journal's business.
    let tools = format!("160000,{},journal/tools", head.trim());
    r.git(&["update-index", "--add", "--cacheinfo", &tools]);
    let want = vec![(
        "journal/2026/01/09-sub.yaml".to_string(),
        "file/not-a-file".to_string(),
    )];
    let staged = r.tm(&["check", "--staged", "--format", "json"]).expect(1);
    assert_eq!(found(&staged.json()), want);
    r.git(&["commit", "-q", "--no-verify", "-m", "gitlink"]);
    let report = r
        .tm(&["report", "--rev", "HEAD", "--format", "json"])
        .expect(0);
    assert_eq!(found(&report.json()["quality"]), want);
}

#[test]
fn git_add_intent_to_add_is_not_part_of_the_commit() {
    // `git add -N` puts an empty placeholder in the index; git commits
    // nothing for it, so the hook must not call it an empty file and block
    // an unrelated commit.
    let r = TestRepo::new();
    r.tm(&["hook", "install"]).expect(0);
    r.write("journal/2026/01/08-mcp.yaml", GOOD);
    r.commit("first").expect(0);
    r.write(
        "journal/2026/01/09-draft.yaml",
        "date: 2026-01-09\nminutes: 0\n",
    );
    r.git(&["add", "-N", "journal/2026/01/09-draft.yaml"]);
    r.write("notes.txt", "x\n");
    r.git(&["add", "notes.txt"]);
    let staged = r.tm(&["check", "--staged"]).expect(0);
    assert_eq!(staged.stderr(), "checked 0 files: 0 errors, 0 warnings\n");
    let out = r.git_run(
        &["commit", "-q", "-m", "notes"],
        "2026-01-10T12:00:00+00:00",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `git commit -a` does record it: then it is checked.
    let out = r.git_run(
        &["commit", "-q", "-am", "draft"],
        "2026-01-10T12:00:00+00:00",
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--> journal/2026/01/09-draft.yaml"), "{err}");
}

#[test]
fn a_path_date_that_is_no_calendar_date_is_an_error() {
    let r = TestRepo::new();
    r.write("journal/2026/13/40-x.yaml", GOOD);
    let check = r.tm(&["check"]).expect(1);
    assert_eq!(
        check.stderr(),
        "error[entry/path-date]: the file's path names the date 2026-13-40, which is not a calendar date (there is no month 13)\n --> journal/2026/13/40-x.yaml:1:7\n  |\n1 | date: 2026-01-08\n  |       ^^^^^^^^^^\n  |\n  = hint: move the file to journal/2026/01/08-….yaml\n\nchecked 1 file: 1 error, 0 warnings\n"
    );
}
