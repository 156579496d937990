//! SPEC §5's public names of the JSON report, checked in one place.

use serde_json::Value;

#[track_caller]
fn has(v: &Value, names: &[&str], what: &str) {
    for n in names {
        assert!(v.get(n).is_some(), "{what} has no `{n}`:\n{v:#}");
    }
}

/// Asserts that every name SPEC §5 lists is present in `v`, in every item of
/// every list; `people` and `change` are checked when present (more than one
/// author; `--base`).
#[track_caller]
pub fn assert_spec_names(v: &Value) {
    let top = [
        "version",
        "as_of",
        "roadmap",
        "totals",
        "milestones",
        "habits",
        "practice",
        "skills",
        "verdict",
        "groups",
        "mix",
        "history",
        "people",
        "time_off",
        "scope",
    ];
    has(v, &top, "the report");
    for t in v["time_off"].as_array().cloned().unwrap_or_default() {
        has(
            &t,
            &["start", "end", "reason", "author"],
            "a time_off range",
        );
    }
    let scope_item = [
        "date",
        "commit",
        "milestone",
        "change",
        "target",
        "before",
        "after",
    ];
    for c in v["scope"].as_array().cloned().unwrap_or_default() {
        has(&c, &scope_item, "a scope change");
    }
    assert_eq!(v["version"], 1);
    has(&v["roadmap"], &["title", "start"], "roadmap");
    has(&v["verdict"], &["status", "reasons"], "verdict");
    has(&v["totals"], &["entries", "hours"], "totals");
    let items = |key: &str| v[key].as_array().cloned().unwrap_or_default();
    for m in items("milestones") {
        let milestone = [
            "id",
            "title",
            "start",
            "end",
            "status",
            "completion",
            "scope_changes",
            "pace",
            "budget",
            "targets",
        ];
        has(&m, &milestone, "a milestone");
        if !m["pace"].is_null() {
            let pace = [
                "remaining_days",
                "hours_needed",
                "needed_per_day",
                "needed_per_week",
                "velocity_per_day",
                "projected_total",
                "projected_adherence",
                "projected_done",
            ];
            has(&m["pace"], &pace, "a pace");
        }
        let budget = [
            "planned_total",
            "planned_to_date",
            "actual_to_date",
            "adherence",
            "status",
            "periods_met",
            "periods_complete",
        ];
        has(&m["budget"], &budget, "a budget");
        for t in m["targets"].as_array().cloned().unwrap_or_default() {
            let target = [
                "id",
                "title",
                "goal",
                "amount",
                "progress",
                "completed_on",
                "recorded_in",
            ];
            has(&t, &target, "a target");
        }
    }
    for h in items("habits") {
        let habit = [
            "id",
            "every",
            "optional",
            "hits",
            "complete_periods",
            "hit_rate",
            "current_streak",
            "longest_streak",
            "current",
        ];
        has(&h, &habit, "a habit");
    }
    has(
        &v["practice"],
        &["minutes", "practice_days", "consistency", "current_streak"],
        "practice",
    );
    for s in items("skills") {
        has(
            &s,
            &["id", "priority", "group", "hours", "neglected"],
            "a skill",
        );
    }
    for g in items("groups") {
        let group = ["id", "hours", "hours_90d", "share_90d", "neglected"];
        has(&g, &group, "a skill group");
    }
    for x in items("mix") {
        has(&x, &["kind", "hours", "share"], "a mix row");
    }
    has(
        &v["history"],
        &[
            "backfilled_hours",
            "backfilled_share",
            "edits",
            "unrecorded",
        ],
        "history",
    );
    for p in items("people") {
        let person = [
            "author",
            "entries",
            "hours",
            "practice_days",
            "consistency",
            "current_streak",
        ];
        has(&p, &person, "a person");
    }
    if !v["change"].is_null() {
        let change = [
            "entries_added",
            "entries_edited",
            "entries_removed",
            "hours_added",
            "targets_completed",
            "milestones",
            "diagnostics_introduced",
            "diagnostics_fixed",
            "scope",
        ];
        has(&v["change"], &change, "change");
        for c in v["change"]["scope"].as_array().cloned().unwrap_or_default() {
            has(&c, &scope_item, "a scope change of the change");
        }
        for kind in ["entries_added", "entries_edited", "entries_removed"] {
            for e in v["change"][kind].as_array().cloned().unwrap_or_default() {
                let entry = [
                    "path",
                    "date",
                    "minutes",
                    "minutes_delta",
                    "summary",
                    "author",
                ];
                has(&e, &entry, "a changed entry");
            }
        }
        for kind in ["diagnostics_introduced", "diagnostics_fixed"] {
            for d in v["change"][kind].as_array().cloned().unwrap_or_default() {
                has(
                    &d,
                    &["file", "line", "code", "severity", "message"],
                    "a diagnostic",
                );
            }
        }
        for m in v["change"]["milestones"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            has(
                &m,
                &["id", "completion_before", "completion_after"],
                "a milestone change",
            );
        }
    }
}
