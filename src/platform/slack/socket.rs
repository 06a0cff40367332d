//! Socket Mode: the same handlers over Slack's WebSocket, for workspaces without a public URL.
//! Like over HTTP, a delivery is acknowledged only once its work is saved: the callbacks run it
//! before they return (a slash command's answer is the acknowledgement itself). Slack keeps two
//! connections and may send one delivery over both, so deliveries are de-duplicated like HTTP
//! retries. A stop waits for callbacks under way.

use std::future::Future;
use std::sync::Arc;

use slack_morphism::prelude::*;

use super::Slack;
use crate::config::Secret;

type Client = SlackClient<
    SlackClientHyperConnector<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    >,
>;
type Result<T> = UserCallbackResult<T>;

/// Connects and serves until `stop` completes.
pub async fn run(slack: Slack, stop: impl Future<Output = ()>) {
    let Some(app_token) = slack.inner.settings.app_token.clone() else {
        return;
    };
    let environment = Arc::new(
        SlackClientEventsListenerEnvironment::new(slack.api().client().clone())
            .with_error_handler(on_error)
            .with_user_state(slack.clone()),
    );
    let callbacks = SlackSocketModeListenerCallbacks::new()
        .with_command_events(on_command)
        .with_interaction_events(on_interaction)
        .with_push_events(on_push);
    let config = SlackClientSocketModeConfig::new().with_initial_backoff_in_seconds(1);
    let listener = SlackClientSocketModeListener::new(&config, environment, callbacks);
    if let Err(error) = listener.listen_for(&token(&app_token)).await {
        tracing::error!(%error, "Socket Mode could not start");
        return;
    }
    listener.start().await;
    tracing::info!("Slack Socket Mode connected");
    stop.await;
    // What was handed over finishes and is acknowledged before the connections close.
    slack.inner.in_flight.idle().await;
    listener.shutdown().await;
}

fn token(secret: &Secret) -> SlackApiToken {
    SlackApiToken::new(SlackApiTokenValue::new(secret.expose().to_string()))
}

async fn slack_of(states: &SlackClientEventsUserState) -> Option<Slack> {
    states.read().await.get_user_state::<Slack>().cloned()
}

async fn on_command(
    event: SlackCommandEvent,
    _: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<SlackCommandEventResponse> {
    let empty = SlackCommandEventResponse::new(SlackMessageContent::new());
    let Some(slack) = slack_of(&states).await else {
        return Ok(empty);
    };
    let _working = slack.inner.in_flight.enter();
    if !slack
        .first_time(&format!("trigger:{}", event.trigger_id))
        .await
    {
        return Ok(empty);
    }
    let Some(json) = slack.command(&event).await else {
        return Ok(empty);
    };
    let text = json.get("text").and_then(|t| t.as_str()).unwrap_or("");
    let blocks = json
        .get("blocks")
        .cloned()
        .and_then(|b| serde_json::from_value(b).ok());
    let content = SlackMessageContent::new()
        .with_text(text.to_string())
        .opt_blocks(blocks);
    Ok(SlackCommandEventResponse::new(content)
        .with_response_type(SlackMessageResponseType::Ephemeral))
}

async fn on_interaction(
    event: SlackInteractionEvent,
    _: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<SlackInteractionResponse> {
    let Some(slack) = slack_of(&states).await else {
        return Ok(SlackInteractionResponse::Empty);
    };
    let _working = slack.inner.in_flight.enter();
    let payload = serde_json::to_string(&event)?;
    if let SlackInteractionEvent::ViewSubmission(_) = event {
        // The answer (inline errors, or closing the form) is the acknowledgement itself.
        let answer = slack.interaction(&payload).await.ok().flatten();
        return Ok(
            match answer.and_then(|json| serde_json::from_value(json).ok()) {
                Some(response) => SlackInteractionResponse::ViewSubmission(response),
                None => SlackInteractionResponse::Empty,
            },
        );
    }
    let key = match &event {
        SlackInteractionEvent::BlockActions(click) => format!("trigger:{}", click.trigger_id),
        _ => String::new(),
    };
    if key.is_empty() || slack.first_time(&key).await {
        let _ = slack.interaction(&payload).await;
    }
    Ok(SlackInteractionResponse::Empty)
}

async fn on_push(
    event: SlackPushEventCallback,
    _: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<()> {
    if let Some(slack) = slack_of(&states).await {
        let _working = slack.inner.in_flight.enter();
        // An error leaves the event unacknowledged, so Slack delivers it again.
        slack.on_event(event).await?;
    }
    Ok(())
}

fn on_error(
    error: Box<dyn std::error::Error + Send + Sync>,
    _: Arc<Client>,
    _: SlackClientEventsUserState,
) -> axum::http::StatusCode {
    // Not acknowledged: Slack delivers it again (a failure to save, say).
    tracing::warn!(%error, "Socket Mode error");
    axum::http::StatusCode::INTERNAL_SERVER_ERROR
}
