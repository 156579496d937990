//! Scope changes (SPEC §3): what one version of the roadmap changes in the
//! next. Pure: the versions come already read and parsed (`history::scope`
//! reads them; `metrics::scope` draws the burn-up against them).

use super::calendar::window;
use super::{Budget, Milestone, Roadmap};
use jiff::civil::Date;
use serde::Serialize;

/// One difference between two versions of the roadmap.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ScopeChange {
    /// The changing commit's committer date, in its own offset.
    pub date: Date,
    /// The changing commit (full id).
    pub commit: String,
    pub milestone: super::MilestoneId,
    /// `milestone_added`, `milestone_removed`, `target_added`,
    /// `target_removed`, `goal_changed`, `weight_changed`,
    /// `budget_changed` or `window_changed`.
    pub change: &'static str,
    pub target: Option<super::TargetId>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A difference without its commit: (milestone, change, target, before,
/// after).
pub(crate) type Difference = (
    super::MilestoneId,
    &'static str,
    Option<super::TargetId>,
    Option<String>,
    Option<String>,
);

/// A number as the roadmap writes it: `50`, `2.5`.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A budget in words: `8 h/week`, `40 h total`.
pub(crate) fn budget_text(b: &Budget) -> String {
    match b {
        Budget::Rate { hours, per } => format!("{} h/{}", num(*hours), per.name()),
        Budget::Total { hours } => format!("{} h total", num(*hours)),
    }
}

/// A window as concrete dates: `2026-01-05..2026-03-29`.
fn window_text(m: &Milestone, start: Date) -> String {
    let (s, e) = window(m, start);
    format!("{s}..{e}")
}

/// What `after` changes in `before`, milestone by milestone in `after`'s
/// order (removed milestones last). Relative windows are read against each
/// version's own `start:`, else `start`.
pub(crate) fn diff(before: &Roadmap, after: &Roadmap, start: Date) -> Vec<Difference> {
    let (sb, sa) = (before.start.unwrap_or(start), after.start.unwrap_or(start));
    let mut out = Vec::new();
    for m in &after.milestones {
        let Some(old) = before.milestones.iter().find(|x| x.id == m.id) else {
            out.push((
                m.id.clone(),
                "milestone_added",
                None,
                None,
                Some(m.title.clone()),
            ));
            continue;
        };
        for t in &m.targets {
            match old.targets.iter().find(|x| x.id == t.id) {
                None => out.push((
                    m.id.clone(),
                    "target_added",
                    Some(t.id.clone()),
                    None,
                    Some(t.title.clone()),
                )),
                Some(o) => {
                    if o.goal != t.goal {
                        out.push((
                            m.id.clone(),
                            "goal_changed",
                            Some(t.id.clone()),
                            Some(num(o.goal)),
                            Some(num(t.goal)),
                        ));
                    }
                    if o.weight != t.weight {
                        out.push((
                            m.id.clone(),
                            "weight_changed",
                            Some(t.id.clone()),
                            Some(num(o.weight)),
                            Some(num(t.weight)),
                        ));
                    }
                }
            }
        }
        for o in &old.targets {
            if !m.targets.iter().any(|x| x.id == o.id) {
                out.push((
                    m.id.clone(),
                    "target_removed",
                    Some(o.id.clone()),
                    Some(o.title.clone()),
                    None,
                ));
            }
        }
        if old.budget != m.budget {
            out.push((
                m.id.clone(),
                "budget_changed",
                None,
                old.budget.as_ref().map(budget_text),
                m.budget.as_ref().map(budget_text),
            ));
        }
        let (wb, wa) = (window_text(old, sb), window_text(m, sa));
        if wb != wa {
            out.push((m.id.clone(), "window_changed", None, Some(wb), Some(wa)));
        }
    }
    for old in &before.milestones {
        if !after.milestones.iter().any(|x| x.id == old.id) {
            out.push((
                old.id.clone(),
                "milestone_removed",
                None,
                Some(old.title.clone()),
                None,
            ));
        }
    }
    out
}
