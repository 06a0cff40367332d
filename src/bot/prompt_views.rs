//! How prompts look: the DM with the questions, the reminder, the round's card in the other
//! team's channel, and each person's answers in its thread.

use chrono_tz::Tz;

use super::format;
use crate::domain::{Ask, SharedAnswer};
use crate::message::{Block, Button, ButtonStyle, Message};

/// The DM that asks one person a round's questions, with an "Answer" button.
pub fn prompt_dm(ask: &Ask) -> Message {
    let other = ask.team.other();
    Message::with_header(format!(
        "{} · your questions for {}",
        ask.prompt(),
        ask.round.local.format("%a %-d %b")
    ))
    .paragraph(numbered(&ask.questions))
    .paragraph(format!(
        "A line or two each is plenty. Your answers go to {} in #{}.",
        other.label(),
        other.channel()
    ))
    .push(answer_buttons(ask))
    .context(how_to_answer(ask))
}

/// The one reminder to someone who has not answered.
pub fn prompt_reminder(ask: &Ask, zone: Tz) -> Message {
    Message::with_header(format!("{} · a gentle reminder", ask.prompt()))
        .paragraph(format!(
            "Your questions of {} are still open:",
            format::when(ask.sent_at, zone)
        ))
        .paragraph(numbered(&ask.questions))
        .push(answer_buttons(ask))
        .context(how_to_answer(ask))
}

/// The round's card in the other team's channel; answers follow in its thread.
pub fn round_card(ask: &Ask) -> Message {
    Message::with_header(format!(
        "{} feedback · {} · {}",
        ask.team.label(),
        ask.prompt(),
        ask.round.local.format("%a %-d %b")
    ))
    .paragraph(numbered(&ask.questions))
    .context(format!(
        "Answers from {} follow in this thread.",
        ask.team.label()
    ))
}

/// One person's answers to the questions they just answered, as the other team sees them:
/// with their `ANS-n` and a "We'll act on this" button that asks what, who and by when.
pub fn answer_reply(shared: &SharedAnswer) -> Message {
    let lines: Vec<String> = shared
        .words
        .lines()
        .map(|line| match line.split_once(" — ") {
            Some((question, answer)) => format!("{question}\n→ {answer}"),
            None => line.to_string(),
        })
        .collect();
    let message = Message::text(format!(
        "{} answered ({}):\n{}",
        shared.by,
        shared.id,
        lines.join("\n")
    ));
    super::action_views::act_on(message, &shared.id.to_string())
}

/// The questions, numbered, with any answers so far: what `answer <prompt>` shows where
/// there is no form.
pub fn answer_form_text(ask: &Ask) -> Message {
    let lines: Vec<String> = ask
        .questions
        .iter()
        .zip(&ask.answers)
        .enumerate()
        .map(|(i, (q, a))| match a {
            Some(a) => format!("{}. {q}\n   your answer: {a}", i + 1),
            None => format!("{}. {q}", i + 1),
        })
        .collect();
    Message::with_header(format!(
        "{} · your questions for {}",
        ask.prompt(),
        ask.round.local.format("%a %-d %b")
    ))
    .paragraph(lines.join("\n"))
    .context(how_to_answer(ask))
}

fn numbered(questions: &[String]) -> String {
    let lines: Vec<String> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}. {q}", i + 1))
        .collect();
    lines.join("\n")
}

fn answer_buttons(ask: &Ask) -> Block {
    Block::Actions {
        buttons: vec![Button::new(
            "Answer",
            format!("answer {}", ask.prompt()),
            ButtonStyle::Primary,
        )],
    }
}

fn how_to_answer(ask: &Ask) -> String {
    let id = ask.prompt();
    if ask.questions.len() == 1 {
        return format!("Or type: answer {id} <your answer>");
    }
    let all: Vec<String> = (1..=ask.questions.len())
        .map(|n| format!("{n}:\"…\""))
        .collect();
    format!(
        "Or type: answer {id} {} — or one at a time: answer {id} 2 <your answer>",
        all.join(" ")
    )
}
