//! Answers shared with the other team, and reminders: once, inside working hours, never while
//! paused, never twice a day for one request.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Asia::Kolkata;
use chrono_tz::Tz;
use tandem::bot::Outcome;
use tandem::message::{CardKey, Destination, Op, render_plain};

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local};

const ROUND: &str = "market-pulse/2026-12-04T16:00";
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
fn answers_go_to_marketing_one_card_per_round_and_the_silent_get_one_reminder() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    let early = bot.say("Asha", "answer market-pulse hello");
    assert_eq!(early.outcome, Outcome::Refused);
    assert!(
        early
            .text()
            .contains("You haven't been asked market-pulse yet"),
        "{}",
        early.text()
    );
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    let reply = bot.ok(
        "Asha",
        r#"answer market-pulse 1:"Shops want smaller packs" 2:"The posters helped""#,
    );
    assert_eq!(
        reply,
        "Thanks! Saved your answers to market-pulse (2 of 2 questions). Marketing sees them in #marketing."
    );
    let card = CardKey::round(&round());
    assert_eq!(card.as_str(), ROUND);
    let shared: Vec<(Destination, Op)> = bot
        .sent
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|(_, o)| (o.to.clone(), o.op.clone()))
        .collect();
    assert_eq!(
        shared,
        vec![
            (channel("marketing"), Op::PostCard(card.clone())),
            (channel("marketing"), Op::ReplyToCard(card.clone())),
        ]
    );
    let thread = render_plain(&bot.sent.last().expect("sent").1.message);
    assert!(
        thread
            .contains("Asha answered:\n1. What are customers saying?\n→ Shops want smaller packs"),
        "{thread}"
    );

    bot.run_to(local(Kolkata, 2026, 12, 4, 23, 0)); // Oliver's 16:00 in London has come
    bot.ok("Oliver", "answer market-pulse 2 too few samples");
    let last = &bot.sent.last().expect("sent").1;
    assert_eq!(
        (last.to.clone(), last.op.clone()),
        (channel("marketing"), Op::ReplyToCard(card))
    );
    let cards = bot
        .sent
        .iter()
        .filter(|(_, o)| matches!(o.op, Op::PostCard(_)))
        .count();
    assert_eq!(cards, 1, "one card per round");

    for (who, line, expected) in [
        (
            "Priya",
            "answer market-pulse x",
            "market-pulse is for Sales.",
        ),
        (
            "Asha",
            "answer nope x",
            "I know no prompt \"nope\". Yours: market-pulse.",
        ),
        ("Asha", "answer market-pulse 3 x", "there is no question 3"),
    ] {
        let reply = bot.say(who, line);
        assert_eq!(reply.outcome, Outcome::Refused, "{line}");
        assert!(reply.text().contains(expected), "{line} → {}", reply.text());
    }

    // Four hours after 16:00 is Friday evening: Meera's one reminder waits for Monday 09:00.
    bot.run_to(local(Kolkata, 2026, 12, 10, 12, 0));
    let meera: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Meera"), REMINDER)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(meera, vec![local(Kolkata, 2026, 12, 7, 9, 0)]);
    assert!(
        bot.sent_to(&dm("Asha"), REMINDER).is_empty(),
        "Asha answered"
    );
    assert!(
        bot.sent_to(&dm("Oliver"), REMINDER).is_empty(),
        "Oliver answered"
    );
}

fn round() -> tandem::domain::RoundKey {
    tandem::domain::RoundKey {
        prompt: "market-pulse".into(),
        local: NaiveDate::from_ymd_opt(2026, 12, 4)
            .and_then(|d| d.and_hms_opt(16, 0, 0))
            .expect("valid"),
    }
}

#[test]
fn a_request_reminder_filed_on_friday_evening_waits_for_monday_morning() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 12, 4, 17, 30));
    bot.ok("Asha", "request pos Shelf talkers");
    bot.run_to(local(Kolkata, 2026, 12, 7, 12, 0));
    let priya: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Priya"), "REQ-1")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(priya, vec![local(Kolkata, 2026, 12, 7, 9, 0)]);
    let text = &bot.sent_to(&dm("Priya"), "REQ-1")[0].1;
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
    bot.ok("Priya", "pause 2w");
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
        bot.sent_to(&dm("Priya"), "REQ-1").is_empty(),
        "no reminder while paused"
    );
    assert_eq!(
        bot.ok("Priya", "resume"),
        "Welcome back: your prompts and reminders are on again."
    );
    assert_eq!(
        bot.ok("Priya", "resume"),
        "You weren't paused; your prompts and reminders are on."
    );
    bot.run_to(local(Kolkata, 2026, 12, 11, 17, 0));
    let priya: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Priya"), "REQ-1")
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
        of("REQ-1", "Priya"),
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
    assert_in_working_hours(&bot, WAITS);
    assert_in_working_hours(&bot, REMINDER);
}

#[test]
fn answer_alone_shows_the_questions_and_a_form_gets_them_with_the_answers_so_far() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 12, 4, 10, 0));
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    bot.ok("Asha", "answer market-pulse 2 the posters");
    let shown = bot.ok("Asha", "answer market-pulse");
    assert!(
        shown.contains("1. What are customers saying?\n2. What support helped, or was missing?\n   your answer: the posters"),
        "{shown}"
    );
    let form = bot
        .bot
        .answer_form(
            &tandem::domain::Identity::Name("Asha".into()),
            "market-pulse",
        )
        .expect("a form");
    assert_eq!(form.questions.len(), 2);
    assert_eq!(form.answers, vec![None, Some("the posters".to_string())]);
    assert_eq!(form.round, "Fri 4 Dec 16:00");
    let submitted = tandem::command::Command::Answer {
        prompt: form.prompt.clone(),
        answers: vec![(
            1,
            tandem::domain::Text::parse("prices \"too high\"").expect("text"),
        )],
    };
    let reply = bot
        .bot
        .handle_command(&tandem::domain::Identity::Name("Asha".into()), submitted);
    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    assert!(
        reply.text().contains("(2 of 2 questions)"),
        "{}",
        reply.text()
    );
}
