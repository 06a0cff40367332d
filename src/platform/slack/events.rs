//! The Events API: URL verification, DMs to the bot (commands without the slash), and the
//! App Home. A retried event (same `event_id`) is handled once.

use chrono::Utc;
use serde_json::{Value, json};
use slack_morphism::prelude::*;

use super::interactions::PayloadError;
use super::{Slack, render, views};
use crate::bot::Incoming;
use crate::domain::Identity;
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::durably_try;

/// Where seen event IDs are kept, with the time they may be forgotten.
pub(super) const SEEN: &str = "slack_seen";

impl Slack {
    /// Handles an Events API body; `Some(json)` is the HTTP answer.
    pub(super) async fn event(&self, body: &[u8]) -> Result<Option<Value>, PayloadError> {
        let value: Value = serde_json::from_slice(body).map_err(|_| PayloadError::NotJson)?;
        match value.get("type").and_then(Value::as_str) {
            Some("url_verification") => {
                let challenge = value.get("challenge").and_then(Value::as_str).unwrap_or("");
                Ok(Some(json!({ "challenge": challenge })))
            }
            Some("event_callback") => {
                let callback: SlackPushEventCallback = serde_json::from_value(value)
                    .map_err(|_| PayloadError::Shape("Slack event"))?;
                if self
                    .first_time(&format!("event:{}", callback.event_id))
                    .await
                {
                    let slack = self.clone();
                    tokio::spawn(async move { slack.on_event(callback.event).await });
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// Whether this delivery key is new; remembers it durably. Slack retries an event it got
    /// no answer for, and Socket Mode may bring one over both of its connections.
    pub(super) async fn first_time(&self, key: &str) -> bool {
        let store = self.bot().store().as_ref();
        let now = Utc::now().timestamp();
        let seen = &self.inner.seen;
        // If we cannot tell, handling twice beats dropping it.
        durably_try(store, || seen.first_time(store, key, now))
            .await
            .unwrap_or(true)
    }

    pub(super) async fn on_event(&self, event: SlackEventCallbackBody) {
        match event {
            SlackEventCallbackBody::AppHomeOpened(home)
                if home.tab.as_deref() != Some("messages") =>
            {
                self.refresh_home(home.user.as_ref()).await;
            }
            SlackEventCallbackBody::Message(message) => self.on_message(message).await,
            _ => {}
        }
    }

    async fn on_message(&self, message: SlackMessageEvent) {
        let is_dm = message
            .origin
            .channel_type
            .as_ref()
            .is_some_and(|t| t.to_string() == "im");
        let from_person = message.sender.bot_id.is_none() && message.subtype.is_none();
        let (Some(user), Some(channel)) =
            (message.sender.user.clone(), message.origin.channel.clone())
        else {
            return;
        };
        let text = message
            .content
            .as_ref()
            .and_then(|c| c.text.clone())
            .unwrap_or_default();
        if !is_dm || !from_person || text.trim().is_empty() {
            return;
        }
        let from = Identity::Slack(user.to_string());
        let person = self
            .bot()
            .settings()
            .directory
            .identify(&from)
            .map(|p| p.name.clone());
        let incoming = Incoming {
            from,
            text: render::incoming(&text),
        };
        let Some(reply) = self.handle(incoming, None).await else {
            return;
        };
        match person {
            // Through the outbox, like everything the bot says to a person.
            Some(name) => {
                self.queue(Outgoing {
                    to: Destination::Person(name),
                    op: Op::Post,
                    message: reply.message,
                })
                .await
            }
            // Someone in no team has no record; just answer them.
            None => {
                let _ = self
                    .api()
                    .post(channel.as_ref(), render::content(&reply.message), None)
                    .await;
            }
        }
    }

    async fn queue(&self, outgoing: Outgoing) {
        let store = self.bot().store().as_ref();
        let at = self.bot().clock().now();
        let saved = durably_try(store, || store.enqueue(&[outgoing], at)).await;
        if saved.is_err() {
            tracing::error!("could not queue the answer to a DM");
        }
        self.wake_outbox();
    }

    /// Publishes a person's App Home: what waits on them, with buttons.
    pub(super) async fn refresh_home(&self, user: &str) {
        let from = Identity::Slack(user.to_string());
        let message = match self.bot().home(&from) {
            Ok(Some(message)) => message,
            Ok(None) => Message::with_header("Tandem").paragraph(
                "You're not set up in Tandem yet. Ask a Sales or Marketing lead to add you.",
            ),
            _ => return,
        };
        if let Err(error) = self.api().publish_home(user, views::home(&message)).await {
            tracing::warn!(%error, "could not publish the App Home");
        }
    }
}
