//! The verdict of SPEC §3: one status for the whole plan, from three
//! signals (targets, hours, activity), with a short reason for each signal
//! that is not ok.

use super::status::{BudgetStatus, MilestoneStatus, Tone};
use super::{Metrics, MilestoneMetrics};
use crate::model::calendar::add_days;
use crate::model::Roadmap;
use jiff::civil::Date;
use serde::Serialize;

/// How a signal reads: the verdict is the worst of them.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warn,
    Bad,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    NotStarted,
    Done,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::NotStarted => "not_started",
            Status::Done => "done",
        }
    }

    pub const ALL: [Status; 5] = [
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::NotStarted,
        Status::Done,
    ];

    pub fn parse(name: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn tone(self) -> super::status::Tone {
        use super::status::Tone;
        match self {
            Status::OnTrack | Status::Done => Tone::Good,
            Status::AtRisk => Tone::Warn,
            Status::OffTrack => Tone::Bad,
            Status::NotStarted => Tone::Neutral,
        }
    }
}

/// One of the three signals.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Signal {
    /// `targets`, `hours` or `activity`.
    pub signal: &'static str,
    pub level: Level,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Verdict {
    pub status: Status,
    /// The reasons of the signals that are not ok, in the order targets,
    /// hours, activity.
    pub reasons: Vec<String>,
    pub signals: Vec<Signal>,
    /// The stage: the current milestone with the shortest window.
    pub stage: Option<crate::model::MilestoneId>,
    /// Days (not off) since the last entry, counted as the activity signal
    /// counts them; `None` before the roadmap has run 7 days.
    pub days_without_entry: Option<i64>,
}

/// Days without an entry from which the activity signal warns, and from
/// which it is bad.
pub(crate) const QUIET_WARN_DAYS: i64 = 7;
pub(crate) const QUIET_BAD_DAYS: i64 = 14;
/// A milestone that ended late within this many days before T drives the
/// verdict.
pub(crate) const RECENT_END_DAYS: i64 = 28;

/// Whether a day is off (SPEC §3 "Time off") for the figures of the plan:
/// everyone's off days, and with `who` (`--author`) that person's too.
pub(crate) fn off_days(roadmap: &Roadmap, who: Option<&str>) -> impl Fn(Date) -> bool {
    let off = crate::model::time_off::OffDays::of(roadmap, who);
    move |d| off.is_off(d)
}

/// A milestone's short name: its title up to " — " ("Month 1"), at most
/// 40 characters.
pub(crate) fn label(title: &str) -> String {
    let head = title.split(" — ").next().unwrap_or(title);
    if head.chars().count() <= 40 {
        head.to_string()
    } else {
        let mut s: String = head.chars().take(39).collect();
        s.push('…');
        s
    }
}

/// The most milestones a reason names; more are counted.
const MAX_NAMED: usize = 2;

/// A share as a whole percentage, rounded half up.
pub(crate) fn percent(x: f64) -> i64 {
    (x * 100.0 + 1e-9).round() as i64
}

/// The current milestone with the shortest window (ties: the first).
pub(crate) fn stage(milestones: &[MilestoneMetrics]) -> Option<&MilestoneMetrics> {
    let mut best: Option<&MilestoneMetrics> = None;
    for m in milestones.iter().filter(|m| m.current) {
        if best.is_none_or(|b| m.window_days < b.window_days) {
            best = Some(m);
        }
    }
    best
}

/// The verdict as of `m.as_of`. `off` says which days are off.
pub(crate) fn verdict(m: &Metrics, off: &dyn Fn(Date) -> bool) -> Verdict {
    let t = m.as_of;
    let stage = stage(&m.figures.milestones);
    let first_start = m.figures.milestones.iter().map(|x| x.start).min();
    let days_without_entry = (add_days(m.start, QUIET_WARN_DAYS) <= t).then(|| {
        let from = m.last_entry.map_or(m.start, |d| add_days(d, 1));
        let mut n = 0;
        let mut d = from;
        while d <= t {
            if !off(d) {
                n += 1;
            }
            d = add_days(d, 1);
        }
        n
    });
    let status_of = |signals: &[Signal]| {
        let worst = signals.iter().map(|s| s.level).max().unwrap_or(Level::Ok);
        match worst {
            Level::Ok => Status::OnTrack,
            Level::Warn => Status::AtRisk,
            Level::Bad => Status::OffTrack,
        }
    };

    // 1. targets
    let mut parts = Vec::new();
    let mut targets = Level::Ok;
    for x in &m.figures.milestones {
        // `late` already says it ended before T.
        let recent = add_days(x.end, RECENT_END_DAYS) >= t;
        if recent && x.status == MilestoneStatus::Late {
            targets = Level::Bad;
            parts.push(format!(
                "{} ended {} at {}% done",
                label(&x.title),
                x.end,
                percent(x.completion.unwrap_or(0.0))
            ));
        }
    }
    for x in m.figures.milestones.iter().filter(|x| x.current) {
        if x.status == MilestoneStatus::AtRisk {
            targets = targets.max(Level::Warn);
            parts.push(format!(
                "{} at {}% done with {}% of its time gone",
                label(&x.title),
                percent(x.completion.unwrap_or(0.0)),
                percent(x.elapsed_days as f64 / x.window_days as f64)
            ));
        }
    }
    if parts.len() > MAX_NAMED {
        let more = parts.len() - MAX_NAMED;
        parts.truncate(MAX_NAMED);
        parts.push(format!(
            "{more} more milestone{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    let mut signals = vec![Signal {
        signal: "targets",
        level: targets,
        reason: (!parts.is_empty()).then(|| parts.join(", ")),
    }];

    // 2. hours
    let mut hours = Signal {
        signal: "hours",
        level: Level::Ok,
        reason: None,
    };
    if let Some(s) = stage {
        if let Some(b) = s
            .budget
            .as_ref()
            .filter(|b| !s.status.is_done() && b.planned_to_date >= 1.0 - 1e-9)
        {
            let a = b.adherence.unwrap_or(0.0);
            hours.level = if a >= 0.9 - 1e-9 {
                Level::Ok
            } else if a >= 0.5 - 1e-9 {
                Level::Warn
            } else {
                Level::Bad
            };
            if hours.level != Level::Ok {
                hours.reason = Some(format!(
                    "{} hours at {}% of plan",
                    label(&s.title),
                    percent(a)
                ));
            }
        }
    }
    signals.push(hours);

    // 3. activity
    let mut activity = Signal {
        signal: "activity",
        level: Level::Ok,
        reason: None,
    };
    if let Some(n) = days_without_entry {
        if n >= QUIET_WARN_DAYS {
            activity.level = if n >= QUIET_BAD_DAYS {
                Level::Bad
            } else {
                Level::Warn
            };
            activity.reason = Some(format!("no entry for {n} days"));
        }
    }
    signals.push(activity);

    let all_done =
        !m.figures.milestones.is_empty() && m.figures.milestones.iter().all(|x| x.status.is_done());
    let status = if first_start.is_some_and(|s| t < s) {
        Status::NotStarted
    } else if all_done && !m.figures.milestones.iter().any(|x| x.current) {
        Status::Done
    } else {
        status_of(&signals)
    };
    let reasons = if matches!(status, Status::NotStarted | Status::Done) {
        Vec::new()
    } else {
        signals.iter().filter_map(|s| s.reason.clone()).collect()
    };
    Verdict {
        status,
        reasons,
        signals,
        stage: stage.map(|s| s.id.clone()),
        days_without_entry,
    }
}

impl Tone {
    /// The tone of a status as the JSON report names it (a milestone's, a
    /// budget's or the verdict's); neutral for any other word.
    pub fn of_name(name: &str) -> Tone {
        MilestoneStatus::parse(name)
            .map(MilestoneStatus::tone)
            .or_else(|| BudgetStatus::parse(name).map(BudgetStatus::tone))
            .or_else(|| Status::parse(name).map(Status::tone))
            .unwrap_or(Tone::Neutral)
    }
}
