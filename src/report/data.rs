//! The report's data: the JSON report (SPEC §5) and the context every
//! template — built in or the user's — renders against.

use crate::diag::Diagnostic;
use crate::metrics::{
    GroupMetrics, HabitMetrics, MilestoneMetrics, MixMetrics, PersonMetrics, Practice,
    SkillMetrics, TierMetrics, Totals, WeekMetrics,
};
use jiff::civil::Date;
use serde::Serialize;

/// The version of the JSON report's shape; bumped on incompatible changes.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct ReportData {
    pub version: u32,
    pub generator: String,
    pub as_of: Date,
    pub roadmap: RoadmapInfo,
    /// The person every figure is narrowed to (`--author`), if any.
    pub author: Option<String>,
    pub totals: Totals,
    pub headline: Headline,
    /// The roadmap's `time_off` ranges, in the order written.
    pub time_off: Vec<TimeOffData>,
    pub milestones: Vec<MilestoneMetrics>,
    pub weeks: Vec<WeekMetrics>,
    pub habits: Vec<HabitMetrics>,
    pub habit_score: Option<f64>,
    pub practice: Practice,
    pub skills: Vec<SkillMetrics>,
    pub skill_tiers: Vec<TierMetrics>,
    /// The balance between skill groups; empty with fewer than two groups.
    pub groups: Vec<GroupMetrics>,
    pub unassigned_hours: f64,
    pub mix: Vec<MixMetrics>,
    pub do_share: Option<f64>,
    pub do_guideline: f64,
    pub history: HistoryData,
    pub people: Vec<PersonMetrics>,
    pub quality: Quality,
    pub change: Option<Change>,
    /// Figures over time, for the dashboard's charts.
    pub series: crate::metrics::series::Series,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoadmapInfo {
    pub title: String,
    pub start: Date,
    /// `roadmap.yaml`, a `--roadmap` path, or `default` (the embedded plan).
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Headline {
    pub current_milestones: Vec<String>,
    pub week_start: Date,
    pub week_hours: f64,
    pub week_budget: f64,
    pub practice_streak: usize,
    /// The time off holding T, then the ranges starting in the 28 days
    /// after T, by start: the ones the figures count (for everyone, or for
    /// the `--author`), and, without `--author`, each person's own.
    pub time_off: Vec<TimeOffData>,
    /// One word for the whole plan: `on track`, `at risk`, `late` or `not started`.
    pub verdict: &'static str,
}

/// One `time_off` range.
#[derive(Clone, Debug, Serialize)]
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

#[derive(Clone, Debug, Serialize)]
pub struct HistoryData {
    /// False when the history could not be read (no commits yet).
    pub available: bool,
    pub backfilled_hours: f64,
    pub backfilled_share: Option<f64>,
    pub backfilled: Vec<Backfilled>,
    pub edits: Vec<EditData>,
    /// Entries not committed yet.
    pub unrecorded: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Backfilled {
    pub path: String,
    pub date: Date,
    pub recorded_on: Date,
    pub days: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct EditData {
    pub path: String,
    pub commit: String,
    pub date: Date,
    pub kind: crate::history::EditKind,
}

#[derive(Clone, Debug, Serialize)]
pub struct Quality {
    pub errors: usize,
    pub warnings: usize,
    /// Entry files left out of the figures because they have errors.
    pub invalid_entries: usize,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub base: String,
    pub merge_base: String,
    pub head: String,
    pub entries_added: Vec<ChangedEntry>,
    pub entries_edited: Vec<ChangedEntry>,
    pub entries_removed: Vec<ChangedEntry>,
    pub hours_added: f64,
    pub targets_completed: Vec<CompletedTarget>,
    pub milestones: Vec<MilestoneChange>,
    pub warnings_introduced: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangedEntry {
    pub path: String,
    pub date: Option<Date>,
    pub minutes: Option<u32>,
    pub summary: Option<String>,
    pub author: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompletedTarget {
    pub id: String,
    pub title: String,
    pub milestone: String,
    pub completed_on: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneChange {
    pub id: String,
    pub completion_before: Option<f64>,
    pub completion_after: Option<f64>,
}
