//! The digest's section on open plans: inputs this week by team, open objections, sign-offs.

use super::core::Bot;
use super::format;
use crate::domain::Period;
use crate::domain::Team;
use crate::domain::plan::{Plan, PlanWeek};
use crate::message::{Block, Message};
use crate::store::StoreError;

/// How many open plans the digest lists; the rest are counted.
const DIGEST_PLANS: usize = 10;

impl Bot {
    /// The digest with a paragraph on open plans (read through their index), above the small
    /// print; unchanged when no plan is open.
    pub(super) fn with_open_plans(
        &self,
        message: Message,
        period: &Period,
    ) -> Result<Message, StoreError> {
        let plans = self.store.open_plans()?;
        if plans.is_empty() {
            return Ok(message);
        }
        let mut message = message;
        let at = message
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Context { .. }))
            .unwrap_or(message.blocks.len());
        let text = digest_section(&plans, period);
        message.blocks.insert(at, Block::Text { text });
        Ok(message)
    }
}

/// `Open plans:` with a line for each.
pub fn digest_section(plans: &[Plan], period: &Period) -> String {
    let mut lines: Vec<String> = plans
        .iter()
        .take(DIGEST_PLANS)
        .map(|plan| {
            let week = PlanWeek::of(plan, period.start, period.end);
            let signed = match week.signed.as_slice() {
                [] => "no sign-off yet".to_string(),
                teams => {
                    let names: Vec<&str> = teams.iter().map(|t| t.label()).collect();
                    format!("signed by {}", names.join(" and "))
                }
            };
            format!(
                "• {} (due {}): inputs this week — {} {}, {} {}; {} open objection(s); version {}, {signed}",
                plan.name,
                format::date(plan.due),
                Team::Sales.label(),
                week.inputs.0,
                Team::Marketing.label(),
                week.inputs.1,
                week.open_objections,
                plan.version(),
            )
        })
        .collect();
    if plans.len() > DIGEST_PLANS {
        lines.push(format!(
            "… and {} more (`plan list`).",
            plans.len() - DIGEST_PLANS
        ));
    }
    format!("Open plans:\n{}", lines.join("\n"))
}
