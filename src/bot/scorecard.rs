//! The month's scorecard: read that month's and the month before's records through the time
//! indexes, and compute. Never the whole history.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use thiserror::Error;

use super::core::Bot;
use super::past_members::with_past_marketers;
use crate::domain::pairing::{PairId, PairRound};
use crate::domain::scorecard::{
    MonthRefusal, PairingInput, Scorecard, ScorecardInput, VisitInput, check_month, weeks_ending,
};
use crate::domain::{
    ActionId, AnswerId, Month, Period, PersonName, RequestId, Source, Team, VisitId,
};
use crate::store::StoreError;

/// Why a scorecard could not be made.
#[derive(Debug, Error)]
pub enum ScorecardError {
    #[error(transparent)]
    Month(#[from] MonthRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

impl Bot {
    /// The company's current month.
    pub fn current_month(&self) -> Month {
        Month::of(
            self.clock
                .now()
                .with_timezone(&self.settings.timezone)
                .date_naive(),
        )
    }

    /// The scorecard of `month` (to now, for the current month), beside the month before's.
    pub fn scorecard(&self, month: Month) -> Result<Scorecard, ScorecardError> {
        let now = self.clock.now();
        check_month(month, self.current_month(), self.first_month()?)?;
        let zone = self.settings.timezone;
        let this = Period {
            start: midnight(month.start(), zone),
            end: midnight(month.end(), zone).min(now),
        };
        let before = Period {
            start: midnight(month.previous().start(), zone),
            end: this.start,
        };
        let weeks = weeks_ending(this.end);
        let from = weeks
            .first()
            .map_or(before.start, |w| w.start.min(before.start));
        let steps = self.store.request_steps_between(from, this.end)?;
        let visits = self
            .store
            .visits_dated(month.previous().start(), month.end())?;
        let directory = self.directory();
        let today = directory
            .members_of(Team::Marketing)
            .filter(|m| self.settings.visits.has_target(m))
            .collect();
        let months = [month, month.previous()];
        let rows = with_past_marketers(&directory, today, &visits, &months);
        let marketers: Vec<PersonName> = rows.iter().map(|m| m.name.clone()).collect();
        let former: Vec<PersonName> = marketers
            .iter()
            .filter(|m| directory.is_former(m.as_str()))
            .cloned()
            .collect();
        let (rounds, pairs) = self.rounds_since(before.start)?;
        let actions = self.actions_around(before.start, this.end)?;
        let mut answers = Vec::new();
        for answer in self.store.shared_answers_since(before.start)? {
            if answer.at < this.end {
                let acted = !self
                    .store
                    .actions_on(&Source::Answer(answer.id))?
                    .is_empty();
                answers.push((answer.at, acted));
            }
        }
        let reviews = self.store.reviews_closed_between(before.start, this.end)?;
        let asks = match self.settings.prompts.is_empty() {
            true => None,
            false => Some(self.store.asks_between(before.start, this.end)?),
        };
        let input = ScorecardInput {
            month,
            this,
            before,
            weeks,
            steps: &steps,
            target: self.settings.requests.acknowledge_within,
            visits: (!marketers.is_empty()).then_some(VisitInput {
                visits: &visits,
                marketers: &marketers,
                former: &former,
                per_month: self.settings.visits.per_month,
            }),
            pairing: self.settings.pairing.as_ref().map(|_| PairingInput {
                rounds: &rounds,
                pairs: &pairs,
            }),
            actions: &actions,
            answers: &answers,
            reviews: &reviews,
            asks: asks.as_deref(),
        };
        Ok(Scorecard::compute(&input))
    }

    /// The month of the first record: the earliest of the first request, visit, action,
    /// shared answer and pair (each numbered from 1, so read by its ID).
    fn first_month(&self) -> Result<Option<Month>, StoreError> {
        let zone = self.settings.timezone;
        let day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
        let mut days: Vec<NaiveDate> = Vec::new();
        if let Some(r) = RequestId::new(1)
            .map(|id| self.store.request(id))
            .transpose()?
            .flatten()
        {
            days.push(day(r.filed_at()));
        }
        if let Some(v) = VisitId::new(1)
            .map(|id| self.store.visit(id))
            .transpose()?
            .flatten()
        {
            days.extend([v.date, day(v.created_at)]);
        }
        if let Some(a) = ActionId::new(1)
            .map(|id| self.store.action(id))
            .transpose()?
            .flatten()
        {
            days.push(day(a.added_at));
        }
        let answer = AnswerId::new(1).map(|id| self.store.shared_answer(id));
        if let Some(a) = answer.transpose()?.flatten() {
            days.push(day(a.at));
        }
        if let Some(p) = PairId::new(1)
            .map(|id| self.store.pair(id))
            .transpose()?
            .flatten()
        {
            days.push(day(p.formed_at));
        }
        Ok(days.into_iter().min().map(Month::of))
    }

    /// Pairing rounds formed at or after `since`, with their pairs: the newest rounds, read
    /// a few more at a time until one older than `since` shows.
    fn rounds_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<(Vec<PairRound>, Vec<crate::domain::pairing::Pair>), StoreError> {
        if self.settings.pairing.is_none() {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut limit = 8;
        let rounds = loop {
            let rounds = self.store.pair_rounds(limit)?;
            let reached = rounds.last().is_none_or(|r| r.formed_at < since);
            if reached || rounds.len() < limit {
                break rounds;
            }
            limit *= 2;
        };
        let rounds: Vec<PairRound> = rounds
            .into_iter()
            .filter(|r| r.formed_at >= since)
            .collect();
        let pairs = match rounds.last() {
            Some(oldest) => self.store.pairs_since(oldest.number)?,
            None => Vec::new(),
        };
        Ok((rounds, pairs))
    }

    /// Actions added or closed in `[from, to)`: the open ones added since `from`, and the
    /// ones closed since `from` (an action added in the period is either).
    fn actions_around(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<crate::domain::ActionItem>, StoreError> {
        let mut actions: Vec<_> = self
            .store
            .open_actions()?
            .into_iter()
            .filter(|a| a.added_at >= from && a.added_at < to)
            .collect();
        let far = self.clock.now().max(to) + Duration::seconds(1);
        actions.extend(
            self.store
                .actions_closed_between(from, far)?
                .into_iter()
                .filter(|a| a.added_at < to),
        );
        Ok(actions)
    }
}

/// The first instant of `day` in `zone`.
pub fn midnight(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let start = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&start)
        .earliest()
        .map_or(start.and_utc(), |t| t.with_timezone(&Utc))
}
