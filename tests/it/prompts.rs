//! Feedback prompts: answering, sharing with the other team, and the one reminder.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::bot::Outcome;
use tandem::message::{CardKey, Destination, Op, render_plain};

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local};

const ROUND: &str = "market-pulse/2026-12-04T16:00";
const REMINDER: &str = "market-pulse · a gentle reminder";

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
        "Thanks! Saved your answers to market-pulse (2 of 2 questions) as ANS-1. Marketing sees them in #marketing, and you'll hear if they act on them."
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
        thread.contains(
            "Asha answered (ANS-1):\n1. What are customers saying?\n→ Shops want smaller packs"
        ),
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
            "I know no prompt or launch \"nope\". Yours: market-pulse. `launch list` shows the launches.",
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
fn answer_alone_shows_the_questions_and_a_form_gets_them_with_the_answers_so_far() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 12, 4, 10, 0));
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    bot.ok("Asha", "answer market-pulse 2 the posters");
    let shown = bot.ok("Asha", "answer market-pulse");
    assert!(
        shown.contains("1. What are customers saying?\n2. What support helped, or was missing?\n   your answer: the posters"),
        "{shown}"
    );
    let asked = bot.bot.handle_blocking(&tandem::bot::Incoming {
        from: tandem::domain::Identity::Name("Asha".into()),
        text: "answer market-pulse".into(),
    });
    assert_eq!(
        asked.form,
        Some(tandem::bot::Form::Answer {
            prompt: "market-pulse".into()
        }),
        "platforms with forms open one"
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
            tandem::domain::Text::parse("prices \"too high\"", tandem::domain::Input::Answer)
                .expect("text"),
        )],
    };
    let unsettled = bot
        .bot
        .handle_command(&tandem::domain::Identity::Name("Asha".into()), submitted);
    let reply = bot.bot.settle_blocking(unsettled);
    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    assert!(
        reply.text().contains("(2 of 2 questions)"),
        "{}",
        reply.text()
    );
}
