//! The progress bar a long history scan draws on standard error: only for
//! scans of at least `MIN_COMMITS` commits, and only when standard error is
//! a terminal. The history stage reports its progress through
//! `history::Progress`; drawing it is the command's business.

use crate::history::Progress;
use std::cell::Cell;
use std::io::IsTerminal;

/// A progress bar on stderr for long scans, only when stderr is a terminal.
#[derive(Default)]
pub(crate) struct Bar {
    total: Cell<usize>,
    shown: Cell<bool>,
    step: Cell<usize>,
}

impl Bar {
    const MIN_COMMITS: usize = 5000;
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        let shown = total >= Self::MIN_COMMITS && std::io::stderr().is_terminal();
        self.total.set(total);
        self.shown.set(shown);
        self.step.set((total / 100).max(1));
    }

    fn tick(&self, i: usize) {
        if self.shown.get() && i.is_multiple_of(self.step.get()) {
            let total = self.total.get();
            let pct = i * 100 / total;
            let bar = "#".repeat(pct / 4);
            crate::out::stderr(&format!(
                "\rreading history [{bar:<25}] {i}/{total} commits"
            ));
        }
    }

    fn finish(&self) {
        if self.shown.get() {
            crate::out::stderr("\r\x1b[2K");
            self.shown.set(false);
        }
    }
}
