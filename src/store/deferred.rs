//! Writing now, awaiting the disk later: lets an async task run store writes without holding
//! a thread while the disk flushes.
//!
//! Inside `defer`, a store's writing methods return as soon as the change is made (readers
//! see it), without waiting for the disk; the `Unsynced` they leave must then be awaited with
//! `synced` before anyone hears that the change is saved. Outside `defer` nothing changes:
//! every write returns once it is durable.

use std::cell::Cell;

use super::{Store, StoreError};

thread_local! {
    /// `Some(wrote)` on a thread running `defer`'s work.
    static DEFERRING: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Runs `work` with the durability of its writes put off. It must not await (the deferral
/// belongs to this thread while it runs).
pub fn defer<R>(work: impl FnOnce() -> R) -> Unsynced<R> {
    struct Restore(Option<bool>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let inner = DEFERRING.with(|d| d.replace(self.0));
            // An enclosing `defer` owes the disk whatever this one wrote.
            if self.0.is_some() && inner == Some(true) {
                DEFERRING.with(|d| d.set(Some(true)));
            }
        }
    }
    let restore = Restore(DEFERRING.with(|d| d.replace(Some(false))));
    let value = work();
    let wrote = DEFERRING.with(|d| d.get()) == Some(true);
    drop(restore);
    Unsynced { value, wrote }
}

/// `defer` and `synced` in one: runs `work` (which must not await) at once, then waits for the
/// disk without holding a thread.
pub async fn durably<R>(store: &dyn Store, work: impl FnOnce() -> R) -> Result<R, (R, StoreError)> {
    defer(work).synced(store).await
}

/// `durably` for store work that can fail: a failed flush fails it too.
pub async fn durably_try<T>(
    store: &dyn Store,
    work: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    durably(store, work)
        .await
        .unwrap_or_else(|(_, error)| Err(error))
}

/// Called by a store where a write would wait for the disk: `true` (and noted) when that wait
/// is deferred.
pub(super) fn deferring_here() -> bool {
    DEFERRING.with(|d| match d.get() {
        Some(_) => {
            d.set(Some(true));
            true
        }
        None => false,
    })
}

/// The result of deferred work, not to be reported before its writes are on disk.
#[must_use = "a deferred write is not saved until `synced` says so"]
pub struct Unsynced<R> {
    value: R,
    wrote: bool,
}

impl<R> Unsynced<R> {
    /// Waits until every write the work made is on disk. On failure the value comes back with
    /// the error: the caller must not report it as saved.
    pub async fn synced(self, store: &dyn Store) -> Result<R, (R, StoreError)> {
        if !self.wrote {
            return Ok(self.value);
        }
        match store.synced().await {
            Ok(()) => Ok(self.value),
            Err(error) => Err((self.value, error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_wait_is_noted_and_only_inside_defer() {
        assert!(!deferring_here());
        let nothing = defer(|| 1);
        assert!(!nothing.wrote);
        let wrote = defer(deferring_here);
        assert!(wrote.value && wrote.wrote);
        assert!(!deferring_here(), "the deferral ends with its work");
    }

    #[test]
    fn a_nested_defer_leaves_its_write_owed_by_the_outer_one() {
        let outer = defer(|| {
            let inner = defer(deferring_here);
            inner.wrote
        });
        assert!(outer.value, "the inner work wrote");
        assert!(outer.wrote, "so the outer one owes the disk too");
    }
}
