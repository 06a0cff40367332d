//! Plans in memory: by name.

use chrono::{DateTime, Utc};

use super::Inner;
use crate::domain::Plan;
use crate::message::Outgoing;
use crate::store::{PlanWrite, StoreError};

impl Inner {
    pub(super) fn add_plan(
        &mut self,
        plan: &Plan,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.plans.contains_key(&plan.name) {
            return Err(StoreError::Conflict);
        }
        self.plans.insert(plan.name.clone(), plan.clone());
        self.enqueue(outgoing, at);
        Ok(())
    }

    /// Whether `write` may be saved: its plan is still at the revision expected.
    pub(super) fn check_plan(&self, write: &PlanWrite) -> Result<(), StoreError> {
        let stored = self
            .plans
            .get(&write.plan.name)
            .ok_or(StoreError::NotFound)?;
        if stored.revision != write.expected_revision {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }

    pub(super) fn save_plan(&mut self, write: &PlanWrite) {
        self.plans
            .insert(write.plan.name.clone(), write.plan.clone());
    }
}
