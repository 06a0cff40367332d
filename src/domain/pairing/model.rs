//! The records of pairing: a round, its pairs (or groups of three) with each person's answer to
//! "did you meet?", and each person's standing (a skip asked for, a pause for not answering).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::people::{PersonName, Role};
use crate::domain::request::Text;

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
        let text = input.trim();
        let digits = text
            .get(..5)
            .filter(|head| head.eq_ignore_ascii_case("pair-"))
            .map(|_| &text[5..])
            .or_else(|| text.strip_prefix('#'))
            .unwrap_or(text);
        let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        valid
            .then(|| digits.parse().ok())
            .flatten()
            .and_then(PairId::new)
            .ok_or_else(|| PairIdError(text.to_string()))
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
        if answer == MetAnswer::NotYet && check.answer == Some(MetAnswer::Yes) {
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
            id: PairId(3),
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
        assert_eq!(error, Err(PairError::NotYours { id: PairId(3) }));
        let late = pair.answer(&asha, MetAnswer::NotYet, None, at, at);
        assert_eq!(late, Err(PairError::AlreadyMet { id: PairId(3) }));
        assert_eq!(pair, before, "nothing changed");
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
