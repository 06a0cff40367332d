//! Launch reviews' rules: bad input gets a short answer and changes nothing; anonymity needs
//! three answers per team; a round can open by itself; only those asked answer.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::bot::Outcome;
use tandem::domain::{Launch, LaunchName};
use tandem::message::render_plain;
use tandem::store::MemoryStore;

use crate::helpers::{channel, dm};
use crate::launches::posted;
use crate::looping::{Loop, ZONES, local, settings};

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

fn stored(bot: &Loop, name: &str) -> Option<Launch> {
    let name = LaunchName::parse(name).expect("name");
    bot.bot.store().launch(&name).expect("read")
}

/// `who` types `line`: refused with a text containing `expected`, nothing stored changes and
/// nothing is sent.
fn refused(bot: &mut Loop, who: &str, line: &str, expected: &str) {
    let before = (
        stored(bot, "diwali"),
        bot.bot.store().launches().expect("all").len(),
    );
    let sent = bot.sent.len();
    let reply = bot.say(who, line);
    assert_ne!(reply.outcome, Outcome::Done, "{who}: {line:?}");
    let text = reply.text();
    assert!(text.contains(expected), "{who}: {line:?} → {text:?}");
    assert!(text.lines().count() <= 3, "short: {text:?}");
    let after = (
        stored(bot, "diwali"),
        bot.bot.store().launches().expect("all").len(),
    );
    assert_eq!(before, after, "{line:?} changed nothing");
    assert_eq!(bot.sent.len(), sent, "{line:?} sent nothing");
}

#[test]
fn bad_launch_input_gets_a_clear_short_error_and_changes_nothing() {
    let mut bot = Loop::new(ZONES, start());
    refused(
        &mut bot,
        "Asha",
        "launch add diwali on:2026-12-10",
        "Only Marketing or a lead adds launches.",
    );
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Asha", "request pos Shelf talkers");
    let cases: &[(&str, &str, &str)] = &[
        (
            "Priya",
            "launch add Diwali on:2027-01-01",
            "There is already a launch called diwali",
        ),
        (
            "Priya",
            r#"launch add "two words" on:2027-01-01"#,
            "\"two words\" is not a launch name; use one word of letters, digits and -",
        ),
        (
            "Priya",
            "launch add diwali/27 on:2027-01-01",
            "\"diwali/27\" is not a launch name",
        ),
        (
            "Priya",
            "launch add market-pulse on:2027-01-01",
            "market-pulse is a prompt's id",
        ),
        (
            "Priya",
            "launch add holi on:next-week",
            "on: wants a date like 2027-10-20, not \"next-week\".",
        ),
        (
            "Priya",
            "launch show holi",
            "There's no launch called holi. `launch list` shows them.",
        ),
        (
            "Priya",
            "launch link holi REQ-1",
            "There's no launch called holi.",
        ),
        ("Priya", "launch link diwali REQ-9", "REQ-9 doesn't exist."),
        (
            "Oliver",
            "launch link diwali REQ-1",
            "Only Marketing, a lead, or Asha (who filed REQ-1) can link it to a launch.",
        ),
        (
            "Asha",
            "request pos Posters launch:holi",
            "There's no launch called holi.",
        ),
        (
            "Asha",
            "launch review diwali",
            "Only a lead can open a launch review.",
        ),
        (
            "Priya",
            "launch review diwali",
            "Only a lead can open a launch review.",
        ),
        (
            "Meera",
            "launch review holi",
            "There's no launch called holi.",
        ),
        (
            "Meera",
            "launch review diwali closes:2026-11-29",
            "closes:2026-11-29 is in the past (today is 2026-11-30).",
        ),
        ("Meera", "launch close diwali", "diwali has no review open"),
        ("Asha", "answer diwali 1 great", "diwali has no review open"),
        (
            "Asha",
            "answer holi score:3",
            "There's no launch called holi.",
        ),
    ];
    for (who, line, expected) in cases {
        refused(&mut bot, who, line, expected);
    }
    bot.ok("Asha", "launch link diwali REQ-1");
    refused(
        &mut bot,
        "Priya",
        "launch link diwali REQ-1",
        "REQ-1 is already linked to diwali.",
    );

    bot.ok("Meera", "launch review diwali");
    let open: &[(&str, &str, &str)] = &[
        (
            "Rohan",
            "launch review diwali",
            "The review of diwali is already open",
        ),
        (
            "Asha",
            "answer diwali score:6",
            "Invalid score: a score is a whole number from 1 to 5, not \"6\".",
        ),
        ("Asha", "answer diwali score:0", "Invalid score"),
        (
            "Asha",
            "answer diwali cause:weather",
            "cause:weather is not one of the causes: product, pricing, placement, promotion, timing, execution, support, other.",
        ),
        (
            "Asha",
            "answer diwali 5 x",
            "The review of diwali has 4 question(s); there is no question 5.",
        ),
        (
            "Asha",
            "answer market-pulse 1 x cause:pricing",
            "cause: and score: belong to launch reviews; market-pulse is a prompt.",
        ),
        (
            "Asha",
            "launch close diwali",
            "Only a lead can close a launch review.",
        ),
    ];
    for (who, line, expected) in open {
        refused(&mut bot, who, line, expected);
    }
    bot.ok("Asha", "answer diwali 1 sold out cause:Pricing score:4");
    bot.ok("Rohan", "launch close diwali");
    refused(
        &mut bot,
        "Meera",
        "launch close diwali",
        "The review of diwali is already closed.",
    );
    refused(
        &mut bot,
        "Asha",
        "answer diwali 1 more",
        "The review of diwali is closed; answers are no longer taken.",
    );
    refused(
        &mut bot,
        "Meera",
        "launch review diwali",
        "The review of diwali is closed; `launch show diwali` shows its result.",
    );
}

#[test]
fn someone_the_round_did_not_ask_cannot_answer_it() {
    let store = Arc::new(MemoryStore::new());
    let mut bot = Loop::on(settings(ZONES), store.clone(), start());
    bot.tick(start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Meera", "launch review diwali");
    // Nina joins Sales after the round opened.
    let joined = format!("{ZONES}\n[[people]]\nname = \"Nina\"\nteam = \"sales\"\n");
    let mut later = Loop::on(settings(&joined), store, start());
    let reply = later.say("Nina", "answer diwali 1 I was not here");
    assert_eq!(reply.outcome, Outcome::Refused);
    assert!(
        reply
            .text()
            .contains("The review of diwali did not ask you"),
        "{}",
        reply.text()
    );
    let review = stored(&later, "diwali")
        .and_then(|l| l.review)
        .expect("review");
    assert!(review.answers.is_empty());
}

const ANONYMOUS: &str = "\n[reviews]\nanonymous = true\n";

#[test]
fn an_anonymous_result_leaves_names_off_and_is_refused_while_a_team_has_fewer_than_three_answers() {
    let config = format!("{ZONES}{ANONYMOUS}[[people]]\nname = \"Arjun\"\nteam = \"marketing\"\n");
    let mut bot = Loop::new(&config, start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Meera", "launch review diwali");
    for (who, text) in [
        ("Asha", "sold out"),
        ("Oliver", "London liked it"),
        ("Priya", "late stock"),
        ("Rohan", "thin budget"),
    ] {
        bot.ok(who, &format!("answer diwali 2 {text} cause:pricing"));
    }
    let refused = bot.say("Meera", "launch close diwali");
    assert_eq!(refused.outcome, Outcome::Refused);
    let why = refused.text();
    assert!(
        why.contains("an anonymous result needs at least 3 answers from each team"),
        "{why}"
    );
    assert!(why.contains("Marketing gave 2"), "{why}");
    assert!(
        stored(&bot, "diwali")
            .and_then(|l| l.review)
            .is_some_and(|r| r.closed.is_none())
    );
    bot.ok("Meera", "answer diwali 2 shelf space cause:placement");
    bot.ok("Arjun", "answer diwali 2 the agency was late cause:timing");
    bot.ok("Meera", "launch close diwali");
    let result =
        render_plain(&posted(&bot, &channel("joint"), "Launch review · diwali")[0].message);
    assert!(
        result.contains("  • sold out") && result.contains("  • the agency was late"),
        "{result}"
    );
    for name in ["Asha:", "Oliver:", "Priya:", "Rohan:", "Arjun:", "Meera:"] {
        assert!(!result.contains(name), "{name} in {result}");
    }
    assert!(
        result.contains("Names are left off: this review is anonymous."),
        "{result}"
    );
}

#[test]
fn an_anonymous_round_its_date_closes_with_too_few_answers_keeps_them_hidden() {
    let mut bot = Loop::new(&format!("{ZONES}{ANONYMOUS}"), start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Meera", "launch review diwali closes:2026-12-01");
    bot.ok(
        "Asha",
        "answer diwali 2 a secret view cause:pricing score:1",
    );
    bot.run_to(local(Kolkata, 2026, 12, 2, 1, 0));
    let result =
        render_plain(&posted(&bot, &channel("joint"), "Launch review · diwali")[0].message);
    assert!(
        result.contains("an anonymous result needs at least 3 answers from each team"),
        "{result}"
    );
    assert!(
        result.contains("Sales answered: 1 of 3"),
        "counts are shown: {result}"
    );
    assert!(
        !result.contains("a secret view") && !result.contains("1.0 of 5"),
        "{result}"
    );
    let shown = bot.ok("Rohan", "launch show diwali");
    assert!(!shown.contains("a secret view"), "{shown}");
}

#[test]
fn a_withheld_anonymous_review_is_no_source_for_an_action_and_none_of_its_answers_leak() {
    let mut bot = Loop::new(&format!("{ZONES}{ANONYMOUS}"), start());
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    bot.ok("Meera", "launch review diwali closes:2026-12-01");
    bot.ok(
        "Asha",
        "answer diwali 2 a secret view cause:pricing score:1",
    );
    bot.run_to(local(Kolkata, 2026, 12, 2, 10, 0));
    assert!(
        stored(&bot, "diwali")
            .and_then(|l| l.review)
            .is_some_and(|r| r.closed.is_some() && r.withheld().is_some())
    );
    refused(
        &mut bot,
        "Priya",
        "action add diwali fix the price",
        "The review of diwali was anonymous and had too few answers to show, so they stay hidden",
    );
    assert!(
        bot.bot.store().all_actions().expect("actions").is_empty(),
        "no action quotes the hidden answers"
    );
    let listed = bot.ok("Rohan", "action list all");
    assert!(!listed.contains("a secret view"), "{listed}");
}

#[test]
fn a_round_opens_by_itself_review_after_the_launch_inside_working_hours() {
    let config = format!("{ZONES}\n[reviews]\nreview_after = \"2d\"\n");
    let mut bot = Loop::new(&config, start());
    bot.ok("Priya", "launch add diwali on:2026-12-01");
    bot.ok("Priya", "launch add holi on:2026-11-01");
    bot.run_to(local(Kolkata, 2026, 12, 3, 12, 0));
    let dms: Vec<DateTime<Utc>> = bot
        .sent_to(&dm("Asha"), "Launch review · diwali")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    // Two days after 1 December is 3 December at midnight; DMs wait for 09:00.
    assert_eq!(dms, vec![local(Kolkata, 2026, 12, 3, 9, 0)]);
    assert!(
        bot.sent_to(&dm("Asha"), "Launch review · holi").is_empty(),
        "added after its time"
    );
    let review = stored(&bot, "diwali")
        .and_then(|l| l.review)
        .expect("opened");
    assert_eq!(review.opened_by, None);
    assert_eq!(review.closes_on.to_string(), "2026-12-10");
}

#[test]
fn closes_is_refused_when_that_day_is_over_in_the_companys_zone() {
    let config = ZONES.replace(
        "name = \"Meera\"\nteam = \"sales\"\nrole = \"lead\"",
        "name = \"Meera\"\nteam = \"sales\"\nrole = \"lead\"\ntimezone = \"Europe/London\"",
    );
    assert_ne!(config, ZONES, "Meera moved to London");
    // Monday 23:00 in London is already Tuesday 04:30 in Kolkata.
    let late = crate::looping::utc(2026, 11, 30, 23, 0);
    let mut bot = Loop::new(&config, late);
    bot.ok("Priya", "launch add diwali on:2026-12-10");
    refused(
        &mut bot,
        "Meera",
        "launch review diwali closes:2026-11-30",
        "closes:2026-11-30 is already over in the company's time zone (Asia/Kolkata).",
    );
    bot.ok("Meera", "launch review diwali closes:2026-12-01");
}
