//! You said → we did in sled: shared answers by ID (`answers`) and by when they were shared
//! (`idx_answer_at`, `millis id`); actions by ID (`actions`), the open ones (`idx_action_open`,
//! `id`), the closed ones by when (`idx_action_closed`, `millis id`) and by what they answer
//! (`idx_action_source`, `source-key 0 id`).

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::{SledStore, keys, outbox};
use crate::domain::{ActionId, ActionItem, AnswerId, SharedAnswer, Source};
use crate::message::Outgoing;
use crate::store::{BuildAction, StoreError, Ticket};

fn answer_key(id: AnswerId) -> [u8; 8] {
    id.number().to_be_bytes()
}

fn action_key(id: ActionId) -> [u8; 8] {
    id.number().to_be_bytes()
}

fn time_key(at: DateTime<Utc>, number: u64) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&keys::time(at));
    key[8..].copy_from_slice(&number.to_be_bytes());
    key
}

fn source_prefix(source: &Source) -> Vec<u8> {
    let mut key = source.key().into_bytes();
    key.push(0);
    key
}

fn source_key(source: &Source, id: ActionId) -> Vec<u8> {
    let mut key = source_prefix(source);
    key.extend_from_slice(&action_key(id));
    key
}

fn last_number(tree: &sled::Tree, what: &str) -> Result<u64, StoreError> {
    match tree.last()? {
        Some((key, _)) => keys::u64_of(&key).ok_or_else(|| StoreError::Corrupt(what.into())),
        None => Ok(0),
    }
}

/// The `meta` key of the last shared answer ID set aside (`reserve_answer_ids`).
const RESERVED: &[u8] = b"answers.reserved";

/// The next shared answer's ID, past any set aside; the caller holds the lock that
/// serialises answers (the schedule lock).
pub(super) fn next_answer(store: &SledStore) -> Result<AnswerId, StoreError> {
    let last = last_number(&store.trees.answers, "shared answer key")?;
    let reserved = match store.trees.meta.get(RESERVED)? {
        Some(bytes) => {
            keys::u64_of(&bytes).ok_or_else(|| StoreError::Corrupt("reserved answer IDs".into()))?
        }
        None => 0,
    };
    AnswerId::new(last.max(reserved) + 1)
        .ok_or_else(|| StoreError::Corrupt("shared answer key".into()))
}

/// Adds a shared answer to a change.
pub(super) fn share(set: &mut WriteSet, answer: &SharedAnswer) -> Result<(), StoreError> {
    set.put(
        TreeId::Answers,
        answer_key(answer.id),
        serde_json::to_vec(answer)?,
    );
    set.put(
        TreeId::AnswerTimes,
        time_key(answer.at, answer.id.number()),
        [],
    );
    Ok(())
}

impl SledStore {
    pub(super) fn answer_ids_reserve(&self, count: u64) -> Result<AnswerId, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let first = next_answer(self)?;
        let last = first.number() + count.max(1) - 1;
        let mut set = WriteSet::default();
        set.put(TreeId::Meta, RESERVED, last.to_be_bytes());
        // No wait for the disk: nothing uses these IDs until a later write, which reaches the
        // disk after this one; lost with it, they were never shown.
        let _unused_until_a_later_write = self.write(&set)?;
        Ok(first)
    }

    pub(super) fn shared_answer_load(
        &self,
        id: AnswerId,
    ) -> Result<Option<SharedAnswer>, StoreError> {
        match self.trees.answers.get(answer_key(id))? {
            Some(bytes) => Ok(Some(keys::decode(id, &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn shared_answers_from(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<SharedAnswer>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.answer_times.range(keys::time(since)..) {
            let (key, _) = item?;
            let id = keys::u64_of(&key[8..])
                .and_then(AnswerId::new)
                .ok_or_else(|| StoreError::Corrupt("shared answer time index".into()))?;
            found.extend(self.shared_answer_load(id)?);
        }
        Ok(found)
    }

    pub(super) fn action_add(
        &self,
        build: BuildAction<'_>,
    ) -> Result<(ActionItem, Ticket), StoreError> {
        let _serialised = self.action_lock.lock().unwrap_or_else(|e| e.into_inner());
        let last = last_number(&self.trees.actions, "action key")?;
        let id = ActionId::new(last + 1).ok_or_else(|| StoreError::Corrupt("action key".into()))?;
        let (action, outgoing) = build(id);
        let mut set = WriteSet::default();
        action_writes(&mut set, &action)?;
        outbox::enqueue(&mut set, &self.last_entry, &outgoing, action.added_at)?;
        let ticket = self.write(&set)?;
        Ok((action, ticket))
    }

    pub(super) fn action_update(
        &self,
        action: &ActionItem,
        expected_version: u32,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.action_lock.lock().unwrap_or_else(|e| e.into_inner());
        let stored = self.action_load(action.id)?.ok_or(StoreError::NotFound)?;
        if stored.version != expected_version {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        action_writes(&mut set, action)?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    pub(super) fn action_load(&self, id: ActionId) -> Result<Option<ActionItem>, StoreError> {
        match self.trees.actions.get(action_key(id))? {
            Some(bytes) => Ok(Some(keys::decode(id, &bytes)?)),
            None => Ok(None),
        }
    }

    fn actions_listed(
        &self,
        keys: impl Iterator<Item = Result<(sled::IVec, sled::IVec), sled::Error>>,
        id_at: usize,
    ) -> Result<Vec<ActionItem>, StoreError> {
        let mut found = Vec::new();
        for item in keys {
            let (key, _) = item?;
            let id = key
                .get(id_at..)
                .and_then(keys::u64_of)
                .and_then(ActionId::new)
                .ok_or_else(|| StoreError::Corrupt("action index".into()))?;
            found.extend(self.action_load(id)?);
        }
        Ok(found)
    }

    pub(super) fn actions_open(&self) -> Result<Vec<ActionItem>, StoreError> {
        self.actions_listed(self.trees.actions_open.iter(), 0)
    }

    pub(super) fn actions_closed(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActionItem>, StoreError> {
        let range = self
            .trees
            .actions_closed
            .range(keys::time(from)..keys::time(to));
        self.actions_listed(range, 8)
    }

    pub(super) fn actions_answering(&self, source: &Source) -> Result<Vec<ActionItem>, StoreError> {
        let prefix = source_prefix(source);
        let scan = self.trees.actions_source.scan_prefix(&prefix);
        self.actions_listed(scan, prefix.len())
    }

    pub(super) fn actions_every(&self) -> Result<Vec<ActionItem>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.actions.iter() {
            let (key, bytes) = item?;
            found.push(keys::decode(
                format_args!("ACT-{}", keys::number(&key)),
                &bytes,
            )?);
        }
        Ok(found)
    }
}

/// An action's record and indexes; the source never changes, so its index is written again
/// as it is.
fn action_writes(set: &mut WriteSet, action: &ActionItem) -> Result<(), StoreError> {
    let key = action_key(action.id);
    set.put(TreeId::Actions, key, serde_json::to_vec(action)?);
    set.put(
        TreeId::ActionSources,
        source_key(&action.source, action.id),
        [],
    );
    match action.closed_at() {
        None => set.put(TreeId::ActionsOpen, key, []),
        Some(at) => {
            set.delete(TreeId::ActionsOpen, key);
            set.put(TreeId::ActionsClosed, time_key(at, action.id.number()), []);
        }
    }
    Ok(())
}
