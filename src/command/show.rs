//! Parsing `show`: one request, or every step of it a page at a time.

use super::error::ParseError;
use super::grammar::{Command, CommandName};
use super::parse::{id_then, next_word, no_more, option_value};

/// `show <ID>`, or `show <ID> all [page:N]`.
pub(super) fn parse_show(rest: &str) -> Result<Command, ParseError> {
    let command = CommandName::Show;
    if let Some((word, extra)) = next_word(rest)
        && word.to_uppercase().starts_with("ACT-")
    {
        return super::action::parse_show(word, extra);
    }
    let (id, rest) = id_then(command, rest)?;
    let Some((word, rest)) = next_word(rest) else {
        return Ok(Command::Show(id));
    };
    if !word.eq_ignore_ascii_case("all") {
        return Err(ParseError::ShowWhat { input: word.into() });
    }
    let Some((word, extra)) = next_word(rest) else {
        return Ok(Command::ShowAll { id, page: 1 });
    };
    let Some(value) = option_value(word, &["page"]) else {
        return Err(ParseError::ShowWhat { input: word.into() });
    };
    let page = match value.parse::<usize>() {
        Ok(page) if page > 0 => page,
        _ => {
            return Err(ParseError::Page {
                command,
                input: value.into(),
            });
        }
    };
    no_more(command, "the page", extra)?;
    Ok(Command::ShowAll { id, page })
}
