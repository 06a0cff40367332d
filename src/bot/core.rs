//! The bot's front door: who is speaking, what they typed, and what they get back.

use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::presence::LAST_PLATFORM;
use crate::clock::Clock;
use crate::command::{
    self, Command, CommandName, FormField, ParseContext, RequestFields, help_for, help_overview,
};
use crate::config::Settings;
use crate::domain::{Identity, Person, Team};
use crate::message::Message;
use crate::metrics::Metrics;
use crate::store::{Store, StoreError};

/// A command line from a person, as a platform received it.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub from: Identity,
    /// The command text without `/tandem` or a mention in front.
    pub text: String,
}

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

/// A form a platform can show instead of a typed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    /// `request` alone: a form for a new request (Slack opens a modal).
    NewRequest,
    /// `answer <prompt>` alone: a form with one field per question (`Bot::answer_form`).
    Answer { prompt: String },
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

    pub(super) fn failed(command: CommandName, error: &StoreError) -> Self {
        tracing::error!(%command, %error, "command failed");
        let text = "Sorry, something went wrong on my side and nothing was saved. Please try again in a minute.";
        Reply {
            message: Message::text(text),
            outcome: Outcome::Failed,
            command: Some(command),
            form: None,
        }
    }

    /// This reply once its change could not be saved: one that said something was done says
    /// instead that nothing was saved; a refusal or an error stays as it was.
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

/// The bot: settings, store and clock; no platform in sight.
#[derive(Clone)]
pub struct Bot {
    pub(super) settings: Arc<Settings>,
    pub(super) store: Arc<dyn Store>,
    pub(super) clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
}

impl Bot {
    pub fn new(settings: Arc<Settings>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Bot {
            settings,
            store,
            clock,
            metrics: Arc::default(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The card of a request as it stands now (for platforms that refresh a card in place).
    pub fn request_card(
        &self,
        id: crate::domain::RequestId,
    ) -> Result<Option<Message>, StoreError> {
        let request = self.store.request(id)?;
        Ok(request.map(|r| super::views::card(&r, self.settings.timezone)))
    }

    /// Handles one command line. Blocks until any change it makes is durable, so async callers
    /// use `handle_async` (or `spawn_blocking`).
    pub fn handle(&self, incoming: &Incoming) -> Reply {
        let reply = self.answer(incoming);
        self.count(&reply);
        reply
    }

    /// Handles one command line on an async thread: the work is done at once, and the reply
    /// comes once what it changed is on disk, with no thread waiting for the disk meanwhile.
    /// If the disk fails, a reply that something was done says instead that nothing was saved.
    pub async fn handle_async(&self, incoming: &Incoming) -> Reply {
        let reply = match crate::store::durably(self.store.as_ref(), || self.answer(incoming)).await
        {
            Ok(reply) => reply,
            Err((reply, error)) => reply.unsaved(&error),
        };
        self.count(&reply);
        reply
    }

    fn answer(&self, incoming: &Incoming) -> Reply {
        let Some(person) = self.settings.directory.identify(&incoming.from) else {
            return self.stranger();
        };
        self.remember_platform(person, &incoming.from);
        let ctx = ParseContext {
            kinds: &self.settings.requests.kinds,
            today: self.today(person),
        };
        match command::parse(&incoming.text, &ctx) {
            Ok(command) => self.run(person, command),
            Err(error) => Reply {
                message: Message::text(error.explain()),
                outcome: Outcome::Invalid,
                command: error.command(),
                form: None,
            },
        }
    }

    /// Files a request from form fields (a Slack modal). A field that is wrong comes back with
    /// its message, and nothing is filed.
    pub fn file_from_form(
        &self,
        from: &Identity,
        fields: &RequestFields,
    ) -> Result<Reply, Vec<(FormField, String)>> {
        let Some(person) = self.settings.directory.identify(from) else {
            return Ok(self.stranger());
        };
        let ctx = ParseContext {
            kinds: &self.settings.requests.kinds,
            today: self.today(person),
        };
        let new = command::parse_request_form(fields, &ctx)?;
        let reply = self.file(person, new);
        self.count(&reply);
        Ok(reply)
    }

    /// Runs a command a platform built itself (from a form), as `from`.
    pub fn handle_command(&self, from: &Identity, command: Command) -> Reply {
        let reply = match self.settings.directory.identify(from) {
            Some(person) => self.run(person, command),
            None => self.stranger(),
        };
        self.count(&reply);
        reply
    }

    fn run(&self, person: &Person, command: Command) -> Reply {
        match command {
            Command::Help(None) => Reply::done(CommandName::Help, Message::text(help_overview())),
            Command::Help(Some(name)) => {
                Reply::done(CommandName::Help, Message::text(help_for(name)))
            }
            Command::RequestForm => Reply {
                form: Some(Form::NewRequest),
                ..Reply::refused(
                    CommandName::Request,
                    format!(
                        "Put the request on one line:\n`{}`",
                        CommandName::Request.usage()
                    ),
                )
            },
            Command::Request(new) => self.file(person, new),
            Command::List(filter) => self.list(person, filter),
            Command::Show(id) => self.show(person, id),
            Command::Act { id, action } => self.act(person, id, action),
            Command::Assign { id, to } => self.assign(person, id, &to),
            Command::AdminOutbox => self.admin_outbox(person),
            Command::AnswerForm { prompt } => {
                let reply = self.show_answer_form(person, &prompt);
                match reply.outcome {
                    Outcome::Done => Reply {
                        form: Some(Form::Answer { prompt }),
                        ..reply
                    },
                    _ => reply,
                }
            }
            Command::Answer { prompt, answers } => self.answer_prompt(person, &prompt, &answers),
            Command::Pause(duration) => self.pause(person, duration),
            Command::Resume => self.resume(person),
            Command::Digest => self.digest_preview(),
        }
    }

    /// Someone who is in no team: say whom to ask, record nothing.
    fn stranger(&self) -> Reply {
        let leads: Vec<String> = [Team::Sales, Team::Marketing]
            .iter()
            .flat_map(|team| {
                self.settings
                    .directory
                    .leads(*team)
                    .map(move |p| format!("{} ({} lead)", p.name, team.label()))
            })
            .collect();
        let ask = if leads.is_empty() {
            "whoever runs Tandem here".to_string()
        } else {
            leads.join(" or ")
        };
        Reply {
            message: Message::text(format!(
                "Hi! You're not set up in Tandem yet, so I can't record anything for you. \
                 Ask {ask} to add you to the Sales or Marketing team."
            )),
            outcome: Outcome::Refused,
            command: None,
            form: None,
        }
    }

    /// Keeps where a person last wrote from, so DMs reach them there.
    fn remember_platform(&self, person: &Person, from: &Identity) {
        let Some(platform) = from.platform() else {
            return;
        };
        let key = person.name.as_str();
        let known = self.store.kv_get(LAST_PLATFORM, key);
        if matches!(known, Ok(Some(ref p)) if p.as_slice() == platform.as_bytes()) {
            return;
        }
        if let Err(error) = self.store.kv_put(LAST_PLATFORM, key, platform.as_bytes()) {
            tracing::warn!(%error, "could not remember where a person wrote from");
        }
    }

    /// Counts a command by name and outcome for `/metrics`.
    fn count(&self, reply: &Reply) {
        let name = reply
            .command
            .map_or("unknown".to_string(), |c| c.to_string());
        self.metrics.command(&name, reply.outcome.label());
    }

    pub(super) fn zone(&self, person: &Person) -> Tz {
        self.zone_of(person)
    }

    pub(super) fn today(&self, person: &Person) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&self.zone(person))
            .date_naive()
    }
}
