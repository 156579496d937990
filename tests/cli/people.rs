//! SPEC §3 "People": one author rule (`author:`, else the git author of the
//! recording commit, else the local git user) used by `log`, `check
//! --staged`, `check` and `report --author`; and SPEC §4 for shallow clones:
//! no history rule is judged against today.

use crate::harness::TestRepo;

fn entry(date: &str, minutes: u32, summary: &str) -> String {
    format!("date: {date}\nminutes: {minutes}\nsummary: {summary}\n")
}

fn codes(run: &crate::harness::Run) -> Vec<(String, String)> {
    crate::harness::diagnostic_pairs(&run.json()["diagnostics"], "file", "code")
}

#[test]
fn two_people_one_repository_every_command_agrees_on_whose_minutes_are_whose() {
    let mut r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    // Alice commits 600 minutes on 2026-01-08, without `author:`.
    r.write(
        "journal/2026/01/08-alice.yaml",
        &entry("2026-01-08", 600, "Alice built the RAG service"),
    );
    r.commit("alice").expect(0);

    // Bob, in the same repository: 400 minutes on the same day is his own
    // 400, under the cap of 960, for every command.
    r.who = ("Bob".into(), "bob@example.com".into());
    let logged = r
        .tm(&["log", "400", "Bob wrote evals", "--date", "2026-01-08"])
        .expect(0);
    assert_eq!(logged.stdout(), "journal/2026/01/08-bob-wrote-evals.yaml\n");
    r.git(&["add", "-A"]);
    r.tm(&["check", "--staged"]).expect(0);
    r.tm(&["check"]).expect(0);
    r.commit("bob").expect(0);
    let hours = |who: &str| {
        r.tm(&[
            "report",
            "--format",
            "json",
            "--author",
            who,
            "--as-of",
            "2026-01-10",
        ])
        .expect(0)
        .json()["totals"]["hours"]
            .clone()
    };
    assert_eq!(hours("Alice"), serde_json::json!(10.0));
    assert_eq!(hours("Bob"), serde_json::json!(6.6667));

    // 600 more of Bob's own minutes on that day is over the cap, for every
    // command alike.
    let refused = r
        .tm(&["log", "600", "Bob again", "--date", "2026-01-08"])
        .expect(1);
    assert!(
        refused.stderr().contains(
            "error[entry/daily-cap]: 2 entries by Bob log 1000 minutes on 2026-01-08, more than the daily limit of 960"
        ),
        "{}",
        refused.stderr()
    );
    r.write(
        "journal/2026/01/08-bob-again.yaml",
        &entry("2026-01-08", 600, "Bob again"),
    );
    r.git(&["add", "-A"]);
    let want = vec![(
        "journal/2026/01/08-bob-again.yaml".to_string(),
        "entry/daily-cap".to_string(),
    )];
    let staged = r.tm(&["check", "--staged", "--format", "json"]).expect(1);
    assert_eq!(codes(&staged), want);
    let full = r.tm(&["check", "--format", "json"]).expect(1);
    assert_eq!(
        codes(&full),
        vec![
            (
                "journal/2026/01/08-bob-again.yaml".to_string(),
                "entry/daily-cap".to_string()
            ),
            (
                "journal/2026/01/08-bob-wrote-evals.yaml".to_string(),
                "entry/daily-cap".to_string()
            ),
        ]
    );
    let report = r
        .tm(&[
            "report",
            "--format",
            "json",
            "--author",
            "Bob",
            "--as-of",
            "2026-01-10",
        ])
        .expect(0);
    let quality: Vec<String> = report.json()["quality"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["file"].as_str().unwrap_or(""),
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        quality,
        [
            "journal/2026/01/08-bob-again.yaml entry/daily-cap",
            "journal/2026/01/08-bob-wrote-evals.yaml entry/daily-cap"
        ]
    );
}

#[test]
fn a_shallow_clone_never_measures_backfill_against_today() {
    let mut r = TestRepo::new();
    r.tm(&["init", "--start", "2026-01-05", "--workflow", "none"])
        .expect(0);
    r.today = "2026-01-08".into();
    r.write(
        "journal/2026/01/08-on-time.yaml",
        &entry("2026-01-08", 45, "Recorded on the day"),
    );
    r.commit("on time").expect(0);
    r.today = "2026-01-09".into();
    r.write("notes.txt", "later\n");
    r.commit("later").expect(0);
    let origin = format!("file://{}", r.path().display());
    r.git(&["clone", "-q", "--depth", "1", &origin, "shallow"]);
    // 59 days later, in the shallow clone.
    r.today = "2026-03-08".into();
    let checked = r.tm(&["-C", "shallow", "check", "--strict"]).expect(0);
    assert_eq!(
        checked.stderr(),
        "note: this is a shallow clone, so when and by whom 1 committed entry were recorded cannot be known: their backfill and their share of the daily cap were not checked\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)\nchecked 2 files: 0 errors, 0 warnings\n"
    );
    // An entry not committed yet is recorded by the coming commit: today.
    r.write(
        "shallow/journal/2026/01/07-late.yaml",
        &entry("2026-01-07", 30, "Logged two months late"),
    );
    let late = r
        .tm(&["-C", "shallow", "check", "--format", "json"])
        .expect(0);
    assert_eq!(
        codes(&late),
        vec![(
            "journal/2026/01/07-late.yaml".to_string(),
            "entry/backfill".to_string()
        )]
    );
    // The rules that need the whole history refuse, with the way out.
    for args in [
        &["-C", "shallow", "check", "--base", "HEAD"][..],
        &["-C", "shallow", "report"][..],
    ] {
        let refused = r.tm(args).expect(2);
        assert_eq!(
            refused.stderr(),
            "error: this is a shallow clone: its history is cut, so when entries were recorded cannot be known\n  hint: fetch the whole history with `git fetch --unshallow` (on GitHub Actions: `fetch-depth: 0` on actions/checkout)\n",
            "{args:?}"
        );
    }
}
