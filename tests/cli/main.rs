//! Integration tests: the built binary against real git repositories.

mod check;
mod harness;
mod hooks;
mod skeleton;
