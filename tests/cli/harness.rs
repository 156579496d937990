//! A temporary git repository driven with the real `git` CLI, with fixed
//! identities and dates and no user or system git config, and runs of the
//! built `pacenote` binary inside it. Failures print the whole command,
//! its output and the repository's log.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_pacenote");

pub struct TestRepo {
    pub dir: tempfile::TempDir,
    /// What `pacenote` sees as today (`PACENOTE_TODAY`).
    pub today: String,
    /// Author and committer of the next commits.
    pub who: (String, String),
}

pub struct Run {
    pub cmd: String,
    pub out: Output,
    pub log: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    fn describe(&self) -> String {
        format!(
            "command: {}\nexit: {}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--- git log ---\n{}",
            self.cmd,
            self.code(),
            self.stdout(),
            self.stderr(),
            self.log
        )
    }
    /// Asserts the exit code, printing everything on failure.
    #[track_caller]
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e})\n{}", self.describe()))
    }
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = TestRepo {
            dir,
            today: "2026-01-10".into(),
            who: ("Alice".into(), "alice@example.com".into()),
        };
        r.git(&["init", "-q", "-b", "main", "."]);
        r
    }

    /// A repository in a folder whose path has no hidden (`.`) component:
    /// tools that skip hidden folders in globs (yaml-language-server's
    /// `yaml.schemas`) see it as users' repositories usually are.
    pub fn new_visible() -> TestRepo {
        let dir = tempfile::Builder::new()
            .prefix("pacenote-test-")
            .tempdir()
            .expect("tempdir");
        let r = TestRepo {
            dir,
            today: "2026-01-10".into(),
            who: ("Alice".into(), "alice@example.com".into()),
        };
        r.git(&["init", "-q", "-b", "main", "."]);
        r
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn env(&self, c: &mut Command, date: &str) {
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", &self.who.0)
            .env("GIT_AUTHOR_EMAIL", &self.who.1)
            .env("GIT_COMMITTER_NAME", &self.who.0)
            .env("GIT_COMMITTER_EMAIL", &self.who.1)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("PACENOTE_TODAY", &self.today)
            .env("NO_COLOR", "1")
            .current_dir(self.path());
    }

    fn noon(&self) -> String {
        format!("{}T12:00:00+00:00", self.today)
    }

    /// Runs git; panics with its output if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let r = self.git_run(args, &self.noon());
        assert!(
            r.status.success(),
            "git {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        );
        String::from_utf8_lossy(&r.stdout).into_owned()
    }

    pub fn git_run(&self, args: &[&str], date: &str) -> Output {
        let mut c = Command::new("git");
        self.env(&mut c, date);
        c.args(args).output().expect("git runs")
    }

    /// `git add -A && git commit` at `today` noon; returns the commit result.
    pub fn commit(&self, msg: &str) -> Run {
        self.git(&["add", "-A"]);
        let date = self.noon();
        let out = self.git_run(&["commit", "-q", "-m", msg], &date);
        Run {
            cmd: format!("git commit -m {msg:?}"),
            out,
            log: self.log(),
        }
    }

    pub fn log(&self) -> String {
        let out = self.git_run(
            &[
                "log",
                "--format=%h %ad %an %s",
                "--date=short",
                "--name-status",
            ],
            &self.noon(),
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
        p
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs the built pacenote binary with the given standard output and
    /// error (a closed pipe, `/dev/full`); the captured streams are empty.
    pub fn tm_to(
        &self,
        args: &[&str],
        stdout: std::process::Stdio,
        stderr: std::process::Stdio,
    ) -> Run {
        let mut c = Command::new(BIN);
        self.env(&mut c, &self.noon());
        let status = c
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .status()
            .expect("pacenote runs");
        Run {
            cmd: format!("pacenote {}", args.join(" ")),
            out: Output {
                status,
                stdout: Vec::new(),
                stderr: Vec::new(),
            },
            log: self.log(),
        }
    }

    /// Feeds `stream` to `git fast-import` in the repository: histories too
    /// large or too odd to build commit by commit.
    pub fn fast_import(&self, stream: &str) {
        use std::io::Write as _;
        let mut child = Command::new("git")
            .args(["fast-import", "--quiet"])
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git fast-import runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stream.as_bytes())
            .expect("the stream is written");
        assert!(child.wait().expect("fast-import ends").success());
    }

    /// Runs the built pacenote binary in the repository with extra
    /// environment variables (set after the fixed ones, so they win).
    pub fn tm_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut c = Command::new(BIN);
        self.env(&mut c, &self.noon());
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.args(args).output().expect("pacenote runs");
        Run {
            cmd: format!("{vars:?} pacenote {}", args.join(" ")),
            out,
            log: self.log(),
        }
    }

    /// Runs the built pacenote binary in the repository.
    pub fn tm(&self, args: &[&str]) -> Run {
        let mut c = Command::new(BIN);
        self.env(&mut c, &self.noon());
        let out = c.args(args).output().expect("pacenote runs");
        Run {
            cmd: format!("pacenote {}", args.join(" ")),
            out,
            log: self.log(),
        }
    }
}

/// Writes an executable script without this process ever holding the file
/// open for writing. The test binary runs tests on several threads: a
/// thread that forks while another holds a write descriptor hands the
/// descriptor to its child until that child execs, and running the script
/// in that moment fails with ETXTBSY ("Text file busy"). So the text goes
/// to a staging file, and `install` (in a process of its own) copies it
/// into place with mode 0755.
#[cfg(unix)]
pub fn write_executable(path: &Path, text: &str) {
    let folder = path.parent().expect("a script lives in a folder");
    let staging = tempfile::NamedTempFile::new_in(folder).expect("staging file");
    std::fs::write(staging.path(), text).expect("write the staging file");
    let status = Command::new("install")
        .args(["-m", "755"])
        .arg(staging.path())
        .arg(path)
        .status()
        .expect("install runs");
    assert!(status.success(), "install -m 755 … {}", path.display());
}

#[cfg(not(unix))]
pub fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the script");
}

/// Two fields of each diagnostic of a JSON list (`check --format json`'s
/// `diagnostics`, a report's `quality.diagnostics`), as text.
pub fn diagnostic_pairs(
    list: &serde_json::Value,
    first: &str,
    second: &str,
) -> Vec<(String, String)> {
    let text = |d: &serde_json::Value, key: &str| d[key].as_str().unwrap_or("").to_string();
    list.as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (text(d, first), text(d, second)))
        .collect()
}
