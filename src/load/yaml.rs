//! A small YAML tree that keeps the source position of every node.
//!
//! serde stops at the first problem and forgets where values came from; the
//! validator needs every node's line and column to report all problems at once.
//! The tree is built from the events of `yaml-rust2`'s parser with hard limits on
//! depth, node count (alias expansion included) and input size, so hostile input
//! costs bounded time and memory.

use crate::diag::Pos;
use crate::diag::Rule;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Largest file pacenote parses, in bytes.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting of sequences and mappings accepted.
pub(crate) const MAX_DEPTH: usize = 64;
/// Most nodes one document may expand to, aliases included.
pub(crate) const MAX_NODES: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// A scalar; `plain` is false when it was quoted or a block scalar.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub pos: Pos,
    pub value: Value,
}

impl Node {
    /// A plain `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// What kind of YAML value this is, in words for error messages.
    pub(crate) fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "null",
            Value::Scalar { text, plain: true } => {
                if text.parse::<i64>().is_ok() {
                    "an integer"
                } else if text.parse::<f64>().is_ok() {
                    "a number"
                } else if matches!(text.as_str(), "true" | "false" | "True" | "False") {
                    "a boolean"
                } else {
                    "a string"
                }
            }
            Value::Scalar { .. } => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Why a document could not be turned into a tree.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct YamlError {
    pub pos: Option<Pos>,
    pub code: Rule,
    pub message: String,
    pub hint: Option<String>,
}

fn pos_of(m: &Marker) -> Pos {
    Pos {
        line: m.line() as u32,
        column: m.col() as u32 + 1,
    }
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        items: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parses one YAML document into a positioned tree.
///
/// Returns `Ok(None)` for a stream without a document (an empty file or only
/// comments). More than one document is an error: an entry is one mapping.
pub(crate) fn parse(src: &str) -> Result<Option<Node>, YamlError> {
    if src.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            pos: None,
            code: Rule::YamlTooLarge,
            message: format!(
                "file is {} bytes; pacenote reads files of at most {} bytes",
                src.len(),
                MAX_FILE_BYTES
            ),
            hint: Some("split it: a journal entry is a few lines of YAML".into()),
        });
    }
    let mut parser = Parser::new_from_str(src);
    let mut stack: Vec<Frame> = Vec::new();
    // Each anchored node, with its depth (levels of nesting it holds), so
    // that an alias copied in deep cannot nest past `MAX_DEPTH`.
    let mut anchors: std::collections::HashMap<usize, (Node, usize)> =
        std::collections::HashMap::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut nodes = 0usize;
    let mut aliased = false;
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| syntax_error(src, pos_of(e.marker()), e.info()))?;
        let pos = pos_of(&mark);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        pos: Some(pos),
                        code: Rule::YamlMultipleDocuments,
                        message: "file holds more than one YAML document".into(),
                        hint: Some("keep one document per file; remove the `---` separator and put each entry in its own file".into()),
                    });
                }
                None
            }
            Event::Alias(id) => {
                let Some((target, depth)) = anchors.get(&id) else {
                    return Err(YamlError {
                        pos: Some(pos),
                        code: Rule::YamlSyntax,
                        message: "alias to an unknown anchor".into(),
                        hint: Some("define the anchor (`&name`) before its alias (`*name`), or write the value out".into()),
                    });
                };
                aliased = true;
                if stack.len() + depth > MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                let size = count_nodes(target);
                nodes += size;
                if nodes > MAX_NODES {
                    return Err(too_many_nodes(pos, true));
                }
                let mut copy = target.clone();
                copy.pos = pos;
                Some((copy, 0))
            }
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                // `!!str` only says what quoting would: the value is a string.
                let str_tag = tag.as_ref().is_some_and(|t| tag_name(t) == "!!str");
                if !str_tag {
                    refuse_tag(src, tag.as_ref(), pos)?;
                }
                Some((
                    Node {
                        pos,
                        value: Value::Scalar {
                            text,
                            plain: style == TScalarStyle::Plain && !str_tag,
                        },
                    },
                    anchor,
                ))
            }
            Event::SequenceStart(anchor, tag) => {
                nodes += 1;
                refuse_tag(src, tag.as_ref(), pos)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                stack.push(Frame::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                });
                None
            }
            Event::MappingStart(anchor, tag) => {
                nodes += 1;
                refuse_tag(src, tag.as_ref(), pos)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                stack.push(Frame::Map {
                    pos,
                    anchor,
                    items: Vec::new(),
                    key: None,
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { pos, anchor, items }) => Some((
                    Node {
                        pos,
                        value: Value::Seq(items),
                    },
                    anchor,
                )),
                _ => return Err(internal(pos)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    pos, anchor, items, ..
                }) => Some((
                    Node {
                        // A block mapping's event points past its first key;
                        // the mapping starts where that key does.
                        pos: items.first().map_or(pos, |(k, _)| k.pos.min(pos)),
                        value: Value::Map(items),
                    },
                    anchor,
                )),
                _ => return Err(internal(pos)),
            },
        };
        if nodes > MAX_NODES {
            return Err(too_many_nodes(pos, aliased));
        }
        let Some((node, anchor)) = finished else {
            continue;
        };
        if anchor != 0 {
            let depth = depth_of(&node);
            anchors.insert(anchor, (node.clone(), depth));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { items, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => items.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// The levels of nesting a node holds: 0 for a scalar.
fn depth_of(node: &Node) -> usize {
    match &node.value {
        Value::Scalar { .. } => 0,
        Value::Seq(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        Value::Map(items) => {
            1 + items
                .iter()
                .map(|(k, v)| depth_of(k).max(depth_of(v)))
                .max()
                .unwrap_or(0)
        }
    }
}

/// Where the tag before the node at `pos` starts: the parser's position is
/// the node's, after the tag; the tag is the last `!…` word before it on
/// the line (else the node's position is kept).
fn tag_pos(src: &str, pos: Pos) -> Pos {
    let Some(line) = src.lines().nth(pos.line.saturating_sub(1) as usize) else {
        return pos;
    };
    let before: Vec<char> = line
        .chars()
        .take(pos.column.saturating_sub(1) as usize)
        .collect();
    let Some(bang) = before.iter().rposition(|&c| c == '!') else {
        return pos;
    };
    let start = before[..bang]
        .iter()
        .rposition(|c| c.is_whitespace() || matches!(c, '[' | '{' | ','))
        .map_or(0, |p| p + 1);
    Pos {
        line: pos.line,
        column: start as u32 + 1,
    }
}

/// A tag as written: `!!binary`, `!python/object`, `!<tag:x>`.
fn tag_name(t: &Tag) -> String {
    if t.handle == "tag:yaml.org,2002:" {
        format!("!!{}", t.suffix)
    } else {
        format!("{}{}", t.handle, t.suffix)
    }
}

/// Tags (`!!binary`, `!!python/object`, `!custom`) would change what a
/// value means, and pacenote gives them no meaning: refused, never ignored.
fn refuse_tag(src: &str, tag: Option<&Tag>, pos: Pos) -> Result<(), YamlError> {
    let Some(t) = tag else { return Ok(()) };
    let pos = tag_pos(src, pos);
    let name: String = tag_name(t).chars().take(60).collect();
    Err(YamlError {
        pos: Some(pos),
        code: Rule::YamlTag,
        message: format!("the YAML tag `{name}` is not supported"),
        hint: Some(
            "remove the tag and write the value plainly (quote it to make it a string); pacenote gives tags no meaning and never ignores one"
                .into(),
        ),
    })
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(items) => {
            1 + items
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
    }
}

fn too_deep(pos: Pos) -> YamlError {
    YamlError {
        pos: Some(pos),
        code: Rule::YamlTooDeep,
        message: format!("nesting is deeper than {MAX_DEPTH} levels"),
        hint: Some("journal entries and roadmaps need only a few levels of nesting".into()),
    }
}

fn too_many_nodes(pos: Pos, aliased: bool) -> YamlError {
    if aliased {
        YamlError {
            pos: Some(pos),
            code: Rule::YamlTooLarge,
            message: format!("document expands to more than {MAX_NODES} values (aliases included)"),
            hint: Some(
                "remove the anchors and aliases (`&name`, `*name`) that multiply the document"
                    .into(),
            ),
        }
    } else {
        YamlError {
            pos: Some(pos),
            code: Rule::YamlTooLarge,
            message: format!("document has more than {MAX_NODES} values"),
            hint: Some(
                "a journal entry is a few lines and a roadmap a few hundred; split the file".into(),
            ),
        }
    }
}

fn internal(pos: Pos) -> YamlError {
    YamlError {
        pos: Some(pos),
        code: Rule::YamlSyntax,
        message: "unbalanced YAML structure".into(),
        hint: Some("check the brackets and indentation".into()),
    }
}

/// A syntax error from the parser, moved to where a person would fix it and
/// given a hint for the usual causes.
fn syntax_error(src: &str, at: Pos, info: &str) -> YamlError {
    let line_text = src
        .lines()
        .nth(at.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let mut pos = at;
    let hint = if info.contains("tab") {
        if let Some(i) = line_text.chars().position(|c| c == '\t') {
            pos.column = i as u32 + 1;
        }
        "YAML indentation must use spaces, not tabs; replace the tab with spaces".to_string()
    } else if let Some((open, p)) =
        unclosed_bracket(src, at).filter(|(_, p)| p.line < at.line || info.contains("flow"))
    {
        // An error while a `[` or `{` of an earlier line is still open is
        // almost always that bracket's missing partner.
        pos = p;
        let (close, what) = if open == '[' {
            (']', "list")
        } else {
            ('}', "mapping")
        };
        format!("this `{open}` is never closed; add `{close}` where the {what} ends")
    } else if info.contains("flow sequence") || info.contains("flow mapping") {
        "close every `[` with `]` and every `{` with `}`".to_string()
    } else if let Some(p) = (info.contains("expect ':'") || info.contains("expected ':'"))
        .then(|| missing_space_after_colon(src, at))
        .flatten()
    {
        pos = p;
        "put a space after the `:` of a key, e.g. `minutes: 45`".to_string()
    } else if info.contains("did not find expected key") && line_text.trim_start().starts_with("- ")
    {
        "this list item belongs to no key; put it under one, e.g. `skills:` with the items indented below".to_string()
    } else if info.contains("mapping values are not allowed") {
        let indented = line_text.starts_with(' ');
        let first_colon = line_text.find(": ").or_else(|| line_text.find(':'));
        let at_first =
            first_colon.is_some_and(|i| line_text[..i].chars().count() + 1 == at.column as usize);
        if indented && at_first {
            "this line is indented more than the keys above it; align it with them, or quote the value it continues".to_string()
        } else {
            "a value containing `: ` must be quoted, e.g. summary: \"Read: RAG paper\"".to_string()
        }
    } else if info.contains("anchor") {
        "define the anchor (`&name`) before its alias (`*name`), or write the value out".to_string()
    } else {
        "check the indentation and quoting on this line".to_string()
    };
    YamlError {
        pos: Some(pos),
        code: Rule::YamlSyntax,
        message: format!("invalid YAML: {info}"),
        hint: Some(hint),
    }
}

/// The first `key:value` (no space after the colon) on the lines up to `at`:
/// YAML reads it as text, and the error shows only on a later line.
fn missing_space_after_colon(src: &str, at: Pos) -> Option<Pos> {
    for (ln, text) in src.lines().enumerate().take(at.line as usize) {
        let indent = text.len() - text.trim_start_matches([' ', '-']).len();
        let rest = &text[indent..];
        let key_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        let after = rest.as_bytes().get(key_len + 1);
        if key_len > 0
            && rest.as_bytes().get(key_len) == Some(&b':')
            && after.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'"' | b'\'' | b'['))
        {
            return Some(Pos {
                line: ln as u32 + 1,
                column: (indent + key_len + 1) as u32,
            });
        }
    }
    None
}

/// The innermost `[` or `{` still open at `at`, ignoring quoted text and
/// comments.
fn unclosed_bracket(src: &str, at: Pos) -> Option<(char, Pos)> {
    let mut stack: Vec<(char, Pos)> = Vec::new();
    for (ln, text) in src.lines().enumerate() {
        let line = ln as u32 + 1;
        if line > at.line {
            break;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in text.chars().enumerate() {
            let column = col as u32 + 1;
            if line == at.line && column >= at.column {
                break;
            }
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                // Any other character inside quotes falls through to the end.
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev == ' ' => break,
                (None, '[' | '{') => stack.push((c, Pos { line, column })),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    stack.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Node {
        parse(src).expect("parses").expect("has a document")
    }

    /// The innermost bracket still open where an error is: closed ones,
    /// quoted and commented ones and those after the error do not count.
    #[test]
    fn the_bracket_left_open_is_found() {
        let at = |line, column| Pos { line, column };
        let open = |src: &str, a: Pos| unclosed_bracket(src, a).map(|(c, p)| (c, p.line, p.column));
        assert_eq!(open("a: {x: [1]\n", at(2, 1)), Some(('{', 1, 4)));
        assert_eq!(open("a: [b, @c, [d\n", at(1, 8)), Some(('[', 1, 4)));
        assert_eq!(open("a: '[' # [\nb: 1\n", at(2, 1)), None);
        assert_eq!(open("a: 1\nb: [c\n", at(1, 4)), None);
        // A bracket inside quotes is text; the quote ends at its own mark,
        // and text after it is read again.
        assert_eq!(open("a: [y, 'x['\n", at(2, 1)), Some(('[', 1, 4)));
        assert_eq!(open("a: [y, \"x'[\"\n", at(2, 1)), Some(('[', 1, 4)));
        assert_eq!(open("a: ['x', [y\n", at(2, 1)), Some(('[', 1, 10)));
        // `#` starts a comment only after a space.
        assert_eq!(open("a: [b#c, [d\n", at(2, 1)), Some(('[', 1, 10)));
    }

    /// Each kind of value named as error messages name it.
    #[test]
    fn kinds_in_words() {
        let root = p("a: ~\nb:\nc: 'null'\nd: 12\ne: 1.5\nf: true\ng: text\nh: [1]\ni: {x: 1}\n");
        let Value::Map(items) = root.value else {
            panic!("not a map")
        };
        let kinds: Vec<&str> = items.iter().map(|(_, v)| v.kind_name()).collect();
        assert_eq!(
            kinds,
            [
                "null",
                "null",
                "a string",
                "an integer",
                "a number",
                "a boolean",
                "a string",
                "a list",
                "a mapping"
            ]
        );
    }

    #[test]
    fn positions_are_one_based() {
        let root = p("date: 2026-01-05\nminutes: 45\n");
        let Value::Map(items) = root.value else {
            panic!("not a map")
        };
        assert_eq!(items[0].0.pos, Pos { line: 1, column: 1 });
        assert_eq!(
            items[1].1.pos,
            Pos {
                line: 2,
                column: 10
            }
        );
    }

    #[test]
    fn empty_input_has_no_document() {
        assert_eq!(parse("").expect("ok"), None);
        assert_eq!(parse("# only a comment\n").expect("ok"), None);
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in "bcdefghijk".chars() {
            src.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let err = parse(&src).expect_err("must be refused");
        assert_eq!(err.code, Rule::YamlTooLarge);
    }

    /// Each syntax error gets the hint for its usual cause, and only that.
    #[test]
    fn syntax_errors_get_their_hints() {
        let hint = |src: &str| {
            let e = parse(src).expect_err("invalid");
            (
                e.pos.map(|p| (p.line, p.column)),
                e.hint.unwrap_or_default(),
            )
        };
        let general = "check the indentation and quoting on this line".to_string();
        // A bracket still open from an earlier line, or a flow error: that
        // bracket. An error on the bracket's own line is about itself.
        assert_eq!(
            hint("a: [b, c\nd: e\n"),
            (
                Some((1, 4)),
                "this `[` is never closed; add `]` where the list ends".into()
            )
        );
        assert_eq!(hint("a: [b, @c\n"), (Some((1, 8)), general.clone()));
        // A flow error whose bracket the finder cannot see (the key's `'`
        // reads as a quote to it): the general advice about brackets.
        let close = "close every `[` with `]` and every `{` with `}`".to_string();
        assert_eq!(hint("it's: [x\n").1, close);
        assert_eq!(hint("it's: {x: 1\n").1, close);
        assert_eq!(
            hint("date: 2026-01-08\nminutes:45\nsummary: x\n"),
            (
                Some((2, 8)),
                "put a space after the `:` of a key, e.g. `minutes: 45`".into()
            )
        );
        // The key is found whatever its indentation and its `-` or `_`.
        let space = "put a space after the `:` of a key, e.g. `minutes: 45`".to_string();
        assert_eq!(
            hint("a:\n    b: 1\n    key:value\n    c: 2\n"),
            (Some((3, 8)), space.clone())
        );
        assert_eq!(
            hint("date: 2026-01-08\nmax-minutes:45\nx: 1\n"),
            (Some((2, 12)), space.clone())
        );
        // A line that starts with `:` names no key.
        assert_eq!(
            hint("a: |\n  :x\nminutes:45\nc: 2\n"),
            (Some((3, 8)), space.clone())
        );
        assert_eq!(
            hint("date: 2026-01-08\nmax_minutes:45\nx: 1\n"),
            (Some((2, 12)), space)
        );
        assert_eq!(
            hint("a: 1\n- b\n").1,
            "this list item belongs to no key; put it under one, e.g. `skills:` with the items indented below"
        );
        assert_eq!(hint("a:\n  b: 1\n c: 2\n"), (Some((3, 3)), general));
        assert_eq!(
            hint("a: 1\n  b: 2\n").1,
            "this line is indented more than the keys above it; align it with them, or quote the value it continues"
        );
        let quote = "a value containing `: ` must be quoted, e.g. summary: \"Read: RAG paper\"";
        assert_eq!(hint("  x: a: b\n").1, quote);
        assert_eq!(hint("summary: Read: RAG paper\n").1, quote);
        assert_eq!(hint("a\nb: c\n"), (Some((2, 2)), quote.into()));
    }

    /// A refused tag is pointed at where it starts on the node's line; a
    /// tag on the line before its node leaves the node's position.
    #[test]
    fn a_refused_tag_is_pointed_at() {
        let at = |src: &str| parse(src).expect_err("a refused tag").pos;
        assert_eq!(
            at("a: [1, !!binary aGk=]\n"),
            Some(Pos { line: 1, column: 8 })
        );
        assert_eq!(
            at("a: !!binary\n  aGk=\n"),
            Some(Pos { line: 2, column: 3 })
        );
    }

    /// An alias nests exactly as deep as its value written out would.
    #[test]
    fn an_alias_is_as_deep_as_its_value_written_out() {
        let lists = |d: usize| format!("{}v{}", "[".repeat(d), "]".repeat(d));
        let maps = |d: usize| format!("{}v{}", "{k: ".repeat(d), "}".repeat(d));
        for (d, value) in [1, 2, 3, 10]
            .into_iter()
            .flat_map(|d| [(d, lists(d)), (d, maps(d))])
        {
            for w in (MAX_DEPTH - d - 3)..=(MAX_DEPTH - d) {
                let (open, close) = ("[".repeat(w), "]".repeat(w));
                let aliased = format!("a: &x {value}\nb: {open}*x{close}\n");
                let written = format!("a: {value}\nb: {open}{value}{close}\n");
                let (a, b) = (parse(&aliased), parse(&written));
                assert_eq!(a.is_ok(), b.is_ok(), "depth {d} under {w}: {a:?} / {b:?}");
            }
        }
    }

    /// Exactly `MAX_NODES` values are read, one more is refused: the map,
    /// its keys, each list and each value count, and an alias counts as
    /// the values it copies.
    #[test]
    fn the_values_limit_is_exact() {
        let flat = |n: usize| format!("skills: [{}]\n", vec!["a"; n].join(","));
        // The map, its key and the list: 3 values besides the list's.
        assert!(parse(&flat(MAX_NODES - 3)).is_ok());
        let err = parse(&flat(MAX_NODES - 2)).expect_err("one too many");
        assert_eq!(err.code, Rule::YamlTooLarge);
        // 1 + 1 + (1 + k) + 1 + 1 + (1 + k): the alias copies k + 1.
        let k = (MAX_NODES - 6) / 2;
        let aliased = |extra: &str| format!("a: &x [{}]\nb: [*x{extra}]\n", vec!["v"; k].join(","));
        assert!(parse(&aliased("")).is_ok());
        let err = parse(&aliased(", w")).expect_err("one too many");
        assert_eq!(err.code, Rule::YamlTooLarge);
        // An alias of a mapping copies it, its keys and its values:
        // 1 + 1 + (1 + 2m) + 1 + 1 + (1 + 2m) + 2 = 8 + 4m.
        let m = (MAX_NODES - 8) / 4;
        let pairs: Vec<String> = (0..m).map(|i| format!("k{i}: v")).collect();
        let mapped =
            |extra: &str| format!("a: &x {{{}}}\nb: [*x, w, w{extra}]\n", pairs.join(", "));
        assert!(parse(&mapped("")).is_ok());
        let err = parse(&mapped(", w")).expect_err("one too many");
        assert_eq!(err.code, Rule::YamlTooLarge);
    }

    #[test]
    fn too_many_values_without_aliases_is_refused_with_its_own_hint() {
        let src = format!("skills: [{}]\n", vec!["a"; MAX_NODES + 1].join(","));
        let err = parse(&src).expect_err("must be refused");
        assert_eq!(err.code, Rule::YamlTooLarge);
        assert_eq!(
            err.message,
            format!("document has more than {MAX_NODES} values")
        );
    }

    #[test]
    fn unclosed_bracket_points_at_the_opening_bracket() {
        let err = parse("a: 1\nskills: [mcp, \"[x\", rag\nb: 2\n").expect_err("bad");
        assert_eq!(err.pos, Some(Pos { line: 2, column: 9 }));
        assert_eq!(
            err.hint.as_deref(),
            Some("this `[` is never closed; add `]` where the list ends")
        );
    }

    #[test]
    fn a_key_without_a_space_after_its_colon_is_found() {
        let err = parse("date: 2026-01-08\nminutes:45\nsummary: x\n").expect_err("bad");
        assert_eq!(err.pos, Some(Pos { line: 2, column: 8 }));
        assert_eq!(
            err.hint.as_deref(),
            Some("put a space after the `:` of a key, e.g. `minutes: 45`")
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse(&src).expect_err("must be refused");
        assert_eq!(err.code, Rule::YamlTooDeep);
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: [1, 2\nb: 3\n").expect_err("bad");
        assert_eq!(err.code, Rule::YamlSyntax);
        assert!(err.pos.is_some());
    }
}
