//! The report cache (`api::cache`): a report whose inputs did not change is
//! read back from the cache file instead of computed, and a change to any
//! input (an entry, the roadmap, HEAD, the local user, today, the options,
//! the format) computes it again, as a run without caches does.

use crate::harness::TestRepo;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const A: &str = "journal/2026/01/05-a.yaml";
const B: &str = "journal/2026/01/06-b.yaml";
const PLAN: &str = "title: Plan {}\nstart: 2026-01-05\nmilestones:\n  - id: month-1\n    title: Month 1\n    duration: 1 month\n";

/// Writes a file and sets its mtime `minutes` into 2026-01-01, well before
/// the run (a file modified within the last seconds is never cached).
fn put(r: &TestRepo, rel: &str, text: &str, minutes: u64) {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600 + minutes * 60);
    std::fs::File::options()
        .write(true)
        .open(r.write(rel, text))
        .and_then(|f| f.set_modified(at))
        .expect("set mtime");
}

fn entry(date: &str, minutes: u32, author: Option<&str>) -> String {
    let by = author.map_or(String::new(), |a| format!("author: {a}\n"));
    format!("date: {date}\nminutes: {minutes}\nsummary: Evals\n{by}")
}

fn cache_files(r: &TestRepo) -> Vec<PathBuf> {
    let Ok(list) = std::fs::read_dir(r.path().join(".git/pacenote")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = list
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("report-"))
        })
        .collect();
    files.sort();
    files
}

/// The report `args` with the caches, after checking that it is the one a
/// run without caches prints.
#[track_caller]
fn report(r: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> String {
    let cached = r.tm_env(args, env).expect(0).stdout();
    let mut full_args = args.to_vec();
    full_args.push("--no-cache");
    let full = r.tm_env(&full_args, env).expect(0).stdout();
    assert_eq!(cached, full, "pacenote {args:?} with {env:?}");
    cached
}

/// A repository of two committed entries, one naming no author (its
/// author is then the committer, or the local user before a commit).
fn two(r: &TestRepo) {
    put(r, A, &entry("2026-01-05", 60, Some("Ada")), 0);
    put(r, B, &entry("2026-01-06", 30, None), 0);
    r.commit("two entries");
}

/// FNV-1a over 8-byte words, the cache files' checksum (docs/history.md).
fn checksum(b: &[u8]) -> u64 {
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(0x0100_0000_01b3);
    let mut h = 0xcbf2_9ce4_8422_2325;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = step(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    step(step(h, u64::from_le_bytes(tail)), b.len() as u64)
}

/// `file` with `from` replaced by `to` (as long) and its checksum redone:
/// a cache file that passes every check but says something else.
fn forge(file: &PathBuf, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let bytes = std::fs::read(file).expect("the cache file");
    let body = &bytes[..bytes.len() - 8];
    let mut forged = body.to_vec();
    let mut found = 0;
    let mut at = 0;
    while at + from.len() <= forged.len() {
        if &forged[at..at + from.len()] == from.as_bytes() {
            forged[at..at + to.len()].copy_from_slice(to.as_bytes());
            found += 1;
            at += from.len();
        } else {
            at += 1;
        }
    }
    assert!(found > 0, "{from:?} is not in the cache file");
    let sum = checksum(&forged);
    forged.extend_from_slice(&sum.to_le_bytes());
    std::fs::write(file, forged).expect("write");
}

#[test]
fn an_unchanged_report_is_read_back_from_its_cache_file() {
    let r = TestRepo::new();
    two(&r);
    let json = report(&r, &["report", "--format", "json"], &[]);
    let files = cache_files(&r);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].to_string_lossy().ends_with("-json.cache"));
    // What the next run prints is what the file holds: a forged file
    // (checksum redone) shows through, which no computation would print.
    forge(&files[0], "\"Ada\"", "\"Bea\"");
    let read_back = r.tm(&["report", "--format", "json"]).expect(0).stdout();
    assert_eq!(read_back, json.replace("\"Ada\"", "\"Bea\""));
    // A file altered without its checksum is not trusted: computed again
    // and written anew.
    let mut bytes = std::fs::read(&files[0]).expect("the cache file");
    let n = bytes.len();
    bytes[n / 2] ^= 0x40;
    std::fs::write(&files[0], &bytes).expect("write");
    assert_eq!(report(&r, &["report", "--format", "json"], &[]), json);
    forge(&files[0], "\"Ada\"", "\"Cid\"");
    let read_back = r.tm(&["report", "--format", "json"]).expect(0).stdout();
    assert_eq!(read_back, json.replace("\"Ada\"", "\"Cid\""));
}

#[test]
fn every_input_of_a_figure_computes_the_report_again() {
    let r = TestRepo::new();
    two(&r);
    let args = ["report", "--format", "json"];
    // Each step changes one input of the run before it, whose report the
    // cache file then holds, and must change the report: that cached
    // report would be wrong.
    let mut last = report(&r, &args, &[]);
    let step = |r: &TestRepo, last: &mut String, args: &[&str], env: &[(&str, &str)]| {
        let now = report(r, args, env);
        assert_ne!(&now, last, "{args:?} {env:?} printed the report before it");
        // The second run of the same step reads its cache file back.
        assert_eq!(r.tm_env(args, env).expect(0).stdout(), now);
        *last = now;
    };
    // An entry edited (same size, another mtime), added, removed.
    put(&r, A, &entry("2026-01-05", 61, Some("Ada")), 5);
    step(&r, &mut last, &args, &[]);
    put(
        &r,
        "journal/2026/01/07-c.yaml",
        &entry("2026-01-07", 20, None),
        5,
    );
    step(&r, &mut last, &args, &[]);
    std::fs::remove_file(r.path().join(A)).expect("rm");
    step(&r, &mut last, &args, &[]);
    // The local user, author of the uncommitted entry.
    step(&r, &mut last, &args, &[("GIT_AUTHOR_NAME", "Zed")]);
    // A commit records it: its author is now the commit's (HEAD moved, no
    // entry file changed).
    r.git(&["add", "-A"]);
    r.git(&[
        "commit",
        "-q",
        "-m",
        "one more",
        "--author",
        "Yan <yan@example.com>",
    ]);
    step(&r, &mut last, &args, &[("GIT_AUTHOR_NAME", "Zed")]);
    // The roadmap, and a --roadmap file. Each step below follows a run
    // that differs from it in that one input only, so the cache file
    // holds the report of the step before.
    last = report(&r, &args, &[]);
    put(&r, "roadmap.yaml", &PLAN.replace("{}", "one"), 0);
    step(&r, &mut last, &args, &[]);
    put(&r, "roadmap.yaml", &PLAN.replace("{}", "two"), 0);
    step(&r, &mut last, &args, &[]);
    let other = ["--roadmap", "other.yaml", "report", "--format", "json"];
    put(&r, "other.yaml", &PLAN.replace("{}", "three"), 0);
    step(&r, &mut last, &other, &[]);
    put(&r, "other.yaml", &PLAN.replace("{}", "four"), 0);
    step(&r, &mut last, &other, &[]);
    // Today (an entry dated after it is an error), --as-of, --author.
    put(
        &r,
        "journal/2026/01/15-d.yaml",
        &entry("2026-01-15", 25, None),
        5,
    );
    let on_10th = ["report", "--format", "json", "--as-of", "2026-01-10"];
    for (before, args, env) in [
        (
            &on_10th,
            &on_10th[..],
            &[("PACENOTE_TODAY", "2026-01-20")][..],
        ),
        (
            &on_10th,
            &["report", "--format", "json", "--as-of", "2026-01-08"],
            &[],
        ),
        (
            &on_10th,
            &[&on_10th[..], &["--author", "Ada"]].concat(),
            &[],
        ),
    ] {
        last = report(&r, before, &[]);
        step(&r, &mut last, args, env);
    }
    // The format (a file each), colour, and --max-chars.
    step(&r, &mut last, &["report", "--format", "text"], &[]);
    step(
        &r,
        &mut last,
        &["--color", "always", "report", "--format", "text"],
        &[],
    );
    step(&r, &mut last, &["report"], &[]);
    // (This report is under 2,000 characters either way.)
    for _ in 0..2 {
        report(&r, &["report", "--max-chars", "2000"], &[]);
    }
    step(&r, &mut last, &["report", "--format", "html"], &[]);
    // One file per format.
    let names: Vec<String> = cache_files(&r)
        .iter()
        .map(|p| {
            let n = p.file_name().expect("a name").to_string_lossy();
            n.rsplit('-').next().expect("a format").to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["html.cache", "json.cache", "markdown.cache", "text.cache"]
    );
}

#[test]
fn only_a_clean_report_of_the_work_tree_is_kept() {
    let r = TestRepo::new();
    two(&r);
    // Another revision, a --base change, a template, no caches at all.
    report(&r, &["report", "--rev", "HEAD"], &[]);
    r.tm(&["report", "--base", "HEAD"]).expect(0);
    put(&r, "t.j2", "{{ totals.hours }}\n", 0);
    r.tm(&["report", "--template", "t.j2"]).expect(0);
    r.tm(&["report", "--no-cache"]).expect(0);
    assert_eq!(cache_files(&r), Vec::<PathBuf>::new());
    // An entry modified in the last seconds (its change may not show in
    // its stat data yet).
    r.write(B, &entry("2026-01-06", 35, None));
    report(&r, &["report"], &[]);
    assert_eq!(cache_files(&r), Vec::<PathBuf>::new());
    put(&r, B, &entry("2026-01-06", 35, None), 9);
    // A journal with a problem its listing meets (a link).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("05-a.yaml", r.path().join("journal/2026/01/09-l.yaml"))
            .expect("a link");
        report(&r, &["report"], &[]);
        assert_eq!(cache_files(&r), Vec::<PathBuf>::new());
        std::fs::remove_file(r.path().join("journal/2026/01/09-l.yaml")).expect("rm");
    }
    report(&r, &["report"], &[]);
    assert_eq!(cache_files(&r).len(), 1);
}
