//! The live directory: who is in which team right now. It starts as the config's `[[people]]`
//! and, with a `[directory]` section, is replaced whole after each directory sync. Readers
//! take the current one (`current()`) and keep it for the length of their work, so a sync that
//! lands meanwhile never shows them half of one directory and half of the next.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::domain::Directory;

#[derive(Debug)]
pub struct Roster {
    current: RwLock<Arc<Directory>>,
    /// Counts replacements, so the scheduler knows when to rebuild its per-person jobs.
    generation: AtomicU64,
}

impl Roster {
    pub fn new(directory: Directory) -> Self {
        Roster {
            current: RwLock::new(Arc::new(directory)),
            generation: AtomicU64::new(0),
        }
    }

    /// The directory as it stands now.
    pub fn current(&self) -> Arc<Directory> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&current)
    }

    /// Swaps in a new directory, at once for every reader.
    pub fn replace(&self, directory: Directory) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        *current = Arc::new(directory);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// How many times the directory was replaced.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}
