//! User templates (`--template FILE`): rendered against the JSON report data
//! in a sandbox. The template can include only files from its own folder,
//! reads nothing else, and its run time and output are bounded.

use super::data::ReportData;
use super::markdown::environment;
use crate::error::{Fatal, Result};
use std::path::Path;

/// The most characters a user template may produce.
pub const MAX_OUTPUT: usize = 4 * 1024 * 1024;
/// The most instructions a user template may run (about a second).
pub const MAX_FUEL: u64 = 5_000_000;
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Reads a template file, refusing links and oversized files.
fn read_template(path: &Path) -> std::result::Result<String, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        return Err("is a symbolic link".into());
    }
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(format!("is larger than {MAX_TEMPLATE_BYTES} bytes"));
    }
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

/// A name a template may include: a plain file name of its own folder.
fn allowed_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('/')
        && !name.contains('\\')
        && name != "."
        && name != ".."
        && !name.starts_with('.')
}

pub fn render(path: &Path, data: &ReportData) -> Result<String> {
    let source = read_template(path).map_err(|why| {
        Fatal::new(format!(
            "cannot read the template {}: {why}",
            path.display()
        ))
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut env = environment();
    env.set_fuel(Some(MAX_FUEL));
    env.set_loader(move |name| {
        if !allowed_name(name) {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::BadInclude,
                format!(
                    "`{name}`: templates may include only files of their own folder, by plain name"
                ),
            ));
        }
        match read_template(&dir.join(name)) {
            Ok(s) => Ok(Some(s)),
            Err(_) => Ok(None),
        }
    });
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "template".into());
    env.add_template_owned(name.clone(), source)
        .map_err(|e| template_error(path, &e))?;
    let tmpl = env
        .get_template(&name)
        .map_err(|e| template_error(path, &e))?;
    let mut out = Bounded::default();
    let ctx = minijinja::context! { ..minijinja::Value::from_serialize(data) };
    if let Err(e) = tmpl.render_captured_to(ctx, &mut out) {
        return Err(if out.exceeded {
            too_long(path)
        } else {
            template_error(path, &e)
        });
    }
    let out = String::from_utf8(out.buf).map_err(|e| Fatal::new(e.to_string()))?;
    Ok(out)
}

fn too_long(path: &Path) -> Fatal {
    Fatal::new(format!(
        "the template {} produced more than {MAX_OUTPUT} bytes",
        path.display()
    ))
    .hint("render less, or loop over fewer items")
}

/// Collects a template's output, refusing to grow past `MAX_OUTPUT`.
#[derive(Default)]
struct Bounded {
    buf: Vec<u8>,
    exceeded: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > MAX_OUTPUT {
            self.exceeded = true;
            return Err(std::io::Error::other("output limit reached"));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn template_error(path: &Path, e: &minijinja::Error) -> Fatal {
    let mut msg = format!("template {}", path.display());
    if let Some(line) = e.line() {
        msg.push_str(&format!(":{line}"));
    }
    msg.push_str(&format!(
        ": {}",
        e.detail().unwrap_or(&e.kind().to_string())
    ));
    let hint = match e.kind() {
        minijinja::ErrorKind::UndefinedError => "the data a template sees is `trailmark report --format json`; check the names against it",
        minijinja::ErrorKind::OutOfFuel => "the template runs too long; loop over fewer items",
        minijinja::ErrorKind::InvalidOperation => "see the minijinja syntax and operators; a template's output and each value it writes are bounded",
        minijinja::ErrorKind::TemplateNotFound | minijinja::ErrorKind::BadInclude => "include only files of the template's own folder, by plain name",
        _ => "see the minijinja syntax: {{ value }}, {% for x in list %}…{% endfor %}",
    };
    Fatal::new(msg).hint(hint)
}
