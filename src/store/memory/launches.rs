//! Launches in memory: by name, with their review rounds.

use chrono::{DateTime, Utc};

use super::Inner;
use crate::domain::Launch;
use crate::message::Outgoing;
use crate::store::{LaunchWrite, StoreError};

impl Inner {
    pub(super) fn add_launch(
        &mut self,
        launch: &Launch,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.launches.contains_key(&launch.name) {
            return Err(StoreError::Conflict);
        }
        self.launches.insert(launch.name.clone(), launch.clone());
        self.enqueue(outgoing, at);
        Ok(())
    }

    /// Whether `write` may be saved: its launch is still at the revision expected.
    pub(super) fn check_launch(&self, write: &LaunchWrite) -> Result<(), StoreError> {
        let stored = self
            .launches
            .get(&write.launch.name)
            .ok_or(StoreError::NotFound)?;
        if stored.revision != write.expected_revision {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }

    pub(super) fn save_launch(&mut self, write: &LaunchWrite) {
        self.launches
            .insert(write.launch.name.clone(), write.launch.clone());
        for shared in &write.shared {
            self.answers.insert(shared.id, shared.clone());
        }
    }
}
