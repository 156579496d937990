//! The report renderers' safety promises on arbitrary text: whatever a pull
//! request writes, the comment's escaper leaves no link, mention, reference,
//! HTML or table break; the terminal and annotation sanitiser leaves no
//! control or bidi character; the comment cutter stays within its limit and
//! keeps the marker and headline. Nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pacenote::internals::check::render::gh_data;
use pacenote::internals::out;
use pacenote::internals::report::{escape, markdown};

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The checks GitHub's autolinker would need to fail on escaped text (the
/// zero-width space is written as `&#8203;`, which ends a run).
fn assert_inert(s: &str) {
    let lower = s.to_ascii_lowercase();
    for bad in ["<", "javascript:", "data:"] {
        assert!(!lower.contains(bad), "{bad} in {s:?}");
    }
    // `www.` links only as a word of its own (GitHub: after a space or a
    // delimiter, never inside a word like `sewww.`).
    for (at, _) in lower.match_indices("www.") {
        let prev = lower[..at].chars().next_back().unwrap_or(' ');
        assert!(prev.is_alphanumeric(), "www. in {s:?}");
    }
    // `scheme://` only with the zero-width space's entity before the `:`.
    for (at, _) in lower.match_indices("://") {
        let prev = lower[..at].chars().next_back().unwrap_or(' ');
        assert!(!(prev.is_ascii_alphanumeric() || matches!(prev, '+' | '-' | '.')), "URL in {s:?}");
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        if c == '@' {
            assert!(!(next.is_ascii_alphanumeric() || next == '-'), "mention in {s:?}");
        }
        if c == '#' && prev != '&' {
            assert!(!next.is_ascii_digit(), "issue ref in {s:?}");
        }
        if (c == 'g' || c == 'G') && !word(prev) {
            let rest: String = chars[i..].iter().take(4).collect();
            let r: Vec<char> = rest.chars().collect();
            if r.len() == 4 && r[1].eq_ignore_ascii_case(&'h') && r[2] == '-' {
                assert!(!r[3].is_ascii_digit(), "GH ref in {s:?}");
            }
        }
        if c.is_ascii_hexdigit() && !word(prev) && !(prev == '#' && i >= 2 && chars[i - 2] == '&') {
            let run = chars[i..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            // The character after the run as rendered: `\_` shows as `_`.
            let after = match chars.get(i + run).copied() {
                Some('\\') => chars.get(i + run + 1).copied().unwrap_or(' '),
                c => c.unwrap_or(' '),
            };
            assert!(run < 7 || word(after), "commit id in {s:?}");
        }
        assert!(!out::is_unsafe(c), "control in {s:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let md = escape::markdown(&text);
    assert_inert(&md);
    assert!(!md.contains('\n'), "{md:?}");
    for (at, _) in md.match_indices('|') {
        assert!(md[..at].ends_with('\\'), "a bare pipe in {md:?}");
    }
    let html = escape::html(&text);
    assert_inert(&html);
    assert!(!html.contains('\n') && !html.contains('|'));

    for s in [out::printable(&text), out::printable_lines(&text)] {
        assert!(!s.chars().any(out::is_unsafe_but_newline), "{s:?}");
    }
    let gh = gh_data(&text);
    assert!(!gh.contains('\n') && !gh.contains('\r'), "{gh:?}");
    assert!(!gh.chars().any(out::is_unsafe), "{gh:?}");

    // A comment of blocks made of the text, cut to a limit from the data.
    let limit = 2_000 + usize::from(data.first().copied().unwrap_or(0)) * 40;
    let doc = format!("<!-- pacenote-report -->\n## {md}\n\n{md}\n\n| a |\n| --- |\n| {md} |\n\n");
    let cut = markdown::cut_to_fit(&doc, limit);
    assert!(cut.chars().count() <= limit, "{} > {limit}", cut.chars().count());
    assert!(cut.starts_with("<!-- pacenote-report -->\n## "), "{cut:?}");
});
