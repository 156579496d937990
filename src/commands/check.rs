//! `pacenote check`: validate the roadmap and the journal (the work tree,
//! the index with `--staged`, or the given paths), plus the history rules
//! for the commits since `--base`. The checking is the library's
//! (`Workspace::check`); this prints what it found.

use super::Global;
use crate::api::{CheckOptions, Workspace};
use crate::check::render;
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::Result;

pub(crate) fn run(g: &Global, a: &CheckArgs) -> Result<i32> {
    let mut ws = Workspace::open(&g.dir)?;
    if let Some(r) = g.roadmap_override() {
        ws = ws.with_roadmap(r);
    }
    let bar = super::progress::Bar::default();
    let checked = ws.check(&CheckOptions {
        staged: a.staged,
        base: a.base.clone(),
        paths: a.paths.clone(),
        strict: a.strict,
        today: None,
        cache: !a.no_cache,
        progress: Some(&bar),
    })?;
    for note in checked.notes() {
        crate::out::errln!("{note}");
    }
    let diags = checked.diagnostics();
    let errors = checked.errors();
    let warnings = diags.len() - errors;
    match a.format {
        CheckFormat::Human => {
            render::eprint_human(diags, checked.sources(), g.colors.stderr);
            let files = checked.files();
            crate::out::errln!(
                "checked {files} file{}: {errors} error{}, {warnings} warning{}",
                if files == 1 { "" } else { "s" },
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            );
        }
        CheckFormat::Json => super::write_stdout(&render::json(diags))?,
        CheckFormat::Github => super::write_stdout(&render::github(diags))?,
    }
    Ok(i32::from(errors > 0))
}
