//! Embeds the commit pacenote is built from, so that `init` can pin the
//! GitHub Action to exactly that commit (docs/ci.md).
//!
//! The commit comes from `.cargo_vcs_info.json` when building from a package
//! (crates.io, `cargo install pacenote`), else from `git rev-parse HEAD` when
//! building in a git checkout whose tracked files are unchanged. Anything else
//! (no git, a modified tree, a package made from a modified tree) leaves it
//! unknown: `PACENOTE_BUILD_COMMIT` is then empty. This script never fails.

use std::path::Path;
use std::process::Command;

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&dir);
    let vcs_info = dir.join(".cargo_vcs_info.json");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = match std::fs::read_to_string(&vcs_info) {
        Ok(text) => {
            println!("cargo:rerun-if-changed={}", vcs_info.display());
            from_vcs_info(&text)
        }
        Err(_) => from_git(dir),
    };
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match &commit {
        Some(c) => format!("{version} (commit {c})"),
        None => version,
    };
    println!(
        "cargo:rustc-env=PACENOTE_BUILD_COMMIT={}",
        commit.unwrap_or_default()
    );
    println!("cargo:rustc-env=PACENOTE_LONG_VERSION={long}");
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `{"git": {"sha1": "…", "dirty": true}, "path_in_vcs": ""}`, as `cargo
/// package` writes it; a package made from a modified tree has no commit.
fn from_vcs_info(text: &str) -> Option<String> {
    if text.contains("\"dirty\"") && !text.contains("\"dirty\": false") {
        return None;
    }
    let rest = &text[text.find("\"sha1\"")? + 6..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    let sha = &rest[start..end];
    is_commit(sha).then(|| sha.to_ascii_lowercase())
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        // `git status` must not rewrite the index it is watched through.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn from_git(dir: &Path) -> Option<String> {
    // Only the repository this crate is the top of: a package unpacked
    // inside some other repository must not take that one's commit.
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = match (Path::new(&top).canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same {
        return None;
    }
    // Rebuild when HEAD moves or the index changes (a commit, a checkout).
    // (A path that does not exist would make cargo rerun this every time.)
    let mut watch = vec!["HEAD".to_string(), "index".to_string()];
    watch.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for path in watch {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", &path]) {
            let p = dir.join(p);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    let head = git(dir, &["rev-parse", "HEAD"])?;
    let status = git(dir, &["status", "--porcelain", "--untracked-files=no"])?;
    (is_commit(&head) && status.is_empty()).then_some(head)
}
