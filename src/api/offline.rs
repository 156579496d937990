//! A report of loaded entries without a repository (no history, no
//! change): what the fuzz targets render in every format.

use super::people::facts_from;
use super::Report;
use crate::diag::Diagnostic;
use crate::load::entry::LoadedEntry;
use crate::model::Roadmap;
use crate::report::{self, Inputs};
use jiff::civil::Date;

/// The report of `entries` (with `diagnostics` as its problems) against
/// `roadmap` on `as_of`, as if no entry were committed yet.
pub fn report_of(
    roadmap: &Roadmap,
    entries: Vec<LoadedEntry>,
    diagnostics: Vec<Diagnostic>,
    as_of: Date,
) -> Report {
    let facts = facts_from(entries, None, "fuzz");
    let data = report::build(
        Inputs {
            roadmap,
            roadmap_source: "roadmap.yaml".into(),
            facts: &facts,
            as_of,
            author: None,
            history_available: false,
            edits: Vec::new(),
            diagnostics,
            invalid_entries: 0,
            change: None,
            corrections: 0,
            corrected_minutes: 0,
            scope: crate::history::scope::Scope::default(),
        },
        as_of,
    );
    let mut authors: Vec<String> = facts.iter().map(|f| f.author.to_string()).collect();
    authors.sort_unstable();
    authors.dedup();
    Report {
        data,
        authors,
        inputs: Box::new(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, entry::EntryContext, SourceFile};

    #[test]
    fn a_report_of_one_entry_renders_in_every_format() {
        let roadmap = load::default_roadmap();
        let today = jiff::civil::date(2026, 1, 9);
        let ctx = EntryContext {
            roadmap: &roadmap,
            today,
            check_ids: true,
        };
        let file = SourceFile {
            path: "journal/2026/01/08-x.yaml".into(),
            bytes: b"date: 2026-01-08\nminutes: 90\nsummary: Built it\nauthor: Ada\n".to_vec(),
        };
        let mut diags = Vec::new();
        let e = load::load_entry(&file, &ctx, &mut diags).expect("an entry");
        let r = report_of(&roadmap, vec![e], diags, today);
        assert_eq!(r.authors(), ["Ada"]);
        assert_eq!(r.data().totals.hours, 1.5);
        let md = r.markdown(Some(65_536)).expect("the comment");
        assert!(md.starts_with("<!-- pacenote-report -->\n"), "{md}");
        assert!(r.json().expect("the JSON").contains("\"hours\": 1.5"));
        assert!(r.html().expect("the page").starts_with("<!doctype html>"));
        assert!(!r.text(false).is_empty());
    }
}
