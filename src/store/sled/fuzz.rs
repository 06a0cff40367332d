//! The fuzz bench's way in (`cargo bench --bench fuzz`, feature `fuzzing`): every record a
//! store holds, and a stored value read back the way the store reads its tree, so the bench
//! can feed it damaged copies of real records.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::schedule::{EVENTS_TREE, corrupt};
use super::{SledStore, asks, keys, outbox, schedule, schema};
use crate::domain::pairing::{Pair, PairRound, PairingPerson};
use crate::domain::{ActionItem, Launch, Plan, Request, SharedAnswer, Visit};
use crate::store::{Attempt, Delivery, StoreError};

/// One stored value: its tree, key and bytes.
#[derive(Clone, Debug)]
pub struct Stored {
    pub tree: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

impl SledStore {
    /// Every value in every tree, in key order.
    pub fn stored(&self) -> Result<Vec<Stored>, StoreError> {
        let mut found = Vec::new();
        for name in self.db.tree_names() {
            let tree = self.db.open_tree(&name)?;
            for item in tree.iter() {
                let (key, value) = item?;
                found.push(Stored {
                    tree: String::from_utf8_lossy(&name).into_owned(),
                    key: key.to_vec(),
                    value: value.to_vec(),
                });
            }
        }
        Ok(found)
    }
}

/// Reads `value`, stored under `key` in `tree`, as the store reads that tree; a tree whose
/// values are not read (an index's are empty) reads as nothing.
pub fn read_stored(tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
    let number = keys::number(key);
    let id = format_args!("record {number}");
    match tree {
        "requests" => keys::decode::<Request>(id, value).map(drop),
        "outbox" | "outbox_parked" => {
            let retry = Attempt::Retry {
                at: DateTime::<Utc>::UNIX_EPOCH,
                error: "fuzz".into(),
            };
            outbox::record(number, value, retry)?;
            outbox::progress(number, value, &["fuzz".into()]).map(drop)
        }
        "journal" => WriteSet::decode(value).map(drop),
        "meta" if key == schema::KEY => schema::decode(value).map(drop),
        "jobs" => keys::time_of(value).map(drop).ok_or_else(|| corrupt("job")),
        "asks" => asks::decode(value).map(drop),
        "deliveries" => keys::decode::<Delivery>(id, value).map(drop),
        "visits" => keys::decode::<Visit>(id, value).map(drop),
        "launches" => keys::decode::<Launch>(id, value).map(drop),
        "plans" => keys::decode::<Plan>(id, value).map(drop),
        "actions" => keys::decode::<ActionItem>(id, value).map(drop),
        "answers" => keys::decode::<SharedAnswer>(id, value).map(drop),
        "pair_rounds" => keys::decode::<PairRound>(id, value).map(drop),
        "pairs" => keys::decode::<Pair>(id, value).map(drop),
        "pairing_people" => keys::decode::<PairingPerson>(id, value).map(drop),
        EVENTS_TREE => schedule::decode_step(key, value)
            .map(drop)
            .ok_or_else(|| corrupt("step")),
        _ => Ok(()),
    }
}

/// A journal entry putting `records` back (those of trees a change can touch), as a crash
/// part way through a change would leave it.
pub fn journal_entry(records: &[Stored]) -> Stored {
    let mut set = WriteSet::default();
    for record in records {
        if let Some(tree) = tree_of(&record.tree) {
            set.put(tree, record.key.clone(), record.value.clone());
        }
    }
    Stored {
        tree: "journal".into(),
        key: 1u64.to_be_bytes().to_vec(),
        value: set.encode(),
    }
}

/// The journal's number of a record tree.
fn tree_of(name: &str) -> Option<TreeId> {
    Some(match name {
        "requests" => TreeId::Requests,
        "outbox" => TreeId::Outbox,
        "asks" => TreeId::Asks,
        "kv" => TreeId::Kv,
        "deliveries" => TreeId::Deliveries,
        "visits" => TreeId::Visits,
        "launches" => TreeId::Launches,
        "actions" => TreeId::Actions,
        "answers" => TreeId::Answers,
        "plans" => TreeId::Plans,
        _ => return None,
    })
}
