//! A request from Sales to Marketing, with its timestamped history.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::launch::LaunchName;
use super::people::PersonName;
pub use super::values::{
    Kind, KindError, Kinds, Quantity, Rating, RequestId, RequestIdError, Text, TextError, Title,
};

/// Where a request stands. Finished requests (confirmed or declined) leave the open list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Acknowledged,
    InProgress,
    Blocked,
    Delivered,
    Confirmed,
    Declined,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Open,
        Status::Acknowledged,
        Status::InProgress,
        Status::Blocked,
        Status::Delivered,
        Status::Confirmed,
        Status::Declined,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Acknowledged => "acknowledged",
            Status::InProgress => "in progress",
            Status::Blocked => "blocked",
            Status::Delivered => "delivered",
            Status::Confirmed => "confirmed",
            Status::Declined => "declined",
        }
    }

    /// Still waiting for Marketing to deliver: open, acknowledged, in progress or blocked.
    pub const WAITING: [Status; 4] = [
        Status::Open,
        Status::Acknowledged,
        Status::InProgress,
        Status::Blocked,
    ];

    /// Whether Marketing still owes a delivery (one of `WAITING`).
    pub fn is_waiting(self) -> bool {
        Status::WAITING.contains(&self)
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Status::Confirmed | Status::Declined)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What happened in one step of a request's life.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Filed,
    Acknowledged,
    Started,
    Delivered {
        note: Option<Text>,
    },
    Blocked {
        reason: Text,
    },
    Declined {
        reason: Text,
    },
    Assigned {
        to: PersonName,
    },
    Commented {
        text: Text,
    },
    Confirmed {
        rating: Option<Rating>,
        note: Option<Text>,
    },
    Reopened {
        reason: Text,
    },
    /// Linked to a launch (`launch link`), whose review counts it among its facts.
    Linked {
        launch: LaunchName,
    },
}

impl Change {
    /// The status this change leads to, if it changes the status at all.
    pub fn status_after(&self) -> Option<Status> {
        match self {
            Change::Filed | Change::Reopened { .. } => Some(Status::Open),
            Change::Acknowledged => Some(Status::Acknowledged),
            Change::Started => Some(Status::InProgress),
            Change::Delivered { .. } => Some(Status::Delivered),
            Change::Blocked { .. } => Some(Status::Blocked),
            Change::Declined { .. } => Some(Status::Declined),
            Change::Confirmed { .. } => Some(Status::Confirmed),
            Change::Assigned { .. } | Change::Commented { .. } | Change::Linked { .. } => None,
        }
    }

    /// Marketing's first answer to a request: any of these ends the wait for acknowledgement.
    pub fn is_response(&self) -> bool {
        matches!(
            self,
            Change::Acknowledged
                | Change::Started
                | Change::Delivered { .. }
                | Change::Blocked { .. }
                | Change::Declined { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: PersonName,
    #[serde(flatten)]
    pub change: Change,
}

/// The details a requester gives when filing.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRequest {
    pub kind: Kind,
    pub title: Title,
    pub quantity: Option<Quantity>,
    pub market: Option<Text>,
    pub needed_by: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub kind: Kind,
    pub title: Title,
    pub quantity: Option<Quantity>,
    pub market: Option<Text>,
    pub needed_by: Option<NaiveDate>,
    pub requester: PersonName,
    pub assignee: Option<PersonName>,
    pub status: Status,
    pub rating: Option<Rating>,
    pub history: Vec<Event>,
    /// The launch it serves, if linked to one (when filed, or by `launch link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<LaunchName>,
}

impl Request {
    /// A freshly filed request: status open, one `Filed` event.
    pub fn file(id: RequestId, new: NewRequest, requester: PersonName, at: DateTime<Utc>) -> Self {
        let filed = Event {
            at,
            actor: requester.clone(),
            change: Change::Filed,
        };
        Request {
            id,
            kind: new.kind,
            title: new.title,
            quantity: new.quantity,
            market: new.market,
            needed_by: new.needed_by,
            requester,
            assignee: None,
            status: Status::Open,
            rating: None,
            history: vec![filed],
            launch: None,
        }
    }

    /// Records an event that the lifecycle rules already allowed.
    pub(crate) fn record(&mut self, event: Event) {
        if let Some(status) = event.change.status_after() {
            self.status = status;
        }
        match &event.change {
            Change::Assigned { to } => self.assignee = Some(to.clone()),
            // The first marketer to act on an unassigned request takes it on.
            c if self.assignee.is_none() && c.is_response() => {
                self.assignee = Some(event.actor.clone());
            }
            Change::Confirmed { rating, .. } => self.rating = *rating,
            Change::Reopened { .. } => self.rating = None,
            Change::Linked { launch } => self.launch = Some(launch.clone()),
            _ => {}
        }
        self.history.push(event);
    }

    /// Grows by one with every recorded event; used to detect concurrent updates.
    pub fn version(&self) -> usize {
        self.history.len()
    }

    pub fn filed_at(&self) -> DateTime<Utc> {
        self.history
            .first()
            .map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.history
            .last()
            .map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }

    /// From filing to Marketing's first response (acknowledge, start, deliver, block or decline).
    pub fn time_to_acknowledge(&self) -> Option<Duration> {
        self.first(Change::is_response)
            .map(|at| at - self.filed_at())
    }

    /// From filing to the first delivery.
    pub fn time_to_deliver(&self) -> Option<Duration> {
        self.first(|c| matches!(c, Change::Delivered { .. }))
            .map(|at| at - self.filed_at())
    }

    /// Past its needed-by date (as seen on `today`) and not yet delivered.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_waiting() && self.needed_by.is_some_and(|by| by < today)
    }

    fn first(&self, pick: impl Fn(&Change) -> bool) -> Option<DateTime<Utc>> {
        self.history.iter().find(|e| pick(&e.change)).map(|e| e.at)
    }
}
