//! `SledStore`: the database, its trees, and the locks and counters its record kinds share.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use super::durable::Flusher;
use super::journal::WriteSet;
use super::trees::Trees;
use super::writer::Writer;
use crate::store::{StoreError, Ticket};

/// The sled database a migration works on.
pub type SledDb = sled::Db;

/// Updates of one request are serialised by one of these locks (this process holds the
/// store's file lock, so in-process locks suffice).
pub(super) const STRIPES: usize = 64;

pub struct SledStore {
    pub(super) db: sled::Db,
    pub(super) trees: Trees,
    pub(super) writer: std::sync::Arc<Writer>,
    pub(super) flusher: Flusher,
    pub(super) last_request: AtomicU64,
    pub(super) last_entry: AtomicU64,
    pub(super) stripes: Vec<Mutex<()>>,
    pub(super) outbox_lock: Mutex<()>,
    /// Serialises scheduler steps, answers, launch writes and pairing changes, which check what
    /// they read before writing.
    pub(super) schedule_lock: Mutex<()>,
    /// Serialises visits' numbering and updates.
    pub(super) visit_lock: Mutex<()>,
    /// Serialises actions' numbering and updates.
    pub(super) action_lock: Mutex<()>,
}

impl SledStore {
    /// Applies `set` all or nothing (see `writer`); its ticket says when it is on disk.
    pub(super) fn write(&self, set: &WriteSet) -> Result<Ticket, StoreError> {
        self.writer.write(&self.trees, set)
    }
}
