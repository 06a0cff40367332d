//! Launches in sled: `launches`: name → the launch with its review round (answers included, so
//! that an answer and a close can never cross); `idx_launch_requests`: `launch 0 id` → nothing,
//! kept by `requests::request_writes` together with each request; `idx_launch_active`: names
//! of launches whose review has not closed; `idx_review_closed`: `millis(close) name`.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::schedule::corrupt;
use super::{SledStore, keys, outbox};
use crate::domain::{Launch, LaunchName, Request};
use crate::message::Outgoing;
use crate::store::{LaunchWrite, StoreError, Ticket};

/// Schema 2 → 3: launches, their trees and the `linked` step of requests. Nothing existing
/// changes (no request is linked yet, the new trees start empty); the new number makes an
/// older Tandem, which could not read them, refuse the data instead of failing on a record.
pub fn arrive(_: &sled::Db) -> Result<(), StoreError> {
    Ok(())
}

impl SledStore {
    pub(super) fn add_new_launch(
        &self,
        launch: &Launch,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let key = launch.name.as_str().as_bytes();
        if self.trees.launches.contains_key(key)? {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        set.put(TreeId::Launches, key, serde_json::to_vec(launch)?);
        set.put(TreeId::ActiveLaunches, key, []);
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    pub(super) fn load_launch(&self, name: &LaunchName) -> Result<Option<Launch>, StoreError> {
        match self.trees.launches.get(name.as_str().as_bytes())? {
            Some(bytes) => Ok(Some(keys::decode(format_args!("launch {name}"), &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn all_launches(&self) -> Result<Vec<Launch>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.launches.iter() {
            let (key, bytes) = item?;
            let what = format_args!("launch {}", String::from_utf8_lossy(&key));
            found.push(keys::decode(what, &bytes)?);
        }
        Ok(found)
    }

    pub(super) fn save(
        &self,
        write: &LaunchWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut set = WriteSet::default();
        self.launch_writes(&mut set, write)?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    /// The launch of `write` into `set`, if it is still at the revision expected (callers hold
    /// the schedule lock, which serialises every write of a launch).
    pub(super) fn launch_writes(
        &self,
        set: &mut WriteSet,
        write: &LaunchWrite,
    ) -> Result<(), StoreError> {
        let stored = self
            .load_launch(&write.launch.name)?
            .ok_or(StoreError::NotFound)?;
        if stored.revision != write.expected_revision {
            return Err(StoreError::Conflict);
        }
        let name = write.launch.name.as_str().as_bytes();
        set.put(TreeId::Launches, name, serde_json::to_vec(&write.launch)?);
        for shared in &write.shared {
            super::actions::share(set, shared)?;
        }
        let closed_at = |l: &Launch| l.review.as_ref()?.closed.as_ref().map(|c| c.at);
        if let (None, Some(at)) = (closed_at(&stored), closed_at(&write.launch)) {
            set.delete(TreeId::ActiveLaunches, name);
            set.put(TreeId::ReviewsClosed, keys::time_name(at, name), []);
        }
        Ok(())
    }

    pub(super) fn launches_active(&self) -> Result<Vec<Launch>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.active_launches.iter() {
            let (key, _) = item?;
            let name = std::str::from_utf8(&key).map_err(|_| corrupt("active launch index"))?;
            let name = LaunchName::parse(name).map_err(|_| corrupt("active launch index"))?;
            found.extend(self.load_launch(&name)?);
        }
        Ok(found)
    }

    pub(super) fn closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Launch>, StoreError> {
        let mut found = Vec::new();
        for item in self
            .trees
            .reviews_closed
            .range(keys::time(from)..keys::time(to))
        {
            let (key, _) = item?;
            let name = key.get(8..).and_then(|n| std::str::from_utf8(n).ok());
            let name = name.and_then(|n| LaunchName::parse(n).ok());
            let name = name.ok_or_else(|| corrupt("review close index"))?;
            found.extend(self.load_launch(&name)?);
        }
        Ok(found)
    }

    pub(super) fn linked_requests(&self, launch: &LaunchName) -> Result<Vec<Request>, StoreError> {
        let mut found = Vec::new();
        for item in self
            .trees
            .launch_requests
            .scan_prefix(keys::launch_prefix(launch))
        {
            let (key, _) = item?;
            let id = keys::trailing_id(&key).ok_or_else(|| corrupt("launch link index"))?;
            found.extend(self.load(id)?);
        }
        Ok(found)
    }
}
