//! What a plan looks like: `plan show` (sections with inputs by team, agreed text, objections,
//! the gap table, sign-off state), `plan list`, and the agreed plan's card with its buy-in.
//! A team's figure shows to the other team only once both are in.

use chrono_tz::Tz;

use super::format;
pub use super::plan_figures::{actuals, gap_table};
use crate::domain::Team;
use crate::domain::plan::{ChangeKind, Objection, Plan};
use crate::domain::text::clip;
use crate::message::{Block, Column, Message};

/// How much of a section's agreed text the overview and the agreed plan's card show
/// (`plan show <name> <section#>` has it whole).
const CARD_TEXT_CHARS: usize = 300;
/// How many objections a message lists (open ones first); the rest are counted.
const LISTED_OBJECTIONS: usize = 10;
/// How much of an objection's reason, or of how it was settled, a list shows.
const OBJECTION_CHARS: usize = 200;
/// How many names of each team the buy-in lists (the rest are counted), and how much of each:
/// a round may count a whole company.
const LISTED_NAMES: usize = 25;
const NAME_CHARS: usize = 40;

/// `plan show <name>` as `viewer`'s team sees it.
pub fn show(plan: &Plan, viewer: Team, zone: Tz) -> Message {
    let mut message = Message::with_header(header(plan))
        .paragraph(about(plan, zone))
        .paragraph(who_gave_input(plan))
        .paragraph(sections(plan));
    if !plan.objections.is_empty() {
        message = message.paragraph(objections(plan, LISTED_OBJECTIONS));
    }
    if !plan.lines.is_empty() {
        message = message.paragraph(gap_table(plan, viewer));
        if let Some(actuals) = actuals(plan) {
            message = message.paragraph(actuals);
        }
    }
    message
        .paragraph(signoff_state(plan))
        .context(format!(
            "`plan show {} <section#>` shows a section's inputs; `help plan` shows every plan command.",
            plan.name
        ))
        .shown_whole_by(format!("plan show {}", plan.name))
}

/// `plan list`: open plans first, then agreed ones.
pub fn list(plans: &[Plan]) -> Message {
    if plans.is_empty() {
        return Message::text(
            "Plans: none yet. A lead opens a planning round with `plan open <name> due:YYYY-MM-DD`.",
        );
    }
    let row = |p: &Plan| {
        let state = match &p.agreed {
            Some(a) => format!("agreed on version {}", a.version),
            None => format!("open, due {}", format::date(p.due)),
        };
        let (sales, _) = p.contributors(Team::Sales);
        let (marketing, _) = p.contributors(Team::Marketing);
        format!(
            "• {} — {state} · inputs from {sales} in Sales, {marketing} in Marketing · {} open objection(s)",
            p.name,
            p.open_objections().count()
        )
    };
    let open: Vec<String> = plans.iter().filter(|p| !p.is_agreed()).map(row).collect();
    let agreed: Vec<String> = plans.iter().filter(|p| p.is_agreed()).map(row).collect();
    let mut message = Message::with_header(format!("Plans ({})", plans.len()));
    if !open.is_empty() {
        message = message.paragraph(format!("Open:\n{}", open.join("\n")));
    }
    if !agreed.is_empty() {
        message = message.paragraph(format!("Agreed:\n{}", agreed.join("\n")));
    }
    message
}

/// The agreed plan, for the joint channel: who signed, the buy-in figures, objections and how
/// they were settled, the agreed figures and the agreed text (shortened; `plan show` has it).
pub fn agreed_card(plan: &Plan, zone: Tz) -> Message {
    let signers: Vec<String> = Team::ALL
        .iter()
        .filter_map(|t| plan.signoff_of(*t))
        .map(|s| format!("{} ({} lead)", s.by, s.team.label()))
        .collect();
    let version = plan.agreed.as_ref().map_or(plan.version(), |a| a.version);
    let when = plan.agreed.as_ref().map_or(String::new(), |a| {
        format!(" on {}", format::when(a.at, zone))
    });
    let mut message = Message::with_header(format!("Plan agreed · {}", plan.name))
        .paragraph(format!(
            "Version {version} was signed by {}{when}.",
            signers.join(" and ")
        ))
        .paragraph(format!("Buy-in: {}.", buy_in(plan)))
        .paragraph(who_gave_input(plan))
        .push(Block::Columns {
            columns: Team::ALL
                .iter()
                .map(|t| {
                    Column::new(
                        format!("Inputs from {}", t.label()),
                        inputs_by_section(plan, *t),
                    )
                })
                .collect(),
        })
        .paragraph(objections(plan, LISTED_OBJECTIONS));
    if !plan.lines.is_empty() {
        let lines: Vec<String> = plan
            .lines
            .iter()
            .map(|l| {
                let agreed = plan
                    .agreed_figure(l)
                    .map_or("—".to_string(), |a| a.value().to_string());
                format!("{}. {}: {agreed}", l.number, l.label)
            })
            .collect();
        message = message.paragraph(format!("Agreed figures:\n{}", lines.join("\n")));
    }
    let texts: Vec<String> = (1..=plan.sections.len())
        .map(|n| {
            let text = match plan.draft(n).map(|c| &c.what) {
                Some(ChangeKind::Draft { text, .. }) => clip(text.as_str(), CARD_TEXT_CHARS),
                _ => "—".to_string(),
            };
            format!("{n}. {}: {text}", plan.section_name(n))
        })
        .collect();
    message
        .paragraph(format!("Agreed text:\n{}", texts.join("\n")))
        .context(format!(
            "`plan show {} <section#>` lists every input to a section, page by page; \
             `tandem export --plans` has every version.",
            plan.name
        ))
        .shown_whole_by(format!("plan show {}", plan.name))
}

/// `Sales: 2 of 3 people gave input · Marketing: 1 of 3`
pub fn buy_in(plan: &Plan) -> String {
    Team::ALL
        .iter()
        .map(|t| {
            let (gave, of) = plan.contributors(*t);
            format!("{gave} of {of} in {} gave input", t.label())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Gave input — Sales: Asha, Oliver · Marketing: Priya`, at most `LISTED_NAMES` a team.
pub fn who_gave_input(plan: &Plan) -> String {
    let team = |t: Team| {
        let gave = plan.gave_input_in(t);
        let mut names: Vec<String> = gave
            .iter()
            .take(LISTED_NAMES)
            .map(|n| clip(n.as_str(), NAME_CHARS))
            .collect();
        if gave.len() > LISTED_NAMES {
            names.push(format!("and {} more", gave.len() - LISTED_NAMES));
        }
        if names.is_empty() {
            names.push("nobody".to_string());
        }
        format!("{}: {}", t.label(), names.join(", "))
    };
    format!(
        "Gave input — {} · {}",
        team(Team::Sales),
        team(Team::Marketing)
    )
}

/// Every objection (at most `max` listed, open ones first), open or how it was settled.
pub fn objections(plan: &Plan, max: usize) -> String {
    if plan.objections.is_empty() {
        return "Objections: none raised.".to_string();
    }
    let settled = plan.objections.len() - plan.open_objections().count();
    let mut all: Vec<&Objection> = plan.objections.iter().collect();
    all.sort_by_key(|o| (o.resolved.is_some(), o.number));
    all.truncate(max);
    let mut text = format!(
        "Objections: {} raised, {settled} settled:\n{}",
        plan.objections.len(),
        listed(&all)
    );
    if plan.objections.len() > max {
        text.push_str(&format!(
            "\n… and {} more (`plan show {} <section#>` lists a section's)",
            plan.objections.len() - max,
            plan.name
        ));
    }
    text
}

/// At most `LISTED_OBJECTIONS` of `objections`, each a line.
pub(super) fn listed(objections: &[&Objection]) -> String {
    let mut lines: Vec<String> = objections
        .iter()
        .take(LISTED_OBJECTIONS)
        .map(|o| objection_line(o))
        .collect();
    if objections.len() > LISTED_OBJECTIONS {
        lines.push(format!(
            "… and {} more",
            objections.len() - LISTED_OBJECTIONS
        ));
    }
    lines.join("\n")
}

fn objection_line(o: &Objection) -> String {
    let state = match &o.resolved {
        Some(r) => format!(
            "settled by {}: {}",
            r.by,
            clip(r.how.as_str(), OBJECTION_CHARS)
        ),
        None => "open".to_string(),
    };
    format!(
        "{}. (section {}) {} ({}): {} → {state}",
        o.number,
        o.section,
        o.by,
        o.team.label(),
        clip(o.reason.as_str(), OBJECTION_CHARS)
    )
}

/// Who has signed which version, and what stands in the way.
pub fn signoff_state(plan: &Plan) -> String {
    if let Some(agreed) = &plan.agreed {
        return format!("Agreed: both leads signed version {}.", agreed.version);
    }
    let state: Vec<String> = Team::ALL
        .iter()
        .map(|t| match plan.signoff_of(*t) {
            Some(s) => format!("{} signed version {} ({})", t.label(), s.version, s.by),
            None => format!("{} not signed", t.label()),
        })
        .collect();
    let blockers = plan.blockers();
    let next = if blockers.is_empty() {
        "Ready to sign: `plan signoff` (a lead of each team).".to_string()
    } else {
        format!("Before sign-off: {}.", blockers.join("; "))
    };
    format!(
        "Sign-off (version {}): {}. {next}",
        plan.version(),
        state.join(" · ")
    )
}

fn header(plan: &Plan) -> String {
    match &plan.agreed {
        Some(a) => format!("Plan · {} · agreed (version {})", plan.name, a.version),
        None => format!("Plan · {} · due {}", plan.name, format::date(plan.due)),
    }
}

fn about(plan: &Plan, zone: Tz) -> String {
    format!(
        "Opened by {} on {}. Version {}. Buy-in: {}.",
        plan.opened_by,
        format::when(plan.opened_at, zone),
        plan.version(),
        buy_in(plan)
    )
}

fn sections(plan: &Plan) -> String {
    let rows: Vec<String> = (1..=plan.sections.len())
        .map(|n| {
            let count = |t: Team| plan.inputs_to(n).filter(|i| i.team == t).count();
            let draft = match plan.draft(n).map(|c| (&c.what, c.version)) {
                Some((ChangeKind::Draft { text, .. }, v)) => {
                    format!(
                        "agreed text (v{v}): {}",
                        clip(text.as_str(), CARD_TEXT_CHARS)
                    )
                }
                _ => "no agreed text yet".to_string(),
            };
            format!(
                "{n}. {} — inputs: Sales {}, Marketing {} — {draft}",
                plan.section_name(n),
                count(Team::Sales),
                count(Team::Marketing)
            )
        })
        .collect();
    format!("Sections:\n{}", rows.join("\n"))
}

fn inputs_by_section(plan: &Plan, team: Team) -> Vec<String> {
    (1..=plan.sections.len())
        .map(|n| {
            let count = plan.inputs_to(n).filter(|i| i.team == team).count();
            format!("{n}. {}: {count}", plan.section_name(n))
        })
        .collect()
}
