//! You said → we did: an action taken on words someone shared (a prompt answer, a visit's
//! learnings, a request, a launch's review), who owns it, and how it ended. The people whose
//! words it came from hear what came of it. Pure: no clock (times and today are passed in).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::launch::LaunchName;
use super::pairing::PairId;
use super::people::{Person, PersonName, Team};
use super::request::RequestId;
use super::values::{Text, numbered};
use super::visit::VisitId;

/// `ANS-<n>`: one shared answer (the answers one person gave to a prompt in one go, as the
/// other team saw them), numbered from 1 per store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnswerId(u64);

/// `ACT-<n>`, numbered from 1 per store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActionId(u64);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{0}\" is not an action ID; write it like ACT-3")]
pub struct ActionIdError(pub String);

impl AnswerId {
    pub fn new(n: u64) -> Option<Self> {
        (n > 0).then_some(AnswerId(n))
    }

    pub fn number(self) -> u64 {
        self.0
    }
}

impl ActionId {
    pub fn new(n: u64) -> Option<Self> {
        (n > 0).then_some(ActionId(n))
    }

    pub fn number(self) -> u64 {
        self.0
    }

    /// Accepts `ACT-3`, `act-3`, `#3` and `3`.
    pub fn parse(input: &str) -> Result<Self, ActionIdError> {
        numbered(input, "ACT-")
            .and_then(ActionId::new)
            .ok_or_else(|| ActionIdError(input.trim().to_string()))
    }
}

impl fmt::Display for AnswerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ANS-{}", self.0)
    }
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ACT-{}", self.0)
    }
}

/// What an action answers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Source {
    Answer(AnswerId),
    Visit(VisitId),
    Request(RequestId),
    /// A launch: the answers to its closed review.
    Launch(LaunchName),
    /// A pair's takeaways, shared with the pair after they met.
    Pair(PairId),
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "\"{0}\" is not something anyone said: name a shared answer (ANS-3), a visit (VIS-2), a request (REQ-4), a pair's takeaway (PAIR-1) or a launch"
)]
pub struct SourceError(pub String);

impl Source {
    /// `ANS-n`, `VIS-n`, `REQ-n` and `PAIR-n` by their prefix (any case), `#n` for a request; anything
    /// else that is one word is a launch's name. A bare number names nothing: it could be a
    /// request or a launch.
    pub fn parse(input: &str) -> Result<Self, SourceError> {
        let word = input.trim();
        let wrong = || SourceError(word.to_string());
        let upper = word.to_uppercase();
        let number = |prefix: &str| {
            upper
                .strip_prefix(prefix)
                .map(|_| numbered(word, prefix).ok_or_else(wrong))
        };
        if let Some(n) = number("ANS-") {
            return n.and_then(|n| AnswerId::new(n).ok_or_else(wrong).map(Source::Answer));
        }
        if let Some(n) = number("VIS-") {
            return n.and_then(|n| VisitId::new(n).ok_or_else(wrong).map(Source::Visit));
        }
        if let Some(n) = number("PAIR-") {
            return n.and_then(|n| PairId::new(n).ok_or_else(wrong).map(Source::Pair));
        }
        if let Some(n) = number("REQ-") {
            let id = RequestId::parse(word).map_err(|_| wrong())?;
            return n.map(|_| Source::Request(id));
        }
        // `#12` is a request, as everywhere a request's ID is typed.
        if word.starts_with('#') {
            return RequestId::parse(word)
                .map(Source::Request)
                .map_err(|_| wrong());
        }
        // A bare number could be a request or a launch named with digits: neither is guessed.
        if word.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        LaunchName::parse(word)
            .map(Source::Launch)
            .map_err(|_| wrong())
    }

    /// The source's key in the index of actions by source: one string per source.
    pub fn key(&self) -> String {
        match self {
            Source::Launch(name) => format!("launch:{name}"),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Answer(id) => id.fmt(f),
            Source::Visit(id) => id.fmt(f),
            Source::Request(id) => id.fmt(f),
            Source::Launch(name) => name.fmt(f),
            Source::Pair(id) => id.fmt(f),
        }
    }
}

/// Words an action came from, and who said them where and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub by: PersonName,
    pub team: Team,
    pub at: DateTime<Utc>,
    /// Where it was said: a prompt's id, `VIS-3 · Pune West`, `REQ-4`, `diwali-27 review`.
    pub place: String,
    pub words: String,
    /// Said in an anonymous review: shown as "someone in Sales", never by name (the author is
    /// still told, privately).
    #[serde(default)]
    pub unnamed: bool,
}

impl Said {
    /// Who said it, as others may read it.
    pub fn speaker(&self) -> String {
        if self.unnamed {
            format!("someone in {}", self.team.label())
        } else {
            self.by.to_string()
        }
    }
}

/// How an action ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ActionState {
    Open,
    Done {
        by: PersonName,
        at: DateTime<Utc>,
        what: Text,
    },
    Dropped {
        by: PersonName,
        at: DateTime<Utc>,
        reason: Text,
    },
}

/// One author's answer to "Did this address it?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRating {
    pub by: PersonName,
    pub helped: bool,
    pub at: DateTime<Utc>,
}

/// An action: what one team will do about what someone said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: ActionId,
    pub source: Source,
    pub said: Vec<Said>,
    pub what: Text,
    pub added_by: PersonName,
    /// The team that will act: the owner's.
    pub team: Team,
    pub owner: PersonName,
    pub due: Option<NaiveDate>,
    pub added_at: DateTime<Utc>,
    pub state: ActionState,
    #[serde(default)]
    pub ratings: Vec<ActionRating>,
    /// The owner's last overdue reminder (their own day).
    #[serde(default)]
    pub reminded_on: Option<NaiveDate>,
    /// Grows by one with every change; detects concurrent changes.
    pub version: u32,
}

/// How an owner or a lead closes an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Closing {
    Done(Text),
    Dropped(Text),
}

/// Why an action could not be added, closed or rated; the text is shown as it is.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ActionError {
    #[error("A due date is today or later; {due} has passed (today is {today}).")]
    DueInPast { due: NaiveDate, today: NaiveDate },
    #[error("Only {owner} (its owner) or a lead can close {id}.")]
    NotOwner { id: ActionId, owner: PersonName },
    #[error("{id} is already {how}; nothing changed.")]
    Closed { id: ActionId, how: &'static str },
    #[error("{id} is still open: it can be rated once it is done.")]
    NotDone { id: ActionId },
    #[error("{id} was dropped, so there is nothing to rate.")]
    Dropped { id: ActionId },
    #[error("Only the people whose words {id} came from rate it.")]
    NotAnAuthor { id: ActionId },
}

/// A due date, if given, is today or later.
pub fn check_due(due: Option<NaiveDate>, today: NaiveDate) -> Result<(), ActionError> {
    match due {
        Some(due) if due < today => Err(ActionError::DueInPast { due, today }),
        _ => Ok(()),
    }
}

impl ActionItem {
    pub fn is_open(&self) -> bool {
        self.state == ActionState::Open
    }

    /// The people whose words it came from, each once, in the order they spoke.
    pub fn authors(&self) -> Vec<PersonName> {
        let mut names: Vec<PersonName> = Vec::new();
        for said in &self.said {
            if !names.contains(&said.by) {
                names.push(said.by.clone());
            }
        }
        names
    }

    /// When it closed, done or dropped.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        match &self.state {
            ActionState::Open => None,
            ActionState::Done { at, .. } | ActionState::Dropped { at, .. } => Some(*at),
        }
    }

    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|due| due < today)
    }

    /// The owner or any lead closes it, once.
    pub fn close(
        &mut self,
        person: &Person,
        closing: Closing,
        at: DateTime<Utc>,
    ) -> Result<(), ActionError> {
        self.still_open()?;
        if person.name != self.owner && !person.is_lead() {
            return Err(ActionError::NotOwner {
                id: self.id,
                owner: self.owner.clone(),
            });
        }
        self.close_by(person.name.clone(), closing, at);
        Ok(())
    }

    /// Closes it on behalf of `by` without the owner check: a request source was delivered.
    pub fn close_by(&mut self, by: PersonName, closing: Closing, at: DateTime<Utc>) {
        self.state = match closing {
            Closing::Done(what) => ActionState::Done { by, at, what },
            Closing::Dropped(reason) => ActionState::Dropped { by, at, reason },
        };
        self.version += 1;
    }

    fn still_open(&self) -> Result<(), ActionError> {
        let how = match self.state {
            ActionState::Open => return Ok(()),
            ActionState::Done { .. } => "done",
            ActionState::Dropped { .. } => "dropped",
        };
        Err(ActionError::Closed { id: self.id, how })
    }

    /// An author says whether it addressed what they said; a later answer replaces theirs.
    pub fn rate(
        &mut self,
        person: &PersonName,
        helped: bool,
        at: DateTime<Utc>,
    ) -> Result<(), ActionError> {
        match self.state {
            ActionState::Open => return Err(ActionError::NotDone { id: self.id }),
            ActionState::Dropped { .. } => return Err(ActionError::Dropped { id: self.id }),
            ActionState::Done { .. } => {}
        }
        if !self.said.iter().any(|s| &s.by == person) {
            return Err(ActionError::NotAnAuthor { id: self.id });
        }
        self.ratings.retain(|r| &r.by != person);
        self.ratings.push(ActionRating {
            by: person.clone(),
            helped,
            at,
        });
        self.version += 1;
        Ok(())
    }

    /// Whether the owner is owed an overdue reminder on `today` (at most one a day).
    pub fn reminder_due(&self, today: NaiveDate) -> bool {
        self.is_overdue(today) && self.reminded_on != Some(today)
    }
}

#[cfg(test)]
#[path = "action_tests.rs"]
mod tests;

/// The digest's "You said → we did" figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionFigures {
    /// Open actions by age in days on the day of the digest: under 7, 7 to 27, 28 and more.
    pub open_by_age: [usize; 3],
    pub overdue: usize,
    /// Shared answers in the last 30 days, and how many got an action.
    pub answers: usize,
    pub acted_on: usize,
    /// "Did this address it?" answers given in the period: yes, no.
    pub helped: usize,
    pub not_helped: usize,
}

impl ActionFigures {
    /// `open` as of `today` (each with the day it was added); `acted` says per shared answer
    /// whether it got an action; `rated` are the actions whose ratings to count from `since`.
    pub fn compute(
        open: &[(NaiveDate, &ActionItem)],
        today: NaiveDate,
        acted: &[bool],
        rated: &[ActionItem],
        since: DateTime<Utc>,
    ) -> ActionFigures {
        let mut figures = ActionFigures::default();
        for (added, item) in open {
            let age = (today - *added).num_days();
            let bucket = match age {
                ..7 => 0,
                7..28 => 1,
                _ => 2,
            };
            figures.open_by_age[bucket] += 1;
            if item.is_overdue(today) {
                figures.overdue += 1;
            }
        }
        figures.answers = acted.len();
        figures.acted_on = acted.iter().filter(|a| **a).count();
        for rating in rated
            .iter()
            .flat_map(|a| &a.ratings)
            .filter(|r| r.at >= since)
        {
            if rating.helped {
                figures.helped += 1;
            } else {
                figures.not_helped += 1;
            }
        }
        figures
    }

    /// The share of shared answers that got an action, in whole percent.
    pub fn acted_percent(&self) -> Option<usize> {
        (self.answers > 0).then(|| (self.acted_on * 100 + self.answers / 2) / self.answers)
    }
}
