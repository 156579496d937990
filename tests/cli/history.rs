//! SPEC §4, what the history adds, on the histories real teams make: each
//! shape is built with the real `git` CLI, then the recorded facts (the
//! library's `history::scan`), the `--base` delta and the append-only
//! verdicts (the built binary) are asserted.

use crate::harness::TestRepo;
use pacenote::internals::history::{self, Edit, EditKind, History, Options};
use std::path::Path;

const NO_CACHE: Options = Options {
    cache: false,
    progress: None,
};

fn entry(date: &str, minutes: u32, summary: &str) -> String {
    format!("date: {date}\nminutes: {minutes}\nsummary: {summary}\n")
}

/// `git add -A` and a commit dated `date` (author and committer); returns its id.
fn commit_at(r: &TestRepo, msg: &str, date: &str) -> String {
    r.git(&["add", "-A"]);
    git_at(r, &["commit", "-q", "-m", msg], date);
    rev(r, "HEAD")
}

/// Runs git with author and committer dates `date`; panics when it fails.
fn git_at(r: &TestRepo, args: &[&str], date: &str) {
    let out = r.git_run(args, date);
    assert!(
        out.status.success(),
        "git {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn rev(r: &TestRepo, name: &str) -> String {
    r.git(&["rev-parse", name]).trim().to_string()
}

/// The committer time of `name`, as git prints it.
fn ctime(r: &TestRepo, name: &str) -> i64 {
    r.git(&["log", "-1", "--format=%ct", name])
        .trim()
        .parse()
        .expect("a time")
}

fn scan_dir(dir: &Path, name: &str, opts: Options) -> History {
    let repo = pacenote::internals::load::repo::open(dir).expect("opens");
    let head = repo.commit(name).expect("a commit");
    history::scan_with(&repo, &head, opts).expect("scans")
}

fn scan(r: &TestRepo, name: &str) -> History {
    scan_dir(r.path(), name, NO_CACHE)
}

/// The introducing commit of `path`, as a hex id.
fn recorded_in(h: &History, path: &str) -> String {
    h.records
        .get(path)
        .unwrap_or_else(|| panic!("{path} has no record in {:#?}", h.records))
        .at
        .commit
        .to_string()
}

fn edits(h: &History) -> Vec<(String, String, EditKind)> {
    h.edits
        .iter()
        .map(|e: &Edit| (e.path.clone(), e.at.commit.to_string(), e.kind))
        .collect()
}

const A: &str = "journal/2026/01/02-a.yaml";
const B: &str = "journal/2026/01/03-b.yaml";
const C: &str = "journal/2026/01/04-c.yaml";

#[test]
fn linear_history_records_commit_time_offset_author_and_backfill() {
    let mut r = TestRepo::new();
    r.write("README.md", "no journal yet\n");
    commit_at(&r, "start", "2026-01-01T09:00:00+00:00");
    r.write(A, &entry("2026-01-02", 30, "First"));
    // Recorded late in the evening of the 2nd in UTC−08:00: already the 3rd in UTC.
    r.who = ("Bob".into(), "bob@example.com".into());
    let c1 = commit_at(&r, "a", "2026-01-02T20:00:00-08:00");
    r.write(A, &entry("2026-01-02", 45, "First, corrected"));
    r.write(B, &entry("2026-01-03", 60, "Second"));
    let c2 = commit_at(&r, "b, and fix a", "2026-01-05T10:00:00+05:30");

    let h = scan(&r, "HEAD");
    let a = &h.records[A];
    assert_eq!(a.at.commit.to_string(), c1);
    assert_eq!(a.at.time, ctime(&r, &c1));
    assert_eq!(a.at.offset_minutes, -480);
    assert_eq!(a.at.date.to_string(), "2026-01-02");
    assert_eq!(a.author, "Bob");
    assert_eq!(recorded_in(&h, B), c2);
    assert_eq!(h.records[B].at.offset_minutes, 330);
    assert_eq!(h.records.len(), 2);
    assert_eq!(edits(&h), vec![(A.to_string(), c2, EditKind::Edited)]);
}

/// `git merge --no-ff` of `branches` into the current branch, dated `date`.
fn merge(r: &TestRepo, branches: &[&str], date: &str) {
    let mut args = vec!["merge", "-q", "--no-ff", "-m", "merge"];
    args.extend_from_slice(branches);
    git_at(r, &args, date);
}

/// A on main, then B on `feature`, then C on main (which moved on);
/// returns the three commits, `main` checked out.
fn forked(r: &TestRepo) -> (String, String, String) {
    r.write(A, &entry("2026-01-02", 30, "On main"));
    let a = commit_at(r, "a", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(B, &entry("2026-01-03", 30, "On the branch"));
    let b = commit_at(r, "b", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    r.write(C, &entry("2026-01-04", 30, "Main moved on"));
    let c = commit_at(r, "c", "2026-01-04T12:00:00+00:00");
    (a, b, c)
}

#[test]
fn no_ff_merge_keeps_the_branch_commit_and_is_no_edit() {
    let r = TestRepo::new();
    let (base, on_branch, on_main) = forked(&r);
    merge(&r, &["feature"], "2026-01-06T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, A), base);
    assert_eq!(recorded_in(&h, B), on_branch);
    assert_eq!(recorded_in(&h, C), on_main);
    assert_eq!(edits(&h), vec![]);
}

#[test]
fn octopus_merge_keeps_each_branch_commit() {
    let r = TestRepo::new();
    r.write("README.md", "x\n");
    commit_at(&r, "start", "2026-01-01T12:00:00+00:00");
    let mut expect = Vec::new();
    for (i, path) in [A, B, C].into_iter().enumerate() {
        r.git(&["checkout", "-q", "-b", &format!("b{i}"), "main"]);
        r.write(
            path,
            &entry(&format!("2026-01-0{}", i + 2), 30, "Branch work"),
        );
        let c = commit_at(&r, path, &format!("2026-01-0{}T12:00:00+00:00", i + 2));
        expect.push((path, c));
    }
    r.git(&["checkout", "-q", "main"]);
    merge(&r, &["b0", "b1", "b2"], "2026-01-08T12:00:00+00:00");
    assert_eq!(r.git(&["log", "-1", "--format=%p"]).split(' ').count(), 4);

    let h = scan(&r, "HEAD");
    for (path, c) in expect {
        assert_eq!(recorded_in(&h, path), c, "{path}");
    }
    assert_eq!(edits(&h), vec![]);
}

#[test]
fn back_and_forth_merges_keep_the_first_recording_and_the_real_edit() {
    let r = TestRepo::new();
    let (a, b, c) = forked(&r);
    // main into feature, an edit on feature, then feature back into main.
    r.git(&["checkout", "-q", "feature"]);
    merge(&r, &["main"], "2026-01-05T12:00:00+00:00");
    r.write(C, &entry("2026-01-04", 50, "Main moved on, corrected"));
    let fix = commit_at(&r, "fix c", "2026-01-06T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    merge(&r, &["feature"], "2026-01-07T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, A), a);
    assert_eq!(recorded_in(&h, B), b);
    assert_eq!(recorded_in(&h, C), c);
    assert_eq!(edits(&h), vec![(C.to_string(), fix, EditKind::Edited)]);
}

#[test]
fn the_same_entry_added_on_two_branches_is_recorded_by_the_older_commit() {
    let r = TestRepo::new();
    r.write("README.md", "x\n");
    commit_at(&r, "start", "2026-01-01T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "late"]);
    r.write(A, &entry("2026-01-02", 30, "Same"));
    commit_at(&r, "a, later", "2026-01-05T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "early", "main"]);
    r.write(A, &entry("2026-01-02", 30, "Same"));
    let early = commit_at(&r, "a, earlier", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    merge(&r, &["late"], "2026-01-06T12:00:00+00:00");
    merge(&r, &["early"], "2026-01-07T12:00:00+00:00");
    assert_eq!(recorded_in(&scan(&r, "HEAD"), A), early);
}

#[test]
fn rebased_and_squashed_branches_are_recorded_by_the_new_commits() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Base"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(B, &entry("2026-01-03", 30, "Rebased"));
    commit_at(&r, "b", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "squashme", "main"]);
    r.write(C, &entry("2026-01-04", 30, "Squashed"));
    commit_at(&r, "c", "2026-01-04T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    r.write("README.md", "main moved\n");
    commit_at(&r, "readme", "2026-01-05T12:00:00+00:00");
    // The rebase rewrites b with a new committer time; the squash makes one new commit.
    r.git(&["checkout", "-q", "feature"]);
    git_at(&r, &["rebase", "-q", "main"], "2026-01-06T12:00:00+00:00");
    let rebased = rev(&r, "HEAD");
    r.git(&["checkout", "-q", "main"]);
    git_at(
        &r,
        &["merge", "-q", "--ff-only", "feature"],
        "2026-01-06T12:00:00+00:00",
    );
    git_at(
        &r,
        &["merge", "-q", "--squash", "squashme"],
        "2026-01-07T12:00:00+00:00",
    );
    let squash = commit_at(&r, "squash", "2026-01-07T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, B), rebased);
    assert_eq!(h.records[B].at.time, ctime(&r, &rebased));
    assert_eq!(h.records[B].at.date.to_string(), "2026-01-06");
    assert_eq!(recorded_in(&h, C), squash);
    assert_eq!(h.records.len(), 3);
    assert_eq!(edits(&h), vec![]);
}

#[test]
fn a_rename_with_unchanged_content_keeps_its_recorded_time() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Moved around"));
    r.write(B, &entry("2026-01-03", 30, "Renamed and changed"));
    r.write(C, &entry("2026-01-04", 30, "Renamed to a note"));
    let first = commit_at(&r, "a, b, c", "2026-01-03T12:00:00+00:00");
    let moved = "journal/archive/2026-01-02-a.yaml";
    std::fs::create_dir_all(r.path().join("journal/archive")).expect("mkdir");
    r.git(&["mv", A, moved]);
    let renamed_b = "journal/2026/01/03-b-renamed.yaml";
    r.git(&["mv", B, renamed_b]);
    r.write(renamed_b, &entry("2026-01-03", 40, "Renamed and changed"));
    // Same content, but no longer an entry (not .yaml): a deletion.
    r.git(&["mv", C, "journal/archive/c.txt"]);
    let mv = commit_at(&r, "move", "2026-01-20T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, moved), first);
    assert_eq!(h.records[moved].at.date.to_string(), "2026-01-03");
    // Content changed with the name: a new entry, and the old one deleted.
    assert_eq!(recorded_in(&h, renamed_b), mv);
    assert_eq!(
        edits(&h),
        vec![
            (B.to_string(), mv.clone(), EditKind::Deleted),
            (C.to_string(), mv, EditKind::Deleted)
        ]
    );
}

#[test]
fn reverted_entries_are_deletions_and_a_revert_of_the_revert_keeps_the_first_record() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Reverted"));
    let add = commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    git_at(
        &r,
        &["revert", "--no-edit", "HEAD"],
        "2026-01-03T12:00:00+00:00",
    );
    let revert = rev(&r, "HEAD");
    assert_eq!(recorded_in(&scan(&r, "HEAD"), A), add);
    git_at(
        &r,
        &["revert", "--no-edit", "HEAD"],
        "2026-01-04T12:00:00+00:00",
    );

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, A), add);
    assert_eq!(edits(&h), vec![(A.to_string(), revert, EditKind::Deleted)]);
}

#[test]
fn an_empty_repository_reports_everything_unrecorded() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Not committed"));
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-10"])
        .expect(0)
        .json();
    assert_eq!(j["history"]["available"], false);
    assert_eq!(j["history"]["unrecorded"], 1);
    assert_eq!(j["totals"]["entries"], 1);
    let out = r.tm(&["report", "--base", "main"]).expect(2);
    assert_eq!(
        out.stderr(),
        "error: the repository has no commits; --base needs a history\n"
    );
    r.tm(&["check"]).expect(0);
}

#[test]
fn a_repository_without_a_journal_reports_nothing() {
    let r = TestRepo::new();
    r.write("README.md", "x\n");
    commit_at(&r, "start", "2026-01-02T12:00:00+00:00");
    assert_eq!(scan(&r, "HEAD"), History::default());
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    assert_eq!(j["history"]["available"], true);
    assert_eq!(j["totals"]["entries"], 0);
}

#[test]
fn detached_head_reports_the_checked_out_commit() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Old"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.write(B, &entry("2026-01-03", 30, "New"));
    commit_at(&r, "b", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-01-10"])
        .expect(0)
        .json();
    assert_eq!(j["totals"]["entries"], 1);
    assert_eq!(j["history"]["unrecorded"], 0);
}

#[test]
fn a_linked_worktree_reads_its_own_head_and_shares_the_cache() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Main"));
    let a = commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    let other = tempfile::tempdir().expect("tempdir");
    let wt = other.path().join("wt");
    let wt_s = wt.to_str().expect("utf-8 path");
    r.git(&["worktree", "add", "-q", "-b", "side", wt_s]);
    std::fs::create_dir_all(wt.join("journal/2026/01")).expect("mkdir");
    std::fs::write(wt.join(B), entry("2026-01-03", 30, "Side")).expect("write");
    git_at(&r, &["-C", wt_s, "add", "-A"], "2026-01-03T12:00:00+00:00");
    git_at(
        &r,
        &["-C", wt_s, "commit", "-q", "-m", "b"],
        "2026-01-03T12:00:00+00:00",
    );
    let b = r.git(&["-C", wt_s, "rev-parse", "HEAD"]).trim().to_string();

    let j = r
        .tm(&[
            "-C",
            wt_s,
            "report",
            "--format",
            "json",
            "--as-of",
            "2026-01-10",
        ])
        .expect(0)
        .json();
    assert_eq!(j["totals"]["entries"], 2);
    assert_eq!(j["history"]["unrecorded"], 0);
    let h = scan_dir(&wt, "HEAD", NO_CACHE);
    assert_eq!(recorded_in(&h, A), a);
    assert_eq!(recorded_in(&h, B), b);
    // The cache lives in the common git directory, for every worktree.
    assert!(cache_file(&r, "side").is_file());
    assert!(!r.path().join(".git/worktrees/wt/pacenote").exists());
}

#[test]
fn a_bare_repository_reports_a_revision() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "In the bare clone"));
    let a = commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    let other = tempfile::tempdir().expect("tempdir");
    let bare = other.path().join("bare.git");
    let bare_s = bare.to_str().expect("utf-8 path");
    r.git(&["clone", "-q", "--bare", ".", bare_s]);
    for args in [&["--rev", "main"][..], &[][..]] {
        let mut all = vec![
            "-C",
            bare_s,
            "report",
            "--format",
            "json",
            "--as-of",
            "2026-01-10",
        ];
        all.extend_from_slice(args);
        let j = r.tm(&all).expect(0).json();
        assert_eq!(j["totals"]["entries"], 1);
        assert_eq!(j["history"]["unrecorded"], 0);
    }
    assert_eq!(recorded_in(&scan_dir(&bare, "main", NO_CACHE), A), a);
    // `check` in a bare repository checks HEAD's files; in an empty one, none.
    let run = r.tm(&["-C", bare_s, "check"]).expect(0);
    assert_eq!(run.stderr(), "checked 1 file: 0 errors, 0 warnings\n");
    let empty = other.path().join("empty.git");
    r.git(&["init", "-q", "--bare", empty.to_str().expect("utf-8 path")]);
    let run = r
        .tm(&["-C", empty.to_str().expect("utf-8 path"), "check"])
        .expect(0);
    assert_eq!(run.stderr(), "checked 0 files: 0 errors, 0 warnings\n");
}

#[test]
fn a_shallow_clone_is_refused_with_the_fix() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "One"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.write(B, &entry("2026-01-03", 30, "Two"));
    commit_at(&r, "b", "2026-01-03T12:00:00+00:00");
    let other = tempfile::tempdir().expect("tempdir");
    let shallow = other.path().join("shallow");
    let url = format!("file://{}", r.path().display());
    let shallow_s = shallow.to_str().expect("utf-8 path");
    r.git(&["clone", "-q", "--depth", "1", &url, shallow_s]);
    let expected = "error: this is a shallow clone: its history is cut, so when entries were recorded cannot be known\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)\n";
    for args in [
        &["report"][..],
        &["report", "--rev", "HEAD"][..],
        &["check", "--base", "HEAD"][..],
    ] {
        let mut all = vec!["-C", shallow_s];
        all.extend_from_slice(args);
        let out = r.tm(&all).expect(2);
        assert_eq!(out.stderr(), expected, "{args:?}");
        assert_eq!(out.stdout(), "");
    }
    // `check` still validates the files, and says which history rules it
    // could not apply (never judging them against today).
    let out = r.tm(&["-C", shallow_s, "check"]).expect(0);
    assert_eq!(out.stderr(), "note: this is a shallow clone, so when and by whom 2 committed entries were recorded cannot be known: their backfill and their share of the daily cap were not checked\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)\nchecked 2 files: 0 errors, 0 warnings\n");
}

/// `report --base`: what the branch changes since its merge-base, with the
/// uncommitted work counted as part of the change.
#[test]
fn base_delta_ignores_a_base_that_moved_on_and_counts_uncommitted_entries() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 60, "Shared"));
    r.write(B, &entry("2026-01-03", 30, "To be edited"));
    commit_at(&r, "a, b", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(B, &entry("2026-01-03", 45, "Edited on the branch"));
    r.write(C, &entry("2026-01-04", 90, "Added on the branch"));
    commit_at(&r, "edit b, add c", "2026-01-04T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    r.write(
        "journal/2026/01/05-main.yaml",
        &entry("2026-01-05", 120, "Main moved on"),
    );
    commit_at(&r, "main moves on", "2026-01-05T12:00:00+00:00");
    r.git(&["checkout", "-q", "feature"]);
    let uncommitted = "journal/2026/01/06-wip.yaml";
    r.write(uncommitted, &entry("2026-01-06", 15, "Not committed yet"));

    let ch = &change_since_main(&r, &[]);
    let paths = |k: &str| -> Vec<String> {
        ch[k]
            .as_array()
            .unwrap_or_else(|| panic!("no {k} in {ch:#}"))
            .iter()
            .map(|e| e["path"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        paths("entries_added"),
        vec![C.to_string(), uncommitted.to_string()]
    );
    assert_eq!(paths("entries_edited"), vec![B.to_string()]);
    assert_eq!(paths("entries_removed"), Vec::<String>::new());
    // 90 + 15 added, 30 → 45 edited.
    assert_eq!(ch["hours_added"], 2.0);
    assert_eq!(ch["merge_base"], rev(&r, "main~1"));
    assert_eq!(ch["head"], rev(&r, "feature"));
}

#[test]
fn base_delta_of_a_revision_in_a_bare_repository() {
    let r = TestRepo::new();
    forked(&r);
    // The base also removes an entry the branch still has.
    r.git(&["rm", "-q", A]);
    commit_at(&r, "main removes a", "2026-01-05T12:00:00+00:00");
    let other = tempfile::tempdir().expect("tempdir");
    let bare = other.path().join("bare.git");
    let bare_s = bare.to_str().expect("utf-8 path");
    r.git(&["clone", "-q", "--bare", ".", bare_s]);
    let ch = &change_since_main(&r, &["-C", bare_s, "--rev", "feature"]);
    assert_eq!(ch["entries_added"].as_array().map(Vec::len), Some(1));
    assert_eq!(ch["entries_added"][0]["path"], B);
    assert_eq!(ch["entries_removed"], serde_json::json!([]));
    assert_eq!(ch["hours_added"], 0.5);
}

const RECENT: &str = "journal/2026/01/18-recent.yaml";

/// The "change" of `report --base main` as of 2026-01-10, with `more` arguments.
fn change_since_main(r: &TestRepo, more: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "report",
        "--format",
        "json",
        "--base",
        "main",
        "--as-of",
        "2026-01-10",
    ];
    args.extend_from_slice(more);
    let mut j = r.tm(&args).expect(0).json();
    j["change"].take()
}

/// A repository whose old entry (recorded 2026-01-02) a branch edits,
/// deletes or renames on 2026-01-20, with `append_only_after_days` 7.
fn append_only_repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-01-25".into();
    r.write(A, &entry("2026-01-02", 30, "Old"));
    r.write(B, &entry("2026-01-03", 30, "Old too"));
    commit_at(&r, "old entries", "2026-01-02T12:00:00+00:00");
    r.write(RECENT, &entry("2026-01-18", 30, "Recent"));
    commit_at(&r, "recent entry", "2026-01-18T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "change"]);
    r
}

#[test]
fn append_only_refuses_editing_or_deleting_an_old_entry() {
    let r = append_only_repo();
    r.write(A, &entry("2026-01-02", 300, "Old, inflated"));
    r.git(&["rm", "-q", B]);
    let c = commit_at(&r, "rewrite history", "2026-01-20T12:00:00+00:00");
    let first = rev(&r, "main~1");
    let out = r
        .tm(&["check", "--base", "main", "--format", "json"])
        .expect(1)
        .json();
    let msg = |verb: &str| {
        format!(
            "commit {} {verb} this entry, recorded 18 days before the change's newest commit (in commit {} on 2026-01-02); entries older than 7 days are append-only",
            &c[..10],
            &first[..10]
        )
    };
    let hint = |path: &str| {
        format!("restore the entry as it was, and record the correction in a new entry: `pacenote log --corrects {path} -15m \"why\"` (the minutes to add or, negative, to take away)")
    };
    assert_eq!(
        out,
        serde_json::json!({
            "errors": 2,
            "warnings": 0,
            "diagnostics": [
                {"file": A, "line": null, "column": null, "code": "history/append-only",
                 "severity": "error", "message": msg("edits"), "hint": hint(A)},
                {"file": B, "line": null, "column": null, "code": "history/append-only",
                 "severity": "error", "message": msg("deletes"), "hint": hint(B)},
            ]
        })
    );
}

#[test]
fn append_only_allows_recent_entries_renames_and_the_changes_own_entries() {
    let r = append_only_repo();
    // Recorded 2 days before the change's newest commit: still editable.
    r.write(RECENT, &entry("2026-01-18", 45, "Recent, corrected"));
    // An unchanged old entry moved elsewhere keeps its record: not a deletion.
    std::fs::create_dir_all(r.path().join("journal/archive")).expect("mkdir");
    r.git(&["mv", A, "journal/archive/a.yaml"]);
    let own = "journal/2026/01/19-new.yaml";
    r.write(own, &entry("2026-01-19", 30, "New"));
    commit_at(&r, "work", "2026-01-19T12:00:00+00:00");
    r.write(own, &entry("2026-01-19", 35, "New, corrected"));
    commit_at(&r, "fix own entry", "2026-01-20T12:00:00+00:00");
    let out = r.tm(&["check", "--base", "main"]).expect(0);
    assert_eq!(out.stderr(), "checked 4 files: 0 errors, 0 warnings\n");
}

/// A change that lasts longer than the limit may still rework its own
/// entries, and an old entry it edits twice is one error, not two.
#[test]
fn append_only_a_long_change_reworks_its_own_entries_and_errs_once_per_entry() {
    let r = append_only_repo();
    let own = "journal/2026/01/19-new.yaml";
    r.write(own, &entry("2026-01-19", 30, "New"));
    r.write(A, &entry("2026-01-02", 60, "Old, edited once"));
    commit_at(&r, "work", "2026-01-19T12:00:00+00:00");
    // 17 days later, past the 7-day limit, both are edited again.
    r.write(own, &entry("2026-01-19", 35, "New, corrected"));
    r.write(A, &entry("2026-01-02", 90, "Old, edited twice"));
    commit_at(&r, "more work", "2026-02-05T12:00:00+00:00");
    let out = r
        .tm(&["check", "--base", "main", "--format", "json"])
        .expect(1)
        .json();
    let diags = out["diagnostics"].as_array().expect("a list");
    let found: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found, [(A, "history/append-only")], "{out:#}");
}

#[test]
fn append_only_judges_only_the_change_not_what_the_base_did() {
    let r = append_only_repo();
    r.write(
        "journal/2026/01/20-branch.yaml",
        &entry("2026-01-20", 30, "Branch"),
    );
    commit_at(&r, "branch work", "2026-01-20T12:00:00+00:00");
    // The base itself rewrote an old entry after the branch started.
    r.git(&["checkout", "-q", "main"]);
    r.write(A, &entry("2026-01-02", 99, "Rewritten on main"));
    commit_at(&r, "main edits", "2026-01-21T12:00:00+00:00");
    r.git(&["checkout", "-q", "change"]);
    r.tm(&["check", "--base", "main"]).expect(0);
}

const WITH_CACHE: Options = Options {
    cache: true,
    progress: None,
};

/// A cached scan of `name`: the history and how many commits it read.
fn scan_cached(r: &TestRepo, name: &str) -> (History, usize) {
    let repo = pacenote::internals::load::repo::open(r.path()).expect("opens");
    let head = repo.commit(name).expect("a commit");
    history::scan_counted(&repo, &head, WITH_CACHE).expect("scans")
}

/// The cache file of the commit `name`.
fn cache_file(r: &TestRepo, name: &str) -> std::path::PathBuf {
    r.path()
        .join(".git/pacenote")
        .join(format!("history-{}.cache", rev(r, name)))
}

/// The cache: a second run reads only the new commits, and every run gives
/// what a full read gives.
#[test]
fn the_cache_reads_only_new_commits_and_keeps_recent_branches() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "One"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    // --no-cache neither reads nor writes it.
    r.tm(&["report", "--no-cache"]).expect(0);
    r.tm(&["check", "--no-cache"]).expect(0);
    assert!(!r.path().join(".git/pacenote").exists());
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 1));
    assert!(cache_file(&r, "HEAD").is_file());
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 0));

    r.write(B, &entry("2026-01-03", 30, "Two"));
    commit_at(&r, "b", "2026-01-03T12:00:00+00:00");
    r.write(A, &entry("2026-01-02", 40, "One, fixed"));
    commit_at(&r, "fix a", "2026-01-04T12:00:00+00:00");
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 2));
    // A branch off an older commit starts from the nearest cached ancestor.
    r.git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
    r.write(C, &entry("2026-01-04", 30, "Side"));
    commit_at(&r, "c", "2026-01-05T12:00:00+00:00");
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 2));
    // Back on main, and on side again: both are cached.
    assert_eq!(scan_cached(&r, "main"), (scan(&r, "main"), 0));
    assert_eq!(scan_cached(&r, "side"), (scan(&r, "side"), 0));
    // Only the most recent tips are kept.
    for i in 0..pacenote::internals::history::cache::KEEP {
        r.write(C, &entry("2026-01-04", 31 + i as u32, "Side, again"));
        commit_at(&r, "c again", "2026-01-06T12:00:00+00:00");
        assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 1));
    }
    let kept = std::fs::read_dir(r.path().join(".git/pacenote"))
        .expect("the cache folder")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            name.to_string_lossy().starts_with("history-")
        })
        .count();
    assert_eq!(kept, pacenote::internals::history::cache::KEEP);

    // The command line agrees with and without it.
    let args = ["report", "--format", "json", "--as-of", "2026-01-10"];
    let cached = r.tm(&args).expect(0).stdout();
    let mut no_cache = args.to_vec();
    no_cache.push("--no-cache");
    assert_eq!(r.tm(&no_cache).expect(0).stdout(), cached);
}

/// A corrupt, foreign or stale cache is ignored, and the history read again.
#[test]
fn a_broken_cache_is_never_trusted() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "One"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.write(B, &entry("2026-01-03", 30, "Two"));
    commit_at(&r, "b", "2026-01-03T12:00:00+00:00");
    let full = scan(&r, "HEAD");
    scan_cached(&r, "HEAD");
    let file = cache_file(&r, "HEAD");

    // Corrupt: a flipped byte.
    let mut bytes = std::fs::read(&file).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&file, &bytes).expect("write");
    assert_eq!(scan_cached(&r, "HEAD"), (full.clone(), 2));
    // Foreign: another repository's valid cache under this tip's name.
    let other = TestRepo::new();
    other.write(C, &entry("2026-01-04", 30, "Elsewhere"));
    commit_at(&other, "c", "2026-01-04T12:00:00+00:00");
    let (_, n) = scan_cached(&other, "HEAD");
    assert_eq!(n, 1);
    std::fs::copy(cache_file(&other, "HEAD"), &file).expect("copy");
    assert_eq!(scan_cached(&r, "HEAD"), (full.clone(), 2));
    // ... or under its own name, naming a commit this repository lacks.
    std::fs::copy(
        cache_file(&other, "HEAD"),
        r.path()
            .join(".git/pacenote")
            .join(cache_file(&other, "HEAD").file_name().expect("a file name")),
    )
    .expect("copy");
    r.write(C, &entry("2026-01-04", 30, "Three"));
    commit_at(&r, "c", "2026-01-04T12:00:00+00:00");
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 1));
    // Stale: tips a rewrite left behind are not ancestors any more.
    r.git(&["reset", "-q", "--hard", "HEAD~2"]);
    r.write(C, &entry("2026-01-04", 30, "Rewritten"));
    commit_at(&r, "c instead", "2026-01-05T12:00:00+00:00");
    assert_eq!(scan_cached(&r, "HEAD"), (scan(&r, "HEAD"), 2));
}

/// A repository owned by another user (common in CI containers) is refused
/// by libgit2, as by git: the error gives git's own fix. Changing a
/// folder's owner needs root, so elsewhere this test has nothing to build.
#[test]
fn a_repository_owned_by_another_user_gets_the_safe_directory_fix() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Theirs"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id runs");
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        eprintln!("not root: cannot give the repository another owner");
        return;
    }
    std::fs::create_dir_all(r.path().join("journal/sub")).expect("mkdir");
    // A file named HEAD alone, or a folder named objects alone, does not
    // make a bare repository: the fix names the top of the work tree.
    std::fs::write(r.path().join("journal/sub/HEAD"), "not a repository\n").expect("a file");
    std::fs::create_dir_all(r.path().join("journal/objects")).expect("mkdir");
    let chown = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(r.path())
        .status()
        .expect("chown runs");
    assert!(chown.success());
    let top = r.path().canonicalize().expect("canonical");
    let sub = r.path().join("journal/sub");
    let out = r
        .tm(&["-C", sub.to_str().expect("utf-8"), "report"])
        .expect(2);
    assert_eq!(
        out.stderr(),
        format!(
            "error: git refuses to open the repository at {0}: it is owned by another user\n  hint: if you trust it, run `git config --global --add safe.directory {0}` (in a CI container, the checkout is often owned by another user than the job)\n",
            top.display()
        )
    );
}

/// The report carries the recorded facts: the completing entry's commit
/// (`recorded_in`, a branch commit, not the merge), backfill measured to the
/// recorded date in the committer's offset, and authors from the commits
/// unless an entry names one.
#[test]
fn the_report_shows_recorded_in_backfill_and_authors() {
    let mut r = TestRepo::new();
    r.today = "2026-02-10".into();
    r.write(A, &entry("2026-01-02", 30, "Logged on time"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.who = ("Bob".into(), "bob@example.com".into());
    let done = "journal/2026/01/05-mcp.yaml";
    r.write(
        done,
        "date: 2026-01-05\nminutes: 60\nsummary: Built the MCP server\ntargets:\n  - id: build-mcp-server\n    done: true\n",
    );
    // 2026-01-20 23:30 at UTC−05:00 is the 21st in UTC: backfilled 15 days, not 16.
    let on_branch = commit_at(&r, "mcp", "2026-01-20T23:30:00-05:00");
    let named = "journal/2026/01/06-named.yaml";
    r.write(
        named,
        &format!("{}author: Carol\n", entry("2026-01-06", 15, "Named")),
    );
    commit_at(&r, "named", "2026-01-06T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    r.who = ("Alice".into(), "alice@example.com".into());
    merge(&r, &["feature"], "2026-01-21T12:00:00+00:00");

    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-02-10"])
        .expect(0)
        .json();
    let target = j["milestones"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == "month-1"))
        .and_then(|m| m["targets"].as_array())
        .and_then(|ts| ts.iter().find(|t| t["id"] == "build-mcp-server"))
        .unwrap_or_else(|| panic!("no build-mcp-server in {j:#}"));
    assert_eq!(target["recorded_in"], on_branch.as_str());
    assert_eq!(target["completed_on"], "2026-01-05");
    assert_eq!(
        j["history"]["backfilled"],
        serde_json::json!([
            {"path": done, "date": "2026-01-05", "recorded_on": "2026-01-20", "days": 15}
        ])
    );
    assert_eq!(j["history"]["backfilled_hours"], 1.0);
    let mut people: Vec<(String, u64)> = j["people"]
        .as_array()
        .unwrap_or_else(|| panic!("no people in {j:#}"))
        .iter()
        .map(|p| {
            (
                p["author"].as_str().unwrap_or_default().to_string(),
                p["entries"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    people.sort();
    assert_eq!(
        people,
        vec![("Alice".into(), 1), ("Bob".into(), 1), ("Carol".into(), 1)]
    );
}

/// A merge that resolves a conflict in an entry with a third version edits
/// it (its content differs from every parent); the two sides' own commits
/// are edits too.
#[test]
fn a_conflict_resolved_in_a_merge_is_an_edit_by_the_merge() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Original"));
    commit_at(&r, "a", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(A, &entry("2026-01-02", 40, "Feature's fix"));
    let theirs = commit_at(&r, "feature fix", "2026-01-03T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    r.write(A, &entry("2026-01-02", 50, "Main's fix"));
    let ours = commit_at(&r, "main fix", "2026-01-04T12:00:00+00:00");
    let out = r.git_run(&["merge", "-q", "feature"], "2026-01-05T12:00:00+00:00");
    assert!(!out.status.success(), "the merge should conflict");
    r.write(A, &entry("2026-01-02", 45, "Both fixes"));
    let merged = commit_at(&r, "merge feature", "2026-01-05T12:00:00+00:00");
    assert_eq!(r.git(&["log", "-1", "--format=%p"]).split(' ').count(), 2);

    let h = scan(&r, "HEAD");
    assert_eq!(
        edits(&h),
        vec![
            (A.to_string(), theirs, EditKind::Edited),
            (A.to_string(), ours, EditKind::Edited),
            (A.to_string(), merged, EditKind::Edited),
        ]
    );
}

/// The "This change" section of a branch with committed and uncommitted
/// edits, a deletion, additions, a completed target and an invalid file.
/// With `roadmap_too`, the branch also adds a roadmap (the default plan, so
/// the figures do not move), and the merge-base is read in full.
fn change_of_a_busy_branch(roadmap_too: bool) -> serde_json::Value {
    let r = TestRepo::new();
    let c = "journal/2026/01/04-c.yaml";
    r.write(A, &entry("2026-01-02", 30, "Edited on the branch"));
    r.write(B, &entry("2026-01-03", 30, "Deleted, not committed"));
    r.write(c, &entry("2026-01-04", 30, "Edited, not committed"));
    commit_at(&r, "a, b, c", "2026-01-04T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(A, &entry("2026-01-02", 45, "Edited on the branch"));
    let d = "journal/2026/01/05-d.yaml";
    r.write(
        d,
        "date: 2026-01-05\nminutes: 60\nsummary: Built the MCP server\ntargets:\n  - id: build-mcp-server\n    done: true\n",
    );
    if roadmap_too {
        r.write(
            "roadmap.yaml",
            &format!(
                "start: 2026-01-01\n{}",
                include_str!("../../src/default_roadmap.yaml")
            ),
        );
    }
    commit_at(&r, "edit a, add d", "2026-01-05T12:00:00+00:00");
    std::fs::remove_file(r.path().join(B)).expect("rm");
    r.write(c, &entry("2026-01-04", 40, "Edited, not committed"));
    let e = "journal/2026/01/06-e.yaml";
    r.write(e, &entry("2026-01-06", 15, "Untracked"));
    r.write(
        "journal/2026/01/07-bad.yaml",
        &entry("2026-01-07", 0, "Zero"),
    );
    let ch = change_since_main(&r, &[]);
    assert_eq!(ch["merge_base"], rev(&r, "main"));
    ch
}

#[test]
fn base_delta_counts_committed_and_uncommitted_edits_deletions_and_additions() {
    let ch = change_of_a_busy_branch(false);
    let list = |k: &str| -> Vec<(String, u64)> {
        ch[k]
            .as_array()
            .unwrap_or_else(|| panic!("no {k} in {ch:#}"))
            .iter()
            .map(|e| {
                let p = e["path"].as_str().unwrap_or_default().to_string();
                (p, e["minutes"].as_u64().unwrap_or(0))
            })
            .collect()
    };
    let s = |p: &str, m: u64| (p.to_string(), m);
    assert_eq!(
        list("entries_added"),
        vec![
            s("journal/2026/01/05-d.yaml", 60),
            s("journal/2026/01/06-e.yaml", 15)
        ]
    );
    assert_eq!(
        list("entries_edited"),
        vec![s(A, 45), s("journal/2026/01/04-c.yaml", 40)]
    );
    assert_eq!(list("entries_removed"), vec![s(B, 30)]);
    // +15 (a) +60 (d) +15 (e) +10 (c) −30 (b) = 70 minutes.
    assert_eq!(ch["hours_added"], 1.1667);
    assert_eq!(
        ch["targets_completed"],
        serde_json::json!([{"id": "build-mcp-server", "title": ch["targets_completed"][0]["title"],
            "milestone": "month-1", "completed_on": "2026-01-05"}])
    );
    // The invalid file is the one problem introduced: an error, named.
    assert_eq!(ch["warnings_introduced"], 0);
    assert_eq!(
        ch["diagnostics_introduced"],
        serde_json::json!([{"file": "journal/2026/01/07-bad.yaml", "line": 2,
            "code": "entry/minutes-range", "severity": "error",
            "message": ch["diagnostics_introduced"][0]["message"]}])
    );
    assert_eq!(ch["diagnostics_fixed"], serde_json::json!([]));
    // Reading the whole merge-base (the roadmap changed) gives the same delta.
    let mut full = change_of_a_busy_branch(true);
    // Its start (01-01, not the earliest entry's 01-02) moves the windows
    // by a day: the plan's figures differ, the delta of entries does not.
    for k in [
        "merge_base",
        "head",
        "roadmap_changed",
        "sentence",
        "before",
        "after",
    ] {
        full[k] = ch[k].clone();
    }
    for i in 0..3 {
        full["milestones"][i]["end"] = ch["milestones"][i]["end"].clone();
    }
    assert_eq!(full, ch);
}

/// Git orders a folder as if its name ended in `/`, so `2026-x.yaml` and
/// `2026.yaml` sort before the folder `2026/` while `2026a.yaml` sorts
/// after it; the walk's merge join must agree, or, when `2026.yaml` goes,
/// it would take the whole folder for removed and added again and report
/// the edit of `b` as a deletion.
#[test]
fn names_around_a_folder_name_are_joined_in_git_order() {
    let r = TestRepo::new();
    let (dash, dot, after) = (
        "journal/2026-x.yaml",
        "journal/2026.yaml",
        "journal/2026a.yaml",
    );
    r.write(A, &entry("2026-01-02", 30, "In the folder"));
    r.write(dot, &entry("2026-01-02", 30, "Beside it"));
    let first = commit_at(&r, "a, dot", "2026-01-02T12:00:00+00:00");
    r.write(B, &entry("2026-01-03", 30, "Also in the folder"));
    r.write(dash, &entry("2026-01-03", 30, "Before it"));
    r.write(after, &entry("2026-01-03", 30, "After it"));
    r.write(dot, &entry("2026-01-02", 45, "Beside it, edited"));
    let second = commit_at(&r, "b, dash, after, edit dot", "2026-01-03T12:00:00+00:00");
    r.git(&["rm", "-q", A, after, dot]);
    r.write(B, &entry("2026-01-03", 40, "Also in the folder, edited"));
    let third = commit_at(
        &r,
        "remove a, after, dot; edit b",
        "2026-01-04T12:00:00+00:00",
    );

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, A), first);
    assert_eq!(recorded_in(&h, dot), first);
    assert_eq!(recorded_in(&h, B), second);
    assert_eq!(recorded_in(&h, dash), second);
    assert_eq!(recorded_in(&h, after), second);
    assert_eq!(h.records.len(), 5);
    assert_eq!(
        edits(&h),
        vec![
            (dot.to_string(), second, EditKind::Edited),
            (dot.to_string(), third.clone(), EditKind::Deleted),
            (A.to_string(), third.clone(), EditKind::Deleted),
            (B.to_string(), third.clone(), EditKind::Edited),
            (after.to_string(), third, EditKind::Deleted),
        ]
    );
}

/// The merge-base's history is derived from the head's, except when an
/// entry of the merge-base was (by committer time) first introduced inside
/// the change — possible only with a clock that ran backwards — where the
/// merge-base is read on its own.
#[test]
fn the_merge_base_history_with_a_backdated_change_is_read_on_its_own() {
    let r = TestRepo::new();
    r.write(A, &entry("2026-01-02", 30, "Recorded on the 10th"));
    let x = commit_at(&r, "a", "2026-01-10T12:00:00+00:00");
    r.write(B, &entry("2026-01-03", 30, "Recorded on the 11th"));
    let mb = commit_at(&r, "b", "2026-01-11T12:00:00+00:00");
    r.git(&["rm", "-q", A]);
    commit_at(&r, "drop a", "2026-01-12T12:00:00+00:00");
    r.write(A, &entry("2026-01-02", 30, "Recorded on the 10th"));
    let y = commit_at(&r, "a again, clock wrong", "2026-01-05T12:00:00+00:00");

    let repo = pacenote::internals::load::repo::open(r.path()).expect("opens");
    let head = repo.commit("HEAD").expect("head");
    let base = repo.commit(&mb).expect("merge-base");
    let h = history::scan_with(&repo, &head, NO_CACHE).expect("scans");
    assert_eq!(recorded_in(&h, A), y);
    let before = history::as_of_ancestor(&repo, &h, &head, &base, NO_CACHE).expect("derives");
    assert_eq!(before, scan(&r, &mb));
    assert_eq!(recorded_in(&before, A), x);
    assert_eq!(recorded_in(&before, B), mb);
}

/// A hostile tree nested a thousand folders deep under `journal/` is read
/// without exhausting the stack: folders deeper than 32 are not read.
#[test]
fn a_journal_nested_a_thousand_deep_is_cut_not_a_crash() {
    let r = TestRepo::new();
    let deep = format!("journal/{}x.yaml", "a/".repeat(1000));
    let shallow = format!("journal/{}x.yaml", "a/".repeat(31));
    let text = entry("2026-01-02", 30, "Deep");
    let mut stream = String::from(
        "commit refs/heads/main\ncommitter Alice <alice@example.com> 1767355200 +0000\ndata 4\ndeep\n",
    );
    for p in [&deep, &shallow] {
        stream.push_str(&format!(
            "M 100644 inline {p}\ndata {}\n{text}\n",
            text.len()
        ));
    }
    r.fast_import(&stream);

    let h = scan(&r, "main");
    assert_eq!(
        h.records.keys().collect::<Vec<_>>(),
        vec![&shallow],
        "the entry 31 folders deep is read, the one 1000 deep is not"
    );
    r.tm(&["report", "--rev", "main", "--format", "json"])
        .expect(0);
}

/// The `journal/README.md` that `init` writes is not an entry: editing or
/// deleting it, however long after, is no edit of a recorded entry — in the
/// history, the report's data quality and the append-only rule alike.
#[test]
fn editing_or_deleting_the_journal_readme_is_no_edit() {
    let mut r = TestRepo::new();
    r.today = "2026-03-01".into();
    r.tm(&["init", "--start", "2026-01-01"]).expect(0);
    r.write(A, &entry("2026-01-02", 30, "Work"));
    commit_at(&r, "init and a", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "change"]);
    r.write(
        "journal/README.md",
        "# Our journal\n\nOne file per session.\n",
    );
    commit_at(&r, "reword the readme", "2026-02-10T12:00:00+00:00");
    r.git(&["rm", "-q", "journal/README.md"]);
    commit_at(&r, "drop the readme", "2026-02-11T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(edits(&h), vec![]);
    assert_eq!(h.records.keys().collect::<Vec<_>>(), [A]);
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-03-01"])
        .expect(0)
        .json();
    assert_eq!(j["history"]["edits"], serde_json::json!([]));
    let check = r.tm(&["check", "--base", "main"]).expect(0);
    assert_eq!(check.stderr(), "checked 2 files: 0 errors, 0 warnings\n");

    // The same commits on the entry are an edit and a deletion (which the
    // pre-commit hook `init` installed would refuse).
    r.tm(&["hook", "uninstall"]).expect(0);
    r.git(&["checkout", "-q", "-b", "entry", "main"]);
    r.write(A, &entry("2026-01-02", 45, "Work, longer"));
    let edited = commit_at(&r, "edit a", "2026-02-10T12:00:00+00:00");
    r.git(&["rm", "-q", A]);
    let deleted = commit_at(&r, "drop a", "2026-02-11T12:00:00+00:00");
    assert_eq!(
        edits(&scan(&r, "HEAD")),
        vec![
            (A.to_string(), edited, EditKind::Edited),
            (A.to_string(), deleted, EditKind::Deleted),
        ]
    );
}

/// SPEC §4 on its limits: an entry recorded exactly `max_backfill_days`
/// (14) after its date is not backfilled, one day more is; an entry
/// recorded exactly `append_only_after_days` (7) before the change's newest
/// commit may still be edited, one day more may not.
#[test]
fn backfill_and_append_only_on_their_limits() {
    let mut r = TestRepo::new();
    r.today = "2026-02-01".into();
    let (on_limit, late) = (
        "journal/2026/01/01-on-the-limit.yaml",
        "journal/2026/01/01-a-day-late.yaml",
    );
    r.write(on_limit, &entry("2026-01-01", 30, "Fourteen days on"));
    commit_at(&r, "on the limit", "2026-01-15T12:00:00+00:00");
    r.write(late, &entry("2026-01-01", 40, "Fifteen days on"));
    commit_at(&r, "a day late", "2026-01-16T12:00:00+00:00");

    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-02-01"])
        .expect(0)
        .json();
    assert_eq!(
        j["history"]["backfilled"],
        serde_json::json!([{"path": late, "date": "2026-01-01", "recorded_on": "2026-01-16", "days": 15}])
    );
    let out = r.tm(&["check", "--format", "json"]).expect(0).json();
    let found: Vec<(&str, &str)> = out["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or(""),
                d["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(found, [(late, "entry/backfill")]);

    // `on_limit` was recorded on 01-15: a change whose newest commit is on
    // 01-22 is 7 days on and may edit it; on 01-23 it is 8 days on.
    let codes = |branch: &str, date: &str| {
        r.git(&["checkout", "-q", "-b", branch, "main"]);
        r.write(
            on_limit,
            &entry("2026-01-01", 35, "Fourteen days on, fixed"),
        );
        commit_at(&r, "fix", date);
        let out = r
            .tm(&["check", "--base", "main", "--format", "json"])
            .json();
        out["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["file"].as_str().unwrap_or(""),
                    d["code"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes("seven", "2026-01-22T12:00:00+00:00"),
        [format!("{late} entry/backfill")]
    );
    assert_eq!(
        codes("eight", "2026-01-23T12:00:00+00:00"),
        [
            format!("{late} entry/backfill"),
            format!("{on_limit} history/append-only")
        ]
    );
}

/// A merge whose result has a folder where one parent had a file of the
/// same name: that parent's side has no folder to compare with (its file is
/// no tree to read), and the entry the merge itself adds in the folder is
/// recorded by the merge.
#[test]
fn a_merge_where_a_parent_had_a_file_for_the_folder() {
    let r = TestRepo::new();
    r.write("journal/2026", "notes, not an entry\n");
    commit_at(&r, "notes", "2026-01-01T12:00:00+00:00");
    r.git(&["checkout", "-q", "-b", "folder"]);
    r.git(&["rm", "-q", "journal/2026"]);
    r.write(A, &entry("2026-01-02", 30, "In the folder"));
    let on_branch = commit_at(&r, "a folder for the file", "2026-01-02T12:00:00+00:00");
    r.git(&["checkout", "-q", "main"]);
    let main_entry = "journal/main.yaml";
    r.write(main_entry, &entry("2026-01-04", 30, "Main moved on"));
    let on_main = commit_at(&r, "main", "2026-01-03T12:00:00+00:00");
    // The merge takes the folder, and adds one more entry in it.
    git_at(
        &r,
        &["merge", "-q", "--no-ff", "--no-commit", "folder"],
        "2026-01-05T12:00:00+00:00",
    );
    r.write(B, &entry("2026-01-03", 30, "Added by the merge"));
    let merged = commit_at(&r, "merge folder", "2026-01-05T12:00:00+00:00");
    assert_eq!(
        r.git(&["ls-tree", "-r", "--name-only", "HEAD", "journal"]),
        format!("{A}\n{B}\n{main_entry}\n")
    );

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, A), on_branch);
    assert_eq!(recorded_in(&h, B), merged);
    assert_eq!(recorded_in(&h, main_entry), on_main);
    assert_eq!(h.records.len(), 3);
    assert_eq!(edits(&h), vec![]);
}

/// `x` sorts before `x.yaml` in git's trees (a name that is a prefix of its
/// sibling's comes first, for files): the walk's merge join must agree, or
/// deleting `x` while editing `x.yaml` would read as `x.yaml` deleted.
#[test]
fn a_file_name_that_prefixes_a_siblings_is_joined_in_git_order() {
    let r = TestRepo::new();
    let (bare, entry_path) = ("journal/x", "journal/x.yaml");
    r.write(bare, "notes\n");
    r.write(entry_path, &entry("2026-01-02", 30, "X"));
    let first = commit_at(&r, "x and x.yaml", "2026-01-02T12:00:00+00:00");
    r.git(&["rm", "-q", bare]);
    r.write(entry_path, &entry("2026-01-02", 45, "X, longer"));
    let second = commit_at(&r, "drop x, edit x.yaml", "2026-01-03T12:00:00+00:00");
    r.write(bare, "notes again\n");
    r.write(entry_path, &entry("2026-01-02", 50, "X, longer still"));
    let third = commit_at(&r, "x again, edit x.yaml", "2026-01-04T12:00:00+00:00");

    let h = scan(&r, "HEAD");
    assert_eq!(recorded_in(&h, entry_path), first);
    assert_eq!(h.records.len(), 1);
    assert_eq!(
        edits(&h),
        vec![
            (entry_path.to_string(), second, EditKind::Edited),
            (entry_path.to_string(), third, EditKind::Edited),
        ]
    );
}
