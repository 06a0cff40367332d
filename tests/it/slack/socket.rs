//! Socket Mode against a fake WebSocket on 127.0.0.1: the same handlers, acknowledged once
//! their work is saved, one effect even when both connections bring the same delivery.

use std::time::Duration;

use serde_json::json;

use super::{FakeSlack, SlackApp};

#[tokio::test]
async fn socket_mode_answers_dms_and_commands_once_across_both_connections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    *fake.socket_url.lock().expect("url") = Some(format!("ws://{}/socket", fake.addr()));
    let event = json!({ "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "EvSock",
                        "event_time": 1_700_000_000, "event": super::dm("U0ASHA", "request pos Socket talkers") });
    let command = json!({ "team_id": "T1", "channel_id": "C0SALES", "user_id": "U0PRIYA", "command": "/tandem",
                          "text": "list open", "response_url": fake.response_url("socket"), "trigger_id": "trig-1" });
    fake.socket.envelopes.lock().expect("envelopes").extend([
        json!({ "envelope_id": "env-1", "type": "events_api", "accepts_response_payload": false, "payload": event }),
        json!({ "envelope_id": "env-2", "type": "slash_commands", "accepts_response_payload": true, "payload": command }),
    ]);
    let app = SlackApp::start_with(fake.clone(), dir.path(), true).await;
    // An envelope is acknowledged once its work is saved, so when both connections have
    // acknowledged both envelopes, both copies were handled in full.
    let acks = wait_for_acks(&fake, 4).await;
    let posts = fake.wait_for("chat.postMessage", 2).await;
    assert!(
        posts.iter().any(|p| p.body["channel"] == "C0MKTG"),
        "the card"
    );
    assert!(
        posts.iter().any(|p| p.body["channel"] == "U0ASHA"),
        "the answer to the DM"
    );
    let answers: Vec<&serde_json::Value> = acks
        .iter()
        .filter(|a| a["envelope_id"] == "env-2" && a["payload"].get("text").is_some())
        .collect();
    assert_eq!(
        answers.len(),
        1,
        "one answer, in the acknowledgement: {acks:?}"
    );
    assert!(
        answers[0]["payload"].to_string().contains("Open requests"),
        "{}",
        answers[0]
    );
    assert_eq!(
        fake.calls_to("chat.postMessage").len(),
        2,
        "the second connection's copy had no effect"
    );
    assert!(fake.calls_to("respond/socket").is_empty());
    let opened = fake.calls_to("apps.connections.open");
    assert_eq!(
        opened[0].authorization.as_deref(),
        Some(format!("Bearer {}", super::APP_TOKEN).as_str())
    );
    app.stop().await;
}

/// The acknowledgements, once there are `count` of them (each connection acknowledges every
/// envelope it was sent).
async fn wait_for_acks(fake: &FakeSlack, count: usize) -> Vec<serde_json::Value> {
    for _ in 0..100 {
        let acks = fake.socket.acks.lock().expect("acks").clone();
        if acks.len() >= count {
            return acks;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let acks = fake.socket.acks.lock().expect("acks").clone();
    panic!("expected {count} acknowledgements, saw {acks:?}");
}
