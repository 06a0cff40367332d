//! The hourly sweep of pairing: "did you meet?" after `check_after`, and once more three
//! working days after a "not yet". Its changes and messages go into the step's write.

use chrono::{DateTime, Utc};

use super::pairing::post;
use crate::bot::{Bot, pairing_views};
use crate::domain::PersonName;
use crate::domain::pairing::MetAnswer;
use crate::message::Destination;
use crate::store::{PairChange, ScheduleWrite, StoreError};

/// Rounds whose pairs the sweep still asks: the newest, and the one before (a "not yet" of
/// it may be asked again after the next round formed).
const ROUNDS_ASKED: usize = 2;

/// Asks "did you meet?" of everyone whose pair's check time came and who has not answered
/// (nobody, once the pair met), and once more of whoever said "not yet", three working days
/// on; each inside their working hours and not while they paused.
pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    if bot.settings().pairing.is_none() {
        return Ok(());
    }
    let rounds = bot.store().pair_rounds(ROUNDS_ASKED)?;
    let Some(oldest) = rounds.last() else {
        return Ok(());
    };
    for pair in bot.store().pairs_since(oldest.number)? {
        if pair.met() {
            continue;
        }
        let mut asked = pair.clone();
        for name in pair.people() {
            let Some(check) = pair.check(name) else {
                continue;
            };
            let again = match (check.answer, check.asked_at) {
                (None, None) if now >= pair.check_at => false,
                (Some(MetAnswer::NotYet), _)
                    if check.asked_again_at.is_none()
                        && check.ask_again_at.is_some_and(|at| now >= at) =>
                {
                    true
                }
                _ => continue,
            };
            if !reachable(bot, name, now)? {
                continue;
            }
            let zone = bot
                .directory()
                .by_name(name.as_str())
                .map_or(bot.settings().timezone, |p| bot.zone_of(p));
            write.outgoing.push(post(
                Destination::Person(name.clone()),
                pairing_views::check(&pair, name, again, zone),
            ));
            if let Some(check) = asked.checks.get_mut(name) {
                match again {
                    false => check.asked_at = Some(now),
                    true => check.asked_again_at = Some(now),
                }
            }
        }
        if asked != pair {
            asked.version += 1;
            write.pairing.pairs.push(PairChange {
                expected: Some(pair.version),
                pair: asked,
            });
        }
    }
    Ok(())
}

/// Not paused, and inside their working hours.
fn reachable(bot: &Bot, name: &PersonName, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let directory = bot.directory();
    let Some(person) = directory.by_name(name.as_str()) else {
        return Ok(false);
    };
    if bot.paused_until(name, now)?.is_some() {
        return Ok(false);
    }
    let local = now.with_timezone(&bot.zone_of(person)).naive_local();
    Ok(bot.settings().working_hours.contains(local))
}
