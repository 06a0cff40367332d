//! The Bot Framework's JWT on every incoming activity: RS256 from a published key, our app ID
//! as audience, the Bot Framework as issuer, in its time window (5 minutes of skew, on the
//! injected clock), from a key endorsed for the activity's channel, for the activity's
//! service URL.

use std::sync::Arc;

use jsonwebtoken::{Algorithm, Validation, decode, decode_header};
use serde::Deserialize;
use thiserror::Error;

use super::keys::{KeyCache, KeyError};
use crate::clock::Clock;

pub const ISSUER: &str = "https://api.botframework.com";
const SKEW_SECS: i64 = 5 * 60;

/// Why a request was refused; the text goes to the log, never to the caller.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("no bearer token")]
    NoToken,
    #[error("malformed token: {0}")]
    Malformed(String),
    #[error("algorithm {0} is not accepted (RS256 only)")]
    Algorithm(String),
    #[error("token has no key ID")]
    NoKeyId,
    #[error("unknown signing key")]
    UnknownKey,
    #[error("signing keys unavailable")]
    KeysUnavailable,
    #[error("token rejected: {0}")]
    Rejected(String),
    #[error("token expired")]
    Expired,
    #[error("token not valid yet")]
    NotYetValid,
    #[error("token has no serviceurl claim")]
    NoServiceUrl,
    #[error("signing key is not endorsed for channel {0}")]
    NotEndorsed(String),
    #[error("token is for another service URL")]
    ServiceUrlMismatch,
}

/// A token that passed every check that needs no activity.
#[derive(Debug)]
pub struct Verified {
    service_url: String,
    endorsements: Vec<String>,
}

#[derive(Deserialize)]
struct Claims {
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    serviceurl: Option<String>,
}

pub struct Verifier {
    app_id: String,
    keys: Arc<KeyCache>,
    clock: Arc<dyn Clock>,
}

impl Verifier {
    pub fn new(app_id: String, keys: Arc<KeyCache>, clock: Arc<dyn Clock>) -> Self {
        Verifier {
            app_id,
            keys,
            clock,
        }
    }

    /// Checks the `Authorization` header's value.
    pub async fn verify(&self, authorization: Option<&str>) -> Result<Verified, AuthError> {
        let token = authorization
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::NoToken)?;
        let header = decode_header(token).map_err(|e| AuthError::Malformed(e.to_string()))?;
        if header.alg != Algorithm::RS256 {
            return Err(AuthError::Algorithm(format!("{:?}", header.alg)));
        }
        let kid = header.kid.ok_or(AuthError::NoKeyId)?;
        let key = self.keys.get(&kid).await.map_err(|e| match e {
            KeyError::Unknown => AuthError::UnknownKey,
            KeyError::Fetch(error) => {
                tracing::error!(%error, "teams: cannot check tokens");
                AuthError::KeysUnavailable
            }
        })?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[self.app_id.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        // Time is checked below against the injected clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = decode::<Claims>(token, &key.decoding, &validation)
            .map_err(|e| AuthError::Rejected(e.to_string()))?
            .claims;
        self.check_time(&claims)?;
        let service_url = claims.serviceurl.ok_or(AuthError::NoServiceUrl)?;
        Ok(Verified {
            service_url,
            endorsements: key.endorsements,
        })
    }

    fn check_time(&self, claims: &Claims) -> Result<(), AuthError> {
        let now = self.clock.now().timestamp();
        if now > claims.exp + SKEW_SECS {
            return Err(AuthError::Expired);
        }
        if claims.nbf.is_some_and(|nbf| now + SKEW_SECS < nbf) {
            return Err(AuthError::NotYetValid);
        }
        Ok(())
    }
}

impl Verified {
    /// The checks that need the activity: its channel must be endorsed by the key, and its
    /// service URL must be the one the token was issued for.
    pub fn check_activity(&self, channel_id: &str, service_url: &str) -> Result<(), AuthError> {
        if !self.endorsements.iter().any(|e| e == channel_id) {
            return Err(AuthError::NotEndorsed(channel_id.to_string()));
        }
        if self.service_url != service_url {
            return Err(AuthError::ServiceUrlMismatch);
        }
        Ok(())
    }
}
