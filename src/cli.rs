//! Command-line arguments: clap types only. Commands receive these after
//! `commands::` has turned them into validated values.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const ABOUT: &str = "A git-native progress tracker: YAML journal entries, validated on commit, reported on pull requests.";

const EXAMPLES: &str = "\
Examples:
  pacenote init --start 2026-01-05        scaffold a tracking repository
  pacenote log 45m \"Built an MCP server\" --skill mcp --done build-mcp-server
  pacenote check                          validate the roadmap and the journal
  pacenote report --format text           a terminal summary
  pacenote report --base origin/main      the PR comment, with the delta
  pacenote check --color always 2>&1 | less -R    keep the colours in a pager

Colour: --color auto (the default) colours a terminal only, and reads
  NO_COLOR=1          no colour
  CLICOLOR=0          no colour
  CLICOLOR_FORCE=1    colour even through a pipe (NO_COLOR still wins)
--color always and --color never overrule them.";

#[derive(Debug, Parser)]
#[command(name = "pacenote", version = crate::build_info::LONG_VERSION, about = ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub(crate) struct Cli {
    /// Run as if pacenote was started in DIR (like `git -C`).
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,

    /// Use this roadmap file instead of the repository's roadmap.yaml.
    #[arg(long, value_name = "FILE", global = true)]
    pub roadmap: Option<PathBuf>,

    // The help texts name environment variables as a user types them
    // (no backticks), so they are given as strings, not doc comments.
    #[arg(
        long,
        value_name = "WHEN",
        value_enum,
        default_value_t = ColorWhen::Auto,
        global = true,
        help = "When to colour diagnostics and the text report: auto (on a terminal only, as NO_COLOR, CLICOLOR and CLICOLOR_FORCE say), always, never"
    )]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    #[default]
    #[value(help = "Colour a terminal; NO_COLOR or CLICOLOR=0 turn it off, CLICOLOR_FORCE on")]
    Auto,
    /// Always colour, through a pipe too (files written with --output never are).
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scaffold a tracking repository: roadmap, journal, schemas, workflow, hook.
    #[command(after_help = "\
Examples:
  pacenote init                       start the default roadmap today
  pacenote init --start 2026-01-05    start it on a given Monday
  pacenote init --force               rewrite the scaffolded files
  pacenote init --workflow fork-safe  comment on pull requests from forks too
  pacenote init --workflow none       no GitHub workflow (e.g. on GitLab)

Existing files are kept unless --force is given.")]
    Init(InitArgs),

    /// Write one journal entry (validated before it is written).
    #[command(after_help = "\
Examples:
  pacenote log 45m \"Built an MCP server\" --skill mcp --done build-mcp-server
  pacenote log 1h30m \"Wrote ranking evals\" --target write-evals=12
  pacenote log 30m \"Read the MCP spec\" --kind blog --habit weekly-reading
  pacenote log 1h \"Paired on a refactor\" --date 2026-01-07 --commit

DURATION is like 45m, 1h30m, 2h or 90 (minutes); without it, the roadmap's
daily practice goal is logged. The entry goes to journal/YYYY/MM/DD-<slug>.yaml
and never replaces an existing file.")]
    Log(LogArgs),

    /// Validate the roadmap and the journal.
    #[command(after_help = "\
Examples:
  pacenote check                          the whole work tree
  pacenote check journal/2026/01/08-mcp.yaml
  pacenote check --staged                 what the index is about to commit
  pacenote check --format github          annotations for GitHub Actions
  pacenote check --base origin/main       also the history rules since main

Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage
or environment error.")]
    Check(CheckArgs),

    /// The progress report: markdown (the PR comment), text, JSON or an HTML dashboard.
    #[command(after_help = "\
Examples:
  pacenote report                         markdown, as posted on pull requests
  pacenote report --format text           a terminal summary
  pacenote report --format json --as-of 2026-03-31
  pacenote report --format html --output dashboard.html
  pacenote report --template my.md.j2 --output report.md
  pacenote report --base origin/main --max-chars 0 --output full.md
  pacenote report --rev v1.0 --no-cache   at a tag, without the history cache

Markdown is cut to GitHub's comment limit (65,536 characters) by leaving out
detail with a notice; --max-chars 0 keeps everything. User text is escaped:
it cannot break a table, inject HTML or links, or @mention anyone. The HTML
dashboard is one self-contained page: inline styles and SVG charts, no script,
and no network request of any kind.")]
    Report(ReportArgs),

    /// Install or remove the git pre-commit (and pre-merge-commit) hook that runs `check --staged`.
    #[command(after_help = "\
Examples:
  pacenote hook install
  pacenote hook install --chain     keep an existing hook and run it first
  pacenote hook uninstall")]
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },

    /// Internal: renders a user template in a process with limited memory and time.
    #[command(name = "__render-template", hide = true)]
    RenderTemplate { path: PathBuf },

    /// Print the JSON Schema of entries, roadmaps or the JSON report.
    ///
    /// The entry schema is made from the roadmap (--roadmap, else
    /// roadmap.yaml, else the default): it lists its skill, target and habit
    /// ids, so that editors complete and check them.
    #[command(after_help = "\
Examples:
  pacenote schema entry > schema/entry.schema.json   # after changing the roadmap's ids
  pacenote schema report")]
    Schema {
        #[arg(value_enum)]
        which: SchemaKind,
    },

    /// Print a shell completion script for bash, zsh, fish, powershell or elvish.
    #[command(after_help = "\
Examples:
  pacenote completions bash > ~/.local/share/bash-completion/completions/pacenote
  pacenote completions zsh > ~/.zfunc/_pacenote      (with fpath+=~/.zfunc)
  pacenote completions fish > ~/.config/fish/completions/pacenote.fish
  pacenote completions powershell >> $PROFILE
  pacenote completions elvish >> ~/.config/elvish/rc.elv")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff), made from the same definitions as --help.
    #[command(after_help = "\
Examples:
  pacenote man | man -l -
  pacenote man > ~/.local/share/man/man1/pacenote.1")]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The roadmap's start date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Which GitHub Actions workflow to write under .github/workflows/.
    #[arg(long, value_enum, value_name = "KIND", default_value = "standard")]
    pub workflow: WorkflowKind,
}

/// The pull-request workflow `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkflowKind {
    /// pacenote.yml: check, report, job summary and one comment; pull
    /// requests from forks get the summary but no comment (their token is read-only).
    Standard,
    /// pacenote.yml (read-only: check, report, upload) and
    /// pacenote-comment.yml (`workflow_run`: posts the comment, runs no PR code).
    ForkSafe,
    /// No workflow file.
    None,
}

#[derive(Debug, Args)]
pub(crate) struct LogArgs {
    /// [DURATION] SUMMARY: e.g. `45m "Built an MCP server"`; with --corrects,
    /// the minutes it moves, e.g. `-15m "It was 30 minutes, not 45"`.
    #[arg(value_name = "[DURATION] SUMMARY", num_args = 1..=2, required = true)]
    pub words: Vec<String>,
    /// Record a correction of an entry already committed (the journal is
    /// append-only): DURATION may be negative, and counts on that entry's date.
    #[arg(long, value_name = "PATH")]
    pub corrects: Option<String>,
    /// Write the entry even when one with the same date, minutes, summary
    /// and author is already in the journal.
    #[arg(long)]
    pub allow_duplicate: bool,
    /// A skill the work practised (repeatable).
    #[arg(long = "skill", value_name = "S")]
    pub skills: Vec<String>,
    /// A target it advanced, with an optional amount (repeatable).
    #[arg(long = "target", value_name = "ID[=AMOUNT]")]
    pub targets: Vec<String>,
    /// A target it completed (repeatable).
    #[arg(long = "done", value_name = "ID")]
    pub done: Vec<String>,
    /// A habit it fulfilled (repeatable).
    #[arg(long = "habit", value_name = "H")]
    pub habits: Vec<String>,
    /// What kind of learning: do, paper, blog, video, course, book, teach.
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// The day the work was done (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// A URL or commit:<sha> showing the work (repeatable).
    #[arg(long = "evidence", value_name = "E")]
    pub evidence: Vec<String>,
    /// Who did the work; default: the git author of the commit.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Commit the new entry with `git commit -- PATH`: only that file (other staged
    /// changes stay staged), with your hooks, signing and identity; if git refuses,
    /// the entry is removed again.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Check only these files (journal entries or the roadmap).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check what the index is about to commit, not the work tree.
    #[arg(long, conflicts_with = "paths")]
    pub staged: bool,
    /// Also apply the history rules to the commits since REV.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Read every entry file and the whole history instead of using (and updating) the caches.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    Markdown,
    Json,
    Text,
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Render this minijinja template against the JSON report data, in a
    /// sandbox: it may include only files of its own folder, by plain name.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub template: Option<PathBuf>,
    /// Add a "This change" section: what HEAD (or --rev) changes since its merge-base with REV.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report on the tree of REV instead of the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Compute as of this date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Narrow every figure to one person.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    pub force: bool,
    /// Keep the markdown report within N characters, leaving detail out in a
    /// planned order (0: no limit, for the job summary or an artifact).
    #[arg(long, value_name = "N", default_value_t = 65_536)]
    pub max_chars: usize,
    /// With --base, print nothing (not even the one-line comment) when the
    /// change touches neither the journal nor the roadmap.
    #[arg(long, requires = "base")]
    pub skip_untouched: bool,
    /// Read every entry file and the whole history instead of using (and updating) the caches.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum HookAction {
    /// Install the pre-commit and pre-merge-commit hooks.
    Install {
        /// If another pre-commit hook exists, keep it and run it before pacenote's.
        #[arg(long)]
        chain: bool,
    },
    /// Remove pacenote's hooks (never another one).
    Uninstall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    Entry,
    Roadmap,
    Report,
}

/// The sign `args` gives a negative duration: `pacenote log --corrects P
/// -15m "why"` would otherwise read `-15m` as flags, and `allow_hyphen_values`
/// would swallow the flags after the summary. No flag of pacenote starts
/// with a digit, so `-<digit>…` after `log` is a duration.
pub(crate) const MINUS: char = '\u{2212}';

/// The command line with `log`'s negative durations (`-15m`) marked by
/// `MINUS`, for clap.
pub(crate) fn args(raw: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut in_log = false;
    raw.into_iter()
        .map(|a| {
            let Some(s) = a.to_str() else { return a };
            if s == "log" {
                in_log = true;
            }
            let mut c = s.chars();
            match (c.next(), c.next()) {
                (Some('-'), Some(d)) if in_log && d.is_ascii_digit() => {
                    format!("{MINUS}{}", &s[1..]).into()
                }
                _ => a,
            }
        })
        .collect()
}
