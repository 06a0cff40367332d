//! The weekly digest: read one period's records through the time indexes, compute, render.

use chrono::{DateTime, Duration, Utc};

use super::core::Bot;
use super::digest_view;
use super::reply::Reply;
use crate::command::CommandName;
use crate::domain::{Digest, DigestInput, Period};
use crate::message::{Block, Message};
use crate::store::StoreError;

/// How far back a digest looks.
pub const DIGEST_PERIOD: Duration = Duration::days(7);

impl Bot {
    /// The figures of the 7 days before `end`. Reads only that period's records, and the
    /// overdue requests, through time indexes; never the whole history.
    pub fn digest(&self, end: DateTime<Utc>) -> Result<Digest, StoreError> {
        let period = Period {
            start: end - DIGEST_PERIOD,
            end,
        };
        let steps = self.store.request_steps_between(period.start, period.end)?;
        let today = end.with_timezone(&self.settings.timezone).date_naive();
        let overdue = self.store.requests_due_before(today)?;
        let asks = self.store.asks_between(period.start, period.end)?;
        let input = DigestInput {
            period,
            steps: &steps,
            overdue: &overdue,
            asks: &asks,
            target: self.settings.requests.acknowledge_within,
            today,
        };
        Ok(Digest::compute(&input))
    }

    /// The digest of the 7 days before `end`, as posted (with pairing's met-rates, when
    /// pairing is on, before its small print).
    pub fn digest_message(&self, end: DateTime<Utc>) -> Result<Message, StoreError> {
        let digest = self.digest(end)?;
        let mut message = digest_view::digest(&digest, self.settings.timezone);
        if let Some(pairing) = self.pairing_digest()? {
            let at = match message.blocks.last() {
                Some(Block::Context { .. }) => message.blocks.len() - 1,
                _ => message.blocks.len(),
            };
            message.blocks.insert(at, Block::Text { text: pairing });
        }
        let message = self.digest_visits(message, end)?;
        let message = self.with_open_plans(message, &digest.period)?;
        let message = self.with_closed_reviews(message, &digest.period)?;
        self.digest_actions(message, &digest.period)
    }

    /// `digest`: the digest as it would be posted now, to the asker only.
    pub(super) fn digest_preview(&self) -> Reply {
        match self.digest_message(self.clock.now()) {
            Ok(message) => Reply::done(CommandName::Digest, message),
            Err(error) => Reply::failed(CommandName::Digest, &error),
        }
    }
}
