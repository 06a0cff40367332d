//! You said → we did in the bot core: from a shared prompt answer, through `action add` and
//! `action done`, to the DM that quotes both halves; the refusals that change nothing; a
//! request's delivery closing its actions; a launch's review blind until it closes.

use chrono_tz::Asia::Kolkata;
use tandem::bot::Outcome;
use tandem::message::{CardKey, Op};

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local};

const ROUND: &str = "market-pulse/2026-12-04T16:00";

/// Asha's answer shared with Marketing as ANS-1, on Fri 4 Dec at 17:00.
fn answered() -> Loop {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    let reply = bot.ok(
        "Asha",
        r#"answer market-pulse 1:"Shops want smaller packs" 2:"The posters helped""#,
    );
    assert!(reply.contains("as ANS-1."), "{reply}");
    bot
}

fn refused(bot: &mut Loop, name: &str, line: &str) -> String {
    let reply = bot.say(name, line);
    assert_eq!(reply.outcome, Outcome::Refused, "{line} → {}", reply.text());
    reply.text()
}

#[test]
fn a_sales_answer_becomes_an_action_and_its_author_hears_what_was_done() {
    let mut bot = answered();
    let shared = bot.sent_to(&channel("marketing"), "Asha answered (ANS-1)");
    assert_eq!(shared.len(), 1, "the shared answer carries its reference");

    bot.run_to(local(Kolkata, 2026, 12, 5, 10, 0));
    let added = bot.ok(
        "Priya",
        "action add ANS-1 a 50 g pack for kirana shops due:2026-12-18",
    );
    assert_eq!(
        added,
        "Added ACT-1 on ANS-1: 'a 50 g pack for kirana shops' Owner Priya, due 18 Dec. Asha told by DM."
    );
    let told = bot.sent_to(&dm("Asha"), "Marketing will act on what you said");
    assert_eq!(told.len(), 1);
    assert!(
        told[0].1.contains("You said (4 Dec, market-pulse): '1. What are customers saying? — Shops want smaller packs 2. What support helped, or was missing? — The posters helped'"),
        "{}",
        told[0].1
    );
    let thread: Vec<_> = bot
        .sent
        .iter()
        .filter(|(_, o)| matches!(&o.op, Op::ReplyToCard(card) if card.as_str() == ROUND))
        .collect();
    assert_eq!(thread.len(), 2, "the answer, then the action under it");

    // Not the owner, not a lead: refused, and nothing changes.
    let before = bot.sent.len();
    assert_eq!(
        refused(&mut bot, "Asha", "action done ACT-1 it's done"),
        "Only Priya (its owner) or a lead can close ACT-1."
    );
    assert_eq!(bot.sent.len(), before);

    bot.run_to(local(Kolkata, 2026, 12, 18, 11, 0));
    let done = bot.ok(
        "Priya",
        "action done ACT-1 50 g packs are in 40 Pune West shops",
    );
    assert_eq!(done, "ACT-1 is done. Asha told by DM.");
    let closed = bot.sent_to(&dm("Asha"), "You said → we did");
    assert_eq!(closed.len(), 1);
    assert!(
        closed[0]
            .1
            .contains("→ Priya did (18 Dec): '50 g packs are in 40 Pune West shops'"),
        "{}",
        closed[0].1
    );
    assert!(closed[0].1.contains("Did this address it?"));
    let in_thread = bot.sent_to(&channel("marketing"), "→ Priya did (18 Dec)");
    assert_eq!(in_thread.len(), 1, "the same line in the answer's thread");
    assert!(in_thread[0].1.contains("Asha said (4 Dec, market-pulse)"));

    assert_eq!(
        refused(&mut bot, "Rohan", "action drop ACT-1 changed our minds"),
        "ACT-1 is already done; nothing changed."
    );
    assert_eq!(
        refused(&mut bot, "Priya", "action rate ACT-1 yes"),
        "Only the people whose words ACT-1 came from rate it."
    );
    assert_eq!(
        bot.ok("Asha", "action rate ACT-1 yes"),
        "Thanks: noted that ACT-1 addressed it."
    );
    assert_eq!(
        bot.sent_to(&dm("Priya"), "Asha says ACT-1 addressed").len(),
        1
    );

    let shown = bot.ok("Meera", "show ACT-1");
    assert!(shown.contains("ACT-1 · ANS-1 · done"), "{shown}");
    assert!(shown.contains("addressed it: 1 👍, 0 👎"), "{shown}");
    let mine = bot.ok("Asha", "action list mine");
    assert!(mine.contains("ACT-1 · done 18 Dec · Priya"), "{mine}");
    assert_eq!(bot.ok("Asha", "action list"), "Open actions: none.");
}

#[test]
fn bad_sources_owners_and_dates_are_refused_and_nothing_is_added() {
    let mut bot = answered();
    let before = bot.sent.len();
    for (line, expected) in [
        ("action add ANS-9 do something", "There's no ANS-9"),
        ("action add REQ-4 do something", "There's no REQ-4."),
        ("action add VIS-2 do something", "There's no VIS-2."),
        (
            "action add no-such-launch do it",
            "There's no launch no-such-launch.",
        ),
        (
            "action add ANS-1 do it owner:@Nobody",
            "I don't know who \"@Nobody\" is",
        ),
    ] {
        let text = refused(&mut bot, "Priya", line);
        assert!(text.contains(expected), "{line} → {text}");
    }
    for (line, expected) in [
        ("action add 3 do it", "\"3\" is not something anyone said"),
        ("action add ANS-1", "`action add` needs what you'll do"),
        (
            "action add ANS-1 do it due:2026-12-01",
            "due:2026-12-01 is in the past (today is 2026-12-04).",
        ),
        ("action add ANS-1 do it due:soon", "due: wants a date"),
        ("action done ACT-1", "`action done` needs what was done"),
        ("action rate ACT-1 maybe", "Answer yes or no"),
        (
            "action fly",
            "`action` does add, done, drop, rate, list or show",
        ),
    ] {
        let reply = bot.say("Priya", line);
        assert_eq!(reply.outcome, Outcome::Invalid, "{line}");
        assert!(reply.text().contains(expected), "{line} → {}", reply.text());
    }
    assert_eq!(
        refused(&mut bot, "Priya", "action done ACT-1 done"),
        "There's no ACT-1. `action list all` shows every action."
    );
    assert_eq!(bot.sent.len(), before, "nothing was sent");
    assert_eq!(bot.ok("Rohan", "action list all"), "All actions: none.");
}

#[test]
fn an_action_on_a_request_typed_as_hash_n_closes_when_it_is_delivered_and_a_lead_may_drop_one() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok("Asha", "request pos Diwali shelf talkers qty:200");
    bot.ok(
        "Rohan",
        "action add #1 print the talkers in Marathi too owner:@Priya due:2026-12-10",
    );
    let owner = bot.sent_to(&dm("Priya"), "ACT-1 is yours");
    assert_eq!(
        owner.len(),
        1,
        "the owner is told when someone else names them"
    );
    bot.ok("Priya", "deliver REQ-1 sent to the Pune depot");
    let closed = bot.sent_to(&dm("Asha"), "You said → we did · ACT-1");
    assert_eq!(closed.len(), 1);
    assert!(
        closed[0]
            .1
            .contains("→ Priya did (30 Nov): 'delivered REQ-1: sent to the Pune depot'"),
        "{}",
        closed[0].1
    );
    let card = CardKey::request(tandem::domain::RequestId::new(1).expect("id"));
    let lines: Vec<_> = bot
        .sent
        .iter()
        .filter(|(_, o)| {
            o.to == channel("marketing")
                && o.op == Op::ReplyToCard(card.clone())
                && tandem::message::render_plain(&o.message).contains("ACT-1")
        })
        .collect();
    assert_eq!(lines.len(), 2, "added and done, in the request's thread");

    bot.ok("Asha", "request collateral Pune price list");
    bot.ok("Priya", "action add REQ-2 a price list per pin code");
    assert_eq!(
        refused(&mut bot, "Asha", "action drop ACT-2 no"),
        "Only Priya (its owner) or a lead can close ACT-2."
    );
    assert_eq!(
        bot.ok(
            "Meera",
            "action drop ACT-2 prices change weekly; the rep app has them"
        ),
        "ACT-2 is dropped. Asha told by DM."
    );
    let dropped = bot.sent_to(&dm("Asha"), "You said → not doing · ACT-2");
    assert_eq!(dropped.len(), 1);
    assert!(dropped[0].1.contains(
        "→ Meera won't do it (30 Nov), because: 'prices change weekly; the rep app has them'"
    ));
    assert!(!dropped[0].1.contains("Did this address it?"));
    assert_eq!(
        refused(&mut bot, "Asha", "action rate ACT-2 no"),
        "ACT-2 was dropped, so there is nothing to rate."
    );
}

#[test]
fn a_review_is_no_source_while_it_is_blind_and_its_answers_are_once_it_closed() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok(
        "Rohan",
        "launch add masala-mix on:2026-11-20 Masala Mix 50 g",
    );
    assert_eq!(
        refused(&mut bot, "Priya", "action add masala-mix train the reps"),
        "masala-mix has had no review: its answers can be acted on once a review has closed."
    );
    bot.ok("Meera", "launch review masala-mix");
    bot.ok(
        "Asha",
        "answer masala-mix 1 the price was wrong for kirana shops",
    );
    let blind = refused(&mut bot, "Priya", "action add masala-mix train the reps");
    assert_eq!(
        blind,
        "The review of masala-mix is still open, and blind until it closes: its answers can be acted on then."
    );
    assert!(!blind.contains("kirana"), "nothing of the answer leaks");
    bot.ok("Meera", "launch close masala-mix");
    let result = bot.sent_to(&channel("joint"), "Launch review · masala-mix");
    assert_eq!(result.len(), 1);
    assert!(
        result[0]
            .1
            .contains("Asha (ANS-1): the price was wrong for kirana shops"),
        "{}",
        result[0].1
    );
    assert!(
        result[0].1.contains("action add masala-mix"),
        "{}",
        result[0].1
    );
    bot.ok(
        "Rohan",
        "action add ANS-1 check kirana margins before pricing",
    );
    bot.ok(
        "Priya",
        "action add masala-mix a kirana price point for the next launch",
    );
    let told = bot.sent_to(&dm("Asha"), "Marketing will act on what you said");
    assert_eq!(
        told.len(),
        2,
        "on her answer (ANS-1), then on the whole review"
    );
    for (_, text) in &told {
        assert!(text.contains("(30 Nov, masala-mix review)"), "{text}");
        assert!(
            text.contains("the price was wrong for kirana shops"),
            "{text}"
        );
    }
    let result_card = "review/masala-mix/joint";
    let posted_as: Vec<_> = bot
        .sent
        .iter()
        .filter(|(_, o)| o.to == channel("joint"))
        .filter_map(|(_, o)| match &o.op {
            Op::PostCard(card) | Op::ReplyToCard(card) if card.as_str() == result_card => {
                Some(matches!(o.op, Op::PostCard(_)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        posted_as,
        vec![true, false, false],
        "the result is a card, and both actions' lines go in its thread"
    );
    // The next answer shared takes the next number.
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    let reply = bot.ok("Asha", "answer market-pulse 1 smaller packs");
    assert!(reply.contains("as ANS-2."), "{reply}");
}

#[test]
fn an_owner_past_the_due_date_is_reminded_once_a_working_day_and_not_while_paused() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok("Asha", "request pos Diwali shelf talkers");
    bot.ok(
        "Rohan",
        "action add REQ-1 Marathi talkers owner:@Priya due:2026-12-02",
    );
    let reminders = |bot: &Loop| bot.sent_to(&dm("Priya"), "ACT-1 is past its due date");
    bot.run_to(local(Kolkata, 2026, 12, 2, 18, 0));
    assert!(reminders(&bot).is_empty(), "due today is not late");
    bot.run_to(local(Kolkata, 2026, 12, 3, 18, 0));
    let sent = reminders(&bot);
    assert_eq!(sent.len(), 1, "once on the first late day");
    assert_eq!(
        sent[0].0,
        local(Kolkata, 2026, 12, 3, 9, 0),
        "at the start of working hours"
    );
    bot.run_to(local(Kolkata, 2026, 12, 4, 18, 0));
    assert_eq!(reminders(&bot).len(), 2, "and once the next working day");
    bot.run_to(local(Kolkata, 2026, 12, 6, 23, 0));
    assert_eq!(reminders(&bot).len(), 2, "not at the weekend");
    bot.ok("Priya", "pause 1w");
    bot.run_to(local(Kolkata, 2026, 12, 9, 18, 0));
    assert_eq!(reminders(&bot).len(), 2, "not while paused");
    bot.ok("Priya", "resume");
    bot.ok("Priya", "action done ACT-1 printed in Marathi");
    bot.run_to(local(Kolkata, 2026, 12, 11, 18, 0));
    assert_eq!(reminders(&bot).len(), 2, "not once it is done");
}

#[test]
fn an_action_left_open_on_a_delivered_request_is_closed_by_the_hourly_sweep() {
    use tandem::clock::Clock;
    use tandem::domain::{Action, Identity, RequestId};
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok("Asha", "request pos Diwali shelf talkers");
    bot.ok("Priya", "action add REQ-1 Marathi talkers");
    // The delivery is saved but its actions are not (as after a crash between the two).
    let store = bot.bot.store().clone();
    let id = RequestId::new(1).expect("id");
    let mut request = store.request(id).expect("read").expect("filed");
    let version = request.version();
    let priya = bot
        .bot
        .settings()
        .people
        .identify(&Identity::Name("Priya".into()))
        .expect("Priya")
        .clone();
    request
        .act(&priya, Action::Deliver { note: None }, bot.clock.now())
        .expect("delivered");
    let saved = store.update_request(&request, version, &[]).expect("saved");
    store.durable_blocking(saved).expect("on disk");
    assert!(bot.ok("Priya", "show ACT-1").contains("· open"));
    bot.run_to(local(Kolkata, 2026, 11, 30, 12, 0));
    assert!(bot.ok("Priya", "show ACT-1").contains("· done"));
    assert_eq!(
        bot.sent_to(&dm("Asha"), "You said → we did · ACT-1").len(),
        1
    );
}

#[test]
fn a_visits_learnings_are_a_source_once_logged_and_sales_can_act_on_them() {
    let mut bot = Loop::new(ZONES, local(Kolkata, 2026, 12, 2, 10, 0));
    bot.ok(
        "Priya",
        "visit plan market:\"Pune West\" on:2026-12-09 with:@Asha",
    );
    assert_eq!(
        refused(&mut bot, "Asha", "action add VIS-1 stock the 50 g packs"),
        "VIS-1 has no learnings yet: act on a visit once its marketer has said what they learnt."
    );
    bot.ok(
        "Priya",
        "visit log market:\"Pune West\" with:@Asha kirana owners want a smaller MOQ",
    );
    let card = bot.sent_to(&channel("sales"), "VIS-2");
    assert!(card[0].1.contains("action add VIS-2"), "{}", card[0].1);
    bot.ok(
        "Meera",
        "action add VIS-2 a 6-pack carton for kirana orders",
    );
    let told = bot.sent_to(&dm("Priya"), "Sales will act on what you said");
    assert_eq!(told.len(), 1);
    assert!(
        told[0]
            .1
            .contains("You said (2 Dec, VIS-2 · Pune West): 'kirana owners want a smaller MOQ'"),
        "{}",
        told[0].1
    );
    let in_thread: Vec<_> = bot
        .sent
        .iter()
        .filter(|(_, o)| matches!(&o.op, Op::ReplyToCard(card) if card.as_str() == "VIS-2"))
        .map(|(_, o)| (o.to.clone(), tandem::message::render_plain(&o.message)))
        .collect();
    assert_eq!(in_thread.len(), 1, "the line goes in the learnings' thread");
    assert_eq!(in_thread[0].0, channel("sales"));
    assert!(
        in_thread[0].1.starts_with("ACT-1 · Priya said"),
        "{}",
        in_thread[0].1
    );
    assert!(
        bot.sent.iter().any(|(_, o)| o.op
            == Op::PostCard(CardKey::visit(tandem::domain::VisitId::new(2).expect("id")))),
        "the learnings are the visit's card"
    );
}

#[test]
fn the_digest_quotes_both_halves_and_counts_open_actions_answers_acted_on_and_ratings() {
    let mut bot = answered();
    bot.run_to(local(Kolkata, 2026, 12, 11, 17, 0));
    bot.ok("Oliver", "answer market-pulse 1 distributors want credit");
    bot.ok("Priya", "action add ANS-1 a 50 g pack due:2026-12-12");
    bot.ok("Rohan", "action add ANS-2 talk credit terms with finance");
    bot.ok("Priya", "action done ACT-1 50 g packs are in 40 shops");
    bot.ok("Asha", "action rate ACT-1 no");
    bot.run_to(local(Kolkata, 2026, 12, 14, 9, 30));
    let digests = bot.sent_to(&channel("joint"), "*You said → we did*");
    let digest = &digests.last().expect("a digest on Monday").1;
    assert!(
        digest.contains("• ACT-1 · Asha said (4 Dec, market-pulse): '1. What are customers saying? — Shops want smaller packs 2. What support helped, or was missing? — The posters helped' → Priya did (11 Dec): '50 g packs are in 40 shops'"),
        "{digest}"
    );
    assert!(
        digest.contains("Open actions: 1 (under a week 1 · 1–4 weeks 0 · older 0; past due 0)"),
        "{digest}"
    );
    assert!(
        digest.contains("Shared answers acted on, last 30 days: 2 of 2 (100%)"),
        "{digest}"
    );
    assert!(
        digest.contains("Did it address what they said: 0 👍 · 1 👎"),
        "{digest}"
    );
}
