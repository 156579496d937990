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

#![deny(unreachable_pub)]

mod api;
mod build_info;
mod check;
mod cli;
mod commands;
mod diag;
mod error;
mod fsx;
mod history;
mod load;
mod metrics;
mod model;
mod out;
mod report;

pub use api::{CheckOptions, Checked, Report, ReportOptions, Workspace};
pub use error::{Cause as ErrorCause, Fatal as Error};
pub use history::Progress;
/// The report's data: what `Report::data` returns, and the JSON report
/// serialises (`schema/report.schema.json`).
pub use report::data;

/// Runs the `pacenote` command line on `args` (the program's name first)
/// and returns the exit code: the whole of the `pacenote` binary.
#[doc(hidden)]
pub fn run_cli(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    use clap::Parser;
    commands::run(cli::Cli::parse_from(cli::args(args)))
}

/// Hooks for pacenote's own tests and fuzz targets: internals, with no
/// promise of stability. Programs embedding pacenote use the items above.
#[doc(hidden)]
pub mod internals {
    pub mod api {
        pub use crate::api::offline::report_of;
    }
    pub mod build_info {
        pub use crate::build_info::commit;
    }
    pub mod check {
        pub mod render {
            pub use crate::check::render::{gh_data, github, human, json};
        }
    }
    pub mod cli {
        pub use crate::cli::WorkflowKind;
    }
    pub mod commands {
        pub mod init {
            pub use crate::commands::init::workflows_for;
        }
    }
    pub mod fsx {
        pub use crate::fsx::{write_file, Target};
    }
    pub mod history {
        pub use crate::history::{
            as_of_ancestor, scan_counted, scan_with, Edit, EditKind, History, Options,
        };
        pub mod cache {
            pub use crate::history::cache::KEEP;
        }
    }
    pub mod load {
        pub use crate::load::{
            default_roadmap, load_entry, load_roadmap, SourceFile, DEFAULT_ROADMAP_YAML,
        };
        pub mod entry {
            pub use crate::load::entry::EntryContext;
        }
        pub mod inputs {
            pub use crate::load::inputs::{load_counted, Loaded};
        }
        pub mod repo {
            pub use crate::load::repo::{open, Origin};
        }
    }
    pub mod model {
        pub use crate::model::Roadmap;
    }
    pub mod out {
        pub use crate::out::{is_unsafe, is_unsafe_but_newline, printable, printable_lines};
    }
    pub mod report {
        pub mod escape {
            pub use crate::report::escape::{html, markdown};
        }
        pub mod markdown {
            pub use crate::report::markdown::{cut_to_fit, fmt_num};
        }
        pub mod template {
            pub use crate::report::template::{read_reply, render_source, MAX_OUTPUT};
        }
    }
}
