//! Firing a prompt for one person: the ask on record, and the DM with its questions.

use crate::bot::Bot;
use crate::bot::prompt_views;
use crate::domain::{Ask, PersonName, RoundKey};
use crate::message::{Destination, Op, Outgoing};
use crate::store::{ScheduleWrite, StoreError};

use super::times::Due;

/// Adds `person`'s ask of this round of prompt number `index`, and its DM, to `write`;
/// nothing while they are paused.
pub fn fire(
    bot: &Bot,
    index: usize,
    person: &PersonName,
    due: Due,
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let (Some(prompt), Some(member)) = (
        settings.prompts.get(index),
        directory.by_name(person.as_str()),
    ) else {
        return Ok(());
    };
    if let Some(until) = bot.paused_until(person, write.at)? {
        tracing::info!(%person, prompt = %prompt.id, %until, "paused: no prompt this round");
        return Ok(());
    }
    let round = RoundKey {
        prompt: prompt.id.clone(),
        local: due.local,
    };
    let ask = Ask::new(
        round,
        person.clone(),
        member.team,
        prompt.questions.clone(),
        write.at,
    );
    // The round before this one no longer waits for its reminder.
    if let Some(previous) = bot.store().latest_ask(person, &prompt.id)? {
        write.settled.push(previous.key());
    }
    write.outgoing.push(Outgoing {
        to: Destination::Person(person.clone()),
        op: Op::Post,
        message: prompt_views::prompt_dm(&ask),
    });
    write.asks.push(ask);
    Ok(())
}
