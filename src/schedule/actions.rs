//! Actions in the hourly sweep: an owner whose action is past its due date hears of it at
//! most once a working day, in their working hours and never while paused; the mark is
//! written with the message, so it goes out once.

use chrono::{DateTime, Utc};

use crate::bot::Bot;
use crate::bot::action_views::overdue_reminder;
use crate::domain::reminder::ReminderKind;
use crate::message::{Destination, Op, Outgoing};
use crate::store::{ReminderMark, ScheduleWrite, StoreError};

pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    for item in bot.store().open_actions()? {
        let Some(owner) = directory.by_name(item.owner.as_str()) else {
            continue;
        };
        let zone = bot.zone_of(owner);
        let local = now.with_timezone(&zone).naive_local();
        let today = local.date();
        if !item.is_overdue(today)
            || !settings.working_hours.contains(local)
            || bot.paused_until(&owner.name, now)?.is_some()
        {
            continue;
        }
        let subject = item.id.to_string();
        let reminded_today = bot
            .store()
            .reminders_of(&subject, &owner.name)?
            .into_iter()
            .any(|(kind, day)| kind == ReminderKind::ActionOverdue && day == today);
        if reminded_today {
            continue;
        }
        write.reminded.push(ReminderMark {
            subject,
            person: owner.name.clone(),
            kind: ReminderKind::ActionOverdue,
            day: today,
        });
        write.outgoing.push(Outgoing {
            to: Destination::Person(owner.name.clone()),
            op: Op::Post,
            message: overdue_reminder(&item, zone),
        });
    }
    Ok(())
}
