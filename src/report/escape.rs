//! Untrusted text (summaries, titles, ids, evidence from pull requests) made
//! safe for a GitHub comment: it stays text. It cannot break a table, open
//! HTML, form a link or an image, or @mention anyone.

/// Zero-width space: placed after `@` and inside `javascript:` so neither
/// can become live.
const ZWSP: &str = "&#8203;";

/// Escapes text for inline markdown (a table cell, a list item, a heading).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            // Bidirectional overrides can make text read differently than it is.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '@' => {
                out.push('@');
                out.push_str(ZWSP);
            }
            ':' => {
                if out.to_ascii_lowercase().ends_with("javascript")
                    || out.to_ascii_lowercase().ends_with("data")
                    || out.to_ascii_lowercase().ends_with("vbscript")
                {
                    out.push_str(ZWSP);
                }
                out.push(':');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' | '$' | '{' | '}' | '^' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Keeps at most `max` characters, marking the cut.
pub fn clip(s: &str, max: usize) -> String {
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
    fn stays_text() {
        assert_eq!(markdown("a | b\nc"), "a \\| b c");
        assert_eq!(markdown("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(markdown("@team"), "@&#8203;team");
        assert_eq!(
            markdown("![x](http://t/p.png)"),
            "\\!\\[x\\](http://t/p.png)"
        );
        assert_eq!(
            markdown("JavaScript:alert(1)"),
            "JavaScript&#8203;:alert(1)"
        );
        assert_eq!(
            markdown("<!-- trailmark-report -->"),
            "&lt;\\!-- trailmark-report --&gt;"
        );
    }
}
