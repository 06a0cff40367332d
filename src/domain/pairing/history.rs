//! Who was grouped with whom in earlier rounds: what "new to each other" is counted from.

use std::collections::HashMap;

use super::pair::Pair;
use crate::domain::people::PersonName;

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

    /// Every (Sales, Marketing) couple that was in one group, with how often.
    pub(super) fn couples(&self) -> impl Iterator<Item = (&PersonName, &PersonName, u32)> {
        self.together.iter().map(|((s, m), n)| (s, m, *n))
    }
}
