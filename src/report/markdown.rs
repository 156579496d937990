//! Markdown rendering with minijinja. Every interpolated value is escaped by
//! the formatter (untrusted text stays text); only the formatting filters
//! below produce markup. The comment is kept under GitHub's size limit by
//! dropping detail in a planned order.

use super::data::ReportData;
use super::escape;
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// GitHub rejects comments longer than this many characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

const REPORT_TEMPLATE: &str = include_str!("../templates/report.md.j2");

/// Which optional parts to render; dropped from the last to the first when
/// the comment would be too long.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Detail {
    pub change_entries: bool,
    pub quality: bool,
    pub skills: bool,
    pub targets: bool,
}

impl Detail {
    pub const FULL: Detail = Detail {
        change_entries: true,
        quality: true,
        skills: true,
        targets: true,
    };
}

/// Environment shared by the built-in and user templates: escaping
/// formatter, formatting filters, strict undefined values, and bounds.
pub fn environment() -> Environment<'static> {
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
            Ok(x) => format!("{:.0}%", x * 100.0),
            Err(_) => "—".into(),
        }
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
                    "`{}{}` {:.0}%",
                    "█".repeat(full),
                    "░".repeat(10 - full),
                    x * 100.0
                ))
            }
            Err(_) => Value::from_safe_string("—".into()),
        }
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
        match s.as_str() {
            "done" => "✅",
            "done late" => "☑️",
            "on track" => "🟢",
            "at risk" => "🟠",
            "late" => "🔴",
            _ => "⚪",
        }
        .into()
    });
    env.add_function("verdict_icon", |s: String| -> String {
        match s.as_str() {
            "on track" => "🟢",
            "at risk" => "🟠",
            "late" => "🔴",
            "done" => "✅",
            _ => "⚪",
        }
        .into()
    });
    env
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

pub fn render_with(
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
pub fn render(data: &ReportData, limit: usize) -> Result<String, Error> {
    let env = environment();
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
    let notice = "This comment leaves out some detail to stay within GitHub's size limit; the full report is in the workflow's job summary and its `trailmark-report` artifact.".to_string();
    let mut last = full;
    for step in steps {
        step(&mut d);
        last = render_with(&env, REPORT_TEMPLATE, data, d, Some(notice.clone()))?;
        if last.chars().count() <= limit {
            return Ok(last);
        }
    }
    // Still too long (a roadmap with thousands of milestones or habits):
    // keep whole lines up to the limit, closing any open fence.
    let mut out = String::new();
    let mut open_fence = false;
    let tail = "\n\n> [!NOTE]\n> The report is too large for a comment; see the job summary for the rest.\n";
    for line in last.lines() {
        if out.chars().count() + line.chars().count() + tail.len() + 8 > limit {
            break;
        }
        if line.starts_with("```") {
            open_fence = !open_fence;
        }
        out.push_str(line);
        out.push('\n');
    }
    if open_fence {
        out.push_str("```\n");
    }
    out.push_str(tail);
    Ok(out)
}
