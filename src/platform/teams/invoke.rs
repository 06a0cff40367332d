//! `adaptiveCard/action` invokes, answered in the HTTP response: the button's command runs as
//! if typed, and the answer is the card as it stands now, or a sentence saying why not.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::activity::Activity;
use super::card::{CARD_CONTENT_TYPE, DATA_CARD, DATA_COMMAND, DATA_INPUT, VERB, adaptive_card};
use super::inbound::remember;
use super::setup::Shared;
use crate::bot::{Incoming, Outcome};
use crate::domain::{Identity, RequestId};
use crate::message::CardKey;

const ACTION: &str = "adaptiveCard/action";

pub(super) async fn on_invoke(teams: Arc<Shared>, activity: Activity) -> Response {
    if activity.name.as_deref() != Some(ACTION) {
        return StatusCode::NOT_IMPLEMENTED.into_response();
    }
    let action = activity.value.as_ref().and_then(|v| v.get("action"));
    let verb = action.and_then(|a| a.get("verb")).and_then(Value::as_str);
    if verb != Some(VERB) {
        return error("BadRequest", "Tandem does not know this action.");
    }
    let data = action.and_then(|a| a.get("data"));
    let (Some(line), Some(aad)) = (data.and_then(command_line), activity.sender_aad()) else {
        return error("BadRequest", "The action has no command or no sender.");
    };
    let card = data
        .and_then(|d| d.get(DATA_CARD))
        .and_then(Value::as_str)
        .and_then(|c| RequestId::parse(c).ok());
    let incoming = Incoming {
        from: Identity::Teams(aad.to_string()),
        text: line,
    };
    let shared = teams.clone();
    let work = move || {
        remember(&teams, &activity);
        let reply = teams.bot.handle(&incoming);
        let refreshed = match (reply.outcome, card) {
            (Outcome::Done, Some(id)) => teams.bot.request_card(id).ok().flatten().map(|c| (id, c)),
            _ => None,
        };
        (reply, refreshed)
    };
    let done = tokio::task::spawn_blocking(work).await;
    shared.wake_outbox();
    match done {
        Ok((_, Some((id, card)))) => answer(
            CARD_CONTENT_TYPE,
            adaptive_card(&card, Some(&CardKey::request(id))),
        ),
        Ok((reply, None)) => answer(
            "application/vnd.microsoft.activity.message",
            json!(reply.text()),
        ),
        Err(join) => {
            tracing::error!(error = %join, "teams: action handler stopped");
            error("InternalError", "Something went wrong; nothing was saved.")
        }
    }
}

/// The command line a button's data stands for: its command, with the text it asked for.
pub(super) fn command_line(data: &Value) -> Option<String> {
    let command = data.get(DATA_COMMAND)?.as_str()?.trim();
    if command.is_empty() {
        return None;
    }
    let asked = data
        .get(DATA_INPUT)
        .and_then(Value::as_str)
        .and_then(|input| data.get(input))
        .and_then(Value::as_str)
        .map(|text| text.replace(['"', '“', '”'], "'"))
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|text| !text.is_empty());
    Some(match asked {
        Some(text) => format!("{command} {text}"),
        None => command.to_string(),
    })
}

fn answer(kind: &str, value: Value) -> Response {
    let body = json!({"statusCode": 200, "type": kind, "value": value});
    (StatusCode::OK, Json(body)).into_response()
}

fn error(code: &str, message: &str) -> Response {
    let body = json!({
        "statusCode": 400,
        "type": "application/vnd.microsoft.error",
        "value": {"code": code, "message": message},
    });
    (StatusCode::OK, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buttons_data_is_its_command_with_the_reason_it_asked_for() {
        let data = json!({"command": "decline REQ-1", "input": "input1", "input1": " no \"budget\"\n left "});
        assert_eq!(
            command_line(&data).as_deref(),
            Some("decline REQ-1 no 'budget' left")
        );
        assert_eq!(
            command_line(&json!({"command": "ack REQ-1"})).as_deref(),
            Some("ack REQ-1")
        );
        assert_eq!(command_line(&json!({"input": "x"})), None);
    }
}
