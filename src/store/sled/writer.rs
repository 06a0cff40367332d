//! The one door every sled write goes through, and what it guarantees.
//!
//! A change (a `WriteSet`) is all or nothing, across a crash too. A change of several puts and
//! deletes is first written as one journal entry (a single insert, which sled makes atomic),
//! then applied with plain inserts, then its entry is removed; a single put or delete is
//! atomic by itself and skips the journal. sled recovers a prefix of its log, so after a crash
//! either the entry is there, and opening applies it again (every operation is idempotent), or
//! the change never started. (Why not sled's transactions: see `journal`.)
//!
//! What this guarantees, exactly:
//! - Changes are applied one at a time, under one lock, in the order of their tickets. Nobody
//!   writes between a change's apply and the removal of its journal entry, so replaying an
//!   entry can never bring back a value that a later change replaced.
//! - A write that fails part way (a full disk) leaves its journal entry and stops the store
//!   from taking changes: its caller hears `StoreError::Unconfirmed`, every later write is
//!   refused with `StoreError::ReadOnly` (nothing of it written), reads go on and `failure`
//!   says why. The next start replays the entry, finishing the change, and nothing written
//!   after it can be overwritten by that replay, because nothing was.
//! - A ticket is the number of its change in this order. `written` is the number of the last
//!   change begun; `applied` (which the flusher reads before each flush) of the last one
//!   applied in full, taken under the lock so that no change is half-way at that moment.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use super::super::{StoreError, Ticket};
use super::journal::WriteSet;
use super::trees::Trees;
use crate::store::faults::Point;

pub(super) struct Writer {
    lock: Mutex<Order>,
    /// The number of the last change begun (read without the lock).
    begun: AtomicU64,
    /// Why the store stopped taking changes, once it has.
    failed: OnceLock<String>,
    #[cfg(any(test, feature = "faults"))]
    faults: Option<crate::store::Faults>,
}

/// What the lock guards: the numbering of changes and of journal entries.
struct Order {
    applied: u64,
    journal: u64,
}

impl Writer {
    pub fn new(#[cfg(any(test, feature = "faults"))] faults: Option<crate::store::Faults>) -> Self {
        Writer {
            lock: Mutex::new(Order {
                applied: 0,
                journal: 0,
            }),
            begun: AtomicU64::new(0),
            failed: OnceLock::new(),
            #[cfg(any(test, feature = "faults"))]
            faults,
        }
    }

    /// Applies `set` all or nothing; returns its ticket. Not on disk yet: see `Flusher`.
    pub fn write(&self, trees: &Trees, set: &WriteSet) -> Result<Ticket, StoreError> {
        let mut order = self.lock();
        self.commit(&mut order, trees, set)
    }

    /// Makes a change from what the trees hold, with no other change in between (a check and
    /// the write it allows), and applies it like `write`.
    pub fn write_with<T>(
        &self,
        trees: &Trees,
        make: impl FnOnce(&Trees) -> Result<(WriteSet, T), StoreError>,
    ) -> Result<(T, Ticket), StoreError> {
        let mut order = self.lock();
        let (set, value) = make(trees)?;
        let ticket = self.commit(&mut order, trees, &set)?;
        Ok((value, ticket))
    }

    fn commit(
        &self,
        order: &mut Order,
        trees: &Trees,
        set: &WriteSet,
    ) -> Result<Ticket, StoreError> {
        if let Some(why) = self.failed.get() {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        if set.is_empty() {
            return Ok(Ticket::at(order.applied));
        }
        self.begun.store(order.applied + 1, Ordering::SeqCst);
        match self.apply(order, trees, set) {
            Ok(()) => {
                order.applied += 1;
                Ok(Ticket::at(order.applied))
            }
            Err(error) => {
                // Not counted as applied: its journal entry finishes it at the next start.
                self.begun.store(order.applied, Ordering::SeqCst);
                let why = error.to_string();
                tracing::error!(error = %why, "a write failed; the store takes no more changes until Tandem restarts");
                let _ = self.failed.set(why.clone());
                Err(StoreError::Unconfirmed(why))
            }
        }
    }

    /// Runs `f` with no change under way and none beginning until it returns (a backup's
    /// consistent view). Refused once the store stopped taking changes: a half-done change
    /// would be in the view.
    pub fn paused<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        let _order = self.lock();
        if let Some(why) = self.failed.get() {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        Ok(f())
    }

    /// The ticket of every change begun so far.
    pub fn written(&self) -> Ticket {
        Ticket::at(self.begun.load(Ordering::SeqCst))
    }

    /// The number of the last change applied in full (none is half-way while this reads it).
    pub fn applied(&self) -> u64 {
        self.lock().applied
    }

    /// Why the store takes no changes, if it doesn't.
    pub fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }

    fn apply(&self, order: &mut Order, trees: &Trees, set: &WriteSet) -> Result<(), StoreError> {
        if set.is_single() {
            self.fault(Point::Apply)?;
            let (tree, key, value) = set.ops().next().ok_or(StoreError::NotFound)?;
            return trees.apply_one(tree, key, value);
        }
        order.journal += 1;
        let entry = order.journal.to_be_bytes();
        self.fault(Point::JournalInsert)?;
        trees.journal.insert(entry, set.encode())?;
        for (n, (tree, key, value)) in set.ops().enumerate() {
            if n == 1 {
                self.fault(Point::Apply)?;
            }
            trees.apply_one(tree, key, value)?;
        }
        self.fault(Point::BeforeRemove)?;
        self.fault(Point::JournalRemove)?;
        trees.journal.remove(entry)?;
        Ok(())
    }

    #[cfg(any(test, feature = "faults"))]
    fn fault(&self, point: Point) -> Result<(), StoreError> {
        match &self.faults {
            Some(faults) => faults.at(point).map_err(StoreError::Backend),
            None => Ok(()),
        }
    }

    #[cfg(not(any(test, feature = "faults")))]
    #[inline(always)]
    fn fault(&self, _: Point) -> Result<(), StoreError> {
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Order> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }
}
