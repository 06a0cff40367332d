//! Launches: a product going to market on a date, the requests that served it, and who may do
//! what to it. Its review round lives in `review`.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::people::{Person, PersonName, Team};
use super::request::{Change, Event, Request, Text};
use super::review::Review;

/// A launch's name: one word of letters, digits and `-`, kept in lower case, so that `Diwali-27`
/// and `diwali-27` are the same launch.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LaunchName(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LaunchNameError {
    #[error("a launch needs a name")]
    Empty,
    #[error("\"{0}\" is not a launch name; use one word of letters, digits and -, like diwali-27")]
    NotOneWord(String),
    #[error("a launch name is at most {max} characters; \"{name}\" is longer")]
    TooLong { name: String, max: usize },
}

impl LaunchName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<Self, LaunchNameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(LaunchNameError::Empty);
        }
        let word = name.chars().all(|c| c.is_alphanumeric() || c == '-')
            && name.starts_with(char::is_alphanumeric);
        if !word {
            return Err(LaunchNameError::NotOneWord(name.to_string()));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(LaunchNameError::TooLong {
                name: name.to_string(),
                max: Self::MAX_CHARS,
            });
        }
        Ok(LaunchName(name.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LaunchName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `launch add` gives.
#[derive(Clone, Debug, PartialEq)]
pub struct NewLaunch {
    pub name: LaunchName,
    pub on: NaiveDate,
    pub markets: Vec<Text>,
    pub title: Option<Text>,
}

/// A launch on record, with its review round once one was opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    pub name: LaunchName,
    pub title: Option<Text>,
    /// The launch date.
    pub on: NaiveDate,
    pub markets: Vec<Text>,
    pub added_by: PersonName,
    pub added_at: DateTime<Utc>,
    pub review: Option<Review>,
    /// Grows by one with every saved change; detects concurrent changes.
    pub revision: u32,
}

impl Launch {
    pub fn new(new: NewLaunch, by: PersonName, at: DateTime<Utc>) -> Launch {
        Launch {
            name: new.name,
            title: new.title,
            on: new.on,
            markets: new.markets,
            added_by: by,
            added_at: at,
            review: None,
            revision: 0,
        }
    }

    /// `diwali-27 · Diwali gift packs`
    pub fn label(&self) -> String {
        match &self.title {
            Some(title) => format!("{} · {title}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// Why someone may not do something to a launch; the text is shown to them.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LaunchRefusal {
    #[error("Only Marketing or a lead adds launches.")]
    AddMarketingOrLead,
    #[error("Only Marketing, a lead, or {requester} (who filed {id}) can link it to a launch.")]
    Link { id: String, requester: PersonName },
    #[error("Only a lead can {verb} a launch review.")]
    LeadOnly { verb: &'static str },
    #[error("{id} is already linked to {launch}.")]
    AlreadyLinked { id: String, launch: LaunchName },
}

/// Marketing or any lead adds a launch.
pub fn may_add(person: &Person) -> Result<(), LaunchRefusal> {
    if person.team == Team::Marketing || person.is_lead() {
        return Ok(());
    }
    Err(LaunchRefusal::AddMarketingOrLead)
}

/// Marketing, a lead, or the requester links a request to a launch (once to each launch).
pub fn may_link(person: &Person, request: &Request, to: &LaunchName) -> Result<(), LaunchRefusal> {
    if request.launch.as_ref() == Some(to) {
        return Err(LaunchRefusal::AlreadyLinked {
            id: request.id.to_string(),
            launch: to.clone(),
        });
    }
    if person.team == Team::Marketing || person.is_lead() || person.name == request.requester {
        return Ok(());
    }
    Err(LaunchRefusal::Link {
        id: request.id.to_string(),
        requester: request.requester.clone(),
    })
}

/// Links `request` to `to`, as `by` at `at`, if they may; the event is on its history.
pub fn link(
    request: &mut Request,
    by: &Person,
    to: &LaunchName,
    at: DateTime<Utc>,
) -> Result<Event, LaunchRefusal> {
    may_link(by, request, to)?;
    let event = Event {
        at,
        actor: by.name.clone(),
        change: Change::Linked { launch: to.clone() },
    };
    request.record(event.clone());
    Ok(event)
}

/// A lead opens and closes a review round.
pub fn may_run_review(person: &Person, verb: &'static str) -> Result<(), LaunchRefusal> {
    if person.is_lead() {
        return Ok(());
    }
    Err(LaunchRefusal::LeadOnly { verb })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_name_is_one_lower_case_word() {
        assert_eq!(
            LaunchName::parse(" Diwali-27 ").map(|n| n.to_string()),
            Ok("diwali-27".into())
        );
        for bad in ["two words", "-lead", "a_b", "x/y", "#1"] {
            assert!(
                matches!(LaunchName::parse(bad), Err(LaunchNameError::NotOneWord(_))),
                "{bad}"
            );
        }
        assert_eq!(LaunchName::parse("  "), Err(LaunchNameError::Empty));
        assert!(matches!(
            LaunchName::parse(&"a".repeat(41)),
            Err(LaunchNameError::TooLong { .. })
        ));
    }
}
