//! When to try a failed delivery again, and when to give up.

use chrono::{DateTime, Duration, Utc};

use super::DeliveryError;
use crate::store::{Attempt, OutboxEntry};

/// A message is parked only after at least this many failed tries…
pub const MIN_TRIES_TO_PARK: u32 = 5;
/// …spread over at least this long since it was queued.
pub const MIN_AGE_TO_PARK: Duration = Duration::minutes(10);
const FIRST_BACKOFF_SECS: i64 = 5;
const MAX_BACKOFF_SECS: i64 = 30 * 60;
/// Rate limits are waited out, but not forever.
const MAX_RATE_LIMITED_TRIES: u32 = 100;

/// What to do with `entry` after `error` at `now`. `jitter` in `[0, 1)` spreads retries so
/// that many failed messages don't all come back at the same second.
pub fn next_attempt(
    entry: &OutboxEntry,
    error: &DeliveryError,
    now: DateTime<Utc>,
    jitter: f64,
) -> Attempt {
    let tries = entry.attempts + 1;
    match error {
        DeliveryError::Permanent(why) => Attempt::Park {
            error: why.to_string(),
        },
        DeliveryError::RateLimited { .. } if tries >= MAX_RATE_LIMITED_TRIES => Attempt::Park {
            error: format!("still rate limited after {tries} tries"),
        },
        DeliveryError::RateLimited { retry_after } => Attempt::Retry {
            at: now + (*retry_after).max(Duration::seconds(1)),
            error: error.to_string(),
        },
        DeliveryError::Transient(text) => {
            let old_enough = now - entry.queued_at >= MIN_AGE_TO_PARK;
            if tries >= MIN_TRIES_TO_PARK && old_enough {
                return Attempt::Park {
                    error: text.clone(),
                };
            }
            Attempt::Retry {
                at: now + backoff(entry.attempts, jitter),
                error: text.clone(),
            }
        }
    }
}

/// Doubling from 5 s, capped at 30 min, each wait scaled by 0.5–1.0.
fn backoff(previous_tries: u32, jitter: f64) -> Duration {
    let doubled = FIRST_BACKOFF_SECS.saturating_mul(1i64 << previous_tries.min(20));
    let capped = doubled.min(MAX_BACKOFF_SECS) as f64;
    let scaled = capped * (0.5 + jitter.clamp(0.0, 1.0) / 2.0);
    Duration::milliseconds((scaled * 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonName;
    use crate::message::{Destination, Message, Op, Outgoing};
    use chrono::TimeZone;

    fn entry(attempts: u32, queued_at: DateTime<Utc>) -> OutboxEntry {
        OutboxEntry {
            id: 1,
            outgoing: Outgoing {
                to: Destination::Person(PersonName::new("Asha")),
                op: Op::Post,
                message: Message::text("hi"),
            },
            queued_at,
            attempts,
            not_before: queued_at,
            last_error: None,
            done: Vec::new(),
        }
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn a_rate_limit_is_waited_out_exactly() {
        let error = DeliveryError::RateLimited {
            retry_after: Duration::seconds(30),
        };
        let now = start();
        let attempt = next_attempt(&entry(0, now), &error, now, 0.9);
        assert!(matches!(attempt, Attempt::Retry { at, .. } if at == now + Duration::seconds(30)));
    }

    #[test]
    fn transient_failures_back_off_and_park_only_after_five_tries_and_ten_minutes() {
        let error = DeliveryError::Transient("502 Bad Gateway".into());
        let queued = start();
        let mut now = queued;
        let mut tries = 0;
        loop {
            match next_attempt(&entry(tries, queued), &error, now, 0.0) {
                Attempt::Retry { at, .. } => {
                    assert!(at > now);
                    now = at;
                    tries += 1;
                }
                Attempt::Park { error } => {
                    assert_eq!(error, "502 Bad Gateway");
                    break;
                }
                Attempt::Delivered => unreachable!("a failure is never a delivery"),
            }
            assert!(tries < 50, "must park eventually");
        }
        assert!(
            tries + 1 >= MIN_TRIES_TO_PARK,
            "parked after {} tries",
            tries + 1
        );
        assert!(
            now - queued >= MIN_AGE_TO_PARK,
            "parked after {}",
            now - queued
        );
    }

    #[test]
    fn jitter_scales_the_wait_between_half_and_all_of_it() {
        assert_eq!(backoff(0, 0.0), Duration::milliseconds(2_500));
        assert_eq!(backoff(0, 0.999_999), Duration::milliseconds(4_999));
        assert_eq!(backoff(3, 0.0), Duration::seconds(20));
        assert_eq!(backoff(40, 1.0), Duration::seconds(MAX_BACKOFF_SECS));
    }

    #[test]
    fn a_permanent_failure_is_parked_at_once() {
        let error = DeliveryError::unreachable("Slack said channel_not_found");
        let attempt = next_attempt(&entry(0, start()), &error, start(), 0.5);
        assert_eq!(
            attempt,
            Attempt::Park {
                error: "Slack said channel_not_found".into()
            }
        );
        let refused = DeliveryError::refused("Teams", "HTTP 413 Payload Too Large");
        assert_eq!(
            next_attempt(&entry(0, start()), &refused, start(), 0.5),
            Attempt::Park {
                error: "Teams refused it: HTTP 413 Payload Too Large".into()
            }
        );
    }
}
