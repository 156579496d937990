//! Diagnostics as data: a problem found in a file, with its position, a stable
//! rule code, what is wrong and what would be right. Rendering lives in
//! `check::render`; everything that finds problems only produces these values.

use serde::Serialize;

/// A 1-based line and column in a source file, ordered line first.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
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

/// Declares `Rule` with one variant a rule code, and the code's text.
macro_rules! rules {
    ($($variant:ident => $code:literal,)*) => {
        /// A rule of `pacenote check`: what a diagnostic is about. Its stable
        /// code (`as_str`, `entry/date`) is the same in every output and is
        /// documented in `docs/rules.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order `docs/rules.md` lists them.
            #[cfg(test)]
            pub(crate) const ALL: &[Rule] = &[$(Rule::$variant,)*];

            /// The rule's code, as every output shows it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)*
                }
            }
        }
    };
}

rules! {
    FileEmpty => "file/empty",
    FileEncoding => "file/encoding",
    FileBom => "file/bom",
    FileTooLarge => "file/too-large",
    FileTooManyProblems => "file/too-many-problems",
    FileSymlink => "file/symlink",
    FileUnreadable => "file/unreadable",
    FilePathEncoding => "file/path-encoding",
    FileNotAFile => "file/not-a-file",
    FileConflict => "file/conflict",
    FileNotAnEntry => "file/not-an-entry",
    YamlSyntax => "yaml/syntax",
    YamlDuplicateKey => "yaml/duplicate-key",
    YamlMultipleDocuments => "yaml/multiple-documents",
    YamlTooDeep => "yaml/too-deep",
    YamlTag => "yaml/tag",
    YamlTooLarge => "yaml/too-large",
    SchemaType => "schema/type",
    SchemaUnknownKey => "schema/unknown-key",
    SchemaMissingField => "schema/missing-field",
    SchemaStale => "schema/stale",
    EntryDate => "entry/date",
    EntryFutureDate => "entry/future-date",
    EntryPathDate => "entry/path-date",
    EntryMinutesRange => "entry/minutes-range",
    EntryCorrects => "entry/corrects",
    EntryCorrectionRange => "entry/correction-range",
    EntrySummary => "entry/summary",
    EntryKind => "entry/kind",
    EntryUnknownSkill => "entry/unknown-skill",
    EntryUnknownTarget => "entry/unknown-target",
    EntryUnknownHabit => "entry/unknown-habit",
    EntryDuplicateId => "entry/duplicate-id",
    EntryAmount => "entry/amount",
    EntryEvidence => "entry/evidence",
    EntryAuthor => "entry/author",
    EntryDailyCap => "entry/daily-cap",
    EntryDuplicate => "entry/duplicate",
    EntryBackfill => "entry/backfill",
    RoadmapId => "roadmap/id",
    RoadmapDuplicateId => "roadmap/duplicate-id",
    RoadmapDate => "roadmap/date",
    RoadmapTooMany => "roadmap/too-many",
    RoadmapWindow => "roadmap/window",
    RoadmapDuration => "roadmap/duration",
    RoadmapBudget => "roadmap/budget",
    RoadmapGoal => "roadmap/goal",
    RoadmapStretch => "roadmap/stretch",
    RoadmapPriority => "roadmap/priority",
    RoadmapGroup => "roadmap/group",
    RoadmapEvery => "roadmap/every",
    RoadmapRange => "roadmap/range",
    RoadmapPolicy => "roadmap/policy",
    RoadmapTimeOff => "roadmap/time-off",
    RoadmapTimeOffLong => "roadmap/time-off-long",
    RoadmapTimeOffOverlap => "roadmap/time-off-overlap",
    RoadmapTimeOffAuthor => "roadmap/time-off-author",
    HistoryAppendOnly => "history/append-only",
    HistoryRoadmapVersion => "history/roadmap-version",
}

/// Rules sort by their codes, so every output lists them in the same order
/// as when the codes were text.
impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A rule serialises as its code.
impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// In a JSON Schema a rule is a string (its code).
impl schemars::JsonSchema for Rule {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rule".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Repository-relative path with `/` separators.
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub code: Rule,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Option<Pos>, code: Rule, message: impl Into<String>) -> Self {
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

    pub fn warning(file: &str, pos: Option<Pos>, code: Rule, message: impl Into<String>) -> Self {
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

    /// The codes `docs/rules.md` documents, in its order: the first cell of
    /// each row of its tables.
    fn documented_codes() -> Vec<&'static str> {
        include_str!("../docs/rules.md")
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`'))
            .map(|(code, _)| code)
            .filter(|code| code.contains('/'))
            .collect()
    }

    #[test]
    fn every_documented_code_is_a_rule_and_every_rule_is_documented() {
        let documented = documented_codes();
        let rules: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(rules, documented);
        let mut unique = rules.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), rules.len(), "a code given to two rules");
    }

    #[test]
    fn a_rule_shows_serialises_and_sorts_as_its_code() {
        assert_eq!(Rule::EntryDate.as_str(), "entry/date");
        assert_eq!(Rule::EntryDate.to_string(), "entry/date");
        assert_eq!(format!("[{:<12}]", Rule::FileBom), "[file/bom    ]");
        assert_eq!(
            serde_json::to_string(&Rule::RoadmapTimeOffAuthor).expect("serialises"),
            r#""roadmap/time-off-author""#
        );
        let mut rules = Rule::ALL.to_vec();
        rules.sort();
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(rules.iter().map(|r| r.as_str()).collect::<Vec<_>>(), codes);
        assert!(Rule::YamlTag > Rule::EntryDate);
        assert_eq!(
            Rule::EntryDate.partial_cmp(&Rule::EntryDate),
            Some(std::cmp::Ordering::Equal)
        );
        let schema = schemars::schema_for!(Rule);
        assert_eq!(schema.get("type"), Some(&serde_json::json!("string")));
    }

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
