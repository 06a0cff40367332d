//! Logging a visit from a form: `visit log` alone asks a marketer's platform for the form, and
//! a submitted form runs the same command as the typed line. The rules a logged visit must meet
//! (who logs, the date, the companion, the kind) are checked here once, for both ways in, each
//! problem tied to the field it is about.

use chrono::NaiveDate;

use crate::command::{
    self, Command, CommandName, VisitCommand, VisitField, VisitFields, parse_visit_form,
};
use crate::domain::visit;
use crate::domain::{Identity, Person, PersonName, Team};
use crate::message::{Message, VisitForm};

use super::core::Bot;
use super::reply::{Form, Outcome, Reply, Unsettled};

/// A logged visit's values once the rules are met.
pub(super) struct LogChecked {
    pub date: NaiveDate,
    pub companion: Option<PersonName>,
    pub kind: Option<String>,
}

/// Why a visit cannot be logged, and the field it is about.
pub(super) struct LogProblem {
    pub field: VisitField,
    text: String,
}

impl LogProblem {
    /// As the typed line says it: a date's problem names `on:`.
    pub fn typed(&self) -> String {
        match self.field {
            VisitField::Date => format!("on:{}", self.text),
            _ => self.text.clone(),
        }
    }
}

const ONLY_MARKETING: &str = "Visits are logged by Marketing. To take a marketer along, use `visit invite @marketer market:NAME on:DATE`.";

impl Bot {
    /// `visit log` alone: what to type, and for a marketer, the form where a platform has one.
    pub(super) fn visit_log_form(&self, person: &Person) -> Reply {
        Reply {
            message: Message::text(command::log_alone_hint()),
            outcome: Outcome::Invalid,
            command: Some(CommandName::Visit),
            form: (person.team == Team::Marketing).then_some(Form::LogVisit),
        }
    }

    /// The log-a-visit form for `from`: the Sales people and kinds to choose from, and their
    /// today. `Err` with what to say instead when `from` does not log visits.
    pub fn visit_form(&self, from: &Identity) -> Result<VisitForm, Reply> {
        let directory = self.directory();
        let person = match directory.identify(from) {
            Some(person) if person.team == Team::Marketing => person,
            _ => return Err(Reply::refused(CommandName::Visit, ONLY_MARKETING)),
        };
        Ok(VisitForm {
            companions: directory
                .members_of(Team::Sales)
                .map(|p| p.name.to_string())
                .collect(),
            kinds: self.settings.visits.kinds.names().to_vec(),
            today: self.today(person),
        })
    }

    /// Logs a visit from the form's fields, as `visit log` would; a field that is wrong comes
    /// back with its message, and nothing is logged.
    pub fn log_visit_from_form(
        &self,
        from: &Identity,
        fields: &VisitFields,
    ) -> Result<Unsettled, Vec<(VisitField, String)>> {
        let command = parse_visit_form(fields)?;
        if let (Some(person), Command::Visit(VisitCommand::Log { on, with, kind, .. })) =
            (self.directory().identify(from), &command)
            && let Err(problem) = self.check_log(person, *on, with.as_deref(), kind.clone())
        {
            return Err(vec![(problem.field, problem.text)]);
        }
        Ok(self.handle_command(from, command))
    }

    /// The rules of a logged visit: Marketing logs it, the date (today by default) has come and
    /// is within the month, `with:` is in Sales, the kind is configured.
    pub(super) fn check_log(
        &self,
        person: &Person,
        on: Option<NaiveDate>,
        with: Option<&str>,
        kind: Option<String>,
    ) -> Result<LogChecked, LogProblem> {
        let problem = |field, text: String| LogProblem { field, text };
        if person.team != Team::Marketing {
            return Err(problem(VisitField::Market, ONLY_MARKETING.into()));
        }
        let today = self.today(person);
        let date = on.unwrap_or(today);
        if let Err(rule) = visit::check_logged(date, today) {
            return Err(problem(VisitField::Date, format!("{rule}.")));
        }
        let companion = self
            .companion(with)
            .map_err(|why| problem(VisitField::Companion, why))?;
        let kinds = self.settings.visits.kinds.names();
        if let Some(k) = kind.as_ref().filter(|k| !kinds.contains(k)) {
            let why = format!(
                "\"{k}\" is not a kind of visit; use one of: {}.",
                kinds.join(", ")
            );
            return Err(problem(VisitField::Kind, why));
        }
        Ok(LogChecked {
            date,
            companion: companion.map(|c| c.name.clone()),
            kind,
        })
    }
}
