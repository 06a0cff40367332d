//! `adaptiveCard/action` invokes, answered in the HTTP response: the button's command runs as
//! if typed, and the answer is the card as it stands now, or a sentence saying why not. A
//! prompt's "Answer" button turns its card into the answer form; sharing the form saves the
//! answers.

use std::sync::Arc;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::activity::Activity;
use super::card::{
    CARD_CONTENT_TYPE, DATA_ANSWERS_TO, DATA_CARD, DATA_COMMAND, DATA_INPUT, DATA_OPTIONS, VERB,
    adaptive_card,
};
use super::form::{answer_form, answer_input};
use super::inbound::remember;
use super::setup::Shared;
use super::visit_form::visit_form_with;
use crate::bot::{AnswerForm, Bot, Incoming, Outcome, Reply};
use crate::command::{AnswerFormError, Command, VisitFields, parse_answer_form};
use crate::domain::prompt::MAX_QUESTIONS;
use crate::domain::{Identity, RequestId};
use crate::message::{CardKey, FormOption, Message};
use crate::platform::commands::{FormToShow, form_to_show};

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
    let visit = data.and_then(super::visit_form::submitted);
    if let (Some(fields), Some(aad)) = (visit, activity.sender_aad()) {
        let from = Identity::on(super::PLATFORM, aad.to_string());
        remember(&teams, &activity);
        return on_visit_form(&teams, &from, &fields).await;
    }
    let review = data.and_then(super::review_form::submitted);
    if let (Some(form), Some(aad)) = (review, activity.sender_aad()) {
        let from = Identity::on(super::PLATFORM, aad.to_string());
        return on_answers(teams, activity, from, form).await;
    }
    if let (Some(form), Some(aad)) = (data.and_then(submitted_answers), activity.sender_aad()) {
        let from = Identity::on(super::PLATFORM, aad.to_string());
        return on_answers(teams, activity, from, form).await;
    }
    let (Some(line), Some(aad)) = (data.and_then(command_line), activity.sender_aad()) else {
        return error("BadRequest", "The action has no command or no sender.");
    };
    let card = data
        .and_then(|d| d.get(DATA_CARD))
        .and_then(Value::as_str)
        .and_then(|c| RequestId::parse(c).ok());
    let incoming = Incoming {
        from: Identity::on(super::PLATFORM, aad.to_string()),
        text: line,
    };
    remember(&teams, &activity);
    let bot = &teams.bot;
    let reply = teams.commands.line(&incoming).await;
    let shown = shown(bot, &incoming.from, reply, card);
    // The card shows what is stored now; that is on disk before anyone sees it.
    let store = bot.store();
    if let Err(error) = store.durable(store.written()).await {
        return nothing_saved(&error);
    }
    match shown {
        Shown::Card(id, card) => answer(
            CARD_CONTENT_TYPE,
            adaptive_card(&card, Some(&CardKey::request(id))),
        ),
        Shown::Form(form) => answer(CARD_CONTENT_TYPE, answer_form(&form)),
        Shown::Text(message) => say(&crate::message::render_plain(&message)),
    }
}

/// What to show in place of the card pressed, after `reply`.
fn shown(bot: &Bot, from: &Identity, reply: Reply, card: Option<RequestId>) -> Shown {
    if reply.outcome != Outcome::Done {
        return Shown::Text(reply.message);
    }
    match form_to_show(bot, from, &reply) {
        Some(Ok(FormToShow::Answer(form))) => return Shown::Form(form),
        Some(Err(why)) => return Shown::Text(why.message),
        // Teams has no new-request form: the reply says what to type.
        Some(Ok(FormToShow::NewRequest | FormToShow::LogVisit(_))) | None => {}
    }
    let refreshed = card.and_then(|id| bot.request_card(id).ok().flatten().map(|c| (id, c)));
    match refreshed {
        Some((id, card)) => Shown::Card(id, card),
        None => Shown::Text(reply.message),
    }
}

/// What an action's answer shows in place of the card pressed.
enum Shown {
    /// The request card as it stands now.
    Card(RequestId, Message),
    /// The answer form a prompt's "Answer" button asked for.
    Form(AnswerForm),
    /// A sentence (the card stays as it is).
    Text(Message),
}

/// A shared answer form: the answers are saved (or the form is answered with why not).
async fn on_answers(
    teams: Arc<Shared>,
    activity: Activity,
    from: Identity,
    form: Result<Command, String>,
) -> Response {
    let command = match form {
        Ok(command) => command,
        Err(why) => return say(&why),
    };
    remember(&teams, &activity);
    let reply = teams.commands.command(&from, command).await;
    say(&reply.text())
}

/// A submitted log-a-visit form: the bot's reply, or the form again with each problem under
/// its field.
async fn on_visit_form(teams: &Shared, from: &Identity, fields: &VisitFields) -> Response {
    match teams.commands.visit_log(from, fields).await {
        Ok(reply) => say(&reply.text()),
        Err(errors) => match teams.bot.visit_form(from) {
            Ok(form) => answer(CARD_CONTENT_TYPE, visit_form_with(&form, fields, &errors)),
            Err(why) => say(&why.text()),
        },
    }
}

/// The answers a shared answer form holds, as `Command::Answer`, or what is wrong with them;
/// `None` when `data` is not an answer form.
pub(super) fn submitted_answers(data: &Value) -> Option<Result<Command, String>> {
    let prompt = data.get(DATA_ANSWERS_TO)?.as_str()?;
    let fields = (1..=MAX_QUESTIONS).filter_map(|question| {
        let text = data.get(answer_input(question))?.as_str()?;
        Some((question, text.to_string()))
    });
    Some(
        parse_answer_form(prompt, fields).map_err(|problem| match problem {
            AnswerFormError::Empty => problem.to_string(),
            AnswerFormError::TooLong { question, .. } => format!("Answer {question}: {problem}"),
        }),
    )
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
    let mut line = match asked {
        Some(text) => format!("{command} {text}"),
        None => command.to_string(),
    };
    let options = data.get(DATA_OPTIONS).and_then(Value::as_object);
    for (key, input) in options.into_iter().flatten() {
        let value = input
            .as_str()
            .and_then(|input| data.get(input))
            .and_then(Value::as_str);
        let typed = value.and_then(|value| FormOption::by_key(key)?.typed(value));
        if let Some(typed) = typed {
            line.push(' ');
            line.push_str(&typed);
        }
    }
    Some(line)
}

/// A sentence in answer to an action.
fn say(text: &str) -> Response {
    answer("application/vnd.microsoft.activity.message", json!(text))
}

/// An action that broke on our side (a store failure, a handler that stopped).
fn nothing_saved(why: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %why, "teams: an action failed");
    error("InternalError", "Something went wrong; nothing was saved.")
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

    #[test]
    fn a_shared_answer_form_is_the_answer_command_with_its_non_empty_fields() {
        let data = json!({
            "command": "answer market-pulse", "answers_to": "market-pulse",
            "answer1": "Shops want smaller packs", "answer2": "  ",
        });
        let Some(Ok(Command::Answer { prompt, answers })) = submitted_answers(&data) else {
            panic!("an answer command");
        };
        assert_eq!(prompt, "market-pulse");
        let numbers: Vec<usize> = answers.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1]);
        assert_eq!(answers[0].1.as_str(), "Shops want smaller packs");

        let empty = json!({"answers_to": "market-pulse", "answer1": " "});
        assert_eq!(
            submitted_answers(&empty),
            Some(Err("Answer at least one question.".into()))
        );
        let long = json!({"answers_to": "market-pulse", "answer2": "x".repeat(2_001)});
        assert!(
            matches!(submitted_answers(&long), Some(Err(why)) if why.starts_with("Answer 2: Too long: "))
        );
        assert_eq!(submitted_answers(&json!({"command": "ack REQ-1"})), None);
    }
}
