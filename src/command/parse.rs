//! Text → `Command`, the same for every platform.

use chrono::NaiveDate;

use super::answer::{parse_answer, parse_pause};
use super::error::ParseError;
use super::grammar::{Command, CommandName, ListFilter};
use super::lexer;
use super::pair::parse_pair;
use super::show::parse_show;
use super::suggest::closest_command;
use crate::domain::text::sanitize;
use crate::domain::{Action, Input, Kinds, NewRequest, RequestId, Text, TextError, Title};

/// What parsing needs to know beyond the text: the configured kinds and the speaker's today.
#[derive(Clone, Copy, Debug)]
pub struct ParseContext<'a> {
    pub kinds: &'a Kinds,
    pub today: NaiveDate,
}

/// Parses one command line (without `/tandem` or a mention in front).
pub fn parse(line: &str, ctx: &ParseContext<'_>) -> Result<Command, ParseError> {
    let line = sanitize(line);
    let Some((word, rest)) = next_word(&line) else {
        return Err(ParseError::Empty);
    };
    let Some(name) = CommandName::from_word(word) else {
        return Err(ParseError::UnknownCommand {
            word: word.to_string(),
            suggestion: closest_command(word),
        });
    };
    use CommandName as C;
    match name {
        C::Help => parse_help(rest),
        C::Request => parse_request(rest, ctx),
        C::List => parse_list(rest),
        C::Show => parse_show(rest),
        C::Ack => act(only_id(name, rest)?, Action::Acknowledge),
        C::Start => act(only_id(name, rest)?, Action::Start),
        C::Deliver => {
            let (id, note) = id_then(name, rest)?;
            let note = optional_text(name, Input::Note, note)?;
            act(id, Action::Deliver { note })
        }
        C::Block | C::Decline | C::Reopen => parse_with_reason(name, rest),
        C::Comment => {
            let (id, text) = id_then(name, rest)?;
            let text = required_text(name, "the comment text after the ID", Input::Comment, text)?;
            act(id, Action::Comment { text })
        }
        C::Assign => parse_assign(rest),
        C::Confirm => parse_confirm(rest),
        C::Admin => parse_admin(rest),
        C::Answer => parse_answer(rest),
        C::Pause => parse_pause(rest),
        C::Resume => no_more(name, "the command", rest).map(|()| Command::Resume),
        C::Digest => no_more(name, "the command", rest).map(|()| Command::Digest),
        C::Visit => super::visit::parse_visit(rest),
        C::Launch => super::launch::parse_launch(rest, ctx),
        C::Pair => parse_pair(rest),
        C::Action => super::action::parse_action(rest, ctx),
        C::Plan => super::plan::parse_plan(rest, ctx),
        C::Report => parse_report(rest),
    }
}

/// `report [YYYY-MM]`.
fn parse_report(rest: &str) -> Result<Command, ParseError> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(Command::Report(None));
    }
    crate::domain::Month::parse(rest)
        .map(|m| Command::Report(Some(m)))
        .map_err(|_| ParseError::ReportMonth {
            input: rest.to_string(),
        })
}

fn act(id: RequestId, action: Action) -> Result<Command, ParseError> {
    Ok(Command::Act { id, action })
}

/// Splits off the first whitespace-separated word.
pub(super) fn next_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    Some((&text[..end], text[end..].trim_start()))
}

fn parse_help(rest: &str) -> Result<Command, ParseError> {
    let Some((word, _)) = next_word(rest) else {
        return Ok(Command::Help(None));
    };
    match CommandName::from_word(word) {
        Some(name) => Ok(Command::Help(Some(name))),
        None => Err(ParseError::UnknownHelpTopic {
            word: word.to_string(),
            suggestion: closest_command(word),
        }),
    }
}

fn parse_list(rest: &str) -> Result<Command, ParseError> {
    let Some((word, extra)) = next_word(rest) else {
        return Ok(Command::List(ListFilter::Open));
    };
    let filter = match word.to_lowercase().as_str() {
        "open" => ListFilter::Open,
        "mine" => ListFilter::Mine,
        "overdue" => ListFilter::Overdue,
        "all" => ListFilter::All,
        _ => return Err(ParseError::ListFilter { input: word.into() }),
    };
    no_more(CommandName::List, "the filter", extra)?;
    Ok(Command::List(filter))
}

pub(super) fn id_then(command: CommandName, rest: &str) -> Result<(RequestId, &str), ParseError> {
    let Some((word, rest)) = next_word(rest) else {
        return Err(ParseError::Missing {
            command,
            what: "a request ID, like REQ-12",
        });
    };
    let id = RequestId::parse(word).map_err(|source| ParseError::Id { command, source })?;
    Ok((id, rest))
}

fn only_id(command: CommandName, rest: &str) -> Result<RequestId, ParseError> {
    let (id, extra) = id_then(command, rest)?;
    no_more(command, "the request ID", extra)?;
    Ok(id)
}

pub(super) fn no_more(
    command: CommandName,
    after: &'static str,
    extra: &str,
) -> Result<(), ParseError> {
    if extra.trim().is_empty() {
        return Ok(());
    }
    Err(ParseError::Unexpected {
        command,
        after,
        extra: extra.trim().to_string(),
    })
}

fn optional_text(
    command: CommandName,
    input: Input,
    text: &str,
) -> Result<Option<Text>, ParseError> {
    match Text::parse(text, input) {
        Ok(text) => Ok(Some(text)),
        Err(TextError::Empty) => Ok(None),
        Err(source) => Err(ParseError::TooLong {
            command,
            input,
            source,
        }),
    }
}

fn required_text(
    command: CommandName,
    missing: &'static str,
    input: Input,
    text: &str,
) -> Result<Text, ParseError> {
    optional_text(command, input, text)?.ok_or(ParseError::Missing {
        command,
        what: missing,
    })
}

fn parse_with_reason(command: CommandName, rest: &str) -> Result<Command, ParseError> {
    let (id, reason) = id_then(command, rest)?;
    let missing = match command {
        CommandName::Block => "a reason: name what blocks it, after the ID",
        _ => "a reason after the ID",
    };
    let reason = required_text(command, missing, Input::Reason, reason)?;
    let action = match command {
        CommandName::Block => Action::Block { reason },
        CommandName::Decline => Action::Decline { reason },
        _ => Action::Reopen { reason },
    };
    act(id, action)
}

fn parse_admin(rest: &str) -> Result<Command, ParseError> {
    match next_word(rest) {
        Some((word, extra)) if word.eq_ignore_ascii_case("outbox") => {
            no_more(CommandName::Admin, "outbox", extra)?;
            Ok(Command::AdminOutbox)
        }
        Some((word, extra)) if word.eq_ignore_ascii_case("backup") => {
            no_more(CommandName::Admin, "backup", extra)?;
            Ok(Command::AdminBackup)
        }
        Some((word, extra)) if word.eq_ignore_ascii_case("sync") => match next_word(extra) {
            None => Ok(Command::AdminSync { confirm: false }),
            Some((flag, more)) if flag.eq_ignore_ascii_case("--confirm") => {
                no_more(CommandName::Admin, "--confirm", more)?;
                Ok(Command::AdminSync { confirm: true })
            }
            Some(_) => no_more(CommandName::Admin, "sync", extra)
                .map(|()| Command::AdminSync { confirm: false }),
        },
        _ => Err(ParseError::Missing {
            command: CommandName::Admin,
            what: "what to do: outbox, backup or sync",
        }),
    }
}

fn parse_assign(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Assign;
    let (id, person) = id_then(command, rest)?;
    if person.trim().is_empty() {
        return Err(ParseError::Missing {
            command,
            what: "the person to assign, like @Priya",
        });
    }
    Ok(Command::Assign {
        id,
        to: person.trim().to_string(),
    })
}

fn parse_confirm(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Confirm;
    let (id, rest) = id_then(command, rest)?;
    let mut rating = None;
    let mut note = Vec::new();
    for word in rest.split_whitespace() {
        let Some(value) = option_value(word, &["rating"]) else {
            note.push(word);
            continue;
        };
        if rating.is_some() {
            return Err(ParseError::Repeated {
                command,
                key: "rating",
            });
        }
        let parsed = value
            .parse()
            .map_err(|source| ParseError::Rating { source })?;
        rating = Some(parsed);
    }
    let note = optional_text(command, Input::Note, &note.join(" "))?;
    act(id, Action::Confirm { rating, note })
}

/// The value of `key:value` when the key (any case) is one of `keys`.
pub(super) fn option_value<'a>(word: &'a str, keys: &[&str]) -> Option<&'a str> {
    let (key, value) = word.split_once(':')?;
    keys.iter()
        .any(|k| k.eq_ignore_ascii_case(key))
        .then_some(value)
}

fn parse_request(rest: &str, ctx: &ParseContext<'_>) -> Result<Command, ParseError> {
    let command = CommandName::Request;
    let words = lexer::words(rest)?;
    if words.is_empty() {
        return Ok(Command::RequestForm);
    }
    let mut options = RequestOptions::default();
    let mut plain = Vec::new();
    for word in &words {
        if !options.take(word, ctx)? {
            plain.push(word.as_str());
        }
    }
    let Some((kind, title)) = plain.split_first() else {
        return Err(ParseError::Missing {
            command,
            what: "a kind and a title",
        });
    };
    let kind = ctx
        .kinds
        .parse(kind)
        .map_err(|source| ParseError::Kind { source })?;
    let title = match Title::parse(&title.join(" ")) {
        Err(TextError::Empty) => {
            return Err(ParseError::Missing {
                command,
                what: "a title after the kind",
            });
        }
        other => other.map_err(|source| ParseError::Title { source })?,
    };
    let new = NewRequest {
        kind,
        title,
        quantity: options.quantity,
        market: options.market,
        needed_by: options.needed_by,
    };
    match options.launch {
        Some(launch) => Ok(Command::RequestFor { new, launch }),
        None => Ok(Command::Request(new)),
    }
}

#[derive(Default)]
struct RequestOptions {
    quantity: Option<crate::domain::Quantity>,
    market: Option<Text>,
    needed_by: Option<NaiveDate>,
    launch: Option<crate::domain::LaunchName>,
}

impl RequestOptions {
    /// Takes `word` if it is one of the request's `key:value` options.
    fn take(&mut self, word: &str, ctx: &ParseContext<'_>) -> Result<bool, ParseError> {
        let command = CommandName::Request;
        let (key, example) = if option_value(word, &["by", "due"]).is_some() {
            ("by", "2026-12-10")
        } else if option_value(word, &["qty", "quantity"]).is_some() {
            ("qty", "500")
        } else if option_value(word, &["market"]).is_some() {
            ("market", "\"Pune West\"")
        } else if option_value(word, &["launch"]).is_some() {
            ("launch", "diwali-27")
        } else {
            return Ok(false);
        };
        let value = word.split_once(':').map_or("", |(_, v)| v).trim();
        if value.is_empty() {
            return Err(ParseError::EmptyOption {
                command,
                key,
                example,
            });
        }
        let already = match key {
            "by" => self
                .needed_by
                .replace(parse_date(value, ctx.today)?)
                .is_some(),
            "launch" => {
                let launch = super::launch::launch_option(value)?;
                self.launch.replace(launch).is_some()
            }
            "qty" => {
                let qty = value
                    .parse()
                    .map_err(|source| ParseError::Quantity { source })?;
                self.quantity.replace(qty).is_some()
            }
            _ => {
                let market =
                    Text::parse(value, Input::Market).map_err(|source| ParseError::TooLong {
                        command,
                        input: Input::Market,
                        source,
                    })?;
                self.market.replace(market).is_some()
            }
        };
        if already {
            return Err(ParseError::Repeated { command, key });
        }
        Ok(true)
    }
}

pub(super) fn parse_date(value: &str, today: NaiveDate) -> Result<NaiveDate, ParseError> {
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| ParseError::Date {
        input: value.to_string(),
    })?;
    if date < today {
        return Err(ParseError::PastDate { date, today });
    }
    Ok(date)
}
