//! The sled store: one tree per record kind, indexes written together with their record, and
//! every change made all or nothing through one door (`writer`), with a ticket that the
//! flusher (`durable`) covers once it is on disk.

mod actions;
mod asks;
pub mod backup;
mod deliveries;
mod durable;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod journal;
mod keys;
mod launches;
mod open;
mod outbox;
mod pairing;
mod plans;
mod requests;
mod schedule;
pub mod schema;
mod space;
mod store_impl;
mod trees;
mod visits;
mod writer;

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

pub use backup::BackupSummary;
pub use open::StoreOptions;
pub use space::DEFAULT_MIN_FREE;

use super::{StoreError, Ticket};
use durable::Flusher;
use journal::WriteSet;
use trees::Trees;
use writer::Writer;

/// The sled database a migration works on.
pub type SledDb = sled::Db;

/// Updates of one request are serialised by one of these locks (this process holds the
/// store's file lock, so in-process locks suffice).
const STRIPES: usize = 64;

pub struct SledStore {
    db: sled::Db,
    trees: Trees,
    writer: std::sync::Arc<Writer>,
    flusher: Flusher,
    last_request: AtomicU64,
    last_entry: AtomicU64,
    stripes: Vec<Mutex<()>>,
    outbox_lock: Mutex<()>,
    /// Serialises scheduler steps, answers, launch writes and pairing changes, which check what
    /// they read before writing.
    schedule_lock: Mutex<()>,
    /// Serialises visits' numbering and updates.
    visit_lock: Mutex<()>,
    /// Serialises actions' numbering and updates.
    action_lock: Mutex<()>,
}

impl SledStore {
    /// Applies `set` all or nothing (see `writer`); its ticket says when it is on disk.
    fn write(&self, set: &WriteSet) -> Result<Ticket, StoreError> {
        self.writer.write(&self.trees, set)
    }
}

#[cfg(test)]
mod tests;
