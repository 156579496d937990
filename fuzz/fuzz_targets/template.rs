//! The template sandbox on arbitrary input: the parent's reader of the
//! sandbox's reply (a JSON header line, then the announced bytes) on
//! arbitrary bytes, and a template of arbitrary text rendered in-process
//! with the sandbox's own bounds (fuel, output, value size, includes of its
//! folder only). Nothing may panic, and a reply is accepted only whole.
//!
//! The memory and processor-time limits belong to the separate process the
//! real command starts; in-process, a template that builds a huge string
//! without writing it is what those limits stop, so inputs with `~` inside a
//! loop are left to the integration tests.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pacenote::internals::report::template;
use std::sync::OnceLock;

fn data() -> &'static serde_json::Value {
    static D: OnceLock<serde_json::Value> = OnceLock::new();
    D.get_or_init(|| {
        serde_json::json!({
            "version": 1,
            "as_of": "2026-11-24",
            "roadmap": {"title": "A <b>plan</b> @team GH-1", "start": "2026-01-05"},
            "milestones": [
                {"id": "m", "title": "Month | 1", "completion": 0.5, "status": "on track",
                 "targets": [{"id": "t", "title": "x", "goal": 3, "amount": 1}]}
            ],
            "habits": [], "skills": [{"id": "rag", "hours": 1.5}],
            "totals": {"entries": 2, "hours": 3.5}
        })
    })
}

fuzz_target!(|input: &[u8]| {
    let (which, rest) = input.split_first().unwrap_or((&0, &[]));
    if which & 1 == 0 {
        // The reply channel.
        let _ = template::read_reply(std::io::Cursor::new(rest));
        return;
    }
    let source = String::from_utf8_lossy(rest);
    if source.contains('~') && source.contains("for") {
        return;
    }
    let out = template::render_source(
        "fuzz.j2",
        &source,
        std::path::Path::new("/nonexistent-fuzz-folder"),
        minijinja::Value::from_serialize(data()),
    );
    if let Ok(s) = out {
        assert!(s.len() <= template::MAX_OUTPUT);
    }
});
