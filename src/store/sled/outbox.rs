//! The outbox trees: entries keyed by an increasing ID, so a scan is queue order.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::super::queue::{Heads, after_attempt};
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
        set.note_outbox(id, Some((entry.outgoing.to, entry.not_before)));
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

/// What the outbox index reads of an entry: where it goes and when.
#[derive(Deserialize)]
struct Head {
    not_before: DateTime<Utc>,
    outgoing: HeadOutgoing,
}

#[derive(Deserialize)]
struct HeadOutgoing {
    to: Destination,
}

/// Where the entry stored as `bytes` goes, and when it is due.
fn head(id: u64, bytes: &[u8]) -> Result<(Destination, DateTime<Utc>), StoreError> {
    let head: Head = keys::decode(format_args!("outbox entry {id}"), bytes)?;
    Ok((head.outgoing.to, head.not_before))
}

/// The index of the waiting entries in `tree`, read once at open.
pub fn heads(tree: &sled::Tree) -> Result<Heads, StoreError> {
    let mut heads = Heads::default();
    for item in tree.iter() {
        let (key, bytes) = item?;
        let id = keys::number(&key);
        let (to, not_before) = head(id, &bytes)?;
        heads.put(id, to, not_before);
    }
    Ok(heads)
}

/// Keeps `heads` up to date with a change that was just applied in full: what the set noted
/// as it queued entries, else what the entries it wrote say.
pub fn track(heads: &mut Heads, set: &WriteSet) {
    let notes = set.outbox_notes();
    for (id, head) in notes {
        match head {
            Some((to, not_before)) => heads.put(*id, to.clone(), *not_before),
            None => heads.remove(*id),
        }
    }
    let noted: std::collections::HashSet<u64> = notes.iter().map(|(id, _)| *id).collect();
    for (tree, key, value) in set.ops() {
        let id = keys::number(key);
        if tree != TreeId::Outbox || noted.contains(&id) {
            continue;
        }
        match value.map(|bytes| head(id, bytes)) {
            None => heads.remove(id),
            Some(Ok((to, not_before))) => heads.put(id, to, not_before),
            // Written by `record` or `progress` a moment ago, so it reads back; were it not
            // to, the entry waits for the next start, which reads the tree again.
            Some(Err(error)) => tracing::error!(%error, "outbox entry not indexed"),
        }
    }
}

/// The entries of `tree` with these IDs, read whole; one gone meanwhile is left out.
pub fn read(tree: &sled::Tree, ids: Vec<u64>) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(bytes) = tree.get(id.to_be_bytes())? {
            found.push(keys::decode(format_args!("outbox entry {id}"), &bytes)?);
        }
    }
    Ok(found)
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
