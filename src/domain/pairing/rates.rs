//! How many pairs of a round met, per level: what the digest shows, never naming anyone.

use chrono::{DateTime, Utc};

use super::model::{Level, PairRound};
use super::pair::Pair;

/// Pairs of one level, and how many of them met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelRate {
    pub level: Level,
    pub met: usize,
    pub pairs: usize,
}

/// A round's met-rate, overall and per level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundRate {
    pub round: u64,
    pub formed_at: DateTime<Utc>,
    pub met: usize,
    pub pairs: usize,
    /// Every level, in `Level::ALL` order (a level without pairs has zero of zero).
    pub levels: Vec<LevelRate>,
}

impl RoundRate {
    /// The rate of `round`, from its pairs (pairs of other rounds are ignored).
    pub fn of(round: &PairRound, pairs: &[Pair]) -> RoundRate {
        let own: Vec<&Pair> = pairs.iter().filter(|p| p.round == round.number).collect();
        let levels = Level::ALL
            .iter()
            .map(|&level| {
                let of_level = own.iter().filter(|p| p.level == level);
                LevelRate {
                    level,
                    met: of_level.clone().filter(|p| p.met()).count(),
                    pairs: of_level.count(),
                }
            })
            .collect();
        RoundRate {
            round: round.number,
            formed_at: round.formed_at,
            met: own.iter().filter(|p| p.met()).count(),
            pairs: own.len(),
            levels,
        }
    }

    /// The share that met, in whole percent (`None` without pairs).
    pub fn percent(&self) -> Option<usize> {
        percent(self.met, self.pairs)
    }
}

/// `part` of `whole` in whole percent, rounded half up.
pub fn percent(part: usize, whole: usize) -> Option<usize> {
    (whole > 0).then(|| (part * 100 + whole / 2) / whole)
}
