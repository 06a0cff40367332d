//! A launch's review round: everyone in both teams asked the same questions in front of the
//! same facts, blind until it closes. What may be seen when is decided here (`Review::is_open`,
//! `Review::withheld`); the views only show what these allow.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::facts::Facts;
use super::people::{PersonName, Team};
use super::request::Text;

/// An anonymous result needs at least this many answers from each team: in a smaller team an
/// unnamed answer is still a named one.
pub const MIN_ANONYMOUS: usize = 3;

/// How good the launch was, from 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Score(u8);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("a score is a whole number from 1 to 5, not \"{0}\"")]
pub struct ScoreError(pub String);

impl FromStr for Score {
    type Err = ScoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Score(n)),
            _ => Err(ScoreError(s.to_string())),
        }
    }
}

impl Score {
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/5", self.0)
    }
}

/// Someone the round asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub person: PersonName,
    pub team: Team,
}

/// One person's answers to a round; they may change them until it closes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewAnswer {
    pub person: PersonName,
    pub team: Team,
    /// One slot per question, in order.
    pub answers: Vec<Option<Text>>,
    pub cause: Option<String>,
    pub score: Option<Score>,
    pub answered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its `ANS-n`, given when the round closed and the answer was shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<super::action::AnswerId>,
}

impl ReviewAnswer {
    /// Whether it has anything to quote: an answer or a cause.
    pub fn has_words(&self) -> bool {
        self.answers.iter().any(Option::is_some) || self.cause.is_some()
    }
}

/// How the round ended, with the facts as they stood then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closed {
    pub at: DateTime<Utc>,
    /// The lead who closed it; `None` when its date closed it.
    pub by: Option<PersonName>,
    pub facts: Facts,
}

/// A launch's review round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The lead who opened it; `None` when it opened by itself (`[reviews] review_after`).
    pub opened_by: Option<PersonName>,
    pub opened_at: DateTime<Utc>,
    /// The last day answers are taken (company time zone).
    pub closes_on: NaiveDate,
    /// The end of that day: answers are refused from then on.
    pub closes_at: DateTime<Utc>,
    pub questions: Vec<String>,
    pub causes: Vec<String>,
    pub anonymous: bool,
    /// The fact sheet everyone answers in front of, frozen when the round opened.
    pub facts: Facts,
    pub asked: Vec<Asked>,
    pub answers: Vec<ReviewAnswer>,
    /// Who had their one reminder.
    pub reminded: Vec<PersonName>,
    pub closed: Option<Closed>,
}

/// What one `answer` gives: answers by question number (from 1), a cause, a score.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Given {
    pub answers: Vec<(usize, Text)>,
    pub cause: Option<String>,
    pub score: Option<Score>,
}

/// Why answers could not be recorded, or a round not closed; the text is shown as it is.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ReviewError {
    #[error("The review of {launch} is closed; answers are no longer taken.")]
    Closed { launch: String },
    #[error(
        "The review of {launch} did not ask you: only people in Sales or Marketing when it opened answer it."
    )]
    NotAsked { launch: String },
    #[error("The review of {launch} has {count} question(s); there is no question {number}.")]
    NoSuchQuestion {
        launch: String,
        number: usize,
        count: usize,
    },
    #[error("Question {number} is answered twice in one go.")]
    Repeated { number: usize },
    #[error("cause:{cause} is not one of the causes: {}.", .allowed.join(", "))]
    UnknownCause { cause: String, allowed: Vec<String> },
    #[error("Give at least one answer, a cause or a score.")]
    Nothing,
    #[error("The review of {launch} is already closed.")]
    AlreadyClosed { launch: String },
}

impl Review {
    /// Answers are taken: not closed, and before the end of its last day.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.closed.is_none() && now < self.closes_at
    }

    pub fn answer_of(&self, person: &PersonName) -> Option<&ReviewAnswer> {
        self.answers.iter().find(|a| a.person == *person)
    }

    pub fn was_asked(&self, person: &PersonName) -> bool {
        self.asked.iter().any(|a| a.person == *person)
    }

    /// How many of `team` were asked, and how many answered.
    pub fn counts(&self, team: Team) -> (usize, usize) {
        let asked = self.asked.iter().filter(|a| a.team == team).count();
        let answered = self.answers.iter().filter(|a| a.team == team).count();
        (answered, asked)
    }

    /// The answers of one team, in the order they first came.
    pub fn answers_of(&self, team: Team) -> impl Iterator<Item = &ReviewAnswer> {
        self.answers.iter().filter(move |a| a.team == team)
    }

    /// The configured cause `input` names (ignoring case).
    pub fn cause(&self, input: &str) -> Result<String, ReviewError> {
        let wanted = input.trim().to_lowercase();
        self.causes
            .iter()
            .find(|c| **c == wanted)
            .cloned()
            .ok_or_else(|| ReviewError::UnknownCause {
                cause: input.trim().to_string(),
                allowed: self.causes.clone(),
            })
    }

    /// Records `given` for `person` (a later answer replaces an earlier one, question by
    /// question); nothing changes when it is refused.
    pub fn answer(
        &mut self,
        launch: &str,
        person: &PersonName,
        given: &Given,
        at: DateTime<Utc>,
    ) -> Result<(), ReviewError> {
        let launch = launch.to_string();
        if !self.is_open(at) {
            return Err(ReviewError::Closed { launch });
        }
        let Some(team) = self
            .asked
            .iter()
            .find(|a| a.person == *person)
            .map(|a| a.team)
        else {
            return Err(ReviewError::NotAsked { launch });
        };
        if given.answers.is_empty() && given.cause.is_none() && given.score.is_none() {
            return Err(ReviewError::Nothing);
        }
        let count = self.questions.len();
        for (i, (number, _)) in given.answers.iter().enumerate() {
            if *number == 0 || *number > count {
                let number = *number;
                return Err(ReviewError::NoSuchQuestion {
                    launch,
                    number,
                    count,
                });
            }
            if given.answers[..i].iter().any(|(n, _)| n == number) {
                return Err(ReviewError::Repeated { number: *number });
            }
        }
        let cause = given.cause.as_deref().map(|c| self.cause(c)).transpose()?;
        let slot = match self.answers.iter().position(|a| a.person == *person) {
            Some(i) => &mut self.answers[i],
            None => {
                self.answers.push(ReviewAnswer {
                    person: person.clone(),
                    team,
                    answers: vec![None; count],
                    cause: None,
                    score: None,
                    answered_at: at,
                    updated_at: at,
                    shared: None,
                });
                self.answers.last_mut().expect("just pushed")
            }
        };
        for (number, text) in &given.answers {
            slot.answers[number - 1] = Some(text.clone());
        }
        if cause.is_some() {
            slot.cause = cause;
        }
        if given.score.is_some() {
            slot.score = given.score;
        }
        slot.updated_at = at;
        Ok(())
    }

    /// Closes the round with the facts as they stand.
    pub fn close(
        &mut self,
        launch: &str,
        by: Option<PersonName>,
        facts: Facts,
        at: DateTime<Utc>,
    ) -> Result<(), ReviewError> {
        if self.closed.is_some() {
            return Err(ReviewError::AlreadyClosed {
                launch: launch.to_string(),
            });
        }
        self.closed = Some(Closed { at, by, facts });
        Ok(())
    }

    /// Why the answers may not be shown even once closed: an anonymous round in which a team
    /// gave fewer than `MIN_ANONYMOUS` answers.
    pub fn withheld(&self) -> Option<String> {
        if !self.anonymous {
            return None;
        }
        let short: Vec<String> = Team::ALL
            .iter()
            .map(|t| (t, self.counts(*t).0))
            .filter(|(_, n)| *n < MIN_ANONYMOUS)
            .map(|(t, n)| format!("{} gave {n}", t.label()))
            .collect();
        if short.is_empty() {
            return None;
        }
        Some(format!(
            "This review is anonymous, and an anonymous result needs at least {MIN_ANONYMOUS} \
             answers from each team, or the answers could be traced to the people who gave \
             them; {}.",
            short.join(" and ")
        ))
    }
}

#[cfg(test)]
mod tests;
