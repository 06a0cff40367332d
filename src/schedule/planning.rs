//! The hourly planning sweep: whoever has given no input by three working days before a plan's
//! due date gets one reminder; once the due date has passed without agreement, each lead gets
//! one a working day, at most five. Each goes out in its recipient's working hours, never
//! while they are paused, and is marked in its plan, in the same write as its message.

use chrono::{DateTime, Utc};

use crate::bot::Bot;
use crate::bot::plan_views;
use crate::domain::plan::{LeadReminder, Plan};
use crate::domain::{Person, Team};
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::{PlanWrite, ScheduleWrite, StoreError};

/// The input reminder goes out this many working days before the due date.
pub const INPUT_REMINDER_WORKING_DAYS: u32 = 3;
/// The most reminders a lead gets about one plan past its due date.
pub const MAX_LEAD_REMINDERS: usize = 5;

pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    for mut plan in bot.store().open_plans()? {
        let mut outgoing = Vec::new();
        remind_inputs(bot, &mut plan, now, &mut outgoing)?;
        remind_leads(bot, &mut plan, now, &mut outgoing)?;
        if !outgoing.is_empty() {
            write.plans.push(PlanWrite::next(plan));
            write.outgoing.extend(outgoing);
        }
    }
    Ok(())
}

/// A person's local today, if they may be reminded now (working hours, not paused).
fn reachable(
    bot: &Bot,
    person: &Person,
    now: DateTime<Utc>,
) -> Result<Option<chrono::NaiveDate>, StoreError> {
    let local = now.with_timezone(&bot.zone_of(person)).naive_local();
    let paused = bot.paused_until(&person.name, now)?.is_some();
    Ok((!paused && bot.settings().working_hours.contains(local)).then_some(local.date()))
}

fn remind_inputs(
    bot: &Bot,
    plan: &mut Plan,
    now: DateTime<Utc>,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let from = settings
        .working_hours
        .before_working_days(plan.due, INPUT_REMINDER_WORKING_DAYS);
    let people: Vec<_> = plan.people.iter().map(|m| m.person.clone()).collect();
    for name in people {
        if plan.gave_input(&name) || plan.reminded.contains(&name) {
            continue;
        }
        let Some(person) = directory.by_name(name.as_str()) else {
            continue;
        };
        let Some(today) = reachable(bot, person, now)? else {
            continue;
        };
        if today < from || today > plan.due {
            continue;
        }
        outgoing.push(dm(person, plan_views::input_reminder(plan)));
        plan.reminded.push(name);
    }
    Ok(())
}

fn remind_leads(
    bot: &Bot,
    plan: &mut Plan,
    now: DateTime<Utc>,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), StoreError> {
    let directory = bot.directory();
    for team in Team::ALL {
        for lead in directory.leads(team) {
            let Some(today) = reachable(bot, lead, now)? else {
                continue;
            };
            let mine = plan.leads_reminded.iter().filter(|r| r.person == lead.name);
            let (count, already) =
                mine.fold((0, false), |(n, seen), r| (n + 1, seen || r.day == today));
            if today <= plan.due || already || count >= MAX_LEAD_REMINDERS {
                continue;
            }
            outgoing.push(dm(lead, plan_views::lead_reminder(plan)));
            plan.leads_reminded.push(LeadReminder {
                person: lead.name.clone(),
                day: today,
            });
        }
    }
    Ok(())
}

fn dm(person: &Person, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(person.name.clone()),
        op: Op::Post,
        message,
    }
}
