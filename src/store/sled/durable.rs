//! Group commit: many writers wait on one `flush()`.
//!
//! sled's `flush_async` deadlocks once ~16 flushes overlap (sled #1308), so writers call the
//! blocking `flush()` — from a blocking context — and whoever arrives while a flush is running
//! waits for the next one, which then covers every write made before it began.

use std::sync::{Condvar, Mutex, MutexGuard};

use super::super::StoreError;

#[derive(Default)]
pub struct GroupCommit {
    state: Mutex<State>,
    finished: Condvar,
}

#[derive(Default)]
struct State {
    /// Tickets handed out: each is a write that wants to be durable.
    requested: u64,
    /// Every ticket up to this one is durable.
    completed: u64,
    flushing: bool,
}

impl GroupCommit {
    /// Returns once everything written before this call is on disk.
    pub fn durable(&self, db: &sled::Db) -> Result<(), StoreError> {
        let mut state = self.lock();
        state.requested += 1;
        let ticket = state.requested;
        loop {
            if state.completed >= ticket {
                return Ok(());
            }
            if !state.flushing {
                state.flushing = true;
                let covers = state.requested;
                drop(state);
                let result = db.flush();
                let mut state = self.lock();
                state.flushing = false;
                if result.is_ok() {
                    state.completed = state.completed.max(covers);
                }
                self.finished.notify_all();
                // On failure the waiters wake up and one of them tries again.
                return result.map(drop).map_err(StoreError::from);
            }
            state = self.finished.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
