//! `pacenote log`: write one valid entry, never over an existing file.

use super::{parse_date_arg, write_stdout, Global};
use crate::cli::LogArgs;
use crate::error::{Fatal, Result};
use crate::load::{entry::EntryContext, SourceFile};
use crate::repo::Origin;
use serde::Serialize;

pub use crate::load::duration::parse as parse_duration;

fn looks_like_duration(s: &str) -> bool {
    parse_duration(s).is_ok()
}

/// A file-name slug from a summary: a few lowercase words.
pub fn slug(summary: &str) -> String {
    let mut out = String::new();
    for word in summary
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_ascii_lowercase();
        if !out.is_empty() && out.len() + 1 + w.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.chars().take(40).collect::<String>());
    }
    if out.is_empty() {
        "entry".into()
    } else {
        out
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum TargetOut {
    Id(String),
    Amount { id: String, amount: f64 },
    Done { id: String, done: bool },
}

#[derive(Serialize)]
struct EntryOut {
    date: String,
    minutes: u32,
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    targets: Vec<TargetOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    habits: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
}

pub fn run(g: &Global, a: LogArgs) -> Result<i32> {
    let repo = g.open()?;
    let root = repo.require_workdir()?;
    let today = crate::workspace::today()?;
    let loaded = crate::workspace::load(&repo, &Origin::WorkTree, g.roadmap_override(), today)?;
    if !loaded.roadmap_ok {
        let mut diags = loaded.diags.clone();
        diags.retain(|d| {
            d.file == "roadmap.yaml"
                || loaded.roadmap_source != crate::workspace::RoadmapSource::Default
        });
        crate::check::render::eprint_human(&diags, &loaded.sources);
        return Err(Fatal::new("the roadmap has errors; fix it before logging")
            .hint("run `pacenote check roadmap.yaml`"));
    }
    let (minutes, summary) = match a.words.as_slice() {
        [d, s] => {
            let m = parse_duration(d).map_err(|why| {
                Fatal::new(why).hint("write the duration like 45m, 1h30m, 2h or 90 (minutes)")
            })?;
            (m, s.clone())
        }
        [s] if looks_like_duration(s) => {
            return Err(Fatal::new("missing the summary")
                .hint(format!("pacenote log {s} \"what you did\"")));
        }
        [s] => {
            let m = loaded.roadmap.practice_minutes;
            crate::errln!(
                "no duration given: logging {m} minutes, the roadmap's daily practice goal"
            );
            (m, s.clone())
        }
        _ => {
            return Err(Fatal::new("give a summary, optionally after a duration")
                .hint("pacenote log 45m \"Built an MCP server\""))
        }
    };
    let date = match &a.date {
        Some(d) => parse_date_arg("--date", d)?,
        None => today,
    };
    let mut targets = Vec::new();
    for t in &a.targets {
        match t.split_once('=') {
            None => targets.push(TargetOut::Id(t.clone())),
            Some((id, amount)) => {
                let v: f64 = amount.parse().map_err(|_| {
                    Fatal::new(format!("--target {t}: `{amount}` is not a number"))
                        .hint("write --target ID=AMOUNT, e.g. --target write-evals=12")
                })?;
                targets.push(TargetOut::Amount {
                    id: id.to_string(),
                    amount: v,
                });
            }
        }
    }
    targets.extend(a.done.iter().map(|id| TargetOut::Done {
        id: id.clone(),
        done: true,
    }));
    let out = EntryOut {
        date: date.to_string(),
        minutes,
        summary: summary.trim().to_string(),
        kind: a.kind.clone(),
        skills: a.skills.clone(),
        targets,
        habits: a.habits.clone(),
        evidence: a.evidence.clone(),
        author: a.author.clone(),
    };
    let text = serde_yaml::to_string(&out)
        .map_err(|e| Fatal::new(format!("cannot write the entry: {e}")))?;

    // Pick a free path: journal/YYYY/MM/DD-slug.yaml, then -2, -3, …
    let base = format!(
        "journal/{:04}/{:02}/{:02}-{}",
        date.year(),
        date.month(),
        date.day(),
        slug(&summary)
    );
    let mut path = format!("{base}.yaml");
    let mut n = 2;
    while std::fs::symlink_metadata(root.join(&path)).is_ok() {
        path = format!("{base}-{n}.yaml");
        n += 1;
    }

    // Validate exactly what will be written, with the day's other entries.
    let mut diags = Vec::new();
    let ctx = EntryContext {
        roadmap: &loaded.roadmap,
        today,
        check_ids: true,
    };
    let file = SourceFile {
        path: path.clone(),
        bytes: text.clone().into_bytes(),
    };
    let new = crate::load::load_entry(&file, &ctx, &mut diags);
    if let Some(new) = &new {
        let me = super::local_user(&repo);
        let author_of = |e: &crate::load::entry::LoadedEntry| {
            e.entry.author.clone().unwrap_or_else(|| me.clone())
        };
        let mut day: Vec<_> = loaded
            .entries
            .iter()
            .filter(|e| e.entry.date == date)
            .cloned()
            .collect();
        day.push(new.clone());
        diags.extend(
            crate::check::daily_cap(&loaded.roadmap, &day, &author_of)
                .into_iter()
                .filter(|d| d.file == path),
        );
    }
    if !diags.is_empty() {
        let mut sources = std::collections::HashMap::new();
        sources.insert(path.clone(), text.clone());
        crate::check::render::eprint_human(&diags, &sources);
        if diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            crate::errln!("nothing written: the entry would not be valid");
            return Ok(1);
        }
    }
    // Earlier versions made their temporary files beside the entry.
    if let Some(folder) = std::path::Path::new(&path).parent() {
        crate::fsx::sweep(&repo.git, &[&root.join(folder)]);
    }
    crate::fsx::write_in_repo(&repo.git, &root, &path, text.as_bytes(), false)?;
    write_stdout(&format!("{path}\n"))?;
    if a.commit {
        commit(&repo, &path, &summary)?;
    }
    Ok(0)
}

fn commit(repo: &crate::repo::Repo, path: &str, summary: &str) -> Result<()> {
    let git = &repo.git;
    let author = signature(git, "AUTHOR")?;
    let committer = signature(git, "COMMITTER")?;
    let mut index = git.index()?;
    let head = repo.head_commit()?;
    let head_tree = head.as_ref().map(|c| c.tree()).transpose()?;
    let staged = git.diff_tree_to_index(head_tree.as_ref(), Some(&index), None)?;
    if staged.deltas().len() > 0 {
        return Err(Fatal::new(format!("{path} was written but not committed: other changes are staged"))
            .hint(format!("commit or unstage them first, or commit the entry yourself: git add {path} && git commit")));
    }
    index.add_path(std::path::Path::new(path))?;
    index.write()?;
    let tree = git.find_tree(index.write_tree()?)?;
    let short: String = summary.chars().take(60).collect();
    let message = format!("journal: {short}\n");
    let parents: Vec<&git2::Commit> = head.iter().collect();
    let id = git.commit(Some("HEAD"), &author, &committer, &message, &tree, &parents)?;
    crate::errln!("committed {} {}", &id.to_string()[..7], message.trim_end());
    Ok(())
}

/// A signature as `git commit` makes it: `GIT_<ROLE>_NAME`, `_EMAIL` and
/// `_DATE` from the environment, else `user.name`/`user.email` and now.
fn signature(git: &git2::Repository, role: &str) -> Result<git2::Signature<'static>> {
    let config = git.config()?;
    let var = |k: &str| {
        std::env::var(format!("GIT_{role}_{k}"))
            .ok()
            .filter(|v| !v.is_empty())
    };
    let name = var("NAME").or_else(|| config.get_string("user.name").ok());
    let email = var("EMAIL").or_else(|| config.get_string("user.email").ok());
    let (Some(name), Some(email)) = (name, email) else {
        return Err(Fatal::new(
            "git does not know who you are, so the entry was written but not committed",
        )
        .hint("set `git config user.name` and `git config user.email`, then commit the file"));
    };
    let sig = match var("DATE").and_then(|d| parse_git_date(&d)) {
        Some((secs, offset)) => git2::Signature::new(&name, &email, &git2::Time::new(secs, offset)),
        None => git2::Signature::now(&name, &email),
    };
    sig.map_err(|e| Fatal::new(format!("invalid git identity: {}", e.message())))
}

/// Parses the date forms scripts give git: RFC 3339 (`2026-01-10T12:00:00+01:00`)
/// and `@<seconds> <+hhmm>`; returns seconds and the offset in minutes.
pub fn parse_git_date(s: &str) -> Option<(i64, i32)> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('@') {
        let mut parts = rest.split_whitespace();
        let secs: i64 = parts.next()?.parse().ok()?;
        let off = parts.next().map_or(Some(0), parse_hhmm)?;
        return Some((secs, off));
    }
    let ts: jiff::Timestamp = s.parse().ok()?;
    let off = if s.ends_with('Z') || s.ends_with('z') {
        0
    } else {
        parse_hhmm(s.get(s.len().checked_sub(6)?..)?)?
    };
    Some((ts.as_second(), off))
}

fn parse_hhmm(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_dates() {
        assert_eq!(
            parse_git_date("2026-01-10T12:00:00+01:00"),
            Some((1_768_042_800, 60))
        );
        assert_eq!(
            parse_git_date("@1768042800 -0230"),
            Some((1_768_042_800, -150))
        );
        assert_eq!(parse_git_date("yesterday"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Built an MCP server exposing our deploy API"),
            "built-an-mcp-server-exposing-our-deploy"
        );
        assert_eq!(slug("!!!"), "entry");
    }
}
