//! Fatal errors: the run cannot go on (exit 2). Problems in files that the
//! user should fix are diagnostics instead (`diag`).

use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Fatal {
    pub message: String,
    pub hint: Option<String>,
    /// The problems in files behind the error (a roadmap with errors), to
    /// be shown before it.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files those problems are in, by path.
    pub sources: HashMap<String, String>,
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
            hint: None,
            diagnostics: Vec::new(),
            sources: HashMap::new(),
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The error with the problems behind it and their files' texts.
    #[must_use]
    pub fn with_diagnostics(
        mut self,
        diagnostics: Vec<Diagnostic>,
        sources: HashMap<String, String>,
    ) -> Self {
        self.diagnostics = diagnostics;
        self.sources = sources;
        self
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Fatal {}

/// What to do when git's objects are damaged or missing.
pub(crate) const FSCK_HINT: &str = "the repository is damaged: `git fsck --full` lists every broken or missing object; fetch them again from another clone (or restore .git/objects from a backup), then run pacenote again";

/// Whether a libgit2 error means a damaged or missing object (not a
/// missing reference or a bad argument).
pub(crate) fn is_damage(e: &git2::Error) -> bool {
    matches!(
        e.class(),
        git2::ErrorClass::Odb | git2::ErrorClass::Zlib | git2::ErrorClass::Object
    )
}

impl Fatal {
    /// An object git could not read, named, with the repair hint.
    pub fn git_object(e: &git2::Error, what: &str, id: impl fmt::Display) -> Fatal {
        Fatal::new(format!(
            "cannot read the {what} {id}: {}",
            e.message().trim_end_matches('.')
        ))
        .hint(FSCK_HINT)
    }
}

impl From<git2::Error> for Fatal {
    fn from(e: git2::Error) -> Self {
        let f = Fatal::new(format!("git: {}", e.message()));
        if is_damage(&e) {
            f.hint(FSCK_HINT)
        } else {
            f
        }
    }
}

pub(crate) type Result<T, E = Fatal> = std::result::Result<T, E>;
