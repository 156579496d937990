//! One file per command. Each turns clap's raw arguments into validated
//! values, wires the stages (load → history → check | metrics → report) and
//! returns an exit code; fatal problems come back as `Fatal` (exit 2).

pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod hook;
pub(crate) mod init;
pub(crate) mod log;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod schema;

use crate::cli::{Cli, ColorWhen, Command};
use crate::error::{Fatal, Result};
use crate::load::repo::Repo;
use std::path::{Path, PathBuf};

/// Arguments every command shares.
pub(crate) struct Global {
    pub dir: PathBuf,
    pub roadmap: Option<PathBuf>,
    /// Whether to colour standard output and error (`--color`).
    pub colors: crate::out::Colors,
}

impl Global {
    pub(crate) fn open(&self) -> Result<Repo> {
        crate::load::repo::open(&self.dir)
    }

    pub(crate) fn roadmap_override(&self) -> Option<&Path> {
        self.roadmap.as_deref()
    }
}

/// Runs the command and returns the process exit code.
pub(crate) fn run(cli: Cli) -> i32 {
    // Like `git -C`: change directory first, so that every relative path
    // (--roadmap, --output, --template, check's PATHs) is taken from DIR.
    if let Some(dir) = &cli.dir {
        if let Err(e) = std::env::set_current_dir(dir) {
            let f = Fatal::new(format!("cannot change to {}: {e}", dir.display()));
            crate::out::errln!("{}", f.io(dir, e).render());
            return 2;
        }
    }
    let g = Global {
        dir: PathBuf::from("."),
        roadmap: cli.roadmap.clone(),
        colors: crate::out::Colors::new(match cli.color {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }),
    };
    let result = match cli.command {
        Command::Init(a) => init::run(&g, &a),
        Command::Log(a) => log::run(&g, &a),
        Command::Check(a) => check::run(&g, &a),
        Command::Report(a) => report::run(&g, &a),
        Command::Hook { action } => hook::run(&g, &action),
        Command::Schema { which } => schema::run(&g, which),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
        Command::RenderTemplate { path } => Ok(crate::report::template::sandbox_main(&path)),
    };
    // The one place an error becomes an exit status: 2, whatever it is.
    match result {
        Ok(code) => code,
        Err(f) => {
            crate::out::errln!("{}", crate::out::printable_lines(&f.render()));
            2
        }
    }
}

/// Writes to standard output through the one writer (`crate::out`).
pub(crate) fn write_stdout(out: &str) -> Result<()> {
    crate::out::stdout(out)
}

/// Parses a `--date`/`--as-of`/`--start` argument.
pub(crate) fn parse_date_arg(flag: &str, value: &str) -> Result<jiff::civil::Date> {
    crate::load::fields::parse_date(value).map_err(|why| {
        Fatal::new(format!("{flag} `{value}` is not a date ({why})"))
            .hint(format!("write it as YYYY-MM-DD, e.g. {flag} 2026-01-05"))
    })
}
