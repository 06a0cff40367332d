//! The records of a pairing round: pair IDs, what kind of round it is, the level a group met at,
//! and the round itself (its pairs and their answers are in `pair`).

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::people::{PersonName, Role};

/// `PAIR-<n>`, numbered from 1 per store, across rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PairId(u64);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{0}\" is not a pair ID; write it like PAIR-3 or 3")]
pub struct PairIdError(pub String);

impl PairId {
    pub fn new(n: u64) -> Option<Self> {
        (n > 0).then_some(PairId(n))
    }

    pub fn number(self) -> u64 {
        self.0
    }

    /// Accepts `PAIR-3`, `pair-3`, `#3` and `3`.
    pub fn parse(input: &str) -> Result<Self, PairIdError> {
        crate::domain::values::numbered(input, "PAIR-")
            .and_then(PairId::new)
            .ok_or_else(|| PairIdError(input.trim().to_string()))
    }
}

impl fmt::Display for PairId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PAIR-{}", self.0)
    }
}

/// Who may meet whom in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// Members with members, leads with leads.
    SameLevel,
    /// Each lead with a member of the other team; members with members.
    CrossLevel,
}

impl RoundKind {
    /// Round `number` (from 1): with `cross_level`, every second round is cross-level.
    pub fn of_round(number: u64, cross_level: bool) -> RoundKind {
        if cross_level && number.is_multiple_of(2) {
            RoundKind::CrossLevel
        } else {
            RoundKind::SameLevel
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RoundKind::SameLevel => "same level",
            RoundKind::CrossLevel => "cross-level",
        }
    }

    /// Whether people of these roles, one from each team, may be in one group.
    pub fn allows(self, a: Role, b: Role) -> bool {
        match self {
            RoundKind::SameLevel => a == b,
            RoundKind::CrossLevel => !(a == Role::Lead && b == Role::Lead),
        }
    }
}

/// The level a group met at, for the digest's met-rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Members,
    Leads,
    Cross,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Members, Level::Leads, Level::Cross];

    /// The level of a group whose people have these roles.
    pub fn of(roles: impl IntoIterator<Item = Role>) -> Level {
        let (mut leads, mut members) = (false, false);
        for role in roles {
            match role {
                Role::Lead => leads = true,
                Role::Member => members = true,
            }
        }
        match (leads, members) {
            (true, true) => Level::Cross,
            (true, false) => Level::Leads,
            _ => Level::Members,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Members => "member × member",
            Level::Leads => "lead × lead",
            Level::Cross => "cross-level",
        }
    }
}

/// One round of pairing: when it formed, what kind it was, and which pairs it made (a range of
/// pair IDs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairRound {
    /// From 1.
    pub number: u64,
    pub kind: RoundKind,
    /// The schedule's due time it formed for, on the company's wall clock.
    pub due_local: NaiveDateTime,
    pub formed_at: DateTime<Utc>,
    /// When each person is asked whether they met.
    pub check_at: DateTime<Utc>,
    /// The ID of its first pair; its pairs are numbered on from there.
    pub first_pair: u64,
    pub pairs: u64,
    /// People who could be in no group: the other side had no room left at their level.
    pub sat_out: Vec<PersonName>,
}

impl PairRound {
    /// The IDs of its pairs, in order.
    pub fn pair_ids(&self) -> impl Iterator<Item = PairId> + use<> {
        (self.first_pair..self.first_pair + self.pairs).filter_map(PairId::new)
    }

    /// The ID the next round's first pair gets.
    pub fn next_pair(&self) -> u64 {
        self.first_pair + self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_ids_parse_like_request_ids() {
        for text in ["PAIR-3", "pair-3", "#3", "3", " Pair-3 "] {
            assert_eq!(PairId::parse(text), Ok(PairId(3)), "{text}");
        }
        for text in ["PAIR-0", "PAIR-", "REQ-3", "three", "-3"] {
            assert!(PairId::parse(text).is_err(), "{text}");
        }
        assert_eq!(PairId(12).to_string(), "PAIR-12");
    }

    #[test]
    fn every_second_round_is_cross_level_when_asked_for() {
        let kinds: Vec<RoundKind> = (1..=4).map(|n| RoundKind::of_round(n, true)).collect();
        use RoundKind::*;
        assert_eq!(kinds, vec![SameLevel, CrossLevel, SameLevel, CrossLevel]);
        assert_eq!(RoundKind::of_round(2, false), SameLevel);
        assert!(CrossLevel.allows(Role::Lead, Role::Member));
        assert!(!CrossLevel.allows(Role::Lead, Role::Lead));
        assert!(!SameLevel.allows(Role::Lead, Role::Member));
        assert_eq!(Level::of([Role::Lead, Role::Member]), Level::Cross);
        assert_eq!(Level::of([Role::Lead, Role::Lead]), Level::Leads);
    }
}
