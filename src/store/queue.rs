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

/// Where each waiting outbox entry goes and when it is due, by destination, kept in memory
/// beside a store's outbox so that a pass looks only at the head of each destination's queue:
/// a long queue behind a destination that is held back (Slack down, a retry pending) costs a
/// pass nothing. `due` picks exactly what `due_entries` picks from the same entries.
#[derive(Default)]
pub(super) struct Heads {
    /// Where each entry goes, to find its queue.
    by_id: std::collections::HashMap<u64, Destination>,
    queues: std::collections::HashMap<Destination, std::collections::BTreeMap<u64, DateTime<Utc>>>,
}

impl Heads {
    /// Notes that entry `id` waits for `to`, due at `not_before` (replacing what it said).
    pub fn put(&mut self, id: u64, to: Destination, not_before: DateTime<Utc>) {
        self.remove(id);
        self.queues
            .entry(to.clone())
            .or_default()
            .insert(id, not_before);
        self.by_id.insert(id, to);
    }

    /// Forgets entry `id` (delivered, dropped or parked).
    pub fn remove(&mut self, id: u64) {
        let Some(to) = self.by_id.remove(&id) else {
            return;
        };
        if let Some(queue) = self.queues.get_mut(&to) {
            queue.remove(&id);
            if queue.is_empty() {
                self.queues.remove(&to);
            }
        }
    }

    /// How many entries wait.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// The IDs of the entries due at `now`, oldest first: of each destination the leading
    /// entries that are due, at most `per_destination`, and of those at most `limit`.
    pub fn due(&self, now: DateTime<Utc>, limit: usize, per_destination: usize) -> Vec<u64> {
        let mut due: Vec<u64> = Vec::new();
        for queue in self.queues.values() {
            let leading = queue
                .iter()
                .take_while(|(_, not_before)| **not_before <= now)
                .take(per_destination.max(1));
            due.extend(leading.map(|(id, _)| *id));
        }
        due.sort_unstable();
        due.truncate(limit);
        due
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::PersonName;

    fn at(minute: i64) -> DateTime<Utc> {
        let start = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).single();
        start.map_or_else(Utc::now, |s| s + Duration::minutes(minute))
    }

    fn destination(n: u8) -> Destination {
        match n % 3 {
            0 => Destination::Channel(format!("c{n}")),
            _ => Destination::Person(PersonName::new(format!("P{n}"))),
        }
    }

    proptest! {
        /// Any queue, after any puts and removes, is picked from the index as a scan of the
        /// whole queue picks it.
        #[test]
        fn the_index_picks_what_a_scan_of_the_queue_picks(
            changes in prop::collection::vec((1u64..60, 0u8..6, 0i64..10, any::<bool>()), 0..120),
            now in 0i64..10,
            limit in 1usize..40,
            per_destination in 1usize..6,
        ) {
            let mut heads = Heads::default();
            let mut queue = std::collections::BTreeMap::new();
            for (id, to, due, keep) in changes {
                if keep {
                    heads.put(id, destination(to), at(due));
                    queue.insert(id, (destination(to), at(due)));
                } else {
                    heads.remove(id);
                    queue.remove(&id);
                }
            }
            let scanned = due_entries(
                queue.iter().map(Ok),
                |(_, (to, not_before))| (to, *not_before),
                |(id, (to, not_before))| Ok(OutboxEntry {
                    id: *id,
                    outgoing: crate::message::Outgoing {
                        to: to.clone(),
                        op: crate::message::Op::Post,
                        message: crate::message::Message::text("x"),
                    },
                    queued_at: *not_before,
                    attempts: 0,
                    not_before: *not_before,
                    last_error: None,
                    done: Vec::new(),
                }),
                at(now),
                limit,
                per_destination,
            );
            let scanned: Vec<u64> = scanned.map_err(|e| TestCaseError::fail(e.to_string()))?
                .iter().map(|e| e.id).collect();
            prop_assert_eq!(heads.due(at(now), limit, per_destination), scanned);
            prop_assert_eq!(heads.len(), queue.len());
        }
    }
}
