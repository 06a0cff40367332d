//! Why a change to a plan is refused, in words the person is shown.

use chrono::NaiveDate;
use thiserror::Error;

use super::name::PlanName;

/// Why a change to a plan is refused; the text is shown to the person.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum PlanError {
    #[error("Only a lead can {verb}.")]
    LeadOnly { verb: &'static str },
    #[error("{plan} is agreed; it takes no more changes. `plan show {plan}` shows it.")]
    Agreed { plan: PlanName },
    #[error("There's no section {number} in {plan}: its sections are numbered 1 to {count}.")]
    Section {
        plan: PlanName,
        number: usize,
        count: usize,
    },
    #[error("{plan} has no lines yet; a lead adds one with `plan line {plan} <label…>`.")]
    NoLines { plan: PlanName },
    #[error("There's no line {number} in {plan}: its lines are numbered 1 to {count}.")]
    Line {
        plan: PlanName,
        number: usize,
        count: usize,
    },
    #[error("There's no objection {number} in {plan}.")]
    Objection { plan: PlanName, number: usize },
    #[error("Objection {number} was already resolved by {by}.")]
    AlreadyResolved { number: usize, by: String },
    #[error(
        "Both teams' figures for line {line} are in, so they stand; a lead sets the agreed figure with `plan agree {plan} {line} <number> <reason…>`."
    )]
    FiguresIn { plan: PlanName, line: usize },
    #[error(
        "Line {line} of {plan} can't be agreed yet: both teams' figures must be in first, so that neither is anchored on the other's."
    )]
    FiguresNotIn { plan: PlanName, line: usize },
    #[error(
        "{plan} isn't agreed yet: what happened is recorded after the period the agreed plan forecasts. `plan show {plan}` says what stands before sign-off."
    )]
    NotAgreedYet { plan: PlanName },
    #[error("{team} has already signed version {version} of {plan} ({by}).")]
    SignedTwice {
        plan: PlanName,
        team: &'static str,
        version: u32,
        by: String,
    },
    #[error("You lead {lead}, so you sign for {lead}, not for {team}.")]
    WrongTeam {
        lead: &'static str,
        team: &'static str,
    },
    #[error("{plan} can't be signed yet: {}.", .blockers.join("; "))]
    NotReady {
        plan: PlanName,
        blockers: Vec<String>,
    },
    #[error("{plan} has {max} lines, as many as a plan takes.")]
    TooManyLines { plan: PlanName, max: usize },
    #[error("The due date {due} is in the past (today is {today}).")]
    DueInPast { due: NaiveDate, today: NaiveDate },
}
