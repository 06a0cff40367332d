//! The loop around the step, for `serve`: tick, sleep until the next due time, repeat.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use tokio::sync::Notify;

use super::scheduler::Scheduler;
use crate::clock::Clock;

/// The longest sleep between two steps, so that a zone a platform reported is noticed.
const MAX_SLEEP: StdDuration = StdDuration::from_secs(30);
/// The shortest, so that a clock that stands still cannot spin the loop.
const MIN_SLEEP: StdDuration = StdDuration::from_millis(200);

/// Ticks until `stop` completes, waking the outbox (`wake`) whenever a step queued messages.
pub async fn run_until(
    scheduler: Scheduler,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    stop: impl Future<Output = ()>,
) {
    let scheduler = Arc::new(Mutex::new(scheduler));
    tokio::pin!(stop);
    loop {
        let now = clock.now();
        let shared = scheduler.clone();
        // A step can read much of the store (the digest): off the async threads.
        let step = tokio::task::spawn_blocking(move || {
            let mut scheduler = shared.lock().unwrap_or_else(|e| e.into_inner());
            let report = scheduler.tick(now)?;
            let next = scheduler.next_due()?;
            Ok::<_, crate::store::StoreError>((report, next))
        })
        .await;
        let sleep = match step {
            Ok(Ok((report, next))) => {
                if report.queued > 0 {
                    wake.notify_one();
                }
                next.and_then(|at| (at - clock.now()).to_std().ok())
                    .unwrap_or(MAX_SLEEP)
            }
            Ok(Err(error)) => {
                tracing::error!(%error, "scheduler step failed; trying again shortly");
                MAX_SLEEP
            }
            Err(error) => {
                tracing::error!(%error, "scheduler step stopped");
                MAX_SLEEP
            }
        };
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(sleep.clamp(MIN_SLEEP, MAX_SLEEP)) => {}
        }
    }
}
