//! Parsing `launch …`: launches, their linked requests and their review rounds.

use chrono::NaiveDate;

use super::error::ParseError;
use super::grammar::{Command, CommandName};
use super::lexer;
use super::parse::ParseContext;
use crate::domain::{Input, LaunchName, NewLaunch, RequestId, Text, TextError, Title};

/// What `launch` does.
#[derive(Clone, Debug, PartialEq)]
pub enum LaunchCommand {
    /// `launch add <name> on:DATE [markets:"A, B"] [title…]`
    Add(NewLaunch),
    /// `launch link <name> REQ-n`
    Link {
        launch: LaunchName,
        id: RequestId,
    },
    /// `launch review <name> [closes:DATE]`: opens the review round.
    Review {
        launch: LaunchName,
        closes: Option<NaiveDate>,
    },
    /// `launch close <name>`: closes the review round now.
    Close(LaunchName),
    /// `launch show <name> [page:N]`: the launch, its round, or its result a page of answers
    /// at a time (from 1).
    Show {
        launch: LaunchName,
        page: usize,
    },
    List,
}

const COMMAND: CommandName = CommandName::Launch;

pub fn parse_launch(rest: &str, ctx: &ParseContext<'_>) -> Result<Command, ParseError> {
    let words = lexer::words(rest)?;
    let Some((action, args)) = words.split_first() else {
        return Err(ParseError::Missing {
            command: COMMAND,
            what: "what to do: add, link, review, close, show or list",
        });
    };
    let launch = match action.to_lowercase().as_str() {
        "add" => add(args)?,
        "link" => {
            let (name, rest) = name(args)?;
            let Some((id, extra)) = rest.split_first() else {
                return Err(ParseError::Missing {
                    command: COMMAND,
                    what: "the request to link after the launch, like REQ-12",
                });
            };
            let id = RequestId::parse(id).map_err(|source| ParseError::Id {
                command: COMMAND,
                source,
            })?;
            nothing_after(extra, "the request ID")?;
            LaunchCommand::Link { launch: name, id }
        }
        "review" => review(args, ctx.today)?,
        "close" => LaunchCommand::Close(only_name(args)?),
        "show" => show(args)?,
        "list" => {
            nothing_after(args, "list")?;
            LaunchCommand::List
        }
        _ => {
            return Err(ParseError::LaunchAction {
                input: action.clone(),
            });
        }
    };
    Ok(Command::Launch(launch))
}

/// The launch name a request line gives with `launch:NAME`.
pub fn launch_option(value: &str) -> Result<LaunchName, ParseError> {
    LaunchName::parse(value).map_err(|source| ParseError::LaunchName {
        command: CommandName::Request,
        source,
    })
}

fn name(args: &[String]) -> Result<(LaunchName, &[String]), ParseError> {
    match args.split_first() {
        Some((word, rest)) if !word.contains(':') => {
            let name = LaunchName::parse(word).map_err(|source| ParseError::LaunchName {
                command: COMMAND,
                source,
            })?;
            Ok((name, rest))
        }
        _ => Err(ParseError::Missing {
            command: COMMAND,
            what: "the launch's name, like diwali-27",
        }),
    }
}

fn only_name(args: &[String]) -> Result<LaunchName, ParseError> {
    let (name, extra) = name(args)?;
    nothing_after(extra, "the launch's name")?;
    Ok(name)
}

fn show(args: &[String]) -> Result<LaunchCommand, ParseError> {
    let (launch, extra) = name(args)?;
    let Some((word, extra)) = extra.split_first() else {
        return Ok(LaunchCommand::Show { launch, page: 1 });
    };
    let Some(value) = super::parse::option_value(word, &["page"]) else {
        return Err(ParseError::Unexpected {
            command: COMMAND,
            after: "the launch's name but a page (page:2)",
            extra: word.clone(),
        });
    };
    let page = match value.parse::<usize>() {
        Ok(page) if page > 0 => page,
        _ => {
            return Err(ParseError::Page {
                command: COMMAND,
                input: value.into(),
            });
        }
    };
    nothing_after(extra, "the page")?;
    Ok(LaunchCommand::Show { launch, page })
}

fn nothing_after(extra: &[String], after: &'static str) -> Result<(), ParseError> {
    if extra.is_empty() {
        return Ok(());
    }
    Err(ParseError::Unexpected {
        command: COMMAND,
        after,
        extra: extra.join(" "),
    })
}

fn add(args: &[String]) -> Result<LaunchCommand, ParseError> {
    let (name, rest) = name(args)?;
    let mut on = None;
    let mut markets = None;
    let mut title = Vec::new();
    for word in rest {
        let Some((key, value)) = word.split_once(':') else {
            title.push(word.as_str());
            continue;
        };
        let key = key.to_lowercase();
        let slot_taken = match key.as_str() {
            "on" => on.replace(date("on", value)?).is_some(),
            "markets" | "market" => markets.replace(market_list(value)?).is_some(),
            _ => {
                title.push(word.as_str());
                false
            }
        };
        if slot_taken {
            let key = if key == "on" { "on" } else { "markets" };
            return Err(ParseError::Repeated {
                command: COMMAND,
                key,
            });
        }
    }
    let Some(on) = on else {
        return Err(ParseError::Missing {
            command: COMMAND,
            what: "the launch date, like on:2027-10-20",
        });
    };
    let title = match Title::parse(&title.join(" ")) {
        Ok(title) => {
            Some(Text::parse(title.as_str(), Input::Title).map_err(too_long(Input::Title))?)
        }
        Err(TextError::Empty) => None,
        Err(source) => return Err(too_long(Input::Title)(source)),
    };
    Ok(LaunchCommand::Add(NewLaunch {
        name,
        on,
        markets: markets.unwrap_or_default(),
        title,
    }))
}

fn review(args: &[String], today: NaiveDate) -> Result<LaunchCommand, ParseError> {
    let (name, rest) = name(args)?;
    let mut closes = None;
    for word in rest {
        match word.split_once(':') {
            Some((key, value)) if key.eq_ignore_ascii_case("closes") => {
                let date = date("closes", value)?;
                if date < today {
                    return Err(ParseError::ClosesPast { date, today });
                }
                if closes.replace(date).is_some() {
                    return Err(ParseError::Repeated {
                        command: COMMAND,
                        key: "closes",
                    });
                }
            }
            _ => {
                return Err(ParseError::Unexpected {
                    command: COMMAND,
                    after: "the launch's name",
                    extra: word.clone(),
                });
            }
        }
    }
    Ok(LaunchCommand::Review {
        launch: name,
        closes,
    })
}

fn date(key: &'static str, value: &str) -> Result<NaiveDate, ParseError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| ParseError::OptionDate {
        key,
        input: value.to_string(),
    })
}

/// `"Pune West, Nashik"`: the markets, comma-separated.
fn market_list(value: &str) -> Result<Vec<Text>, ParseError> {
    let mut markets = Vec::new();
    for part in value.split(',') {
        match Text::parse(part, Input::Market) {
            Ok(market) => markets.push(market),
            Err(TextError::Empty) => {}
            Err(source) => return Err(too_long(Input::Market)(source)),
        }
    }
    Ok(markets)
}

fn too_long(input: Input) -> impl Fn(TextError) -> ParseError {
    move |source| ParseError::TooLong {
        command: COMMAND,
        input,
        source,
    }
}

#[cfg(test)]
mod tests;
