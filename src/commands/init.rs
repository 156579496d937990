//! `pacenote init`: scaffold a tracking repository. Existing files are kept
//! unless `--force`; running it twice changes nothing.

use super::{parse_date_arg, Global};
use crate::cli::{InitArgs, SchemaKind, WorkflowKind};
use crate::error::Result;
use crate::load::DEFAULT_ROADMAP_YAML;
use std::path::Path;

pub(crate) const WORKFLOW_TEMPLATE: &str = include_str!("../templates/workflow.yml");
pub(crate) const COMMENT_WORKFLOW_TEMPLATE: &str =
    include_str!("../templates/workflow-comment.yml");
pub(crate) const JOURNAL_README: &str = include_str!("../templates/journal-README.md");

pub(crate) const WORKFLOW_PATH: &str = ".github/workflows/pacenote.yml";
pub(crate) const COMMENT_WORKFLOW_PATH: &str = ".github/workflows/pacenote-comment.yml";

/// The scripts the pacenote action runs, inlined in the workflow written
/// when the action cannot be pinned (one source for both).
pub(crate) const CHECK_SCRIPT: &str = include_str!("../../action/check.sh");
pub(crate) const REPORT_SCRIPT: &str = include_str!("../../action/report.sh");
pub(crate) const DASHBOARD_SCRIPT: &str = include_str!("../../action/dashboard.sh");

/// The workflow files `init --workflow KIND` writes for this build of
/// pacenote (see [`workflows_for`]).
pub(crate) fn workflows(kind: WorkflowKind) -> Vec<(&'static str, String)> {
    workflows_for(kind, crate::build_info::commit())
}

/// The workflow files `init --workflow KIND` writes. With the commit this
/// pacenote was built from, the job uses the pacenote action pinned to that
/// commit (the version as a comment); without one, it installs
/// `pacenote@VERSION` from crates.io with `cargo install --locked` and runs
/// the action's scripts inline.
pub fn workflows_for(kind: WorkflowKind, commit: Option<&str>) -> Vec<(&'static str, String)> {
    let tag = match kind {
        WorkflowKind::Standard => "standard",
        WorkflowKind::ForkSafe => "fork-safe",
        WorkflowKind::None => return Vec::new(),
    };
    let shape = if commit.is_some() { "action" } else { "cargo" };
    let both = format!("{shape}-{tag}");
    let main = variant(WORKFLOW_TEMPLATE, &[tag, shape, &both]);
    let main = inline_script(&main, "__CHECK_SCRIPT__", CHECK_SCRIPT);
    let main = inline_script(&main, "__DASHBOARD_SCRIPT__", DASHBOARD_SCRIPT);
    let main = inline_script(&main, "__REPORT_SCRIPT__", REPORT_SCRIPT)
        .replace("__ACTION__", crate::build_info::action_repository())
        .replace("__COMMIT__", commit.unwrap_or_default())
        .replace("__VERSION__", crate::build_info::VERSION);
    let mut out = vec![(WORKFLOW_PATH, main)];
    if kind == WorkflowKind::ForkSafe {
        out.push((COMMENT_WORKFLOW_PATH, COMMENT_WORKFLOW_TEMPLATE.to_string()));
    }
    out
}

/// Replaces the line holding only `marker` with the script, indented as the
/// marker was, without the script's leading comment (it speaks of itself).
fn inline_script(text: &str, marker: &str, script: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match line.strip_suffix(marker) {
            Some(indent) if indent.trim().is_empty() => {
                let body = script.lines().skip_while(|l| l.starts_with('#'));
                for l in body {
                    if !l.is_empty() {
                        out.push_str(indent);
                    }
                    out.push_str(l);
                    out.push('\n');
                }
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The template's lines for one variant: a line `#[TAG]` starts lines kept
/// only when TAG is one of `tags`, `#[end]` ends them; the marker lines go.
fn variant(template: &str, tags: &[&str]) -> String {
    let mut out = String::new();
    let mut only: Option<&str> = None;
    for line in template.lines() {
        if line == "#[end]" {
            only = None;
        } else if let Some(t) = line.strip_prefix("#[").and_then(|l| l.strip_suffix(']')) {
            only = Some(t);
        } else if only.is_none_or(|t| tags.contains(&t)) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The default roadmap with `start:` set.
pub(crate) fn roadmap_text(start: jiff::civil::Date) -> String {
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

pub(crate) fn run(g: &Global, a: &InitArgs) -> Result<i32> {
    let repo = g.open()?;
    let root = repo.require_workdir()?;
    let start = match &a.start {
        Some(s) => parse_date_arg("--start", s)?,
        None => crate::load::inputs::today()?,
    };
    let mut files: Vec<(&str, String)> = vec![
        ("roadmap.yaml", roadmap_text(start)),
        ("journal/README.md", JOURNAL_README.to_string()),
        (
            super::schema::ENTRY_SCHEMA_PATH,
            super::schema::entry_schema(schema_roadmap(&root, a.force).as_ref()),
        ),
        (
            "schema/roadmap.schema.json",
            super::schema::fixed(SchemaKind::Roadmap),
        ),
        (
            "schema/report.schema.json",
            super::schema::fixed(SchemaKind::Report),
        ),
    ];
    files.extend(workflows(a.workflow));
    let mut kept: Vec<&str> = Vec::new();
    for (path, text) in files {
        let full = root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => {
                crate::out::errln!("  kept      {path} (a symbolic link; not followed)");
                kept.push(path);
            }
            Ok(_) => {
                let same = std::fs::read(&full).is_ok_and(|b| b == text.as_bytes());
                if same {
                    crate::out::errln!("  unchanged {path}");
                    continue;
                }
                if !a.force {
                    crate::out::errln!("  kept      {path} (exists; --force replaces it)");
                    kept.push(path);
                    continue;
                }
                crate::fsx::write_in_repo(&repo.git, &root, path, text.as_bytes(), true)?;
                crate::out::errln!("  replaced  {path}");
            }
            Err(_) => {
                crate::fsx::write_in_repo(&repo.git, &root, path, text.as_bytes(), false)?;
                crate::out::errln!("  created   {path}");
            }
        }
    }
    if let Some(w) = mismatched_workflows(&root, a.workflow, &kept) {
        crate::out::errln!("  warning: {w}");
    }
    vscode_settings(&repo.git, &root)?;
    match super::hook::install(&repo, false) {
        Ok(msg) => msg.lines().for_each(|l| crate::out::errln!("  {l}")),
        Err(e) => crate::out::errln!(
            "  warning: pre-commit hook not installed: {}{}",
            e.message,
            e.hint.map(|h| format!(" ({h})")).unwrap_or_default()
        ),
    }
    let starts = if kept.contains(&"roadmap.yaml") {
        // The kept roadmap says when it starts, not --start.
        let mut ignore = Vec::new();
        let old = crate::load::repo::read_roadmap(&root, &mut ignore)
            .ok()
            .flatten()
            .and_then(|f| crate::load::load_roadmap(&f.path, &f.bytes, &mut ignore))
            .and_then(|r| r.start);
        let was = match old {
            Some(d) => format!("roadmap.yaml was kept, so the roadmap still starts {d}"),
            None => "roadmap.yaml was kept; it sets no `start:`, so the roadmap starts on the date of the earliest entry".to_string(),
        };
        match &a.start {
            Some(_) if old != Some(start) => format!(
                "{was}, not {start}: to change it, set `start: {start}` in roadmap.yaml (or run `pacenote init --start {start} --force`, which rewrites roadmap.yaml with the default plan)"
            ),
            _ => was,
        }
    } else {
        format!("roadmap starts {start}")
    };
    crate::out::errln!(
        "\n{starts}{}. Next: `pacenote log 45m \"what you did\"`, commit, then `pacenote report`.",
        if kept.is_empty() {
            String::new()
        } else {
            format!("; {} existing file(s) kept", kept.len())
        }
    );
    Ok(0)
}

/// The roadmap the entry schema lists the ids of: the repository's
/// `roadmap.yaml` when `init` keeps it, else the default plan it writes.
fn schema_roadmap(root: &Path, force: bool) -> Option<crate::model::Roadmap> {
    let mut ignore = Vec::new();
    let existing = match crate::load::repo::read_roadmap(root, &mut ignore) {
        Ok(Some(f)) if !force => f,
        _ => return Some(crate::load::default_roadmap()),
    };
    let mut diags = Vec::new();
    let r = crate::load::load_roadmap(&existing.path, &existing.bytes, &mut diags);
    if r.is_none() {
        crate::out::errln!(
            "  warning: roadmap.yaml has errors, so {} lists no ids; fix it (`pacenote check roadmap.yaml`), then run `{}`",
            super::schema::ENTRY_SCHEMA_PATH,
            super::schema::REGENERATE
        );
    }
    r
}

pub(crate) const VSCODE_SETTINGS_PATH: &str = ".vscode/settings.json";

/// The `yaml.schemas` setting of VS Code's YAML extension: each schema and
/// the files it describes.
pub(crate) const YAML_SCHEMAS: &str = r#""yaml.schemas": {
    "./schema/entry.schema.json": ["journal/**/*.yaml", "journal/**/*.yml"],
    "./schema/roadmap.schema.json": ["roadmap.yaml"]
  }"#;

/// Connects the schemas to the files in VS Code (`yaml.schemas`). A settings
/// file is never replaced: a plain JSON one without `yaml.schemas` gets the
/// setting added as its first key, and any other (one with comments, or
/// with its own `yaml.schemas`) is left alone with a note saying what to add.
fn vscode_settings(git: &git2::Repository, root: &Path) -> Result<()> {
    let path = VSCODE_SETTINGS_PATH;
    let full = root.join(path);
    let new = format!("{{\n  {YAML_SCHEMAS}\n}}\n");
    let existing = match std::fs::symlink_metadata(&full) {
        Err(_) => {
            crate::fsx::write_in_repo(git, root, path, new.as_bytes(), false)?;
            crate::out::errln!("  created   {path}");
            return Ok(());
        }
        Ok(m) if m.file_type().is_symlink() => {
            crate::out::errln!("  kept      {path} (a symbolic link; not followed)");
            return Ok(());
        }
        Ok(_) => std::fs::read_to_string(&full).unwrap_or_default(),
    };
    let add_yourself = format!(
        "add this setting yourself to map the schemas to the journal and the roadmap:\n  {YAML_SCHEMAS}"
    );
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&existing)
    else {
        crate::out::errln!(
            "  kept      {path} (not plain JSON, perhaps with comments; {add_yourself})"
        );
        return Ok(());
    };
    if let Some(schemas) = map.get("yaml.schemas") {
        let ours = ["./schema/entry.schema.json", "./schema/roadmap.schema.json"];
        if ours.iter().all(|k| schemas.get(k).is_some()) {
            crate::out::errln!("  unchanged {path}");
        } else {
            crate::out::errln!(
                "  kept      {path} (it has its own `yaml.schemas`; {add_yourself})"
            );
        }
        return Ok(());
    }
    let Some(open) = existing.find('{') else {
        return Ok(());
    };
    let merged = if map.is_empty() {
        new
    } else {
        format!(
            "{}{{\n  {YAML_SCHEMAS},{}",
            &existing[..open],
            &existing[open + 1..]
        )
    };
    if serde_json::from_str::<serde_json::Value>(&merged).is_err() {
        crate::out::errln!("  kept      {path} ({add_yourself})");
        return Ok(());
    }
    crate::fsx::write_in_repo(git, root, path, merged.as_bytes(), true)?;
    crate::out::errln!("  updated   {path} (added `yaml.schemas`)");
    Ok(())
}

/// The fork-safe pattern is two files that work only together: says so
/// when `init` left a pair that does not match.
fn mismatched_workflows(root: &Path, kind: WorkflowKind, kept: &[&str]) -> Option<String> {
    match kind {
        WorkflowKind::ForkSafe if kept.contains(&WORKFLOW_PATH) => Some(format!(
            "{WORKFLOW_PATH} was kept, but {COMMENT_WORKFLOW_PATH} only works with the fork-safe {WORKFLOW_PATH}; pass --force to replace it"
        )),
        WorkflowKind::Standard
            if std::fs::symlink_metadata(root.join(COMMENT_WORKFLOW_PATH)).is_ok() =>
        {
            Some(format!(
                "{COMMENT_WORKFLOW_PATH} is left from the fork-safe workflow and would fail after every run; remove it, or run `pacenote init --workflow fork-safe --force`"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_keep_their_own_lines_and_drop_every_marker() {
        let t = "a\n#[standard]\ns\n#[fork-safe]\nf\n#[end]\nb\n";
        assert_eq!(variant(t, &["standard"]), "a\ns\nb\n");
        assert_eq!(variant(t, &["fork-safe", "cargo"]), "a\nf\nb\n");
        let sha = "0123456789abcdef0123456789abcdef01234567";
        for commit in [None, Some(sha)] {
            for kind in [WorkflowKind::Standard, WorkflowKind::ForkSafe] {
                for (path, text) in workflows_for(kind, commit) {
                    assert!(!text.contains("#["), "{path}: a marker is left");
                    assert!(!text.contains("__"), "{path}: a placeholder is left");
                }
            }
        }
        assert!(workflows(WorkflowKind::None).is_empty());
    }
}
