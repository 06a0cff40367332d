//! The outbox trees: entries keyed by a monotonic ID, so a scan is queue order.

use chrono::{DateTime, Utc};
use sled::Transactional;
use sled::transaction::TransactionalTree;

use super::super::{Attempt, OutboxEntry, StoreError, after_attempt, due_entries};
use super::{TxResult, abort, tx_error};
use crate::message::Outgoing;

/// Queues messages inside a caller's transaction.
pub fn enqueue(tree: &TransactionalTree, outgoing: &[Outgoing], at: DateTime<Utc>) -> TxResult<()> {
    for message in outgoing {
        let id = tree.generate_id()?;
        let entry = OutboxEntry {
            id,
            outgoing: message.clone(),
            queued_at: at,
            attempts: 0,
            not_before: at,
            last_error: None,
        };
        let json = serde_json::to_vec(&entry).or_else(|e| abort(e.into()))?;
        tree.insert(&id.to_be_bytes(), json)?;
    }
    Ok(())
}

pub fn due(
    tree: &sled::Tree,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let entries = tree.iter().map(|item| {
        let (_, bytes) = item?;
        Ok(serde_json::from_slice(&bytes)?)
    });
    due_entries(entries, now, limit)
}

pub fn all(tree: &sled::Tree) -> Result<Vec<OutboxEntry>, StoreError> {
    tree.iter()
        .map(|item| {
            let (_, bytes) = item?;
            Ok(serde_json::from_slice(&bytes)?)
        })
        .collect()
}

pub fn record(
    outbox: &sled::Tree,
    parked: &sled::Tree,
    id: u64,
    attempt: Attempt,
) -> Result<(), StoreError> {
    let key = id.to_be_bytes();
    let Some(bytes) = outbox.get(key)? else {
        return Ok(());
    };
    let entry: OutboxEntry = serde_json::from_slice(&bytes)?;
    let after = after_attempt(entry, attempt);
    let json = match &after {
        Some((entry, _)) => Some(serde_json::to_vec(entry)?),
        None => None,
    };
    let park = matches!(after, Some((_, true)));
    (outbox, parked)
        .transaction(|(outbox, parked)| {
            match (&json, park) {
                (None, _) => {
                    outbox.remove(&key)?;
                }
                (Some(json), true) => {
                    outbox.remove(&key)?;
                    parked.insert(&key, json.as_slice())?;
                }
                (Some(json), false) => {
                    outbox.insert(&key, json.as_slice())?;
                }
            }
            Ok(())
        })
        .map_err(tx_error)
}
