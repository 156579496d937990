//! The burn-up of a milestone against the roadmap in force each week
//! (SPEC §3 "Scope changes"). Pure: the versions come already read and
//! parsed; what one version changes in the next is `model::scope`.

use super::{round, Fact};
use crate::model::calendar::add_days;
use crate::model::Roadmap;
use jiff::civil::Date;
use serde::Serialize;

/// One week of a burn-up chart.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct BurnPoint {
    /// The last day the point counts (a week's end, or T).
    pub date: Date,
    /// Σ weight of the milestone's targets in the roadmap in force that day.
    pub scope: f64,
    /// Σ weight × progress of those targets, counting entries dated ≤ date.
    pub done: f64,
}

/// The burn-up of one milestone.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct BurnUp {
    pub milestone: crate::model::MilestoneId,
    pub points: Vec<BurnPoint>,
}

/// The burn-up of milestone `id` (as the current roadmap places it, from
/// `ms` to `me`): one point per week from its start, the last at
/// min(T, end). `versions` are the roadmaps in force from their dates on,
/// oldest first; before the first, the first is in force. `counted` holds
/// the entries in the order targets are completed (as `compute` sorts).
pub(crate) fn burn_up(
    id: &str,
    (ms, me): (Date, Date),
    versions: &[(Date, &Roadmap)],
    counted: &[&Fact],
    t: Date,
) -> BurnUp {
    let last = t.min(me);
    let index = crate::metrics::TargetIndex::of(counted);
    let mut points = Vec::new();
    let mut week_start = ms;
    while week_start <= last {
        let d = add_days(week_start, 6).min(last);
        let in_force = versions
            .iter()
            .rev()
            .find(|(from, _)| *from <= d)
            .or(versions.first())
            .map(|(_, r)| *r);
        let targets = in_force
            .and_then(|r| r.milestones.iter().find(|m| m.id == id))
            .map_or(&[][..], |m| &m.targets[..]);
        let upto = counted.partition_point(|f| f.entry.date <= d);
        let (mut scope, mut done) = (0.0, 0.0);
        for tg in targets {
            let progress = index.progress(tg, upto);
            scope += tg.weight;
            done += tg.weight * progress;
        }
        points.push(BurnPoint {
            date: d,
            scope: round(scope),
            done: round(done),
        });
        week_start = add_days(week_start, 7);
    }
    BurnUp {
        milestone: id.into(),
        points,
    }
}

#[cfg(test)]
mod tests {
    use crate::metrics::tests::{d, milestone_of, plan, rate, target_of};
    use crate::model::scope::diff;
    use crate::model::{Budget, Per, Roadmap};

    #[test]
    fn each_kind_of_difference_reads_like_the_roadmap() {
        let before = Roadmap {
            milestones: vec![
                milestone_of(
                    "q1",
                    "2026-01-05",
                    "2026-03-29",
                    rate(8.0, Per::Week),
                    vec![target_of("evals", 50.0), target_of("rag", 1.0)],
                ),
                milestone_of("gone", "2026-01-05", "2026-01-10", None, vec![]),
            ],
            ..plan()
        };
        let mut after = before.clone();
        after.milestones.remove(1);
        let q1 = &mut after.milestones[0];
        q1.targets[0].goal = 100.0;
        q1.targets[1].weight = 2.0;
        q1.targets.push(target_of("mcp", 1.0));
        q1.budget = Some(Budget::Total { hours: 40.0 });
        q1.window = crate::model::Window::Dates {
            start: d("2026-01-05"),
            end: d("2026-04-05"),
        };
        after
            .milestones
            .push(milestone_of("y2", "2027-01-04", "2028-01-02", None, vec![]));
        let got = diff(&before, &after, d("2026-01-05"));
        let s = |x: &str| Some(x.to_string());
        let t = |x: &str| Some(crate::model::TargetId::from(x));
        assert_eq!(
            got,
            vec![
                ("q1".into(), "goal_changed", t("evals"), s("50"), s("100")),
                ("q1".into(), "weight_changed", t("rag"), s("1"), s("2")),
                ("q1".into(), "target_added", t("mcp"), None, s("mcp")),
                (
                    "q1".into(),
                    "budget_changed",
                    None,
                    s("8 h/week"),
                    s("40 h total")
                ),
                (
                    "q1".into(),
                    "window_changed",
                    None,
                    s("2026-01-05..2026-03-29"),
                    s("2026-01-05..2026-04-05")
                ),
                ("y2".into(), "milestone_added", None, None, s("y2")),
                ("gone".into(), "milestone_removed", None, s("gone"), None),
            ]
        );
        assert!(diff(&after, &after, d("2026-01-05")).is_empty());
    }
}
