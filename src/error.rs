//! The crate's one error type: a run that cannot go on. The command line
//! maps it to exit status 2 (`commands::run`). Problems in files that the
//! user should fix are diagnostics instead (`diag`); when such problems
//! stop a run (a roadmap with errors), the error carries them.

use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// Why pacenote could not go on: what happened (its `Display`), what would
/// help, and the error it came from, kept whole: libgit2's error with its
/// class and code, or the I/O error with the path it was about.
///
/// Named `pacenote::Error` outside the crate.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Fatal {
    pub message: String,
    pub hint: Option<String>,
    /// The problems in files behind the error (a roadmap with errors), to
    /// be shown before it.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files those problems are in, by path.
    pub sources: Box<HashMap<String, String>>,
    /// The lower-level error this one comes from (boxed, so that a
    /// `Result` stays small).
    #[source]
    pub cause: Option<Box<Cause>>,
}

/// The lower-level error a `Fatal` comes from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Cause {
    /// libgit2's error: `class()` and `code()` say what kind it is.
    #[error(transparent)]
    Git(git2::Error),
    /// An error of the operating system about `path`.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An error of the operating system about no one file: standard
    /// output or input, the process's own program or limits.
    #[error(transparent)]
    Os(std::io::Error),
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
            hint: None,
            diagnostics: Vec::new(),
            sources: Box::default(),
            cause: None,
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
        self.sources = Box::new(sources);
        self
    }

    /// The error, coming from the I/O error `e` about `path`.
    #[must_use]
    pub(crate) fn io(mut self, path: impl Into<PathBuf>, e: std::io::Error) -> Self {
        self.cause = Some(Box::new(Cause::Io {
            path: path.into(),
            source: e,
        }));
        self
    }

    /// The error, coming from the I/O error `e` about no one file.
    #[must_use]
    pub(crate) fn os(mut self, e: std::io::Error) -> Self {
        self.cause = Some(Box::new(Cause::Os(e)));
        self
    }

    /// The error, coming from libgit2's error `e`.
    #[must_use]
    pub(crate) fn git(mut self, e: git2::Error) -> Self {
        self.cause = Some(Box::new(Cause::Git(e)));
        self
    }

    /// libgit2's error behind this one, if any (its class and code tell a
    /// missing object from a bad argument).
    pub fn git_error(&self) -> Option<&git2::Error> {
        match self.cause.as_deref() {
            Some(Cause::Git(e)) => Some(e),
            _ => None,
        }
    }

    /// The I/O error behind this one, if any.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self.cause.as_deref() {
            Some(Cause::Io { source, .. } | Cause::Os(source)) => Some(source),
            _ => None,
        }
    }

    /// The file or folder the failed operation was about, when one was.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self.cause.as_deref() {
            Some(Cause::Io { path, .. }) => Some(path),
            _ => None,
        }
    }

    /// The error as the command line prints it: `error: ` and the message,
    /// then the hint on a line of its own.
    pub(crate) fn render(&self) -> String {
        match &self.hint {
            Some(h) => format!("error: {}\n  hint: {h}", self.message),
            None => format!("error: {}", self.message),
        }
    }
}

/// A copy of a libgit2 error (they are not `Clone`): its code, class and
/// message.
fn copy(e: &git2::Error) -> git2::Error {
    git2::Error::new(e.code(), e.class(), e.message())
}

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
        .git(copy(e))
    }
}

impl From<git2::Error> for Fatal {
    fn from(e: git2::Error) -> Self {
        let f = Fatal::new(format!("git: {}", e.message()));
        let f = if is_damage(&e) { f.hint(FSCK_HINT) } else { f };
        f.git(e)
    }
}

pub(crate) type Result<T, E = Fatal> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_git_error_keeps_its_class_and_code() {
        let e = git2::Error::new(
            git2::ErrorCode::NotFound,
            git2::ErrorClass::Odb,
            "object not found",
        );
        let f = Fatal::from(e);
        assert_eq!(f.to_string(), "git: object not found");
        assert_eq!(f.hint.as_deref(), Some(FSCK_HINT));
        let g = f.git_error().expect("keeps git's error");
        assert_eq!(
            (g.code(), g.class(), g.message()),
            (
                git2::ErrorCode::NotFound,
                git2::ErrorClass::Odb,
                "object not found"
            )
        );
        assert_eq!(f.source().map(ToString::to_string), Some(g.to_string()));
        let named = Fatal::git_object(g, "tree", "abc");
        assert_eq!(
            named.to_string(),
            "cannot read the tree abc: object not found"
        );
        assert_eq!(
            named.git_error().map(git2::Error::class),
            Some(git2::ErrorClass::Odb)
        );
    }

    #[test]
    fn an_io_error_keeps_its_path_and_kind() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let f = Fatal::new("cannot read x/y").io("x/y", e);
        assert_eq!(f.path(), Some(std::path::Path::new("x/y")));
        assert_eq!(
            f.io_error().map(std::io::Error::kind),
            Some(std::io::ErrorKind::PermissionDenied)
        );
        assert!(f.git_error().is_none());
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            f.source().map(ToString::to_string),
            Some(format!("x/y: {denied}"))
        );
    }

    #[test]
    fn an_io_error_about_no_file_keeps_its_kind() {
        let e = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let shown = e.to_string();
        let f = Fatal::new(format!("cannot write to standard output: {e}")).os(e);
        assert_eq!(
            f.to_string(),
            format!("cannot write to standard output: {shown}")
        );
        assert_eq!(
            f.io_error().map(std::io::Error::kind),
            Some(std::io::ErrorKind::BrokenPipe)
        );
        assert_eq!(f.path(), None);
        assert!(f.git_error().is_none());
        assert_eq!(f.source().map(ToString::to_string), Some(shown));
    }

    #[test]
    fn the_command_line_shows_the_message_then_the_hint() {
        assert_eq!(Fatal::new("m").render(), "error: m");
        assert_eq!(Fatal::new("m").hint("h").render(), "error: m\n  hint: h");
        assert_eq!(Fatal::new("m").hint("h").to_string(), "m");
    }
}
