//! Journal entries (SPEC §1.1): from positioned YAML to `Entry`, with every
//! problem reported.

use super::fields::{self, Fields, Sink};
use super::yaml::{Node, Value};
use crate::diag::did_you_mean;
use crate::diag::Pos;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Entry, Kind, Roadmap, TargetRef};
use jiff::civil::Date;

pub(crate) const ENTRY_KEYS: &[&str] = &[
    "date", "minutes", "summary", "kind", "skills", "targets", "habits", "evidence", "author",
    "corrects",
];

/// The longest summary accepted, in characters.
pub(crate) const MAX_SUMMARY_CHARS: usize = 500;

/// An entry with the source positions later rules point at.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadedEntry {
    pub entry: Entry,
    pub date_pos: Pos,
    pub minutes_pos: Pos,
    /// For a correction (SPEC §1.1): the entry it corrects and its signed
    /// minutes; `entry.minutes` is then 0 (a correction counts only as part
    /// of the entry it corrects).
    pub corrects: Option<Correction>,
}

/// What a correction entry (`corrects: PATH`) changes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The corrected entry's repository path.
    pub path: String,
    /// Minutes added to the corrected entry (−1440..1440, not 0).
    pub minutes: i32,
    /// Where `corrects:` is written.
    pub pos: Pos,
}

/// What the entry is checked against, and when "now" is.
pub struct EntryContext<'a> {
    pub roadmap: &'a Roadmap,
    pub today: Date,
    /// Whether ids are checked against the roadmap (not when it is broken).
    pub check_ids: bool,
}

/// Reads one entry from its parsed document. Returns `None` when the entry is
/// unusable (a required field is missing or malformed); problems that leave
/// the entry usable (an unknown skill id, say) are reported and the entry kept.
pub(crate) fn read_entry(
    sink: &mut Sink,
    path: &str,
    doc: &Node,
    ctx: &EntryContext,
) -> Option<LoadedEntry> {
    let f = Fields::read(sink, doc, "a journal entry", ENTRY_KEYS)?;
    let mut ok = true;

    let date_node = f.require(sink, "date", "the entry", "2026-01-05");
    let date = date_node.and_then(|n| fields::date(sink, n, "date", Rule::EntryDate));
    if let (Some(d), Some(n)) = (date, date_node) {
        if d < super::roadmap::FIRST_DATE {
            // Without `start:` the plan starts on the earliest entry, and
            // every figure is computed day by day from there.
            sink.error(
                n.pos,
                Rule::EntryDate,
                format!(
                    "`date` {d} is before {}, the first day pacenote counts",
                    super::roadmap::FIRST_DATE
                ),
                Some("give the day the work was done".into()),
            );
            // Never counted: the plan would start on it.
            ok = false;
        }
        if d > ctx.today.tomorrow().unwrap_or(ctx.today) {
            sink.error(
                n.pos,
                Rule::EntryFutureDate,
                format!("`date` {d} is in the future (today is {})", ctx.today),
                Some("log work on the day it was done or later, never ahead".into()),
            );
        }
        if let Some((_, Ok(path_date))) = path_date(path) {
            if path_date != d {
                sink.error(
                    n.pos,
                    Rule::EntryPathDate,
                    format!("`date` {d} differs from the date {path_date} in the file's path"),
                    Some(format!(
                        "set `date: {path_date}`, or move the file to journal/{}/{:02}/{:02}-….yaml",
                        d.year(),
                        d.month(),
                        d.day()
                    )),
                );
            }
        }
    }

    if let Some((text, Err(why))) = path_date(path) {
        sink.error(
            date_node.map_or(f.pos, |n| n.pos),
            Rule::EntryPathDate,
            format!("the file's path names the date {text}, which is not a calendar date ({why})"),
            Some(match date {
                Some(d) => format!(
                    "move the file to journal/{}/{:02}/{:02}-….yaml",
                    d.year(),
                    d.month(),
                    d.day()
                ),
                None => "name the file journal/YYYY/MM/DD-<slug>.yaml with a real date".into(),
            }),
        );
    }

    // A correction (SPEC §1.1) names the entry it corrects, and may be negative.
    let corrects = f.get("corrects").and_then(|n| {
        let p = fields::string(sink, n, "corrects", "journal/2026/01/08-mcp.yaml")?;
        let p = p.trim().trim_start_matches("./").to_string();
        if !super::is_entry_path(&p) {
            sink.error(
                n.pos,
                Rule::EntryCorrects,
                format!("`corrects` must name a journal entry, found `{}`", clip(&p)),
                Some("write the corrected entry's path, e.g. `corrects: journal/2026/01/08-mcp.yaml`".into()),
            );
            return None;
        }
        if p == path {
            sink.error(
                n.pos,
                Rule::EntryCorrects,
                "an entry cannot correct itself",
                Some("name the entry this one corrects".into()),
            );
            return None;
        }
        Some((p, n.pos))
    });
    let is_correction = f.get("corrects").is_some();
    if is_correction {
        for key in ["kind", "skills", "habits", "author"] {
            if let Some(n) = f.get(key) {
                sink.error(
                    n.pos,
                    Rule::EntryCorrects,
                    format!("a correction carries no `{key}` of its own; it counts with the corrected entry's"),
                    Some(format!("remove `{key}` from the correction")),
                );
            }
        }
    }

    let minutes_node = f.require(sink, "minutes", "the entry", "45");
    let minutes = minutes_node.and_then(|n| {
        // `1h30m` is how `pacenote log` takes durations; the file wants minutes.
        let as_duration = match &n.value {
            Value::Scalar { text, .. } if text.chars().any(|c| c.is_ascii_alphabetic()) => {
                super::duration::parse(text).ok()
            }
            _ => None,
        };
        match as_duration {
            Some(m) => {
                sink.error(
                    n.pos,
                    Rule::SchemaType,
                    format!(
                        "`minutes` must be a whole number of minutes, found `{}`",
                        n.as_str().unwrap_or_default()
                    ),
                    Some(format!("write `minutes: {m}`")),
                );
                None
            }
            None => fields::integer(sink, n, "minutes", "45"),
        }
    });
    let minutes = match (minutes, minutes_node) {
        (Some(m), Some(n)) if is_correction && (!(-1440..=1440).contains(&m) || m == 0) => {
            sink.error(
                n.pos,
                Rule::EntryMinutesRange,
                format!("`minutes` is {m}; a correction's must be between -1440 and 1440, and not 0"),
                Some("write the minutes to add (or, negative, to take away) from the corrected entry, e.g. `minutes: -15`".into()),
            );
            None
        }
        (Some(m), _) if is_correction => Some(m),
        (Some(m), Some(n)) if m < 1 && m > -1441 => {
            sink.error(
                n.pos,
                Rule::EntryMinutesRange,
                format!("`minutes` is {m}; it must be between 1 and 1440 (one day)"),
                Some("log the minutes actually spent, e.g. `minutes: 45`; to take minutes away from an entry, record a correction: `pacenote log --corrects PATH -15m \"why\"`".into()),
            );
            None
        }
        (Some(m), Some(n)) if !(1..=1440).contains(&m) => {
            sink.error(
                n.pos,
                Rule::EntryMinutesRange,
                format!("`minutes` is {m}; it must be between 1 and 1440 (one day)"),
                Some("log the minutes actually spent, e.g. `minutes: 45`".into()),
            );
            None
        }
        (Some(m), _) => Some(m),
        _ => None,
    };

    let summary = f
        .require(
            sink,
            "summary",
            "the entry",
            "Built an MCP server for the deploy API",
        )
        .and_then(|n| read_summary(sink, n));

    let kind = match f.get("kind") {
        None => Some(Kind::Do),
        Some(n) => {
            let text = fields::string(sink, n, "kind", "do");
            match text.as_deref().map(|t| (t, Kind::parse(t))) {
                Some((_, Some(k))) => Some(k),
                Some((t, None)) => {
                    let names = Kind::ALL.map(Kind::name);
                    let hint = match did_you_mean(t, names) {
                        Some(s) => format!("did you mean `{s}`? kinds: {}", names.join(", ")),
                        None => format!("one of: {}", names.join(", ")),
                    };
                    sink.error(
                        n.pos,
                        Rule::EntryKind,
                        format!("unknown kind `{t}`"),
                        Some(hint),
                    );
                    None
                }
                None => None,
            }
        }
    };

    let known_skills: Vec<&str> = ctx.roadmap.skills.iter().map(|s| s.id.as_str()).collect();
    let skills = read_ids(
        sink,
        f.get("skills"),
        "skills",
        "skill",
        Rule::EntryUnknownSkill,
        &known_skills,
        "[mcp, rag]",
        ctx.check_ids,
    );
    let known_habits: Vec<&str> = ctx.roadmap.habits.iter().map(|h| h.id.as_str()).collect();
    let habits = read_ids(
        sink,
        f.get("habits"),
        "habits",
        "habit",
        Rule::EntryUnknownHabit,
        &known_habits,
        "[weekly-reading]",
        ctx.check_ids,
    );
    let targets = f
        .get("targets")
        .map(|n| read_targets(sink, n, ctx.roadmap, ctx.check_ids, is_correction))
        .unwrap_or_default();

    let evidence = match f.get("evidence") {
        None => Vec::new(),
        Some(n) => fields::list(sink, n, "evidence", "[https://example.com/pr/42]")
            .into_iter()
            .filter_map(|item| {
                let text = fields::string(sink, item, "evidence", "https://example.com/pr/42")?;
                if !(text.starts_with("https://")
                    || text.starts_with("http://")
                    || text.starts_with("commit:"))
                {
                    sink.error(
                        item.pos,
                        Rule::EntryEvidence,
                        format!(
                            "evidence `{}` is neither a URL nor `commit:<sha>`",
                            clip(&text)
                        ),
                        Some("use an http(s) URL or `commit:<sha>`".into()),
                    );
                    return None;
                }
                Some(text)
            })
            .collect(),
    };

    let author = f.get("author").and_then(|n| {
        let a = fields::string(sink, n, "author", "alice")?;
        if let Some((i, c)) = a.chars().enumerate().find(|&(_, c)| c != '\n' && crate::out::is_unsafe(c)) {
            sink.error(
                n.pos,
                Rule::EntryAuthor,
                format!(
                    "`author` contains the control character U+{:04X} (character {} of the name)",
                    u32::from(c),
                    i + 1
                ),
                Some("write the name as plain text, e.g. `author: alice`; control and bidi characters could disguise it".into()),
            );
            return None;
        }
        let Some(a) = fields::one_line(&a, 100) else {
            sink.error(
                n.pos,
                Rule::EntryAuthor,
                "`author` must be a short, one-line name",
                Some("e.g. `author: alice`".into()),
            );
            return None;
        };
        Some(a.to_string())
    });

    // A field that failed is `None` below; `ok` is false for one that was
    // read but breaks a rule.
    if !ok {
        return None;
    }
    if is_correction && corrects.is_none() {
        return None;
    }
    let minutes = minutes?;
    let corrects = corrects.map(|(p, pos)| Correction {
        path: p,
        minutes: minutes as i32,
        pos,
    });
    Some(LoadedEntry {
        corrects,
        entry: Entry {
            path: path.to_string(),
            date: date?,
            minutes: if is_correction { 0 } else { minutes as u32 },
            summary: summary?,
            kind: kind?,
            skills: skills.into_iter().map(Into::into).collect(),
            targets,
            habits: habits.into_iter().map(Into::into).collect(),
            evidence,
            author,
        },
        date_pos: date_node.map_or(f.pos, |n| n.pos),
        minutes_pos: minutes_node.map_or(f.pos, |n| n.pos),
    })
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn read_summary(sink: &mut Sink, n: &Node) -> Option<String> {
    let text = fields::string(sink, n, "summary", "Built an MCP server for the deploy API")?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        sink.error(
            n.pos,
            Rule::EntrySummary,
            "`summary` is empty",
            Some("say in one line what you did".into()),
        );
        return None;
    }
    if trimmed.contains('\n') || trimmed.contains('\r') {
        sink.error(
            n.pos,
            Rule::EntrySummary,
            "`summary` must be one line",
            Some("keep the summary to one line; put links in `evidence`".into()),
        );
        return None;
    }
    if trimmed.chars().count() > MAX_SUMMARY_CHARS {
        sink.error(
            n.pos,
            Rule::EntrySummary,
            format!(
                "`summary` is {} characters long; at most {MAX_SUMMARY_CHARS}",
                trimmed.chars().count()
            ),
            Some("shorten it; details belong in the linked evidence".into()),
        );
        return None;
    }
    Some(trimmed.to_string())
}

#[allow(clippy::too_many_arguments)]
fn read_ids(
    sink: &mut Sink,
    node: Option<&Node>,
    key: &str,
    what: &str,
    code: Rule,
    known: &[&str],
    example: &str,
    check: bool,
) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    let mut out = Vec::new();
    // Sets, so that a list of 100,000 ids costs linear time, not quadratic.
    let known_set: std::collections::HashSet<&str> = known.iter().copied().collect();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for item in fields::list(sink, node, key, example) {
        let Some(id) = fields::string(sink, item, key, example) else {
            continue;
        };
        if check && !known_set.contains(id.as_str()) {
            sink.error(
                item.pos,
                code,
                format!("unknown {what} `{}`", clip(&id)),
                sink.has_room().then(|| unknown_hint(&id, known, what)),
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            sink.push(
                Diagnostic::warning(
                    sink.file,
                    Some(item.pos),
                    Rule::EntryDuplicateId,
                    format!("{what} `{id}` is listed twice"),
                )
                .with_hint("list it once"),
            );
            continue;
        }
        out.push(id);
    }
    // Kept for the whole run, once per entry: no room left for more.
    out.shrink_to_fit();
    out
}

fn unknown_hint(id: &str, known: &[&str], what: &str) -> String {
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => format!("the roadmap defines no {what}s"),
        None if known.len() <= 12 => format!("known {what}s: {}", known.join(", ")),
        None => format!("see the roadmap for the {} known {what}s", known.len()),
    }
}

fn read_targets(
    sink: &mut Sink,
    node: &Node,
    roadmap: &Roadmap,
    check: bool,
    correction: bool,
) -> Vec<TargetRef> {
    let known: Vec<&str> = roadmap.targets().map(|(_, t)| t.id.as_str()).collect();
    // A set, so that a list of 100,000 ids against 30,000 targets costs
    // linear time, not their product.
    let known_set: std::collections::HashSet<&str> = known.iter().copied().collect();
    let mut out: Vec<TargetRef> = Vec::new();
    for item in fields::list(sink, node, "targets", "[build-mcp-server]") {
        let (id, id_pos, amount, done) = match &item.value {
            Value::Scalar { .. } => {
                let Some(id) = fields::string(sink, item, "targets", "[build-mcp-server]") else {
                    continue;
                };
                (id, item.pos, 1.0, false)
            }
            Value::Map(_) => {
                let Some(f) = Fields::read(sink, item, "a target item", &["id", "amount", "done"])
                else {
                    continue;
                };
                let Some(id_node) = f.require(sink, "id", "the target item", "write-evals") else {
                    continue;
                };
                let Some(id) = fields::string(sink, id_node, "id", "write-evals") else {
                    continue;
                };
                let done = f
                    .get("done")
                    .and_then(|n| fields::boolean(sink, n, "done"))
                    .unwrap_or(false);
                let amount = match f.get("amount") {
                    None => Some(if done { 0.0 } else { 1.0 }),
                    Some(n) => {
                        match fields::number(sink, n, "amount", "12") {
                            Some(a) if correction && a == 0.0 => {
                                sink.error(
                                n.pos,
                                Rule::EntryAmount,
                                "`amount` is 0; a correction's amount moves the target up or down".to_string(),
                                Some("write the amount to add, or a negative amount to take away".into()),
                            );
                                None
                            }
                            // Only a correction may take progress away.
                            Some(a) if !correction && a <= 0.0 => {
                                sink.error(
                                n.pos,
                                Rule::EntryAmount,
                                format!("`amount` is {a}; it must be greater than 0"),
                                Some("log progress as a positive amount; negative amounts belong in a correction (`corrects:`, see `pacenote log --corrects`)".into()),
                            );
                                None
                            }
                            // Either way, past a billion.
                            Some(a) if a.abs() > 1e9 => {
                                sink.error(
                                    n.pos,
                                    Rule::EntryAmount,
                                    format!("`amount` {a} is implausibly large"),
                                    Some("use the target's unit".into()),
                                );
                                None
                            }
                            other => other,
                        }
                    }
                };
                let Some(amount) = amount else { continue };
                (id, id_node.pos, amount, done)
            }
            Value::Seq(_) => {
                sink.type_error(
                    item,
                    "targets",
                    "a list of target ids or `{id, amount}` items",
                    "[build-mcp-server]",
                );
                continue;
            }
        };
        if check && !known_set.contains(id.as_str()) {
            sink.error(
                id_pos,
                Rule::EntryUnknownTarget,
                format!("unknown target `{}`", clip(&id)),
                sink.has_room().then(|| unknown_hint(&id, &known, "target")),
            );
            continue;
        }
        out.push(TargetRef {
            id: id.into(),
            amount,
            done,
        });
    }
    out
}

/// The date a journal path names: `…/YYYY/MM/DD-slug.yaml` or a file name
/// starting with `YYYY-MM-DD`.
pub(crate) fn date_from_path(path: &str) -> Option<Date> {
    path_date(path).and_then(|(_, d)| d.ok())
}

/// The date-shaped part of a journal path (`YYYY-MM-DD`), and the date it
/// names or why it names none (`journal/2026/13/40-x.yaml`).
pub(crate) fn path_date(path: &str) -> Option<(String, Result<Date, String>)> {
    let parts: Vec<&str> = path.split('/').collect();
    let name = *parts.last()?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if let Some(prefix) = name.get(..10) {
        let b = prefix.as_bytes();
        if b[4] == b'-'
            && b[7] == b'-'
            && digits(&prefix[..4])
            && digits(&prefix[5..7])
            && digits(&prefix[8..])
        {
            return Some((prefix.to_string(), fields::parse_date(prefix)));
        }
    }
    if parts.len() >= 3 {
        let y = parts[parts.len() - 3];
        let m = parts[parts.len() - 2];
        let d = name.get(..2)?;
        let next = name.as_bytes().get(2).copied();
        if y.len() == 4
            && m.len() == 2
            && digits(y)
            && digits(m)
            && digits(d)
            && matches!(next, Some(b'-' | b'.' | b'_'))
        {
            let text = format!("{y}-{m}-{d}");
            let parsed = fields::parse_date(&text);
            return Some((text, parsed));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` read as the entry at `path` under the default roadmap, today
    /// being 2026-01-10: the entry, if it loaded, and its diagnostics.
    fn load_text(path: &str, text: &str) -> (Option<LoadedEntry>, Vec<Diagnostic>) {
        let roadmap = crate::load::default_roadmap();
        let ctx = EntryContext {
            roadmap: &roadmap,
            today: fields::parse_date("2026-01-10").expect("date"),
            check_ids: true,
        };
        let file = crate::load::SourceFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        let mut diags = Vec::new();
        let loaded = crate::load::load_entry(&file, &ctx, &mut diags);
        (loaded, diags)
    }

    /// `text` read as `journal/a.yaml`, a path that names no date: whether
    /// it loaded, and its diagnostics.
    fn read_text(text: &str) -> (bool, Vec<Diagnostic>) {
        let (loaded, diags) = load_text("journal/a.yaml", text);
        (loaded.is_some(), diags)
    }

    /// `minutes` written as a duration gets the minutes to write; a number
    /// is read as one.
    #[test]
    fn minutes_as_a_duration_get_the_number_to_write() {
        let hints = |minutes: &str| {
            let (_, diags) = read_text(&format!(
                "date: 2026-01-09\nminutes: {minutes}\nsummary: S\n"
            ));
            diags
                .iter()
                .map(|d| d.hint.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(hints("1h30m"), ["write `minutes: 90`"]);
        assert_eq!(hints("90"), Vec::<String>::new());
        // From -1440 to 0 the hint offers a correction; beyond, not.
        let correction = |h: &[String]| h.len() == 1 && h[0].contains("--corrects");
        assert_eq!(hints("1"), Vec::<String>::new());
        assert!(correction(&hints("0")));
        assert!(correction(&hints("-1440")));
        let beyond = hints("-1441");
        assert!(beyond.len() == 1 && !correction(&beyond), "{beyond:?}");
    }

    /// The hint for an unknown id: the close one, else every id up to 12,
    /// else how many there are.
    #[test]
    fn unknown_ids_are_hinted_by_how_many_are_known() {
        let ids: Vec<String> = (0..13).map(|i| format!("target-{i:02}")).collect();
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(
            unknown_hint("target-1", &known, "target"),
            "did you mean `target-01`?"
        );
        assert_eq!(
            unknown_hint("qqq", &[], "target"),
            "the roadmap defines no targets"
        );
        assert_eq!(
            unknown_hint("qqq", &known[..12], "target"),
            format!("known targets: {}", known[..12].join(", "))
        );
        assert_eq!(
            unknown_hint("qqq", &known, "target"),
            "see the roadmap for the 13 known targets"
        );
    }

    /// A summary of at most 500 characters (not bytes) is read.
    #[test]
    fn a_summary_of_the_longest_length() {
        let read = |summary: String| {
            read_text(&format!(
                "date: 2026-01-09\nminutes: 5\nsummary: {summary}\n"
            ))
            .0
        };
        assert!(read("é".repeat(MAX_SUMMARY_CHARS)));
        assert!(!read("é".repeat(MAX_SUMMARY_CHARS + 1)));
    }

    #[test]
    fn long_names_are_clipped_in_messages() {
        assert_eq!(clip(&"é".repeat(60)), "é".repeat(60));
        assert_eq!(clip(&"é".repeat(61)), format!("{}…", "é".repeat(60)));
    }

    /// A path names a date only when every part has its shape: each
    /// path below breaks exactly one rule.
    #[test]
    fn a_path_names_a_date_only_in_its_exact_shapes() {
        let named = |p: &str| path_date(p).map(|(text, _)| text);
        assert_eq!(
            named("journal/x/2026-01-08-a.yaml").as_deref(),
            Some("2026-01-08")
        );
        assert_eq!(
            named("journal/2026/01/08-a.yaml").as_deref(),
            Some("2026-01-08")
        );
        for p in [
            "journal/x/2026x01-08-a.yaml",
            "journal/x/2026-01x08-a.yaml",
            "journal/x/20a6-01-08-a.yaml",
            "journal/x/2026-0a-08-a.yaml",
            "journal/x/2026-01-0a-a.yaml",
            "journal/202/01/08-a.yaml",
            "journal/2026/1/08-a.yaml",
            "journal/20a6/01/08-a.yaml",
            "journal/2026/0a/08-a.yaml",
            "journal/2026/01/0a-a.yaml",
            "journal/2026/01/08a.yaml",
        ] {
            assert_eq!(named(p), None, "{p}");
        }
    }

    /// 1970-01-01 is the first day an entry may name.
    #[test]
    fn the_first_day_counted() {
        let codes = |date: &str| {
            let (loaded, diags) = read_text(&format!("date: {date}\nminutes: 45\nsummary: Old\n"));
            (loaded, diags.iter().map(|d| d.code).collect::<Vec<_>>())
        };
        assert_eq!(codes("1970-01-01"), (true, vec![]));
        assert_eq!(codes("1969-12-31"), (false, vec![Rule::EntryDate]));
        // Today is 2026-01-10: tomorrow is allowed (another time zone's
        // today), the day after is in the future.
        assert_eq!(codes("2026-01-11").1, []);
        assert_eq!(codes("2026-01-12").1, [Rule::EntryFutureDate]);
    }

    /// The `amount` messages of an entry (`corrects: None`) or a
    /// correction, one per diagnostic; empty when the amount is accepted.
    fn amount_messages(amount: &str, corrects: bool) -> Vec<String> {
        let text = format!(
            "date: 2026-01-09\nminutes: {}\nsummary: Evals\n{}targets:\n  - id: write-evals\n    amount: {amount}\n",
            if corrects { "-5" } else { "45" },
            if corrects { "corrects: journal/2026/01/08-x.yaml\n" } else { "" },
        );
        problems(&text)
            .1
            .into_iter()
            .filter(|(code, _, _)| *code == Rule::EntryAmount)
            .map(|(_, message, _)| message)
            .collect()
    }

    #[test]
    fn amounts_are_positive_except_in_a_correction_and_at_most_a_billion() {
        let none: Vec<String> = Vec::new();
        let positive = |a: &str| vec![format!("`amount` is {a}; it must be greater than 0")];
        let large = |a: &str| vec![format!("`amount` {a} is implausibly large")];
        assert_eq!(amount_messages("3", false), none);
        assert_eq!(amount_messages("1000000000", false), none);
        assert_eq!(amount_messages("1000000001", false), large("1000000001"));
        assert_eq!(amount_messages("0", false), positive("0"));
        assert_eq!(amount_messages("-3", false), positive("-3"));
        assert_eq!(
            amount_messages("-2000000000", false),
            positive("-2000000000")
        );
        assert_eq!(amount_messages("-3", true), none);
        assert_eq!(amount_messages("-1000000000", true), none);
        assert_eq!(amount_messages("-1000000001", true), large("-1000000001"));
        assert_eq!(amount_messages("2000000000", true), large("2000000000"));
        assert_eq!(
            amount_messages("0", true),
            vec!["`amount` is 0; a correction's amount moves the target up or down".to_string()]
        );
    }

    #[test]
    fn dates_in_paths() {
        let d = |s| fields::parse_date(s).ok();
        assert_eq!(
            date_from_path("journal/2026/01/08-mcp.yaml"),
            d("2026-01-08")
        );
        assert_eq!(
            date_from_path("journal/2026-01-08-mcp.yaml"),
            d("2026-01-08")
        );
        assert_eq!(
            date_from_path("journal/alice/2026/02/01.yaml"),
            d("2026-02-01")
        );
        assert_eq!(date_from_path("journal/notes.yaml"), None);
        assert_eq!(
            path_date("journal/2026/13/40-x.yaml"),
            Some(("2026-13-40".into(), Err("there is no month 13".into())))
        );
        assert_eq!(
            path_date("journal/2026-02-30-x.yaml"),
            Some((
                "2026-02-30".into(),
                Err("month 2 of 2026 has no day 30".into())
            ))
        );
    }

    /// Every problem of an entry file's `text`: code, message and hint.
    fn problems(text: &str) -> (Option<LoadedEntry>, Vec<(Rule, String, String)>) {
        let (e, diags) = load_text("journal/2026/01/09-x.yaml", text);
        let list = diags
            .into_iter()
            .map(|d| (d.code, d.message, d.hint.unwrap_or_default()))
            .collect();
        (e, list)
    }

    const HEAD: &str = "date: 2026-01-09\nminutes: 45\nsummary: Evals\n";

    /// Each problem's rule and message.
    fn rules_and_messages(found: &[(Rule, String, String)]) -> Vec<(Rule, &str)> {
        found.iter().map(|f| (f.0, f.1.as_str())).collect()
    }

    #[test]
    fn done_takes_every_spelling_of_true_and_false_and_nothing_else() {
        for (text, want) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("false", false),
            ("False", false),
            ("FALSE", false),
        ] {
            let (e, found) = problems(&format!(
                "{HEAD}targets:\n  - id: write-evals\n    amount: 1\n    done: {text}\n"
            ));
            assert_eq!(found, vec![], "done: {text}");
            let done = e.expect("loads").entry.targets[0].done;
            assert_eq!(done, want, "done: {text}");
        }
        let (_, found) = problems(&format!(
            "{HEAD}targets:\n  - id: write-evals\n    done: yes\n"
        ));
        assert_eq!(
            found,
            vec![(
                Rule::SchemaType,
                "`done` must be `true` or `false`, found a string".to_string(),
                "write it like `done: true`".to_string()
            )]
        );
    }

    #[test]
    fn a_date_with_a_time_is_told_to_keep_the_day() {
        let (_, found) = problems("date: 2026-01-05T10:00:00\nminutes: 45\nsummary: Evals\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "write the day alone: `date: 2026-01-05`");
        let (_, found) = problems("date: 2026-13-05\nminutes: 45\nsummary: Evals\n");
        assert_eq!(
            found[0].2,
            "write a real date as YYYY-MM-DD, e.g. `date: 2026-01-05`"
        );
    }

    #[test]
    fn a_list_key_without_a_value_is_as_if_absent() {
        for key in ["skills", "habits", "evidence", "targets"] {
            let (e, found) = problems(&format!("{HEAD}{key}:\n"));
            assert_eq!(found, vec![], "{key}");
            let e = e.expect("loads").entry;
            let lens = (
                e.skills.len(),
                e.habits.len(),
                e.evidence.len(),
                e.targets.len(),
            );
            assert_eq!(lens, (0, 0, 0, 0), "{key}");
        }
        let (_, found) = problems(&format!("{HEAD}skills: {{a: 1}}\n"));
        assert_eq!(
            rules_and_messages(&found),
            vec![(Rule::SchemaType, "`skills` must be a list, found a mapping")]
        );
    }

    /// A null list item (`~`, `null`, or nothing after the dash) is not an
    /// id or a link: it is refused as the wrong type, not read as the text
    /// "null".
    #[test]
    fn a_null_list_item_is_refused_not_read_as_text() {
        for key in ["skills", "habits", "evidence", "targets"] {
            for item in ["~", "null", "NULL", ""] {
                let (_, found) = problems(&format!("{HEAD}{key}:\n  - {item}\n"));
                assert_eq!(
                    rules_and_messages(&found),
                    vec![(
                        Rule::SchemaType,
                        format!("`{key}` must be text, found null").as_str()
                    )],
                    "{key}: [{item}]"
                );
            }
        }
    }
}
