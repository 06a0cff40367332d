//! What a directory sync keeps in the store (small records, `store::Kept`; absent means
//! never synced): the last good directory, the sync's status, and who was welcomed. They live
//! with the bot, below the syncer (`crate::sync`), because the bot starts from the last good
//! directory and `/healthz` reads the status.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::domain::membership::{SyncedDirectory, live_directory};
use crate::domain::{Directory, PersonName};
use crate::json_kept;
use crate::store::{Store, StoreError};

/// The one key of the directory's and the status's record.
pub const CURRENT: &str = "current";

/// How the last syncs went: what `/healthz`, `/metrics` and the leads' notes read. A failure,
/// a hold or a refusal is told to the leads once: while it stays the same, it is not told again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_ok: Option<DateTime<Utc>>,
    /// Why the last sync failed, while it fails.
    pub failing: Option<String>,
    /// What the last sync would have done, while it is held for a lead's confirmation.
    pub held: Option<String>,
    /// People in both teams' groups, as last told.
    pub refused: Vec<String>,
    pub counts: Counts,
}

/// People per team after the last good sync, and what it changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub sales: usize,
    pub marketing: usize,
    pub former: usize,
    pub joined: usize,
    pub left: usize,
    pub moved: usize,
}

/// A person who was sent the welcome (stored as `1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcomed(pub bool);

json_kept!(SyncedDirectory, "directory.synced", str, |key| key
    .to_string());
json_kept!(SyncStatus, "directory.status", str, |key| key.to_string());
json_kept!(Welcomed, "directory.welcomed", PersonName, |name| name
    .to_string());

impl dyn Store {
    /// The last good sync (empty before the first).
    pub fn synced_directory(&self) -> Result<SyncedDirectory, StoreError> {
        Ok(self.kept::<SyncedDirectory>(CURRENT)?.unwrap_or_default())
    }

    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        Ok(self.kept::<SyncStatus>(CURRENT)?.unwrap_or_default())
    }
}

/// The directory to start with: `[[people]]`, and with a `[directory]`, the last good sync,
/// so that a start without the network still knows everyone.
pub fn restored(settings: &Settings, store: &(dyn Store + 'static)) -> Directory {
    if settings.directory.is_none() {
        return settings.people.clone();
    }
    let synced = match store.kept::<SyncedDirectory>(CURRENT) {
        Ok(synced) => synced.unwrap_or_default(),
        Err(error) => {
            tracing::error!(%error, "could not read the last directory sync; [[people]] only");
            return settings.people.clone();
        }
    };
    live_directory(&settings.people, &synced).unwrap_or_else(|error| {
        tracing::error!(%error, "the last directory sync does not fit [[people]]; [[people]] only");
        settings.people.clone()
    })
}
