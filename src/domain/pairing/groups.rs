//! The pairs of a round as they grow into groups: thirds for uneven numbers, pairs of whoever
//! is still alone, and who sits out.

use std::collections::HashSet;

use super::form::{Formation, Group};
use super::round::Round;
use crate::domain::people::Team;

/// The pairs of a round as they grow into groups, and who is still alone.
pub(super) struct Groups<'r, 'a> {
    round: &'r Round<'a>,
    /// (Sales, Marketing).
    pairs: Vec<(usize, usize)>,
    /// The third person of each pair, if any.
    third: Vec<Option<usize>>,
    /// In no group yet, in priority order.
    alone: Vec<usize>,
}

impl<'r, 'a> Groups<'r, 'a> {
    pub(super) fn of(round: &'r Round<'a>, mate: &[Option<usize>]) -> Self {
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
    pub(super) fn place_new(&mut self) {
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
    pub(super) fn pair_alone(&mut self) {
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
    pub(super) fn place_any(&mut self) {
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
    pub(super) fn score(&self) -> (usize, usize) {
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

    pub(super) fn finish(self) -> Formation {
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
