//! Computes a report through the library API, without the command line.
//!
//! `cargo run --example report -- PATH` reports on the repository at PATH;
//! without PATH it makes a repository with two journal entries in a
//! temporary folder and reports on that.

// An example prints its result; the crate itself writes only through `out`.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let temp = tempfile::tempdir()?;
    let path = match std::env::args_os().nth(1) {
        Some(p) => p.into(),
        None => {
            sample_journal(temp.path())?;
            temp.path().to_path_buf()
        }
    };
    let options = pacenote::ReportOptions {
        // Figures as of a fixed day, so the sample's output never changes.
        today: std::env::args_os()
            .nth(1)
            .is_none()
            .then(|| "2026-01-09".parse())
            .transpose()?,
        ..Default::default()
    };
    let report = pacenote::Workspace::open(&path)?.report(&options)?;
    let data = report.data();
    println!(
        "{} entries, {} h by {} as of {}",
        data.totals.entries,
        data.totals.hours,
        report.authors().join(", "),
        data.as_of
    );
    Ok(())
}

/// A git repository with two entries in its work tree (none committed yet).
fn sample_journal(dir: &Path) -> Result<(), Box<dyn Error>> {
    git2::Repository::init(dir)?;
    let month = dir.join("journal/2026/01");
    std::fs::create_dir_all(&month)?;
    std::fs::write(
        month.join("05-first-evals.yaml"),
        "date: 2026-01-05\nminutes: 90\nsummary: Wrote the first evals\nauthor: ada\n",
    )?;
    std::fs::write(
        month.join("07-read-a-paper.yaml"),
        "date: 2026-01-07\nminutes: 45\nsummary: Read a paper on retrieval\nauthor: grace\n",
    )?;
    Ok(())
}
