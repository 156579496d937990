//! Distribution (issue: a name of its own, an install path that works): the
//! crate's metadata holds, the package carries only what a build needs, the
//! old name is gone, and completions and the man page work.

use crate::harness::BIN;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed\n--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pacenote(args: &[&str]) -> String {
    run(Command::new(BIN).args(args))
}

/// The subcommands a user can type, in `--help` order.
const COMMANDS: [&str; 8] = [
    "init",
    "log",
    "check",
    "report",
    "hook",
    "schema",
    "completions",
    "man",
];

/// `1.89` and `1.89.0` alike: [major, minor, patch].
fn version_tuple(v: &str) -> [u64; 3] {
    let mut out = [0; 3];
    for (i, p) in v.split('.').take(3).enumerate() {
        out[i] = p.parse().expect("a number");
    }
    out
}

#[test]
fn rust_version_is_no_lower_than_any_locked_dependency_needs() {
    let meta = run(Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(ROOT));
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("JSON");
    let ours = version_tuple(env!("CARGO_PKG_RUST_VERSION"));
    let mut highest: Option<([u64; 3], String)> = None;
    for p in meta["packages"].as_array().expect("packages") {
        if p["name"] == "pacenote" {
            continue;
        }
        if let Some(v) = p["rust_version"].as_str() {
            let t = version_tuple(v);
            if highest.as_ref().is_none_or(|(h, _)| t > *h) {
                highest = Some((t, format!("{} {} needs {v}", p["name"], p["version"])));
            }
        }
    }
    let (highest, who) = highest.expect("some dependency states a rust-version");
    assert!(
        ours >= highest,
        "rust-version {} in Cargo.toml is lower than the locked dependencies need: {who}",
        env!("CARGO_PKG_RUST_VERSION")
    );
}

#[test]
fn the_crate_declares_one_home_and_the_package_holds_only_what_a_build_needs() {
    assert_eq!(
        env!("CARGO_PKG_REPOSITORY"),
        "https://github.com/pacenote/pacenote"
    );
    assert_eq!(env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY"));
    let list = run(Command::new(env!("CARGO"))
        .args([
            "package",
            "--list",
            "--locked",
            "--offline",
            "--allow-dirty",
        ])
        .current_dir(ROOT));
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/lib.rs",
        "schema/report.schema.json",
        "schema/roadmap.schema.json",
        "action/check.sh",
        "action/report.sh",
        "action/dashboard.sh",
    ] {
        assert!(files.contains(&needed), "{needed} is not packaged:\n{list}");
    }
    let allowed_top = [
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        ".cargo_vcs_info.json",
        "build.rs",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "schema/report.schema.json",
        "schema/roadmap.schema.json",
        "action/check.sh",
        "action/report.sh",
        "action/dashboard.sh",
    ];
    let extra: Vec<&&str> = files
        .iter()
        .filter(|f| !f.starts_with("src/") && !allowed_top.contains(f))
        .collect();
    assert!(
        extra.is_empty(),
        "the package holds files a build does not need: {extra:?}"
    );
    // In particular: no tests, snapshots, corpus, journal, bench or fuzz.
    assert!(files.iter().all(|f| !f.ends_with(".snap")));
}

#[test]
fn the_old_name_is_nowhere_in_the_tracked_tree() {
    // Built from parts, so this file does not hold it either.
    let old = ["trail", "mark"].concat();
    let listed = run(Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(ROOT)
        .env("GIT_CONFIG_NOSYSTEM", "1"));
    let mut hits = Vec::new();
    let mut checked = 0;
    for path in listed.split('\0').filter(|p| !p.is_empty()) {
        if path.to_lowercase().contains(&old) {
            hits.push(format!("{path} (its name)"));
        }
        let Ok(bytes) = std::fs::read(Path::new(ROOT).join(path)) else {
            continue; // deleted in the work tree, not yet committed
        };
        checked += 1;
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        if let Some(at) = text.find(&old) {
            let line = text[..at].matches('\n').count() + 1;
            hits.push(format!("{path}:{line}"));
        }
    }
    assert!(checked > 100, "only {checked} files read");
    assert!(hits.is_empty(), "the old name is still in: {hits:#?}");
}

#[test]
fn bash_loads_the_completions_and_they_offer_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("pacenote.bash");
    std::fs::write(&script, pacenote(&["completions", "bash"])).expect("write");
    // What bash offers after `pacenote ` and after `pacenote report --f`.
    let out = run(Command::new("bash")
        .args(["--noprofile", "--norc", "-c"])
        .arg(
            r#"source "$1" || exit 1
complete -p pacenote
COMP_WORDS=(pacenote ""); COMP_CWORD=1; _pacenote pacenote "" pacenote
echo "${COMPREPLY[*]}"
COMP_WORDS=(pacenote report --f); COMP_CWORD=2; _pacenote pacenote --f report
echo "${COMPREPLY[*]}"
COMP_WORDS=(pacenote completions ""); COMP_CWORD=2; _pacenote pacenote "" completions
echo "${COMPREPLY[*]}""#,
        )
        .arg("bash")
        .arg(&script));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("complete ") && lines[0].ends_with(" -F _pacenote pacenote"),
        "{out}"
    );
    let words: Vec<&str> = lines[1].split(' ').collect();
    let commands: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-') && *w != "help")
        .collect();
    assert_eq!(commands, COMMANDS, "no internal command is offered");
    assert_eq!(lines[2], "--format --force");
    assert_eq!(
        lines[3],
        "-C -h --roadmap --color --help bash elvish fish powershell zsh"
    );
}

#[test]
fn every_shell_gets_completions_naming_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let text = pacenote(&["completions", shell]);
        for c in COMMANDS {
            assert!(
                text.contains(&format!("'{c}'"))
                    || text.contains(&format!(" {c} "))
                    || text.contains(&format!("\"{c}\""))
                    || text.contains(&format!("{c}:")),
                "{shell}: no {c}"
            );
        }
        assert!(
            !text.contains("__render-template"),
            "{shell}: an internal command"
        );
    }
    let out = Command::new(BIN)
        .args(["completions", "tcsh"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh' for '<SHELL>'"));
}

#[test]
fn the_man_page_describes_every_command_and_man_renders_it() {
    let page = pacenote(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{page}");
    let headings: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix(".SS \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert_eq!(
        headings,
        [
            "pacenote init",
            "pacenote log",
            "pacenote check",
            "pacenote report",
            "pacenote hook",
            "pacenote hook install",
            "pacenote hook uninstall",
            "pacenote schema",
            "pacenote completions",
            "pacenote man"
        ]
    );
    // man(1) renders it, when it is installed.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pacenote.1");
    std::fs::write(&file, &page).expect("write");
    let Ok(out) = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    else {
        eprintln!("skipped rendering: man is not installed");
        return;
    };
    assert!(out.status.success(), "{out:?}");
    // Justified text: compare words, not spaces.
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "NAME pacenote - A git-native progress tracker",
        "COMMANDS pacenote init Scaffold a tracking repository",
        "--max-chars <N> Keep the markdown report within N characters",
        "<SHELL> One of: bash, elvish, fish, powershell, zsh.",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
}

#[test]
fn binstall_the_action_and_the_release_workflow_name_the_same_archives() {
    let meta = run(Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--offline",
            "--no-deps",
        ])
        .current_dir(ROOT));
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("JSON");
    let bs = &meta["packages"][0]["metadata"]["binstall"];
    let fill = |t: &str, target: &str| {
        t.replace("{ repo }", env!("CARGO_PKG_REPOSITORY"))
            .replace("{ version }", env!("CARGO_PKG_VERSION"))
            .replace("{ name }", "pacenote")
            .replace("{ target }", target)
            .replace("{ archive-suffix }", ".tar.gz")
            .replace("{ bin }", "pacenote")
            .replace(
                "{ binary-ext }",
                if target.contains("windows") {
                    ".exe"
                } else {
                    ""
                },
            )
    };
    assert_eq!(bs["pkg-fmt"], "tgz");
    let v = env!("CARGO_PKG_VERSION");
    assert_eq!(
        fill(bs["pkg-url"].as_str().expect("pkg-url"), "aarch64-apple-darwin"),
        format!("https://github.com/pacenote/pacenote/releases/download/v{v}/pacenote-v{v}-aarch64-apple-darwin.tar.gz")
    );
    assert_eq!(
        fill(
            bs["bin-dir"].as_str().expect("bin-dir"),
            "x86_64-pc-windows-msvc"
        ),
        format!("pacenote-v{v}-x86_64-pc-windows-msvc/pacenote.exe")
    );
    // The release workflow packs `pacenote-${TAG}-${TARGET}/` into
    // `pacenote-${TAG}-${TARGET}.tar.gz`; the action looks for the same.
    let release = std::fs::read_to_string(Path::new(ROOT).join(".github/workflows/release.yml"))
        .expect("release.yml");
    assert!(release.contains("name=\"pacenote-${TAG}-${TARGET}\""));
    assert!(release.contains("tar -C dist -czf \"dist/${name}.tar.gz\" \"${name}\""));
    assert!(release.contains("sha256sum pacenote-*.tar.gz > SHA256SUMS"));
    assert!(release.contains("echo \"$GITHUB_SHA\" > SOURCE_COMMIT"));
    let install =
        std::fs::read_to_string(Path::new(ROOT).join("action/install.sh")).expect("install.sh");
    assert!(install.contains("archive=\"pacenote-${tag}-${TARGET}.tar.gz\""));
    assert!(install.contains("\"$dl/pacenote-${tag}-${TARGET}/${exe}\""));
    // Every target the release builds, the action can name, and back.
    let locate =
        std::fs::read_to_string(Path::new(ROOT).join("action/locate.sh")).expect("locate.sh");
    let built: Vec<&str> = release
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- { target: "))
        .filter_map(|l| l.split(',').next())
        .collect();
    let named: Vec<&str> = locate
        .lines()
        .filter_map(|l| l.split_once(") target="))
        .map(|(_, t)| t.trim_end_matches(" ;;").trim())
        .filter(|t| !t.starts_with('"'))
        .collect();
    assert_eq!(built.len(), 5, "{built:?}");
    let mut b = built.clone();
    let mut n = named.clone();
    b.sort_unstable();
    n.sort_unstable();
    assert_eq!(b, n);
}
