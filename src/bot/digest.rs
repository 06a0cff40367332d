//! The weekly digest: read one period's records through the time indexes, compute, render.

use chrono::{DateTime, Duration, Utc};

use super::core::Bot;
use super::digest_view;
use super::reply::Reply;
use crate::command::CommandName;
use crate::domain::stats::sparkline;
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
        let mut message = digest_view::digest(&digest, self.settings.timezone, &self.directory());
        if let Some(pairing) = self.pairing_digest()? {
            let at = match message.blocks.last() {
                Some(Block::Context { .. }) => message.blocks.len() - 1,
                _ => message.blocks.len(),
            };
            message.blocks.insert(at, Block::Text { text: pairing });
        }
        let message = self.with_trends(message, end)?;
        let message = self.digest_visits(message, end)?;
        let message = self.with_open_plans(message, &digest.period)?;
        let message = self.with_closed_reviews(message, &digest.period)?;
        self.digest_actions(message, &digest.period)
    }

    /// The digest with one line of sparklines under its response times: the weekly median
    /// time to acknowledge and to deliver over the last 12 weeks, oldest first. Reads those
    /// weeks' request steps through the time index.
    fn with_trends(&self, mut message: Message, end: DateTime<Utc>) -> Result<Message, StoreError> {
        let weeks = crate::domain::scorecard::weeks_ending(end);
        let from = weeks.first().map_or(end, |w| w.start);
        let steps = self.store.request_steps_between(from, end)?;
        let (mut acknowledge, mut deliver) = (Vec::new(), Vec::new());
        for week in weeks {
            let digest = Digest::compute(&DigestInput {
                period: week,
                steps: &steps,
                overdue: &[],
                asks: &[],
                target: self.settings.requests.acknowledge_within,
                today: chrono::NaiveDate::MIN,
            });
            let hours = |f: Option<crate::domain::stats::Figures>| {
                f.map(|f| f.median.num_minutes() as f64 / 60.0)
            };
            acknowledge.push(hours(digest.to_acknowledge.overall));
            deliver.push(hours(digest.to_deliver.overall));
        }
        let text = format!(
            "12 weeks, oldest first (· no data): to acknowledge {} · to deliver {}",
            sparkline(&acknowledge),
            sparkline(&deliver)
        );
        // Under the response times: the header's fields, then that paragraph.
        let at = message
            .blocks
            .iter()
            .position(
                |b| matches!(b, Block::Text { text } if text.starts_with("Time to acknowledge")),
            )
            .map_or(message.blocks.len(), |i| i + 1);
        message.blocks.insert(at, Block::Text { text });
        Ok(message)
    }

    /// `digest`: the digest as it would be posted now, to the asker only.
    pub(super) fn digest_preview(&self) -> Reply {
        match self.digest_message(self.clock.now()) {
            Ok(message) => Reply::done(CommandName::Digest, message),
            Err(error) => Reply::failed(CommandName::Digest, &error),
        }
    }
}
