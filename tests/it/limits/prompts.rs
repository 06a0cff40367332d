//! A prompt with the most questions, each as long as the config allows, answered with the
//! longest answers: the DMs, the round's card, the answers in its thread, the reminder, the
//! forms and the digest all fit Slack and Teams.

use chrono_tz::Asia::Kolkata;
use tandem::domain::prompt::MAX_QUESTIONS;
use tandem::domain::{Identity, Input};
use tandem::message::Op;
use tandem::platform::slack::{answer_modal, reason_modal, request_modal};

use super::check::{MIXED, Scenario, WIDE, check, long};
use super::slack_rules::check_view;
use crate::looping::local;

fn config(id: &str) -> String {
    let question = long(MIXED, Input::Question.max_chars());
    let questions = vec![format!("\"{question}\""); MAX_QUESTIONS].join(", ");
    format!(
        r#"
timezone = "Asia/Kolkata"
[channels]
sales = {{ slack = "C0SALES" }}
marketing = {{ slack = "C0MKTG" }}
joint = {{ slack = "C0JOINT" }}
[[people]]
name = "Asha"
team = "sales"
[[people]]
name = "Meera"
team = "sales"
role = "lead"
[[people]]
name = "Priya"
team = "marketing"
[[people]]
name = "Rohan"
team = "marketing"
role = "lead"
[[prompts]]
id = "{id}"
team = "sales"
cron = "0 0 16 * * Fri"
questions = [{questions}]
[digest]
cron = "0 0 9 * * Mon"
channel = "joint"
"#
    )
}

#[test]
fn the_longest_prompt_answered_at_length_renders_whole_everywhere() {
    let id = long("pulse-", Input::Name.max_chars());
    let start = local(Kolkata, 2026, 11, 30, 10, 0);
    let mut scenario = Scenario::new(&config(&id), start);
    scenario.run_to(local(Kolkata, 2026, 12, 4, 17, 0));
    let asked = scenario.sent().len();
    assert!(asked >= 2, "the questions went to Asha and Meera by DM");

    let answers: Vec<String> = (1..=MAX_QUESTIONS)
        .map(|n| {
            let pattern = if n % 2 == 0 { WIDE } else { MIXED };
            format!("{n}:\"{}\"", long(pattern, Input::Answer.max_chars()))
        })
        .collect();
    scenario.ok("Asha", &format!("answer {id} {}", answers.join(" ")));
    assert!(
        scenario.sent().len() >= asked + 2,
        "the round's card and the answers"
    );
    scenario.ok("Asha", &format!("answer {id}"));

    let form = scenario
        .run
        .bot
        .answer_form(&Identity::Name("Asha".into()), &id)
        .unwrap_or_else(|why| panic!("a form: {}", why.text()));
    assert!(form.answers.iter().all(Option::is_some), "filled in");
    let modal = serde_json::to_value(answer_modal(&form)).expect("serialises");
    check_view(&modal).unwrap_or_else(|refusal| panic!("the answer form: {refusal}"));
    check(
        "the Teams answer form",
        &tandem::message::Message::default(),
        &Op::PostForm(form),
    );

    scenario.run_to(local(Kolkata, 2026, 12, 7, 10, 0));
    let texts: Vec<String> = scenario
        .sent()
        .iter()
        .map(|(_, o)| tandem::message::render_plain(&o.message))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("a gentle reminder")),
        "Meera's reminder"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("Weekly digest")),
        "the digest"
    );
    scenario.ok("Rohan", "digest");
}

#[test]
fn every_form_fits_slack() {
    let kinds = tandem::domain::Kinds::default();
    let request = serde_json::to_value(request_modal(&kinds, "C0SALES")).expect("serialises");
    check_view(&request).unwrap_or_else(|refusal| panic!("the request form: {refusal}"));
    for input in Input::ALL {
        let view =
            serde_json::to_value(reason_modal("decline REQ-123456", input, &[])).expect("json");
        check_view(&view).unwrap_or_else(|refusal| panic!("the {input} form: {refusal}"));
        let max = view["blocks"][1]["element"]["max_length"].as_u64();
        assert_eq!(
            max,
            Some(input.max_chars() as u64),
            "{input}: as long as typed"
        );
    }
}
