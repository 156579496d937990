//! Checks a report the way GitHub shows it: rendered by a GitHub-flavoured
//! markdown renderer (comrak, with GitHub's extensions), then inspected for
//! broken tables and for markup that user text must never produce.

/// The comment rendered as GitHub renders it. Raw HTML is kept (GitHub keeps
/// its allowed tags), so any tag the report let through would show here.
pub fn to_html(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.tagfilter = true;
    o.render.unsafe_ = true;
    comrak::markdown_to_html(md, &o)
}

/// The number of cells of a table row or delimiter row: unescaped pipes
/// minus one (rows start and end with a pipe).
fn cells(row: &str) -> usize {
    let mut n: usize = 0;
    let mut escaped = false;
    for c in row.trim().chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n.saturating_sub(1)
}

/// Every table of the markdown, as (header cells, row cells) per row. A table
/// is a header row, a delimiter row, and the `|` rows after it.
pub fn table_shapes(md: &str) -> Vec<(usize, Vec<usize>)> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        let delimiter =
            t.starts_with("| -") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if !delimiter || i == 0 {
            continue;
        }
        let header = cells(lines[i - 1]);
        assert_eq!(
            header,
            cells(t),
            "header and delimiter differ:\n{}\n{t}",
            lines[i - 1]
        );
        let rows = lines[i + 1..]
            .iter()
            .take_while(|r| r.trim_start().starts_with('|'))
            .map(|r| cells(r))
            .collect();
        out.push((header, rows));
    }
    out
}

/// Counts of an HTML fragment.
pub fn count(html: &str, what: &str) -> usize {
    html.matches(what).count()
}

/// The cells per row of every `<table>` in the HTML.
pub fn html_tables(html: &str) -> Vec<Vec<usize>> {
    html.split("<table>")
        .skip(1)
        .map(|t| {
            let t = t.split("</table>").next().unwrap_or_default();
            t.split("<tr>")
                .skip(1)
                .map(|row| count(row, "<td") + count(row, "<th"))
                .collect()
        })
        .collect()
}

/// An @mention GitHub would make live: `@` followed by a letter, a digit or
/// a hyphen, at the start of the text or after a character that is not part
/// of a word (GitHub does not link `a@b`). The report writes a zero-width
/// space after every `@` of user text.
pub fn live_mentions(html: &str) -> Vec<String> {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '@' {
            continue;
        }
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        if (next.is_ascii_alphanumeric() || next == '-') && !prev.is_alphanumeric() {
            let end = (i + 30).min(chars.len());
            out.push(chars[i.saturating_sub(20)..end].iter().collect());
        }
    }
    out
}

/// Issue references GitHub would link (and notify): `#` then a digit, not
/// part of an entity (`&#60;`).
pub fn live_issue_refs(html: &str) -> Vec<String> {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        if c == '#' && next.is_ascii_digit() && prev != '&' {
            let end = (i + 20).min(chars.len());
            out.push(chars[i.saturating_sub(20)..end].iter().collect());
        }
    }
    out
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Commit ids GitHub would link: a run of 7 to 40 hex digits standing as a
/// word of its own (GitHub links it when a commit has that prefix; comrak
/// does not know the repository, so the rule is checked on the text). A
/// zero-width space inside the run breaks it into pieces too short.
pub fn live_commit_ids(html: &str) -> Vec<String> {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_hexdigit() && (i == 0 || !word_char(chars[i - 1])) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_hexdigit() {
                j += 1;
            }
            let bounded = j == chars.len() || !word_char(chars[j]);
            // Entities (`&#8203;`, `&#124;`) are the renderer's, not text.
            let entity = i >= 2 && chars[i - 1] == '#' && chars[i - 2] == '&';
            if bounded && j - i >= 7 && !entity {
                out.push(
                    chars[i.saturating_sub(10)..(j + 10).min(chars.len())]
                        .iter()
                        .collect(),
                );
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// `GH-123` references GitHub would link (any case).
pub fn live_gh_refs(html: &str) -> Vec<String> {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(3) {
        let gh = chars[i].eq_ignore_ascii_case(&'g')
            && chars[i + 1].eq_ignore_ascii_case(&'h')
            && chars[i + 2] == '-'
            && chars[i + 3].is_ascii_digit()
            && (i == 0 || !word_char(chars[i - 1]));
        if gh {
            out.push(chars[i..(i + 12).min(chars.len())].iter().collect());
        }
    }
    out
}

/// Every HTML start tag's name in the rendered comment.
pub fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in html.split('<').skip(1) {
        let name: String = piece
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '!' | '/' | '-'))
            .collect();
        if !name.starts_with('/') && !name.is_empty() {
            out.push(name.to_ascii_lowercase());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Asserts that the comment is well-formed GitHub markdown that user text
/// could not subvert: tables keep their shape, no forbidden element or link,
/// no live mention, one marker, balanced fences and `<details>`.
#[track_caller]
pub fn assert_safe(md: &str) {
    let html = to_html(md);
    let dump = || format!("--- markdown ---\n{md}\n--- html ---\n{html}");
    // Every table row has the header's number of cells, in the source and
    // in the rendered HTML, and every table of the source renders as one.
    let shapes = table_shapes(md);
    for (header, rows) in &shapes {
        for r in rows {
            assert_eq!(r, header, "a row's cell count differs\n{}", dump());
        }
    }
    let rendered = html_tables(&html);
    assert_eq!(
        rendered.len(),
        shapes.len(),
        "a table did not render\n{}",
        dump()
    );
    for ((header, rows), html_rows) in shapes.iter().zip(&rendered) {
        assert_eq!(html_rows.len(), rows.len() + 1, "rows lost\n{}", dump());
        assert!(html_rows.iter().all(|n| n == header), "{}", dump());
    }
    // Only the elements the report itself writes.
    let allowed = [
        "!--",
        "blockquote",
        "code",
        "details",
        "em",
        "h2",
        "h3",
        "li",
        "p",
        "pre",
        "strong",
        "sub",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ];
    for t in tags(&html) {
        assert!(allowed.contains(&t.as_str()), "element <{t}>\n{}", dump());
    }
    for bad in ["<img", "<script", "<a ", "href=\"", "src=\"", "javascript:"] {
        assert_eq!(
            count(&html.to_ascii_lowercase(), bad),
            0,
            "{bad}\n{}",
            dump()
        );
    }
    assert_eq!(live_mentions(&html), Vec::<String>::new(), "{}", dump());
    assert_eq!(live_issue_refs(&html), Vec::<String>::new(), "{}", dump());
    assert_eq!(live_commit_ids(&html), Vec::<String>::new(), "{}", dump());
    assert_eq!(live_gh_refs(&html), Vec::<String>::new(), "{}", dump());
    for bare in ["http://", "https://", "www.", "mailto:"] {
        assert_eq!(
            count(&html.to_ascii_lowercase(), bare),
            0,
            "{bare}\n{}",
            dump()
        );
    }
    assert!(md.starts_with("<!-- pacenote-report -->\n"), "{}", dump());
    assert_eq!(count(md, "<!-- pacenote-report -->"), 1, "{}", dump());
    assert_eq!(count(&html, "<!--"), 1, "{}", dump());
    assert_eq!(
        count(md, "<details>"),
        count(md, "</details>"),
        "{}",
        dump()
    );
    assert_eq!(
        count(&html, "<details>"),
        count(&html, "</details>"),
        "{}",
        dump()
    );
    assert_eq!(
        count(md, "<details>"),
        count(&html, "<details>"),
        "{}",
        dump()
    );
    let fences = md
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    assert_eq!(fences % 2, 0, "unbalanced fence\n{}", dump());
}
