//! `--color auto|always|never`, `NO_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE`
//! (README "Environment"): colour only where it is asked for, and output
//! through a pipe exactly as before unless it is.

use crate::harness::{TestRepo, BIN};

const MINUTES_HINT: &str = "log the minutes actually spent, e.g. `minutes: 45`; to take minutes away from an entry, record a correction: `pacenote log --corrects PATH -15m \"why\"`";

/// A repository with one entry whose `minutes` is 0.
fn zero_minutes() -> TestRepo {
    let r = TestRepo::new();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 0\nsummary: x\n",
    );
    r
}

fn plain() -> String {
    format!(
        "error[entry/minutes-range]: `minutes` is 0; it must be between 1 and 1440 (one day)\n --> journal/2026/01/08-a.yaml:2:10\n  |\n2 | minutes: 0\n  |          ^\n  |\n  = hint: {MINUTES_HINT}\n\nchecked 1 file: 1 error, 0 warnings\n"
    )
}

/// What `check` prints in colour: bold bright red for the error and its
/// caret, bold bright blue for the margin, bold for the message and the
/// word `hint`.
fn coloured() -> String {
    format!(
        "\x1b[1m\x1b[91merror[entry/minutes-range]\x1b[0m\x1b[1m: `minutes` is 0; it must be between 1 and 1440 (one day)\x1b[0m\n \x1b[1m\x1b[94m--> \x1b[0mjournal/2026/01/08-a.yaml:2:10\n  \x1b[1m\x1b[94m|\x1b[0m\n\x1b[1m\x1b[94m2\x1b[0m \x1b[1m\x1b[94m|\x1b[0m minutes: 0\n  \x1b[1m\x1b[94m|\x1b[0m          \x1b[1m\x1b[91m^\x1b[0m\n  \x1b[1m\x1b[94m|\x1b[0m\n  \x1b[1m\x1b[94m= \x1b[0m\x1b[1mhint\x1b[0m: {MINUTES_HINT}\n\nchecked 1 file: 1 error, 0 warnings\n"
    )
}

/// `check` with `NO_COLOR` empty (as if unset) and `vars` on top.
fn check(r: &TestRepo, args: &[&str], vars: &[(&str, &str)]) -> String {
    let mut all = vec![("NO_COLOR", "")];
    all.extend_from_slice(vars);
    let mut a = vec!["check"];
    a.extend_from_slice(args);
    r.tm_env(&a, &all).expect(1).stderr()
}

#[test]
fn color_always_colours_even_a_pipe() {
    let r = zero_minutes();
    assert_eq!(check(&r, &["--color", "always"], &[]), coloured());
    // The flag is global: before the command too.
    let run = r
        .tm_env(&["--color=always", "check"], &[("NO_COLOR", "")])
        .expect(1);
    assert_eq!(run.stderr(), coloured());
    // Asked for on the command line, colour beats NO_COLOR in the environment.
    assert_eq!(
        check(&r, &["--color", "always"], &[("NO_COLOR", "1")]),
        coloured()
    );
}

#[test]
fn a_pipe_is_plain_unless_clicolor_force() {
    let r = zero_minutes();
    assert_eq!(check(&r, &[], &[]), plain());
    assert_eq!(check(&r, &["--color", "auto"], &[]), plain());
    assert_eq!(check(&r, &[], &[("CLICOLOR", "1")]), plain());
    assert_eq!(check(&r, &[], &[("CLICOLOR_FORCE", "1")]), coloured());
    // NO_COLOR beats CLICOLOR_FORCE; --color never beats both.
    assert_eq!(
        check(&r, &[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        plain()
    );
    assert_eq!(
        check(&r, &["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
        plain()
    );
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let r = zero_minutes();
    let run = r.tm(&["check", "--color", "sometimes"]).expect(2);
    assert!(
        run.stderr().starts_with(
            "error: invalid value 'sometimes' for '--color <WHEN>'\n  [possible values: auto, always, never]\n"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn help_documents_color_with_an_example_and_the_variables() {
    let r = TestRepo::new();
    let help = r.tm(&["--help"]).expect(0).stdout();
    for want in [
        "      --color <WHEN>\n          When to colour diagnostics and the text report: auto (on a terminal only, as NO_COLOR,\n          CLICOLOR and CLICOLOR_FORCE say), always, never\n",
        "  pacenote check --color always 2>&1 | less -R    keep the colours in a pager\n",
        "  NO_COLOR=1          no colour\n",
        "  CLICOLOR=0          no colour\n",
        "  CLICOLOR_FORCE=1    colour even through a pipe (NO_COLOR still wins)\n",
    ] {
        assert!(help.contains(want), "no {want:?} in:\n{help}");
    }
    // Every command takes it (a global flag).
    let check = r.tm(&["check", "--help"]).expect(0).stdout();
    assert!(check.contains("      --color <WHEN>\n"), "{check}");
}

/// Runs `pacenote ARGS` in `r` on a pseudo-terminal (util-linux `script`),
/// so that standard output and error are a terminal that can show colour
/// (`TERM=xterm`), with only `vars` of the colour variables set. Returns
/// what the terminal received, its `\r\n` line ends made `\n`.
fn on_a_terminal(r: &TestRepo, args: &str, vars: &[(&str, &str)]) -> String {
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .current_dir(r.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", r.path())
        .env("TERM", "xterm")
        .env("PACENOTE_TODAY", &r.today)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(std::process::Stdio::null());
    for (k, v) in vars {
        c.env(k, v);
    }
    let out = c.output().expect("util-linux `script` runs");
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn auto_colours_a_terminal_unless_no_color_or_clicolor_0() {
    let r = zero_minutes();
    assert_eq!(on_a_terminal(&r, "check", &[]), coloured());
    assert_eq!(on_a_terminal(&r, "check --color auto", &[]), coloured());
    assert_eq!(on_a_terminal(&r, "check", &[("NO_COLOR", "1")]), plain());
    assert_eq!(on_a_terminal(&r, "check", &[("CLICOLOR", "0")]), plain());
    assert_eq!(on_a_terminal(&r, "check --color never", &[]), plain());
    // An empty NO_COLOR is no opinion (no-color.org).
    assert_eq!(on_a_terminal(&r, "check", &[("NO_COLOR", "")]), coloured());
    assert_eq!(
        on_a_terminal(&r, "check --color always", &[("NO_COLOR", "1")]),
        coloured()
    );
}

#[test]
fn the_text_report_follows_color_and_its_file_never_is_coloured() {
    let r = zero_minutes();
    r.write(
        "journal/2026/01/08-a.yaml",
        "date: 2026-01-08\nminutes: 45\nsummary: x\n",
    );
    let plain = r
        .tm_env(&["report", "--format", "text"], &[("NO_COLOR", "")])
        .expect(0)
        .stdout();
    let coloured = r
        .tm(&["report", "--format", "text", "--color", "always"])
        .expect(0)
        .stdout();
    let title = plain.lines().next().expect("a title line");
    assert!(
        coloured.starts_with(&format!("\x1b[1m{title}\x1b[0m\n")),
        "{coloured:?}"
    );
    assert_ne!(coloured, plain);
    assert_eq!(strip_sgr(&coloured), plain);
    r.tm(&[
        "report",
        "--format",
        "text",
        "--color",
        "always",
        "--output",
        "summary.txt",
    ])
    .expect(0);
    assert_eq!(r.read("summary.txt"), plain);
}

/// `text` without its SGR sequences (`ESC [ … m`).
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (false, c) => out.push(c),
            _ => {}
        }
    }
    out
}
