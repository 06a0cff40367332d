//! Parsing `plan …`: joint planning rounds.

use chrono::NaiveDate;

use super::error::{ParseError, subcommand_error};
use super::grammar::{Command, CommandName};
use super::lexer;
use super::parse::{ParseContext, option_value};
use crate::domain::plan::{Amount, NewPlan, PlanName, parse_sections};
use crate::domain::{Input, Text, TextError};

/// One `plan` command. Numbers of sections, objections and lines are as typed (from 1); the
/// bot checks them against the plan.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanCommand {
    Open(NewPlan),
    /// `plan input <name>` alone: the sections, and a form where the platform has forms.
    InputForm(PlanName),
    Input {
        plan: PlanName,
        section: usize,
        text: Text,
    },
    Object {
        plan: PlanName,
        section: usize,
        reason: Text,
    },
    Resolve {
        plan: PlanName,
        objection: usize,
        how: Text,
    },
    Line {
        plan: PlanName,
        label: Text,
    },
    Figure {
        plan: PlanName,
        line: usize,
        value: Amount,
        why: Option<Text>,
    },
    Agree {
        plan: PlanName,
        line: usize,
        value: Amount,
        reason: Text,
    },
    Draft {
        plan: PlanName,
        section: usize,
        text: Text,
    },
    /// `plan signoff <name> [sales|marketing]`: the team, when given, must be the signer's.
    Signoff {
        plan: PlanName,
        team: Option<crate::domain::Team>,
    },
    Actual {
        plan: PlanName,
        line: usize,
        value: Amount,
    },
    /// `plan show <name> [section# [page:N]]`: `page` (from 1) pages through a section's
    /// inputs, newest first; it is 1 when not given.
    Show {
        plan: PlanName,
        section: Option<usize>,
        page: usize,
    },
    List,
}

/// The usage of each `plan` subcommand, for errors and `help plan`.
pub const USAGES: &[(&str, &str)] = &[
    (
        "open",
        "plan open <name> due:YYYY-MM-DD [sections:\"A, B\"]",
    ),
    ("input", "plan input <name> <section#> <text…>"),
    ("object", "plan object <name> <section#> <reason…>"),
    (
        "resolve",
        "plan resolve <name> <objection#> <how it was settled…>",
    ),
    ("line", "plan line <name> <label…>"),
    ("figure", "plan figure <name> <line#> <number> [why…]"),
    ("agree", "plan agree <name> <line#> <number> <reason…>"),
    ("draft", "plan draft <name> <section#> <agreed text…>"),
    ("signoff", "plan signoff <name> [sales|marketing]"),
    ("actual", "plan actual <name> <line#> <number>"),
    ("show", "plan show <name> [section# [page:N]]"),
    ("list", "plan list"),
];

fn error(sub: &str, reason: impl Into<String>) -> ParseError {
    subcommand_error(CommandName::Plan, USAGES, sub, reason)
}

fn fail<T>(sub: &str, reason: impl Into<String>) -> Result<T, ParseError> {
    Err(error(sub, reason))
}

pub(super) fn parse_plan(rest: &str, ctx: &ParseContext<'_>) -> Result<Command, ParseError> {
    let words = lexer::words(rest)?;
    let Some((sub, args)) = words.split_first() else {
        return fail(
            "open",
            "`plan` needs what to do: open, input, object, resolve, line, figure, agree, draft, signoff, actual, show or list.",
        );
    };
    let sub = sub.to_lowercase();
    let sub = sub.as_str();
    let command = match sub {
        "open" => open(args, ctx.today)?,
        "input" => {
            let (plan, rest) = name(sub, args)?;
            if rest.is_empty() {
                PlanCommand::InputForm(plan)
            } else {
                let (section, text) = number(sub, rest, "the section number")?;
                let text = required(sub, text, "your input after the section number")?;
                PlanCommand::Input {
                    plan,
                    section,
                    text,
                }
            }
        }
        "object" => {
            let (plan, rest) = name(sub, args)?;
            let (section, reason) = number(sub, rest, "the section number")?;
            let reason = required(sub, reason, "a reason after the section number")?;
            PlanCommand::Object {
                plan,
                section,
                reason,
            }
        }
        "resolve" => {
            let (plan, rest) = name(sub, args)?;
            let (objection, how) = number(sub, rest, "the objection's number")?;
            let how = required(sub, how, "how it was settled, after the objection's number")?;
            PlanCommand::Resolve {
                plan,
                objection,
                how,
            }
        }
        "line" => {
            let (plan, rest) = name(sub, args)?;
            let label = text(sub, rest, Input::LineLabel)?.map_or_else(
                || fail(sub, "`plan line` needs a label after the name."),
                Ok,
            )?;
            PlanCommand::Line { plan, label }
        }
        "figure" => {
            let (plan, rest) = name(sub, args)?;
            let (line, rest) = number(sub, rest, "the line number")?;
            let (value, why) = amount(sub, rest)?;
            let why = text(sub, why, Input::Reason)?;
            PlanCommand::Figure {
                plan,
                line,
                value,
                why,
            }
        }
        "agree" => {
            let (plan, rest) = name(sub, args)?;
            let (line, rest) = number(sub, rest, "the line number")?;
            let (value, reason) = amount(sub, rest)?;
            let reason = text(sub, reason, Input::Reason)?.map_or_else(
                || fail(sub, "`plan agree` needs a reason after the figure."),
                Ok,
            )?;
            PlanCommand::Agree {
                plan,
                line,
                value,
                reason,
            }
        }
        "draft" => {
            let (plan, rest) = name(sub, args)?;
            let (section, text) = number(sub, rest, "the section number")?;
            let text = required(sub, text, "the agreed text after the section number")?;
            PlanCommand::Draft {
                plan,
                section,
                text,
            }
        }
        "signoff" | "sign" | "sign-off" => {
            let (plan, rest) = name("signoff", args)?;
            let team = match rest {
                [] => None,
                [word] => match word.to_lowercase().parse() {
                    Ok(team) => Some(team),
                    Err(_) => {
                        return fail(
                            "signoff",
                            format!("`plan signoff` signs for sales or marketing, not \"{word}\"."),
                        );
                    }
                },
                _ => {
                    return fail(
                        "signoff",
                        "`plan signoff` takes the plan's name and at most a team.",
                    );
                }
            };
            PlanCommand::Signoff { plan, team }
        }
        "actual" => {
            let (plan, rest) = name(sub, args)?;
            let (line, rest) = number(sub, rest, "the line number")?;
            let (value, extra) = amount(sub, rest)?;
            nothing_after(sub, extra, "the figure")?;
            PlanCommand::Actual { plan, line, value }
        }
        "show" => show(args)?,
        "list" | "ls" => {
            nothing_after("list", args, "list")?;
            PlanCommand::List
        }
        other => {
            return fail(
                "open",
                format!(
                    "`plan` does open, input, object, resolve, line, figure, agree, draft, signoff, actual, show or list — not \"{other}\"."
                ),
            );
        }
    };
    Ok(Command::Plan(command))
}

fn show(args: &[String]) -> Result<PlanCommand, ParseError> {
    let sub = "show";
    let (plan, rest) = name(sub, args)?;
    if rest.is_empty() {
        return Ok(PlanCommand::Show {
            plan,
            section: None,
            page: 1,
        });
    }
    let (section, rest) = number(sub, rest, "the section number")?;
    let (page, extra) = match rest.split_first() {
        Some((word, extra)) => match option_value(word, &["page"]) {
            Some(value) => match value.parse::<usize>() {
                Ok(page) if page > 0 => (page, extra),
                _ => {
                    return fail(
                        sub,
                        format!("page: wants a number from 1, not \"{value}\"."),
                    );
                }
            },
            None => (1, rest),
        },
        None => (1, rest),
    };
    nothing_after(sub, extra, "the page")?;
    Ok(PlanCommand::Show {
        plan,
        section: Some(section),
        page,
    })
}

fn name<'a>(sub: &str, args: &'a [String]) -> Result<(PlanName, &'a [String]), ParseError> {
    match args.split_first() {
        Some((word, rest)) if !word.contains(':') => match PlanName::parse(word) {
            Ok(name) => Ok((name, rest)),
            Err(error) => fail(sub, format!("{}.", capital(&error.to_string()))),
        },
        _ => fail(
            sub,
            format!("`plan {sub}` needs the plan's name, like fy27."),
        ),
    }
}

fn nothing_after(sub: &str, extra: &[String], after: &str) -> Result<(), ParseError> {
    if extra.is_empty() {
        return Ok(());
    }
    fail(
        sub,
        format!(
            "`plan {sub}` takes nothing after {after}; remove \"{}\".",
            extra.join(" ")
        ),
    )
}

/// A number from 1 (a section, an objection, a line).
fn number<'a>(
    sub: &str,
    args: &'a [String],
    what: &str,
) -> Result<(usize, &'a [String]), ParseError> {
    let Some((word, rest)) = args.split_first() else {
        return fail(sub, format!("`plan {sub}` needs {what} after the name."));
    };
    let digits = word.trim_start_matches('#');
    match digits.parse::<usize>() {
        Ok(n) if n > 0 => Ok((n, rest)),
        _ => fail(
            sub,
            format!("\"{word}\" is not {what}; they are numbered from 1."),
        ),
    }
}

fn amount<'a>(sub: &str, args: &'a [String]) -> Result<(Amount, &'a [String]), ParseError> {
    let Some((word, rest)) = args.split_first() else {
        return fail(
            sub,
            format!("`plan {sub}` needs a figure after the line number."),
        );
    };
    match Amount::parse(word) {
        Ok(value) => Ok((value, rest)),
        Err(error) => fail(sub, format!("{}.", capital(&error.to_string()))),
    }
}

fn text(sub: &str, words: &[String], input: Input) -> Result<Option<Text>, ParseError> {
    match Text::parse(&words.join(" "), input) {
        Ok(text) => Ok(Some(text)),
        Err(TextError::Empty) => Ok(None),
        Err(error) => fail(sub, format!("The {} is too long: {error}.", input.name())),
    }
}

fn required(sub: &str, words: &[String], missing: &str) -> Result<Text, ParseError> {
    text(sub, words, Input::PlanText)?
        .map_or_else(|| fail(sub, format!("`plan {sub}` needs {missing}.")), Ok)
}

fn open(args: &[String], today: NaiveDate) -> Result<PlanCommand, ParseError> {
    let sub = "open";
    let (name, rest) = name(sub, args)?;
    let mut due = None;
    let mut sections = None;
    for word in rest {
        let Some((key, value)) = word.split_once(':') else {
            return fail(
                sub,
                format!("`plan open` takes due: and sections:, not \"{word}\"."),
            );
        };
        match key.to_lowercase().as_str() {
            "due" => {
                let Ok(date) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") else {
                    return fail(
                        sub,
                        format!("due: wants a date like 2027-01-31, not \"{value}\"."),
                    );
                };
                if date < today {
                    return fail(
                        sub,
                        format!("due:{date} is in the past (today is {today})."),
                    );
                }
                if due.replace(date).is_some() {
                    return fail(sub, "due: is given twice.");
                }
            }
            "sections" => {
                let list = match parse_sections(value) {
                    Ok(list) => list,
                    Err(error) => return fail(sub, format!("sections: {error}.")),
                };
                if sections.replace(list).is_some() {
                    return fail(sub, "sections: is given twice.");
                }
            }
            _ => {
                return fail(
                    sub,
                    format!("`plan open` takes due: and sections:, not \"{word}\"."),
                );
            }
        }
    }
    let Some(due) = due else {
        return fail(sub, "`plan open` needs a due date, like due:2027-01-31.");
    };
    Ok(PlanCommand::Open(NewPlan {
        name,
        due,
        sections,
    }))
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
