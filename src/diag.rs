//! Diagnostics as data: a problem found in a file, with its position, a stable
//! rule code, what is wrong and what would be right. Rendering lives in
//! `check::render`; everything that finds problems only produces these values.

use serde::Serialize;

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Repository-relative path with `/` separators.
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: &str,
        pos: Option<Pos>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            code,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: &str,
        pos: Option<Pos>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(file, pos, code, message)
        }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// Sorts diagnostics by file, then position, then code, so output is stable.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.code).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.code,
        ))
    });
}

/// The closest candidate to `word` by edit distance, when it is close enough
/// to be a likely typo.
///
/// The distance is `strsim`'s optimal string alignment: edits, with a swap of
/// two adjacent characters counted as one (`mpc` → `mcp`). Only the first
/// `SUGGEST_MAX_CHARS` characters of each word are compared, so a hostile
/// key of a megabyte costs no more than a long one.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::osa_distance(head(word), head(c));
        let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
        let close = d <= limit
            || (c.len() >= 3 && (c.contains(word) && word.len() >= 3 || word.contains(c)));
        if close && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// How many characters of a word `did_you_mean` compares.
const SUGGEST_MAX_CHARS: usize = 256;

/// The first `SUGGEST_MAX_CHARS` characters of `s`.
fn head(s: &str) -> &str {
    s.char_indices()
        .nth(SUGGEST_MAX_CHARS)
        .map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["date", "minutes", "summary", "kind"];
        assert_eq!(did_you_mean("sumary", keys), Some("summary"));
        assert_eq!(did_you_mean("minute", keys), Some("minutes"));
        assert_eq!(did_you_mean("zebra", keys), None);
        assert_eq!(did_you_mean("mpc", ["mcp", "rag"]), Some("mcp"));
        assert_eq!(
            did_you_mean("mcp", ["build-mcp-server", "rag"]),
            Some("build-mcp-server")
        );
        assert_eq!(did_you_mean("rag", ["build-mcp-server", "mcp"]), None);
        assert_eq!(
            did_you_mean("build-mcp", ["build-mcp-server", "rag"]),
            Some("build-mcp-server")
        );
    }

    #[test]
    fn suggests_what_the_checks_ask_about() {
        assert_eq!(did_you_mean("wek", ["day", "week", "month"]), Some("week"));
        assert_eq!(did_you_mean("quater", ["day", "quarter"]), Some("quarter"));
        assert_eq!(
            did_you_mean("vidoe", ["do", "paper", "blog", "video"]),
            Some("video")
        );
        assert_eq!(did_you_mean("raggg", ["mcp", "rag"]), Some("rag"));
        // The nearest of two close candidates wins; the first on a tie.
        assert_eq!(did_you_mean("dat", ["date", "data"]), Some("date"));
        assert_eq!(did_you_mean("", ["day"]), None);
    }

    #[test]
    fn a_huge_word_is_compared_by_its_head_only() {
        let huge = format!("summary{}", "x".repeat(1_000_000));
        assert_eq!(head(&huge).chars().count(), SUGGEST_MAX_CHARS);
        assert_eq!(head("日本"), "日本");
        // Still a suggestion: `summary` is contained in the word.
        assert_eq!(did_you_mean(&huge, ["summary", "date"]), Some("summary"));
    }
}
