//! Requests in sled: the record by ID, and its indexes (open, by requester, by assignee, by
//! filing time, and the time indexes in `schedule`).

use std::sync::MutexGuard;

use super::journal::{TreeId, WriteSet};
use super::{STRIPES, SledStore, keys, schedule};
use crate::domain::{Request, RequestId};
use crate::store::{RequestPage, StoreError};

impl SledStore {
    pub(super) fn stripe(&self, id: RequestId) -> MutexGuard<'_, ()> {
        let lock = &self.stripes[(id.number() % STRIPES as u64) as usize];
        lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn load(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        match self.trees.requests.get(keys::id(id))? {
            Some(bytes) => Ok(Some(keys::decode(format_args!("request {id}"), &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn page(
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

pub(super) type IdIter<'a> = Box<dyn Iterator<Item = Result<RequestId, StoreError>> + 'a>;

pub(super) fn index_ids(tree: &sled::Tree, prefix: &[u8], newest_first: bool) -> IdIter<'static> {
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
pub(super) fn request_writes(
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
    let old_launch = before.and_then(|b| b.launch.as_ref());
    if old_launch != request.launch.as_ref() {
        if let Some(old) = old_launch {
            set.delete(TreeId::LaunchRequests, keys::launch_id(old, request.id));
        }
        if let Some(new) = &request.launch {
            set.put(TreeId::LaunchRequests, keys::launch_id(new, request.id), []);
        }
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
