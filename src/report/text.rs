//! The terminal summary (`report --format text`): compact, coloured as
//! `--color` says (on a terminal by default, plain when piped or when
//! `NO_COLOR` is set).

use super::data::{ReportData, TimeOffData};
use super::markdown::{fmt_num, status_words};
use crate::metrics::status::{MilestoneStatus, Tone};
use crate::metrics::verdict::{label, percent};
use crate::model::Every;
use crate::out::printable;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const BOLD: Style = Style::new().bold();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();
const DIM: Style = Style::new().dimmed();

/// `s` in `style` when `on`. `s` is already printable: a style's own
/// escape sequences are the only ones that reach the terminal.
fn paint(on: bool, style: Style, s: &str) -> String {
    if on {
        format!("{style}{s}{style:#}")
    } else {
        s.to_string()
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{}%", percent(v)))
}

fn bar(x: f64) -> String {
    let full = (x.clamp(0.0, 1.0) * 20.0).round() as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(20 - full))
}

/// The terminal colour of a status's tone.
fn tone_color(t: Tone) -> Style {
    match t {
        Tone::Good => GREEN,
        Tone::Warn => YELLOW,
        Tone::Bad => RED,
        Tone::Neutral => DIM,
    }
}

/// `off until 2026-12-06 (Holiday)`, `bob off 2026-12-01 → 2026-12-06`.
fn time_off_phrase(t: &TimeOffData) -> String {
    let who = t
        .author
        .as_deref()
        .map_or(String::new(), |a| format!("{} ", printable(a)));
    let when = if t.current {
        format!("off until {}", t.end)
    } else if t.start == t.end {
        format!("off on {}", t.start)
    } else {
        format!("off {} → {}", t.start, t.end)
    };
    let why = t
        .reason
        .as_deref()
        .map_or(String::new(), |r| format!(" ({})", printable(r)));
    format!("{who}{when}{why}")
}

/// "this week", "this month", … for a habit's period.
pub(crate) fn this_period(every: Every) -> &'static str {
    match every {
        Every::Day => "today",
        Every::Week => "this week",
        Every::Month => "this month",
        Every::Quarter => "this quarter",
    }
}

/// `quarter-1 goal changed write-evals 50 → 100`.
fn scope_phrase(c: &crate::model::scope::ScopeChange) -> String {
    let mut s = format!("{} {}", printable(&c.milestone), c.change.replace('_', " "));
    if let Some(t) = &c.target {
        s += &format!(" {}", printable(t));
    }
    match (&c.before, &c.after) {
        (Some(b), Some(a)) => s += &format!(" {} → {}", printable(b), printable(a)),
        (None, Some(a)) => s += &format!(" ({})", printable(a)),
        (Some(b), None) => s += &format!(" (was {})", printable(b)),
        (None, None) => {}
    }
    s
}

pub(crate) fn render(d: &ReportData, color: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", paint(color, BOLD, &printable(&d.roadmap.title)));
    let v = &d.verdict;
    let mut verdict = status_words(v.status).to_string();
    if !v.reasons.is_empty() {
        verdict.push_str(": ");
        verdict.push_str(&printable(&v.reasons.join("; ")));
    }
    let _ = writeln!(
        o,
        "{}",
        paint(color, tone_color(v.status.tone()).bold(), &verdict)
    );
    let h = &d.headline;
    let stage = h
        .stage
        .as_ref()
        .and_then(|id| d.figures.milestones.iter().find(|m| &m.id == id))
        .map_or(String::new(), |m| {
            format!(" · stage {}", printable(&label(&m.title)))
        });
    let mut week = format!(
        "this week {} h of {} h",
        fmt_num(h.week_hours),
        fmt_num(h.week_budget)
    );
    if let Some(l) = h.trend.last_week {
        let _ = write!(week, " · last week {} h", fmt_num(l));
    }
    if let Some(a) = h.trend.average {
        let _ = write!(
            week,
            " · {}-week average {} h",
            h.trend.average_weeks,
            fmt_num(a)
        );
    }
    let _ = writeln!(
        o,
        "as of {}{stage} · {week} · practice streak {} · {} entr{}, {} h",
        d.as_of,
        h.practice_streak,
        d.totals.entries,
        if d.totals.entries == 1 { "y" } else { "ies" },
        fmt_num(d.totals.hours)
    );
    if !d.headline.time_off.is_empty() {
        let phrases: Vec<String> = d.headline.time_off.iter().map(time_off_phrase).collect();
        let _ = writeln!(o, "time off: {}", phrases.join(" · "));
    }
    if let Some(b) = h.backfilled_share {
        let _ = writeln!(
            o,
            "{}",
            paint(
                color,
                YELLOW,
                &format!(
                    "{} of the hours were backfilled (logged late)",
                    pct(Some(b))
                )
            )
        );
    }
    if let Some(c) = &d.change {
        let _ = write!(
            o,
            "this change: {} added, {} edited, {} removed · {}{} h",
            plural(c.entries_added.len(), "entry", "entries"),
            c.entries_edited.len(),
            c.entries_removed.len(),
            if c.hours_added >= 0.0 { "+" } else { "" },
            fmt_num(c.hours_added)
        );
        if !c.scope.is_empty() {
            let said: Vec<String> = c.scope.iter().map(scope_phrase).collect();
            let _ = write!(o, " · scope: {}", said.join(" · "));
        }
        if !c.targets_completed.is_empty() {
            let done: Vec<String> = c
                .targets_completed
                .iter()
                .map(|t| printable(&t.title))
                .collect();
            let _ = write!(o, " · completed: {}", done.join(" · "));
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o);
    let width = d
        .figures
        .milestones
        .iter()
        .map(|m| m.id.chars().count())
        .max()
        .unwrap_or(0);
    for m in &d.figures.milestones {
        let c = m.completion.unwrap_or(0.0);
        let stage = d.headline.stage.as_deref() == Some(m.id.as_str());
        let budget = m.budget.as_ref().map_or(String::new(), |b| {
            if m.status == MilestoneStatus::Upcoming {
                return format!("  starts {}", m.start);
            }
            if m.end < d.as_of {
                return format!(
                    "  {} of {} h, {}, final",
                    fmt_num(b.actual_to_date),
                    fmt_num(b.planned_total),
                    pct(b.adherence)
                );
            }
            let judged = if stage {
                format!(
                    " · {}",
                    paint(color, tone_color(b.status.tone()), b.status.name())
                )
            } else {
                String::new()
            };
            format!(
                "  {} of {} h to date, {}{judged}",
                fmt_num(b.actual_to_date),
                fmt_num(b.planned_to_date),
                pct(b.adherence),
            )
        });
        let off = match m.days_off {
            0 => String::new(),
            n => format!(" · {} off", plural(n as usize, "day", "days")),
        };
        let _ = writeln!(
            o,
            "{} {:width$}  {} {:>4}  {:<9}{}{}",
            if stage { "▶" } else { " " },
            printable(&m.id),
            paint(color, tone_color(m.status.tone()), &bar(c)),
            pct(m.completion),
            m.status,
            budget,
            off,
        );
        if let Some(p) = super::pace_phrase(m) {
            let _ = writeln!(o, "  {:width$}  {p}", "");
        }
    }
    if let Some(last) = d.scope.last() {
        let _ = writeln!(
            o,
            "scope changed {} after the first roadmap; last on {}: {}",
            plural(d.scope.len(), "time", "times"),
            last.date,
            scope_phrase(last)
        );
    }
    let next = &d.next;
    if !next.targets.is_empty() || !next.habits.is_empty() || !next.skills.is_empty() {
        let _ = writeln!(o, "\nnext up:");
    }
    for t in &next.targets {
        let left = if t.goal > 1.0 {
            format!(
                ": {} {}left of {}{}",
                fmt_num(t.left),
                t.unit
                    .as_deref()
                    .map_or(String::new(), |u| format!("{} ", printable(u))),
                fmt_num(t.goal),
                t.left_per_day
                    .map_or(String::new(), |x| format!(", {} a day", fmt_num(x)))
            )
        } else {
            String::new()
        };
        let _ = writeln!(o, "  target  {}{left} (by {})", printable(&t.title), t.by);
    }
    for h in &next.habits {
        let due = if h.due_today {
            paint(color, YELLOW, "due today")
        } else {
            format!("due by {}", h.period_end)
        };
        let count = if h.times > 1 {
            format!(" ({} of {})", h.done, h.times)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  habit   {}{count}: {}, {due}",
            printable(&h.title),
            this_period(h.every)
        );
    }
    for k in &next.skills {
        let since = k.last_practised.map_or("never practised".to_string(), |x| {
            format!("last practised {x}")
        });
        let _ = writeln!(
            o,
            "  skill   {} (P0, neglected): {since}",
            printable(&k.name)
        );
    }
    if !d.figures.groups.is_empty() {
        let shares: Vec<String> = d
            .figures
            .groups
            .iter()
            .map(|g| format!("{} {}", printable(&g.id), pct(g.share_90d)))
            .collect();
        let _ = write!(o, "balance (90 days): {}", shares.join(" · "));
        for g in d.figures.groups.iter().filter(|g| g.neglected) {
            let since = g.last_practised.map_or("never practised".to_string(), |x| {
                format!("last practised {x}")
            });
            let _ = write!(
                o,
                " · {}",
                paint(
                    color,
                    YELLOW,
                    &format!("{} neglected ({since})", printable(&g.id))
                )
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "habits {} · practice {} of {} days ({}) · doing {} (guideline {})",
        pct(d.figures.habit_score),
        d.figures.practice.practice_days,
        d.figures.practice.days,
        pct(d.figures.practice.consistency),
        pct(d.figures.do_share),
        pct(Some(d.figures.do_guideline))
    );
    if d.quality.errors + d.quality.warnings > 0 {
        let _ = writeln!(
            o,
            "{}",
            paint(
                color,
                RED,
                &format!(
                    "{}, {} — run `pacenote check`",
                    plural(d.quality.errors, "error", "errors"),
                    plural(d.quality.warnings, "warning", "warnings")
                )
            )
        );
    }
    o
}
