//! Integration tests: the built binary against real git repositories.

mod harness;
mod report;
mod skeleton;
