//! Crashes and failures at chosen points: a stepper that holds every flush of a store until the
//! test lets it go, and copies of a live data directory as a crash would leave it.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use tandem::store::{Faults, Point};

/// Holds each flush, while armed, until the test releases it: between two flushes a test can
/// copy what a crash at that moment would leave on disk.
#[derive(Default)]
pub struct Stepper {
    state: Mutex<Steps>,
    changed: Condvar,
}

#[derive(Default)]
struct Steps {
    armed: bool,
    /// Flushes that reached the hold, and how many of them were let go.
    held: u64,
    released: u64,
}

impl Stepper {
    pub fn new() -> Arc<Stepper> {
        Arc::new(Stepper::default())
    }

    /// The store hook: holds every flush while armed.
    pub fn faults(self: &Arc<Self>) -> Faults {
        let stepper = self.clone();
        Faults::new(move |point| {
            if point == Point::Flush {
                stepper.hold();
            }
            Ok(())
        })
    }

    fn hold(&self) {
        let mut steps = self.lock();
        if !steps.armed {
            return;
        }
        steps.held += 1;
        let mine = steps.held;
        self.changed.notify_all();
        while steps.armed && steps.released < mine {
            steps = self.changed.wait(steps).unwrap_or_else(|e| e.into_inner());
        }
    }

    pub fn arm(&self) {
        self.lock().armed = true;
    }

    /// Lets every flush go, now and from now on.
    pub fn disarm(&self) {
        self.lock().armed = false;
        self.changed.notify_all();
    }

    /// Whether a flush waits to be let go.
    pub fn holding(&self) -> bool {
        let steps = self.lock();
        steps.held > steps.released
    }

    pub fn release_one(&self) {
        let mut steps = self.lock();
        if steps.held > steps.released {
            steps.released += 1;
        }
        self.changed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Steps> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every flush fails while `failing` is set.
pub fn failing_flushes(failing: &Arc<AtomicBool>) -> Faults {
    let failing = failing.clone();
    Faults::new(
        move |point| match point == Point::Flush && failing.load(Ordering::SeqCst) {
            true => Err("I/O error: the disk went away".into()),
            false => Ok(()),
        },
    )
}

/// Copies a live data directory as a crash at this moment would leave it: what the store's
/// files hold (with faults on, only the store's own flushes write them).
pub fn crash_image(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("image directory");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            crash_image(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
