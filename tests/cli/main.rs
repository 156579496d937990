//! Integration tests: the built binary against real git repositories.

mod harness;
mod history;
mod skeleton;
