//! The Bot Connector REST API: send, reply, update and create-conversation calls on
//! `{serviceUrl}/v3/…`, with the app token, and failures mapped for the outbox.

use std::sync::Arc;

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::token::TokenCache;
use crate::outbox::DeliveryError;

/// Where an activity goes: a conversation at a service URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub service_url: String,
    pub conversation_id: String,
}

pub struct Connector {
    http: reqwest::Client,
    tokens: Arc<TokenCache>,
}

impl Connector {
    pub fn new(http: reqwest::Client, tokens: Arc<TokenCache>) -> Self {
        Connector { http, tokens }
    }

    /// Posts a new activity to the conversation; returns its ID.
    pub async fn send(&self, to: &Target, activity: &Value) -> Result<String, DeliveryError> {
        let url = activities_url(to, None);
        activity_id(self.call(Method::POST, &url, activity).await?)
    }

    /// Posts an activity as a reply to `reply_to` (threaded in channels); returns its ID.
    pub async fn reply(
        &self,
        to: &Target,
        reply_to: &str,
        activity: &Value,
    ) -> Result<String, DeliveryError> {
        let mut activity = activity.clone();
        activity["replyToId"] = json!(reply_to);
        let url = activities_url(to, Some(reply_to));
        activity_id(self.call(Method::POST, &url, &activity).await?)
    }

    /// Replaces activity `id`'s content.
    pub async fn update(
        &self,
        to: &Target,
        id: &str,
        activity: &Value,
    ) -> Result<(), DeliveryError> {
        let mut activity = activity.clone();
        activity["id"] = json!(id);
        let url = activities_url(to, Some(id));
        self.call(Method::PUT, &url, &activity).await.map(|_| ())
    }

    /// Creates a conversation (a 1:1 chat with a user); returns its ID.
    pub async fn create_conversation(
        &self,
        service_url: &str,
        parameters: &Value,
    ) -> Result<String, DeliveryError> {
        let url = format!("{}/v3/conversations", base(service_url));
        let body = self.call(Method::POST, &url, parameters).await?;
        body.get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                DeliveryError::Transient("Teams created a conversation without an ID".into())
            })
    }

    /// Reads `url` (a roster page); its JSON body.
    pub async fn get(&self, url: &str) -> Result<Value, DeliveryError> {
        self.call(Method::GET, url, &Value::Null).await
    }

    /// One call, with a fresh token once if the connector refuses the cached one.
    async fn call(&self, method: Method, url: &str, body: &Value) -> Result<Value, DeliveryError> {
        let mut refreshed = false;
        loop {
            let token = self.tokens.get().await?;
            let mut request = self
                .http
                .request(method.clone(), url)
                .bearer_auth(token.expose());
            if method != Method::GET {
                request = request.json(body);
            }
            let response = request.send().await.map_err(|e| {
                DeliveryError::Transient(format!("Teams connector: {}", e.without_url()))
            })?;
            if response.status() == StatusCode::UNAUTHORIZED && !refreshed {
                self.tokens.forget(&token).await;
                refreshed = true;
                continue;
            }
            return read(response).await;
        }
    }
}

/// Maps a connector answer: success → its JSON body (or null); else the outbox's verdict.
async fn read(response: reqwest::Response) -> Result<Value, DeliveryError> {
    let status = response.status();
    let retry_after = retry_after(response.headers());
    let text = response.text().await.unwrap_or_default();
    if status.is_success() {
        return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
    }
    let code = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/error/code")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default();
    let answer = format!("HTTP {status} {code}").trim_end().to_string();
    let what = format!("Teams connector: {answer}");
    Err(match status.as_u16() {
        429 => DeliveryError::RateLimited {
            retry_after: retry_after.unwrap_or(Duration::seconds(1)),
        },
        408 | 412 | 500..=599 => DeliveryError::Transient(what),
        // The activity itself: too large (413) or not one Teams takes (400).
        400 | 413 => DeliveryError::refused("Teams", answer),
        _ => DeliveryError::unreachable(what),
    })
}

/// `Retry-After` in seconds (the connector does not send dates).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let seconds: i64 = value.trim().parse().ok()?;
    Some(Duration::seconds(seconds.clamp(0, 24 * 3600)))
}

fn activity_id(body: Value) -> Result<String, DeliveryError> {
    // Some channels answer without an ID; the message went out all the same.
    Ok(body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string())
}

/// `{serviceUrl}/v3/conversations/{id}/activities[/{activityId}]`, keeping the service URL's
/// path prefix and percent-encoding the IDs.
pub fn activities_url(to: &Target, activity: Option<&str>) -> String {
    let mut url = format!(
        "{}/v3/conversations/{}/activities",
        base(&to.service_url),
        encode(&to.conversation_id)
    );
    if let Some(id) = activity {
        url.push('/');
        url.push_str(&encode(id));
    }
    url
}

pub fn base(service_url: &str) -> &str {
    service_url.trim_end_matches('/')
}

/// Percent-encodes everything but unreserved characters, like `encodeURIComponent`.
pub fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_ids_are_encoded_under_the_service_urls_path() {
        let to = Target {
            service_url: "https://smba.example/amer/".into(),
            conversation_id: "19:abc@thread.tacv2;messageid=17".into(),
        };
        assert_eq!(
            activities_url(&to, Some("17")),
            "https://smba.example/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/17"
        );
        assert_eq!(encode("a b/ü"), "a%20b%2F%C3%BC");
    }
}
