//! The durable queue of outgoing messages: delivery, retries with backoff, rate limits, and
//! parking what keeps failing.

mod policy;
mod worker;

use std::future::Future;

use chrono::Duration;
use thiserror::Error;

pub use policy::{MIN_AGE_TO_PARK, MIN_TRIES_TO_PARK, next_attempt};
pub use worker::{Delivered, Outbox};

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
    /// Retrying cannot help (an unknown channel, writes blocked): park it now.
    #[error("{0}")]
    Permanent(String),
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
}
