//! Who may do what to a request, and from which states.
//!
//! `open → acknowledged → in_progress → delivered → confirmed`, with `blocked` (back to in
//! progress) and `declined` (terminal unless reopened). Marketing moves a request forward;
//! the requester (or a Sales lead) confirms it; the requester (or any lead) reopens it.

use std::fmt;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::people::{Person, PersonName, Team};
use super::request::{Change, Event, Rating, Request, RequestId, Status, Text};

/// Something a person does to an existing request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Acknowledge,
    Start,
    Deliver {
        note: Option<Text>,
    },
    Block {
        reason: Text,
    },
    Decline {
        reason: Text,
    },
    Assign {
        to: Person,
    },
    Comment {
        text: Text,
    },
    Confirm {
        rating: Option<Rating>,
        note: Option<Text>,
    },
    Reopen {
        reason: Text,
    },
}

/// Who may take an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Marketing,
    Anyone,
    /// The requester, or a lead of the given team (any lead when `None`).
    RequesterOrLead(Option<Team>),
}

use Status::*;

const WORKING: &[Status] = &Status::WAITING;
const ANY: &[Status] = &Status::ALL;

impl Action {
    /// The verb people use for this action, as in "you can't *acknowledge* it".
    pub fn verb(&self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledge",
            Action::Start => "start",
            Action::Deliver { .. } => "deliver",
            Action::Block { .. } => "block",
            Action::Decline { .. } => "decline",
            Action::Assign { .. } => "assign",
            Action::Comment { .. } => "comment on",
            Action::Confirm { .. } => "confirm",
            Action::Reopen { .. } => "reopen",
        }
    }

    /// Whether the request's state allows this action (for someone allowed to take it).
    pub fn allowed_in(&self, status: Status) -> bool {
        self.rule().1.contains(&status)
    }

    /// Whether this is one of Marketing's steps (acknowledge, start, deliver, …).
    pub fn is_marketing_step(&self) -> bool {
        self.rule().0 == Who::Marketing
    }

    fn rule(&self) -> (Who, &'static [Status]) {
        match self {
            Action::Acknowledge => (Who::Marketing, &[Open]),
            Action::Start => (Who::Marketing, &[Open, Acknowledged, Blocked]),
            Action::Deliver { .. } | Action::Block { .. } => {
                (Who::Marketing, &[Open, Acknowledged, InProgress])
            }
            Action::Decline { .. } | Action::Assign { .. } => (Who::Marketing, WORKING),
            Action::Comment { .. } => (Who::Anyone, ANY),
            Action::Confirm { .. } => (Who::RequesterOrLead(Some(Team::Sales)), &[Delivered]),
            Action::Reopen { .. } => (Who::RequesterOrLead(None), &[Delivered, Declined]),
        }
    }

    fn into_change(self) -> Change {
        match self {
            Action::Acknowledge => Change::Acknowledged,
            Action::Start => Change::Started,
            Action::Deliver { note } => Change::Delivered { note },
            Action::Block { reason } => Change::Blocked { reason },
            Action::Decline { reason } => Change::Declined { reason },
            Action::Assign { to } => Change::Assigned { to: to.name },
            Action::Comment { text } => Change::Commented { text },
            Action::Confirm { rating, note } => Change::Confirmed { rating, note },
            Action::Reopen { reason } => Change::Reopened { reason },
        }
    }
}

/// Why an action was not allowed; its text is shown to the person who tried.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum Refusal {
    #[error("Only Marketing can {verb} a request.")]
    MarketingOnly { verb: &'static str },
    #[error("Only {requester}, who filed {id}, or {leads} can {verb} it.")]
    RequesterOrLead {
        id: RequestId,
        verb: &'static str,
        requester: PersonName,
        leads: &'static str,
    },
    #[error(
        "{id} is {status}; you can {verb} a request only when it is {}.",
        StatusList(from)
    )]
    WrongState {
        id: RequestId,
        status: Status,
        verb: &'static str,
        from: &'static [Status],
    },
    #[error("{name} is in Sales; requests are assigned to someone in Marketing.")]
    AssigneeNotInMarketing { name: PersonName },
    #[error("{id} is already assigned to {name}.")]
    AlreadyAssigned { id: RequestId, name: PersonName },
}

struct StatusList(&'static [Status]);

impl fmt::Display for StatusList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels: Vec<&str> = self.0.iter().map(|s| s.label()).collect();
        match labels.split_last() {
            Some((last, [])) => f.write_str(last),
            Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
            None => Ok(()),
        }
    }
}

impl Request {
    /// Applies `action` by `actor` at `at` if the rules allow it, and returns the recorded event.
    pub fn act(
        &mut self,
        actor: &Person,
        action: Action,
        at: DateTime<Utc>,
    ) -> Result<&Event, Refusal> {
        self.check(actor, &action)?;
        let event = Event {
            at,
            actor: actor.name.clone(),
            change: action.into_change(),
        };
        self.record(event);
        Ok(self.history.last().expect("an event was just recorded"))
    }

    /// Whether `actor` may take `action` now, without changing anything.
    pub fn check(&self, actor: &Person, action: &Action) -> Result<(), Refusal> {
        let (who, from) = action.rule();
        let verb = action.verb();
        match who {
            Who::Anyone => {}
            Who::Marketing if actor.team == Team::Marketing => {}
            Who::Marketing => return Err(Refusal::MarketingOnly { verb }),
            Who::RequesterOrLead(team) => {
                let lead = actor.is_lead() && team.is_none_or(|t| actor.team == t);
                if actor.name != self.requester && !lead {
                    return Err(Refusal::RequesterOrLead {
                        id: self.id,
                        verb,
                        requester: self.requester.clone(),
                        leads: if team.is_some() {
                            "a Sales lead"
                        } else {
                            "a lead"
                        },
                    });
                }
            }
        }
        if !from.contains(&self.status) {
            return Err(Refusal::WrongState {
                id: self.id,
                status: self.status,
                verb,
                from,
            });
        }
        self.check_assignee(action)
    }

    fn check_assignee(&self, action: &Action) -> Result<(), Refusal> {
        let Action::Assign { to } = action else {
            return Ok(());
        };
        if to.team != Team::Marketing {
            return Err(Refusal::AssigneeNotInMarketing {
                name: to.name.clone(),
            });
        }
        if self.assignee.as_ref() == Some(&to.name) {
            return Err(Refusal::AlreadyAssigned {
                id: self.id,
                name: to.name.clone(),
            });
        }
        Ok(())
    }
}
