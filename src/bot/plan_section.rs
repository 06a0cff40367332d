//! `plan show <name> <section#> [page:N]`: a section's inputs by team, newest first, a page at a
//! time (an **Earlier inputs** button turns the page), with its agreed text and objections.

use chrono_tz::Tz;

use super::format;
use super::plan_show::listed;
use crate::domain::Team;
use crate::domain::plan::{ChangeKind, Objection, Plan, PlanInput};
use crate::domain::text::clip;
use crate::message::{Block, Button, ButtonStyle, Message};

/// How many inputs of each team a page lists (newest first), and how much of each: every
/// input, whole, is in `tandem export --plans`.
pub const PAGE_INPUTS: usize = 12;
const INPUT_CHARS: usize = 300;

/// Page `page` (from 1) of section `section`'s view, or, when there is no such page, how many
/// pages it has.
pub fn show_section(plan: &Plan, section: usize, page: usize, zone: Tz) -> Result<Message, usize> {
    let pages = pages(plan, section);
    if page == 0 || page > pages {
        return Err(pages);
    }
    let mut message = Message::with_header(format!(
        "Plan · {} · {section}. {}",
        plan.name,
        plan.section_name(section)
    ))
    .paragraph(inputs(plan, section, Team::Sales, page, zone))
    .paragraph(inputs(plan, section, Team::Marketing, page, zone))
    .paragraph(draft(plan, section));
    let raised: Vec<&Objection> = plan
        .objections
        .iter()
        .filter(|o| o.section == section)
        .collect();
    if !raised.is_empty() {
        message = message.paragraph(format!("Objections:\n{}", listed(&raised)));
    }
    let command = |page: usize| format!("plan show {} {section} page:{page}", plan.name);
    let mut buttons = Vec::new();
    if page < pages {
        let earlier = Button::new("Earlier inputs", command(page + 1), ButtonStyle::Default);
        buttons.push(earlier);
    }
    if page > 1 {
        buttons.push(Button::new(
            "Newer inputs",
            command(page - 1),
            ButtonStyle::Default,
        ));
    }
    if pages > 1 {
        message = message.context(format!("Page {page} of {pages} · newest first."));
    }
    if !buttons.is_empty() {
        message = message.push(Block::Actions { buttons });
    }
    Ok(message.shown_whole_by(command(page)))
}

/// How many pages section `section` takes: enough for the team with the most inputs, at least one.
pub fn pages(plan: &Plan, section: usize) -> usize {
    Team::ALL
        .iter()
        .map(|t| given(plan, section, *t).len().div_ceil(PAGE_INPUTS))
        .max()
        .unwrap_or(0)
        .max(1)
}

/// `team`'s inputs to the section, oldest first.
fn given(plan: &Plan, section: usize, team: Team) -> Vec<&PlanInput> {
    plan.inputs_to(section).filter(|i| i.team == team).collect()
}

/// `team`'s inputs on page `page`, newest first, and how many earlier ones are left.
fn inputs(plan: &Plan, section: usize, team: Team, page: usize, zone: Tz) -> String {
    let given = given(plan, section, team);
    let skip = (page - 1) * PAGE_INPUTS;
    let mut items: Vec<String> = given
        .iter()
        .rev()
        .skip(skip)
        .take(PAGE_INPUTS)
        .map(|i| {
            let text = clip(i.text.as_str(), INPUT_CHARS);
            format!("• {} ({}): {text}", i.by, format::when(i.at, zone))
        })
        .collect();
    let shown = skip + items.len();
    if given.len() > shown {
        items.push(format!(
            "… and {} earlier (`plan show {} {section} page:{}`)",
            given.len() - shown,
            plan.name,
            page + 1
        ));
    }
    if items.is_empty() {
        let none = if given.is_empty() {
            "no input yet"
        } else {
            "no earlier input"
        };
        items.push(none.to_string());
    }
    format!("Inputs from {}:\n{}", team.label(), items.join("\n"))
}

fn draft(plan: &Plan, section: usize) -> String {
    match plan.draft(section) {
        Some(change) => match &change.what {
            ChangeKind::Draft { text, .. } => format!(
                "Agreed text (version {}, {}): {text}",
                change.version, change.by
            ),
            _ => String::new(),
        },
        None => "No agreed text yet; a lead writes it with `plan draft`.".to_string(),
    }
}
