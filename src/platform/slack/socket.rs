//! Socket Mode: the same handlers over Slack's WebSocket, for workspaces without a public URL.
//! Callbacks return at once and the work is spawned. Slack keeps two connections and may send
//! one delivery over both, so deliveries are de-duplicated like HTTP retries.

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
    if let Some(slack) = slack_of(&states).await {
        if slack
            .first_time(&format!("trigger:{}", event.trigger_id))
            .await
        {
            tokio::spawn(async move {
                let answer = slack.command(&event).await;
                if let Some(json) = answer {
                    let message = json
                        .get("text")
                        .and_then(|t| t.as_str())
                        .unwrap_or("")
                        .to_string();
                    let blocks = json
                        .get("blocks")
                        .cloned()
                        .and_then(|b| serde_json::from_value(b).ok());
                    let content = SlackMessageContent::new()
                        .with_text(message)
                        .opt_blocks(blocks);
                    if let Err(error) = slack
                        .api()
                        .respond(event.response_url.0.as_ref(), content)
                        .await
                    {
                        tracing::warn!(%error, "could not answer a Socket Mode command");
                    }
                }
            });
        }
    }
    Ok(SlackCommandEventResponse::new(SlackMessageContent::new()))
}

async fn on_interaction(
    event: SlackInteractionEvent,
    _: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<SlackInteractionResponse> {
    let Some(slack) = slack_of(&states).await else {
        return Ok(SlackInteractionResponse::Empty);
    };
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
        tokio::spawn(async move {
            let _ = slack.interaction(&payload).await;
        });
    }
    Ok(SlackInteractionResponse::Empty)
}

async fn on_push(
    event: SlackPushEventCallback,
    _: Arc<Client>,
    states: SlackClientEventsUserState,
) -> Result<()> {
    if let Some(slack) = slack_of(&states).await {
        if slack.first_time(&format!("event:{}", event.event_id)).await {
            tokio::spawn(async move { slack.on_event(event.event).await });
        }
    }
    Ok(())
}

fn on_error(
    error: Box<dyn std::error::Error + Send + Sync>,
    _: Arc<Client>,
    _: SlackClientEventsUserState,
) -> axum::http::StatusCode {
    tracing::warn!(%error, "Socket Mode error");
    axum::http::StatusCode::OK
}
