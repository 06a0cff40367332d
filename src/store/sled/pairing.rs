//! Pairing in sled: `pair_rounds` by round number, `pairs` by pair ID (a round's pairs are a
//! range of IDs), `pairing_people` by name; values as JSON. Changes are checked against what
//! is stored, under the schedule lock.

use chrono::{DateTime, Utc};

use super::journal::{TreeId, WriteSet};
use super::{SledStore, keys, outbox};
use crate::domain::PersonName;
use crate::domain::pairing::{Pair, PairId, PairRound, PairingPerson};
use crate::message::Outgoing;
use crate::store::{PairingWrite, StoreError, Ticket};

impl SledStore {
    pub(super) fn rounds_newest(&self, limit: usize) -> Result<Vec<PairRound>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.pair_rounds.iter().rev().take(limit) {
            let (key, bytes) = item?;
            let what = format_args!("pairing round {}", keys::number(&key));
            found.push(keys::decode(what, &bytes)?);
        }
        Ok(found)
    }

    pub(super) fn pair_by_id(&self, id: PairId) -> Result<Option<Pair>, StoreError> {
        match self.trees.pairs.get(id.number().to_be_bytes())? {
            Some(bytes) => Ok(Some(keys::decode(format_args!("pair {id}"), &bytes)?)),
            None => Ok(None),
        }
    }

    pub(super) fn pairs_from(&self, round: u64) -> Result<Vec<Pair>, StoreError> {
        let first = match self.trees.pair_rounds.get(round.to_be_bytes())? {
            Some(bytes) => {
                keys::decode::<PairRound>(format_args!("pairing round {round}"), &bytes)?.first_pair
            }
            // Rounds before the first stored one: every pair.
            None if self.first_round()?.is_some_and(|first| round < first) => 0,
            None => return Ok(Vec::new()),
        };
        let mut found = Vec::new();
        for item in self.trees.pairs.range(first.to_be_bytes()..) {
            let (key, bytes) = item?;
            let what = format_args!("pair PAIR-{}", keys::number(&key));
            found.push(keys::decode(what, &bytes)?);
        }
        Ok(found)
    }

    fn first_round(&self) -> Result<Option<u64>, StoreError> {
        match self.trees.pair_rounds.first()? {
            Some((key, _)) => Ok(keys::u64_of(&key)),
            None => Ok(None),
        }
    }

    pub(super) fn standing(&self, name: &PersonName) -> Result<Option<PairingPerson>, StoreError> {
        match self.trees.pairing_people.get(name.as_str().as_bytes())? {
            Some(bytes) => Ok(Some(keys::decode(
                format_args!("pairing standing of {name}"),
                &bytes,
            )?)),
            None => Ok(None),
        }
    }

    pub(super) fn standings(&self) -> Result<Vec<(PersonName, PairingPerson)>, StoreError> {
        let mut found = Vec::new();
        for item in self.trees.pairing_people.iter() {
            let (key, bytes) = item?;
            let name = String::from_utf8_lossy(&key).into_owned();
            let standing = keys::decode(format_args!("pairing standing of {name}"), &bytes)?;
            found.push((PersonName::new(name), standing));
        }
        Ok(found)
    }

    pub(super) fn pairing(
        &self,
        write: &PairingWrite,
        outgoing: &[Outgoing],
        at: DateTime<Utc>,
    ) -> Result<Ticket, StoreError> {
        let _serialised = self.schedule_lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut set = WriteSet::default();
        self.pairing_writes(&mut set, write)?;
        outbox::enqueue(&mut set, &self.last_entry, outgoing, at)?;
        self.write(&set)
    }

    /// Adds `write` to `set`, or refuses it as a conflict (the caller holds the schedule lock).
    pub(super) fn pairing_writes(
        &self,
        set: &mut WriteSet,
        write: &PairingWrite,
    ) -> Result<(), StoreError> {
        if let Some(round) = &write.round {
            let key = round.number.to_be_bytes();
            if self.trees.pair_rounds.contains_key(key)? {
                return Err(StoreError::Conflict);
            }
            set.put(TreeId::PairRounds, key, serde_json::to_vec(round)?);
        }
        for change in &write.pairs {
            let stored = self.pair_by_id(change.pair.id)?.map(|p| p.version);
            if stored != change.expected {
                return Err(StoreError::Conflict);
            }
            let key = change.pair.id.number().to_be_bytes();
            set.put(TreeId::Pairs, key, serde_json::to_vec(&change.pair)?);
        }
        for change in &write.people {
            let stored = self.standing(&change.person)?.map(|p| p.version);
            if stored != change.expected {
                return Err(StoreError::Conflict);
            }
            let key = change.person.as_str().as_bytes();
            set.put(
                TreeId::PairingPeople,
                key,
                serde_json::to_vec(&change.standing)?,
            );
        }
        Ok(())
    }
}
