//! How launches look: the list, a launch not reviewed yet, the fact sheet, and the DMs of a
//! review round (the questions, facts first, and the one reminder).

use chrono_tz::Tz;

use super::format;
use crate::domain::duration::humanize;
use crate::domain::facts::{EarlierAction, Outcome, Reason, RequestFact};
use crate::domain::{Launch, Request, Review, ReviewAnswer};
use crate::message::{Block, Button, ButtonStyle, Destination, Message, Outgoing};

/// `launch add`'s answer.
pub fn added(launch: &Launch, zone: Tz) -> Message {
    Message::text(format!(
        "Added launch {} on {}{}. Link its requests with `launch link {} REQ-n` or \
         `request … launch:{}`; a lead opens its review with `launch review {}`.",
        launch.label(),
        format::date(launch.on),
        markets(launch).map_or(String::new(), |m| format!(" ({m})")),
        launch.name,
        launch.name,
        launch.name,
    ))
    .context(format!(
        "Added by {} · {}",
        launch.added_by,
        format::when(launch.added_at, zone)
    ))
}

/// One line of `launch list`.
pub fn row(launch: &Launch, linked: usize) -> String {
    let mut line = format!("{} — {}", launch.label(), format::date(launch.on));
    if let Some(markets) = markets(launch) {
        line.push_str(&format!(" · {markets}"));
    }
    line.push_str(&format!(
        " · {linked} request{}",
        if linked == 1 { "" } else { "s" }
    ));
    let review = match &launch.review {
        None => "no review yet".to_string(),
        Some(r) if r.closed.is_some() => "review closed: `launch show` has the result".into(),
        Some(r) => format!(
            "review open until the end of {} ({} of {} answered)",
            format::date(r.closes_on),
            r.answers.len(),
            r.asked.len()
        ),
    };
    format!("{line} · {review}")
}

/// `launch show` before any review: the launch and the timeline of its linked requests.
pub fn unreviewed(launch: &Launch, facts: &[RequestFact], zone: Tz) -> Message {
    Message::with_header(launch.label())
        .paragraph(about(launch))
        .paragraph(fact_sheet(launch, facts, zone))
        .context(format!(
            "No review yet: a lead opens one with `launch review {}`.",
            launch.name
        ))
}

/// `launch link`'s answer.
pub fn linked(request: &Request, outgoing: &[Outgoing]) -> Message {
    let told: Vec<String> = outgoing
        .iter()
        .filter_map(|o| match &o.to {
            Destination::Person(name) => Some(name.to_string()),
            _ => None,
        })
        .collect();
    let launch = request.launch.as_ref().map_or("", |l| l.as_str());
    let mut text = format!(
        "{} · {}: you linked it to launch {launch}; its review counts it among the facts.",
        request.id, request.title
    );
    if !told.is_empty() {
        text.push_str(&format!(" {} told by DM.", told.join(" and ")));
    }
    Message::text(text)
}

/// `Launched Wed 20 Oct 2027 in Pune West, Nashik.`
pub fn about(launch: &Launch) -> String {
    match markets(launch) {
        Some(markets) => format!("Launched {} in {markets}.", format::date(launch.on)),
        None => format!("Launched {}.", format::date(launch.on)),
    }
}

/// The timeline of the linked requests, a line each.
pub fn fact_sheet(launch: &Launch, facts: &[RequestFact], zone: Tz) -> String {
    if facts.is_empty() {
        return format!(
            "No requests are linked to {}: `launch link {} REQ-n` adds one.",
            launch.name, launch.name
        );
    }
    let lines: Vec<String> = facts
        .iter()
        .map(|f| format!("• {}", fact_line(f, zone)))
        .collect();
    format!(
        "The requests that served it ({}):\n{}",
        facts.len(),
        lines.join("\n")
    )
}

fn fact_line(f: &RequestFact, zone: Tz) -> String {
    let mut parts = vec![format!(
        "{} · {} ({}): filed {}",
        f.id,
        f.title,
        f.requester,
        format::when(f.filed_at, zone)
    )];
    match f.acknowledged_at {
        Some(at) => parts.push(format!(
            "Marketing answered after {}",
            humanize(at - f.filed_at)
        )),
        None => parts.push("no answer from Marketing".into()),
    }
    parts.extend(f.blocks.iter().map(|r| reason("blocked", r, zone)));
    parts.extend(f.declines.iter().map(|r| reason("declined", r, zone)));
    if let Some(at) = f.delivered_at {
        parts.push(format!(
            "delivered {} ({} after filing)",
            format::when(at, zone),
            humanize(at - f.filed_at)
        ));
    }
    match (f.needed_by, f.days_late()) {
        (Some(by), Some(late)) => parts.push(format!(
            "needed by {}: {late} day{} late",
            format::date(by),
            if late == 1 { "" } else { "s" }
        )),
        (Some(by), None) if f.delivered_at.is_some() => {
            parts.push(format!("needed by {}: on time", format::date(by)))
        }
        (Some(by), None) => parts.push(format!("needed by {}", format::date(by))),
        (None, _) => {}
    }
    if f.delivered_at.is_none() && f.declines.is_empty() {
        parts.push(format!("now {}", f.status));
    }
    if let Some(rating) = f.rating {
        parts.push(format!("rated {rating}/5"));
    }
    parts.join(" · ")
}

/// `blocked by Priya Mon 30 Nov 12:00 IST: print vendor at capacity`
pub fn reason(what: &str, r: &Reason, zone: Tz) -> String {
    format!(
        "{what} by {} {}: {}",
        r.by,
        format::when(r.at, zone),
        r.text
    )
}

/// What came of the last review in the same markets: each action and whether it was done;
/// `None` when there was none.
pub fn earlier_actions(actions: &[EarlierAction], zone: Tz) -> Option<String> {
    let first = actions.first()?;
    let lines: Vec<String> = actions
        .iter()
        .map(|a| {
            let outcome = match &a.outcome {
                Outcome::Open => "still open".to_string(),
                Outcome::Done { at, what } => format!("done {}: “{what}”", format::when(*at, zone)),
                Outcome::Dropped { at, reason } => {
                    format!("dropped {}: “{reason}”", format::when(*at, zone))
                }
            };
            format!("• {} · {} ({}) — {outcome}", a.id, a.what, a.owner)
        })
        .collect();
    Some(format!(
        "Last time in these markets, the review of {} ended in {}:\n{}",
        first.launch,
        match actions.len() {
            1 => "one action".to_string(),
            n => format!("{n} actions"),
        },
        lines.join("\n")
    ))
}

/// The DM that asks one person a review's questions: the facts first, then the questions.
pub fn review_dm(launch: &Launch, review: &Review, zone: Tz) -> Message {
    Message::with_header(format!("Launch review · {}", launch.label()))
        .paragraph(format!(
            "Facts first: the record of {} as this review opened ({}). {}",
            launch.name,
            format::when(review.opened_at, zone),
            about(launch)
        ))
        .paragraph(fact_sheet(launch, &review.facts.requests, zone))
        .paragraph_if(earlier_actions(&review.facts.earlier, zone))
        .paragraph(questions(review))
        .paragraph(blind(review))
        .push(answer_button(launch))
        .context(how_to_answer(launch, review))
}

/// The one reminder to someone who has not answered.
pub fn review_reminder(launch: &Launch, review: &Review) -> Message {
    Message::with_header(format!(
        "Launch review · {} · a gentle reminder",
        launch.name
    ))
    .paragraph(format!(
        "Your answers to the review of {} are not in yet; it closes at the end of {}.",
        launch.label(),
        format::date(review.closes_on)
    ))
    .paragraph(questions(review))
    .push(answer_button(launch))
    .context(how_to_answer(launch, review))
}

/// `answer <launch>` where there is no form: the questions, with the person's answers so far.
pub fn review_form_text(launch: &Launch, review: &Review, mine: Option<&ReviewAnswer>) -> Message {
    Message::with_header(format!("Launch review · {}", launch.label()))
        .paragraph(questions(review))
        .paragraph(own_answers(mine))
        .context(how_to_answer(launch, review))
}

/// A person's own answers, as only they see them while the round is open.
pub fn own_answers(mine: Option<&ReviewAnswer>) -> String {
    let Some(mine) = mine else {
        return "You haven't answered yet.".into();
    };
    let mut lines = vec!["Your answers so far (only you see them until the close):".to_string()];
    for (i, answer) in mine.answers.iter().enumerate() {
        if let Some(answer) = answer {
            lines.push(format!("{}. {answer}", i + 1));
        }
    }
    let cause = mine.cause.as_deref().unwrap_or("none yet");
    let score = mine.score.map_or("none yet".to_string(), |s| s.to_string());
    lines.push(format!("Cause: {cause} · Score: {score}"));
    lines.join("\n")
}

fn questions(review: &Review) -> String {
    let mut lines: Vec<String> = review
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}. {q}", i + 1))
        .collect();
    lines.push(format!(
        "And the main cause of how it went (cause: {}), and a score from 1 to 5 (score:N).",
        review.causes.join(", ")
    ));
    lines.join("\n")
}

/// What blind means, said where people answer.
pub fn blind(review: &Review) -> String {
    format!(
        "Nobody sees anyone's answers — not the other team, not your own, not the leads — until \
         the review closes at the end of {}. Then both teams' answers go side by side to the \
         joint channel{}.",
        format::date(review.closes_on),
        if review.anonymous {
            ", without names"
        } else {
            ""
        }
    )
}

fn answer_button(launch: &Launch) -> Block {
    Block::Actions {
        buttons: vec![Button::new(
            "Answer",
            format!("answer {}", launch.name),
            ButtonStyle::Primary,
        )],
    }
}

fn how_to_answer(launch: &Launch, review: &Review) -> String {
    let all: Vec<String> = (1..=review.questions.len())
        .map(|n| format!("{n}:\"…\""))
        .collect();
    let cause = review.causes.first().map_or("other", String::as_str);
    format!(
        "Or type: answer {} {} cause:{cause} score:3 — or one at a time: answer {} 2 <your answer>",
        launch.name,
        all.join(" "),
        launch.name
    )
}

fn markets(launch: &Launch) -> Option<String> {
    if launch.markets.is_empty() {
        return None;
    }
    let names: Vec<&str> = launch.markets.iter().map(|m| m.as_str()).collect();
    Some(names.join(", "))
}
