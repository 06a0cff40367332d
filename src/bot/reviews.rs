//! Launch review rounds: opening one (a lead, or the schedule), answering it blind, and
//! closing it (a lead, or its date) with the result posted where both teams read it.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::core::Bot;
use super::format;
use super::launch_views;
use super::reply::{Form, Reply};
use super::review_views;
use crate::command::CommandName;
use crate::domain::facts::{Facts, window_start};
use crate::domain::launch::may_run_review;
use crate::domain::review::{Asked, ReviewError};
use crate::domain::{Given, Launch, LaunchName, Person, PersonName, Review, Team};
use crate::message::{AnswerForm, Destination, Message, Op, Outgoing, ReviewChoices};
use crate::store::{LaunchWrite, StoreError};

/// How long a round stays open when `closes:` is not given.
pub const DEFAULT_OPEN_DAYS: i64 = 7;
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
            let (write, outgoing) =
                match self.open_round(launch, Some(person.name.clone()), closes_on, now) {
                    Ok(opened) => opened,
                    Err(error) => return Reply::failed(LAUNCH, &error),
                };
            match self.store.save_launch(&write, &outgoing, now) {
                Ok(_) => return Reply::done(LAUNCH, opened(&write.launch, outgoing.len())),
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
                Ok(_) => return Reply::done(LAUNCH, closed(&write.launch, &outgoing)),
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
                Ok(_) => return Reply::done(ANSWER, thanks(&write.launch, &person.name)),
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

    /// Opens `launch`'s round: the facts frozen, everyone in both teams asked, a DM to each
    /// who is not paused. Returns the launch to save and the DMs.
    pub(crate) fn open_round(
        &self,
        mut launch: Launch,
        by: Option<PersonName>,
        closes_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(LaunchWrite, Vec<Outgoing>), StoreError> {
        let company = self.settings.timezone;
        let linked = self.store.launch_requests(&launch.name)?;
        let settings = &self.settings.reviews;
        let asked: Vec<Asked> = Team::ALL
            .iter()
            .flat_map(|team| self.settings.directory.members_of(*team))
            .map(|p| Asked {
                person: p.name.clone(),
                team: p.team,
            })
            .collect();
        let review = Review {
            opened_by: by,
            opened_at: now,
            closes_on,
            closes_at: end_of(closes_on, company),
            questions: settings.questions.clone(),
            causes: settings.causes.clone(),
            anonymous: settings.anonymous,
            facts: Facts::gather(launch.name.as_str(), &linked, &[], company),
            asked,
            answers: Vec::new(),
            reminded: Vec::new(),
            closed: None,
        };
        let mut outgoing = Vec::new();
        for asked in &review.asked {
            if self.paused_until(&asked.person, now)?.is_some() {
                continue;
            }
            let zone = self
                .settings
                .directory
                .by_name(asked.person.as_str())
                .map_or(company, |p| self.zone_of(p));
            outgoing.push(dm(
                &asked.person,
                launch_views::review_dm(&launch, &review, zone),
            ));
        }
        launch.review = Some(review);
        Ok((LaunchWrite::next(launch), outgoing))
    }

    /// Closes `launch`'s round with the facts as they stand, and posts the result where both
    /// teams read it. Returns the launch to save and the post.
    pub(crate) fn close_round(
        &self,
        mut launch: Launch,
        by: Option<PersonName>,
        now: DateTime<Utc>,
    ) -> Result<(LaunchWrite, Vec<Outgoing>), StoreError> {
        let company = self.settings.timezone;
        let linked = self.store.launch_requests(&launch.name)?;
        let from = window_start(launch.on, company);
        let asks = if from < now {
            self.store.asks_between(from, now)?
        } else {
            Vec::new()
        };
        let facts = Facts::gather(launch.name.as_str(), &linked, &asks, company);
        let name = launch.name.to_string();
        let Some(review) = launch.review.as_mut() else {
            return Err(StoreError::NotFound);
        };
        review
            .close(&name, by, facts, now)
            .map_err(|_| StoreError::Conflict)?;
        let message = review_views::result(
            &launch,
            launch.review.as_ref().expect("just closed"),
            company,
        );
        let outgoing = self
            .result_channels()
            .into_iter()
            .map(|channel| Outgoing {
                to: Destination::Channel(channel),
                op: Op::Post,
                message: message.clone(),
            })
            .collect();
        Ok((LaunchWrite::next(launch), outgoing))
    }

    /// The one reminder DM of a round, for someone who has not answered.
    pub(crate) fn review_reminder(&self, launch: &Launch, person: &PersonName) -> Option<Outgoing> {
        let review = launch.review.as_ref()?;
        Some(dm(person, launch_views::review_reminder(launch, review)))
    }

    /// Where a result goes: the joint channel, else both teams' channels.
    fn result_channels(&self) -> Vec<String> {
        match self.settings.joint_channel() {
            Some(channel) => vec![channel.to_string()],
            None => Team::ALL.iter().map(|t| t.channel().to_string()).collect(),
        }
    }

    fn company_today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.settings.timezone).date_naive()
    }
}

/// The end of `day` in `zone`: the first instant of the next day.
pub fn end_of(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = (day + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    zone.from_local_datetime(&next)
        .earliest()
        .map_or(next.and_utc(), |t| t.with_timezone(&Utc))
}

fn dm(person: &PersonName, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(person.clone()),
        op: Op::Post,
        message,
    }
}

fn no_review(name: &LaunchName) -> String {
    format!("{name} has no review open; a lead opens one with `launch review {name}`.")
}

fn opened(launch: &Launch, dms: usize) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let (_, sales) = review.counts(Team::Sales);
    let (_, marketing) = review.counts(Team::Marketing);
    Message::text(format!(
        "Opened the review of {}: {} people asked ({sales} in Sales, {marketing} in Marketing), \
         {dms} DM{} sent with the facts and the questions. It closes at the end of {}. Nobody sees \
         anyone's answers until then; `launch show {}` tells how many answered.",
        launch.label(),
        sales + marketing,
        if dms == 1 { "" } else { "s" },
        format::date(review.closes_on),
        launch.name
    ))
}

fn closed(launch: &Launch, outgoing: &[Outgoing]) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let counts: Vec<String> = Team::ALL
        .iter()
        .map(|t| {
            let (answered, asked) = review.counts(*t);
            format!("{answered} of {asked} in {}", t.label())
        })
        .collect();
    let channels: Vec<String> = outgoing
        .iter()
        .filter_map(|o| match &o.to {
            Destination::Channel(c) => Some(format!("#{c}")),
            _ => None,
        })
        .collect();
    Message::text(format!(
        "Closed the review of {}: {} answered. The result is in {}; `launch show {}` shows it.",
        launch.label(),
        counts.join(" and "),
        channels.join(" and "),
        launch.name
    ))
}

fn thanks(launch: &Launch, person: &PersonName) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let Some(mine) = review.answer_of(person) else {
        return Message::default();
    };
    let answered = mine.answers.iter().filter(|a| a.is_some()).count();
    let mut parts = vec![format!(
        "{answered} of {} questions",
        review.questions.len()
    )];
    if let Some(cause) = &mine.cause {
        parts.push(format!("cause: {cause}"));
    }
    if let Some(score) = mine.score {
        parts.push(format!("score: {score}"));
    }
    Message::text(format!(
        "Saved your answers to the review of {} ({}). Nobody sees them until it closes at the \
         end of {}; you can change them until then.",
        launch.name,
        parts.join(" · "),
        format::date(review.closes_on)
    ))
}

impl Bot {
    /// The digest with a line for each launch review that closed in its period.
    pub(super) fn with_closed_reviews(
        &self,
        message: Message,
        period: &crate::domain::Period,
    ) -> Result<Message, StoreError> {
        let closed: Vec<String> = self
            .store
            .launches()?
            .iter()
            .filter(|l| {
                let at = l
                    .review
                    .as_ref()
                    .and_then(|r| r.closed.as_ref())
                    .map(|c| c.at);
                at.is_some_and(|at| period.start <= at && at < period.end)
            })
            .map(|l| format!("• {}: `launch show {}`", l.label(), l.name))
            .collect();
        if closed.is_empty() {
            return Ok(message);
        }
        let text = format!(
            "Launch reviews closed this week, both teams' views next to the facts:\n{}",
            closed.join("\n")
        );
        // Above the small print, which stays last.
        let mut message = message;
        let at = message
            .blocks
            .iter()
            .rposition(|b| matches!(b, crate::message::Block::Context { .. }))
            .unwrap_or(message.blocks.len());
        message
            .blocks
            .insert(at, crate::message::Block::Text { text });
        Ok(message)
    }
}
