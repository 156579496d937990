//! Untrusted text (summaries, titles, ids, evidence from pull requests) made
//! safe for a GitHub comment: it stays text. It cannot break a table, open
//! HTML (or close a `<details>`), form a link, an autolink or an image,
//! @mention a person or a team, reference an issue (`#1`, `GH-1`,
//! `owner/repo#1`) or a commit (a 7–40 digit hex word, `owner/repo@sha`),
//! or forge the report's hidden marker. Custom autolinks a repository
//! configures (`JIRA-123`) are not known to pacenote and are left alone.
//!
//! Two contexts: [`markdown`] for inline markdown (a table cell, a list, a
//! paragraph) and [`html`] for text inside an HTML block (a `<summary>`),
//! where markdown is not parsed and backslash escapes would show.

/// Zero-width space, written as an entity so that it survives any editor:
/// placed after `@`, inside `www.` and before the `:` of a URL scheme, so
/// that neither a mention nor an autolink can form. GitHub's mention and
/// autolink recognisers see the decoded character, which breaks the match.
const ZWSP: &str = "&#8203;";

/// Schemes that must never start a link, even one typed as plain text.
const SCRIPT_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Markdown,
    Html,
}

/// Escapes text for inline markdown (a table cell, a list item, a heading).
pub fn markdown(s: &str) -> String {
    escape(s, Context::Markdown)
}

/// Escapes text for the inside of an HTML block (a `<summary>`): entities
/// only, since markdown is not parsed there.
pub fn html(s: &str) -> String {
    escape(s, Context::Html)
}

fn escape(s: &str, ctx: Context) -> String {
    // Controls and bidi controls go first (the terminal's set,
    // `out::printable`), so that dropping one can never join the pieces of
    // a link or a reference (`http\u{7}://`, `GH\u{200E}-1`) after the
    // patterns below were looked for.
    let clean = crate::out::printable(s);
    let s = clean.as_str();
    let mut out = String::with_capacity(s.len() + 8);
    // The end of a run of hex digits that could name a commit, and how many
    // of its digits were written.
    let mut hex_until = 0;
    let mut hex_written = 0;
    for (i, c) in s.char_indices() {
        if i < hex_until {
            // A zero-width space every 6 digits: no piece is long enough
            // (7) for GitHub to link it as a commit.
            if hex_written > 0 && hex_written % 6 == 0 {
                out.push_str(ZWSP);
            }
            out.push(c);
            hex_written += 1;
            continue;
        }
        if c.is_ascii_hexdigit() && !ends_word(&s[..i]) {
            let run = s[i..]
                .find(|d: char| !d.is_ascii_hexdigit())
                .unwrap_or(s.len() - i);
            if run >= 7 && !starts_word(&s[i + run..]) {
                hex_until = i + run;
                hex_written = 1;
                out.push(c);
                continue;
            }
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if ctx == Context::Html => out.push_str("&#39;"),
            '@' => {
                out.push('@');
                out.push_str(ZWSP);
            }
            ':' => {
                if starts_link(&s[..i], &s[i + 1..]) {
                    out.push_str(ZWSP);
                }
                out.push(':');
            }
            // `#123` and `org/repo#123` link issues and notify them.
            '#' if s[i + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
                if ctx == Context::Markdown {
                    out.push('\\');
                }
                out.push('#');
                out.push_str(ZWSP);
            }
            // `GH-123` links an issue too (any case).
            '-' if is_gh_ref(&s[..i], &s[i + 1..]) => {
                out.push('-');
                out.push_str(ZWSP);
            }
            '.' if ends_with_www(&s[..i]) => {
                out.push_str(ZWSP);
                out.push('.');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' | '$' | '{' | '}' | '^'
                if ctx == Context::Markdown =>
            {
                out.push('\\');
                out.push(c);
            }
            // A pipe ends a table cell even inside an HTML tag's text.
            '|' => out.push_str("&#124;"),
            c => out.push(c),
        }
    }
    out
}

/// A character of a word for GitHub's references (`\b` in its patterns).
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn ends_word(before: &str) -> bool {
    before.chars().next_back().is_some_and(word_char)
}

fn starts_word(after: &str) -> bool {
    after.chars().next().is_some_and(word_char)
}

/// Whether the `-` between `before` and `after` makes a `GH-123` reference.
fn is_gh_ref(before: &str, after: &str) -> bool {
    let n = before.len();
    n >= 2
        && before.is_char_boundary(n - 2)
        && before[n - 2..].eq_ignore_ascii_case("gh")
        && !ends_word(&before[..n - 2])
        && after.starts_with(|c: char| c.is_ascii_digit())
}

/// The word (ASCII letters, digits, `+`, `-`, `.`) that ends `before`.
fn scheme_before(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .map_or(0, |(p, c)| p + c.len_utf8());
    &before[start..]
}

/// Whether a `:` here would make a URL: `scheme://…`, or a script scheme.
fn starts_link(before: &str, after: &str) -> bool {
    let scheme = scheme_before(before).to_ascii_lowercase();
    if scheme.is_empty() {
        return false;
    }
    after.starts_with('/') || SCRIPT_SCHEMES.iter().any(|s| scheme.ends_with(s))
}

/// Whether `before` ends with a standalone `www` (GitHub autolinks `www.x`).
fn ends_with_www(before: &str) -> bool {
    let n = before.len();
    n >= 3
        && before.is_char_boundary(n - 3)
        && before[n - 3..].eq_ignore_ascii_case("www")
        && before[..n - 3]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Keeps at most `max` characters, marking the cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_breaking_becomes_text() {
        assert_eq!(markdown("a | b\nc\r\nd"), "a \\| b c  d");
        assert_eq!(html("a | b\nc"), "a &#124; b c");
    }

    #[test]
    fn html_and_the_marker_become_text() {
        assert_eq!(markdown("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(markdown("</details>"), "&lt;/details&gt;");
        assert_eq!(
            markdown("<!-- pacenote-report -->"),
            "&lt;\\!-- pacenote-report --&gt;"
        );
        assert_eq!(html("<b>'x'</b>"), "&lt;b&gt;&#39;x&#39;&lt;/b&gt;");
        assert_eq!(markdown("&lt;"), "&amp;lt;");
    }

    #[test]
    fn mentions_are_neutralised() {
        assert_eq!(markdown("@team"), "@&#8203;team");
        assert_eq!(markdown("@org/team"), "@&#8203;org/team");
        assert_eq!(markdown("a@b.example"), "a@&#8203;b.example");
        assert_eq!(markdown("org/repo#12 #x"), "org/repo\\#&#8203;12 \\#x");
        assert_eq!(html("#12"), "#&#8203;12");
    }

    #[test]
    fn links_and_images_cannot_form() {
        assert_eq!(
            markdown("![x](http://t/p.png)"),
            "\\!\\[x\\](http&#8203;://t/p.png)"
        );
        assert_eq!(
            markdown("JavaScript:alert(1)"),
            "JavaScript&#8203;:alert(1)"
        );
        assert_eq!(
            markdown("see https://x.example/a"),
            "see https&#8203;://x.example/a"
        );
        assert_eq!(markdown("WWW.x.example"), "WWW&#8203;.x.example");
        assert_eq!(markdown("awww.x"), "awww.x");
        assert_eq!(markdown("data:text/html"), "data&#8203;:text/html");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        assert_eq!(
            markdown("Read 3 posts: RAG, evals"),
            "Read 3 posts: RAG, evals"
        );
        assert_eq!(markdown("Month 1 — ship"), "Month 1 — ship");
        assert_eq!(markdown("a_b"), "a\\_b");
        assert_eq!(html("a_b"), "a_b");
    }

    #[test]
    fn issue_references_and_commit_ids_cannot_link() {
        assert_eq!(markdown("GH-12, gh-3"), "GH-&#8203;12, gh-&#8203;3");
        assert_eq!(markdown("xGH-12 GH-x"), "xGH-12 GH-x");
        assert_eq!(
            markdown("a5c3785ed8d6a35868bc169f07e40e889087fd2e"),
            "a5c378&#8203;5ed8d6&#8203;a35868&#8203;bc169f&#8203;07e40e&#8203;889087&#8203;fd2e"
        );
        assert_eq!(markdown("org/r@a5c3785"), "org/r@&#8203;a5c378&#8203;5");
        // Too short, or part of a longer word: GitHub does not link these.
        assert_eq!(
            markdown("abc123 x1234567 1234567y"),
            "abc123 x1234567 1234567y"
        );
        // A dropped control character cannot join the pieces of a link.
        assert_eq!(
            markdown("GH\u{200E}-1 http\u{7}://x 123\u{202E}4567"),
            "GH-&#8203;1 http&#8203;://x 123456&#8203;7"
        );
    }

    #[test]
    fn a_colon_after_any_character_is_safe() {
        // Found by the `render` fuzz target: a `:` after a character of
        // several bytes cut inside it.
        assert_eq!(markdown("é:x"), "é:x");
        assert_eq!(markdown("\u{fffd}http://x"), "\u{fffd}http&#8203;://x");
    }

    #[test]
    fn controls_and_bidi_overrides_are_dropped() {
        assert_eq!(markdown("a\u{202E}b\u{7}c"), "abc");
    }
}
