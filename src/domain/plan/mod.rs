//! Joint planning rounds: inputs from both teams per section, objections and how they were
//! settled, blind forecast figures and their gaps, versions of the agreed text, and both
//! leads' sign-off on one version.

mod amount;
mod error;
mod model;
mod name;
mod rules;
mod sections;
mod week;

pub use amount::{Amount, AmountError, closer, gap_percent, miss_percent};
pub use error::PlanError;
pub use model::{
    Actual, AgreedFigure, Agreement, Change, ChangeKind, Figure, LeadReminder, Line, Member,
    Objection, Plan, PlanInput, Resolution, Signoff,
};
pub use name::{PlanName, PlanNameError};
pub use rules::{Entered, MAX_LINES, NewPlan, Signed, Voided, may_lead};
pub use sections::{MAX_SECTIONS, SECTION_CHARS, SectionsError, check_sections, parse_sections};
pub use week::PlanWeek;

#[cfg(test)]
mod tests;
