//! The bot's front door: who is speaking, what they typed, and what they get back.

use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::presence::LastPlatform;
use super::reply::{Form, Outcome, Reply, Unsettled};
use super::roster::Roster;
use crate::clock::Clock;
use crate::command::{
    self, Command, CommandName, FormField, ParseContext, RequestFields, help_for, help_overview,
};
use crate::config::Settings;
use crate::domain::{Directory, Identity, Person, Team};
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

/// The bot: settings, store and clock; no platform in sight.
#[derive(Clone)]
pub struct Bot {
    pub(super) settings: Arc<Settings>,
    pub(super) store: Arc<dyn Store>,
    pub(super) clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    /// Who is in which team now: `[[people]]`, and the last directory sync.
    roster: Arc<Roster>,
}

impl Bot {
    pub fn new(settings: Arc<Settings>, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        let roster = Arc::new(Roster::new(super::directory_records::restored(
            &settings,
            store.as_ref(),
        )));
        Bot {
            settings,
            store,
            clock,
            metrics: Arc::default(),
            roster,
        }
    }

    /// The directory as it stands now; keep it for the length of one piece of work.
    pub fn directory(&self) -> Arc<Directory> {
        self.roster.current()
    }

    /// The live directory, which a directory sync replaces.
    pub fn roster(&self) -> &Arc<Roster> {
        &self.roster
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

    /// Handles one command line. The work is done at once and never waits for the disk; the
    /// reply is shown once `settle` says the disk has it.
    pub fn handle(&self, incoming: &Incoming) -> Unsettled {
        let reply = self.answer(incoming);
        self.unsettled(reply)
    }

    /// The reply, once the disk has what it tells of and shows, holding no thread meanwhile;
    /// if the disk fails, a reply that something was done says what happened instead.
    pub async fn settle(&self, unsettled: Unsettled) -> Reply {
        let reply = unsettled.settle(self.store.as_ref()).await;
        self.count(&reply);
        reply
    }

    /// `settle`, blocking the thread.
    pub fn settle_blocking(&self, unsettled: Unsettled) -> Reply {
        let reply = unsettled.settle_blocking(self.store.as_ref());
        self.count(&reply);
        reply
    }

    /// `handle` and `settle_blocking` in one.
    pub fn handle_blocking(&self, incoming: &Incoming) -> Reply {
        let unsettled = self.handle(incoming);
        self.settle_blocking(unsettled)
    }

    /// `handle` and `settle` in one.
    pub async fn handle_settled(&self, incoming: &Incoming) -> Reply {
        let unsettled = self.handle(incoming);
        self.settle(unsettled).await
    }

    /// A reply that waits for everything written so far: what the command wrote and what it
    /// read (see `Ticket`).
    fn unsettled(&self, reply: Reply) -> Unsettled {
        Unsettled {
            reply,
            ticket: self.store.written(),
        }
    }

    fn answer(&self, incoming: &Incoming) -> Reply {
        let directory = self.directory();
        let Some(person) = directory.identify(&incoming.from) else {
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
    ) -> Result<Unsettled, Vec<(FormField, String)>> {
        let directory = self.directory();
        let Some(person) = directory.identify(from) else {
            return Ok(self.unsettled(self.stranger()));
        };
        let ctx = ParseContext {
            kinds: &self.settings.requests.kinds,
            today: self.today(person),
        };
        let new = command::parse_request_form(fields, &ctx)?;
        Ok(self.unsettled(self.file(person, new)))
    }

    /// Runs a command a platform built itself (from a form), as `from`.
    pub fn handle_command(&self, from: &Identity, command: Command) -> Unsettled {
        let reply = match self.directory().identify(from) {
            Some(person) => self.run(person, command),
            None => self.stranger(),
        };
        self.unsettled(reply)
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
            Command::ShowAll { id, page } => self.show_all(person, id, page),
            Command::Act { id, action } => self.act(person, id, action),
            Command::Assign { id, to } => self.assign(person, id, &to),
            Command::AdminOutbox => self.admin_outbox(person),
            Command::AdminBackup => self.admin_backup(person),
            Command::AdminSync { confirm } => self.admin_sync(person, confirm),
            Command::AnswerForm { prompt } if self.is_launch(&prompt) => {
                self.show_review_form(person, &prompt)
            }
            // A form's answers come held to the longest a form holds (a plan's input); a
            // prompt's and a review's answers have their own, shorter limit.
            Command::Answer { prompt, answers }
                if !self.is_plan(&prompt) && too_long(&answers).is_some() =>
            {
                let (question, chars) = too_long(&answers).unwrap_or_default();
                let max = crate::domain::Input::Answer.max_chars();
                Reply::refused(
                    CommandName::Answer,
                    format!(
                        "Answer {question}: too long: it is {chars} characters long; the limit is {max}."
                    ),
                )
            }
            Command::Answer { prompt, answers } if self.is_launch(&prompt) => {
                let given = crate::domain::Given {
                    answers,
                    ..Default::default()
                };
                self.answer_review(person, &prompt, &given)
            }
            Command::AnswerForm { prompt } if self.is_plan(&prompt) => {
                match crate::domain::PlanName::parse(&prompt) {
                    Ok(name) => self.plan(person, crate::command::PlanCommand::InputForm(name)),
                    Err(error) => Reply::refused(CommandName::Plan, error.to_string()),
                }
            }
            Command::Answer { prompt, answers } if self.is_plan(&prompt) => {
                self.answer_plan(person, &prompt, &answers)
            }
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
            Command::Visit(visit) => self.visit(person, visit),
            Command::RequestFor { new, launch } => self.file_for_launch(person, new, &launch),
            Command::Launch(launch) => self.launch(person, launch),
            Command::AnswerReview { launch, given } => self.answer_review(person, &launch, &given),
            Command::Pair(command) => self.pair(person, command),
            Command::Action(command) => self.action(person, command),
            Command::Plan(command) => self.plan(person, command),
            Command::Report(month) => self.report(person, month),
        }
    }

    /// Someone who is in no team: say whom to ask, record nothing.
    fn stranger(&self) -> Reply {
        let directory = self.directory();
        let leads: Vec<String> = [Team::Sales, Team::Marketing]
            .iter()
            .flat_map(|team| {
                directory
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
        let last = LastPlatform(platform.to_string());
        // The command's reply waits for everything written before it, this too.
        if let Err(error) = self.store.keep_if_changed(&person.name, &last) {
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

/// The first answer over an answer's limit (its question, its length), if any.
fn too_long(answers: &[(usize, crate::domain::Text)]) -> Option<(usize, usize)> {
    let max = crate::domain::Input::Answer.max_chars();
    answers
        .iter()
        .map(|(question, text)| (*question, text.as_str().chars().count()))
        .find(|(_, chars)| *chars > max)
}
