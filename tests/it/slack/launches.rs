//! A launch review in Slack: the review form (a modal with a cause and a score), and the
//! result in the joint channel with Sales and Marketing as two columns of fields.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::fake::Call;
use super::{FakeSlack, SlackApp};

fn said(answer: &Value) -> String {
    answer["text"].as_str().unwrap_or_default().to_string()
}

fn choice(value: &str) -> Value {
    json!({ "value": { "type": "static_select",
        "selected_option": { "text": { "type": "plain_text", "text": value }, "value": value } } })
}

/// The posts to `channel` whose text starts with `start`.
fn posts_to(calls: &[Call], channel: &str, start: &str) -> Vec<Value> {
    calls
        .iter()
        .filter(|c| c.body["channel"] == channel)
        .filter(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.starts_with(start))
        })
        .map(|c| c.body.clone())
        .collect()
}

#[tokio::test]
async fn a_review_is_answered_in_a_modal_and_its_result_shows_both_teams_as_two_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let (status, answer) = app
        .command(
            "U0PRIYA",
            "launch add diwali-27 on:2030-10-20 Diwali gift packs",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        said(&answer).starts_with("Added launch diwali-27"),
        "{answer}"
    );
    let (_, answer) = app.command("U0MEERA", "launch review diwali-27").await;
    assert!(
        said(&answer).starts_with("Opened the review of diwali-27"),
        "{answer}"
    );

    let (status, answer) = app.command("U0ASHA", "answer diwali-27").await;
    assert_eq!(
        (status, answer),
        (StatusCode::OK, Value::Null),
        "the answer is the modal"
    );
    let modal = app.fake.wait_for("views.open", 1).await.remove(0);
    let view = &modal.body["view"];
    assert_eq!(view["callback_id"], "tandem_review");
    assert_eq!(view["private_metadata"], "diwali-27");
    let ids: Vec<&str> = view["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter_map(|b| b["block_id"].as_str())
        .collect();
    assert_eq!(ids, vec!["q1", "q2", "q3", "q4", "cause", "score"]);

    let bad = json!({ "q1": { "value": { "type": "plain_text_input", "value": " " } } });
    let (_, errors) = app
        .submit("U0ASHA", "tandem_review", "diwali-27", bad)
        .await;
    assert_eq!(
        errors["errors"]["q1"],
        "Answer a question, or choose a cause or a score."
    );
    let values = json!({
        "q2": { "value": { "type": "plain_text_input", "value": "priced above the kirana sweet spot" } },
        "cause": choice("pricing"),
        "score": choice("2"),
    });
    let (status, answer) = app
        .submit("U0ASHA", "tandem_review", "diwali-27", values)
        .await;
    assert_eq!((status, answer), (StatusCode::OK, Value::Null), "saved");
    let (_, answer) = app
        .command(
            "U0PRIYA",
            r#"answer diwali-27 2:"the talkers reached stores late" cause:timing score:4"#,
        )
        .await;
    assert!(said(&answer).starts_with("Saved your answers"), "{answer}");
    let (_, shown) = app.command("U0ROHAN", "launch show diwali-27").await;
    assert!(!shown.to_string().contains("kirana"), "blind: {shown}");

    let (_, answer) = app.command("U0MEERA", "launch close diwali-27").await;
    assert!(
        said(&answer).contains("The result is in #joint"),
        "{answer}"
    );
    app.outbox_pass().await;
    let calls = app.fake.calls_to("chat.postMessage");
    let results = posts_to(&calls, "C0JOINT", "Launch review · diwali-27");
    assert_eq!(results.len(), 1, "one message to the joint channel");
    let sections: Vec<&Value> = results[0]["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["fields"].as_array().is_some_and(|f| f.len() == 2))
        .filter(|b| {
            b["fields"][0]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("*Sales*"))
        })
        .collect();
    assert_eq!(sections.len(), 5, "four questions and the causes");
    assert_eq!(
        (
            sections[1]["fields"][0]["text"].as_str(),
            sections[1]["fields"][1]["text"].as_str()
        ),
        (
            Some("*Sales*\n• Asha (ANS-1): priced above the kirana sweet spot"),
            Some("*Marketing*\n• Priya (ANS-2): the talkers reached stores late"),
        )
    );
    assert_eq!(sections[4]["fields"][0]["text"], "*Sales*\n• pricing ×1");
    assert_eq!(sections[4]["fields"][1]["text"], "*Marketing*\n• timing ×1");
    app.stop().await;
}
