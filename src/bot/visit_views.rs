//! How visits read: the Sales-channel card, the DMs around a visit, list lines and rows.

use crate::config::VisitSettings;
use crate::domain::visit::{Month, Tally};
use crate::domain::{Input, PersonName, Visit, VisitStatus};
use crate::message::{Block, Button, ButtonStyle, Destination, Message, Op, Outgoing};

use super::format;

/// A message to one person's DMs.
pub fn dm(to: &PersonName, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(to.clone()),
        op: Op::Post,
        message,
    }
}

/// "Priya was in Pune West with Asha: …", for the Sales channel.
pub fn sales_card(visit: &Visit) -> Message {
    let place = match &visit.companion {
        Some(with) => format!("{} was in {} with {with}", visit.marketer, visit.market),
        None => format!("{} was in {}", visit.marketer, visit.market),
    };
    let learnt = visit.learnings.as_ref().map_or("", |l| l.as_str());
    let card = Message::text(format!("{place}: {learnt}")).context(context(visit));
    super::action_views::act_on(card, &visit.id.to_string())
}

/// `VIS-3 · store · Wed 10 Mar 2027`
fn context(visit: &Visit) -> String {
    let mut parts = vec![visit.id.to_string()];
    parts.extend(visit.kind.clone());
    parts.push(format::date(visit.date));
    parts.join(" · ")
}

/// To the companion of a logged visit: did it happen?
pub fn ask_to_vouch(visit: &Visit) -> Message {
    let id = visit.id;
    Message::text(format!(
        "{} logged {id}: in {} with you on {}. Can you vouch that it happened?",
        visit.marketer,
        visit.market,
        format::date(visit.date)
    ))
    .push(Block::Actions {
        buttons: vec![
            Button::new("Vouch", format!("visit vouch {id}"), ButtonStyle::Primary),
            Button::new(
                "It didn't happen",
                format!("visit dispute {id}"),
                ButtonStyle::Danger,
            )
            .asking_for(Input::Reason),
        ],
    })
}

/// To a marketer Sales asks along.
pub fn invitation(visit: &Visit, from: &PersonName) -> Message {
    let id = visit.id;
    let note = visit
        .invited
        .as_ref()
        .and_then(|w| w.text.as_ref())
        .map(|n| format!(" “{n}”"))
        .unwrap_or_default();
    Message::text(format!(
        "{from} asks you along to {} on {} ({id}).{note}",
        visit.market,
        format::date(visit.date)
    ))
    .push(Block::Actions {
        buttons: vec![
            Button::new("Accept", format!("visit accept {id}"), ButtonStyle::Primary),
            Button::new(
                "Decline",
                format!("visit decline {id}"),
                ButtonStyle::Danger,
            )
            .asking_for(Input::Reason),
        ],
    })
}

/// To the marketer, the working day after a planned visit.
pub fn what_did_you_learn(visit: &Visit) -> Message {
    let id = visit.id;
    Message::text(format!(
        "How was {} on {}? Tell Sales what you learnt ({id}), or type `visit log {id} <what you learnt…>`.",
        visit.headline(),
        format::date(visit.date)
    ))
    .push(Block::Actions {
        buttons: vec![
        Button::new(
            "What I learnt",
            format!("visit log {id}"),
            ButtonStyle::Primary,
        )
        .asking_for(Input::Learning),
    ]})
}

/// One line per visit: `VIS-3 · Wed 10 Mar 2027 · Priya in Pune West with Asha · done, vouched by Asha`.
pub fn line(visit: &Visit) -> String {
    format!(
        "{} · {} · {} · {}",
        visit.id,
        format::date(visit.date),
        visit.headline(),
        state(visit)
    )
}

pub fn state(visit: &Visit) -> String {
    let by = |w: &Option<crate::domain::visit::Word>| w.as_ref().map(|w| w.by.to_string());
    match visit.status {
        VisitStatus::Invited => format!("invited by {}", by(&visit.invited).unwrap_or_default()),
        VisitStatus::Declined => "declined".into(),
        VisitStatus::Planned => "planned".into(),
        VisitStatus::Done => {
            if let Some(who) = by(&visit.vouched) {
                format!("done, vouched by {who}")
            } else if let Some(who) = by(&visit.settled) {
                format!("done, disputed and settled by {who}")
            } else if let Some(who) = by(&visit.disputed) {
                format!("disputed by {who}: not counted until settled")
            } else {
                "done, not vouched yet".into()
            }
        }
    }
}

/// `Priya · 2027-03: done 1 (1 vouched), planned 1 · target 2, 1 to go`
pub fn row(name: &PersonName, month: Month, tally: &Tally, target: Option<u32>) -> String {
    let goal = match target {
        Some(t) if tally.met(t) => format!("target {t}, met"),
        Some(t) => format!("target {t}, {} to go", t as usize - tally.done),
        None => "no target".into(),
    };
    format!(
        "{name} · {month}: done {} ({} vouched), planned {} · {goal}",
        tally.done, tally.vouched, tally.planned
    )
}

/// `row` for `person`: marked "(former member)", and with no target, when they have left.
pub fn row_of(
    directory: &crate::domain::Directory,
    person: &crate::domain::Person,
    month: Month,
    tally: &Tally,
    target: Option<u32>,
) -> String {
    let former = directory.is_former(person.name.as_str());
    let name = PersonName::new(directory.shown(person.name.as_str()));
    row(&name, month, tally, target.filter(|_| !former))
}

/// The target a person has, if any.
pub fn target_of(settings: &VisitSettings, person: &crate::domain::Person) -> Option<u32> {
    settings.has_target(person).then_some(settings.per_month)
}
