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
        let message = self.with_trends(message, &digest, end)?;
        let message = self.digest_visits(message, end)?;
        let message = self.with_open_plans(message, &digest.period)?;
        let message = self.with_closed_reviews(message, &digest.period)?;
        self.digest_actions(message, &digest.period)
    }

    /// The digest with one line of sparklines under its response times: the weekly median
    /// time to acknowledge and to deliver over the last 12 weeks, oldest first. The digest's
    /// own week is `digest`'s figures; each earlier week is read through the time index once
    /// and then kept (`WeekTrend`), since a week that has ended never changes: a weekly digest
    /// reads one week of steps for its own figures and one more for the week before, not twelve.
    fn with_trends(
        &self,
        mut message: Message,
        digest: &Digest,
        end: DateTime<Utc>,
    ) -> Result<Message, StoreError> {
        // Only the weeks of scheduled digests recur; a preview's weeks are computed, not kept.
        let keep = self.on_digest_schedule(end);
        let (mut acknowledge, mut deliver) = (Vec::new(), Vec::new());
        for week in crate::domain::scorecard::weeks_ending(end) {
            let trend = if week == digest.period {
                WeekTrend::of(digest)
            } else {
                self.week_trend(week, keep)?
            };
            acknowledge.push(trend.acknowledge_minutes.map(|m| m as f64 / 60.0));
            deliver.push(trend.deliver_minutes.map(|m| m as f64 / 60.0));
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

    /// One ended week's medians: kept from an earlier digest, else read and computed (and kept
    /// when `keep`; a cache, so a write that fails only costs reading the week again).
    fn week_trend(&self, week: Period, keep: bool) -> Result<WeekTrend, StoreError> {
        if let Some(kept) = self.store.kept::<WeekTrend>(&week)? {
            return Ok(kept);
        }
        let steps = self.store.request_steps_between(week.start, week.end)?;
        let trend = WeekTrend::of(&Digest::compute(&DigestInput {
            period: week,
            steps: &steps,
            overdue: &[],
            asks: &[],
            target: self.settings.requests.acknowledge_within,
            today: chrono::NaiveDate::MIN,
        }));
        if keep {
            if let Err(error) = self.store.keep(&week, &trend) {
                tracing::warn!(%error, "a week's medians could not be kept; the next digest reads it again");
            }
        }
        Ok(trend)
    }

    /// Whether `end` is when the digest's schedule fires (its weeks will come again).
    fn on_digest_schedule(&self, end: DateTime<Utc>) -> bool {
        let Some(digest) = &self.settings.digest else {
            return false;
        };
        let zone = self.settings.timezone;
        let before = (end - Duration::seconds(1))
            .with_timezone(&zone)
            .naive_local()
            .and_utc();
        digest
            .cron
            .after(&before)
            .next()
            .is_some_and(|wall| wall.naive_utc() == end.with_timezone(&zone).naive_local())
    }

    /// `digest`: the digest as it would be posted now, to the asker only.
    pub(super) fn digest_preview(&self) -> Reply {
        match self.digest_message(self.clock.now()) {
            Ok(message) => Reply::done(CommandName::Digest, message),
            Err(error) => Reply::failed(CommandName::Digest, &error),
        }
    }
}

/// A week's median times to acknowledge and to deliver, in minutes (`None`: nothing that week).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct WeekTrend {
    acknowledge_minutes: Option<i64>,
    deliver_minutes: Option<i64>,
}

impl WeekTrend {
    fn of(digest: &Digest) -> WeekTrend {
        let minutes = |f: Option<crate::domain::stats::Figures>| f.map(|f| f.median.num_minutes());
        WeekTrend {
            acknowledge_minutes: minutes(digest.to_acknowledge.overall),
            deliver_minutes: minutes(digest.to_deliver.overall),
        }
    }
}

crate::json_kept!(WeekTrend, "digest.week", Period, |week| format!(
    "{}/{}",
    week.start.timestamp(),
    week.end.timestamp()
));
