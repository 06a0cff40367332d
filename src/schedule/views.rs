//! How reminders about requests look: one DM per person per sweep, a line per request.

use chrono::{DateTime, NaiveDate, Utc};

use crate::bot::format;
use crate::domain::duration::humanize;
use crate::domain::reminder::ReminderKind;
use crate::domain::text::clip;
use crate::domain::{Change, Request};
use crate::message::{Block, Button, ButtonStyle, Message};

/// The most buttons a reminder DM offers.
const MAX_BUTTONS: usize = 5;
/// The most characters of a reason a reminder quotes (`show <ID>` has all of it): fifteen
/// requests to a DM stay one message on every platform.
const QUOTED_CHARS: usize = 200;

pub fn request_reminders(
    items: &[(&Request, ReminderKind)],
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Message {
    let lines: Vec<String> = items
        .iter()
        .map(|(request, kind)| format!("• {}", line(request, *kind, now, today)))
        .collect();
    let header = if items.len() == 1 {
        "A request waits for you".to_string()
    } else {
        format!("{} requests wait for you", items.len())
    };
    let buttons: Vec<Button> = items
        .iter()
        .filter(|(_, kind)| *kind == ReminderKind::Acknowledge)
        .take(MAX_BUTTONS)
        .map(|(r, _)| {
            Button::new(
                &format!("Acknowledge {}", r.id),
                format!("ack {}", r.id),
                ButtonStyle::Primary,
            )
        })
        .collect();
    let mut message = Message::with_header(header).paragraph(lines.join("\n"));
    if !buttons.is_empty() {
        message = message.push(Block::Actions { buttons });
    }
    message.context(
        "Tandem reminds you of a request at most once a day. `list overdue` shows every late one.",
    )
}

fn line(request: &Request, kind: ReminderKind, now: DateTime<Utc>, today: NaiveDate) -> String {
    let name = format!("{} · {}", request.id, request.title);
    let by = request.needed_by.map(format::date).unwrap_or_default();
    let days = request.needed_by.map_or(0, |d| (d - today).num_days());
    let owner = request
        .assignee
        .as_ref()
        .map_or("nobody is assigned yet".to_string(), |a| {
            format!("{a} has it")
        });
    match kind {
        ReminderKind::Acknowledge => format!(
            "{name} has waited {} for an acknowledgement (filed by {}).",
            humanize(now - request.filed_at()),
            request.requester
        ),
        ReminderKind::DueSoon => {
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            format!(
                "{name} is wanted by {by} ({when}) and is {}; {owner}.",
                request.status
            )
        }
        ReminderKind::Overdue => format!(
            "{name} was wanted by {by}, {} day{} ago, and is {}; {owner}.",
            -days,
            if days == -1 { "" } else { "s" },
            request.status
        ),
        ReminderKind::Blocked => {
            let reason = request.history.iter().rev().find_map(|e| match &e.change {
                Change::Blocked { reason } => Some((e.at, reason.to_string())),
                _ => None,
            });
            match reason {
                Some((at, reason)) => {
                    format!(
                        "{name} has been blocked for {}: {}.",
                        humanize(now - at),
                        clip(&reason, QUOTED_CHARS)
                    )
                }
                None => format!("{name} is blocked."),
            }
        }
        ReminderKind::Prompt
        | ReminderKind::VisitAsk
        | ReminderKind::VisitNudge
        | ReminderKind::VisitMonthly
        | ReminderKind::ActionOverdue => name,
    }
}
