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
                until(next, clock.now())
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

/// How long to sleep before the step for `next`: none when it is already due (a step that
/// took longer than the time left, or a clock moved meanwhile), the longest when nothing is.
fn until(
    next: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> StdDuration {
    match next {
        Some(at) => (at - now).to_std().unwrap_or(StdDuration::ZERO),
        None => MAX_SLEEP,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;

    #[test]
    fn a_due_time_already_passed_is_stepped_at_once_not_after_the_longest_sleep() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 4, 10, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(
            until(Some(now - Duration::seconds(1)), now),
            StdDuration::ZERO
        );
        assert_eq!(
            until(Some(now + Duration::seconds(3)), now),
            StdDuration::from_secs(3)
        );
        assert_eq!(until(None, now), MAX_SLEEP);
    }
}
