//! Editors (docs/editors.md): the schemas `init` writes and `schema entry`
//! prints, the modeline `log` writes, and the VS Code settings `init` merges.

use crate::harness::TestRepo;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A small roadmap of our own, with ids the default does not have.
pub const SMALL_ROADMAP: &str = "\
title: Learn Rust
start: 2026-01-05
milestones:
  - id: basics
    title: The basics
    duration: 4 weeks
    budget: { hours: 3, per: week }
    targets:
      - { id: read-the-book, title: Read the Rust book, goal: 20, unit: chapters }
      - { id: first-crate, title: Publish a first crate }
skills:
  - { id: ownership, name: Ownership and borrowing, priority: P0, why: Everything rests on it }
  - { id: async-rust, name: Async Rust, priority: P2, why: For services }
habits:
  - { id: daily-exercise, title: One exercise a day, every: day }
";

fn schema_of(r: &TestRepo) -> serde_json::Value {
    let text = r.tm(&["schema", "entry"]).expect(0).stdout();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn strings(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default())
        .collect()
}

#[test]
fn schema_entry_lists_the_repository_roadmaps_ids_with_their_descriptions() {
    let r = TestRepo::new();
    r.write("roadmap.yaml", SMALL_ROADMAP);
    let s = schema_of(&r);
    let defs = &s["$defs"];
    assert_eq!(strings(&defs["skill"]["enum"]), ["ownership", "async-rust"]);
    assert_eq!(
        strings(&defs["skill"]["markdownEnumDescriptions"]),
        [
            "**Ownership and borrowing** · P0 — Everything rests on it",
            "**Async Rust** · P2 — For services"
        ]
    );
    assert_eq!(
        strings(&defs["target"]["enum"]),
        ["read-the-book", "first-crate"]
    );
    assert_eq!(
        strings(&defs["target"]["markdownEnumDescriptions"]),
        [
            "**Read the Rust book** · The basics (`basics`) · goal 20 chapters",
            "**Publish a first crate** · The basics (`basics`) · goal 1"
        ]
    );
    assert_eq!(strings(&defs["habit"]["enum"]), ["daily-exercise"]);
    assert_eq!(
        strings(&defs["habit"]["markdownEnumDescriptions"]),
        ["**One exercise a day** · every day"]
    );
    // --roadmap wins over the repository's file, as for every command.
    r.write(
        "other.yaml",
        &SMALL_ROADMAP.replace("async-rust", "unsafe-rust"),
    );
    let text = r
        .tm(&["--roadmap", "other.yaml", "schema", "entry"])
        .expect(0)
        .stdout();
    assert!(text.contains("\"unsafe-rust\""), "{text}");
}

#[test]
fn schema_entry_refuses_a_roadmap_with_errors() {
    let r = TestRepo::new();
    r.write(
        "roadmap.yaml",
        "title: x\nskills: [{ id: Bad Id, name: x, priority: P0 }]\n",
    );
    let out = r.tm(&["schema", "entry"]).expect(2);
    assert_eq!(out.stdout(), "");
    assert_eq!(
        out.stderr(),
        "error: roadmap.yaml has 1 error(s), so its ids are unknown\n  hint: run `pacenote check roadmap.yaml` and fix them first\n"
    );
}

#[test]
fn the_repositorys_entry_schema_is_the_one_made_from_the_default_roadmap() {
    // This repository's example journal uses the embedded default roadmap.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(crate::harness::BIN)
        .args(["-C", &dir.path().display().to_string(), "schema", "entry"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let shipped = std::fs::read_to_string(Path::new(ROOT).join("schema/entry.schema.json"))
        .expect("schema/entry.schema.json");
    assert!(
        String::from_utf8_lossy(&out.stdout) == shipped,
        "schema/entry.schema.json is stale: run `cargo run -- -C /tmp schema entry > schema/entry.schema.json`"
    );
}

#[test]
fn init_writes_the_schema_of_the_roadmap_it_keeps() {
    let r = TestRepo::new();
    r.write("roadmap.yaml", SMALL_ROADMAP);
    r.tm(&["init"]).expect(0);
    let written: serde_json::Value =
        serde_json::from_str(&r.read("schema/entry.schema.json")).expect("JSON");
    assert_eq!(written, schema_of(&r));
    assert_eq!(
        strings(&written["$defs"]["skill"]["enum"]),
        ["ownership", "async-rust"]
    );
}

#[test]
fn log_writes_the_modeline_only_when_the_schema_is_there() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let path = r.tm(&["log", "30m", "yes"]).expect(0).stdout();
    assert_eq!(
        r.read(path.trim()),
        "# yaml-language-server: $schema=../../../schema/entry.schema.json\ndate: 2026-01-10\nminutes: 30\nsummary: \"yes\"\n"
    );
    std::fs::remove_file(r.path().join("schema/entry.schema.json")).expect("rm");
    let path = r
        .tm(&["log", "30m", "12:30 standup notes"])
        .expect(0)
        .stdout();
    assert_eq!(
        r.read(path.trim()),
        "date: 2026-01-10\nminutes: 30\nsummary: 12:30 standup notes\n"
    );
}

const SETTINGS: &str = "{\n  \"yaml.schemas\": {\n    \"./schema/entry.schema.json\": [\"journal/**/*.yaml\", \"journal/**/*.yml\"],\n    \"./schema/roadmap.schema.json\": [\"roadmap.yaml\"]\n  }\n}\n";

#[test]
fn init_writes_vscode_settings_and_never_overwrites_them() {
    let r = TestRepo::new();
    let out = r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    assert!(
        out.stderr().contains("  created   .vscode/settings.json\n"),
        "{}",
        out.stderr()
    );
    assert_eq!(r.read(".vscode/settings.json"), SETTINGS);
    let out = r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    assert!(
        out.stderr().contains("  unchanged .vscode/settings.json\n"),
        "{}",
        out.stderr()
    );
    assert_eq!(r.read(".vscode/settings.json"), SETTINGS);
}

#[test]
fn init_adds_the_setting_to_a_plain_json_settings_file() {
    let r = TestRepo::new();
    r.write(".vscode/settings.json", "{\n  \"editor.tabSize\": 2\n}\n");
    let out = r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    assert!(
        out.stderr()
            .contains("  updated   .vscode/settings.json (added `yaml.schemas`)\n"),
        "{}",
        out.stderr()
    );
    assert_eq!(
        r.read(".vscode/settings.json"),
        "{\n  \"yaml.schemas\": {\n    \"./schema/entry.schema.json\": [\"journal/**/*.yaml\", \"journal/**/*.yml\"],\n    \"./schema/roadmap.schema.json\": [\"roadmap.yaml\"]\n  },\n  \"editor.tabSize\": 2\n}\n"
    );
    // Empty object: no stray comma.
    let r = TestRepo::new();
    r.write(".vscode/settings.json", "{}");
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    assert_eq!(r.read(".vscode/settings.json"), SETTINGS);
}

#[test]
fn init_leaves_settings_with_comments_or_their_own_yaml_schemas_alone() {
    for existing in [
        "{\n  // my settings\n  \"editor.tabSize\": 2,\n}\n",
        "{ \"yaml.schemas\": { \"other.json\": \"*.yaml\" } }\n",
    ] {
        let r = TestRepo::new();
        r.write(".vscode/settings.json", existing);
        let out = r.tm(&["init", "--start", "2026-01-05"]).expect(0);
        assert_eq!(r.read(".vscode/settings.json"), existing);
        let err = out.stderr();
        assert!(
            err.contains("  kept      .vscode/settings.json (")
                && err.contains("add this setting yourself")
                && err.contains("\"./schema/entry.schema.json\": [\"journal/**/*.yaml\""),
            "{err}"
        );
    }
}

#[test]
fn check_warns_when_the_entry_schema_no_longer_matches_the_roadmap() {
    let r = TestRepo::new();
    r.write("roadmap.yaml", SMALL_ROADMAP);
    r.tm(&["init"]).expect(0);
    r.tm(&["check", "--strict"]).expect(0);
    r.write(
        "roadmap.yaml",
        &SMALL_ROADMAP.replace("async-rust", "unsafe-rust"),
    );
    let out = r.tm(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(
        out["diagnostics"],
        serde_json::json!([{
            "file": "schema/entry.schema.json",
            "line": null,
            "column": null,
            "code": "schema/stale",
            "severity": "warning",
            "message": "schema/entry.schema.json does not match the roadmap: its skills differ from the roadmap's (missing unsafe-rust) (no longer in the roadmap: async-rust); editors would check entries against old ids",
            "hint": "regenerate it: `pacenote schema entry > schema/entry.schema.json`"
        }])
    );
    // The pre-commit hook says the same about what is staged.
    let c = r.commit("rename a skill").expect(0);
    assert!(
        c.stderr().contains("schema/stale")
            && c.stderr()
                .contains("pacenote schema entry > schema/entry.schema.json"),
        "{}",
        c.stderr()
    );
    // The fix it names works.
    let schema = r.tm(&["schema", "entry"]).expect(0).stdout();
    r.write("schema/entry.schema.json", &schema);
    r.tm(&["check", "--strict"]).expect(0);
    // A schema of an older pacenote, without ids, is stale too.
    r.write("schema/entry.schema.json", "{\"type\": \"object\"}");
    let out = r.tm(&["check", "--format", "json"]).expect(0).json();
    assert_eq!(
        out["diagnostics"][0]["message"],
        "schema/entry.schema.json does not match the roadmap: it lists none of the roadmap's ids; editors would check entries against old ids"
    );
    // A repository without the schema file gets no warning.
    std::fs::remove_file(r.path().join("schema/entry.schema.json")).expect("rm");
    r.tm(&["check", "--strict"]).expect(0);
}
