//! What a directory sync says: the welcome, and the notes to leads.

use crate::domain::membership::{Hold, Plan};
use crate::domain::{PersonName, Team};
use crate::message::{Destination, Message, Op, Outgoing};

pub fn dm(to: &PersonName, text: String) -> Outgoing {
    Outgoing {
        to: Destination::Person(to.clone()),
        op: Op::Post,
        message: Message::text(text),
    }
}

/// The short welcome a joiner gets once: what Tandem is, and three commands to start with.
pub fn welcome(name: &PersonName, team: Team) -> String {
    let first = match team {
        Team::Sales => [
            "`/tandem request pos <what you need> by:YYYY-MM-DD` asks Marketing for something",
            "`/tandem list mine` shows what you asked for and where it stands",
            "`/tandem help` lists everything else",
        ],
        Team::Marketing => [
            "`/tandem list open` shows what Sales is waiting for",
            "`/tandem ack <ID>` tells the requester you have it",
            "`/tandem help` lists everything else",
        ],
    };
    format!(
        "Welcome to Tandem, {name}! You're in {} here. Tandem keeps Sales and Marketing in one \
         loop: requests with a timestamped record, short feedback questions now and then, and a \
         weekly digest for both teams. Three commands to start with:\n• {}\n• {}\n• {}",
        team.label(),
        first[0],
        first[1],
        first[2]
    )
}

/// What a plan changes, in one line: "2 joined (Ravi, Kiran), 1 left (Asha), 1 moved (…)".
pub fn summary(plan: &Plan) -> String {
    if plan.changes_nothing() {
        return "no changes".into();
    }
    let names = |list: &[PersonName]| {
        let shown: Vec<&str> = list.iter().take(10).map(PersonName::as_str).collect();
        let more = list.len().saturating_sub(10);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", shown.join(", "))
    };
    let mut parts = Vec::new();
    if !plan.joiners.is_empty() {
        parts.push(format!(
            "{} joined ({})",
            plan.joiners.len(),
            names(&plan.joiners)
        ));
    }
    if !plan.leavers.is_empty() {
        parts.push(format!(
            "{} left ({})",
            plan.leavers.len(),
            names(&plan.leavers)
        ));
    }
    if !plan.movers.is_empty() {
        let moved: Vec<String> = plan
            .movers
            .iter()
            .take(10)
            .map(|(name, from, to)| format!("{name}: {} → {}", from.label(), to.label()))
            .collect();
        parts.push(format!(
            "{} moved ({})",
            plan.movers.len(),
            moved.join(", ")
        ));
    }
    parts.join(", ")
}

/// The hold, as leads read it.
pub fn held(holds: &[Hold], plan: &Plan) -> String {
    let teams: Vec<String> = holds
        .iter()
        .map(|h| format!("{} of {} people from {}", h.removed, h.of, h.team.label()))
        .collect();
    format!(
        "The directory sync would remove {} at once ({}). That is more often a broken group \
         than a reorganisation, so nothing changed. If it is right, confirm with \
         `/tandem admin sync --confirm`.",
        teams.join(" and "),
        summary(plan)
    )
}

pub fn failing(why: &str) -> String {
    format!(
        "The directory sync failed: {why}. Tandem keeps the last good directory until a sync \
         works; I'll tell you once it does."
    )
}

pub fn recovered() -> String {
    "The directory sync works again.".into()
}

pub fn refused(names: &[String]) -> String {
    format!(
        "In both the Sales and the Marketing group, so left as they were: {}. A person belongs \
         to one team; take them out of one group.",
        names.join(", ")
    )
}
