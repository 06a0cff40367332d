//! The outbox trees: entries keyed by an increasing ID, so a scan is queue order.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::super::queue::{after_attempt, due_entries};
use super::super::{Attempt, OutboxEntry, StoreError};
use super::journal::{TreeId, WriteSet};
use super::keys;
use crate::message::{Destination, Outgoing};

/// Adds entries for `outgoing` to `set`, with IDs from `last`.
pub fn enqueue(
    set: &mut WriteSet,
    last: &AtomicU64,
    outgoing: &[Outgoing],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    for message in outgoing {
        let id = last.fetch_add(1, Ordering::SeqCst) + 1;
        let entry = OutboxEntry {
            id,
            outgoing: message.clone(),
            queued_at: at,
            attempts: 0,
            not_before: at,
            last_error: None,
            done: Vec::new(),
        };
        set.put(
            TreeId::Outbox,
            id.to_be_bytes(),
            serde_json::to_vec(&entry)?,
        );
    }
    Ok(())
}

/// The highest entry ID in use, waiting or parked.
pub fn last_id(outbox: &sled::Tree, parked: &sled::Tree) -> Result<u64, StoreError> {
    let mut last = 0;
    for tree in [outbox, parked] {
        if let Some((key, _)) = tree.last()? {
            let id = keys::u64_of(&key).ok_or_else(|| StoreError::Corrupt("outbox key".into()))?;
            last = last.max(id);
        }
    }
    Ok(last)
}

/// What the due scan reads of an entry first: where it goes and when. Entries held back behind
/// a retry are skipped without decoding their messages, so a long queue stays cheap to scan.
#[derive(Deserialize)]
struct Head {
    not_before: DateTime<Utc>,
    outgoing: HeadOutgoing,
}

#[derive(Deserialize)]
struct HeadOutgoing {
    to: Destination,
}

pub fn due(
    tree: &sled::Tree,
    now: DateTime<Utc>,
    limit: usize,
    per_destination: usize,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let heads = tree.iter().map(|item| {
        let (key, bytes) = item?;
        let id = keys::number(&key);
        let head: Head = keys::decode(format_args!("outbox entry {id}"), &bytes)?;
        Ok((head, id, bytes))
    });
    due_entries(
        heads,
        |(head, _, _)| (&head.outgoing.to, head.not_before),
        |(_, id, bytes)| keys::decode(format_args!("outbox entry {id}"), &bytes),
        now,
        limit,
        per_destination,
    )
}

pub fn all(tree: &sled::Tree) -> Result<Vec<OutboxEntry>, StoreError> {
    entries(tree).collect()
}

fn entries(tree: &sled::Tree) -> impl Iterator<Item = Result<OutboxEntry, StoreError>> + '_ {
    tree.iter().map(|item| {
        let (key, bytes) = item?;
        keys::decode(format_args!("outbox entry {}", keys::number(&key)), &bytes)
    })
}

/// The change that records `attempt` for the entry stored as `bytes`.
pub fn record(id: u64, bytes: &[u8], attempt: Attempt) -> Result<WriteSet, StoreError> {
    let key = id.to_be_bytes();
    let mut set = WriteSet::default();
    if attempt == Attempt::Delivered {
        // Done with: nothing of it needs reading.
        set.delete(TreeId::Outbox, key);
        return Ok(set);
    }
    let entry: OutboxEntry = keys::decode(format_args!("outbox entry {id}"), bytes)?;
    match after_attempt(entry, attempt) {
        None => set.delete(TreeId::Outbox, key),
        Some((entry, true)) => {
            set.delete(TreeId::Outbox, key);
            set.put(TreeId::Parked, key, serde_json::to_vec(&entry)?);
        }
        Some((entry, false)) => set.put(TreeId::Outbox, key, serde_json::to_vec(&entry)?),
    }
    Ok(set)
}

/// The change that records the routes an entry already reached.
pub fn progress(id: u64, bytes: &[u8], done: &[String]) -> Result<WriteSet, StoreError> {
    let mut entry: OutboxEntry = keys::decode(format_args!("outbox entry {id}"), bytes)?;
    entry.done = done.to_vec();
    let mut set = WriteSet::default();
    set.put(
        TreeId::Outbox,
        id.to_be_bytes(),
        serde_json::to_vec(&entry)?,
    );
    Ok(set)
}
