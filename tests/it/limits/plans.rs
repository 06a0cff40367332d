//! A planning round with the longest inputs everywhere — ten long sections, many long inputs,
//! long objections and drafts, thirty lines with long labels and reasons — and every reply,
//! DM, reminder, digest and the agreed plan's card fit Slack and Teams, whole.

use tandem::domain::plan::{MAX_LINES, MAX_SECTIONS, SECTION_CHARS};
use tandem::domain::{Identity, Input};
use tandem::message::{Destination, Op, Outgoing};

use super::check::{ESCAPED, MIXED, Scenario, WIDE, check, long};
use crate::looping::{ZONES, utc};

#[test]
fn a_round_with_the_longest_inputs_fits_everywhere() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 11, 30, 4, 30));
    let sections: Vec<String> = (0..MAX_SECTIONS)
        .map(|n| {
            format!(
                "{n}{}",
                long([ESCAPED, WIDE, MIXED][n % 3], SECTION_CHARS - 1)
            )
        })
        .collect();
    scenario.ok(
        "Meera",
        &format!(
            "plan open fy27 due:2026-12-04 sections:\"{}\"",
            sections.join(", ")
        ),
    );
    let text = |n: usize| long([ESCAPED, WIDE, MIXED][n % 3], Input::PlanText.max_chars());
    for n in 0..14 {
        for who in ["Asha", "Priya"] {
            scenario.ok(who, &format!("plan input fy27 1 {}", text(n)));
        }
    }
    for n in 0..12 {
        scenario.ok("Asha", &format!("plan object fy27 1 {}", text(n)));
        let how = long(MIXED, Input::PlanText.max_chars());
        scenario.ok("Rohan", &format!("plan resolve fy27 {} {how}", n + 1));
    }
    for section in 1..=MAX_SECTIONS {
        scenario.ok(
            "Rohan",
            &format!("plan draft fy27 {section} {}", text(section)),
        );
    }
    let label = long(WIDE, Input::LineLabel.max_chars());
    for line in 1..=MAX_LINES {
        scenario.ok("Meera", &format!("plan line fy27 {label}"));
        scenario.ok("Asha", &format!("plan figure fy27 {line} 123456789012.25"));
        scenario.ok("Priya", &format!("plan figure fy27 {line} 1000"));
        let reason = long(ESCAPED, Input::Reason.max_chars());
        scenario.ok("Rohan", &format!("plan agree fy27 {line} 5000000 {reason}"));
    }
    let refused = scenario.say("Meera", &format!("plan line fy27 {label}"));
    assert!(
        refused.text().contains("as many as a plan takes"),
        "{}",
        refused.text()
    );
    for who in ["Asha", "Priya"] {
        scenario.ok(who, "plan show fy27");
        scenario.ok(who, "plan show fy27 1");
        scenario.ok(who, "plan list");
        scenario.ok(who, "plan input fy27");
        scenario.ok(who, "digest");
    }
    scenario.run_to(utc(2026, 12, 9, 12, 0));
    let reminded = scenario
        .sent()
        .iter()
        .filter(|(_, o)| {
            o.message
                .header
                .as_deref()
                .is_some_and(|h| h.contains("past its due date"))
        })
        .count();
    assert!(reminded > 0, "leads were reminded");
    scenario.ok("Meera", "plan signoff fy27");
    scenario.ok("Rohan", "plan signoff fy27");
    let agreed = scenario
        .sent()
        .iter()
        .filter(|(_, o)| o.to == Destination::Channel("joint".into()))
        .filter(|(_, o)| {
            o.message
                .header
                .as_deref()
                .is_some_and(|h| h.starts_with("Plan agreed"))
        })
        .count();
    assert_eq!(
        agreed, 1,
        "the agreed plan in #joint, checked like every message"
    );
    for line in 1..=MAX_LINES {
        scenario.ok("Rohan", &format!("plan actual fy27 {line} 999999.5"));
    }
    for who in ["Asha", "Priya"] {
        scenario.ok(who, "plan show fy27");
        scenario.ok(who, "plan show fy27 1 page:2");
    }

    let form = scenario
        .run
        .bot
        .answer_form(&Identity::Name("Asha".into()), "fy27");
    assert!(form.is_err(), "an agreed plan takes no input");
}

#[test]
fn a_plans_input_form_with_ten_long_sections_fits_slack_and_teams() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 11, 30, 4, 30));
    let sections: Vec<String> = (0..MAX_SECTIONS)
        .map(|n| format!("{n}{}", long(WIDE, SECTION_CHARS - 1)))
        .collect();
    scenario.ok(
        "Meera",
        &format!(
            "plan open fy27 due:2026-12-04 sections:\"{}\"",
            sections.join(", ")
        ),
    );
    let form = scenario
        .run
        .bot
        .answer_form(&Identity::Name("Asha".into()), "fy27")
        .expect("a form");
    assert_eq!(form.questions.len(), MAX_SECTIONS);
    let outgoing = Outgoing {
        to: Destination::Person(tandem::domain::PersonName::new("Asha")),
        op: Op::PostForm(form.clone()),
        message: tandem::message::Message::text("form"),
    };
    check("the plan's form", &outgoing.message, &outgoing.op);
    let modal = serde_json::to_value(tandem::platform::slack::answer_modal(&form)).expect("json");
    super::slack_rules::check_view(&modal).unwrap_or_else(|r| panic!("Slack: {r}"));
}

#[test]
fn a_plans_input_form_holds_what_typing_holds_and_a_prompts_form_an_answer() {
    let mut scenario = Scenario::new(ZONES, utc(2026, 12, 4, 11, 0));
    scenario.ok("Meera", "plan open fy27 due:2026-12-18");
    let asha = Identity::Name("Asha".into());
    let form = scenario.run.bot.answer_form(&asha, "fy27").expect("a form");
    assert_eq!(form.input, Input::PlanText);
    let modal = serde_json::to_value(tandem::platform::slack::answer_modal(&form)).expect("json");
    assert_eq!(
        modal["blocks"][1]["element"]["max_length"],
        Input::PlanText.max_chars(),
        "{modal}"
    );
    // Submitted: an input as long as a typed one is taken.
    let longest = long(MIXED, Input::PlanText.max_chars());
    let submit = |prompt: &str, text: &str| {
        let command = tandem::command::parse_answer_form(prompt, [(1, text.to_string())])
            .expect("the form's fields");
        let bot = &scenario.run.bot;
        bot.settle_blocking(bot.handle_command(&asha, command))
    };
    let taken = submit("fy27", &longest);
    assert_eq!(
        taken.outcome,
        tandem::bot::Outcome::Done,
        "{}",
        taken.text()
    );
    // A prompt's answer form still holds an answer's limit, even from a forged submission.
    let answer = long(MIXED, Input::Answer.max_chars() + 1);
    let refused = submit("market-pulse", &answer);
    assert_eq!(refused.outcome, tandem::bot::Outcome::Refused);
    assert_eq!(
        refused.text(),
        "Answer 1: too long: it is 1001 characters long; the limit is 1000."
    );
}
