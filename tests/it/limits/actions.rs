//! "You said → we did" with the longest words on both sides: an action on the longest shared
//! answers, a visit's longest learnings, a long request, with the longest promises, outcomes
//! and reasons. Every DM quoting both halves, the thread lines, `show ACT-n`, `action list`,
//! the overdue reminders and the digest fit Slack and Teams, whole.

use chrono_tz::Asia::Kolkata;
use tandem::domain::Input;
use tandem::domain::prompt::MAX_QUESTIONS;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use crate::looping::{ZONES, local};

#[test]
fn actions_quoting_the_longest_words_fit_everywhere() {
    let mut scenario = Scenario::new(ZONES, local(Kolkata, 2026, 11, 30, 10, 0));
    let text = |n: usize, input: Input| long([ESCAPED, WIDE, MIXED][n % 3], input.max_chars());
    // The demo prompt asks two questions; Asha answers both at the longest (ANS-1).
    scenario.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    let answers: Vec<String> = (1..=2.min(MAX_QUESTIONS))
        .map(|n| format!("{n}:\"{}\"", text(n, Input::Answer)))
        .collect();
    scenario.ok(
        "Asha",
        &format!("answer market-pulse {}", answers.join(" ")),
    );
    scenario.ok(
        "Priya",
        &format!(
            "visit log market:\"{}\" with:@Asha {}",
            long(MIXED, Input::Market.max_chars()),
            text(0, Input::Learning)
        ),
    );
    scenario.ok(
        "Asha",
        &format!("request pos {}", long(ESCAPED, Input::Title.max_chars())),
    );
    let promise = |n: usize| text(n, Input::ActionText);
    for (n, source) in ["ANS-1", "VIS-1", "REQ-1", "ANS-1"].iter().enumerate() {
        scenario.ok(
            "Priya",
            &format!("action add {source} {} due:2026-12-09", promise(n)),
        );
    }
    scenario.ok("Priya", &format!("action done ACT-1 {}", promise(1)));
    scenario.ok("Asha", "action rate ACT-1 no");
    scenario.ok("Priya", &format!("action done ACT-2 {}", promise(2)));
    scenario.ok("Rohan", &format!("action drop ACT-4 {}", promise(2)));
    for (who, line) in [
        ("Asha", "show ACT-1"),
        ("Asha", "show ACT-2"),
        ("Rohan", "show ACT-4"),
        ("Priya", "action list"),
        ("Rohan", "action list all"),
        ("Meera", "digest"),
    ] {
        scenario.ok(who, line);
    }
    // ACT-3 goes overdue: its owner is reminded, and the digest of the week reports it.
    scenario.run_to(local(Kolkata, 2026, 12, 15, 12, 0));
    assert!(
        scenario.sent().len() > 10,
        "DMs, thread lines, reminders and digests were sent and checked ({})",
        scenario.sent().len()
    );
}
