//! Launch review commands: a lead opens or closes a round; everyone asked answers it blind,
//! by a line or a form, and may change their answers until it closes.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::core::Bot;
use super::format;
use super::launch_views;
use super::reply::{Form, Reply};
use super::review_replies;
use super::review_rounds::{DEFAULT_OPEN_DAYS, end_of};
use crate::command::CommandName;
use crate::domain::launch::may_run_review;
use crate::domain::review::ReviewError;
use crate::domain::{Given, Launch, LaunchName, Person};
use crate::message::{AnswerForm, ReviewChoices};
use crate::store::{LaunchWrite, StoreError};

/// How often a write is retried when the launch changed at the same moment.
const MAX_ATTEMPTS: usize = 5;
const LAUNCH: CommandName = CommandName::Launch;
const ANSWER: CommandName = CommandName::Answer;

impl Bot {
    /// `launch review <name> [closes:DATE]` (a lead).
    pub(super) fn open_review(
        &self,
        person: &Person,
        name: &LaunchName,
        closes: Option<NaiveDate>,
    ) -> Reply {
        if let Err(refusal) = may_run_review(person, "open") {
            return Reply::refused(LAUNCH, refusal.to_string());
        }
        for _ in 0..MAX_ATTEMPTS {
            let launch = match self.find_launch(LAUNCH, name) {
                Ok(launch) => launch,
                Err(reply) => return reply,
            };
            if let Some(review) = &launch.review {
                let text = match review.closed {
                    Some(_) => format!(
                        "The review of {name} is closed; `launch show {name}` shows its result."
                    ),
                    None => format!(
                        "The review of {name} is already open, until the end of {}.",
                        format::date(review.closes_on)
                    ),
                };
                return Reply::refused(LAUNCH, text);
            }
            let now = self.clock.now();
            let closes_on = closes
                .unwrap_or_else(|| self.company_today(now) + Duration::days(DEFAULT_OPEN_DAYS));
            // `closes:` was checked against the lead's own today; the round ends by the company's.
            if end_of(closes_on, self.settings.timezone) <= now {
                return Reply::refused(
                    LAUNCH,
                    format!(
                        "closes:{closes_on} is already over in the company's time zone ({}).",
                        self.settings.timezone
                    ),
                );
            }
            let (write, outgoing) =
                match self.open_round(launch, Some(person.name.clone()), closes_on, now) {
                    Ok(opened) => opened,
                    Err(error) => return Reply::failed(LAUNCH, &error),
                };
            match self.store.save_launch(&write, &outgoing, now) {
                Ok(_) => {
                    return Reply::done(
                        LAUNCH,
                        review_replies::opened(&write.launch, outgoing.len()),
                    );
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(LAUNCH, &error),
            }
        }
        Reply::failed(LAUNCH, &StoreError::Conflict)
    }

    /// `launch close <name>` (a lead): closes the round now, unless an anonymous result would
    /// be refused.
    pub(super) fn close_review(&self, person: &Person, name: &LaunchName) -> Reply {
        if let Err(refusal) = may_run_review(person, "close") {
            return Reply::refused(LAUNCH, refusal.to_string());
        }
        for _ in 0..MAX_ATTEMPTS {
            let launch = match self.find_launch(LAUNCH, name) {
                Ok(launch) => launch,
                Err(reply) => return reply,
            };
            let Some(review) = &launch.review else {
                return Reply::refused(LAUNCH, no_review(name));
            };
            if review.closed.is_some() {
                let error = ReviewError::AlreadyClosed {
                    launch: name.to_string(),
                };
                return Reply::refused(LAUNCH, error.to_string());
            }
            if let Some(why) = review.withheld() {
                return Reply::refused(
                    LAUNCH,
                    format!(
                        "{why} So I won't close it yet: remind those who haven't answered. If it \
                         closes at its date like this, the answers stay hidden."
                    ),
                );
            }
            let now = self.clock.now();
            let (write, outgoing) = match self.close_round(launch, Some(person.name.clone()), now) {
                Ok(closed) => closed,
                Err(error) => return Reply::failed(LAUNCH, &error),
            };
            match self.store.save_launch(&write, &outgoing, now) {
                Ok(_) => {
                    return Reply::done(LAUNCH, review_replies::closed(&write.launch, &outgoing));
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(LAUNCH, &error),
            }
        }
        Reply::failed(LAUNCH, &StoreError::Conflict)
    }

    /// Answers to a review: saved, blind, changeable until the close.
    pub(super) fn answer_review(&self, person: &Person, name: &str, given: &Given) -> Reply {
        if let Some(prompt) = self.settings.prompt(name) {
            return Reply::refused(
                ANSWER,
                format!(
                    "cause: and score: belong to launch reviews; {} is a prompt.",
                    prompt.id
                ),
            );
        }
        let Ok(name) = LaunchName::parse(name) else {
            return Reply::refused(ANSWER, format!("I know no prompt or launch \"{name}\"."));
        };
        for _ in 0..MAX_ATTEMPTS {
            let mut launch = match self.open_launch(person, &name) {
                Ok(launch) => launch,
                Err(reply) => return reply,
            };
            let now = self.clock.now();
            let Some(review) = launch.review.as_mut() else {
                return Reply::refused(ANSWER, no_review(&name));
            };
            if let Err(error) = review.answer(name.as_str(), &person.name, given, now) {
                return Reply::refused(ANSWER, error.to_string());
            }
            let write = LaunchWrite::next(launch);
            // The reply waits for everything written (`Bot::handle`): "saved" means on disk.
            match self.store.save_launch(&write, &[], now) {
                Ok(_) => {
                    return Reply::done(
                        ANSWER,
                        review_replies::thanks(&write.launch, &person.name),
                    );
                }
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(ANSWER, &error),
            }
        }
        Reply::failed(ANSWER, &StoreError::Conflict)
    }

    /// `answer <launch>` alone: the questions and one's answers so far, and a form where the
    /// platform has forms.
    pub(super) fn show_review_form(&self, person: &Person, name: &str) -> Reply {
        let launch = match LaunchName::parse(name).map(|n| self.open_launch(person, &n)) {
            Ok(Ok(launch)) => launch,
            Ok(Err(reply)) => return reply,
            Err(_) => return Reply::refused(ANSWER, format!("I know no launch \"{name}\".")),
        };
        let Some(review) = &launch.review else {
            return Reply::refused(ANSWER, no_review(&launch.name));
        };
        let message =
            launch_views::review_form_text(&launch, review, review.answer_of(&person.name));
        Reply {
            form: Some(Form::Answer {
                prompt: launch.name.to_string(),
            }),
            ..Reply::done(ANSWER, message)
        }
    }

    /// A review's answer form for `person`, or the reply that says why not.
    pub(super) fn review_answer_form(
        &self,
        person: &Person,
        name: &str,
    ) -> Result<AnswerForm, Reply> {
        let name = LaunchName::parse(name)
            .map_err(|_| Reply::refused(ANSWER, format!("I know no launch \"{name}\".")))?;
        let launch = self.open_launch(person, &name)?;
        let review = launch
            .review
            .as_ref()
            .ok_or_else(|| Reply::refused(ANSWER, no_review(&name)))?;
        let mine = review.answer_of(&person.name);
        Ok(AnswerForm {
            prompt: launch.name.to_string(),
            round: format!(
                "review · closes at the end of {}",
                format::date(review.closes_on)
            ),
            questions: review.questions.clone(),
            answers: (0..review.questions.len())
                .map(|i| mine.and_then(|m| m.answers.get(i)?.as_ref().map(|t| t.to_string())))
                .collect(),
            review: Some(ReviewChoices {
                causes: review.causes.clone(),
                cause: mine.and_then(|m| m.cause.clone()),
                score: mine.and_then(|m| m.score.map(|s| s.get())),
            }),
            input: crate::domain::Input::Answer,
        })
    }

    /// The launch, if its review is open and asked `person`; else the reply that says why.
    fn open_launch(&self, person: &Person, name: &LaunchName) -> Result<Launch, Reply> {
        let launch = self.find_launch(ANSWER, name)?;
        let Some(review) = &launch.review else {
            return Err(Reply::refused(ANSWER, no_review(name)));
        };
        let launch_name = name.to_string();
        if !review.is_open(self.clock.now()) {
            return Err(Reply::refused(
                ANSWER,
                ReviewError::Closed {
                    launch: launch_name,
                }
                .to_string(),
            ));
        }
        if !review.was_asked(&person.name) {
            return Err(Reply::refused(
                ANSWER,
                ReviewError::NotAsked {
                    launch: launch_name,
                }
                .to_string(),
            ));
        }
        Ok(launch)
    }

    fn company_today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.settings.timezone).date_naive()
    }
}

fn no_review(name: &LaunchName) -> String {
    format!("{name} has no review open; a lead opens one with `launch review {name}`.")
}
