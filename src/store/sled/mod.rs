//! The sled store: one tree per record kind, indexes written together with their record, and
//! every change flushed (group commit, see `durable`) before the caller hears it succeeded.

mod asks;
mod durable;
mod journal;
mod keys;
mod outbox;
mod schedule;
pub mod schema;
mod store_impl;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    AnswerWrite, Attempt, BuildRequest, OutboxEntry, ReminderKind, RequestPage, RequestQuery,
    ScheduleWrite, Store, StoreError,
};
use crate::domain::{Ask, AskKey, PersonName, Request, RequestId, RoundKey, Step};
use crate::message::Outgoing;
use durable::Flusher;
use journal::{TreeId, WriteSet};

/// The sled database a migration works on.
pub type SledDb = sled::Db;

/// Where the data lives and how much memory sled may use for its page cache.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    pub path: PathBuf,
    pub cache_capacity: u64,
}

impl StoreOptions {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        StoreOptions {
            path: path.into(),
            cache_capacity: 64 * 1024 * 1024,
        }
    }
}

/// Updates of one request are serialised by one of these locks (this process holds the
/// store's file lock, so in-process locks suffice).
const STRIPES: usize = 64;

pub struct SledStore {
    db: sled::Db,
    trees: Trees,
    flusher: Flusher,
    last_request: AtomicU64,
    last_entry: AtomicU64,
    last_journal: AtomicU64,
    stripes: Vec<Mutex<()>>,
    outbox_lock: Mutex<()>,
    /// Serialises scheduler steps and answers, which check what they read before writing.
    schedule_lock: Mutex<()>,
}

struct Trees {
    requests: sled::Tree,
    open: sled::Tree,
    by_requester: sled::Tree,
    by_assignee: sled::Tree,
    filed_at: sled::Tree,
    outbox: sled::Tree,
    parked: sled::Tree,
    journal: sled::Tree,
    kv: sled::Tree,
    events: sled::Tree,
    jobs: sled::Tree,
    asks: sled::Tree,
    ask_times: sled::Tree,
    pending: sled::Tree,
    rounds: sled::Tree,
    reminded: sled::Tree,
    waiting_by: sled::Tree,
    ask_keys: sled::Tree,
}

impl Trees {
    fn open(db: &sled::Db) -> Result<Trees, StoreError> {
        let tree = |name: &str| db.open_tree(name);
        Ok(Trees {
            requests: tree("requests")?,
            open: tree("idx_open")?,
            by_requester: tree("idx_requester")?,
            by_assignee: tree("idx_assignee")?,
            filed_at: tree("idx_filed_at")?,
            outbox: tree("outbox")?,
            parked: tree("outbox_parked")?,
            journal: tree("journal")?,
            kv: tree("kv")?,
            events: tree(schedule::EVENTS_TREE)?,
            jobs: tree("jobs")?,
            asks: tree("asks")?,
            ask_times: tree("idx_ask_answered")?,
            pending: tree("idx_ask_pending")?,
            rounds: tree("rounds")?,
            reminded: tree("reminded")?,
            waiting_by: tree(schedule::WAITING_TREE)?,
            ask_keys: tree("idx_ask_key")?,
        })
    }

    fn get(&self, id: TreeId) -> &sled::Tree {
        match id {
            TreeId::Requests => &self.requests,
            TreeId::Open => &self.open,
            TreeId::Requester => &self.by_requester,
            TreeId::Assignee => &self.by_assignee,
            TreeId::FiledAt => &self.filed_at,
            TreeId::Outbox => &self.outbox,
            TreeId::Parked => &self.parked,
            TreeId::RequestSteps => &self.events,
            TreeId::Jobs => &self.jobs,
            TreeId::Asks => &self.asks,
            TreeId::AskTimes => &self.ask_times,
            TreeId::Pending => &self.pending,
            TreeId::Rounds => &self.rounds,
            TreeId::Reminded => &self.reminded,
            TreeId::WaitingBy => &self.waiting_by,
            TreeId::AskKeys => &self.ask_keys,
        }
    }

    fn apply(&self, set: &WriteSet) -> Result<(), StoreError> {
        for (tree, key, value) in set.ops() {
            match value {
                Some(value) => self.get(tree).insert(key, value)?,
                None => self.get(tree).remove(key)?,
            };
        }
        Ok(())
    }

    /// Finishes changes that a crash interrupted.
    fn replay_journal(&self) -> Result<usize, StoreError> {
        let mut replayed = 0;
        for item in self.journal.iter() {
            let (key, bytes) = item?;
            self.apply(&WriteSet::decode(&bytes)?)?;
            self.journal.remove(key)?;
            replayed += 1;
        }
        Ok(replayed)
    }
}

impl SledStore {
    /// Opens (or creates) the store, failing clearly when another process holds it.
    pub fn open(options: &StoreOptions) -> Result<Self, StoreError> {
        Self::open_with_migrations(options, schema::CURRENT, schema::MIGRATIONS)
    }

    /// Opens with a given schema target and migrations; tests use it for the migration hook.
    pub fn open_with_migrations(
        options: &StoreOptions,
        current: u32,
        migrations: &[schema::Migration],
    ) -> Result<Self, StoreError> {
        let db = open_db(options)?;
        schema::migrate(&db, &options.path, current, migrations)?;
        let trees = Trees::open(&db)?;
        let replayed = trees.replay_journal()?;
        if replayed > 0 {
            db.flush()?;
            tracing::info!(replayed, "finished changes interrupted by a crash");
        }
        let last_request = match trees.requests.last()? {
            Some((key, _)) => {
                keys::u64_of(&key).ok_or_else(|| StoreError::Corrupt("request key".into()))?
            }
            None => 0,
        };
        let last_entry = outbox::last_id(&trees.outbox, &trees.parked)?;
        // sled's log; fsynced after each flush (see `durable`).
        let log = std::fs::File::open(options.path.join("db"))
            .map_err(|e| StoreError::Backend(format!("could not open sled's log file: {e}")))?;
        let flusher = Flusher::start(db.clone(), Some(log))?;
        Ok(SledStore {
            db,
            trees,
            flusher,
            last_request: AtomicU64::new(last_request),
            last_entry: AtomicU64::new(last_entry),
            last_journal: AtomicU64::new(0),
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            outbox_lock: Mutex::new(()),
            schedule_lock: Mutex::new(()),
        })
    }

    pub fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        schema::stored_version(&self.db)
    }

    /// Applies `set` all-or-nothing (see `journal`). Not yet durable: call `durable` after.
    fn write(&self, set: &WriteSet) -> Result<(), StoreError> {
        if set.is_single() {
            // One insert or remove is atomic by itself.
            return self.trees.apply(set);
        }
        let key = self
            .last_journal
            .fetch_add(1, Ordering::SeqCst)
            .to_be_bytes();
        self.trees.journal.insert(key, set.encode())?;
        self.trees.apply(set)?;
        self.trees.journal.remove(key)?;
        Ok(())
    }

    /// Waits until every write made so far is on disk (inside `defer`: leaves that to
    /// `synced`).
    fn durable(&self) -> Result<(), StoreError> {
        if super::deferred::deferring_here() {
            return Ok(());
        }
        self.flusher.wait()
    }

    fn stripe(&self, id: RequestId) -> MutexGuard<'_, ()> {
        let lock = &self.stripes[(id.number() % STRIPES as u64) as usize];
        lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn load(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        match self.trees.requests.get(keys::id(id))? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    fn page(
        &self,
        ids: impl Iterator<Item = Result<RequestId, StoreError>>,
        limit: usize,
    ) -> Result<RequestPage, StoreError> {
        let mut page = RequestPage::default();
        for id in ids {
            let id = id?;
            page.total += 1;
            if page.requests.len() < limit {
                // An index entry is written after its record, so the record is there.
                page.requests.extend(self.load(id)?);
            }
        }
        Ok(page)
    }
}

/// How long opening waits for a lock that is being let go: sled releases its file lock from
/// background threads shortly after the last handle is dropped (a restart in the same
/// process, or an old process still exiting).
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

fn open_db(options: &StoreOptions) -> Result<sled::Db, StoreError> {
    let started = std::time::Instant::now();
    loop {
        let opened = sled::Config::new()
            .path(&options.path)
            .cache_capacity(options.cache_capacity)
            .open()
            .map_err(|e| open_error(e, &options.path));
        match opened {
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

type IdIter<'a> = Box<dyn Iterator<Item = Result<RequestId, StoreError>> + 'a>;

fn index_ids(tree: &sled::Tree, prefix: &[u8], newest_first: bool) -> IdIter<'static> {
    let scan = tree.scan_prefix(prefix);
    let items: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if newest_first {
        Box::new(scan.rev())
    } else {
        Box::new(scan)
    };
    Box::new(items.map(|item| {
        let (key, _) = item?;
        keys::trailing_id(&key).ok_or_else(|| StoreError::Corrupt("index key".into()))
    }))
}

/// The record and its index entries, replacing those of `before`.
fn request_writes(
    set: &mut WriteSet,
    request: &Request,
    before: Option<&Request>,
) -> Result<(), StoreError> {
    let id = keys::id(request.id);
    set.put(TreeId::Requests, id, serde_json::to_vec(request)?);
    schedule::time_writes(set, request, before);
    if request.status.is_finished() {
        set.delete(TreeId::Open, id);
    } else {
        set.put(TreeId::Open, id, []);
    }
    if before.is_none() {
        set.put(
            TreeId::Requester,
            keys::person_id(&request.requester, request.id),
            [],
        );
        set.put(
            TreeId::FiledAt,
            keys::time_id(request.filed_at(), request.id),
            [],
        );
    }
    let old_assignee = before.and_then(|b| b.assignee.as_ref());
    if old_assignee != request.assignee.as_ref() {
        if let Some(old) = old_assignee {
            set.delete(TreeId::Assignee, keys::person_id(old, request.id));
        }
        if let Some(new) = &request.assignee {
            set.put(TreeId::Assignee, keys::person_id(new, request.id), []);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
