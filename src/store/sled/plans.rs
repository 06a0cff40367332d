//! Plans in sled: `plans`: name → the plan with everything in it (inputs, objections, figures,
//! every version's change, sign-offs), so that a sign-off and a change can never cross;
//! `idx_plan_open`: names of plans not agreed yet, which reminders and the digest read.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::schedule::corrupt;
use super::{SledStore, keys, outbox};
use crate::domain::{Plan, PlanName};
use crate::message::Outgoing;
use crate::store::{PlanWrite, StoreError, Ticket};

/// Schema 3 → 4: plans and their trees. Nothing existing changes (the new trees start empty);
/// the new number makes an older Tandem, which could not read them, refuse the data.
pub fn arrive(_: &sled::Db) -> Result<(), StoreError> {
    Ok(())
}

impl SledStore {
    pub(super) fn add_new_plan(
        &self,
        plan: &Plan,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let key = plan.name.as_str().as_bytes();
        if self.trees.plans.contains_key(key)? {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        set.put(TreeId::Plans, key, serde_json::to_vec(plan)?);
        if !plan.is_agreed() {
            set.put(TreeId::OpenPlans, key, []);
        }
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    pub(super) fn load_plan(&self, name: &PlanName) -> Result<Option<Plan>, StoreError> {
        match self.trees.plans.get(name.as_str().as_bytes())? {
            Some(bytes) => Ok(Some(keys::decode(format_args!("plan {name}"), &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn all_plans(&self) -> Result<Vec<Plan>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.plans.iter() {
            let (key, bytes) = item?;
            let what = format_args!("plan {}", String::from_utf8_lossy(&key));
            found.push(keys::decode(what, &bytes)?);
        }
        Ok(found)
    }

    pub(super) fn plans_open(&self) -> Result<Vec<Plan>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.open_plans.iter() {
            let (key, _) = item?;
            let name = std::str::from_utf8(&key).map_err(|_| corrupt("open plan index"))?;
            let name = PlanName::parse(name).map_err(|_| corrupt("open plan index"))?;
            found.extend(self.load_plan(&name)?);
        }
        Ok(found)
    }

    pub(super) fn store_plan(
        &self,
        write: &PlanWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut set = WriteSet::default();
        self.plan_writes(&mut set, write)?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    /// The plan of `write` into `set`, if it is still at the revision expected (callers hold
    /// the schedule lock, which serialises every write of a plan).
    pub(super) fn plan_writes(
        &self,
        set: &mut WriteSet,
        write: &PlanWrite,
    ) -> Result<(), StoreError> {
        let stored = self
            .load_plan(&write.plan.name)?
            .ok_or(StoreError::NotFound)?;
        if stored.revision != write.expected_revision {
            return Err(StoreError::Conflict);
        }
        let name = write.plan.name.as_str().as_bytes();
        set.put(TreeId::Plans, name, serde_json::to_vec(&write.plan)?);
        if write.plan.is_agreed() && !stored.is_agreed() {
            set.delete(TreeId::OpenPlans, name);
        }
        Ok(())
    }
}
