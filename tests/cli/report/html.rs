//! `report --format html` (SPEC §5): one self-contained page, the same data
//! as the JSON, charts with text alternatives, and user text that stays text
//! in the parsed DOM. The browser checks (no request, no console error, axe)
//! are in tests/browser/ and run by .ci/run.

use super::dom;
use super::{example_repo, hostile_repo, report, EXAMPLE_DAY};
use crate::harness::TestRepo;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What each chart says: its title, description and data table, as text.
fn outline(doc: &Html) -> String {
    let mut out = String::new();
    for h in doc.select(&sel("h1, header .verdict, header dl div")) {
        out.push_str(&format!("{}\n", text_of(h)));
    }
    for f in doc.select(&sel("figure.chart")) {
        let id = f.value().id().unwrap_or("?");
        let title = f.select(&sel("svg > title")).next().map(text_of);
        let desc = f.select(&sel("svg > desc")).next().map(text_of);
        out.push_str(&format!(
            "\n## {id}: {}\n{}\n",
            title.unwrap_or_default(),
            desc.unwrap_or_default()
        ));
        for row in f.select(&sel("details table tr")) {
            let cells: Vec<String> = row.select(&sel("th, td")).map(text_of).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

#[test]
fn the_example_dashboard_is_one_page_with_every_chart() {
    let r = example_repo();
    let page = report(&r, &["--format", "html", "--as-of", EXAMPLE_DAY]);
    assert!(
        page.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{page:.200}"
    );
    assert!(page.len() < 1024 * 1024, "{} bytes", page.len());
    let doc = dom::assert_safe(&page);
    let charts: Vec<&str> = doc
        .select(&sel("figure.chart"))
        .filter_map(|f| f.value().id())
        .collect();
    assert_eq!(
        charts,
        [
            "chart-burnup",
            "chart-weekly",
            "chart-calendar",
            "chart-habits",
            "chart-skills",
            "chart-mix"
        ]
    );
    let sections: Vec<&str> = doc
        .select(&sel("main > section"))
        .filter_map(|s| s.value().id())
        .collect();
    assert_eq!(
        sections,
        [
            "next",
            "milestones",
            "weekly",
            "calendar",
            "habits",
            "practice",
            "skills",
            "mix",
            "quality"
        ]
    );
    // Every chart: an SVG with shapes, a title and a description it is
    // labelled by, and its data as a table behind a <details>.
    for f in doc.select(&sel("figure.chart")) {
        let svg = f.select(&sel("svg[role=img]")).next().expect("an svg");
        assert!(svg.select(&sel("rect, path, line")).count() >= 2);
        let t = svg.select(&sel("title")).next().expect("title");
        let d = svg.select(&sel("desc")).next().expect("desc");
        assert_eq!(
            svg.value().attr("aria-labelledby"),
            Some(
                format!(
                    "{} {}",
                    t.value().id().expect("id"),
                    d.value().id().expect("id")
                )
                .as_str()
            )
        );
        assert!(f.select(&sel("details > summary")).next().is_some());
        assert!(f.select(&sel("details table tbody tr")).count() > 0);
    }
    insta::assert_snapshot!("example_html_outline", outline(&doc));
}

#[test]
fn the_dashboard_shows_the_json_figures() {
    let r = example_repo();
    let page = report(&r, &["--format", "html", "--as-of", EXAMPLE_DAY]);
    let json: serde_json::Value =
        serde_json::from_str(&report(&r, &["--format", "json", "--as-of", EXAMPLE_DAY]))
            .expect("json");
    let doc = Html::parse_document(&page);
    // One milestones row per milestone, with its status and completion.
    let rows: Vec<String> = doc
        .select(&sel("table.milestones tbody tr"))
        .map(text_of)
        .collect();
    let ms = json["milestones"].as_array().expect("milestones");
    assert_eq!(rows.len(), ms.len());
    for (row, m) in rows.iter().zip(ms) {
        let status = m["status"].as_str().expect("status");
        assert!(row.contains(status), "{row} lacks {status}");
        if let Some(c) = m["completion"].as_f64() {
            let pct = format!("{:.0}%", c * 100.0);
            assert!(row.contains(&pct), "{row} lacks {pct}");
        }
    }
    // The weekly table holds every week of the series, with its hours.
    let weeks: Vec<Vec<String>> = doc
        .select(&sel("#chart-weekly details tbody tr"))
        .map(|r| r.select(&sel("th, td")).map(text_of).collect())
        .collect();
    let series = json["series"]["weekly"].as_array().expect("weekly");
    assert_eq!(weeks.len(), series.len());
    for (row, w) in weeks.iter().zip(series) {
        assert_eq!(row[0], w["start"].as_str().expect("start"));
        let hours = w["hours"].as_f64().expect("hours");
        assert_eq!(
            row[2],
            format!(
                "{} h",
                pacenote::internals::report::markdown::fmt_num(hours)
            )
        );
    }
    // The calendar has a cell per day of the last 12 months.
    assert_eq!(
        doc.select(&sel("#chart-calendar rect.day title")).count(),
        365
    );
}

#[test]
fn hostile_text_stays_text_in_the_dashboard() {
    let r = hostile_repo();
    let page = report(
        &r,
        &[
            "--format",
            "html",
            "--base",
            "main",
            "--as-of",
            "2026-01-10",
        ],
    );
    let doc = dom::assert_safe(&page);
    // The attacks are there, as text a reader can see.
    let texts = dom::texts(&doc).join("\n");
    for shown in [
        "<img src=https://evil.example/pixel.gif width=1 height=1></details><script>alert(1)</script><!-- pacenote-report -->",
        "Month 1 — </details></summary><script>alert(1)</script>",
        "[click me](javascript:alert(1)) <javascript:alert(2)> <a href=\"javascript:alert(3)\">x</a>",
        "Habit</td></tr></table><img src=//evil.example/h.png>",
        "Mallory | <img src=x> @octocat",
        "bidi evil and zerobell and `code | pipe` and \\| escaped pipe",
        "Pwn | the | table <img src=https://evil.example/pixel.gif> @octocat",
    ] {
        assert!(texts.contains(shown), "missing {shown:?} in\n{texts}");
    }
    // Every chart and section is there despite the text around them.
    assert_eq!(doc.select(&sel("figure.chart")).count(), 6);
    assert_eq!(doc.select(&sel("#change")).count(), 1);
    assert_eq!(doc.select(&sel("#people tbody tr")).count(), 3);
    assert!(!page.contains('\u{202e}') && !page.contains('\u{7}'));
}

/// The page draws aggregates, never an element per entry: a journal with
/// twice the entries on the same days gives a page of the same shape.
#[test]
fn the_page_grows_with_the_calendar_not_with_the_entries() {
    let shape = |per_day: usize| {
        let mut r = TestRepo::new();
        r.today = "2026-12-31".into();
        let mut d = jiff::civil::date(2026, 1, 5);
        while d <= jiff::civil::date(2026, 12, 31) {
            for k in 0..per_day {
                r.write(
                    &format!("journal/{}/{:02}/{:02}-e{k}.yaml", d.year(), d.month(), d.day()),
                    &format!("date: {d}\nminutes: 20\nsummary: Entry {k}\nskills: [rag]\nhabits: [weekly-reading]\n"),
                );
            }
            d = d.tomorrow().expect("date");
        }
        r.commit("a year").expect(0);
        let page = r
            .tm(&["report", "--format", "html", "--as-of", "2026-12-31"])
            .expect(0)
            .stdout();
        let doc = dom::assert_safe(&page);
        (dom::elements(&doc), page.len())
    };
    let (one, bytes_one) = shape(1);
    let (three, bytes_three) = shape(3);
    // Only the verdict's reasons (at most three items) depend on the
    // figures, not on how many entries made them.
    assert!(
        one.abs_diff(three) <= 3,
        "{one} and {three} elements, {bytes_one} and {bytes_three} bytes"
    );
    assert!(one < 4_000, "{one} elements");
}

/// Time off (SPEC §3) shows on the page: named in the headline, marked in
/// the calendar, and a habit period spent off is no miss in its strip.
#[test]
fn days_off_are_marked_in_the_calendar_and_the_habit_strips() {
    let mut r = TestRepo::new();
    r.today = "2026-03-25".into();
    r.write(
        "roadmap.yaml",
        "title: Plan\nstart: 2026-03-02\nmilestones:\n  - id: m\n    title: M — a month\n    after: 0\n    duration: 8 weeks\n    budget: { hours: 4, per: week }\n    targets: [{ id: t, title: T }]\nhabits:\n  - { id: h, title: Read, every: week }\ntime_off:\n  - { start: 2026-03-16, end: 2026-03-22, reason: \"Holiday <b>\" }\n  - { start: 2026-03-23, end: 2026-03-29, author: someone-else }\n",
    );
    r.write(
        "journal/2026/03/02-a.yaml",
        "date: 2026-03-02\nminutes: 40\nsummary: Read\nhabits: [h]\n",
    );
    r.write(
        "journal/2026/03/24-b.yaml",
        "date: 2026-03-24\nminutes: 30\nsummary: Back\n",
    );
    r.commit("plan").expect(0);
    let page = r
        .tm(&["report", "--format", "html", "--as-of", "2026-03-25"])
        .expect(0)
        .stdout();
    let doc = dom::assert_safe(&page);
    let off: Vec<String> = doc
        .select(&sel("#chart-calendar rect.off title"))
        .map(text_of)
        .collect();
    assert_eq!(
        off,
        (16..=22)
            .map(|d| format!("2026-03-{d}: 0 min, off (Holiday <b>)"))
            .collect::<Vec<_>>(),
        "only the team's range is off for the team's figures"
    );
    let strip: Vec<String> = doc
        .select(&sel("#chart-habits rect.cell title"))
        .map(text_of)
        .collect();
    assert_eq!(
        strip,
        [
            "week from 2026-03-02: 1 of 1 — hit",
            "week from 2026-03-09: 0 of 1 — missed",
            "week from 2026-03-16: 0 of 1 — off",
            "week from 2026-03-23: 0 of 1 — open (current)",
        ]
    );
    assert!(doc
        .select(&sel("#chart-habits .legend li"))
        .any(|li| text_of(li) == "all days off"));
}

/// A team's per-person table is folded once it is longer than a screen.
#[test]
fn many_people_are_folded() {
    let r = TestRepo::new();
    for n in 0..13 {
        r.write(
            &format!("journal/2026/01/05-p{n}.yaml"),
            &format!("date: 2026-01-05\nminutes: 30\nsummary: Work\nauthor: person-{n:02}\n"),
        );
    }
    r.commit("team").expect(0);
    let page = r.tm(&["report", "--format", "html"]).expect(0).stdout();
    let doc = dom::assert_safe(&page);
    assert_eq!(doc.select(&sel("#people > details tbody tr")).count(), 13);
    let few = hostile_repo();
    let page = report(&few, &["--format", "html", "--base", "main"]);
    let doc = dom::assert_safe(&page);
    assert_eq!(doc.select(&sel("#people > details")).count(), 0);
    assert_eq!(doc.select(&sel("#people tbody tr")).count(), 3);
}
