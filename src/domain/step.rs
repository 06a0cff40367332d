//! A request's steps as the digest counts them: what, who, when, and how long after filing.
//! The store keeps them in a time index, so a period's steps are read without its requests.

use chrono::{DateTime, Duration, Utc};

use super::people::PersonName;
use super::request::{Change, Request, RequestId};

/// What a step did, as far as the digest cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    Filed,
    Acknowledged,
    Started,
    Delivered,
    Blocked,
    Declined,
    /// Assigned, commented, confirmed, reopened.
    Other,
}

impl StepKind {
    pub const ALL: [StepKind; 7] = [
        StepKind::Filed,
        StepKind::Acknowledged,
        StepKind::Started,
        StepKind::Delivered,
        StepKind::Blocked,
        StepKind::Declined,
        StepKind::Other,
    ];

    fn of(change: &Change) -> StepKind {
        match change {
            Change::Filed => StepKind::Filed,
            Change::Acknowledged => StepKind::Acknowledged,
            Change::Started => StepKind::Started,
            Change::Delivered { .. } => StepKind::Delivered,
            Change::Blocked { .. } => StepKind::Blocked,
            Change::Declined { .. } => StepKind::Declined,
            _ => StepKind::Other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub request: RequestId,
    /// Its position in the request's history.
    pub index: u32,
    pub at: DateTime<Utc>,
    pub actor: PersonName,
    pub kind: StepKind,
    /// This is Marketing's first answer to the request (acknowledge, start, deliver, block or
    /// decline): it ends the wait for acknowledgement.
    pub first_response: bool,
    /// This is the request's first delivery.
    pub first_delivery: bool,
    pub after_filing: Duration,
}

impl Step {
    /// The steps of `request` from position `from` of its history on.
    pub fn of(request: &Request, from: usize) -> Vec<Step> {
        let history = &request.history;
        let first_response = history.iter().position(|e| e.change.is_response());
        let first_delivery = history
            .iter()
            .position(|e| matches!(e.change, Change::Delivered { .. }));
        history
            .iter()
            .enumerate()
            .skip(from)
            .map(|(i, event)| Step {
                request: request.id,
                index: u32::try_from(i).unwrap_or(u32::MAX),
                at: event.at,
                actor: event.actor.clone(),
                kind: StepKind::of(&event.change),
                first_response: first_response == Some(i),
                first_delivery: first_delivery == Some(i),
                after_filing: event.at - request.filed_at(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Kinds, NewRequest, Person, Role, Team, Text, Title};

    #[test]
    fn the_first_answer_and_the_first_delivery_are_marked_with_their_wait() {
        let filed = Utc::now();
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse("Talkers").expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        let id = RequestId::new(7).expect("id");
        let mut request = Request::file(id, new, PersonName::new("Asha"), filed);
        let priya = Person {
            name: PersonName::new("Priya"),
            team: Team::Marketing,
            role: Role::Member,
            timezone: None,
            accounts: Vec::new(),
        };
        let hour = Duration::hours(1);
        let reason = Text::parse("vendor", crate::domain::Input::Reason).expect("text");
        request
            .act(
                &priya,
                crate::domain::Action::Block { reason },
                filed + hour,
            )
            .expect("allowed");
        request
            .act(&priya, crate::domain::Action::Start, filed + hour * 2)
            .expect("allowed");
        let steps = Step::of(&request, 1);
        assert_eq!(steps.len(), 2);
        assert_eq!(
            (steps[0].kind, steps[0].first_response),
            (StepKind::Blocked, true)
        );
        assert_eq!((steps[0].index, steps[0].after_filing), (1, hour));
        assert_eq!(
            (steps[1].kind, steps[1].first_response),
            (StepKind::Started, false)
        );
        assert!(!steps[1].first_delivery);
    }
}
