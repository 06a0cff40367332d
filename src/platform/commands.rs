//! Running a person's command for a platform, and the form its reply asks for: written once for
//! every platform. A reply comes back only once what the command wrote is on disk, and the
//! outbox is woken for what it queued.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::bot::{Bot, Form, Incoming, Reply};
use crate::command::{Command, FormField, RequestFields, VisitField, VisitFields};
use crate::domain::Identity;
use crate::message::{AnswerForm, VisitForm};

/// The bot as a platform runs commands on it, with the outbox's waker.
#[derive(Clone)]
pub struct Commands {
    bot: Bot,
    wake: Arc<Notify>,
}

impl Commands {
    pub fn new(bot: Bot, wake: Arc<Notify>) -> Self {
        Commands { bot, wake }
    }

    pub fn bot(&self) -> &Bot {
        &self.bot
    }

    /// Tells the outbox there may be new messages.
    pub fn wake_outbox(&self) {
        self.wake.notify_one();
    }

    /// Runs a typed command line.
    pub async fn line(&self, incoming: &Incoming) -> Reply {
        let reply = self.bot.handle_settled(incoming).await;
        self.wake_outbox();
        reply
    }

    /// Runs a command the platform built itself (from a submitted form).
    pub async fn command(&self, from: &Identity, command: Command) -> Reply {
        let unsettled = self.bot.handle_command(from, command);
        let reply = self.bot.settle(unsettled).await;
        self.wake_outbox();
        reply
    }

    /// Files a request from a form's fields; a field that is wrong comes back with its message,
    /// and nothing is filed.
    pub async fn filing(
        &self,
        from: &Identity,
        fields: &RequestFields,
    ) -> Result<Reply, Vec<(FormField, String)>> {
        let unsettled = self.bot.file_from_form(from, fields)?;
        let reply = self.bot.settle(unsettled).await;
        self.wake_outbox();
        Ok(reply)
    }

    /// Logs a visit from the log-a-visit form's fields; a field that is wrong (by the form's
    /// checks or the bot's rules) comes back with its message, and nothing is logged.
    pub async fn visit_log(
        &self,
        from: &Identity,
        fields: &VisitFields,
    ) -> Result<Reply, Vec<(VisitField, String)>> {
        let unsettled = self.bot.log_visit_from_form(from, fields)?;
        let reply = self.bot.settle(unsettled).await;
        self.wake_outbox();
        Ok(reply)
    }
}

/// A form a reply asks the platform to show, built for the person who asked.
#[derive(Clone, Debug, PartialEq)]
pub enum FormToShow {
    /// A form for a new request.
    NewRequest,
    /// A prompt's questions, one field each.
    Answer(AnswerForm),
    /// The log-a-visit form, with the Sales people and kinds to choose from.
    LogVisit(VisitForm),
}

/// The form `reply` asks for (the bot asks for one only where it fits: a new-request form
/// beside the typed grammar, an answer form once the person may answer), built for `from`;
/// `Err` with what to say instead when it cannot be built (the person was never asked).
pub fn form_to_show(
    bot: &Bot,
    from: &Identity,
    reply: &Reply,
) -> Option<Result<FormToShow, Reply>> {
    match reply.form.as_ref()? {
        Form::NewRequest => Some(Ok(FormToShow::NewRequest)),
        Form::Answer { prompt } => Some(bot.answer_form(from, prompt).map(FormToShow::Answer)),
        Form::LogVisit => Some(bot.visit_form(from).map(FormToShow::LogVisit)),
    }
}
