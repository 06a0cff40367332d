//! The live directory: who is in which team right now. It starts as the config's `[[people]]`
//! (with the last good directory sync, when there is a `[directory]`), and is replaced whole
//! after each sync. Readers take the current one (`current()`) and keep it for the length of
//! their work, so a sync that lands meanwhile never shows them half of one directory and half
//! of the next. A lead's `admin sync` is handed to the syncer through it too.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::Notify;

use crate::domain::{Directory, PersonName};

/// A sync a lead asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncAsk {
    pub by: PersonName,
    /// Apply it even if it would remove more than half of a team.
    pub confirm: bool,
}

#[derive(Debug, Default)]
pub struct Roster {
    current: RwLock<Arc<Directory>>,
    /// Counts replacements, so the scheduler knows when to rebuild its per-person jobs.
    generation: AtomicU64,
    asked: Mutex<Option<SyncAsk>>,
    wake: Notify,
    /// Whether a syncer runs (`serve`), so that `admin sync` can say when nothing will.
    attached: AtomicBool,
}

impl Roster {
    pub fn new(directory: Directory) -> Self {
        Roster {
            current: RwLock::new(Arc::new(directory)),
            ..Roster::default()
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

    /// Asks the syncer for a sync now (a later ask replaces one not yet taken).
    pub fn ask(&self, ask: SyncAsk) {
        *self.asked.lock().unwrap_or_else(|e| e.into_inner()) = Some(ask);
        self.wake.notify_one();
    }

    /// The sync asked for, if any; taking it clears it.
    pub fn take_ask(&self) -> Option<SyncAsk> {
        self.asked.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// Completes when a sync is asked for.
    pub async fn asked(&self) {
        self.wake.notified().await;
    }

    /// Says a syncer runs.
    pub fn attach(&self) {
        self.attached.store(true, Ordering::SeqCst);
    }

    pub fn attached(&self) -> bool {
        self.attached.load(Ordering::SeqCst)
    }
}
