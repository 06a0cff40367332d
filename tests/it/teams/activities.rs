//! Activities as Teams sends them.

use serde_json::{Value, json};

use super::fake::{BOT_ID, TENANT};

/// The plain text of an activity the bot sent (empty when it has none).
pub fn text_of_reply(activity: &Value) -> &str {
    activity["text"].as_str().unwrap_or("")
}

/// A person: (AAD object ID, Teams user ID).
pub type Who = (&'static str, &'static str);

fn base(kind: &str, service_url: &str, conversation: Value) -> Value {
    json!({
        "type": kind,
        "id": format!("{kind}-{}", next()),
        "channelId": "msteams",
        "serviceUrl": service_url,
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": "Tandem"},
        "channelData": {"tenant": {"id": TENANT}},
    })
}

fn next() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

fn from(who: Who, name: &str) -> Value {
    json!({"id": who.1, "name": name, "aadObjectId": who.0})
}

/// `who` writes `text` in a channel thread, mentioning the bot first.
pub fn channel_message(
    service_url: &str,
    channel: &str,
    who: Who,
    name: &str,
    text: &str,
) -> Value {
    let conversation = json!({
        "id": format!("{channel};messageid=1700000000001"),
        "conversationType": "channel", "tenantId": TENANT,
    });
    let mut activity = base("message", service_url, conversation);
    activity["from"] = from(who, name);
    activity["text"] = json!(format!("<at>Tandem</at> {text}"));
    activity["entities"] = json!([{
        "type": "mention", "text": "<at>Tandem</at>",
        "mentioned": {"id": BOT_ID, "name": "Tandem"},
    }]);
    activity
}

/// `who` writes `text` in their 1:1 chat with the bot.
pub fn personal_message(service_url: &str, who: Who, name: &str, text: &str) -> Value {
    let conversation = json!({
        "id": format!("a:personal-{}", who.0), "conversationType": "personal", "tenantId": TENANT,
    });
    let mut activity = base("message", service_url, conversation);
    activity["from"] = from(who, name);
    activity["text"] = json!(text);
    activity
}

/// The app added to a team: the bot and `members` join the team's General channel.
pub fn installed_in_team(service_url: &str, general: &str, members: &[(Who, &str)]) -> Value {
    let conversation = json!({
        "id": general, "conversationType": "channel", "tenantId": TENANT,
    });
    let mut activity = base("conversationUpdate", service_url, conversation);
    let mut added = vec![json!({"id": BOT_ID})];
    added.extend(members.iter().map(|(who, name)| from(*who, name)));
    activity["membersAdded"] = json!(added);
    activity["from"] = from(members[0].0, members[0].1);
    activity
}

/// `who` presses a card button whose data is `data` (with the inputs merged in).
pub fn card_action(
    service_url: &str,
    conversation: &str,
    who: Who,
    name: &str,
    verb: &str,
    data: Value,
) -> Value {
    let conversation =
        json!({"id": conversation, "conversationType": "channel", "tenantId": TENANT});
    let mut activity = base("invoke", service_url, conversation);
    activity["name"] = json!("adaptiveCard/action");
    activity["from"] = from(who, name);
    activity["value"] = json!({
        "action": {"type": "Action.Execute", "verb": verb, "data": data},
        "trigger": "manual",
    });
    activity
}

/// The sentence an action was answered with.
pub fn sentence(answer: &Value) -> &str {
    assert_eq!(
        answer["type"], "application/vnd.microsoft.activity.message",
        "{answer}"
    );
    answer["value"].as_str().unwrap_or_default()
}

/// A card's button titled `title`: its data, and for one that asks for a text (a `ShowCard`),
/// the ID of the input it asks with.
pub fn card_button(card: &Value, title: &str) -> (Value, Option<String>) {
    let body = card["body"].as_array().into_iter().flatten();
    let sets = body
        .filter(|b| b["type"] == "ActionSet")
        .map(|b| &b["actions"]);
    let actions = sets.chain([&card["actions"]]);
    let found = actions
        .flat_map(|a| a.as_array().into_iter().flatten())
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no {title} button: {card}"));
    if found["type"] == "Action.ShowCard" {
        let inner = &found["card"];
        let input = inner["body"][0]["id"].as_str().map(str::to_string);
        assert_eq!(inner["body"][0]["isRequired"], true, "{found}");
        return (inner["actions"][0]["data"].clone(), input);
    }
    (found["data"].clone(), None)
}
