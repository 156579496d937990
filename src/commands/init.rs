//! `trailmark init`: scaffold a tracking repository. Existing files are kept
//! unless `--force`; running it twice changes nothing.

use super::{parse_date_arg, Global};
use crate::cli::InitArgs;
use crate::error::Result;
use crate::load::DEFAULT_ROADMAP_YAML;
use std::path::Path;

pub const WORKFLOW_TEMPLATE: &str = include_str!("../templates/workflow.yml");
pub const JOURNAL_README: &str = include_str!("../templates/journal-README.md");

/// The workflow `init` writes, pinned to this version of trailmark.
pub fn workflow() -> String {
    WORKFLOW_TEMPLATE.replace("__VERSION__", env!("CARGO_PKG_VERSION"))
}

/// The default roadmap with `start:` set.
pub fn roadmap_text(start: jiff::civil::Date) -> String {
    let mut out = String::new();
    let mut done = false;
    for line in DEFAULT_ROADMAP_YAML.lines() {
        out.push_str(line);
        out.push('\n');
        if !done && line.starts_with("title:") {
            out.push_str(&format!("start: {start}\n"));
            done = true;
        }
    }
    out
}

pub fn run(g: &Global, a: InitArgs) -> Result<i32> {
    let repo = g.open()?;
    let root = repo.require_workdir()?;
    let start = match &a.start {
        Some(s) => parse_date_arg("--start", s)?,
        None => crate::workspace::today()?,
    };
    let files: Vec<(&str, String)> = vec![
        ("roadmap.yaml", roadmap_text(start)),
        ("journal/README.md", JOURNAL_README.to_string()),
        (
            "schema/entry.schema.json",
            super::schema::ENTRY_SCHEMA.to_string(),
        ),
        (
            "schema/roadmap.schema.json",
            super::schema::ROADMAP_SCHEMA.to_string(),
        ),
        (
            "schema/report.schema.json",
            super::schema::REPORT_SCHEMA.to_string(),
        ),
        (".github/workflows/trailmark.yml", workflow()),
    ];
    let mut kept = 0;
    for (path, text) in files {
        let full = root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => {
                eprintln!("  kept      {path} (a symbolic link; not followed)");
                kept += 1;
                continue;
            }
            Ok(_) => {
                let same = std::fs::read(&full).is_ok_and(|b| b == text.as_bytes());
                if same {
                    eprintln!("  unchanged {path}");
                    continue;
                }
                if !a.force {
                    eprintln!("  kept      {path} (exists; --force replaces it)");
                    kept += 1;
                    continue;
                }
                crate::fsx::write_new(&full, text.as_bytes(), true)?;
                eprintln!("  replaced  {path}");
            }
            Err(_) => {
                ensure_inside(&root, &full)?;
                crate::fsx::write_new(&full, text.as_bytes(), false)?;
                eprintln!("  created   {path}");
            }
        }
    }
    match super::hook::install(&repo, false) {
        Ok(msg) => eprintln!("  {msg}"),
        Err(e) => eprintln!(
            "  warning: pre-commit hook not installed: {}{}",
            e.message,
            e.hint.map(|h| format!(" ({h})")).unwrap_or_default()
        ),
    }
    eprintln!(
        "\nroadmap starts {start}{}. Next: `trailmark log 45m \"what you did\"`, commit, then `trailmark report`.",
        if kept > 0 { format!("; {kept} existing file(s) kept") } else { String::new() }
    );
    Ok(0)
}

/// Refuses to create a file whose folder is (or passes through) a symbolic
/// link out of the repository.
fn ensure_inside(root: &Path, full: &Path) -> Result<()> {
    let mut p = full.parent();
    while let Some(dir) = p {
        if dir == root {
            break;
        }
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(crate::error::Fatal::new(format!(
                "{} is a symbolic link; trailmark does not write through links",
                dir.display()
            )));
        }
        p = dir.parent();
    }
    Ok(())
}
