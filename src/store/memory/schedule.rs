//! The memory store's time indexes, scheduler writes and answers.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::Inner;
use crate::domain::{Ask, PersonName, Request, Step};
use crate::store::{AnswerWrite, ReminderKind, ScheduleWrite, StoreError};

impl Inner {
    /// Indexes the steps of `request` from position `known` of its history on.
    pub(super) fn index_events(&mut self, request: &Request, known: usize) {
        for step in Step::of(request, known) {
            self.steps.insert((step.at, step.request, step.index), step);
        }
    }

    pub(super) fn steps_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Step> {
        self.steps
            .values()
            .filter(|s| from <= s.at && s.at < to)
            .cloned()
            .collect()
    }

    pub(super) fn commit_schedule(&mut self, write: &ScheduleWrite) -> Result<(), StoreError> {
        for mark in &write.jobs {
            if self.jobs.get(&mark.job) != mark.previous.as_ref() {
                return Err(StoreError::Conflict);
            }
        }
        for launch in &write.launches {
            self.check_launch(launch)?;
        }
        for plan in &write.plans {
            self.check_plan(plan)?;
        }
        for plan in &write.plans {
            self.save_plan(plan);
        }
        for launch in &write.launches {
            self.save_launch(launch);
        }
        self.check_pairing(&write.pairing)?;
        self.apply_pairing(&write.pairing);
        for mark in &write.jobs {
            self.jobs.insert(mark.job.clone(), mark.due);
        }
        for ask in &write.asks {
            self.put_ask(ask, None);
            self.pending.insert(ask.key());
        }
        for mark in &write.reminded {
            let key = (mark.subject.clone(), mark.person.clone(), mark.kind);
            self.reminded.insert(key, mark.day);
        }
        for key in &write.settled {
            self.pending.remove(key);
        }
        self.enqueue(&write.outgoing, write.at);
        Ok(())
    }

    pub(super) fn reminders_of(
        &self,
        subject: &str,
        person: &PersonName,
    ) -> Vec<(ReminderKind, NaiveDate)> {
        ReminderKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let key = (subject.to_string(), person.clone(), kind);
                self.reminded.get(&key).map(|day| (kind, *day))
            })
            .collect()
    }

    pub(super) fn latest_ask(&self, person: &PersonName, prompt: &str) -> Option<Ask> {
        self.asks
            .values()
            .filter(|a| a.person == *person && a.round.prompt == prompt)
            .max_by_key(|a| a.round.local)
            .cloned()
    }

    pub(super) fn asks_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Ask> {
        let mut seen = BTreeSet::new();
        self.ask_times
            .iter()
            .filter(|(at, _)| from <= *at && *at < to)
            .filter(|(_, key)| seen.insert(key.clone()))
            .filter_map(|(_, key)| self.asks.get(key).cloned())
            .collect()
    }

    pub(super) fn save_answer(&mut self, write: &AnswerWrite) -> Result<(), StoreError> {
        let key = write.ask.key();
        let stored = self.asks.get(&key).ok_or(StoreError::NotFound)?;
        let round_opened = self.rounds.contains(&write.ask.round);
        if stored.revision != write.expected_revision || round_opened == write.opens_round {
            return Err(StoreError::Conflict);
        }
        let before = stored.clone();
        if write.opens_round {
            self.rounds.insert(write.ask.round.clone());
        }
        self.put_ask(&write.ask, Some(&before));
        if write.ask.is_answered() {
            self.pending.remove(&key);
        }
        self.enqueue(&write.outgoing, write.at);
        Ok(())
    }

    pub(super) fn import(&mut self, requests: &[Request], asks: &[Ask]) -> Result<(), StoreError> {
        if requests.iter().any(|r| self.requests.contains_key(&r.id)) {
            return Err(StoreError::Conflict);
        }
        for request in requests {
            self.index_events(request, 0);
            self.requests.insert(request.id, request.clone());
            self.last_request = self.last_request.max(request.id.number());
        }
        for ask in asks {
            self.put_ask(ask, None);
        }
        Ok(())
    }

    /// Stores `ask` with its time index entries, replacing `before`.
    fn put_ask(&mut self, ask: &Ask, before: Option<&Ask>) {
        let key = ask.key();
        if before.is_none() {
            self.ask_times.insert((ask.sent_at, key.clone()));
        }
        if let (Some(at), None) = (ask.answered_at, before.and_then(|b| b.answered_at)) {
            self.ask_times.insert((at, key.clone()));
        }
        self.asks.insert(key, ask.clone());
    }
}
