//! Checks a dashboard page the way a browser reads it: parsed by html5ever
//! (through scraper) into a DOM, in which every element, attribute and URL
//! must be one the template writes. User text may only ever be text.

use scraper::{Html, Node};
use std::collections::BTreeSet;
use std::path::Path;

/// Elements the template writes (HTML and inline SVG).
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "nav",
    "section",
    "p",
    "strong",
    "code",
    "h1",
    "h2",
    "h3",
    "span",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "div",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "details",
    "summary",
    "figure",
    "figcaption",
    "svg",
    "desc",
    "rect",
    "line",
    "path",
    "text",
];

/// Sections and charts: the only ids, and the only link targets.
const SECTIONS: &[&str] = &[
    "next",
    "change",
    "milestones",
    "weekly",
    "calendar",
    "habits",
    "practice",
    "skills",
    "mix",
    "people",
    "quality",
];
const CHARTS: &[&str] = &["weekly", "burnup", "calendar", "habits", "skills", "mix"];

/// Class names used by the template that the stylesheet does not style.
const UNSTYLED_CLASSES: &[&str] = &["top", "pace", "reasons", "targets", "milestones"];

fn css() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/templates/report.css"))
        .expect("the stylesheet")
}

fn allowed_classes() -> BTreeSet<String> {
    let css = css();
    let mut out: BTreeSet<String> = UNSTYLED_CLASSES
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let b = css.as_bytes();
    for (i, _) in css.match_indices('.') {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue; // a number such as 0.5
        }
        let name: String = css[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.insert(name);
        }
    }
    out
}

fn allowed_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for s in SECTIONS {
        ids.insert(s.to_string());
        ids.insert(format!("{s}-h"));
    }
    for c in CHARTS {
        ids.insert(format!("chart-{c}"));
        ids.insert(format!("{c}-title"));
        ids.insert(format!("{c}-desc"));
    }
    ids
}

fn is_number(v: &str) -> bool {
    !v.is_empty() && v.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The problems of one attribute, if any.
fn attribute_problem(
    el: &str,
    name: &str,
    value: &str,
    classes: &BTreeSet<String>,
    ids: &BTreeSet<String>,
) -> Option<String> {
    let ok = match name {
        "class" => value.split(' ').all(|c| classes.contains(c)),
        "id" => ids.contains(value),
        "href" => el == "a" && value.strip_prefix('#').is_some_and(|s| SECTIONS.contains(&s)),
        "x" | "y" | "x1" | "y1" | "x2" | "y2" | "width" | "height" | "rx" | "tabindex"
        | "colspan" => is_number(value),
        "viewBox" => value.split(' ').filter(|v| is_number(v)).count() == 4,
        "d" => value.chars().all(|c| "MHVL0123456789. -".contains(c)),
        "text-anchor" => ["start", "middle", "end"].contains(&value),
        "role" => value == "img",
        "aria-hidden" => value == "true",
        "focusable" => value == "false",
        "aria-labelledby" => value.split(' ').all(|v| ids.contains(v)),
        "aria-label" => value == "Sections",
        "scope" => value == "col" || value == "row",
        "lang" => value == "en",
        "charset" => value == "utf-8",
        "http-equiv" => value == "Content-Security-Policy",
        "name" => ["viewport", "color-scheme", "referrer", "generator"].contains(&value),
        "content" => [
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
            "width=device-width, initial-scale=1",
            "light dark",
            "no-referrer",
        ]
        .contains(&value)
            || value
                .strip_prefix("pacenote ")
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.')),
        _ => false,
    };
    (!ok).then(|| format!("<{el} {name}={value:?}>"))
}

/// Every element, attribute and URL of the page comes from the template:
/// element names from a fixed list, attribute names and values from fixed
/// sets (classes from the stylesheet, ids and links from the sections,
/// numbers where the template writes numbers), one `<style>` that is the
/// shipped stylesheet, no comment, no script. Returns the parsed page.
pub fn assert_safe(page: &str) -> Html {
    let doc = Html::parse_document(page);
    let classes = allowed_classes();
    let ids = allowed_ids();
    let mut problems = Vec::new();
    let mut styles = 0;
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Element(e) => {
                let name = e.name();
                if !ELEMENTS.contains(&name) {
                    problems.push(format!("element <{name}>"));
                }
                for (a, v) in e.attrs() {
                    problems.extend(attribute_problem(name, a, v, &classes, &ids));
                }
                if name == "style" {
                    styles += 1;
                    let text: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    if text.trim() != css().trim() {
                        problems.push("a <style> that is not the shipped stylesheet".into());
                    }
                }
            }
            Node::Comment(c) => problems.push(format!("comment <!--{}-->", &**c)),
            _ => {}
        }
    }
    assert_eq!(styles, 1, "one stylesheet");
    assert!(
        problems.is_empty(),
        "markup that the template does not write:\n{}",
        problems.join("\n")
    );
    // The policy comes before anything a user wrote.
    let csp = page.find("Content-Security-Policy").expect("a CSP");
    assert!(csp < page.find("<title>").expect("a title"));
    doc
}

/// The page's text, as a reader sees it (entities decoded), one string per
/// text node.
pub fn texts(doc: &Html) -> Vec<String> {
    doc.tree
        .nodes()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// The number of elements of the page.
pub fn elements(doc: &Html) -> usize {
    doc.tree
        .nodes()
        .filter(|n| n.value().as_element().is_some())
        .count()
}
