//! What a delivery can fail with, and where the outbox delivers (`Sink`).

use std::future::Future;

use chrono::Duration;
use thiserror::Error;

use super::Pace;
use crate::message::Outgoing;

/// Why a delivery failed, as far as retrying is concerned.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum DeliveryError {
    /// The platform asked us to wait (HTTP 429 with `Retry-After`).
    #[error("rate limited; retry after {}s", .retry_after.num_seconds())]
    RateLimited { retry_after: Duration },
    /// Worth retrying: a 5xx, a timeout, a network error.
    #[error("{0}")]
    Transient(String),
    /// Retrying cannot help: park it now.
    #[error("{0}")]
    Permanent(Permanent),
}

/// Why retrying a delivery cannot help.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum Permanent {
    /// Nothing sent there would arrive: an unknown channel, writes blocked, no ID for a person.
    #[error("{0}")]
    Unreachable(String),
    /// The platform refused this message itself (too large, invalid blocks). The place can be
    /// reached, so a short stand-in that says so goes there instead.
    #[error("{platform} refused it: {error}")]
    Refused { platform: String, error: String },
}

impl DeliveryError {
    pub fn unreachable(why: impl Into<String>) -> Self {
        DeliveryError::Permanent(Permanent::Unreachable(why.into()))
    }

    /// `platform` (`Slack`, `Teams`) refused the message with `error` (its code or status).
    pub fn refused(platform: &str, error: impl Into<String>) -> Self {
        DeliveryError::Permanent(Permanent::Refused {
            platform: platform.to_string(),
            error: error.into(),
        })
    }

    /// Whether the platform refused the message itself (see `Permanent::Refused`).
    pub fn is_refusal(&self) -> bool {
        matches!(self, DeliveryError::Permanent(Permanent::Refused { .. }))
    }
}

/// Where delivered messages go. A message may take several routes (a channel on Slack and on
/// Teams); each route is delivered once, and a retry skips the routes already reached.
pub trait Sink: Send + Sync {
    /// The routes `outgoing` takes, by name (`slack`, `teams`, `console`). None means there is
    /// no way to reach the destination; the message is then dropped with a warning.
    fn routes(&self, outgoing: &Outgoing) -> Vec<String>;

    fn deliver(
        &self,
        route: &str,
        outgoing: &Outgoing,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;

    /// The rate `route` takes messages at, if it is paced (see `Pace`).
    fn pace(&self, route: &str) -> Option<Pace> {
        let _ = route;
        None
    }
}
