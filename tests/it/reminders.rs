//! Reminders: inside working hours only, never while paused, never twice a day for one
//! request.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Asia::Kolkata;
use chrono_tz::Tz;
use tandem::message::{Destination, render_plain};

use crate::helpers::dm;
use crate::looping::{Loop, ZONES, local};

const REMINDER: &str = "market-pulse · a gentle reminder";
const WAITS: &str = "wait";

fn zone_of(name: &str) -> Tz {
    if name == "Oliver" {
        chrono_tz::Europe::London
    } else {
        Kolkata
    }
}

/// Every DM sent inside its recipient's working hours (weekdays 09:00–18:00 local).
fn assert_in_working_hours(bot: &Loop, needle: &str) {
    for (at, outgoing) in &bot.sent {
        let Destination::Person(name) = &outgoing.to else {
            continue;
        };
        if !render_plain(&outgoing.message).contains(needle) {
            continue;
        }
        let local = at.with_timezone(&zone_of(name.as_str()));
        let weekday = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
        assert!(
            weekday && (9..18).contains(&local.hour()),
            "{name} reminded at {local}"
        );
    }
}

#[test]
fn a_request_reminder_filed_on_friday_evening_waits_for_monday_morning() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 12, 4, 17, 30));
    bot.ok("Asha", "request pos Shelf talkers");
    bot.run_to(local(Kolkata, 2026, 12, 7, 12, 0));
    let priya: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Rohan"), "REQ-1")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(priya, vec![local(Kolkata, 2026, 12, 7, 9, 0)]);
    let text = &bot.sent_to(&dm("Rohan"), "REQ-1")[0].1;
    assert!(
        text.contains("REQ-1 · Shelf talkers has waited 2d 15h for an acknowledgement"),
        "{text}"
    );
    assert!(text.contains("/tandem ack REQ-1"), "{text}");
    assert_in_working_hours(&bot, WAITS);
}

#[test]
fn a_paused_person_gets_no_prompts_or_reminders_until_the_pause_ends_or_they_resume() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    let paused = bot.ok("Asha", "pause 1w");
    assert!(
        paused.starts_with("Paused until Mon 7 Dec 10:00 IST"),
        "{paused}"
    );
    bot.ok("Rohan", "pause 2w");
    bot.ok("Asha", "request pos Shelf talkers");
    bot.run_to(local(Kolkata, 2026, 12, 8, 10, 0));
    assert!(
        bot.sent_to(&dm("Asha"), PROMPT_DM).is_empty(),
        "no prompt while paused"
    );
    assert_eq!(
        bot.sent_to(&dm("Oliver"), PROMPT_DM).len(),
        1,
        "others are asked"
    );
    assert!(
        bot.sent_to(&dm("Rohan"), "REQ-1").is_empty(),
        "no reminder while paused"
    );
    assert_eq!(
        bot.ok("Rohan", "resume"),
        "Welcome back: your prompts and reminders are on again."
    );
    assert_eq!(
        bot.ok("Rohan", "resume"),
        "You weren't paused; your prompts and reminders are on."
    );
    bot.run_to(local(Kolkata, 2026, 12, 11, 17, 0));
    let priya: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Rohan"), "REQ-1")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(
        priya.first(),
        Some(&local(Kolkata, 2026, 12, 8, 11, 0)),
        "the next sweep after resuming"
    );
    assert_eq!(
        bot.sent_to(&dm("Asha"), PROMPT_DM)
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>(),
        vec![local(Kolkata, 2026, 12, 11, 16, 0)],
        "asked again once the pause is over"
    );
}

const PROMPT_DM: &str = "market-pulse · your questions";

#[test]
fn over_a_month_nobody_is_reminded_of_a_request_twice_in_a_day() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok("Asha", "request pos Never acknowledged");
    bot.ok("Asha", "request pop Endcaps by:2026-12-10");
    bot.ok("Priya", "ack 2");
    bot.ok("Asha", "request collateral Brochure");
    bot.ok("Priya", "block 3 print vendor at capacity");
    bot.run_to(local(Kolkata, 2026, 12, 31, 23, 0));

    let mut seen: HashMap<(String, String, NaiveDate), usize> = HashMap::new();
    let mut count: HashMap<(String, String), usize> = HashMap::new();
    for (at, outgoing) in &bot.sent {
        let Destination::Person(name) = &outgoing.to else {
            continue;
        };
        let text = render_plain(&outgoing.message);
        if !text.contains(WAITS) {
            continue;
        }
        let day = at.with_timezone(&zone_of(name.as_str())).date_naive();
        for line in text.lines().filter(|l| l.starts_with("• REQ-")) {
            let id = line
                .trim_start_matches("• ")
                .split(' ')
                .next()
                .unwrap_or("")
                .to_string();
            *seen.entry((id.clone(), name.to_string(), day)).or_default() += 1;
            *count.entry((id, name.to_string())).or_default() += 1;
        }
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "reminded twice in a day: {twice:?}");
    let of = |id: &str, who: &str| {
        count
            .get(&(id.to_string(), who.to_string()))
            .copied()
            .unwrap_or(0)
    };
    assert_eq!(
        of("REQ-1", "Rohan"),
        23,
        "every working day from 1 to 31 December"
    );
    assert_eq!(of("REQ-2", "Priya"), 3, "due in 2 days, tomorrow, today");
    assert_eq!(
        of("REQ-2", "Rohan"),
        3 + 15,
        "due soon, then daily once overdue"
    );
    assert_eq!(of("REQ-3", "Rohan"), 4, "blocked: weekly from a week on");
    assert_eq!(of("REQ-3", "Priya"), 0);
    assert_eq!(of("REQ-1", "Priya"), 0, "unassigned: the lead hands it out");
    assert_in_working_hours(&bot, WAITS);
    assert_in_working_hours(&bot, REMINDER);
}
