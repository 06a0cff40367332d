//! How actions read: the DMs that tell people what came of what they said, the line in the
//! shared answer's thread, `show ACT-n` and the lists.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::format;
use crate::domain::{ActionItem, ActionState, Input, Said};
use crate::message::{Block, Button, ButtonStyle, FormOption, Message};

/// "We'll act on this" under words shared with the other team (`source` is `ANS-3`, `VIS-2`,
/// `PAIR-1` or a launch's name): a form asking what, who and by when, and the line to type.
pub fn act_on(message: Message, source: &str) -> Message {
    let command = format!("action add {source}");
    message
        .push(Block::Actions {
            buttons: vec![
                Button::new("We'll act on this", command.clone(), ButtonStyle::Primary)
                    .asking_for(Input::ActionText)
                    .with_options(vec![FormOption::owner(), FormOption::due()]),
            ],
        })
        .context(format!(
            "Or type: `{command} <what you'll do…> [owner:@person] [due:YYYY-MM-DD]`"
        ))
}

/// A quote in a one-line summary is cut to this many characters.
const QUOTE_CHARS: usize = 280;

/// `'shops want smaller packs'`, cut to fit a line.
pub fn quote(words: &str) -> String {
    let flat = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_CHARS {
        return format!("'{flat}'");
    }
    let cut: String = flat.chars().take(QUOTE_CHARS - 1).collect();
    format!("'{}…'", cut.trim_end())
}

fn day(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%-d %b").to_string()
}

/// `You said (4 Dec, market-pulse): '…'`, or `Asha said …` for others to read.
fn said_line(said: &Said, you: bool, zone: Tz) -> String {
    let who = if you {
        "You".to_string()
    } else {
        said.speaker()
    };
    format!(
        "{who} said ({}, {}): {}",
        day(said.at, zone),
        said.place,
        quote(&said.words)
    )
}

/// `→ Priya did (18 Dec): '…'`, `→ Priya won't do it (18 Dec), because: '…'`, or what is
/// promised while it is open.
pub fn outcome_line(item: &ActionItem, zone: Tz) -> String {
    match &item.state {
        ActionState::Open => format!(
            "→ {} will: {} (owner {}{})",
            item.team.label(),
            quote(item.what.as_str()),
            item.owner,
            due(item.due)
        ),
        ActionState::Done { by, at, what } => {
            format!("→ {by} did ({}): {}", day(*at, zone), quote(what.as_str()))
        }
        ActionState::Dropped { by, at, reason } => format!(
            "→ {by} won't do it ({}), because: {}",
            day(*at, zone),
            quote(reason.as_str())
        ),
    }
}

fn due(due: Option<NaiveDate>) -> String {
    due.map_or(String::new(), |d| format!(", due {}", format::date(d)))
}

/// The DM to an author when someone takes an action on their words.
pub fn added_dm(item: &ActionItem, said: &[&Said], zone: Tz) -> Message {
    let lines: Vec<String> = said.iter().map(|s| said_line(s, true, zone)).collect();
    Message::with_header(format!(
        "{} will act on what you said · {}",
        item.team.label(),
        item.id
    ))
    .paragraph(format!(
        "{}\n{}",
        lines.join("\n"),
        outcome_line(item, zone)
    ))
    .context(format!(
        "Added by {}. You'll hear here when it's done. `show {}` shows where it stands.",
        item.added_by, item.id
    ))
}

/// The DM to the owner when someone else made them the owner.
pub fn owner_dm(item: &ActionItem, zone: Tz) -> Message {
    Message::with_header(format!("{} is yours · {}", item.id, item.source))
        .paragraph(format!(
            "{} made you the owner of: {}{}.",
            item.added_by,
            quote(item.what.as_str()),
            due(item.due)
        ))
        .paragraph(
            item.said
                .iter()
                .map(|s| said_line(s, false, zone))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .context(format!(
            "When it's done: `action done {id} <what you did…>` — or `action drop {id} <reason…>`.",
            id = item.id
        ))
}

/// The DM to an author when the action closes: both halves, and for a done one "Did this
/// address it?" with 👍 / 👎.
pub fn closed_dm(item: &ActionItem, said: &[&Said], zone: Tz) -> Message {
    let lines: Vec<String> = said.iter().map(|s| said_line(s, true, zone)).collect();
    let header = match item.state {
        ActionState::Dropped { .. } => format!("You said → not doing · {}", item.id),
        _ => format!("You said → we did · {}", item.id),
    };
    let mut message = Message::with_header(header).paragraph(format!(
        "{}\n{}",
        lines.join("\n"),
        outcome_line(item, zone)
    ));
    if matches!(item.state, ActionState::Done { .. }) {
        message = message
            .paragraph("Did this address it?")
            .push(Block::Actions {
                buttons: vec![
                    Button::new(
                        "👍 Yes",
                        format!("action rate {} yes", item.id),
                        ButtonStyle::Primary,
                    ),
                    Button::new(
                        "👎 No",
                        format!("action rate {} no", item.id),
                        ButtonStyle::Default,
                    ),
                ],
            });
    }
    message
}

/// What goes in the thread of the shared answer (or the channel it was shared in).
pub fn thread_line(item: &ActionItem, zone: Tz) -> Message {
    let lines: Vec<String> = item
        .said
        .iter()
        .map(|s| said_line(s, false, zone))
        .collect();
    Message::text(format!(
        "{} · {}\n{}",
        item.id,
        lines.join("\n"),
        outcome_line(item, zone)
    ))
}

/// `show ACT-n`.
pub fn detail(item: &ActionItem, zone: Tz) -> Message {
    let state = match &item.state {
        ActionState::Open => "open".to_string(),
        ActionState::Done { .. } => "done".to_string(),
        ActionState::Dropped { .. } => "dropped".to_string(),
    };
    let said: Vec<String> = item
        .said
        .iter()
        .map(|s| said_line(s, false, zone))
        .collect();
    let mut message = Message::with_header(format!("{} · {} · {state}", item.id, item.source))
        .paragraph(said.join("\n"))
        .paragraph(outcome_line(item, zone));
    if let ActionState::Done { .. } | ActionState::Dropped { .. } = item.state {
        message = message.paragraph(format!("Promised: {}", quote(item.what.as_str())));
    }
    let helped = item.ratings.iter().filter(|r| r.helped).count();
    let ratings = if item.ratings.is_empty() {
        String::new()
    } else {
        format!(
            " · addressed it: {helped} 👍, {} 👎",
            item.ratings.len() - helped
        )
    };
    message.context(format!(
        "Added by {} on {} · owner {}{}{ratings}",
        item.added_by,
        format::when(item.added_at, zone),
        item.owner,
        due(item.due)
    ))
}

/// One line of `action list`.
pub fn row(item: &ActionItem, today: NaiveDate, zone: Tz) -> String {
    let state = match &item.state {
        ActionState::Open => {
            let age = (today - item.added_at.with_timezone(&zone).date_naive()).num_days();
            let late = if item.is_overdue(today) {
                " · overdue"
            } else {
                ""
            };
            format!("open {age}d{late}")
        }
        ActionState::Done { at, .. } => format!("done {}", day(*at, zone)),
        ActionState::Dropped { at, .. } => format!("dropped {}", day(*at, zone)),
    };
    let mut from: Vec<String> = Vec::new();
    for speaker in item.said.iter().map(Said::speaker) {
        if !from.contains(&speaker) {
            from.push(speaker);
        }
    }
    format!(
        "{} · {state} · {}{} · {} (on {}, from {})",
        item.id,
        item.owner,
        due(item.due),
        quote(item.what.as_str()),
        item.source,
        from.join(", ")
    )
}

/// The owner's reminder for an action past its due date.
pub fn overdue_reminder(item: &ActionItem, zone: Tz) -> Message {
    Message::with_header(format!("{} is past its due date", item.id))
        .paragraph(format!(
            "{}\n{}",
            item.said
                .iter()
                .map(|s| said_line(s, false, zone))
                .collect::<Vec<_>>()
                .join("\n"),
            outcome_line(item, zone)
        ))
        .context(format!(
            "`action done {id} <what you did…>`, or `action drop {id} <reason…>`: either closes the loop for them.",
            id = item.id
        ))
}

/// The digest's section: the period's closed actions (both halves, at most `show`), then the
/// figures.
pub fn digest_section(
    closed: &[ActionItem],
    figures: &crate::domain::ActionFigures,
    show: usize,
    zone: Tz,
) -> String {
    let mut lines = vec!["*You said → we did*".to_string()];
    for item in closed.iter().take(show) {
        let said: Vec<String> = item
            .said
            .iter()
            .map(|s| said_line(s, false, zone))
            .collect();
        lines.push(format!(
            "• {} · {} {}",
            item.id,
            said.join(" · "),
            outcome_line(item, zone)
        ));
    }
    if closed.len() > show {
        lines.push(format!(
            "… and {} more (`action list all`).",
            closed.len() - show
        ));
    }
    if closed.is_empty() {
        lines.push("No actions closed this week.".into());
    }
    let [fresh, weeks, older] = figures.open_by_age;
    let open = fresh + weeks + older;
    if open > 0 {
        lines.push(format!(
            "Open actions: {open} (under a week {fresh} · 1–4 weeks {weeks} · older {older}; past due {})",
            figures.overdue
        ));
    } else {
        lines.push("Open actions: none.".into());
    }
    if let Some(percent) = figures.acted_percent() {
        lines.push(format!(
            "Shared answers acted on, last 30 days: {} of {} ({percent}%)",
            figures.acted_on, figures.answers
        ));
    }
    if figures.helped + figures.not_helped > 0 {
        lines.push(format!(
            "Did it address what they said: {} 👍 · {} 👎",
            figures.helped, figures.not_helped
        ));
    }
    lines.join("\n")
}
