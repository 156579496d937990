//! `pacenote hook install|uninstall`: the hook folder comes from git
//! (`core.hooksPath`, the common dir of linked worktrees), a foreign hook is
//! never overwritten, and the installed hook refuses a bad commit with the
//! file:line message.

use crate::harness::TestRepo;

const GOOD: &str = "date: 2026-01-08\nminutes: 45\nsummary: Built an MCP server\n";
const BAD: &str = "date: 2026-01-08\nminutes: 0\nsummary: Built an MCP server\n";
const FOREIGN: &str = "#!/bin/sh\necho foreign hook ran >> foreign.log\n";

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn installed_hook_refuses_a_bad_commit_and_passes_a_good_one() {
    let r = TestRepo::new();
    let out = r.tm(&["hook", "install"]).expect(0);
    let hook = r.path().join(".git/hooks/pre-commit");
    assert_eq!(
        out.stderr(),
        format!("installed the pre-commit hook: {}\n", hook.display())
    );
    r.write("journal/2026/01/08-bad.yaml", BAD);
    let refused = r.commit("bad entry").expect(1);
    assert!(
        refused
            .stderr()
            .contains("--> journal/2026/01/08-bad.yaml:2:10\n"),
        "{}",
        refused.stderr()
    );
    assert_eq!(r.git(&["rev-list", "--all", "--count"]).trim(), "0");
    r.write("journal/2026/01/08-bad.yaml", GOOD);
    let ok = r.commit("good entry").expect(0);
    assert!(
        ok.stderr()
            .ends_with("checked 1 file: 0 errors, 0 warnings\n"),
        "{}",
        ok.stderr()
    );
    // Installing again changes nothing.
    let again = r.tm(&["hook", "install"]).expect(0);
    assert_eq!(
        again.stderr(),
        format!("pre-commit hook already installed: {}\n", hook.display())
    );
}

#[test]
fn honours_core_hooks_path() {
    let r = TestRepo::new();
    r.git(&["config", "core.hooksPath", ".githooks"]);
    r.tm(&["hook", "install"]).expect(0);
    assert!(r.path().join(".githooks/pre-commit").is_file());
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
    r.write("journal/2026/01/08-bad.yaml", BAD);
    r.commit("bad entry").expect(1);
    r.tm(&["hook", "uninstall"]).expect(0);
    assert!(!r.path().join(".githooks/pre-commit").exists());
}

#[test]
fn linked_worktrees_share_the_hook_of_the_common_dir() {
    let r = TestRepo::new();
    r.write("README", "x\n");
    r.commit("start").expect(0);
    let wt = r.path().join("linked");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "other",
        wt.to_str().expect("utf-8 path"),
    ]);
    let out = r.tm(&["-C", "linked", "hook", "install"]).expect(0);
    let hook = r.path().join(".git/hooks/pre-commit");
    assert_eq!(
        out.stderr(),
        format!("installed the pre-commit hook: {}\n", hook.display())
    );
    assert!(!r.path().join(".git/worktrees/linked/hooks").exists());
}

#[test]
fn never_clobbers_a_foreign_hook() {
    let r = TestRepo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks")).expect("mkdir");
    std::fs::write(&hook, FOREIGN).expect("foreign hook");
    let refused = r.tm(&["hook", "install"]).expect(2);
    assert!(
        refused.stderr().starts_with(&format!(
            "error: {} already exists and is not pacenote's; leaving it alone\n  hint: run `pacenote hook install --chain`",
            hook.display()
        )),
        "{}",
        refused.stderr()
    );
    assert_eq!(read(&hook), FOREIGN);
    // Uninstall leaves a foreign hook alone too.
    r.tm(&["hook", "uninstall"]).expect(2);
    assert_eq!(read(&hook), FOREIGN);
}

#[test]
fn chain_runs_the_foreign_hook_first_and_uninstall_restores_it() {
    let r = TestRepo::new();
    let hooks = r.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("mkdir");
    std::fs::write(hooks.join("pre-commit"), FOREIGN).expect("foreign hook");
    make_executable(&hooks.join("pre-commit"));
    r.tm(&["hook", "install", "--chain"]).expect(0);
    assert_eq!(read(&hooks.join("pre-commit.pacenote-chained")), FOREIGN);
    r.write("journal/2026/01/08-ok.yaml", GOOD);
    r.write(".gitignore", "foreign.log\n");
    r.commit("good entry").expect(0);
    assert_eq!(read(&r.path().join("foreign.log")), "foreign hook ran\n");
    // A second foreign hook is refused rather than replacing the one moved aside.
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\nexit 0\n").expect("second hook");
    r.tm(&["hook", "install", "--chain"]).expect(2);
    assert_eq!(read(&hooks.join("pre-commit.pacenote-chained")), FOREIGN);
    std::fs::remove_file(hooks.join("pre-commit")).expect("rm");
    r.tm(&["hook", "install", "--chain"]).expect(0);
    let out = r.tm(&["hook", "uninstall"]).expect(0);
    assert!(out
        .stderr()
        .starts_with("removed pacenote's pre-commit hook and restored the previous one"));
    assert_eq!(read(&hooks.join("pre-commit")), FOREIGN);
    assert!(!hooks.join("pre-commit.pacenote-chained").exists());
}

#[cfg(unix)]
fn make_executable(p: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_: &std::path::Path) {}
