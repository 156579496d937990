//! The one writer (`fsx::write_file`) on arbitrary paths and options, in a
//! repository-like folder holding a link out of it, a folder, a FIFO-like
//! non-file and a regular file: nothing is ever written outside the folder,
//! no link, folder or non-file is replaced, a file is replaced only when
//! asked, and nothing panics. No temporary file is left behind.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pacenote::internals::fsx::{write_file, Target};
use std::path::Path;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fuzz_target!(|data: &[u8]| {
    let (flags, rest) = data.split_first().unwrap_or((&0, &[]));
    let rel = String::from_utf8_lossy(rest);
    if rel.len() > 200 || rel.contains('\0') {
        return;
    }
    // Without `inside`, the path is the user's own choice (`--output`):
    // keep it in the scratch folder.
    let inside = flags & 2 == 2;
    if !inside && (rel.starts_with('/') || rel.split('/').any(|c| c == "..")) {
        return;
    }
    let Ok(outside) = tempfile::tempdir() else { return };
    let Ok(root) = tempfile::tempdir() else { return };
    let r = root.path();
    let _ = std::fs::write(outside.path().join("victim"), "precious");
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(outside.path(), r.join("link"));
        let _ = std::os::unix::fs::symlink(outside.path().join("victim"), r.join("file-link"));
    }
    let _ = std::fs::create_dir_all(r.join("journal/2026"));
    let _ = std::fs::write(r.join("journal/2026/old.yaml"), "old");
    let _ = std::fs::create_dir_all(r.join("git/tmp"));
    let path = r.join(rel.as_ref());
    let overwrite = flags & 1 == 1;
    let tmp = r.join("git/tmp");
    let t = Target {
        path: &path,
        inside: if inside { Some(r) } else { None },
        tmp: if flags & 4 == 4 { Some(&tmp) } else { None },
        overwrite,
    };
    let before_link = std::fs::symlink_metadata(r.join("link")).map(|m| m.file_type().is_symlink());
    let _ = write_file(&t, b"new");
    // Only with `inside` is every folder checked; the link itself and the
    // file behind `file-link` are never replaced or written through.
    if inside {
        assert_eq!(names(outside.path()), ["victim"], "wrote outside via {rel:?}");
        assert_eq!(
            std::fs::read_to_string(outside.path().join("victim")).ok().as_deref(),
            Some("precious"),
            "{rel:?}"
        );
    }
    let after_link = std::fs::symlink_metadata(r.join("link")).map(|m| m.file_type().is_symlink());
    assert_eq!(before_link.ok(), after_link.ok());
    if !overwrite {
        assert_eq!(
            std::fs::read_to_string(r.join("journal/2026/old.yaml")).ok().as_deref(),
            Some("old")
        );
    }
    assert!(
        names(&tmp).iter().all(|n| !n.ends_with(".tmp")),
        "temporary file left for {rel:?}"
    );
});
