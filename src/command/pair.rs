//! Parsing `pair …`: the pairing loop's commands.

use super::error::ParseError;
use super::grammar::{Command, CommandName};
use crate::domain::pairing::{MetAnswer, PairId};
use crate::domain::{Input, Text, TextError};

/// What `pair` does.
#[derive(Clone, Debug, PartialEq)]
pub enum PairCommand {
    /// This round's pairs: `None` is a lead's `all` and a member's `mine`.
    List(Option<PairListFilter>),
    /// `pair met PAIR-n yes|no|not-yet [takeaway…]`; a takeaway only with yes.
    Met {
        id: PairId,
        answer: MetAnswer,
        takeaway: Option<Text>,
    },
    /// Sit out the next round.
    Skip,
    /// Back in: after a skip, or a pause for leaving rounds unanswered.
    Resume,
}

/// Which pairs `pair list` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairListFilter {
    Mine,
    /// Every pair of the round (leads).
    All,
}

pub fn parse_pair(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Pair;
    let (word, rest) = split(rest);
    let pair = match word.to_lowercase().as_str() {
        "" => {
            return Err(ParseError::Missing {
                command,
                what: "what to do: list, met, skip or resume",
            });
        }
        "list" | "ls" => PairCommand::List(list_filter(rest)?),
        "met" => parse_met(rest)?,
        "skip" => no_more(rest, "skip").map(|()| PairCommand::Skip)?,
        "resume" => no_more(rest, "resume").map(|()| PairCommand::Resume)?,
        _ => {
            return Err(ParseError::PairAction {
                input: word.to_string(),
            });
        }
    };
    Ok(Command::Pair(pair))
}

fn split(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

fn no_more(extra: &str, after: &'static str) -> Result<(), ParseError> {
    if extra.is_empty() {
        return Ok(());
    }
    Err(ParseError::Unexpected {
        command: CommandName::Pair,
        after,
        extra: extra.to_string(),
    })
}

fn list_filter(rest: &str) -> Result<Option<PairListFilter>, ParseError> {
    let (word, extra) = split(rest);
    let filter = match word.to_lowercase().as_str() {
        "" => None,
        "mine" => Some(PairListFilter::Mine),
        "all" => Some(PairListFilter::All),
        _ => {
            return Err(ParseError::PairListFilter {
                input: word.to_string(),
            });
        }
    };
    no_more(extra, "the filter")?;
    Ok(filter)
}

fn parse_met(rest: &str) -> Result<PairCommand, ParseError> {
    let command = CommandName::Pair;
    let (id, rest) = split(rest);
    if id.is_empty() {
        return Err(ParseError::Missing {
            command,
            what: "a pair ID and yes or no, like `pair met PAIR-3 yes`",
        });
    }
    let id = PairId::parse(id).map_err(|source| ParseError::PairId { source })?;
    let (word, takeaway) = split(rest);
    if word.is_empty() {
        return Err(ParseError::Missing {
            command,
            what: "yes or no after the pair ID",
        });
    }
    let answer = MetAnswer::parse(word).ok_or_else(|| ParseError::MetAnswer {
        input: word.to_string(),
    })?;
    let takeaway = match Text::parse(takeaway, Input::Comment) {
        Ok(text) => Some(text),
        Err(TextError::Empty) => None,
        Err(source) => {
            return Err(ParseError::TooLong {
                command,
                input: Input::Comment,
                source,
            });
        }
    };
    if takeaway.is_some() && answer != MetAnswer::Yes {
        return Err(ParseError::TakeawayWithoutYes { id });
    }
    Ok(PairCommand::Met {
        id,
        answer,
        takeaway,
    })
}
