//! Three views of the same diagnostics: a compiler-like human rendering with
//! the source line and a caret, JSON (SPEC §2), and GitHub workflow commands.

use crate::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

/// Whether to colour output written to a stream (a terminal and no NO_COLOR).
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Removes control characters so file content can never drive the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

/// `printable` for text of several lines.
pub fn printable_multiline(s: &str) -> String {
    s.lines().map(printable).collect::<Vec<_>>().join("\n")
}

/// In human output, past this many diagnostics of one rule the rest are
/// summarised in one line (JSON and GitHub output list them all).
pub const HUMAN_MAX_PER_CODE: usize = 10;

pub fn human(diags: &[Diagnostic], sources: &HashMap<String, String>, color: bool) -> String {
    let st = Style { on: color };
    let mut out = String::new();
    let mut shown: HashMap<(&str, Severity), usize> = HashMap::new();
    for d in diags {
        let n = shown.entry((d.code, d.severity)).or_default();
        *n += 1;
        if *n > HUMAN_MAX_PER_CODE {
            continue;
        }
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}{} {}",
            st.paint(code, &format!("{label}[{}]", d.code)),
            st.paint("1", ":"),
            st.paint("1", &printable(&d.message))
        );
        let loc = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", printable(&d.file)),
            (Some(l), None) => format!("{}:{l}", printable(&d.file)),
            _ => printable(&d.file),
        };
        let _ = writeln!(out, "  {} {loc}", st.paint("1;34", "-->"));
        if let (Some(line), Some(col), Some(src)) = (d.line, d.column, sources.get(&d.file)) {
            if let Some(text) = src.lines().nth(line as usize - 1) {
                let text = printable(text);
                let gutter = line.to_string();
                let pad = " ".repeat(gutter.len());
                let start = (col as usize).saturating_sub(1).min(text.chars().count());
                let width = token_width(&text, start);
                let shown: String = text.chars().take(200).collect();
                let _ = writeln!(out, "  {pad} {}", st.paint("1;34", "|"));
                let _ = writeln!(
                    out,
                    "  {} {} {shown}",
                    st.paint("1;34", &gutter),
                    st.paint("1;34", "|")
                );
                let _ = writeln!(
                    out,
                    "  {pad} {} {}{}",
                    st.paint("1;34", "|"),
                    " ".repeat(start.min(200)),
                    st.paint(code, &"^".repeat(width.min(200)))
                );
            }
        }
        if let Some(h) = &d.hint {
            let _ = writeln!(out, "  {} {}", st.paint("1;36", "= hint:"), printable(h));
        }
        out.push('\n');
    }
    let mut hidden: Vec<(&str, Severity, usize)> = shown
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

/// How many characters the caret underlines from `start`: one token, up to
/// whitespace, a `,`, `]` or `}` of a flow collection, or the `:` that ends
/// a key.
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

/// GitHub shows only the first few annotations of each severity per step;
/// past this many, the rest are summarised in one annotation.
pub const GITHUB_MAX_PER_SEVERITY: usize = 10;

/// Escapes data of a workflow command (the message).
pub fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (sev, cmd) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let all: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == sev).collect();
        for d in all.iter().take(GITHUB_MAX_PER_SEVERITY) {
            let mut props = format!("file={}", gh_prop(&d.file));
            if let Some(l) = d.line {
                let _ = write!(props, ",line={l}");
            }
            if let Some(c) = d.column {
                let _ = write!(props, ",col={c}");
            }
            let _ = write!(props, ",title={}", gh_prop(d.code));
            let mut msg = d.message.clone();
            if let Some(h) = &d.hint {
                msg.push_str(" — ");
                msg.push_str(h);
            }
            let _ = writeln!(out, "::{cmd} {props}::{}", gh_data(&msg));
        }
        if all.len() > GITHUB_MAX_PER_SEVERITY {
            let rest = &all[GITHUB_MAX_PER_SEVERITY..];
            let mut files: Vec<&str> = rest.iter().map(|d| d.file.as_str()).collect();
            files.dedup();
            let listed: Vec<String> = files.iter().take(20).map(|f| f.to_string()).collect();
            let _ = writeln!(
                out,
                "::{cmd} title=trailmark::{}",
                gh_data(&format!(
                    "{} more {cmd}s not annotated (GitHub shows only the first few per step), in: {}{}; run `trailmark check` for all of them",
                    rest.len(),
                    listed.join(", "),
                    if files.len() > 20 { ", …" } else { "" }
                ))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::yaml::Pos;

    fn minutes_zero(message: &str) -> (Diagnostic, HashMap<String, String>) {
        let d = Diagnostic::error(
            "journal/a.yaml",
            Some(Pos {
                line: 2,
                column: 10,
            }),
            "entry/minutes-range",
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
            "error[entry/minutes-range]: `minutes` is 0\n  --> journal/a.yaml:2:10\n    |\n  2 | minutes: 0\n    |          ^\n  = hint: log the minutes actually spent\n\n"
        );
        let coloured = human(&[d], &src, true);
        assert!(coloured.starts_with("\x1b[1;31merror[entry/minutes-range]\x1b[0m"));
        let mut stripped = String::new();
        let mut in_escape = false;
        for c in coloured.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (false, c) => stripped.push(c),
                _ => {}
            }
        }
        assert_eq!(stripped, plain);
    }

    #[test]
    fn file_text_cannot_drive_the_terminal() {
        let (d, src) = minutes_zero("unknown kind `\x1b[2J\x1b]0;owned\x07`");
        let out = human(&[d], &src, false);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
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
        assert_eq!(gh_prop("a:b,c"), "a%3Ab%2Cc");
    }
}
