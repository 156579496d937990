//! The model of SPEC §1: a roadmap and its journal entries, as typed values.
//! Strings from files become these types at the loading boundary (`load/`).

pub(crate) mod calendar;
pub(crate) mod date_serde;
mod ids;
pub(crate) mod scope;
pub(crate) mod time_off;

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

pub(crate) use ids::{GroupId, HabitId, MilestoneId, SkillId, TargetId};

/// A length of time in whole days, weeks or months (`duration`, `after`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub n: u32,
    pub unit: Unit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
}

impl Span {
    /// The first day after `start` + this span (the exclusive end).
    pub fn add_to(self, start: Date) -> Option<Date> {
        let span = match self.unit {
            Unit::Day => jiff::Span::new().try_days(i64::from(self.n)).ok()?,
            Unit::Week => jiff::Span::new().try_days(7 * i64::from(self.n)).ok()?,
            Unit::Month => jiff::Span::new().try_months(i64::from(self.n)).ok()?,
        };
        start.checked_add(span).ok()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Window {
    Dates { start: Date, end: Date },
    Relative { after: Span, duration: Span },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Day,
    Week,
    Month,
}

impl Per {
    pub fn name(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Week => "week",
            Per::Month => "month",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    Rate { hours: f64, per: Per },
    Total { hours: f64 },
}

/// What a budget's hours are counted per: a day, week or month of a rate,
/// or the whole window (`total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BudgetPer {
    Day,
    Week,
    Month,
    Total,
}

impl BudgetPer {
    pub fn name(self) -> &'static str {
        match self {
            BudgetPer::Day => "day",
            BudgetPer::Week => "week",
            BudgetPer::Month => "month",
            BudgetPer::Total => "total",
        }
    }
}

impl Budget {
    pub fn per(self) -> BudgetPer {
        match self {
            Budget::Rate { per: Per::Day, .. } => BudgetPer::Day,
            Budget::Rate { per: Per::Week, .. } => BudgetPer::Week,
            Budget::Rate {
                per: Per::Month, ..
            } => BudgetPer::Month,
            Budget::Total { .. } => BudgetPer::Total,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Target {
    pub id: TargetId,
    pub title: String,
    pub goal: f64,
    pub stretch: Option<f64>,
    pub unit: Option<String>,
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub id: MilestoneId,
    pub title: String,
    pub window: Window,
    pub budget: Option<Budget>,
    pub targets: Vec<Target>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
pub enum Priority {
    P0,
    P1,
    P2,
    P3,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P0, Priority::P1, Priority::P2, Priority::P3];
    pub fn name(self) -> &'static str {
        match self {
            Priority::P0 => "P0",
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Skill {
    pub id: SkillId,
    pub name: String,
    pub priority: Priority,
    pub why: String,
    /// The skill's group (a slug); `main` when the roadmap names none.
    pub group: GroupId,
}

/// The group of a skill that names none (SPEC §1.2).
pub(crate) const DEFAULT_GROUP: &str = "main";

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Day,
    Week,
    Month,
    Quarter,
}

impl Every {
    pub fn name(self) -> &'static str {
        match self {
            Every::Day => "day",
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Habit {
    pub id: HabitId,
    pub title: String,
    pub every: Every,
    pub times: u32,
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub max_backfill_days: u32,
    pub append_only_after_days: u32,
    pub max_minutes_per_day: u32,
    pub at_risk_tolerance: f64,
    pub week_start: Weekday,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_backfill_days: 14,
            append_only_after_days: 7,
            max_minutes_per_day: 960,
            at_risk_tolerance: 0.25,
            week_start: Weekday::Monday,
        }
    }
}

/// Days off (SPEC §1.2 `time_off`): `start..=end` for everyone, or for one
/// `author`.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeOff {
    pub start: Date,
    pub end: Date,
    pub reason: Option<String>,
    pub author: Option<String>,
    /// Where the range's `author:` is written (line, column), for the
    /// cross-entry check of unknown authors; `None` without `author:`.
    pub author_at: Option<(u32, u32)>,
}

impl TimeOff {
    /// Whether this range's days are off for a figure that describes
    /// `who`: `None` for the team (only ranges naming no author), or one
    /// person (ranges naming no author or that person).
    pub fn applies_to(&self, who: Option<&str>) -> bool {
        match (&self.author, who) {
            (None, _) => true,
            (Some(a), Some(w)) => a == w,
            (Some(_), None) => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Roadmap {
    pub title: String,
    pub start: Option<Date>,
    pub milestones: Vec<Milestone>,
    pub skills: Vec<Skill>,
    pub habits: Vec<Habit>,
    /// Daily deliberate-practice goal in minutes.
    pub practice_minutes: u32,
    pub policy: Policy,
    /// Days off, in the order written (SPEC §3 "Time off").
    pub time_off: Vec<TimeOff>,
}

impl Roadmap {
    /// A roadmap with nothing in it but a 30-minute practice goal.
    #[cfg(test)]
    pub(crate) fn practice_only() -> Self {
        Roadmap {
            title: "test".into(),
            start: None,
            milestones: vec![],
            skills: vec![],
            habits: vec![],
            practice_minutes: 30,
            policy: Policy::default(),
            time_off: vec![],
        }
    }

    pub fn targets(&self) -> impl Iterator<Item = (&Milestone, &Target)> {
        self.milestones
            .iter()
            .flat_map(|m| m.targets.iter().map(move |t| (m, t)))
    }
}

/// The kinds of learning an entry records (the seed's learning sources).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Do,
    Paper,
    Blog,
    Video,
    Course,
    Book,
    Teach,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Do,
        Kind::Paper,
        Kind::Blog,
        Kind::Video,
        Kind::Course,
        Kind::Book,
        Kind::Teach,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Do => "do",
            Kind::Paper => "paper",
            Kind::Blog => "blog",
            Kind::Video => "video",
            Kind::Course => "course",
            Kind::Book => "book",
            Kind::Teach => "teach",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetRef {
    pub id: TargetId,
    pub amount: f64,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Repository-relative path, `/`-separated.
    pub path: String,
    #[serde(with = "date_serde")]
    pub date: Date,
    pub minutes: u32,
    pub summary: String,
    pub kind: Kind,
    pub skills: Vec<SkillId>,
    pub targets: Vec<TargetRef>,
    pub habits: Vec<HabitId>,
    pub evidence: Vec<String>,
    pub author: Option<String>,
}

/// Each of these prints as its name in the files and the JSON report.
macro_rules! display_by_name {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.name())
            }
        }
    )*};
}
display_by_name!(Per, BudgetPer, Priority, Every, Kind);

impl Entry {
    /// A plain `do` entry of `minutes` on `date` at `path`, with nothing
    /// else: what the stages' tests start from.
    #[cfg(test)]
    pub(crate) fn work(path: String, date: Date, minutes: u32) -> Self {
        Entry {
            path,
            date,
            minutes,
            summary: "work".into(),
            kind: Kind::Do,
            skills: vec![],
            targets: vec![],
            habits: vec![],
            evidence: vec![],
            author: None,
        }
    }
}

/// Days since 1970-01-01 (proleptic Gregorian), for fast day arithmetic.
pub(crate) fn day_number(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
