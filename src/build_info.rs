//! What this build of pacenote knows about itself: its version, its home
//! (Cargo.toml's `repository`, the one place it is written) and the commit it
//! was built from (embedded by build.rs, when known).

/// The version, from Cargo.toml.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The project's home, from Cargo.toml's `repository`.
pub(crate) const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// `pacenote --version`: the version, and the commit when known.
pub(crate) const LONG_VERSION: &str = env!("PACENOTE_LONG_VERSION");

/// The full commit SHA this binary was built from, when the build knew it
/// (a package's `.cargo_vcs_info.json`, or a clean git checkout).
pub fn commit() -> Option<&'static str> {
    let c = env!("PACENOTE_BUILD_COMMIT");
    (!c.is_empty()).then_some(c)
}

/// `OWNER/REPO` of the GitHub Action: the repository URL's path.
pub(crate) fn action_repository() -> &'static str {
    REPOSITORY
        .strip_prefix("https://github.com/")
        .unwrap_or(REPOSITORY)
        .trim_end_matches('/')
}

/// The URL a JSON Schema of this version is published at (its `$id`): the
/// file in the repository at this version's tag.
pub(crate) fn schema_url(file: &str) -> String {
    format!("{REPOSITORY}/raw/v{VERSION}/schema/{file}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_lives_in_the_repository() {
        assert_eq!(action_repository(), "pacenote/pacenote");
        assert!(commit().is_none_or(|c| c.len() == 40));
        assert!(LONG_VERSION.starts_with(VERSION));
    }
}
