//! The visits loop in the hourly sweep: the day-after ask for a planned visit, nudges to
//! marketers under the month's target, and each Marketing lead's monthly line. Each goes out
//! in its recipient's working hours, never while they are paused, and is marked (in the same
//! write as its message) so it goes out once: the ask once per visit, a nudge at most once a
//! week per person, the lead's line once per month.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::bot::Bot;
use crate::bot::visit_views::{dm, what_did_you_learn};
use crate::domain::reminder::ReminderKind;
use crate::domain::visit::{HOSTED_OVER_DAYS, LOG_WITHIN_DAYS, Month, Tally};
use crate::domain::{Person, PersonName, Team, Visit};
use crate::message::Message;
use crate::store::{ReminderMark, ScheduleWrite, StoreError};

/// From this day of the month, a marketer with nothing done or planned is nudged.
pub const NUDGE_FROM_DAY: u32 = 10;
/// In the month's last this-many days, a marketer under target is nudged once more.
pub const LAST_WEEK_DAYS: i64 = 7;
/// Nudges to one person are at least this far apart.
pub const NUDGE_EVERY: Duration = Duration::days(7);
/// The lead's line about last month goes out in the first this-many days of a month.
const MONTHLY_LINE_WITHIN_DAYS: u32 = 7;
/// Subject of nudges in the reminder marks.
const NUDGE_SUBJECT: &str = "visits";
/// How many Sales people a nudge suggests.
const SUGGESTED: usize = 3;

struct Local<'a> {
    person: &'a Person,
    today: NaiveDate,
    reachable: bool,
}

pub fn sweep(bot: &Bot, now: DateTime<Utc>, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    let settings = bot.settings();
    let directory = bot.directory();
    let mut people = Vec::new();
    for person in directory.all() {
        let local = now.with_timezone(&bot.zone_of(person)).naive_local();
        let paused = bot.paused_until(&person.name, now)?.is_some();
        people.push(Local {
            person,
            today: local.date(),
            reachable: !paused && settings.working_hours.contains(local),
        });
    }
    let Some(latest) = people.iter().map(|p| p.today).max() else {
        return Ok(());
    };
    let earliest = people.iter().map(|p| p.today).min().unwrap_or(latest);
    // Last month (for the leads' line), this month to its end (visits still to come hold a
    // nudge back), and the 60 days of hosting.
    let from = (Month::of(earliest).previous().start())
        .min(earliest - Duration::days(HOSTED_OVER_DAYS.max(LOG_WITHIN_DAYS)));
    let visits = bot.store().visits_dated(from, Month::of(latest).end())?;
    for local in people.iter().filter(|l| l.reachable) {
        ask_after_visits(bot, local, &visits, write)?;
        if settings.visits.has_target(local.person) {
            nudge(bot, local, &visits, write)?;
        }
        if local.person.is_lead_of(Team::Marketing) {
            monthly_line(bot, local, &visits, write)?;
        }
    }
    Ok(())
}

fn mark(subject: String, local: &Local<'_>, kind: ReminderKind) -> ReminderMark {
    ReminderMark {
        subject,
        person: local.person.name.clone(),
        kind,
        day: local.today,
    }
}

fn marked(
    bot: &Bot,
    subject: &str,
    local: &Local<'_>,
    kind: ReminderKind,
) -> Result<Option<NaiveDate>, StoreError> {
    let marks = bot.store().reminders_of(subject, &local.person.name)?;
    Ok(marks
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, d)| d)
        .max())
}

/// The working day after a planned visit (the first sweep in working hours after its date).
fn ask_after_visits(
    bot: &Bot,
    local: &Local<'_>,
    visits: &[Visit],
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let mine = visits
        .iter()
        .filter(|v| v.marketer == local.person.name && v.is_planned() && v.date < local.today);
    for visit in mine {
        let subject = visit.id.to_string();
        if marked(bot, &subject, local, ReminderKind::VisitAsk)?.is_some() {
            continue;
        }
        write
            .reminded
            .push(mark(subject, local, ReminderKind::VisitAsk));
        write
            .outgoing
            .push(dm(&local.person.name, what_did_you_learn(visit)));
    }
    Ok(())
}

/// Mid-month with nothing done or planned, or the last week still under target.
fn nudge(
    bot: &Bot,
    local: &Local<'_>,
    visits: &[Visit],
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let month = Month::of(local.today);
    // A planned visit whose date passed without a log is not a plan any more: it does not
    // hold the nudge back.
    let tally = Tally::of(&local.person.name, month, visits, local.today);
    let target = bot.settings().visits.per_month;
    let nothing = tally.done == 0 && tally.planned == 0;
    let last_week = month.last_day() - local.today < Duration::days(LAST_WEEK_DAYS);
    let last = marked(bot, NUDGE_SUBJECT, local, ReminderKind::VisitNudge)?;
    // Once mid-month, once more in the last week, never two within a week.
    let last_week_start = month.last_day() - Duration::days(LAST_WEEK_DAYS - 1);
    let mid_due = local.today.day() >= NUDGE_FROM_DAY
        && nothing
        && last.is_none_or(|day| !month.contains(day));
    let late_due = last_week && !tally.met(target) && last.is_none_or(|day| day < last_week_start);
    let too_soon = last.is_some_and(|day| local.today - day < NUDGE_EVERY);
    if !(mid_due || late_due) || too_soon {
        return Ok(());
    }
    let hosts = least_hosted(bot, local.today, visits);
    let text = format!(
        "You have {} of {target} market visits this month{}. Ride along with {}: `visit plan market:NAME on:DATE with:@{}`, or log one you made with `visit log`.",
        tally.done,
        if tally.planned > 0 {
            format!(" ({} planned)", tally.planned)
        } else {
            String::new()
        },
        hosts
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        hosts
            .first()
            .map_or("person".to_string(), |h| h.to_string())
    );
    write
        .reminded
        .push(mark(NUDGE_SUBJECT.into(), local, ReminderKind::VisitNudge));
    write
        .outgoing
        .push(dm(&local.person.name, Message::text(text)));
    Ok(())
}

/// Sales people who hosted least over the last 60 days, fewest first, then by name. Hosting
/// is a visit that happened: logged and not under a dispute (an invitation, a plan, or a visit
/// its companion says did not happen is no hosting).
pub fn least_hosted(bot: &Bot, today: NaiveDate, visits: &[Visit]) -> Vec<PersonName> {
    let since = today - Duration::days(HOSTED_OVER_DAYS);
    let mut hosts: Vec<(usize, PersonName)> = bot
        .directory()
        .members_of(Team::Sales)
        .map(|p| {
            let hosted = visits
                .iter()
                .filter(|v| {
                    v.companion.as_ref() == Some(&p.name) && v.date >= since && v.date <= today
                })
                .filter(|v| v.counts())
                .count();
            (hosted, p.name.clone())
        })
        .collect();
    hosts.sort();
    hosts
        .into_iter()
        .take(SUGGESTED)
        .map(|(_, name)| name)
        .collect()
}

/// Early in a month, to each Marketing lead privately: who met last month's target.
fn monthly_line(
    bot: &Bot,
    local: &Local<'_>,
    visits: &[Visit],
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    if local.today.day() > MONTHLY_LINE_WITHIN_DAYS {
        return Ok(());
    }
    let month = Month::of(local.today).previous();
    let subject = format!("visits/{month}");
    if marked(bot, &subject, local, ReminderKind::VisitMonthly)?.is_some() {
        return Ok(());
    }
    let settings = &bot.settings().visits;
    let (mut met, mut under) = (Vec::new(), Vec::new());
    for marketer in bot.directory().members_of(Team::Marketing) {
        if !settings.has_target(marketer) {
            continue;
        }
        let tally = Tally::of(&marketer.name, month, visits, local.today);
        let entry = format!("{} ({})", marketer.name, tally.done);
        if tally.met(settings.per_month) {
            met.push(entry)
        } else {
            under.push(entry)
        }
    }
    let list = |names: &[String]| {
        if names.is_empty() {
            "nobody".to_string()
        } else {
            names.join(", ")
        }
    };
    let text = format!(
        "Market visits in {month} (target {}): met by {}; under target: {}.",
        settings.per_month,
        list(&met),
        list(&under)
    );
    write
        .reminded
        .push(mark(subject, local, ReminderKind::VisitMonthly));
    write
        .outgoing
        .push(dm(&local.person.name, Message::text(text)));
    Ok(())
}
