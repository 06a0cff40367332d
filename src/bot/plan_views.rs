//! What planning says back and by DM: a round opened, inputs and objections saved, figures
//! entered (blind), new versions and the sign-offs they voided, sign-offs, reminders.

use super::format;
use crate::domain::plan::{Figure, Objection, Plan, Voided};
use crate::domain::{Person, PersonName, Team};
use crate::message::{Block, Button, ButtonStyle, Message};

pub use super::plan_section::show_section;
pub use super::plan_show::{agreed_card, list, show};

/// The DM everyone in both teams gets when a round opens: the sections and how to give input.
pub fn opened_dm(plan: &Plan) -> Message {
    Message::with_header(format!("Planning round · {}", plan.name))
        .paragraph(format!(
            "{} opened a planning round, due {}. Both teams give input, section by section; the plan is agreed when a Sales lead and a Marketing lead sign the same version.",
            plan.opened_by,
            format::date(plan.due)
        ))
        .paragraph(numbered_sections(plan))
        .push(input_button(plan))
        .context(how_to_give_input(plan))
}

/// `plan input <name>` where there is no form.
pub fn input_form_text(plan: &Plan) -> Message {
    Message::with_header(format!("Planning round · {} · your input", plan.name))
        .paragraph(numbered_sections(plan))
        .context(how_to_give_input(plan))
}

/// The one reminder to someone who has given no input.
pub fn input_reminder(plan: &Plan) -> Message {
    Message::with_header(format!(
        "Planning round · {} · a gentle reminder",
        plan.name
    ))
    .paragraph(format!(
        "Your input to {} isn't in yet; the plan is due {}.",
        plan.name,
        format::date(plan.due)
    ))
    .paragraph(numbered_sections(plan))
    .push(input_button(plan))
    .context(how_to_give_input(plan))
}

/// A lead's reminder once the due date has passed without agreement.
pub fn lead_reminder(plan: &Plan) -> Message {
    Message::with_header(format!(
        "Planning round · {} · past its due date",
        plan.name
    ))
    .paragraph(format!(
        "{} was due {} and isn't agreed yet. {}",
        plan.name,
        format::date(plan.due),
        super::plan_show::signoff_state(plan)
    ))
    .context(format!("`plan show {}` shows where it stands.", plan.name))
}

pub fn opened(plan: &Plan, asked: usize) -> Message {
    let count = |t: Team| plan.people.iter().filter(|m| m.team == t).count();
    Message::text(format!(
        "Opened the planning round {}, due {}, with {} sections; {asked} people asked by DM ({} in Sales, {} in Marketing). `plan show {}` shows where it stands.",
        plan.name,
        format::date(plan.due),
        plan.sections.len(),
        count(Team::Sales),
        count(Team::Marketing),
        plan.name
    ))
}

pub fn input_saved(plan: &Plan, sections: &[usize]) -> Message {
    let named: Vec<String> = sections
        .iter()
        .map(|n| format!("{n} ({})", plan.section_name(*n)))
        .collect();
    let s = if sections.len() == 1 { "" } else { "s" };
    Message::text(format!(
        "Added your input to {} section{s} {}. Thanks!",
        plan.name,
        named.join(", ")
    ))
}

pub fn objected(plan: &Plan, number: usize) -> Message {
    Message::text(format!(
        "Raised objection {number} on {}; the leads are told, and sign-off waits until a lead resolves it.",
        plan.name
    ))
}

pub fn objection_dm(plan: &Plan, number: usize) -> Message {
    let line = plan
        .objections
        .get(number - 1)
        .map_or(String::new(), |o| describe(plan, o));
    Message::with_header(format!(
        "Planning round · {} · objection {number}",
        plan.name
    ))
    .paragraph(line)
    .context(format!(
        "A lead settles it with `plan resolve {} {number} <how it was settled…>`.",
        plan.name
    ))
}

pub fn resolved(plan: &Plan, objection: &Objection) -> Message {
    Message::text(format!(
        "Resolved objection {} on {}; {} is told.",
        objection.number, plan.name, objection.by
    ))
}

pub fn resolved_dm(plan: &Plan, objection: &Objection) -> Message {
    let how = objection
        .resolved
        .as_ref()
        .map_or(String::new(), |r| format!("{} settled it: {}", r.by, r.how));
    Message::with_header(format!(
        "Planning round · {} · your objection {} is settled",
        plan.name, objection.number
    ))
    .paragraph(describe(plan, objection))
    .paragraph(how)
}

pub fn line_added(plan: &Plan, number: usize, voided: &Voided) -> Message {
    let label = plan.line(number).map_or("", |l| l.label.as_str());
    Message::text(format!(
        "Added line {number} to {}: {label}. Each team enters its figure with `plan figure {} {number} <number> [why…]`; neither sees the other's until both are in. Now version {}.{}",
        plan.name,
        plan.name,
        plan.version(),
        voided_note(voided)
    ))
}

pub fn figure_saved(plan: &Plan, number: usize, team: Team, both_in: bool) -> Message {
    let Some(line) = plan.line(number) else {
        return Message::text("Saved.");
    };
    if !both_in {
        return Message::text(format!(
            "Saved the {} figure for line {number} of {}. It stays hidden from {} until theirs is in, and theirs from you.",
            team.label(),
            plan.name,
            team.other().label()
        ));
    }
    Message::text(format!(
        "Both teams' figures for line {number} of {} are in:\n{}",
        plan.name,
        super::plan_show::gap_table(&only_line(plan, line.number), team)
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
    ))
}

/// Under the reply to a figure that replaced one a lead entered.
pub fn replaced_note(replaced: &Figure) -> String {
    format!(
        "This replaces the figure {} entered ({}); your team's leads have been told.",
        replaced.by, replaced.value
    )
}

/// The DM to a team's leads when someone replaced a figure a lead entered: only their own
/// team's figures, so nothing blind.
pub fn replaced_dm(plan: &Plan, number: usize, by: &Person, replaced: &Figure) -> Message {
    let line = plan.line(number);
    let label = line.map_or("", |l| l.label.as_str());
    let now = line
        .and_then(|l| l.figure_of(by.team))
        .map_or(String::new(), |f| f.value.to_string());
    let next = match line.and_then(|l| l.revealed()) {
        Some(_) => "Both teams' figures are in now, so it stands.".to_string(),
        None => format!(
            "Until {}'s is in, it can be changed back with `plan figure {} {number} <number>`.",
            by.team.other().label(),
            plan.name
        ),
    };
    Message::text(format!(
        "{} replaced the {} figure {} entered for line {number} of {} ({label}): {} → {now}. {next}",
        by.name,
        by.team.label(),
        replaced.by,
        plan.name,
        replaced.value,
    ))
}

pub fn figure_agreed(plan: &Plan, number: usize, voided: &Voided) -> Message {
    let value = plan
        .line(number)
        .and_then(|l| plan.agreed_figure(l))
        .map_or(String::new(), |a| a.value().to_string());
    Message::text(format!(
        "Line {number} of {} is agreed at {value}. Now version {}.{}",
        plan.name,
        plan.version(),
        voided_note(voided)
    ))
}

pub fn drafted(plan: &Plan, section: usize, voided: &Voided) -> Message {
    Message::text(format!(
        "Section {section} ({}) of {} has its agreed text; now version {}.{}",
        plan.section_name(section),
        plan.name,
        plan.version(),
        voided_note(voided)
    ))
}

pub fn actual_recorded(plan: &Plan, number: usize) -> Message {
    let mut text = format!("Recorded what happened on line {number} of {}.", plan.name);
    if let Some(actuals) = super::plan_show::actuals(plan) {
        text.push('\n');
        text.push_str(&actuals);
    }
    Message::text(text)
}

pub fn voided_dm(plan: &Plan, by: &PersonName, voided: &Voided) -> Message {
    Message::with_header(format!("Planning round · {} · sign-off voided", plan.name))
        .paragraph(format!(
            "{by} changed {}: it is now version {}. {}",
            plan.name,
            plan.version(),
            voided_list(voided)
        ))
        .context(format!(
            "`plan show {}` shows the change; `plan signoff {}` signs the new version.",
            plan.name, plan.name
        ))
}

pub fn signed(plan: &Plan, by: &Person) -> Message {
    Message::text(format!(
        "Signed version {} of {} for {}. It is agreed once a {} lead signs the same version.",
        plan.version(),
        plan.name,
        by.team.label(),
        by.team.other().label()
    ))
}

pub fn signed_dm(plan: &Plan, by: &Person) -> Message {
    Message::with_header(format!(
        "Planning round · {} · signed by {}",
        plan.name, by.name
    ))
    .paragraph(format!(
        "{} signed version {} for {}; it waits for your sign-off.",
        by.name,
        plan.version(),
        by.team.label()
    ))
    .context(format!(
        "`plan show {}` shows it; `plan signoff {}` signs.",
        plan.name, plan.name
    ))
}

pub fn agreed(plan: &Plan) -> Message {
    Message::text(format!(
        "Signed: {} is agreed on version {}, by both teams. It is posted where both teams read it.",
        plan.name,
        plan.version()
    ))
}

fn voided_note(voided: &Voided) -> String {
    if voided.0.is_empty() {
        return String::new();
    }
    format!(" {} The other leads are told.", voided_list(voided))
}

fn voided_list(voided: &Voided) -> String {
    let who: Vec<String> = voided
        .0
        .iter()
        .map(|s| format!("{} ({}, version {})", s.by, s.team.label(), s.version))
        .collect();
    format!(
        "This voids the sign-off of {}; sign again to agree it.",
        who.join(" and ")
    )
}

fn describe(plan: &Plan, o: &Objection) -> String {
    format!(
        "{} ({}) objected to section {} ({}): {}",
        o.by,
        o.team.label(),
        o.section,
        plan.section_name(o.section),
        o.reason
    )
}

fn numbered_sections(plan: &Plan) -> String {
    let lines: Vec<String> = plan
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {s}", i + 1))
        .collect();
    format!("Sections:\n{}", lines.join("\n"))
}

fn input_button(plan: &Plan) -> Block {
    Block::Actions {
        buttons: vec![Button::new(
            "Give input",
            format!("plan input {}", plan.name),
            ButtonStyle::Primary,
        )],
    }
}

fn how_to_give_input(plan: &Plan) -> String {
    format!(
        "Type `plan input {} <section#> <text…>`; `plan object {} <section#> <reason…>` objects; `plan show {}` shows where it stands.",
        plan.name, plan.name, plan.name
    )
}

/// The plan with only line `number`, for showing one row of the gap table.
fn only_line(plan: &Plan, number: usize) -> Plan {
    let mut one = plan.clone();
    one.lines.retain(|l| l.number == number);
    one
}
