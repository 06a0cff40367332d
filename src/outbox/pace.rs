//! Pacing: a platform's published rate limits, kept on our side so that a big round of DMs or a
//! busy channel never meets a 429 (the outbox still honours one if it comes).
//!
//! Each route (a platform: one Slack workspace) has a bucket, and so has each destination on it
//! (a channel, a person's DM). A message goes out only when both of its buckets have a token;
//! otherwise it waits for a later pass, and so do the later messages to its destination (their
//! order is kept), while other destinations go on. The buckets run on the injected clock, so a
//! test steps time instead of sleeping.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::message::Destination;

/// A token bucket: up to `burst` messages at once, then one per `every`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

/// How fast one route takes messages: per destination, and in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    pub per_destination: Rate,
    pub per_route: Rate,
}

/// The buckets of every paced route and destination. A bucket is kept as the moment it would
/// be empty again if nothing more were sent (the "theoretical arrival time" of GCRA), which
/// is exact in whole milliseconds and needs no refilling.
#[derive(Default)]
pub(super) struct Pacer {
    state: Mutex<Buckets>,
}

#[derive(Default)]
struct Buckets {
    routes: HashMap<String, DateTime<Utc>>,
    destinations: HashMap<(String, Destination), DateTime<Utc>>,
}

/// How many destination buckets are kept before the full ones (the same as new) are dropped.
const KEPT: usize = 4_096;

impl Pacer {
    /// Takes a token from every bucket `to` needs on `routes` at `now`, all or none. `None`
    /// when a bucket is empty: the message waits (nothing was taken).
    pub fn take(
        &self,
        routes: &[(&str, Pace)],
        to: &Destination,
        now: DateTime<Utc>,
    ) -> Option<()> {
        let mut buckets = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let ready = routes.iter().all(|(route, pace)| {
            let key = (route.to_string(), to.clone());
            allows(buckets.routes.get(*route), pace.per_route, now)
                && allows(buckets.destinations.get(&key), pace.per_destination, now)
        });
        if !ready {
            return None;
        }
        if buckets.destinations.len() >= KEPT {
            buckets.destinations.retain(|_, empty_at| *empty_at > now);
        }
        for (route, pace) in routes {
            let empty_at = buckets.routes.entry(route.to_string()).or_insert(now);
            *empty_at = spend(*empty_at, pace.per_route, now);
            let key = (route.to_string(), to.clone());
            let empty_at = buckets.destinations.entry(key).or_insert(now);
            *empty_at = spend(*empty_at, pace.per_destination, now);
        }
        Some(())
    }
}

/// Whether a bucket that is empty at `empty_at` has a token at `now`.
fn allows(empty_at: Option<&DateTime<Utc>>, rate: Rate, now: DateTime<Utc>) -> bool {
    let Some(empty_at) = empty_at else {
        return rate.burst > 0;
    };
    let slack = rate.every * i32::try_from(rate.burst.saturating_sub(1)).unwrap_or(i32::MAX);
    rate.burst > 0 && *empty_at <= now + slack
}

fn spend(empty_at: DateTime<Utc>, rate: Rate, now: DateTime<Utc>) -> DateTime<Utc> {
    empty_at.max(now) + rate.every
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PersonName;
    use chrono::TimeZone;

    const PACE: Pace = Pace {
        per_destination: Rate {
            burst: 3,
            every: Duration::seconds(1),
        },
        per_route: Rate {
            burst: 5,
            every: Duration::milliseconds(250),
        },
    };

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0)
            .single()
            .expect("valid")
    }

    fn person(name: &str) -> Destination {
        Destination::Person(PersonName::new(name))
    }

    #[test]
    fn a_destination_gets_its_burst_then_one_a_second() {
        let pacer = Pacer::default();
        let now = start();
        let to = person("Asha");
        let sent = (0..10)
            .filter(|_| pacer.take(&[("slack", PACE)], &to, now).is_some())
            .count();
        assert_eq!(sent, 3, "the burst");
        let later = now + Duration::milliseconds(999);
        assert!(pacer.take(&[("slack", PACE)], &to, later).is_none());
        let later = now + Duration::seconds(1);
        assert!(pacer.take(&[("slack", PACE)], &to, later).is_some());
        assert!(pacer.take(&[("slack", PACE)], &to, later).is_none());
    }

    #[test]
    fn the_route_bucket_holds_every_destination_and_takes_nothing_when_it_refuses() {
        let pacer = Pacer::default();
        let now = start();
        let names = ["A", "B", "C", "D", "E", "F", "G"];
        let sent: Vec<&str> = names
            .into_iter()
            .filter(|n| pacer.take(&[("slack", PACE)], &person(n), now).is_some())
            .collect();
        assert_eq!(sent, ["A", "B", "C", "D", "E"], "the route's burst");
        let later = now + Duration::milliseconds(250);
        assert!(
            pacer
                .take(&[("slack", PACE)], &person("F"), later)
                .is_some()
        );
        assert!(
            pacer
                .take(&[("slack", PACE)], &person("G"), later)
                .is_none()
        );
        // An unpaced route next to a paced one changes nothing; no route at all is never held.
        assert!(pacer.take(&[], &person("G"), later).is_some());
    }

    #[test]
    fn an_idle_bucket_refills_only_up_to_its_burst() {
        let pacer = Pacer::default();
        let to = person("Asha");
        assert!(pacer.take(&[("slack", PACE)], &to, start()).is_some());
        let much_later = start() + Duration::hours(1);
        let sent = (0..10)
            .filter(|_| pacer.take(&[("slack", PACE)], &to, much_later).is_some())
            .count();
        assert_eq!(sent, 3);
    }
}
