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
pub const PIPE_CLOSED_EXIT: i32 = 141;

/// Ends the process because the reader of one of its pipes went away.
fn pipe_closed() -> ! {
    std::process::exit(PIPE_CLOSED_EXIT)
}

/// Writes `text` to standard output and flushes it. A closed pipe ends the
/// process quietly (status 141); any other failure is a `Fatal`.
pub fn stdout(text: &str) -> Result<()> {
    stdout_bytes(text.as_bytes())
}

/// `stdout` for bytes.
pub fn stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut w = std::io::stdout().lock();
    match w.write_all(bytes).and_then(|()| w.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => pipe_closed(),
        Err(e) => Err(Fatal::new(format!("cannot write to standard output: {e}"))),
    }
}

/// Writes `text` to standard error. Never fails and never panics: a
/// failure (a closed pipe, a full device) only loses the message.
pub fn stderr(text: &str) {
    let mut w = std::io::stderr().lock();
    let _ = w.write_all(text.as_bytes()).and_then(|()| w.flush());
}

/// `stderr` with a line end.
pub fn stderr_line(text: &str) {
    let mut s = String::with_capacity(text.len() + 1);
    s.push_str(text);
    s.push('\n');
    stderr(&s);
}

/// `eprintln!` through the never-panicking writer.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::out::stderr_line(&format!($($arg)*))
    };
}
