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
    let mut sink = Sink { file: path, diags };
    roadmap::read_roadmap(&mut sink, &doc)
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
    let mut sink = Sink {
        file: &file.path,
        diags,
    };
    entry::read_entry(&mut sink, &file.path, &doc, ctx)
}

/// True for paths that are journal entries: `.yaml`/`.yml` under `journal/`.
pub(crate) fn is_entry_path(path: &str) -> bool {
    path.starts_with("journal/") && (path.ends_with(".yaml") || path.ends_with(".yml"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
