//! Pairing: Sales × Marketing pairs at every level that rotate, and whether they met. Pure
//! records and rules; the scheduler forms rounds and the bot records answers.

mod form;
mod groups;
mod history;
mod model;
mod pair;
mod rates;
mod rng;
mod round;

pub use form::{Candidate, Formation, Group, RoundInput, form};
pub use history::History;
pub use model::{Level, PairId, PairIdError, PairRound, RoundKind};
pub use pair::{
    Check, MetAnswer, Pair, PairError, PairState, PairingPerson, Takeaway, UNANSWERED_LIMIT,
};
pub use rates::{LevelRate, RoundRate, percent};
pub use rng::Rng;

#[cfg(test)]
mod tests;
