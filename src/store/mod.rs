//! Persistence behind a small trait of domain methods: sled for real, memory for tests.

mod deferred;
mod error;
mod memory;
mod records;
mod sled;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use self::sled::schema::{CURRENT as SCHEMA_VERSION, MIGRATIONS, Migration};
pub use self::sled::{SledDb, SledStore, StoreOptions};
pub use deferred::{Unsynced, defer, durably, durably_try};
pub use error::StoreError;
pub use memory::MemoryStore;
pub use records::{AnswerWrite, JobMark, ReminderKind, ReminderMark, ScheduleWrite};

use crate::domain::{Ask, AskKey, PersonName, Request, RequestId, RoundKey, Step};
use crate::message::{Destination, Outgoing};

/// Which requests to list, and in which order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestQuery {
    /// Not finished (not confirmed or declined), oldest first: the longest wait leads.
    Open,
    /// Filed by this person, newest first.
    FiledBy(PersonName),
    /// Assigned to this person, newest first.
    AssignedTo(PersonName),
    /// Everything, newest first.
    All,
}

/// Up to `limit` requests of a query, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestPage {
    pub requests: Vec<Request>,
    pub total: usize,
}

/// A message waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: u64,
    pub outgoing: Outgoing,
    pub queued_at: DateTime<Utc>,
    pub attempts: u32,
    pub not_before: DateTime<Utc>,
    pub last_error: Option<String>,
    /// The routes (platforms) it already reached, when it goes to more than one.
    #[serde(default)]
    pub done: Vec<String>,
}

/// What a delivery attempt of an outbox entry came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Attempt {
    Delivered,
    /// Try again at this time.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    /// Give up: keep the entry aside with its error, where leads can see it.
    Park {
        error: String,
    },
}

/// What `Store::synced` returns.
pub type Synced =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>> + Send>>;

/// Builds a request once its ID is known, with the messages that announce it.
pub type BuildRequest<'a> = &'a dyn Fn(RequestId) -> (Request, Vec<Outgoing>);

/// Every method that changes something returns only once the change is durable on disk
/// (except `outbox_record` for deliveries and retries, see there) — unless it runs inside
/// `defer`, where it returns at once and `synced` tells when the disk has it.
pub trait Store: Send + Sync {
    /// Resolves once every write made before this call is on disk, holding no thread meanwhile.
    fn synced(&self) -> Synced;

    /// Allocates the next request ID, and stores the request `build` makes with it together
    /// with its outgoing messages, in one transaction.
    fn file_request(&self, build: BuildRequest<'_>) -> Result<Request, StoreError>;

    /// Saves `request` if its stored version is still `expected_version` (else
    /// `StoreError::Conflict`), and queues `outgoing` in the same transaction.
    fn update_request(
        &self,
        request: &Request,
        expected_version: usize,
        outgoing: &[Outgoing],
    ) -> Result<(), StoreError>;

    fn request(&self, id: RequestId) -> Result<Option<Request>, StoreError>;

    /// Queues messages that belong to no record change (a reply to a DM), durably.
    fn enqueue(&self, outgoing: &[Outgoing], at: DateTime<Utc>) -> Result<(), StoreError>;

    fn list_requests(&self, query: &RequestQuery, limit: usize) -> Result<RequestPage, StoreError>;

    /// Requests filed at or after `since`, oldest first, read through the time index.
    fn requests_filed_since(&self, since: DateTime<Utc>) -> Result<Vec<Request>, StoreError>;

    /// Outbox entries due at `now`, oldest first. An entry waiting for a retry holds back
    /// later entries to the same destination, so each destination keeps its order.
    fn outbox_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxEntry>, StoreError>;

    /// Records how a delivery attempt went. Parking is durable at once; a delivery or retry is
    /// flushed with the next write or within sled's flush interval (a crash before that means
    /// one more attempt, never a lost message).
    fn outbox_record(&self, id: u64, attempt: Attempt) -> Result<(), StoreError>;

    /// Entries given up on, oldest first.
    fn outbox_parked(&self) -> Result<Vec<OutboxEntry>, StoreError>;

    /// How many entries wait to be delivered (parked ones not counted).
    fn outbox_depth(&self) -> Result<usize, StoreError>;

    /// Remembers which routes an entry already reached, so a retry skips them.
    fn outbox_progress(&self, id: u64, done: &[String]) -> Result<(), StoreError>;

    /// A small record a platform adapter keeps (a card's message ID, a conversation
    /// reference, a seen event ID), by space and key.
    fn kv_get(&self, space: &str, key: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Stores a small record, durably.
    fn kv_put(&self, space: &str, key: &str, value: &[u8]) -> Result<(), StoreError>;

    /// Stores a small record without waiting for the disk, like a delivery in
    /// `outbox_record`: it is flushed with the next durable write or within sled's flush
    /// interval, and always before anything written after it. For records whose loss only
    /// repeats work (a posted card's message ID, when its delivery is recorded after it).
    fn kv_put_lazy(&self, space: &str, key: &str, value: &[u8]) -> Result<(), StoreError>;

    /// Stores a small record only if the key is new, durably; says whether it was new.
    fn kv_insert_new(&self, space: &str, key: &str, value: &[u8]) -> Result<bool, StoreError>;

    /// Every record of a space, in key order.
    fn kv_scan(&self, space: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError>;

    /// Removes a record, durably.
    fn kv_remove(&self, space: &str, key: &str) -> Result<(), StoreError>;

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
    fn commit_schedule(&self, write: &ScheduleWrite) -> Result<(), StoreError>;

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
    fn save_answer(&self, write: &AnswerWrite) -> Result<(), StoreError>;

    /// Stores history in bulk (imports, benchmarks): requests with their indexes and asks with
    /// theirs, in one durable write. The request IDs must be new; numbering continues after
    /// the highest. No messages are sent.
    fn import(&self, requests: &[Request], asks: &[Ask]) -> Result<(), StoreError>;
}

/// Picks the due entries from `entries` (in queue order), holding back a destination behind
/// its first entry that is not due yet. `head` tells where an entry goes and when it is due;
/// `read` makes the whole entry, only for those picked (a store can keep them undecoded).
fn due_entries<T>(
    entries: impl Iterator<Item = Result<T, StoreError>>,
    head: impl Fn(&T) -> (&Destination, DateTime<Utc>),
    read: impl Fn(T) -> Result<OutboxEntry, StoreError>,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut held = std::collections::HashSet::new();
    let mut due = Vec::new();
    for entry in entries {
        if due.len() >= limit {
            break;
        }
        let entry = entry?;
        let (to, not_before) = head(&entry);
        if held.contains(to) {
            continue;
        }
        if not_before > now {
            held.insert(to.clone());
            continue;
        }
        due.push(read(entry)?);
    }
    Ok(due)
}

/// Applies an attempt's outcome to an entry: `None` when it is done with (delivered),
/// else the entry to keep and whether it is parked.
fn after_attempt(mut entry: OutboxEntry, attempt: Attempt) -> Option<(OutboxEntry, bool)> {
    entry.attempts += 1;
    match attempt {
        Attempt::Delivered => None,
        Attempt::Retry { at, error } => {
            entry.not_before = at;
            entry.last_error = Some(error);
            Some((entry, false))
        }
        Attempt::Park { error } => {
            entry.last_error = Some(error);
            Some((entry, true))
        }
    }
}
