//! `pacenote log`: write one valid entry, never over an existing file.

use super::{parse_date_arg, write_stdout, Global};
use crate::cli::LogArgs;
use crate::error::{Fatal, Result};
use crate::load::repo::Origin;
use crate::load::{entry::EntryContext, SourceFile};

pub(crate) use crate::load::duration::parse as parse_duration;

use super::schema::ENTRY_SCHEMA_PATH;

/// The modeline that connects an entry to the entry schema in editors run by
/// yaml-language-server (VS Code's YAML extension, Neovim's yamlls, Helix),
/// with no editor setting. The path is relative to the entry's own folder,
/// which is where the server resolves it from.
pub(crate) fn modeline(entry_path: &str) -> String {
    let up = "../".repeat(entry_path.matches('/').count());
    format!("# yaml-language-server: $schema={up}{ENTRY_SCHEMA_PATH}\n")
}

/// The file `log` writes: the modeline (when the repository has the entry
/// schema), then the entry as YAML.
fn entry_text(out: &EntryOut, path: &str, schema: bool) -> String {
    let yaml = to_yaml(out);
    if schema {
        format!("{}{yaml}", modeline(path))
    } else {
        yaml
    }
}

/// The entry as YAML that every reader reads the same: YAML 1.2 (pacenote,
/// yaml-language-server) and YAML 1.1 (`PyYAML`, older tools) alike. Text is
/// written plain only when no reader could take it for anything but that
/// text (see `plain_is_safe`), else double-quoted.
fn to_yaml(out: &EntryOut) -> String {
    let mut y = String::new();
    y.push_str(&format!("date: {}\n", out.date));
    y.push_str(&format!("minutes: {}\n", out.minutes));
    y.push_str(&format!("summary: {}\n", scalar(&out.summary)));
    if let Some(c) = &out.corrects {
        y.push_str(&format!("corrects: {}\n", scalar(c)));
    }
    if let Some(k) = &out.kind {
        y.push_str(&format!("kind: {}\n", scalar(k)));
    }
    let list = |y: &mut String, key: &str, items: &[String]| {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|s| flow_scalar(s)).collect();
            y.push_str(&format!("{key}: [{}]\n", items.join(", ")));
        }
    };
    list(&mut y, "skills", &out.skills);
    if !out.targets.is_empty() {
        y.push_str("targets:\n");
        for t in &out.targets {
            match t {
                TargetOut::Id(id) => y.push_str(&format!("  - {}\n", scalar(id))),
                TargetOut::Amount { id, amount } => y.push_str(&format!(
                    "  - id: {}\n    amount: {}\n",
                    scalar(id),
                    number(*amount)
                )),
                TargetOut::Done { id, done } => {
                    y.push_str(&format!("  - id: {}\n    done: {done}\n", scalar(id)));
                }
            }
        }
    }
    list(&mut y, "habits", &out.habits);
    if !out.evidence.is_empty() {
        y.push_str("evidence:\n");
        for e in &out.evidence {
            y.push_str(&format!("  - {}\n", scalar(e)));
        }
    }
    if let Some(a) = &out.author {
        y.push_str(&format!("author: {}\n", scalar(a)));
    }
    y
}

/// A number as YAML writes it: whole numbers without a fraction (`3`, not `3.0`).
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Text as an item of a `[a, b]` list, where `,[]{}` end a plain scalar.
fn flow_scalar(s: &str) -> String {
    if s.contains([',', '[', ']', '{', '}']) {
        quoted(s)
    } else {
        scalar(s)
    }
}

/// Text as a YAML scalar: plain when safe, else double-quoted.
pub(crate) fn scalar(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Text double-quoted, with YAML's escapes for what is not printable.
fn quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                q.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Whether `s` can be written as a plain scalar that YAML 1.1 and 1.2
/// readers all read back as this very text. Conservative: it refuses the
/// words YAML 1.1 reads as booleans or null (`yes`, `no`, `on`, `off`, `y`,
/// `n`, `true`, `null`, `~` in any case), anything that starts like a
/// number, date or time (`12:30` is 750 in YAML 1.1, `0o17` and `017` are
/// octal, `2026-01-05` a date), `<<` and `=`, and every YAML indicator or
/// character that changes how a line is read.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    let special = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=",
    ];
    if special.contains(&lower.as_str()) {
        return false;
    }
    let numeric_start = first.is_ascii_digit()
        || (matches!(first, '+' | '-' | '.')
            && s[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.'));
    let date_like =
        s.len() >= 8 && s[..4].bytes().all(|b| b.is_ascii_digit()) && s.as_bytes()[4] == b'-';
    if numeric_start && (!s.contains(' ') || date_like) {
        return false;
    }
    if first.is_whitespace() || s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`.".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#") {
        return false;
    }
    !s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}'))
}

fn looks_like_duration(s: &str) -> bool {
    parse_duration(s).is_ok()
}

/// The most bytes of a summary's words in a new entry's file name.
const FILE_SLUG_MAX: usize = 40;

/// A file-name slug from a summary: a few lowercase words, `entry` when the
/// summary has none.
fn file_slug(summary: &str) -> String {
    let s = crate::load::fields::slug(summary, FILE_SLUG_MAX);
    if s.is_empty() {
        "entry".into()
    } else {
        s
    }
}

enum TargetOut {
    Id(String),
    Amount { id: String, amount: f64 },
    Done { id: String, done: bool },
}

struct EntryOut {
    date: String,
    minutes: i64,
    summary: String,
    corrects: Option<String>,
    kind: Option<String>,
    skills: Vec<String>,
    targets: Vec<TargetOut>,
    habits: Vec<String>,
    evidence: Vec<String>,
    author: Option<String>,
}

pub(crate) fn run(g: &Global, a: &LogArgs) -> Result<i32> {
    let repo = g.open()?;
    let root = repo.require_workdir()?;
    let today = crate::load::inputs::today()?;
    let loaded = crate::load::inputs::load(&repo, &Origin::WorkTree, g.roadmap_override(), today)?;
    if !loaded.roadmap_ok {
        let mut diags = loaded.diags.clone();
        diags.retain(|d| {
            d.file == "roadmap.yaml"
                || loaded.roadmap_source != crate::load::inputs::RoadmapSource::Default
        });
        crate::check::render::eprint_human(&diags, &loaded.sources, g.colors.stderr);
        return Err(Fatal::new("the roadmap has errors; fix it before logging")
            .hint("run `pacenote check roadmap.yaml`"));
    }
    let corrects = a.corrects.as_ref().map(|p| corrected_path(&root, p));
    let (minutes, summary) = match a.words.as_slice() {
        [d, s] if corrects.is_some() => {
            let (sign, d) = match d
                .strip_prefix('-')
                .or_else(|| d.strip_prefix(crate::cli::MINUS))
            {
                Some(rest) => (-1, rest),
                None => (1, d.as_str()),
            };
            let m = parse_duration(d).map_err(|why| {
                Fatal::new(why)
                    .hint("write the correction like -15m (minutes taken away) or 30m (added)")
            })?;
            (sign * i64::from(m), s.clone())
        }
        [d, _] if d.starts_with(['-', crate::cli::MINUS]) => {
            let d = d.replace(crate::cli::MINUS, "-");
            return Err(Fatal::new(format!("a negative duration ({d}) is only for a correction"))
                .hint(format!("to take minutes away from an entry already committed: pacenote log --corrects journal/YYYY/MM/DD-….yaml {d} \"why\"")));
        }
        [d, s] => {
            let m = parse_duration(d).map_err(|why| {
                Fatal::new(why).hint("write the duration like 45m, 1h30m, 2h or 90 (minutes)")
            })?;
            (i64::from(m), s.clone())
        }
        [_] if corrects.is_some() => {
            return Err(Fatal::new("a correction needs the minutes it moves")
                .hint("pacenote log --corrects journal/YYYY/MM/DD-….yaml -15m \"why\""));
        }
        [s] if looks_like_duration(s) => {
            return Err(Fatal::new("missing the summary")
                .hint(format!("pacenote log {s} \"what you did\"")));
        }
        [s] => {
            let m = loaded.roadmap.practice_minutes;
            crate::out::errln!(
                "no duration given: logging {m} minutes, the roadmap's daily practice goal"
            );
            (i64::from(m), s.clone())
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
        corrects,
        kind: a.kind.clone(),
        skills: a.skills.clone(),
        targets,
        habits: a.habits.clone(),
        evidence: a.evidence.clone(),
        author: a.author.clone(),
    };
    // Pick a free path: journal/YYYY/MM/DD-slug.yaml, then -2, -3, …
    let base = format!(
        "journal/{:04}/{:02}/{:02}-{}",
        date.year(),
        date.month(),
        date.day(),
        file_slug(&summary)
    );
    let mut path = format!("{base}.yaml");
    let mut n = 2;
    while std::fs::symlink_metadata(root.join(&path)).is_ok() {
        path = format!("{base}-{n}.yaml");
        n += 1;
    }
    let text = entry_text(&out, &path, root.join(ENTRY_SCHEMA_PATH).is_file());

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
    if let Some(new) = new.as_ref().filter(|n| n.corrects.is_some()) {
        let head_tree = repo.head_commit()?.map(|c| c.tree()).transpose()?;
        let committed = |p: &str| {
            head_tree
                .as_ref()
                .is_some_and(|t| t.get_path(std::path::Path::new(p)).is_ok())
        };
        let mut all = loaded.entries.clone();
        all.push(new.clone());
        diags.extend(
            crate::check::corrections(&all, &committed)
                .into_iter()
                .filter(|d| d.file == path),
        );
    }
    if let Some(new) = &new {
        let me = crate::api::people::local_user(&repo);
        let mut day: Vec<_> = loaded
            .entries
            .iter()
            .filter(|e| e.entry.date == date)
            .cloned()
            .collect();
        // The day's committed entries are whoever recorded them (SPEC §3
        // "People"), which only the history says.
        let needs_history = day.iter().any(|e| e.entry.author.is_none());
        let bar = super::progress::Bar::default();
        let opts = crate::history::Options {
            progress: Some(&bar),
            ..Default::default()
        };
        let hist = match repo.head_commit()? {
            Some(h) if needs_history && !repo.git.is_shallow() => {
                Some(crate::history::scan_with(&repo, &h, opts)?)
            }
            _ => None,
        };
        day.push(new.clone());
        let people = crate::api::people::People::new(
            &repo,
            hist.as_ref(),
            &me,
            &mut day.iter().map(|e| e.entry.path.as_str()),
        )?;
        diags.extend(
            crate::check::daily_cap_known(&loaded.roadmap, &day, &|e| people.author(&e.entry))
                .into_iter()
                .filter(|d| d.file == path),
        );
        // The same entry again (shell history, a script run twice) would
        // count twice: refused unless asked for.
        if !a.allow_duplicate {
            let author = people.author(&new.entry);
            let same = day.iter().find(|e| {
                e.entry.path != path
                    && e.corrects.is_none()
                    && e.entry.minutes == new.entry.minutes
                    && e.entry.summary == new.entry.summary
                    && people.author(&e.entry) == author
            });
            if let Some(same) = same {
                diags.push(
                    crate::diag::Diagnostic::error(
                        &path,
                        Some(new.date_pos),
                        crate::diag::Rule::EntryDuplicate,
                        format!(
                            "{} already records the same date, minutes, summary and author",
                            same.entry.path
                        ),
                    )
                    .with_hint("if you did the work twice, pass --allow-duplicate (or say what differs in the summary)"),
                );
            }
        }
    }
    if !diags.is_empty() {
        let mut sources = std::collections::HashMap::new();
        sources.insert(path.clone(), text.clone());
        crate::check::render::eprint_human(&diags, &sources, g.colors.stderr);
        if diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            crate::out::errln!("nothing written: the entry would not be valid");
            return Ok(1);
        }
    }
    // Earlier versions made their temporary files beside the entry.
    if let Some(folder) = std::path::Path::new(&path).parent() {
        crate::fsx::sweep(&repo.git, &[&root.join(folder)]);
    }
    let full = root.join(&path);
    let created = missing_dirs(&root, &full);
    crate::fsx::write_in_repo(&repo.git, &root, &path, text.as_bytes(), false)?;
    if a.commit {
        if let Err(e) = commit(&root, &path, &summary) {
            // No half state: the entry is committed, or nothing is left.
            let _ = std::fs::remove_file(&full);
            for dir in created.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
    }
    write_stdout(&format!("{path}\n"))?;
    Ok(0)
}

/// The repository path `--corrects` names: as given when it starts with
/// `journal/`, else taken from the current directory.
fn corrected_path(root: &std::path::Path, given: &str) -> String {
    let p = given.trim_start_matches("./");
    if p.starts_with("journal/") {
        return p.to_string();
    }
    let abs = std::env::current_dir()
        .map(|d| d.join(p))
        .unwrap_or_else(|_| std::path::PathBuf::from(p));
    let root_c = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs_c = abs
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .map(|d| d.join(abs.file_name().unwrap_or_default()))
        .unwrap_or(abs);
    crate::load::repo::rel(&root_c, &abs_c)
}

/// The folders between `root` and `file` that do not exist yet, outermost
/// first (to remove again if the entry is not kept).
fn missing_dirs(root: &std::path::Path, file: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = file
        .ancestors()
        .skip(1)
        .take_while(|d| *d != root && std::fs::symlink_metadata(d).is_err())
        .map(std::path::Path::to_path_buf)
        .collect();
    out.reverse();
    out
}

/// Commits the new entry with the `git` program, as `git commit -- PATH`
/// does: only that path, so other staged changes stay staged and
/// uncommitted. git runs the hooks, signs (`commit.gpgsign`), and takes the
/// identity and dates (`GIT_AUTHOR_DATE` in any format it accepts) as for
/// any commit. On failure the entry is unstaged again and the error says
/// why; the caller removes the file.
fn commit(root: &std::path::Path, path: &str, summary: &str) -> Result<()> {
    let short: String = summary.chars().take(60).collect();
    let message = format!("journal: {short}");
    git(root, &["add", "--", path], path)?;
    let done = git(root, &["commit", "-q", "-m", &message, "--", path], path);
    if let Err(e) = done {
        // Put the index back as it was: the path was not there before.
        let _ = git(
            root,
            &["rm", "-q", "--cached", "--ignore-unmatch", "--", path],
            path,
        );
        return Err(e);
    }
    let id = git(root, &["rev-parse", "--short", "HEAD"], path)?;
    crate::out::errln!(
        "committed {} {}",
        id.trim(),
        crate::out::printable(&message)
    );
    Ok(())
}

/// Runs `git ARGS` in `root`; its standard error (hook output, git's own
/// messages) goes straight to the user. Returns its standard output.
fn git(root: &std::path::Path, args: &[&str], path: &str) -> Result<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| {
            Fatal::new(format!(
                "cannot run `git` ({e}), so {path} was not committed; nothing was written"
            ))
            .hint("install git and put it on PATH, or log without --commit and commit yourself")
            .io("git", e)
        })?;
    if !out.status.success() {
        let code = out
            .status
            .code()
            .map_or_else(|| "a signal".to_string(), |c| format!("status {c}"));
        return Err(Fatal::new(format!(
            "`git {}` failed ({code}), so the entry was not kept: nothing was written or staged",
            args[0]
        ))
        .hint("git's own message is above: a hook that refused the commit, an identity or GIT_AUTHOR_DATE git does not accept, or a signing key it cannot use; fix that and run the same `pacenote log` again"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings a YAML 1.1 reader (`PyYAML`, a server set to 1.1) reads as
    /// something else when plain: booleans, null, numbers in bases 8, 16
    /// and 60, dates, floats, merge keys.
    const YAML_11_LOOKALIKES: &[&str] = &[
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "N",
        "true",
        "False",
        "null",
        "NULL",
        "~",
        "12:30",
        "1:20:30",
        "0o17",
        "017",
        "0x1F",
        "0b101",
        "1_000",
        "2026-01-05",
        "2026-1-5",
        "2001-12-14 21:59:43.10 -5",
        "1e3",
        "+12",
        "-3",
        ".5",
        ".inf",
        "-.inf",
        ".NaN",
        "<<",
        "=",
        "3.0",
    ];

    #[test]
    fn yaml_11_lookalikes_are_quoted_and_read_back_as_the_same_text() {
        for s in YAML_11_LOOKALIKES {
            let written = scalar(s);
            assert!(written.starts_with('"'), "{s} written plain: {written}");
            assert_eq!(read_back(&written), *s);
        }
    }

    #[test]
    fn ordinary_text_stays_plain_and_anything_reads_back_the_same() {
        for s in [
            "Built an MCP server exposing our deploy API",
            "3 blog posts read",
            "Read: the RAG paper",
            "Read \"Attention\" again",
            "C# and F#",
            "yes, really",
            "mcp",
        ] {
            let written = scalar(s);
            assert_eq!(read_back(&written), s, "{written}");
        }
        assert_eq!(scalar("Built an MCP server"), "Built an MCP server");
        assert_eq!(scalar("3 blog posts read"), "3 blog posts read");
        assert_eq!(scalar("yes, really"), "yes, really");
        for s in [
            "- dash",
            "# hash",
            "a # comment",
            "a: b",
            "key:",
            "[x]",
            "{x}",
            "*alias",
            "&a",
            "!tag",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%d",
            "@x",
            "`x`",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "nul\u{0}",
            "del\u{7f}",
            "nel\u{85}",
            "bom\u{feff}",
        ] {
            let written = scalar(s);
            assert!(written.starts_with('"'), "{s:?} written plain");
            assert_eq!(read_back(&written), s, "{written}");
        }
        assert_eq!(flow_scalar("a,b"), "\"a,b\"");
        assert_eq!(flow_scalar("mcp"), "mcp");
    }

    fn read_back(scalar: &str) -> String {
        let doc = crate::load::yaml::parse(&format!("k: {scalar}\n"))
            .expect("parses")
            .expect("a document");
        let crate::load::yaml::Value::Map(items) = doc.value else {
            panic!("not a mapping")
        };
        items[0].1.as_str().expect("a scalar").to_string()
    }

    #[test]
    fn the_modeline_climbs_from_the_entrys_folder_to_the_schema() {
        assert_eq!(
            modeline("journal/2026/01/05-x.yaml"),
            "# yaml-language-server: $schema=../../../schema/entry.schema.json\n"
        );
        assert_eq!(
            modeline("journal/x.yaml"),
            "# yaml-language-server: $schema=../schema/entry.schema.json\n"
        );
    }

    #[test]
    fn file_slugs() {
        assert_eq!(
            file_slug("Built an MCP server exposing our deploy API"),
            "built-an-mcp-server-exposing-our-deploy"
        );
        assert_eq!(file_slug("!!!"), "entry");
    }
}
