//! Asks in sled, kept in the order they were sent, so that a period's asks are one range read:
//! `asks`: `millis(sent) person 0 prompt 0 round` → the ask; `idx_ask_key`: the ask's key
//! without the time → its key in `asks`; `idx_ask_answered`: `millis(first answer)` + its key
//! in `asks`; `idx_ask_pending`: keys in `asks` of asks waiting for their reminder.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::schedule::{corrupt, load_many};
use super::{SledStore, keys, outbox};
use crate::domain::{Ask, AskKey, PersonName, SharedAnswer};
use crate::message::Outgoing;
use crate::store::{AnswerWrite, BuildShared, StoreError, Ticket};

/// The key of `ask` in `asks`.
pub fn primary(ask: &Ask) -> Vec<u8> {
    keys::time_ask(ask.sent_at, &keys::ask(&ask.key()))
}

/// `ask` with its index entries, replacing `before` (which was sent at the same time).
pub fn ask_writes(set: &mut WriteSet, ask: &Ask, before: Option<&Ask>) -> Result<(), StoreError> {
    let primary = primary(ask);
    if before.is_none() {
        set.put(TreeId::AskKeys, keys::ask(&ask.key()), primary.clone());
    }
    if let (Some(at), None) = (ask.answered_at, before.and_then(|b| b.answered_at)) {
        set.put(TreeId::AskTimes, keys::time_ask(at, &primary), []);
    }
    set.put(TreeId::Asks, primary, serde_json::to_vec(ask)?);
    Ok(())
}

pub(super) fn decode(bytes: &[u8]) -> Result<Option<Ask>, StoreError> {
    Ok(Some(keys::decode("prompt ask", bytes)?))
}

impl SledStore {
    /// Where the ask with `key` is kept in `asks`.
    pub(super) fn primary_of(&self, key: &AskKey) -> Result<Option<sled::IVec>, StoreError> {
        Ok(self.trees.ask_keys.get(keys::ask(key))?)
    }

    fn ask_at(&self, primary: &[u8]) -> Result<Option<Ask>, StoreError> {
        match self.trees.asks.get(primary)? {
            Some(bytes) => decode(&bytes),
            None => Ok(None),
        }
    }

    pub(super) fn ask_by_key(&self, key: &AskKey) -> Result<Option<Ask>, StoreError> {
        match self.primary_of(key)? {
            Some(primary) => self.ask_at(&primary),
            None => Ok(None),
        }
    }

    pub(super) fn newest_ask(
        &self,
        person: &PersonName,
        prompt: &str,
    ) -> Result<Option<Ask>, StoreError> {
        let prefix = keys::ask_prefix(person, prompt);
        match self.trees.ask_keys.scan_prefix(prefix).next_back() {
            Some(item) => self.ask_at(&item?.1),
            None => Ok(None),
        }
    }

    pub(super) fn pending(&self) -> Result<Vec<Ask>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.pending.iter() {
            let (primary, _) = item?;
            found.extend(self.ask_at(&primary)?);
        }
        Ok(found)
    }

    /// Asks sent in `[from, to)` (one range read), then those sent before it and first answered
    /// in it.
    pub(super) fn asks_in(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Ask>, StoreError> {
        let (from_key, to_key) = (keys::time(from), keys::time(to));
        let mut sent = Vec::new();
        for item in self.trees.asks.range(from_key..to_key) {
            sent.push(item?.1);
        }
        let mut found = load_many(&sent, |bytes| decode(bytes))?;
        let mut earlier = Vec::new();
        for item in self.trees.ask_times.range(from_key..to_key) {
            let (key, _) = item?;
            let primary = key.get(8..).ok_or_else(|| corrupt("ask answer index"))?;
            if primary < &from_key[..] {
                earlier.push(primary.to_vec());
            }
        }
        found.extend(load_many(&earlier, |primary| self.ask_at(primary))?);
        Ok(found)
    }

    pub(super) fn answer(
        &self,
        write: &AnswerWrite,
        share: BuildShared<'_>,
    ) -> Result<(SharedAnswer, Ticket), StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let key: AskKey = write.ask.key();
        let stored = self.ask_by_key(&key)?.ok_or(StoreError::NotFound)?;
        let opened = self.round_is_open(&write.ask.round)?;
        let same =
            stored.revision == write.expected_revision && stored.sent_at == write.ask.sent_at;
        if !same || opened == write.opens_round {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        if write.opens_round {
            set.put(TreeId::Rounds, keys::round(&write.ask.round), []);
        }
        ask_writes(&mut set, &write.ask, Some(&stored))?;
        if write.ask.is_answered() {
            set.delete(TreeId::Pending, primary(&write.ask));
        }
        let (shared, sharing) = share(super::actions::next_answer(self)?);
        super::actions::share(&mut set, &shared)?;
        let outgoing: Vec<Outgoing> = write.outgoing.iter().cloned().chain(sharing).collect();
        outbox::enqueue(&mut set, &self.last_entry, &outgoing, write.at)?;
        let ticket = self.write(&set)?;
        Ok((shared, ticket))
    }
}
