//! The fake Slack's rate limits for `chat.postMessage`, as Slack publishes them: about one
//! message a second per channel with short bursts (here: 4 at once), and a workspace-wide
//! limit of several hundred a minute (here: 300 a minute, 30 at once). A post over either is
//! answered `429` with `Retry-After`, and counted. The buckets run on the app's injected
//! clock, so a test steps time instead of sleeping.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tandem::clock::Clock;

/// A channel's bucket: this many posts at once…
const CHANNEL_BURST: f64 = 4.0;
/// …refilled at this many a second.
const CHANNEL_PER_SECOND: f64 = 1.0;
const WORKSPACE_BURST: f64 = 30.0;
const WORKSPACE_PER_SECOND: f64 = 300.0 / 60.0;

pub struct Limits {
    clock: Arc<dyn Clock>,
    channels: HashMap<String, Bucket>,
    workspace: Bucket,
    /// Posts answered 429.
    pub refused: usize,
}

struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

impl Bucket {
    fn full(burst: f64, at: DateTime<Utc>) -> Bucket {
        Bucket { tokens: burst, at }
    }

    /// Refills to `now` (a clock that went back refills nothing).
    fn refill(&mut self, now: DateTime<Utc>, burst: f64, per_second: f64) {
        let elapsed = (now - self.at).num_milliseconds().max(0) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * per_second).min(burst);
        self.at = self.at.max(now);
    }

    /// Seconds until a token is there.
    fn wait(&self, per_second: f64) -> f64 {
        ((1.0 - self.tokens) / per_second).max(0.0)
    }
}

impl Limits {
    pub fn new(clock: Arc<dyn Clock>) -> Limits {
        let now = clock.now();
        Limits {
            clock,
            channels: HashMap::new(),
            workspace: Bucket::full(WORKSPACE_BURST, now),
            refused: 0,
        }
    }

    /// Takes a token for a post to `channel`; `Err(seconds)` to wait when over a limit.
    pub fn post(&mut self, channel: &str) -> Result<(), u64> {
        let now = self.clock.now();
        let workspace = &mut self.workspace;
        workspace.refill(now, WORKSPACE_BURST, WORKSPACE_PER_SECOND);
        let bucket = self
            .channels
            .entry(channel.to_string())
            .or_insert_with(|| Bucket::full(CHANNEL_BURST, now));
        bucket.refill(now, CHANNEL_BURST, CHANNEL_PER_SECOND);
        // A small tolerance for rounding: 0.999 tokens is a token.
        if bucket.tokens < 0.999 || workspace.tokens < 0.999 {
            self.refused += 1;
            let wait = bucket
                .wait(CHANNEL_PER_SECOND)
                .max(workspace.wait(WORKSPACE_PER_SECOND));
            return Err(wait.ceil().max(1.0) as u64);
        }
        bucket.tokens -= 1.0;
        workspace.tokens -= 1.0;
        Ok(())
    }
}
