//! Launch reviews through the bot and its schedule: a blind round, the facts from the record,
//! and a close that Tandem missed while it was down.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::domain::LaunchName;
use tandem::message::{Block, Column, Destination, Message, Outgoing, render_plain};
use tandem::store::{SledStore, Store, StoreOptions};

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local, settings};

const ASHA_SAYS: &str = "too pricey for kirana stores";
const ASHA_WELL: &str = "the packs sold out";
const PRIYA_SAYS: &str = "stock reached the depots late";

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

/// The messages sent to `to` whose header starts with `header`.
pub fn posted<'a>(bot: &'a Loop, to: &Destination, header: &str) -> Vec<&'a Outgoing> {
    bot.sent
        .iter()
        .filter(|(_, o)| o.to == *to)
        .map(|(_, o)| o)
        .filter(|o| {
            o.message
                .header
                .as_deref()
                .is_some_and(|h| h.starts_with(header))
        })
        .collect()
}

/// The columns under the paragraph that starts with `heading`.
pub fn columns_after<'a>(message: &'a Message, heading: &str) -> &'a [Column] {
    let at = message
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Text { text } if text.starts_with(heading)))
        .unwrap_or_else(|| panic!("no {heading:?} in {}", render_plain(message)));
    match &message.blocks[at + 1] {
        Block::Columns { columns } => columns,
        other => panic!("{heading:?} is followed by {other:?}"),
    }
}

fn labelled(columns: &[Column]) -> Vec<(&str, Vec<&str>)> {
    columns
        .iter()
        .map(|c| {
            (
                c.label.as_str(),
                c.items.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

fn export(store: &dyn Store) -> String {
    let mut launches = Vec::new();
    for launch in store.launches().expect("launches") {
        let ids = store
            .launch_requests(&launch.name)
            .expect("linked")
            .iter()
            .map(|r| r.id)
            .collect();
        launches.push((launch, ids));
    }
    let mut out = Vec::new();
    tandem::export_launches::write(&launches, tandem::export::Format::Json, &mut out)
        .expect("written");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn a_round_is_blind_to_everyone_until_it_closes_then_each_team_shows_under_its_name() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok("Priya", "launch add diwali on:2026-12-10 Diwali gift packs");
    let opened = bot.ok("Meera", "launch review diwali");
    assert!(
        opened.contains("5 people asked (3 in Sales, 2 in Marketing)"),
        "{opened}"
    );
    assert!(
        opened.contains("closes at the end of Mon 7 Dec 2026"),
        "{opened}"
    );
    for name in ["Asha", "Oliver", "Meera", "Priya", "Rohan"] {
        let dms = bot.sent_to(&dm(name), "Launch review · diwali · Diwali gift packs");
        assert_eq!(dms.len(), 1, "{name} is asked once");
        assert!(dms[0].1.contains("Facts first"), "{}", dms[0].1);
    }
    let saved = bot.ok(
        "Asha",
        &format!(r#"answer diwali 1:"{ASHA_WELL}" 2:"{ASHA_SAYS}" cause:pricing score:2"#),
    );
    assert!(saved.starts_with("Saved your answers to the review of diwali (2 of 4 questions · cause: pricing · score: 2/5)."), "{saved}");
    bot.ok(
        "Priya",
        &format!(r#"answer diwali 2:"{PRIYA_SAYS}" cause:timing score:4"#),
    );

    let secrets = [ASHA_WELL, ASHA_SAYS, PRIYA_SAYS];
    for viewer in ["Meera", "Rohan", "Oliver"] {
        let shown = bot.ok(viewer, "launch show diwali");
        assert!(
            shown.contains("Sales answered: 1 of 3 · Marketing answered: 1 of 2"),
            "{shown}"
        );
        for secret in secrets {
            assert!(!shown.contains(secret), "{viewer} sees {secret:?}: {shown}");
        }
    }
    let asha = bot.ok("Asha", "launch show diwali");
    assert!(
        asha.contains(ASHA_SAYS) && !asha.contains(PRIYA_SAYS),
        "{asha}"
    );
    let priya = bot.ok("Priya", "answer diwali");
    assert!(
        priya.contains(PRIYA_SAYS) && !priya.contains(ASHA_SAYS),
        "{priya}"
    );
    bot.ok(
        "Priya",
        "answer diwali 2 the stock reached the depots a week late",
    );
    let changed = bot.ok("Priya", "launch show diwali");
    assert!(
        changed.contains("2. the stock reached the depots a week late"),
        "{changed}"
    );
    assert!(changed.contains("Cause: timing · Score: 4/5"), "{changed}");
    let digest = bot.ok("Meera", "digest");
    let listed = bot.ok("Rohan", "launch list");
    let exported = export(bot.bot.store().as_ref());
    assert!(exported.contains("\"state\": \"open\"") && exported.contains("\"answered\": 1"));
    for text in [digest, listed, exported] {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret:?} leaked: {text}");
        }
    }

    bot.run_to(local(Kolkata, 2026, 12, 8, 1, 0));
    for (_, sent) in &bot.sent {
        let text = render_plain(&sent.message);
        let before_close = sent.to != channel("joint") || !text.starts_with("Launch review");
        if before_close {
            assert!(!text.contains(ASHA_SAYS), "leaked before the close: {text}");
        }
    }
    let results = posted(&bot, &channel("joint"), "Launch review · diwali");
    assert_eq!(results.len(), 1, "one message to the joint channel");
    let when: Vec<DateTime<Utc>> = bot
        .sent
        .iter()
        .filter(|(_, o)| std::ptr::eq(o, results[0]))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(
        when,
        vec![local(Kolkata, 2026, 12, 8, 0, 0)],
        "at the end of its last day"
    );
    let result = &results[0].message;
    assert_eq!(
        labelled(columns_after(result, "2. What held the launch back?")),
        vec![
            ("Sales", vec!["Asha (ANS-1): too pricey for kirana stores"]),
            (
                "Marketing",
                vec!["Priya (ANS-2): the stock reached the depots a week late"]
            ),
        ]
    );
    assert_eq!(
        labelled(columns_after(result, "1. What went well?")),
        vec![
            ("Sales", vec!["Asha (ANS-1): the packs sold out"]),
            ("Marketing", vec!["(no answers)"])
        ]
    );
    let text = render_plain(result);
    for expected in [
        "Sales mean score: 2.0 of 5 (1 score)",
        "Marketing mean score: 4.0 of 5 (1 score)",
        "Sales alone names pricing. Marketing alone names timing. The causes each team names most differ.",
        "closed at its date",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let after = bot.ok("Rohan", "launch show diwali");
    assert!(
        after.contains("Asha (ANS-1): too pricey for kirana stores")
            && after.contains("Priya (ANS-2): the stock reached"),
        "{after}"
    );
    let late = bot.say("Oliver", "answer diwali 1 late to the party");
    assert!(
        late.text().contains("The review of diwali is closed"),
        "{}",
        late.text()
    );
    let exported = export(bot.bot.store().as_ref());
    assert!(exported.contains(ASHA_SAYS) && exported.contains("\"person\": \"Asha\""));

    bot.run_to(local(Kolkata, 2026, 12, 14, 10, 0));
    let digests = bot.sent_to(&channel("joint"), "Weekly digest");
    assert_eq!(digests.len(), 2, "7 Dec and 14 Dec");
    assert!(
        !digests[0].1.contains("Launch reviews closed this week"),
        "not yet closed"
    );
    assert!(
        digests[1]
            .1
            .contains("Launch reviews closed this week, both teams' views next to the facts:\n• diwali · Diwali gift packs: `launch show diwali`"),
        "{}",
        digests[1].1
    );
}

#[test]
fn the_facts_come_from_the_linked_requests_and_the_prompt_answers_that_name_the_launch() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    let filed = bot.ok(
        "Asha",
        "request pos Shelf talkers by:2026-12-03 launch:diwali",
    );
    assert!(
        filed.starts_with("Filed REQ-1 · Shelf talkers for launch diwali."),
        "{filed}"
    );
    let card = posted(&bot, &channel("marketing"), "REQ-1");
    assert!(render_plain(&card[0].message).contains("Launch: diwali"));
    bot.ok("Asha", "request pop Endcap display by:2026-12-09");
    let linked = bot.ok("Asha", "launch link diwali REQ-2");
    assert!(
        linked.starts_with("REQ-2 · Endcap display: you linked it to launch diwali"),
        "{linked}"
    );
    bot.ok("Asha", "request samples Tasting packs");
    bot.run_to(local(Kolkata, 2026, 11, 30, 12, 0));
    bot.ok("Priya", "ack REQ-1");
    bot.run_to(local(Kolkata, 2026, 11, 30, 13, 0));
    bot.ok("Priya", "block REQ-1 print vendor at capacity");
    bot.run_to(local(Kolkata, 2026, 11, 30, 14, 0));
    bot.ok("Priya", "decline REQ-2 no budget left this quarter");
    bot.ok("Priya", "ack REQ-3");
    bot.run_to(local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok("Priya", "start REQ-1");
    bot.run_to(local(Kolkata, 2026, 12, 4, 12, 0));
    bot.ok("Priya", "deliver REQ-1");
    bot.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    bot.ok(
        "Asha",
        "answer market-pulse 1 shops keep asking when the Diwali packs come",
    );
    bot.ok("Meera", "answer market-pulse 1 quiet week");
    let show = bot.ok("Asha", "show REQ-2");
    assert!(
        show.contains("Launch: diwali") && show.contains("Asha linked it to launch diwali"),
        "{show}"
    );

    bot.ok("Meera", "launch review diwali");
    let sheet = &bot.sent_to(&dm("Asha"), "Facts first")[0].1;
    for line in [
        "The requests that served it (2):",
        "• REQ-1 · Shelf talkers (Asha): filed Mon 30 Nov 10:00 IST · Marketing answered after 2h · blocked by Priya Mon 30 Nov 13:00 IST: print vendor at capacity · delivered Fri 4 Dec 12:00 IST (4d 2h after filing) · needed by Thu 3 Dec 2026: 1 day late",
        "• REQ-2 · Endcap display (Asha): filed Mon 30 Nov 10:00 IST · Marketing answered after 4h · declined by Priya Mon 30 Nov 14:00 IST: no budget left this quarter · needed by Wed 9 Dec 2026",
    ] {
        assert!(sheet.contains(line), "{line:?} in {sheet}");
    }
    assert!(!sheet.contains("Tasting packs"), "not linked");
    bot.ok("Meera", "launch close diwali");
    let result =
        render_plain(&posted(&bot, &channel("joint"), "Launch review · diwali")[0].message);
    for line in [
        "The facts: 2 requests linked · median time to acknowledge 2h · median time to deliver 4d 2h · 1 delivered after the needed-by date",
        "• REQ-1 blocked by Priya Mon 30 Nov 13:00 IST: print vendor at capacity",
        "• REQ-2 declined by Priya Mon 30 Nov 14:00 IST: no budget left this quarter",
        "Prompt answers that name diwali (from 30 days before Thu 10 Dec 2026 to the close):\n• Asha (Sales) in market-pulse, Fri 4 Dec 17:00 IST: “shops keep asking when the Diwali packs come”",
        "Sales answered: 0 of 3 · Marketing answered: 0 of 2",
        "closed by Meera",
    ] {
        assert!(result.contains(line), "{line:?} in {result}");
    }
    assert!(
        !result.contains("quiet week"),
        "an answer that does not name it"
    );
}

#[test]
fn the_one_reminder_waits_for_working_hours_and_for_the_end_of_a_pause() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Oliver", "pause 3d");
    bot.ok("Rohan", "launch review diwali");
    assert!(
        bot.sent_to(&dm("Oliver"), "Launch review").is_empty(),
        "paused: no DM"
    );
    bot.ok("Asha", "answer diwali score:3");
    bot.run_to(local(Kolkata, 2026, 12, 8, 1, 0));
    let reminded = |name: &str| -> Vec<DateTime<Utc>> {
        bot.sent_to(&dm(name), "Launch review · diwali · a gentle reminder")
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    };
    // Three days after Monday 10:00 IST is Thursday 10:00 IST, inside working hours...
    assert_eq!(reminded("Meera"), vec![local(Kolkata, 2026, 12, 3, 10, 0)]);
    assert_eq!(reminded("Priya"), vec![local(Kolkata, 2026, 12, 3, 10, 0)]);
    // ... but 04:30 in London: Oliver's comes at his 09:00, after his pause ended.
    assert_eq!(reminded("Oliver"), vec![local(Kolkata, 2026, 12, 3, 15, 0)]);
    assert!(reminded("Asha").is_empty(), "Asha answered");
    let text = &bot.sent_to(&dm("Meera"), "a gentle reminder")[0].1;
    assert!(
        text.contains("it closes at the end of Mon 7 Dec 2026"),
        "{text}"
    );
}

fn sled_loop(dir: &std::path::Path, at: DateTime<Utc>) -> Loop {
    let store = SledStore::open(&StoreOptions::at(dir)).expect("open");
    Loop::on(settings(ZONES), Arc::new(store), at)
}

#[test]
fn a_close_missed_while_tandem_was_down_happens_when_it_starts_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header = "Launch review · diwali";
    {
        let mut bot = sled_loop(dir.path(), start());
        bot.tick(start());
        bot.ok("Priya", "launch add diwali on:2026-12-10");
        bot.ok("Meera", "launch review diwali closes:2026-12-01");
        bot.ok("Asha", &format!("answer diwali 2 {ASHA_SAYS}"));
        bot.run_to(local(Kolkata, 2026, 12, 1, 20, 0));
        assert!(
            posted(&bot, &channel("joint"), header).is_empty(),
            "still open"
        );
    }
    // Down from Tuesday 20:00 to Wednesday 05:00: the close at midnight was missed.
    let restart = local(Kolkata, 2026, 12, 2, 5, 0);
    let mut bot = sled_loop(dir.path(), restart);
    let report = bot.tick(restart);
    assert!(
        report.fired.contains(&("reviews".to_string(), restart)),
        "{report:?}"
    );
    let results = posted(&bot, &channel("joint"), header);
    assert_eq!(results.len(), 1);
    assert!(render_plain(&results[0].message).contains(ASHA_SAYS));
    let launch = bot
        .bot
        .store()
        .launch(&LaunchName::parse("diwali").expect("name"))
        .expect("read")
        .expect("there");
    let closed = launch.review.and_then(|r| r.closed).expect("closed");
    assert_eq!((closed.at, closed.by), (restart, None));
    bot.tick(restart + chrono::Duration::hours(1));
    assert_eq!(
        posted(&bot, &channel("joint"), header).len(),
        1,
        "closed once"
    );
}

#[test]
fn a_close_missed_by_more_than_the_catch_up_window_still_closes_the_round() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut bot = sled_loop(dir.path(), start());
        bot.tick(start());
        bot.ok("Priya", "launch add diwali on:2026-12-10");
        bot.ok("Meera", "launch review diwali closes:2026-12-01");
        bot.run_to(local(Kolkata, 2026, 12, 1, 20, 0));
    }
    let restart = local(Kolkata, 2026, 12, 4, 9, 0);
    let mut bot = sled_loop(dir.path(), restart);
    let report = bot.tick(restart);
    assert!(
        report.skipped.iter().any(|(job, _)| job == "reviews"),
        "the missed sweeps are logged: {report:?}"
    );
    assert_eq!(
        posted(&bot, &channel("joint"), "Launch review · diwali").len(),
        1
    );
    let shown = bot.ok("Priya", "launch show diwali");
    assert!(
        shown.contains("closed at its date Fri 4 Dec 09:00 IST"),
        "{shown}"
    );
}

#[test]
fn a_round_shorter_than_twice_remind_after_reminds_halfway_through() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Meera", "launch review diwali closes:2026-12-01");
    bot.run_to(local(Kolkata, 2026, 12, 2, 1, 0));
    let reminded: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Asha"), "a gentle reminder")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    // Open from Monday 10:00 to Wednesday 00:00: halfway is Tuesday 05:00, then working hours.
    assert_eq!(reminded, vec![local(Kolkata, 2026, 12, 1, 9, 0)]);
}

#[test]
fn the_next_review_in_the_same_markets_lists_what_came_of_the_last_ones_actions() {
    let mut bot = Loop::new(ZONES, start());
    bot.ok(
        "Priya",
        r#"launch add diwali on:2026-11-10 markets:"Pune West" Diwali gift packs"#,
    );
    bot.ok("Meera", "launch review diwali");
    bot.ok(
        "Asha",
        &format!(r#"answer diwali 2:"{ASHA_SAYS}" cause:pricing score:2"#),
    );
    bot.ok("Meera", "launch close diwali");
    bot.ok("Priya", "action add ANS-1 a kirana price point"); // ACT-1, on Asha's answer
    bot.ok("Rohan", "action add diwali earlier stock to the depots"); // ACT-2, on the launch
    bot.ok("Priya", "action add ANS-1 a smaller pack"); // ACT-3
    bot.ok(
        "Priya",
        "action done ACT-1 a 40-rupee pack is on the price list",
    );
    bot.ok("Priya", "action drop ACT-3 the line cannot make it");
    bot.ok(
        "Priya",
        r#"launch add holi on:2026-11-25 markets:"pune west, Nashik" Holi colours"#,
    );
    bot.ok(
        "Priya",
        "launch add goa on:2026-11-25 markets:Goa Beach packs",
    );
    bot.ok("Meera", "launch review holi");
    bot.ok("Meera", "launch review goa");

    let earlier = [
        "Last time in these markets, the review of diwali ended in 3 actions:",
        "• ACT-1 · a kirana price point (Priya) — done Mon 30 Nov 10:00 IST: “a 40-rupee pack is on the price list”",
        "• ACT-2 · earlier stock to the depots (Rohan) — still open",
        "• ACT-3 · a smaller pack (Priya) — dropped Mon 30 Nov 10:00 IST: “the line cannot make it”",
    ];
    let asked = &bot.sent_to(&dm("Asha"), "Launch review · holi")[0].1;
    let shown = bot.ok("Rohan", "launch show holi");
    for text in [asked, &shown] {
        for line in earlier {
            assert!(text.contains(line), "missing {line:?} in {text}");
        }
    }
    let goa = &bot.sent_to(&dm("Asha"), "Launch review · goa")[0].1;
    assert!(!goa.contains("Last time"), "another market: {goa}");

    bot.ok("Meera", "launch close holi");
    let result = posted(&bot, &channel("joint"), "Launch review · holi");
    let text = render_plain(&result[0].message);
    for line in earlier {
        assert!(
            text.contains(line),
            "missing {line:?} in the result: {text}"
        );
    }
}
