//! What both stores share about the outbox: picking due entries, and what an attempt does to
//! an entry.

use chrono::{DateTime, Utc};

use super::{Attempt, OutboxEntry, StoreError};
use crate::message::Destination;

/// Picks the due entries from `entries` (in queue order), holding back a destination behind
/// its first entry that is not due yet, and after `per_destination` of its entries. `head` tells where an entry goes and when it is due;
/// `read` makes the whole entry, only for those picked (a store can keep them undecoded).
pub(super) fn due_entries<T>(
    entries: impl Iterator<Item = Result<T, StoreError>>,
    head: impl Fn(&T) -> (&Destination, DateTime<Utc>),
    read: impl Fn(T) -> Result<OutboxEntry, StoreError>,
    now: DateTime<Utc>,
    limit: usize,
    per_destination: usize,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut held = std::collections::HashSet::new();
    let mut picked = std::collections::HashMap::new();
    let mut due = Vec::new();
    for entry in entries {
        if due.len() >= limit {
            break;
        }
        let entry = entry?;
        let (to, not_before) = head(&entry);
        if held.contains(to) {
            continue;
        }
        if not_before > now {
            held.insert(to.clone());
            continue;
        }
        let count = picked.entry(to.clone()).or_insert(0usize);
        *count += 1;
        if *count >= per_destination {
            held.insert(to.clone());
        }
        due.push(read(entry)?);
    }
    Ok(due)
}

/// Applies an attempt's outcome to an entry: `None` when it is done with (delivered),
/// else the entry to keep and whether it is parked.
pub(super) fn after_attempt(
    mut entry: OutboxEntry,
    attempt: Attempt,
) -> Option<(OutboxEntry, bool)> {
    entry.attempts += 1;
    match attempt {
        Attempt::Delivered => None,
        Attempt::Retry { at, error } => {
            entry.not_before = at;
            entry.last_error = Some(error);
            Some((entry, false))
        }
        Attempt::Park { error } => {
            entry.last_error = Some(error);
            Some((entry, true))
        }
    }
}
