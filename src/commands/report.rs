//! `pacenote report`: the arguments become `ReportOptions`, the library
//! computes the report (`crate::api`), and this renders it in the format
//! asked for and writes it out.

use super::{parse_date_arg, Global};
use crate::api::{Rendering, ReportOptions, Workspace};
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Fatal, Result};
use crate::load::inputs;
use crate::load::repo::Repo;
use crate::report::markdown;

pub(crate) fn run(g: &Global, a: &ReportArgs) -> Result<i32> {
    let mut ws = Workspace::open(&g.dir)?;
    if let Some(r) = g.roadmap_override() {
        ws = ws.with_roadmap(r);
    }
    let today = inputs::today()?;
    let as_of = match &a.as_of {
        Some(d) => parse_date_arg("--as-of", d)?,
        None => today,
    };
    if let Some(out) = &a.output {
        if !a.force && std::fs::symlink_metadata(out).is_ok() {
            return Err(Fatal::new(format!("{} already exists", out.display()))
                .hint("pass --force to replace it, or choose another --output"));
        }
    }
    let limit = match a.max_chars {
        0 => None,
        n if n < markdown::MIN_LIMIT => {
            return Err(
                Fatal::new(format!("--max-chars {n} is too small for a report")).hint(format!(
                    "pass at least {} (GitHub's limit is {}), or 0 for no limit",
                    markdown::MIN_LIMIT,
                    markdown::GITHUB_COMMENT_LIMIT
                )),
            )
        }
        n => Some(n),
    };
    let bar = super::progress::Bar::default();
    let options = ReportOptions {
        as_of: Some(as_of),
        today: Some(today),
        rev: a.rev.as_deref(),
        base: a.base.as_deref(),
        author: a.author.as_deref(),
        cache: !a.no_cache,
        progress: Some(&bar),
    };
    let how = match a.format {
        ReportFormat::Markdown => Rendering::Markdown {
            max_chars: limit.map(|n| n as u64),
        },
        ReportFormat::Json => Rendering::Json,
        // A file written with --output is never coloured.
        ReportFormat::Text => Rendering::Text {
            color: a.output.is_none() && g.colors.stdout,
        },
        ReportFormat::Html => Rendering::Html,
    };
    // A template, and the change of --base (which --skip-untouched reads),
    // need the report's data; the rest is the rendering alone, which the
    // report cache may answer.
    let computed = if a.template.is_none() && a.base.is_none() {
        ws.rendered(&options, how)
            .map(|(r, report)| (r.output, r.authors, report))
    } else {
        ws.report(&options).and_then(|report| {
            let data = report.data();
            let untouched = data.change.as_ref().is_some_and(|c| !c.touched);
            let out = if a.skip_untouched && untouched {
                String::new()
            } else if let Some(t) = &a.template {
                crate::report::template::render(t, data)?
            } else {
                report.render(how)?
            };
            Ok((out, report.authors().to_vec(), Some(report)))
        })
    };
    let (out, authors, report) = match computed {
        Ok(c) => c,
        Err(e) => {
            crate::check::render::eprint_human(&e.diagnostics, &e.sources, g.colors.stderr);
            return Err(e);
        }
    };
    if let Some(name) = &a.author {
        if !authors.contains(name) {
            crate::out::errln!(
                "warning: no entries by `{}`; authors: {}",
                crate::out::printable(name),
                crate::out::printable(&authors.join(", "))
            );
        }
    }
    match &a.output {
        Some(p) => write_output(ws.repo(), p, out.as_bytes(), a.force)?,
        None => super::write_stdout(&out)?,
    }
    // The process ends right after: freeing every entry, fact and record
    // one by one would only cost time (like git, leave it to the exit).
    std::mem::forget(report);
    Ok(0)
}

/// `--output`: inside the work tree, through real folders only; anywhere,
/// never onto a link, a folder or a device, even with `--force`.
fn write_output(repo: &Repo, path: &std::path::Path, bytes: &[u8], force: bool) -> Result<()> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = repo
        .workdir()
        .map(|w| std::path::absolute(w).unwrap_or(w.to_path_buf()));
    let inside = root.filter(|r| abs.starts_with(r));
    let tmp = crate::fsx::tmp_dir(&repo.git);
    let t = crate::fsx::Target {
        path: &abs,
        inside: inside.as_deref(),
        tmp: Some(&tmp),
        overwrite: force,
    };
    crate::fsx::write_file(&t, bytes).map_err(|e| match e {
        crate::fsx::WriteError::Exists => Fatal::new(format!("{} already exists", path.display()))
            .hint("pass --force to replace it, or choose another --output"),
        crate::fsx::WriteError::Refused(why) => {
            Fatal::new(format!("cannot write {}: {why}", path.display()))
                .hint("choose another --output; --force replaces only a regular file")
        }
        crate::fsx::WriteError::Io(e) => {
            Fatal::new(format!("cannot write {}: {e}", path.display())).io(path, e)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_cannot_be_written_keeps_the_os_error_and_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        git2::Repository::init(dir.path()).expect("git init");
        let repo = crate::load::repo::open(dir.path()).expect("opens");
        // Outside the work tree, below a file where a folder should be.
        let out = tempfile::tempdir().expect("tempdir");
        std::fs::write(out.path().join("file"), "x").expect("write");
        let path = out.path().join("file").join("report.md");
        let e = write_output(&repo, &path, b"x", false).expect_err("a file is no folder");
        let io = e.io_error().expect("keeps the I/O error");
        assert_eq!(e.path(), Some(path.as_path()));
        assert_eq!(
            e.to_string(),
            format!("cannot write {}: {io}", path.display())
        );
    }
}
