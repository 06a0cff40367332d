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
//! - A change is begun only while the disk has room (`space`): on a full disk it is refused
//!   whole with `StoreError::Full`, nothing of it written, and the next change tries again.
//! - A change that fails part way (an I/O error) is rolled back: the values it replaced are
//!   put back, its journal entry removed, and that is flushed before its caller hears
//!   `StoreError::NotSaved`. If the roll-back fails too, the change stays pending: its caller
//!   hears `StoreError::Unconfirmed` (a restart would finish it from its journal entry), and
//!   every later change first tries the roll-back again and is refused with
//!   `StoreError::ReadOnly` (nothing of it written) until it succeeds. Nothing is written
//!   between a failed change and its roll-back, so the values put back are still the ones to
//!   put back, and a restart in between replays the entry over nothing newer.
//! - While the last change failed, `failure` says why (`/healthz` shows it); a change that
//!   succeeds clears it.
//! - The outbox's index (`Heads`: where each waiting entry goes and when) is kept here, updated
//!   after each change applied in full, under the same lock: it never shows a change that was
//!   refused or rolled back.
//! - A ticket is the number of its change in this order. `written` is the number of the last
//!   change begun; `applied` (which the flusher reads before each flush) of the last one
//!   applied in full, taken under the lock so that no change is half-way at that moment.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::super::queue::Heads;
use super::super::{StoreError, Ticket};
use super::journal::{TreeId, WriteSet};
use super::outbox;
use super::space::Space;
use super::trees::Trees;
use crate::store::faults::Point;

pub(super) struct Writer {
    lock: Mutex<Order>,
    /// The number of the last change begun (read without the lock).
    begun: AtomicU64,
    /// Why the last change failed, until one succeeds.
    trouble: Mutex<Option<String>>,
    space: Option<Space>,
    /// The waiting outbox entries by destination, as of the last change applied.
    outbox: Mutex<Heads>,
    #[cfg(any(test, feature = "faults"))]
    faults: Option<crate::store::Faults>,
}

/// What the lock guards: the numbering of changes and of journal entries, and a change that
/// failed part way and still has to be rolled back.
struct Order {
    applied: u64,
    journal: u64,
    pending: Option<Undo>,
}

/// What rolls a change back: its journal entry, and the values it replaced, in the order it
/// replaced them (`None`: the key was absent).
struct Undo {
    entry: [u8; 8],
    before: Vec<(TreeId, Vec<u8>, Option<sled::IVec>)>,
    why: String,
}

impl Writer {
    pub fn new(
        space: Option<Space>,
        #[cfg(any(test, feature = "faults"))] faults: Option<crate::store::Faults>,
    ) -> Self {
        Writer {
            lock: Mutex::new(Order {
                applied: 0,
                journal: 0,
                pending: None,
            }),
            begun: AtomicU64::new(0),
            trouble: Mutex::new(None),
            space,
            outbox: Mutex::new(Heads::default()),
            #[cfg(any(test, feature = "faults"))]
            faults,
        }
    }

    /// The writer for a store whose outbox holds what `heads` says (read at open).
    pub fn tracking(self, heads: Heads) -> Self {
        *self.outbox_lock() = heads;
        self
    }

    /// The waiting outbox entries, as of the last change applied in full.
    pub fn outbox(&self) -> MutexGuard<'_, Heads> {
        self.outbox_lock()
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
        if let Some(undo) = order.pending.take() {
            if let Err(error) = self.roll_back(trees, &undo) {
                let why = format!("{}; undoing it failed too: {error}", undo.why);
                order.pending = Some(undo);
                return Err(StoreError::ReadOnly(why));
            }
            tracing::info!("the change that failed part way is rolled back; writes go on");
        }
        if set.is_empty() {
            return Ok(Ticket::at(order.applied));
        }
        if let Some(space) = &self.space {
            // `failure` reads the disk itself, so it clears as soon as there is room.
            space.check()?;
        }
        self.begun.store(order.applied + 1, Ordering::SeqCst);
        let failed = match self.apply(order, trees, set) {
            Ok(()) => {
                order.applied += 1;
                *self.trouble_lock() = None;
                outbox::track(&mut self.outbox_lock(), set);
                return Ok(Ticket::at(order.applied));
            }
            Err(failed) => failed,
        };
        let (error, undo) = failed;
        let why = error.to_string();
        tracing::error!(error = %why, "a write failed; rolling it back");
        self.trouble(why.clone());
        let rolled_back = match &undo {
            None => Ok(()),
            Some(undo) => self.roll_back(trees, undo),
        };
        match (rolled_back, undo) {
            (Ok(()), _) => {
                // Its number stands for a change that wrote nothing, so whoever waits for
                // everything written so far (`written`) is covered by the next flush.
                order.applied += 1;
                Err(StoreError::NotSaved(why))
            }
            (Err(again), Some(undo)) => {
                tracing::error!(error = %again, "rolling back the failed write failed; no change is taken until it is");
                self.trouble(format!("{why}; undoing it failed too: {again}"));
                // Not counted as applied: tickets up to it fail (see `stuck`).
                self.begun.store(order.applied, Ordering::SeqCst);
                order.pending = Some(undo);
                Err(StoreError::Unconfirmed(why))
            }
            (Err(again), None) => Err(again),
        }
    }

    /// Puts back what a failed change replaced, removes its journal entry, and flushes, so
    /// that no restart replays it.
    fn roll_back(&self, trees: &Trees, undo: &Undo) -> Result<(), StoreError> {
        self.fault(Point::RollBack)?;
        for (tree, key, value) in undo.before.iter().rev() {
            trees.apply_one(*tree, key, value.as_deref())?;
        }
        trees.journal.remove(undo.entry)?;
        trees.journal.flush()?;
        Ok(())
    }

    fn trouble(&self, why: String) {
        *self.trouble_lock() = Some(why);
    }

    fn outbox_lock(&self) -> MutexGuard<'_, Heads> {
        self.outbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn trouble_lock(&self) -> MutexGuard<'_, Option<String>> {
        self.trouble.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` with no change under way and none beginning until it returns (a backup's
    /// consistent view). Refused once the store stopped taking changes: a half-done change
    /// would be in the view.
    pub fn paused<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        let order = self.lock();
        if let Some(undo) = &order.pending {
            return Err(StoreError::ReadOnly(undo.why.clone()));
        }
        Ok(f())
    }

    /// Why no change can be taken, while a failed one could not be rolled back yet: tickets
    /// past `applied` then belong to no change that will finish.
    pub fn stuck(&self) -> Option<String> {
        self.lock().pending.as_ref().map(|undo| undo.why.clone())
    }

    /// The ticket of every change begun so far.
    pub fn written(&self) -> Ticket {
        Ticket::at(self.begun.load(Ordering::SeqCst))
    }

    /// The number of the last change applied in full (none is half-way while this reads it).
    pub fn applied(&self) -> u64 {
        self.lock().applied
    }

    /// Why the last change failed, until one succeeds; else why the next would be refused
    /// (a full disk).
    pub fn failure(&self) -> Option<String> {
        if let Some(why) = self.trouble_lock().clone() {
            return Some(why);
        }
        let space = self.space.as_ref()?;
        space.check().err().map(|error| error.to_string())
    }

    /// Applies `set`; on failure, what undoes the part that was applied (`None`: nothing was).
    fn apply(
        &self,
        order: &mut Order,
        trees: &Trees,
        set: &WriteSet,
    ) -> Result<(), (StoreError, Option<Undo>)> {
        if set.is_single() {
            // One insert or remove: sled applies it whole or not at all.
            self.fault(Point::Apply).map_err(|e| (e, None))?;
            let (tree, key, value) = set.ops().next().ok_or((StoreError::NotFound, None))?;
            return trees
                .apply_one(tree, key, value)
                .map(drop)
                .map_err(|e| (e, None));
        }
        order.journal += 1;
        let mut undo = Undo {
            entry: order.journal.to_be_bytes(),
            before: Vec::new(),
            why: String::new(),
        };
        self.fault(Point::JournalInsert).map_err(|e| (e, None))?;
        trees
            .journal
            .insert(undo.entry, set.encode())
            .map_err(|e| (e.into(), None))?;
        match self.apply_ops(trees, set, &mut undo) {
            Ok(()) => Ok(()),
            Err(error) => {
                undo.why = error.to_string();
                Err((error, Some(undo)))
            }
        }
    }

    /// Applies the operations of a journalled change, keeping in `undo` what each replaced (an
    /// operation that failed replaced nothing).
    fn apply_ops(&self, trees: &Trees, set: &WriteSet, undo: &mut Undo) -> Result<(), StoreError> {
        for (n, (tree, key, value)) in set.ops().enumerate() {
            if n == 1 {
                self.fault(Point::Apply)?;
            }
            // sled hands back what the key held, so keeping it costs no read.
            let before = trees.apply_one(tree, key, value)?;
            undo.before.push((tree, key.to_vec(), before));
        }
        self.fault(Point::BeforeRemove)?;
        self.fault(Point::JournalRemove)?;
        trees.journal.remove(undo.entry)?;
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
