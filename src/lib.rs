//! pacenote: a git-native progress tracker.
//!
//! A one-way pipeline, one folder a stage, each using only those below it
//! (`docs/architecture.md`; `tests/architecture.rs` keeps it so):
//! `model` (the typed values) ← `load` (bytes and the repository → model,
//! with positions) ← `history` (what the commits say) ← `check` (rules →
//! diagnostics) ← `metrics` (pure figures) ← `report` (data → markdown |
//! text | json | html | template) ← `commands` (arguments in, output out;
//! `cli` only declares the arguments) ← `main`. Below every stage: `diag`,
//! `error`, `fsx`, `out`, `build_info`.

pub mod api;
pub mod build_info;
pub mod check;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod error;
pub mod fsx;
pub mod history;
pub mod load;
pub mod metrics;
pub mod model;
pub mod out;
pub mod report;

pub use api::{Report, ReportOptions, Workspace};
pub use history::Progress;
