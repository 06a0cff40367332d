//! The fuzz bench's way in (`cargo bench --bench fuzz`, feature `fuzzing`): what each Slack
//! route reads from a body before it acts, and the steps after that need no running app.
//! Each function names what it got to, so the bench can show how deep its inputs reach.

use std::collections::HashMap;

use slack_morphism::prelude::*;

use super::events::{self, Event};
use super::http::{CommandForm, read_command};
use super::interactions::{self, Interaction};
use super::render::{self, Click};
use super::{mrkdwn, review_form, views, visit_form};
use crate::command::{ParseContext, parse_answer_form, parse_request_form, parse_review_form};
use crate::domain::Kinds;

/// A `/slack/commands` body: read as the route reads it, and the line the bot would get.
pub fn command_form(body: &[u8]) -> &'static str {
    match read_command(body) {
        CommandForm::Command(event) => {
            let line = mrkdwn::incoming(event.text.as_deref().unwrap_or(""));
            if line.is_empty() {
                "empty command"
            } else {
                "command"
            }
        }
        CommandForm::SslCheck => "ssl check",
        CommandForm::Not => "not a command form",
    }
}

/// A `/slack/interactions` body: its payload read; a click's action ID read as one of
/// Tandem's buttons (and the reason modal it opens built); a submission's fields read the way
/// each of Tandem's modals reads them.
pub fn interaction_form(body: &[u8]) -> &'static str {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    match form.get("payload") {
        Some(payload) => interaction(payload),
        None => "no payload",
    }
}

/// An interaction payload (the form's `payload` field), as `interaction_form` reads it.
pub fn interaction(payload: &str) -> &'static str {
    match interactions::read(payload) {
        Err(_) => "refused",
        Ok(Interaction::Other(_)) => "other kind",
        Ok(Interaction::Click(event)) => clicked(&event),
        Ok(Interaction::Submission(event)) => submitted(&event),
    }
}

/// An `/slack/events` body: read, and a message's text as the line the bot would get.
pub fn event_body(body: &[u8]) -> &'static str {
    match events::read(body) {
        Err(_) => "refused",
        Ok(Event::Challenge(_)) => "challenge",
        Ok(Event::Other) => "other kind",
        Ok(Event::Callback(callback)) => match &callback.event {
            SlackEventCallbackBody::Message(message) => {
                let text = message.content.as_ref().and_then(|c| c.text.as_deref());
                let _ = mrkdwn::incoming(text.unwrap_or(""));
                "message"
            }
            _ => "other event",
        },
    }
}

fn clicked(event: &SlackInteractionBlockActionsEvent) -> &'static str {
    let mut reached = "click on nothing";
    for action in event.actions.iter().flatten() {
        reached = "click";
        if let (Some(command), Some(Click::Ask(input, options))) =
            (&action.value, render::click(action.action_id.as_ref()))
        {
            let _ = views::reason_modal(command, input, &options);
            reached = "click asking for a reason";
        }
    }
    reached
}

fn submitted(event: &SlackInteractionViewSubmissionEvent) -> &'static str {
    let SlackView::Modal(modal) = &event.view.view else {
        return "submission of no modal";
    };
    let Some(state) = &event.view.state_params.state else {
        return "submission without state";
    };
    let metadata = modal.private_metadata.as_deref().unwrap_or_default();
    let kinds = Kinds::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
    let ctx = ParseContext {
        kinds: &kinds,
        today,
    };
    let _ = parse_request_form(&views::request_fields(state), &ctx);
    let _ = views::reason(state);
    let _ = views::options(state);
    let _ = visit_form::visit_fields(state);
    let _ = parse_answer_form(metadata, views::answers(state));
    let (cause, score) = review_form::choices(state);
    let _ = parse_review_form(
        metadata,
        views::answers(state),
        cause.as_deref(),
        score.as_deref(),
    );
    "submission"
}
