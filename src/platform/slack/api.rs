//! The Slack Web API, through slack-morphism, with its failures mapped for the outbox.

use std::sync::Arc;

use chrono::Duration;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::settings::SlackSettings;
use crate::metrics::Metrics;
use crate::outbox::DeliveryError;

type Connector = SlackClientHyperConnector<HttpsConnector<HttpConnector>>;

/// The Web API as the bot uses it. Tokens stay inside; errors never contain them.
#[derive(Clone)]
pub struct Api {
    client: Arc<SlackClient<Connector>>,
    token: SlackApiToken,
    metrics: Arc<Metrics>,
}

impl Api {
    /// A client for `settings.api_url`, which may be plain `http://` (a test fake): the
    /// connector slack-morphism builds by default is https-only.
    pub fn new(settings: &SlackSettings, metrics: Arc<Metrics>) -> std::io::Result<Api> {
        crate::tls::ensure_provider();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()?
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .build();
        let connector =
            SlackClientHyperConnector::with_connector(https).with_slack_api_url(&settings.api_url);
        let token = SlackApiToken::new(SlackApiTokenValue::new(
            settings.bot_token.expose().to_string(),
        ));
        Ok(Api {
            client: Arc::new(SlackClient::new(connector)),
            token,
            metrics,
        })
    }

    pub fn client(&self) -> &Arc<SlackClient<Connector>> {
        &self.client
    }

    /// A session with the bot token, for calls this file does not wrap (`members`).
    pub(super) fn session(&self) -> SlackClientSession<'_, Connector> {
        self.client.open_session(&self.token)
    }

    /// Counts a failed call for `/metrics`.
    pub(super) fn count_error(&self, method: &str) {
        self.metrics.api_error("slack", method);
    }

    /// Posts a message; returns its `ts`.
    pub async fn post(
        &self,
        channel: &str,
        content: SlackMessageContent,
        thread_ts: Option<&str>,
    ) -> Result<String, DeliveryError> {
        let mut request = SlackApiChatPostMessageRequest::new(channel.into(), content);
        request.thread_ts = thread_ts.map(|ts| SlackTs::new(ts.into()));
        let session = self.client.open_session(&self.token);
        let response = session.chat_post_message(&request).await;
        Ok(self.check("chat.postMessage", response)?.ts.to_string())
    }

    /// Opens (or finds) the group DM of these users and the bot; returns its channel ID.
    pub async fn open_group(&self, users: &[&str]) -> Result<String, DeliveryError> {
        // `users` is a comma-separated list, as Slack documents it.
        let request = serde_json::json!({ "users": users.join(",") });
        let session = self.client.open_session(&self.token);
        let response: ClientResult<SlackApiConversationsOpenResponse<SlackBasicChannelInfo>> =
            session
                .http_session_api
                .http_post("conversations.open", &request, None)
                .await;
        Ok(self
            .check("conversations.open", response)?
            .channel
            .id
            .to_string())
    }

    /// Shares a PNG in `channel` (a channel or DM ID) the way Slack supports today: ask
    /// `files.getUploadURLExternal` for an upload URL, send the bytes there, then
    /// `files.completeUploadExternal` into the channel.
    pub async fn upload_png(
        &self,
        channel: &str,
        filename: &str,
        bytes: Vec<u8>,
        title: &str,
    ) -> Result<(), DeliveryError> {
        let session = self.client.open_session(&self.token);
        let ask = SlackApiFilesGetUploadUrlExternalRequest::new(filename.into(), bytes.len())
            .with_alt_txt(title.into());
        let url = self.check(
            "files.getUploadURLExternal",
            session.get_upload_url_external(&ask).await,
        )?;
        let upload =
            SlackApiFilesUploadViaUrlRequest::new(url.upload_url, bytes, "image/png".into());
        self.check("upload_url", session.files_upload_via_url(&upload).await)?;
        let complete = SlackApiFilesCompleteUploadExternalRequest::new(vec![
            SlackApiFilesComplete::new(url.file_id).with_title(title.into()),
        ])
        .with_channel_id(channel.into());
        // Its answer describes the file at length; nothing of it is needed.
        let response: ClientResult<serde_json::Value> = session
            .http_session_api
            .http_post("files.completeUploadExternal", &complete, None)
            .await;
        self.check("files.completeUploadExternal", response)
            .map(drop)
    }

    pub async fn update(
        &self,
        channel: &str,
        ts: &str,
        content: SlackMessageContent,
    ) -> Result<(), DeliveryError> {
        let request =
            SlackApiChatUpdateRequest::new(channel.into(), content, SlackTs::new(ts.into()));
        let session = self.client.open_session(&self.token);
        self.check("chat.update", session.chat_update(&request).await)
            .map(drop)
    }

    pub async fn post_ephemeral(
        &self,
        channel: &str,
        user: &str,
        content: SlackMessageContent,
    ) -> Result<(), DeliveryError> {
        let request = SlackApiChatPostEphemeralRequest::new(channel.into(), user.into(), content);
        let session = self.client.open_session(&self.token);
        self.check(
            "chat.postEphemeral",
            session.chat_post_ephemeral(&request).await,
        )
        .map(drop)
    }

    pub async fn open_view(&self, trigger_id: &str, view: SlackView) -> Result<(), DeliveryError> {
        let request = SlackApiViewsOpenRequest::new(trigger_id.into(), view);
        let session = self.client.open_session(&self.token);
        self.check("views.open", session.views_open(&request).await)
            .map(drop)
    }

    pub async fn publish_home(&self, user: &str, view: SlackView) -> Result<(), DeliveryError> {
        let request = SlackApiViewsPublishRequest::new(user.into(), view);
        let session = self.client.open_session(&self.token);
        self.check("views.publish", session.views_publish(&request).await)
            .map(drop)
    }

    /// The person's time zone as their Slack profile says (an IANA name), if any.
    pub async fn user_zone(&self, user: &str) -> Result<Option<String>, DeliveryError> {
        let request = SlackApiUsersInfoRequest::new(user.into());
        let session = self.client.open_session(&self.token);
        Ok(self
            .check("users.info", session.users_info(&request).await)?
            .user
            .tz)
    }

    /// Answers through an interaction's or command's `response_url` (ephemeral by default).
    pub async fn respond(
        &self,
        response_url: &str,
        content: SlackMessageContent,
    ) -> Result<(), DeliveryError> {
        let url = url::Url::parse(response_url)
            .map_err(|_| DeliveryError::unreachable("the response_url is not a URL"))?;
        let mut request = SlackApiPostWebhookMessageRequest::new(content);
        request.replace_original = Some(false);
        let response = self
            .client
            .respond_to_event(&SlackResponseUrl::new(url), &request)
            .await;
        self.check("response_url", response).map(drop)
    }

    fn check<T>(&self, method: &str, result: ClientResult<T>) -> Result<T, DeliveryError> {
        result.map_err(|error| {
            self.metrics.api_error("slack", method);
            let mapped = map_error(error);
            tracing::warn!(method, error = %mapped, "Slack API call failed");
            mapped
        })
    }
}

/// Error codes with which Slack refuses a message itself (its blocks, its size, its text),
/// not the place it goes to.
const REFUSALS: &[&str] = &[
    "invalid_blocks",
    "invalid_blocks_format",
    "msg_too_long",
    "msg_blocks_too_long",
    "no_text",
    "invalid_arguments",
    "too_many_attachments",
    "invalid_attachments",
    "attachment_payload_limit_exceeded",
    "markdown_text_conflict",
];

/// How a failure should be retried. Messages name the API error code or HTTP status only.
fn map_error(error: SlackClientError) -> DeliveryError {
    match error {
        SlackClientError::RateLimitError(e) => DeliveryError::RateLimited {
            retry_after: e
                .retry_after
                .and_then(|d| Duration::from_std(d).ok())
                .unwrap_or_else(|| Duration::seconds(30)),
        },
        SlackClientError::ApiError(e) => match e.code.as_str() {
            "ratelimited" => DeliveryError::RateLimited {
                retry_after: Duration::seconds(30),
            },
            "internal_error" | "fatal_error" | "service_unavailable" | "request_timeout" => {
                DeliveryError::Transient(format!("Slack said {}", e.code))
            }
            // Only reinstalling the app with the scope helps: say which one, as Slack names it.
            "missing_scope" => DeliveryError::unreachable(format!(
                "Slack said missing_scope: the app needs {}; reinstall it from a manifest in \
                 deploy/slack",
                super::members::needed(e.http_response_body.as_deref())
                    .unwrap_or_else(|| "a scope Slack did not name".into())
            )),
            code if REFUSALS.contains(&code) => DeliveryError::refused("Slack", code),
            code => DeliveryError::unreachable(format!("Slack said {code}")),
        },
        SlackClientError::HttpError(e) if e.status_code.as_u16() == 413 => {
            DeliveryError::refused("Slack", "HTTP 413")
        }
        // A `response_url` refuses a message with HTTP 400 and the code as its body.
        SlackClientError::HttpError(e)
            if e.http_response_body
                .as_deref()
                .map(str::trim)
                .is_some_and(|body| REFUSALS.contains(&body)) =>
        {
            let code = e.http_response_body.unwrap_or_default();
            DeliveryError::refused("Slack", code.trim())
        }
        SlackClientError::HttpError(e) if e.status_code.is_server_error() => {
            DeliveryError::Transient(format!("Slack answered HTTP {}", e.status_code.as_u16()))
        }
        SlackClientError::HttpError(e) => {
            DeliveryError::unreachable(format!("Slack answered HTTP {}", e.status_code.as_u16()))
        }
        SlackClientError::HttpProtocolError(_)
        | SlackClientError::SystemError(_)
        | SlackClientError::EndOfStream(_) => {
            DeliveryError::Transient("could not reach Slack".into())
        }
        SlackClientError::ProtocolError(_) | SlackClientError::SocketModeProtocolError(_) => {
            DeliveryError::Transient("unexpected answer from Slack".into())
        }
    }
}
