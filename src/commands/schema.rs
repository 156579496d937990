//! `pacenote schema`: the JSON Schemas editors and other tools use. The
//! entry schema is made from the roadmap, so that an editor completes and
//! checks the roadmap's skill, target and habit ids; the roadmap schema is
//! fixed, and the report schema is derived from the report's types.

use super::Global;
use crate::cli::SchemaKind;
use crate::error::{Fatal, Result};
use crate::model::Roadmap;

/// The entry schema with placeholders for the roadmap's ids.
const ENTRY_TEMPLATE: &str = include_str!("../templates/entry.schema.json");
pub(crate) const ROADMAP_SCHEMA: &str = include_str!("../../schema/roadmap.schema.json");

/// Where `init` writes the schemas, and where `check` looks for a stale one.
pub(crate) const ENTRY_SCHEMA_PATH: &str = crate::check::ENTRY_SCHEMA_PATH;

/// The command that rewrites the entry schema from the roadmap.
pub(crate) const REGENERATE: &str = "pacenote schema entry > schema/entry.schema.json";

/// The entry schema for `roadmap`: its skill, target and habit ids as enums
/// with a markdown description of each (name, priority, milestone…). With no
/// roadmap (a broken one), ids are only required to be slugs.
pub(crate) fn entry_schema(roadmap: Option<&Roadmap>) -> String {
    with_id("entry.schema.json", &entry_schema_text(roadmap))
}

fn entry_schema_text(roadmap: Option<&Roadmap>) -> String {
    let mut out = String::with_capacity(ENTRY_TEMPLATE.len() + 8192);
    for line in ENTRY_TEMPLATE.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let placeholder = ["SKILL", "TARGET", "HABIT"]
            .into_iter()
            .flat_map(|k| [(k, "IDS"), (k, "DOCS")])
            .find(|(k, what)| line.contains(&format!("\"__{k}_{what}__\"")));
        if line.contains("__ROADMAP__") {
            let about = match roadmap {
                Some(r) => format!(
                    "Ids are those of the roadmap “{}”; after changing the roadmap, run `{REGENERATE}`.",
                    r.title
                ),
                None => "Ids are not listed: the roadmap had errors when this schema was made; fix it, then run `pacenote schema entry > schema/entry.schema.json`.".to_string(),
            };
            let about = serde_json::to_string(&about).unwrap_or_default();
            out.push_str(&line.replace("__ROADMAP__\"", &about[1..]));
            out.push('\n');
            continue;
        }
        let Some((kind, what)) = placeholder else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let comma = line.trim_end().ends_with(',');
        let Some(r) = roadmap else {
            if what == "IDS" {
                out.push_str(&format!(
                    "{indent}\"pattern\": \"^[a-z0-9][a-z0-9-]*$\",\n{indent}\"patternErrorMessage\": \"An id is a lowercase slug: a-z, 0-9 and -.\"{}\n",
                    if comma { "," } else { "" }
                ));
            } else if !comma {
                // The IDS line before ended with a comma that must go.
                trim_trailing_comma(&mut out);
            }
            continue;
        };
        let items: Vec<(String, String)> = match kind {
            "SKILL" => r
                .skills
                .iter()
                .map(|s| {
                    let mut doc = format!("**{}** · {}", s.name, s.priority.name());
                    if s.group != crate::model::DEFAULT_GROUP {
                        doc.push_str(&format!(" · group {}", s.group));
                    }
                    if !s.why.is_empty() {
                        doc.push_str(&format!(" — {}", s.why));
                    }
                    (s.id.to_string(), doc)
                })
                .collect(),
            "TARGET" => r
                .targets()
                .map(|(m, t)| {
                    let goal = match (&t.unit, t.goal) {
                        (Some(u), g) => format!("goal {g} {u}"),
                        (None, g) => format!("goal {g}"),
                    };
                    (
                        t.id.to_string(),
                        format!("**{}** · {} (`{}`) · {goal}", t.title, m.title, m.id),
                    )
                })
                .collect(),
            _ => r
                .habits
                .iter()
                .map(|h| {
                    let times = if h.times == 1 {
                        String::new()
                    } else {
                        format!("{} times ", h.times)
                    };
                    let optional = if h.optional { " (optional)" } else { "" };
                    (
                        h.id.to_string(),
                        format!(
                            "**{}** · {times}every {}{optional}",
                            h.title,
                            h.every.name()
                        ),
                    )
                })
                .collect(),
        };
        let key = line.trim_start().split(':').next().unwrap_or("\"enum\"");
        out.push_str(&format!("{indent}{key}: "));
        let values: Vec<&String> = items
            .iter()
            .map(|(id, doc)| if what == "IDS" { id } else { doc })
            .collect();
        if values.is_empty() {
            out.push_str("[]");
        } else {
            out.push_str("[\n");
            for (i, v) in values.iter().enumerate() {
                let sep = if i + 1 < values.len() { "," } else { "" };
                let json = serde_json::to_string(v).unwrap_or_default();
                out.push_str(&format!("{indent}  {json}{sep}\n"));
            }
            out.push_str(&format!("{indent}]"));
        }
        out.push_str(if comma { ",\n" } else { "\n" });
    }
    out
}

fn trim_trailing_comma(out: &mut String) {
    let end = out.trim_end().len();
    if out[..end].ends_with(',') {
        out.truncate(end - 1);
        out.push('\n');
    }
}

/// The roadmap `schema entry` describes: `--roadmap FILE`, else the
/// repository's `roadmap.yaml`, else (also outside a repository) the
/// embedded default. A roadmap with errors is an error: its ids are unknown.
fn roadmap_for_schema(g: &Global) -> Result<Roadmap> {
    let file = match g.roadmap_override() {
        Some(p) => Some(crate::load::inputs::read_override(p)?),
        None => match g
            .open()
            .ok()
            .and_then(|r| r.workdir().map(std::path::Path::to_path_buf))
        {
            Some(root) => {
                let mut diags = Vec::new();
                let f = crate::load::repo::read_roadmap(&root, &mut diags)?;
                if let Some(d) = diags.first() {
                    return Err(Fatal::new(format!("{}: {}", d.file, d.message)));
                }
                f
            }
            None => None,
        },
    };
    let Some(file) = file else {
        return Ok(crate::load::default_roadmap());
    };
    let mut diags = Vec::new();
    match crate::load::load_roadmap(&file.path, &file.bytes, &mut diags) {
        Some(r) => Ok(r),
        None => Err(Fatal::new(format!(
            "{} has {} error(s), so its ids are unknown",
            file.path,
            diags.len()
        ))
        .hint(format!(
            "run `pacenote check {}` and fix them first",
            file.path
        ))),
    }
}

pub(crate) fn text(g: &Global, which: SchemaKind) -> Result<String> {
    Ok(match which {
        SchemaKind::Entry => entry_schema(Some(&roadmap_for_schema(g)?)),
        SchemaKind::Roadmap | SchemaKind::Report => fixed(which),
    })
}

/// The roadmap or report schema, as printed and written by `init`.
pub(crate) fn fixed(which: SchemaKind) -> String {
    match which {
        SchemaKind::Roadmap => with_id("roadmap.schema.json", ROADMAP_SCHEMA),
        SchemaKind::Report => with_id(
            "report.schema.json",
            &crate::report::schema::report_schema(),
        ),
        SchemaKind::Entry => entry_schema(Some(&crate::load::default_roadmap())),
    }
}

/// The schema with its `$id` (where this version of it is published,
/// derived from the repository URL) after its `$schema` line.
fn with_id(file: &str, raw: &str) -> String {
    let id = format!(
        "  \"$id\": {},\n",
        serde_json::Value::from(crate::build_info::schema_url(file))
    );
    let mut out = String::with_capacity(raw.len() + id.len());
    let mut done = false;
    for line in raw.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.trim_start().starts_with("\"$schema\"") {
            out.push_str(&id);
            done = true;
        }
    }
    out
}

pub(crate) fn run(g: &Global, which: SchemaKind) -> Result<i32> {
    super::write_stdout(&text(g, which)?)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_names_where_it_is_published() {
        for (text, file) in [
            (entry_schema(None), "entry"),
            (fixed(SchemaKind::Roadmap), "roadmap"),
            (fixed(SchemaKind::Report), "report"),
        ] {
            let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(
                v["$id"],
                format!(
                    "{}/raw/v{}/schema/{file}.schema.json",
                    env!("CARGO_PKG_REPOSITORY"),
                    env!("CARGO_PKG_VERSION")
                )
            );
        }
    }

    #[test]
    fn the_entry_schema_is_json_with_every_id_of_the_roadmap() {
        let r = crate::load::default_roadmap();
        let v: serde_json::Value =
            serde_json::from_str(&entry_schema(Some(&r))).expect("valid JSON");
        let defs = &v["$defs"];
        let ids = |k: &str| -> Vec<String> {
            defs[k]["enum"]
                .as_array()
                .expect("an enum")
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        };
        let skills: Vec<String> = r.skills.iter().map(|s| s.id.to_string()).collect();
        assert_eq!(ids("skill"), skills);
        assert_eq!(ids("habit").len(), r.habits.len());
        assert_eq!(ids("target").len(), r.targets().count());
        assert_eq!(
            defs["skill"]["markdownEnumDescriptions"][1],
            "**RAG architectures** · P0 · group ai — The #1 shipped pattern"
        );
        assert_eq!(
            defs["target"]["markdownEnumDescriptions"][0],
            "**Install Claude Code and Cursor** · Month 1 — ship one AI feature in your day job (`month-1`) · goal 1"
        );
    }

    #[test]
    fn without_a_roadmap_ids_are_slugs_and_the_schema_is_still_json() {
        let v: serde_json::Value = serde_json::from_str(&entry_schema(None)).expect("valid JSON");
        assert_eq!(v["$defs"]["skill"]["pattern"], "^[a-z0-9][a-z0-9-]*$");
        assert!(v["$defs"]["skill"].get("enum").is_none());
        assert!(v["$defs"]["skill"]
            .get("markdownEnumDescriptions")
            .is_none());
    }
}
