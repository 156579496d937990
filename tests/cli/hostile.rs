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
    let mut writer = reader.stdin.take().expect("pipe");
    reader.wait().expect("true exits");
    // Another test thread's fork, not yet at its exec, may still hold a copy
    // of the read end for a moment: wait until a write really fails, so the
    // pipe is closed for good before pacenote gets it.
    for _ in 0..1000 {
        match std::io::Write::write(&mut writer, b"x") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Stdio::from(writer),
            _ => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
    panic!("the pipe's read end stayed open for 10 s");
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

// ------------------------------------- 3. writers never follow a link

/// A folder outside the repository, and a file in it.
fn outside() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("victim.txt");
    std::fs::write(&file, "precious\n").expect("write");
    (dir, file)
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.expect("walk");
            e.path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn log_never_writes_through_a_linked_journal() {
    use std::os::unix::fs::symlink;
    for linked in ["journal", "journal/2026", "journal/2026/01"] {
        let r = one_entry_repo();
        let (out, _) = outside();
        let real = r.path().join(linked);
        std::fs::remove_dir_all(r.path().join("journal")).expect("rm");
        if let Some(parent) = std::path::Path::new(linked).parent() {
            std::fs::create_dir_all(r.path().join(parent)).expect("mkdir");
        }
        symlink(out.path(), &real).expect("symlink");
        let run = r
            .tm(&["log", "30m", "Escaped", "--date", "2026-01-10"])
            .expect(2);
        assert_eq!(
            run.stderr(),
            format!("error: cannot write journal/2026/01/10-escaped.yaml: {linked} is a symbolic link; pacenote never writes through one\n  hint: remove the link or the non-file, or choose another path\n"),
            "{linked}"
        );
        assert_eq!(files_in(out.path()), ["victim.txt"], "{linked}");
        assert_eq!(run.stdout(), "");
    }
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_linked_folder() {
    use std::os::unix::fs::symlink;
    let r = TestRepo::new();
    let (out, _) = outside();
    symlink(out.path(), r.path().join("schema")).expect("symlink");
    let run = r.tm(&["init", "--start", "2026-01-05"]).expect(2);
    assert!(
        run.stderr().ends_with("error: cannot write schema/entry.schema.json: schema is a symbolic link; pacenote never writes through one\n  hint: remove the link or the non-file, or choose another path\n"),
        "{}",
        run.stderr()
    );
    assert_eq!(files_in(out.path()), ["victim.txt"]);
}

#[cfg(unix)]
#[test]
fn report_output_never_replaces_a_link_a_folder_or_a_device() {
    use std::os::unix::fs::symlink;
    let r = one_entry_repo();
    let (out, victim) = outside();
    symlink(&victim, r.path().join("linked.md")).expect("symlink");
    symlink(out.path(), r.path().join("out")).expect("symlink");
    std::fs::create_dir(r.path().join("folder.md")).expect("mkdir");
    let link = "it is a symbolic link; pacenote never writes through one, nor replaces one";
    let not_file = "it is not a regular file (a folder, a device or a pipe); pacenote replaces only regular files";
    let cases = [
        ("linked.md", link.to_string()),
        ("folder.md", not_file.to_string()),
        ("/dev/null", not_file.to_string()),
        (
            "out/report.md",
            "out is a symbolic link; pacenote never writes through one".to_string(),
        ),
    ];
    for (path, why) in cases {
        let run = r
            .tm(&[
                "report",
                "--output",
                path,
                "--force",
                "--as-of",
                "2026-01-10",
            ])
            .expect(2);
        assert_eq!(
            run.stderr(),
            format!("error: cannot write {path}: {why}\n  hint: choose another --output; --force replaces only a regular file\n"),
        );
    }
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "precious\n"
    );
    assert_eq!(files_in(out.path()), ["victim.txt"]);
    assert!(r.path().join("folder.md").is_dir());
    // A regular file is replaced with --force, and a new path written.
    r.write("mine.md", "old\n");
    r.tm(&[
        "report",
        "--output",
        "mine.md",
        "--force",
        "--as-of",
        "2026-01-10",
    ])
    .expect(0);
    assert!(r.read("mine.md").starts_with("<!-- pacenote-report -->\n"));
}

#[cfg(unix)]
#[test]
fn caches_are_never_written_through_a_link() {
    use std::os::unix::fs::symlink;
    let r = one_entry_repo();
    let (_out, victim) = outside();
    r.tm(&["report", "--as-of", "2026-01-10"]).expect(0);
    let cache = r.path().join(".git/pacenote");
    let names = files_in(&cache);
    assert!(names.iter().any(|n| n.starts_with("history-")), "{names:?}");
    // Every cache file becomes a link to the victim; a new commit makes the
    // next run want to write them again.
    for n in names.iter().filter(|n| n.ends_with(".cache")) {
        std::fs::remove_file(cache.join(n)).expect("rm");
        symlink(&victim, cache.join(n)).expect("symlink");
    }
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 20\nsummary: More\n",
    );
    r.commit("two").expect(0);
    r.tm(&["report", "--as-of", "2026-01-10"]).expect(0);
    r.tm(&["check"]).expect(0);
    assert_eq!(
        std::fs::read_to_string(&victim).expect("read"),
        "precious\n"
    );
}

// ------------------------- 10. no temporary file left where it does harm

fn age(path: &std::path::Path, secs: u64) {
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
        .expect("set mtime");
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_run() {
    let r = one_entry_repo();
    let stale = [
        ".git/pacenote/tmp/.pacenote-AbC123.tmp",
        ".git/pacenote/.pacenote-XyZ789.tmp",
    ];
    for p in stale {
        r.write(p, "half a cache");
        age(&r.path().join(p), 3600);
    }
    // A run in progress (a fresh file) is left alone.
    r.write(".git/pacenote/tmp/.pacenote-fresh1.tmp", "being written");
    r.tm(&["check"]).expect(0);
    for p in stale {
        assert!(!r.path().join(p).exists(), "{p} left behind");
    }
    assert!(r
        .path()
        .join(".git/pacenote/tmp/.pacenote-fresh1.tmp")
        .exists());
    // An earlier version's leftover in the journal goes when `log` writes there.
    r.write("journal/2026/01/.pacenote-old.tmp", "date: 2026-01-");
    age(&r.path().join("journal/2026/01/.pacenote-old.tmp"), 3600);
    r.tm(&["log", "30m", "Notes", "--date", "2026-01-10"])
        .expect(0);
    assert_eq!(
        files_in(&r.path().join("journal")),
        [
            "2026",
            "2026/01",
            "2026/01/08-a.yaml",
            "2026/01/10-notes.yaml"
        ]
    );
}

#[test]
fn writers_make_no_temporary_file_in_the_journal() {
    let r = one_entry_repo();
    // The temporary file was made in the git dir, and is gone.
    r.tm(&["log", "30m", "Notes", "--date", "2026-01-08"])
        .expect(0);
    assert_eq!(
        files_in(&r.path().join("journal")),
        [
            "2026",
            "2026/01",
            "2026/01/08-a.yaml",
            "2026/01/08-notes.yaml"
        ]
    );
    assert_eq!(
        files_in(&r.path().join(".git/pacenote/tmp")),
        Vec::<String>::new()
    );
}

// ---------------------------- 4. no escape sequence, no bidi control out

const HOSTILE_NAME: &str = "Eve\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202E}evil\u{2066}\u{9b}1m";

#[test]
fn control_characters_in_author_are_an_error_with_a_position() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Read\nauthor: \"bob\\e[31m\"\n",
    );
    let run = r.tm(&["check"]).expect(1);
    assert_eq!(
        run.stderr(),
        "error[entry/author]: `author` contains the control character U+001B (character 4 of the name)\n --> journal/2026/01/08-a.yaml:4:9\n  |\n4 | author: \"bob\\e[31m\"\n  |         ^^^^^^^^^^^\n  |\n  = hint: write the name as plain text, e.g. `author: alice`; control and bidi characters could disguise it\n\nchecked 1 file: 1 error, 0 warnings\n"
    );
}

#[test]
fn a_git_author_with_escapes_never_reaches_the_terminal_raw() {
    let mut r = TestRepo::new();
    r.who = (HOSTILE_NAME.into(), "eve@example.com".into());
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Read \u{202E}gnp.exe\n",
    );
    r.commit("by eve").expect(0);
    let run = r
        .tm(&["report", "--format", "text", "--author", "nobody\u{1b}[1m"])
        .expect(0);
    assert_eq!(
        run.stderr(),
        "warning: no entries by `nobody[1m`; authors: Eve[2J]0;pwnedevil1m\n"
    );
    for out in [run.stdout(), run.stderr()] {
        assert!(
            !out.chars()
                .any(|c| c == '\u{1b}' || c == '\u{202E}' || c == '\u{2066}' || c == '\u{9b}'),
            "{out:?}"
        );
    }
}

#[test]
fn bidi_controls_never_reach_check_output_or_annotations() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Read\nkind: \"do\u{202E}cod\u{2067}\u{1b}[1m\"\n",
    );
    let human = r.tm(&["check"]).expect(1).stderr();
    let github = r.tm(&["check", "--format", "github"]).expect(1).stdout();
    assert_eq!(
        github,
        "::error file=journal/2026/01/08-a.yaml,line=4,col=7,title=entry/kind::unknown kind `docod[1m` — one of: do, paper, blog, video, course, book, teach\n"
    );
    for out in [human, github] {
        assert!(
            !out.chars()
                .any(pacenote::internals::out::is_unsafe_but_newline),
            "{out:?}"
        );
    }
}

// ------------------------------------------------ 8. no silent fallback

#[test]
fn a_commit_dated_out_of_range_is_refused_by_name() {
    let r = one_entry_repo();
    let tree = r.git(&["rev-parse", "HEAD^{tree}"]);
    let parent = r.git(&["rev-parse", "HEAD"]);
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 20\nsummary: From the far future\n",
    );
    r.git(&["add", "-A"]);
    let tree2 = r.git(&["write-tree"]);
    assert_ne!(tree, tree2);
    // 9999-12-31T12:00:00Z: past the last calendar date pacenote can read
    // in every offset; `git commit` refuses such a date, a forged object not.
    r.write(
        "forged.txt",
        &format!(
            "tree {}\nparent {}\nauthor Mallory <m@example.com> 253402257600 +0000\ncommitter Mallory <m@example.com> 253402257600 +0000\n\nfrom the future\n",
            tree2.trim(),
            parent.trim()
        ),
    );
    let id = r.git(&["hash-object", "-t", "commit", "-w", "forged.txt"]);
    let id = id.trim();
    r.git(&["update-ref", "HEAD", id]);
    std::fs::remove_file(r.path().join("forged.txt")).expect("rm");
    let run = r.tm(&["report", "--as-of", "2026-01-10"]).expect(2);
    assert_eq!(
        run.stderr(),
        format!("error: commit {id} has a committer date out of range (253402257600 seconds since 1970, offset 0 minutes); pacenote reads dates of the years -9999 to 9999\n  hint: the commit was made with a wrong clock or a forged date (`git show -s --format=%cD {id}` shows it); rewrite it with a real date, e.g. `git rebase --committer-date-is-author-date`, or `git commit --amend --date=now` if it is the last\n")
    );
    r.tm(&["check"]).expect(2);
}

// ------------------------------------- 9. a damaged repository, named

/// Three commits of one entry each; returns the repository.
fn three_commits() -> TestRepo {
    let r = TestRepo::new();
    for d in 1..=3 {
        r.write(
            &format!("journal/2026/01/0{d}-e.yaml"),
            &format!("date: 2026-01-0{d}\nminutes: 30\nsummary: Day {d}\n"),
        );
        r.commit(&format!("day {d}")).expect(0);
    }
    r
}

/// Overwrites a loose object with bytes that do not inflate.
fn corrupt(r: &TestRepo, id: &str) {
    let p = r.path().join(".git/objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(&p).expect("loose object");
    std::fs::write(&p, b"this is not zlib data").expect("write");
}

const FSCK: &str = "  hint: the repository is damaged: `git fsck --full` lists every broken or missing object; fetch them again from another clone (or restore .git/objects from a backup), then run pacenote again\n";

#[test]
fn a_corrupt_commit_is_named_with_git_fsck() {
    let r = three_commits();
    let id = r.git(&["rev-parse", "HEAD~2"]).trim().to_string();
    corrupt(&r, &id);
    for args in [
        &["report", "--as-of", "2026-01-10"][..],
        &["check"],
        &["report", "--rev", "HEAD~2"],
    ] {
        let run = r.tm(args).expect(2);
        let first = if args.get(1) == Some(&"--rev") {
            "cannot read `HEAD~2`: "
        } else {
            ""
        };
        assert_eq!(
            run.stderr(),
            format!(
                "error: {first}cannot read the commit {id}: failed to inflate loose object\n{FSCK}"
            )
        );
    }
}

/// Under a chain of merges each commit is looked at once when the damaged
/// one is searched for: 40 diamonds (two branches from each merge, merged
/// again) hold 2^40 paths to the damaged first commit, 121 commits.
#[test]
fn a_damaged_commit_under_many_merges_is_found_by_reading_each_commit_once() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/01-e.yaml",
        "date: 2026-01-01\nminutes: 30\nsummary: Root\n",
    );
    r.commit("root").expect(0);
    let root = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let mut stream = String::new();
    let mut prev = root.clone();
    for i in 1..=40 {
        let (left, right, merge) = (3 * i - 2, 3 * i - 1, 3 * i);
        let when = 1_767_355_200 + i * 60;
        for (mark, side) in [(left, 'l'), (right, 'r')] {
            stream.push_str(&format!(
                "commit refs/heads/main\nmark :{mark}\ncommitter A <a@example.com> {when} +0000\ndata 1\n{side}\nfrom {prev}\n"
            ));
        }
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{merge}\ncommitter A <a@example.com> {when} +0000\ndata 1\nm\nfrom :{left}\nmerge :{right}\n"
        ));
        prev = format!(":{merge}");
    }
    r.fast_import(&stream);
    r.git(&["reset", "-q", "--hard", "main"]);
    assert_eq!(r.git(&["rev-list", "--count", "HEAD"]).trim(), "121");
    corrupt(&r, &root);
    let run = r.tm(&["report", "--as-of", "2026-01-10"]).expect(2);
    assert_eq!(
        run.stderr(),
        format!("error: cannot read the commit {root}: failed to inflate loose object\n{FSCK}")
    );
}

/// A branch whose ref file is damaged is an error with the fix, not an
/// empty history.
#[test]
fn a_damaged_branch_ref_is_an_error_not_an_empty_history() {
    let r = three_commits();
    let branch = r.git(&["symbolic-ref", "HEAD"]).trim().to_string();
    std::fs::write(r.path().join(".git").join(&branch), "not a commit id\n").expect("write");
    for args in [&["report", "--as-of", "2026-01-10"][..], &["check"]] {
        let run = r.tm(args).expect(2);
        assert_eq!(
            run.stderr(),
            format!("error: cannot read HEAD: corrupted loose reference file: {branch}\n{FSCK}"),
            "{args:?}"
        );
    }
}

#[test]
fn a_corrupt_blob_is_named_with_git_fsck() {
    let r = three_commits();
    let id = r
        .git(&["rev-parse", "HEAD:journal/2026/01/02-e.yaml"])
        .trim()
        .to_string();
    corrupt(&r, &id);
    let run = r
        .tm(&["report", "--rev", "HEAD", "--as-of", "2026-01-10"])
        .expect(2);
    assert_eq!(
        run.stderr(),
        format!("error: cannot read the blob {id} (journal/2026/01/02-e.yaml): failed to read loose object header\n{FSCK}")
    );
}

// ------------------------------------------ 11. cost bounded by the limits

/// Every figure is computed day by day from the plan's start to "today" or
/// `--as-of`: a date outside the days pacenote counts is refused, never
/// computed over 8,000 years.
#[test]
fn as_of_and_today_outside_the_counted_days_are_refused() {
    let r = one_entry_repo();
    let run = r.tm(&["report", "--as-of", "9999-12-31"]).expect(2);
    assert_eq!(
        run.stderr(),
        "error: --as-of 9999-12-31 is outside the dates pacenote counts (1970-01-01 to 2199-12-31)\n  \
         hint: figures are computed day by day up to it; give a date in that range (set PACENOTE_TODAY or --as-of)\n"
    );
    let run = r
        .tm_env(&["report"], &[("PACENOTE_TODAY", "0001-01-01")])
        .expect(2);
    assert_eq!(
        run.stderr(),
        "error: today 0001-01-01 is outside the dates pacenote counts (1970-01-01 to 2199-12-31)\n  \
         hint: figures are computed day by day up to it; give a date in that range (set PACENOTE_TODAY or --as-of)\n"
    );
}

/// Without `start:` the plan starts on the earliest entry: one dated
/// 0001-01-01 is an error at its date and left out, so the plan starts on
/// the next entry's day.
#[test]
fn an_entry_before_1970_is_refused_and_never_starts_the_plan() {
    let r = one_entry_repo();
    r.write(
        "journal/0001/01/01-dawn.yaml",
        "date: 0001-01-01\nminutes: 30\nsummary: From the dawn of time\n",
    );
    r.commit("dawn").expect(0);
    let json = r.tm(&["report", "--format", "json"]).expect(0).json();
    assert_eq!(json["roadmap"]["start"], "2026-01-08");
    assert_eq!(json["totals"]["entries"], 1);
    assert_eq!(json["quality"]["invalid_entries"], 1);
    let d = &json["quality"]["diagnostics"][0];
    assert_eq!(
        (&d["file"], &d["line"], &d["column"], &d["code"]),
        (
            &"journal/0001/01/01-dawn.yaml".into(),
            &1.into(),
            &7.into(),
            &"entry/date".into()
        )
    );
    assert_eq!(
        d["message"],
        "`date` 0001-01-01 is before 1970-01-01, the first day pacenote counts"
    );
}

/// A `roadmap.yaml` that is there but cannot be read (a link out of the
/// repository, or a file over the 1 MiB limit) leaves the run without a
/// plan: `check` reports that file alone (no entry is checked against the
/// default plan's ids), and `report` and `log` refuse rather than report on
/// the default plan.
#[cfg(unix)]
#[test]
fn an_unreadable_roadmap_is_not_replaced_by_the_default_plan() {
    let outside = tempfile::tempdir().expect("tempdir");
    let plan = outside.path().join("plan.yaml");
    std::fs::write(&plan, "title: Outside\n").expect("plan");
    let big = format!("title: Big\n#{}\n", "x".repeat(1 << 20));
    for (what, code) in [("link", "file/symlink"), ("large", "file/too-large")] {
        let r = TestRepo::new();
        r.write(
            "journal/2026/01/05-a.yaml",
            "date: 2026-01-05\nminutes: 45\nsummary: One\nskills: [only-mine]\n",
        );
        match what {
            "link" => std::os::unix::fs::symlink(&plan, r.path().join("roadmap.yaml")).expect("ln"),
            _ => {
                r.write("roadmap.yaml", &big);
            }
        }
        let run = r.tm(&["check", "--format", "json"]).expect(1);
        let found = crate::harness::diagnostic_pairs(&run.json()["diagnostics"], "code", "file");
        assert_eq!(
            found,
            [(code.to_string(), "roadmap.yaml".to_string())],
            "{what}"
        );
        for args in [&["report"][..], &["log", "30m", "More"][..]] {
            let run = r.tm(args).expect(2);
            assert!(
                run.stderr().contains(&format!("error[{code}]")),
                "{what} {args:?}: {}",
                run.stderr()
            );
            assert!(
                run.stderr().contains("the roadmap has errors"),
                "{what} {args:?}: {}",
                run.stderr()
            );
        }
        assert_eq!(
            files_under(&r.path().join("journal")),
            1,
            "{what}: log wrote an entry"
        );
    }
}

/// How many files are under `dir`, at any depth.
fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| e.expect("an entry").path())
        .map(|p| if p.is_dir() { files_under(&p) } else { 1 })
        .sum()
}
