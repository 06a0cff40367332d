//! A shared answer (`ANS-<n>`): what one person said that the other team read — the answers
//! they gave to a prompt in one go (in the thread of the round's card), or their answers to a
//! launch's review once it closed (in its result). It is what an action quotes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::{AnswerId, Said};
use super::launch::LaunchName;
use super::people::{PersonName, Team};
use super::prompt::{Ask, RoundKey};
use super::review::{Review, ReviewAnswer};

/// Where an answer was shared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerOrigin {
    /// In the thread of a prompt round's card, in the other team's channel.
    Prompt { round: RoundKey },
    /// In a launch review's result, once the round closed.
    Review { launch: LaunchName },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedAnswer {
    pub id: AnswerId,
    pub by: PersonName,
    pub team: Team,
    pub at: DateTime<Utc>,
    pub origin: AnswerOrigin,
    /// The answers as shared: `1. question — answer`, one per line.
    pub words: String,
    /// From an anonymous review: others read "someone in Sales".
    #[serde(default)]
    pub unnamed: bool,
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
            origin: AnswerOrigin::Prompt {
                round: ask.round.clone(),
            },
            words: words.join("\n"),
            unnamed: false,
        }
    }

    /// One person's answers to a closed review (with their cause), or `None` when they gave
    /// no text to quote.
    pub fn of_review(
        id: AnswerId,
        launch: &LaunchName,
        review: &Review,
        answer: &ReviewAnswer,
        at: DateTime<Utc>,
    ) -> Option<Self> {
        Some(SharedAnswer {
            id,
            by: answer.person.clone(),
            team: answer.team,
            at,
            origin: AnswerOrigin::Review {
                launch: launch.clone(),
            },
            words: review_words(review, answer)?,
            unnamed: review.anonymous,
        })
    }

    /// The words an action on it quotes.
    pub fn said(&self) -> Said {
        let place = match &self.origin {
            AnswerOrigin::Prompt { round } => round.prompt.clone(),
            AnswerOrigin::Review { launch } => format!("{launch} review"),
        };
        Said {
            by: self.by.clone(),
            team: self.team,
            at: self.at,
            place,
            words: self.words.clone(),
            unnamed: self.unnamed,
        }
    }
}

/// One person's answers to a review as quoted (`1. question — answer`, then the cause), or
/// `None` when they gave nothing to quote.
fn review_words(review: &Review, answer: &ReviewAnswer) -> Option<String> {
    let mut words: Vec<String> = review
        .questions
        .iter()
        .zip(&answer.answers)
        .enumerate()
        .filter_map(|(i, (q, a))| a.as_ref().map(|a| format!("{}. {q} — {a}", i + 1)))
        .collect();
    if let Some(cause) = &answer.cause {
        words.push(format!("cause: {cause}"));
    }
    (!words.is_empty()).then(|| words.join("\n"))
}

/// What a closed review's answers say, as an action on the whole review quotes them: each
/// person's answers together when names are shown; in an anonymous review each answer and each
/// cause apart, sorted by team and words, so neither grouping nor the order they came in ties
/// one person's answers together.
pub fn review_quotes(launch: &LaunchName, review: &Review, at: DateTime<Utc>) -> Vec<Said> {
    let said = |by: &ReviewAnswer, words: String| Said {
        by: by.person.clone(),
        team: by.team,
        at,
        place: format!("{launch} review"),
        words,
        unnamed: review.anonymous,
    };
    if !review.anonymous {
        return review
            .answers
            .iter()
            .filter_map(|answer| Some(said(answer, review_words(review, answer)?)))
            .collect();
    }
    let mut quotes: Vec<Said> = review
        .answers
        .iter()
        .flat_map(|answer| {
            let answers = review
                .questions
                .iter()
                .zip(&answer.answers)
                .enumerate()
                .filter_map(|(i, (q, a))| a.as_ref().map(|a| format!("{}. {q} — {a}", i + 1)));
            let cause = answer.cause.iter().map(|c| format!("cause: {c}"));
            answers.chain(cause).map(|words| said(answer, words))
        })
        .collect();
    quotes.sort_by(|a, b| (a.team as u8, &a.words).cmp(&(b.team as u8, &b.words)));
    quotes
}
