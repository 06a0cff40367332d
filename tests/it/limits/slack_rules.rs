//! What Slack refuses, as its documentation states it, written here independently of the
//! renderer's own table: a message over 50 blocks, a section text over 3,000 characters, a
//! field over 2,000 (or more than 10), a header over 150, a context element over 2,000 (or
//! more than 10), a button's text over 75 or value over 2,000, an ID over 255 or repeated,
//! a post without a top-level text; a view over 100 blocks or with a title over 24.
//! <https://api.slack.com/reference/block-kit/blocks>

use std::collections::HashSet;

use serde_json::Value;

/// Why Slack would refuse a payload: its error code, and where.
#[derive(Debug)]
pub struct Refusal {
    pub code: &'static str,
    pub why: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.why)
    }
}

type Checked = Result<(), Refusal>;

/// A `chat.postMessage`, `chat.update`, `chat.postEphemeral` or `response_url` body.
pub fn check_message(body: &Value) -> Checked {
    let text = body.get("text").and_then(Value::as_str).unwrap_or("");
    if text.trim().is_empty() {
        return refuse("no_text", "no top-level text");
    }
    if chars(text) > 40_000 {
        return refuse(
            "msg_too_long",
            format!("text of {} characters", chars(text)),
        );
    }
    let blocks = match body.get("blocks") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(blocks)) => blocks,
        Some(_) => return refuse("invalid_blocks_format", "blocks is not a list"),
    };
    check_blocks(blocks, 50, false).map_err(|why| Refusal {
        code: "invalid_blocks",
        why,
    })
}

/// A modal or Home tab, as `views.open` or `views.publish` takes it.
pub fn check_view(view: &Value) -> Checked {
    let invalid = |why: String| Refusal {
        code: "invalid_arguments",
        why,
    };
    let blocks = view
        .get("blocks")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("a view without blocks".into()))?;
    if view["type"] == "modal" {
        for key in ["title", "submit", "close"] {
            let text = view[key]["text"].as_str().unwrap_or("");
            if key == "title" && text.is_empty() || chars(text) > 24 {
                return Err(invalid(format!("{key} of {} characters", chars(text))));
            }
        }
        let metadata = view["private_metadata"].as_str().unwrap_or("");
        if chars(metadata) > 3_000 {
            return Err(invalid("private_metadata over 3,000 characters".into()));
        }
    }
    check_blocks(blocks, 100, true).map_err(invalid)
}

fn check_blocks(blocks: &[Value], max: usize, view: bool) -> Result<(), String> {
    if blocks.len() > max {
        return Err(format!("{} blocks; at most {max}", blocks.len()));
    }
    let mut block_ids = HashSet::new();
    for (i, block) in blocks.iter().enumerate() {
        if let Some(id) = block.get("block_id").and_then(Value::as_str) {
            id_within(id).map_err(|why| format!("blocks[{i}]: {why}"))?;
            if !block_ids.insert(id) {
                return Err(format!("blocks[{i}]: block_id {id} repeated"));
            }
        }
        check_block(block, view)
            .map_err(|why| format!("blocks[{i}] ({}): {why}", block["type"]))?;
    }
    Ok(())
}

fn check_block(block: &Value, view: bool) -> Result<(), String> {
    match block["type"].as_str().unwrap_or("") {
        "header" => text_within(&block["text"], 150, &["plain_text"]),
        "section" => section(block),
        "context" => {
            let elements = list(&block["elements"], 1, 10, "elements")?;
            elements
                .iter()
                .try_for_each(|e| text_within(e, 2_000, &["mrkdwn", "plain_text"]))
        }
        "actions" => actions(block),
        "input" if view => input(block),
        other => Err(format!(
            "a block of type {other:?} is not one Tandem sends here"
        )),
    }
}

fn section(block: &Value) -> Result<(), String> {
    let text = block.get("text");
    let fields = block.get("fields");
    if text.is_none() && fields.is_none() {
        return Err("a section needs a text or fields".into());
    }
    if let Some(text) = text {
        text_within(text, 3_000, &["mrkdwn", "plain_text"])?;
    }
    if let Some(fields) = fields {
        let fields = list(fields, 1, 10, "fields")?;
        fields
            .iter()
            .try_for_each(|f| text_within(f, 2_000, &["mrkdwn", "plain_text"]))?;
    }
    Ok(())
}

fn actions(block: &Value) -> Result<(), String> {
    let elements = list(&block["elements"], 1, 25, "elements")?;
    let mut ids = HashSet::new();
    for element in elements {
        if element["type"] != "button" {
            return Err(format!("an element of type {}", element["type"]));
        }
        text_within(&element["text"], 75, &["plain_text"])?;
        let value = element["value"].as_str().unwrap_or("");
        if chars(value) > 2_000 {
            return Err(format!("a button value of {} characters", chars(value)));
        }
        let id = element["action_id"].as_str().unwrap_or("");
        id_within(id)?;
        if !ids.insert(id) {
            return Err(format!("action_id {id} repeated in its block"));
        }
    }
    Ok(())
}

fn input(block: &Value) -> Result<(), String> {
    text_within(&block["label"], 2_000, &["plain_text"])?;
    let element = &block["element"];
    if let Some(id) = element["action_id"].as_str() {
        id_within(id)?;
    }
    let max = element["max_length"].as_u64().unwrap_or(3_000) as usize;
    if max > 3_000 {
        return Err(format!("a max_length of {max}"));
    }
    let initial = element["initial_value"].as_str().unwrap_or("");
    if chars(initial) > max {
        return Err(format!(
            "an initial value of {} characters over its max_length {max}",
            chars(initial)
        ));
    }
    Ok(())
}

/// A text object of one of `kinds`, 1 to `max` characters.
fn text_within(text: &Value, max: usize, kinds: &[&str]) -> Result<(), String> {
    let kind = text["type"].as_str().unwrap_or("");
    if !kinds.contains(&kind) {
        return Err(format!("a text of type {kind:?}"));
    }
    let content = text["text"].as_str().unwrap_or("");
    match chars(content) {
        0 => Err("an empty text".into()),
        n if n > max => Err(format!("a text of {n} characters; at most {max}")),
        _ => Ok(()),
    }
}

fn list<'a>(
    value: &'a Value,
    min: usize,
    max: usize,
    what: &str,
) -> Result<&'a Vec<Value>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("{what} is not a list"))?;
    if items.len() < min || items.len() > max {
        return Err(format!("{} {what}; from {min} to {max}", items.len()));
    }
    Ok(items)
}

fn id_within(id: &str) -> Result<(), String> {
    match chars(id) {
        0 => Err("an empty ID".into()),
        n if n > 255 => Err(format!("an ID of {n} characters")),
        _ => Ok(()),
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn refuse(code: &'static str, why: impl Into<String>) -> Checked {
    Err(Refusal {
        code,
        why: why.into(),
    })
}

/// Every text object of a message's blocks (headers, sections, fields, context), in order,
/// with its type (`mrkdwn` or `plain_text`).
pub fn texts(body: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in body["blocks"].as_array().into_iter().flatten() {
        let mut push = |t: &Value| {
            if let (Some(kind), Some(text)) = (t["type"].as_str(), t["text"].as_str()) {
                out.push((kind.to_string(), text.to_string()));
            }
        };
        push(&block["text"]);
        for item in ["fields", "elements"] {
            block[item]
                .as_array()
                .into_iter()
                .flatten()
                .for_each(&mut push);
        }
    }
    out
}

#[test]
fn the_rules_refuse_what_slack_refuses() {
    use serde_json::json;
    let ok = json!({"text": "hi", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]});
    assert!(check_message(&ok).is_ok());
    let field = json!({"text": "hi", "blocks": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "x".repeat(2_001)}]}]});
    assert_eq!(
        check_message(&field).map_err(|r| r.code).err(),
        Some("invalid_blocks")
    );
    let section = json!({"text": "hi", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x".repeat(3_001)}}]});
    assert!(check_message(&section).is_err());
    let header = json!({"text": "hi", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "x".repeat(151)}}]});
    assert!(check_message(&header).is_err());
    let many = json!({"text": "hi", "blocks": vec![json!({"type": "section", "text": {"type": "mrkdwn", "text": "x"}}); 51]});
    assert!(check_message(&many).is_err());
    let untexted = json!({"blocks": []});
    assert_eq!(
        check_message(&untexted).map_err(|r| r.code).err(),
        Some("no_text")
    );
    let twice = json!({"text": "hi", "blocks": [{"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "a"}, "action_id": "run:0", "value": "x"},
        {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": "run:0", "value": "y"}]}]});
    assert!(check_message(&twice).is_err());
    let title = json!({"type": "modal", "title": {"type": "plain_text", "text": "x".repeat(25)}, "blocks": []});
    assert!(check_view(&title).is_err());
}
