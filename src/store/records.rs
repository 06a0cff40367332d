//! What the scheduler and the answer handler write, each as one atomic change.

use chrono::{DateTime, NaiveDate, Utc};

pub use crate::domain::reminder::ReminderKind;
use crate::domain::{Ask, AskKey, PersonName};
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
    pub outgoing: Vec<Outgoing>,
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
            && self.outgoing.is_empty()
    }
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
