//! The memory store's deliveries.

use chrono::{DateTime, Utc};

use super::Inner;
use crate::message::Outgoing;
use crate::store::{Delivery, DeliveryState};

impl Inner {
    pub(super) fn receive(&mut self, key: &str, delivery: &Delivery) -> bool {
        if self.deliveries.contains_key(key) {
            return false;
        }
        self.deliveries.insert(key.to_string(), delivery.clone());
        true
    }

    pub(super) fn finish(&mut self, key: &str, answer: &[Outgoing], at: DateTime<Utc>) {
        let received_at = self.deliveries.get(key).map_or(at, |d| d.received_at);
        let done = Delivery {
            received_at,
            state: DeliveryState::Done,
        };
        self.deliveries.insert(key.to_string(), done);
        self.enqueue(answer, at);
    }

    pub(super) fn unfinished(&self) -> Vec<(String, Delivery)> {
        self.deliveries
            .iter()
            .filter(|(_, d)| matches!(d.state, DeliveryState::Working { .. }))
            .map(|(k, d)| (k.clone(), d.clone()))
            .collect()
    }

    pub(super) fn forget(&mut self, before: DateTime<Utc>) {
        self.deliveries.retain(|_, d| {
            d.received_at >= before || matches!(d.state, DeliveryState::Working { .. })
        });
    }
}
