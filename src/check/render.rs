//! Three views of the same diagnostics: a compiler-like human rendering with
//! the source line and a caret (laid out by `annotate-snippets`, which places
//! the caret by display width), JSON (SPEC §2), and GitHub workflow commands.

use crate::diag::Rule;
use crate::diag::{Diagnostic, Severity};
use crate::out::printable;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

/// In human output, past this many diagnostics of one rule the rest are
/// summarised in one line (JSON and GitHub output list them all).
pub(crate) const HUMAN_MAX_PER_CODE: usize = 10;

/// Prints the human rendering to standard error, coloured when `color`
/// (`--color`, resolved by `crate::out::Colors`).
pub(crate) fn eprint_human(diags: &[Diagnostic], sources: &HashMap<String, String>, color: bool) {
    crate::out::stderr(&human(diags, sources, color));
}

/// The human rendering: for each diagnostic its severity, code and message,
/// the file, line and column, the source line with a caret under the
/// token, and the hint. Every piece of text from a file, git or the command
/// line goes through the one sanitiser (`crate::out`) first.
pub fn human(diags: &[Diagnostic], sources: &HashMap<String, String>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut shown: HashMap<(Rule, Severity), usize> = HashMap::new();
    for d in diags {
        let n = shown.entry((d.code, d.severity)).or_default();
        *n += 1;
        if *n > HUMAN_MAX_PER_CODE {
            continue;
        }
        out.push_str(&renderer.render(&[group(d, sources)]));
        out.push_str("\n\n");
    }
    let mut hidden: Vec<(Rule, Severity, usize)> = shown
        .into_iter()
        .filter(|(_, n)| *n > HUMAN_MAX_PER_CODE)
        .map(|((code, sev), n)| (code, sev, n - HUMAN_MAX_PER_CODE))
        .collect();
    hidden.sort();
    for (code, sev, n) in hidden {
        let label = if sev == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            out,
            "… and {n} more {label}{} [{code}] (`--format json` lists them all)\n",
            if n == 1 { "" } else { "s" }
        );
    }
    out
}

/// One diagnostic as `annotate-snippets` lays it out.
fn group<'a>(d: &'a Diagnostic, sources: &'a HashMap<String, String>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(printable(&d.message))
        .id(d.code.as_str());
    let file = printable(&d.file);
    let shown = match (d.line, d.column) {
        (Some(line), Some(col)) => sources
            .get(&d.file)
            .and_then(|src| src.lines().nth((line as usize).checked_sub(1)?))
            .and_then(|text| caret_line(text, col)),
        _ => None,
    };
    let mut g = Group::with_title(title);
    g = match (shown, d.line) {
        (Some((text, span)), Some(line)) => g.element(
            Snippet::source(text)
                .path(file)
                .line_start(line as usize)
                .annotation(AnnotationKind::Primary.span(span)),
        ),
        (_, line) => {
            let mut origin = Origin::path(file);
            if let Some(l) = line {
                origin = origin.line(l as usize);
                if let Some(c) = d.column {
                    origin = origin.char_column(c as usize);
                }
            }
            g.element(origin)
        }
    };
    if let Some(h) = &d.hint {
        g = g.element(Level::HELP.with_name("hint").message(printable(h)));
    }
    g
}

/// The source line as shown and the bytes the caret underlines: the token
/// that starts at the 1-based character column `col`. The line is made
/// printable character for character (`crate::out::printable_in_place`), so
/// the column still counts the file's characters and `annotate-snippets`
/// reports the very column the diagnostic holds; it then places the caret
/// by display width (wide CJK and emoji take two cells). `None` when the
/// column lies past the end of the line (there is nothing to underline).
fn caret_line(text: &str, col: u32) -> Option<(String, Range<usize>)> {
    let shown = crate::out::printable_in_place(text);
    let start = (col as usize).checked_sub(1)?;
    let byte = |chars: usize| {
        shown
            .char_indices()
            .nth(chars)
            .map_or(shown.len(), |(i, _)| i)
    };
    if start > shown.chars().count() {
        return None;
    }
    let width = token_width(&shown, start);
    let span = byte(start)..byte(start + width);
    Some((shown, span))
}

/// How many characters the caret underlines from `start`: one token, up to
/// whitespace, a `,`, `]` or `}` of a flow collection, or the `:` that ends
/// a key (at most 200, at least 1).
fn token_width(text: &str, start: usize) -> usize {
    let chars: Vec<char> = text.chars().skip(start).take(200).collect();
    let mut n = 0;
    while n < chars.len() {
        let c = chars[n];
        let ends_key = c == ':' && chars.get(n + 1).is_none_or(|d| d.is_whitespace());
        if c.is_whitespace() || matches!(c, ',' | ']' | '}') || (ends_key && n > 0) {
            break;
        }
        n += 1;
    }
    n.max(1)
}

#[derive(Serialize)]
struct JsonOut<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn json(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let out = JsonOut {
        errors,
        warnings: diags.len() - errors,
        diagnostics: diags,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// GitHub shows at most this many annotations of each severity per step and
/// drops the rest silently. Past it, `github` prints one fewer and a summary
/// annotation in the last slot, so the summary itself is always shown.
pub(crate) const GITHUB_MAX_PER_SEVERITY: usize = 10;

/// How many file names the summary annotation lists.
const GITHUB_SUMMARY_FILES: usize = 20;

/// Escapes the data of a workflow command (what follows `::`), as the runner
/// unescapes it: `%`, CR and LF. With LF escaped, nothing a user wrote can
/// start a line of its own, so it can never form a command.
/// Control and bidi characters are dropped first (`crate::out::annotation`).
pub fn gh_data(s: &str) -> String {
    crate::out::annotation(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command: the data escapes, plus
/// `:` (which would end the properties) and `,` (which would start another).
pub(crate) fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic (SPEC §2:
/// `::error file=F,line=L,col=C,title=CODE::message`), errors first, at most
/// `GITHUB_MAX_PER_SEVERITY` of each severity, the last of them a summary
/// of the rest when there are more.
pub fn github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (sev, cmd) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let all: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == sev).collect();
        let shown = if all.len() > GITHUB_MAX_PER_SEVERITY {
            GITHUB_MAX_PER_SEVERITY - 1
        } else {
            all.len()
        };
        for d in &all[..shown] {
            let _ = writeln!(out, "{}", gh_annotation(cmd, d));
        }
        if shown < all.len() {
            let _ = writeln!(out, "{}", gh_summary(cmd, &all[shown..]));
        }
    }
    out
}

fn gh_annotation(cmd: &str, d: &Diagnostic) -> String {
    let mut props = format!("file={}", gh_prop(&d.file));
    if let Some(l) = d.line {
        let _ = write!(props, ",line={l}");
    }
    if let Some(c) = d.column {
        let _ = write!(props, ",col={c}");
    }
    let _ = write!(props, ",title={}", gh_prop(d.code.as_str()));
    let mut msg = d.message.clone();
    if let Some(h) = &d.hint {
        msg.push_str(" — ");
        msg.push_str(h);
    }
    format!("::{cmd} {props}::{}", gh_data(&msg))
}

/// The annotation standing for the diagnostics GitHub would not show.
fn gh_summary(cmd: &str, rest: &[&Diagnostic]) -> String {
    let mut files: Vec<&str> = rest.iter().map(|d| d.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let listed = files
        .iter()
        .take(GITHUB_SUMMARY_FILES)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if files.len() > GITHUB_SUMMARY_FILES {
        format!(" and {} more files", files.len() - GITHUB_SUMMARY_FILES)
    } else {
        String::new()
    };
    let n = rest.len();
    let msg = format!(
        "{n} more {cmd}{} not annotated (GitHub shows only the first {GITHUB_MAX_PER_SEVERITY} per step), in: {listed}{more}. The pull-request comment lists them; `pacenote check` prints them all.",
        if n == 1 { "" } else { "s" }
    );
    format!("::{cmd} title=pacenote::{}", gh_data(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diag::Pos;

    fn minutes_zero(message: &str) -> (Diagnostic, HashMap<String, String>) {
        let d = Diagnostic::error(
            "journal/a.yaml",
            Some(Pos {
                line: 2,
                column: 10,
            }),
            Rule::EntryMinutesRange,
            message,
        )
        .with_hint("log the minutes actually spent");
        let src = HashMap::from([(
            "journal/a.yaml".to_string(),
            "date: 2026-01-08\nminutes: 0\n".to_string(),
        )]);
        (d, src)
    }

    #[test]
    fn human_output_is_coloured_only_when_asked() {
        let (d, src) = minutes_zero("`minutes` is 0");
        let plain = human(std::slice::from_ref(&d), &src, false);
        assert_eq!(
            plain,
            "error[entry/minutes-range]: `minutes` is 0\n --> journal/a.yaml:2:10\n  |\n2 | minutes: 0\n  |          ^\n  |\n  = hint: log the minutes actually spent\n\n"
        );
        let coloured = human(&[d], &src, true);
        assert_eq!(
            coloured,
            "\x1b[1m\x1b[91merror[entry/minutes-range]\x1b[0m\x1b[1m: `minutes` is 0\x1b[0m\n \x1b[1m\x1b[94m--> \x1b[0mjournal/a.yaml:2:10\n  \x1b[1m\x1b[94m|\x1b[0m\n\x1b[1m\x1b[94m2\x1b[0m \x1b[1m\x1b[94m|\x1b[0m minutes: 0\n  \x1b[1m\x1b[94m|\x1b[0m          \x1b[1m\x1b[91m^\x1b[0m\n  \x1b[1m\x1b[94m|\x1b[0m\n  \x1b[1m\x1b[94m= \x1b[0m\x1b[1mhint\x1b[0m: log the minutes actually spent\n\n"
        );
        assert_eq!(strip_sgr(&coloured), plain);
    }

    #[test]
    fn the_human_output_shows_ten_of_a_kind_and_counts_the_rest() {
        let (d, src) = minutes_zero("`minutes` is 0");
        let one = human(std::slice::from_ref(&d), &src, false);
        for (n, more) in [(10, None), (11, Some("… and 1 more error [entry/minutes-range] (`--format json` lists them all)\n\n")), (13, Some("… and 3 more errors [entry/minutes-range] (`--format json` lists them all)\n\n"))] {
            let out = human(&vec![d.clone(); n], &src, false);
            assert_eq!(out, format!("{}{}", one.repeat(10), more.unwrap_or("")), "{n}");
        }
    }

    #[test]
    fn the_caret_underlines_one_token() {
        let long = "x".repeat(300);
        for (text, start, width) in [
            ("lots", 0, 4),
            ("minutes: lots", 9, 4),
            ("key: value", 0, 3),
            ("a:b c", 0, 3),
            ("[rag, evals]", 1, 3),
            ("{a: b}", 4, 1),
            (": x", 0, 1),
            ("", 0, 1),
            (long.as_str(), 0, 200),
        ] {
            assert_eq!(token_width(text, start), width, "{text:?} from {start}");
        }
    }

    /// `text` without its SGR sequences (`ESC [ … m`).
    fn strip_sgr(text: &str) -> String {
        let mut stripped = String::new();
        let mut in_escape = false;
        for c in text.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (false, c) => stripped.push(c),
                _ => {}
            }
        }
        stripped
    }

    #[test]
    fn file_text_cannot_drive_the_terminal() {
        let (mut d, mut src) = minutes_zero("unknown kind `\x1b[2J\x1b]0;owned\x07`");
        d.file = "journal/\u{202E}a\x1b[31m.yaml".into();
        d.hint = Some("use \u{9b}31m\u{2066}`video`".into());
        src.insert(
            d.file.clone(),
            "date: 2026-01-08\nminutes:\x1b]0;x\x07\u{202E}0\n".into(),
        );
        for color in [false, true] {
            let out = human(std::slice::from_ref(&d), &src, color);
            let text = strip_sgr(&out);
            assert!(
                !text.chars().any(crate::out::is_unsafe_but_newline),
                "{out:?}"
            );
        }
        assert_eq!(
            human(&[d], &src, false),
            "error[entry/minutes-range]: unknown kind `[2J]0;owned`\n --> journal/a[31m.yaml:2:10\n  |\n2 | minutes:\u{FFFD}]0;x\u{FFFD}\u{FFFD}0\n  |          ^\n  |\n  = hint: use 31m`video`\n\n"
        );
    }

    /// The `-->` line and the caret line of one diagnostic at `col` on
    /// the first line of `text`.
    fn caret_at(text: &str, col: u32) -> (String, String) {
        let d = diag("journal/a.yaml", Severity::Error, "m");
        let d = Diagnostic {
            line: Some(1),
            column: Some(col),
            ..d
        };
        let src = HashMap::from([("journal/a.yaml".to_string(), format!("{text}\n"))]);
        let out = human(&[d], &src, false);
        let lines: Vec<&str> = out.lines().collect();
        (lines[1].to_string(), lines[4].to_string())
    }

    #[test]
    fn the_caret_sits_under_the_column_by_display_width() {
        // Wide CJK characters take two cells each before the error.
        assert_eq!(
            caret_at("名前: 日本語 vidoe", 9),
            (
                " --> journal/a.yaml:1:9".into(),
                "  |              ^^^^^".into()
            )
        );
        // So do emoji.
        assert_eq!(
            caret_at("kind: 🎥🎬 vidoe", 10),
            (
                " --> journal/a.yaml:1:10".into(),
                "  |            ^^^^^".into()
            )
        );
        // A tab is shown as one space, and the caret follows what is shown.
        assert_eq!(
            caret_at("kind:\tvidoe", 7),
            (" --> journal/a.yaml:1:7".into(), "  |       ^^^^^".into())
        );
        // A hidden character keeps its cell (as `�`), so the column the
        // diagnostic holds is the column shown.
        assert_eq!(
            caret_at("a\u{202E}: x", 4),
            (" --> journal/a.yaml:1:4".into(), "  |    ^".into())
        );
        // At the end of the line, one caret just past it.
        assert_eq!(
            caret_at("minutes:", 9),
            (" --> journal/a.yaml:1:9".into(), "  |         ^".into())
        );
    }

    #[test]
    fn every_piece_is_shown_without_a_snippet_too() {
        let mut d = diag("journal/a.yaml", Severity::Warning, "past the end");
        d.hint = Some("h".into());
        let src = HashMap::from([("journal/a.yaml".to_string(), "ab\n".to_string())]);
        // Past the end of the line, past the end of the file, no source.
        assert_eq!(
            human(std::slice::from_ref(&d), &src, false),
            "warning[entry/minutes-range]: past the end\n--> journal/a.yaml:3:7\n = hint: h\n\n"
        );
        d.line = Some(1);
        assert_eq!(
            human(std::slice::from_ref(&d), &src, false),
            "warning[entry/minutes-range]: past the end\n--> journal/a.yaml:1:7\n = hint: h\n\n"
        );
        d.column = None;
        assert_eq!(
            human(std::slice::from_ref(&d), &src, false),
            "warning[entry/minutes-range]: past the end\n--> journal/a.yaml:1\n = hint: h\n\n"
        );
        d.line = None;
        d.hint = None;
        assert_eq!(
            human(&[d], &src, false),
            "warning[entry/minutes-range]: past the end\n--> journal/a.yaml\n\n"
        );
    }

    #[test]
    fn caret_spans_one_token() {
        assert_eq!(token_width("sumary: x", 0), 6);
        assert_eq!(token_width("at: 12:30", 4), 5);
        assert_eq!(token_width("skills: [mcp, raggg]", 14), 5);
        assert_eq!(token_width("", 0), 1);
    }

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(gh_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(gh_data("a\r\nb %0A"), "a%0D%0Ab %250A");
        assert_eq!(gh_prop("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(gh_prop("x%3A\n"), "x%253A%0A");
    }

    fn diag(file: &str, sev: Severity, message: &str) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: Some(3),
            column: Some(7),
            code: Rule::EntryMinutesRange,
            severity: sev,
            message: message.into(),
            hint: None,
        }
    }

    #[test]
    fn github_annotation_escapes_hostile_text() {
        let mut d = diag(
            "journal/a:b,c%.yaml",
            Severity::Error,
            "bad\n::warning::injected\r\n::set-env name=X::y",
        );
        d.hint = Some("50% of it".into());
        assert_eq!(
            github(&[d]),
            "::error file=journal/a%3Ab%2Cc%25.yaml,line=3,col=7,title=entry/minutes-range::bad%0A::warning::injected%0D%0A::set-env name=X::y — 50%25 of it\n"
        );
    }

    #[test]
    fn github_output_lines_are_only_our_commands() {
        let diags: Vec<Diagnostic> = (0..30)
            .map(|i| {
                diag(
                    &format!("journal/{i}\n::error::x.yaml"),
                    Severity::Warning,
                    "w\n::x",
                )
            })
            .collect();
        for line in github(&diags).lines() {
            assert!(line.starts_with("::warning "), "foreign line: {line:?}");
        }
    }

    #[test]
    fn github_summarises_past_the_per_step_limit_in_the_last_shown_slot() {
        let mut diags: Vec<Diagnostic> = (0..12)
            .map(|i| diag(&format!("journal/e{i:02}.yaml"), Severity::Error, "e"))
            .collect();
        diags.extend((0..10).map(|i| diag(&format!("journal/w{i}.yaml"), Severity::Warning, "w")));
        let out = github(&diags);
        let lines: Vec<&str> = out.lines().collect();
        let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error ")).collect();
        let warnings = lines.iter().filter(|l| l.starts_with("::warning ")).count();
        assert_eq!(errors.len(), GITHUB_MAX_PER_SEVERITY);
        assert_eq!(
            warnings, GITHUB_MAX_PER_SEVERITY,
            "exactly at the limit: no summary"
        );
        assert_eq!(
            lines.last(),
            Some(&"::warning file=journal/w9.yaml,line=3,col=7,title=entry/minutes-range::w"),
            "exactly at the limit, the last slot is the tenth warning, not a summary"
        );
        assert_eq!(
            errors[8],
            &"::error file=journal/e08.yaml,line=3,col=7,title=entry/minutes-range::e"
        );
        assert_eq!(
            errors[9],
            &"::error title=pacenote::3 more errors not annotated (GitHub shows only the first 10 per step), in: journal/e09.yaml, journal/e10.yaml, journal/e11.yaml. The pull-request comment lists them; `pacenote check` prints them all."
        );
    }

    #[test]
    fn github_summary_lists_at_most_twenty_files() {
        let diags: Vec<Diagnostic> = (0..40)
            .map(|i| diag(&format!("journal/e{i:02}.yaml"), Severity::Warning, "w"))
            .collect();
        let out = github(&diags);
        let last = out.lines().last().unwrap_or_default();
        let listed: Vec<String> = (9..29).map(|i| format!("journal/e{i:02}.yaml")).collect();
        assert_eq!(
            last,
            format!(
                "::warning title=pacenote::31 more warnings not annotated (GitHub shows only the first 10 per step), in: {} and 11 more files. The pull-request comment lists them; `pacenote check` prints them all.",
                listed.join(", ")
            )
        );
        // Exactly twenty files left over: all of them listed, no "and 0 more".
        let out = github(&diags[..29]);
        let last = out.lines().last().unwrap_or_default();
        assert_eq!(
            last,
            format!(
                "::warning title=pacenote::20 more warnings not annotated (GitHub shows only the first 10 per step), in: {}. The pull-request comment lists them; `pacenote check` prints them all.",
                listed.join(", ")
            )
        );
    }
}
