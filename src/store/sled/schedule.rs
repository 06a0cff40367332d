//! The sled store's side of the scheduler: job due times, reminder marks, the time indexes of
//! requests, and bulk imports. Every change goes through one `WriteSet`.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::journal::{TreeId, WriteSet};
use super::{SledStore, asks, keys, outbox};
use crate::domain::{Ask, PersonName, Request, RoundKey, Step, StepKind};
use crate::store::{ReminderKind, ScheduleWrite, StoreError, Ticket};

/// The time index entries of `request`, replacing those of `before`: its new steps by time,
/// and its needed-by date while it waits for delivery.
pub fn time_writes(set: &mut WriteSet, request: &Request, before: Option<&Request>) {
    let known = before.map_or(0, |b| b.history.len());
    for step in Step::of(request, known) {
        set.put(
            TreeId::RequestSteps,
            keys::step(step.at, step.request, step.index),
            encode_step(&step),
        );
    }
    let old = before.and_then(waiting_key);
    let new = waiting_key(request);
    if old != new {
        if let Some(old) = old {
            set.delete(TreeId::WaitingBy, old);
        }
        if let Some(new) = new {
            set.put(TreeId::WaitingBy, new, []);
        }
    }
}

/// `[kind][flags][after filing, ms, i64][actor]`: what the digest needs of a step, small.
fn encode_step(step: &Step) -> Vec<u8> {
    let kind = StepKind::ALL
        .iter()
        .position(|k| *k == step.kind)
        .unwrap_or(0);
    let flags = u8::from(step.first_response) | u8::from(step.first_delivery) << 1;
    let mut value = vec![kind as u8, flags];
    value.extend_from_slice(&step.after_filing.num_milliseconds().to_be_bytes());
    value.extend_from_slice(step.actor.as_str().as_bytes());
    value
}

pub(super) fn decode_step(key: &[u8], value: &[u8]) -> Option<Step> {
    let kind = *StepKind::ALL.get(usize::from(*value.first()?))?;
    let flags = *value.get(1)?;
    let millis = i64::from_be_bytes(value.get(2..10)?.try_into().ok()?);
    let actor = std::str::from_utf8(value.get(10..)?).ok()?;
    // Damaged bytes can hold a span chrono cannot represent: an error, not a panic.
    let after_filing = Duration::try_milliseconds(millis)?;
    Some(Step {
        request: keys::trailing_id(key.get(..16)?)?,
        index: u32::from_be_bytes(key.get(16..20)?.try_into().ok()?),
        at: keys::time_of(key)?,
        actor: PersonName::new(actor),
        kind,
        first_response: flags & 1 != 0,
        first_delivery: flags & 2 != 0,
        after_filing,
    })
}

/// The needed-by index key of a request that waits for delivery.
fn waiting_key(request: &Request) -> Option<[u8; 12]> {
    let by = request.needed_by.filter(|_| request.status.is_waiting())?;
    Some(keys::day_id(by, request.id))
}

/// Loads records by key, on every core when there are many (the digest reads thousands).
pub(super) fn load_many<K: Sync, T: Send>(
    keys: &[K],
    load: impl Fn(&K) -> Result<Option<T>, StoreError> + Sync,
) -> Result<Vec<T>, StoreError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if keys.len() < PARALLEL_FROM || threads < 2 {
        return keys.iter().filter_map(|k| load(k).transpose()).collect();
    }
    let size = keys.len().div_ceil(threads);
    let parts: Vec<Result<Vec<T>, StoreError>> = std::thread::scope(|scope| {
        let load = &load;
        let handles: Vec<_> = keys
            .chunks(size)
            .map(|chunk| {
                scope.spawn(move || chunk.iter().filter_map(|k| load(k).transpose()).collect())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(corrupt("a reading thread stopped")))
            })
            .collect()
    });
    let mut all = Vec::with_capacity(keys.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}

/// Below this many records one thread reads them all.
const PARALLEL_FROM: usize = 512;

impl SledStore {
    pub(super) fn steps_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Step>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.events.range(keys::time(from)..keys::time(to)) {
            let (key, value) = item?;
            found.push(decode_step(&key, &value).ok_or_else(|| corrupt("step index"))?);
        }
        Ok(found)
    }

    pub(super) fn due_before(&self, day: NaiveDate) -> Result<Vec<Request>, StoreError> {
        let mut ids = Vec::new();
        for item in self.trees.waiting_by.range(..keys::day(day)) {
            let (key, _) = item?;
            ids.push(keys::trailing_id(&key).ok_or_else(|| corrupt("needed-by index"))?);
        }
        load_many(&ids, |id| self.load(*id))
    }

    pub(super) fn last_due(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self.trees.jobs.get(job.as_bytes())? {
            Some(bytes) => Ok(Some(keys::time_of(&bytes).ok_or_else(|| corrupt("job"))?)),
            None => Ok(None),
        }
    }

    pub(super) fn schedule(&self, write: &ScheduleWrite) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut set = WriteSet::default();
        for mark in &write.jobs {
            if self.last_due(&mark.job)? != mark.previous {
                return Err(StoreError::Conflict);
            }
            set.put(TreeId::Jobs, mark.job.as_bytes(), keys::time(mark.due));
        }
        for ask in &write.asks {
            asks::ask_writes(&mut set, ask, None)?;
            set.put(TreeId::Pending, asks::primary(ask), []);
        }
        for mark in &write.reminded {
            let mut key = keys::reminded_prefix(&mark.subject, &mark.person);
            key.extend_from_slice(mark.kind.word().as_bytes());
            set.put(TreeId::Reminded, key, mark.day.to_string());
        }
        for key in &write.settled {
            if let Some(primary) = self.primary_of(key)? {
                set.delete(TreeId::Pending, primary.to_vec());
            }
        }
        for launch in &write.launches {
            self.launch_writes(&mut set, launch)?;
        }
        for plan in &write.plans {
            self.plan_writes(&mut set, plan)?;
        }
        self.pairing_writes(&mut set, &write.pairing)?;
        outbox::enqueue(&mut set, &self.last_entry, &write.outgoing, write.at)?;
        self.write(&set)
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

    pub(super) fn round_is_open(&self, round: &RoundKey) -> Result<bool, StoreError> {
        Ok(self.trees.rounds.contains_key(keys::round(round))?)
    }

    pub(super) fn bulk(&self, requests: &[Request], asks: &[Ask]) -> Result<Ticket, StoreError> {
        let mut set = WriteSet::default();
        let mut highest = 0;
        for request in requests {
            if self.trees.requests.contains_key(keys::id(request.id))? {
                return Err(StoreError::Conflict);
            }
            super::requests::request_writes(&mut set, request, None)?;
            highest = highest.max(request.id.number());
        }
        for ask in asks {
            asks::ask_writes(&mut set, ask, None)?;
        }
        let ticket = self.write(&set)?;
        self.last_request
            .fetch_max(highest, std::sync::atomic::Ordering::SeqCst);
        Ok(ticket)
    }
}

/// Builds the time indexes of requests from the requests (schema 1 → 2): their steps by time,
/// and the needed-by dates of those waiting for delivery.
pub fn backfill_time_indexes(db: &sled::Db) -> Result<(), StoreError> {
    let requests = db.open_tree("requests")?;
    let events = db.open_tree(EVENTS_TREE)?;
    let waiting = db.open_tree(WAITING_TREE)?;
    for item in requests.iter() {
        let (key, bytes) = item?;
        let request: Request =
            keys::decode(format_args!("request REQ-{}", keys::number(&key)), &bytes)?;
        for step in Step::of(&request, 0) {
            let key = keys::step(step.at, step.request, step.index);
            events.insert(key, encode_step(&step))?;
        }
        if let Some(key) = waiting_key(&request) {
            waiting.insert(key, &[])?;
        }
    }
    Ok(())
}

pub const EVENTS_TREE: &str = "idx_request_steps";
pub const WAITING_TREE: &str = "idx_waiting_by";

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.into())
}
