//! You said → we did in memory: shared answers and actions by ID.

use chrono::{DateTime, Utc};

use super::Inner;
use crate::domain::{ActionId, ActionItem, AnswerId, SharedAnswer, Source};
use crate::message::Outgoing;
use crate::store::{BuildAction, BuildShared, StoreError};

impl Inner {
    pub(super) fn share_answer(
        &mut self,
        share: BuildShared<'_>,
        at: DateTime<Utc>,
    ) -> Result<SharedAnswer, StoreError> {
        let id = self.next_answer_id()?;
        let (shared, outgoing) = share(id);
        self.enqueue(&outgoing, at);
        self.answers.insert(id, shared.clone());
        Ok(shared)
    }

    fn next_answer_id(&self) -> Result<AnswerId, StoreError> {
        let last = self.answers.keys().next_back().map_or(0, |id| id.number());
        AnswerId::new(last.max(self.answers_reserved) + 1)
            .ok_or_else(|| StoreError::Corrupt("shared answer key".into()))
    }

    pub(super) fn reserve_answer_ids(&mut self, count: u64) -> Result<AnswerId, StoreError> {
        let first = self.next_answer_id()?;
        self.answers_reserved = first.number() + count.max(1) - 1;
        Ok(first)
    }

    pub(super) fn answers_since(&self, since: DateTime<Utc>) -> Vec<SharedAnswer> {
        let mut found: Vec<SharedAnswer> = self
            .answers
            .values()
            .filter(|a| a.at >= since)
            .cloned()
            .collect();
        found.sort_by_key(|a| (a.at, a.id));
        found
    }

    pub(super) fn add_action(&mut self, build: BuildAction<'_>) -> Result<ActionItem, StoreError> {
        let last = self.actions.keys().next_back().map_or(0, |id| id.number());
        let id = ActionId::new(last + 1).ok_or_else(|| StoreError::Corrupt("action key".into()))?;
        let (action, outgoing) = build(id);
        self.enqueue(&outgoing, action.added_at);
        self.actions.insert(id, action.clone());
        Ok(action)
    }

    pub(super) fn update_action(
        &mut self,
        action: &ActionItem,
        expected_version: u32,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let stored = self.actions.get(&action.id).ok_or(StoreError::NotFound)?;
        if stored.version != expected_version {
            return Err(StoreError::Conflict);
        }
        self.enqueue(outgoing, at);
        self.actions.insert(action.id, action.clone());
        Ok(())
    }

    pub(super) fn actions_where(&self, keep: impl Fn(&ActionItem) -> bool) -> Vec<ActionItem> {
        self.actions.values().filter(|a| keep(a)).cloned().collect()
    }

    pub(super) fn closed_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<ActionItem> {
        let mut found =
            self.actions_where(|a| a.closed_at().is_some_and(|at| at >= from && at < to));
        found.sort_by_key(|a| (a.closed_at(), a.id));
        found
    }

    pub(super) fn actions_on(&self, source: &Source) -> Vec<ActionItem> {
        self.actions_where(|a| &a.source == source)
    }
}
