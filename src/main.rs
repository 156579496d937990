/// The most pack data libgit2 keeps memory-mapped at once, and the size of
/// one mapped window. libgit2's defaults (8 GiB, 1 GiB windows) map whole
/// pack files, so a cold report of a 100,000-commit history held about
/// 150 MiB of mapped pack pages on top of its own heap; small windows keep
/// the peak resident size near the heap at little cost in time
/// (BENCHMARKS.md).
const PACK_MAPPED_LIMIT: usize = 8 * 1024 * 1024;
const PACK_WINDOW_SIZE: usize = 2 * 1024 * 1024;

fn main() {
    limit_pack_mapping();
    std::process::exit(pacenote::run_cli(std::env::args_os()));
}

#[allow(unsafe_code)]
fn limit_pack_mapping() {
    // SAFETY: these set process-wide libgit2 options, which is unsound only
    // while another thread uses libgit2; this runs first in `main`, before
    // any other thread exists and before any repository is opened.
    unsafe {
        let _ = git2::opts::set_mwindow_size(PACK_WINDOW_SIZE);
        let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED_LIMIT);
    }
}
