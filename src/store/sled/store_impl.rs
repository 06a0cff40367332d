//! The `Store` trait on sled: each method a journalled write (see `journal`) or an index read.

use super::*;

impl Store for SledStore {
    fn synced(&self) -> crate::store::Synced {
        Box::pin(self.flusher.covered(self.flusher.ticket()))
    }

    fn file_request(&self, build: BuildRequest<'_>) -> Result<Request, StoreError> {
        let next = self.last_request.fetch_add(1, Ordering::SeqCst) + 1;
        let id =
            RequestId::new(next).ok_or_else(|| StoreError::Corrupt("request counter".into()))?;
        let (request, outgoing) = build(id);
        let mut set = WriteSet::default();
        request_writes(&mut set, &request, None)?;
        outbox::enqueue(&mut set, &self.last_entry, &outgoing, request.filed_at())?;
        self.write(&set)?;
        self.durable()?;
        Ok(request)
    }

    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<(), StoreError> {
        {
            let _serialised = self.stripe(request.id);
            let stored = self.load(request.id)?.ok_or(StoreError::NotFound)?;
            if stored.version() != expected_version {
                return Err(StoreError::Conflict);
            }
            let mut set = WriteSet::default();
            request_writes(&mut set, request, Some(&stored))?;
            outbox::enqueue(&mut set, &self.last_entry, outgoing, request.updated_at())?;
            self.write(&set)?;
        }
        self.durable()
    }

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        self.load(id)
    }

    fn enqueue(&self, outgoing: &[Outgoing], at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut set = WriteSet::default();
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)?;
        self.durable()
    }

    fn list_requests(&self, query: &RequestQuery, limit: usize) -> Result<RequestPage, StoreError> {
        let t = &self.trees;
        let ids = match query {
            RequestQuery::Open => index_ids(&t.open, &[], false),
            RequestQuery::FiledBy(name) => {
                index_ids(&t.by_requester, &keys::person_prefix(name), true)
            }
            RequestQuery::AssignedTo(name) => {
                index_ids(&t.by_assignee, &keys::person_prefix(name), true)
            }
            RequestQuery::All => index_ids(&t.requests, &[], true),
        };
        self.page(ids, limit)
    }

    fn requests_filed_since(&self, since: DateTime<Utc>) -> Result<Vec<Request>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.filed_at.range(keys::time(since)..) {
            let (key, _) = item?;
            let id =
                keys::trailing_id(&key).ok_or_else(|| StoreError::Corrupt("time index".into()))?;
            found.extend(self.load(id)?);
        }
        Ok(found)
    }

    fn outbox_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        outbox::due(&self.trees.outbox, now, limit)
    }

    fn outbox_record(&self, id: u64, attempt: Attempt) -> Result<(), StoreError> {
        let park = matches!(attempt, Attempt::Park { .. });
        {
            let _serialised = self.outbox_lock.lock().unwrap_or_else(|e| e.into_inner());
            let Some(bytes) = self.trees.outbox.get(id.to_be_bytes())? else {
                return Ok(());
            };
            self.write(&outbox::record(id, &bytes, attempt)?)?;
        }
        // A delivery or a retry time lost in a crash only means one more attempt; sled's own
        // periodic flush covers them, so the outbox doesn't wait for the disk per message.
        if park { self.durable() } else { Ok(()) }
    }

    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        outbox::all(&self.trees.parked)
    }

    fn outbox_depth(&self) -> Result<usize, StoreError> {
        Ok(self.trees.outbox.len())
    }

    fn outbox_progress(&self, id: u64, done: &[String]) -> Result<(), StoreError> {
        {
            let _serialised = self.outbox_lock.lock().unwrap_or_else(|e| e.into_inner());
            let Some(bytes) = self.trees.outbox.get(id.to_be_bytes())? else {
                return Ok(());
            };
            self.write(&outbox::progress(id, &bytes, done)?)?;
        }
        self.durable()
    }

    fn kv_get(&self, space: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.trees.kv.get(keys::kv(space, key))?.map(|v| v.to_vec()))
    }

    fn kv_put(&self, space: &str, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.trees.kv.insert(keys::kv(space, key), value)?;
        self.durable()
    }

    fn kv_put_lazy(&self, space: &str, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.trees.kv.insert(keys::kv(space, key), value)?;
        Ok(())
    }

    fn kv_insert_new(&self, space: &str, key: &str, value: &[u8]) -> Result<bool, StoreError> {
        let swapped =
            self.trees
                .kv
                .compare_and_swap(keys::kv(space, key), None::<&[u8]>, Some(value))?;
        if swapped.is_err() {
            return Ok(false);
        }
        self.durable()?;
        Ok(true)
    }

    fn kv_scan(&self, space: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let prefix = keys::kv(space, "");
        self.trees
            .kv
            .scan_prefix(&prefix)
            .map(|item| {
                let (key, value) = item?;
                let name = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
                Ok((name, value.to_vec()))
            })
            .collect()
    }

    fn kv_remove(&self, space: &str, key: &str) -> Result<(), StoreError> {
        self.trees.kv.remove(keys::kv(space, key))?;
        self.durable()
    }

    fn request_steps_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Step>, StoreError> {
        self.steps_between(from, to)
    }

    fn requests_due_before(&self, day: NaiveDate) -> Result<Vec<Request>, StoreError> {
        self.due_before(day)
    }

    fn job_last_due(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.last_due(job)
    }

    fn commit_schedule(&self, write: &ScheduleWrite) -> Result<(), StoreError> {
        self.schedule(write)
    }

    fn reminders_of(
        &self,
        subject: &str,
        person: &PersonName,
    ) -> Result<Vec<(ReminderKind, NaiveDate)>, StoreError> {
        self.reminders(subject, person)
    }

    fn ask(&self, key: &AskKey) -> Result<Option<Ask>, StoreError> {
        self.ask_by_key(key)
    }

    fn latest_ask(&self, person: &PersonName, prompt: &str) -> Result<Option<Ask>, StoreError> {
        self.newest_ask(person, prompt)
    }

    fn pending_asks(&self) -> Result<Vec<Ask>, StoreError> {
        self.pending()
    }

    fn asks_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Ask>, StoreError> {
        self.asks_in(from, to)
    }

    fn round_opened(&self, round: &RoundKey) -> Result<bool, StoreError> {
        self.round_is_open(round)
    }

    fn save_answer(&self, write: &AnswerWrite) -> Result<(), StoreError> {
        self.answer(write)
    }

    fn import(&self, requests: &[Request], asks: &[Ask]) -> Result<(), StoreError> {
        self.bulk(requests, asks)
    }
}
