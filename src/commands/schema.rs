use crate::cli::SchemaKind;
use crate::error::Result;

pub const ENTRY_SCHEMA: &str = include_str!("../../schema/entry.schema.json");
pub const ROADMAP_SCHEMA: &str = include_str!("../../schema/roadmap.schema.json");
pub const REPORT_SCHEMA: &str = include_str!("../../schema/report.schema.json");

pub fn text(which: SchemaKind) -> &'static str {
    match which {
        SchemaKind::Entry => ENTRY_SCHEMA,
        SchemaKind::Roadmap => ROADMAP_SCHEMA,
        SchemaKind::Report => REPORT_SCHEMA,
    }
}

pub fn run(which: SchemaKind) -> Result<i32> {
    super::write_stdout(text(which))?;
    Ok(0)
}
