//! People who left keep their history, shown as former members, and people who moved keep
//! theirs under their old team: the past month's visit rows, the scorecard and the digest after
//! a reorganisation; and a request whose assignee left is reminded to the Marketing leads.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::domain::{Directory, Month, PersonName, Team};
use tandem::message::{Destination, render_plain};
use tandem::store::MemoryStore;

use crate::helpers::demo_settings;
use crate::looping::{Loop, local};

fn ist(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    local(Kolkata, 2026, m, d, h, 0)
}

fn at(bot: &mut Loop, when: DateTime<Utc>, who: &str, line: &str) -> String {
    bot.clock.set(when);
    bot.ok(who, line)
}

/// What a directory sync would leave: Arjun has left Marketing, Priya has moved to Sales.
fn arjun_leaves_and_priya_moves(bot: &Loop) {
    let now = bot.bot.directory();
    let (mut people, mut former) = (Vec::new(), Vec::new());
    for person in now.all().iter().cloned() {
        match person.name.as_str() {
            "Arjun" => former.push(person),
            "Priya" => people.push(tandem::domain::Person {
                team: Team::Sales,
                ..person
            }),
            _ => people.push(person),
        }
    }
    let directory = Directory::new(people).expect("valid").with_former(former);
    bot.bot.roster().replace(directory);
}

/// November: Priya logs one visit and Arjun two; Arjun acknowledges REQ-1 on 30 November.
/// On 1 December Arjun leaves and Priya moves to Sales.
fn november_then_a_reorganisation() -> Loop {
    let mut bot = Loop::on(demo_settings(), Arc::new(MemoryStore::new()), ist(11, 1, 9));
    let log =
        |market: &str, day: u32| format!("visit log market:{market} on:2026-11-{day:02} busy");
    at(&mut bot, ist(11, 6, 10), "Priya", &log("Pune", 5));
    at(&mut bot, ist(11, 6, 11), "Arjun", &log("Nashik", 5));
    at(&mut bot, ist(11, 13, 11), "Arjun", &log("Thane", 12));
    at(
        &mut bot,
        ist(11, 30, 10),
        "Asha",
        "request pos Shelf talkers",
    );
    at(&mut bot, ist(11, 30, 15), "Arjun", "ack 1");
    bot.clock.set(ist(12, 1, 9));
    arjun_leaves_and_priya_moves(&bot);
    bot
}

#[test]
fn a_past_months_visit_list_keeps_the_rows_of_leavers_and_movers() {
    let mut bot = november_then_a_reorganisation();
    bot.clock.set(ist(12, 3, 10));
    let listed = bot.ok("Meera", "visit list team month:2026-11");
    assert!(
        listed
            .contains("Arjun (former member) · 2026-11: done 2 (0 vouched), planned 0 · no target"),
        "{listed}"
    );
    assert!(
        listed.contains("Priya · 2026-11: done 1 (0 vouched), planned 0 · no target"),
        "a mover keeps her row: {listed}"
    );
    assert!(listed.contains("Rohan · 2026-11: done 0"), "{listed}");
    let december = bot.ok("Meera", "visit list team");
    assert!(
        !december.contains("Arjun") && !december.contains("Priya"),
        "no visits in December, no row for those who are gone: {december}"
    );
}

#[test]
fn the_scorecard_keeps_a_leavers_visits_marked_former() {
    let bot = november_then_a_reorganisation();
    let card = bot
        .bot
        .scorecard(Month::parse("2026-11").expect("month"))
        .expect("a scorecard");
    let (_, rows) = card.visits.expect("visits on the card");
    let arjun = rows
        .iter()
        .find(|r| r.marketer.as_str() == "Arjun")
        .expect("Arjun's row");
    assert!(arjun.former);
    assert_eq!(arjun.done.now, 2);
    let priya = rows
        .iter()
        .find(|r| r.marketer.as_str() == "Priya")
        .expect("Priya's row, though she is in Sales now");
    assert!(!priya.former);
    assert_eq!(priya.done.now, 1);
    let html = bot
        .bot
        .report_of(Some(Month::parse("2026-11").expect("month")))
        .expect("a report")
        .html();
    assert!(
        html.contains(r#"<tr><td>Arjun (former)</td><td class="now">2</td>"#),
        "{html}"
    );
}

#[test]
fn the_digest_names_a_leaver_as_a_former_member() {
    let bot = november_then_a_reorganisation();
    let digest = bot.bot.digest_message(ist(12, 3, 9)).expect("a digest");
    let text = render_plain(&digest);
    assert!(
        text.contains("• Arjun (former member): acknowledge"),
        "{text}"
    );
}

#[test]
fn a_request_whose_assignee_left_is_reminded_to_the_marketing_lead() {
    let mut bot = Loop::on(demo_settings(), Arc::new(MemoryStore::new()), ist(12, 1, 9));
    bot.tick(ist(12, 1, 9));
    at(
        &mut bot,
        ist(12, 1, 10),
        "Asha",
        "request pos Shelf talkers",
    );
    at(&mut bot, ist(12, 1, 11), "Rohan", "assign 1 @Arjun");
    arjun_leaves_and_priya_moves(&bot);
    bot.run_to(ist(12, 3, 17));
    let to = |name: &str| Destination::Person(PersonName::new(name));
    let rohan = bot.sent_to(&to("Rohan"), "for an acknowledgement");
    assert!(
        rohan.iter().any(|(_, text)| text.contains("REQ-1")),
        "{:#?}",
        bot.sent
    );
    let to_arjun = bot.sent_to(&to("Arjun"), "REQ-1");
    assert!(
        to_arjun.iter().all(|(when, _)| *when <= ist(12, 1, 11)),
        "nothing after he left: {to_arjun:#?}"
    );
}

#[test]
fn the_actions_export_names_an_owner_who_left_as_former() {
    let mut bot = Loop::on(
        demo_settings(),
        Arc::new(MemoryStore::new()),
        ist(11, 30, 9),
    );
    at(
        &mut bot,
        ist(11, 30, 10),
        "Asha",
        "request pos Shelf talkers",
    );
    at(
        &mut bot,
        ist(11, 30, 11),
        "Arjun",
        "action add REQ-1 talkers in Marathi",
    );
    at(
        &mut bot,
        ist(11, 30, 12),
        "Priya",
        "action add REQ-1 a Hindi set too",
    );
    bot.clock.set(ist(12, 1, 9));
    arjun_leaves_and_priya_moves(&bot);
    let actions = bot.bot.store().all_actions().expect("actions");
    let directory = bot.bot.directory();
    let mut out = Vec::new();
    tandem::export_actions::write(&actions, &directory, tandem::export::Format::Json, &mut out)
        .expect("export");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(json[0]["owner"], "Arjun");
    assert_eq!(json[0]["former"], serde_json::json!(["Arjun"]));
    assert_eq!(
        json[1]["former"],
        serde_json::json!([]),
        "Priya moved; she did not leave"
    );
    let mut csv = Vec::new();
    tandem::export_actions::write(&actions, &directory, tandem::export::Format::Csv, &mut csv)
        .expect("export");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        csv.lines().next().is_some_and(|h| h.ends_with(",former")),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).is_some_and(|r| r.ends_with(",Arjun")),
        "{csv}"
    );
}
