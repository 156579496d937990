//! Markdown rendering with minijinja. Every interpolated value is escaped by
//! the formatter (untrusted text stays text); only the formatting filters
//! below produce markup. The comment is kept under GitHub's size limit by
//! dropping detail in a planned order.

use super::data::ReportData;
use super::escape;
use crate::metrics::status::MilestoneStatus;
use crate::metrics::verdict::percent;
use crate::metrics::verdict::Status;
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// GitHub rejects comments longer than this many characters.
pub(crate) const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The smallest `--max-chars`: room for the headline and the notice.
pub(crate) const MIN_LIMIT: usize = 2_000;

/// The largest single value a template may write (bounds memory: the
/// escaped copy of a value is made before it is written).
pub(crate) const MAX_VALUE_BYTES: usize = 4 * 1024 * 1024;

const REPORT_TEMPLATE: &str = include_str!("../templates/report.md.j2");

/// The whole comment for a change that touches neither the journal nor
/// the roadmap: one line.
const UNTOUCHED_TEMPLATE: &str = "<!-- pacenote-report -->\n{{ verdict_icon(verdict.status) }} pacenote: this change touches neither the journal nor the roadmap; the plan is **{{ verdict_words(verdict.status) | lower }}** as of {{ as_of }}.\n";

/// Which optional parts to render; dropped from the last to the first when
/// the comment would be too long.
#[derive(Clone, Copy, Debug, Serialize)]
pub(crate) struct Detail {
    pub change_entries: bool,
    pub quality: bool,
    pub skills: bool,
    pub targets: bool,
}

impl Detail {
    pub(crate) const FULL: Detail = Detail {
        change_entries: true,
        quality: true,
        skills: true,
        targets: true,
    };
}

/// Environment shared by the built-in and user templates: escaping
/// formatter, formatting filters, strict undefined values, and bounds.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_recursion_limit(64);
    env.set_fuel(Some(50_000_000));
    env.set_formatter(|out, _state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value.to_string();
        if text.len() > MAX_VALUE_BYTES {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("a value of more than {MAX_VALUE_BYTES} bytes cannot be written"),
            ));
        }
        if value.is_safe() {
            out.write_str(&text)
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "write failed"))
        } else {
            out.write_str(&escape::markdown(&text))
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "write failed"))
        }
    });
    env.add_filter("pct", |v: Value| -> String {
        match f64::try_from(v) {
            Ok(x) => format!("{}%", percent(x)),
            Err(_) => "—".into(),
        }
    });
    // The change of a share in percentage points: `+25 pts`, `−1 pt`, `0`.
    env.add_function("delta_pts", |a: Value, b: Value| -> String {
        match (f64::try_from(a), f64::try_from(b)) {
            (Ok(a), Ok(b)) => {
                let d = percent(b) - percent(a);
                match d {
                    0 => "0".into(),
                    1 | -1 => format!("{} pt", signed_int(d)),
                    _ => format!("{} pts", signed_int(d)),
                }
            }
            _ => "—".into(),
        }
    });
    env.add_function("delta_hrs", |a: Value, b: Value| -> String {
        match (f64::try_from(a), f64::try_from(b)) {
            (Ok(a), Ok(b)) => {
                let d = fmt_num(b - a);
                match d.as_str() {
                    "0" => "0".into(),
                    _ if b > a => format!("+{d} h"),
                    _ => format!("{} h", d.replacen('-', "−", 1)),
                }
            }
            _ => "—".into(),
        }
    });
    env.add_function("signed", |v: i64| -> String { signed_int(v) });
    // A habit's recent periods: ■ hit, □ missed.
    env.add_filter("strip", |v: Vec<bool>| -> String {
        v.iter().map(|x| if *x { '■' } else { '□' }).collect()
    });
    env.add_filter("hrs", |v: Value| -> String {
        match f64::try_from(v) {
            Ok(x) => format!("{} h", fmt_num(x)),
            Err(_) => "—".into(),
        }
    });
    env.add_filter("num", |v: Value| -> String {
        f64::try_from(v).map(fmt_num).unwrap_or_else(|_| "—".into())
    });
    env.add_filter("bar", |v: Value| -> Value {
        match f64::try_from(v) {
            Ok(x) => {
                let x = x.clamp(0.0, 1.0);
                let full = (x * 10.0).round() as usize;
                Value::from_safe_string(format!(
                    "`{}{}` {}%",
                    "█".repeat(full),
                    "░".repeat(10 - full),
                    percent(x)
                ))
            }
            Err(_) => Value::from_safe_string("—".into()),
        }
    });
    // Text inside an HTML block (a `<summary>`): entities, no markdown.
    env.add_filter("html", |v: Value| -> Value {
        if v.is_none() || v.is_undefined() {
            return Value::from_safe_string(String::new());
        }
        Value::from_safe_string(escape::html(&v.to_string()))
    });
    env.add_filter("short", |v: String, n: Option<usize>| -> String {
        escape::clip(&v, n.unwrap_or(70))
    });
    // A milestone's short name: its title up to " — " ("Month 1").
    env.add_filter("label", |v: String| -> String {
        let head = v.split(" — ").next().unwrap_or(&v);
        escape::clip(head, 40)
    });
    env.add_filter("mmdd", |v: String| -> String {
        v.get(5..).unwrap_or(&v).to_string()
    });
    env.add_function("status_icon", |s: String| -> String {
        match MilestoneStatus::parse(&s) {
            Some(MilestoneStatus::Done) => "✅",
            Some(MilestoneStatus::DoneLate) => "☑️",
            Some(MilestoneStatus::OnTrack) => "🟢",
            Some(MilestoneStatus::AtRisk) => "🟠",
            Some(MilestoneStatus::Late) => "🔴",
            Some(MilestoneStatus::Upcoming) | None => "⚪",
        }
        .into()
    });
    env.add_function("verdict_icon", |s: String| -> String {
        match Status::parse(&s) {
            Some(Status::OnTrack) => "🟢",
            Some(Status::AtRisk) => "🟠",
            Some(Status::OffTrack) => "🔴",
            Some(Status::Done) => "✅",
            Some(Status::NotStarted) | None => "⚪",
        }
        .into()
    });
    env.add_function("verdict_words", |s: String| -> String {
        status_words(Status::parse(&s).unwrap_or(Status::NotStarted)).into()
    });
    env
}

/// An integer with its sign: `+15`, `−15` (a minus sign), `0`.
pub(crate) fn signed_int(v: i64) -> String {
    match v {
        0 => "0".into(),
        v if v > 0 => format!("+{v}"),
        v => format!("−{}", v.unsigned_abs()),
    }
}

/// A number with at most one decimal, without a trailing `.0`.
pub fn fmt_num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if (r - r.trunc()).abs() < 1e-9 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    data: &'a ReportData,
    detail: Detail,
    notice: Option<String>,
}

pub(crate) fn render_with(
    env: &Environment,
    template: &str,
    data: &ReportData,
    detail: Detail,
    notice: Option<String>,
) -> Result<String, Error> {
    let ctx = Context {
        data,
        detail,
        notice,
    };
    env.render_str(template, &ctx)
}

/// The built-in PR comment, cut to fit `limit` characters.
pub(crate) fn render(data: &ReportData, limit: usize) -> Result<String, Error> {
    let env = environment();
    if data.change.as_ref().is_some_and(|c| !c.touched) {
        return render_with(&env, UNTOUCHED_TEMPLATE, data, Detail::FULL, None);
    }
    let full = render_with(&env, REPORT_TEMPLATE, data, Detail::FULL, None)?;
    if full.chars().count() <= limit {
        return Ok(full);
    }
    // Drop detail in a planned order: per-entry lists, problem lists,
    // per-skill hours, then per-target detail.
    let mut d = Detail::FULL;
    let steps: [fn(&mut Detail); 4] = [
        |d| d.change_entries = false,
        |d| d.quality = false,
        |d| d.skills = false,
        |d| d.targets = false,
    ];
    let notice = "This comment leaves out some detail to stay within GitHub's size limit; the full report is in the workflow's job summary and its `pacenote-report` artifact.".to_string();
    let mut last = full;
    for step in steps {
        step(&mut d);
        last = render_with(&env, REPORT_TEMPLATE, data, d, Some(notice.clone()))?;
        if last.chars().count() <= limit {
            return Ok(last);
        }
    }
    // Still too long (a roadmap with thousands of milestones or habits):
    // keep whole blocks up to the limit.
    Ok(cut_to_fit(&last, limit))
}

/// The most characters a line of the first block keeps when cut.
const HEADLINE_MAX: usize = 1_000;

/// A line of escaped markdown cut to at most `max` characters (its line end
/// kept), ending with `…`; never inside an entity (`&#8203;`) nor after a
/// lone backslash, so the escaping stays whole.
fn cut_line(line: &str, max: usize) -> String {
    let body = line.trim_end_matches('\n');
    if body.chars().count() <= max {
        return line.to_string();
    }
    let mut kept: String = body.chars().take(max.saturating_sub(1)).collect();
    if let Some(amp) = kept.rfind('&') {
        if !kept[amp..].contains(';') {
            kept.truncate(amp);
        }
    }
    let slashes = kept.chars().rev().take_while(|&c| c == '\\').count();
    if slashes % 2 == 1 {
        kept.pop();
    }
    kept.push('…');
    kept.push('\n');
    kept
}

/// The closing notice when even the least detailed report is too long.
const CUT_NOTICE: &str = "> [!NOTE]\n> The report is too large for a comment and stops here; the full report is in the workflow's job summary and its `pacenote-report` artifact.\n";

/// One block of the rendered markdown that must stay whole: a fenced code
/// block, a `<details>` element, a table, or a paragraph, with the blank
/// lines after it.
struct Block<'a> {
    lines: Vec<&'a str>,
}

impl Block<'_> {
    fn len(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count()).sum()
    }
}

/// Splits markdown into blocks: a blank line ends a block unless it lies
/// inside a fence or an open `<details>`.
fn blocks(s: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut depth: i64 = 0;
    for line in s.split_inclusive('\n') {
        let t = line.trim();
        let outside = fence.is_none() && depth <= 0;
        if outside && !t.is_empty() && cur.last().is_some_and(|l| l.trim().is_empty()) {
            out.push(Block {
                lines: std::mem::take(&mut cur),
            });
        }
        cur.push(line);
        match fence {
            Some(f) if t.starts_with(f) && t.trim_start_matches(f).is_empty() => fence = None,
            Some(_) => {}
            None if t.starts_with("```") => fence = Some("```"),
            None if t.starts_with("~~~") => fence = Some("~~~"),
            None => {
                depth += t.matches("<details").count() as i64;
                depth -= t.matches("</details>").count() as i64;
            }
        }
    }
    if !cur.is_empty() {
        out.push(Block { lines: cur });
    }
    out
}

/// Whether a line is a table's delimiter row (`| --- | ---: |`).
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The leading part of a block that holds a table, with as many rows as
/// fit in `room` characters and a last row saying how many were left out;
/// `None` when the block holds no table or not even its header fits.
fn shorten_table(b: &Block, room: usize) -> Option<String> {
    let delim = b.lines.iter().position(|l| is_delimiter_row(l))?;
    if delim == 0 || b.lines.get(delim + 1).is_some_and(|l| l.trim().is_empty()) {
        return None;
    }
    let columns = b.lines[delim].trim().matches('|').count().saturating_sub(1);
    let rows_end = b.lines[delim + 1..]
        .iter()
        .position(|l| !l.trim_start().starts_with('|'))
        .map_or(b.lines.len(), |p| delim + 1 + p);
    let total = rows_end - delim - 1;
    let mut out: String = b.lines[..=delim].concat();
    let mut kept = 0;
    let last_row = |left: usize| {
        let mut r = format!(
            "| *… {left} more row{} left out* |",
            if left == 1 { "" } else { "s" }
        );
        for _ in 1..columns {
            r.push_str(" |");
        }
        r.push_str("\n\n");
        r
    };
    let reserve = last_row(total).chars().count();
    let mut used = out.chars().count() + reserve;
    if used > room {
        return None;
    }
    for row in &b.lines[delim + 1..rows_end] {
        let n = row.chars().count();
        if used + n > room {
            break;
        }
        out.push_str(row);
        used += n;
        kept += 1;
    }
    out.push_str(&last_row(total - kept));
    Some(out)
}

/// Keeps whole blocks of `s` while they fit in `limit` characters with the
/// closing notice; a table that does not fit keeps the rows that do. Never
/// cuts inside a table row, a fence or a `<details>`.
///
/// The headline — the hidden marker and the paragraphs before the first
/// section, table or `<details>` — is always kept: a line of it longer than
/// `HEADLINE_MAX` characters (a roadmap title of 100,000 characters) is cut
/// with `…`, so that cutting starts from the blocks after it, the least
/// important (the last) first.
pub fn cut_to_fit(s: &str, limit: usize) -> String {
    // The notice, and the blank line that may be needed before it.
    let room = limit.saturating_sub(CUT_NOTICE.chars().count() + 2);
    let mut out = String::new();
    let mut used = 0;
    let all = blocks(s);
    // The headline: the blocks before the first section heading, table,
    // fence or `<details>`, the first always.
    let head = all
        .iter()
        .skip(1)
        .position(|b| {
            b.lines.iter().any(|l| {
                let t = l.trim_start();
                t.starts_with("###")
                    || t.starts_with("<details")
                    || t.starts_with("```")
                    || is_delimiter_row(l)
            })
        })
        .map_or(all.len(), |p| p + 1);
    let mut all = all.into_iter();
    for b in all.by_ref().take(head) {
        for line in &b.lines {
            let l = cut_line(line, HEADLINE_MAX.min(room.saturating_sub(used) / 2));
            used += l.chars().count();
            out.push_str(&l);
        }
    }
    for b in all {
        let n = b.len();
        if used + n <= room {
            out.extend(b.lines.iter().copied());
            used += n;
            continue;
        }
        if let Some(t) = shorten_table(&b, room.saturating_sub(used)) {
            out.push_str(&t);
        }
        break;
    }
    while !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(CUT_NOTICE);
    out
}

/// The verdict's words: "On track", "At risk", …
pub(crate) fn status_words(s: Status) -> &'static str {
    match s {
        Status::OnTrack => "On track",
        Status::AtRisk => "At risk",
        Status::OffTrack => "Off track",
        Status::NotStarted => "Not started",
        Status::Done => "Done",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<!-- m -->\n## Title\n\nA paragraph.\n\n| a | b |\n| --- | --- |\n| 1111111111 | 2222222222 |\n| 3333333333 | 4444444444 |\n| 5555555555 | 6666666666 |\n\n<details><summary>x</summary>\n\n| c |\n| --- |\n| 7 |\n\n</details>\n\n```mermaid\nchart\n\nmore\n```\n\nEnd.\n";

    #[test]
    fn the_marker_and_headline_are_kept_and_cut() {
        let title = format!("## {}&#8203;\\| end", "t".repeat(5_000));
        let doc = format!(
            "<!-- m -->\n{title}\n\nVerdict.\n\n### Section\n\n{}\n",
            "x".repeat(5_000)
        );
        let out = cut_to_fit(&doc, 3_000);
        assert_eq!(
            out,
            format!(
                "<!-- m -->\n## {}…\n\nVerdict.\n\n### Section\n\n{CUT_NOTICE}",
                "t".repeat(HEADLINE_MAX - 4)
            )
        );
        assert!(out.chars().count() <= 3_000);
        // Never inside an entity, nor after a lone backslash.
        assert_eq!(cut_line("ab&#8203;cd\n", 6), "ab…\n");
        assert_eq!(cut_line("ab\\|cd\n", 4), "ab…\n");
        assert_eq!(cut_line("short\n", 6), "short\n");
    }

    #[test]
    fn blocks_keep_fences_and_details_whole() {
        let b: Vec<String> = blocks(DOC).iter().map(|b| b.lines.concat()).collect();
        assert_eq!(
            b,
            [
                "<!-- m -->\n## Title\n\n",
                "A paragraph.\n\n",
                "| a | b |\n| --- | --- |\n| 1111111111 | 2222222222 |\n| 3333333333 | 4444444444 |\n| 5555555555 | 6666666666 |\n\n",
                "<details><summary>x</summary>\n\n| c |\n| --- |\n| 7 |\n\n</details>\n\n",
                "```mermaid\nchart\n\nmore\n```\n\n",
                "End.\n",
            ]
        );
    }

    #[test]
    fn everything_fits() {
        let out = cut_to_fit(DOC, 10_000);
        assert_eq!(out, format!("{DOC}\n{CUT_NOTICE}"));
        assert!(out.ends_with("End.\n\n> [!NOTE]\n> The report is too large for a comment and stops here; the full report is in the workflow's job summary and its `pacenote-report` artifact.\n"));
    }

    #[test]
    fn a_table_keeps_the_rows_that_fit_and_says_how_many_went() {
        let notice = CUT_NOTICE.chars().count() + 2;
        // Room for the first two blocks, the table's header, one row and the
        // closing row.
        let head = "<!-- m -->\n## Title\n\nA paragraph.\n\n".len();
        let table = "| a | b |\n| --- | --- |\n| 1111111111 | 2222222222 |\n".len();
        let last = "| *… 3 more rows left out* | |\n\n".chars().count();
        let out = cut_to_fit(DOC, notice + head + table + last);
        assert_eq!(
            out,
            format!(
                "<!-- m -->\n## Title\n\nA paragraph.\n\n| a | b |\n| --- | --- |\n| 1111111111 | 2222222222 |\n| *… 2 more rows left out* | |\n\n{CUT_NOTICE}"
            )
        );
        assert!(out.chars().count() <= notice + head + table + last);
    }

    #[test]
    fn details_and_fences_are_dropped_whole() {
        let upto_details = DOC.find("<details>").expect("details");
        let out = cut_to_fit(DOC, CUT_NOTICE.chars().count() + 2 + upto_details + 20);
        assert_eq!(out, format!("{}{CUT_NOTICE}", &DOC[..upto_details]));
        let upto_fence = DOC.find("```").expect("fence");
        let out = cut_to_fit(DOC, CUT_NOTICE.chars().count() + 2 + upto_fence + 12);
        assert_eq!(out, format!("{}{CUT_NOTICE}", &DOC[..upto_fence]));
    }
}
