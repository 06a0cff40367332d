//! Fault injection for tests: a hook the sled store calls at chosen points of a write and of a
//! flush, which can fail that step or hold it (to crash there, or to race another writer).
//! The hook is compiled only for tests (`cfg(test)`, or the `faults` feature that the test
//! suite turns on); a release build has the points and nothing at them.

#[cfg(any(test, feature = "faults"))]
use std::{fmt, sync::Arc};

/// A step of a write or a flush.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point {
    /// Before a change's journal entry is written.
    JournalInsert,
    /// After the first operation of a change was applied, before the rest.
    Apply,
    /// After a change was applied in full, before its journal entry is removed.
    BeforeRemove,
    /// Removing a change's journal entry.
    JournalRemove,
    /// Before a change that failed part way is rolled back.
    RollBack,
    /// Before the flusher flushes.
    Flush,
}

#[cfg(any(test, feature = "faults"))]
type Hook = dyn Fn(Point) -> Result<(), String> + Send + Sync;

/// Called at every `Point`; an `Err` fails that step with the message. While a store has
/// faults, sled's own background flush is off, so only the store's flusher writes to disk and
/// a test decides exactly what a crash would find.
#[cfg(any(test, feature = "faults"))]
#[derive(Clone)]
pub struct Faults {
    hook: Arc<Hook>,
}

#[cfg(any(test, feature = "faults"))]
impl Faults {
    pub fn new(hook: impl Fn(Point) -> Result<(), String> + Send + Sync + 'static) -> Self {
        Faults {
            hook: Arc::new(hook),
        }
    }

    /// Fails every step at `point`.
    pub fn failing_at(point: Point) -> Self {
        Faults::new(move |at| {
            if at == point {
                Err(format!("injected failure at {point:?}"))
            } else {
                Ok(())
            }
        })
    }

    /// No failures: only sled's background flush is off.
    pub fn none() -> Self {
        Faults::new(|_| Ok(()))
    }

    pub(crate) fn at(&self, point: Point) -> Result<(), String> {
        (self.hook)(point)
    }
}

#[cfg(any(test, feature = "faults"))]
impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Faults")
    }
}
