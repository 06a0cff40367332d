//! A plan's week, for the digest: inputs in the period by team, open objections, sign-offs.

use chrono::{DateTime, Utc};

use super::model::Plan;
use crate::domain::Team;

/// What the digest says of one open plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWeek {
    /// Inputs given in the period: (Sales, Marketing).
    pub inputs: (usize, usize),
    pub open_objections: usize,
    /// The teams whose sign-off of the current version stands.
    pub signed: Vec<Team>,
}

impl PlanWeek {
    /// `plan`'s inputs at or after `from` and before `to`, and where it stands now.
    pub fn of(plan: &Plan, from: DateTime<Utc>, to: DateTime<Utc>) -> PlanWeek {
        let count = |team: Team| {
            plan.inputs
                .iter()
                .filter(|i| i.team == team && from <= i.at && i.at < to)
                .count()
        };
        PlanWeek {
            inputs: (count(Team::Sales), count(Team::Marketing)),
            open_objections: plan.open_objections().count(),
            signed: Team::ALL
                .into_iter()
                .filter(|t| plan.signoff_of(*t).is_some())
                .collect(),
        }
    }
}
