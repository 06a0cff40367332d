//! Pairing: Sales × Marketing pairs at every level that rotate, and whether they met. Pure
//! records and rules; the scheduler forms rounds and the bot records answers.

mod form;
mod model;
mod rates;
mod rng;

pub use form::{Candidate, Formation, Group, History, RoundInput, form};
pub use model::{
    Check, Level, MetAnswer, Pair, PairError, PairId, PairIdError, PairRound, PairState,
    PairingPerson, RoundKind, Takeaway, UNANSWERED_LIMIT,
};
pub use rates::{LevelRate, RoundRate, percent};
pub use rng::Rng;

#[cfg(test)]
mod tests;
