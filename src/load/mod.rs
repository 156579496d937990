//! Loading: bytes from the work tree, the index or a commit become a roadmap
//! and journal entries, with positioned diagnostics for everything wrong.

pub(crate) mod cache;
pub(crate) mod duration;
pub(crate) mod entry;
pub(crate) mod envelope;
pub(crate) mod fields;
pub(crate) mod inputs;
pub(crate) mod repo;
pub(crate) mod roadmap;
pub(crate) mod yaml;

use crate::diag::Diagnostic;
use crate::diag::Pos;
use crate::diag::Rule;
use crate::model::Roadmap;
use entry::{EntryContext, LoadedEntry};
use fields::Sink;
use yaml::{Node, Value};

/// The default roadmap (SPEC §1.3), compiled into the binary.
pub const DEFAULT_ROADMAP_YAML: &str = include_str!("../default_roadmap.yaml");

/// One file to load: its repository-relative path and its content.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Turns raw bytes into a YAML tree, reporting encoding and syntax problems.
/// Returns `None` when there is nothing usable.
pub(crate) fn parse_document(
    path: &str,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    if bytes.len() > yaml::MAX_FILE_BYTES {
        diags.push(
            Diagnostic::error(
                path,
                None,
                Rule::FileTooLarge,
                format!(
                    "file is larger than {} bytes (1 MiB), the most pacenote reads",
                    yaml::MAX_FILE_BYTES
                ),
            )
            .with_hint("a journal entry is a few lines; split or shorten the file"),
        );
        return None;
    }
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        diags.push(
            Diagnostic::warning(
                path,
                Some(Pos { line: 1, column: 1 }),
                Rule::FileBom,
                "file starts with a UTF-8 byte-order mark",
            )
            .with_hint("save the file as UTF-8 without BOM"),
        );
        bytes = rest;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let column = valid.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
            diags.push(
                Diagnostic::error(
                    path,
                    Some(Pos { line, column }),
                    Rule::FileEncoding,
                    "file is not valid UTF-8",
                )
                .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    // A second byte-order mark (or one further in) is invisible, and the
    // key or value it touches would silently be another one.
    if let Some(at) = text.find('\u{FEFF}') {
        diags.push(
            Diagnostic::error(
                path,
                Some(pos_at(text, at)),
                Rule::FileBom,
                "a byte-order mark (U+FEFF) inside the file; it is invisible, and the key or value it touches would not be what it looks like",
            )
            .with_hint("delete it (an editor that shows invisible characters finds it), and save the file as UTF-8 without BOM"),
        );
        return None;
    }
    if let Some(at) = text.find('\0') {
        diags.push(
            Diagnostic::error(
                path,
                Some(pos_at(text, at)),
                Rule::FileEncoding,
                "file contains NUL bytes; it is not a text file",
            )
            .with_hint("journal entries are UTF-8 YAML text"),
        );
        return None;
    }
    match yaml::parse(text) {
        Ok(Some(node)) if node.is_null() => {
            diags.push(empty(path));
            None
        }
        Ok(Some(node)) => Some(node),
        Ok(None) => {
            diags.push(empty(path));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::error(path, e.pos, e.code, e.message).with_hint_opt(e.hint));
            None
        }
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn pos_at(text: &str, at: usize) -> Pos {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos { line, column }
}

fn empty(path: &str) -> Diagnostic {
    Diagnostic::error(path, Some(Pos { line: 1, column: 1 }), Rule::FileEmpty, "file is empty")
        .with_hint("an entry needs at least `date`, `minutes` and `summary`; delete the file if it is not an entry")
}

/// Loads a roadmap file; `None` (with diagnostics) if it has any error.
pub fn load_roadmap(path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Option<Roadmap> {
    let doc = parse_document(path, bytes, diags)?;
    let mut sink = Sink::new(path, diags);
    let roadmap = roadmap::read_roadmap(&mut sink, &doc);
    sink.finish();
    roadmap
}

/// The embedded default roadmap.
///
/// # Panics
///
/// Never in a released build: a unit test loads the embedded roadmap.
pub fn default_roadmap() -> Roadmap {
    let mut diags = Vec::new();
    match load_roadmap("roadmap.yaml", DEFAULT_ROADMAP_YAML.as_bytes(), &mut diags) {
        Some(r) => r,
        // The embedded roadmap is checked by a unit test; reaching this is a build defect.
        None => panic!("the embedded default roadmap is invalid: {diags:?}"),
    }
}

/// Loads one journal entry; `None` (with diagnostics) if it is unusable.
pub fn load_entry(
    file: &SourceFile,
    ctx: &EntryContext,
    diags: &mut Vec<Diagnostic>,
) -> Option<LoadedEntry> {
    let doc = parse_document(&file.path, &file.bytes, diags)?;
    if !matches!(doc.value, Value::Map(_)) {
        diags.push(
            Diagnostic::error(
                &file.path,
                Some(doc.pos),
                Rule::SchemaType,
                format!(
                    "a journal entry must be a mapping, found {}",
                    doc.kind_name()
                ),
            )
            .with_hint("write `date:`, `minutes:` and `summary:` lines at the top level"),
        );
        return None;
    }
    let mut sink = Sink::new(&file.path, diags);
    let entry = entry::read_entry(&mut sink, &file.path, &doc, ctx);
    sink.finish();
    entry
}

/// True for paths that are journal entries: `.yaml`/`.yml` under `journal/`.
pub(crate) fn is_entry_path(path: &str) -> bool {
    path.starts_with("journal/") && (path.ends_with(".yaml") || path.ends_with(".yml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_with_skills(skills: &str) -> (Option<LoadedEntry>, Vec<Diagnostic>) {
        let roadmap = default_roadmap();
        let ctx = entry::EntryContext {
            roadmap: &roadmap,
            today: jiff::civil::date(2026, 1, 9),
            check_ids: true,
        };
        let file = SourceFile {
            path: "journal/2026/01/08-many.yaml".into(),
            bytes: format!("date: 2026-01-08\nminutes: 30\nsummary: Read\nskills: [{skills}]\n")
                .into_bytes(),
        };
        let mut diags = Vec::new();
        let e = load_entry(&file, &ctx, &mut diags);
        (e, diags)
    }

    fn codes(diags: &[Diagnostic]) -> Vec<(Rule, crate::diag::Severity)> {
        diags.iter().map(|d| (d.code, d.severity)).collect()
    }

    /// A file lists its first 100 problems; one more counts the rest.
    #[test]
    fn a_file_lists_its_first_100_problems_and_counts_the_rest() {
        use crate::diag::Severity::{Error, Warning};
        let unknown: Vec<String> = (0..150).map(|i| format!("nope{i}")).collect();
        let (e, diags) = entry_with_skills(&unknown.join(", "));
        assert!(e.is_some(), "unknown skills leave the entry usable");
        assert_eq!(diags.len(), 101);
        assert!(diags[..100]
            .iter()
            .all(|d| d.code == Rule::EntryUnknownSkill && d.hint.is_some()));
        let last = &diags[100];
        assert_eq!(
            (last.code, last.severity, last.line),
            (Rule::FileTooManyProblems, Error, None)
        );
        assert_eq!(
            last.message,
            "50 more problems in this file are not listed (50 errors, 0 warnings): pacenote lists the first 100 of a file"
        );
        // Exactly 100 problems: all listed, nothing counted.
        let (_, diags) = entry_with_skills(&unknown[..100].join(", "));
        assert_eq!(codes(&diags), vec![(Rule::EntryUnknownSkill, Error); 100]);
        // Warnings left out make a warning; one error among them an error.
        let twice = vec!["mcp"; 102].join(", ");
        let (_, diags) = entry_with_skills(&twice);
        assert_eq!(diags.len(), 101);
        assert_eq!(codes(&diags[100..]), [(Rule::FileTooManyProblems, Warning)]);
        assert_eq!(
            diags[100].message,
            "1 more problems in this file are not listed (0 errors, 1 warnings): pacenote lists the first 100 of a file"
        );
        let (_, diags) = entry_with_skills(&format!("{twice}, nope"));
        assert_eq!(codes(&diags[100..]), [(Rule::FileTooManyProblems, Error)]);
    }

    /// A roadmap whose only error is past its first 100 problems is still
    /// refused.
    #[test]
    fn a_roadmap_error_left_out_of_the_list_still_refuses_the_roadmap() {
        let range = "  - {start: 2026-02-01, end: 2026-02-02}\n";
        let text = format!(
            "title: t\ntime_off:\n{}  - {{start: 2026-03-02, end: 2026-03-01}}\n",
            range.repeat(101)
        );
        let mut diags = Vec::new();
        assert!(load_roadmap("roadmap.yaml", text.as_bytes(), &mut diags).is_none());
        assert_eq!(diags.len(), 101);
        assert!(diags[..100]
            .iter()
            .all(|d| d.code == Rule::RoadmapTimeOffOverlap));
        assert_eq!(diags[100].code, Rule::FileTooManyProblems);
        assert_eq!(diags[100].severity, crate::diag::Severity::Error);
    }

    #[test]
    fn default_roadmap_is_valid_and_complete() {
        let r = default_roadmap();
        let ids: Vec<&str> = r.milestones.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["month-1", "quarter-1", "year-1", "year-2"]);
        // The 15 rows of the skills matrix and the six systems skills.
        let in_group = |g: &str| r.skills.iter().filter(|s| s.group == g).count();
        assert_eq!((in_group("ai"), in_group("systems")), (15, 6));
        assert_eq!(r.skills.len(), 21);
        assert_eq!(r.practice_minutes, 30);
        assert_eq!(r.habits.iter().filter(|h| h.optional).count(), 1);
        assert_eq!(
            r.milestones.iter().map(|m| m.targets.len()).sum::<usize>(),
            16
        );
    }

    #[test]
    fn bom_is_a_warning_and_bad_utf8_an_error() {
        let mut d = Vec::new();
        assert!(parse_document("a.yaml", b"\xEF\xBB\xBFa: 1\n", &mut d).is_some());
        assert_eq!(d[0].code, Rule::FileBom);
        let mut d = Vec::new();
        assert!(parse_document("a.yaml", b"a: 1\nb: \xff\n", &mut d).is_none());
        assert_eq!(
            (d[0].code, d[0].line, d[0].column),
            (Rule::FileEncoding, Some(2), Some(4))
        );
    }
}
