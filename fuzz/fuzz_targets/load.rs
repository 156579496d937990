//! Loads arbitrary bytes as a roadmap and as a journal entry, and renders the
//! diagnostics in every format. Nothing may panic, hang or allocate without
//! bound, whatever the input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::OnceLock;
use pacenote::internals::check::render;
use pacenote::internals::load::{self, entry::EntryContext, SourceFile};
use pacenote::internals::model::Roadmap;

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
        let _ = load::load_entry(&file, &ctx, &mut diags);
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
