//! The hourly review sweep: a round whose last day is over closes (however late, after
//! downtime: its date is a promise to everyone who answered), a launch whose `review_after` has
//! come opens its round (inside the company's working hours), and whoever has not answered gets
//! one reminder after `[reviews] remind_after` (or halfway through a shorter round), inside
//! their working hours and not while paused.

use chrono::{DateTime, Duration, Utc};

use crate::bot::Bot;
use crate::bot::review_rounds::{DEFAULT_OPEN_DAYS, end_of};
use crate::domain::{Launch, PersonName};
use crate::store::{LaunchWrite, ScheduleWrite, StoreError};

pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    for launch in bot.store().active_launches()? {
        let step = match &launch.review {
            None => open_if_due(bot, launch, now)?,
            Some(review) if review.closed.is_some() => None,
            Some(review) if now >= review.closes_at => Some(bot.close_round(launch, None, now)?),
            Some(_) => remind(bot, launch, now)?,
        };
        if let Some((launch, outgoing)) = step {
            write.launches.push(launch);
            write.outgoing.extend(outgoing);
        }
    }
    Ok(())
}

type Step = Option<(LaunchWrite, Vec<crate::message::Outgoing>)>;

/// Opens the round of a launch whose `review_after` has come since it was added, inside the
/// company's working hours (everyone gets a DM).
fn open_if_due(bot: &Bot, launch: Launch, now: DateTime<Utc>) -> Result<Step, StoreError> {
    let settings = bot.settings();
    let Some(after) = settings.reviews.review_after else {
        return Ok(None);
    };
    let zone = settings.timezone;
    // From the start of the launch day: `review_after = "30d"` opens it 30 days later.
    let due = end_of(launch.on - Duration::days(1), zone) + after;
    let local = now.with_timezone(&zone).naive_local();
    if now < due || launch.added_at >= due || !settings.working_hours.contains(local) {
        return Ok(None);
    }
    let closes_on = local.date() + Duration::days(DEFAULT_OPEN_DAYS);
    bot.open_round(launch, None, closes_on, now).map(Some)
}

/// One reminder to each person asked who has not answered, once `remind_after` has passed.
fn remind(bot: &Bot, mut launch: Launch, now: DateTime<Utc>) -> Result<Step, StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let Some(review) = &launch.review else {
        return Ok(None);
    };
    // After `remind_after`, or halfway through a round shorter than twice that.
    let halfway = (review.closes_at - review.opened_at) / 2;
    if now < review.opened_at + settings.reviews.remind_after.min(halfway) {
        return Ok(None);
    }
    let mut due: Vec<PersonName> = Vec::new();
    for asked in &review.asked {
        let person = &asked.person;
        if review.answer_of(person).is_some() || review.reminded.contains(person) {
            continue;
        }
        let Some(member) = directory.by_name(person.as_str()) else {
            continue;
        };
        let local = now.with_timezone(&bot.zone_of(member)).naive_local();
        let paused = bot.paused_until(person, now)?.is_some();
        if !paused && settings.working_hours.contains(local) {
            due.push(person.clone());
        }
    }
    if due.is_empty() {
        return Ok(None);
    }
    let outgoing = due
        .iter()
        .filter_map(|person| bot.review_reminder(&launch, person))
        .collect();
    if let Some(review) = launch.review.as_mut() {
        review.reminded.extend(due);
    }
    Ok(Some((LaunchWrite::next(launch), outgoing)))
}
