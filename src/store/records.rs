//! The records the store trait speaks in: queries and pages of requests, outbox entries, the
//! deliveries platforms remember, and what the scheduler and the answer handler write, each as
//! one atomic change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::pairing::{Pair, PairRound, PairingPerson};
pub use crate::domain::reminder::ReminderKind;
use crate::domain::{Ask, AskKey, Launch, PersonName, Plan, Request};
use crate::message::Outgoing;

/// A job's due time handled: fired, or skipped as older than its catch-up window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobMark {
    pub job: String,
    /// What the store must still hold for this job (`None`: nothing yet); anything else means
    /// another scheduler got there first, and the whole write is refused as a conflict.
    pub previous: Option<DateTime<Utc>>,
    pub due: DateTime<Utc>,
}

/// "`person` was reminded of `subject` (a request ID or an ask) on `day`, for `kind`."
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderMark {
    pub subject: String,
    pub person: PersonName,
    pub kind: ReminderKind,
    /// The person's own date.
    pub day: NaiveDate,
}

/// Everything one scheduler step writes, together: the jobs' due times, the asks it sent, the
/// reminders it marked, the asks that no longer wait for a reminder, and the messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleWrite {
    pub at: DateTime<Utc>,
    pub jobs: Vec<JobMark>,
    /// New asks; each waits for its reminder until settled.
    pub asks: Vec<Ask>,
    pub reminded: Vec<ReminderMark>,
    /// Asks that no longer wait for a reminder (reminded, or a newer round came).
    pub settled: Vec<AskKey>,
    /// Launches whose review rounds the step opened, reminded of or closed.
    pub launches: Vec<LaunchWrite>,
    /// A pairing round formed, met-checks sent.
    pub pairing: PairingWrite,
    /// Plans whose reminders the step sent (each marked in its plan).
    pub plans: Vec<PlanWrite>,
    pub outgoing: Vec<Outgoing>,
}

/// A launch to save over the revision it had when read (anything else is a conflict); its
/// own `revision` is the next one.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchWrite {
    pub launch: Launch,
    pub expected_revision: u32,
    /// Answers its review shares as it closes, with IDs from `Store::reserve_answer_ids`.
    pub shared: Vec<crate::domain::SharedAnswer>,
}

impl LaunchWrite {
    /// `launch`, changed since it was read at its current revision, ready to save.
    pub fn next(mut launch: Launch) -> LaunchWrite {
        let expected_revision = launch.revision;
        launch.revision += 1;
        LaunchWrite {
            launch,
            expected_revision,
            shared: Vec::new(),
        }
    }
}

/// A plan to save over the revision it had when read (anything else is a conflict); its own
/// `revision` is the next one.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanWrite {
    pub plan: Plan,
    pub expected_revision: u32,
}

impl PlanWrite {
    /// `plan`, changed since it was read at its current revision, ready to save.
    pub fn next(mut plan: Plan) -> PlanWrite {
        let expected_revision = plan.revision;
        plan.revision += 1;
        PlanWrite {
            plan,
            expected_revision,
        }
    }
}

impl ScheduleWrite {
    pub fn new(at: DateTime<Utc>) -> Self {
        ScheduleWrite {
            at,
            ..ScheduleWrite::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
            && self.asks.is_empty()
            && self.reminded.is_empty()
            && self.settled.is_empty()
            && self.launches.is_empty()
            && self.pairing.is_empty()
            && self.plans.is_empty()
            && self.outgoing.is_empty()
    }
}

/// Pairing changes that land together, or not at all: a new round, pairs, people's standing.
/// Each change names what the store must still hold; anything else is a conflict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairingWrite {
    /// A new round: its number must be free.
    pub round: Option<PairRound>,
    pub pairs: Vec<PairChange>,
    pub people: Vec<StandingChange>,
}

impl PairingWrite {
    pub fn is_empty(&self) -> bool {
        self.round.is_none() && self.pairs.is_empty() && self.people.is_empty()
    }
}

/// A pair to save, and the version the store must hold (`None`: a new pair).
#[derive(Clone, Debug, PartialEq)]
pub struct PairChange {
    pub pair: Pair,
    pub expected: Option<u32>,
}

/// A person's standing in pairing to save, and the version the store must hold (`None`:
/// nothing stored yet).
#[derive(Clone, Debug, PartialEq)]
pub struct StandingChange {
    pub person: PersonName,
    pub standing: PairingPerson,
    pub expected: Option<u32>,
}

/// Answers saved to an ask, with the messages that share them.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerWrite {
    pub ask: Ask,
    /// The revision the ask had when it was read; anything else is a conflict.
    pub expected_revision: u32,
    /// This answer opens its round's card in the other team's channel: the round must not
    /// have one yet (and must have one already when false); otherwise a conflict.
    pub opens_round: bool,
    pub outgoing: Vec<Outgoing>,
    pub at: DateTime<Utc>,
}

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

/// A platform's delivery (a Slack event, a Teams activity), remembered by its ID so that one
/// delivered twice is handled once, and, while a command from it runs, what to tell its author
/// if a restart finds it unfinished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub received_at: DateTime<Utc>,
    pub state: DeliveryState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeliveryState {
    /// Handled (or nothing to handle): a redelivery is ignored.
    Done,
    /// A command `person` sent is being handled; its answer is queued with `Done`.
    Working { person: PersonName, text: String },
}
