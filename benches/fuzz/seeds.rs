//! Seed inputs, in the shapes the integration tests send (`tests/it/slack/mod.rs`,
//! `tests/it/teams/activities.rs`): the fuzz bench damages copies of them.

use serde_json::{Value, json};

use crate::generators::form;

pub const SERVICE_URL: &str = "http://127.0.0.1:9/teams/";
pub const BOT_ID: &str = "28:a1b2c3d4-0000-4000-8000-00000000a999";

/// Slash-command forms, as `slash_command` builds them.
pub fn slack_commands() -> Vec<Vec<u8>> {
    [
        "request pos 40 leaflets by:2027-01-01",
        "ack REQ-1",
        "show REQ-1 all page:2",
        "help",
        "",
    ]
    .iter()
    .map(|text| {
        let pairs = [
            ("team_id", "T1"),
            ("channel_id", "C0SALES"),
            ("user_id", "U0ASHA"),
            ("command", "/tandem"),
            ("text", text),
            ("response_url", "http://127.0.0.1:9/response/command"),
            ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
        ];
        form(&pairs.map(|(k, v)| (k, v.to_string()))).into_bytes()
    })
    .chain([b"ssl_check=1&token=x".to_vec()])
    .collect()
}

/// Interaction payloads: a click on a button and a submission of each of Tandem's modals.
pub fn slack_interactions() -> Vec<Vec<u8>> {
    let click = |action_id: &str, command: &str| {
        json!({
            "type": "block_actions", "team": { "id": "T1" }, "user": { "id": "U0ASHA" }, "api_app_id": "A1",
            "container": { "type": "message", "message_ts": "1.1", "channel_id": "C0MKTG" },
            "trigger_id": "trigger-1", "channel": { "id": "C0MKTG" },
            "response_url": "http://127.0.0.1:9/response/click",
            "actions": [{ "type": "button", "action_id": action_id, "block_id": "b", "value": command,
                          "action_ts": "1.2", "text": { "type": "plain_text", "text": "x" } }]
        })
    };
    let submit = |callback_id: &str, metadata: &str, values: Value| {
        json!({
            "type": "view_submission", "team": { "id": "T1" }, "user": { "id": "U0ASHA" },
            "view": { "id": "V1", "team_id": "T1", "type": "modal", "callback_id": callback_id,
                      "private_metadata": metadata, "hash": "h", "title": { "type": "plain_text", "text": "t" },
                      "blocks": [], "state": { "values": values } }
        })
    };
    let text = |block: &str, value: &str| json!({ block: { "value": { "type": "plain_text_input", "value": value } } });
    let chosen = json!({
        "cause": { "value": { "type": "static_select", "selected_option": { "value": "price", "text": { "type": "plain_text", "text": "price" } } } },
        "score": { "value": { "type": "static_select", "selected_option": { "value": "4", "text": { "type": "plain_text", "text": "4" } } } },
        "q1": { "value": { "type": "plain_text_input", "value": "good" } },
    });
    [
        click("run:0", "ack REQ-1"),
        click("ask:1:reason", "decline REQ-1"),
        click("ask:3:action:owner+due", "action REQ-1"),
        submit("tandem_request", "C0SALES", text("kind", "pos")),
        submit(
            "tandem_reason",
            "block REQ-1",
            text("reason", "waiting on print"),
        ),
        submit(
            "tandem_answers",
            "market-pulse",
            text("q1", "prices are up"),
        ),
        submit("tandem_review", "diwali", chosen),
        submit("tandem_visit", "C0SALES", text("market", "Pune West")),
    ]
    .iter()
    .map(|payload| payload.to_string().into_bytes())
    .collect()
}

/// Events API bodies: a DM to the bot, the App Home opened, URL verification.
pub fn slack_events() -> Vec<Vec<u8>> {
    let dm = json!({ "type": "message", "channel": "D0ASHA", "channel_type": "im", "user": "U0ASHA",
                     "text": "ack REQ-1", "ts": "1700000000.000100" });
    let home =
        json!({ "type": "app_home_opened", "user": "U0ASHA", "channel": "D0ASHA", "tab": "home" });
    [dm, home]
        .into_iter()
        .map(|event| {
            json!({ "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
                    "event_id": "Ev1", "event_time": 1_700_000_000 })
        })
        .chain([json!({ "type": "url_verification", "challenge": "c", "token": "t" })])
        .map(|body| body.to_string().into_bytes())
        .collect()
}

/// A Teams activity of `kind` in `conversation` from Asha, as `tests/it/teams/activities.rs`
/// builds them.
pub fn teams_activity(kind: &str, conversation: Value) -> Value {
    json!({
        "type": kind,
        "id": format!("{kind}-1"),
        "channelId": "msteams",
        "serviceUrl": SERVICE_URL,
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": "Tandem"},
        "channelData": {"tenant": {"id": "tenant-monsoon"}},
        "from": {"id": "29:asha", "name": "Asha", "aadObjectId": "aad-asha"},
    })
}

/// Activities: a personal message, a channel message mentioning the bot, a card's button.
pub fn teams_activities() -> Vec<Vec<u8>> {
    let personal = json!({"id": "a:personal-29:asha", "conversationType": "personal", "tenantId": "tenant-monsoon"});
    let channel = json!({"id": "19:general;messageid=1", "conversationType": "channel", "tenantId": "tenant-monsoon"});
    let mut message = teams_activity("message", personal);
    message["text"] = json!("ack REQ-1");
    let mut mention = teams_activity("message", channel.clone());
    mention["text"] = json!("<at>Tandem</at> list open &amp; <at>Priya</at>");
    mention["entities"] = json!([
        {"type": "mention", "text": "<at>Tandem</at>", "mentioned": {"id": BOT_ID, "name": "Tandem"}},
        {"type": "mention", "text": "<at>Priya</at>", "mentioned": {"id": "29:priya", "name": "Priya"}},
    ]);
    let mut action = teams_activity("invoke", channel);
    action["name"] = json!("adaptiveCard/action");
    action["value"] = json!({
        "action": {"type": "Action.Execute", "verb": "tandem", "data": {
            "command": "block REQ-1", "input": "reason", "reason": "waiting", "card": "REQ-1",
            "options": {"owner": "owner"}, "owner": "Priya"}},
        "trigger": "manual",
    });
    [message, mention, action]
        .iter()
        .map(|activity| activity.to_string().into_bytes())
        .collect()
}
