//! Loads arbitrary bytes as a roadmap and as a journal entry, renders the
//! diagnostics in every format, and renders the report of what loaded (the
//! entry against each roadmap, with the diagnostics as its problems) as the
//! comment, JSON, text and HTML. Nothing may panic, hang or allocate without
//! bound, whatever the input; the comment stays within its limit and keeps
//! its marker.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::OnceLock;
use pacenote::internals::api::report_of;
use pacenote::internals::check::render;
use pacenote::internals::load::{self, entry::EntryContext, SourceFile};
use pacenote::internals::model::Roadmap;

/// The comment's limit: small enough that cutting is exercised.
const LIMIT: usize = 4_000;

fn roadmap() -> &'static Roadmap {
    static R: OnceLock<Roadmap> = OnceLock::new();
    R.get_or_init(load::default_roadmap)
}

fuzz_target!(|data: &[u8]| {
    let mut diags = Vec::new();
    let custom = load::load_roadmap("roadmap.yaml", data, &mut diags);

    let today = jiff::civil::date(2026, 11, 24);
    for rm in [Some(roadmap()), custom.as_ref()].into_iter().flatten() {
        let ctx = EntryContext {
            roadmap: rm,
            today,
            check_ids: true,
        };
        let file = SourceFile {
            path: "journal/2026/11/24-fuzz.yaml".into(),
            bytes: data.to_vec(),
        };
        let entries: Vec<_> = load::load_entry(&file, &ctx, &mut diags).into_iter().collect();
        let report = report_of(rm, entries, diags.clone(), today);
        let md = report.markdown(Some(LIMIT)).expect("the comment renders");
        assert!(md.chars().count() <= LIMIT, "{} > {LIMIT}", md.chars().count());
        assert!(md.starts_with("<!-- pacenote-report -->"), "{md:?}");
        let _ = report.json().expect("the JSON renders");
        let _ = report.text(true);
        let _ = report.html().expect("the page renders");
    }

    let text = String::from_utf8_lossy(data).into_owned();
    let sources: HashMap<String, String> = [
        ("roadmap.yaml".to_string(), text.clone()),
        ("journal/2026/11/24-fuzz.yaml".to_string(), text),
    ]
    .into_iter()
    .collect();
    let _ = render::human(&diags, &sources, true);
    let _ = render::json(&diags);
    let _ = render::github(&diags);
});
