//! A round being formed: people as indexes, who may meet whom, who is new to whom, and the
//! first step, a maximum matching of people new to each other.

use std::collections::HashMap;

use super::form::{Candidate, Group, RoundInput, priority};
use super::model::{Level, RoundKind};
use crate::domain::people::{PersonName, Role, Team};

/// A round being formed, with people as indexes into `people`.
pub(super) struct Round<'a> {
    pub(super) people: &'a [Candidate],
    pub(super) kind: RoundKind,
    /// Per person: partner → times they were in one group.
    pub(super) times: Vec<HashMap<usize, u32>>,
    /// Per person and per role of partner (member, lead): how often they met everyone of that
    /// role they may meet this round (the least of their counts); a partner met no more often
    /// is new to them.
    pub(super) floor: Vec<[u32; 2]>,
    /// Per person: partners with open requests between them, in priority order.
    pub(super) open: Vec<Vec<usize>>,
    /// Everyone in priority order.
    pub(super) order: Vec<usize>,
    /// Each team in priority order: Sales, Marketing.
    pub(super) sides: [Vec<usize>; 2],
    /// Position in `order`.
    pub(super) rank: Vec<usize>,
}

impl<'a> Round<'a> {
    pub(super) fn new(input: &RoundInput<'a>) -> Round<'a> {
        let people = input.people;
        let index: HashMap<&PersonName, usize> = people
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.name, i))
            .collect();
        let mut times = vec![HashMap::new(); people.len()];
        for (s, m, count) in input.history.couples() {
            if let (Some(&a), Some(&b)) = (index.get(s), index.get(m)) {
                times[a].insert(b, count);
                times[b].insert(a, count);
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

    pub(super) fn other_side(&self, person: usize) -> &[usize] {
        match self.people[person].team {
            Team::Sales => &self.sides[1],
            Team::Marketing => &self.sides[0],
        }
    }

    pub(super) fn allowed(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.people[a], &self.people[b]);
        a.team != b.team && self.kind.allows(a.role, b.role)
    }

    fn times(&self, a: usize, b: usize) -> u32 {
        self.times[a].get(&b).copied().unwrap_or(0)
    }

    pub(super) fn is_new(&self, a: usize, b: usize) -> bool {
        self.is_new_to(a, b) && self.is_new_to(b, a)
    }

    /// Whether `b` is new to `a`: `a` met everyone of `b`'s level at least as often.
    fn is_new_to(&self, a: usize, b: usize) -> bool {
        let level = usize::from(self.people[b].role == Role::Lead);
        self.times(a, b) == self.floor[a][level]
    }

    /// Whether `a` and `b` may meet and are new to each other.
    pub(super) fn fits(&self, a: usize, b: usize) -> bool {
        self.allowed(a, b) && self.is_new(a, b)
    }

    fn has_open(&self, a: usize, b: usize) -> bool {
        self.open[a].contains(&b)
    }

    /// Step 1: a maximum matching of people new to each other, grown from a greedy one that
    /// first pairs people with open requests between them.
    pub(super) fn pair_up(&self, mate: &mut [Option<usize>]) {
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
    pub(super) fn preference(&self, a: usize, b: usize) -> (u32, bool, usize) {
        (self.times(a, b), !self.has_open(a, b), self.rank[b])
    }
}

impl Round<'_> {
    pub(super) fn group(&self, members: &[usize]) -> Group {
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
