//! Text → `Command`: one grammar for Slack, Teams and the shell, parsed once at the edge.

mod answer;
mod error;
mod form;
mod grammar;
mod lexer;
mod pair;
mod parse;
mod suggest;

pub use answer::MAX_PAUSE;
pub use error::ParseError;
pub use form::{AnswerFormError, FormField, RequestFields, parse_answer_form, parse_request_form};
pub use grammar::{Command, CommandName, ListFilter, SPECS, Spec, help_for, help_overview};
pub use pair::{PairCommand, PairListFilter};
pub use parse::{ParseContext, parse};

#[cfg(test)]
mod tests;
