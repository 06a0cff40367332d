//! A prompt's answer form as an Adaptive Card: a field per question, as long as an answer may
//! be (`form.input`: an answer, or a plan input), filled with the answers given so far, and one button that shares them.
//! Ten questions with the longest answers fit Teams' size limit.

use serde_json::{Value, json};

use super::card::{CARD_CONTENT_TYPE, DATA_ANSWERS_TO, DATA_COMMAND, VERB};
use crate::bot::AnswerForm;
use crate::domain::Input;

/// The input of question `n` (from 1) in an answer form.
pub fn answer_input(n: usize) -> String {
    format!("answer{n}")
}

/// A prompt round's questions as a form: a field per question, filled with the answers given
/// so far, and one button that shares them.
pub fn answer_form(form: &AnswerForm) -> Value {
    let mut body = vec![json!({
        "type": "TextBlock", "text": format!("{} · {}", form.prompt, form.round),
        "weight": "Bolder", "size": "Medium", "wrap": true, "style": "heading",
    })];
    for (i, question) in form.questions.iter().enumerate() {
        let earlier = form.answers.get(i).cloned().flatten().unwrap_or_default();
        body.push(json!({
            "type": "Input.Text", "id": answer_input(i + 1),
            "label": format!("{}. {question}", i + 1), "value": within_limit(&earlier, form.input),
            "isMultiline": true, "maxLength": form.input.max_chars(),
        }));
    }
    let mut data = json!({
        DATA_COMMAND: format!("answer {}", form.prompt),
        DATA_ANSWERS_TO: form.prompt,
    });
    // A launch review's form: a cause and a score to choose too, submitted as a review answer.
    if let Some(choices) = &form.review {
        body.extend(super::review_form::inputs(choices));
        data = json!({
            DATA_COMMAND: format!("answer {}", form.prompt),
            super::review_form::DATA_REVIEW_OF: form.prompt,
        });
    }
    form_card(body, "Share", &data)
}

/// A form's card: its fields, and one send button (`title`) that submits `data` with them,
/// as an `Action.Execute` with a plain submit for older clients.
pub(super) fn form_card(body: Vec<Value>, title: &str, data: &Value) -> Value {
    json!({
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "actions": [{
            "type": "Action.Execute", "title": title, "verb": VERB, "data": data,
            "style": "positive",
            "fallback": {"type": "Action.Submit", "title": title, "data": data},
        }],
        "msteams": {"width": "Full"},
    })
}

/// A message activity carrying an answer form.
pub fn answer_form_activity(form: &AnswerForm) -> Value {
    json!({
        "type": "message",
        "summary": format!("Your answers to {}", form.prompt),
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": answer_form(form)}],
    })
}

/// An answer kept from before the limit was lowered shows cut, visibly.
fn within_limit(answer: &str, input: Input) -> String {
    let max = input.max_chars();
    if answer.chars().count() <= max {
        return answer.to_string();
    }
    let cut: String = answer.chars().take(max - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::prompt::MAX_QUESTIONS;
    use crate::platform::teams::budget::{MAX_ACTIVITY_BYTES, size};

    #[test]
    fn an_answer_form_has_a_field_per_question_filled_with_earlier_answers() {
        let form = AnswerForm {
            prompt: "market-pulse".into(),
            round: "Fri 4 Dec 16:00".into(),
            questions: vec!["What are customers saying?".into(), "What helped?".into()],
            answers: vec![None, Some("The shelf talkers".into())],
            review: None,
            input: crate::domain::Input::Answer,
        };
        let card = answer_form(&form);
        assert_eq!(card["body"][0]["text"], "market-pulse · Fri 4 Dec 16:00");
        let first = &card["body"][1];
        assert_eq!(first["type"], "Input.Text");
        assert_eq!(first["id"], "answer1");
        assert_eq!(first["label"], "1. What are customers saying?");
        assert_eq!(first["value"], "");
        assert_eq!(card["body"][2]["value"], "The shelf talkers");
        let share = &card["actions"][0];
        assert_eq!(share["verb"], VERB);
        assert_eq!(share["data"][DATA_ANSWERS_TO], "market-pulse");
        assert_eq!(share["fallback"]["data"], share["data"]);
    }

    #[test]
    fn ten_questions_with_the_longest_answers_of_the_widest_characters_fit_teams() {
        let form = AnswerForm {
            prompt: "p".repeat(Input::Name.max_chars()),
            round: "Fri 4 Dec 16:00".into(),
            questions: vec!["\"🎉".repeat(Input::Question.max_chars() / 2); MAX_QUESTIONS],
            answers: vec![Some("🎉".repeat(Input::Answer.max_chars())); MAX_QUESTIONS],
            review: None,
            input: crate::domain::Input::Answer,
        };
        let activity = answer_form_activity(&form);
        assert!(
            size(&activity) <= MAX_ACTIVITY_BYTES,
            "{} bytes",
            size(&activity)
        );
    }
}
