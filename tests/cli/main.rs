//! Integration tests: the built binary against real git repositories.

mod check;
mod ci;
mod contract;
mod entry_cache;
mod harness;
mod history;
mod hooks;
mod metrics;
mod report;
mod skeleton;
