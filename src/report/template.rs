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
pub(crate) const SANDBOX_COMMAND: &str = "__render-template";
/// The most memory (address space) the rendering process may use.
pub(crate) const MAX_MEMORY: u64 = 1024 * 1024 * 1024;
/// The most processor time the rendering process may use, in seconds.
pub(crate) const MAX_CPU_SECONDS: u64 = 30;

/// The most characters a user template may produce.
pub const MAX_OUTPUT: usize = 4 * 1024 * 1024;
/// The most instructions a user template may run (about a second).
pub(crate) const MAX_FUEL: u64 = 5_000_000;
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

/// The most bytes of the sandbox's reply header (one JSON line).
const MAX_HEADER: u64 = 64 * 1024;
/// The most characters of an error message or hint passed back.
const MAX_MESSAGE_CHARS: usize = 2000;

/// The sandbox's reply, the first line of its standard output (JSON): the
/// rendered bytes follow an `Output` header; an `Error` is the whole reply.
/// Standard error is never read, so nothing a template makes the process
/// print there can be mistaken for a reply.
#[derive(serde::Serialize, serde::Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Output {
        bytes: usize,
    },
    Error {
        message: String,
        hint: Option<String>,
    },
}

/// Renders the template at `path` against `data` in a separate process with
/// limited memory and processor time.
pub(crate) fn render(path: &Path, data: &ReportData) -> Result<String> {
    let json = serde_json::to_vec(data).map_err(|e| Fatal::new(e.to_string()))?;
    let exe = std::env::current_exe()
        .map_err(|e| Fatal::new(format!("cannot find pacenote's own program: {e}")).os(e))?;
    let started = std::time::Instant::now();
    let mut child = Command::new(&exe)
        .arg(SANDBOX_COMMAND)
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Fatal::new(format!("cannot start the template sandbox: {e}")).io(&exe, e))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(Fatal::new("cannot talk to the template sandbox"));
    };
    // Feed the data on its own thread, so that neither pipe can fill up and
    // stall the other side.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&json);
    });
    let reply = read_reply(stdout);
    if reply.is_err() {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| Fatal::new(format!("the template sandbox failed: {e}")).io(&exe, e))?;
    let _ = feeder.join();
    let elapsed = started.elapsed().as_secs_f64();
    match reply {
        Ok(Ok(out)) if status.success() => Ok(out),
        Ok(Err(f)) => Err(f),
        Err(ReplyProblem::TooLong) => Err(too_long(path)),
        _ => Err(stopped(path, status, elapsed)),
    }
}

/// What went wrong with a reply.
#[derive(Debug)]
pub enum ReplyProblem {
    /// The header or the output is over its bound.
    TooLong,
    /// No reply, or not one the sandbox writes: the process ended early.
    Missing,
}

/// Reads the sandbox's reply: the header line, then exactly the bytes it
/// announces, each bounded.
pub fn read_reply(stdout: impl Read) -> std::result::Result<Result<String>, ReplyProblem> {
    use std::io::BufRead;
    let mut r = std::io::BufReader::new(stdout);
    let mut header = Vec::new();
    (&mut r)
        .take(MAX_HEADER)
        .read_until(b'\n', &mut header)
        .map_err(|_| ReplyProblem::Missing)?;
    if header.last() != Some(&b'\n') {
        return Err(if header.len() as u64 >= MAX_HEADER {
            ReplyProblem::TooLong
        } else {
            ReplyProblem::Missing
        });
    }
    match serde_json::from_slice::<Reply>(&header).map_err(|_| ReplyProblem::Missing)? {
        Reply::Error { message, hint } => {
            let f = Fatal::new(clip(&message));
            Ok(Err(match hint {
                Some(h) => f.hint(clip(&h)),
                None => f,
            }))
        }
        Reply::Output { bytes } if bytes > MAX_OUTPUT => Err(ReplyProblem::TooLong),
        Reply::Output { bytes } => {
            let mut out = Vec::with_capacity(bytes);
            (&mut r)
                .take(bytes as u64)
                .read_to_end(&mut out)
                .map_err(|_| ReplyProblem::Missing)?;
            if out.len() != bytes {
                return Err(ReplyProblem::Missing);
            }
            Ok(String::from_utf8(out).map_err(|e| Fatal::new(e.to_string())))
        }
    }
}

fn clip(s: &str) -> String {
    crate::report::escape::clip(s, MAX_MESSAGE_CHARS)
}

/// The error for a sandbox that ended without a reply: what stopped it,
/// as the operating system tells, and after how long.
fn stopped(path: &Path, status: std::process::ExitStatus, elapsed: f64) -> Fatal {
    let p = path.display();
    let mib = MAX_MEMORY / (1024 * 1024);
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal: Option<i32> = None;
    let (what, hint) = match signal {
        // SIGXCPU, then SIGKILL at the hard limit.
        Some(24) => (
            format!("was stopped after {elapsed:.2} s: it used its {MAX_CPU_SECONDS} s of processor time"),
            "render less; loops over large ranges and filters over long strings cost processor time",
        ),
        Some(9) => (
            format!("was killed (signal 9) after {elapsed:.2} s: it used its {MAX_CPU_SECONDS} s of processor time, or the system ran out of memory"),
            "render less; a template that keeps doubling a string (`s ~ s`) is stopped this way",
        ),
        // An allocation past the address-space limit aborts the process.
        Some(6 | 7 | 11) => (
            format!("ran out of memory after {elapsed:.2} s: it needed more than {mib} MiB (signal {})", signal.unwrap_or_default()),
            "render less; a template that keeps doubling a string (`s ~ s`) is stopped this way",
        ),
        Some(n) => (
            format!("was stopped by signal {n} after {elapsed:.2} s"),
            "run it again; if it happens again, render less",
        ),
        None => (
            format!(
                "could not be rendered: the sandbox ended after {elapsed:.2} s ({status}) without a reply"
            ),
            "run it again; if it happens again, render less",
        ),
    };
    Fatal::new(format!("the template {p} {what}")).hint(hint)
}

/// The sandboxed process: limit memory and processor time, read the report
/// data from standard input, render, and reply on standard output (see
/// `Reply`). Returns the exit code: 0 whenever a reply was written.
pub(crate) fn sandbox_main(path: &Path) -> i32 {
    let result = limit_resources().and_then(|()| {
        let mut json = Vec::new();
        std::io::stdin()
            .take(MAX_MEMORY)
            .read_to_end(&mut json)
            .map_err(|e| Fatal::new(format!("cannot read the report data: {e}")).os(e))?;
        let data: serde_json::Value = serde_json::from_slice(&json)
            .map_err(|e| Fatal::new(format!("cannot read the report data: {e}")))?;
        drop(json);
        render_here(path, minijinja::Value::from_serialize(&data))
    });
    let (reply, body) = match result {
        Ok(out) => (Reply::Output { bytes: out.len() }, out),
        Err(f) => (
            Reply::Error {
                message: clip(&f.message),
                hint: f.hint.as_deref().map(clip),
            },
            String::new(),
        ),
    };
    let mut header = serde_json::to_string(&reply).unwrap_or_default();
    header.push('\n');
    match crate::out::stdout(&header).and_then(|()| crate::out::stdout(&body)) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

#[cfg(unix)]
fn limit_resources() -> Result<()> {
    use rlimit::{setrlimit, Resource};
    setrlimit(Resource::AS, MAX_MEMORY, MAX_MEMORY)
        .and_then(|()| setrlimit(Resource::CPU, MAX_CPU_SECONDS, MAX_CPU_SECONDS))
        .map_err(|e| Fatal::new(format!("cannot limit the template's memory and time: {e}")).os(e))
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "template".into());
    render_source_at(path, &name, &source, &dir, data)
}

/// Renders template text as the sandbox does (fuel, bounded output,
/// includes of `dir` only), in this process: for the fuzz target, since
/// the memory and time limits belong to the sandbox process.
pub fn render_source(
    name: &str,
    source: &str,
    dir: &Path,
    data: minijinja::Value,
) -> Result<String> {
    render_source_at(Path::new(name), name, source, dir, data)
}

fn render_source_at(
    path: &Path,
    name: &str,
    source: &str,
    dir: &Path,
    data: minijinja::Value,
) -> Result<String> {
    let dir = dir.to_path_buf();
    let source = source.to_string();
    let name = name.to_string();
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
