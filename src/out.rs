//! Every byte pacenote prints goes through here: one writer per stream that
//! never panics (Rust's `print!` family panics when a write fails, e.g.
//! `2>/dev/full`), and that ends the process the way git does when the
//! reader of a pipe has gone away.
//!
//! - A closed pipe on standard output (`pacenote report | head -0`):
//!   nothing more is written, nothing is reported, and the process exits at
//!   once with status 141 (128 + SIGPIPE), as git does (git dies of the
//!   signal; a shell shows both as 141).
//! - Any other failure on standard output (a full disk, `>/dev/full`) is an
//!   error: exit 2 with the reason on standard error.
//! - Any failure on standard error, a closed pipe included, is ignored:
//!   there is nowhere left to say it, and the exit status still tells the
//!   outcome. Unlike git, a command that changes files (`init`, `log
//!   --commit`) is never stopped half-way because nobody reads its messages.
//!
//! The `print!`, `println!`, `eprint!` and `eprintln!` macros are denied by
//! clippy in this crate (`Cargo.toml`), so nothing can bypass this module.

use crate::error::{Fatal, Result};
use std::io::{ErrorKind, Write};

/// The exit status after a closed pipe: 128 + SIGPIPE (13), as git's.
pub(crate) const PIPE_CLOSED_EXIT: i32 = 141;

/// Ends the process because the reader of one of its pipes went away.
fn pipe_closed() -> ! {
    std::process::exit(PIPE_CLOSED_EXIT)
}

/// Writes `text` to standard output and flushes it. A closed pipe ends the
/// process quietly (status 141); any other failure is a `Fatal`.
pub(crate) fn stdout(text: &str) -> Result<()> {
    stdout_bytes(text.as_bytes())
}

/// `stdout` for bytes.
pub(crate) fn stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut w = std::io::stdout().lock();
    match w.write_all(bytes).and_then(|()| w.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => pipe_closed(),
        Err(e) => Err(Fatal::new(format!("cannot write to standard output: {e}")).os(e)),
    }
}

/// Writes `text` to standard error. Never fails and never panics: a
/// failure (a closed pipe, a full device) only loses the message.
pub(crate) fn stderr(text: &str) {
    let mut w = std::io::stderr().lock();
    let _ = w.write_all(text.as_bytes()).and_then(|()| w.flush());
}

/// `stderr` with a line end.
pub(crate) fn stderr_line(text: &str) {
    let mut s = String::with_capacity(text.len() + 1);
    s.push_str(text);
    s.push('\n');
    stderr(&s);
}

/// `eprintln!` through the never-panicking writer.
#[doc(hidden)]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::out::stderr_line(&format!($($arg)*))
    };
}
pub(crate) use errln;

/// Whether to colour what goes to each stream, decided once per run from
/// `--color`: `Always` and `Never` are obeyed as they are. `Auto` follows
/// the environment as `anstream` reads it: `NO_COLOR` (set, not empty)
/// means no colour; else `CLICOLOR_FORCE` (set, not empty) means colour,
/// even through a pipe; else `CLICOLOR=0` means none; else a stream is
/// coloured when it is a terminal that can show colour (`TERM` set and not
/// `dumb`, or `CLICOLOR` set, or `CI` set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

impl Colors {
    /// `choice` resolved for this process's standard output and error.
    pub(crate) fn new(choice: anstream::ColorChoice) -> Colors {
        Colors {
            stdout: coloured(choice, &std::io::stdout()),
            stderr: coloured(choice, &std::io::stderr()),
        }
    }
}

fn coloured<S: anstream::stream::RawStream>(choice: anstream::ColorChoice, stream: &S) -> bool {
    let resolved = match choice {
        anstream::ColorChoice::Auto => anstream::AutoStream::choice(stream),
        given => given,
    };
    resolved != anstream::ColorChoice::Never
}

/// Whether a character must never reach a terminal or an annotation as
/// it is: control characters (C0 with ESC, DEL, C1), the bidirectional
/// controls that make text read differently than it is (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069), the byte-order mark, and the
/// line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `is_unsafe`, except the line feed that ends a line of output.
pub fn is_unsafe_but_newline(c: char) -> bool {
    c != '\n' && is_unsafe(c)
}

/// Characters that break a line, shown as a space in one-line output.
fn breaks_line(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The one sanitiser for text from files, git or the command line printed
/// to a terminal: one line, tabs and line breaks become spaces, and every
/// `is_unsafe` character is dropped, so no escape sequence can drive the
/// terminal and no bidi control can reorder what is shown.
pub fn printable(s: &str) -> String {
    sanitize(s, |_| false)
}

/// `printable` for text of several lines (`\n` kept).
pub fn printable_lines(s: &str) -> String {
    sanitize(s, |c| c == '\n')
}

/// `printable` for a GitHub workflow command's data: CR and LF are kept
/// for the caller to escape (`%0D`, `%0A`); everything else unsafe goes.
pub(crate) fn annotation(s: &str) -> String {
    sanitize(s, |c| c == '\n' || c == '\r')
}

/// `printable` for a source line shown with a caret under one of its
/// characters: every character keeps its place, one out for one in, so a
/// column counted in the file's characters still points at the same
/// character. Tabs and line breaks become spaces; every other unsafe
/// character becomes U+FFFD (`�`), visible where the file hides it.
pub(crate) fn printable_in_place(s: &str) -> String {
    s.chars()
        .map(|c| {
            if breaks_line(c) {
                ' '
            } else if is_unsafe(c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

fn sanitize(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else if breaks_line(c) {
            out.push(' ');
        } else if !is_unsafe(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_unsafe_passes() {
        let hostile =
            "a\x1b[2J\x1b]0;t\x07b\u{9b}31m\u{202E}c\u{2066}d\u{200F}e\u{61C}f\u{FEFF}g\u{7f}h";
        assert_eq!(printable(hostile), "a[2J]0;tb31mcdefgh");
        assert_eq!(printable("x\ty\nz\r\u{2028}w"), "x y z  w");
        assert_eq!(printable_lines("x\ny\u{202E}"), "x\ny");
        assert_eq!(annotation("x\r\ny\u{1b}\u{2067}"), "x\r\ny");
        assert_eq!(printable("Ünïcödé — fine"), "Ünïcödé — fine");
        assert_eq!(
            printable_in_place("a\tb\x1b[2J\u{202E}c\u{9b}d\r日"),
            "a b\u{FFFD}[2J\u{FFFD}c\u{FFFD}d 日"
        );
    }
}
