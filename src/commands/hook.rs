//! `pacenote hook install|uninstall`: the pre-commit hook that runs
//! `pacenote check --staged`. The hooks folder is found through git
//! (`core.hooksPath`, else the common git dir, so linked worktrees share it);
//! a foreign hook is never overwritten.

use super::Global;
use crate::cli::HookAction;
use crate::error::{Fatal, Result};
use crate::load::repo::Repo;
use std::path::{Path, PathBuf};

/// The line that marks a hook as pacenote's own.
pub(crate) const MARKER: &str = "# pacenote pre-commit hook";

pub(crate) fn run(g: &Global, action: &HookAction) -> Result<i32> {
    let repo = g.open()?;
    match action {
        HookAction::Install { chain } => {
            let msg = install(&repo, *chain)?;
            crate::out::errln!("{msg}");
        }
        HookAction::Uninstall => {
            let msg = uninstall(&repo)?;
            crate::out::errln!("{msg}");
        }
    }
    Ok(0)
}

/// The folder git runs hooks from.
pub(crate) fn hooks_dir(repo: &Repo) -> Result<PathBuf> {
    let config = repo.git.config()?;
    if let Ok(p) = config.get_path("core.hooksPath") {
        if p.is_absolute() {
            return Ok(p);
        }
        // Relative hooksPath is relative to the work tree root (as git does).
        let base = repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| repo.git.path().to_path_buf());
        return Ok(base.join(p));
    }
    Ok(repo.git.commondir().join("hooks"))
}

/// The hooks pacenote installs: `pre-commit` runs on `git commit` (with
/// `-a`, paths, `--amend`, `-i`, and when a conflicted merge or cherry-pick
/// is concluded); `pre-merge-commit` on a `git merge` that commits by
/// itself. git runs no such hook for `cherry-pick`, `rebase` or `am` without
/// a conflict; CI's `pacenote check` covers those.
pub(crate) const HOOKS: [&str; 2] = ["pre-commit", "pre-merge-commit"];

fn chained_name(hook: &str) -> String {
    format!("{hook}.pacenote-chained")
}

fn script(hook: &str, chained: bool) -> String {
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let quoted = exe.replace('\'', "'\\''");
    let chain = if chained {
        format!(
            "\n# Run the hook that was here before pacenote's.\nprev=\"$(dirname \"$0\")/{}\"\nif [ -x \"$prev\" ]; then \"$prev\" \"$@\" || exit $?; fi\n",
            chained_name(hook)
        )
    } else {
        String::new()
    };
    let marker = if hook == "pre-commit" {
        MARKER.to_string()
    } else {
        format!("# pacenote {hook} hook")
    };
    format!(
        "#!/bin/sh\n{marker} (installed by `pacenote hook install`; remove with `pacenote hook uninstall`).\n# Validates what is about to be committed: the staged journal entries and the roadmap,\n# read from the index git names in GIT_INDEX_FILE.\n{chain}\npacenote='{quoted}'\nif [ ! -x \"$pacenote\" ]; then\n  pacenote=\"$(command -v pacenote)\" || {{\n    echo \"pacenote {hook} hook: the pacenote program is not found; install it, or remove this hook with \\`pacenote hook uninstall\\`\" >&2\n    exit 1\n  }}\nfi\nexec \"$pacenote\" check --staged\n"
    )
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| {
        s.lines().any(|l| {
            l.starts_with("# pacenote ")
                && l.contains(" hook (installed by `pacenote hook install`")
        })
    })
}

/// Installs the hooks (`HOOKS`); returns what it did, in words, one line
/// per hook. A foreign hook is never overwritten: without `chain` the
/// install is refused (before anything is written); with it the foreign
/// hook is moved aside and run first (unless a hook was already moved
/// aside, which is never replaced either).
pub(crate) fn install(repo: &Repo, chain: bool) -> Result<String> {
    let dir = hooks_dir(repo)?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| Fatal::new(format!("cannot create {}: {e}", dir.display())).io(&dir, e))?;
    // Refuse before writing anything, so that no half install is left.
    for name in HOOKS {
        let hook = dir.join(name);
        let aside = dir.join(chained_name(name));
        if std::fs::symlink_metadata(&hook).is_ok() && !is_ours(&hook) {
            if !chain {
                return Err(Fatal::new(format!(
                    "{} already exists and is not pacenote's; leaving it alone",
                    hook.display()
                ))
                .hint(
                    "run `pacenote hook install --chain` to keep it and run it before pacenote's, \
                     call `pacenote check --staged` from it yourself, or, if it is the pre-commit \
                     framework's, add pacenote to .pre-commit-config.yaml instead",
                ));
            }
            if std::fs::symlink_metadata(&aside).is_ok() {
                return Err(Fatal::new(format!(
                    "{} is not pacenote's, and {} already holds an earlier hook",
                    hook.display(),
                    aside.display()
                ))
                .hint(
                    "merge the two hooks by hand, then run `pacenote hook install --chain` again",
                ));
            }
        }
    }
    let mut said = Vec::new();
    for name in HOOKS {
        said.push(install_one(&dir, name)?);
    }
    Ok(said.join("\n"))
}

fn install_one(dir: &Path, name: &str) -> Result<String> {
    let hook = dir.join(name);
    let aside = dir.join(chained_name(name));
    let mut chained = std::fs::symlink_metadata(&aside).is_ok();
    if std::fs::symlink_metadata(&hook).is_ok() && !is_ours(&hook) {
        std::fs::rename(&hook, &aside).map_err(|e| {
            Fatal::new(format!("cannot move the existing hook aside: {e}")).io(&hook, e)
        })?;
        chained = true;
    }
    let text = script(name, chained);
    if std::fs::symlink_metadata(&hook).is_ok()
        && std::fs::read_to_string(&hook).is_ok_and(|s| s == text)
    {
        return Ok(format!("{name} hook already installed: {}", hook.display()));
    }
    // Replace only our own hook; a hook that appeared meanwhile is kept.
    let ours_there = std::fs::symlink_metadata(&hook).is_ok();
    crate::fsx::write_new(
        &crate::fsx::Target {
            path: &hook,
            inside: None,
            tmp: None,
            overwrite: ours_there,
        },
        text.as_bytes(),
    )?;
    set_executable(&hook)?;
    Ok(if chained {
        format!(
            "installed the {name} hook: {} (runs the previous hook first)",
            hook.display()
        )
    } else {
        format!("installed the {name} hook: {}", hook.display())
    })
}

/// Removes pacenote's hooks (restoring chained ones); never a foreign hook.
pub(crate) fn uninstall(repo: &Repo) -> Result<String> {
    let dir = hooks_dir(repo)?;
    let mut said = Vec::new();
    let mut foreign = Vec::new();
    for name in HOOKS {
        let hook = dir.join(name);
        if std::fs::symlink_metadata(&hook).is_err() {
            continue;
        }
        if !is_ours(&hook) {
            foreign.push(hook);
            continue;
        }
        std::fs::remove_file(&hook).map_err(|e| {
            Fatal::new(format!("cannot remove {}: {e}", hook.display())).io(&hook, e)
        })?;
        let prev = dir.join(chained_name(name));
        if prev.exists() {
            std::fs::rename(&prev, &hook).map_err(|e| {
                Fatal::new(format!("cannot restore the previous hook: {e}")).io(&prev, e)
            })?;
            said.push(format!(
                "removed pacenote's {name} hook and restored the previous one: {}",
                hook.display()
            ));
        } else {
            said.push(format!("removed the {name} hook: {}", hook.display()));
        }
    }
    if said.is_empty() {
        if let Some(hook) = foreign.first() {
            return Err(Fatal::new(format!(
                "{} is not pacenote's hook; leaving it alone",
                hook.display()
            )));
        }
        return Ok("no pacenote hook installed; nothing to do".into());
    }
    Ok(said.join("\n"))
}

#[cfg(unix)]
fn set_executable(p: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Fatal::new(format!("cannot make {} executable: {e}", p.display())).io(p, e))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}
