//! Requests with the longest values in every field and the longest histories: every card,
//! update, thread reply, DM and answer fits Slack and Teams whole, `show` shows the newest
//! steps and says how to see the rest, and `show <ID> all` pages through every step.

use tandem::domain::{Identity, Input};
use tandem::platform::slack::home_view;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use super::slack_rules::check_view;
use crate::looping::{ZONES, utc};

/// Monday 30 November 2026, 10:00 in Kolkata.
fn start() -> chrono::DateTime<chrono::Utc> {
    utc(2026, 11, 30, 4, 30)
}

/// The longest texts, in turn: all escaping, all four bytes wide, mixed.
fn text(n: usize) -> String {
    let pattern = [ESCAPED, WIDE, MIXED][n % 3];
    long(pattern, Input::Comment.max_chars())
}

/// Files REQ-1 with the longest title and market, and takes it through every step with the
/// longest reason or note each step takes.
fn the_longest_request(scenario: &mut Scenario) {
    let title = long(MIXED, Input::Title.max_chars());
    let market = long(ESCAPED, Input::Market.max_chars());
    scenario.ok(
        "Asha",
        &format!("request pos {title} by:2027-01-10 qty:4,294,967,295 market:\"{market}\""),
    );
    scenario.ok("Priya", "ack 1");
    scenario.ok("Priya", "start 1");
    scenario.ok("Priya", &format!("block 1 {}", text(0)));
    scenario.ok("Priya", "start 1");
    scenario.ok("Priya", &format!("deliver 1 {}", text(1)));
    scenario.ok("Meera", &format!("reopen 1 {}", text(2)));
    scenario.ok("Rohan", "assign 1 Rohan");
    scenario.ok("Priya", &format!("decline 1 {}", text(0)));
    scenario.ok("Asha", &format!("reopen 1 {}", text(1)));
    scenario.ok("Priya", &format!("deliver 1 {}", text(2)));
    scenario.ok("Asha", &format!("confirm 1 rating:5 {}", text(0)));
}

#[test]
fn a_request_with_the_longest_value_in_every_field_renders_whole_everywhere() {
    let mut scenario = Scenario::new(ZONES, start());
    the_longest_request(&mut scenario);
    assert!(
        scenario.sent().len() >= 25,
        "cards, threads and DMs were checked"
    );
    for who in ["Asha", "Priya", "Meera", "Rohan"] {
        let shown = scenario.ok(who, "show 1");
        assert!(
            shown.contains(&long(ESCAPED, Input::Market.max_chars())),
            "{who}"
        );
        for filter in ["all", "open", "mine", "overdue"] {
            scenario.ok(who, &format!("list {filter}"));
        }
        let home = scenario.run.bot.home(&Identity::Name(who.into()));
        let home = home.expect("the store reads").expect("in a team");
        let view = serde_json::to_value(home_view(&home)).expect("serialises");
        check_view(&view).unwrap_or_else(|refusal| panic!("{who}'s home: {refusal}"));
    }
}

#[test]
fn the_longest_history_shows_its_newest_steps_and_pages_through_to_the_end() {
    let mut scenario = Scenario::new(ZONES, start());
    the_longest_request(&mut scenario);
    let comments: Vec<String> = (0..60).map(|n| format!("{n}: {}", text(n))).collect();
    for (n, comment) in comments.iter().enumerate() {
        let who = ["Asha", "Priya"][n % 2];
        let comment: String = comment.chars().take(Input::Comment.max_chars()).collect();
        scenario.ok(who, &format!("comment 1 {comment}"));
    }
    let shown = scenario.ok("Asha", "show 1");
    let steps = 12 + comments.len();
    assert!(
        shown.contains("earlier steps: `show REQ-1 all`)"),
        "{}",
        &shown[..300]
    );
    assert!(shown.contains("59: "), "the newest step is shown");

    let mut seen = String::new();
    let mut page = 1;
    loop {
        let text = scenario.ok("Priya", &format!("show 1 all page:{page}"));
        seen.push_str(&text);
        match text.contains(&format!("`show REQ-1 all page:{}`", page + 1)) {
            true => page += 1,
            false => break,
        }
        assert!(page < 100, "the pages come to an end");
    }
    assert!(seen.contains(&format!("of {steps} · page {page} of {page})")));
    for (n, comment) in comments.iter().enumerate() {
        let comment: String = comment.chars().take(Input::Comment.max_chars()).collect();
        assert_eq!(
            seen.matches(&comment).count(),
            1,
            "comment {n} shows whole, once"
        );
    }
    let past = scenario.say("Priya", &format!("show 1 all page:{}", page + 1));
    assert_eq!(
        past.text(),
        format!("REQ-1's history has {page} pages; `show REQ-1 all page:{page}` is the last.")
    );
}
