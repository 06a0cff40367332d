//! A planning round in Slack: the DM's "Give input" button opens a modal with a field per
//! section, figures stay blind in replies, and the agreed plan posts once to the joint
//! channel with each team's inputs as a column of fields.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{FakeSlack, SlackApp};

fn said(answer: &Value) -> String {
    answer["text"].as_str().unwrap_or_default().to_string()
}

fn field(value: &str) -> Value {
    json!({ "value": { "type": "plain_text_input", "value": value } })
}

#[tokio::test]
async fn a_round_gets_input_through_a_modal_and_posts_the_agreed_plan_to_the_joint_channel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let (status, answer) = app
        .command(
            "U0MEERA",
            r#"plan open fy27 due:2030-01-31 sections:"Products, Pricing""#,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        said(&answer).starts_with("Opened the planning round fy27"),
        "{answer}"
    );
    app.outbox_pass().await;
    let dms: Vec<Value> = app
        .fake
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["text"] == "Planning round · fy27")
        .collect();
    assert_eq!(dms.len(), 6, "everyone in both teams");
    let button = dms[0]["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["value"] == "plan input fy27")
        .expect("a Give input button");
    assert_eq!(button["text"]["text"], "Give input");

    let action = button["action_id"].as_str().expect("an action ID");
    assert_eq!(
        app.click("U0ASHA", "plan input fy27", action).await,
        StatusCode::OK
    );
    let modal = app.fake.wait_for("views.open", 1).await.remove(0);
    let view = &modal.body["view"];
    assert_eq!(view["callback_id"], "tandem_answers");
    assert_eq!(view["private_metadata"], "fy27");
    let labels: Vec<&str> = view["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter_map(|b| b["label"]["text"].as_str())
        .collect();
    assert_eq!(labels, vec!["1. Products", "2. Pricing"]);
    let values = json!({ "q1": field("smaller packs for kirana stores") });
    let (status, answer) = app.submit("U0ASHA", "tandem_answers", "fy27", values).await;
    assert_eq!((status, answer), (StatusCode::OK, Value::Null), "saved");
    let (_, answer) = app.command("U0PRIYA", "plan input fy27 2 hold at 40").await;
    assert!(said(&answer).starts_with("Added your input"), "{answer}");

    app.command("U0MEERA", "plan line fy27 Masala Mix units")
        .await;
    app.command("U0ASHA", "plan figure fy27 1 1234").await;
    let (_, shown) = app.command("U0ROHAN", "plan show fy27").await;
    assert!(!shown.to_string().contains("1,234"), "blind: {shown}");
    let (_, both) = app.command("U0PRIYA", "plan figure fy27 1 1200").await;
    assert!(
        both.to_string().contains("Sales 1,234 · Marketing 1,200"),
        "{both}"
    );
    for line in [
        "plan draft fy27 1 Masala Mix 50g",
        "plan draft fy27 2 List price 40",
        "plan signoff fy27",
    ] {
        let (_, answer) = app.command("U0ROHAN", line).await;
        assert!(!said(&answer).is_empty(), "{line}: {answer}");
    }
    let (_, answer) = app.command("U0MEERA", "plan signoff fy27").await;
    assert!(said(&answer).contains("fy27 is agreed"), "{answer}");
    app.outbox_pass().await;
    let posts: Vec<Value> = app
        .fake
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "C0JOINT" && b["text"] == "Plan agreed · fy27")
        .collect();
    assert_eq!(posts.len(), 1, "posted once to the joint channel");
    let fields: Vec<String> = posts[0]["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .flat_map(|b| b["fields"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f["text"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        fields,
        vec![
            "*Inputs from Sales*\n• 1. Products: 1\n• 2. Pricing: 0".to_string(),
            "*Inputs from Marketing*\n• 1. Products: 0\n• 2. Pricing: 1".to_string(),
        ]
    );
    let text = posts[0].to_string();
    assert!(
        text.contains("Buy-in: 1 of 3 in Sales gave input, 1 of 3 in Marketing gave input."),
        "{text}"
    );
    app.stop().await;
}
