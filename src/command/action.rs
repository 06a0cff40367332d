//! Parsing `action …`: you said → we did.

use chrono::NaiveDate;

use super::error::{ParseError, subcommand_error};
use super::grammar::{Command, CommandName};
use super::lexer;
use super::parse::{ParseContext, next_word, option_value, parse_date};
use crate::domain::{ActionId, Input, Source, Text, TextError};

/// One `action` command. The owner is as typed; the bot resolves them.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionCommand {
    /// `action add <source> <what we'll do…> [owner:@person] [due:DATE]`
    Add {
        source: Source,
        what: Text,
        owner: Option<String>,
        due: Option<NaiveDate>,
    },
    /// `action done ACT-n <what we did…>`
    Done { id: ActionId, what: Text },
    /// `action drop ACT-n <reason…>`
    Drop { id: ActionId, reason: Text },
    /// `action rate ACT-n yes|no`
    Rate { id: ActionId, helped: bool },
    /// `action list [open|mine|all]`
    List(ActionScope),
    /// `show ACT-n` (also `action show ACT-n`)
    Show(ActionId),
}

/// Which actions `action list` shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ActionScope {
    /// Everyone's open actions, oldest first.
    #[default]
    Open,
    /// The ones I own, and the ones taken on what I said.
    Mine,
    /// Every action, newest first.
    All,
}

/// The usage of each `action` subcommand, for errors and `help action`.
pub const USAGES: &[(&str, &str)] = &[
    (
        "add",
        "action add <ANS-n|VIS-n|REQ-n|PAIR-n|launch> <what we'll do…> [owner:@person] [due:YYYY-MM-DD]",
    ),
    ("done", "action done ACT-n <what we did…>"),
    ("drop", "action drop ACT-n <reason…>"),
    ("rate", "action rate ACT-n yes|no"),
    ("list", "action list [open|mine|all]"),
    ("show", "show ACT-n"),
];

fn error(sub: &str, reason: impl Into<String>) -> ParseError {
    subcommand_error(CommandName::Action, USAGES, sub, reason)
}

fn fail<T>(sub: &str, reason: impl Into<String>) -> Result<T, ParseError> {
    Err(error(sub, reason))
}

pub(super) fn parse_action(rest: &str, ctx: &ParseContext<'_>) -> Result<Command, ParseError> {
    let Some((sub, rest)) = next_word(rest) else {
        return fail(
            "add",
            "`action` needs what to do: add, done, drop, rate, list or show.",
        );
    };
    let sub = sub.to_lowercase();
    let command = match sub.as_str() {
        "add" => parse_add(rest, ctx)?,
        "done" => {
            let (id, what) = id_then("done", rest)?;
            let what = required("done", what, "what was done, after the ID")?;
            ActionCommand::Done { id, what }
        }
        "drop" => {
            let (id, reason) = id_then("drop", rest)?;
            let reason = required("drop", reason, "the reason, after the ID: why not")?;
            ActionCommand::Drop { id, reason }
        }
        "rate" => {
            let (id, answer) = id_then("rate", rest)?;
            let helped = match answer.trim().to_lowercase().as_str() {
                "yes" | "y" | "👍" => true,
                "no" | "n" | "👎" => false,
                "" => return fail("rate", "Did it address what you said? Add yes or no."),
                other => {
                    return fail("rate", format!("Answer yes or no — not \"{other}\"."));
                }
            };
            ActionCommand::Rate { id, helped }
        }
        "list" | "ls" => ActionCommand::List(parse_scope(rest)?),
        "show" => {
            let (id, extra) = id_then("show", rest)?;
            if !extra.trim().is_empty() {
                return fail("show", format!("Remove \"{}\" after the ID.", extra.trim()));
            }
            ActionCommand::Show(id)
        }
        _ => {
            return fail(
                "add",
                format!("`action` does add, done, drop, rate, list or show — not \"{sub}\"."),
            );
        }
    };
    Ok(Command::Action(command))
}

/// `show ACT-n`, parsed where `show` sees an action's ID.
pub(super) fn parse_show(word: &str, extra: &str) -> Result<Command, ParseError> {
    let id = match ActionId::parse(word) {
        Ok(id) => id,
        Err(error) => return fail("show", format!("{error}.")),
    };
    if !extra.trim().is_empty() {
        return fail("show", format!("Remove \"{}\" after the ID.", extra.trim()));
    }
    Ok(Command::Action(ActionCommand::Show(id)))
}

fn parse_add(rest: &str, ctx: &ParseContext<'_>) -> Result<ActionCommand, ParseError> {
    let Some((word, rest)) = next_word(rest) else {
        return fail(
            "add",
            "`action add` needs what it answers first: ANS-n, VIS-n, REQ-n, PAIR-n or a launch's name.",
        );
    };
    let source = match Source::parse(word) {
        Ok(source) => source,
        Err(error) => return fail("add", format!("{error}.")),
    };
    let mut owner = None;
    let mut due = None;
    let mut plain = Vec::new();
    for word in lexer::words(rest)? {
        if let Some(value) = option_value(&word, &["owner"]) {
            let value = value.trim();
            if value.is_empty() {
                return fail("add", "owner: needs a person, like owner:@Priya.");
            }
            if owner.replace(value.to_string()).is_some() {
                return fail("add", "owner: is given twice.");
            }
        } else if let Some(value) = option_value(&word, &["due"]) {
            let date = parse_date(value.trim(), ctx.today).map_err(|problem| match problem {
                ParseError::PastDate { date, today } => error(
                    "add",
                    format!("due:{date} is in the past (today is {today})."),
                ),
                _ => error(
                    "add",
                    format!("due: wants a date like 2027-03-10, not \"{value}\"."),
                ),
            })?;
            if due.replace(date).is_some() {
                return fail("add", "due: is given twice.");
            }
        } else {
            plain.push(word);
        }
    }
    let what = required("add", &plain.join(" "), "what you'll do, after the source")?;
    Ok(ActionCommand::Add {
        source,
        what,
        owner,
        due,
    })
}

fn id_then<'a>(sub: &str, rest: &'a str) -> Result<(ActionId, &'a str), ParseError> {
    let Some((word, rest)) = next_word(rest) else {
        return fail(
            sub,
            format!("`action {sub}` needs an action ID, like ACT-3."),
        );
    };
    match ActionId::parse(word) {
        Ok(id) => Ok((id, rest)),
        Err(error) => fail(sub, format!("{error}.")),
    }
}

fn required(sub: &str, text: &str, missing: &str) -> Result<Text, ParseError> {
    match Text::parse(text, Input::ActionText) {
        Ok(text) => Ok(text),
        Err(TextError::Empty) => fail(sub, format!("`action {sub}` needs {missing}.")),
        Err(error) => fail(sub, format!("The text is too long: {error}.")),
    }
}

fn parse_scope(rest: &str) -> Result<ActionScope, ParseError> {
    let mut words = rest.split_whitespace();
    let scope = match words.next().map(str::to_lowercase).as_deref() {
        None | Some("open") => ActionScope::Open,
        Some("mine") => ActionScope::Mine,
        Some("all") => ActionScope::All,
        Some(other) => {
            return fail(
                "list",
                format!("`action list` shows open, mine or all — not \"{other}\"."),
            );
        }
    };
    if let Some(extra) = words.next() {
        return fail(
            "list",
            format!("Remove \"{extra}\": give one of open, mine or all."),
        );
    }
    Ok(scope)
}
