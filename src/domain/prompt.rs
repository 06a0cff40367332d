//! Feedback prompts: one person's copy of one round of a prompt, and the answers given to it.

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::people::{PersonName, Team};
use super::request::Text;

/// The most questions a prompt may ask (a Slack modal shows one field per question).
pub const MAX_QUESTIONS: usize = 10;

/// One round of a prompt: every person asked at the same local wall-clock time, each in their
/// own zone, belongs to it. Written `market-pulse/2026-12-04T16:00`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RoundKey {
    pub prompt: String,
    /// The due time as the schedule names it, in the asked person's own zone.
    pub local: NaiveDateTime,
}

impl fmt::Display for RoundKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.prompt, self.local.format("%Y-%m-%dT%H:%M"))
    }
}

/// One person's copy of one round.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AskKey {
    pub person: PersonName,
    pub round: RoundKey,
}

impl fmt::Display for AskKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.person, self.round)
    }
}

/// The questions of one round as sent to one person, and what they answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub round: RoundKey,
    pub person: PersonName,
    pub team: Team,
    pub questions: Vec<String>,
    pub sent_at: DateTime<Utc>,
    /// One slot per question, in order.
    pub answers: Vec<Option<Text>>,
    /// When the first answer came.
    pub answered_at: Option<DateTime<Utc>>,
    /// Grows by one with every saved answer; detects concurrent answers.
    pub revision: u32,
}

/// Why answers could not be recorded; the text is shown to the person.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AnswerError {
    #[error("{prompt} has {count} question(s); there is no question {number}.")]
    NoSuchQuestion {
        prompt: String,
        number: usize,
        count: usize,
    },
    #[error("Question {number} is answered twice in one go.")]
    Repeated { number: usize },
    #[error("Give at least one answer.")]
    Nothing,
}

impl Ask {
    pub fn new(
        round: RoundKey,
        person: PersonName,
        team: Team,
        questions: Vec<String>,
        sent_at: DateTime<Utc>,
    ) -> Ask {
        let answers = vec![None; questions.len()];
        Ask {
            round,
            person,
            team,
            questions,
            sent_at,
            answers,
            answered_at: None,
            revision: 0,
        }
    }

    pub fn key(&self) -> AskKey {
        AskKey {
            person: self.person.clone(),
            round: self.round.clone(),
        }
    }

    pub fn prompt(&self) -> &str {
        &self.round.prompt
    }

    /// Records answers by question number (from 1); a later answer replaces an earlier one.
    pub fn answer(
        &mut self,
        answers: &[(usize, Text)],
        at: DateTime<Utc>,
    ) -> Result<(), AnswerError> {
        if answers.is_empty() {
            return Err(AnswerError::Nothing);
        }
        for (i, (number, _)) in answers.iter().enumerate() {
            if *number == 0 || *number > self.questions.len() {
                return Err(AnswerError::NoSuchQuestion {
                    prompt: self.round.prompt.clone(),
                    number: *number,
                    count: self.questions.len(),
                });
            }
            if answers[..i].iter().any(|(n, _)| n == number) {
                return Err(AnswerError::Repeated { number: *number });
            }
        }
        for (number, text) in answers {
            self.answers[number - 1] = Some(text.clone());
        }
        self.answered_at.get_or_insert(at);
        self.revision += 1;
        Ok(())
    }

    pub fn answered_count(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    pub fn is_answered(&self) -> bool {
        self.answered_at.is_some()
    }

    /// The answered questions, with their numbers (from 1).
    pub fn answered(&self) -> impl Iterator<Item = (usize, &str, &Text)> {
        self.questions
            .iter()
            .zip(&self.answers)
            .enumerate()
            .filter_map(|(i, (q, a))| a.as_ref().map(|a| (i + 1, q.as_str(), a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ask() -> Ask {
        let local = NaiveDate::from_ymd_opt(2026, 12, 4)
            .and_then(|d| d.and_hms_opt(16, 0, 0))
            .expect("valid");
        let round = RoundKey {
            prompt: "market-pulse".into(),
            local,
        };
        let questions = vec!["What do customers say?".into(), "What helped?".into()];
        Ask::new(
            round,
            PersonName::new("Asha"),
            Team::Sales,
            questions,
            Utc::now(),
        )
    }

    fn text(s: &str) -> Text {
        Text::parse(s, crate::domain::Input::Answer).expect("text")
    }

    #[test]
    fn answers_fill_their_slots_and_a_later_one_replaces_an_earlier_one() {
        let mut ask = ask();
        let first = Utc::now();
        ask.answer(&[(2, text("the posters"))], first).expect("ok");
        ask.answer(&[(1, text("prices")), (2, text("the samples"))], Utc::now())
            .expect("ok");
        assert_eq!(ask.answered_count(), 2);
        assert_eq!(ask.answered_at, Some(first));
        assert_eq!(ask.revision, 2);
        let answered: Vec<String> = ask.answered().map(|(_, _, a)| a.to_string()).collect();
        assert_eq!(answered, vec!["prices", "the samples"]);
        assert_eq!(ask.key().to_string(), "Asha/market-pulse/2026-12-04T16:00");
    }

    #[test]
    fn wrong_question_numbers_change_nothing() {
        let mut ask = ask();
        let before = ask.clone();
        let error = ask.answer(&[(1, text("a")), (3, text("b"))], Utc::now());
        assert_eq!(
            error.map_err(|e| e.to_string()),
            Err("market-pulse has 2 question(s); there is no question 3.".into())
        );
        assert!(
            ask.answer(&[(1, text("a")), (1, text("b"))], Utc::now())
                .is_err()
        );
        assert!(ask.answer(&[], Utc::now()).is_err());
        assert_eq!(ask, before);
    }
}
