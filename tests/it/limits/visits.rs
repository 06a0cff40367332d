//! Market visits with the longest markets, learnings, notes and reasons: the Sales channel's
//! cards, the companion's DMs, the day-after ask, `visit list`, the digest and the lead's
//! monthly line all fit Slack and Teams, whole.

use tandem::domain::Input;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use crate::looping::{ZONES, utc};

#[test]
fn visits_with_the_longest_texts_fit_everywhere() {
    // Tue 1 Dec 2026, 10:00 in Kolkata.
    let mut scenario = Scenario::new(ZONES, utc(2026, 12, 1, 4, 30));
    let market = long(MIXED, Input::Market.max_chars());
    let text = |n: usize, input: Input| long([ESCAPED, WIDE, MIXED][n % 3], input.max_chars());
    for n in 0..3 {
        scenario.ok(
            "Priya",
            &format!(
                "visit log market:\"{market}\" with:@Asha kind:ride-along {}",
                text(n, Input::Learning)
            ),
        );
    }
    scenario.ok(
        "Asha",
        &format!("visit vouch VIS-1 {}", text(0, Input::Reason)),
    );
    scenario.ok(
        "Asha",
        &format!("visit dispute VIS-2 {}", text(1, Input::Reason)),
    );
    scenario.ok(
        "Rohan",
        &format!("visit vouch VIS-2 {}", text(2, Input::Reason)),
    );
    scenario.ok(
        "Priya",
        &format!("visit plan market:\"{market}\" on:2026-12-03 with:@Asha"),
    );
    scenario.ok(
        "Asha",
        &format!(
            "visit invite @Priya market:\"{market}\" on:2026-12-10 {}",
            text(1, Input::Note)
        ),
    );
    scenario.ok("Priya", "visit accept VIS-5");
    scenario.ok(
        "Oliver",
        &format!("visit invite @Priya market:\"{market}\" on:2026-12-11"),
    );
    scenario.ok(
        "Priya",
        &format!("visit decline VIS-6 {}", text(2, Input::Reason)),
    );
    // The day after the planned visit Priya is asked what she learnt; she says.
    scenario.run_to(utc(2026, 12, 4, 12, 0));
    scenario.ok(
        "Priya",
        &format!("visit log VIS-4 {}", text(0, Input::Learning)),
    );
    for (who, line) in [
        ("Priya", "visit list"),
        ("Priya", "visit list mine month:2026-12"),
        ("Rohan", "visit list team"),
        ("Asha", "visit list"),
        ("Meera", "digest"),
    ] {
        scenario.ok(who, line);
    }
    // The digest, the nudges and the lead's monthly line, into January.
    scenario.run_to(utc(2027, 1, 5, 12, 0));
    assert!(
        scenario.sent().len() > 10,
        "cards, DMs and the digest were sent and checked ({})",
        scenario.sent().len()
    );
}
