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

use std::collections::{HashMap, HashSet};

use super::model::{Level, Pair, RoundKind};
use super::rng::Rng;
use crate::domain::people::{PersonName, Role, Team};

/// Someone who takes part in a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: PersonName,
    pub team: Team,
    pub role: Role,
}

/// Who was grouped with whom before, and when each person was last in a group.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Times each (Sales, Marketing) couple was in one group.
    together: HashMap<(PersonName, PersonName), u32>,
    last_round: HashMap<PersonName, u64>,
}

impl History {
    /// The history of these pairs.
    pub fn of<'a>(pairs: impl IntoIterator<Item = &'a Pair>) -> History {
        let mut history = History::default();
        for pair in pairs {
            history.record(pair.round, &pair.sales, &pair.marketing);
        }
        history
    }

    /// Counts one group of round `round`.
    pub fn record(&mut self, round: u64, sales: &[PersonName], marketing: &[PersonName]) {
        for s in sales {
            for m in marketing {
                *self.together.entry((s.clone(), m.clone())).or_default() += 1;
            }
        }
        for person in sales.iter().chain(marketing) {
            let last = self.last_round.entry(person.clone()).or_default();
            *last = (*last).max(round);
        }
    }

    /// How often `sales` and `marketing` were in one group.
    pub fn times(&self, sales: &PersonName, marketing: &PersonName) -> u32 {
        self.together
            .get(&(sales.clone(), marketing.clone()))
            .copied()
            .unwrap_or(0)
    }

    /// The last round `name` was in a group.
    pub fn last_round(&self, name: &PersonName) -> Option<u64> {
        self.last_round.get(name).copied()
    }
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

/// A round being formed, with people as indexes into `people`.
struct Round<'a> {
    people: &'a [Candidate],
    kind: RoundKind,
    /// Per person: partner → times they were in one group.
    times: Vec<HashMap<usize, u32>>,
    /// Per person and per role of partner (member, lead): how often they met everyone of that
    /// role they may meet this round (the least of their counts); a partner met no more often
    /// is new to them.
    floor: Vec<[u32; 2]>,
    /// Per person: partners with open requests between them, in priority order.
    open: Vec<Vec<usize>>,
    /// Everyone in priority order.
    order: Vec<usize>,
    /// Each team in priority order: Sales, Marketing.
    sides: [Vec<usize>; 2],
    /// Position in `order`.
    rank: Vec<usize>,
}

impl<'a> Round<'a> {
    fn new(input: &RoundInput<'a>) -> Round<'a> {
        let people = input.people;
        let index: HashMap<&PersonName, usize> = people
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.name, i))
            .collect();
        let mut times = vec![HashMap::new(); people.len()];
        for ((s, m), count) in &input.history.together {
            if let (Some(&a), Some(&b)) = (index.get(s), index.get(m)) {
                times[a].insert(b, *count);
                times[b].insert(a, *count);
            }
        }
        let order = priority(input);
        let mut rank = vec![0; people.len()];
        for (position, &i) in order.iter().enumerate() {
            rank[i] = position;
        }
        let side = |team: Team| -> Vec<usize> {
            let members = order.iter().filter(|&&i| people[i].team == team);
            members.copied().collect()
        };
        let sides = [side(Team::Sales), side(Team::Marketing)];
        let mut open = vec![Vec::new(); people.len()];
        for (s, m) in input.open {
            if let (Some(&a), Some(&b)) = (index.get(s), index.get(m)) {
                open[a].push(b);
                open[b].push(a);
            }
        }
        for partners in &mut open {
            partners.sort_by_key(|&p| rank[p]);
            partners.dedup();
        }
        let mut round = Round {
            people,
            kind: input.kind,
            times,
            floor: Vec::new(),
            open,
            order,
            sides,
            rank,
        };
        round.floor = (0..people.len())
            .map(|i| [Role::Member, Role::Lead].map(|role| round.floor_of(i, role)))
            .collect();
        round
    }

    fn floor_of(&self, person: usize, role: Role) -> u32 {
        let fits = |q: usize| self.people[q].role == role && self.allowed(person, q);
        let eligible = self.other_side(person).iter().filter(|&&q| fits(q)).count();
        let met = self.times[person].iter().filter(|(q, _)| fits(**q));
        let (count, least) = met.fold((0, u32::MAX), |(n, least), (_, t)| (n + 1, least.min(*t)));
        if count < eligible { 0 } else { least }
    }

    fn other_side(&self, person: usize) -> &[usize] {
        match self.people[person].team {
            Team::Sales => &self.sides[1],
            Team::Marketing => &self.sides[0],
        }
    }

    fn allowed(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.people[a], &self.people[b]);
        a.team != b.team && self.kind.allows(a.role, b.role)
    }

    fn times(&self, a: usize, b: usize) -> u32 {
        self.times[a].get(&b).copied().unwrap_or(0)
    }

    fn is_new(&self, a: usize, b: usize) -> bool {
        self.is_new_to(a, b) && self.is_new_to(b, a)
    }

    /// Whether `b` is new to `a`: `a` met everyone of `b`'s level at least as often.
    fn is_new_to(&self, a: usize, b: usize) -> bool {
        let level = usize::from(self.people[b].role == Role::Lead);
        self.times(a, b) == self.floor[a][level]
    }

    /// Whether `a` and `b` may meet and are new to each other.
    fn fits(&self, a: usize, b: usize) -> bool {
        self.allowed(a, b) && self.is_new(a, b)
    }

    fn has_open(&self, a: usize, b: usize) -> bool {
        self.open[a].contains(&b)
    }

    /// Step 1: a maximum matching of people new to each other, grown from a greedy one that
    /// first pairs people with open requests between them.
    fn pair_up(&self, mate: &mut [Option<usize>]) {
        for &person in &self.order {
            let mut open = self.open[person].iter();
            let found = open.find(|&&q| mate[q].is_none() && self.fits(person, q));
            if let (None, Some(&partner)) = (mate[person], found) {
                mate[person] = Some(partner);
                mate[partner] = Some(person);
            }
        }
        for &person in &self.order {
            if mate[person].is_some() {
                continue;
            }
            let mut others = self.other_side(person).iter();
            let found = others.find(|&&q| mate[q].is_none() && self.fits(person, q));
            if let Some(&partner) = found {
                mate[person] = Some(partner);
                mate[partner] = Some(person);
            }
        }
        let mut seen = vec![usize::MAX; mate.len()];
        for (attempt, &person) in self.order.iter().enumerate() {
            let alone_opposite = self.other_side(person).iter().any(|&q| mate[q].is_none());
            if mate[person].is_none() && alone_opposite {
                self.augment(person, attempt, &mut seen, mate);
            }
        }
    }

    /// Looks for an augmenting path from `person` over pairs new to each other; matched people
    /// stay matched (possibly to someone else).
    fn augment(
        &self,
        person: usize,
        attempt: usize,
        seen: &mut [usize],
        mate: &mut [Option<usize>],
    ) -> bool {
        for &q in self.other_side(person) {
            if seen[q] == attempt || !self.fits(person, q) {
                continue;
            }
            seen[q] = attempt;
            let free = match mate[q] {
                None => true,
                Some(other) => self.augment(other, attempt, seen, mate),
            };
            if free {
                mate[q] = Some(person);
                mate[person] = Some(q);
                return true;
            }
        }
        false
    }

    /// Lower is better: least met, then open requests, then priority.
    fn preference(&self, a: usize, b: usize) -> (u32, bool, usize) {
        (self.times(a, b), !self.has_open(a, b), self.rank[b])
    }
}

/// The pairs of a round as they grow into groups, and who is still alone.
struct Groups<'r, 'a> {
    round: &'r Round<'a>,
    /// (Sales, Marketing).
    pairs: Vec<(usize, usize)>,
    /// The third person of each pair, if any.
    third: Vec<Option<usize>>,
    /// In no group yet, in priority order.
    alone: Vec<usize>,
}

impl<'r, 'a> Groups<'r, 'a> {
    fn of(round: &'r Round<'a>, mate: &[Option<usize>]) -> Self {
        let pairs: Vec<(usize, usize)> = round.sides[0]
            .iter()
            .filter_map(|&s| mate[s].map(|m| (s, m)))
            .collect();
        let alone = round.order.iter().copied();
        Groups {
            round,
            third: vec![None; pairs.len()],
            pairs,
            alone: alone.filter(|&p| mate[p].is_none()).collect(),
        }
    }

    /// The member of `pair` on the other team from `x`.
    fn partner(&self, pair: usize, x: usize) -> usize {
        let (s, m) = self.pairs[pair];
        self.partner_of(s, m, x)
    }

    /// Step 2: whoever is alone joins a pair whose other-team member is new to them, as many
    /// as a maximum matching allows (augmenting paths move people already placed).
    fn place_new(&mut self) {
        let mut seen = vec![usize::MAX; self.pairs.len()];
        let alone = std::mem::take(&mut self.alone);
        for (attempt, &x) in alone.iter().enumerate() {
            if !self.augment(x, attempt, &mut seen) {
                self.alone.push(x);
            }
        }
    }

    fn augment(&mut self, x: usize, attempt: usize, seen: &mut [usize]) -> bool {
        for pair in 0..self.pairs.len() {
            let partner = self.partner(pair, x);
            if seen[pair] == attempt || !self.round.fits(x, partner) {
                continue;
            }
            seen[pair] = attempt;
            let free = match self.third[pair] {
                None => true,
                Some(other) => self.augment(other, attempt, seen),
            };
            if free {
                self.third[pair] = Some(x);
                return true;
            }
        }
        false
    }

    /// Step 3: whoever is still alone pairs with anyone alone they may meet, least met first.
    fn pair_alone(&mut self) {
        let round = self.round;
        let mut paired = HashSet::new();
        for &person in &self.alone {
            if paired.contains(&person) {
                continue;
            }
            let partner = self
                .alone
                .iter()
                .filter(|&&q| !paired.contains(&q) && round.allowed(person, q))
                .min_by_key(|&&q| round.preference(person, q));
            if let Some(&partner) = partner {
                paired.extend([person, partner]);
                let pair = match round.people[person].team {
                    Team::Sales => (person, partner),
                    Team::Marketing => (partner, person),
                };
                self.pairs.push(pair);
                self.third.push(None);
            }
        }
        self.alone.retain(|p| !paired.contains(p));
    }

    /// Step 4: whoever is still alone joins any pair with room whose other-team member they
    /// may meet, least met first.
    fn place_any(&mut self) {
        let alone = std::mem::take(&mut self.alone);
        for x in alone {
            let round = self.round;
            let best = (0..self.pairs.len())
                .filter(|&p| self.third[p].is_none() && round.allowed(x, self.partner(p, x)))
                .min_by_key(|&p| round.preference(x, self.partner(p, x)));
            match best {
                Some(pair) => self.third[pair] = Some(x),
                None => self.alone.push(x),
            }
        }
    }

    /// Lower is better: who sits out, then partners met again too soon.
    fn score(&self) -> (usize, usize) {
        let round = self.round;
        let mut repeats = 0;
        for (&(s, m), third) in self.pairs.iter().zip(&self.third) {
            repeats += usize::from(!round.is_new(s, m));
            if let Some(x) = *third {
                repeats += usize::from(!round.is_new(x, self.partner_of(s, m, x)));
            }
        }
        (self.alone.len(), repeats)
    }

    fn partner_of(&self, s: usize, m: usize, x: usize) -> usize {
        match self.round.people[x].team {
            Team::Sales => m,
            Team::Marketing => s,
        }
    }

    fn finish(self) -> Formation {
        let round = self.round;
        let mut groups: Vec<Group> = self
            .pairs
            .iter()
            .zip(&self.third)
            .map(|(&(s, m), third)| {
                let members: Vec<usize> = [s, m].into_iter().chain(*third).collect();
                round.group(&members)
            })
            .collect();
        groups.sort_by(|a, b| (a.level, &a.sales).cmp(&(b.level, &b.sales)));
        let sat_out = self.alone.iter();
        Formation {
            groups,
            sat_out: sat_out.map(|&p| round.people[p].name.clone()).collect(),
        }
    }
}

impl Round<'_> {
    fn group(&self, members: &[usize]) -> Group {
        let names = |team: Team| -> Vec<PersonName> {
            let mut names: Vec<PersonName> = members
                .iter()
                .filter(|&&i| self.people[i].team == team)
                .map(|&i| self.people[i].name.clone())
                .collect();
            names.sort();
            names
        };
        Group {
            sales: names(Team::Sales),
            marketing: names(Team::Marketing),
            level: Level::of(members.iter().map(|&i| self.people[i].role)),
        }
    }
}

/// Everyone in the order they are placed: leads first in a cross-level round (they have the
/// fewest possible partners), then whoever was in a group longest ago, then by the seed.
fn priority(input: &RoundInput<'_>) -> Vec<usize> {
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
