//! What a person gets back, and how a reply waits for the disk before anyone sees it.

use crate::command::CommandName;
use crate::message::Message;
use crate::store::{Store, StoreError, Ticket};

/// How a command went, for metrics and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; anything it changed is on disk.
    Done,
    /// Understood, but not allowed or not possible; nothing changed.
    Refused,
    /// Not understood; nothing changed.
    Invalid,
    /// Something broke on our side; nothing acknowledged.
    Failed,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
            Outcome::Invalid => "invalid",
            Outcome::Failed => "failed",
        }
    }
}

/// A form a platform can show instead of a typed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    /// `request` alone: a form for a new request (Slack opens a modal).
    NewRequest,
    /// `answer <prompt>` alone: a form with one field per question (`Bot::answer_form`).
    Answer { prompt: String },
    /// `visit log` alone, by a marketer: the log-a-visit form (`Bot::visit_form`).
    LogVisit,
}

/// The answer to the person who wrote. Messages for others went to the outbox.
#[derive(Clone, Debug)]
pub struct Reply {
    pub message: Message,
    pub outcome: Outcome,
    pub command: Option<CommandName>,
    /// Set when a platform with forms should show one; `message` says what to type instead.
    pub form: Option<Form>,
}

impl Reply {
    pub(super) fn done(command: CommandName, message: Message) -> Self {
        Reply {
            message,
            outcome: Outcome::Done,
            command: Some(command),
            form: None,
        }
    }

    pub(super) fn refused(command: CommandName, text: impl Into<String>) -> Self {
        Reply {
            message: Message::text(text),
            outcome: Outcome::Refused,
            command: Some(command),
            form: None,
        }
    }

    /// A command that broke on our side. If its change may have been saved after all, it says
    /// so, and how to look, so that nobody files the same thing twice.
    pub(super) fn failed(command: CommandName, error: &StoreError) -> Self {
        tracing::error!(%command, %error, "command failed");
        let text = if error.disk_full() && !command.only_reads() {
            "Nothing was saved: the disk Tandem keeps its record on is full. Looking things up \
             still works; please tell whoever runs Tandem, and try again once they have made room."
        } else if error.may_be_saved() && !command.only_reads() {
            "Something went wrong on my side while saving this, so I can't tell whether it was \
             saved. Please look before you try again: `list mine` shows your requests, `show <ID>` \
             one request's steps."
        } else {
            "Sorry, something went wrong on my side and nothing was saved. Please try again in a minute."
        };
        Reply {
            message: Message::text(text),
            outcome: Outcome::Failed,
            command: Some(command),
            form: None,
        }
    }

    /// A sentence from a platform itself, about something that never reached a command (a
    /// form it could not read).
    pub fn say(message: Message) -> Self {
        Reply {
            message,
            outcome: Outcome::Invalid,
            command: None,
            form: None,
        }
    }

    /// This reply once what it says could not be made durable: one that said something was
    /// done says what `failed` says instead; a refusal or an error stays as it was.
    pub fn unsaved(self, error: &StoreError) -> Reply {
        match (self.outcome, self.command) {
            (Outcome::Done, Some(command)) => Reply::failed(command, error),
            _ => self,
        }
    }

    /// The reply as plain text (for the shell and tests).
    pub fn text(&self) -> String {
        crate::message::render_plain(&self.message)
    }
}

/// A reply that must not be shown before the disk has what it tells of (every change the
/// command made) and what it shows (every record it read): both are covered by `ticket`.
#[must_use = "a reply is shown only once it is settled"]
#[derive(Debug)]
pub struct Unsettled {
    pub(super) reply: Reply,
    pub(super) ticket: Ticket,
}

impl Unsettled {
    /// A reply that tells of nothing stored and shows nothing stored.
    pub fn ready(reply: Reply) -> Self {
        Unsettled {
            reply,
            ticket: Ticket::DURABLE,
        }
    }

    /// What the reply waits on.
    pub fn ticket(&self) -> Ticket {
        self.ticket
    }

    /// The reply as it will read if the disk has it (to choose a form, say); not to be shown.
    pub fn unsettled(&self) -> &Reply {
        &self.reply
    }

    /// The reply, once its ticket is on disk (else the reply that says so), holding no thread.
    pub async fn settle(self, store: &dyn Store) -> Reply {
        match store.durable(self.ticket).await {
            Ok(()) => self.reply,
            Err(error) => self.reply.unsaved(&error),
        }
    }

    /// `settle`, blocking the thread.
    pub fn settle_blocking(self, store: &dyn Store) -> Reply {
        match store.durable_blocking(self.ticket) {
            Ok(()) => self.reply,
            Err(error) => self.reply.unsaved(&error),
        }
    }
}
