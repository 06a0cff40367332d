//! What a lead and an answering person are told: a round opened, closed, answers saved.

use super::format;
use crate::domain::{Launch, PersonName, Team};
use crate::message::{Destination, Message, Outgoing};

pub fn opened(launch: &Launch, dms: usize) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let (_, sales) = review.counts(Team::Sales);
    let (_, marketing) = review.counts(Team::Marketing);
    Message::text(format!(
        "Opened the review of {}: {} people asked ({sales} in Sales, {marketing} in Marketing), \
         {dms} DM{} sent with the facts and the questions. It closes at the end of {}. Nobody sees \
         anyone's answers until then; `launch show {}` tells how many answered.",
        launch.label(),
        sales + marketing,
        if dms == 1 { "" } else { "s" },
        format::date(review.closes_on),
        launch.name
    ))
}

pub fn closed(launch: &Launch, outgoing: &[Outgoing]) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let counts: Vec<String> = Team::ALL
        .iter()
        .map(|t| {
            let (answered, asked) = review.counts(*t);
            format!("{answered} of {asked} in {}", t.label())
        })
        .collect();
    let channels: Vec<String> = outgoing
        .iter()
        .filter_map(|o| match &o.to {
            Destination::Channel(c) => Some(format!("#{c}")),
            _ => None,
        })
        .collect();
    Message::text(format!(
        "Closed the review of {}: {} answered. The result is in {}; `launch show {}` shows it.",
        launch.label(),
        counts.join(" and "),
        channels.join(" and "),
        launch.name
    ))
}

pub fn thanks(launch: &Launch, person: &PersonName) -> Message {
    let Some(review) = &launch.review else {
        return Message::default();
    };
    let Some(mine) = review.answer_of(person) else {
        return Message::default();
    };
    let answered = mine.answers.iter().filter(|a| a.is_some()).count();
    let mut parts = vec![format!(
        "{answered} of {} questions",
        review.questions.len()
    )];
    if let Some(cause) = &mine.cause {
        parts.push(format!("cause: {cause}"));
    }
    if let Some(score) = mine.score {
        parts.push(format!("score: {score}"));
    }
    Message::text(format!(
        "Saved your answers to the review of {} ({}). Nobody sees them until it closes at the \
         end of {}; you can change them until then.",
        launch.name,
        parts.join(" · "),
        format::date(review.closes_on)
    ))
}
