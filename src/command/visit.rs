//! Parsing `visit …`: logging, planning, invitations, vouching and the monthly list.

use chrono::NaiveDate;

use super::error::{ParseError, subcommand_error};
use super::grammar::{Command, CommandName};
use super::lexer;
use super::parse::{next_word, option_value};
use crate::domain::visit::Month;
use crate::domain::{Input, Text, TextError, VisitId};

/// One `visit` command. People (`with:`, the invited marketer) are as typed; the bot resolves
/// them. Dates are checked against the speaker's today by the bot.
#[derive(Clone, Debug, PartialEq)]
pub enum VisitCommand {
    /// `visit log market:NAME [on:DATE] [with:@person] [kind:KIND] <learnt…>`
    Log {
        market: Text,
        on: Option<NaiveDate>,
        with: Option<String>,
        kind: Option<String>,
        learnings: Text,
    },
    /// `visit log` alone: a platform with forms shows the log-a-visit form; the shell says
    /// what to type (`log_alone_hint`).
    LogForm,
    /// `visit log VIS-n <learnt…>`: completes a planned visit.
    Complete {
        id: VisitId,
        learnings: Text,
    },
    /// `visit plan market:NAME on:DATE [with:@person]`
    Plan {
        market: Text,
        on: NaiveDate,
        with: Option<String>,
    },
    /// `visit invite @marketer market:NAME on:DATE [note…]`
    Invite {
        marketer: String,
        market: Text,
        on: NaiveDate,
        note: Option<Text>,
    },
    Accept(VisitId),
    Decline {
        id: VisitId,
        reason: Text,
    },
    Vouch {
        id: VisitId,
        note: Option<Text>,
    },
    Dispute {
        id: VisitId,
        reason: Text,
    },
    List {
        scope: Option<VisitScope>,
        month: Option<Month>,
    },
}

/// Whose visits `visit list` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitScope {
    /// My own (a marketer) or those I hosted (Sales).
    Mine,
    /// Every marketer's month against the target.
    Team,
    /// The team's table and every visit of the month.
    All,
}

/// The usage of each `visit` subcommand, for errors and `help visit`.
pub const USAGES: &[(&str, &str)] = &[
    (
        "log",
        "visit log market:NAME [on:YYYY-MM-DD] [with:@person] [kind:KIND] <what you learnt…> | visit log VIS-n <what you learnt…>",
    ),
    (
        "plan",
        "visit plan market:NAME on:YYYY-MM-DD [with:@person]",
    ),
    (
        "invite",
        "visit invite @marketer market:NAME on:YYYY-MM-DD [note…]",
    ),
    ("accept", "visit accept VIS-n"),
    ("decline", "visit decline VIS-n <reason…>"),
    ("vouch", "visit vouch VIS-n [note…]"),
    ("dispute", "visit dispute VIS-n <reason…>"),
    ("list", "visit list [mine|team|all] [month:YYYY-MM]"),
];

fn error(sub: &str, reason: impl Into<String>) -> ParseError {
    subcommand_error(CommandName::Visit, USAGES, sub, reason)
}

fn fail<T>(sub: &str, reason: impl Into<String>) -> Result<T, ParseError> {
    Err(error(sub, reason))
}

pub(super) fn parse_visit(rest: &str) -> Result<Command, ParseError> {
    let Some((sub, rest)) = next_word(rest) else {
        return fail(
            "log",
            "`visit` needs what to do: log, plan, invite, accept, decline, vouch, dispute or list.",
        );
    };
    let sub = sub.to_lowercase();
    let command = match sub.as_str() {
        "log" => parse_log(rest)?,
        "plan" => parse_plan(rest)?,
        "invite" => parse_invite(rest)?,
        "accept" => VisitCommand::Accept(only_id("accept", rest)?),
        "decline" => {
            let (id, reason) = id_then("decline", rest)?;
            let reason = required("decline", Input::Reason, reason, "a reason after the ID")?;
            VisitCommand::Decline { id, reason }
        }
        "vouch" => {
            let (id, note) = id_then("vouch", rest)?;
            VisitCommand::Vouch {
                id,
                note: optional("vouch", Input::Note, note)?,
            }
        }
        "dispute" => {
            let (id, reason) = id_then("dispute", rest)?;
            let reason = required(
                "dispute",
                Input::Reason,
                reason,
                "a reason after the ID: what didn't happen",
            )?;
            VisitCommand::Dispute { id, reason }
        }
        "list" | "ls" => parse_list(rest)?,
        _ => {
            return fail(
                "log",
                format!(
                    "`visit` does log, plan, invite, accept, decline, vouch, dispute or list — not \"{sub}\"."
                ),
            );
        }
    };
    Ok(Command::Visit(command))
}

fn id_then<'a>(sub: &str, rest: &'a str) -> Result<(VisitId, &'a str), ParseError> {
    let Some((word, rest)) = next_word(rest) else {
        return fail(sub, format!("`visit {sub}` needs a visit ID, like VIS-3."));
    };
    match VisitId::parse(word) {
        Ok(id) => Ok((id, rest)),
        Err(error) => fail(sub, format!("{error}.")),
    }
}

fn only_id(sub: &str, rest: &str) -> Result<VisitId, ParseError> {
    let (id, extra) = id_then(sub, rest)?;
    if !extra.trim().is_empty() {
        return fail(
            sub,
            format!(
                "`visit {sub}` takes nothing after the ID; remove \"{}\".",
                extra.trim()
            ),
        );
    }
    Ok(id)
}

fn optional(sub: &str, input: Input, text: &str) -> Result<Option<Text>, ParseError> {
    match Text::parse(text, input) {
        Ok(text) => Ok(Some(text)),
        Err(TextError::Empty) => Ok(None),
        Err(error) => fail(sub, format!("The {input} is too long: {error}.")),
    }
}

fn required(sub: &str, input: Input, text: &str, missing: &str) -> Result<Text, ParseError> {
    match optional(sub, input, text)? {
        Some(text) => Ok(text),
        None => fail(sub, format!("`visit {sub}` needs {missing}.")),
    }
}

/// The `key:value` options of log, plan and invite, and the words that are not options.
#[derive(Default)]
struct Options {
    market: Option<Text>,
    on: Option<NaiveDate>,
    with: Option<String>,
    kind: Option<String>,
    plain: Vec<String>,
}

fn options(sub: &str, rest: &str, allowed: &[&'static str]) -> Result<Options, ParseError> {
    let words = lexer::words(rest)?;
    let mut found = Options::default();
    for word in words {
        let Some(key) = allowed.iter().find(|k| option_value(&word, &[k]).is_some()) else {
            found.plain.push(word);
            continue;
        };
        let value = option_value(&word, &[key]).unwrap_or("").trim().to_string();
        if value.is_empty() {
            return fail(sub, format!("{key}: needs a value."));
        }
        let repeated = match *key {
            "market" => {
                let market = match Text::parse(&value, Input::Market) {
                    Ok(market) => market,
                    Err(error) => return fail(sub, format!("The market is too long: {error}.")),
                };
                found.market.replace(market).is_some()
            }
            "on" => found.on.replace(date(sub, &value)?).is_some(),
            "with" => found.with.replace(value).is_some(),
            _ => found.kind.replace(value.to_lowercase()).is_some(),
        };
        if repeated {
            return fail(sub, format!("{key}: is given twice."));
        }
    }
    Ok(found)
}

fn date(sub: &str, value: &str) -> Result<NaiveDate, ParseError> {
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) => Ok(date),
        Err(_) => fail(
            sub,
            format!("on: wants a date like 2027-03-10, not \"{value}\"."),
        ),
    }
}

fn market(sub: &str, market: Option<Text>) -> Result<Text, ParseError> {
    match market {
        Some(market) => Ok(market),
        None => fail(sub, missing_market(sub)),
    }
}

/// What `visit log` alone says where no form is shown: what the typed line lacks, and its usage.
pub fn log_alone_hint() -> String {
    error("log", missing_market("log")).explain()
}

fn missing_market(sub: &str) -> String {
    format!("`visit {sub}` needs the market, like market:\"Pune West\".")
}

fn parse_log(rest: &str) -> Result<VisitCommand, ParseError> {
    if rest.trim().is_empty() {
        return Ok(VisitCommand::LogForm);
    }
    if let Some((word, learnt)) = next_word(rest)
        && let Ok(id) = VisitId::parse(word)
    {
        let learnings = required("log", Input::Learning, learnt, LEARNT)?;
        return Ok(VisitCommand::Complete { id, learnings });
    }
    let found = options("log", rest, &["market", "on", "with", "kind"])?;
    let market = market("log", found.market)?;
    let learnings = required("log", Input::Learning, &found.plain.join(" "), LEARNT)?;
    Ok(VisitCommand::Log {
        market,
        on: found.on,
        with: found.with,
        kind: found.kind,
        learnings,
    })
}

const LEARNT: &str = "what you learnt, after the options (what did you learn?)";

fn parse_plan(rest: &str) -> Result<VisitCommand, ParseError> {
    let found = options("plan", rest, &["market", "on", "with"])?;
    if let Some(extra) = found.plain.first() {
        return fail(
            "plan",
            format!(
                "`visit plan` takes market:, on: and with: — not \"{extra}\"; the learnings come after the visit."
            ),
        );
    }
    let market = market("plan", found.market)?;
    let Some(on) = found.on else {
        return fail("plan", "`visit plan` needs the date, like on:2027-03-10.");
    };
    Ok(VisitCommand::Plan {
        market,
        on,
        with: found.with,
    })
}

fn parse_invite(rest: &str) -> Result<VisitCommand, ParseError> {
    let found = options("invite", rest, &["market", "on"])?;
    let mut plain = found.plain.into_iter();
    let Some(marketer) = plain.next() else {
        return fail(
            "invite",
            "`visit invite` needs the marketer to ask along, like @Priya.",
        );
    };
    let market = market("invite", found.market)?;
    let Some(on) = found.on else {
        return fail(
            "invite",
            "`visit invite` needs the date, like on:2027-03-10.",
        );
    };
    let note = optional("invite", Input::Note, &plain.collect::<Vec<_>>().join(" "))?;
    Ok(VisitCommand::Invite {
        marketer,
        market,
        on,
        note,
    })
}

fn parse_list(rest: &str) -> Result<VisitCommand, ParseError> {
    let mut scope = None;
    let mut month = None;
    for word in rest.split_whitespace() {
        if let Some(value) = option_value(word, &["month"]) {
            match Month::parse(value) {
                Ok(m) if month.is_none() => month = Some(m),
                Ok(_) => return fail("list", "month: is given twice."),
                Err(error) => return fail("list", format!("{error}.")),
            }
            continue;
        }
        let wanted = match word.to_lowercase().as_str() {
            "mine" => VisitScope::Mine,
            "team" => VisitScope::Team,
            "all" => VisitScope::All,
            _ => {
                return fail(
                    "list",
                    format!("`visit list` shows mine, team or all — not \"{word}\"."),
                );
            }
        };
        if scope.replace(wanted).is_some() {
            return fail("list", "Give one of mine, team or all.");
        }
    }
    Ok(VisitCommand::List { scope, month })
}
