//! Deliveries a platform may bring twice, and commands that must outlive a crash between the
//! platform's acknowledgement and their answer.
//!
//! Slack retries an event it got no answer for (and Socket Mode may bring one over both of its
//! connections); Teams may repeat an activity. Each delivery is remembered by its key for a
//! day, so it is handled once.
//!
//! A command that came as a delivery and is answered through the outbox (a DM to the bot, a
//! message in Teams) runs like this: the delivery is stored as "working", on disk, before
//! anything else; the command runs and its reply waits for the disk; then the delivery is
//! marked done together with the answer queued for its author, on disk before the platform
//! hears back. A crash anywhere leaves either no record (the platform gets no answer and
//! delivers again), a finished one (the redelivery is ignored), or a working one: the next
//! start tells its author that it cannot say whether the command went through, and how to
//! look. Nothing acknowledged is lost, and nothing is done twice.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

use crate::bot::{Bot, Incoming, Reply, Unsettled};
use crate::domain::text::clip;
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::{Delivery, DeliveryState, Store, StoreError};

/// Platforms retry for minutes; a day is plenty.
const REMEMBER: Duration = Duration::hours(24);
/// Forgetting scans every remembered delivery, so it runs at most this often.
const FORGET_EVERY_SECONDS: i64 = 3600;
/// The most characters of what someone typed that a notice quotes back.
const QUOTED_CHARS: usize = 200;

/// What became of a command delivered by a platform.
#[derive(Debug)]
pub enum Ran {
    /// Delivered before: already handled, or being handled.
    Again,
    /// Handled; the answer is queued, or (`queued` false) is this reply for the platform to
    /// give directly.
    Answered { reply: Reply, queued: bool },
}

/// The deliveries of every platform, as one store space.
#[derive(Default)]
pub struct Deliveries {
    last_forget: AtomicI64,
}

impl Deliveries {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `key` is new at `now`; remembers it, on disk before this returns.
    pub async fn first_time(
        &self,
        store: &dyn Store,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let seen = Delivery {
            received_at: now,
            state: DeliveryState::Done,
        };
        let (new, ticket) = store.receive_delivery(key, &seen)?;
        store.durable(ticket).await?;
        self.forget_now_and_then(store, now);
        Ok(new)
    }

    /// Runs the command `incoming` delivered under `key` with `work` (see the module's doc);
    /// `answer` makes the messages that answer its author, queued with the delivery marked
    /// done. Someone in no team has no record: their answer is queued if `answer` makes one,
    /// else it is for the platform to give.
    pub async fn run(
        &self,
        bot: &Bot,
        key: &str,
        incoming: &Incoming,
        work: impl FnOnce() -> Unsettled,
        answer: impl FnOnce(&Reply) -> Vec<Outgoing>,
    ) -> Result<Ran, StoreError> {
        let store = bot.store().as_ref();
        let now = bot.clock().now();
        let directory = bot.directory();
        let Some(person) = directory.identify(&incoming.from) else {
            if !self.first_time(store, key, now).await? {
                return Ok(Ran::Again);
            }
            let reply = bot.settle(work()).await;
            let answer = answer(&reply);
            let queued = !answer.is_empty();
            if queued {
                let ticket = store.enqueue(&answer, now)?;
                store.durable(ticket).await?;
            }
            return Ok(Ran::Answered { reply, queued });
        };
        let working = Delivery {
            received_at: now,
            state: DeliveryState::Working {
                person: person.name.clone(),
                text: incoming.text.clone(),
            },
        };
        let (new, ticket) = store.receive_delivery(key, &working)?;
        store.durable(ticket).await?;
        self.forget_now_and_then(store, now);
        if !new {
            return Ok(Ran::Again);
        }
        let reply = bot.settle(work()).await;
        let ticket = store.finish_delivery(key, &answer(&reply), bot.clock().now())?;
        store.durable(ticket).await?;
        Ok(Ran::Answered {
            reply,
            queued: true,
        })
    }

    fn forget_now_and_then(&self, store: &dyn Store, now: DateTime<Utc>) {
        let last = self.last_forget.load(Ordering::Relaxed);
        let due = now.timestamp() - last >= FORGET_EVERY_SECONDS
            && self
                .last_forget
                .compare_exchange(last, now.timestamp(), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        if !due {
            return;
        }
        // Waits for no flush of its own: what a crash undoes is forgotten next time.
        if let Err(error) = store.forget_deliveries(now - REMEMBER) {
            tracing::warn!(%error, "could not forget old deliveries");
        }
    }
}

/// Tells the author of every command a crash interrupted that it may not have gone through,
/// and marks those deliveries done; returns how many. Called at start-up, before serving.
pub fn recover(bot: &Bot) -> Result<usize, StoreError> {
    let store = bot.store().as_ref();
    let unfinished = store.unfinished_deliveries()?;
    for (key, delivery) in &unfinished {
        let DeliveryState::Working { person, text } = &delivery.state else {
            continue;
        };
        let notice = Outgoing {
            to: Destination::Person(person.clone()),
            op: Op::Post,
            message: Message::text(format!(
                "Tandem stopped while it was working on what you sent (`{}`), so I can't tell \
                 whether it went through. Please look before you send it again: `list mine` \
                 shows your requests, `show <ID>` one request's steps.",
                clip(text, QUOTED_CHARS)
            )),
        };
        let ticket = store.finish_delivery(key, &[notice], bot.clock().now())?;
        store.durable_blocking(ticket)?;
    }
    if !unfinished.is_empty() {
        tracing::warn!(
            count = unfinished.len(),
            "told people whose commands a stop interrupted"
        );
    }
    Ok(unfinished.len())
}
