//! How requests look: the card in the marketing channel, the detail view, list rows, and the
//! one-line account of each step.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::{format, history};
use crate::domain::duration::humanize;
use crate::domain::{Action, Change, Directory, Event, Input, Person, Request, Text};
use crate::message::{Block, Button, ButtonStyle, Field, Message};

/// The request's card, as Marketing sees it in its channel; its buttons are the steps the
/// request's state allows.
pub fn card(request: &Request, zone: Tz) -> Message {
    let buttons = step_buttons(request, |a| {
        a.is_marketing_step() && a.allowed_in(request.status)
    });
    with_buttons(summary(request), buttons)
        .context(format!(
            "Filed by {} · {}",
            request.requester,
            format::when(request.filed_at(), zone)
        ))
        .shown_whole_by(format!("show {}", request.id))
}

/// `show`: every field, the newest steps with who and when (and how to see the earlier ones),
/// the response times, and the buttons this viewer may press now.
pub fn detail(request: &Request, viewer: &Person, zone: Tz) -> Message {
    let all = format!("show {} all", request.id);
    let lines = history::lines(request, zone);
    let start = history::newest(&lines);
    let mut message = summary(request).shown_whole_by(all.clone());
    if start > 0 {
        let steps = if start == 1 { "step" } else { "steps" };
        message = message.context(format!("{start} earlier {steps}: `{all}`"));
    }
    message = message.paragraph(lines[start..].join("\n"));
    message = message.context(timings(request));
    let buttons = step_buttons(request, |action| request.check(viewer, action).is_ok());
    with_buttons(message, buttons)
}

/// A request in a few blocks: its list line and the buttons this viewer may press.
pub fn compact(
    request: &Request,
    viewer: &Person,
    today: NaiveDate,
    directory: &Directory,
) -> Vec<Block> {
    let mut blocks = vec![Block::Text {
        text: row(request, today, directory),
    }];
    let buttons = step_buttons(request, |action| request.check(viewer, action).is_ok());
    if !buttons.is_empty() {
        blocks.push(Block::Actions { buttons });
    }
    blocks
}

/// One line of a list; people who left their team are marked ("Ravi (former member)").
pub fn row(request: &Request, today: NaiveDate, directory: &Directory) -> String {
    let mut line = format!(
        "{} · {} · {} — {}",
        request.id, request.kind, request.title, request.status
    );
    line.push_str(&format!(
        " · {}",
        directory.shown(request.requester.as_str())
    ));
    if let Some(assignee) = &request.assignee {
        line.push_str(&format!(" → {}", directory.shown(assignee.as_str())));
    }
    if let Some(by) = request.needed_by {
        line.push_str(&format!(" · needed by {}", format::date(by)));
        if request.is_overdue(today) {
            line.push_str(" (overdue)");
        }
    }
    line
}

/// What happened, in a sentence: `Priya blocked it: print vendor at capacity`.
pub fn sentence(event: &Event) -> String {
    describe(event.actor.as_str(), &event.change)
}

/// What `subject` did, in a sentence: `You acknowledged it`.
pub fn describe(subject: &str, change: &Change) -> String {
    let with = |text: &str, extra: &Option<Text>| match extra {
        Some(extra) => format!("{subject} {text}: {extra}"),
        None => format!("{subject} {text}"),
    };
    match change {
        Change::Filed => format!("{subject} filed it"),
        Change::Acknowledged => format!("{subject} acknowledged it"),
        Change::Started => format!("{subject} started work on it"),
        Change::Delivered { note } => with("delivered it", note),
        Change::Blocked { reason } => format!("{subject} marked it blocked: {reason}"),
        Change::Declined { reason } => format!("{subject} declined it: {reason}"),
        Change::Assigned { to } => format!("{subject} assigned it to {to}"),
        Change::Commented { text } => format!("{subject} commented: {text}"),
        Change::Confirmed { rating, note } => match rating {
            Some(r) => with(&format!("confirmed receipt, rated {}/5", r.get()), note),
            None => with("confirmed receipt", note),
        },
        Change::Reopened { reason } => format!("{subject} reopened it: {reason}"),
        Change::Linked { launch } => format!("{subject} linked it to launch {launch}"),
    }
}

/// A DM about one step of a request; on delivery it offers the requester to confirm and rate.
pub fn notice(request: &Request, event: &Event, zone: Tz) -> Message {
    let mut message = Message::with_header(format!("{} · {}", request.id, request.title))
        .shown_whole_by(format!("show {}", request.id))
        .paragraph(format!("{}.", sentence(event)))
        .context(format!(
            "Now {} · {}",
            request.status,
            format::when(event.at, zone)
        ));
    if matches!(event.change, Change::Delivered { .. }) {
        message = message.paragraph(format!(
            "Did it arrive? Confirm and rate it 1–5: `confirm {} rating:5 <note>`",
            request.id
        ));
        let buttons = (1..=5)
            .rev()
            .map(|n| {
                Button::new(
                    &format!("{n} ★"),
                    format!("confirm {} rating:{n}", request.id),
                    ButtonStyle::Default,
                )
            })
            .collect();
        message = message.push(Block::Actions { buttons });
    }
    message
}

fn summary(request: &Request) -> Message {
    let mut fields = vec![
        Field::new("Kind", request.kind.as_str()),
        Field::new("Status", request.status.label()),
        Field::new("Requester", request.requester.as_str()),
    ];
    if let Some(q) = request.quantity {
        fields.push(Field::new("Qty", q.get().to_string()));
    }
    if let Some(market) = &request.market {
        fields.push(Field::new("Market", market.as_str()));
    }
    if let Some(by) = request.needed_by {
        fields.push(Field::new("Needed by", format::date(by)));
    }
    if let Some(assignee) = &request.assignee {
        fields.push(Field::new("Assignee", assignee.as_str()));
    }
    if let Some(rating) = request.rating {
        fields.push(Field::new("Rating", format!("{}/5", rating.get())));
    }
    if let Some(launch) = &request.launch {
        fields.push(Field::new("Launch", launch.as_str()));
    }
    Message::with_header(format!("{} · {}", request.id, request.title))
        .push(Block::Fields { fields })
}

fn timings(request: &Request) -> String {
    let ack = request
        .time_to_acknowledge()
        .map_or("not yet".into(), humanize);
    let deliver = request.time_to_deliver().map_or("not yet".into(), humanize);
    format!("Time to acknowledge: {ack} · time to deliver: {deliver}")
}

fn with_buttons(message: Message, buttons: Vec<Button>) -> Message {
    if buttons.is_empty() {
        return message;
    }
    message.push(Block::Actions { buttons })
}

/// The buttons for the steps that `allowed` lets through, in lifecycle order.
fn step_buttons(request: &Request, allowed: impl Fn(&Action) -> bool) -> Vec<Button> {
    let reason = Text::parse("reason", Input::Reason).expect("a constant non-empty text");
    let steps = [
        (
            "Acknowledge",
            "ack",
            Action::Acknowledge,
            ButtonStyle::Primary,
            None,
        ),
        ("Start", "start", Action::Start, ButtonStyle::Default, None),
        (
            "Deliver",
            "deliver",
            Action::Deliver { note: None },
            ButtonStyle::Primary,
            None,
        ),
        (
            "Block…",
            "block",
            Action::Block {
                reason: reason.clone(),
            },
            ButtonStyle::Danger,
            Some(Input::Reason),
        ),
        (
            "Decline…",
            "decline",
            Action::Decline {
                reason: reason.clone(),
            },
            ButtonStyle::Danger,
            Some(Input::Reason),
        ),
        (
            "Confirm",
            "confirm",
            Action::Confirm {
                rating: None,
                note: None,
            },
            ButtonStyle::Primary,
            None,
        ),
        (
            "Reopen…",
            "reopen",
            Action::Reopen { reason },
            ButtonStyle::Default,
            Some(Input::Reason),
        ),
    ];
    steps
        .into_iter()
        .filter(|(_, _, action, _, _)| allowed(action))
        .map(|(label, verb, _, style, asks)| {
            let button = Button::new(label, format!("{verb} {}", request.id), style);
            match asks {
                Some(what) => button.asking_for(what),
                None => button,
            }
        })
        .collect()
}
