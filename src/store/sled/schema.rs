//! The schema version stored with the data, and the migrations that bring old data forward.

use std::path::Path;

use super::super::StoreError;

/// The schema this build writes.
pub const CURRENT: u32 = 4;

pub(super) const KEY: &[u8] = b"schema_version";

/// Moves the data of schema `n` to `n + 1`; `MIGRATIONS[0]` takes schema 1 to 2.
pub type Migration = fn(&sled::Db) -> Result<(), StoreError>;

/// 1 → 2: the time indexes of requests (events by time, needed-by dates), which the digest
/// reads. 2 → 3: launches (see `launches::arrive`). 3 → 4: plans (see `plans::arrive`).
pub const MIGRATIONS: &[Migration] = &[
    super::schedule::backfill_time_indexes,
    super::launches::arrive,
    super::plans::arrive,
];

/// Brings the data in `db` to `current`, one migration at a time, recording each step.
pub fn migrate(
    db: &sled::Db,
    path: &Path,
    current: u32,
    migrations: &[Migration],
) -> Result<(), StoreError> {
    let meta = db.open_tree("meta")?;
    let found = match meta.get(KEY)? {
        Some(bytes) => decode(&bytes)?,
        None => {
            meta.insert(KEY, &current.to_be_bytes())?;
            db.flush()?;
            return Ok(());
        }
    };
    if found > current {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: current,
        });
    }
    for version in found..current {
        let step = migrations
            .get(version as usize - 1)
            .ok_or_else(|| StoreError::Corrupt(format!("no migration from schema {version}")))?;
        step(db)?;
        meta.insert(KEY, &(version + 1).to_be_bytes())?;
        db.flush()?;
        tracing::info!(from = version, to = version + 1, "migrated the store");
    }
    Ok(())
}

/// Refuses data written by a newer Tandem, before anything else touches it.
pub fn refuse_newer(db: &sled::Db, path: &Path, current: u32) -> Result<(), StoreError> {
    match stored_version(db)? {
        Some(found) if found > current => Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: current,
        }),
        _ => Ok(()),
    }
}

pub fn stored_version(db: &sled::Db) -> Result<Option<u32>, StoreError> {
    let meta = db.open_tree("meta")?;
    meta.get(KEY)?.map(|b| decode(&b)).transpose()
}

pub(super) fn decode(bytes: &[u8]) -> Result<u32, StoreError> {
    let array: [u8; 4] = bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("schema version".into()))?;
    Ok(u32::from_be_bytes(array))
}
