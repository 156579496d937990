//! The one-way pipeline (docs/architecture.md): every file of `src/` belongs
//! to a stage, and no file imports from a later stage. The stages, bottom
//! to top:
//!
//! support (`diag`, `error`, `fsx`, `out`, `build_info`)
//! ← `model` ← `load` ← `history` ← `check` ← `metrics` ← `report`
//! ← the library API ← `commands` (with `cli`) ← `main`.
//!
//! The test reads the source text: every `crate::<module>` path (also inside
//! `use crate::{a, b::c}` groups over several lines, and `$crate::` in
//! macros) and every `super::` path that climbs out of a stage to the crate
//! root names a module, and that module's stage must not be above the
//! file's. Comments and string literals are skipped.

use std::path::{Path, PathBuf};

/// The stages, bottom first. A module not listed here fails the test: a
/// new module must be given its place.
const STAGES: &[(&str, &[&str])] = &[
    ("support", &["diag", "error", "fsx", "out", "build_info"]),
    ("model", &["model"]),
    ("load", &["load"]),
    ("history", &["history"]),
    ("check", &["check"]),
    ("metrics", &["metrics"]),
    ("report", &["report"]),
    ("api", &["api"]),
    ("commands", &["commands", "cli"]),
];

fn rank_of_module(name: &str) -> Option<usize> {
    STAGES
        .iter()
        .position(|(_, modules)| modules.contains(&name))
}

/// The stage of a file, from its path under `src/`: `src/<module>.rs` or
/// `src/<module>/...`. `None` for `lib.rs` (it only declares the modules)
/// and `main.rs` (the top: it may use anything).
fn rank_of_file(rel: &str) -> Result<Option<usize>, String> {
    if rel == "lib.rs" || rel == "main.rs" {
        return Ok(None);
    }
    let first = rel.split('/').next().unwrap_or(rel);
    let module = first.strip_suffix(".rs").unwrap_or(first);
    rank_of_module(module).map(Some).ok_or_else(|| {
        format!("src/{rel}: module `{module}` has no stage in tests/architecture.rs")
    })
}

/// The module path of a file: `src/load/repo.rs` → `["load", "repo"]`,
/// `src/load/mod.rs` → `["load"]`.
fn module_path(rel: &str) -> Vec<String> {
    let no_ext = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = no_ext.split('/').map(str::to_string).collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// `src` with comments and the contents of string and character literals
/// replaced by spaces; line breaks are kept, so positions stay right.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(i + k).copied().unwrap_or('\0');
        if at(0) == '/' && at(1) == '/' {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if at(0) == '/' && at(1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if (at(0) == 'r' || (at(0) == 'b' && at(1) == 'r'))
            && !c
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && {
                let s = if at(0) == 'b' { 2 } else { 1 };
                let mut k = s;
                while at(k) == '#' {
                    k += 1;
                }
                at(k) == '"'
            }
        {
            // A raw string: r"..." or r#"..."# (also br).
            let s = if at(0) == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(s + hashes) == '#' {
                hashes += 1;
            }
            for _ in 0..=(s + hashes) {
                out.push(' ');
            }
            i += s + hashes + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|h| c.get(i + h) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(c[i]));
                i += 1;
            }
        } else if at(0) == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() {
                if c[i] == '\\' {
                    out.push(' ');
                    if let Some(&n) = c.get(i + 1) {
                        out.push(blank(n));
                    }
                    i += 2;
                } else if c[i] == '"' {
                    out.push(' ');
                    i += 1;
                    break;
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if at(0) == '\'' && (at(1) == '\\' || (at(2) == '\'' && at(1) != '\'')) {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime.
            out.push(' ');
            i += 1;
            while i < c.len() {
                if c[i] == '\\' {
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '\'' {
                    out.push(' ');
                    i += 1;
                    break;
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// One reference to a crate-level module: its line (1-based), the module
/// and the text that names it.
#[derive(Debug, PartialEq)]
struct Import {
    line: usize,
    module: String,
    text: String,
}

fn ident_at(c: &[char], mut i: usize) -> (String, usize) {
    let mut s = String::new();
    while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
        s.push(c[i]);
        i += 1;
    }
    (s, i)
}

fn skip_ws(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i].is_whitespace() {
        i += 1;
    }
    i
}

/// The first identifiers of the items of a `{ ... }` group starting at
/// `c[open]`, each with its offset: `{a, b::c, d::{e, f}}` → a, b, d.
fn group_heads(c: &[char], open: usize) -> Vec<(String, usize)> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    let mut i = open;
    while i < c.len() {
        match c[i] {
            '{' => {
                depth += 1;
                if depth == 1 {
                    expect_head = true;
                }
                i += 1;
            }
            '}' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                expect_head = true;
                i += 1;
            }
            ch if depth == 1 && expect_head && (ch.is_alphabetic() || ch == '_') => {
                let (id, end) = ident_at(c, i);
                heads.push((id, i));
                expect_head = false;
                i = end;
            }
            ch if ch.is_whitespace() => i += 1,
            _ => {
                if depth == 1 {
                    expect_head = false;
                }
                i += 1;
            }
        }
    }
    heads
}

/// Every crate-level module that `src` (the file at module path `path`)
/// refers to.
fn imports(src: &str, path: &[String]) -> Vec<Import> {
    let code = code_only(src);
    let c: Vec<char> = code.chars().collect();
    let line_of = |at: usize| c[..at].iter().filter(|&&ch| ch == '\n').count() + 1;
    let original: Vec<&str> = src.lines().collect();
    let text_of = |line: usize| original.get(line - 1).map_or("", |l| l.trim()).to_string();
    let mut found = Vec::new();
    let mut push = |module: String, at: usize| {
        let line = line_of(at);
        found.push(Import {
            line,
            module,
            text: text_of(line),
        });
    };
    // Inline modules (`mod tests { ... }`) seen so far: a `super::` inside
    // one climbs one level less. They are taken to run to the end of the
    // file, as test modules do.
    let mut inline_depth = 0usize;
    let mut i = 0;
    while i < c.len() {
        let word_start = i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        if !word_start || !(c[i].is_alphabetic() || c[i] == '_') {
            i += 1;
            continue;
        }
        let (word, end) = ident_at(&c, i);
        if word == "mod" {
            let j = skip_ws(&c, end);
            let (_, after_name) = ident_at(&c, j);
            if c.get(skip_ws(&c, after_name)) == Some(&'{') {
                inline_depth += 1;
            }
            i = end;
            continue;
        }
        let at_root_after: Option<usize> = if word == "crate" {
            // `crate::` or `$crate::`; not `pub(crate)`.
            if c.get(end) == Some(&':') && c.get(end + 1) == Some(&':') {
                Some(end + 2)
            } else {
                None
            }
        } else if word == "super" {
            let mut levels = 0;
            let mut k = i;
            loop {
                let (w, e) = ident_at(&c, k);
                if w == "super" && c.get(e) == Some(&':') && c.get(e + 1) == Some(&':') {
                    levels += 1;
                    k = e + 2;
                } else {
                    break;
                }
            }
            let depth = path.len() + inline_depth;
            if levels == 0 {
                None
            } else if levels >= depth {
                Some(k)
            } else {
                i = k;
                continue;
            }
        } else {
            None
        };
        let Some(next) = at_root_after else {
            i = end;
            continue;
        };
        if c.get(next) == Some(&'{') {
            for (module, at) in group_heads(&c, next) {
                if module != "self" {
                    push(module, at);
                }
            }
        } else {
            let (module, _) = ident_at(&c, next);
            if !module.is_empty() {
                push(module, next);
            }
        }
        i = next;
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("reads src/")
        .map(|e| e.expect("lists src/").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every import against the flow in the sources under `src`, as messages.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut bad = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(src)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        let rank = match rank_of_file(&rel) {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(e) => {
                bad.push(e);
                continue;
            }
        };
        let text = std::fs::read_to_string(file).expect("reads a source file");
        for imp in imports(&text, &module_path(&rel)) {
            match rank_of_module(&imp.module) {
                None => bad.push(format!(
                    "src/{rel}:{}: `{}` names `{}`, which has no stage in tests/architecture.rs",
                    imp.line, imp.text, imp.module
                )),
                Some(r) if r > rank => bad.push(format!(
                    "src/{rel}:{}: `{}` imports from `{}` (stage {}), later than this file's stage {}",
                    imp.line, imp.text, imp.module, STAGES[r].0, STAGES[rank].0
                )),
                Some(_) => {}
            }
        }
    }
    bad
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = violations(&src);
    assert!(
        bad.is_empty(),
        "imports against the pipeline (docs/architecture.md):\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_kind_of_import_is_found() {
    let src = r##"//! crate::report in a doc comment is no import
use crate::diag::Diagnostic;
use crate::{
    model::Roadmap,
    load::{self, entry},
};
fn f() -> String {
    let s = "crate::commands in a string";
    let r = r#"crate::cli"#;
    let c = '"';
    crate::out::errln!("x");
    $crate::out::stderr("y");
    pub(crate) fn g() {}
    super::super::history::scan();
    s.to_string()
}
mod tests {
    use super::*;
    use super::super::super::metrics::tests;
}
"##;
    let path = vec!["check".to_string(), "render".to_string()];
    let got: Vec<(usize, String)> = imports(src, &path)
        .into_iter()
        .map(|i| (i.line, i.module))
        .collect();
    let want: Vec<(usize, String)> = [
        (2, "diag"),
        (4, "model"),
        (5, "load"),
        (11, "out"),
        (12, "out"),
        (14, "history"),
        (19, "metrics"),
    ]
    .into_iter()
    .map(|(l, m)| (l, m.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn an_import_against_the_flow_is_named_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("pacenote-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("load")).expect("creates a folder");
    std::fs::write(
        dir.join("load/repo.rs"),
        "use crate::diag::Pos;\nuse crate::{\n    model::Roadmap,\n    history::History,\n};\n",
    )
    .expect("writes a file");
    std::fs::write(dir.join("model.rs"), "use super::metrics::Fact;\n").expect("writes a file");
    std::fs::write(dir.join("stray.rs"), "\n").expect("writes a file");
    let got = violations(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        got,
        vec![
            "src/load/repo.rs:4: `history::History,` imports from `history` (stage history), later than this file's stage load".to_string(),
            "src/model.rs:1: `use super::metrics::Fact;` imports from `metrics` (stage metrics), later than this file's stage model".to_string(),
            "src/stray.rs: module `stray` has no stage in tests/architecture.rs".to_string(),
        ]
    );
}
