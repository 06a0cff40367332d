//! The sled store: one tree per record kind, indexes written in the record's transaction, and
//! every change flushed (group commit) before the caller hears it succeeded.

mod durable;
mod keys;
mod outbox;
pub mod schema;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::{BuildRequest, OutboxEntry, RequestPage, RequestQuery, Store, StoreError};
use crate::domain::{Request, RequestId};
use crate::message::Outgoing;
use durable::GroupCommit;

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

pub struct SledStore {
    db: sled::Db,
    trees: Trees,
    commit: GroupCommit,
}

struct Trees {
    meta: sled::Tree,
    requests: sled::Tree,
    open: sled::Tree,
    by_requester: sled::Tree,
    by_assignee: sled::Tree,
    filed_at: sled::Tree,
    outbox: sled::Tree,
    parked: sled::Tree,
}

const NEXT_REQUEST: &[u8] = b"last_request_id";

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

impl SledStore {
    /// Opens (or creates) the store, failing clearly when another process holds it.
    pub fn open(options: &StoreOptions) -> Result<Self, StoreError> {
        let db = sled::Config::new()
            .path(&options.path)
            .cache_capacity(options.cache_capacity)
            .open()
            .map_err(|e| open_error(e, &options.path))?;
        schema::migrate(&db, &options.path, schema::CURRENT, schema::MIGRATIONS)?;
        Self::from_db(db)
    }

    /// Opens with a custom schema target and migrations; for testing the migration hook.
    pub fn open_with_migrations(
        options: &StoreOptions,
        current: u32,
        migrations: &[schema::Migration],
    ) -> Result<Self, StoreError> {
        let db = sled::Config::new()
            .path(&options.path)
            .open()
            .map_err(|e| open_error(e, &options.path))?;
        schema::migrate(&db, &options.path, current, migrations)?;
        Self::from_db(db)
    }

    fn from_db(db: sled::Db) -> Result<Self, StoreError> {
        let tree = |name: &str| db.open_tree(name);
        let trees = Trees {
            meta: tree("meta")?,
            requests: tree("requests")?,
            open: tree("idx_open")?,
            by_requester: tree("idx_requester")?,
            by_assignee: tree("idx_assignee")?,
            filed_at: tree("idx_filed_at")?,
            outbox: tree("outbox")?,
            parked: tree("outbox_parked")?,
        };
        Ok(SledStore {
            db,
            trees,
            commit: GroupCommit::default(),
        })
    }

    pub fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        schema::stored_version(&self.db)
    }

    /// Waits until every write made so far is on disk.
    fn durable(&self) -> Result<(), StoreError> {
        self.commit.durable(&self.db)
    }

    fn load(&self, key: &[u8]) -> Result<Option<Request>, StoreError> {
        match self.trees.requests.get(key)? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    fn load_ids(
        &self,
        ids: impl Iterator<Item = Result<RequestId, StoreError>>,
        limit: usize,
    ) -> Result<RequestPage, StoreError> {
        let mut page = RequestPage::default();
        for id in ids {
            let id = id?;
            page.total += 1;
            if page.requests.len() < limit {
                let request = self.load(&keys::id(id))?.ok_or(StoreError::NotFound)?;
                page.requests.push(request);
            }
        }
        Ok(page)
    }
}

fn open_error(error: sled::Error, path: &Path) -> StoreError {
    let text = error.to_string();
    if text.contains("could not acquire lock") {
        return StoreError::Locked(path.to_path_buf());
    }
    StoreError::Backend(format!("could not open {}: {text}", path.display()))
}

fn abort<T>(error: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(error))
}

fn tx_error(error: TransactionError<StoreError>) -> StoreError {
    match error {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
}

fn index_ids(tree: &sled::Tree, prefix: &[u8], newest_first: bool) -> IdIter {
    let scan = tree.scan_prefix(prefix);
    let keys: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if newest_first {
        Box::new(scan.rev())
    } else {
        Box::new(scan)
    };
    Box::new(keys.map(|item| {
        let (key, _) = item?;
        keys::trailing_id(&key).ok_or_else(|| StoreError::Corrupt("index key".into()))
    }))
}

type IdIter = Box<dyn Iterator<Item = Result<RequestId, StoreError>>>;

/// The index entries of `request`, replacing those of `before`.
fn write_indexes(
    views: (&TransactionalTree, &TransactionalTree, &TransactionalTree),
    request: &Request,
    before: Option<&Request>,
) -> TxResult<()> {
    let (open, by_requester, by_assignee) = views;
    let id = keys::id(request.id);
    if request.status.is_finished() {
        open.remove(&id)?;
    } else {
        open.insert(&id, &[])?;
    }
    by_requester.insert(keys::person_id(&request.requester, request.id), &[])?;
    let old_assignee = before.and_then(|b| b.assignee.as_ref());
    if old_assignee != request.assignee.as_ref() {
        if let Some(old) = old_assignee {
            by_assignee.remove(keys::person_id(old, request.id))?;
        }
        if let Some(new) = &request.assignee {
            by_assignee.insert(keys::person_id(new, request.id), &[])?;
        }
    }
    Ok(())
}

impl Store for SledStore {
    fn file_request(&self, build: BuildRequest<'_>) -> Result<Request, StoreError> {
        let t = &self.trees;
        let trees = (
            &t.meta,
            &t.requests,
            &t.open,
            &t.by_requester,
            &t.by_assignee,
            &t.filed_at,
            &t.outbox,
        );
        let request = trees
            .transaction(|(meta, requests, open, by_req, by_asg, filed_at, outbox)| {
                let last = meta
                    .get(NEXT_REQUEST)?
                    .and_then(|b| keys::u64_of(&b))
                    .unwrap_or(0);
                let Some(id) = RequestId::new(last + 1) else {
                    return abort(StoreError::Corrupt("request counter".into()));
                };
                let (request, outgoing) = build(id);
                let json = serde_json::to_vec(&request).or_else(|e| abort(e.into()))?;
                meta.insert(NEXT_REQUEST, &id.number().to_be_bytes())?;
                requests.insert(&keys::id(id), json)?;
                filed_at.insert(&keys::time_id(request.filed_at(), id), &[])?;
                write_indexes((open, by_req, by_asg), &request, None)?;
                outbox::enqueue(outbox, &outgoing, request.filed_at())?;
                Ok(request)
            })
            .map_err(tx_error)?;
        self.durable()?;
        Ok(request)
    }

    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<(), StoreError> {
        let t = &self.trees;
        let json = serde_json::to_vec(request)?;
        let key = keys::id(request.id);
        (
            &t.requests,
            &t.open,
            &t.by_requester,
            &t.by_assignee,
            &t.outbox,
        )
            .transaction(|(requests, open, by_req, by_asg, outbox)| {
                let Some(bytes) = requests.get(key)? else {
                    return abort(StoreError::NotFound);
                };
                let stored: Request =
                    serde_json::from_slice(&bytes).or_else(|e| abort(e.into()))?;
                if stored.version() != expected_version {
                    return abort(StoreError::Conflict);
                }
                requests.insert(&key, json.as_slice())?;
                write_indexes((open, by_req, by_asg), request, Some(&stored))?;
                outbox::enqueue(outbox, outgoing, request.updated_at())?;
                Ok(())
            })
            .map_err(tx_error)?;
        self.durable()
    }

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        self.load(&keys::id(id))
    }

    fn list_requests(&self, query: &RequestQuery, limit: usize) -> Result<RequestPage, StoreError> {
        let t = &self.trees;
        let ids: IdIter = match query {
            RequestQuery::Open => index_ids(&t.open, &[], false),
            RequestQuery::FiledBy(name) => {
                index_ids(&t.by_requester, &keys::person_prefix(name), true)
            }
            RequestQuery::AssignedTo(name) => {
                index_ids(&t.by_assignee, &keys::person_prefix(name), true)
            }
            RequestQuery::All => index_ids(&t.requests, &[], true),
        };
        self.load_ids(ids, limit)
    }

    fn requests_filed_since(&self, since: DateTime<Utc>) -> Result<Vec<Request>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.filed_at.range(keys::time(since)..) {
            let (key, _) = item?;
            let id =
                keys::trailing_id(&key).ok_or_else(|| StoreError::Corrupt("time index".into()))?;
            found.push(self.load(&keys::id(id))?.ok_or(StoreError::NotFound)?);
        }
        Ok(found)
    }

    fn outbox_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        outbox::due(&self.trees.outbox, now, limit)
    }

    fn outbox_record(&self, id: u64, attempt: super::Attempt) -> Result<(), StoreError> {
        outbox::record(&self.trees.outbox, &self.trees.parked, id, attempt)?;
        self.durable()
    }

    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        outbox::all(&self.trees.parked)
    }

    fn outbox_depth(&self) -> Result<usize, StoreError> {
        Ok(self.trees.outbox.len())
    }
}
