//! The hourly sweep: one reminder per unanswered prompt, and request reminders — never more
//! than one per request per person per day, none while someone is paused, and only inside
//! their working hours (outside them a reminder waits for the next sweep inside).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::times::next_due;
use super::views;
use crate::bot::{Bot, prompt_views};
use crate::domain::reminder::{self, BLOCKED_REPEAT_EVERY, ReminderKind};
use crate::domain::{PersonName, Request};
use crate::message::{Destination, Op, Outgoing};
use crate::store::{ReminderMark, RequestQuery, ScheduleWrite, StoreError};

/// The most requests one reminder DM lists.
const MAX_PER_DM: usize = 15;

/// A configured person as the sweep sees them now.
struct Recipient {
    zone: Tz,
    today: NaiveDate,
    /// Not paused, and inside their working hours.
    reachable: bool,
}

pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    let people = recipients(bot, now)?;
    prompt_reminders(bot, now, &people, write)?;
    request_reminders(bot, now, &people, write)
}

fn recipients(bot: &Bot, now: DateTime<Utc>) -> Result<HashMap<PersonName, Recipient>, StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let mut people = HashMap::new();
    for person in directory.all() {
        let zone = bot.zone_of(person);
        let local = now.with_timezone(&zone).naive_local();
        let paused = bot.paused_until(&person.name, now)?.is_some();
        let recipient = Recipient {
            zone,
            today: local.date(),
            reachable: !paused && settings.working_hours.contains(local),
        };
        people.insert(person.name.clone(), recipient);
    }
    Ok(people)
}

fn prompt_reminders(
    bot: &Bot,
    now: DateTime<Utc>,
    people: &HashMap<PersonName, Recipient>,
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    for ask in bot.store().pending_asks()? {
        let key = ask.key();
        let prompt = bot.settings().prompt(ask.prompt());
        let (Some(prompt), Some(recipient)) = (prompt, people.get(&ask.person)) else {
            write.settled.push(key);
            continue;
        };
        let round_over =
            next_due(&prompt.cron, recipient.zone, ask.sent_at).is_some_and(|next| next.at <= now);
        if round_over || ask.is_answered() {
            write.settled.push(key);
            continue;
        }
        if now < ask.sent_at + prompt.remind_after || !recipient.reachable {
            continue;
        }
        write.reminded.push(ReminderMark {
            subject: key.to_string(),
            person: ask.person.clone(),
            kind: ReminderKind::Prompt,
            day: recipient.today,
        });
        write.settled.push(key);
        write.outgoing.push(dm(
            &ask.person,
            prompt_views::prompt_reminder(&ask, recipient.zone),
        ));
    }
    Ok(())
}

fn request_reminders(
    bot: &Bot,
    now: DateTime<Utc>,
    people: &HashMap<PersonName, Recipient>,
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let open = bot
        .store()
        .list_requests(&RequestQuery::Open, usize::MAX)?
        .requests;
    let today_of = |name: &PersonName| people.get(name).map_or(now.date_naive(), |r| r.today);
    let target = settings.requests.acknowledge_within;
    let mut due: BTreeMap<PersonName, Vec<(&Request, ReminderKind)>> = BTreeMap::new();
    for request in &open {
        let wanted = reminder::request_reminders(request, now, target, &directory, &today_of);
        for (person, kind) in wanted {
            let Some(recipient) = people.get(&person).filter(|r| r.reachable) else {
                continue;
            };
            // A long list is read by nobody: the rest come with the next sweep.
            let full = due
                .get(&person)
                .is_some_and(|items| items.len() >= MAX_PER_DM);
            if full || !may_remind(bot, request, &person, kind, recipient.today)? {
                continue;
            }
            write.reminded.push(ReminderMark {
                subject: request.id.to_string(),
                person: person.clone(),
                kind,
                day: recipient.today,
            });
            due.entry(person).or_default().push((request, kind));
        }
    }
    for (person, items) in due {
        let today = today_of(&person);
        write
            .outgoing
            .push(dm(&person, views::request_reminders(&items, now, today)));
    }
    Ok(())
}

/// Not reminded of this request today (in their own date), and of a blocked request not in
/// the last week.
fn may_remind(
    bot: &Bot,
    request: &Request,
    person: &PersonName,
    kind: ReminderKind,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    let marks = bot.store().reminders_of(&request.id.to_string(), person)?;
    let today_done = marks.iter().any(|(_, day)| *day == today);
    let blocked_recently = kind == ReminderKind::Blocked
        && marks
            .iter()
            .any(|(k, day)| *k == ReminderKind::Blocked && today - *day < BLOCKED_REPEAT_EVERY);
    Ok(!today_done && !blocked_recently)
}

fn dm(person: &PersonName, message: crate::message::Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(person.clone()),
        op: Op::Post,
        message,
    }
}
