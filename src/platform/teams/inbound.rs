//! `POST /api/messages`: verify the token, read and parse the activity, check it against the
//! token, then handle it. Anything unverified gets 401 before the body is even read.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::activity::{Account, Activity};
use super::invoke;
use super::mention::command_text;
use super::replies::PendingReply;
use super::setup::Shared;
use crate::bot::{Form, Incoming, Outcome};
use crate::command::help_overview;
use crate::domain::Identity;
use crate::http::BODY_LIMIT;
use crate::message::Message;
use crate::store::{durably, durably_try};

const GREETING: &str = "Hi, I'm Tandem: I keep Sales and Marketing in one loop — requests, \
    feedback and a weekly digest. Mention me with a command, or write to me directly.";

pub(super) async fn messages(State(teams): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let authorization = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let verified = match teams.verifier.verify(authorization).await {
        Ok(verified) => verified,
        Err(error) => return unauthorized(&error),
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return too_large();
    }
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return too_large();
    };
    let activity: Activity = match serde_json::from_slice(&bytes) {
        Ok(activity) => activity,
        Err(error) => return bad_request(&format!("not a Bot Framework activity: {error}")),
    };
    if let Err(error) = verified.check_activity(&activity.channel_id, &activity.service_url) {
        return unauthorized(&error);
    }
    if !activity.is_known_type() {
        return bad_request(&format!("unknown activity type \"{}\"", activity.kind));
    }
    match activity.kind.as_str() {
        "message" => on_message(teams, activity).await,
        "invoke" => invoke::on_invoke(teams, activity).await,
        "conversationUpdate" | "installationUpdate" => on_install(teams, activity).await,
        // Typing, reactions and the like need nothing from us.
        _ => StatusCode::OK.into_response(),
    }
}

/// A command typed in a chat or channel, or an `Action.Submit` from an older client.
async fn on_message(teams: Arc<Shared>, activity: Activity) -> Response {
    let (Some(aad), Some(id)) = (activity.sender_aad(), activity.id.clone()) else {
        return bad_request("a message needs an id and from.aadObjectId");
    };
    // An older client's `Action.Submit`: a button's command line, or a shared answer form.
    let answers = activity.value.as_ref().and_then(invoke::submitted_answers);
    let submitted = activity.value.as_ref().and_then(invoke::command_line);
    if submitted.is_none() && activity.text.is_none() {
        return bad_request("a message needs text");
    }
    let from = Identity::Teams(aad.to_string());
    let shared = teams.clone();
    let work = move || {
        if !shared.refs.first_sight(&activity.conversation.id, &id)? {
            tracing::info!(activity = %id, "teams: activity already handled");
            return Ok(None);
        }
        remember(&shared, &activity);
        let (message, form) = match answers {
            Some(Ok(command)) => (shared.bot.handle_command(&from, command).message, None),
            Some(Err(why)) => (Message::text(why), None),
            None => {
                let text = submitted.unwrap_or_else(|| typed_command(&shared, &activity));
                let reply = shared.bot.handle(&Incoming {
                    from: from.clone(),
                    text,
                });
                let form = match (&reply.outcome, &reply.form) {
                    (Outcome::Done, Some(Form::Answer { prompt })) => {
                        shared.bot.answer_form(&from, prompt).ok()
                    }
                    _ => None,
                };
                (reply.message, form)
            }
        };
        let pending = PendingReply {
            service_url: activity.service_url.clone(),
            conversation_id: activity.conversation.id.clone(),
            reply_to: Some(id),
            message,
            form,
        };
        let key = shared.replies.keep(&pending)?;
        Ok(Some((key, pending)))
    };
    finish(&teams, stored(&teams, work).await).await
}

/// The app was added to a team or chat, or people joined: remember them; greet once.
async fn on_install(teams: Arc<Shared>, activity: Activity) -> Response {
    let shared = teams.clone();
    let work = move || {
        remember(&shared, &activity);
        let bot = activity.bot_id();
        for member in &activity.members_added {
            if Some(member.id.as_str()) != bot {
                if let Err(error) = shared.refs.remember_user(&activity, member, None) {
                    tracing::warn!(%error, "teams: could not remember a member");
                }
            }
        }
        let bot_added = activity
            .members_added
            .iter()
            .any(|m| Some(m.id.as_str()) == bot);
        if !bot_added || !shared.refs.first_greeting(&activity.conversation.id)? {
            return Ok(None);
        }
        let pending = PendingReply {
            service_url: activity.service_url.clone(),
            conversation_id: activity.conversation.id.clone(),
            reply_to: None,
            message: Message::text(format!("{GREETING}\n\n{}", help_overview())),
            form: None,
        };
        let key = shared.replies.keep(&pending)?;
        Ok(Some((key, pending)))
    };
    finish(&teams, stored(&teams, work).await).await
}

/// Runs `work` — store work that must not await — in a task of its own (a panic fails only it)
/// on the async threads. Its writes wait for the disk once, afterwards, holding no thread.
pub(super) async fn run_durably<T: Send + 'static>(
    teams: &Shared,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<Result<T, (T, crate::store::StoreError)>, tokio::task::JoinError> {
    let store = teams.bot.store().clone();
    tokio::spawn(async move { durably(store.as_ref(), work).await }).await
}

/// `run_durably` for store work that can fail: a failed flush fails it too.
async fn stored<T: Send + 'static>(
    teams: &Shared,
    work: impl FnOnce() -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<Result<T, crate::store::StoreError>, tokio::task::JoinError> {
    let store = teams.bot.store().clone();
    tokio::spawn(async move { durably_try(store.as_ref(), work).await }).await
}

type Work = Result<
    Result<Option<(String, PendingReply)>, crate::store::StoreError>,
    tokio::task::JoinError,
>;

/// Acknowledges the activity once its answer is stored, and sends the answer.
async fn finish(teams: &Arc<Shared>, done: Work) -> Response {
    match done {
        Ok(Ok(Some((key, reply)))) => {
            teams.wake_outbox();
            teams.replies.send_later(key, reply);
            StatusCode::OK.into_response()
        }
        Ok(Ok(None)) => StatusCode::OK.into_response(),
        Ok(Err(error)) => {
            tracing::error!(%error, "teams: activity not handled");
            (StatusCode::INTERNAL_SERVER_ERROR, "storage failed\n").into_response()
        }
        Err(error) => {
            tracing::error!(%error, "teams: activity handler stopped");
            (StatusCode::INTERNAL_SERVER_ERROR, "handler failed\n").into_response()
        }
    }
}

/// Keeps what the activity tells about reaching people; a failure here costs nothing now.
pub(super) fn remember(teams: &Shared, activity: &Activity) {
    if let Err(error) = teams.refs.remember(activity) {
        tracing::warn!(%error, "teams: could not remember the conversation");
    }
}

/// The typed text as a command line: the bot's mention removed, people's mentions as names.
fn typed_command(teams: &Shared, activity: &Activity) -> String {
    let text = activity.text.as_deref().unwrap_or_default();
    command_text(text, &activity.entities, activity.bot_id(), |who| {
        person_named(teams, who)
    })
}

/// The configured name of a mentioned Teams user, by AAD object ID or display name.
fn person_named(teams: &Shared, who: &Account) -> Option<String> {
    let directory = &teams.bot.settings().directory;
    let aad = who
        .aad_object_id
        .clone()
        .or_else(|| teams.refs.aad_of(&who.id).ok().flatten());
    let by_id = aad.and_then(|aad| directory.identify(&Identity::Teams(aad)));
    let by_name = || who.name.as_deref().and_then(|n| directory.by_name(n));
    by_id.or_else(by_name).map(|p| p.name.to_string())
}

fn unauthorized(error: &super::AuthError) -> Response {
    tracing::warn!(%error, "teams: request refused");
    (StatusCode::UNAUTHORIZED, "unauthorized\n").into_response()
}

fn too_large() -> Response {
    (StatusCode::PAYLOAD_TOO_LARGE, "body over 1 MiB\n").into_response()
}

fn bad_request(why: &str) -> Response {
    tracing::warn!(why, "teams: bad activity");
    (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response()
}
