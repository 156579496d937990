//! The dashboard (`report --format html`): one self-contained page, rendered
//! by minijinja with HTML autoescape. Charts are inline SVG whose geometry
//! is computed here from the report data; the template writes every element
//! and attribute, and user text reaches the page only as escaped text
//! content, never inside an attribute, a URL or a style.

use super::data::ReportData;
use super::escape::clip;
use super::markdown::fmt_num;
use crate::metrics::status::Tone;
use crate::metrics::verdict::percent;
use crate::model::calendar::{add_days, days_between};
use crate::model::Kind;
use jiff::civil::{Date, Weekday};
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

const PAGE: &str = include_str!("../templates/report.html.j2");
const STYLE: &str = include_str!("../templates/report.css");

/// The most entries of a change listed on the page (the rest are counted).
const MAX_LISTED_ENTRIES: usize = 200;

/// Text safe for HTML text content or a quoted attribute: entities for the
/// five special characters, line breaks as spaces, and none of the
/// characters the terminal sanitiser drops (`crate::out::is_unsafe`:
/// control characters, bidirectional controls, the byte-order mark).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if crate::out::is_unsafe(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(|out, _state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value.to_string();
        let text = if value.is_safe() { text } else { escape(&text) };
        out.write_str(&text)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "write failed"))
    });
    // Whole percentages rounded half up, as in the comment.
    env.add_filter("pct", |v: Value| -> String {
        f64::try_from(v).map_or_else(|_| "—".into(), |x| format!("{}%", percent(x)))
    });
    env.add_filter("hrs", |v: Value| -> String {
        f64::try_from(v).map_or_else(|_| "—".into(), |x| format!("{} h", fmt_num(x)))
    });
    env.add_filter("num", |v: Value| -> String {
        f64::try_from(v).map_or_else(|_| "—".into(), fmt_num)
    });
    // A width in percent for a progress bar: 0..100, one decimal.
    env.add_filter("width", |v: Value| -> f64 {
        f64::try_from(v).map_or(0.0, |x| r1(x.clamp(0.0, 1.0) * 100.0))
    });
    env.add_filter("short", |v: String, n: Option<usize>| -> String {
        clip(&v, n.unwrap_or(70))
    });
    env.add_filter("label", |v: String| -> String { label(&v) });
    // A status as a class name: one of a fixed set, whatever the input.
    env.add_filter("tone", |v: String| -> &'static str { tone(&v) });
    env
}

/// A milestone's short name: its title up to " — " ("Month 1").
fn label(title: &str) -> String {
    clip(title.split(" — ").next().unwrap_or(title), 40)
}

/// The CSS class of a status's tone, for a status as the report names it.
fn tone(status: &str) -> &'static str {
    match Tone::of_name(status) {
        Tone::Good => "good",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
        Tone::Neutral => "none",
    }
}

/// Rounds a coordinate to one decimal.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// One SVG primitive. `el` and `class` come from fixed sets in this file;
/// `text` and `title` are text content (escaped when written).
#[derive(Serialize, Default)]
struct Shape {
    el: &'static str,
    class: &'static str,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    x2: f64,
    y2: f64,
    /// Path data: numbers and the letters M, H, V, L only.
    d: String,
    anchor: &'static str,
    text: String,
    title: String,
}

fn rect(class: &'static str, x: f64, y: f64, w: f64, h: f64, title: String) -> Shape {
    Shape {
        el: "rect",
        class,
        x: r1(x),
        y: r1(y),
        w: r1(w.max(0.0)),
        h: r1(h.max(0.0)),
        title,
        ..Shape::default()
    }
}

fn line(class: &'static str, x: f64, y: f64, x2: f64, y2: f64) -> Shape {
    Shape {
        el: "line",
        class,
        x: r1(x),
        y: r1(y),
        x2: r1(x2),
        y2: r1(y2),
        ..Shape::default()
    }
}

fn text(class: &'static str, x: f64, y: f64, anchor: &'static str, t: String) -> Shape {
    Shape {
        el: "text",
        class,
        x: r1(x),
        y: r1(y),
        anchor,
        text: t,
        ..Shape::default()
    }
}

fn path(class: &'static str, d: String) -> Shape {
    Shape {
        el: "path",
        class,
        d,
        ..Shape::default()
    }
}

#[derive(Serialize)]
struct Table {
    caption: String,
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Chart {
    id: &'static str,
    title: String,
    desc: String,
    width: f64,
    height: f64,
    shapes: Vec<Shape>,
    /// A legend under the chart: (swatch class, text).
    legend: Vec<(&'static str, String)>,
    table: Table,
}

/// A round upper bound for an axis and its tick step (four steps).
fn axis(max: f64) -> (f64, f64) {
    let raw = (max.max(1e-9) / 4.0).max(0.25);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s + 1e-9 >= raw)
        .unwrap_or(10.0 * mag);
    (step * 4.0, step)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(d: Date) -> &'static str {
    MONTHS[(d.month() as usize).saturating_sub(1).min(11)]
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

fn milestone_label(d: &ReportData, id: &str) -> String {
    d.figures
        .milestones
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| clip(id, 40), |m| label(&m.title))
}

/// Weekly hours since the start against the plan, stepped, with the stage
/// that plans each stretch of weeks labelled above it.
fn weekly(d: &ReportData) -> Chart {
    let (w, h, left, right, top, bottom) = (720.0, 260.0, 44.0, 12.0, 36.0, 30.0);
    let weeks = &d.series.weekly;
    let (pw, ph) = (w - left - right, h - top - bottom);
    let mut shapes = Vec::new();
    let max = weeks
        .iter()
        .map(|x| x.hours.max(x.budget))
        .fold(0.0, f64::max);
    let (ymax, step) = axis(max);
    let y = |v: f64| top + ph - v / ymax * ph;
    for k in 0..=4 {
        let v = step * f64::from(k);
        shapes.push(line("grid", left, y(v), w - right, y(v)));
        shapes.push(text(
            "tick",
            left - 6.0,
            y(v) + 4.0,
            "end",
            format!("{} h", fmt_num(v)),
        ));
    }
    let n = weeks.len().max(1) as f64;
    let pitch = pw / n;
    let bar_w = (pitch * 0.7).min(40.0);
    let mut plan = String::new();
    let mut run_start = 0;
    let mut last_label = f64::MIN;
    for (i, wk) in weeks.iter().enumerate() {
        let x0 = left + i as f64 * pitch;
        shapes.push(rect(
            if wk.budget > 0.0 && wk.hours + 1e-9 >= wk.budget {
                "bar met"
            } else {
                "bar"
            },
            x0 + (pitch - bar_w) / 2.0,
            y(wk.hours),
            bar_w,
            wk.hours / ymax * ph,
            format!(
                "Week of {}: {} h logged, {} h planned",
                wk.start,
                fmt_num(wk.hours),
                fmt_num(wk.budget)
            ),
        ));
        let (px, py) = (r1(x0), r1(y(wk.budget)));
        if i == 0 {
            plan.push_str(&format!("M{px} {py}"));
        } else {
            plan.push_str(&format!(" V{py}"));
        }
        plan.push_str(&format!(" H{}", r1(x0 + pitch)));
        // Month labels where a month begins, at least 28 px apart.
        let prev = i.checked_sub(1).map(|j| weeks[j].start);
        if prev.is_none_or(|p| p.month() != wk.start.month()) && x0 >= last_label + 28.0 {
            let name = if i == 0 || wk.start.month() == 1 {
                format!("{} {}", month_name(wk.start), wk.start.year())
            } else {
                month_name(wk.start).to_string()
            };
            last_label = x0
                + if i == 0 || wk.start.month() == 1 {
                    30.0
                } else {
                    0.0
                };
            shapes.push(text("tick", x0, h - 10.0, "start", name));
        }
        // Stage bands: a separator and a label per run of weeks.
        let last = i + 1 == weeks.len();
        if last || weeks[i + 1].stage != wk.stage {
            let xs = left + run_start as f64 * pitch;
            let span = (i + 1 - run_start) as f64 * pitch;
            if run_start > 0 {
                shapes.push(line("stage-sep", xs, top - 18.0, xs, top + ph));
            }
            if let Some(id) = &wk.stage {
                let room = ((span - 8.0) / 6.5).floor();
                if room >= 3.0 {
                    shapes.push(text(
                        "stage",
                        xs + 4.0,
                        top - 8.0,
                        "start",
                        clip(&milestone_label(d, id), room as usize),
                    ));
                }
            }
            run_start = i + 1;
        }
    }
    if !plan.is_empty() {
        shapes.push(path("plan", plan));
    }
    if weeks.is_empty() {
        shapes.push(text(
            "empty",
            w / 2.0,
            top + ph / 2.0,
            "middle",
            "The plan has not started yet".into(),
        ));
    }
    let logged: f64 = weeks.iter().map(|x| x.hours).sum();
    let planned: f64 = weeks.iter().map(|x| x.budget).sum();
    let met = weeks
        .iter()
        .filter(|x| x.budget > 0.0 && x.hours + 1e-9 >= x.budget)
        .count();
    Chart {
        id: "weekly",
        title: "Hours per week against the plan".into(),
        desc: match (weeks.first(), weeks.last()) {
            (Some(a), Some(b)) => format!(
                "{} weeks from {} to the week of {}: {} h logged against {} h planned; the plan was met in {} of them. Bars are hours logged, the stepped line the plan.",
                weeks.len(),
                a.start,
                b.start,
                fmt_num(logged),
                fmt_num(planned),
                met
            ),
            _ => "No weeks yet.".into(),
        },
        width: w,
        height: h,
        shapes,
        legend: vec![
            ("sw-bar", "hours logged".into()),
            ("sw-met", "plan met".into()),
            ("sw-plan", "plan".into()),
        ],
        table: Table {
            caption: "Hours per week".into(),
            head: vec!["Week of", "Stage", "Logged", "Planned"],
            rows: weeks
                .iter()
                .map(|x| {
                    vec![
                        x.start.to_string(),
                        x.stage
                            .as_deref()
                            .map_or_else(|| "—".into(), |s| milestone_label(d, s)),
                        format!("{} h", fmt_num(x.hours)),
                        format!("{} h", fmt_num(x.budget)),
                    ]
                })
                .collect(),
        },
    }
}

/// The stage milestone's burn-up: weighted targets done over its window,
/// the scope above it, and the straight line that would finish on time.
fn burnup(d: &ReportData) -> Option<Chart> {
    let b = d.series.burnup.as_ref()?;
    let (w, h, left, right, top, bottom) = (720.0, 240.0, 44.0, 16.0, 20.0, 30.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let span = days_between(b.start, b.end).max(1) as f64;
    let x = |day: Date| left + (days_between(b.start, day) as f64 / span).clamp(0.0, 1.0) * pw;
    let max = b
        .points
        .iter()
        .map(|p| p.scope.max(p.done))
        .fold(b.scope, f64::max);
    let (ymax, step) = axis(max);
    let y = |v: f64| top + ph - v / ymax * ph;
    let mut shapes = Vec::new();
    for k in 0..=4 {
        let v = step * f64::from(k);
        shapes.push(line("grid", left, y(v), w - right, y(v)));
        shapes.push(text("tick", left - 6.0, y(v) + 4.0, "end", fmt_num(v)));
    }
    shapes.push(line("ideal", x(b.start), y(0.0), x(b.end), y(b.scope)));
    let stepped = |value: &dyn Fn(&crate::metrics::series::BurnupPoint) -> f64, to_end: bool| {
        let mut s = String::new();
        for (i, p) in b.points.iter().enumerate() {
            let (px, py) = (r1(x(p.date)), r1(y(value(p))));
            if i == 0 {
                s.push_str(&format!("M{px} {py}"));
            } else {
                s.push_str(&format!(" H{px} V{py}"));
            }
        }
        if to_end && !s.is_empty() {
            s.push_str(&format!(" H{}", r1(x(b.end))));
        }
        s
    };
    shapes.push(path("scope", stepped(&|p| p.scope, true)));
    shapes.push(path("done", stepped(&|p| p.done, false)));
    // Where the 28-day pace leads: a dashed line from the last point to the
    // day the targets would be done (cut at the window's end).
    let pace = d
        .figures
        .milestones
        .iter()
        .find(|m| m.id == b.milestone)
        .and_then(|m| m.pace.as_ref());
    let mut projected = false;
    if let (Some(done_on), Some(last)) = (pace.and_then(|p| p.projected_done), b.points.last()) {
        let span = days_between(last.date, done_on) as f64;
        if span > 0.0 && last.done < b.scope {
            let to = done_on.min(b.end);
            let at = last.done + (b.scope - last.done) * days_between(last.date, to) as f64 / span;
            shapes.push(line("projection", x(last.date), y(last.done), x(to), y(at)));
            projected = true;
        }
    }
    let today = d.as_of.min(b.end);
    if d.as_of <= b.end {
        shapes.push(line("today", x(today), top, x(today), top + ph));
        shapes.push(text("tick", x(today), top - 6.0, "middle", "today".into()));
    }
    shapes.push(text("tick", left, h - 10.0, "start", b.start.to_string()));
    shapes.push(text("tick", w - right, h - 10.0, "end", b.end.to_string()));
    let name = milestone_label(d, &b.milestone);
    let last = b.points.last();
    Some(Chart {
        id: "burnup",
        title: format!("Burn-up of {name}"),
        desc: format!(
            "{name} runs from {} to {}. As of {}, {} of {} weighted targets are done. The stepped line rising is what is done, the line above it the scope, the dashed diagonal the pace that finishes on time.{}",
            b.start,
            b.end,
            d.as_of,
            fmt_num(last.map_or(0.0, |p| p.done)),
            fmt_num(b.scope),
            match pace.and_then(|p| p.projected_done) {
                Some(p) if projected => format!(" At the recent pace the targets are done by {p} (dotted)."),
                _ => String::new(),
            }
        ),
        width: w,
        height: h,
        shapes,
        legend: [
            ("sw-done", "done"),
            ("sw-scope", "scope"),
            ("sw-ideal", "on-time pace"),
        ]
        .into_iter()
        .chain(projected.then_some(("sw-projection", "at the recent pace")))
        .map(|(c, t)| (c, t.to_string()))
        .collect(),
        table: Table {
            caption: format!("Targets done in {name}"),
            head: vec!["Date", "Done", "Scope"],
            rows: b
                .points
                .iter()
                .map(|p| vec![p.date.to_string(), fmt_num(p.done), fmt_num(p.scope)])
                .collect(),
        },
    })
}

/// The calendar heatmap: one cell per day of the last 12 months, a column
/// per week, shaded by minutes against the daily practice goal.
fn calendar(d: &ReportData) -> Chart {
    let goal = u64::from(d.figures.practice.minutes.max(1));
    let week_start = d
        .figures
        .weeks
        .first()
        .map_or(Weekday::Monday, |w| w.start.weekday());
    let first = d.series.calendar_start;
    let back = i64::from(first.weekday().since(week_start));
    let grid = add_days(first, -back);
    let (cell, pitch, left, top) = (11.0, 13.0, 34.0, 22.0);
    let cols = days_between(grid, d.as_of) / 7 + 1;
    let (w, h) = (left + cols as f64 * pitch + 4.0, top + 7.0 * pitch + 34.0);
    let mut shapes = Vec::new();
    for r in [1, 3, 5] {
        shapes.push(text(
            "tick",
            left - 6.0,
            top + r as f64 * pitch + 9.0,
            "end",
            weekday_name(add_days(grid, r).weekday()).into(),
        ));
    }
    let minutes: std::collections::HashMap<Date, u64> =
        d.series.days.iter().map(|x| (x.date, x.minutes)).collect();
    // Off days for the figures shown: the team's, and the person's with --author.
    let off_ranges: Vec<(Date, Date, Option<&str>)> = d
        .time_off
        .iter()
        .filter(|o| o.author.is_none() || o.author == d.author)
        .map(|o| (o.start, o.end, o.reason.as_deref()))
        .collect();
    let off_on = |day: Date| off_ranges.iter().find(|(a, b, _)| *a <= day && day <= *b);
    let mut any_off = false;
    let level = |m: u64| match m {
        0 => ("day l0", 0),
        m if m < goal => ("day l1", 1),
        m if m < 2 * goal => ("day l2", 2),
        m if m < 4 * goal => ("day l3", 3),
        _ => ("day l4", 4),
    };
    let mut months: Vec<(String, u64, u64, u64)> = Vec::new();
    let mut day = first;
    let mut last_month = None;
    let mut last_label = -3.0;
    while day <= d.as_of {
        let i = days_between(grid, day);
        let (col, row) = ((i / 7) as f64, (i % 7) as f64);
        let m = minutes.get(&day).copied().unwrap_or(0);
        let off = off_on(day);
        any_off |= off.is_some();
        let class = match (m, off) {
            (0, Some(_)) => "day off",
            _ => level(m).0,
        };
        let note = match off {
            Some((_, _, Some(reason))) => format!(", off ({})", clip(reason, 60)),
            Some(_) => ", off".to_string(),
            None => String::new(),
        };
        shapes.push(rect(
            class,
            left + col * pitch,
            top + row * pitch,
            cell,
            cell,
            format!("{day}: {m} min{note}"),
        ));
        if last_month != Some((day.year(), day.month())) {
            last_month = Some((day.year(), day.month()));
            // The label goes on the first column that starts in the month.
            let label_col = if row == 0.0 { col } else { col + 1.0 };
            if label_col < cols as f64 - 1.0 && label_col >= last_label + 3.0 {
                last_label = label_col;
                shapes.push(text(
                    "tick",
                    left + label_col * pitch,
                    top - 8.0,
                    "start",
                    month_name(day).into(),
                ));
            }
            months.push((format!("{}-{:02}", day.year(), day.month()), 0, 0, 0));
        }
        if let Some(mo) = months.last_mut() {
            if m > 0 {
                mo.1 += 1;
            }
            mo.2 += m;
            mo.3 = mo.3.max(m);
        }
        day = add_days(day, 1);
    }
    // The legend: less → more.
    let ly = top + 7.0 * pitch + 14.0;
    let lx = w - 5.0 * pitch - 40.0;
    shapes.push(text("tick", lx - 6.0, ly + 9.0, "end", "Less".into()));
    for (k, m) in [0, 1, goal, 2 * goal, 4 * goal].into_iter().enumerate() {
        shapes.push(rect(
            level(m).0,
            lx + k as f64 * pitch,
            ly,
            cell,
            cell,
            String::new(),
        ));
    }
    shapes.push(text(
        "tick",
        lx + 5.0 * pitch + 4.0,
        ly + 9.0,
        "start",
        "More".into(),
    ));
    if any_off {
        shapes.push(rect("day off", left, ly, cell, cell, String::new()));
        shapes.push(text(
            "tick",
            left + pitch + 2.0,
            ly + 9.0,
            "start",
            "off".into(),
        ));
    }
    let active = d.series.days.len();
    let total: u64 = d.series.days.iter().map(|x| x.minutes).sum();
    Chart {
        id: "calendar",
        title: "Daily minutes over the last 12 months".into(),
        desc: format!(
            "From {first} to {}: time logged on {active} days, {} h in all. Darker cells are longer days: under the {goal}-minute practice goal, up to twice it, up to four times it, and more.{}",
            d.as_of,
            fmt_num(total as f64 / 60.0),
            if any_off { " Days off without time logged are marked off." } else { "" }
        ),
        width: r1(w.max(300.0)),
        height: h,
        shapes,
        legend: Vec::new(),
        table: Table {
            caption: "Minutes per month".into(),
            head: vec!["Month", "Days with time", "Hours", "Longest day"],
            rows: months
                .into_iter()
                .map(|(m, days, total, most)| {
                    vec![
                        m,
                        days.to_string(),
                        format!("{} h", fmt_num(total as f64 / 60.0)),
                        format!("{most} min"),
                    ]
                })
                .collect(),
        },
    }
}

/// A strip of the recent periods of each habit, the current one last.
fn habits(d: &ReportData) -> Option<Chart> {
    if d.figures.habits.is_empty() {
        return None;
    }
    let (size, pitch, left, top, row_h) = (16.0, 22.0, 230.0, 8.0, 26.0);
    let w = 720.0;
    let h = top + d.figures.habits.len() as f64 * row_h + 10.0;
    let mut shapes = Vec::new();
    let mut rows = Vec::new();
    let mut any_off = false;
    let slots = crate::metrics::series::HABIT_PERIODS as f64;
    for (i, (hm, strip)) in d.figures.habits.iter().zip(&d.series.habits).enumerate() {
        let y = top + i as f64 * row_h;
        shapes.push(text("label", 0.0, y + 13.0, "start", clip(&hm.title, 32)));
        let n = strip.periods.len();
        let mut words = Vec::new();
        for (k, p) in strip.periods.iter().enumerate() {
            let now = k + 1 == n;
            let x = left + (slots - n as f64 + k as f64) * pitch;
            let (class, word) = match (now, p.hit, p.off) {
                (false, true, _) => ("cell hit", "hit"),
                (_, false, true) => ("cell off", "off"),
                (false, false, false) => ("cell miss", "missed"),
                (true, true, _) => ("cell hit", "hit (current)"),
                (true, false, false) => ("cell open", "open (current)"),
            };
            any_off |= p.off && !p.hit;
            shapes.push(rect(
                class,
                x,
                y,
                size,
                size,
                format!(
                    "{} from {}: {} of {} — {}",
                    hm.every, p.start, p.count, hm.times, word
                ),
            ));
            words.push(format!("{}: {word}", p.start));
        }
        shapes.push(text(
            "tick",
            left + slots * pitch + 8.0,
            y + 13.0,
            "start",
            format!("streak {}", hm.current_streak),
        ));
        rows.push(vec![
            hm.title.clone(),
            hm.every.to_string(),
            words.join(", "),
        ]);
    }
    Some(Chart {
        id: "habits",
        title: "Recent periods of each habit".into(),
        desc: format!(
            "The last {} periods of each of {} habits, oldest first: filled when the habit was kept, empty when it was missed, outlined for the current period until it is kept.",
            crate::metrics::series::HABIT_PERIODS,
            d.figures.habits.len()
        ),
        width: w,
        height: h,
        shapes,
        legend: [
            ("sw-hit", "kept"),
            ("sw-miss", "missed"),
            ("sw-open", "current, not yet kept"),
        ]
        .into_iter()
        .chain(any_off.then_some(("sw-off", "all days off")))
        .map(|(c, t)| (c, t.to_string()))
        .collect(),
        table: Table {
            caption: "Habit periods".into(),
            head: vec!["Habit", "Every", "Periods (oldest first)"],
            rows,
        },
    })
}

/// Hours per skill, grouped by priority; neglected P0 skills marked.
fn skills(d: &ReportData) -> Option<Chart> {
    if d.figures.skills.is_empty() {
        return None;
    }
    let (w, left, row_h) = (720.0, 230.0, 20.0);
    let bar_room = w - left - 150.0;
    let max = d.figures.skills.iter().map(|s| s.hours).fold(0.0, f64::max);
    let mut shapes = Vec::new();
    let mut y = 4.0;
    for tier in &d.figures.skill_tiers {
        let members: Vec<_> = d
            .figures
            .skills
            .iter()
            .filter(|s| s.priority == tier.priority)
            .collect();
        if members.is_empty() {
            continue;
        }
        shapes.push(text(
            "group",
            0.0,
            y + 14.0,
            "start",
            format!("{} · {} h", tier.priority, fmt_num(tier.hours)),
        ));
        y += 22.0;
        for s in members {
            shapes.push(text("label", 12.0, y + 13.0, "start", clip(&s.name, 32)));
            let bw = if max > 0.0 {
                s.hours / max * bar_room
            } else {
                0.0
            };
            shapes.push(rect(
                if s.neglected { "bar neglected" } else { "bar" },
                left,
                y + 3.0,
                bw.max(if s.hours > 0.0 { 1.0 } else { 0.0 }),
                12.0,
                format!(
                    "{} h, {} h in the last 28 days",
                    fmt_num(s.hours),
                    fmt_num(s.recent_hours)
                ),
            ));
            let value = format!("{} h", fmt_num(s.hours));
            shapes.push(text(
                if s.neglected { "warn" } else { "tick" },
                left + bw + 6.0,
                y + 13.0,
                "start",
                if s.neglected {
                    format!("{value} · ⚠ neglected")
                } else {
                    value
                },
            ));
            y += row_h;
        }
        y += 6.0;
    }
    let neglected = d.figures.skills.iter().filter(|s| s.neglected).count();
    Some(Chart {
        id: "skills",
        title: "Hours per skill, by priority".into(),
        desc: format!(
            "{} skills in {} priorities; {} P0 skill{} had no time in the last 28 days (marked neglected). {} h had no skill.",
            d.figures.skills.len(),
            d.figures.skill_tiers.iter().filter(|t| t.skills > 0).count(),
            neglected,
            if neglected == 1 { "" } else { "s" },
            fmt_num(d.figures.unassigned_hours)
        ),
        width: w,
        height: y + 2.0,
        shapes,
        legend: vec![
            ("sw-skill", "hours".into()),
            ("sw-neglected", "neglected P0".into()),
        ],
        table: Table {
            caption: "Hours per skill".into(),
            head: vec!["Skill", "Priority", "Group", "Hours", "Last 28 days", "Neglected"],
            rows: d
                .figures.skills
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.priority.to_string(),
                        s.group.to_string(),
                        format!("{} h", fmt_num(s.hours)),
                        format!("{} h", fmt_num(s.recent_hours)),
                        if s.neglected { "yes" } else { "" }.to_string(),
                    ]
                })
                .collect(),
        },
    })
}

fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Do => "seg k-do",
        Kind::Paper => "seg k-paper",
        Kind::Blog => "seg k-blog",
        Kind::Video => "seg k-video",
        Kind::Course => "seg k-course",
        Kind::Book => "seg k-book",
        Kind::Teach => "seg k-teach",
    }
}

fn swatch_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Do => "sw-k-do",
        Kind::Paper => "sw-k-paper",
        Kind::Blog => "sw-k-blog",
        Kind::Video => "sw-k-video",
        Kind::Course => "sw-k-course",
        Kind::Book => "sw-k-book",
        Kind::Teach => "sw-k-teach",
    }
}

/// The learning mix as one bar of shares, doing first, with the guideline.
fn mix(d: &ReportData) -> Chart {
    let (w, h, left, right, top) = (720.0, 86.0, 4.0, 16.0, 26.0);
    let pw = w - left - right;
    let mut shapes = Vec::new();
    let mut x = left;
    let shown: Vec<_> = d.figures.mix.iter().filter(|k| k.hours > 0.0).collect();
    for k in &shown {
        let share = k.share.unwrap_or(0.0);
        let bw = share * pw;
        shapes.push(rect(
            kind_class(k.kind),
            x,
            top,
            bw,
            28.0,
            format!("{}: {} h, {:.0}%", k.kind, fmt_num(k.hours), share * 100.0),
        ));
        if bw >= 60.0 {
            shapes.push(text(
                "seg-label",
                x + 6.0,
                top + 19.0,
                "start",
                format!("{} {:.0}%", k.kind, share * 100.0),
            ));
        }
        x += bw;
    }
    if shown.is_empty() {
        shapes.push(rect(
            "seg",
            left,
            top,
            pw,
            28.0,
            "nothing logged yet".into(),
        ));
    }
    let gx = left + d.figures.do_guideline * pw;
    shapes.push(line("guide", gx, top - 8.0, gx, top + 36.0));
    shapes.push(text(
        "tick",
        gx,
        top - 12.0,
        "middle",
        format!("{:.0}% doing (guideline)", d.figures.do_guideline * 100.0),
    ));
    Chart {
        id: "mix",
        title: "Learning mix".into(),
        desc: format!(
            "{} of the hours went to doing, against a guideline of {:.0}%; the rest: {}.",
            d.figures
                .do_share
                .map_or_else(|| "None".to_string(), |s| format!("{:.0}%", s * 100.0)),
            d.figures.do_guideline * 100.0,
            shown
                .iter()
                .filter(|k| k.kind != Kind::Do)
                .map(|k| format!("{} {:.0}%", k.kind, k.share.unwrap_or(0.0) * 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        width: w,
        height: h,
        shapes,
        legend: shown
            .iter()
            .map(|k| (swatch_class(k.kind), k.kind.to_string()))
            .collect(),
        table: Table {
            caption: "Hours per kind".into(),
            head: vec!["Kind", "Hours", "Share"],
            rows: d
                .figures
                .mix
                .iter()
                .map(|k| {
                    vec![
                        k.kind.to_string(),
                        format!("{} h", fmt_num(k.hours)),
                        k.share
                            .map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0)),
                    ]
                })
                .collect(),
        },
    }
}

#[derive(Serialize)]
struct Charts {
    weekly: Chart,
    burnup: Option<Chart>,
    calendar: Chart,
    habits: Option<Chart>,
    skills: Option<Chart>,
    mix: Chart,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    data: &'a ReportData,
    charts: Charts,
    style: Value,
    max_listed: usize,
}

/// The dashboard page.
pub(crate) fn render(data: &ReportData) -> Result<String, Error> {
    let mut env = environment();
    env.add_template("report.html", PAGE)?;
    let ctx = Context {
        data,
        charts: Charts {
            weekly: weekly(data),
            burnup: burnup(data),
            calendar: calendar(data),
            habits: habits(data),
            skills: skills(data),
            mix: mix(data),
        },
        style: Value::from_safe_string(STYLE.to_string()),
        max_listed: MAX_LISTED_ENTRIES,
    };
    env.get_template("report.html")?.render(&ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_text() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{202E}b\u{7}c\nd"), "abc d");
        // The same characters as the terminal's sanitiser, the marks too.
        assert_eq!(
            escape("a\u{200F}b\u{61C}c\u{FEFF}d\u{200E}e\u{9b}f\u{2067}g"),
            "abcdefg"
        );
    }

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(axis(14.0), (20.0, 5.0));
        assert_eq!(axis(9.0), (10.0, 2.5));
        assert_eq!(axis(8.0), (8.0, 2.0));
        assert_eq!(axis(0.0), (1.0, 0.25));
        assert_eq!(axis(37.0), (40.0, 10.0));
        assert_eq!(axis(4.0), (4.0, 1.0));
    }

    #[test]
    fn statuses_map_to_a_fixed_set_of_tones() {
        assert_eq!(tone("on track"), "good");
        assert_eq!(tone("late"), "bad");
        assert_eq!(tone("\" onmouseover=\"x"), "none");
    }
}
