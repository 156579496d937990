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

// ------------------------------------------------- a real editor's server

/// yaml-language-server from npm: `PACENOTE_YAMLLS` (the package's folder),
/// else where `.ci/run` installs it. Skipped when absent, unless
/// `PACENOTE_REQUIRE_YAMLLS` is set (as `.ci/run` does).
fn yamlls() -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("PACENOTE_YAMLLS") {
        Some(d) => std::path::PathBuf::from(d),
        None => Path::new(ROOT).join("target/yamlls/node_modules/yaml-language-server"),
    };
    if dir.join("bin/yaml-language-server").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("PACENOTE_REQUIRE_YAMLLS").is_none(),
        "yaml-language-server is required but not installed at {}",
        dir.display()
    );
    eprintln!("skipped: yaml-language-server is not installed (`.ci/run` installs it into target/yamlls; or set PACENOTE_YAMLLS to the npm package's folder)");
    None
}

/// A minimal LSP client: yaml-language-server over stdio, as an editor
/// drives it. It answers the server's requests (configuration, capability
/// registration) and hands back responses and notifications.
struct Lsp {
    child: std::process::Child,
    to: std::process::ChildStdin,
    from: std::sync::mpsc::Receiver<serde_json::Value>,
    next_id: u64,
    /// The `yaml` settings the client answers `workspace/configuration` with.
    settings: serde_json::Value,
    root: String,
    /// Whether the server has asked for the settings and been answered.
    configured: bool,
}

impl Lsp {
    fn start(server: &Path, root: &Path, settings: serde_json::Value) -> Lsp {
        use std::io::{BufRead, Read};
        let mut child = std::process::Command::new("node")
            .arg(server.join("bin/yaml-language-server"))
            .arg("--stdio")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node runs");
        let to = child.stdin.take().expect("stdin");
        let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, from) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            if out.read_exact(&mut body).is_err() {
                return;
            }
            let Ok(msg) = serde_json::from_slice::<serde_json::Value>(&body) else {
                return;
            };
            if tx.send(msg).is_err() {
                return;
            }
        });
        let root = format!("file://{}", root.display());
        let mut lsp = Lsp {
            child,
            to,
            from,
            next_id: 0,
            settings,
            root,
            configured: false,
        };
        let caps = serde_json::json!({
            "workspace": { "configuration": true },
            "textDocument": {
                "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": ["markdown"] } },
                "hover": { "contentFormat": ["markdown"] }
            }
        });
        let root = lsp.root.clone();
        lsp.request(
            "initialize",
            &serde_json::json!({
                "processId": std::process::id(),
                "rootUri": root,
                "workspaceFolders": [{ "uri": root, "name": "repo" }],
                "capabilities": caps
            }),
        );
        lsp.notify("initialized", &serde_json::json!({}));
        let settings = lsp.settings.clone();
        lsp.notify(
            "workspace/didChangeConfiguration",
            &serde_json::json!({ "settings": { "yaml": settings } }),
        );
        // Files opened before the server applies the settings would be
        // checked without them: wait for its question, then for one more
        // round trip, which it answers only after taking the answer in.
        while !lsp.configured {
            let msg = lsp.receive();
            lsp.handle(msg);
        }
        lsp.request("pacenote/sync", &serde_json::json!({}));
        lsp
    }

    fn send(&mut self, msg: &serde_json::Value) {
        use std::io::Write;
        let body = msg.to_string();
        write!(self.to, "Content-Length: {}\r\n\r\n{body}", body.len())
            .expect("write to the server");
        self.to.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: &serde_json::Value) {
        self.send(&serde_json::json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result.
    fn request(&mut self, method: &str, params: &serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(
            &serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        );
        let reply = self.wait(|m| m["id"] == id && m.get("method").is_none());
        reply["result"].clone()
    }

    /// The next message from the server. One that stops talking fails the
    /// test after a minute (a guard against a hang, not a measure of speed).
    fn receive(&mut self) -> serde_json::Value {
        self.from
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("yaml-language-server stopped answering")
    }

    /// Answers a request of the server (its settings, capability
    /// registrations); returns any other message.
    fn handle(&mut self, msg: serde_json::Value) -> Option<serde_json::Value> {
        let (Some(method), Some(id)) = (msg["method"].as_str(), msg.get("id")) else {
            return Some(msg);
        };
        let result = match method {
            "workspace/configuration" => serde_json::Value::Array(
                msg["params"]["items"]
                    .as_array()
                    .map(|items| {
                        items
                            .iter()
                            .map(|i| match i["section"].as_str() {
                                Some("yaml") => self.settings.clone(),
                                _ => serde_json::Value::Null,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => serde_json::Value::Null,
        };
        if method == "workspace/configuration" {
            self.configured = true;
        }
        let id = id.clone();
        self.send(&serde_json::json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        None
    }

    /// The next message matching `want`, answering the server's own
    /// requests on the way.
    fn wait(&mut self, want: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        loop {
            let msg = self.receive();
            if let Some(msg) = self.handle(msg) {
                if want(&msg) {
                    return msg;
                }
            }
        }
    }

    fn uri(&self, path: &str) -> String {
        format!("{}/{path}", self.root)
    }

    /// Opens a file as an editor does and returns the diagnostics the server
    /// publishes for it: (1-based line, message).
    fn open(&mut self, path: &str, text: &str) -> Vec<(u64, String)> {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            &serde_json::json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        self.diagnostics(&uri)
    }

    /// Replaces the text of an open file, as typing does; returns the
    /// diagnostics published for the new text.
    fn change(&mut self, path: &str, version: u32, text: &str) -> Vec<(u64, String)> {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didChange",
            &serde_json::json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }]
            }),
        );
        self.diagnostics(&uri)
    }

    fn diagnostics(&mut self, uri: &str) -> Vec<(u64, String)> {
        let msg = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|d| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX) + 1,
                    d["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    fn at(&self, path: &str, line: u32, character: u32) -> serde_json::Value {
        serde_json::json!({
            "textDocument": { "uri": self.uri(path) },
            "position": { "line": line, "character": character }
        })
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Settings that only keep the server off the network (no schema store);
/// nothing connects a schema: entries must carry their own modeline.
fn offline() -> serde_json::Value {
    serde_json::json!({ "schemaStore": { "enable": false } })
}

/// The lines of `check`'s errors for one file of the repository.
fn check_lines(r: &TestRepo, path: &str) -> Vec<u64> {
    let out = r.tm(&["check", "--format", "json", path]).json();
    let mut lines: Vec<u64> = out["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    lines.dedup();
    lines
}

/// Replaces the line starting with `key` in `text` (or adds `line` when none does).
fn with_line(text: &str, key: &str, line: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for l in text.lines() {
        if !done && l.starts_with(key) {
            out.push_str(line);
            done = true;
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    if !done {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn yaml_language_server_checks_completes_and_explains_entries_written_by_log() {
    let Some(server) = yamlls() else { return };
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let path = r
        .tm(&[
            "log",
            "45m",
            "Built an MCP server",
            "--skill",
            "mcp",
            "--target",
            "write-evals=3",
            "--habit",
            "weekly-reading",
        ])
        .expect(0)
        .stdout()
        .trim()
        .to_string();
    let good = r.read(&path);
    assert_eq!(
        good,
        "# yaml-language-server: $schema=../../../schema/entry.schema.json\ndate: 2026-01-10\nminutes: 45\nsummary: Built an MCP server\nskills: [mcp]\ntargets:\n  - id: write-evals\n    amount: 3\nhabits: [weekly-reading]\n"
    );
    let mut lsp = Lsp::start(&server, r.path(), offline());
    assert_eq!(lsp.open(&path, &good), [], "a valid entry is clean");

    // Ten ways to get an entry wrong, each flagged where `check` flags it.
    let bad: [(&str, &str, &str); 10] = [
        ("unknown-skill", "skills:", "skills: [mcpp]"),
        ("minutes-zero", "minutes:", "minutes: 0"),
        ("minutes-quoted", "minutes:", "minutes: \"45\""),
        ("summary-blank", "summary:", "summary: \"  \""),
        ("kind-typo", "kind:", "kind: vidoe"),
        ("unknown-key", "tags:", "tags: [rust]"),
        ("amount-zero", "    amount:", "    amount: 0"),
        (
            "evidence-ftp",
            "evidence:",
            "evidence: [ftp://example.com/x]",
        ),
        ("habit-typo", "habits:", "habits: [weekly-readin]"),
        ("author-two-lines", "author:", "author: \"alice\\nbob\""),
    ];
    let mut failures = Vec::new();
    for (name, key, line) in bad {
        let p = format!("journal/2026/01/10-{name}.yaml");
        let text = with_line(&good, key, line);
        r.write(&p, &text);
        let want = check_lines(&r, &p);
        let got: Vec<(u64, String)> = lsp.open(&p, &text);
        let mut lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
        lines.dedup();
        if want.is_empty() || lines != want {
            failures.push(format!(
                "{name}: check flags lines {want:?}, the editor {got:?}\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Completion inside `skills: [` offers the roadmap's skill ids.
    let text = with_line(&good, "skills:", "skills: [");
    let p = "journal/2026/01/10-typing.yaml";
    lsp.open(p, &text);
    let items = lsp.request("textDocument/completion", &lsp.at(p, 4, 9));
    let items = items.get("items").unwrap_or(&items).clone();
    let labels: Vec<&str> = items
        .as_array()
        .expect("completion items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    let schema: serde_json::Value =
        serde_json::from_str(&r.read("schema/entry.schema.json")).expect("JSON");
    assert_eq!(labels, strings(&schema["$defs"]["skill"]["enum"]));
    assert_eq!(labels.len(), 21);
    let rag = items
        .as_array()
        .and_then(|a| a.iter().find(|i| i["label"] == "rag"))
        .expect("rag offered");
    assert_eq!(
        rag["documentation"]["value"],
        "**RAG architectures** · P0 · group ai — The #1 shipped pattern"
    );

    // Each kind is explained on its own.
    let text = with_line(&good, "kind:", "kind: ");
    let p = "journal/2026/01/10-kind.yaml";
    lsp.open(p, &text);
    let line = text.lines().position(|l| l == "kind: ").expect("kind line") as u32;
    let items = lsp.request("textDocument/completion", &lsp.at(p, line, 6));
    let items = items.get("items").unwrap_or(&items).clone();
    let kinds: Vec<(String, String)> = items
        .as_array()
        .expect("completion items")
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap_or_default().to_string(),
                i["documentation"]["value"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let paper = kinds.iter().find(|(k, _)| k == "paper");
    assert_eq!(
        paper.map(|(_, d)| d.as_str()),
        Some("**paper**: reading a research paper"),
        "{kinds:?}"
    );

    // Hover on `minutes` explains it.
    let hover = lsp.request("textDocument/hover", &lsp.at(&path, 2, 2));
    let description = schema["properties"]["minutes"]["description"]
        .as_str()
        .expect("a description");
    // (The server repeats the example of each subschema that describes
    // `minutes`: the key's own and the one for entries that correct none.)
    let hover = hover["contents"]["value"].as_str().unwrap_or_default();
    let head = format!(
        "#### pacenote journal entry\n\n{}\n\nExample:\n\n```yaml\n45\n```\n\n",
        description.replace('`', "\\`")
    );
    assert!(hover.starts_with(&head), "{hover}");
    assert!(
        hover.ends_with(&format!(
            "Source: [entry.schema.json]({}/schema/entry.schema.json)",
            lsp.root
        )),
        "{hover}"
    );

    // Completing the key `minutes` inserts a valid example, never 0.
    let text = "# yaml-language-server: $schema=../../../schema/entry.schema.json\ndate: 2026-01-10\nmin\n";
    let p = "journal/2026/01/10-keys.yaml";
    lsp.open(p, text);
    let items = lsp.request("textDocument/completion", &lsp.at(p, 2, 3));
    let items = items.get("items").unwrap_or(&items).clone();
    let minutes = items
        .as_array()
        .and_then(|a| a.iter().find(|i| i["label"] == "minutes"))
        .unwrap_or_else(|| panic!("minutes not offered: {items}"));
    assert_eq!(minutes["insertText"], "minutes: ${1:45}");
}

#[test]
fn yaml_language_server_uses_the_vscode_settings_init_wrote_for_entries_without_a_modeline() {
    let Some(server) = yamlls() else { return };
    // The server's globs skip hidden folders: a repository below one (like
    // the default temporary folders) would match no `yaml.schemas` pattern.
    let r = TestRepo::new_visible();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let settings: serde_json::Value =
        serde_json::from_str(&r.read(".vscode/settings.json")).expect("JSON");
    let mut yaml = offline();
    yaml["schemas"] = settings["yaml.schemas"].clone();
    let mut lsp = Lsp::start(&server, r.path(), yaml);
    let p = "journal/2026/01/10-by-hand.yaml";
    let text = "date: 2026-01-10\nminutes: 30\nsummary: Wrote this by hand\nskills: [mcpp]\n";
    r.write(p, text);
    assert_eq!(check_lines(&r, p), [4]);
    let got = lsp.open(p, text);
    assert_eq!(
        got.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [4],
        "{got:?}"
    );
    let roadmap = r.read("roadmap.yaml");
    assert_eq!(lsp.open("roadmap.yaml", &roadmap), []);
    let broken = roadmap.replacen("every: week", "every: fortnight", 1);
    r.write("roadmap.yaml", &broken);
    let want = check_lines(&r, "roadmap.yaml");
    assert_eq!(want.len(), 1);
    let got = lsp.change("roadmap.yaml", 2, &broken);
    assert_eq!(
        got.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        want,
        "{got:?}"
    );
}

// ------------------------------------------------------- YAML 1.1 readers

/// A Python with `PyYAML` (a YAML 1.1 reader): `PACENOTE_PYYAML_PYTHON`, else
/// `python3` when it can import yaml. Required when
/// `PACENOTE_REQUIRE_PYYAML` is set (as `.ci/run` does).
fn pyyaml() -> Option<String> {
    let python = std::env::var("PACENOTE_PYYAML_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = std::process::Command::new(&python)
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("PACENOTE_REQUIRE_PYYAML").is_none(),
        "PyYAML is required but `{python} -c 'import yaml'` fails"
    );
    eprintln!("skipped: no Python with PyYAML (set PACENOTE_PYYAML_PYTHON)");
    None
}

#[test]
fn a_yaml_11_reader_reads_every_text_log_writes_as_that_text() {
    let Some(python) = pyyaml() else { return };
    let r = TestRepo::new();
    r.write("roadmap.yaml", SMALL_ROADMAP);
    // Summaries and authors YAML 1.1 reads as booleans, numbers, dates or null.
    let texts = [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "true",
        "null",
        "~",
        "12:30",
        "1:20:30",
        "0o17",
        "017",
        "0x1F",
        "1_000",
        "2026-01-05",
        "1e3",
        "+12",
        ".5",
        ".inf",
        "<<",
        "=",
        "Read: the RAG paper",
        "C# and F#",
        "- not a list",
        "3 blog posts",
        "yes, really",
    ];
    let mut written = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let date = format!("2026-01-{:02}", 1 + i % 9);
        let author = format!("--author={t}");
        let out = r
            .tm(&["log", "--date", &date, &author, "--", "15m", t])
            .expect(0);
        written.push((t.to_string(), out.stdout().trim().to_string()));
    }
    let script = "import json, sys, yaml\nfor p in sys.argv[1:]:\n    d = yaml.safe_load(open(p, encoding='utf-8'))\n    print(json.dumps([d['summary'], d['author']]))\n";
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(written.iter().map(|(_, p)| r.path().join(p)))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let want: Vec<serde_json::Value> = written
        .iter()
        .map(|(t, _)| serde_json::json!([t, t]))
        .collect();
    assert_eq!(read, want);
}
