//! Platform adapters: each turns its own traffic into `Incoming` and renders `Message`s.
//! `Platforms` is the outbox's sink when serving: it sends each message by every platform that
//! can reach its destination (a person by the one they last wrote from).

pub mod console;
pub mod deliveries;
mod in_flight;
pub mod slack;
pub mod teams;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::message::{Destination, Outgoing};
use crate::outbox::{DeliveryError, Sink};
use crate::store::Store;

pub use crate::bot::LAST_PLATFORM;
pub use deliveries::{Deliveries, Ran};
pub use in_flight::{InFlight, Working};

pub type Delivery<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// One chat platform's outgoing side.
pub trait Adapter: Send + Sync {
    /// `slack`, `teams`: the route name, and the value stored in `LAST_PLATFORM`.
    fn name(&self) -> &'static str;

    /// Whether this platform has an address for `to` (a channel ID, a user ID).
    fn reaches(&self, to: &Destination) -> bool;

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a>;
}

/// Every configured platform, as one outbox sink.
pub struct Platforms {
    adapters: Vec<Arc<dyn Adapter>>,
    store: Arc<dyn Store>,
}

impl Platforms {
    pub fn new(adapters: Vec<Arc<dyn Adapter>>, store: Arc<dyn Store>) -> Self {
        Platforms { adapters, store }
    }

    fn last_platform(&self, to: &Destination) -> Option<String> {
        let Destination::Person(name) = to else {
            return None;
        };
        let bytes = self.store.kv_get(LAST_PLATFORM, name.as_str()).ok()??;
        String::from_utf8(bytes).ok()
    }
}

impl Sink for Platforms {
    fn routes(&self, outgoing: &Outgoing) -> Vec<String> {
        let reaching: Vec<&str> = self
            .adapters
            .iter()
            .filter(|a| a.reaches(&outgoing.to))
            .map(|a| a.name())
            .collect();
        match &outgoing.to {
            // A channel is posted on every platform it exists on.
            Destination::Channel(_) => reaching.into_iter().map(String::from).collect(),
            // A conversation belongs to the one platform it came from.
            Destination::Conversation { platform, .. } => reaching
                .into_iter()
                .filter(|name| name == platform)
                .map(String::from)
                .collect(),
            // A person is reached once: where they last wrote from, else the first platform.
            Destination::Person(_) => {
                let last = self.last_platform(&outgoing.to);
                let pick = reaching
                    .iter()
                    .find(|name| Some(**name) == last.as_deref())
                    .or(reaching.first());
                pick.map(|name| vec![name.to_string()]).unwrap_or_default()
            }
        }
    }

    async fn deliver(&self, route: &str, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match self.adapters.iter().find(|a| a.name() == route) {
            Some(adapter) => adapter.deliver(outgoing).await,
            None => Err(DeliveryError::unreachable(format!(
                "{route} is not configured"
            ))),
        }
    }
}
