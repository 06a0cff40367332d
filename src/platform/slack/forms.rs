//! Opening the forms a reply asks for (a new request, a prompt's answers), and taking in a
//! submitted answer form.

use serde_json::{Value, json};
use slack_morphism::prelude::*;

use super::{Slack, review_form, views};
use crate::bot::{Outcome, Reply};
use crate::command::{ReviewFormField, parse_answer_form, parse_review_form};
use crate::domain::Identity;
use crate::platform::commands::{FormToShow, form_to_show};

impl Slack {
    /// Opens the form `reply` asks for, for `user`, with the interaction's trigger; says
    /// whether one opened (else the reply's text is the answer).
    pub(super) async fn open_form(
        &self,
        reply: &Reply,
        user: &str,
        trigger_id: &str,
        channel: &str,
    ) -> bool {
        let from = Identity::on(super::NAME, user.to_string());
        let view = match form_to_show(self.bot(), &from, reply) {
            Some(Ok(FormToShow::NewRequest)) => {
                views::request_modal(&self.bot().settings().requests.kinds, channel)
            }
            Some(Ok(FormToShow::Answer(form))) => views::answer_modal(&form),
            Some(Ok(FormToShow::LogVisit(form))) => super::visit_form::visit_modal(&form, channel),
            Some(Err(_)) | None => return false,
        };
        match self.api().open_view(trigger_id, view).await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "could not open a form; answering with text instead");
                false
            }
        }
    }

    /// A submitted answer form: the non-empty fields become `Command::Answer`.
    pub(super) async fn submitted_answers(
        &self,
        user: &str,
        prompt: &str,
        state: &SlackViewState,
    ) -> Option<Value> {
        let command = match parse_answer_form(prompt, views::answers(state)) {
            Ok(command) => command,
            Err(problem) => {
                let beside = views::question_block(problem.question());
                return Some(field_error(&beside, &problem.to_string()));
            }
        };
        let from = Identity::on(super::NAME, user.to_string());
        let reply = self.commands().command(&from, command).await;
        match reply.outcome {
            Outcome::Done => None,
            _ => Some(field_error(&views::question_block(1), &reply.text())),
        }
    }
}

impl Slack {
    /// A submitted review form: the non-empty fields and choices become
    /// `Command::AnswerReview`; a refusal shows beside the first question.
    pub(super) async fn submitted_review(
        &self,
        user: &str,
        launch: &str,
        state: &SlackViewState,
    ) -> Option<Value> {
        let (cause, score) = review_form::choices(state);
        let parsed = parse_review_form(
            launch,
            views::answers(state),
            cause.as_deref(),
            score.as_deref(),
        );
        let command = match parsed {
            Ok(command) => command,
            Err(problem) => {
                let beside = match problem.field() {
                    ReviewFormField::Question(n) => views::question_block(n),
                    ReviewFormField::Score => review_form::SCORE_BLOCK.to_string(),
                };
                return Some(field_error(&beside, &problem.to_string()));
            }
        };
        let from = Identity::on(super::NAME, user.to_string());
        let reply = self.commands().command(&from, command).await;
        match reply.outcome {
            Outcome::Done => None,
            _ => Some(field_error(&views::question_block(1), &reply.text())),
        }
    }
}

fn field_error(block: &str, text: &str) -> Value {
    json!({ "response_action": "errors", "errors": { block: text } })
}
