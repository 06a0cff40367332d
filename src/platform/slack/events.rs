//! The Events API: URL verification, DMs to the bot (commands without the slash), and the
//! App Home. An event is answered only once its work is saved (see `Deliveries`): a DM's
//! command has run and its answer is queued, or the DM is recorded as under way, so a crash
//! loses nothing; a retried event (same `event_id`) is handled once.

use serde_json::{Value, json};
use slack_morphism::prelude::*;

use super::interactions::PayloadError;
use super::{Slack, mrkdwn};
use crate::bot::Incoming;
use crate::domain::Identity;
use crate::message::{Destination, Message, Op, Outgoing};
use crate::platform::Ran;

/// An Events API body, read but not yet acted on.
pub(super) enum Event {
    /// URL verification: the challenge to echo.
    Challenge(String),
    Callback(Box<SlackPushEventCallback>),
    /// A kind Tandem does not use.
    Other,
}

/// Reads an Events API body.
pub(super) fn read(body: &[u8]) -> Result<Event, PayloadError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| PayloadError::NotJson)?;
    match value.get("type").and_then(Value::as_str) {
        Some("url_verification") => {
            let challenge = value.get("challenge").and_then(Value::as_str).unwrap_or("");
            Ok(Event::Challenge(challenge.to_string()))
        }
        Some("event_callback") => serde_json::from_value(value)
            .map(|callback| Event::Callback(Box::new(callback)))
            .map_err(|_| PayloadError::Shape("Slack event")),
        _ => Ok(Event::Other),
    }
}

impl Slack {
    /// Handles an Events API body; `Some(json)` is the HTTP answer.
    pub(super) async fn event(&self, body: &[u8]) -> Result<Option<Value>, PayloadError> {
        match read(body)? {
            Event::Challenge(challenge) => Ok(Some(json!({ "challenge": challenge }))),
            Event::Callback(callback) => {
                self.on_event(*callback)
                    .await
                    .map_err(PayloadError::NotSaved)?;
                Ok(None)
            }
            Event::Other => Ok(None),
        }
    }

    /// Whether this delivery key is new; remembers it on disk. Slack retries an event it got
    /// no answer for, and Socket Mode may bring one over both of its connections. If the
    /// store cannot tell, handling twice beats dropping it.
    pub(super) async fn first_time(&self, key: &str) -> bool {
        let store = self.bot().store().as_ref();
        let now = self.bot().clock().now();
        self.inner
            .deliveries
            .first_time(store, key, now)
            .await
            .unwrap_or(true)
    }

    /// Handles one event; `Err` when its work could not be saved (so Slack should retry).
    pub(super) async fn on_event(
        &self,
        callback: SlackPushEventCallback,
    ) -> Result<(), crate::store::StoreError> {
        let key = format!("event:{}", callback.event_id);
        match callback.event {
            SlackEventCallbackBody::AppHomeOpened(home)
                if home.tab.as_deref() != Some("messages") =>
            {
                self.refresh_home(home.user.as_ref()).await;
                Ok(())
            }
            SlackEventCallbackBody::Message(message) => self.on_message(&key, message).await,
            _ => Ok(()),
        }
    }

    async fn on_message(
        &self,
        key: &str,
        message: SlackMessageEvent,
    ) -> Result<(), crate::store::StoreError> {
        let is_dm = message
            .origin
            .channel_type
            .as_ref()
            .is_some_and(|t| t.to_string() == "im");
        let from_person = message.sender.bot_id.is_none() && message.subtype.is_none();
        let (Some(user), Some(channel)) =
            (message.sender.user.clone(), message.origin.channel.clone())
        else {
            return Ok(());
        };
        let text = message
            .content
            .as_ref()
            .and_then(|c| c.text.clone())
            .unwrap_or_default();
        if !is_dm || !from_person || text.trim().is_empty() {
            return Ok(());
        }
        self.learn_zone(user.as_ref());
        let incoming = Incoming {
            from: Identity::on(super::NAME, user.to_string()),
            text: mrkdwn::incoming(&text),
        };
        let bot = self.bot();
        let person = bot
            .directory()
            .identify(&incoming.from)
            .map(|p| p.name.clone());
        // Like everything the bot says to a person, the answer goes through the outbox.
        let answer = |reply: &crate::bot::Reply| match person {
            Some(name) => vec![Outgoing {
                to: Destination::Person(name),
                op: Op::Post,
                message: reply.message.clone(),
            }],
            None => Vec::new(),
        };
        let work = || bot.handle(&incoming);
        let ran = self
            .inner
            .deliveries
            .run(bot, key, &incoming, work, answer)
            .await?;
        self.wake_outbox();
        if let Ran::Answered {
            reply,
            queued: false,
        } = ran
        {
            // Someone in no team has no record: just answer them.
            if let Err(error) = self.say(channel.as_ref(), &reply.message).await {
                tracing::warn!(%error, "could not answer someone in no team");
            }
        }
        Ok(())
    }

    /// Publishes a person's App Home: what waits on them, with buttons.
    pub(super) async fn refresh_home(&self, user: &str) {
        let from = Identity::on(super::NAME, user.to_string());
        let store = self.bot().store();
        let shown = self.bot().home(&from);
        // What the page shows must be on disk first, like any reply.
        if store.durable(store.written()).await.is_err() {
            return;
        }
        let message = match shown {
            Ok(Some(message)) => message,
            Ok(None) => Message::with_header("Tandem").paragraph(
                "You're not set up in Tandem yet. Ask a Sales or Marketing lead to add you.",
            ),
            _ => return,
        };
        if let Err(error) = self.publish(user, &message).await {
            tracing::warn!(%error, "could not publish the App Home");
        }
    }
}
