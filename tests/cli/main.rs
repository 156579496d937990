//! Integration tests: the built binary against real git repositories.

mod ci;
mod harness;
mod history;
mod metrics;
mod report;
mod skeleton;
