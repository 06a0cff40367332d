//! Room on the disk: a change is begun only while the disk holding the store has more than a
//! reserve free, so that a full disk refuses changes whole, before sled writes anything.
//!
//! Why a reserve: sled 0.34 turns every later write into an error once one of its log writes
//! fails (its "global error"), until the database is opened again, and a change refused part
//! way is then left half done in memory. Stopping short of the edge keeps sled away from it;
//! the reserve covers sled's log segments (512 KiB each) and buffers in flight.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::super::StoreError;

/// The free space a store keeps by default (`[store] min_free_mb`).
pub const DEFAULT_MIN_FREE: u64 = 64 * 1024 * 1024;

/// Free space this far beyond the reserve is plenty: no burst of changes uses it up within
/// `RECHECK`, so the disk is not asked again until then (asking costs a system call a change).
const PLENTY: u64 = 1024 * 1024 * 1024;
const RECHECK: Duration = Duration::from_millis(100);

pub(super) struct Space {
    path: PathBuf,
    min_free: u64,
    /// Until when the last reading found plenty of room.
    plenty_until: Mutex<Option<Instant>>,
}

impl Space {
    pub fn new(path: PathBuf, min_free: u64) -> Space {
        Space {
            path,
            min_free,
            plenty_until: Mutex::new(None),
        }
    }

    /// `Err(StoreError::Full)` while the disk has no more than the reserve free. A disk whose
    /// free space cannot be read is not refused for it (the write itself will tell).
    pub fn check(&self) -> Result<(), StoreError> {
        if self.min_free == 0 {
            return Ok(());
        }
        let mut plenty_until = self.plenty_until.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if plenty_until.is_some_and(|until| now < until) {
            return Ok(());
        }
        let free = fs2::available_space(&self.path);
        *plenty_until = match free {
            Ok(free) if free > self.min_free.saturating_add(PLENTY) => Some(now + RECHECK),
            _ => None,
        };
        match free {
            Ok(free) if free <= self.min_free => Err(StoreError::Full(format!(
                "the disk holding {} has {} free and Tandem keeps {} spare",
                self.path.display(),
                size(free),
                size(self.min_free)
            ))),
            _ => Ok(()),
        }
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 10 * 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}
