//! The sled store's side of the scheduler: job due times, asks and their indexes, reminder
//! marks, and the index of request events by time. Every change goes through one `WriteSet`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::journal::{TreeId, WriteSet};
use super::{SledStore, keys, outbox};
use crate::domain::{Ask, AskKey, PersonName, Request, RoundKey};
use crate::store::{AnswerWrite, ReminderKind, ScheduleWrite, StoreError};

/// Index entries for the events of `request` from position `known` on.
pub fn event_writes(set: &mut WriteSet, request: &Request, known: usize) {
    for event in request.history.iter().skip(known) {
        set.put(
            TreeId::RequestEvents,
            keys::time_id(event.at, request.id),
            [],
        );
    }
}

/// `ask` with its time index entries, replacing `before`.
fn ask_writes(set: &mut WriteSet, ask: &Ask, before: Option<&Ask>) -> Result<(), StoreError> {
    let key = keys::ask(&ask.key());
    if before.is_none() {
        set.put(TreeId::AskTimes, keys::time_ask(ask.sent_at, &key), []);
    }
    if let (Some(at), None) = (ask.answered_at, before.and_then(|b| b.answered_at)) {
        set.put(TreeId::AskTimes, keys::time_ask(at, &key), []);
    }
    set.put(TreeId::Asks, key, serde_json::to_vec(ask)?);
    Ok(())
}

impl SledStore {
    pub(super) fn active_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Request>, StoreError> {
        let mut ids = BTreeSet::new();
        for item in self.trees.events.range(keys::time(from)..keys::time(to)) {
            let (key, _) = item?;
            ids.insert(keys::trailing_id(&key).ok_or_else(|| corrupt("event index"))?);
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.extend(self.load(id)?);
        }
        Ok(found)
    }

    pub(super) fn last_due(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self.trees.jobs.get(job.as_bytes())? {
            Some(bytes) => Ok(Some(keys::time_of(&bytes).ok_or_else(|| corrupt("job"))?)),
            None => Ok(None),
        }
    }

    pub(super) fn schedule(&self, write: &ScheduleWrite) -> Result<(), StoreError> {
        {
            let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
            let mut set = WriteSet::default();
            for mark in &write.jobs {
                if self.last_due(&mark.job)? != mark.previous {
                    return Err(StoreError::Conflict);
                }
                set.put(TreeId::Jobs, mark.job.as_bytes(), keys::time(mark.due));
            }
            for ask in &write.asks {
                ask_writes(&mut set, ask, None)?;
                set.put(TreeId::Pending, keys::ask(&ask.key()), []);
            }
            for mark in &write.reminded {
                let mut key = keys::reminded_prefix(&mark.subject, &mark.person);
                key.extend_from_slice(mark.kind.word().as_bytes());
                set.put(TreeId::Reminded, key, mark.day.to_string());
            }
            for key in &write.settled {
                set.delete(TreeId::Pending, keys::ask(key));
            }
            outbox::enqueue(&mut set, &self.last_entry, &write.outgoing, write.at)?;
            self.write(&set)?;
        }
        self.durable()
    }

    pub(super) fn reminders(
        &self,
        subject: &str,
        person: &PersonName,
    ) -> Result<Vec<(ReminderKind, NaiveDate)>, StoreError> {
        let prefix = keys::reminded_prefix(subject, person);
        let mut found = Vec::new();
        for item in self.trees.reminded.scan_prefix(&prefix) {
            let (key, value) = item?;
            let kind = std::str::from_utf8(&key[prefix.len()..])
                .ok()
                .and_then(ReminderKind::from_word);
            let day = std::str::from_utf8(&value)
                .ok()
                .and_then(|d| d.parse::<NaiveDate>().ok());
            match (kind, day) {
                (Some(kind), Some(day)) => found.push((kind, day)),
                _ => return Err(corrupt("reminder mark")),
            }
        }
        Ok(found)
    }

    pub(super) fn load_ask(&self, key: &[u8]) -> Result<Option<Ask>, StoreError> {
        match self.trees.asks.get(key)? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn newest_ask(
        &self,
        person: &PersonName,
        prompt: &str,
    ) -> Result<Option<Ask>, StoreError> {
        let prefix = keys::ask_prefix(person, prompt);
        match self.trees.asks.scan_prefix(prefix).next_back() {
            Some(item) => Ok(Some(serde_json::from_slice(&item?.1)?)),
            None => Ok(None),
        }
    }

    pub(super) fn pending(&self) -> Result<Vec<Ask>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.pending.iter() {
            let (key, _) = item?;
            found.extend(self.load_ask(&key)?);
        }
        Ok(found)
    }

    pub(super) fn asks_in(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Ask>, StoreError> {
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for item in self.trees.ask_times.range(keys::time(from)..keys::time(to)) {
            let (key, _) = item?;
            let ask = key.get(8..).ok_or_else(|| corrupt("ask time index"))?;
            if seen.insert(ask.to_vec()) {
                found.extend(self.load_ask(ask)?);
            }
        }
        Ok(found)
    }

    pub(super) fn round_is_open(&self, round: &RoundKey) -> Result<bool, StoreError> {
        Ok(self.trees.rounds.contains_key(keys::round(round))?)
    }

    pub(super) fn answer(&self, write: &AnswerWrite) -> Result<(), StoreError> {
        {
            let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
            let key: AskKey = write.ask.key();
            let stored = self
                .load_ask(&keys::ask(&key))?
                .ok_or(StoreError::NotFound)?;
            let opened = self.round_is_open(&write.ask.round)?;
            if stored.revision != write.expected_revision || opened == write.opens_round {
                return Err(StoreError::Conflict);
            }
            let mut set = WriteSet::default();
            if write.opens_round {
                set.put(TreeId::Rounds, keys::round(&write.ask.round), []);
            }
            ask_writes(&mut set, &write.ask, Some(&stored))?;
            if write.ask.is_answered() {
                set.delete(TreeId::Pending, keys::ask(&key));
            }
            outbox::enqueue(&mut set, &self.last_entry, &write.outgoing, write.at)?;
            self.write(&set)?;
        }
        self.durable()
    }

    pub(super) fn bulk(&self, requests: &[Request], asks: &[Ask]) -> Result<(), StoreError> {
        let mut set = WriteSet::default();
        let mut highest = 0;
        for request in requests {
            if self.trees.requests.contains_key(keys::id(request.id))? {
                return Err(StoreError::Conflict);
            }
            super::request_writes(&mut set, request, None)?;
            highest = highest.max(request.id.number());
        }
        for ask in asks {
            ask_writes(&mut set, ask, None)?;
        }
        self.write(&set)?;
        self.last_request
            .fetch_max(highest, std::sync::atomic::Ordering::SeqCst);
        self.durable()
    }
}

/// Rebuilds the index of request events by time from the requests (schema 1 → 2).
pub fn backfill_events(db: &sled::Db) -> Result<(), StoreError> {
    let requests = db.open_tree("requests")?;
    let events = db.open_tree(EVENTS_TREE)?;
    for item in requests.iter() {
        let (_, bytes) = item?;
        let request: Request = serde_json::from_slice(&bytes)?;
        for event in &request.history {
            events.insert(keys::time_id(event.at, request.id), &[])?;
        }
    }
    Ok(())
}

pub const EVENTS_TREE: &str = "idx_request_events";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.into())
}
