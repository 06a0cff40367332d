//! Many requests with the longest titles and reasons: lists, Home tabs, reminders, the digest's
//! overdue list, `admin outbox` full of long parked messages, help, and errors that quote long
//! input all fit Slack and Teams.

use tandem::command::SPECS;
use tandem::domain::{Identity, Input};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::platform::slack::home_view;
use tandem::store::Attempt;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use super::slack_rules::check_view;
use crate::looping::{ZONES, utc};

#[test]
fn many_long_requests_in_lists_homes_reminders_and_the_digest_fit_everywhere() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 11, 30, 4, 30));
    let title = long(ESCAPED, Input::Title.max_chars());
    for n in 1..=30 {
        scenario.ok(
            "Asha",
            &format!("request pos {title} by:2026-12-02 qty:{n}"),
        );
    }
    for n in 1..=16 {
        let reason = long([ESCAPED, WIDE][n % 2], Input::Reason.max_chars());
        scenario.ok("Priya", &format!("block {n} {reason}"));
    }
    for who in ["Asha", "Priya", "Rohan"] {
        for filter in ["all", "open", "mine", "overdue"] {
            scenario.ok(who, &format!("list {filter}"));
        }
        let home = scenario.run.bot.home(&Identity::Name(who.into()));
        let home = home.expect("the store reads").expect("in a team");
        let view = serde_json::to_value(home_view(&home)).expect("serialises");
        check_view(&view).unwrap_or_else(|refusal| panic!("{who}'s home: {refusal}"));
    }
    let before = scenario.sent().len();
    scenario.run_to(utc(2026, 12, 15, 4, 30));
    let reminders = scenario.sent()[before..]
        .iter()
        .filter(|(_, o)| matches!(o.to, Destination::Person(_)))
        .count();
    assert!(reminders >= 3, "reminders went out: {reminders}");
    scenario.ok("Rohan", "list overdue");
    scenario.ok("Rohan", "digest");
}

#[test]
fn admin_outbox_full_of_long_parked_messages_fits_everywhere() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 11, 30, 4, 30));
    let store = scenario.run.bot.store().clone();
    let now = utc(2026, 11, 30, 4, 30);
    for n in 0..25 {
        let outgoing = Outgoing {
            to: Destination::Channel("marketing".into()),
            op: Op::Post,
            message: Message::text(long([ESCAPED, WIDE, MIXED][n % 3], 2_000)),
        };
        let queued = store.enqueue(&[outgoing], now).expect("queued");
        store.durable_blocking(queued).expect("on disk");
        let due = store.outbox_due(now, 100).expect("due");
        let error = long(MIXED, 3_000);
        for entry in due {
            let parked = store
                .outbox_record(
                    entry.id,
                    Attempt::Park {
                        error: error.clone(),
                    },
                )
                .expect("parked");
            store.durable_blocking(parked).expect("on disk");
        }
    }
    let shown = scenario.ok("Rohan", "admin outbox");
    assert!(
        shown.starts_with("Outbox: 0 waiting, 25 given up on"),
        "{}",
        &shown[..80]
    );
    assert_eq!(shown.matches("#marketing").count(), 20, "the newest twenty");
}

#[test]
fn help_and_errors_that_quote_long_input_fit_everywhere() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 11, 30, 4, 30));
    scenario.ok("Asha", "help");
    for spec in SPECS {
        scenario.ok("Asha", &format!("help {}", spec.word));
    }
    let word = long("x&<", 5_000);
    let text = long(MIXED, 5_000);
    for line in [
        word.clone(),
        format!("help {word}"),
        format!("ack 1 {text}"),
        format!("show 1 {word}"),
        format!("show 1 all page:{word}"),
        format!("request pos {title}", title = long(MIXED, 201)),
        format!("request pos talkers by:{word}"),
        format!("comment 1 {}", long(ESCAPED, 2_001)),
        format!("list {word}"),
        format!("assign 1 {word}"),
    ] {
        scenario.say("Priya", &line);
    }
    scenario.ok("Asha", "request pos talkers");
    scenario.say("Priya", &format!("assign 1 {word}"));
}
