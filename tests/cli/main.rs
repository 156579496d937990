//! Integration tests: the built binary against real git repositories.

// Tests may print to the test runner; the program itself prints only
// through `pacenote::out` (the lint is for the crate's own code).
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod agreement;
mod balance;
mod check;
mod ci;
mod color;
mod contract;
mod corrections;
mod distribution;
mod editors;
mod entry_cache;
mod everyday;
mod harness;
mod history;
mod hooks;
mod hostile;
mod log_commit;
mod metrics;
mod people;
mod report;
mod report_cache;
mod scope;
mod skeleton;
mod time_off;
mod unseen;
mod verdict;
