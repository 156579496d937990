//! The figures of SPEC §3 through `report --format json`: the worked example
//! of docs/metrics.md, checked figure by figure against the docs' own tables,
//! and the edges that only show through a real repository.

use crate::harness::TestRepo;
use serde_json::Value;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-03-18";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/worked-example")
}

/// The fixture's journal files, repository-relative, in date order.
fn journal_files() -> Vec<String> {
    let dir = fixture().join("journal/2026/03");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| {
            let name = e.expect("a directory entry").file_name();
            format!("journal/2026/03/{}", name.to_string_lossy())
        })
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The worked example as a repository: the roadmap committed on 03-01, then
/// each entry committed on its own date by `alice` (bob's entries name him).
/// Returns the repository (today 03-19) and each entry's commit.
fn worked_example() -> (TestRepo, Vec<(String, String)>) {
    let mut r = TestRepo::new();
    r.who = ("alice".into(), "alice@example.com".into());
    r.today = "2026-03-01".into();
    r.write("roadmap.yaml", &read(&fixture().join("roadmap.yaml")));
    r.commit("The plan").expect(0);
    let mut commits = Vec::new();
    for rel in journal_files() {
        let day = &rel["journal/2026/03/".len().."journal/2026/03/".len() + 2];
        r.today = format!("2026-03-{day}");
        r.write(&rel, &read(&fixture().join(&rel)));
        r.commit(&format!("Log {rel}")).expect(0);
        commits.push((rel, r.git(&["rev-parse", "HEAD"]).trim().to_string()));
    }
    r.today = "2026-03-19".into();
    (r, commits)
}

fn report(r: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    r.tm(&args).expect(0).json()
}

/// Resolves `milestones[basics].budget.adherence`: `name[key]` picks the
/// element of an array whose id (author, kind, priority, start) is `key`,
/// or, for a number, the element at that index.
fn at<'a>(json: &'a Value, path: &str) -> &'a Value {
    let mut v = json;
    for part in path.split('.') {
        let (name, key) = match part.split_once('[') {
            Some((n, k)) => (n, Some(k.trim_end_matches(']'))),
            None => (part, None),
        };
        v = v
            .get(name)
            .unwrap_or_else(|| panic!("no `{name}` in `{path}`"));
        if let Some(key) = key {
            v = v
                .as_array()
                .and_then(|items| {
                    items
                        .iter()
                        .find(|x| {
                            ["id", "author", "kind", "priority", "start"]
                                .iter()
                                .any(|f| x.get(f).and_then(Value::as_str) == Some(key))
                        })
                        .or_else(|| key.parse::<usize>().ok().and_then(|i| items.get(i)))
                })
                .unwrap_or_else(|| panic!("no `{key}` in `{name}` of `{path}`"));
        }
    }
    v
}

/// Whether a figure as the docs write it (`0.9167`, `2026-03-14`, `late`,
/// `null`, `true`) is the JSON value.
fn same(doc: &str, json: &Value) -> bool {
    match (doc, json) {
        ("null", Value::Null) => true,
        ("true", Value::Bool(b)) => *b,
        ("false", Value::Bool(b)) => !*b,
        (_, Value::Number(n)) => doc
            .parse::<f64>()
            .is_ok_and(|x| n.as_f64().is_some_and(|y| (x - y).abs() < 1e-9)),
        (_, Value::String(s)) => s == doc,
        _ => false,
    }
}

/// The figures the worked example's tables state: (heading, path, value).
fn documented_figures(docs: &str) -> Vec<(String, String, String)> {
    figures_of(docs, "Worked example")
}

/// The figures of the tables of the `## {title}` section, up to the next
/// `## ` heading: (heading, path, value).
fn figures_of(docs: &str, title: &str) -> Vec<(String, String, String)> {
    let section = docs
        .split_once(&format!("\n## {title}\n"))
        .map(|(_, s)| s.split("\n## ").next().unwrap_or(s))
        .unwrap_or_else(|| panic!("docs/metrics.md has a `## {title}` section"));
    let mut heading = String::new();
    let mut out = Vec::new();
    for line in section.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.to_string();
        } else if let Some(row) = line.strip_prefix("| `") {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let path = cells[0].trim_end_matches('`');
            out.push((heading.clone(), path.to_string(), cells[1].to_string()));
        }
    }
    out
}

#[test]
fn the_worked_example_in_the_docs_holds() {
    let docs = read(&root().join("docs/metrics.md"));
    // The docs show the fixture files as they are.
    let roadmap = read(&fixture().join("roadmap.yaml"));
    assert!(
        docs.contains(&format!("```yaml\n{roadmap}```")),
        "docs/metrics.md does not show tests/fixtures/worked-example/roadmap.yaml verbatim"
    );
    for rel in journal_files() {
        let text = read(&fixture().join(&rel));
        assert!(
            docs.contains(&format!("# {rel}\n{text}")),
            "docs/metrics.md does not show {rel} verbatim"
        );
    }

    let (r, commits) = worked_example();
    let everyone = report(&r, &[]);
    let bob = report(&r, &["--author", "bob"]);
    let figures = documented_figures(&docs);
    let mut wrong = Vec::new();
    for (heading, path, value) in &figures {
        let json = if heading.contains("--author bob") {
            &bob
        } else {
            &everyone
        };
        let got = at(json, path);
        if !same(value, got) {
            wrong.push(format!("{heading}: {path} is {got}, the docs say {value}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every section of the example is checked, not only what happens to parse.
    assert_eq!(
        figures.len(),
        127,
        "the number of documented figures changed"
    );

    // The history's part: completions carry the commit that recorded them.
    let commit_of = |name: &str| {
        commits
            .iter()
            .find(|(rel, _)| rel.ends_with(name))
            .map(|(_, c)| c.as_str())
            .expect("a fixture entry")
    };
    assert_eq!(
        at(
            &everyone,
            "milestones[basics].targets[rustlings].recorded_in"
        ),
        commit_of("08-rustlings-done.yaml")
    );
    assert_eq!(
        at(
            &everyone,
            "milestones[project].targets[ship-cli].recorded_in"
        ),
        commit_of("17-ship-cli.yaml")
    );
    assert_eq!(
        at(
            &everyone,
            "milestones[basics].targets[read-book].recorded_in"
        ),
        &Value::Null
    );
    // Narrowed to bob, there is no per-person table.
    assert_eq!(bob["people"], Value::Array(vec![]));
    assert_eq!(bob["author"], "bob");
}

#[test]
fn the_json_report_carries_every_name_of_the_contract() {
    let (r, _) = worked_example();
    let j = report(&r, &[]);
    crate::contract::assert_spec_names(&j);
    assert_eq!(j["as_of"], AS_OF);
    assert_eq!(j["people"].as_array().map(Vec::len), Some(2));
}

#[test]
fn as_of_before_the_start_and_after_every_end() {
    let (r, _) = worked_example();
    // Before the roadmap starts: only 03-01 counts; nothing is planned yet.
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-03-01"])
        .expect(0)
        .json();
    let basics = at(&j, "milestones[basics]");
    assert_eq!(basics["status"], "upcoming");
    assert_eq!(basics["budget"]["planned_to_date"], 0.0);
    assert_eq!(basics["budget"]["adherence"], Value::Null);
    assert_eq!(basics["budget"]["status"], "not started");
    assert_eq!(at(&j, "milestones[basics].targets[read-book].amount"), 2.0);
    assert_eq!(j["totals"]["entries"], 1);
    assert_eq!(j["practice"]["consistency"], Value::Null);
    assert_eq!(at(&j, "habits[review].complete_periods"), 0);
    // Long after: the 03-19 entry counts; every window is over.
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-05-01"])
        .expect(0)
        .json();
    let project = at(&j, "milestones[project]");
    assert_eq!(project["status"], "late");
    assert_eq!(project["budget"]["planned_to_date"], 14.0);
    assert_eq!(project["budget"]["periods_complete"], 28);
    // 345 minutes by 03-18 and 60 on 03-19: 6.75 h of 14.
    assert_eq!(project["budget"]["actual_to_date"], 6.75);
    assert_eq!(project["budget"]["adherence"], 0.4821);
    assert_eq!(j["totals"]["entries"], 13);
}

#[test]
fn sunday_weeks_and_a_month_from_the_31st() {
    let r = TestRepo::new();
    r.write(
        "roadmap.yaml",
        "title: t\nstart: 2026-01-31\n\
         milestones:\n  - id: m\n    title: m\n    duration: 1 month\n    \
         budget: { hours: 10, per: month }\n    targets: [{ id: x, title: x }]\n\
         habits:\n  - { id: h, title: h, every: week }\n\
         policy:\n  week_start: sunday\n",
    );
    // Sat 01-31 and Sun 02-01 fall in two Sunday weeks (one Monday week).
    for (date, name) in [("2026-01-31", "a"), ("2026-02-01", "b")] {
        r.write(
            &format!("journal/{name}.yaml"),
            &format!("date: {date}\nminutes: 300\nsummary: s\nhabits: [h]\n"),
        );
    }
    r.commit("plan and two entries").expect(0);
    // T = Mon 02-09: Sunday weeks 01-25, 02-01 complete; 02-08 current.
    let j = r
        .tm(&["report", "--format", "json", "--as-of", "2026-02-09"])
        .expect(0)
        .json();
    let m = at(&j, "milestones[m]");
    assert_eq!(
        (m["start"].as_str(), m["end"].as_str()),
        (Some("2026-01-31"), Some("2026-02-27"))
    );
    // 10 h over 28 days; 10 of them planned at T: 3.5714 h; 10 h logged.
    assert_eq!(m["budget"]["planned_total"], 10.0);
    assert_eq!(m["budget"]["planned_to_date"], 3.5714);
    assert_eq!(m["budget"]["adherence"], 2.8);
    assert_eq!(m["budget"]["status"], "over");
    let h = at(&j, "habits[h]");
    assert_eq!(
        (h["hits"].as_u64(), h["complete_periods"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (h["current_streak"].as_u64(), h["current"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(j["headline"]["week_start"], "2026-02-08");
}

/// The fixture of "the plan meets real life": a roadmap and entries, all
/// committed at once on 2026-03-26.
fn real_life_example() -> TestRepo {
    let dir = root().join("tests/fixtures/time-off");
    let mut r = TestRepo::new();
    r.who = ("alice".into(), "alice@example.com".into());
    r.today = "2026-03-26".into();
    r.write("roadmap.yaml", &read(&dir.join("roadmap.yaml")));
    for rel in files_under(&dir, "journal/2026/03") {
        r.write(&rel, &read(&dir.join(&rel)));
    }
    r.commit("The plan and the journal").expect(0);
    r
}

fn files_under(root: &Path, rel: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join(rel))
        .unwrap_or_else(|e| panic!("read {rel}: {e}"))
        .map(|e| {
            format!(
                "{rel}/{}",
                e.expect("an entry").file_name().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    files
}

/// docs/metrics.md's second worked example (time off), figure by figure:
/// each table is checked as of the T its heading names.
#[test]
fn the_plan_meets_real_life_example_in_the_docs_holds() {
    let docs = read(&root().join("docs/metrics.md"));
    let dir = root().join("tests/fixtures/time-off");
    let roadmap = read(&dir.join("roadmap.yaml"));
    assert!(
        docs.contains(&format!("```yaml\n{roadmap}```")),
        "docs/metrics.md does not show tests/fixtures/time-off/roadmap.yaml verbatim"
    );
    for rel in files_under(&dir, "journal/2026/03") {
        let text = read(&dir.join(&rel));
        assert!(
            docs.contains(&format!("# {rel}\n{text}")),
            "docs/metrics.md does not show {rel} verbatim"
        );
    }
    let scope_dir = root().join("tests/fixtures/scope");
    for name in [
        "roadmap-0.yaml",
        "roadmap-1.yaml",
        "roadmap-2.yaml",
        "roadmap-3.yaml",
    ] {
        let text = read(&scope_dir.join(name));
        assert!(
            docs.contains(&format!("```yaml\n{text}```")),
            "docs/metrics.md does not show tests/fixtures/scope/{name} verbatim"
        );
    }
    for rel in files_under(&scope_dir, "journal/2026/03") {
        let text = read(&scope_dir.join(&rel));
        assert!(
            docs.contains(&format!("# {rel}\n{text}")),
            "docs/metrics.md does not show the scope example's {rel} verbatim"
        );
    }
    let r = real_life_example();
    let (scoped, _) = crate::scope::scope_example();
    let figures = figures_of(&docs, "Worked example: the plan meets real life");
    let mut reports: std::collections::HashMap<String, Value> = std::collections::HashMap::new();
    let mut wrong = Vec::new();
    for (heading, path, value) in &figures {
        let t = heading
            .split_once("(T = ")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(t, _)| t.to_string())
            .unwrap_or_else(|| panic!("the heading `{heading}` names no T"));
        // The scope section is about its own repository.
        let (repo, key) = if heading.starts_with("Scope") {
            (&scoped, format!("scope {t}"))
        } else {
            (&r, t.clone())
        };
        let json = reports.entry(key).or_insert_with(|| {
            repo.tm(&["report", "--format", "json", "--as-of", &t])
                .expect(0)
                .json()
        });
        let got = at(json, path);
        if !same(value, got) {
            wrong.push(format!("{heading}: {path} is {got}, the docs say {value}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        figures.len(),
        64,
        "the number of documented figures changed"
    );
}

/// The pace in words, in the comment and in the terminal; `null` once the
/// window is over.
#[test]
fn the_pace_reads_in_words() {
    let r = real_life_example();
    let words = "needs 1.1 h/day for the 7 days left; at your 14-day pace you reach 88% of plan; \
                 targets would finish late, by 2026-04-12 (2 weeks late)";
    let md = r
        .tm(&["report", "--as-of", "2026-03-15"])
        .expect(0)
        .stdout();
    assert!(
        md.lines()
            .any(|l| l == format!("- **The sprint**: {words}")),
        "{md}"
    );
    let text = r
        .tm(&["report", "--format", "text", "--as-of", "2026-03-15"])
        .expect(0)
        .stdout();
    assert!(text.lines().any(|l| l.trim_start() == words), "{text}");
    // At the end of the window, no working day is left; after it, no pace.
    let last = report_as_of(&r, "2026-03-29");
    let pace = at(&last, "milestones[sprint].pace");
    assert_eq!(pace["remaining_days"], 0);
    assert_eq!(pace["needed_per_day"], Value::Null);
    let after = report_as_of(&r, "2026-03-30");
    assert_eq!(at(&after, "milestones[sprint].pace"), &Value::Null);
    assert_eq!(at(&after, "milestones[sprint].status"), "late");
}

fn report_as_of(r: &TestRepo, t: &str) -> Value {
    r.tm(&["report", "--format", "json", "--as-of", t])
        .expect(0)
        .json()
}

/// A milestone where nothing is done yet says so; "in 28 days" is kept for
/// one that moved once and has stood still for the 28 days the rate reads.
#[test]
fn a_pace_with_no_target_moved_says_yet_or_in_28_days() {
    let mut r = TestRepo::new();
    r.today = "2026-11-30".into();
    r.tm(&["init", "--start", "2026-11-30", "--workflow", "none"])
        .expect(0);
    r.tm(&["log", "45m", "Read the first chapter"]).expect(0);
    r.commit("first entry").expect(0);
    let first_day =
        "needs 2 h/day for the 29 days left; at your 1-day pace you reach 38% of plan; \
                     no target moved yet";
    let text = r.tm(&["report", "--format", "text"]).expect(0).stdout();
    assert!(text.lines().any(|l| l.trim_start() == first_day), "{text}");
    let md = r.tm(&["report"]).expect(0).stdout();
    assert!(
        md.lines()
            .any(|l| l == format!("- **Month 1**: {first_day}")),
        "{md}"
    );
    let html = r.tm(&["report", "--format", "html"]).expect(0).stdout();
    assert!(html.contains("; no target moved yet</li>"), "{html}");
    assert!(!html.contains("in 28 days"), "{html}");
    // One target moved on the first day, then nothing for 28 days.
    r.tm(&[
        "log",
        "30m",
        "Installed the tools",
        "--done",
        "install-ai-tools",
    ])
    .expect(0);
    r.commit("tools").expect(0);
    let text = r
        .tm(&["report", "--format", "text", "--as-of", "2026-12-28"])
        .expect(0)
        .stdout();
    assert!(
        text.lines()
            .any(|l| l.trim_start().ends_with("; no target moved in 28 days")),
        "{text}"
    );
}
