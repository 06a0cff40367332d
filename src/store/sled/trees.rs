//! The sled trees, one per record kind and index, and applying a change to them.

use super::super::StoreError;
use super::journal::{TreeId, WriteSet};

pub(super) struct Trees {
    pub requests: sled::Tree,
    pub open: sled::Tree,
    pub by_requester: sled::Tree,
    pub by_assignee: sled::Tree,
    pub filed_at: sled::Tree,
    pub outbox: sled::Tree,
    pub parked: sled::Tree,
    pub journal: sled::Tree,
    pub kv: sled::Tree,
    pub events: sled::Tree,
    pub jobs: sled::Tree,
    pub asks: sled::Tree,
    pub ask_times: sled::Tree,
    pub pending: sled::Tree,
    pub rounds: sled::Tree,
    pub reminded: sled::Tree,
    pub waiting_by: sled::Tree,
    pub ask_keys: sled::Tree,
    pub deliveries: sled::Tree,
    pub meta: sled::Tree,
    pub visits: sled::Tree,
    pub visit_days: sled::Tree,
    pub launches: sled::Tree,
    pub launch_requests: sled::Tree,
    pub active_launches: sled::Tree,
    pub reviews_closed: sled::Tree,
    pub pair_rounds: sled::Tree,
    pub pairs: sled::Tree,
    pub pairing_people: sled::Tree,
    pub answers: sled::Tree,
    pub answer_times: sled::Tree,
    pub actions: sled::Tree,
    pub actions_open: sled::Tree,
    pub actions_closed: sled::Tree,
    pub actions_source: sled::Tree,
    pub plans: sled::Tree,
    pub open_plans: sled::Tree,
}

impl Trees {
    pub fn open(db: &sled::Db) -> Result<Trees, StoreError> {
        let tree = |name: &str| db.open_tree(name);
        Ok(Trees {
            requests: tree("requests")?,
            open: tree("idx_open")?,
            by_requester: tree("idx_requester")?,
            by_assignee: tree("idx_assignee")?,
            filed_at: tree("idx_filed_at")?,
            outbox: tree("outbox")?,
            parked: tree("outbox_parked")?,
            journal: tree("journal")?,
            kv: tree("kv")?,
            events: tree(super::schedule::EVENTS_TREE)?,
            jobs: tree("jobs")?,
            asks: tree("asks")?,
            ask_times: tree("idx_ask_answered")?,
            pending: tree("idx_ask_pending")?,
            rounds: tree("rounds")?,
            reminded: tree("reminded")?,
            waiting_by: tree(super::schedule::WAITING_TREE)?,
            ask_keys: tree("idx_ask_key")?,
            deliveries: tree("deliveries")?,
            meta: tree("meta")?,
            visits: tree("visits")?,
            visit_days: tree("idx_visit_day")?,
            launches: tree("launches")?,
            launch_requests: tree("idx_launch_requests")?,
            active_launches: tree("idx_launch_active")?,
            reviews_closed: tree("idx_review_closed")?,
            pair_rounds: tree("pair_rounds")?,
            pairs: tree("pairs")?,
            pairing_people: tree("pairing_people")?,
            answers: tree("answers")?,
            answer_times: tree("idx_answer_at")?,
            actions: tree("actions")?,
            actions_open: tree("idx_action_open")?,
            actions_closed: tree("idx_action_closed")?,
            actions_source: tree("idx_action_source")?,
            plans: tree("plans")?,
            open_plans: tree("idx_plan_open")?,
        })
    }

    pub fn get(&self, id: TreeId) -> &sled::Tree {
        match id {
            TreeId::Requests => &self.requests,
            TreeId::Open => &self.open,
            TreeId::Requester => &self.by_requester,
            TreeId::Assignee => &self.by_assignee,
            TreeId::FiledAt => &self.filed_at,
            TreeId::Outbox => &self.outbox,
            TreeId::Parked => &self.parked,
            TreeId::RequestSteps => &self.events,
            TreeId::Jobs => &self.jobs,
            TreeId::Asks => &self.asks,
            TreeId::AskTimes => &self.ask_times,
            TreeId::Pending => &self.pending,
            TreeId::Rounds => &self.rounds,
            TreeId::Reminded => &self.reminded,
            TreeId::WaitingBy => &self.waiting_by,
            TreeId::AskKeys => &self.ask_keys,
            TreeId::Kv => &self.kv,
            TreeId::Deliveries => &self.deliveries,
            TreeId::Meta => &self.meta,
            TreeId::Visits => &self.visits,
            TreeId::VisitDays => &self.visit_days,
            TreeId::Launches => &self.launches,
            TreeId::LaunchRequests => &self.launch_requests,
            TreeId::ActiveLaunches => &self.active_launches,
            TreeId::ReviewsClosed => &self.reviews_closed,
            TreeId::PairRounds => &self.pair_rounds,
            TreeId::Pairs => &self.pairs,
            TreeId::PairingPeople => &self.pairing_people,
            TreeId::Answers => &self.answers,
            TreeId::AnswerTimes => &self.answer_times,
            TreeId::Actions => &self.actions,
            TreeId::ActionsOpen => &self.actions_open,
            TreeId::ActionsClosed => &self.actions_closed,
            TreeId::ActionSources => &self.actions_source,
            TreeId::Plans => &self.plans,
            TreeId::OpenPlans => &self.open_plans,
        }
    }

    /// Applies one operation of a change.
    /// Puts or removes one key; returns what it held before.
    pub fn apply_one(
        &self,
        tree: TreeId,
        key: &[u8],
        value: Option<&[u8]>,
    ) -> Result<Option<sled::IVec>, StoreError> {
        let before = match value {
            Some(value) => self.get(tree).insert(key, value)?,
            None => self.get(tree).remove(key)?,
        };
        Ok(before)
    }

    /// Finishes, in the order they were written, the changes a crash (or a failed write)
    /// interrupted; returns how many.
    pub fn replay_journal(&self) -> Result<usize, StoreError> {
        let mut replayed = 0;
        for item in self.journal.iter() {
            let (key, bytes) = item?;
            for (tree, key, value) in WriteSet::decode(&bytes)?.ops() {
                self.apply_one(tree, key, value)?;
            }
            self.journal.remove(key)?;
            replayed += 1;
        }
        Ok(replayed)
    }
}
