//! Button clicks and modal submissions. A click is the same command as the typed line.

use std::collections::HashMap;

use serde_json::{Value, json};
use slack_morphism::prelude::*;
use thiserror::Error;

use super::render::{self, Click};
use super::{Slack, views};
use crate::bot::{Incoming, Outcome};
use crate::domain::Identity;
use crate::message::Message;

/// A payload that could not be understood; answered with 400 and logged without its content.
#[derive(Debug, Error)]
pub enum PayloadError {
    #[error("the form has no payload field")]
    MissingPayload,
    #[error("the payload is not JSON")]
    NotJson,
    #[error("the payload does not have the fields of a {0}")]
    Shape(&'static str),
    /// Understood, but its work could not be saved: answered 500, so Slack tries again.
    #[error("its work could not be saved: {0}")]
    NotSaved(crate::store::StoreError),
}

/// An interaction payload, read but not yet acted on.
pub(super) enum Interaction {
    Click(Box<SlackInteractionBlockActionsEvent>),
    Submission(Box<SlackInteractionViewSubmissionEvent>),
    /// A kind Tandem does not use.
    Other(String),
}

/// Reads an interaction payload (the `payload` field of the form).
pub(super) fn read(payload: &str) -> Result<Interaction, PayloadError> {
    let value: Value = serde_json::from_str(payload).map_err(|_| PayloadError::NotJson)?;
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "block_actions" => serde_json::from_value(value)
            .map(|event| Interaction::Click(Box::new(event)))
            .map_err(|_| PayloadError::Shape("button click")),
        "view_submission" => serde_json::from_value(value)
            .map(|event| Interaction::Submission(Box::new(event)))
            .map_err(|_| PayloadError::Shape("form submission")),
        other => Ok(Interaction::Other(other.to_string())),
    }
}

impl Slack {
    /// Handles an interaction payload; `Some(json)` is the HTTP answer (modal errors),
    /// `None` an empty 200.
    pub(super) async fn interaction(&self, payload: &str) -> Result<Option<Value>, PayloadError> {
        match read(payload)? {
            Interaction::Click(event) => {
                self.clicked(*event).await;
                Ok(None)
            }
            Interaction::Submission(event) => Ok(self.submitted(*event).await),
            Interaction::Other(kind) => {
                tracing::info!(
                    kind,
                    "ignored a Slack interaction of a kind Tandem does not use"
                );
                Ok(None)
            }
        }
    }

    async fn clicked(&self, event: SlackInteractionBlockActionsEvent) {
        let (Some(user), Some(action)) =
            (&event.user, event.actions.as_ref().and_then(|a| a.first()))
        else {
            return;
        };
        let (Some(command), Some(click)) = (
            action.value.clone(),
            render::click(action.action_id.as_ref()),
        ) else {
            tracing::info!("ignored a click on a button Tandem did not make");
            return;
        };
        if let Click::Ask(input, options) = click {
            let modal = views::reason_modal(&command, input, &options);
            if let Err(error) = self.api().open_view(event.trigger_id.as_ref(), modal).await {
                tracing::warn!(%error, "could not open the reason form");
            }
            return;
        }
        let incoming = Incoming {
            from: Identity::on(super::NAME, user.id.to_string()),
            text: command,
        };
        let response_url = event.response_url.as_ref().map(|u| u.0.to_string());
        let Some(reply) = self.handle(incoming, response_url.clone()).await else {
            return;
        };
        let channel = event
            .channel
            .as_ref()
            .map(|c| c.id.to_string())
            .unwrap_or_else(|| user.id.to_string());
        if self
            .open_form(
                &reply,
                user.id.as_ref(),
                event.trigger_id.as_ref(),
                &channel,
            )
            .await
        {
            return;
        }
        self.answer_privately(user.id.as_ref(), response_url.as_deref(), &reply.message)
            .await;
        if event.view.is_some() {
            self.refresh_home(user.id.as_ref()).await;
        }
    }

    async fn submitted(&self, event: SlackInteractionViewSubmissionEvent) -> Option<Value> {
        let SlackView::Modal(modal) = &event.view.view else {
            return None;
        };
        let callback = modal
            .callback_id
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default();
        let metadata = modal.private_metadata.clone().unwrap_or_default();
        let state = event
            .view
            .state_params
            .state
            .clone()
            .unwrap_or_else(|| SlackViewState::new(HashMap::new()));
        let user = event.user.id.to_string();
        match callback.as_str() {
            views::NEW_REQUEST => self.submitted_request(&user, &metadata, &state).await,
            views::REASON => self.submitted_reason(&user, &metadata, &state).await,
            views::ANSWERS => self.submitted_answers(&user, &metadata, &state).await,
            views::REVIEW => self.submitted_review(&user, &metadata, &state).await,
            super::visit_form::LOG_VISIT => self.submitted_visit(&user, &metadata, &state).await,
            _ => None,
        }
    }

    async fn submitted_request(
        &self,
        user: &str,
        channel: &str,
        state: &SlackViewState,
    ) -> Option<Value> {
        let fields = views::request_fields(state);
        let from = Identity::on(super::NAME, user.to_string());
        match self.commands().filing(&from, &fields).await {
            Err(errors) => {
                let errors: serde_json::Map<String, Value> = errors
                    .into_iter()
                    .map(|(field, text)| (views::block_id(field).to_string(), json!(text)))
                    .collect();
                Some(json!({ "response_action": "errors", "errors": errors }))
            }
            Ok(reply) if reply.outcome == Outcome::Done => {
                if let Err(error) = self.whisper(channel, user, &reply.message).await {
                    tracing::warn!(%error, "could not confirm a filed request");
                }
                None
            }
            Ok(reply) => {
                let text = reply.text();
                Some(
                    json!({ "response_action": "errors", "errors": { views::block_id(crate::command::FormField::Kind): text } }),
                )
            }
        }
    }

    async fn submitted_reason(
        &self,
        user: &str,
        command: &str,
        state: &SlackViewState,
    ) -> Option<Value> {
        let reason = views::reason(state);
        if reason.trim().is_empty() {
            return Some(reason_error(
                "Please fill this in: it goes on the record for both teams.",
            ));
        }
        let mut text = format!("{command} {reason}");
        for option in views::options(state) {
            text.push(' ');
            text.push_str(&option);
        }
        let incoming = Incoming {
            from: Identity::on(super::NAME, user.to_string()),
            text,
        };
        let reply = self.handle(incoming, None).await?;
        match reply.outcome {
            Outcome::Done => None,
            _ => Some(reason_error(&reply.text())),
        }
    }

    /// Answers the clicking person only: through the response URL, else in their DM.
    async fn answer_privately(&self, user: &str, response_url: Option<&str>, message: &Message) {
        let sent = match response_url {
            Some(url) => self.respond(url, message).await,
            None => self.say(user, message).await,
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not answer a click");
        }
    }
}

fn reason_error(text: &str) -> Value {
    json!({ "response_action": "errors", "errors": { views::REASON_BLOCK: text } })
}
