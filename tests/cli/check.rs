//! `pacenote check` (SPEC §2): the corpus of bad inputs under
//! `tests/corpus/`, snapshots of the three output formats, `--staged`,
//! hostile files, and the rules page listing every rule code.

use crate::harness::{Run, TestRepo};
use std::path::PathBuf;

/// Set to rewrite the expectations from the current output (then review the diff).
const BLESS: &str = "PACENOTE_BLESS";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One diagnostic as the corpus writes it: `LINE:COLUMN code`, `-` for none.
fn brief(d: &serde_json::Value) -> String {
    let n = |v: &serde_json::Value| v.as_u64().map_or("-".to_string(), |n| n.to_string());
    format!(
        "{}:{} {}",
        n(&d["line"]),
        n(&d["column"]),
        d["code"].as_str().unwrap_or("?")
    )
}

struct Case {
    name: String,
    input: Vec<u8>,
    path: String,
    args: Vec<String>,
    expected: Vec<String>,
    expect_file: PathBuf,
}

fn cases() -> Vec<Case> {
    let dir = root().join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".expect").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let expect_file = dir.join(format!("{name}.expect"));
            let text = std::fs::read_to_string(&expect_file).expect("expect file");
            let mut case = Case {
                input: std::fs::read(dir.join(format!("{name}.input")))
                    .unwrap_or_else(|e| panic!("{name}.input: {e}")),
                name,
                path: String::new(),
                args: Vec::new(),
                expected: Vec::new(),
                expect_file,
            };
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(p) = line.strip_prefix("path:") {
                    case.path = p.trim().to_string();
                } else if let Some(a) = line.strip_prefix("args:") {
                    case.args = a.split_whitespace().map(str::to_string).collect();
                } else {
                    case.expected.push(line.to_string());
                }
            }
            assert!(!case.path.is_empty(), "{}: no `path:` line", case.name);
            case
        })
        .collect()
}

fn check_in(r: &TestRepo, extra: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    r.tm(&args)
}

fn put(r: &TestRepo, path: &str, bytes: &[u8]) {
    let p = r.path().join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

/// Every bad input of the corpus exits 1 with exactly the expected
/// diagnostics (code, line, column), each on the file and with a hint.
#[test]
fn corpus_of_bad_inputs() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let bless = std::env::var_os(BLESS).is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let r = TestRepo::new();
        put(&r, &case.path, &case.input);
        let mut args = vec!["--format", "json"];
        args.extend(case.args.iter().map(String::as_str));
        let run = check_in(&r, &args);
        let json = run.json();
        let diags = json["diagnostics"].as_array().cloned().unwrap_or_default();
        let got: Vec<String> = diags.iter().map(brief).collect();
        if bless {
            let mut text = format!("path: {}\n", case.path);
            if !case.args.is_empty() {
                text.push_str(&format!("args: {}\n", case.args.join(" ")));
            }
            for g in &got {
                text.push_str(g);
                text.push('\n');
            }
            std::fs::write(&case.expect_file, text).expect("bless");
            continue;
        }
        let mut problems = Vec::new();
        if run.code() != 1 {
            problems.push(format!("exit {} instead of 1", run.code()));
        }
        if got != case.expected {
            problems.push(format!("diagnostics {got:?}, expected {:?}", case.expected));
        }
        for d in &diags {
            if d["file"] != case.path.as_str() {
                problems.push(format!(
                    "diagnostic on {} instead of {}",
                    d["file"], case.path
                ));
            }
            if d["severity"] != "error" {
                problems.push(format!("{} is not an error", brief(d)));
            }
            let hint = d["hint"].as_str().unwrap_or("");
            let message = d["message"].as_str().unwrap_or("");
            if hint.trim().is_empty() || message.trim().is_empty() {
                problems.push(format!("{} lacks a message or a hint", brief(d)));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.name, problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}

/// Compares `actual` with the snapshot file, or rewrites it when blessing.
fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    if std::env::var_os(BLESS).is_some() {
        std::fs::write(&path, actual).expect("bless snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with {BLESS}=1 to create it)", path.display()));
    assert!(
        actual == expected,
        "snapshot {name} differs\n--- expected ---\n{expected}\n--- actual ---\n{actual}"
    );
}

fn corpus_input(name: &str) -> Vec<u8> {
    std::fs::read(root().join(format!("tests/corpus/{name}.input"))).expect("corpus input")
}

/// A repository with problems in three entries, for the snapshots.
fn broken_repo() -> TestRepo {
    let r = TestRepo::new();
    put(
        &r,
        "journal/2026/01/08-many.yaml",
        &corpus_input("many-problems"),
    );
    put(
        &r,
        "journal/2026/01/09-colon.yaml",
        b"date: 2026-01-09\nminutes: 45\nsummary: Read: the RAG paper\n",
    );
    put(
        &r,
        "journal/2026/01/09-long.yaml",
        b"date: 2026-01-09\nminutes: 1000\nsummary: \"A long day, 100% focused\"\n",
    );
    r
}

#[test]
fn human_output_snapshot() {
    let r = broken_repo();
    let run = check_in(&r, &[]).expect(1);
    assert_eq!(run.stdout(), "");
    snapshot("check-human.txt", &run.stderr());
}

#[test]
fn json_output_snapshot() {
    let r = broken_repo();
    let run = check_in(&r, &["--format", "json"]).expect(1);
    snapshot("check-json.json", &run.stdout());
    let json = run.json();
    let n = json["diagnostics"].as_array().map_or(0, Vec::len);
    assert_eq!(json["errors"].as_u64(), Some(n as u64));
    assert_eq!(json["warnings"], 0);
}

#[test]
fn github_output_snapshot() {
    let r = broken_repo();
    let run = check_in(&r, &["--format", "github"]).expect(1);
    snapshot("check-github.txt", &run.stdout());
    // The annotation sits on the file, line and column of the problem.
    assert!(
        run.stdout().lines().any(|l| l
            == "::error file=journal/2026/01/09-colon.yaml,line=3,col=14,title=yaml/syntax::invalid YAML: mapping values are not allowed in this context — a value containing `: ` must be quoted, e.g. summary: \"Read: RAG paper\""),
        "{}",
        run.stdout()
    );
}

#[test]
fn clean_repository_exits_zero_with_a_summary() {
    let r = TestRepo::new();
    put(
        &r,
        "journal/2026/01/08-ok.yaml",
        b"date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\n",
    );
    let run = check_in(&r, &[]).expect(0);
    assert_eq!(run.stderr(), "checked 1 file: 0 errors, 0 warnings\n");
    let run = check_in(&r, &["--format", "json"]).expect(0);
    assert_eq!(
        run.stdout(),
        "{\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"diagnostics\": []\n}\n"
    );
}

#[test]
fn colour_only_on_a_terminal() {
    // Output to a pipe is never coloured, whatever NO_COLOR says.
    let r = broken_repo();
    let run = check_in(&r, &[]).expect(1);
    assert!(!run.stderr().contains('\x1b'));
}

#[test]
fn warnings_pass_unless_strict() {
    let r = TestRepo::new();
    put(
        &r,
        "journal/2026/01/08-ok.yaml",
        b"date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\nskills: [mcp, mcp]\n",
    );
    let run = check_in(&r, &["--format", "json"]).expect(0);
    assert_eq!(run.json()["warnings"], 1);
    let run = check_in(&r, &["--format", "json", "--strict"]).expect(1);
    assert_eq!(run.json()["errors"], 1);
}

#[test]
fn file_over_one_mebibyte_is_refused_unread() {
    let r = TestRepo::new();
    let mut big = b"date: 2026-01-08\nminutes: 45\nsummary: big\n".to_vec();
    big.extend(std::iter::repeat_n(b'#', 2 * 1024 * 1024));
    put(&r, "journal/2026/01/08-big.yaml", &big);
    let run = check_in(&r, &["--format", "json"]).expect(1);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["code"], "file/too-large");
    assert_eq!(d["file"], "journal/2026/01/08-big.yaml");
}

/// The limit is 1 MiB itself: a file of exactly 1,048,576 bytes is read,
/// one byte more is refused.
#[test]
fn file_of_exactly_one_mebibyte_is_read_one_byte_more_is_not() {
    let r = TestRepo::new();
    let path = "journal/2026/01/08-big.yaml";
    let mut big = b"date: 2026-01-08\nminutes: 45\nsummary: big\n#".to_vec();
    big.resize(1024 * 1024 - 1, b'#');
    big.push(b'\n');
    assert_eq!(big.len(), 1_048_576);
    put(&r, path, &big);
    let run = check_in(&r, &["--format", "json", "--strict"]).expect(0);
    assert_eq!(run.json()["diagnostics"], serde_json::json!([]));
    // The same from a commit: its blob's size is read from the object header.
    r.commit("big").expect(0);
    let at_rev = r
        .tm(&["report", "--rev", "HEAD", "--format", "json"])
        .expect(0);
    assert_eq!(
        at_rev.json()["quality"]["diagnostics"],
        serde_json::json!([])
    );
    assert_eq!(at_rev.json()["totals"]["entries"], 1);
    big.insert(big.len() - 1, b'#');
    put(&r, path, &big);
    let run = check_in(&r, &["--format", "json"]).expect(1);
    assert_eq!(run.json()["diagnostics"][0]["code"], "file/too-large");
}

/// The journal's limit is per run, and far above one file's: three files
/// of 1 MiB are all read (docs/limits.md: 64 MiB a run).
#[test]
fn a_journal_of_several_mebibytes_is_read_whole() {
    let r = TestRepo::new();
    for day in ["05", "06", "07"] {
        let mut big = format!("date: 2026-01-{day}\nminutes: 45\nsummary: big\n#").into_bytes();
        big.resize(1024 * 1024 - 1, b'#');
        big.push(b'\n');
        put(&r, &format!("journal/2026/01/{day}-big.yaml"), &big);
    }
    let run = check_in(&r, &["--strict"]).expect(0);
    assert_eq!(run.stderr(), "checked 3 files: 0 errors, 0 warnings\n");
}

fn codes(run: &Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| format!("{} {}", d["file"].as_str().unwrap_or("-"), brief(d)))
                .collect()
        })
        .unwrap_or_default()
}

const GOOD: &str = "date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\n";

/// SPEC §2: `--staged` validates what the index is about to commit, not the work tree.
#[test]
fn staged_reads_the_index_not_the_work_tree() {
    let r = TestRepo::new();
    r.write("journal/2026/01/08-a.yaml", GOOD);
    r.commit("first entry").expect(0);
    // Staged bad, then fixed in the work tree only: the index is what counts.
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 0\nsummary: x\n",
    );
    r.git(&["add", "journal/2026/01/09-b.yaml"]);
    r.write(
        "journal/2026/01/09-b.yaml",
        "date: 2026-01-09\nminutes: 30\nsummary: x\n",
    );
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&run),
        ["journal/2026/01/09-b.yaml 2:10 entry/minutes-range"]
    );
    check_in(&r, &[]).expect(0);
    // And a bad file that is not staged does not stop the commit.
    r.git(&["add", "journal/2026/01/09-b.yaml"]);
    r.write("journal/2026/01/09-c.yaml", "date: nope\n");
    let run = check_in(&r, &["--staged"]).expect(0);
    assert_eq!(run.stderr(), "checked 1 file: 0 errors, 0 warnings\n");
}

/// `--staged` reads only the entries the commit changes (plus the roadmap):
/// an old problem already committed does not block an unrelated commit.
#[test]
fn staged_checks_only_changed_entries() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-old.yaml",
        "date: 2026-01-08\nminutes: 45\n",
    );
    r.write("roadmap.yaml", crate_default_roadmap_with_start());
    r.commit("an old mistake").expect(0);
    r.write(
        "journal/2026/01/09-new.yaml",
        "date: 2026-01-09\nminutes: 30\nsummary: Read the MCP spec\nskills: [mcp]\n",
    );
    r.git(&["add", "-A"]);
    let run = check_in(&r, &["--staged"]).expect(0);
    assert_eq!(run.stderr(), "checked 2 files: 0 errors, 0 warnings\n");
    // Editing the old entry brings it into the change, and it is checked.
    r.write(
        "journal/2026/01/08-old.yaml",
        "date: 2026-01-08\nminutes: 50\n",
    );
    r.git(&["add", "-A"]);
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&run),
        ["journal/2026/01/08-old.yaml 1:1 schema/missing-field"]
    );
}

fn crate_default_roadmap_with_start() -> &'static str {
    "title: Tiny plan\nstart: 2026-01-05\nmilestones:\n  - id: month-1\n    title: Month 1\n    duration: 1 month\nskills:\n  - id: mcp\n    name: MCP\n    priority: P0\n"
}

/// The daily cap in the hook adds the committed entries of the same day
/// whose author is known from the file; a committed entry without `author:`
/// is left to the full check, which asks the history.
#[test]
fn staged_daily_cap_counts_same_day_entries() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Morning\nauthor: alice\n",
    );
    r.write(
        "journal/2026/01/08-b.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Unattributed\n",
    );
    r.write(
        "journal/2026/01/07-c.yaml",
        "date: 2026-01-07\nminutes: 900\nsummary: Other day\nauthor: alice\n",
    );
    r.commit("earlier entries").expect(0);
    r.write(
        "journal/2026/01/08-d.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Evening\nauthor: alice\n",
    );
    r.git(&["add", "-A"]);
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&run),
        ["journal/2026/01/08-d.yaml 2:10 entry/daily-cap"]
    );
    assert_eq!(
        run.json()["diagnostics"][0]["message"],
        "2 entries by alice log 1000 minutes on 2026-01-08, more than the daily limit of 960"
    );
    // Another author's day is separate.
    r.write(
        "journal/2026/01/08-d.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Evening\nauthor: bob\n",
    );
    r.git(&["add", "-A"]);
    check_in(&r, &["--staged"]).expect(0);
}

/// Only entries count toward the hook's daily cap: a file of the same day
/// that is not a journal entry (outside `journal/`, or not `.yaml`) adds
/// nothing, however entry-like its text.
#[test]
fn staged_daily_cap_counts_only_journal_entries() {
    let r = TestRepo::new();
    let text = "date: 2026-01-08\nminutes: 900\nsummary: Not an entry\nauthor: alice\n";
    r.write("notes/2026/01/08-a.yaml", text);
    r.write("notes/2026-01-08-b.yaml", text);
    r.write("journal/2026/01/08-c.md", text);
    r.write("journal/2026-01-08-d.txt", text);
    r.commit("notes").expect(0);
    r.write(
        "journal/2026/01/08-e.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Evening\nauthor: alice\n",
    );
    r.git(&["add", "-A"]);
    check_in(&r, &["--staged"]).expect(0);
}

/// The source line under a cross-entry rule's diagnostic in the hook is the
/// staged one, read from the index when shown (only the files with
/// diagnostics keep their text), never the work tree's.
#[test]
fn staged_daily_cap_shows_the_staged_line() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Morning\nauthor: alice\n",
    );
    r.commit("morning").expect(0);
    r.write(
        "journal/2026/01/08-d.yaml",
        "date: 2026-01-08\nminutes: 500\nsummary: Evening\nauthor: alice\n",
    );
    r.git(&["add", "-A"]);
    r.write(
        "journal/2026/01/08-d.yaml",
        "date: 2026-01-08\nminutes: 5\nsummary: Evening\nauthor: alice\n",
    );
    let run = check_in(&r, &["--staged"]).expect(1);
    let at = " --> journal/2026/01/08-d.yaml:2:10\n  |\n2 | minutes: 500\n";
    assert!(run.stderr().contains(at), "{}", run.stderr());
}

/// Backfill in the hook: a new entry is recorded by the coming commit, today.
#[test]
fn staged_backfill_is_measured_against_today() {
    let r = TestRepo::new();
    r.write(
        "journal/2025/12/01-old.yaml",
        "date: 2025-12-01\nminutes: 45\nsummary: Late log\n",
    );
    r.git(&["add", "-A"]);
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(0);
    assert_eq!(
        codes(&run),
        ["journal/2025/12/01-old.yaml 1:7 entry/backfill"]
    );
    assert_eq!(
        run.json()["diagnostics"][0]["message"],
        "entry dated 2025-12-01 is recorded 40 days later; the policy allows 14"
    );
}

const CANARY: &str = "CANARY-7f3a9e-outside-the-repository";

/// Links under journal/ are reported and never followed: nothing of a file
/// outside the repository appears in any output of any command.
#[test]
fn symlinks_out_of_the_repository_are_never_followed() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, format!("{CANARY}: {CANARY}\ndate: {CANARY}\n")).expect("secret");
    let r = TestRepo::new();
    r.write("journal/2026/01/08-ok.yaml", GOOD);
    std::fs::create_dir_all(r.path().join("journal/2026/02")).expect("mkdir");
    let link = |from: &std::path::Path, to: &str| {
        std::os::unix::fs::symlink(from, r.path().join(to)).expect("symlink");
    };
    link(&secret, "journal/2026/02/01-link.yaml");
    link(outside.path(), "journal/2026/03");
    link(&secret, "roadmap.yaml");
    r.git(&["add", "-A"]);

    let runs = [
        check_in(&r, &[]),
        check_in(&r, &["--format", "json"]),
        check_in(&r, &["--format", "github"]),
        check_in(&r, &["--staged"]),
        check_in(&r, &["--staged", "--format", "json"]),
        check_in(&r, &["journal/2026/02/01-link.yaml"]),
        check_in(&r, &["journal/2026/03/secret.yaml"]),
        r.tm(&["report", "--format", "text"]),
    ];
    for run in &runs {
        let all = format!("{}{}", run.stdout(), run.stderr());
        assert!(
            !all.contains(CANARY),
            "{} leaked the outside file:\n{all}",
            run.cmd
        );
        assert!(!all.contains("panicked"), "{} panicked:\n{all}", run.cmd);
    }
    let json = check_in(&r, &["--format", "json"]).expect(1);
    assert_eq!(
        codes(&json),
        [
            "journal/2026/02/01-link.yaml -:- file/symlink",
            "journal/2026/03 -:- file/symlink",
            "roadmap.yaml -:- file/symlink",
        ]
    );
    let staged = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&staged),
        [
            "journal/2026/02/01-link.yaml -:- file/symlink",
            "roadmap.yaml -:- file/symlink",
        ]
    );
}

/// Every rule code in quotes in `src/` (`"entry/minutes-range"`).
fn codes_in_source() -> std::collections::BTreeSet<String> {
    const PREFIXES: [&str; 6] = [
        "yaml/", "file/", "schema/", "entry/", "roadmap/", "history/",
    ];
    let mut found = std::collections::BTreeSet::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for item in std::fs::read_dir(&dir).expect("src").flatten() {
            let p = item.path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).expect("source");
            for quoted in text.split('"').skip(1).step_by(2) {
                let is_code = PREFIXES.iter().any(|pre| {
                    quoted.strip_prefix(pre).is_some_and(|rest| {
                        !rest.is_empty()
                            && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    })
                });
                if is_code {
                    found.insert(quoted.to_string());
                }
            }
        }
    }
    found
}

/// SPEC §2: rule codes are stable and documented, one page listing them all.
#[test]
fn rules_page_lists_every_code_the_source_uses() {
    let page = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    let in_source = codes_in_source();
    assert!(in_source.len() >= 40, "found only {in_source:?}");
    let documented: std::collections::BTreeSet<String> = page
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next().map(str::to_string))
        .collect();
    let undocumented: Vec<&String> = in_source.difference(&documented).collect();
    let stale: Vec<&String> = documented.difference(&in_source).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/rules.md: {undocumented:?}"
    );
    assert!(
        stale.is_empty(),
        "docs/rules.md lists codes the source never uses: {stale:?}"
    );
}

/// Paths given on the command line are checked alone (with the roadmap for
/// the ids); a path outside the repository is refused.
#[test]
fn given_paths_are_checked_alone() {
    let r = TestRepo::new();
    r.write("journal/2026/01/08-ok.yaml", GOOD);
    r.write("journal/2026/01/09-bad.yaml", "date: 2026-01-09\n");
    let run = check_in(&r, &["journal/2026/01/08-ok.yaml"]).expect(0);
    assert_eq!(run.stderr(), "checked 1 file: 0 errors, 0 warnings\n");
    let run = check_in(&r, &["--format", "json", "journal/2026/01/09-bad.yaml"]).expect(1);
    assert_eq!(
        codes(&run),
        [
            "journal/2026/01/09-bad.yaml 1:1 schema/missing-field",
            "journal/2026/01/09-bad.yaml 1:1 schema/missing-field",
        ]
    );
    let outside = tempfile::tempdir().expect("tempdir");
    let file = outside.path().join("x.yaml");
    std::fs::write(&file, format!("{CANARY}: 1\n")).expect("write");
    let run = check_in(&r, &[file.to_str().expect("utf-8 path")]).expect(2);
    assert!(run.stderr().starts_with("error: "), "{}", run.stderr());
    assert!(
        run.stderr().contains("is outside the repository"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains(CANARY));
}

/// A merge conflict in the index is reported, not read.
#[test]
fn staged_conflicts_are_reported() {
    let r = TestRepo::new();
    r.write("journal/2026/01/08-a.yaml", GOOD);
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "other"]);
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 50\nsummary: Other\n",
    );
    r.commit("other").expect(0);
    r.git(&["checkout", "-q", "main"]);
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 60\nsummary: Main\n",
    );
    r.commit("main").expect(0);
    let merge = r.git_run(&["merge", "-q", "other"], "2026-01-10T12:00:00+00:00");
    assert!(
        !merge.status.success(),
        "the merge was expected to conflict"
    );
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(codes(&run), ["journal/2026/01/08-a.yaml -:- file/conflict"]);
}

/// A conflicted roadmap is reported, not replaced by the default plan; a
/// conflicted entry is neither read nor counted toward the day of another.
#[test]
fn staged_conflicts_in_the_roadmap_and_a_same_day_entry_are_reported_not_read() {
    let r = TestRepo::new();
    let plan = |title: &str| {
        format!("title: {title}\nstart: 2026-01-05\nmilestones:\n  - id: m\n    title: M\n    duration: 1 month\nskills:\n  - id: mcp\n    name: MCP\n    priority: P0\n")
    };
    let entry =
        |who: &str| format!("date: 2026-01-08\nminutes: 600\nsummary: {who}\nauthor: alice\n");
    r.write("roadmap.yaml", &plan("Base"));
    r.write("journal/2026/01/08-a.yaml", &entry("Base"));
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "other"]);
    r.write("roadmap.yaml", &plan("Other"));
    r.write("journal/2026/01/08-a.yaml", &entry("Other"));
    r.commit("other").expect(0);
    r.git(&["checkout", "-q", "main"]);
    r.write("roadmap.yaml", &plan("Main"));
    r.write("journal/2026/01/08-a.yaml", &entry("Main"));
    r.commit("main").expect(0);
    let merge = r.git_run(&["merge", "-q", "other"], "2026-01-10T12:00:00+00:00");
    assert!(
        !merge.status.success(),
        "the merge was expected to conflict"
    );
    // A new entry of the same day, with a skill only the plan knows.
    r.write(
        "journal/2026/01/08-b.yaml",
        "date: 2026-01-08\nminutes: 600\nsummary: New\nauthor: alice\nskills: [mcp]\n",
    );
    r.git(&["add", "journal/2026/01/08-b.yaml"]);
    let run = check_in(&r, &["--staged", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&run),
        [
            "journal/2026/01/08-a.yaml -:- file/conflict",
            "roadmap.yaml -:- file/conflict"
        ]
    );
}

/// SPEC §4: with `--base`, editing an entry recorded long before the change
/// is an error (the journal is append-only); a new entry is fine.
#[test]
fn base_adds_the_append_only_rule() {
    let mut r = TestRepo::new();
    r.today = "2026-01-08".into();
    r.write("journal/2026/01/08-a.yaml", GOOD);
    r.commit("first entry").expect(0);
    r.git(&["checkout", "-q", "-b", "change"]);
    r.today = "2026-01-20".into();
    r.write(
        "journal/2026/01/20-b.yaml",
        "date: 2026-01-20\nminutes: 30\nsummary: New work\n",
    );
    r.commit("new entry").expect(0);
    check_in(&r, &["--base", "main"]).expect(0);
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 90\nsummary: Built an MCP server\n",
    );
    r.commit("rewrite history").expect(0);
    let run = check_in(&r, &["--base", "main", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&run),
        ["journal/2026/01/08-a.yaml -:- history/append-only"]
    );
}
