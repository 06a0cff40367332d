//! Room on the disk: a change is begun only while the disk holding the store has more than a
//! reserve free, so that a full disk refuses changes whole, before sled writes anything.
//!
//! Why a reserve: sled 0.34 turns every later write into an error once one of its log writes
//! fails (its "global error"), until the database is opened again, and a change refused part
//! way is then left half done in memory. Stopping short of the edge keeps sled away from it;
//! the reserve covers sled's log segments (512 KiB each) and buffers in flight.

use std::path::PathBuf;

use super::super::StoreError;

/// The free space a store keeps by default (`[store] min_free_mb`).
pub const DEFAULT_MIN_FREE: u64 = 64 * 1024 * 1024;

pub(super) struct Space {
    path: PathBuf,
    min_free: u64,
}

impl Space {
    pub fn new(path: PathBuf, min_free: u64) -> Space {
        Space { path, min_free }
    }

    /// `Err(StoreError::Full)` while the disk has no more than the reserve free. A disk whose
    /// free space cannot be read is not refused for it (the write itself will tell).
    pub fn check(&self) -> Result<(), StoreError> {
        if self.min_free == 0 {
            return Ok(());
        }
        match fs2::available_space(&self.path) {
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
