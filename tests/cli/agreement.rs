//! One truth (docs/editors.md): the JSON Schemas editors use and `pacenote
//! check` give the same verdict on every case of `tests/corpus/`, on the
//! example journal, and on the edge cases below, judged by an independent
//! JSON Schema validator (the `jsonschema` crate) on the YAML read as JSON.
//! The only differences allowed are the rules a schema cannot express,
//! listed in `CHECK_ONLY` and in docs/editors.md.

use crate::harness::TestRepo;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Corpus cases that `check` rejects and the schema accepts, each with the
/// rule only `check` enforces (docs/editors.md, "Only `check` enforces").
const CHECK_ONLY: &[(&str, &str)] = &[
    (
        "date-impossible",
        "entry/date: a real calendar date, not only its shape",
    ),
    ("date-in-future", "entry/future-date: depends on today"),
    (
        "entry-date-before-1970",
        "entry/date: the first day pacenote counts is calendar arithmetic",
    ),
    (
        "date-differs-from-path",
        "entry/path-date: depends on the file's path",
    ),
    ("over-daily-cap", "entry/daily-cap: adds up a day's entries"),
    (
        "correction-of-nothing",
        "entry/corrects: whether the corrected entry is committed depends on the repository",
    ),
    (
        "path-date-impossible",
        "entry/path-date: depends on the file's path",
    ),
    (
        "path-date-impossible-day",
        "entry/path-date: depends on the file's path",
    ),
    (
        "duplicate-key",
        "yaml/duplicate-key: YAML read as JSON keeps one value",
    ),
    (
        "tag-binary",
        "yaml/tag: a tag is about how YAML reads a value; JSON sees only the value",
    ),
    (
        "roadmap-duplicate-id",
        "roadmap/duplicate-id: ids unique across the roadmap",
    ),
    (
        "roadmap-stretch-below-goal",
        "roadmap/stretch: compares two fields",
    ),
    (
        "roadmap-window-backwards",
        "roadmap/window: compares two dates",
    ),
    (
        "roadmap-start-out-of-range",
        "roadmap/date: the range of dates a roadmap may name is calendar arithmetic",
    ),
    (
        "roadmap-window-out-of-range",
        "roadmap/date: the range of dates a roadmap may name is calendar arithmetic",
    ),
    (
        "roadmap-time-off-century",
        "roadmap/time-off: a range longer than a century is calendar arithmetic",
    ),
];

/// The schemas, as `init` writes them for the default roadmap.
fn schemas() -> (serde_json::Value, serde_json::Value) {
    let read = |p: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(Path::new(ROOT).join(p)).expect("schema file");
        serde_json::from_str(&text).expect("a JSON schema")
    };
    (
        read("schema/entry.schema.json"),
        read("schema/roadmap.schema.json"),
    )
}

/// The schema's verdict on one file: `Ok` or the validator's first errors.
/// A file that is not UTF-8 YAML has no JSON form: rejected.
fn schema_verdict(validator: &jsonschema::Validator, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    // A byte-order mark is about the file, not its data (editors skip it).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value =
        serde_yaml::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(3)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// `check`'s verdict on one file in a fresh repository: its errors, if any.
fn check_verdict(path: &str, bytes: &[u8]) -> Result<(), String> {
    let r = TestRepo::new();
    let p = r.path().join(path);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, bytes).expect("write");
    let out = r.tm(&["check", "--format", "json"]).json();
    let errors: Vec<String> = out["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap_or("?")
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join(", "))
    }
}

fn corpus() -> Vec<(String, String, Vec<u8>)> {
    let dir = Path::new(ROOT).join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".expect").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let expect =
                std::fs::read_to_string(dir.join(format!("{name}.expect"))).expect("expect");
            let path = expect
                .lines()
                .find_map(|l| l.strip_prefix("path:"))
                .expect("a path: line")
                .trim()
                .to_string();
            let input = std::fs::read(dir.join(format!("{name}.input"))).expect("input");
            (name, path, input)
        })
        .collect()
}

#[test]
fn schema_and_check_agree_on_every_corpus_case() {
    let (entry, roadmap) = schemas();
    let entry = jsonschema::validator_for(&entry).expect("the entry schema compiles");
    let roadmap = jsonschema::validator_for(&roadmap).expect("the roadmap schema compiles");
    let mut disagreements = Vec::new();
    let mut check_only_seen = Vec::new();
    for (name, path, input) in corpus() {
        let validator = if path == "roadmap.yaml" {
            &roadmap
        } else {
            &entry
        };
        let schema = schema_verdict(validator, &input);
        let check = check_verdict(&path, &input);
        let only = CHECK_ONLY.iter().find(|(n, _)| *n == name);
        match (only, &check, &schema) {
            (Some(_), Err(_), Ok(())) => check_only_seen.push(name.clone()),
            (Some((_, why)), _, _) => disagreements.push(format!(
                "{name}: listed as check-only ({why}), but check says {check:?} and the schema {schema:?}"
            )),
            (None, Err(_), Err(_)) | (None, Ok(()), Ok(())) => {}
            (None, _, _) => disagreements.push(format!(
                "{name}: check says {check:?}, the schema {schema:?}"
            )),
        }
    }
    assert!(
        disagreements.is_empty(),
        "the schema and check disagree:\n{}",
        disagreements.join("\n")
    );
    assert_eq!(check_only_seen.len(), CHECK_ONLY.len());
}

/// Every file below `dir` ending in `.yaml`, relative to `base`.
fn yaml_files(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(base, &p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p.strip_prefix(base).expect("below base").to_path_buf());
        }
    }
}

#[test]
fn schema_and_check_accept_the_example_journal_and_the_default_roadmap() {
    let (entry, roadmap) = schemas();
    let entry = jsonschema::validator_for(&entry).expect("compiles");
    let roadmap = jsonschema::validator_for(&roadmap).expect("compiles");
    let mut files = Vec::new();
    yaml_files(
        Path::new(ROOT),
        &Path::new(ROOT).join("journal"),
        &mut files,
    );
    files.sort();
    assert!(files.len() >= 70, "{} example entries", files.len());
    let mut r = TestRepo::new();
    r.today = "2026-12-31".into();
    let mut failures = Vec::new();
    for f in &files {
        let bytes = std::fs::read(Path::new(ROOT).join(f)).expect("read");
        if let Err(e) = schema_verdict(&entry, &bytes) {
            failures.push(format!("{}: the schema says {e}", f.display()));
        }
        let dest = r.path().join(f);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::write(dest, bytes).expect("write");
    }
    let out = r.tm(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(out["errors"], 0, "{out:#}");
    let default = std::fs::read(Path::new(ROOT).join("src/default_roadmap.yaml")).expect("read");
    if let Err(e) = schema_verdict(&roadmap, &default) {
        failures.push(format!("the default roadmap: {e}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Edge cases where the two could drift apart, with the verdict both give
/// (`None`: only `check` rejects, for the reason given).
const EDGES: &[(&str, &str, &str, Option<bool>)] = &[
    (
        "a single value for a list",
        "journal/a.yaml",
        "skills: mcp\ntargets: build-mcp-server\nhabits: plan-week\nevidence: commit:abc",
        Some(true),
    ),
    (
        "a block-scalar summary ending in a newline",
        "journal/a.yaml",
        "summary: |\n  Built it\n",
        Some(true),
    ),
    (
        "a summary with spaces around it",
        "journal/a.yaml",
        "summary: \"  Built it  \"",
        Some(true),
    ),
    (
        "empty optional keys",
        "journal/a.yaml",
        "kind: ~\nskills:\nhabits: []\nauthor:",
        Some(true),
    ),
    (
        "YAML 1.2 booleans in any case",
        "journal/a.yaml",
        "targets: [{id: build-mcp-server, done: True}]",
        Some(true),
    ),
    (
        "an author in a block scalar",
        "journal/a.yaml",
        "author: |\n  alice\n",
        Some(true),
    ),
    (
        "a numeric summary",
        "journal/a.yaml",
        "summary: 2026",
        Some(false),
    ),
    (
        "a boolean summary",
        "journal/a.yaml",
        "summary: true",
        Some(false),
    ),
    (
        "a numeric author",
        "journal/a.yaml",
        "author: 42",
        Some(false),
    ),
    (
        "a blank summary",
        "journal/a.yaml",
        "summary: \"   \"",
        Some(false),
    ),
    (
        "a summary of 501 characters",
        "journal/a.yaml",
        "summary: LONG",
        Some(false),
    ),
    (
        "a blank author",
        "journal/a.yaml",
        "author: \" \"",
        Some(false),
    ),
    (
        "an author on two lines",
        "journal/a.yaml",
        "author: \"alice\\nbob\"",
        Some(false),
    ),
    (
        "an author of 101 characters",
        "journal/a.yaml",
        "author: NAME",
        Some(false),
    ),
    (
        "a huge amount",
        "journal/a.yaml",
        "targets: [{id: write-evals, amount: 1e12}]",
        Some(false),
    ),
    (
        "a negative amount",
        "journal/a.yaml",
        "targets: [{id: write-evals, amount: -2}]",
        Some(false),
    ),
    (
        "done: yes",
        "journal/a.yaml",
        "targets: [{id: write-evals, done: yes}]",
        Some(false),
    ),
    (
        "minutes over a day",
        "journal/a.yaml",
        "minutes: 1441",
        Some(false),
    ),
    (
        "minutes as text",
        "journal/a.yaml",
        "minutes: \"45\"",
        Some(false),
    ),
    (
        "a list of lists",
        "journal/a.yaml",
        "skills: [[mcp]]",
        Some(false),
    ),
    (
        "an unknown target id",
        "journal/a.yaml",
        "targets: [write-evalz]",
        Some(false),
    ),
    (
        "negative minutes outside a correction",
        "journal/a.yaml",
        "minutes: -15",
        Some(false),
    ),
    (
        "a correction of 0 minutes",
        "journal/a.yaml",
        "minutes: 0\ncorrects: journal/2026/01/07-x.yaml",
        Some(false),
    ),
    (
        "a correction with a kind of its own",
        "journal/a.yaml",
        "minutes: -15\nkind: book\ncorrects: journal/2026/01/07-x.yaml",
        Some(false),
    ),
    (
        "a correction of an entry never committed",
        "journal/a.yaml",
        "minutes: -15\ncorrects: journal/2026/01/07-x.yaml",
        None,
    ),
    ("minutes: 45.0", "journal/a.yaml", "minutes: 45.0", None),
    (
        "minutes in hexadecimal",
        "journal/a.yaml",
        "minutes: 0x2D",
        None,
    ),
    (
        "minutes with an exponent",
        "journal/a.yaml",
        "minutes: 4.5e1",
        None,
    ),
];

/// An entry with `extra` replacing or adding keys.
fn entry_with(extra: &str) -> String {
    let extra = extra
        .replace("LONG", &"x".repeat(501))
        .replace("NAME", &"n".repeat(101));
    let mut keys: Vec<String> = vec![
        "date: 2026-01-08".into(),
        "minutes: 45".into(),
        "summary: Built an MCP server".into(),
    ];
    let mut lines = extra.lines().peekable();
    let mut items: Vec<String> = Vec::new();
    while let Some(l) = lines.next() {
        let mut item = l.to_string();
        while lines.peek().is_some_and(|n| n.starts_with(' ')) {
            item.push('\n');
            item.push_str(lines.next().unwrap_or_default());
        }
        items.push(item);
    }
    for item in items {
        let key = item.split(':').next().unwrap_or_default().to_string();
        match keys.iter_mut().find(|k| k.starts_with(&format!("{key}:"))) {
            Some(k) => *k = item,
            None => keys.push(item),
        }
    }
    format!("{}\n", keys.join("\n"))
}

#[test]
fn schema_and_check_agree_on_the_edge_cases() {
    let (entry, _) = schemas();
    let entry = jsonschema::validator_for(&entry).expect("compiles");
    let mut failures = Vec::new();
    for (name, path, extra, want) in EDGES {
        let text = entry_with(extra);
        let schema = schema_verdict(&entry, text.as_bytes());
        let check = check_verdict(path, text.as_bytes());
        let ok = match want {
            Some(valid) => schema.is_ok() == *valid && check.is_ok() == *valid,
            None => schema.is_ok() && check.is_err(),
        };
        if !ok {
            failures.push(format!(
                "{name}: expected {want:?}; check says {check:?}, the schema {schema:?}\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_and_check_agree_on_roadmap_edge_cases() {
    let (_, roadmap) = schemas();
    let roadmap = jsonschema::validator_for(&roadmap).expect("compiles");
    let base = crate::editors::SMALL_ROADMAP;
    let cases: [(&str, String, bool); 7] = [
        ("the small roadmap", base.to_string(), true),
        (
            "a lowercase priority",
            base.replace("priority: P2", "priority: p2"),
            true,
        ),
        (
            "a capitalised week start",
            format!("{base}policy: {{ week_start: Sunday }}\n"),
            true,
        ),
        (
            "time off for one person",
            format!(
                "{base}time_off:\n  - {{ start: 2026-02-01, end: 2026-02-03, author: alice }}\n"
            ),
            true,
        ),
        (
            "a duration of 0 weeks",
            base.replace("duration: 4 weeks", "duration: 0 weeks"),
            false,
        ),
        (
            "a title that is a number",
            base.replace("title: Learn Rust", "title: 2026"),
            false,
        ),
        (
            "a habit due every fortnight",
            base.replace("every: day", "every: fortnight"),
            false,
        ),
    ];
    let mut failures = Vec::new();
    for (name, text, valid) in cases {
        let schema = schema_verdict(&roadmap, text.as_bytes());
        let check = check_verdict("roadmap.yaml", text.as_bytes());
        if schema.is_ok() != valid || check.is_ok() != valid {
            failures.push(format!(
                "{name}: expected {valid}; check says {check:?}, the schema {schema:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
