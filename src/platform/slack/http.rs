//! Slack over HTTP. Every route sees only verified bodies: the `Verified` extractor reads at
//! most 1 MiB (413 beyond) and checks the signature (401 when missing, wrong or stale).

use std::collections::HashMap;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use slack_morphism::prelude::SlackCommandEvent;

use super::Slack;
use super::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, verify};
use crate::http::BODY_LIMIT;

pub fn routes(slack: Slack) -> Router {
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .route("/slack/events", post(events))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(slack)
}

/// A request body that carries Slack's valid signature.
struct Verified(Bytes);

impl FromRequest<Slack> for Verified {
    type Rejection = Response;

    async fn from_request(request: Request, slack: &Slack) -> Result<Self, Self::Rejection> {
        let (timestamp, signature) = {
            let header = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            (header(TIMESTAMP_HEADER), header(SIGNATURE_HEADER))
        };
        let path = request.uri().path().to_string();
        let body = Bytes::from_request(request, slack)
            .await
            .map_err(IntoResponse::into_response)?;
        let Some(secret) = &slack.inner.settings.signing_secret else {
            return Err((
                StatusCode::UNAUTHORIZED,
                "Slack is served over Socket Mode\n",
            )
                .into_response());
        };
        let now = slack.bot().clock().now();
        if let Err(error) = verify(
            secret,
            timestamp.as_deref(),
            signature.as_deref(),
            &body,
            now,
        ) {
            tracing::warn!(%path, reason = %error, "refused an unverified Slack request");
            return Err((StatusCode::UNAUTHORIZED, "invalid Slack signature\n").into_response());
        }
        Ok(Verified(body))
    }
}

/// A `/slack/commands` body, read.
pub(super) enum CommandForm {
    Command(Box<SlackCommandEvent>),
    /// Slack checking the certificate: answered with an empty 200.
    SslCheck,
    /// Not a slash-command form.
    Not,
}

pub(super) fn read_command(body: &[u8]) -> CommandForm {
    if let Ok(event) = serde_urlencoded::from_bytes::<SlackCommandEvent>(body) {
        return CommandForm::Command(Box::new(event));
    }
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    if form.get("ssl_check").is_some_and(|v| v == "1") {
        CommandForm::SslCheck
    } else {
        CommandForm::Not
    }
}

async fn commands(State(slack): State<Slack>, Verified(body): Verified) -> Response {
    let started = Instant::now();
    let event = match read_command(&body) {
        CommandForm::Command(event) => event,
        CommandForm::SslCheck => return StatusCode::OK.into_response(),
        CommandForm::Not => {
            tracing::warn!("refused a slash command that is not a Slack command form");
            return (StatusCode::BAD_REQUEST, "not a slash command\n").into_response();
        }
    };
    let answer = slack.command(&event).await;
    slack.bot().metrics().ack_latency(started.elapsed());
    match answer {
        Some(json) => Json(json).into_response(),
        None => StatusCode::OK.into_response(),
    }
}

async fn interactions(State(slack): State<Slack>, Verified(body): Verified) -> Response {
    let started = Instant::now();
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let result = match form.get("payload") {
        Some(payload) => slack.interaction(payload).await,
        None => Err(super::interactions::PayloadError::MissingPayload),
    };
    slack.bot().metrics().ack_latency(started.elapsed());
    answer(result)
}

async fn events(State(slack): State<Slack>, Verified(body): Verified) -> Response {
    let started = Instant::now();
    let result = slack.event(&body).await;
    slack.bot().metrics().ack_latency(started.elapsed());
    answer(result)
}

fn answer(
    result: Result<Option<serde_json::Value>, super::interactions::PayloadError>,
) -> Response {
    match result {
        Ok(Some(json)) => Json(json).into_response(),
        Ok(None) => StatusCode::OK.into_response(),
        Err(error @ super::interactions::PayloadError::NotSaved(_)) => {
            tracing::error!(%error, "a Slack event could not be saved; Slack will retry");
            (StatusCode::INTERNAL_SERVER_ERROR, "not saved; retry\n").into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "refused a Slack payload");
            (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response()
        }
    }
}
