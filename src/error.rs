//! Fatal errors: the run cannot go on (exit 2). Problems in files that the
//! user should fix are diagnostics instead (`diag`).

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Fatal {
    pub message: String,
    pub hint: Option<String>,
}

impl Fatal {
    pub fn new(message: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

impl From<git2::Error> for Fatal {
    fn from(e: git2::Error) -> Self {
        Fatal::new(format!("git: {}", e.message()))
    }
}

pub type Result<T, E = Fatal> = std::result::Result<T, E>;
