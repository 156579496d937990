//! `pacenote completions SHELL` and `pacenote man`: made by `clap_complete` and
//! `clap_mangen` from the same definitions as `--help`.

use crate::cli::Cli;
use crate::error::{Fatal, Result};
use clap::CommandFactory;

/// pacenote's command line without its hidden, internal subcommands (the
/// completion generators would offer them).
fn public_command() -> clap::Command {
    let full = Cli::command();
    let mut cmd = clap::Command::new("pacenote")
        .version(crate::build_info::LONG_VERSION)
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = full.get_about() {
        cmd = cmd.about(about.clone());
    }
    cmd
}

pub(crate) fn completions(shell: clap_complete::Shell) -> Result<i32> {
    let mut cmd = public_command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pacenote", &mut out);
    super::write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(0)
}

/// One page, pacenote(1): the global options, then a COMMANDS section with
/// each command's synopsis, description and options (the commands have no
/// pages of their own).
pub(crate) fn man() -> Result<i32> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    let fail = |e: std::io::Error| Fatal::new(format!("cannot render the man page: {e}")).os(e);
    page.render_title(&mut out).map_err(fail)?;
    page.render_name_section(&mut out).map_err(fail)?;
    page.render_synopsis_section(&mut out).map_err(fail)?;
    page.render_description_section(&mut out).map_err(fail)?;
    page.render_options_section(&mut out).map_err(fail)?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(".SH COMMANDS\n");
    for sub in visible(&cmd) {
        commands_section(&mut text, cmd.get_name(), sub);
    }
    text.push_str(&format!(
        ".SH VERSION\nv{}\n.SH SEE ALSO\n{}\n",
        roff(crate::build_info::LONG_VERSION),
        roff(crate::build_info::REPOSITORY)
    ));
    super::write_stdout(&text)?;
    Ok(0)
}

/// A command, its subcommands, and their options, as `.SS` parts.
fn commands_section(text: &mut String, parent: &str, sub: &clap::Command) {
    let name = format!("{parent} {}", sub.get_name());
    text.push_str(&format!(".SS \"{}\"\n", roff(&name)));
    if let Some(about) = sub.get_about() {
        text.push_str(&format!("{}\n", roff(&about.to_string())));
    }
    let mut usage = sub.clone().bin_name(&name);
    text.push_str(&format!(
        ".PP\n.B {}\n",
        roff(&usage.render_usage().to_string().replace("Usage: ", ""))
    ));
    for arg in sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
    {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let mut flag = Vec::new();
        if let Some(s) = arg.get_short() {
            flag.push(format!("-{s}"));
        }
        if let Some(l) = arg.get_long() {
            flag.push(format!("--{l}"));
        }
        let value = arg
            .get_value_names()
            .map(|v| {
                v.iter()
                    .map(|n| format!("<{n}>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let head = if flag.is_empty() {
            value
        } else if arg.get_action().takes_values() {
            format!("{} {value}", flag.join(", "))
        } else {
            flag.join(", ")
        };
        text.push_str(&format!(".TP\n{}\n", roff(&head)));
        if let Some(help) = arg.get_help() {
            text.push_str(&format!("{}\n", roff(&help.to_string())));
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            text.push_str(&format!("One of: {}.\n", roff(&values.join(", "))));
        }
    }
    for s in visible(sub) {
        commands_section(text, &name, s);
    }
}

/// The subcommands a user types: not hidden, not clap's `help`.
fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// Text safe in a roff line: backslashes escaped, and no line that starts
/// with a control character.
fn roff(s: &str) -> String {
    s.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
