//! A launch review with the most questions, each as long as the config allows, answered at
//! the longest by everyone in both teams, on a launch with the longest name, title and markets
//! and long linked requests: the DMs, the forms, `launch show`, the result side by side, the
//! actions on it and the digest fit Slack and Teams, whole.

use chrono_tz::Asia::Kolkata;
use tandem::domain::prompt::MAX_QUESTIONS;
use tandem::domain::{Input, LaunchName};

use tandem::message::render_plain;

use super::check::{ESCAPED, MIXED, Scenario, WIDE, long};
use crate::looping::{ZONES, local};

fn config() -> String {
    let question = long(MIXED, Input::Question.max_chars());
    let questions = vec![format!("\"{question}\""); MAX_QUESTIONS].join(", ");
    format!("{ZONES}[reviews]\nquestions = [{questions}]\n")
}

#[test]
fn a_review_answered_at_length_by_everyone_fits_everywhere() {
    let mut scenario = Scenario::new(&config(), local(Kolkata, 2026, 11, 30, 10, 0));
    let text = |n: usize, input: Input| long([ESCAPED, WIDE, MIXED][n % 3], input.max_chars());
    let name = long("masala-", LaunchName::MAX_CHARS);
    let markets = vec![long(MIXED, Input::Market.max_chars()); 3].join(", ");
    scenario.ok(
        "Rohan",
        &format!(
            "launch add {name} on:2026-11-02 markets:\"{markets}\" {}",
            text(0, Input::Title)
        ),
    );
    for n in 1..=3 {
        scenario.ok(
            "Asha",
            &format!("request pos {} launch:{name}", text(n, Input::Title)),
        );
        scenario.ok("Priya", &format!("decline {n} {}", text(n, Input::Reason)));
    }
    scenario.ok("Meera", &format!("launch review {name}"));
    let answers: String = (1..=MAX_QUESTIONS)
        .map(|q| format!(" {q}:\"{}\"", text(q, Input::Answer)))
        .collect();
    for who in ["Asha", "Oliver", "Meera", "Priya", "Rohan"] {
        scenario.ok(
            who,
            &format!("answer {name}{answers} cause:pricing score:2"),
        );
        scenario.ok(who, &format!("launch show {name}"));
    }
    scenario.ok("Meera", &format!("launch close {name}"));
    // The result pages through every answer: each page fits, says where the next one is, and
    // together they hold every answer whole.
    let mut shown = String::new();
    let mut page = 1;
    loop {
        let reply = scenario.say("Asha", &format!("launch show {name} page:{page}"));
        if reply.outcome != tandem::bot::Outcome::Done {
            assert!(
                reply.text().contains(&format!("There's no page {page}")),
                "{}",
                reply.text()
            );
            break;
        }
        shown.push_str(&squeeze(&render_plain(&reply.message)));
        page += 1;
        assert!(page < 50, "the pages end");
    }
    assert!(
        page > 3,
        "answers this long take several pages ({})",
        page - 1
    );
    for q in 1..=MAX_QUESTIONS {
        assert!(
            shown.matches(&squeeze(&text(q, Input::Answer))).count() >= 5,
            "every answer to question {q} is shown whole on some page"
        );
    }
    for (who, line) in [
        ("Asha", format!("launch show {name}")),
        ("Rohan", "launch list".to_string()),
        (
            "Priya",
            format!("action add {name} {}", text(1, Input::ActionText)),
        ),
        ("Meera", "digest".to_string()),
    ] {
        scenario.ok(who, &line);
    }
    scenario.run_to(local(Kolkata, 2026, 12, 8, 12, 0));
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
