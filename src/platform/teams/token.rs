//! The bot's own token for the connector: client credentials against the login authority,
//! cached until shortly before it expires.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::settings::TeamsSettings;
use crate::clock::Clock;
use crate::config::Secret;
use crate::outbox::DeliveryError;

const SCOPE: &str = "https://api.botframework.com/.default";
/// A cached token is replaced this long before it expires.
const MARGIN: Duration = Duration::minutes(5);

pub struct TokenCache {
    http: reqwest::Client,
    url: String,
    app_id: String,
    password: Secret,
    clock: Arc<dyn Clock>,
    cached: Mutex<Option<(Secret, DateTime<Utc>)>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: i64,
}

impl TokenCache {
    pub fn new(http: reqwest::Client, settings: &TeamsSettings, clock: Arc<dyn Clock>) -> Self {
        TokenCache {
            http,
            url: format!(
                "{}/{}/oauth2/v2.0/token",
                settings.login_url, settings.tenant_id
            ),
            app_id: settings.app_id.clone(),
            password: settings.app_password.clone(),
            clock,
            cached: Mutex::new(None),
        }
    }

    /// A valid token, fetched if none is cached or the cached one is about to expire.
    pub async fn get(&self) -> Result<Secret, DeliveryError> {
        let mut cached = self.cached.lock().await;
        let now = self.clock.now();
        if let Some((token, until)) = cached.as_ref() {
            if now < *until {
                return Ok(token.clone());
            }
        }
        let (token, expires_in) = self.fetch().await?;
        let until = now + Duration::seconds(expires_in) - MARGIN;
        *cached = Some((token.clone(), until));
        Ok(token)
    }

    /// Forgets `used` (the connector refused it), unless another caller already replaced it.
    pub async fn forget(&self, used: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|(token, _)| token == used) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> Result<(Secret, i64), DeliveryError> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.app_id.as_str()),
            ("client_secret", self.password.expose()),
            ("scope", SCOPE),
        ];
        let response = self
            .http
            .post(&self.url)
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                DeliveryError::Transient(format!("Teams token request: {}", e.without_url()))
            })?;
        let status = response.status();
        if status.is_server_error() || status.as_u16() == 429 {
            return Err(DeliveryError::Transient(format!(
                "Teams token request: HTTP {status}"
            )));
        }
        if !status.is_success() {
            return Err(DeliveryError::unreachable(format!(
                "Teams token request refused (HTTP {status}): check TEAMS_APP_ID, \
                 TEAMS_APP_PASSWORD and TEAMS_TENANT_ID"
            )));
        }
        let body: TokenResponse = response.json().await.map_err(|e| {
            DeliveryError::Transient(format!("Teams token response: {}", e.without_url()))
        })?;
        Ok((Secret::new(body.access_token), body.expires_in.max(0)))
    }
}
