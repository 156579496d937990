//! pacenote: a git-native progress tracker.
//!
//! The pipeline, one folder a stage:
//! `load` (roadmap, journal, positions) → `history` (what the commits say)
//! → `check` (rules → diagnostics) and `metrics` (pure figures)
//! → `report` (data → markdown | text | json | template).
//! `commands` wires the stages; `cli` only declares arguments.

pub mod binfmt;
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
