//! Answering feedback prompts, and sharing the answers with the other team.

use super::core::Bot;
use super::prompt_views;
use super::reply::Reply;
use crate::command::CommandName;
use crate::config::PromptSettings;
use crate::domain::{AnswerId, Ask, Identity, Person, SharedAnswer, Text};
use crate::message::{AnswerForm, CardKey, Destination, Message, Op, Outgoing};
use crate::store::{AnswerWrite, StoreError};

/// How often saving is retried when the ask or its round changed at the same moment.
const MAX_ATTEMPTS: usize = 5;

impl Bot {
    /// The form for `prompt` (for platforms with forms), or the reply that says why not.
    pub fn answer_form(&self, from: &Identity, prompt: &str) -> Result<AnswerForm, Reply> {
        let command = CommandName::Answer;
        let directory = self.directory();
        let Some(person) = directory.identify(from) else {
            return Err(Reply::refused(command, "You're not set up in Tandem yet."));
        };
        if self.is_launch(prompt) {
            return self.review_answer_form(person, prompt);
        }
        if self.is_plan(prompt) {
            return self.plan_input_form(prompt);
        }
        let ask = self.newest_ask(person, prompt)?;
        Ok(AnswerForm {
            prompt: ask.prompt().to_string(),
            round: ask.round.local.format("%a %-d %b %H:%M").to_string(),
            questions: ask.questions.clone(),
            answers: ask
                .answers
                .iter()
                .map(|a| a.as_ref().map(|t| t.to_string()))
                .collect(),
            review: None,
            input: crate::domain::Input::Answer,
        })
    }

    /// `answer <prompt>` where there is no form: the questions and how to answer them.
    pub(super) fn show_answer_form(&self, person: &Person, prompt: &str) -> Reply {
        match self.newest_ask(person, prompt) {
            Ok(ask) => Reply::done(CommandName::Answer, prompt_views::answer_form_text(&ask)),
            Err(reply) => reply,
        }
    }

    pub(super) fn answer_prompt(
        &self,
        person: &Person,
        prompt: &str,
        answers: &[(usize, Text)],
    ) -> Reply {
        let command = CommandName::Answer;
        for _ in 0..MAX_ATTEMPTS {
            let mut ask = match self.newest_ask(person, prompt) {
                Ok(ask) => ask,
                Err(reply) => return reply,
            };
            let expected_revision = ask.revision;
            let now = self.clock.now();
            if let Err(error) = ask.answer(answers, now) {
                return Reply::refused(command, error.to_string());
            }
            let opens_round = match self.store.round_opened(&ask.round) {
                Ok(opened) => !opened,
                Err(error) => return Reply::failed(command, &error),
            };
            let numbers: Vec<usize> = answers.iter().map(|(n, _)| *n).collect();
            let outgoing = open_card(&ask, opens_round);
            let write = AnswerWrite {
                ask,
                expected_revision,
                opens_round,
                outgoing,
                at: now,
            };
            let share = |id: AnswerId| {
                let shared = SharedAnswer::of(id, &write.ask, &numbers, now);
                let reply = share(&write.ask, &shared);
                (shared, vec![reply])
            };
            match self.store.save_answer(&write, &share) {
                Ok((shared, _)) => return Reply::done(command, thanks(&write.ask, &shared)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(command, &error),
            }
        }
        Reply::failed(command, &StoreError::Conflict)
    }

    /// The newest round of `prompt` sent to `person`, or the reply that says why there is none.
    fn newest_ask(&self, person: &Person, prompt: &str) -> Result<Ask, Reply> {
        let command = CommandName::Answer;
        let settings = self.prompt_of(person, prompt)?;
        match self.store.latest_ask(&person.name, &settings.id) {
            Ok(Some(ask)) => Ok(ask),
            Ok(None) => Err(Reply::refused(
                command,
                format!(
                    "You haven't been asked {} yet; its questions come by DM on schedule.",
                    settings.id
                ),
            )),
            Err(error) => Err(Reply::failed(command, &error)),
        }
    }

    fn prompt_of(&self, person: &Person, id: &str) -> Result<&PromptSettings, Reply> {
        let command = CommandName::Answer;
        let mine: Vec<&str> = self
            .settings
            .prompts
            .iter()
            .filter(|p| p.team == person.team)
            .map(|p| p.id.as_str())
            .collect();
        let yours = match mine.as_slice() {
            [] => format!("{} has no prompts configured.", person.team.label()),
            ids => format!("Yours: {}.", ids.join(", ")),
        };
        match self.settings.prompt(id) {
            Some(p) if p.team == person.team => Ok(p),
            Some(p) => Err(Reply::refused(
                command,
                format!("{} is for {}. {yours}", p.id, p.team.label()),
            )),
            None => Err(Reply::refused(
                command,
                format!(
                    "I know no prompt or launch \"{id}\". {yours} `launch list` shows the launches."
                ),
            )),
        }
    }
}

/// The round's card in the other team's channel, with the round's first answer.
fn open_card(ask: &Ask, opens_round: bool) -> Vec<Outgoing> {
    let channel = Destination::Channel(ask.team.other().channel().into());
    let card = CardKey::round(&ask.round);
    opens_round
        .then(|| Outgoing {
            to: channel,
            op: Op::PostCard(card),
            message: prompt_views::round_card(ask),
        })
        .into_iter()
        .collect()
}

/// The answers in the round card's thread, with their `ANS-n` and "We'll act on this".
fn share(ask: &Ask, shared: &SharedAnswer) -> Outgoing {
    Outgoing {
        to: Destination::Channel(ask.team.other().channel().into()),
        op: Op::ReplyToCard(CardKey::round(&ask.round)),
        message: prompt_views::answer_reply(shared),
    }
}

fn thanks(ask: &Ask, shared: &SharedAnswer) -> Message {
    let other = ask.team.other();
    Message::text(format!(
        "Thanks! Saved your answers to {} ({} of {} questions) as {}. {} sees them in #{}, and you'll hear if they act on them.",
        ask.prompt(),
        ask.answered_count(),
        ask.questions.len(),
        shared.id,
        other.label(),
        other.channel()
    ))
}
