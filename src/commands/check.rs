//! `trailmark check`: validate the roadmap and the journal (the work tree,
//! the index with `--staged`, or the given paths), plus the history rules
//! for the commits since `--base`.

use super::Global;
use crate::check::{self, render};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{self, Diagnostic, Severity};
use crate::error::{Fatal, Result};
use crate::history;
use crate::load::{is_entry_path, SourceFile};
use crate::repo::{rel, Files, Origin, Repo, ROADMAP_PATH};
use crate::workspace;
use std::io::IsTerminal;

pub fn run(g: &Global, a: CheckArgs) -> Result<i32> {
    let repo = g.open()?;
    let today = workspace::today()?;
    let mut pre = Vec::new();
    let files = if !a.paths.is_empty() {
        paths(&repo, &a, &mut pre)?
    } else if a.staged {
        repo.read(&Origin::Index, &mut pre)?
    } else {
        repo.read(&Origin::WorkTree, &mut pre)?
    };
    let mut loaded = workspace::load_files(files, g.roadmap_override(), today, pre)?;

    // Cross-entry rules, with what the history knows when it can answer.
    let head = repo.head_commit()?;
    let opts = history::Options {
        cache: !a.no_cache,
        ..Default::default()
    };
    let hist = match &head {
        Some(h) if !repo.git.is_shallow() => Some(history::scan_with(&repo, h, opts)?),
        _ => None,
    };
    if loaded.roadmap_ok {
        let me = super::local_user(&repo);
        let author_of = |e: &crate::load::entry::LoadedEntry| {
            e.entry
                .author
                .clone()
                .or_else(|| {
                    hist.as_ref()
                        .and_then(|h| h.records.get(&e.entry.path))
                        .map(|r| r.author.clone())
                })
                .unwrap_or_else(|| me.clone())
        };
        let recorded_on = |e: &crate::load::entry::LoadedEntry| {
            hist.as_ref()
                .and_then(|h| h.records.get(&e.entry.path))
                .map_or(today, |r| r.date)
        };
        let cap = check::daily_cap(&loaded.roadmap, &loaded.entries, &author_of);
        let back = check::backfill(&loaded.roadmap, &loaded.entries, &recorded_on);
        loaded.diags.extend(cap);
        loaded.diags.extend(back);
    }
    if let Some(base) = &a.base {
        history::ensure_complete(&repo)?;
        let head = head
            .ok_or_else(|| Fatal::new("the repository has no commits; --base needs a history"))?;
        let h = match &hist {
            Some(h) => h.clone(),
            None => history::scan_with(&repo, &head, opts)?,
        };
        let found = history::append_only(&repo, &h, base, &head, &loaded.roadmap)?;
        loaded.diags.extend(found);
    }
    let mut diags = loaded.diags;
    if a.strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    diag::sort(&mut diags);
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    match a.format {
        CheckFormat::Human => {
            eprint!(
                "{}",
                render::human(
                    &diags,
                    &loaded.sources,
                    render::use_color(std::io::stderr().is_terminal())
                )
            );
            let files = loaded.files;
            eprintln!(
                "checked {files} file{}: {errors} error{}, {warnings} warning{}",
                if files == 1 { "" } else { "s" },
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            );
        }
        CheckFormat::Json => print!("{}", render::json(&diags)),
        CheckFormat::Github => print!("{}", render::github(&diags)),
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// Reads exactly the given paths (plus the roadmap, to check ids against).
fn paths(repo: &Repo, a: &CheckArgs, diags: &mut Vec<Diagnostic>) -> Result<Files> {
    let root = repo.require_workdir()?;
    let root_c = root.canonicalize().unwrap_or(root.clone());
    let mut files = Files::default();
    let mut roadmap_given = false;
    let cwd = std::env::current_dir().unwrap_or_default();
    for p in &a.paths {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        // Resolve the folder (not the file: a link must be reported, not followed).
        let parent = abs.parent().and_then(|d| d.canonicalize().ok());
        let Some(parent) = parent else {
            return Err(Fatal::new(format!("{}: no such file", p.display())));
        };
        if !parent.starts_with(&root_c) {
            return Err(
                Fatal::new(format!("{} is outside the repository", p.display()))
                    .hint(format!("give paths inside {}", root.display())),
            );
        }
        let path = rel(&root_c, &parent.join(abs.file_name().unwrap_or_default()));
        if std::fs::symlink_metadata(root.join(&path)).is_err() {
            return Err(Fatal::new(format!("{}: no such file", p.display())));
        }
        let Some(bytes) = crate::repo::read_regular(&root, &path, diags)? else {
            continue;
        };
        if path == ROADMAP_PATH {
            roadmap_given = true;
            files.roadmap = Some(SourceFile { path, bytes });
        } else {
            if !is_entry_path(&path) {
                diags.push(Diagnostic::warning(&path, None, "file/not-an-entry", format!("{path} is not under journal/ or is not .yaml/.yml; checked as an entry anyway")));
            }
            files.entries.push(SourceFile { path, bytes });
        }
    }
    if !roadmap_given {
        let mut ignore = Vec::new();
        if let Some(bytes) = crate::repo::read_regular(&root, ROADMAP_PATH, &mut ignore)? {
            files.roadmap = Some(SourceFile {
                path: ROADMAP_PATH.into(),
                bytes,
            });
        }
    }
    Ok(files)
}
