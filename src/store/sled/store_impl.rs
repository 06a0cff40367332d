//! The `Store` trait on sled: each method one change through the writer, or an index read.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};

use super::journal::{TreeId, WriteSet};
use super::requests::{index_ids, request_writes};
use super::{SledStore, backup, keys, outbox};
use crate::domain::pairing::{Pair, PairId, PairRound, PairingPerson};
use crate::domain::{
    ActionId, ActionItem, AnswerId, Ask, AskKey, Launch, LaunchName, PersonName, Request,
    RequestId, RoundKey, SharedAnswer, Source, Step,
};
use crate::message::Outgoing;
use crate::store::{
    AnswerWrite, Attempt, BackupSummary, BuildRequest, Delivery, Durable, LaunchWrite, OutboxEntry,
    PairingWrite, ReminderKind, RequestPage, RequestQuery, ScheduleWrite, Store, StoreError,
    Ticket,
};

impl Store for SledStore {
    fn durable(&self, ticket: Ticket) -> Durable {
        Box::pin(self.flusher.durable(ticket))
    }

    fn durable_blocking(&self, ticket: Ticket) -> Result<(), StoreError> {
        self.flusher.durable_blocking(ticket)
    }

    fn written(&self) -> Ticket {
        self.writer.written()
    }

    fn failure(&self) -> Option<String> {
        self.writer.failure().or_else(|| self.flusher.failure())
    }

    fn backup_into(
        &self,
        dir: &Path,
        at: DateTime<Utc>,
        keep: usize,
    ) -> Result<(PathBuf, BackupSummary), StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Backend(format!("creating {}: {e}", dir.display())))?;
        let path = dir.join(backup::file_name(at));
        let summary = self.backup_to(&path)?;
        backup::prune(dir, keep)?;
        Ok((path, summary))
    }

    fn file_request(&self, build: BuildRequest<'_>) -> Result<(Request, Ticket), StoreError> {
        let next = self.last_request.fetch_add(1, Ordering::SeqCst) + 1;
        let id =
            RequestId::new(next).ok_or_else(|| StoreError::Corrupt("request counter".into()))?;
        let (request, outgoing) = build(id);
        let mut set = WriteSet::default();
        request_writes(&mut set, &request, None)?;
        outbox::enqueue(&mut set, &self.last_entry, &outgoing, request.filed_at())?;
        let ticket = self.write(&set)?;
        Ok((request, ticket))
    }

    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.stripe(request.id);
        let stored = self.load(request.id)?.ok_or(StoreError::NotFound)?;
        if stored.version() != expected_version {
            return Err(StoreError::Conflict);
        }
        let mut set = WriteSet::default();
        request_writes(&mut set, request, Some(&stored))?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, request.updated_at())?;
        self.write(&set)
    }

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        self.load(id)
    }

    fn enqueue(&self, outgoing: &[Outgoing], at: DateTime<Utc>) -> Result<Ticket, StoreError> {
        let mut set = WriteSet::default();
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
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

    fn outbox_next(
        &self,
        now: DateTime<Utc>,
        limit: usize,
        per_destination: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        // The index's lock is let go before the entries are read: writers take it too.
        let due = self.writer.outbox().due(now, limit, per_destination);
        outbox::read(&self.trees.outbox, due)
    }

    fn outbox_record(&self, id: u64, attempt: Attempt) -> Result<Ticket, StoreError> {
        let _serialised = self.outbox_lock.lock().unwrap_or_else(|e| e.into_inner());
        let Some(bytes) = self.trees.outbox.get(id.to_be_bytes())? else {
            return Ok(self.written());
        };
        self.write(&outbox::record(id, &bytes, attempt)?)
    }

    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        outbox::all(&self.trees.parked)
    }

    fn outbox_depth(&self) -> Result<usize, StoreError> {
        Ok(self.writer.outbox().len())
    }

    fn outbox_progress(&self, id: u64, done: &[String]) -> Result<Ticket, StoreError> {
        let _serialised = self.outbox_lock.lock().unwrap_or_else(|e| e.into_inner());
        let Some(bytes) = self.trees.outbox.get(id.to_be_bytes())? else {
            return Ok(self.written());
        };
        self.write(&outbox::progress(id, &bytes, done)?)
    }

    fn kv_get(&self, space: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.trees.kv.get(keys::kv(space, key))?.map(|v| v.to_vec()))
    }

    fn kv_put(&self, space: &str, key: &str, value: &[u8]) -> Result<Ticket, StoreError> {
        let mut set = WriteSet::default();
        set.put(TreeId::Kv, keys::kv(space, key), value);
        self.write(&set)
    }

    fn kv_insert_new(
        &self,
        space: &str,
        key: &str,
        value: &[u8],
    ) -> Result<(bool, Ticket), StoreError> {
        let key = keys::kv(space, key);
        self.writer.write_with(&self.trees, |trees| {
            let mut set = WriteSet::default();
            let new = !trees.kv.contains_key(&key)?;
            if new {
                set.put(TreeId::Kv, key.clone(), value);
            }
            Ok((set, new))
        })
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

    fn kv_remove(&self, space: &str, key: &str) -> Result<Ticket, StoreError> {
        let mut set = WriteSet::default();
        set.delete(TreeId::Kv, keys::kv(space, key));
        self.write(&set)
    }

    fn receive_delivery(
        &self,
        key: &str,
        delivery: &Delivery,
    ) -> Result<(bool, Ticket), StoreError> {
        self.receive(key, delivery)
    }

    fn finish_delivery(
        &self,
        key: &str,
        answer: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.finish(key, answer, at)
    }

    fn unfinished_deliveries(&self) -> Result<Vec<(String, Delivery)>, StoreError> {
        self.unfinished()
    }

    fn forget_deliveries(&self, before: DateTime<Utc>) -> Result<Ticket, StoreError> {
        self.forget(before)
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

    fn commit_schedule(&self, write: &ScheduleWrite) -> Result<Ticket, StoreError> {
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

    fn save_answer(
        &self,
        write: &AnswerWrite,
        share: crate::store::BuildShared<'_>,
    ) -> Result<(SharedAnswer, Ticket), StoreError> {
        self.answer(write, share)
    }

    fn shared_answer(&self, id: AnswerId) -> Result<Option<SharedAnswer>, StoreError> {
        self.shared_answer_load(id)
    }

    fn reserve_answer_ids(&self, count: u64) -> Result<AnswerId, StoreError> {
        self.answer_ids_reserve(count)
    }

    fn shared_answers_since(&self, since: DateTime<Utc>) -> Result<Vec<SharedAnswer>, StoreError> {
        self.shared_answers_from(since)
    }

    fn add_action(
        &self,
        build: crate::store::BuildAction<'_>,
    ) -> Result<(ActionItem, Ticket), StoreError> {
        self.action_add(build)
    }

    fn update_action(
        &self,
        action: &ActionItem,
        expected_version: u32,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.action_update(action, expected_version, outgoing, at)
    }

    fn action(&self, id: ActionId) -> Result<Option<ActionItem>, StoreError> {
        self.action_load(id)
    }

    fn open_actions(&self) -> Result<Vec<ActionItem>, StoreError> {
        self.actions_open()
    }

    fn actions_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActionItem>, StoreError> {
        self.actions_closed(from, to)
    }

    fn actions_on(&self, source: &Source) -> Result<Vec<ActionItem>, StoreError> {
        self.actions_answering(source)
    }

    fn all_actions(&self) -> Result<Vec<ActionItem>, StoreError> {
        self.actions_every()
    }

    fn import(&self, requests: &[Request], asks: &[Ask]) -> Result<Ticket, StoreError> {
        self.bulk(requests, asks)
    }

    fn file_visit(
        &self,
        build: crate::store::BuildVisit<'_>,
    ) -> Result<(crate::domain::Visit, Ticket), StoreError> {
        self.visit_file(build)
    }

    fn update_visit(
        &self,
        visit: &crate::domain::Visit,
        expected_version: u32,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError> {
        self.visit_update(visit, expected_version, outgoing)
    }

    fn visit(
        &self,
        id: crate::domain::VisitId,
    ) -> Result<Option<crate::domain::Visit>, StoreError> {
        self.visit_load(id)
    }

    fn visits_dated(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<crate::domain::Visit>, StoreError> {
        SledStore::visits_dated(self, from, to)
    }

    fn add_launch(
        &self,
        launch: &Launch,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.add_new_launch(launch, outgoing, at)
    }

    fn launch(&self, name: &LaunchName) -> Result<Option<Launch>, StoreError> {
        self.load_launch(name)
    }

    fn launches(&self) -> Result<Vec<Launch>, StoreError> {
        self.all_launches()
    }

    fn save_launch(
        &self,
        write: &LaunchWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.save(write, outgoing, at)
    }

    fn launch_requests(&self, launch: &LaunchName) -> Result<Vec<Request>, StoreError> {
        self.linked_requests(launch)
    }

    fn active_launches(&self) -> Result<Vec<Launch>, StoreError> {
        self.launches_active()
    }

    fn reviews_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Launch>, StoreError> {
        self.closed_between(from, to)
    }

    fn add_plan(
        &self,
        plan: &crate::domain::Plan,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.add_new_plan(plan, outgoing, at)
    }

    fn plan(
        &self,
        name: &crate::domain::PlanName,
    ) -> Result<Option<crate::domain::Plan>, StoreError> {
        self.load_plan(name)
    }

    fn plans(&self) -> Result<Vec<crate::domain::Plan>, StoreError> {
        self.all_plans()
    }

    fn open_plans(&self) -> Result<Vec<crate::domain::Plan>, StoreError> {
        self.plans_open()
    }

    fn save_plan(
        &self,
        write: &crate::store::PlanWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.store_plan(write, outgoing, at)
    }

    fn pair_rounds(&self, limit: usize) -> Result<Vec<PairRound>, StoreError> {
        self.rounds_newest(limit)
    }

    fn pair(&self, id: PairId) -> Result<Option<Pair>, StoreError> {
        self.pair_by_id(id)
    }

    fn pairs_since(&self, round: u64) -> Result<Vec<Pair>, StoreError> {
        self.pairs_from(round)
    }

    fn pairing_person(&self, name: &PersonName) -> Result<Option<PairingPerson>, StoreError> {
        self.standing(name)
    }

    fn pairing_people(&self) -> Result<Vec<(PersonName, PairingPerson)>, StoreError> {
        self.standings()
    }

    fn save_pairing(
        &self,
        write: &PairingWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.pairing(write, outgoing, at)
    }
}
