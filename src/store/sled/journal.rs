//! Journal entries: a change across trees, encoded as one value.
//!
//! Atomic multi-tree writes without sled transactions: sled 0.34 rolls its I/O buffer to disk
//! on every transaction or batch (`pin_log`), which measured 3.9k filings/s here against 11k/s
//! for plain inserts. So a change is written as one journal entry first (see `writer` for the
//! protocol and what it guarantees). Tree numbers are stored in entries: never renumber them.

use chrono::{DateTime, Utc};

use super::super::StoreError;
use crate::message::Destination;

/// The trees a change can touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TreeId {
    Requests = 1,
    Open = 2,
    Requester = 3,
    Assignee = 4,
    FiledAt = 5,
    Outbox = 6,
    Parked = 7,
    RequestSteps = 8,
    Jobs = 9,
    Asks = 10,
    AskTimes = 11,
    Pending = 12,
    Rounds = 13,
    Reminded = 14,
    WaitingBy = 15,
    AskKeys = 16,
    Kv = 17,
    Deliveries = 18,
    Meta = 19,
    // Numbers from 40 up are the seed's loops (other loops take other ranges).
    Visits = 40,
    VisitDays = 41,
    Launches = 20,
    LaunchRequests = 21,
    ActiveLaunches = 22,
    ReviewsClosed = 23,
    // Pairing's trees take the numbers from 60 up (the seed's other loops take other ranges,
    // so that branches merge without two trees sharing a number).
    PairRounds = 60,
    Pairs = 61,
    PairingPeople = 62,
    // You said → we did takes the numbers from 70 up.
    Answers = 70,
    AnswerTimes = 71,
    Actions = 72,
    ActionsOpen = 73,
    ActionsClosed = 74,
    ActionSources = 75,
    // Planning's trees take the numbers from 80 up.
    Plans = 80,
    OpenPlans = 81,
}

impl TreeId {
    const ALL: [TreeId; 36] = [
        TreeId::Requests,
        TreeId::Open,
        TreeId::Requester,
        TreeId::Assignee,
        TreeId::FiledAt,
        TreeId::Outbox,
        TreeId::Parked,
        TreeId::RequestSteps,
        TreeId::Jobs,
        TreeId::Asks,
        TreeId::AskTimes,
        TreeId::Pending,
        TreeId::Rounds,
        TreeId::Reminded,
        TreeId::WaitingBy,
        TreeId::AskKeys,
        TreeId::Kv,
        TreeId::Deliveries,
        TreeId::Meta,
        TreeId::Visits,
        TreeId::VisitDays,
        TreeId::Launches,
        TreeId::LaunchRequests,
        TreeId::ActiveLaunches,
        TreeId::ReviewsClosed,
        TreeId::PairRounds,
        TreeId::Pairs,
        TreeId::PairingPeople,
        TreeId::Answers,
        TreeId::AnswerTimes,
        TreeId::Actions,
        TreeId::ActionsOpen,
        TreeId::ActionsClosed,
        TreeId::ActionSources,
        TreeId::Plans,
        TreeId::OpenPlans,
    ];

    fn from_byte(byte: u8) -> Option<TreeId> {
        Self::ALL.into_iter().find(|t| *t as u8 == byte)
    }
}

/// Puts and deletes across trees that must happen all together.
#[derive(Debug, Default, PartialEq)]
pub struct WriteSet {
    ops: Vec<(TreeId, Vec<u8>, Option<Vec<u8>>)>,
    /// What the outbox's index learns when this set is applied, by entry: where it goes and
    /// when it is due, or `None` once it is gone. Not journalled: the index is read from the
    /// outbox tree at open.
    outbox: Vec<(u64, Option<OutboxHead>)>,
}

/// Where an outbox entry goes and when it is due.
pub type OutboxHead = (Destination, DateTime<Utc>);

impl WriteSet {
    /// Notes, for the outbox's index, what this set does to entry `id` (see `outbox::track`).
    pub fn note_outbox(&mut self, id: u64, head: Option<OutboxHead>) {
        self.outbox.push((id, head));
    }

    /// What this set was noted to do to outbox entries, in order.
    pub fn outbox_notes(&self) -> &[(u64, Option<OutboxHead>)] {
        &self.outbox
    }

    pub fn put(&mut self, tree: TreeId, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.ops.push((tree, key.into(), Some(value.into())));
    }

    pub fn delete(&mut self, tree: TreeId, key: impl Into<Vec<u8>>) {
        self.ops.push((tree, key.into(), None));
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Whether the set is a single insert or remove (atomic without the journal).
    pub fn is_single(&self) -> bool {
        self.ops.len() == 1
    }

    pub fn ops(&self) -> impl Iterator<Item = (TreeId, &[u8], Option<&[u8]>)> {
        self.ops
            .iter()
            .map(|(t, k, v)| (*t, k.as_slice(), v.as_deref()))
    }

    /// `[tree][key len u32][key][0 | 1][value len u32][value]…`
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (tree, key, value) in &self.ops {
            out.push(*tree as u8);
            put_bytes(&mut out, key);
            match value {
                Some(value) => {
                    out.push(1);
                    put_bytes(&mut out, value);
                }
                None => out.push(0),
            }
        }
        out
    }

    pub fn decode(mut bytes: &[u8]) -> Result<WriteSet, StoreError> {
        let corrupt = || StoreError::Corrupt("journal entry".into());
        let mut set = WriteSet::default();
        while let Some((&tree, rest)) = bytes.split_first() {
            let tree = TreeId::from_byte(tree).ok_or_else(corrupt)?;
            let (key, rest) = take_bytes(rest).ok_or_else(corrupt)?;
            let (&flag, rest) = rest.split_first().ok_or_else(corrupt)?;
            let (value, rest) = match flag {
                0 => (None, rest),
                1 => take_bytes(rest)
                    .map(|(v, r)| (Some(v.to_vec()), r))
                    .ok_or_else(corrupt)?,
                _ => return Err(corrupt()),
            };
            set.ops.push((tree, key.to_vec(), value));
            bytes = rest;
        }
        Ok(set)
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}

fn take_bytes(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let rest = &bytes[4..];
    Some((rest.get(..len)?, &rest[len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_set_survives_encoding() {
        let mut set = WriteSet::default();
        set.put(TreeId::Requests, vec![0, 0, 1], b"{\"id\":1}".to_vec());
        set.delete(TreeId::Open, vec![9; 8]);
        set.put(TreeId::Outbox, Vec::new(), Vec::new());
        assert_eq!(WriteSet::decode(&set.encode()).expect("decodes"), set);
    }

    #[test]
    fn pairing_trees_survive_encoding_with_their_own_numbers() {
        let mut set = WriteSet::default();
        for tree in [TreeId::PairRounds, TreeId::Pairs, TreeId::PairingPeople] {
            set.put(tree, vec![0, 1], b"{}".to_vec());
        }
        assert_eq!(WriteSet::decode(&set.encode()).expect("decodes"), set);
        assert_eq!(TreeId::from_byte(61), Some(TreeId::Pairs));
    }

    #[test]
    fn planning_trees_keep_their_numbers_from_80() {
        assert_eq!(TreeId::from_byte(80), Some(TreeId::Plans));
        assert_eq!(TreeId::from_byte(81), Some(TreeId::OpenPlans));
    }

    #[test]
    fn a_truncated_or_garbled_entry_is_refused() {
        let mut set = WriteSet::default();
        set.put(TreeId::Requests, vec![1, 2, 3], vec![4, 5, 6]);
        let bytes = set.encode();
        assert!(WriteSet::decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(WriteSet::decode(&[42]).is_err());
    }
}
