//! The neutral message model as Teams shows it: plain text for plain answers, an Adaptive
//! Card (1.5, the most Teams renders) for anything with a header, fields or buttons.
//! A button is an `Action.Execute` (with an `Action.Submit` fallback for older clients)
//! whose data is the command line it stands for.

use serde_json::{Value, json};

use crate::bot::AnswerForm;
use crate::domain::Text;
use crate::message::{Block, Button, ButtonStyle, CardKey, Message};

pub const CARD_CONTENT_TYPE: &str = "application/vnd.microsoft.card.adaptive";
/// The one `Action.Execute` verb Tandem answers.
pub const VERB: &str = "tandem";
/// Keys of a button's data.
pub const DATA_COMMAND: &str = "command";
pub const DATA_INPUT: &str = "input";
pub const DATA_CARD: &str = "card";
/// In an answer form's data: the prompt it answers.
pub const DATA_ANSWERS_TO: &str = "answers_to";

/// The input of question `n` (from 1) in an answer form.
pub fn answer_input(n: usize) -> String {
    format!("answer{n}")
}

/// A message activity carrying `message`; `card` names the request card it is, if any.
pub fn message_activity(message: &Message, card: Option<&CardKey>) -> Value {
    if is_plain(message) && card.is_none() {
        return json!({
            "type": "message",
            "text": crate::message::render_plain(message),
            "textFormat": "markdown",
        });
    }
    json!({
        "type": "message",
        "summary": message.summary(),
        "attachments": [{
            "contentType": CARD_CONTENT_TYPE,
            "content": adaptive_card(message, card),
        }],
    })
}

/// The Adaptive Card for `message`.
pub fn adaptive_card(message: &Message, card: Option<&CardKey>) -> Value {
    let mut body = Vec::new();
    if let Some(header) = &message.header {
        body.push(json!({
            "type": "TextBlock", "text": header, "weight": "Bolder", "size": "Medium",
            "wrap": true, "style": "heading",
        }));
    }
    let mut inputs = 0;
    for block in &message.blocks {
        body.push(match block {
            Block::Text { text } => json!({"type": "TextBlock", "text": text, "wrap": true}),
            Block::Fields { fields } => json!({
                "type": "FactSet",
                "facts": fields.iter().map(|f| json!({"title": f.label, "value": f.value})).collect::<Vec<_>>(),
            }),
            Block::Context { text } => json!({
                "type": "TextBlock", "text": text, "isSubtle": true, "size": "Small", "wrap": true,
            }),
            Block::Actions { buttons } => json!({
                "type": "ActionSet",
                "actions": buttons.iter().map(|b| action(b, card, &mut inputs)).collect::<Vec<_>>(),
            }),
            Block::Columns { columns } => super::columns::column_set(columns),
        });
    }
    json!({
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "msteams": {"width": "Full"},
    })
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
            "label": format!("{}. {question}", i + 1), "value": earlier,
            "isMultiline": true, "maxLength": Text::MAX_CHARS,
        }));
    }
    let mut data = json!({
        DATA_COMMAND: format!("answer {}", form.prompt),
        DATA_ANSWERS_TO: form.prompt,
    });
    if let Some(choices) = &form.review {
        body.extend(super::review_form::inputs(choices));
        data = json!({
            DATA_COMMAND: format!("answer {}", form.prompt),
            super::review_form::DATA_REVIEW_OF: form.prompt,
        });
    }
    json!({
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "actions": [{
            "type": "Action.Execute", "title": "Share", "verb": VERB, "data": data,
            "style": "positive",
            "fallback": {"type": "Action.Submit", "title": "Share", "data": data},
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

/// A button. One that asks for a text opens a small card with a required input and the
/// button that sends both.
fn action(button: &Button, card: Option<&CardKey>, inputs: &mut usize) -> Value {
    let Some(asks) = &button.asks_for else {
        return execute(button, card, None);
    };
    *inputs += 1;
    let input_id = format!("input{inputs}");
    json!({
        "type": "Action.ShowCard",
        "title": button.label,
        "card": {
            "type": "AdaptiveCard",
            "body": [{
                "type": "Input.Text", "id": input_id, "label": asks, "isRequired": true,
                "isMultiline": true, "maxLength": 500,
                "errorMessage": format!("{asks} is required."),
            }],
            "actions": [execute(button, card, Some(&input_id))],
        },
    })
}

fn execute(button: &Button, card: Option<&CardKey>, input: Option<&str>) -> Value {
    let mut data = json!({ DATA_COMMAND: button.command });
    if let Some(input) = input {
        data[DATA_INPUT] = json!(input);
    }
    if let Some(card) = card {
        data[DATA_CARD] = json!(card.as_str());
    }
    let title = button.label.trim_end_matches('…');
    let mut action = json!({
        "type": "Action.Execute", "title": title, "verb": VERB, "data": data,
        "fallback": {"type": "Action.Submit", "title": title, "data": data},
    });
    let style = match button.style {
        ButtonStyle::Primary => Some("positive"),
        ButtonStyle::Danger => Some("destructive"),
        ButtonStyle::Default => None,
    };
    if let Some(style) = style {
        action["style"] = json!(style);
    }
    action
}

fn is_plain(message: &Message) -> bool {
    message.header.is_none()
        && message
            .blocks
            .iter()
            .all(|b| matches!(b, Block::Text { .. } | Block::Context { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Field;

    fn request_card() -> Message {
        Message::with_header("REQ-1 · Diwali shelf talkers")
            .push(Block::Fields {
                fields: vec![Field::new("Status", "Open")],
            })
            .push(Block::Actions {
                buttons: vec![
                    Button::new("Acknowledge", "ack REQ-1".into(), ButtonStyle::Primary),
                    Button::new("Decline…", "decline REQ-1".into(), ButtonStyle::Danger)
                        .asking_for("Reason"),
                ],
            })
    }

    #[test]
    fn buttons_become_execute_actions_with_a_submit_fallback_and_a_required_reason() {
        let key = CardKey::request(crate::domain::RequestId::new(1).expect("id"));
        let card = adaptive_card(&request_card(), Some(&key));
        assert_eq!(card["version"], "1.5");
        let actions = &card["body"][2]["actions"];
        assert_eq!(actions[0]["type"], "Action.Execute");
        assert_eq!(actions[0]["verb"], VERB);
        assert_eq!(actions[0]["data"]["command"], "ack REQ-1");
        assert_eq!(actions[0]["data"]["card"], "REQ-1");
        assert_eq!(actions[0]["fallback"]["type"], "Action.Submit");
        assert_eq!(actions[0]["fallback"]["data"], actions[0]["data"]);
        let decline = &actions[1]["card"];
        assert_eq!(decline["body"][0]["type"], "Input.Text");
        assert_eq!(decline["body"][0]["isRequired"], true);
        let send = &decline["actions"][0];
        assert_eq!(send["title"], "Decline");
        assert_eq!(send["data"]["input"], decline["body"][0]["id"]);
    }

    #[test]
    fn an_answer_form_has_a_field_per_question_filled_with_earlier_answers() {
        let form = AnswerForm {
            prompt: "market-pulse".into(),
            round: "Fri 4 Dec 16:00".into(),
            questions: vec!["What are customers saying?".into(), "What helped?".into()],
            answers: vec![None, Some("The shelf talkers".into())],
            review: None,
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
    fn plain_answers_are_text_and_cards_are_attachments() {
        let text = message_activity(&Message::text("Filed REQ-1."), None);
        assert_eq!(text["text"], "Filed REQ-1.");
        let card = message_activity(&request_card(), None);
        assert_eq!(card["attachments"][0]["contentType"], CARD_CONTENT_TYPE);
        assert!(card.get("text").is_none());
    }
}
