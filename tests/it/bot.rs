//! The bot core through its neutral front door: what people see, what gets queued, and that
//! bad input changes nothing.

use std::sync::Arc;

use chrono::Duration;
use tandem::bot::Outcome;
use tandem::clock::Movable;
use tandem::message::{CardKey, Op};
use tandem::store::RequestQuery;

use crate::helpers::{TestBot, channel, dm, routes};

const DIWALI: &str = r#"request pos Diwali shelf talkers by:2026-12-10 qty:500 market:"Pune West""#;

fn card(n: u64) -> CardKey {
    CardKey::request(tandem::domain::RequestId::new(n).expect("id"))
}

#[test]
fn filing_a_request_posts_its_card_to_marketing() {
    let t = TestBot::new();
    let reply = t.ok("Asha", DIWALI);
    assert!(
        reply.starts_with("Filed REQ-1 · Diwali shelf talkers."),
        "{reply}"
    );
    let sent = t.drain();
    assert_eq!(
        routes(&sent),
        vec![(channel("marketing"), Op::PostCard(card(1)))]
    );
    let card_text = tandem::message::render_plain(&sent[0].message);
    for expected in [
        "Qty: 500",
        "Market: Pune West",
        "Needed by: Thu 10 Dec 2026",
        "Requester: Asha",
        "ack REQ-1",
    ] {
        assert!(
            card_text.contains(expected),
            "{expected} missing from {card_text}"
        );
    }
    assert!(
        t.ok("Vikram", "request samples Mango bar samples")
            .starts_with("Filed REQ-2")
    );
}

#[test]
fn a_status_change_updates_the_card_replies_in_its_thread_and_tells_the_requester() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.drain();
    let reply = t.ok("Priya", "ack REQ-1");
    assert_eq!(
        reply,
        "REQ-1 · Diwali shelf talkers: you acknowledged it. Now acknowledged. Asha told by DM."
    );
    let sent = t.drain();
    assert_eq!(
        routes(&sent),
        vec![
            (channel("marketing"), Op::UpdateCard(card(1))),
            (channel("marketing"), Op::ReplyToCard(card(1))),
            (dm("Asha"), Op::Post),
        ]
    );
    assert!(tandem::message::render_plain(&sent[2].message).contains("Priya acknowledged it."));
}

#[test]
fn the_requesters_confirmation_reaches_the_marketer_who_did_the_work() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.ok("Priya", "deliver 1 sent to the depot");
    t.drain();
    t.ok("Asha", "confirm 1 rating:4 a day late but fine");
    let sent = t.drain();
    assert_eq!(sent.last().map(|o| o.to.clone()), Some(dm("Priya")));
    let text = tandem::message::render_plain(&sent[2].message);
    assert!(
        text.contains("Asha confirmed receipt, rated 4/5: a day late but fine."),
        "{text}"
    );
}

#[test]
fn the_whole_loop_is_on_record_with_response_times() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.clock.advance(Duration::hours(2));
    t.ok("Priya", "ack REQ-1");
    t.ok("Priya", "block REQ-1 print vendor capacity until Dec 5");
    t.clock.advance(Duration::days(1));
    t.ok("Priya", "start REQ-1");
    t.clock.advance(Duration::days(2));
    t.ok(
        "Priya",
        "deliver REQ-1 shipped 500 units to Pune West depot",
    );
    t.ok("Asha", "confirm REQ-1 rating:5 arrived in time");
    let show = t.ok("Asha", "show REQ-1");
    for expected in [
        "Status: confirmed",
        "Mon 30 Nov 10:00 IST · Asha filed it",
        "Mon 30 Nov 12:00 IST · Priya acknowledged it",
        "Priya marked it blocked: print vendor capacity until Dec 5",
        "Tue 1 Dec 12:00 IST · Priya started work on it",
        "Thu 3 Dec 12:00 IST · Priya delivered it: shipped 500 units to Pune West depot",
        "Asha confirmed receipt, rated 5/5: arrived in time",
        "Time to acknowledge: 2h · time to deliver: 3d 2h",
    ] {
        assert!(
            show.contains(expected),
            "{expected:?} missing from:\n{show}"
        );
    }
    assert_eq!(t.ok("Asha", "list open"), "Open requests: none.");
}

#[test]
fn show_offers_only_the_buttons_the_viewer_may_press() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.ok("Priya", "deliver 1");
    assert!(
        t.ok("Asha", "show 1")
            .contains("/tandem confirm REQ-1 | /tandem reopen REQ-1 <reason>")
    );
    let for_vikram = t.ok("Vikram", "show 1");
    assert!(!for_vikram.contains("↳"), "{for_vikram}");
}

#[test]
fn lists_filter_open_mine_overdue_and_all() {
    let t = TestBot::new();
    t.ok("Asha", "request pos Shelf talkers by:2026-12-01");
    t.ok("Vikram", "request collateral Brochure by:2026-12-20");
    t.ok("Asha", "request pricing Price list");
    t.ok("Priya", "ack 2");
    t.ok("Priya", "decline 3 pricing comes from Finance");
    let open = t.ok("Vikram", "list");
    assert!(
        open.starts_with("Open requests (2)") && open.contains("REQ-1") && !open.contains("REQ-3"),
        "{open}"
    );
    let mine = t.ok("Asha", "list mine");
    assert!(
        mine.contains("REQ-3") && mine.contains("REQ-1") && !mine.contains("REQ-2"),
        "{mine}"
    );
    let assigned = t.ok("Priya", "list mine");
    assert!(
        assigned.starts_with("Requests assigned to you (2)"),
        "{assigned}"
    );
    assert_eq!(t.ok("Asha", "list overdue"), "Overdue requests: none.");
    t.clock.advance(Duration::days(2));
    let overdue = t.ok("Asha", "list overdue");
    assert!(
        overdue.contains("REQ-1") && overdue.contains("(overdue)") && !overdue.contains("REQ-2"),
        "{overdue}"
    );
    assert!(t.ok("Rohan", "list all").starts_with("All requests (3)"));
}

#[test]
fn assign_resolves_names_and_mentions_and_tells_the_new_assignee() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.drain();
    t.ok("Rohan", "assign 1 @arjun");
    let sent = t.drain();
    assert!(sent.iter().any(|o| o.to == dm("Arjun")), "Arjun is told");
    assert!(
        t.ok("Rohan", "assign 1 @U0PRIYA")
            .contains("you assigned it to Priya")
    );
    let unknown = t.refused("Rohan", "assign 1 @Zed");
    assert_eq!(
        unknown,
        "I don't know who \"@Zed\" is. Marketing is: Priya, Arjun, Rohan."
    );
}

/// Every bad line gets a short answer and leaves store and outbox exactly as they were.
#[test]
fn bad_input_gets_a_clear_answer_and_changes_nothing() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    t.drain();
    let before = t
        .store
        .list_requests(&RequestQuery::All, 100)
        .expect("list");
    let cases = [
        ("Asha", "frobnicate 1", "There's no command \"frobnicate\""),
        (
            "Asha",
            "request pos",
            "`request` needs a title after the kind.",
        ),
        (
            "Asha",
            "request flyers Big flyers",
            "\"flyers\" is not a request kind; use one of: pos, pop",
        ),
        (
            "Asha",
            "request pos X by:2026-11-29",
            "by:2026-11-29 is in the past (today is 2026-11-30).",
        ),
        (
            "Asha",
            "request pos X by:tomorrow",
            "by: wants a date like 2026-12-10",
        ),
        (
            "Asha",
            "request pos X qty:0",
            "quantity must be a whole number of at least 1",
        ),
        (
            "Asha",
            "request pos X qty:-3",
            "quantity must be a whole number of at least 1",
        ),
        (
            "Asha",
            "request pos X qty:many",
            "quantity must be a whole number of at least 1",
        ),
        ("Priya", "ack REQ-99", "REQ-99 doesn't exist."),
        (
            "Asha",
            "ack REQ-1",
            "Only Marketing can acknowledge a request.",
        ),
        (
            "Priya",
            "decline REQ-1",
            "`decline` needs a reason after the ID.",
        ),
        ("Priya", "block REQ-1", "`block` needs a reason"),
        (
            "Priya",
            "confirm REQ-1",
            "Only Asha, who filed REQ-1, or a Sales lead can confirm it.",
        ),
        (
            "Asha",
            "confirm REQ-1 rating:9",
            "a rating is a whole number from 1 to 5",
        ),
        (
            "Asha",
            "confirm REQ-1",
            "REQ-1 is open; you can confirm a request only when it is delivered.",
        ),
        (
            "Priya",
            "request pos Banners",
            "Only Sales files requests; Marketing works them.",
        ),
        ("Zed", "list", "You're not set up in Tandem yet"),
    ];
    for (who, line, expected) in cases {
        let answer = t.refused(who, line);
        assert!(answer.contains(expected), "{who}: {line:?} → {answer:?}");
        assert!(
            answer.lines().count() <= 2,
            "{line:?} answer is too long: {answer:?}"
        );
    }
    let long = format!("request pos {}", "y".repeat(201));
    assert!(t.refused("Asha", &long).contains("The title is too long"));
    assert_eq!(
        t.store
            .list_requests(&RequestQuery::All, 100)
            .expect("list"),
        before
    );
    assert!(t.drain().is_empty(), "nothing was queued");
}

#[test]
fn a_stranger_is_told_whom_to_ask_and_nothing_is_recorded() {
    let t = TestBot::new();
    let reply = t.bot.handle_blocking(&tandem::bot::Incoming {
        from: tandem::domain::Identity::on("slack", "U0NOBODY"),
        text: "request pos Banners".into(),
    });
    assert_eq!(reply.outcome, Outcome::Refused);
    assert_eq!(
        reply.text(),
        "Hi! You're not set up in Tandem yet, so I can't record anything for you. \
         Ask Meera (Sales lead) or Rohan (Marketing lead) to add you to the Sales or Marketing team."
    );
    assert_eq!(
        t.store
            .list_requests(&RequestQuery::All, 10)
            .expect("list")
            .total,
        0
    );
}

#[test]
fn people_are_known_by_their_platform_ids_too() {
    let t = TestBot::new();
    let reply = t.bot.handle_blocking(&tandem::bot::Incoming {
        from: tandem::domain::Identity::on("slack", "U0ASHA"),
        text: "request pop Endcap display".into(),
    });
    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    let page = t.store.list_requests(&RequestQuery::All, 10).expect("list");
    assert_eq!(page.requests[0].requester.as_str(), "Asha");
}

#[test]
fn two_marketers_acting_at_once_leave_one_consistent_history() {
    let t = Arc::new(TestBot::new());
    t.ok("Asha", DIWALI);
    let racers: Vec<_> = ["Priya", "Arjun", "Rohan", "Priya"]
        .into_iter()
        .map(|who| {
            let t = t.clone();
            std::thread::spawn(move || t.say(who, "ack REQ-1").outcome)
        })
        .collect();
    let outcomes: Vec<Outcome> = racers
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == Outcome::Done).count(),
        1,
        "{outcomes:?}"
    );
    let request = t
        .store
        .request(tandem::domain::RequestId::new(1).expect("id"))
        .expect("read")
        .expect("exists");
    assert_eq!(request.history.len(), 2);
}

#[test]
fn leads_see_messages_that_could_not_be_delivered() {
    let t = TestBot::new();
    t.ok("Asha", DIWALI);
    let entry = t
        .store
        .outbox_due(chrono::DateTime::<chrono::Utc>::MAX_UTC, 10)
        .expect("due")
        .remove(0);
    let written = t
        .store
        .outbox_record(
            entry.id,
            tandem::store::Attempt::Park {
                error: "Slack said channel_not_found".into(),
            },
        )
        .expect("parked");
    t.store.durable_blocking(written).expect("on disk");
    let shown = t.ok("Rohan", "admin outbox");
    assert!(
        shown.starts_with("Outbox: 0 waiting, 1 given up on"),
        "{shown}"
    );
    assert!(
        shown.contains("#marketing · \"REQ-1 · Diwali shelf talkers\"")
            && shown.contains("channel_not_found"),
        "{shown}"
    );
    assert_eq!(
        t.refused("Asha", "admin outbox"),
        "Only leads can look at the outbox."
    );
}
