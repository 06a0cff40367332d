//! Visits in sled: the record by ID (`visits`) and an index by the visit's date
//! (`idx_visit_day`, `day id`), which months and weeks are read through.

use chrono::NaiveDate;

use super::journal::{TreeId, WriteSet};
use super::{SledStore, keys, outbox};
use crate::domain::{Visit, VisitId};
use crate::message::Outgoing;
use crate::store::{BuildVisit, StoreError, Ticket};

fn key(id: VisitId) -> [u8; 8] {
    id.number().to_be_bytes()
}

fn day_key(day: NaiveDate, id: VisitId) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..4].copy_from_slice(&keys::day(day));
    key[4..].copy_from_slice(&self::key(id));
    key
}

impl SledStore {
    pub(super) fn visit_file(&self, build: BuildVisit<'_>) -> Result<(Visit, Ticket), StoreError> {
        let _serialised = self.visit_lock.lock().unwrap_or_else(|e| e.into_inner());
        let last = match self.trees.visits.last()? {
            Some((key, _)) => {
                keys::u64_of(&key).ok_or_else(|| StoreError::Corrupt("visit key".into()))?
            }
            None => 0,
        };
        let id = VisitId::new(last + 1).ok_or_else(|| StoreError::Corrupt("visit key".into()))?;
        let (visit, outgoing) = build(id);
        let mut set = WriteSet::default();
        writes(&mut set, &visit, None)?;
        outbox::enqueue(&mut set, &self.last_entry, &outgoing, visit.created_at)?;
        let ticket = self.write(&set)?;
        Ok((visit, ticket))
    }

    pub(super) fn visit_update(
        &self,
        visit: &Visit,
        expected_version: u32,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.visit_lock.lock().unwrap_or_else(|e| e.into_inner());
        let stored = self.visit_load(visit.id)?.ok_or(StoreError::NotFound)?;
        if stored.version != expected_version {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        writes(&mut set, visit, Some(&stored))?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, visit.updated_at)?;
        self.write(&set)
    }

    pub(super) fn visit_load(&self, id: VisitId) -> Result<Option<Visit>, StoreError> {
        match self.trees.visits.get(key(id))? {
            Some(bytes) => Ok(Some(keys::decode(format_args!("visit {id}"), &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn visits_dated(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Visit>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.visit_days.range(keys::day(from)..keys::day(to)) {
            let (key, _) = item?;
            let id = keys::u64_of(&key[4..])
                .and_then(VisitId::new)
                .ok_or_else(|| StoreError::Corrupt("visit day index".into()))?;
            found.extend(self.visit_load(id)?);
        }
        Ok(found)
    }
}

fn writes(set: &mut WriteSet, visit: &Visit, before: Option<&Visit>) -> Result<(), StoreError> {
    set.put(TreeId::Visits, key(visit.id), serde_json::to_vec(visit)?);
    if let Some(before) = before.filter(|b| b.date != visit.date) {
        set.delete(TreeId::VisitDays, day_key(before.date, before.id));
    }
    set.put(TreeId::VisitDays, day_key(visit.date, visit.id), []);
    Ok(())
}
