//! What Teams refuses or loses, written here independently of the renderer: an activity of
//! about 100 KB or more is refused (413); Microsoft asks bots to stay well under, so 80 KB as
//! sent is the line drawn here. Cards are Adaptive Cards of at most version 1.5, and Teams
//! shows at most 6 actions in a row, dropping the others without a word: a card with more is
//! treated as refused (400), since for the person it is the same failure.

use serde_json::Value;

/// The most bytes an activity may take as sent.
pub const MAX_BYTES: usize = 80_000;

/// Why Teams would refuse an activity: the HTTP status the connector answers, and where.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub why: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {} ({})", self.status, self.why)
    }
}

/// An activity as the connector receives it (its body's bytes).
pub fn check_activity(body: &[u8]) -> Result<(), Refusal> {
    if body.len() > MAX_BYTES {
        return Err(Refusal {
            status: 413,
            why: format!("{} bytes", body.len()),
        });
    }
    let activity: Value =
        serde_json::from_slice(body).map_err(|e| bad(format!("not JSON: {e}")))?;
    let attachments = activity["attachments"].as_array();
    if activity["text"].as_str().is_none_or(str::is_empty) && attachments.is_none() {
        return Err(bad("neither a text nor an attachment".into()));
    }
    for attachment in attachments.into_iter().flatten() {
        check_card(&attachment["content"]).map_err(bad)?;
    }
    Ok(())
}

/// An Adaptive Card, as an attachment or an action's answer carries it.
pub fn check_card(card: &Value) -> Result<(), String> {
    if card["type"] != "AdaptiveCard" {
        return Err(format!("a card of type {}", card["type"]));
    }
    let version: f64 = card["version"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .ok_or("a card without a version")?;
    if version > 1.5 {
        return Err(format!("version {version}; Teams renders up to 1.5"));
    }
    actions_within(card)
}

/// Every row of actions in `value` (card actions, action sets, cards shown by an action) holds
/// at most 6.
fn actions_within(value: &Value) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(actions)) = map.get("actions") {
                if actions.len() > 6 {
                    return Err(format!("{} actions in a row; Teams shows 6", actions.len()));
                }
            }
            map.values().try_for_each(actions_within)
        }
        Value::Array(items) => items.iter().try_for_each(actions_within),
        _ => Ok(()),
    }
}

/// Every text an activity shows (its text, its cards' text blocks and facts), in order.
pub fn texts(activity: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(activity, &mut out);
    out
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for key in ["text", "value", "title"] {
                if let Some(Value::String(text)) = map.get(key) {
                    out.push(text.clone());
                }
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn bad(why: String) -> Refusal {
    Refusal { status: 400, why }
}

#[test]
fn the_rules_refuse_what_teams_refuses() {
    use serde_json::json;
    let text = json!({"type": "message", "text": "hi"});
    assert!(check_activity(&serde_json::to_vec(&text).unwrap_or_default()).is_ok());
    let big = json!({"type": "message", "text": "x".repeat(MAX_BYTES)});
    let refused = check_activity(&serde_json::to_vec(&big).unwrap_or_default());
    assert_eq!(refused.map_err(|r| r.status).err(), Some(413));
    let seven = json!({"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "ActionSet", "actions": vec![json!({"type": "Action.Execute"}); 7]}]});
    assert!(check_card(&seven).is_err());
    let new = json!({"type": "AdaptiveCard", "version": "1.6", "body": []});
    assert!(check_card(&new).is_err());
}
