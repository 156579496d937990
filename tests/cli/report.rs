//! `pacenote report` (SPEC §5): the PR comment, the JSON report and its
//! schema, the terminal summary, user templates, and `--output`.

mod dom;
mod gfm;
mod html;

use crate::harness::TestRepo;
use std::path::Path;

const EXAMPLE_DAY: &str = "2026-11-24";

/// Copies every file under `from` into the repository at `to`.
fn copy_tree(r: &TestRepo, from: &Path, to: &str) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(from).expect("prefix");
            let text = std::fs::read_to_string(e.path()).expect("read");
            let dest = Path::new(to).join(rel);
            r.write(&dest.to_string_lossy(), &text);
        }
    }
}

fn fixture(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The repository's example journal, committed in one go on `EXAMPLE_DAY`
/// (as it was written), against the embedded default roadmap.
fn example_repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = EXAMPLE_DAY.into();
    copy_tree(&r, &fixture("journal"), "journal");
    r.commit("Example journal").expect(0);
    r
}

/// The hostile-text fixture: `base/` on main, `change/` on a branch.
fn hostile_repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-01-07".into();
    copy_tree(&r, &fixture("tests/fixtures/hostile/base"), "");
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "change"]);
    r.today = "2026-01-10".into();
    r.who = ("@octocat <img>".into(), "eve@example.com".into());
    copy_tree(&r, &fixture("tests/fixtures/hostile/change"), "");
    // A file name is user text too; this one also fails validation, so its
    // name appears in the data-quality table.
    r.write(
        "journal/2026/01/10-x|y@octocat<b>.yaml",
        "date: 2026-01-10\nminutes: 0\nsummary: \"</details> | zero\"\n",
    );
    r.commit("change").expect(0);
    r
}

fn report(r: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    r.tm(&all).expect(0).stdout()
}

// ---------------------------------------------------------------- golden

#[test]
fn example_journal_markdown() {
    let r = example_repo();
    let md = report(&r, &["--as-of", EXAMPLE_DAY]);
    gfm::assert_safe(&md);
    insta::assert_snapshot!("example_markdown", md);
}

#[test]
fn example_journal_text() {
    let r = example_repo();
    insta::assert_snapshot!(
        "example_text",
        report(&r, &["--format", "text", "--as-of", EXAMPLE_DAY])
    );
}

#[test]
fn example_journal_json() {
    let r = example_repo();
    insta::assert_snapshot!(
        "example_json",
        report(&r, &["--format", "json", "--as-of", EXAMPLE_DAY])
    );
}

#[test]
fn hostile_text_stays_text_in_the_comment() {
    let r = hostile_repo();
    let md = report(&r, &["--base", "main", "--as-of", "2026-01-10"]);
    gfm::assert_safe(&md);
    // The text is still there, as text a reader can see.
    let html = gfm::to_html(&md);
    for shown in [
        "<td>| col | col | col | col | col | col | col |</td>",
        "&lt;img src=https\u{200b}://evil.example/pixel.gif width=1 height=1&gt;&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- pacenote-report --&gt;",
        "[x](javascript\u{200b}:alert(1)) ![p](https\u{200b}://evil.example/p.png) &lt;https\u{200b}://evil.example&gt; www\u{200b}.evil.example @\u{200b}octocat @\u{200b}github/secu…</td>",
        "<td>a | b | c | d | e</td>",
        "<td>Month 1 — &lt;/details&gt;&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt; · <strong>stage</strong></td>",
        "bidi evil and zerobell and `code | pipe` and \\| escaped pipe",
        "<td>Mallory | &lt;img src=x&gt; @\u{200b}octocat</td>",
    ] {
        assert!(
            html.contains(shown),
            "missing {shown:?}\n--- html ---\n{html}"
        );
    }
    insta::assert_snapshot!("hostile_markdown", md);
}

#[test]
fn hostile_text_in_the_terminal_and_json() {
    let r = hostile_repo();
    let text = report(
        &r,
        &[
            "--format",
            "text",
            "--base",
            "main",
            "--as-of",
            "2026-01-10",
        ],
    );
    assert!(
        !text.contains('\u{202e}') && !text.contains('\u{7}'),
        "{text}"
    );
    insta::assert_snapshot!("hostile_text", text);
    let json = report(
        &r,
        &[
            "--format",
            "json",
            "--base",
            "main",
            "--as-of",
            "2026-01-10",
        ],
    );
    // JSON keeps the text exactly; escaping is the renderer's job.
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["change"]["entries_added"][1]["summary"],
        "| col | col | col | col | col | col | col |"
    );
    insta::assert_snapshot!("hostile_json", json);
}

// ---------------------------------------------------------------- JSON

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("schema/report.schema.json")).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// The schema with `additionalProperties: false` on every object it
/// describes: the shipped schema stays open (names may be added), but
/// every name the report writes must be documented in it.
fn closed(mut s: serde_json::Value) -> serde_json::Value {
    fn close(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                    o.insert("additionalProperties".into(), false.into());
                }
                o.values_mut().for_each(close);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut s);
    s
}

#[track_caller]
fn assert_valid(report: &serde_json::Value) {
    let v = jsonschema::validator_for(&closed(schema())).expect("a valid JSON Schema");
    let errors: Vec<String> = v
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn schema_report_prints_the_shipped_schema() {
    let r = TestRepo::new();
    let printed = r.tm(&["schema", "report"]).expect(0).stdout();
    // The shipped file, with its `$id` (derived from the repository URL).
    let id = format!(
        "  \"$id\": \"{}/raw/v{}/schema/report.schema.json\",\n",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        printed.replacen(&id, "", 1),
        std::fs::read_to_string(fixture("schema/report.schema.json")).expect("schema")
    );
    assert!(printed.contains(&id), "{printed}");
}

#[test]
fn json_validates_against_its_schema() {
    let r = example_repo();
    assert_valid(&r.tm(&["report", "--format", "json"]).expect(0).json());
    let h = hostile_repo();
    let with_change = h
        .tm(&["report", "--format", "json", "--base", "main"])
        .expect(0)
        .json();
    assert!(with_change["change"].is_object());
    assert!(with_change["people"]
        .as_array()
        .is_some_and(|p| p.len() == 3));
    assert_valid(&with_change);
    // An empty journal, before any commit: nulls where nothing is known.
    let empty = TestRepo::new();
    assert_valid(&empty.tm(&["report", "--format", "json"]).expect(0).json());
}

#[test]
fn schema_rejects_a_report_missing_a_spec_name() {
    let r = example_repo();
    let mut v = r.tm(&["report", "--format", "json"]).expect(0).json();
    v["milestones"][0]["budget"]
        .as_object_mut()
        .expect("budget")
        .remove("planned_to_date");
    let validator = jsonschema::validator_for(&schema()).expect("schema");
    assert!(!validator.is_valid(&v));
    // An undocumented name is caught by the closed schema the tests use.
    let mut extra = r.tm(&["report", "--format", "json"]).expect(0).json();
    let strict = jsonschema::validator_for(&closed(schema())).expect("schema");
    assert!(strict.is_valid(&extra));
    extra["milestones"][0]["targets"][0]["surprise"] = 1.into();
    assert!(!strict.is_valid(&extra));
    assert!(validator.is_valid(&extra));
}

/// Every name SPEC §5 lists, as a path into the report.
#[test]
fn json_carries_every_spec_name() {
    let h = hostile_repo();
    let v = h
        .tm(&["report", "--format", "json", "--base", "main"])
        .expect(0)
        .json();
    assert!(!v["change"].is_null() && !v["people"][0].is_null(), "{v:#}");
    crate::contract::assert_spec_names(&v);
}

// ---------------------------------------------------------------- size

const LIMIT: usize = 65_536;

/// A long, hostile-ish summary of `n` characters.
fn long_summary(i: usize, n: usize) -> String {
    let mut s = format!("Entry {i} | <b>@octocat</b> ");
    while s.chars().count() < n {
        s.push_str("worked on the evals harness and its CI wiring; ");
    }
    s.chars().take(n).collect()
}

#[test]
fn a_huge_change_still_fits_a_comment() {
    let mut r = TestRepo::new();
    r.today = "2026-06-01".into();
    r.write(
        "journal/2026/01/05-first.yaml",
        "date: 2026-01-05\nminutes: 30\nsummary: First\n",
    );
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "big"]);
    // 3,000 entries of 480 characters: the per-entry list alone is ~1.5 MB.
    for i in 0..3000 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 5;
        r.write(
            &format!("journal/2026/{month:02}/{day:02}-entry-{i}.yaml"),
            &format!(
                "date: 2026-{month:02}-{day:02}\nminutes: 20\nsummary: \"{}\"\nskills: [rag, mcp]\ntargets: [{{ id: write-evals, amount: 1 }}]\n",
                long_summary(i, 480)
            ),
        );
    }
    r.commit("a big change").expect(0);
    let md = report(&r, &["--base", "main", "--as-of", "2026-06-01"]);
    assert!(
        md.chars().count() <= LIMIT,
        "{} characters",
        md.chars().count()
    );
    gfm::assert_safe(&md);
    assert!(
        md.contains("### This change\n\nThis change adds 3000 entries (+1000 h); completes 1 target; changes 2 finished milestones; introduces 2769 warnings."),
        "{md}"
    );
    // The per-entry list went first, with a notice pointing to the rest.
    assert!(!md.contains("| ➕ added"), "{md}");
    assert!(md.contains("> [!NOTE]\n> This comment leaves out some detail"));
}

#[test]
fn a_huge_roadmap_is_cut_between_blocks_with_a_notice() {
    let mut r = TestRepo::new();
    r.today = "2026-03-01".into();
    let mut plan = String::from("title: Many milestones\nstart: 2026-01-05\nmilestones:\n");
    for i in 0..900 {
        plan.push_str(&format!(
            "  - id: m{i}\n    title: \"Milestone {i} | {} @team\"\n    after: {i} days\n    duration: 2 weeks\n    budget: {{ hours: 1, per: week }}\n    targets:\n      - {{ id: t{i}, title: \"Target {i}\" }}\n",
            "x".repeat(60)
        ));
    }
    r.write("roadmap.yaml", &plan);
    r.commit("plan").expect(0);
    let md = report(&r, &["--as-of", "2026-03-01"]);
    let n = md.chars().count();
    assert!(n <= LIMIT, "{n} characters");
    assert!(n > LIMIT - 2_000, "cut far too early: {n} characters");
    gfm::assert_safe(&md);
    // The milestones table keeps its header and ends with a row that says
    // how many rows were left out, then the notice.
    let first = format!(
        "| Milestone 0 \\| {}… | `░░░░░░░░░░` 0% | 🔴 late | 0 of 2 h, 0%, final |\n",
        "x".repeat(55)
    );
    assert!(md.contains(&first), "{md}");
    let left_out = md
        .lines()
        .find(|l| l.starts_with("| *… "))
        .unwrap_or_else(|| panic!("no left-out row\n{md}"));
    assert_eq!(left_out, "| *… 436 more rows left out* | | | |");
    assert!(md.ends_with("|\n\n> [!NOTE]\n> The report is too large for a comment and stops here; the full report is in the workflow's job summary and its `pacenote-report` artifact.\n"));
    // The full report, for the job summary and the artifact.
    let full = report(&r, &["--as-of", "2026-03-01", "--max-chars", "0"]);
    assert!(full.chars().count() > LIMIT);
    assert!(full.contains("| Milestone 899 \\| "));
    assert!(!full.contains("[!NOTE]"));
    gfm::assert_safe(&full);
    // A smaller limit is kept too.
    let small = report(&r, &["--as-of", "2026-03-01", "--max-chars", "5000"]);
    assert!(small.chars().count() <= 5000);
    gfm::assert_safe(&small);
    let refused = r.tm(&["report", "--max-chars", "10"]).expect(2);
    assert_eq!(
        refused.stderr(),
        "error: --max-chars 10 is too small for a report\n  hint: pass at least 2000 (GitHub's limit is 65536), or 0 for no limit\n"
    );
}

// ---------------------------------------------------------------- templates

#[test]
fn a_user_template_renders_the_json_data() {
    let r = example_repo();
    r.write(
        "tpl/summary.md.j2",
        "{% include \"head.j2\" %}{% for m in milestones %}- {{ m.id }}: {{ m.completion | pct }} ({{ m.status }})\n{% endfor %}",
    );
    r.write("tpl/head.j2", "# {{ roadmap.title }} as of {{ as_of }}\n");
    let out = report(
        &r,
        &["--template", "tpl/summary.md.j2", "--as-of", EXAMPLE_DAY],
    );
    assert_eq!(
        out,
        "# Become an AI-fluent backend engineer (24 months) as of 2026-11-24\n\
         - month-1: 100% (done late)\n\
         - quarter-1: 100% (done)\n\
         - year-1: 25% (on track)\n\
         - year-2: 0% (upcoming)\n"
    );
}

#[test]
fn a_user_template_escapes_user_text() {
    let r = hostile_repo();
    r.write("t.j2", "{{ milestones[0].title }}\n");
    assert_eq!(
        report(&r, &["--template", "t.j2"]),
        "Month 1 — &lt;/details&gt;&lt;/summary&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n"
    );
}

#[track_caller]
fn template_fails(r: &TestRepo, name: &str, source: &str, expect: &str) {
    r.write(name, source);
    let out = r.tm(&["report", "--template", name]).expect(2);
    assert_eq!(out.stdout(), "");
    assert_eq!(out.stderr(), expect, "template {source:?}");
}

#[test]
fn a_user_template_cannot_read_files() {
    let r = example_repo();
    r.write("secret.txt", "s3cret");
    r.write("tpl/inner/x.j2", "inner");
    let base = "error: template tpl/t.j2:1: ";
    let hint = "\n  hint: include only files of the template's own folder, by plain name\n";
    for name in ["../secret.txt", "/etc/passwd", "inner/x.j2", ".hidden"] {
        template_fails(
            &r,
            "tpl/t.j2",
            &format!("{{% include \"{name}\" %}}"),
            &format!("{base}`{name}`: templates may include only files of their own folder, by plain name{hint}"),
        );
    }
    // A link inside the folder that points out of it is not followed.
    std::os::unix::fs::symlink(r.path().join("secret.txt"), r.path().join("tpl/link.j2"))
        .expect("symlink");
    template_fails(
        &r,
        "tpl/t.j2",
        "{% include \"link.j2\" %}",
        &format!("{base}tried to include non-existing template \"link.j2\"{hint}"),
    );
    // Nor is a template given as a link.
    std::os::unix::fs::symlink(r.path().join("secret.txt"), r.path().join("l.j2"))
        .expect("symlink");
    let out = r.tm(&["report", "--template", "l.j2"]).expect(2);
    assert_eq!(
        out.stderr(),
        "error: cannot read the template l.j2: is a symbolic link\n"
    );
}

#[test]
fn a_user_template_is_bounded() {
    let r = example_repo();
    let limit = "error: the template big.j2 produced more than 4194304 bytes\n  hint: render less, or loop over fewer items\n";
    template_fails(
        &r,
        "big.j2",
        "{% for i in range(100000) %}{{ \"x\" * 100 }}{% endfor %}",
        limit,
    );
    template_fails(
        &r,
        "huge.j2",
        "\n{{ \"x\" * 100000000 }}",
        "error: template huge.j2:2: a value of more than 4194304 bytes cannot be written\n  hint: see the minijinja syntax and operators; a template's output and each value it writes are bounded\n",
    );
    template_fails(
        &r,
        "loop.j2",
        "{% for i in range(100000000) %}{% endfor %}",
        "error: template loop.j2:1: range has too many elements\n  hint: see the minijinja syntax and operators; a template's output and each value it writes are bounded\n",
    );
    template_fails(
        &r,
        "spin.j2",
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        "error: template spin.j2:1: engine ran out of fuel\n  hint: the template runs too long; loop over fewer items\n",
    );
    template_fails(
        &r,
        "rec.j2",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "error: template rec.j2:1: recursion limit exceeded\n  hint: see the minijinja syntax and operators; a template's output and each value it writes are bounded\n",
    );
}

#[test]
fn a_template_that_doubles_a_string_is_stopped_not_the_machine() {
    let r = example_repo();
    // Each round doubles the string; 40 rounds would need a terabyte.
    r.write(
        "bomb.j2",
        "{% set ns = namespace(s=\"xxxxxxxx\") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    );
    let out = r.tm(&["report", "--template", "bomb.j2"]).expect(2);
    // What really happened, with the real time it took (not compared).
    assert_eq!(
        without_seconds(&out.stderr()),
        "error: the template bomb.j2 ran out of memory after N s: it needed more than 1024 MiB (signal 6)\n  hint: render less; a template that keeps doubling a string (`s ~ s`) is stopped this way\n",
    );
}

/// `after 1.23 s` becomes `after N s`: elapsed time is real, never compared.
fn without_seconds(s: &str) -> String {
    let Some(at) = s.find("after ") else {
        return s.to_string();
    };
    let rest = &s[at + 6..];
    let n = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    assert!(rest[..n].parse::<f64>().is_ok(), "{s}");
    format!("{}after N{}", &s[..at], &rest[n..])
}

#[test]
fn a_huge_template_error_comes_back_whole_and_bounded() {
    let r = example_repo();
    // An include name of 100,000 characters: its error message is far over
    // what a pipe holds and what a message may be.
    let name = format!("x/{}", "a".repeat(100_000));
    r.write("big-error.j2", &format!("{{% include \"{name}\" %}}"));
    let out = r.tm(&["report", "--template", "big-error.j2"]).expect(2);
    let clipped: String = format!("template big-error.j2:1: `{name}`")
        .chars()
        .take(1999)
        .collect();
    assert_eq!(
        out.stderr(),
        format!("error: {clipped}…\n  hint: include only files of the template's own folder, by plain name\n")
    );
}

#[test]
fn a_template_whose_output_looks_like_an_error_is_output() {
    let r = example_repo();
    r.write(
        "looks.j2",
        "error: not really\n  hint: still output\n{\"error\": {\"message\": \"x\"}}\n",
    );
    let out = r.tm(&["report", "--template", "looks.j2"]).expect(0);
    assert_eq!(
        out.stdout(),
        "error: not really\n  hint: still output\n{\"error\": {\"message\": \"x\"}}\n"
    );
}

#[test]
fn template_errors_name_the_line() {
    let r = example_repo();
    template_fails(
        &r,
        "syntax.j2",
        "line one\n{% for m in milestones %}\n{{ m.id }\n{% endfor %}\n",
        "error: template syntax.j2:3: unexpected `}`, expected end of variable block\n  hint: see the minijinja syntax: {{ value }}, {% for x in list %}…{% endfor %}\n",
    );
    template_fails(
        &r,
        "undef.j2",
        "ok\n\n{{ milestones[0].nonsense }}\n",
        "error: template undef.j2:3: undefined value\n  hint: the data a template sees is `pacenote report --format json`; check the names against it\n",
    );
}

// ---------------------------------------------------------------- text and output

#[test]
fn text_is_plain_when_piped() {
    let r = example_repo();
    let text = report(&r, &["--format", "text", "--as-of", EXAMPLE_DAY]);
    assert!(!text.contains('\u{1b}'), "{text}");
}

/// Runs the report on a pseudo-terminal (util-linux `script`), so that
/// standard output is a terminal.
fn on_a_terminal(r: &TestRepo, no_color: bool) -> Option<String> {
    let cmd = format!(
        "{} report --format text --as-of {EXAMPLE_DAY}",
        crate::harness::BIN
    );
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"])
        .current_dir(r.path())
        .env("PACENOTE_TODAY", EXAMPLE_DAY)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        // A terminal that shows colour, whatever the runner's TERM and
        // colour variables say (`--color auto` reads them).
        .env("TERM", "xterm")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR");
    if no_color {
        c.env("NO_COLOR", "1");
    }
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn text_is_coloured_on_a_terminal_unless_no_color() {
    let r = example_repo();
    let Some(coloured) = on_a_terminal(&r, false) else {
        eprintln!("skipped: util-linux `script` is not available");
        return;
    };
    assert!(
        coloured.contains("\u{1b}[1mBecome an AI-fluent backend engineer (24 months)\u{1b}[0m"),
        "{coloured}"
    );
    let plain = on_a_terminal(&r, true).expect("script ran once");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(
        plain.starts_with("Become an AI-fluent backend engineer (24 months)\r\n"),
        "{plain}"
    );
}

#[test]
fn output_is_written_once_and_replaced_only_with_force() {
    let r = example_repo();
    let stdout = report(&r, &["--as-of", EXAMPLE_DAY]);
    let quiet = report(&r, &["--as-of", EXAMPLE_DAY, "--output", "out/report.md"]);
    assert_eq!(quiet, "");
    assert_eq!(r.read("out/report.md"), stdout);
    r.write("mine.md", "my notes\n");
    let refused = r
        .tm(&["report", "--output", "mine.md", "--as-of", EXAMPLE_DAY])
        .expect(2);
    assert_eq!(
        refused.stderr(),
        "error: mine.md already exists\n  hint: pass --force to replace it, or choose another --output\n"
    );
    assert_eq!(r.read("mine.md"), "my notes\n");
    report(
        &r,
        &[
            "--output",
            "mine.md",
            "--force",
            "--format",
            "json",
            "--as-of",
            EXAMPLE_DAY,
        ],
    );
    assert!(r.read("mine.md").starts_with("{\n  \"version\": 1,"));
    // No temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(r.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".git", "journal", "mine.md", "out"]);
}

#[test]
fn a_reader_that_stops_early_ends_quietly_like_git() {
    use std::io::Read;
    let r = example_repo();
    // About 2 MB, far more than a pipe holds.
    r.write(
        "big.j2",
        "{% for i in range(100000) %}{{ as_of }}          {% endfor %}",
    );
    let mut child = std::process::Command::new(crate::harness::BIN)
        .args(["report", "--template", "big.j2", "--as-of", EXAMPLE_DAY])
        .current_dir(r.path())
        .env("PACENOTE_TODAY", EXAMPLE_DAY)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 1];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("one byte");
    // The pipe is closed now: the report ends there, without a panic or a
    // message, with git's status for a closed pipe (128 + SIGPIPE).
    let out = child.wait_with_output().expect("waits");
    assert_eq!(first, *b"2");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(141));
}

// ------------------------------------------------ autolinks (issue 12)

/// Every autolink form GitHub documents, as user text.
const AUTOLINKS: [&str; 16] = [
    "GH-123",
    "gh-7 fixed",
    "#123",
    "see #9.",
    "octo-org/octo-repo#123",
    "octo-org/octo-repo@a5c3785ed8d6a35868bc169f07e40e889087fd2e",
    "monalisa@a5c3785",
    "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
    "fixed in 1f0e9d8c and deadbeefcafe",
    "@octocat and @octo-org/octo-team",
    "https://example.com/x and HTTP://x.example",
    "www.example.com",
    "mail eve@example.com",
    "[x](javascript:alert(1))",
    "GH\u{200E}-12 and http\u{7}://split and 12345\u{202E}67890",
    "<https://example.com>",
];

#[test]
fn every_autolink_form_stays_text_in_the_comment() {
    let mut r = TestRepo::new();
    r.today = "2026-01-10".into();
    r.who = ("@octocat GH-1 a5c3785".into(), "eve@example.com".into());
    // Roadmap text (a title, a target's title), summaries, an author, a
    // file name, and a diagnostic's message all carry them.
    let roadmap = crate_default_roadmap_titled(&format!(
        "Plan GH-42 of @octocat at https://x.example {}",
        "ab12cd34"
    ));
    r.write("roadmap.yaml", &roadmap);
    for (i, s) in AUTOLINKS.iter().enumerate() {
        r.write(
            &format!("journal/2026/01/{:02}-a{i}.yaml", 1 + i % 9),
            &format!(
                "date: 2026-01-{:02}\nminutes: 20\nsummary: {}\nauthor: {}\n",
                1 + i % 9,
                serde_json::to_string(s).expect("quoted"),
                serde_json::to_string(&s.replace(['\u{200E}', '\u{7}', '\u{202E}'], ""))
                    .expect("quoted")
            ),
        );
    }
    // An invalid entry: its diagnostic message quotes user text.
    r.write(
        "journal/2026/01/09-bad.yaml",
        "date: 2026-01-09\nminutes: 20\nsummary: x\nkind: GH-77 @octocat a5c3785ed8\n",
    );
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "change"]);
    r.write(
        "journal/2026/01/10-change.yaml",
        "date: 2026-01-10\nminutes: 20\nsummary: \"closes #5, GH-6, 0123456789abcdef0123\"\n",
    );
    r.commit("change").expect(0);
    let md = report(&r, &["--base", "main", "--as-of", "2026-01-10"]);
    std::fs::write("/tmp/autolink.md", &md).ok();
    gfm::assert_safe(&md);
    // The text is still there for a reader, only inert.
    let html = gfm::to_html(&md);
    assert!(html.contains("GH-\u{200B}123"), "{html}");
    assert!(
        html.contains("a5c378\u{200B}5ed8d6\u{200B}a35868"),
        "{html}"
    );
}

fn crate_default_roadmap_titled(title: &str) -> String {
    let text = std::fs::read_to_string(fixture("src/default_roadmap.yaml")).expect("roadmap");
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("title:") {
            out.push_str(&format!(
                "title: {}\nstart: 2026-01-01\n",
                serde_json::to_string(title).expect("quoted")
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_gfm_checks_see_each_autolink_form() {
    // The checks themselves: each form, unescaped, is caught.
    for (form, caught) in [
        ("GH-123", gfm::live_gh_refs("<p>GH-123</p>").len()),
        ("gh-1", gfm::live_gh_refs("<p>x gh-1</p>").len()),
        (
            "sha",
            gfm::live_commit_ids("<p>a5c3785ed8d6a35868bc169f07e40e889087fd2e</p>").len(),
        ),
        (
            "short sha",
            gfm::live_commit_ids("<p>org/repo@a5c3785</p>").len(),
        ),
        ("#1", gfm::live_issue_refs("<p>#1</p>").len()),
        ("@x", gfm::live_mentions("<p>@x</p>").len()),
    ] {
        assert_eq!(caught, 1, "{form}");
    }
    assert_eq!(gfm::live_commit_ids("<p>a5c378\u{200B}5ed8d6</p>").len(), 0);
    assert_eq!(gfm::live_commit_ids("<p>abc123</p>").len(), 0);
    assert_eq!(gfm::live_gh_refs("<p>GH-\u{200B}123 xgh-1</p>").len(), 0);
}

// ---------------------------------------------------------------- the change

/// The "This change" section of a comment.
fn change_section(md: &str) -> &str {
    let start = md.find("### This change").unwrap_or_else(|| panic!("{md}"));
    let rest = &md[start..];
    let end = rest[4..].find("\n### ").map_or(rest.len(), |i| i + 5);
    &rest[..end]
}

/// SPEC §5: a change that edits an entry, adds a backfilled one, and
/// introduces one warning while fixing another names all four.
#[test]
fn a_change_names_each_entry_and_each_problem_it_introduces_or_fixes() {
    let mut r = TestRepo::new();
    r.today = "2026-02-02".into();
    // The default plan from 01-05: Month 1 ends 02-04, the day before the
    // report, so the backfilled entry changes a finished milestone.
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.write(
        "journal/2026/02/02-evals.yaml",
        "date: 2026-02-02\nminutes: 30\nsummary: Wrote evals\nskills: [prompt-evals, prompt-evals]\n",
    );
    r.write(
        "journal/2026/02/02-rag.yaml",
        "date: 2026-02-02\nminutes: 60\nsummary: Tuned retrieval\nskills: [rag]\n",
    );
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "change"]);
    r.today = "2026-02-05".into();
    // The edit: 30 → 45 minutes, and the skill listed once (fixing
    // entry/duplicate-id).
    r.write(
        "journal/2026/02/02-evals.yaml",
        "date: 2026-02-02\nminutes: 45\nsummary: Wrote evals\nskills: [prompt-evals]\n",
    );
    // Backfilled: dated 2026-01-05, recorded 31 days later.
    r.write(
        "journal/2026/01/05-mcp.yaml",
        "date: 2026-01-05\nminutes: 90\nsummary: Built an MCP server\nskills: [mcp]\ntargets: [build-mcp-server]\n",
    );
    r.commit("change").expect(0);
    let md = report(&r, &["--base", "main", "--as-of", "2026-02-05"]);
    gfm::assert_safe(&md);
    insta::assert_snapshot!("change_section", change_section(&md));
    let j = r
        .tm(&[
            "report",
            "--format",
            "json",
            "--base",
            "main",
            "--as-of",
            "2026-02-05",
        ])
        .expect(0)
        .json();
    let c = &j["change"];
    assert_eq!(c["entries_edited"][0]["minutes_delta"], 15);
    assert_eq!(c["entries_added"][0]["minutes_delta"], 90);
    assert_eq!(c["entries_added"][0]["days_late"], 31);
    assert_eq!(c["hours_added"], 1.75);
    assert_eq!(c["diagnostics_introduced"][0]["code"], "entry/backfill");
    assert_eq!(c["diagnostics_fixed"][0]["code"], "entry/duplicate-id");
    assert_eq!(c["warnings_introduced"], 1);
}

/// A change that touches neither the journal nor the roadmap gets one line.
#[test]
fn a_change_outside_the_journal_and_roadmap_gets_one_line() {
    let mut r = TestRepo::new();
    r.today = "2026-02-02".into();
    r.write(
        "journal/2026/02/02-rag.yaml",
        "date: 2026-02-02\nminutes: 120\nsummary: Tuned retrieval\nskills: [rag]\n",
    );
    r.commit("base").expect(0);
    r.git(&["checkout", "-q", "-b", "docs"]);
    r.write("README.md", "notes\n");
    r.commit("docs only").expect(0);
    let md = report(&r, &["--base", "main", "--as-of", "2026-02-02"]);
    assert_eq!(
        md,
        "<!-- pacenote-report -->\n🟢 pacenote: this change touches neither the journal nor the roadmap; the plan is **on track** as of 2026-02-02.\n"
    );
    let j = r
        .tm(&["report", "--format", "json", "--base", "main"])
        .expect(0)
        .json();
    assert_eq!(j["change"]["touched"], false);
    // With --skip-untouched, nothing at all; a change that touches the
    // journal is reported as usual.
    let out = r
        .tm(&["report", "--base", "main", "--skip-untouched"])
        .expect(0);
    assert_eq!(out.stdout(), "");
    r.write(
        "journal/2026/02/02-more.yaml",
        "date: 2026-02-02\nminutes: 30\nsummary: More retrieval\nskills: [rag]\n",
    );
    let md = report(
        &r,
        &[
            "--base",
            "main",
            "--skip-untouched",
            "--as-of",
            "2026-02-02",
        ],
    );
    assert!(
        md.contains("### This change\n\nThis change adds 1 entry (+30 min)"),
        "{md}"
    );
}

/// SPEC §3 "Verdict" on the example journal: on track on its last day, and
/// the figures below agree — the stage on budget, the ended milestones
/// shown with their final figures and no live status; two weeks later,
/// without an entry, off track for that reason alone.
#[test]
fn the_example_journals_verdict_agrees_with_its_figures() {
    let mut r = example_repo();
    let md = report(&r, &["--as-of", EXAMPLE_DAY]);
    assert_eq!(md.lines().nth(1), Some("## 🟢 On track"));
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| {
            l.starts_with("| Month 1 —")
                || l.starts_with("| Quarter 1 —")
                || l.starts_with("| Year 1 —")
        })
        .collect();
    assert_eq!(rows.len(), 3, "{md}");
    assert!(
        rows[0].ends_with("| 19.1 of 62 h, 31%, final |"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].ends_with("| 59.3 of 96 h, 62%, final |"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains(" · **stage** |") && rows[2].ends_with("(122%) · on budget |"),
        "{}",
        rows[2]
    );
    assert!(!md.contains("behind"), "{md}");
    r.today = "2026-12-07".into();
    let md = report(&r, &["--as-of", "2026-12-07"]);
    assert_eq!(
        md.lines().nth(1),
        Some("## 🔴 Off track: no entry for 14 days")
    );
}

#[test]
fn a_huge_title_keeps_the_marker_and_a_cut_headline() {
    let mut r = TestRepo::new();
    r.today = "2026-01-10".into();
    let title = "Plan ".repeat(20_000);
    r.write(
        "roadmap.yaml",
        &crate_default_roadmap_titled(title.trim_end()),
    );
    r.commit("plan").expect(0);
    let md = report(&r, &["--as-of", "2026-01-10"]);
    assert!(md.chars().count() <= LIMIT);
    gfm::assert_safe(&md);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "<!-- pacenote-report -->");
    assert!(lines[1].starts_with("## 🔴 Off track: "), "{md}");
    // The title's line, cut; cutting started from the blocks after it.
    assert_eq!(lines[3], format!("**{}…", &"Plan ".repeat(200)[..997]));
    assert!(lines[5].starts_with("This week **0 h** of "), "{md}");
    assert!(md.ends_with(
        "> [!NOTE]\n> The report is too large for a comment and stops here; the full report is in the workflow's job summary and its `pacenote-report` artifact.\n"
    ));
}

// ------------------------- a blob's size before its bytes (issue 12)

#[test]
fn a_blob_over_the_limit_is_refused_by_its_size_from_a_commit() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: Read a paper\n",
    );
    r.commit("one entry").expect(0);
    let big = format!(
        "date: 2026-01-09\nminutes: 30\nsummary: Big\n{}",
        "# padding\n".repeat(120_000)
    );
    r.write("journal/2026/01/09-big.yaml", &big);
    r.commit("big").expect(0);
    std::fs::remove_file(r.path().join("journal/2026/01/09-big.yaml")).expect("rm");
    for args in [
        &[
            "report",
            "--rev",
            "HEAD",
            "--format",
            "json",
            "--as-of",
            "2026-01-10",
        ][..],
        &[
            "report",
            "--rev",
            "HEAD",
            "--base",
            "HEAD~1",
            "--format",
            "json",
            "--as-of",
            "2026-01-10",
        ],
    ] {
        let run = r.tm(args).expect(0);
        let v = run.json();
        assert_eq!(v["totals"]["entries"], 1, "{}", run.stdout());
        let listed = serde_json::to_string(&v["quality"]).expect("json");
        assert!(
            listed.contains("journal/2026/01/09-big.yaml") && listed.contains("file/too-large"),
            "{listed}"
        );
    }
}

/// `--rev` names a commit; anything else is told apart from a damaged
/// repository: a name that names nothing, a spec git cannot read, a tree,
/// a file's content, a tag of a tree.
#[test]
fn a_rev_that_is_not_a_commit_is_named_for_what_it_is() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/05-a.yaml",
        "date: 2026-01-05\nminutes: 45\nsummary: One\n",
    );
    r.commit("one").expect(0);
    let tree = r.git(&["rev-parse", "HEAD^{tree}"]).trim().to_string();
    r.git(&["tag", "a-tree", &tree]);
    let fix = "  hint: give a branch, tag or commit id, e.g. `main`, `HEAD~3` or `origin/main`\n";
    for (rev, what) in [
        ("nope", None),
        ("HEAD@{", None),
        ("HEAD~x", None),
        ("HEAD:", Some("a folder (a tree)")),
        (
            "HEAD:journal/2026/01/05-a.yaml",
            Some("a file's content (a blob)"),
        ),
        ("a-tree", Some("a folder (a tree)")),
    ] {
        let run = r.tm(&["report", "--rev", rev]).expect(2);
        let said = match what {
            None => format!("error: `{rev}` names no commit in this repository\n{fix}"),
            Some(w) => format!("error: `{rev}` is not a commit: it names {w}\n{fix}"),
        };
        assert_eq!(run.stderr(), said, "--rev {rev}");
    }
}

/// `--rev` reads the roadmap and the journal of that commit; links there are
/// refused as in a work tree: a linked roadmap leaves no plan to report on
/// (the default does not stand in for it), a linked journal no entries.
#[cfg(unix)]
#[test]
fn a_rev_reads_its_own_roadmap_and_refuses_links_in_its_tree() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/05-a.yaml",
        "date: 2026-01-05\nminutes: 45\nsummary: One\n",
    );
    r.write(
        "roadmap.yaml",
        "title: Committed plan\nstart: 2026-01-05\nmilestones:\n  - id: m1\n    title: Month 1\n    duration: 1 month\n",
    );
    r.commit("plan").expect(0);
    let report = |rev: &str| {
        r.tm(&[
            "report",
            "--rev",
            rev,
            "--format",
            "json",
            "--as-of",
            "2026-01-10",
        ])
        .expect(0)
        .json()
    };
    let j = report("HEAD");
    assert_eq!(j["roadmap"]["title"], "Committed plan");
    assert_eq!(j["roadmap"]["source"], "roadmap.yaml");
    assert_eq!(j["totals"]["entries"], 1);
    // The roadmap as a link: refused, and no report on the default plan.
    std::fs::rename(r.path().join("roadmap.yaml"), r.path().join("plan.yaml")).expect("mv");
    std::os::unix::fs::symlink("plan.yaml", r.path().join("roadmap.yaml")).expect("ln");
    r.commit("linked plan").expect(0);
    let run = r
        .tm(&["report", "--rev", "HEAD", "--as-of", "2026-01-10"])
        .expect(2);
    assert!(
        run.stderr()
            .starts_with("error[file/symlink]: roadmap.yaml is a symbolic link"),
        "{}",
        run.stderr()
    );
    assert!(run
        .stderr()
        .contains("error: the roadmap has errors; no report without a valid plan"));
    let codes = |j: &serde_json::Value| {
        crate::harness::diagnostic_pairs(&j["quality"]["diagnostics"], "code", "file")
    };
    // The journal as a link: refused, no entries read through it.
    std::fs::remove_file(r.path().join("roadmap.yaml")).expect("rm");
    std::fs::rename(r.path().join("journal"), r.path().join("real")).expect("mv");
    std::os::unix::fs::symlink("real", r.path().join("journal")).expect("ln");
    r.commit("linked journal").expect(0);
    let j = report("HEAD");
    assert_eq!(
        codes(&j),
        [("file/symlink".to_string(), "journal".to_string())]
    );
    assert_eq!(j["totals"]["entries"], 0);
}

/// An entry not yet committed that names no author is the local git user's:
/// `GIT_AUTHOR_NAME` (git exports it to hooks), else `user.name`, else
/// "unknown".
#[test]
fn an_uncommitted_entry_is_the_local_git_users() {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/05-a.yaml",
        "date: 2026-01-05\nminutes: 45\nsummary: One\n",
    );
    let entries_of = |who: &str, name: &str| {
        r.tm_env(
            &["report", "--format", "json", "--author", who],
            &[("GIT_AUTHOR_NAME", name)],
        )
        .expect(0)
        .json()["totals"]["entries"]
            .clone()
    };
    assert_eq!(entries_of("Ada Env", "Ada Env"), 1);
    r.git(&["config", "user.name", "Zoe Local"]);
    assert_eq!(entries_of("Zoe Local", ""), 1);
    assert_eq!(entries_of("Zoe Local", "Ada Env"), 0);
    r.git(&["config", "--unset", "user.name"]);
    assert_eq!(entries_of("unknown", ""), 1);
}
