//! Forming a round, as pure code: the same inputs and seed give the same groups.
//!
//! Every group crosses the teams and has two or three people. The round's kind says who may
//! meet whom (`RoundKind::allows`). Among those, a partner is *new* to someone while they have
//! met them no more often than everyone else of that level (member or lead) they may meet this
//! round: so nobody meets the same person again before they have met everyone else at that
//! level on the other side. Groups are formed in four steps:
//!
//! 1. pairs of people new to each other: greedily in priority order (leads first in a
//!    cross-level round; then whoever was in a group longest ago; then by the seed), preferring
//!    partners with open requests between them, then grown by augmenting paths until no more
//!    such pairs fit (a maximum matching, so that equal teams always pair completely);
//! 2. whoever is alone joins a pair as its third, new to its other-team member;
//! 3. whoever is still alone pairs with anyone alone they may meet, the least met first;
//! 4. whoever is left joins any pair with room as its third, the least met first.
//!
//! Steps 2 and 3 are also tried the other way round, and the round that leaves fewer people
//! out (then has fewer partners met again too soon) is kept.
//!
//! Someone sits out only when there is no room left for them: every pair they could join
//! already has three, because their side outnumbers the other more than two to one at their
//! level. Whoever was in a group longest ago is placed first, so sitting out rotates.

use std::collections::HashSet;

use super::groups::Groups;
use super::history::History;
use super::model::{Level, RoundKind};
use super::rng::Rng;
use super::round::Round;
use crate::domain::people::{PersonName, Role, Team};

/// Someone who takes part in a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: PersonName,
    pub team: Team,
    pub role: Role,
}

/// What forming a round needs.
#[derive(Clone, Copy, Debug)]
pub struct RoundInput<'a> {
    pub kind: RoundKind,
    /// Everyone who takes part (paused people and those who skip left out already).
    pub people: &'a [Candidate],
    pub history: &'a History,
    /// (Sales, Marketing) couples with open requests between them: preferred partners.
    pub open: &'a HashSet<(PersonName, PersonName)>,
    pub seed: u64,
}

/// One group of a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub sales: Vec<PersonName>,
    pub marketing: Vec<PersonName>,
    pub level: Level,
}

/// A round's groups, and who had no place in one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Formation {
    pub groups: Vec<Group>,
    pub sat_out: Vec<PersonName>,
}

/// Forms a round (see the module's documentation).
pub fn form(input: &RoundInput<'_>) -> Formation {
    let round = Round::new(input);
    let mut mate = vec![None; input.people.len()];
    round.pair_up(&mut mate);
    // Thirds who are new to their partner first (fewer repeats), unless pairing whoever is
    // alone first leaves fewer people out.
    let mut thirds_first = Groups::of(&round, &mate);
    thirds_first.place_new();
    thirds_first.pair_alone();
    thirds_first.place_any();
    let mut pairs_first = Groups::of(&round, &mate);
    pairs_first.pair_alone();
    pairs_first.place_new();
    pairs_first.place_any();
    let best = if pairs_first.score() < thirds_first.score() {
        pairs_first
    } else {
        thirds_first
    };
    best.finish()
}

/// Everyone in the order they are placed: leads first in a cross-level round (they have the
/// fewest possible partners), then whoever was in a group longest ago, then by the seed.
pub(super) fn priority(input: &RoundInput<'_>) -> Vec<usize> {
    let mut rng = Rng::new(input.seed);
    let mut order: Vec<usize> = (0..input.people.len()).collect();
    rng.shuffle(&mut order);
    let key = |i: usize| {
        let person = &input.people[i];
        let lead_first = input.kind == RoundKind::CrossLevel && person.role == Role::Lead;
        let last = input.history.last_round(&person.name).unwrap_or(0);
        (!lead_first, last)
    };
    // Stable: the shuffle breaks ties.
    order.sort_by_key(|&i| key(i));
    order
}
