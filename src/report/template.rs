//! User templates (`--template FILE`): rendered against the JSON report data
//! in a sandbox. The template can include only files from its own folder,
//! reads nothing else, and its run time, output and memory are bounded: it is
//! rendered by a separate pacenote process whose address space and processor
//! time are limited by the operating system, so that a template that keeps
//! doubling a string is stopped instead of exhausting the machine.

use super::data::ReportData;
use super::markdown::environment;
use crate::error::{Fatal, Result};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The hidden subcommand that renders a template in the limited process.
pub const SANDBOX_COMMAND: &str = "__render-template";
/// The most memory (address space) the rendering process may use.
pub const MAX_MEMORY: u64 = 1024 * 1024 * 1024;
/// The most processor time the rendering process may use, in seconds.
pub const MAX_CPU_SECONDS: u64 = 30;

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

/// Renders the template at `path` against `data` in a separate process with
/// limited memory and processor time.
pub fn render(path: &Path, data: &ReportData) -> Result<String> {
    let json = serde_json::to_vec(data).map_err(|e| Fatal::new(e.to_string()))?;
    let exe = std::env::current_exe()
        .map_err(|e| Fatal::new(format!("cannot find pacenote's own program: {e}")))?;
    let mut child = Command::new(exe)
        .arg(SANDBOX_COMMAND)
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Fatal::new(format!("cannot start the template sandbox: {e}")))?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(Fatal::new("cannot talk to the template sandbox"));
    };
    // Feed the data and drain the error stream on their own threads, so no
    // pipe can fill up and stall the other side.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&json);
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.take(64 * 1024).read_to_string(&mut text);
        text
    });
    let mut out = Vec::new();
    let read = stdout.take(MAX_OUTPUT as u64 + 1).read_to_end(&mut out);
    if out.len() > MAX_OUTPUT {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| Fatal::new(format!("the template sandbox failed: {e}")))?;
    let _ = feeder.join();
    let errors = errors.join().unwrap_or_default();
    if out.len() > MAX_OUTPUT {
        return Err(too_long(path));
    }
    match status.code() {
        Some(0) => {
            read.map_err(|e| Fatal::new(format!("cannot read the template's output: {e}")))?;
            String::from_utf8(out).map_err(|e| Fatal::new(e.to_string()))
        }
        Some(2) => Err(fatal_from(&errors)),
        _ => Err(Fatal::new(format!(
            "the template {} was stopped: it needed more than {} MiB of memory or {} s of processor time",
            path.display(),
            MAX_MEMORY / (1024 * 1024),
            MAX_CPU_SECONDS
        ))
        .hint("render less; a template that keeps doubling a string (`s ~ s`) is stopped this way")),
    }
}

/// The `Fatal` the sandbox printed (`error: …` and `  hint: …` lines).
fn fatal_from(stderr: &str) -> Fatal {
    let mut message = String::new();
    let mut hint = None;
    for line in stderr.lines() {
        if let Some(h) = line.strip_prefix("  hint: ") {
            hint = Some(h.to_string());
        } else if let Some(m) = line.strip_prefix("error: ") {
            message = m.to_string();
        }
    }
    if message.is_empty() {
        message = "the template could not be rendered".into();
    }
    Fatal { message, hint }
}

/// The sandboxed process: limit memory and processor time, read the report
/// data from standard input, render, write the result to standard output.
/// Returns the exit code (0, or 2 with the error on standard error).
pub fn sandbox_main(path: &Path) -> i32 {
    let result = limit_resources().and_then(|()| {
        let mut json = Vec::new();
        std::io::stdin()
            .take(MAX_MEMORY)
            .read_to_end(&mut json)
            .map_err(|e| Fatal::new(format!("cannot read the report data: {e}")))?;
        let data: serde_json::Value = serde_json::from_slice(&json)
            .map_err(|e| Fatal::new(format!("cannot read the report data: {e}")))?;
        drop(json);
        let out = render_here(path, minijinja::Value::from_serialize(&data))?;
        crate::commands::write_stdout(&out)
    });
    match result {
        Ok(()) => 0,
        Err(f) => {
            crate::errln!("{f}");
            2
        }
    }
}

#[cfg(unix)]
fn limit_resources() -> Result<()> {
    use rlimit::{setrlimit, Resource};
    setrlimit(Resource::AS, MAX_MEMORY, MAX_MEMORY)
        .and_then(|()| setrlimit(Resource::CPU, MAX_CPU_SECONDS, MAX_CPU_SECONDS))
        .map_err(|e| Fatal::new(format!("cannot limit the template's memory and time: {e}")))
}

#[cfg(not(unix))]
fn limit_resources() -> Result<()> {
    Ok(())
}

fn render_here(path: &Path, data: minijinja::Value) -> Result<String> {
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
    let ctx = minijinja::context! { ..data };
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
        minijinja::ErrorKind::UndefinedError => "the data a template sees is `pacenote report --format json`; check the names against it",
        minijinja::ErrorKind::OutOfFuel => "the template runs too long; loop over fewer items",
        minijinja::ErrorKind::InvalidOperation => "see the minijinja syntax and operators; a template's output and each value it writes are bounded",
        minijinja::ErrorKind::TemplateNotFound | minijinja::ErrorKind::BadInclude => "include only files of the template's own folder, by plain name",
        _ => "see the minijinja syntax: {{ value }}, {% for x in list %}…{% endfor %}",
    };
    Fatal::new(msg).hint(hint)
}
