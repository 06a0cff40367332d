//! Delivers what is due and on disk, in order per destination, and records each attempt.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use tokio::sync::{Notify, watch};

use super::pace::Pacer;
use super::{DeliveryError, Permanent, Sink, next_attempt, stand_in};
use crate::clock::Clock;
use crate::store::{Attempt, OutboxEntry, Store, StoreError};

/// How many entries one pass looks at…
const BATCH: usize = 200;
/// …and at most this many of one destination, so that a busy channel (paced to a message a
/// second) does not fill a pass and hold up every other destination.
const PER_DESTINATION: usize = 10;
/// How long the loop sleeps when nothing wakes it (retries come due on their own).
const IDLE: StdDuration = StdDuration::from_millis(500);

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
    /// Due, but left for a later pass to keep within the platform's rate (see `Pace`).
    pub paced: usize,
}

pub struct Outbox<S> {
    store: Arc<dyn Store>,
    sink: S,
    clock: Arc<dyn Clock>,
    pacer: Pacer,
    wake: Arc<Notify>,
    /// How many passes `run_until` has finished: a test waits for one to start after it
    /// moved the clock, instead of sleeping, before it says that nothing was sent.
    passes: watch::Sender<u64>,
}

impl<S: Sink> Outbox<S> {
    pub fn new(store: Arc<dyn Store>, sink: S, clock: Arc<dyn Clock>) -> Self {
        Outbox {
            store,
            sink,
            clock,
            pacer: Pacer::default(),
            wake: Arc::new(Notify::new()),
            passes: watch::Sender::new(0),
        }
    }

    /// The number of passes `run_until` has finished, as it changes.
    pub fn passes(&self) -> watch::Receiver<u64> {
        self.passes.subscribe()
    }

    /// Uses `wake` (shared with whoever queues messages) to start a pass at once.
    pub fn with_waker(mut self, wake: Arc<Notify>) -> Self {
        self.wake = wake;
        self
    }

    /// Notifying this makes a running loop look at the queue at once.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// One pass: delivers every entry that is due now, as fast as its platform's pace allows.
    /// After a failure, or when its destination's pace says wait, later entries to the same
    /// destination wait for the next pass, so each destination keeps its order; the others
    /// go on.
    ///
    /// Only what is on disk goes out: the pass first waits for every change made before it
    /// read the queue. Otherwise a crash could undo a change that people already saw the card
    /// of (and the next filing would get its number).
    pub async fn deliver_due(&self) -> Result<Delivered, StoreError> {
        Ok(self.pass().await?.0)
    }

    /// A pass, and whether more may be due behind what it read (a full batch, or a destination
    /// with as many entries as one pass takes of it).
    async fn pass(&self) -> Result<(Delivered, bool), StoreError> {
        let due = self
            .store
            .outbox_next(self.clock.now(), BATCH, PER_DESTINATION)?;
        if due.is_empty() {
            return Ok((Delivered::default(), false));
        }
        let more = due.len() >= BATCH || capped(&due);
        self.store.durable(self.store.written()).await?;
        let mut held = HashSet::new();
        let mut done = Delivered::default();
        for entry in due {
            if held.contains(&entry.outgoing.to) {
                continue;
            }
            let routes: Vec<String> = self.sink.routes(&entry.outgoing);
            let routes: Vec<String> = routes
                .into_iter()
                .filter(|r| !entry.done.contains(r))
                .collect();
            if !self.paced(&routes, &entry) {
                done.paced += 1;
                held.insert(entry.outgoing.to.clone());
                continue;
            }
            let attempt = match self.deliver_routes(&entry, &routes).await? {
                Ok(()) => {
                    done.sent += 1;
                    Attempt::Delivered
                }
                Err(error) => {
                    done.failed += 1;
                    held.insert(entry.outgoing.to.clone());
                    let attempt = next_attempt(&entry, &error, self.clock.now(), jitter(&entry));
                    log_failure(&entry, &error, &attempt);
                    attempt
                }
            };
            self.record(entry.id, attempt).await?;
        }
        Ok((done, more))
    }

    /// Whether the entry may go now on every route it still has to take, spending a token of
    /// each paced route and of its destination there if so.
    fn paced(&self, routes: &[String], entry: &OutboxEntry) -> bool {
        let paces: Vec<(&str, super::Pace)> = routes
            .iter()
            .filter_map(|route| Some((route.as_str(), self.sink.pace(route)?)))
            .collect();
        paces.is_empty()
            || self
                .pacer
                .take(&paces, &entry.outgoing.to, self.clock.now())
                .is_some()
    }

    /// Delivers the entry on `routes` (those it has not reached yet); after a failure,
    /// remembers the routes that did succeed. A route whose platform refuses the message
    /// itself gets a stand-in instead, the other routes are still tried, and the refusal is
    /// the outcome (the entry is parked with it).
    async fn deliver_routes(
        &self,
        entry: &OutboxEntry,
        routes: &[String],
    ) -> Result<Result<(), DeliveryError>, StoreError> {
        if routes.is_empty() && entry.done.is_empty() {
            tracing::warn!(id = entry.id, to = ?entry.outgoing.to, "no way to reach this destination; dropped");
        }
        let mut reached = entry.done.clone();
        let mut refused = None;
        for route in routes {
            match self.sink.deliver(route, &entry.outgoing).await {
                Ok(()) => reached.push(route.clone()),
                Err(DeliveryError::Permanent(why @ Permanent::Refused { .. })) => {
                    self.stand_in(route, entry, &why).await;
                    refused.get_or_insert(DeliveryError::Permanent(why));
                }
                Err(error) => {
                    self.progress(entry, &reached).await?;
                    return Ok(Err(refused.unwrap_or(error)));
                }
            }
        }
        match refused {
            Some(error) => {
                self.progress(entry, &reached).await?;
                Ok(Err(error))
            }
            None => Ok(Ok(())),
        }
    }

    /// Sends the stand-in for a message `route` refused. If that fails too, the log says so;
    /// the message itself is parked where leads see it either way.
    async fn stand_in(&self, route: &str, entry: &OutboxEntry, why: &Permanent) {
        let standing = stand_in(&entry.outgoing, why);
        match self.sink.deliver(route, &standing).await {
            Ok(()) => tracing::warn!(id = entry.id, route, %why, "refused; a stand-in was sent"),
            Err(error) => {
                tracing::error!(id = entry.id, route, %why, %error, "refused, and so was its stand-in")
            }
        }
    }

    /// Remembers the routes an entry reached, if a failure left some of them unrecorded.
    async fn progress(&self, entry: &OutboxEntry, reached: &[String]) -> Result<(), StoreError> {
        if reached.len() > entry.done.len() {
            let ticket = self.store.outbox_progress(entry.id, reached)?;
            self.store.durable(ticket).await?;
        }
        Ok(())
    }

    /// Delivers until `stop` completes, then makes one last pass.
    pub async fn run_until(&self, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let full = match self.pass().await {
                // More may wait behind what this pass read; not if all it did was wait.
                Ok((done, more)) => more && done.sent + done.failed > 0,
                Err(error) => {
                    tracing::error!(%error, "outbox pass failed");
                    false
                }
            };
            self.passes.send_modify(|n| *n += 1);
            if full {
                // More may be waiting behind a full batch: go on, unless told to stop.
                tokio::select! {
                    biased;
                    () = &mut stop => break,
                    () = tokio::task::yield_now() => continue,
                }
            }
            tokio::select! {
                () = &mut stop => break,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(IDLE) => {}
            }
        }
        if let Err(error) = self.deliver_due().await {
            tracing::error!(%error, "last outbox pass failed");
        }
    }

    /// Records an attempt. A parked entry is on disk before the pass goes on; a delivery or a
    /// retry time reaches the disk with the next flush (a crash before that means one more
    /// attempt, never a lost message), so the outbox doesn't wait for the disk per message.
    async fn record(&self, id: u64, attempt: Attempt) -> Result<(), StoreError> {
        let park = matches!(attempt, Attempt::Park { .. });
        let ticket = self.store.outbox_record(id, attempt)?;
        if park {
            self.store.durable(ticket).await?;
        }
        Ok(())
    }
}

fn log_failure(entry: &OutboxEntry, error: &super::DeliveryError, attempt: &Attempt) {
    match attempt {
        Attempt::Park { .. } => tracing::error!(
            id = entry.id, to = ?entry.outgoing.to, tries = entry.attempts + 1, %error,
            "outbox message parked; leads can see it"
        ),
        _ => {
            tracing::warn!(id = entry.id, to = ?entry.outgoing.to, %error, "delivery failed; will retry")
        }
    }
}

/// Whether some destination has as many entries in `due` as one pass takes of it.
fn capped(due: &[OutboxEntry]) -> bool {
    let mut count = std::collections::HashMap::new();
    due.iter().any(|entry| {
        let n = count.entry(&entry.outgoing.to).or_insert(0usize);
        *n += 1;
        *n >= PER_DESTINATION
    })
}

/// A number in `[0, 1)` that differs between entries and tries (splitmix64 of both).
fn jitter(entry: &OutboxEntry) -> f64 {
    let mut x = entry.id ^ (u64::from(entry.attempts) << 48) ^ 0x9E37_79B9_7F4A_7C15;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}
