//! A pair (or a group of three) of a round, with each person's answer to "did you meet?", and
//! each person's standing in pairing (a skip asked for, a pause for not answering).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{Level, PairId};
use crate::domain::people::PersonName;
use crate::domain::request::Text;

/// An answer to "did you meet?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetAnswer {
    Yes,
    No,
    /// Ask again once, three working days later.
    NotYet,
}

impl MetAnswer {
    /// `yes`, `no`, `not-yet` (the buttons' words; `y`, `n`, `notyet` and `later` too).
    pub fn parse(word: &str) -> Option<MetAnswer> {
        match word.trim().to_lowercase().as_str() {
            "yes" | "y" => Some(MetAnswer::Yes),
            "no" | "n" => Some(MetAnswer::No),
            "not-yet" | "notyet" | "not_yet" | "later" => Some(MetAnswer::NotYet),
            _ => None,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            MetAnswer::Yes => "yes",
            MetAnswer::No => "no",
            MetAnswer::NotYet => "not-yet",
        }
    }
}

/// One person's side of a pair's met-check.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// When "did you meet?" went to them.
    pub asked_at: Option<DateTime<Utc>>,
    pub answer: Option<MetAnswer>,
    pub answered_at: Option<DateTime<Utc>>,
    /// After "not yet": when they are asked once more.
    pub ask_again_at: Option<DateTime<Utc>>,
    pub asked_again_at: Option<DateTime<Utc>>,
}

/// A takeaway shared with the group after a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Takeaway {
    pub person: PersonName,
    pub text: Text,
    pub at: DateTime<Utc>,
}

/// Where a pair stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairState {
    /// Someone said yes.
    Met,
    /// Everyone said no.
    NotMet,
    /// Not everyone has answered, and nobody said yes.
    Open,
}

/// A pair (or a group of three) of one round: at least one person from each team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub id: PairId,
    pub round: u64,
    pub level: Level,
    pub sales: Vec<PersonName>,
    pub marketing: Vec<PersonName>,
    pub formed_at: DateTime<Utc>,
    pub check_at: DateTime<Utc>,
    /// One per person.
    pub checks: BTreeMap<PersonName, Check>,
    pub takeaways: Vec<Takeaway>,
    /// Grows by one with every saved change; detects concurrent ones.
    pub version: u32,
}

/// Why an answer was not recorded; the text is shown to the person.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PairError {
    #[error("{id} is not your pair; `pair list mine` shows yours.")]
    NotYours { id: PairId },
    #[error(
        "You already said you met in {id}; a takeaway can still come with `pair met {id} yes <takeaway>`."
    )]
    AlreadyMet { id: PairId },
}

impl Pair {
    /// Everyone in it, Sales first.
    pub fn people(&self) -> impl Iterator<Item = &PersonName> {
        self.sales.iter().chain(&self.marketing)
    }

    pub fn includes(&self, name: &PersonName) -> bool {
        self.people().any(|p| p == name)
    }

    /// The others in the group, as seen by `name`.
    pub fn others(&self, name: &PersonName) -> Vec<&PersonName> {
        self.people().filter(|p| *p != name).collect()
    }

    pub fn check(&self, name: &PersonName) -> Option<&Check> {
        self.checks.get(name)
    }

    /// One yes is enough.
    pub fn met(&self) -> bool {
        self.checks
            .values()
            .any(|c| c.answer == Some(MetAnswer::Yes))
    }

    pub fn state(&self) -> PairState {
        if self.met() {
            PairState::Met
        } else if self
            .checks
            .values()
            .all(|c| c.answer == Some(MetAnswer::No))
        {
            PairState::NotMet
        } else {
            PairState::Open
        }
    }

    /// Whether `name`'s part of the question is settled: they said yes or no, or the group met.
    pub fn answered_by(&self, name: &PersonName) -> bool {
        let own = self.check(name).and_then(|c| c.answer);
        matches!(own, Some(MetAnswer::Yes | MetAnswer::No)) || self.met()
    }

    /// Records `name`'s answer (replacing an earlier one of theirs). `ask_again_at` is when a
    /// "not yet" is asked about once more.
    pub fn answer(
        &mut self,
        name: &PersonName,
        answer: MetAnswer,
        takeaway: Option<Text>,
        at: DateTime<Utc>,
        ask_again_at: DateTime<Utc>,
    ) -> Result<(), PairError> {
        let id = self.id;
        let check = self
            .checks
            .get_mut(name)
            .ok_or(PairError::NotYours { id })?;
        // A yes counts the pair as met and its takeaway told both so: it is not taken back.
        if answer != MetAnswer::Yes && check.answer == Some(MetAnswer::Yes) {
            return Err(PairError::AlreadyMet { id });
        }
        if answer == MetAnswer::NotYet && check.ask_again_at.is_none() {
            check.ask_again_at = Some(ask_again_at);
        }
        check.answer = Some(answer);
        check.answered_at = Some(at);
        if let Some(text) = takeaway {
            self.takeaways.push(Takeaway {
                person: name.clone(),
                text,
                at,
            });
        }
        self.version += 1;
        Ok(())
    }
}

/// How many rounds in a row someone may leave unanswered before pairing pauses for them.
pub const UNANSWERED_LIMIT: u32 = 3;

/// A person's standing in pairing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingPerson {
    /// `pair skip`: they sit out the next round.
    pub skip_next: bool,
    /// Paused for leaving `UNANSWERED_LIMIT` rounds in a row unanswered, until `pair resume`.
    pub paused: bool,
    /// Rounds in a row they left unanswered.
    pub unanswered: u32,
    /// Grows by one with every saved change; detects concurrent ones.
    pub version: u32,
}

impl PairingPerson {
    /// Counts a finished round they were in; says whether this pauses them.
    pub fn after_round(&mut self, answered: bool) -> bool {
        if answered {
            self.unanswered = 0;
            return false;
        }
        self.unanswered += 1;
        let pauses = !self.paused && self.unanswered >= UNANSWERED_LIMIT;
        self.paused |= pauses;
        pauses
    }

    /// Whether they take part in a round formed now (config and presence aside).
    pub fn takes_part(&self) -> bool {
        !self.skip_next && !self.paused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Pair {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let (asha, priya) = (PersonName::new("Asha"), PersonName::new("Priya"));
        Pair {
            id: PairId::new(3).expect("id"),
            round: 1,
            level: Level::Members,
            sales: vec![asha.clone()],
            marketing: vec![priya.clone()],
            formed_at: at,
            check_at: at,
            checks: [(asha, Check::default()), (priya, Check::default())].into(),
            takeaways: Vec::new(),
            version: 0,
        }
    }

    #[test]
    fn one_yes_counts_the_pair_as_met_and_a_stranger_cannot_answer() {
        let mut pair = pair();
        let (asha, priya) = (PersonName::new("Asha"), PersonName::new("Priya"));
        let at = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(pair.state(), PairState::Open);
        pair.answer(&priya, MetAnswer::No, None, at, at)
            .expect("hers");
        assert_eq!(pair.state(), PairState::Open);
        assert!(pair.answered_by(&priya) && !pair.answered_by(&asha));
        let takeaway = Text::parse("they want smaller packs", crate::domain::Input::Comment).ok();
        pair.answer(&asha, MetAnswer::Yes, takeaway, at, at)
            .expect("hers");
        assert_eq!((pair.state(), pair.version), (PairState::Met, 2));
        assert!(pair.answered_by(&priya), "the group met");
        assert_eq!(pair.takeaways.len(), 1);
        let before = pair.clone();
        let stranger = PersonName::new("Vikram");
        let error = pair.answer(&stranger, MetAnswer::Yes, None, at, at);
        assert_eq!(error, Err(PairError::NotYours { id: pair.id }));
        for late in [MetAnswer::NotYet, MetAnswer::No] {
            let refused = pair.answer(&asha, late, None, at, at);
            assert_eq!(
                refused,
                Err(PairError::AlreadyMet { id: pair.id }),
                "{late:?}"
            );
        }
        assert_eq!(pair, before, "nothing changed");
        assert_eq!(pair.state(), PairState::Met);
    }

    #[test]
    fn three_unanswered_rounds_in_a_row_pause_pairing_and_an_answer_resets_the_count() {
        let mut person = PairingPerson::default();
        assert!(!person.after_round(false) && !person.after_round(false));
        assert!(
            !person.after_round(true),
            "an answer starts the count again"
        );
        assert!(!person.after_round(false) && !person.after_round(false));
        assert!(person.after_round(false), "the third in a row pauses");
        assert!(person.paused && !person.takes_part());
        assert!(!person.after_round(false), "paused once");
    }
}
