//! `Platforms`: every configured platform's adapter as one outbox sink. It sends each message
//! by every platform that can reach its destination (a person by the one they last wrote from).

use std::sync::Arc;

use super::Adapter;
use crate::bot::LastPlatform;
use crate::message::{Destination, Outgoing};
use crate::outbox::{DeliveryError, Sink};
use crate::store::Store;

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
        let last = self.store.kept::<LastPlatform>(name).ok()??;
        Some(last.0)
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
