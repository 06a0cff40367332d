//! `MemoryStore`: every record in maps behind one lock; the record kinds' own tables are kept
//! by the sibling files, on `Inner`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::pairing::{Pair, PairId, PairRound, PairingPerson};
use crate::domain::{
    Ask, AskKey, Launch, LaunchName, PersonName, Request, RequestId, RoundKey, Step,
};
use crate::message::Outgoing;
use crate::store::queue::{after_attempt, due_entries};
use crate::store::{
    AnswerWrite, Attempt, BuildRequest, Delivery, Durable, LaunchWrite, OutboxEntry, PairingWrite,
    ReminderKind, RequestPage, RequestQuery, ScheduleWrite, Store, StoreError, Ticket,
};

#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub(super) struct Inner {
    pub(super) last_request: u64,
    pub(super) requests: BTreeMap<RequestId, Request>,
    pub(super) next_entry: u64,
    pub(super) outbox: BTreeMap<u64, OutboxEntry>,
    pub(super) parked: BTreeMap<u64, OutboxEntry>,
    pub(super) kv: BTreeMap<(String, String), Vec<u8>>,
    /// Request steps by time.
    pub(super) steps: BTreeMap<(DateTime<Utc>, RequestId, u32), Step>,
    pub(super) jobs: BTreeMap<String, DateTime<Utc>>,
    pub(super) asks: BTreeMap<AskKey, Ask>,
    /// Asks by the time they were sent and first answered.
    pub(super) ask_times: BTreeSet<(DateTime<Utc>, AskKey)>,
    pub(super) pending: BTreeSet<AskKey>,
    pub(super) rounds: BTreeSet<RoundKey>,
    pub(super) reminded: BTreeMap<(String, PersonName, ReminderKind), NaiveDate>,
    pub(super) deliveries: BTreeMap<String, Delivery>,
    pub(super) visits: BTreeMap<crate::domain::VisitId, crate::domain::Visit>,
    pub(super) launches: BTreeMap<LaunchName, Launch>,
    pub(super) plans: BTreeMap<crate::domain::PlanName, crate::domain::Plan>,
    pub(super) pair_rounds: BTreeMap<u64, PairRound>,
    pub(super) pairs: BTreeMap<PairId, Pair>,
    pub(super) pairing_people: BTreeMap<PersonName, PairingPerson>,
    pub(super) answers: BTreeMap<crate::domain::AnswerId, crate::domain::SharedAnswer>,
    /// The last shared answer ID set aside.
    pub(super) answers_reserved: u64,
    pub(super) actions: BTreeMap<crate::domain::ActionId, crate::domain::ActionItem>,
}

impl Inner {
    pub(super) fn enqueue(&mut self, outgoing: &[Outgoing], at: DateTime<Utc>) {
        for message in outgoing {
            self.next_entry += 1;
            let entry = OutboxEntry {
                id: self.next_entry,
                outgoing: message.clone(),
                queued_at: at,
                attempts: 0,
                not_before: at,
                last_error: None,
                done: Vec::new(),
            };
            self.outbox.insert(entry.id, entry);
        }
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; carry on with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store for MemoryStore {
    // Every change is as durable as it will get the moment it is made.
    fn durable(&self, _: Ticket) -> Durable {
        Box::pin(std::future::ready(Ok(())))
    }

    fn durable_blocking(&self, _: Ticket) -> Result<(), StoreError> {
        Ok(())
    }

    fn written(&self) -> Ticket {
        Ticket::DURABLE
    }

    fn failure(&self) -> Option<String> {
        None
    }

    fn file_request(&self, build: BuildRequest<'_>) -> Result<(Request, Ticket), StoreError> {
        let mut inner = self.lock();
        let id = RequestId::new(inner.last_request + 1).ok_or(StoreError::NotFound)?;
        let (request, outgoing) = build(id);
        inner.last_request = id.number();
        inner.enqueue(&outgoing, request.filed_at());
        inner.index_events(&request, 0);
        inner.requests.insert(id, request.clone());
        Ok((request, Ticket::DURABLE))
    }

    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        let stored = inner
            .requests
            .get(&request.id)
            .ok_or(StoreError::NotFound)?;
        if stored.version() != expected_version {
            return Err(StoreError::Conflict);
        }
        let known = stored.history.len();
        inner.enqueue(outgoing, request.updated_at());
        inner.index_events(request, known);
        inner.requests.insert(request.id, request.clone());
        Ok(Ticket::DURABLE)
    }

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError> {
        Ok(self.lock().requests.get(&id).cloned())
    }

    fn enqueue(&self, outgoing: &[Outgoing], at: DateTime<Utc>) -> Result<Ticket, StoreError> {
        self.lock().enqueue(outgoing, at);
        Ok(Ticket::DURABLE)
    }

    fn list_requests(&self, query: &RequestQuery, limit: usize) -> Result<RequestPage, StoreError> {
        let inner = self.lock();
        let matches = |r: &&Request| match query {
            RequestQuery::Open => !r.status.is_finished(),
            RequestQuery::FiledBy(name) => r.requester == *name,
            RequestQuery::AssignedTo(name) => r.assignee.as_ref() == Some(name),
            RequestQuery::All => true,
        };
        let found: Vec<&Request> = match query {
            RequestQuery::Open => inner.requests.values().filter(matches).collect(),
            _ => inner.requests.values().rev().filter(matches).collect(),
        };
        Ok(RequestPage {
            total: found.len(),
            requests: found.into_iter().take(limit).cloned().collect(),
        })
    }

    fn requests_filed_since(&self, since: DateTime<Utc>) -> Result<Vec<Request>, StoreError> {
        let inner = self.lock();
        let mut found: Vec<Request> = inner
            .requests
            .values()
            .filter(|r| r.filed_at() >= since)
            .cloned()
            .collect();
        found.sort_by_key(|r| (r.filed_at(), r.id));
        Ok(found)
    }

    fn outbox_next(
        &self,
        now: DateTime<Utc>,
        limit: usize,
        per_destination: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let inner = self.lock();
        due_entries(
            inner.outbox.values().map(Ok),
            |entry| (&entry.outgoing.to, entry.not_before),
            |entry| Ok(entry.clone()),
            now,
            limit,
            per_destination,
        )
    }

    fn outbox_record(&self, id: u64, attempt: Attempt) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        let Some(entry) = inner.outbox.remove(&id) else {
            return Ok(Ticket::DURABLE);
        };
        match after_attempt(entry, attempt) {
            None => {}
            Some((entry, true)) => {
                inner.parked.insert(id, entry);
            }
            Some((entry, false)) => {
                inner.outbox.insert(id, entry);
            }
        }
        Ok(Ticket::DURABLE)
    }

    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        Ok(self.lock().parked.values().cloned().collect())
    }

    fn outbox_depth(&self) -> Result<usize, StoreError> {
        Ok(self.lock().outbox.len())
    }

    fn outbox_progress(&self, id: u64, done: &[String]) -> Result<Ticket, StoreError> {
        if let Some(entry) = self.lock().outbox.get_mut(&id) {
            entry.done = done.to_vec();
        }
        Ok(Ticket::DURABLE)
    }

    fn kv_get(&self, space: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock().kv.get(&(space.into(), key.into())).cloned())
    }

    fn kv_put(&self, space: &str, key: &str, value: &[u8]) -> Result<Ticket, StoreError> {
        self.lock()
            .kv
            .insert((space.into(), key.into()), value.to_vec());
        Ok(Ticket::DURABLE)
    }

    fn kv_insert_new(
        &self,
        space: &str,
        key: &str,
        value: &[u8],
    ) -> Result<(bool, Ticket), StoreError> {
        let mut inner = self.lock();
        let slot = (space.to_string(), key.to_string());
        if inner.kv.contains_key(&slot) {
            return Ok((false, Ticket::DURABLE));
        }
        inner.kv.insert(slot, value.to_vec());
        Ok((true, Ticket::DURABLE))
    }

    fn kv_scan(&self, space: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .kv
            .iter()
            .filter(|((s, _), _)| s == space)
            .map(|((_, k), v)| (k.clone(), v.clone()))
            .collect())
    }

    fn kv_remove(&self, space: &str, key: &str) -> Result<Ticket, StoreError> {
        self.lock().kv.remove(&(space.into(), key.into()));
        Ok(Ticket::DURABLE)
    }

    fn receive_delivery(
        &self,
        key: &str,
        delivery: &Delivery,
    ) -> Result<(bool, Ticket), StoreError> {
        Ok((self.lock().receive(key, delivery), Ticket::DURABLE))
    }

    fn finish_delivery(
        &self,
        key: &str,
        answer: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.lock().finish(key, answer, at);
        Ok(Ticket::DURABLE)
    }

    fn unfinished_deliveries(&self) -> Result<Vec<(String, Delivery)>, StoreError> {
        Ok(self.lock().unfinished())
    }

    fn forget_deliveries(&self, before: DateTime<Utc>) -> Result<Ticket, StoreError> {
        self.lock().forget(before);
        Ok(Ticket::DURABLE)
    }

    fn request_steps_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Step>, StoreError> {
        Ok(self.lock().steps_between(from, to))
    }

    fn requests_due_before(&self, day: NaiveDate) -> Result<Vec<Request>, StoreError> {
        let inner = self.lock();
        let mut found: Vec<Request> = inner
            .requests
            .values()
            .filter(|r| r.is_overdue(day))
            .cloned()
            .collect();
        found.sort_by_key(|r| (r.needed_by, r.id));
        Ok(found)
    }

    fn job_last_due(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self.lock().jobs.get(job).copied())
    }

    fn commit_schedule(&self, write: &ScheduleWrite) -> Result<Ticket, StoreError> {
        self.lock().commit_schedule(write)?;
        Ok(Ticket::DURABLE)
    }

    fn reminders_of(
        &self,
        subject: &str,
        person: &PersonName,
    ) -> Result<Vec<(ReminderKind, NaiveDate)>, StoreError> {
        Ok(self.lock().reminders_of(subject, person))
    }

    fn ask(&self, key: &AskKey) -> Result<Option<Ask>, StoreError> {
        Ok(self.lock().asks.get(key).cloned())
    }

    fn latest_ask(&self, person: &PersonName, prompt: &str) -> Result<Option<Ask>, StoreError> {
        Ok(self.lock().latest_ask(person, prompt))
    }

    fn pending_asks(&self) -> Result<Vec<Ask>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .pending
            .iter()
            .filter_map(|key| inner.asks.get(key).cloned())
            .collect())
    }

    fn asks_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Ask>, StoreError> {
        Ok(self.lock().asks_between(from, to))
    }

    fn round_opened(&self, round: &RoundKey) -> Result<bool, StoreError> {
        Ok(self.lock().rounds.contains(round))
    }

    fn save_answer(
        &self,
        write: &AnswerWrite,
        share: crate::store::BuildShared<'_>,
    ) -> Result<(crate::domain::SharedAnswer, Ticket), StoreError> {
        let mut inner = self.lock();
        inner.save_answer(write)?;
        Ok((inner.share_answer(share, write.at)?, Ticket::DURABLE))
    }

    fn shared_answer(
        &self,
        id: crate::domain::AnswerId,
    ) -> Result<Option<crate::domain::SharedAnswer>, StoreError> {
        Ok(self.lock().answers.get(&id).cloned())
    }

    fn reserve_answer_ids(&self, count: u64) -> Result<crate::domain::AnswerId, StoreError> {
        self.lock().reserve_answer_ids(count)
    }

    fn shared_answers_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<crate::domain::SharedAnswer>, StoreError> {
        Ok(self.lock().answers_since(since))
    }

    fn add_action(
        &self,
        build: crate::store::BuildAction<'_>,
    ) -> Result<(crate::domain::ActionItem, Ticket), StoreError> {
        Ok((self.lock().add_action(build)?, Ticket::DURABLE))
    }

    fn update_action(
        &self,
        action: &crate::domain::ActionItem,
        expected_version: u32,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.lock()
            .update_action(action, expected_version, outgoing, at)?;
        Ok(Ticket::DURABLE)
    }

    fn action(
        &self,
        id: crate::domain::ActionId,
    ) -> Result<Option<crate::domain::ActionItem>, StoreError> {
        Ok(self.lock().actions.get(&id).cloned())
    }

    fn open_actions(&self) -> Result<Vec<crate::domain::ActionItem>, StoreError> {
        Ok(self.lock().actions_where(|a| a.is_open()))
    }

    fn actions_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<crate::domain::ActionItem>, StoreError> {
        Ok(self.lock().closed_between(from, to))
    }

    fn actions_on(
        &self,
        source: &crate::domain::Source,
    ) -> Result<Vec<crate::domain::ActionItem>, StoreError> {
        Ok(self.lock().actions_on(source))
    }

    fn all_actions(&self) -> Result<Vec<crate::domain::ActionItem>, StoreError> {
        Ok(self.lock().actions_where(|_| true))
    }

    fn import(&self, requests: &[Request], asks: &[Ask]) -> Result<Ticket, StoreError> {
        self.lock().import(requests, asks)?;
        Ok(Ticket::DURABLE)
    }

    fn file_visit(
        &self,
        build: crate::store::BuildVisit<'_>,
    ) -> Result<(crate::domain::Visit, Ticket), StoreError> {
        let mut inner = self.lock();
        let last = inner.visits.keys().next_back().map_or(0, |id| id.number());
        let id = crate::domain::VisitId::new(last + 1)
            .ok_or_else(|| StoreError::Corrupt("visit counter".into()))?;
        let (visit, outgoing) = build(id);
        inner.enqueue(&outgoing, visit.created_at);
        inner.visits.insert(id, visit.clone());
        Ok((visit, Ticket::DURABLE))
    }

    fn update_visit(
        &self,
        visit: &crate::domain::Visit,
        expected_version: u32,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        let stored = inner.visits.get(&visit.id).ok_or(StoreError::NotFound)?;
        if stored.version != expected_version {
            return Err(StoreError::Conflict);
        }
        inner.enqueue(outgoing, visit.updated_at);
        inner.visits.insert(visit.id, visit.clone());
        Ok(Ticket::DURABLE)
    }

    fn visit(
        &self,
        id: crate::domain::VisitId,
    ) -> Result<Option<crate::domain::Visit>, StoreError> {
        Ok(self.lock().visits.get(&id).cloned())
    }

    fn visits_dated(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<crate::domain::Visit>, StoreError> {
        let mut found: Vec<_> = self
            .lock()
            .visits
            .values()
            .filter(|v| from <= v.date && v.date < to)
            .cloned()
            .collect();
        found.sort_by_key(|v| (v.date, v.id));
        Ok(found)
    }

    fn add_launch(
        &self,
        launch: &Launch,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.lock().add_launch(launch, outgoing, at)?;
        Ok(Ticket::DURABLE)
    }

    fn launch(&self, name: &LaunchName) -> Result<Option<Launch>, StoreError> {
        Ok(self.lock().launches.get(name).cloned())
    }

    fn launches(&self) -> Result<Vec<Launch>, StoreError> {
        Ok(self.lock().launches.values().cloned().collect())
    }

    fn save_launch(
        &self,
        write: &LaunchWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        inner.check_launch(write)?;
        inner.save_launch(write);
        inner.enqueue(outgoing, at);
        Ok(Ticket::DURABLE)
    }

    fn launch_requests(&self, launch: &LaunchName) -> Result<Vec<Request>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .requests
            .values()
            .filter(|r| r.launch.as_ref() == Some(launch))
            .cloned()
            .collect())
    }

    fn active_launches(&self) -> Result<Vec<Launch>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .launches
            .values()
            .filter(|l| l.review.as_ref().is_none_or(|r| r.closed.is_none()))
            .cloned()
            .collect())
    }

    fn add_plan(
        &self,
        plan: &crate::domain::Plan,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        self.lock().add_plan(plan, outgoing, at)?;
        Ok(Ticket::DURABLE)
    }

    fn plan(
        &self,
        name: &crate::domain::PlanName,
    ) -> Result<Option<crate::domain::Plan>, StoreError> {
        Ok(self.lock().plans.get(name).cloned())
    }

    fn plans(&self) -> Result<Vec<crate::domain::Plan>, StoreError> {
        Ok(self.lock().plans.values().cloned().collect())
    }

    fn open_plans(&self) -> Result<Vec<crate::domain::Plan>, StoreError> {
        Ok(self
            .lock()
            .plans
            .values()
            .filter(|p| !p.is_agreed())
            .cloned()
            .collect())
    }

    fn save_plan(
        &self,
        write: &crate::store::PlanWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        inner.check_plan(write)?;
        inner.save_plan(write);
        inner.enqueue(outgoing, at);
        Ok(Ticket::DURABLE)
    }

    fn reviews_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Launch>, StoreError> {
        let inner = self.lock();
        let closed_at = |l: &Launch| l.review.as_ref()?.closed.as_ref().map(|c| c.at);
        let mut found: Vec<Launch> = inner
            .launches
            .values()
            .filter(|l| closed_at(l).is_some_and(|at| from <= at && at < to))
            .cloned()
            .collect();
        found.sort_by_key(|l| (closed_at(l), l.name.clone()));
        Ok(found)
    }

    fn pair_rounds(&self, limit: usize) -> Result<Vec<PairRound>, StoreError> {
        Ok(self.lock().rounds_newest(limit))
    }

    fn pair(&self, id: PairId) -> Result<Option<Pair>, StoreError> {
        Ok(self.lock().pairs.get(&id).cloned())
    }

    fn pairs_since(&self, round: u64) -> Result<Vec<Pair>, StoreError> {
        Ok(self.lock().pairs_from(round))
    }

    fn pairing_person(&self, name: &PersonName) -> Result<Option<PairingPerson>, StoreError> {
        Ok(self.lock().pairing_people.get(name).cloned())
    }

    fn pairing_people(&self) -> Result<Vec<(PersonName, PairingPerson)>, StoreError> {
        Ok(self.lock().standings())
    }

    fn save_pairing(
        &self,
        write: &PairingWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let mut inner = self.lock();
        inner.check_pairing(write)?;
        inner.apply_pairing(write);
        inner.enqueue(outgoing, at);
        Ok(Ticket::DURABLE)
    }
}
