//! The neutral message model as Teams shows it: plain text for plain answers, an Adaptive
//! Card (1.5, the most Teams renders) for anything with a header, fields or buttons, each held
//! to Teams' limits (`budget`). A button is an `Action.Execute` (with an `Action.Submit`
//! fallback for older clients) whose data is the command line it stands for; a row shows at
//! most six, and says how to type the others.

use serde_json::{Value, json};

use super::budget::{MAX_ACTIONS, fit};
use crate::message::{Block, Button, ButtonStyle, CardKey, Message};

pub const CARD_CONTENT_TYPE: &str = "application/vnd.microsoft.card.adaptive";
/// The one `Action.Execute` verb Tandem answers.
pub const VERB: &str = "tandem";
/// Keys of a button's data.
pub const DATA_COMMAND: &str = "command";
pub const DATA_INPUT: &str = "input";
pub const DATA_CARD: &str = "card";
/// Which inputs hold a button form's optional fields: `{"owner": "input1_owner"}`.
pub const DATA_OPTIONS: &str = "options";
/// In an answer form's data: the prompt it answers.
pub const DATA_ANSWERS_TO: &str = "answers_to";

/// A message activity carrying `message`, within Teams' size limit; `card` names the request
/// card it is, if any.
pub fn message_activity(message: &Message, card: Option<&CardKey>) -> Value {
    let mut activity = fit(message, |message| activity(message, card));
    with_pictures(&mut activity, message);
    activity
}

/// Each `Block::Image` as an inline PNG attachment (a `data:` URL) after the card: Teams shows
/// it in the message. Outside the card's budget, which holds for text; a picture that cannot
/// be read is said in words instead.
fn with_pictures(activity: &mut Value, message: &Message) {
    use base64::Engine;
    for block in &message.blocks {
        let Block::Image { path, alt } = block else {
            continue;
        };
        let attachment = match std::fs::read(path) {
            Ok(bytes) => json!({
                "contentType": "image/png",
                "contentUrl": format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                ),
                "name": alt,
            }),
            Err(error) => {
                tracing::warn!(%error, path, "teams: a picture could not be read");
                continue;
            }
        };
        // A picture that would take the message over Teams' limit is left off (Teams would
        // refuse the whole message); the card still has the summary and the page's path.
        let size = |v: &Value| serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
        if size(activity).saturating_add(size(&attachment)) > super::budget::BUDGET_BYTES {
            tracing::warn!(
                path,
                "teams: a picture too large for a message was left off"
            );
            continue;
        }
        match activity
            .get_mut("attachments")
            .and_then(Value::as_array_mut)
        {
            Some(list) => list.push(attachment),
            None => activity["attachments"] = json!([attachment]),
        }
    }
}

/// The Adaptive Card for `message`, within Teams' size limit (an action's answer).
pub fn adaptive_card(message: &Message, card: Option<&CardKey>) -> Value {
    fit(message, |message| card_of(message, card))
}

fn activity(message: &Message, card: Option<&CardKey>) -> Value {
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
            "content": card_of(message, card),
        }],
    })
}

fn card_of(message: &Message, card: Option<&CardKey>) -> Value {
    let mut body = Vec::new();
    if let Some(header) = &message.header {
        body.push(json!({
            "type": "TextBlock", "text": header, "weight": "Bolder", "size": "Medium",
            "wrap": true, "style": "heading",
        }));
    }
    let mut inputs = 0;
    for block in &message.blocks {
        match block {
            Block::Text { text } => {
                body.push(json!({"type": "TextBlock", "text": text, "wrap": true}));
            }
            Block::Fields { fields } => body.push(json!({
                "type": "FactSet",
                "facts": fields.iter().map(|f| json!({"title": f.label, "value": f.value})).collect::<Vec<_>>(),
            })),
            Block::Context { text } => body.push(small_print(text)),
            Block::Columns { columns } => body.push(super::columns::column_set(columns)),
            // Pictures go beside the card, as the activity's image attachments.
            Block::Image { .. } => {}
            Block::Actions { buttons } => {
                let (shown, typed) = buttons.split_at(buttons.len().min(MAX_ACTIONS));
                body.push(json!({
                    "type": "ActionSet",
                    "actions": shown.iter().map(|b| action(b, card, &mut inputs)).collect::<Vec<_>>(),
                }));
                if !typed.is_empty() {
                    body.push(small_print(&also_typed(typed)));
                }
            }
        }
    }
    json!({
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "msteams": {"width": "Full"},
    })
}

fn small_print(text: &str) -> Value {
    json!({"type": "TextBlock", "text": text, "isSubtle": true, "size": "Small", "wrap": true})
}

/// The buttons past the row's six, as the lines to type instead.
fn also_typed(buttons: &[Button]) -> String {
    let lines: Vec<String> = buttons
        .iter()
        .map(|b| match b.asks_for {
            Some(input) => format!("`{} <{input}>`", b.command),
            None => format!("`{}`", b.command),
        })
        .collect();
    format!("Also, typed: {}", lines.join(" · "))
}

/// A button. One that asks for a text opens a small card with a required input, as long as
/// that kind of text may be, and the button that sends both.
fn action(button: &Button, card: Option<&CardKey>, inputs: &mut usize) -> Value {
    let Some(asks) = button.asks_for else {
        return execute(button, card, None);
    };
    *inputs += 1;
    let input_id = format!("input{inputs}");
    let label = asks.label();
    let mut body = vec![json!({
        "type": "Input.Text", "id": input_id, "label": label, "isRequired": true,
        "isMultiline": true, "maxLength": asks.max_chars(),
        "errorMessage": format!("{label} is required."),
    })];
    let mut options = serde_json::Map::new();
    for option in &button.options {
        let id = format!("{input_id}_{}", option.key);
        let kind = if option.key == "due" {
            "Input.Date"
        } else {
            "Input.Text"
        };
        body.push(json!({
            "type": kind, "id": id, "label": option.label, "placeholder": option.hint,
            "isRequired": false,
        }));
        options.insert(option.key.clone(), json!(id));
    }
    let mut submit = execute(button, card, Some(&input_id));
    if !options.is_empty() {
        submit["data"][DATA_OPTIONS] = Value::Object(options.clone());
        if let Some(fallback) = submit.get_mut("fallback") {
            fallback["data"][DATA_OPTIONS] = Value::Object(options);
        }
    }
    json!({
        "type": "Action.ShowCard",
        "title": button.label,
        "card": {
            "type": "AdaptiveCard",
            "body": body,
            "actions": [submit],
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
                        .asking_for(crate::domain::Input::Reason),
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
    fn plain_answers_are_text_and_cards_are_attachments() {
        let text = message_activity(&Message::text("Filed REQ-1."), None);
        assert_eq!(text["text"], "Filed REQ-1.");
        let card = message_activity(&request_card(), None);
        assert_eq!(card["attachments"][0]["contentType"], CARD_CONTENT_TYPE);
        assert!(card.get("text").is_none());
    }

    #[test]
    fn a_picture_goes_inline_unless_it_would_take_the_message_over_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let with_picture = |bytes: usize| {
            let path = dir.path().join(format!("{bytes}.png"));
            std::fs::write(&path, vec![7u8; bytes]).expect("written");
            let message = Message::with_header("Scorecard").push(Block::Image {
                path: path.display().to_string(),
                alt: "the card".into(),
            });
            let activity = message_activity(&message, None);
            let pictures = activity["attachments"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| a["contentType"] == "image/png")
                .count();
            let size = serde_json::to_vec(&activity).map_or(0, |b| b.len());
            (pictures, size)
        };
        let (pictures, size) = with_picture(40_000);
        assert_eq!(pictures, 1);
        assert!(size <= super::super::budget::MAX_ACTIVITY_BYTES, "{size}");
        let (pictures, size) = with_picture(70_000);
        assert_eq!(pictures, 0, "left off: base64 would be 93 KB");
        assert!(size < 10_000);
    }
}
