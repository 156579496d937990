//! The roadmap (SPEC §1.2): from positioned YAML to `Roadmap`, with every
//! problem reported.

use super::fields::{self, Fields, Sink};
use super::yaml::Node;
use crate::diag::did_you_mean;
use crate::diag::Pos;
use crate::diag::{Diagnostic, Rule};
use crate::model::*;
use jiff::civil::Weekday;

const ROADMAP_KEYS: &[&str] = &[
    "title",
    "start",
    "milestones",
    "skills",
    "habits",
    "practice",
    "policy",
    "time_off",
];
const TIME_OFF_KEYS: &[&str] = &["start", "end", "reason", "author"];
/// The longest `time_off` range read without a warning, in days (a year).
pub(crate) const MAX_TIME_OFF_DAYS: i64 = 366;
const MILESTONE_KEYS: &[&str] = &[
    "id", "title", "start", "end", "after", "duration", "budget", "targets",
];
const TARGET_KEYS: &[&str] = &["id", "title", "goal", "stretch", "unit", "weight"];
const SKILL_KEYS: &[&str] = &["id", "name", "priority", "why", "group"];
const HABIT_KEYS: &[&str] = &["id", "title", "every", "times", "optional"];
const POLICY_KEYS: &[&str] = &[
    "max_backfill_days",
    "append_only_after_days",
    "max_minutes_per_day",
    "at_risk_tolerance",
    "week_start",
];
/// The longest milestone window accepted, in days (about a century).
pub(crate) const MAX_WINDOW_DAYS: i64 = 36_600;

/// Reads a roadmap document. Returns `None` if any error was found: a roadmap
/// with errors is never used, not even in part.
/// Every id of a roadmap so far, with its kind and position: a map, so that
/// the duplicate check costs linear time in the number of ids.
type Ids = std::collections::HashMap<String, (&'static str, Pos)>;

/// The most milestones a roadmap may hold.
pub(crate) const MAX_MILESTONES: usize = 1_000;
/// The most targets one milestone may hold.
pub(crate) const MAX_TARGETS: usize = 200;
/// The most skills a roadmap may hold.
pub(crate) const MAX_SKILLS: usize = 1_000;
/// The most habits a roadmap may hold.
pub(crate) const MAX_HABITS: usize = 200;
/// The most `time_off` ranges a roadmap may hold.
pub(crate) const MAX_TIME_OFF: usize = 1_000;
/// The dates a roadmap may name (`start`, milestone windows).
pub(crate) const FIRST_DATE: jiff::civil::Date = jiff::civil::date(1970, 1, 1);
pub(crate) const LAST_DATE: jiff::civil::Date = jiff::civil::date(2199, 12, 31);

/// Whether a list has room for item `i` (0-based) under `max`; the first
/// item past it gets one positioned error.
fn within(sink: &mut Sink, i: usize, max: usize, item: &Node, what: &str) -> bool {
    if i == max {
        sink.error(
            item.pos,
            Rule::RoadmapTooMany,
            format!("more than {max} {what}; a roadmap holds at most {max}"),
            Some(format!(
                "keep the plan to at most {max} {what} (see the limits in the documentation); split a very large plan into several roadmaps"
            )),
        );
    }
    i < max
}

/// A roadmap date in range, or a positioned error.
fn in_range(sink: &mut Sink, n: &Node, d: jiff::civil::Date, what: &str) -> bool {
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        return true;
    }
    sink.error(
        n.pos,
        Rule::RoadmapDate,
        format!("`{what}` {d} is outside the dates a roadmap may name ({FIRST_DATE} to {LAST_DATE})"),
        Some("give the real date the plan starts or ends; every figure is computed day by day from it".into()),
    );
    false
}

pub(crate) fn read_roadmap(sink: &mut Sink, doc: &Node) -> Option<Roadmap> {
    let errors_before = error_count(sink);
    let f = Fields::read(sink, doc, "the roadmap", ROADMAP_KEYS)?;
    let title = f
        .require(sink, "title", "the roadmap", "My roadmap")
        .and_then(|n| fields::string(sink, n, "title", "My roadmap"))
        .unwrap_or_default();
    let start = f.get("start").and_then(|n| {
        fields::date(sink, n, "start", Rule::RoadmapDate).filter(|&d| in_range(sink, n, d, "start"))
    });

    let mut ids = Ids::new();
    let mut milestones = Vec::new();
    if let Some(n) = f.get("milestones") {
        for (i, item) in fields::list(sink, n, "milestones", "[{id: month-1, …}]")
            .into_iter()
            .enumerate()
        {
            if !within(sink, i, MAX_MILESTONES, item, "milestones") {
                break;
            }
            if let Some(m) = read_milestone(sink, item, &mut ids) {
                milestones.push(m);
            }
        }
    }
    let mut skills = Vec::new();
    if let Some(n) = f.get("skills") {
        for (i, item) in fields::list(sink, n, "skills", "[{id: rag, …}]")
            .into_iter()
            .enumerate()
        {
            if !within(sink, i, MAX_SKILLS, item, "skills") {
                break;
            }
            if let Some(s) = read_skill(sink, item, &mut ids) {
                skills.push(s);
            }
        }
    }
    let mut habits = Vec::new();
    if let Some(n) = f.get("habits") {
        for (i, item) in fields::list(sink, n, "habits", "[{id: weekly-reading, …}]")
            .into_iter()
            .enumerate()
        {
            if !within(sink, i, MAX_HABITS, item, "habits") {
                break;
            }
            if let Some(h) = read_habit(sink, item, &mut ids) {
                habits.push(h);
            }
        }
    }
    let practice_minutes = match f.get("practice") {
        None => 30,
        Some(n) => Fields::read(sink, n, "`practice`", &["minutes"])
            .and_then(|p| p.get("minutes"))
            .and_then(|m| positive_int(sink, m, "minutes", 1440))
            .unwrap_or(30),
    };
    let policy = f
        .get("policy")
        .map(|n| read_policy(sink, n))
        .unwrap_or_default();

    let time_off = match f.get("time_off") {
        None => Vec::new(),
        Some(n) => read_time_off(sink, n),
    };

    if error_count(sink) > errors_before {
        return None;
    }
    Some(Roadmap {
        title,
        start,
        milestones,
        skills,
        habits,
        practice_minutes,
        policy,
        time_off,
    })
}

/// `time_off`: a list of `{start, end, reason?, author?}`. An `end` before
/// its `start` is an error; a range longer than a year, and ranges whose
/// days overlap for someone, are warnings.
fn read_time_off(sink: &mut Sink, n: &Node) -> Vec<TimeOff> {
    let mut out: Vec<(TimeOff, Pos)> = Vec::new();
    let example = "[{start: 2026-12-01, end: 2026-12-06, reason: Holiday}]";
    for (i, item) in fields::list(sink, n, "time_off", example)
        .into_iter()
        .enumerate()
    {
        if !within(sink, i, MAX_TIME_OFF, item, "`time_off` ranges") {
            break;
        }
        let Some(f) = Fields::read(sink, item, "a `time_off` range", TIME_OFF_KEYS) else {
            continue;
        };
        let what = "a `time_off` range";
        let s = f
            .require(sink, "start", what, "2026-12-01")
            .and_then(|n| fields::date(sink, n, "start", Rule::RoadmapDate));
        let e_node = f.require(sink, "end", what, "2026-12-06");
        let e = e_node.and_then(|n| fields::date(sink, n, "end", Rule::RoadmapDate));
        let reason = f
            .get("reason")
            .and_then(|n| fields::string(sink, n, "reason", "Holiday"));
        let author_node = f.get("author");
        let author = author_node.and_then(|n| {
            let a = fields::string(sink, n, "author", "alice")?;
            let Some(a) = fields::one_line(&a, 100).map(str::to_string) else {
                sink.error(
                    n.pos,
                    Rule::RoadmapTimeOff,
                    "the `author` of a `time_off` range must be one line of 1 to 100 characters"
                        .to_string(),
                    Some("write the name entries use in `author:` (or the git author name), or leave it out for everyone".into()),
                );
                return None;
            };
            Some(a)
        });
        if author_node.is_some() && author.is_none() {
            continue;
        }
        let (Some(start), Some(end), Some(e_node)) = (s, e, e_node) else {
            continue;
        };
        if end < start {
            sink.error(
                e_node.pos,
                Rule::RoadmapTimeOff,
                format!("this `time_off` range ends ({end}) before it starts ({start})"),
                Some("`end` must be on or after `start` (both days are off)".into()),
            );
            continue;
        }
        let days = i64::from((end - start).get_days()) + 1;
        if days > MAX_WINDOW_DAYS {
            sink.error(
                e_node.pos,
                Rule::RoadmapTimeOff,
                format!("this `time_off` range ({start}..{end}) is longer than a century"),
                Some("check the years of `start` and `end`".into()),
            );
            continue;
        }
        if days > MAX_TIME_OFF_DAYS {
            sink.push(
                Diagnostic::warning(
                    sink.file,
                    Some(e_node.pos),
                    Rule::RoadmapTimeOffLong,
                    format!(
                        "this `time_off` range ({start}..{end}) is {days} days long, more than a year"
                    ),
                )
                .with_hint("check the years of `start` and `end`; a long break is fine, a typo is not"),
            );
        }
        let author_at = author_node.map(|n| (n.pos.line, n.pos.column));
        for (other, at) in &out {
            let shared = match (&other.author, &author) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if shared && other.start <= end && start <= other.end {
                sink.push(
                    Diagnostic::warning(
                        sink.file,
                        Some(item.pos),
                        Rule::RoadmapTimeOffOverlap,
                        format!(
                            "this `time_off` range ({start}..{end}) overlaps the one on line {} ({}..{})",
                            at.line, other.start, other.end
                        ),
                    )
                    .with_hint("merge the two ranges into one (an off day counts once either way)"),
                );
                break;
            }
        }
        out.push((
            TimeOff {
                start,
                end,
                reason,
                author,
                author_at,
            },
            item.pos,
        ));
    }
    out.into_iter().map(|(t, _)| t).collect()
}

fn error_count(sink: &Sink) -> usize {
    sink.errors()
}

/// Reads and registers an id, reporting bad slugs and ids used twice.
fn read_id(sink: &mut Sink, f: &Fields, what: &'static str, ids: &mut Ids) -> Option<String> {
    let n = f.require(sink, "id", &format!("a {what}"), "my-id")?;
    let id = fields::string(sink, n, "id", "my-id")?;
    if !fields::is_slug(&id) {
        sink.error(
            n.pos,
            Rule::RoadmapId,
            format!("{what} id `{id}` is not a lowercase slug"),
            Some(format!(
                "use lowercase letters, digits and `-`, e.g. `{}`",
                fields::slug_or(&id, "my-id")
            )),
        );
        return None;
    }
    if let Some((kind, pos)) = ids.get(&id) {
        sink.error(
            n.pos,
            Rule::RoadmapDuplicateId,
            format!("id `{id}` is already used by a {kind} on line {}", pos.line),
            Some(
                "ids must be unique across milestones, targets, skills and habits; rename one"
                    .into(),
            ),
        );
        return None;
    }
    ids.insert(id.clone(), (what, n.pos));
    Some(id)
}

fn positive_int(sink: &mut Sink, n: &Node, what: &str, max: i64) -> Option<u32> {
    let v = fields::integer(sink, n, what, "30")?;
    if !(1..=max).contains(&v) {
        sink.error(
            n.pos,
            Rule::RoadmapRange,
            format!("`{what}` is {v}; it must be between 1 and {max}"),
            Some(format!("write a whole number from 1 to {max}")),
        );
        return None;
    }
    Some(v as u32)
}

/// Parses `N days|weeks|months` (singular allowed); `0` alone is allowed when
/// `zero_ok` (for `after`).
pub(crate) fn parse_span(text: &str, zero_ok: bool) -> Result<Span, String> {
    let t = text.trim();
    if zero_ok && t == "0" {
        return Ok(Span {
            n: 0,
            unit: Unit::Day,
        });
    }
    let mut parts = t.split_whitespace();
    let (Some(num), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected `N days`, `N weeks` or `N months`".into());
    };
    let n: u32 = num
        .parse()
        .map_err(|_| format!("`{num}` is not a whole number"))?;
    let unit = match unit {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        other => return Err(format!("unknown unit `{other}`; use days, weeks or months")),
    };
    if n == 0 && !zero_ok {
        return Err("a duration must be at least 1".into());
    }
    let days = match unit {
        Unit::Day => i64::from(n),
        Unit::Week => 7 * i64::from(n),
        Unit::Month => 31 * i64::from(n),
    };
    if days > MAX_WINDOW_DAYS {
        return Err("longer than a century".into());
    }
    Ok(Span { n, unit })
}

fn span(sink: &mut Sink, n: &Node, what: &str, zero_ok: bool) -> Option<Span> {
    let text = match &n.value {
        super::yaml::Value::Scalar { text, .. } => text.clone(),
        _ => {
            sink.type_error(n, what, "a duration like `12 weeks`", "12 weeks");
            return None;
        }
    };
    match parse_span(&text, zero_ok) {
        Ok(s) => Some(s),
        Err(why) => {
            sink.error(
                n.pos,
                Rule::RoadmapDuration,
                format!("`{what}` is not a valid duration: `{text}` ({why})"),
                Some(format!(
                    "write e.g. `{what}: 12 weeks`, `{what}: 1 month` or `{what}: 30 days`"
                )),
            );
            None
        }
    }
}

fn read_milestone(sink: &mut Sink, node: &Node, ids: &mut Ids) -> Option<Milestone> {
    let f = Fields::read(sink, node, "a milestone", MILESTONE_KEYS)?;
    let id = read_id(sink, &f, "milestone", ids);
    let what = format!("milestone `{}`", id.as_deref().unwrap_or("?"));
    let title = f
        .require(sink, "title", &what, "Month 1")
        .and_then(|n| fields::string(sink, n, "title", "Month 1"));
    let window = read_window(sink, &f, &what);
    let budget = f.get("budget").and_then(|n| read_budget(sink, n, &what));
    let mut targets = Vec::new();
    if let Some(n) = f.get("targets") {
        for (i, item) in fields::list(sink, n, "targets", "[{id: build-mcp-server, title: …}]")
            .into_iter()
            .enumerate()
        {
            if !within(sink, i, MAX_TARGETS, item, "targets in one milestone") {
                break;
            }
            if let Some(t) = read_target(sink, item, ids) {
                targets.push(t);
            }
        }
    }
    Some(Milestone {
        id: id?.into(),
        title: title?,
        window: window?,
        budget,
        targets,
    })
}

fn read_window(sink: &mut Sink, f: &Fields, what: &str) -> Option<Window> {
    let (start, end) = (f.get("start"), f.get("end"));
    let (after, duration) = (f.get("after"), f.get("duration"));
    if start.is_some() || end.is_some() {
        if let Some(n) = after.or(duration) {
            sink.error(
                n.pos,
                Rule::RoadmapWindow,
                format!("{what} gives both `start`/`end` and `after`/`duration`"),
                Some("give either `start` and `end` dates, or `after` and `duration`".into()),
            );
            return None;
        }
        let s = f.require(sink, "start", what, "2026-01-05")?;
        let e = f.require(sink, "end", what, "2026-03-29")?;
        let s_date = fields::date(sink, s, "start", Rule::RoadmapDate)
            .filter(|&d| in_range(sink, s, d, "start"));
        let e_date = fields::date(sink, e, "end", Rule::RoadmapDate)
            .filter(|&d| in_range(sink, e, d, "end"));
        let (s, ed) = (s_date?, e_date?);
        if ed < s {
            sink.error(
                e.pos,
                Rule::RoadmapWindow,
                format!("{what} ends ({ed}) before it starts ({s})"),
                Some("`end` must be on or after `start`".into()),
            );
            return None;
        }
        if i64::from((ed - s).get_days()) > MAX_WINDOW_DAYS {
            sink.error(
                e.pos,
                Rule::RoadmapWindow,
                format!("{what} is longer than a century"),
                Some("split it into milestones of at most a few years".into()),
            );
            return None;
        }
        return Some(Window::Dates { start: s, end: ed });
    }
    let Some(d) = duration else {
        sink.error(
            f.pos,
            Rule::RoadmapWindow,
            format!("{what} has no window"),
            Some("add `duration: 12 weeks` (and `after:` to start later), or `start:` and `end:` dates".into()),
        );
        return None;
    };
    let duration = span(sink, d, "duration", false);
    let after = match after {
        None => Some(Span {
            n: 0,
            unit: Unit::Day,
        }),
        Some(n) => span(sink, n, "after", true),
    };
    Some(Window::Relative {
        after: after?,
        duration: duration?,
    })
}

fn read_budget(sink: &mut Sink, n: &Node, what: &str) -> Option<Budget> {
    let f = Fields::read(
        sink,
        n,
        &format!("the budget of {what}"),
        &["hours", "per", "total_hours"],
    )?;
    let hours_ok = |sink: &mut Sink, n: &Node, key: &str| -> Option<f64> {
        let h = fields::number(sink, n, key, "8")?;
        // From 0.01 h: a plan smaller than that, spread over days, makes
        // ratios against it overflow to infinity.
        if !(0.01..=1e6).contains(&h) {
            sink.error(
                n.pos,
                Rule::RoadmapBudget,
                format!("`{key}` is {h}; a budget must be from 0.01 to 1000000 hours"),
                Some(format!("e.g. `{key}: 8`")),
            );
            return None;
        }
        Some(h)
    };
    match (f.get("hours"), f.get("per"), f.get("total_hours")) {
        (Some(h), per, None) => {
            let hours = hours_ok(sink, h, "hours");
            let Some(p) = per else {
                sink.error(
                    h.pos,
                    Rule::RoadmapBudget,
                    format!("the budget of {what} gives `hours` without `per`"),
                    Some("add `per: day`, `per: week` or `per: month`".into()),
                );
                return None;
            };
            let per = match p.as_str() {
                Some("day") => Some(Per::Day),
                Some("week") => Some(Per::Week),
                Some("month") => Some(Per::Month),
                _ => {
                    let found = p.as_str().unwrap_or("");
                    let hint = did_you_mean(found, ["day", "week", "month"])
                        .map_or("use `day`, `week` or `month`".to_string(), |s| {
                            format!("did you mean `{s}`?")
                        });
                    sink.error(
                        p.pos,
                        Rule::RoadmapBudget,
                        format!("`per` must be day, week or month, found `{found}`"),
                        Some(hint),
                    );
                    None
                }
            };
            Some(Budget::Rate {
                hours: hours?,
                per: per?,
            })
        }
        (None, None, Some(t)) => Some(Budget::Total {
            hours: hours_ok(sink, t, "total_hours")?,
        }),
        _ => {
            sink.error(
                f.pos,
                Rule::RoadmapBudget,
                format!(
                    "the budget of {what} must give either `hours` and `per`, or `total_hours`"
                ),
                Some("e.g. `budget: {hours: 8, per: week}` or `budget: {total_hours: 40}`".into()),
            );
            None
        }
    }
}

fn read_target(sink: &mut Sink, node: &Node, ids: &mut Ids) -> Option<Target> {
    let f = Fields::read(sink, node, "a target", TARGET_KEYS)?;
    let id = read_id(sink, &f, "target", ids);
    let what = format!("target `{}`", id.as_deref().unwrap_or("?"));
    let title = f
        .require(sink, "title", &what, "Build one MCP server")
        .and_then(|n| fields::string(sink, n, "title", "Build one MCP server"));
    let positive = |sink: &mut Sink, key: &str, default: f64| -> Option<f64> {
        let Some(n) = f.get(key) else {
            return Some(default);
        };
        let v = fields::number(sink, n, key, "3")?;
        if !(v > 0.0 && v <= 1e9) {
            sink.error(
                n.pos,
                Rule::RoadmapGoal,
                format!("`{key}` of {what} is {v}; it must be a positive number"),
                Some(format!(
                    "e.g. `{key}: 3`; leave it out for the default of {default}"
                )),
            );
            return None;
        }
        Some(v)
    };
    let goal = positive(sink, "goal", 1.0);
    let weight = positive(sink, "weight", 1.0);
    let stretch = match f.get("stretch") {
        None => Some(None),
        Some(n) => {
            let s = fields::number(sink, n, "stretch", "100");
            match (s, goal) {
                (Some(s), Some(g)) if s <= g => {
                    sink.error(
                        n.pos,
                        Rule::RoadmapStretch,
                        format!("`stretch` ({s}) of {what} must be larger than its `goal` ({g})"),
                        Some("a stretch goal goes beyond the goal; raise it or remove it".into()),
                    );
                    None
                }
                (Some(s), _) => Some(Some(s)),
                _ => None,
            }
        }
    };
    let unit = f
        .get("unit")
        .and_then(|n| fields::string(sink, n, "unit", "evals"));
    Some(Target {
        id: id?.into(),
        title: title?,
        goal: goal?,
        stretch: stretch?,
        unit,
        weight: weight?,
    })
}

fn read_skill(sink: &mut Sink, node: &Node, ids: &mut Ids) -> Option<Skill> {
    let f = Fields::read(sink, node, "a skill", SKILL_KEYS)?;
    let id = read_id(sink, &f, "skill", ids);
    let what = format!("skill `{}`", id.as_deref().unwrap_or("?"));
    let name = f
        .require(sink, "name", &what, "RAG architectures")
        .and_then(|n| fields::string(sink, n, "name", "RAG architectures"));
    let priority = f.require(sink, "priority", &what, "P1").and_then(|n| {
        let t = n.as_str().unwrap_or("");
        let p = Priority::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(t));
        if p.is_none() {
            sink.error(
                n.pos,
                Rule::RoadmapPriority,
                format!("`priority` of {what} must be P0, P1, P2 or P3, found `{t}`"),
                Some("P0 is the most urgent".into()),
            );
        }
        p
    });
    let why = f
        .get("why")
        .and_then(|n| fields::string(sink, n, "why", "…"))
        .unwrap_or_default();
    let group = match f.get("group") {
        None => Some(DEFAULT_GROUP.to_string()),
        Some(n) => fields::string(sink, n, "group", "systems").and_then(|g| {
            if fields::is_slug(&g) {
                Some(g)
            } else {
                sink.error(
                    n.pos,
                    Rule::RoadmapGroup,
                    format!("`group` of {what} is `{g}`, not a lowercase slug"),
                    Some(format!(
                        "use lowercase letters, digits and `-`, e.g. `{}`",
                        fields::slug_or(&g, "systems")
                    )),
                );
                None
            }
        }),
    };
    Some(Skill {
        id: id?.into(),
        name: name?,
        priority: priority?,
        why,
        group: group?.into(),
    })
}

fn read_habit(sink: &mut Sink, node: &Node, ids: &mut Ids) -> Option<Habit> {
    let f = Fields::read(sink, node, "a habit", HABIT_KEYS)?;
    let id = read_id(sink, &f, "habit", ids);
    let what = format!("habit `{}`", id.as_deref().unwrap_or("?"));
    let title = f
        .require(sink, "title", &what, "30 min reading")
        .and_then(|n| fields::string(sink, n, "title", "30 min reading"));
    let every = f.require(sink, "every", &what, "week").and_then(|n| {
        let t = n.as_str().unwrap_or("");
        let e = match t {
            "day" => Some(Every::Day),
            "week" => Some(Every::Week),
            "month" => Some(Every::Month),
            "quarter" => Some(Every::Quarter),
            _ => None,
        };
        if e.is_none() {
            let hint = did_you_mean(t, ["day", "week", "month", "quarter"])
                .map_or("use day, week, month or quarter".to_string(), |s| {
                    format!("did you mean `{s}`?")
                });
            sink.error(
                n.pos,
                Rule::RoadmapEvery,
                format!("`every` of {what} must be day, week, month or quarter, found `{t}`"),
                Some(hint),
            );
        }
        e
    });
    let times = match f.get("times") {
        None => Some(1),
        Some(n) => positive_int(sink, n, "times", 1000),
    };
    let optional = match f.get("optional") {
        None => Some(false),
        Some(n) => fields::boolean(sink, n, "optional"),
    };
    Some(Habit {
        id: id?.into(),
        title: title?,
        every: every?,
        times: times?,
        optional: optional?,
    })
}

fn read_policy(sink: &mut Sink, n: &Node) -> Policy {
    let mut p = Policy::default();
    let Some(f) = Fields::read(sink, n, "`policy`", POLICY_KEYS) else {
        return p;
    };
    let days = |sink: &mut Sink, key: &str, max: i64| -> Option<u32> {
        let n = f.get(key)?;
        let v = fields::integer(sink, n, key, "14")?;
        if !(0..=max).contains(&v) {
            sink.error(
                n.pos,
                Rule::RoadmapPolicy,
                format!("`{key}` is {v}; it must be between 0 and {max}"),
                Some(format!("a number of days, e.g. `{key}: 14`")),
            );
            return None;
        }
        Some(v as u32)
    };
    if let Some(v) = days(sink, "max_backfill_days", 36_600) {
        p.max_backfill_days = v;
    }
    if let Some(v) = days(sink, "append_only_after_days", 36_600) {
        p.append_only_after_days = v;
    }
    if let Some(n) = f.get("max_minutes_per_day") {
        if let Some(v) = positive_int(sink, n, "max_minutes_per_day", 1440) {
            p.max_minutes_per_day = v;
        }
    }
    if let Some(n) = f.get("at_risk_tolerance") {
        match fields::number(sink, n, "at_risk_tolerance", "0.25") {
            Some(v) if (0.0..=1.0).contains(&v) => p.at_risk_tolerance = v,
            Some(v) => sink.error(
                n.pos,
                Rule::RoadmapPolicy,
                format!("`at_risk_tolerance` is {v}; it must be between 0 and 1"),
                Some("a share of the milestone window, e.g. `at_risk_tolerance: 0.25`".into()),
            ),
            None => {}
        }
    }
    if let Some(n) = f.get("week_start") {
        let t = n.as_str().unwrap_or("").to_ascii_lowercase();
        let days = [
            ("monday", Weekday::Monday),
            ("tuesday", Weekday::Tuesday),
            ("wednesday", Weekday::Wednesday),
            ("thursday", Weekday::Thursday),
            ("friday", Weekday::Friday),
            ("saturday", Weekday::Saturday),
            ("sunday", Weekday::Sunday),
        ];
        match days.iter().find(|(name, _)| *name == t) {
            Some((_, w)) => p.week_start = *w,
            None => sink.error(
                n.pos,
                Rule::RoadmapPolicy,
                format!("`week_start` must be a weekday name, found `{t}`"),
                Some("e.g. `week_start: monday` or `week_start: sunday`".into()),
            ),
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes and positions of a roadmap's diagnostics.
    fn problems(yaml: &str) -> Vec<(u32, u32, Rule)> {
        let mut diags = Vec::new();
        crate::load::load_roadmap("roadmap.yaml", yaml.as_bytes(), &mut diags);
        diags
            .iter()
            .map(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0), d.code))
            .collect()
    }

    /// A goal or weight must be above 0 and at most 1e9.
    #[test]
    fn goals_and_weights_on_their_edges() {
        let plan = |target: &str| {
            format!("title: P\nstart: 2026-01-05\nmilestones:\n  - id: m\n    title: M\n    duration: 4 weeks\n    targets:\n      - {{id: t, title: T, {target}}}\n")
        };
        for ok in ["goal: 1e9", "goal: 0.001", "weight: 1e9", "weight: 0.5"] {
            assert_eq!(problems(&plan(ok)), [], "{ok}");
        }
        for bad in [
            "goal: 0",
            "goal: 1.5e9",
            "weight: 0",
            "weight: 2e9",
            "goal: -1",
        ] {
            let got = problems(&plan(bad));
            assert_eq!(got.len(), 1, "{bad}: {got:?}");
            assert_eq!(got[0].2, Rule::RoadmapGoal, "{bad}");
        }
    }

    /// A window of one day is fine; `start` or `end` with `after` or
    /// `duration` is an error, whichever of the dates is given.
    #[test]
    fn windows_on_their_edges() {
        let plan = |window: &str| {
            format!("title: P\nstart: 2026-01-05\nmilestones:\n  - {{id: m, title: M, {window}}}\n")
        };
        assert_eq!(problems(&plan("start: 2026-01-05, end: 2026-01-05")), []);
        // A century: its end at most 36,600 days after its start.
        assert_eq!(problems(&plan("start: 2026-01-01, end: 2126-03-18")), []);
        let over = problems(&plan("start: 2026-01-01, end: 2126-03-19"));
        assert_eq!(over, [(4, 47, Rule::RoadmapWindow)]);
        for window in [
            "start: 2026-01-05, duration: 4 weeks",
            "end: 2026-02-01, after: m0",
        ] {
            let got = problems(&plan(window));
            assert_eq!(got.len(), 1, "{window}: {got:?}");
            assert_eq!(got[0].2, Rule::RoadmapWindow, "{window}");
        }
    }

    #[test]
    fn spans() {
        assert_eq!(
            parse_span("1 month", false),
            Ok(Span {
                n: 1,
                unit: Unit::Month
            })
        );
        assert_eq!(
            parse_span("12 weeks", false),
            Ok(Span {
                n: 12,
                unit: Unit::Week
            })
        );
        assert_eq!(
            parse_span("0", true),
            Ok(Span {
                n: 0,
                unit: Unit::Day
            })
        );
        assert!(parse_span("0 weeks", false).is_err());
        assert!(parse_span("3 fortnights", false).is_err());
        assert!(parse_span("99999 months", false).is_err());
        // A century is 36,600 days: in days, weeks (7) and months (31).
        for (ok, over) in [
            ("36600 days", "36601 days"),
            ("5228 weeks", "5229 weeks"),
            ("1180 months", "1181 months"),
        ] {
            assert!(parse_span(ok, false).is_ok(), "{ok}");
            assert_eq!(
                parse_span(over, false),
                Err("longer than a century".into()),
                "{over}"
            );
        }
    }
}
