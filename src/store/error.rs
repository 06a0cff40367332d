use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the data directory {} is in use by another Tandem process; stop that one first, \
         or point TANDEM_DATA_DIR elsewhere",
        .0.display()
    )]
    Locked(PathBuf),
    #[error("the data in {} was written by a newer Tandem (schema {found}; this one knows up to {known})", .path.display())]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("the request was changed by someone else at the same moment")]
    Conflict,
    #[error("the request does not exist")]
    NotFound,
    #[error("a stored record could not be read: {0}")]
    Corrupt(String),
    #[error("storage failed: {0}")]
    Backend(String),
    /// A write or a flush failed part way: the change may or may not be on disk (after a
    /// restart it may turn out saved). Whoever asked must hear exactly that.
    #[error("a change may not have reached the disk: {0}")]
    Unconfirmed(String),
    /// A write failed and was rolled back: nothing of it was saved.
    #[error("a change failed and nothing of it was saved: {0}")]
    NotSaved(String),
    /// The disk holding the store is (nearly) full: the change was refused before anything of
    /// it was written. Changes are taken again once there is room.
    #[error("the disk is full, so nothing was saved: {0}")]
    Full(String),
    /// An earlier write failed part way and could not be rolled back yet, so the store takes
    /// no changes until it is (each change tries again first; a restart finishes it). Reads go
    /// on. Nothing of this one was written.
    #[error(
        "the store takes no changes since a write failed and could not be undone ({0}); it is tried again with each change"
    )]
    ReadOnly(String),
}

impl StoreError {
    /// Whether the change this error answers may have been saved after all.
    pub fn may_be_saved(&self) -> bool {
        matches!(self, StoreError::Unconfirmed(_))
    }

    /// Whether the change was refused because the disk is full.
    pub fn disk_full(&self) -> bool {
        matches!(self, StoreError::Full(_))
    }
}

impl From<::sled::Error> for StoreError {
    fn from(e: ::sled::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
