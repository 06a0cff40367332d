//! The store trait: domain methods, each read consistent and each write all or nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    AnswerWrite, Attempt, BackupSummary, Delivery, LaunchWrite, OutboxEntry, PairingWrite,
    PlanWrite, ReminderKind, RequestPage, RequestQuery, ScheduleWrite, StoreError, Ticket,
};
use crate::domain::pairing::{Pair, PairId, PairRound, PairingPerson};
use crate::domain::{
    ActionId, ActionItem, AnswerId, Ask, AskKey, Launch, LaunchName, PersonName, Plan, PlanName,
    Request, RequestId, RoundKey, SharedAnswer, Source, Step, Visit, VisitId,
};
use crate::message::Outgoing;

/// What `Store::durable` returns.
pub type Durable =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>> + Send>>;

/// Builds a request once its ID is known, with the messages that announce it.
pub type BuildRequest<'a> = &'a dyn Fn(RequestId) -> (Request, Vec<Outgoing>);

/// Builds a visit once its ID is known, with the messages that announce it.
pub type BuildVisit<'a> = &'a dyn Fn(VisitId) -> (Visit, Vec<Outgoing>);

/// Builds the shared answer an answer makes once its ID is known, with the messages that
/// share it.
pub type BuildShared<'a> = &'a dyn Fn(AnswerId) -> (SharedAnswer, Vec<Outgoing>);

/// Builds an action once its ID is known, with the messages that announce it.
pub type BuildAction<'a> = &'a dyn Fn(ActionId) -> (ActionItem, Vec<Outgoing>);

/// Every method that changes something makes its change all or nothing, visible to readers at
/// once, and returns its `Ticket`: the change is on disk once `durable(ticket)` says so.
pub trait Store: Send + Sync {
    /// Resolves once every change up to `ticket` is on disk, holding no thread meanwhile;
    /// `StoreError::Unconfirmed` when that cannot be promised.
    fn durable(&self, ticket: Ticket) -> Durable;

    /// `durable`, blocking the thread (for threads that may block: the CLI, tests, benches).
    fn durable_blocking(&self, ticket: Ticket) -> Result<(), StoreError>;

    /// The ticket of every change made so far: what an answer that shows stored records waits
    /// on, so that nothing not yet on disk is shown.
    fn written(&self) -> Ticket;

    /// Why the store takes no changes, once a write failed (`None` while it is healthy).
    fn failure(&self) -> Option<String>;

    /// Writes a consistent backup of the whole store into `dir` (named for `at`), then keeps
    /// only the newest `keep` backups there. Returns the file and what it holds.
    fn backup_into(
        &self,
        dir: &Path,
        at: DateTime<Utc>,
        keep: usize,
    ) -> Result<(PathBuf, BackupSummary), StoreError> {
        let _ = (dir, at, keep);
        Err(StoreError::Backend(
            "this store keeps no files, so it has no backups".into(),
        ))
    }

    /// Allocates the next request ID, and stores the request `build` makes with it together
    /// with its outgoing messages.
    fn file_request(&self, build: BuildRequest<'_>) -> Result<(Request, Ticket), StoreError>;

    /// Saves `request` if its stored version is still `expected_version` (else
    /// `StoreError::Conflict`), and queues `outgoing` with it.
    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError>;

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError>;

    /// Queues messages that belong to no record change.
    fn enqueue(&self, outgoing: &[Outgoing], at: DateTime<Utc>) -> Result<Ticket, StoreError>;

    fn list_requests(&self, query: &RequestQuery, limit: usize) -> Result<RequestPage, StoreError>;

    /// Requests filed at or after `since`, oldest first, read through the time index.
    fn requests_filed_since(&self, since: DateTime<Utc>) -> Result<Vec<Request>, StoreError>;

    /// Outbox entries due at `now`, oldest first. An entry waiting for a retry holds back
    /// later entries to the same destination, so each destination keeps its order.
    fn outbox_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_next(now, limit, usize::MAX)
    }

    /// Like `outbox_due`, with at most `per_destination` entries of each destination, so that
    /// one busy destination does not fill a pass and hold up all the others.
    fn outbox_next(
        &self,
        now: DateTime<Utc>,
        limit: usize,
        per_destination: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError>;

    /// Records how a delivery attempt went.
    fn outbox_record(&self, id: u64, attempt: Attempt) -> Result<Ticket, StoreError>;

    /// Entries given up on, oldest first.
    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError>;

    /// How many entries wait to be delivered (parked ones not counted).
    fn outbox_depth(&self) -> Result<usize, StoreError>;

    /// Remembers which routes an entry already reached, so a retry skips them.
    fn outbox_progress(&self, id: u64, done: &[String]) -> Result<Ticket, StoreError>;

    /// A small record a platform adapter keeps (a card's message ID, a conversation
    /// reference), by space and key.
    fn kv_get(&self, space: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError>;

    fn kv_put(&self, space: &str, key: &str, value: &[u8]) -> Result<Ticket, StoreError>;

    /// Stores a small record only if the key is new; says whether it was new.
    fn kv_insert_new(
        &self,
        space: &str,
        key: &str,
        value: &[u8],
    ) -> Result<(bool, Ticket), StoreError>;

    /// Every record of a space, in key order.
    fn kv_scan(&self, space: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError>;

    fn kv_remove(&self, space: &str, key: &str) -> Result<Ticket, StoreError>;

    /// Remembers a platform's delivery by its key if it is new; says whether it was new.
    fn receive_delivery(
        &self,
        key: &str,
        delivery: &Delivery,
    ) -> Result<(bool, Ticket), StoreError>;

    /// Marks a delivery handled and queues its answer, together.
    fn finish_delivery(
        &self,
        key: &str,
        answer: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    /// Deliveries whose command was being handled (`DeliveryState::Working`), by key.
    fn unfinished_deliveries(&self) -> Result<Vec<(String, Delivery)>, StoreError>;

    /// Forgets handled deliveries received before `before`.
    fn forget_deliveries(&self, before: DateTime<Utc>) -> Result<Ticket, StoreError>;

    /// The steps requests took at or after `from` and before `to`, in time order, read through
    /// the time index of steps (the requests themselves are not read).
    fn request_steps_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Step>, StoreError>;

    /// Requests not delivered yet (open, acknowledged, in progress or blocked) whose needed-by
    /// date is before `day`, oldest date first, read through the index of needed-by dates.
    fn requests_due_before(&self, day: NaiveDate) -> Result<Vec<Request>, StoreError>;

    /// The last due time a scheduled job handled.
    fn job_last_due(&self, job: &str) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// Applies one scheduler step all together, or refuses it with `StoreError::Conflict`
    /// (changing nothing) when a job's stored due time is not the one it expects.
    fn commit_schedule(&self, write: &ScheduleWrite) -> Result<Ticket, StoreError>;

    /// The reminders `person` had about `subject`: for each kind, the last day.
    fn reminders_of(
        &self,
        subject: &str,
        person: &PersonName,
    ) -> Result<Vec<(ReminderKind, NaiveDate)>, StoreError>;

    fn ask(&self, key: &AskKey) -> Result<Option<Ask>, StoreError>;

    /// The newest round of `prompt` sent to `person`.
    fn latest_ask(&self, person: &PersonName, prompt: &str) -> Result<Option<Ask>, StoreError>;

    /// Asks waiting for their reminder (sent, unanswered, not reminded or superseded yet).
    fn pending_asks(&self) -> Result<Vec<Ask>, StoreError>;

    /// Asks sent, or first answered, at or after `from` and before `to`, through the time
    /// index; each once.
    fn asks_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Ask>, StoreError>;

    /// Whether the round's card was posted (its first answer came).
    fn round_opened(&self, round: &RoundKey) -> Result<bool, StoreError>;

    /// Saves answers with their messages, all together; `StoreError::Conflict` (changing
    /// nothing) when the ask or the round changed since they were read.
    fn save_answer(
        &self,
        write: &AnswerWrite,
        share: BuildShared<'_>,
    ) -> Result<(SharedAnswer, Ticket), StoreError>;

    fn shared_answer(&self, id: AnswerId) -> Result<Option<SharedAnswer>, StoreError>;

    /// Sets aside `count` shared answer IDs, never given again, for answers a later write
    /// shares (a review's, as it closes); returns the first. A write that never comes leaves a
    /// gap in the numbering, not a reuse.
    fn reserve_answer_ids(&self, count: u64) -> Result<AnswerId, StoreError>;

    /// Answers shared at or after `since`, oldest first, read through the time index.
    fn shared_answers_since(&self, since: DateTime<Utc>) -> Result<Vec<SharedAnswer>, StoreError>;

    /// Numbers a new action and stores the one `build` makes with its messages.
    fn add_action(&self, build: BuildAction<'_>) -> Result<(ActionItem, Ticket), StoreError>;

    /// Saves `action` if its stored version is still `expected_version` (else
    /// `StoreError::Conflict`), and queues `outgoing` with it.
    fn update_action(
        &self,
        action: &ActionItem,
        expected_version: u32,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    fn action(&self, id: ActionId) -> Result<Option<ActionItem>, StoreError>;

    /// Every open action, oldest first.
    fn open_actions(&self) -> Result<Vec<ActionItem>, StoreError>;

    /// Actions done or dropped in `[from, to)`, in the order they closed.
    fn actions_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActionItem>, StoreError>;

    /// The actions taken on `source`, oldest first.
    fn actions_on(&self, source: &Source) -> Result<Vec<ActionItem>, StoreError>;

    /// Every action, oldest first (for `action list all` and the export).
    fn all_actions(&self) -> Result<Vec<ActionItem>, StoreError>;

    /// The newest pairing rounds, newest first, at most `limit`.
    fn pair_rounds(&self, limit: usize) -> Result<Vec<PairRound>, StoreError>;

    fn pair(&self, id: PairId) -> Result<Option<Pair>, StoreError>;

    /// The pairs of round `round` and every later one, in ID order.
    fn pairs_since(&self, round: u64) -> Result<Vec<Pair>, StoreError>;

    /// A person's standing in pairing (a skip asked for, a pause), if any was stored.
    fn pairing_person(&self, name: &PersonName) -> Result<Option<PairingPerson>, StoreError>;

    /// Everyone's stored standing in pairing, by name.
    fn pairing_people(&self) -> Result<Vec<(PersonName, PairingPerson)>, StoreError>;

    /// Saves pairing changes with their messages, all together; `StoreError::Conflict`
    /// (changing nothing) when a round's number is taken or a pair or standing changed since
    /// it was read. Scheduler steps carry theirs in `ScheduleWrite::pairing`.
    fn save_pairing(
        &self,
        write: &PairingWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    /// Stores history in bulk (imports, benchmarks): requests with their indexes and asks with
    /// theirs, in one write. The request IDs must be new; numbering continues after the
    /// highest. No messages are sent.
    fn import(&self, requests: &[Request], asks: &[Ask]) -> Result<Ticket, StoreError>;

    /// Allocates the next visit ID, and stores the visit `build` makes with it together with
    /// its outgoing messages.
    fn file_visit(&self, build: BuildVisit<'_>) -> Result<(Visit, Ticket), StoreError>;

    /// Saves `visit` if its stored version is still `expected_version` (else
    /// `StoreError::Conflict`), and queues `outgoing` with it.
    fn update_visit(
        &self,
        visit: &Visit,
        expected_version: u32,
        outgoing: &[Outgoing],
    ) -> Result<Ticket, StoreError>;

    fn visit(&self, id: VisitId) -> Result<Option<Visit>, StoreError>;

    /// Visits dated on or after `from` and before `to`, by date, read through the date index.
    fn visits_dated(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Visit>, StoreError>;

    /// Stores a new launch with its messages; `StoreError::Conflict` (changing nothing) when a
    /// launch of that name exists.
    fn add_launch(
        &self,
        launch: &Launch,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    fn launch(&self, name: &LaunchName) -> Result<Option<Launch>, StoreError>;

    /// Every launch, by name.
    fn launches(&self) -> Result<Vec<Launch>, StoreError>;

    /// Saves a launch (its review round, its answers) with its messages, all together;
    /// `StoreError::Conflict` (changing nothing) when it changed since it was read.
    fn save_launch(
        &self,
        write: &LaunchWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    /// The requests linked to `launch`, by ID, read through the index of links.
    fn launch_requests(&self, launch: &LaunchName) -> Result<Vec<Request>, StoreError>;

    /// Launches whose review has not closed (none opened yet, or open), by name, read through
    /// their index: what the review sweep looks at, never the closed ones.
    fn active_launches(&self) -> Result<Vec<Launch>, StoreError>;

    /// Launches whose review closed at or after `from` and before `to`, in the order they
    /// closed, read through the time index of closes (the digest's).
    fn reviews_closed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Launch>, StoreError>;

    /// Stores a new plan with its messages; `StoreError::Conflict` (changing nothing) when a
    /// plan of that name exists.
    fn add_plan(
        &self,
        plan: &Plan,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;

    fn plan(&self, name: &PlanName) -> Result<Option<Plan>, StoreError>;

    /// Every plan, by name.
    fn plans(&self) -> Result<Vec<Plan>, StoreError>;

    /// Plans not agreed yet, by name, read through their index: what the reminders and the
    /// digest look at, never the agreed ones.
    fn open_plans(&self) -> Result<Vec<Plan>, StoreError>;

    /// Saves a plan with its messages, all together; `StoreError::Conflict` (changing nothing)
    /// when it changed since it was read. Scheduler steps carry theirs in
    /// `ScheduleWrite::plans`.
    fn save_plan(
        &self,
        write: &PlanWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError>;
}
