//! Text → `Command`: one grammar for Slack, Teams and the shell, parsed once at the edge.

mod action;
mod answer;
mod error;
mod form;
mod grammar;
mod launch;
mod lexer;
mod pair;
mod parse;
mod plan;
mod show;
mod suggest;
mod visit;
mod visit_form;

pub use action::{ActionCommand, ActionScope};
pub use answer::MAX_PAUSE;
pub use error::ParseError;
pub use form::{
    AnswerFormError, FormField, RequestFields, ReviewFormError, ReviewFormField, parse_answer_form,
    parse_request_form, parse_review_form,
};
pub use grammar::{Command, CommandName, ListFilter, SPECS, Spec, help_for, help_overview};
pub use launch::LaunchCommand;
pub use pair::{PairCommand, PairListFilter};
pub use parse::{ParseContext, parse};
pub use plan::PlanCommand;
pub use visit::{VisitCommand, VisitScope, log_alone_hint};
pub use visit_form::{VisitField, VisitFields, parse_visit_form};

#[cfg(test)]
mod tests;
