//! Opening the sled store: the data directory's lock, the journal replayed, the schema brought
//! forward, the counters read back, the flusher started.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use super::super::StoreError;
use super::durable::{Disk, Flusher};
use super::space::Space;
use super::trees::Trees;
use super::writer::Writer;
use super::{STRIPES, SledStore, keys, outbox, schema};

/// Where the data lives and how much memory sled may use for its page cache.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    pub path: PathBuf,
    pub cache_capacity: u64,
    /// Changes are refused (`StoreError::Full`) while the disk has no more than this free, in
    /// bytes (0: never).
    pub min_free: u64,
    /// Test hooks at chosen steps of writes and flushes (see `Faults`).
    #[cfg(any(test, feature = "faults"))]
    pub faults: Option<crate::store::Faults>,
}

impl StoreOptions {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        StoreOptions {
            path: path.into(),
            cache_capacity: 64 * 1024 * 1024,
            min_free: super::space::DEFAULT_MIN_FREE,
            #[cfg(any(test, feature = "faults"))]
            faults: None,
        }
    }

    #[cfg(any(test, feature = "faults"))]
    pub fn with_faults(mut self, faults: crate::store::Faults) -> Self {
        self.faults = Some(faults);
        self
    }

    #[cfg(any(test, feature = "faults"))]
    fn faults(&self) -> Option<crate::store::Faults> {
        self.faults.clone()
    }
}

impl SledStore {
    /// Opens (or creates) the store, failing clearly when another process holds it.
    pub fn open(options: &StoreOptions) -> Result<Self, StoreError> {
        Self::open_with_migrations(options, schema::CURRENT, schema::MIGRATIONS)
    }

    /// Opens with a given schema target and migrations; tests use it for the migration hook.
    ///
    /// Changes a crash interrupted are finished first, with the schema that wrote them, and
    /// only then is the data migrated: a change replayed after a migration would miss what
    /// the migration built (new indexes).
    pub fn open_with_migrations(
        options: &StoreOptions,
        current: u32,
        migrations: &[schema::Migration],
    ) -> Result<Self, StoreError> {
        let db = open_db(options)?;
        schema::refuse_newer(&db, &options.path, current)?;
        let trees = Trees::open(&db)?;
        let replayed = trees.replay_journal()?;
        if replayed > 0 {
            db.flush()?;
            tracing::info!(replayed, "finished changes interrupted by a crash");
        }
        schema::migrate(&db, &options.path, current, migrations)?;
        let last_request = match trees.requests.last()? {
            Some((key, _)) => {
                keys::u64_of(&key).ok_or_else(|| StoreError::Corrupt("request key".into()))?
            }
            None => 0,
        };
        let last_entry = outbox::last_id(&trees.outbox, &trees.parked)?;
        let writer = Arc::new(
            Writer::new(
                Some(Space::new(options.path.clone(), options.min_free)),
                #[cfg(any(test, feature = "faults"))]
                options.faults(),
            )
            .tracking(outbox::heads(&trees.outbox)?),
        );
        // sled's log; fdatasync'd after each flush (see `durable`).
        let log = std::fs::File::open(options.path.join("db"))
            .map_err(|e| StoreError::Backend(format!("could not open sled's log file: {e}")))?;
        let flusher = Flusher::start(Disk {
            db: db.clone(),
            log: Some(log),
            writer: writer.clone(),
            #[cfg(any(test, feature = "faults"))]
            faults: options.faults(),
        })?;
        Ok(SledStore {
            db,
            trees,
            writer,
            flusher,
            last_request: AtomicU64::new(last_request),
            last_entry: AtomicU64::new(last_entry),
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            outbox_lock: Mutex::new(()),
            schedule_lock: Mutex::new(()),
            visit_lock: Mutex::new(()),
            action_lock: Mutex::new(()),
        })
    }

    pub fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        schema::stored_version(&self.db)
    }
}

/// How long opening waits for a lock that is being let go: sled releases its file lock from
/// background threads shortly after the last handle is dropped (a restart in the same
/// process, or an old process still exiting).
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

fn open_db(options: &StoreOptions) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    let config = sled::Config::new()
        .path(&options.path)
        .cache_capacity(options.cache_capacity);
    // With faults, only the flusher writes to disk, so a test knows what a crash would find.
    #[cfg(any(test, feature = "faults"))]
    let config = match options.faults {
        Some(_) => config.flush_every_ms(None),
        None => config,
    };
    loop {
        match config.open().map_err(|e| open_error(e, &options.path)) {
            Err(StoreError::Locked(_)) if started.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

fn open_error(error: sled::Error, path: &Path) -> StoreError {
    let text = error.to_string();
    if text.contains("could not acquire lock") {
        return StoreError::Locked(path.to_path_buf());
    }
    StoreError::Backend(format!("could not open {}: {text}", path.display()))
}
