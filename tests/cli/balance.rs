//! SPEC §1.3 and §3 "Balance": the default plan keeps the craft — its AI
//! skills in group `ai`, the seed's six systems skills in group `systems` —
//! and the report says when one side is abandoned.

use crate::harness::TestRepo;
use serde_json::Value;

const AI_SKILLS: [&str; 5] = [
    "prompt-evals",
    "rag",
    "tool-calling",
    "mcp",
    "structured-outputs",
];

/// A repository made by `init` (start 2026-01-05) with one entry a day on
/// an AI skill for 28 days, 01-05..02-01, committed on 02-01.
fn ai_only() -> TestRepo {
    let mut r = TestRepo::new();
    r.today = "2026-01-05".into();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    r.commit("scaffold").expect(0);
    for day in 0..28 {
        let date = jiff::civil::date(2026, 1, 5)
            .checked_add(jiff::Span::new().days(day))
            .expect("a date");
        r.today = date.to_string();
        let skill = AI_SKILLS[day as usize % AI_SKILLS.len()];
        r.tm(&[
            "log",
            "40m",
            &format!("AI work, day {}", day + 1),
            "--skill",
            skill,
        ])
        .expect(0);
        r.commit(&format!("day {}", day + 1)).expect(0);
    }
    r
}

fn groups(j: &Value) -> Vec<(String, f64, bool, Value)> {
    j["groups"]
        .as_array()
        .expect("groups[]")
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap_or("?").to_string(),
                g["share_90d"].as_f64().unwrap_or(-1.0),
                g["neglected"].as_bool().unwrap_or(false),
                g["last_practised"].clone(),
            )
        })
        .collect()
}

fn balance_line(md: &str) -> &str {
    md.lines()
        .find(|l| l.starts_with("**Balance**"))
        .unwrap_or_else(|| panic!("no balance line in\n{md}"))
}

fn text_balance(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("balance"))
        .unwrap_or_else(|| panic!("no balance line in\n{text}"))
}

#[test]
fn four_weeks_of_ai_only_neglect_systems_and_one_systems_entry_clears_it() {
    let r = ai_only();
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    assert_eq!(
        groups(&j),
        vec![
            ("ai".into(), 1.0, false, Value::from("2026-02-01")),
            ("systems".into(), 0.0, true, Value::Null),
        ]
    );
    // 28 × 40 minutes = 18.6667 h.
    assert_eq!(j["groups"][0]["hours_90d"], 18.6667);
    let md = r.tm(&["report"]).expect(0).stdout();
    assert_eq!(
        balance_line(&md),
        "**Balance** (share of skill hours, last 90 days): ai 100% · systems 0% · ⚠️ **systems neglected**: never practised"
    );
    let text = r.tm(&["report", "--format", "text"]).expect(0).stdout();
    assert_eq!(
        text_balance(&text),
        "balance (90 days): ai 100% · systems 0% · systems neglected (never practised)"
    );

    // One entry on a systems skill, logged like any other, clears it.
    r.tm(&[
        "log",
        "30m",
        "Read a slow query's EXPLAIN plan",
        "--skill",
        "databases",
    ])
    .expect(0);
    r.commit("systems work").expect(0);
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    // 1120 minutes on AI, 30 on systems: 30 / 1150 = 0.0261.
    assert_eq!(
        groups(&j),
        vec![
            ("ai".into(), 0.9739, false, Value::from("2026-02-01")),
            ("systems".into(), 0.0261, false, Value::from("2026-02-01")),
        ]
    );
    let md = r.tm(&["report"]).expect(0).stdout();
    assert_eq!(
        balance_line(&md),
        "**Balance** (share of skill hours, last 90 days): ai 97% · systems 3%"
    );
}

#[test]
fn the_systems_ids_are_validated_and_suggested_by_log() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    let out = r
        .tm(&["log", "30m", "Postgres", "--skill", "databse"])
        .expect(1);
    assert!(
        out.stderr().contains("did you mean `databases`?"),
        "{}",
        out.stderr()
    );
    for id in [
        "databases",
        "concurrency",
        "distributed-systems",
        "observability",
        "security",
        "performance",
    ] {
        r.tm(&["log", "20m", &format!("Practised {id}"), "--skill", id])
            .expect(0);
    }
}

/// Round 1 fixed the default plan's budgets, targets and the 15 matrix
/// skills with their priorities; the systems skills are added beside them.
#[test]
fn the_default_plan_adds_the_systems_hedge_and_keeps_round_one() {
    let r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05"]).expect(0);
    assert!(r.read("roadmap.yaml").contains(
        "  - { id: databases, name: Databases (Postgres), priority: P1, group: systems,"
    ));
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    let skills: Vec<String> = j["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s["group"].as_str().unwrap_or("?"),
                s["priority"].as_str().unwrap_or("?"),
                s["id"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        skills,
        [
            "ai P0 prompt-evals",
            "ai P0 rag",
            "ai P0 tool-calling",
            "ai P0 mcp",
            "ai P0 structured-outputs",
            "ai P1 llm-observability",
            "ai P1 vector-dbs",
            "ai P1 agent-workflows",
            "ai P1 multi-agent",
            "ai P1 ai-safety",
            "ai P1 cost-latency",
            "ai P2 fine-tuning",
            "ai P2 distillation",
            "ai P2 inference-serving",
            "ai P3 training-from-scratch",
            "systems P1 databases",
            "systems P1 concurrency",
            "systems P1 distributed-systems",
            "systems P1 observability",
            "systems P1 security",
            "systems P1 performance",
        ]
    );
    let targets: Vec<String> = j["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| {
            let ts: Vec<String> = m["targets"]
                .as_array()
                .expect("targets")
                .iter()
                .map(|t| format!("{}={}", t["id"].as_str().unwrap_or("?"), t["goal"]))
                .collect();
            format!(
                "{} {} {}/{}: {}",
                m["id"].as_str().unwrap_or("?"),
                m["budget"]["hours"],
                m["budget"]["per"].as_str().unwrap_or("?"),
                m["budget"]["planned_total"],
                ts.join(" ")
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            "month-1 2.0 day/62.0: install-ai-tools=1.0 ship-ai-feature=1.0 read-anthropic-blogs=3.0 build-mcp-server=1.0",
            "quarter-1 8.0 week/96.0: deploy-rag-service=1.0 add-function-calling=1.0 write-evals=50.0 dlai-short-courses=1.0",
            "year-1 4.0 week/208.0: own-agentic-service=1.0 contribute-oss-ai=1.0 run-lora-finetune=1.0 speak-internally=1.0",
            "year-2 4.0 week/208.0: architect-ai-platform=1.0 pick-vertical=1.0 mentor-junior=1.0 product-taste=1.0",
        ]
    );
}

#[test]
fn groups_are_optional_and_an_unused_group_is_valid() {
    let mut r = TestRepo::new();
    r.today = "2026-03-01".into();
    r.write(
        "roadmap.yaml",
        "title: t\nstart: 2026-02-01\n\
         milestones:\n  - { id: m, title: m, duration: 4 weeks }\n\
         skills:\n\
         \x20 - { id: rust, name: Rust, priority: P0 }\n\
         \x20 - { id: pg, name: Postgres, priority: P1, group: systems }\n",
    );
    r.write(
        "journal/2026/02/20-rust.yaml",
        "date: 2026-02-20\nminutes: 60\nsummary: Rust\nskills: [rust]\n",
    );
    r.commit("plan").expect(0);
    r.tm(&["check"]).expect(0);
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    assert_eq!(
        groups(&j),
        vec![
            ("main".into(), 1.0, false, Value::from("2026-02-20")),
            ("systems".into(), 0.0, true, Value::Null),
        ]
    );
    // One group only: no balance figure and no balance line.
    r.write(
        "roadmap.yaml",
        "title: t\nstart: 2026-02-01\n\
         milestones:\n  - { id: m, title: m, duration: 4 weeks }\n\
         skills:\n  - { id: rust, name: Rust, priority: P0, group: lang }\n",
    );
    r.commit("one group").expect(0);
    let j = r.tm(&["report", "--format", "json"]).expect(0).json();
    assert_eq!(j["groups"], Value::Array(vec![]));
    let md = r.tm(&["report"]).expect(0).stdout();
    assert!(!md.contains("**Balance**"), "{md}");
}
