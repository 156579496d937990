//! The report's data: the JSON report (SPEC §5) and the context every
//! template — built in or the user's — renders against.

use crate::diag::Diagnostic;
use crate::diag::Rule;
use crate::metrics::scope::BurnUp;
use crate::metrics::verdict::Verdict;
use crate::metrics::{Figures, PersonMetrics, Totals, Trend};
use crate::model::scope::ScopeChange;
use crate::model::{HabitId, MilestoneId, SkillId, TargetId};
use jiff::civil::Date;
use serde::Serialize;

/// The version of the JSON report's shape; bumped on incompatible changes.
pub const REPORT_VERSION: u32 = 1;

/// # pacenote JSON report
///
/// The output of `pacenote report --format json`, and the data user
/// templates render against. See SPEC §5. Names are stable within a
/// `version`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ReportData {
    #[schemars(extend("const" = REPORT_VERSION))]
    pub version: u32,
    pub generator: String,
    pub as_of: Date,
    pub roadmap: RoadmapInfo,
    /// The person every figure is narrowed to (`--author`), if any.
    pub author: Option<String>,
    pub totals: Totals,
    /// SPEC §3 "Verdict": the plan's status and the reasons for it.
    pub verdict: Verdict,
    pub headline: Headline,
    /// The roadmap's `time_off` ranges, in the order written.
    pub time_off: Vec<TimeOffData>,
    /// What to do next: the stage's open targets, habits due, neglected
    /// P0 skills.
    pub next: NextUp,
    /// The roadmap history's scope changes dated ≤ T, oldest first.
    pub scope: Vec<ScopeChange>,
    /// The stage milestone's weekly scope against done; `None` without a
    /// stage (no milestone holds T).
    pub burn_up: Option<BurnUp>,
    /// The milestones, weeks, habits, practice, skills, groups and mix,
    /// each under its own name.
    #[serde(flatten)]
    pub figures: Figures,
    pub history: HistoryData,
    pub people: Vec<PersonMetrics>,
    pub quality: Quality,
    pub change: Option<Change>,
    /// Figures over time, for the dashboard's charts.
    pub series: crate::metrics::series::Series,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RoadmapInfo {
    pub title: String,
    pub start: Date,
    /// Where the plan was read from: `roadmap.yaml`, the `--roadmap` path as
    /// given, or `default` (the embedded plan).
    pub source: String,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Headline {
    pub current_milestones: Vec<MilestoneId>,
    /// The stage (SPEC §3): the current milestone with the shortest window.
    pub stage: Option<MilestoneId>,
    pub week_start: Date,
    pub week_hours: f64,
    pub week_budget: f64,
    /// The week's plan for its days up to the as-of date.
    pub week_budget_to_date: f64,
    pub trend: Trend,
    pub practice_streak: usize,
    /// The time off holding T, then the ranges starting in the 28 days
    /// after T, by start: the ones the figures count (for everyone, or for
    /// the `--author`), and, without `--author`, each person's own.
    pub time_off: Vec<TimeOffData>,
    /// The share of hours backfilled, when above `BACKFILL_HEADLINE_SHARE`.
    pub backfilled_share: Option<f64>,
}

/// What to do next.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NextUp {
    pub targets: Vec<NextTarget>,
    pub habits: Vec<NextHabit>,
    pub skills: Vec<NextSkill>,
}

/// An open target of the stage and what is left of it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NextTarget {
    pub id: TargetId,
    pub title: String,
    pub milestone: MilestoneId,
    pub amount: f64,
    pub goal: f64,
    pub left: f64,
    /// `left` per remaining day of the milestone (SPEC §3 pace), for a
    /// target with a goal above 1.
    pub left_per_day: Option<f64>,
    pub unit: Option<String>,
    /// The milestone's end.
    pub by: Date,
}

/// A non-optional habit not yet hit in its current period.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NextHabit {
    pub id: HabitId,
    pub title: String,
    pub every: crate::model::Every,
    pub times: u32,
    pub done: u32,
    pub period_end: Date,
    /// The as-of date is the period's last day.
    pub due_today: bool,
}

/// A neglected P0 skill.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct NextSkill {
    pub id: SkillId,
    pub name: String,
    pub last_practised: Option<Date>,
}

/// One `time_off` range.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct TimeOffData {
    pub start: Date,
    pub end: Date,
    pub reason: Option<String>,
    /// The one person it is for; `None`: everyone.
    pub author: Option<String>,
    /// Days in the range, both ends included.
    pub days: i64,
    /// Whether T lies in the range.
    pub current: bool,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct HistoryData {
    /// False when the history could not be read (no commits yet).
    pub available: bool,
    pub backfilled_hours: f64,
    pub backfilled_share: Option<f64>,
    pub backfilled: Vec<Backfilled>,
    pub edits: Vec<EditData>,
    /// Entries not committed yet.
    pub unrecorded: usize,
    /// Correction entries (`corrects:`), each counted as part of the entry
    /// it corrects.
    pub corrections: usize,
    /// The hours the corrections moved, up or down (Σ |minutes| / 60).
    pub corrected_hours: f64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Backfilled {
    pub path: String,
    pub date: Date,
    pub recorded_on: Date,
    pub days: i64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct EditData {
    pub path: String,
    pub commit: String,
    pub date: Date,
    pub kind: crate::history::EditKind,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Quality {
    pub errors: usize,
    pub warnings: usize,
    /// The diagnostics grouped by rule, most frequent first.
    pub rules: Vec<RuleCount>,
    /// Entry files left out of the figures because they have errors.
    pub invalid_entries: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// How often one rule fired, and what it covers.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RuleCount {
    pub code: Rule,
    pub severity: crate::diag::Severity,
    pub count: usize,
    /// Hours of the valid entries the diagnostics name.
    pub hours: f64,
    /// For `entry/backfill`: the fewest and most days late.
    pub days_min: Option<i64>,
    pub days_max: Option<i64>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    pub base: String,
    pub merge_base: String,
    pub head: String,
    /// The change touches the journal or the roadmap.
    pub touched: bool,
    pub roadmap_changed: bool,
    /// One sentence saying what the change does.
    pub sentence: String,
    pub entries_added: Vec<ChangedEntry>,
    pub entries_edited: Vec<ChangedEntry>,
    pub entries_removed: Vec<ChangedEntry>,
    /// Σ `minutes_delta` / 60 over the entries above.
    pub hours_added: f64,
    pub targets_completed: Vec<CompletedTarget>,
    /// Milestones whose completion or hours the change moves.
    pub milestones: Vec<MilestoneChange>,
    /// The scope changes the change's commits make to the roadmap.
    pub scope: Vec<ScopeChange>,
    pub before: ChangeFigures,
    pub after: ChangeFigures,
    /// Diagnostics of the head that the merge-base does not have, and the
    /// reverse, matched by (file, code, message).
    pub diagnostics_introduced: Vec<ChangedDiagnostic>,
    pub diagnostics_fixed: Vec<ChangedDiagnostic>,
    /// The warnings among `diagnostics_introduced`.
    pub warnings_introduced: usize,
}

/// The headline figures before and after a change (the stage's completion
/// and adherence, as judged by the head's stage).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ChangeFigures {
    pub hours: f64,
    pub completion: Option<f64>,
    pub adherence: Option<f64>,
    /// Practice consistency.
    pub practice: Option<f64>,
    pub habit_score: Option<f64>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChangedEntry {
    pub path: String,
    pub date: Option<Date>,
    /// After the change (before it, for a removed entry).
    pub minutes: Option<u32>,
    /// What the change does to the minutes: + for added, − for removed.
    pub minutes_delta: i64,
    pub summary: Option<String>,
    pub author: Option<String>,
    /// Days between the entry's date and when it is recorded, when more
    /// than the policy's `max_backfill_days`.
    pub days_late: Option<i64>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChangedDiagnostic {
    pub file: String,
    pub line: Option<u32>,
    pub code: Rule,
    pub severity: crate::diag::Severity,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CompletedTarget {
    pub id: TargetId,
    pub title: String,
    pub milestone: MilestoneId,
    pub completed_on: Option<Date>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MilestoneChange {
    pub id: MilestoneId,
    pub title: String,
    pub end: Date,
    /// The milestone ended before the as-of date.
    pub finished: bool,
    pub completion_before: Option<f64>,
    pub completion_after: Option<f64>,
    pub hours_before: Option<f64>,
    pub hours_after: Option<f64>,
}
