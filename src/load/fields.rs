//! Typed reading of positioned YAML nodes that records a diagnostic for every
//! problem instead of stopping at the first.

use super::yaml::{Node, Value};
use crate::diag::Pos;
use crate::diag::Rule;
use crate::diag::{did_you_mean, Diagnostic};
use jiff::civil::Date;

/// Most diagnostics listed for one file; the rest are counted in one
/// `file/too-many-problems` (docs/limits.md): a 1 MiB file of 100,000
/// unknown ids would otherwise hold 100,000 messages and hints.
pub(crate) const MAX_FILE_DIAGNOSTICS: usize = 100;

/// Where diagnostics go while one file is read: the first
/// `MAX_FILE_DIAGNOSTICS` are listed, the others only counted (`finish`
/// adds one diagnostic for them).
pub(crate) struct Sink<'a> {
    pub file: &'a str,
    pub diags: &'a mut Vec<Diagnostic>,
    listed: usize,
    /// Left out: errors and warnings.
    left_out: (usize, usize),
}

impl<'a> Sink<'a> {
    pub(crate) fn new(file: &'a str, diags: &'a mut Vec<Diagnostic>) -> Self {
        Sink {
            file,
            diags,
            listed: 0,
            left_out: (0, 0),
        }
    }

    /// True while another diagnostic would be listed: a hint that costs
    /// time to find (`did_you_mean`) is looked for only then.
    pub(crate) fn has_room(&self) -> bool {
        self.listed < MAX_FILE_DIAGNOSTICS
    }

    /// Lists `d`, or counts it once the file has listed its first
    /// `MAX_FILE_DIAGNOSTICS`.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.has_room() {
            self.listed += 1;
            self.diags.push(d);
        } else if d.severity == crate::diag::Severity::Error {
            self.left_out.0 += 1;
        } else {
            self.left_out.1 += 1;
        }
    }

    /// The errors in `diags`, those left out included.
    pub(crate) fn errors(&self) -> usize {
        self.left_out.0
            + self
                .diags
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .count()
    }

    /// Adds the one diagnostic that counts those left out, if any: an error
    /// when one of them is, so that the file fails as it would in full.
    pub(crate) fn finish(self) {
        let (errors, warnings) = self.left_out;
        if errors + warnings == 0 {
            return;
        }
        let message = format!(
            "{} more problems in this file are not listed ({errors} errors, {warnings} warnings): pacenote lists the first {MAX_FILE_DIAGNOSTICS} of a file",
            errors + warnings
        );
        let d = if errors > 0 {
            Diagnostic::error(self.file, None, Rule::FileTooManyProblems, message)
        } else {
            Diagnostic::warning(self.file, None, Rule::FileTooManyProblems, message)
        };
        self.diags.push(d.with_hint(
            "fix the problems listed and check again; the same mistake repeated is usually one fix",
        ));
    }

    pub(crate) fn error(
        &mut self,
        pos: Pos,
        code: Rule,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(Diagnostic::error(self.file, Some(pos), code, message).with_hint_opt(hint));
    }

    pub(crate) fn type_error(&mut self, node: &Node, what: &str, expected: &str, example: &str) {
        self.error(
            node.pos,
            Rule::SchemaType,
            format!("`{what}` must be {expected}, found {}", node.kind_name()),
            Some(format!("write it like `{what}: {example}`")),
        );
    }
}

/// The keys of one mapping, checked for duplicates and unknown names.
pub(crate) struct Fields<'n> {
    pub pos: Pos,
    items: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// Reads `node` as a mapping whose keys must be among `allowed`.
    /// `what` names the mapping in messages ("entry", "milestone `month-1`").
    pub(crate) fn read(
        sink: &mut Sink,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(pairs) = &node.value else {
            sink.error(
                node.pos,
                Rule::SchemaType,
                format!(
                    "{what} must be a mapping of `key: value` lines, found {}",
                    node.kind_name()
                ),
                Some(format!("expected keys: {}", allowed.join(", "))),
            );
            return None;
        };
        let mut items: Vec<(&str, &Node, &Node)> = Vec::new();
        for (k, v) in pairs {
            let Some(key) = k
                .as_str()
                .filter(|_| !matches!(k.value, Value::Scalar { .. } if k.is_null()))
            else {
                sink.error(
                    k.pos,
                    Rule::SchemaType,
                    format!("keys of {what} must be names, found {}", k.kind_name()),
                    Some(format!("expected keys: {}", allowed.join(", "))),
                );
                continue;
            };
            if let Some((_, first, _)) = items.iter().find(|(name, _, _)| *name == key) {
                sink.error(
                    k.pos,
                    Rule::YamlDuplicateKey,
                    format!("duplicate key `{key}` in {what}"),
                    Some(format!(
                        "`{key}` is already set on line {}; keep one of them",
                        first.pos.line
                    )),
                );
                continue;
            }
            if !allowed.contains(&key) {
                let hint = match did_you_mean(key, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys: {}", allowed.join(", ")),
                };
                sink.error(
                    k.pos,
                    Rule::SchemaUnknownKey,
                    format!("unknown key `{key}` in {what}"),
                    Some(hint),
                );
                continue;
            }
            items.push((key, k, v));
        }
        Some(Fields {
            pos: node.pos,
            items,
        })
    }

    /// The value of `key`, unless absent or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node> {
        self.items
            .iter()
            .find(|(k, _, v)| *k == key && !v.is_null())
            .map(|(_, _, v)| *v)
    }

    /// The value of `key`; a `schema/missing-field` error when absent.
    pub(crate) fn require(
        &self,
        sink: &mut Sink,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<&'n Node> {
        let found = self.get(key);
        if found.is_none() {
            let pos = self
                .items
                .iter()
                .find(|(k, _, _)| *k == key)
                .map_or(self.pos, |(_, _, v)| v.pos);
            sink.error(
                pos,
                Rule::SchemaMissingField,
                format!("{what} has no `{key}`"),
                Some(format!("add a line `{key}: {example}`")),
            );
        }
        found
    }
}

/// Text. A plain scalar that YAML reads as a number or a boolean (`2026`,
/// `4.5`, `true`) is not text to other YAML readers (editors, JSON
/// Schema validators), so it is refused with the quoted form as the fix.
pub(crate) fn string(sink: &mut Sink, node: &Node, what: &str, example: &str) -> Option<String> {
    match &node.value {
        Value::Scalar { text, plain: true } if !node.is_null() && !is_core_string(text) => {
            sink.error(
                node.pos,
                Rule::SchemaType,
                format!("`{what}` must be text, found {}", node.kind_name()),
                Some(format!("quote it: `{what}: \"{text}\"`")),
            );
            None
        }
        Value::Scalar { text, .. } if !node.is_null() => Some(text.clone()),
        _ => {
            sink.type_error(node, what, "text", example);
            None
        }
    }
}

/// Whether YAML 1.2's core schema reads this plain scalar as a string (not
/// null, a boolean, an integer or a float).
pub(crate) fn is_core_string(text: &str) -> bool {
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if matches!(
        text,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) {
        return false;
    }
    if let Some(rest) = text.strip_prefix("0o") {
        return !digits(rest, 8);
    }
    if let Some(rest) = text.strip_prefix("0x") {
        return !digits(rest, 16);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return false;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return false;
    }
    // [0-9]+ | \.[0-9]+ | [0-9]+\.[0-9]* , then an optional exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        None => digits(mantissa, 10),
        Some(("", frac)) => digits(frac, 10),
        Some((int, frac)) => digits(int, 10) && (frac.is_empty() || digits(frac, 10)),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    !(mantissa_ok && exponent_ok)
}

pub(crate) fn integer(sink: &mut Sink, node: &Node, what: &str, example: &str) -> Option<i64> {
    match &node.value {
        Value::Scalar { text, plain: true } => {
            if let Ok(n) = text.parse::<i64>() {
                return Some(n);
            }
            if text.parse::<f64>().is_ok() {
                sink.error(
                    node.pos,
                    Rule::SchemaType,
                    format!("`{what}` must be a whole number, found `{text}`"),
                    Some(format!("round it, e.g. `{what}: {example}`")),
                );
                return None;
            }
            sink.type_error(node, what, "a whole number", example);
            None
        }
        _ => {
            sink.type_error(node, what, "a whole number", example);
            None
        }
    }
}

pub(crate) fn number(sink: &mut Sink, node: &Node, what: &str, example: &str) -> Option<f64> {
    match &node.value {
        Value::Scalar { text, plain: true } => match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                sink.type_error(node, what, "a number", example);
                None
            }
        },
        _ => {
            sink.type_error(node, what, "a number", example);
            None
        }
    }
}

pub(crate) fn boolean(sink: &mut Sink, node: &Node, what: &str) -> Option<bool> {
    match &node.value {
        Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "true" | "True" | "TRUE") =>
        {
            Some(true)
        }
        Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "false" | "False" | "FALSE") =>
        {
            Some(false)
        }
        _ => {
            sink.type_error(node, what, "`true` or `false`", "true");
            None
        }
    }
}

pub(crate) fn date(sink: &mut Sink, node: &Node, what: &str, code: Rule) -> Option<Date> {
    let Some(text) = node.as_str().filter(|_| !node.is_null()) else {
        sink.type_error(node, what, "a date (YYYY-MM-DD)", "2026-01-05");
        return None;
    };
    match parse_date(text) {
        Ok(d) => Some(d),
        Err(why) => {
            sink.error(
                node.pos,
                code,
                format!("`{what}` is not a valid calendar date: `{text}` ({why})"),
                Some(match text.get(..10).map(parse_date) {
                    Some(Ok(day)) => format!("write the day alone: `{what}: {day}`"),
                    _ => format!("write a real date as YYYY-MM-DD, e.g. `{what}: 2026-01-05`"),
                }),
            );
            None
        }
    }
}

/// Parses a strict `YYYY-MM-DD` calendar date.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err("expected the form YYYY-MM-DD".into());
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7) as i8, num(8..10) as i8);
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    Date::new(y, m, d).map_err(|_| format!("month {m} of {y} has no day {d}"))
}

/// A sequence of items, or one scalar standing for a one-item list.
pub(crate) fn list<'n>(
    sink: &mut Sink,
    node: &'n Node,
    what: &str,
    example: &str,
) -> Vec<&'n Node> {
    match &node.value {
        Value::Seq(items) => items.iter().collect(),
        // Never a null: `Fields::get` reads a key without a value as absent.
        Value::Scalar { .. } => vec![node],
        Value::Map(_) => {
            sink.type_error(node, what, "a list", example);
            Vec::new()
        }
    }
}

/// A lowercase slug: `a-z`, `0-9` and `-`, starting with a letter or digit.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= SLUG_MAX
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !s.starts_with('-')
}

/// A name on one line: not blank, without a line break once the spaces
/// around it are trimmed, at most `max` characters. Returns it trimmed.
pub(crate) fn one_line(text: &str, max: usize) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty() && !t.contains(['\n', '\r']) && t.chars().count() <= max).then_some(t)
}

/// The longest slug `is_slug` accepts.
pub(crate) const SLUG_MAX: usize = 64;

/// A slug made of `text`'s words (runs of ASCII letters and digits),
/// lowercased and joined by `-`, with as many whole words as fit in `max`
/// bytes (a first word longer than that is cut). Empty when `text` has no
/// such word; the caller picks what stands in then. It names a new entry's
/// file (`pacenote log`) and suggests an id for one that is not a slug.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.is_empty() {
            out.extend(word.chars().take(max).map(|c| c.to_ascii_lowercase()));
        } else if out.len() + 1 + word.len() <= max {
            out.push('-');
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            break;
        }
    }
    out
}

/// `slug` as the example of a hint, `fallback` when `text` has no word.
pub(crate) fn slug_or(text: &str, fallback: &str) -> String {
    let s = slug(text, SLUG_MAX);
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_whole_lowercase_words() {
        assert_eq!(
            slug("Built an MCP server exposing our deploy API", 40),
            "built-an-mcp-server-exposing-our-deploy"
        );
        assert_eq!(slug("Sys Design!", SLUG_MAX), "sys-design");
        assert_eq!(slug("--RAG__evals--", SLUG_MAX), "rag-evals");
        assert_eq!(slug("Ünïcode café", SLUG_MAX), "n-code-caf");
        assert_eq!(slug(&"a".repeat(100), SLUG_MAX), "a".repeat(64));
        assert_eq!(slug("!!!", SLUG_MAX), "");
        // A word is kept when it fits exactly, with its `-`, and not past.
        assert_eq!(slug("ab cd", 5), "ab-cd");
        assert_eq!(slug("ab cd", 4), "ab");
        assert_eq!(slug("ab cd ef", 7), "ab-cd");
        assert_eq!(slug("abcdef", 4), "abcd");
        assert_eq!(slug_or("!!!", "my-id"), "my-id");
        assert_eq!(slug_or("Build MCP", "my-id"), "build-mcp");
        for text in [
            "Sys Design!",
            "x".repeat(99).as_str(),
            "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9",
        ] {
            assert!(is_slug(&slug_or(text, "my-id")), "{text}");
        }
    }

    #[test]
    fn dates_have_exactly_the_shape_yyyy_mm_dd() {
        let shape = Err("expected the form YYYY-MM-DD".to_string());
        for bad in [
            "",
            "2026",
            "2026-01-5",
            "2026-01-055",
            "2026/01/05",
            "2026-01x05",
            "2026x01-05",
            "2026-0a-05",
            "x026-01-05",
            "2026-01-0x",
            "２026-01-05",
        ] {
            assert_eq!(parse_date(bad), shape, "{bad:?}");
        }
        assert_eq!(
            parse_date("2026-13-01"),
            Err("there is no month 13".to_string())
        );
        assert_eq!(
            parse_date("2026-02-29"),
            Err("month 2 of 2026 has no day 29".to_string())
        );
        assert_eq!(
            parse_date("2028-02-29").map(|d| d.to_string()),
            Ok("2028-02-29".to_string())
        );
    }

    #[test]
    fn yaml_core_types_of_plain_scalars() {
        for s in [
            "2026", "-3", "+12", "0o17", "0x1F", "4.5", ".5", "5.", "1e3", "-2.5E-3", ".inf",
            "-.Inf", ".NaN", "true", "False", "NULL", "~", "",
        ] {
            assert!(!is_core_string(s), "{s} is not a string in YAML 1.2");
        }
        for s in [
            "yes",
            "no",
            "on",
            "12:30",
            "2026-01-05",
            "0b101",
            "1_000",
            "0o8",
            "0x",
            "1e",
            "e3",
            "inf",
            "nan",
            "1.2.3",
            "Built it",
            "mcp",
        ] {
            assert!(is_core_string(s), "{s} is a string in YAML 1.2");
        }
    }
}
