//! Answers that reach Slack outside the outbox: through a `response_url`, as an ephemeral
//! message, in a DM, on the Home tab. Each is budgeted like any message; should Slack refuse
//! one all the same, the person gets a short sentence in its place that says so, instead of
//! nothing, and the log has the refusal.

use std::future::Future;

use slack_morphism::prelude::SlackMessageContent;

use super::{Slack, render, views};
use crate::message::Message;
use crate::outbox::{DeliveryError, Permanent, stand_in_text};

impl Slack {
    /// Answers through an interaction's or a command's `response_url`.
    pub(super) async fn respond(&self, url: &str, message: &Message) -> Result<(), DeliveryError> {
        self.or_stand_in(message, |content| self.api().respond(url, content))
            .await
    }

    /// An ephemeral message to `user` in `channel`.
    pub(super) async fn whisper(
        &self,
        channel: &str,
        user: &str,
        message: &Message,
    ) -> Result<(), DeliveryError> {
        self.or_stand_in(message, |content| {
            self.api().post_ephemeral(channel, user, content)
        })
        .await
    }

    /// A message in `channel` (a DM's channel, or a user ID for their DM).
    pub(super) async fn say(&self, channel: &str, message: &Message) -> Result<(), DeliveryError> {
        self.or_stand_in(message, |content| async move {
            self.api().post(channel, content, None).await.map(drop)
        })
        .await
    }

    /// Publishes `user`'s Home tab; a page Slack refuses is replaced by one that says so.
    pub(super) async fn publish(&self, user: &str, message: &Message) -> Result<(), DeliveryError> {
        let api = self.api();
        match api.publish_home(user, views::home(message)).await {
            Err(DeliveryError::Permanent(why @ Permanent::Refused { .. })) => {
                tracing::error!(%why, "Slack refused a Home tab; a sentence went in its place");
                let text = stand_in_text(message, &why, false);
                let page = Message::with_header("Tandem").paragraph(text);
                api.publish_home(user, views::home(&page)).await
            }
            other => other,
        }
    }

    /// Sends `message` with `send`; if Slack refuses it, sends the sentence that says so.
    async fn or_stand_in<F, Sent>(&self, message: &Message, send: F) -> Result<(), DeliveryError>
    where
        F: Fn(SlackMessageContent) -> Sent,
        Sent: Future<Output = Result<(), DeliveryError>>,
    {
        match send(render::content(message)).await {
            Err(DeliveryError::Permanent(why @ Permanent::Refused { .. })) => {
                tracing::error!(%why, "Slack refused an answer; a sentence went in its place");
                let text = stand_in_text(message, &why, false);
                send(render::content(&Message::text(text))).await
            }
            other => other,
        }
    }
}
