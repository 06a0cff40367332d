//! Answers to what people wrote, in the conversation they wrote in (threaded in channels).
//! An answer is stored before the activity is acknowledged and sent right after, so a slow
//! or failing connector never holds up the 3-second answer, and nothing acknowledged is lost:
//! failed sends are retried a few times, and whatever is left is sent again at start-up.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::card::{answer_form_activity, message_activity};
use super::connector::{Connector, Target};
use crate::bot::AnswerForm;
use crate::clock::Clock;
use crate::message::Message;
use crate::outbox::DeliveryError;
use crate::store::{Store, StoreError};

const SPACE: &str = "teams.reply";
/// Waits before each retry; after the last one the answer waits for the next start.
const RETRIES: [u64; 4] = [1, 5, 30, 120];
const MAX_RATE_LIMIT_WAIT: u64 = 300;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingReply {
    pub service_url: String,
    pub conversation_id: String,
    /// The activity answered; none for a greeting.
    pub reply_to: Option<String>,
    pub message: Message,
    /// A form to show instead of `message` (`answer <prompt>` typed alone).
    #[serde(default)]
    pub form: Option<AnswerForm>,
}

pub struct Replies {
    store: Arc<dyn Store>,
    connector: Arc<Connector>,
    clock: Arc<dyn Clock>,
    sequence: AtomicU64,
}

impl Replies {
    pub fn new(store: Arc<dyn Store>, connector: Arc<Connector>, clock: Arc<dyn Clock>) -> Self {
        Replies {
            store,
            connector,
            clock,
            sequence: AtomicU64::new(0),
        }
    }

    /// Stores `reply` durably (blocking: call off the async threads); returns its key.
    pub fn keep(&self, reply: &PendingReply) -> Result<String, StoreError> {
        let n = self.sequence.fetch_add(1, Ordering::Relaxed);
        let key = format!("{:020}-{n:06}", self.clock.now().timestamp_millis().max(0));
        let bytes = serde_json::to_vec(reply)
            .map_err(|e| StoreError::Backend(format!("encoding a Teams reply: {e}")))?;
        self.store.kv_put(SPACE, &key, &bytes)?;
        Ok(key)
    }

    /// Sends a kept reply in the background.
    pub fn send_later(self: &Arc<Self>, key: String, reply: PendingReply) {
        let replies = self.clone();
        tokio::spawn(async move { replies.deliver(key, reply).await });
    }

    /// Sends every reply left over from before a restart.
    pub fn resume(self: &Arc<Self>) {
        let left = match self.store.kv_scan(SPACE) {
            Ok(left) => left,
            Err(error) => {
                tracing::error!(%error, "teams: cannot read unsent replies");
                return;
            }
        };
        for (key, bytes) in left {
            match serde_json::from_slice::<PendingReply>(&bytes) {
                Ok(reply) => self.send_later(key, reply),
                Err(error) => {
                    tracing::error!(%key, %error, "teams: unreadable reply dropped");
                    self.forget(key);
                }
            }
        }
    }

    async fn deliver(self: Arc<Self>, key: String, reply: PendingReply) {
        let mut waits = RETRIES.iter();
        loop {
            let error = match self.try_send(&reply).await {
                Ok(()) => return self.forget(key),
                Err(error) => error,
            };
            let wait = match (&error, waits.next()) {
                (DeliveryError::Permanent(_), _) => None,
                (DeliveryError::RateLimited { retry_after }, Some(_)) => {
                    Some((retry_after.num_seconds().max(1) as u64).min(MAX_RATE_LIMIT_WAIT))
                }
                (DeliveryError::Transient(_), Some(wait)) => Some(*wait),
                (_, None) => None,
            };
            let Some(wait) = wait else {
                if matches!(error, DeliveryError::Permanent(_)) {
                    tracing::error!(%key, %error, "teams: reply refused; dropped");
                    return self.forget(key);
                }
                tracing::error!(%key, %error, "teams: reply not sent; will try again at start-up");
                return;
            };
            tracing::warn!(%key, %error, wait, "teams: reply not sent yet; retrying");
            tokio::time::sleep(Duration::from_secs(wait)).await;
        }
    }

    async fn try_send(&self, reply: &PendingReply) -> Result<(), DeliveryError> {
        let to = Target {
            service_url: reply.service_url.clone(),
            conversation_id: reply.conversation_id.clone(),
        };
        let activity = match &reply.form {
            Some(form) => answer_form_activity(form),
            None => message_activity(&reply.message, None),
        };
        match &reply.reply_to {
            Some(id) => self.connector.reply(&to, id, &activity).await.map(|_| ()),
            None => self.connector.send(&to, &activity).await.map(|_| ()),
        }
    }

    fn forget(&self, key: String) {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(error) = store.kv_remove(SPACE, &key) {
                tracing::warn!(%error, "teams: could not remove a sent reply");
            }
        });
    }
}
