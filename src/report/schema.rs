//! The JSON Schema of the report (`schema/report.schema.json`), derived
//! from the report's own types with `schemars`: their doc comments are its
//! descriptions, so the schema cannot drift from what the report writes. A
//! test keeps the file in `schema/` equal to it; after changing a report
//! type, rewrite the file with
//! `UPDATE_SCHEMA=1 cargo test --locked --lib report::schema`.

use super::data::ReportData;
use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// The report schema as the file in `schema/` holds it (without `$id`,
/// which `pacenote schema report` adds): JSON Schema 2020-12, keys in a
/// fixed order, two-space indents, a final newline.
pub(crate) fn report_schema() -> String {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<ReportData>();
    // The report writes every name of every object, `null` where nothing is
    // known: each property is required.
    RecursiveTransform(|s: &mut schemars::Schema| {
        // Doc comments wrap at 80 columns; a description is one line per
        // paragraph.
        if let Some(Value::String(d)) = s.get_mut("description") {
            *d = d
                .split("\n\n")
                .map(|p| p.replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return;
        };
        let mut all: Vec<Value> = s
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for k in props.keys() {
            if !all.iter().any(|r| r == k.as_str()) {
                all.push(Value::from(k.as_str()));
            }
        }
        s.insert("required".into(), Value::from(all));
    })
    .transform(&mut schema);
    let value = schema.to_value();
    let mut out = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::new());
    // Serialising a `Value` cannot fail.
    let _ = Ordered {
        value: &value,
        names: false,
    }
    .serialize(&mut ser);
    String::from_utf8(out).unwrap_or_default() + "\n"
}

/// Keys that come first in an object, in this order; `$defs` comes last
/// and every other key between them, alphabetically.
const FIRST: [&str; 7] = [
    "$schema",
    "title",
    "description",
    "type",
    "const",
    "required",
    "properties",
];

fn rank(key: &str) -> (usize, &str) {
    match FIRST.iter().position(|k| *k == key) {
        Some(i) => (i, ""),
        None if key == "$defs" => (FIRST.len() + 1, ""),
        None => (FIRST.len(), key),
    }
}

/// A JSON value serialised with its object keys in `rank` order, whatever
/// order `serde_json`'s maps keep. `names`: the keys are names (of
/// properties or definitions), in alphabetical order; the report's own
/// order of its names is that of `required`.
struct Ordered<'a> {
    value: &'a Value,
    names: bool,
}

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Object(o) => {
                let mut keys: Vec<&String> = o.keys().collect();
                if self.names {
                    keys.sort();
                } else {
                    keys.sort_by(|a, b| rank(a).cmp(&rank(b)));
                }
                let mut m = s.serialize_map(Some(keys.len()))?;
                for k in keys {
                    let names = !self.names && (k == "properties" || k == "$defs");
                    m.serialize_entry(
                        k,
                        &Ordered {
                            value: &o[k],
                            names,
                        },
                    )?;
                }
                m.end()
            }
            Value::Array(a) => {
                let mut q = s.serialize_seq(Some(a.len()))?;
                for value in a {
                    q.serialize_element(&Ordered {
                        value,
                        names: false,
                    })?;
                }
                q.end()
            }
            v => v.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "schema/report.schema.json";

    /// The shipped schema is the derived one, byte for byte. With
    /// `UPDATE_SCHEMA=1` the test rewrites the file instead.
    #[test]
    fn the_shipped_report_schema_is_the_derived_one() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        let derived = report_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &derived).expect("write the schema");
        }
        let shipped = std::fs::read_to_string(&path).expect("read the schema");
        assert!(
            shipped == derived,
            "{FILE} differs from the schema derived from the report types; \
             rewrite it with `UPDATE_SCHEMA=1 cargo test --locked --lib report::schema`"
        );
    }

    #[test]
    fn the_schema_names_the_report_and_its_version() {
        let v: Value = serde_json::from_str(&report_schema()).expect("JSON");
        assert_eq!(v["title"], "pacenote JSON report");
        assert_eq!(
            v["properties"]["version"]["const"],
            super::super::data::REPORT_VERSION
        );
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}
