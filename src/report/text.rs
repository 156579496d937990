//! The terminal summary (`report --format text`): compact, coloured on a
//! terminal, plain when piped or when NO_COLOR is set.

use super::data::{ReportData, TimeOffData};
use super::markdown::fmt_num;
use std::fmt::Write;

/// User text made safe for a terminal (`crate::out::printable`).
fn printable(s: &str) -> String {
    crate::out::printable(s)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
}

fn bar(x: f64) -> String {
    let full = (x.clamp(0.0, 1.0) * 20.0).round() as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(20 - full))
}

fn status_color(s: &str) -> &'static str {
    match s {
        "done" | "on track" | "on budget" => "32",
        "at risk" | "behind" | "done late" => "33",
        "late" => "31",
        _ => "2",
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

pub fn render(d: &ReportData, color: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", paint(color, "1", &printable(&d.roadmap.title)));
    let _ = writeln!(
        o,
        "as of {} · {} · this week {} h of {} h · practice streak {} · {} entr{}, {} h",
        d.as_of,
        paint(
            color,
            &format!("1;{}", status_color(d.headline.verdict)),
            d.headline.verdict
        ),
        fmt_num(d.headline.week_hours),
        fmt_num(d.headline.week_budget),
        d.headline.practice_streak,
        d.totals.entries,
        if d.totals.entries == 1 { "y" } else { "ies" },
        fmt_num(d.totals.hours)
    );
    if !d.headline.time_off.is_empty() {
        let phrases: Vec<String> = d.headline.time_off.iter().map(time_off_phrase).collect();
        let _ = writeln!(o, "time off: {}", phrases.join(" · "));
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
        .milestones
        .iter()
        .map(|m| m.id.chars().count())
        .max()
        .unwrap_or(0);
    for m in &d.milestones {
        let c = m.completion.unwrap_or(0.0);
        let budget = m.budget.as_ref().map_or(String::new(), |b| {
            if m.status == "upcoming" {
                return format!("  starts {}", m.start);
            }
            format!(
                "  {} of {} h ({})",
                fmt_num(b.actual_to_date),
                fmt_num(b.planned_to_date),
                paint(color, status_color(b.status), b.status)
            )
        });
        let off = match m.days_off {
            0 => String::new(),
            n => format!(" · {} off", plural(n as usize, "day", "days")),
        };
        let _ = writeln!(
            o,
            "  {:width$}  {} {:>4}  {:<9}{}{}",
            printable(&m.id),
            paint(color, status_color(m.status), &bar(c)),
            pct(m.completion),
            m.status,
            budget,
            off,
        );
        if let Some(p) = super::pace_phrase(m) {
            let _ = writeln!(o, "  {:width$}  {p}", "");
        }
    }
    let open: Vec<String> = d
        .milestones
        .iter()
        .filter(|m| m.current)
        .flat_map(|m| {
            m.targets
                .iter()
                .filter(|t| !t.done)
                .map(|t| printable(&t.title))
        })
        .take(5)
        .collect();
    if !open.is_empty() {
        let _ = writeln!(o, "\nnext: {}", open.join(" · "));
    }
    let neglected: Vec<String> = d
        .skills
        .iter()
        .filter(|s| s.neglected)
        .map(|s| printable(&s.name))
        .collect();
    if !neglected.is_empty() {
        let _ = writeln!(
            o,
            "{} {}",
            paint(color, "33", "neglected P0 skills:"),
            neglected.join(", ")
        );
    }
    if !d.groups.is_empty() {
        let shares: Vec<String> = d
            .groups
            .iter()
            .map(|g| format!("{} {}", printable(&g.id), pct(g.share_90d)))
            .collect();
        let _ = write!(o, "balance (90 days): {}", shares.join(" · "));
        for g in d.groups.iter().filter(|g| g.neglected) {
            let since = g.last_practised.map_or("never practised".to_string(), |x| {
                format!("last practised {x}")
            });
            let _ = write!(
                o,
                " · {}",
                paint(
                    color,
                    "33",
                    &format!("{} neglected ({since})", printable(&g.id))
                )
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "habits {} · practice {} of {} days ({}) · doing {} (guideline {})",
        pct(d.habit_score),
        d.practice.practice_days,
        d.practice.days,
        pct(d.practice.consistency),
        pct(d.do_share),
        pct(Some(d.do_guideline))
    );
    if d.quality.errors + d.quality.warnings > 0 {
        let _ = writeln!(
            o,
            "{}",
            paint(
                color,
                "31",
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
