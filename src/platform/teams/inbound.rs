//! `POST /api/messages`: verify the token, read and parse the activity, check it against the
//! token, then handle it. Anything unverified gets 401 before the body is even read.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::activity::{Account, Activity};
use super::address::Address;
use super::invoke;
use super::mention::command_text;
use super::setup::Shared;
use crate::bot::{Bot, Incoming, Reply, Unsettled};
use crate::command::{CommandName, help_overview};
use crate::domain::{Identity, PersonName};
use crate::http::BODY_LIMIT;
use crate::message::{Destination, Message, Op, Outgoing};
use crate::platform::Ran;
use crate::platform::commands::{FormToShow, form_to_show};
use crate::store::StoreError;

/// What the thread of a channel or group chat hears when the answer went to the asker alone.
const SENT_ASIDE: &str = "I've sent you that in our 1:1 chat.";

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

/// A command typed in a chat or channel, or an `Action.Submit` from an older client. It is
/// run as a delivery (see `Deliveries`): the activity is acknowledged once the command ran and
/// its answer is queued in the outbox, threaded under the message.
async fn on_message(teams: Arc<Shared>, activity: Activity) -> Response {
    let (Some(aad), Some(id)) = (activity.sender_aad(), activity.id.clone()) else {
        return bad_request("a message needs an id and from.aadObjectId");
    };
    // An older client's `Action.Submit`: a button's command line, or a shared form.
    let answers = activity.value.as_ref().and_then(|v| {
        super::review_form::submitted(v)
            .or_else(|| invoke::submitted_answers(v))
            .or_else(|| super::visit_form::submitted_command(v))
    });
    let submitted = activity.value.as_ref().and_then(invoke::command_line);
    if submitted.is_none() && activity.text.is_none() {
        return bad_request("a message needs text");
    }
    remember(&teams, &activity);
    let incoming = Incoming {
        from: Identity::on(super::PLATFORM, aad.to_string()),
        text: submitted.unwrap_or_else(|| typed_command(&teams, &activity)),
    };
    let key = format!("teams:{}|{id}", activity.conversation.id);
    let to = Address::reply(&activity, id).destination();
    let bot = &teams.bot;
    // In a channel or group chat others read the thread: see `answers_for`.
    let aside = match activity.is_personal() {
        true => None,
        false => bot
            .directory()
            .identify(&incoming.from)
            .map(|p| p.name.clone()),
    };
    let work = || match answers {
        Some(Ok(command)) => bot.handle_command(&incoming.from, command),
        Some(Err(why)) => Unsettled::ready(Reply::say(Message::text(why))),
        None => bot.handle(&incoming),
    };
    let answer = |reply: &Reply| answers_for(bot, &incoming.from, reply, to, aside);
    let ran = teams
        .deliveries
        .run(bot, &key, &incoming, work, answer)
        .await;
    teams.wake_outbox();
    match ran {
        Ok(Ran::Again) => {
            tracing::info!(activity = %key, "teams: activity already handled");
            StatusCode::OK.into_response()
        }
        Ok(Ran::Answered { .. }) => StatusCode::OK.into_response(),
        Err(error) => {
            tracing::error!(%error, "teams: activity not handled");
            (StatusCode::INTERNAL_SERVER_ERROR, "storage failed\n").into_response()
        }
    }
}

/// The answers to a command. In a 1:1 chat, or when the answer is for anyone to read (see
/// `CommandName::answers_in_the_open`), it goes in the conversation it was asked in. Asked in a
/// channel or group chat by someone Tandem knows (`aside`), any other answer may carry
/// something blind or private to them (their own figure, draft or review answers), so it goes
/// to their 1:1 chat, and the thread is told only where to look.
fn answers_for(
    bot: &Bot,
    from: &Identity,
    reply: &Reply,
    to: Destination,
    aside: Option<PersonName>,
) -> Vec<Outgoing> {
    let in_the_open = reply.command.is_some_and(CommandName::answers_in_the_open);
    let Some(person) = aside.filter(|_| !in_the_open) else {
        return vec![answer_to(bot, from, reply, to)];
    };
    let pointer = Outgoing {
        to: to.clone(),
        op: Op::Post,
        message: Message::text(SENT_ASIDE),
    };
    let privately = answer_to(bot, from, reply, Destination::Person(person));
    vec![privately, pointer]
}

/// The answer to a command, to `to`: the answer form a reply asks for, or the reply itself.
fn answer_to(bot: &Bot, from: &Identity, reply: &Reply, to: Destination) -> Outgoing {
    let op = match form_to_show(bot, from, reply) {
        Some(Ok(FormToShow::Answer(form))) => Op::PostForm(form),
        Some(Ok(FormToShow::LogVisit(form))) => Op::PostVisitForm(form),
        _ => Op::Post,
    };
    Outgoing {
        to,
        op,
        message: reply.message.clone(),
    }
}

/// The app was added to a team or chat, or people joined: remember them; greet once.
async fn on_install(teams: Arc<Shared>, activity: Activity) -> Response {
    remember(&teams, &activity);
    let bot = activity.bot_id();
    for member in &activity.members_added {
        if Some(member.id.as_str()) != bot {
            if let Err(error) = teams.refs.remember_user(&activity, member, None) {
                tracing::warn!(%error, "teams: could not remember a member");
            }
        }
    }
    let bot_added = activity
        .members_added
        .iter()
        .any(|m| Some(m.id.as_str()) == bot);
    let greeted = match bot_added {
        true => greet(&teams, &activity),
        false => Ok(()),
    };
    // What was remembered, and the greeting, are on disk before Teams hears back.
    let store = teams.bot.store();
    let saved = match greeted {
        Ok(()) => store.durable(store.written()).await,
        Err(error) => Err(error),
    };
    teams.wake_outbox();
    match saved {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error) => {
            tracing::error!(%error, "teams: installation not handled");
            (StatusCode::INTERNAL_SERVER_ERROR, "storage failed\n").into_response()
        }
    }
}

/// Queues the greeting for a conversation the bot was added to, the first time.
fn greet(teams: &Shared, activity: &Activity) -> Result<(), StoreError> {
    let (first, _) = teams.refs.first_greeting(&activity.conversation.id)?;
    if !first {
        return Ok(());
    }
    let greeting = Outgoing {
        to: Address::new(activity).destination(),
        op: Op::Post,
        message: Message::text(format!("{GREETING}\n\n{}", help_overview())),
    };
    let at = teams.bot.clock().now();
    // The caller waits for everything written, this too.
    teams.bot.store().enqueue(&[greeting], at).map(drop)
}

/// Keeps what the activity tells about reaching people; a failure here costs nothing now. Its
/// writes are on disk with the activity's own (a later ticket covers them).
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
    let directory = &teams.bot.directory();
    let aad = who
        .aad_object_id
        .clone()
        .or_else(|| teams.refs.aad_of(&who.id).ok().flatten());
    let by_id = aad.and_then(|aad| directory.identify(&Identity::on(super::PLATFORM, aad)));
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
