//! A pairing round whose introductions draw on the longest records (a request's longest title
//! and market, a visit's longest learnings, the longest prompt answers), with the longest
//! takeaway: the introductions, "did you meet?", the takeaway, `pair list` and the digest fit
//! Slack and Teams, whole.

use chrono_tz::Asia::Kolkata;
use tandem::domain::Input;
use tandem::message::render_plain;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use crate::looping::{ZONES, local};

#[test]
fn a_round_drawing_on_the_longest_records_fits_everywhere() {
    let config = format!("{ZONES}[pairing]\ncron = \"0 0 10 * * Mon\"\n");
    // Wednesday 25 November: the prompt round on Friday, the first pairs on Monday the 30th.
    let mut scenario = Scenario::new(&config, local(Kolkata, 2026, 11, 25, 12, 0));
    let text = |n: usize, input: Input| long([ESCAPED, WIDE, MIXED][n % 3], input.max_chars());
    let market = long(ESCAPED, Input::Market.max_chars());
    scenario.ok(
        "Asha",
        &format!("request pos {} market:\"{market}\"", text(2, Input::Title)),
    );
    scenario.ok("Priya", "ack 1");
    scenario.ok(
        "Priya",
        &format!(
            "visit log market:\"{market}\" with:@Asha {}",
            text(0, Input::Learning)
        ),
    );
    scenario.run_to(local(Kolkata, 2026, 11, 27, 17, 0));
    let answers = format!(
        "1:\"{}\" 2:\"{}\"",
        text(1, Input::Answer),
        text(2, Input::Answer)
    );
    scenario.ok("Asha", &format!("answer market-pulse {answers}"));
    scenario.run_to(local(Kolkata, 2026, 11, 30, 11, 0));
    let introduced = scenario
        .sent()
        .iter()
        .filter(|(_, o)| render_plain(&o.message).contains("PAIR-1"))
        .count();
    assert!(introduced > 0, "the round formed and PAIR-1 was introduced");
    // A week later each is asked; Asha met Priya and says what she took away.
    scenario.run_to(local(Kolkata, 2026, 12, 7, 12, 0));
    scenario.ok(
        "Asha",
        &format!("pair met PAIR-1 yes {}", text(0, Input::Note)),
    );
    for (who, line) in [
        ("Asha", "pair list"),
        ("Meera", "pair list all"),
        ("Rohan", "digest"),
    ] {
        scenario.ok(who, line);
    }
    scenario.run_to(local(Kolkata, 2026, 12, 15, 12, 0));
}
