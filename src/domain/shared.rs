//! A shared answer (`ANS-<n>`): the answers one person gave to a prompt in one go, as the
//! other team saw them in the thread of the round's card. It is what an action quotes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::{AnswerId, Said};
use super::people::{PersonName, Team};
use super::prompt::{Ask, RoundKey};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedAnswer {
    pub id: AnswerId,
    pub by: PersonName,
    pub team: Team,
    pub at: DateTime<Utc>,
    pub round: RoundKey,
    /// The answers as shared: `1. question — answer`, one per line.
    pub words: String,
}

impl SharedAnswer {
    /// The answers to questions `numbers` (from 1) of `ask`, as one shared answer.
    pub fn of(id: AnswerId, ask: &Ask, numbers: &[usize], at: DateTime<Utc>) -> Self {
        let words: Vec<String> = ask
            .answered()
            .filter(|(n, _, _)| numbers.contains(n))
            .map(|(n, question, answer)| format!("{n}. {question} — {answer}"))
            .collect();
        SharedAnswer {
            id,
            by: ask.person.clone(),
            team: ask.team,
            at,
            round: ask.round.clone(),
            words: words.join("\n"),
        }
    }

    /// The words an action on it quotes.
    pub fn said(&self) -> Said {
        Said {
            by: self.by.clone(),
            team: self.team,
            at: self.at,
            place: self.round.prompt.clone(),
            words: self.words.clone(),
            unnamed: false,
        }
    }
}
