//! The memory store's pairing rounds, pairs and standings.

use super::Inner;
use crate::domain::PersonName;
use crate::domain::pairing::{Pair, PairRound, PairingPerson};
use crate::store::{PairingWrite, StoreError};

impl Inner {
    pub(super) fn rounds_newest(&self, limit: usize) -> Vec<PairRound> {
        self.pair_rounds
            .values()
            .rev()
            .take(limit)
            .cloned()
            .collect()
    }

    pub(super) fn pairs_from(&self, round: u64) -> Vec<Pair> {
        let pairs = self.pairs.values();
        pairs.filter(|p| p.round >= round).cloned().collect()
    }

    pub(super) fn standings(&self) -> Vec<(PersonName, PairingPerson)> {
        let people = self.pairing_people.iter();
        people.map(|(n, p)| (n.clone(), p.clone())).collect()
    }

    /// Refuses `write` as a conflict unless the store holds what it expects.
    pub(super) fn check_pairing(&self, write: &PairingWrite) -> Result<(), StoreError> {
        let round_taken = write
            .round
            .as_ref()
            .is_some_and(|r| self.pair_rounds.contains_key(&r.number));
        let pair_moved = write.pairs.iter().any(|change| {
            let stored = self.pairs.get(&change.pair.id).map(|p| p.version);
            stored != change.expected
        });
        let standing_moved = write.people.iter().any(|change| {
            let stored = self.pairing_people.get(&change.person).map(|p| p.version);
            stored != change.expected
        });
        if round_taken || pair_moved || standing_moved {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }

    /// Applies `write`, checked before.
    pub(super) fn apply_pairing(&mut self, write: &PairingWrite) {
        if let Some(round) = &write.round {
            self.pair_rounds.insert(round.number, round.clone());
        }
        for change in &write.pairs {
            self.pairs.insert(change.pair.id, change.pair.clone());
        }
        for change in &write.people {
            let standing = change.standing.clone();
            self.pairing_people.insert(change.person.clone(), standing);
        }
    }
}
