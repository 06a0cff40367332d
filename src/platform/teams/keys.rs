//! The Bot Framework's signing keys: the OpenID metadata names the JWKS, whose keys carry the
//! channels they are endorsed for. Cached for a day; an unknown key ID refetches at most once
//! an hour, so forged tokens cannot make us hammer the metadata endpoint.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::DecodingKey;
use serde::Deserialize;
use thiserror::Error;
use tokio::sync::Mutex;

use crate::clock::Clock;

const REFRESH_AFTER: Duration = Duration::hours(24);
const UNKNOWN_KEY_REFETCH: Duration = Duration::hours(1);

#[derive(Clone)]
pub struct Key {
    pub decoding: DecodingKey,
    pub endorsements: Vec<String>,
}

#[derive(Debug, Error)]
pub enum KeyError {
    #[error("no signing key with this key ID")]
    Unknown,
    #[error("signing keys unavailable: {0}")]
    Fetch(String),
}

pub struct KeyCache {
    http: reqwest::Client,
    metadata_url: String,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, Key>,
    fetched_at: Option<DateTime<Utc>>,
    unknown_refetch_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Metadata {
    jwks_uri: String,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    n: Option<String>,
    e: Option<String>,
    #[serde(default)]
    endorsements: Vec<String>,
}

impl KeyCache {
    pub fn new(http: reqwest::Client, metadata_url: String, clock: Arc<dyn Clock>) -> Self {
        KeyCache {
            http,
            metadata_url,
            clock,
            state: Mutex::new(State::default()),
        }
    }

    /// A cache that holds `keys` as fetched now, and fetches nothing while they are fresh:
    /// for the fuzz bench, which checks tokens without a key server.
    #[cfg(feature = "fuzzing")]
    pub fn fixed(keys: HashMap<String, Key>, clock: Arc<dyn Clock>) -> Self {
        let state = State {
            keys,
            fetched_at: Some(clock.now()),
            unknown_refetch_at: Some(clock.now()),
        };
        KeyCache {
            http: crate::tls::http_client(),
            metadata_url: String::new(),
            clock,
            state: Mutex::new(state),
        }
    }

    /// The key with ID `kid`, fetching the key set when it is stale or (rarely) when the ID
    /// is unknown.
    pub async fn get(&self, kid: &str) -> Result<Key, KeyError> {
        let mut state = self.state.lock().await;
        let now = self.clock.now();
        let stale = state.fetched_at.is_none_or(|at| now - at >= REFRESH_AFTER);
        if stale {
            self.refresh(&mut state, now).await?;
        }
        if let Some(key) = state.keys.get(kid) {
            return Ok(key.clone());
        }
        let may_refetch = state
            .unknown_refetch_at
            .is_none_or(|at| now - at >= UNKNOWN_KEY_REFETCH);
        if stale || !may_refetch {
            return Err(KeyError::Unknown);
        }
        state.unknown_refetch_at = Some(now);
        self.refresh(&mut state, now).await?;
        state.keys.get(kid).cloned().ok_or(KeyError::Unknown)
    }

    /// Fetches the keys now (at start-up, so the first request need not wait).
    pub async fn warm(&self) {
        let mut state = self.state.lock().await;
        if state.fetched_at.is_none() {
            let now = self.clock.now();
            if let Err(error) = self.refresh(&mut state, now).await {
                tracing::warn!(%error, "teams: could not fetch signing keys at start-up");
            }
        }
    }

    /// Replaces the keys; on failure keeps the old ones (if any) and says so.
    async fn refresh(&self, state: &mut State, now: DateTime<Utc>) -> Result<(), KeyError> {
        match self.fetch().await {
            Ok(keys) => {
                tracing::info!(keys = keys.len(), "teams: signing keys fetched");
                state.keys = keys;
                state.fetched_at = Some(now);
                Ok(())
            }
            Err(error) if !state.keys.is_empty() => {
                tracing::warn!(%error, "teams: key refresh failed; keeping the keys we have");
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, Key>, KeyError> {
        let metadata: Metadata = self.get_json(&self.metadata_url).await?;
        let jwks: Jwks = self.get_json(&metadata.jwks_uri).await?;
        let keys = jwks.keys.into_iter().filter_map(|jwk| {
            let (Some(kid), Some(n), Some(e)) = (jwk.kid, jwk.n, jwk.e) else {
                return None;
            };
            if jwk.kty != "RSA" {
                return None;
            }
            let decoding = DecodingKey::from_rsa_components(&n, &e).ok()?;
            let endorsements = jwk.endorsements;
            Some((
                kid,
                Key {
                    decoding,
                    endorsements,
                },
            ))
        });
        Ok(keys.collect())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, KeyError> {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| KeyError::Fetch(format!("{url}: {}", e.without_url())))?;
        if !response.status().is_success() {
            return Err(KeyError::Fetch(format!(
                "{url}: HTTP {}",
                response.status()
            )));
        }
        response
            .json()
            .await
            .map_err(|e| KeyError::Fetch(format!("{url}: {}", e.without_url())))
    }
}
