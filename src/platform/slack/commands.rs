//! Slash commands: `/tandem <line>`; `/tandem request` alone opens the new-request modal.

use serde_json::{Value, json};
use slack_morphism::prelude::*;

use super::{Slack, mrkdwn, render};
use crate::bot::Incoming;
use crate::domain::Identity;

impl Slack {
    /// The JSON body that answers a slash command (ephemeral), or `None` when a modal opened.
    pub(super) async fn command(&self, event: &SlackCommandEvent) -> Option<Value> {
        let text = mrkdwn::incoming(event.text.as_deref().unwrap_or(""));
        let incoming = Incoming {
            from: Identity::on(super::NAME, event.user_id.to_string()),
            text,
        };
        let Some(reply) = self
            .handle(incoming, Some(event.response_url.0.to_string()))
            .await
        else {
            return Some(ephemeral("Working on it… the answer follows in a moment."));
        };
        let (user, channel) = (event.user_id.to_string(), event.channel_id.to_string());
        if self
            .open_form(&reply, &user, event.trigger_id.as_ref(), &channel)
            .await
        {
            return None;
        }
        let content = render::content(&reply.message);
        Some(json!({
            "response_type": "ephemeral",
            "text": content.text,
            "blocks": content.blocks,
        }))
    }
}

pub(super) fn ephemeral(text: &str) -> Value {
    json!({ "response_type": "ephemeral", "text": text })
}
