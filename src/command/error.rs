//! Why a command line could not be parsed, in words a sales rep understands.

use chrono::NaiveDate;
use thiserror::Error;

use super::grammar::CommandName;
use crate::domain::pairing::{PairId, PairIdError};
use crate::domain::request::{KindError, RequestIdError, TextError};
use crate::domain::values::{QuantityError, RatingError};
use crate::domain::{DurationError, Input, LaunchNameError, ScoreError};

#[derive(Debug, Error, PartialEq)]
pub enum ParseError {
    #[error("Type a command, or `help` to see them all.")]
    Empty,
    #[error("There's no command \"{word}\".{}", did_you_mean(.suggestion))]
    UnknownCommand {
        word: String,
        suggestion: Option<CommandName>,
    },
    #[error("A quote is not closed; put a \" after the quoted words.")]
    UnclosedQuote,
    #[error("`{command}` needs {what}.")]
    Missing {
        command: CommandName,
        what: &'static str,
    },
    #[error("{source}.")]
    Id {
        command: CommandName,
        source: RequestIdError,
    },
    #[error("{source}.")]
    Kind { source: KindError },
    #[error("The title is too long: {source}.")]
    Title { source: TextError },
    #[error("The {input} is too long: {source}.")]
    TooLong {
        command: CommandName,
        input: Input,
        source: TextError,
    },
    #[error("by: wants a date like 2026-12-10, not \"{input}\".")]
    Date { input: String },
    #[error("by:{date} is in the past (today is {today}).")]
    PastDate { date: NaiveDate, today: NaiveDate },
    #[error("Invalid qty: {source}.")]
    Quantity { source: QuantityError },
    #[error("Invalid rating: {source}.")]
    Rating { source: RatingError },
    #[error("{key}: is given twice.")]
    Repeated {
        command: CommandName,
        key: &'static str,
    },
    #[error("{key}: needs a value, like {key}:{example}.")]
    EmptyOption {
        command: CommandName,
        key: &'static str,
        example: &'static str,
    },
    #[error("`list` shows open, mine, overdue or all — not \"{input}\".")]
    ListFilter { input: String },
    #[error("After the ID, `show` takes `all` and a page, like `all page:2` — not \"{input}\".")]
    ShowWhat { input: String },
    #[error("page: wants a page number from 1, like page:2 — not \"{input}\".")]
    Page { command: CommandName, input: String },
    #[error("`{command}` takes nothing after {after}; remove \"{extra}\".")]
    Unexpected {
        command: CommandName,
        after: &'static str,
        extra: String,
    },
    #[error("Question {number} is answered twice; give each question one answer.")]
    RepeatedQuestion { number: usize },
    #[error("\"{input}\" is not a question number; questions are numbered from 1.")]
    QuestionNumber { input: String },
    #[error("Answer {number} is empty; write it after {number}:.")]
    EmptyAnswer { number: usize },
    #[error("{source}.")]
    Duration {
        command: CommandName,
        source: DurationError,
    },
    #[error("A pause lasts at most 26 weeks (26w).")]
    PauseTooLong,
    /// Anything wrong with a line of a command that has subcommands (`visit`, `action`,
    /// `plan`), with the usage of that subcommand.
    #[error("{reason}")]
    Subcommand {
        command: CommandName,
        usage: &'static str,
        reason: String,
    },
    #[error("There's no command \"{word}\" to explain.{}", did_you_mean(.suggestion))]
    UnknownHelpTopic {
        word: String,
        suggestion: Option<CommandName>,
    },
    #[error("`launch` does add, link, review, close, show or list — not \"{input}\".")]
    LaunchAction { input: String },
    #[error("{}.", capitalized(&.source.to_string()))]
    LaunchName {
        command: CommandName,
        source: LaunchNameError,
    },
    #[error("{key}: wants a date like 2027-10-20, not \"{input}\".")]
    OptionDate { key: &'static str, input: String },
    #[error("closes:{date} is in the past (today is {today}).")]
    ClosesPast { date: NaiveDate, today: NaiveDate },
    #[error("Invalid score: {source}.")]
    Score { source: ScoreError },
    #[error("`pair` does list, met, skip or resume — not \"{input}\".")]
    PairAction { input: String },
    #[error("`pair list` shows mine or all — not \"{input}\".")]
    PairListFilter { input: String },
    #[error("{source}.")]
    PairId { source: PairIdError },
    #[error("Did you meet? Answer yes or no (or not-yet) — not \"{input}\".")]
    MetAnswer { input: String },
    #[error("A takeaway goes with yes: `pair met {id} yes <takeaway>`.")]
    TakeawayWithoutYes { id: PairId },
    #[error("`report` wants a month like 2027-01, not \"{input}\".")]
    ReportMonth { input: String },
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn did_you_mean(suggestion: &Option<CommandName>) -> String {
    match suggestion {
        Some(name) => format!(" Did you mean `{name}`?"),
        None => " Type `help` to see the commands.".into(),
    }
}

/// The usage shown with a launch review's bad `score:` or `cause:`.
pub const REVIEW_ANSWER_USAGE: &str = "answer <launch> [N:<text…> …] [cause:CAUSE] [score:1-5]";

impl ParseError {
    /// The command whose usage line helps with this error, if any.
    pub fn command(&self) -> Option<CommandName> {
        use ParseError::*;
        match self {
            Empty | UnknownCommand { .. } | UnclosedQuote | UnknownHelpTopic { .. } => None,
            Kind { .. } | Title { .. } | Date { .. } | PastDate { .. } | Quantity { .. } => {
                Some(CommandName::Request)
            }
            Rating { .. } => Some(CommandName::Confirm),
            RepeatedQuestion { .. } | QuestionNumber { .. } | EmptyAnswer { .. } => {
                Some(CommandName::Answer)
            }
            PauseTooLong => Some(CommandName::Pause),
            ReportMonth { .. } => Some(CommandName::Report),
            LaunchAction { .. } | OptionDate { .. } | ClosesPast { .. } => {
                Some(CommandName::Launch)
            }
            Score { .. } => Some(CommandName::Answer),
            PairAction { .. }
            | PairListFilter { .. }
            | PairId { .. }
            | MetAnswer { .. }
            | TakeawayWithoutYes { .. } => Some(CommandName::Pair),
            ListFilter { .. } => Some(CommandName::List),
            ShowWhat { .. } => Some(CommandName::Show),
            Page { command, .. } => Some(*command),
            Missing { command, .. }
            | Id { command, .. }
            | TooLong { command, .. }
            | Repeated { command, .. }
            | EmptyOption { command, .. }
            | Unexpected { command, .. }
            | Duration { command, .. }
            | LaunchName { command, .. }
            | Subcommand { command, .. } => Some(*command),
        }
    }

    /// The sentence and, where it helps, the usage of the command: what a person is shown.
    pub fn explain(&self) -> String {
        match self {
            ParseError::Subcommand { usage, .. } => return format!("{self}\nUsage: `{usage}`"),
            // Only a launch review takes `score:` and `cause:`: show its usage alone.
            ParseError::Score { .. }
            | ParseError::Repeated {
                command: CommandName::Answer,
                ..
            } => return format!("{self}\nUsage: `{REVIEW_ANSWER_USAGE}`"),
            _ => {}
        }
        match self.command() {
            Some(command) => format!("{self}\nUsage: `{}`", command.usage()),
            None => self.to_string(),
        }
    }
}

/// The usage of `sub` in a command's table of subcommand usages (its first when `sub` is not
/// in it), and the error that carries it.
pub(super) fn subcommand_error(
    command: CommandName,
    usages: &'static [(&'static str, &'static str)],
    sub: &str,
    reason: impl Into<String>,
) -> ParseError {
    let usage = usages
        .iter()
        .find(|(word, _)| *word == sub)
        .or(usages.first())
        .map_or("", |(_, usage)| usage);
    ParseError::Subcommand {
        command,
        usage,
        reason: reason.into(),
    }
}
