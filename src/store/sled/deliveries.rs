//! Deliveries in sled: `deliveries`, key → the delivery as JSON.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::{SledStore, keys, outbox};
use crate::message::Outgoing;
use crate::store::{Delivery, DeliveryState, StoreError, Ticket};

impl SledStore {
    pub(super) fn receive(
        &self,
        key: &str,
        delivery: &Delivery,
    ) -> Result<(bool, Ticket), StoreError> {
        let value = serde_json::to_vec(delivery)?;
        self.writer.write_with(&self.trees, |trees| {
            let mut set = WriteSet::default();
            let new = !trees.deliveries.contains_key(key)?;
            if new {
                set.put(TreeId::Deliveries, key.as_bytes(), value);
            }
            Ok((set, new))
        })
    }

    pub(super) fn finish(
        &self,
        key: &str,
        answer: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let ((), ticket) = self.writer.write_with(&self.trees, |trees| {
            let received_at = match trees.deliveries.get(key)? {
                Some(bytes) => {
                    keys::decode::<Delivery>(format_args!("delivery {key}"), &bytes)?.received_at
                }
                None => at,
            };
            let done = Delivery {
                received_at,
                state: DeliveryState::Done,
            };
            let mut set = WriteSet::default();
            set.put(
                TreeId::Deliveries,
                key.as_bytes(),
                serde_json::to_vec(&done)?,
            );
            outbox::enqueue(&mut set, &self.last_entry, answer, at)?;
            Ok((set, ()))
        })?;
        Ok(ticket)
    }

    pub(super) fn unfinished(&self) -> Result<Vec<(String, Delivery)>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.deliveries.iter() {
            let (key, bytes) = item?;
            let delivery: Delivery = keys::decode(
                format_args!("delivery {}", String::from_utf8_lossy(&key)),
                &bytes,
            )?;
            if matches!(delivery.state, DeliveryState::Working { .. }) {
                found.push((String::from_utf8_lossy(&key).into_owned(), delivery));
            }
        }
        Ok(found)
    }

    pub(super) fn forget(&self, before: DateTime<Utc>) -> Result<Ticket, StoreError> {
        let mut set = WriteSet::default();
        for item in self.trees.deliveries.iter() {
            let (key, bytes) = item?;
            // One that cannot be read is forgotten too: it can only hold up a redelivery.
            let keep = serde_json::from_slice::<Delivery>(&bytes).is_ok_and(|d| {
                d.received_at >= before || matches!(d.state, DeliveryState::Working { .. })
            });
            if !keep {
                set.delete(TreeId::Deliveries, key.to_vec());
            }
        }
        self.write(&set)
    }
}
