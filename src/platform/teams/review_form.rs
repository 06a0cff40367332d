//! A launch review's form in Teams: the prompt answer form (`card::answer_form`) with a cause
//! and a score to choose, whose data names the launch; and that form as shared.

use serde_json::{Value, json};

use super::form::answer_input;
use crate::command::{Command, ReviewFormField, parse_review_form};
use crate::domain::prompt::MAX_QUESTIONS;
use crate::message::ReviewChoices;

/// In a launch review's form data: the launch it answers (instead of `answers_to`).
pub const DATA_REVIEW_OF: &str = "review_of";
/// A review form's inputs: the cause and the score chosen.
pub const INPUT_CAUSE: &str = "cause";
pub const INPUT_SCORE: &str = "score";

/// A review's cause and score, each a list to choose from, with the earlier choice chosen.
pub fn inputs(choices: &ReviewChoices) -> [Value; 2] {
    let list = |values: Vec<String>| -> Vec<Value> {
        values
            .into_iter()
            .map(|v| json!({"title": v, "value": v}))
            .collect()
    };
    let scores = (1..=5).map(|n| n.to_string()).collect();
    [
        json!({
            "type": "Input.ChoiceSet", "id": INPUT_CAUSE, "label": "Main cause",
            "style": "compact", "choices": list(choices.causes.clone()),
            "value": choices.cause.clone().unwrap_or_default(),
        }),
        json!({
            "type": "Input.ChoiceSet", "id": INPUT_SCORE, "label": "Score (1–5)",
            "style": "compact", "choices": list(scores),
            "value": choices.score.map(|s| s.to_string()).unwrap_or_default(),
        }),
    ]
}

/// The answers, cause and score a shared review form holds, as `Command::AnswerReview`, or
/// what is wrong with them; `None` when `data` is not a review form.
pub(super) fn submitted(data: &Value) -> Option<Result<Command, String>> {
    let launch = data.get(DATA_REVIEW_OF)?.as_str()?;
    let fields = (1..=MAX_QUESTIONS).filter_map(|question| {
        let text = data.get(answer_input(question))?.as_str()?;
        Some((question, text.to_string()))
    });
    let choice = |key: &str| data.get(key).and_then(Value::as_str);
    Some(
        parse_review_form(launch, fields, choice(INPUT_CAUSE), choice(INPUT_SCORE)).map_err(
            |problem| match problem.field() {
                ReviewFormField::Question(n) if n > 1 => format!("Answer {n}: {problem}"),
                _ => problem.to_string(),
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::AnswerForm;

    #[test]
    fn a_review_form_adds_a_cause_and_a_score_and_says_which_launch_it_answers() {
        let form = AnswerForm {
            prompt: "diwali-27".into(),
            round: "review".into(),
            questions: vec!["What went well?".into()],
            answers: vec![Some("sold out".into())],
            review: Some(ReviewChoices {
                causes: vec!["pricing".into(), "timing".into()],
                cause: None,
                score: Some(4),
            }),
            input: crate::domain::Input::Answer,
        };
        let card = super::super::form::answer_form(&form);
        assert_eq!(card["body"][1]["value"], "sold out");
        assert_eq!(card["body"][2]["id"], INPUT_CAUSE);
        assert_eq!(card["body"][2]["choices"][1]["value"], "timing");
        assert_eq!(card["body"][3]["id"], INPUT_SCORE);
        assert_eq!(card["body"][3]["value"], "4");
        let data = &card["actions"][0]["data"];
        assert_eq!(data[DATA_REVIEW_OF], "diwali-27");
        assert!(
            data.get(super::super::card::DATA_ANSWERS_TO).is_none(),
            "not a prompt's form"
        );
    }

    #[test]
    fn a_shared_review_form_is_a_review_answer_with_its_cause_and_score() {
        let data = json!({
            "command": "answer diwali-27", "review_of": "diwali-27",
            "answer2": "stock came late", "cause": "timing", "score": "2",
        });
        let Some(Ok(Command::AnswerReview { launch, given })) = submitted(&data) else {
            panic!("a review answer");
        };
        assert_eq!(launch, "diwali-27");
        assert_eq!(given.answers[0].0, 2);
        assert_eq!(given.cause.as_deref(), Some("timing"));
        assert_eq!(given.score.map(|s| s.get()), Some(2));
        let empty = json!({"review_of": "diwali-27", "answer1": " ", "cause": "", "score": ""});
        assert_eq!(
            submitted(&empty),
            Some(Err(
                "Answer a question, or choose a cause or a score.".into()
            ))
        );
        assert_eq!(submitted(&json!({"answers_to": "market-pulse"})), None);
    }
}
