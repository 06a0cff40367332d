//! The two modals: a new request, and the reason for blocking or declining.

use reqwest::StatusCode;
use serde_json::json;

use super::{FakeSlack, SlackApp};

fn value(text: &str) -> serde_json::Value {
    json!({ "value": { "type": "plain_text_input", "value": text } })
}

#[tokio::test]
async fn request_alone_opens_a_form_whose_errors_show_inline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let (status, answer) = app.command("U0ASHA", "request").await;
    assert_eq!(
        (status, answer),
        (StatusCode::OK, serde_json::Value::Null),
        "the answer is the modal"
    );
    let opened = app.fake.wait_for("views.open", 1).await.remove(0);
    assert_eq!(opened.body["view"]["callback_id"], "tandem_request");
    assert_eq!(opened.body["view"]["private_metadata"], "C0SALES");

    let bad = json!({
        "kind": { "value": { "type": "static_select", "selected_option": { "text": { "type": "plain_text", "text": "pos" }, "value": "pos" } } },
        "title": value("   "),
        "quantity": { "value": { "type": "number_input", "value": "0" } },
        "needed_by": { "value": { "type": "datepicker", "selected_date": "2020-01-01" } }
    });
    let (status, errors) = app.submit("U0ASHA", "tandem_request", "C0SALES", bad).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors["response_action"], "errors");
    assert_eq!(errors["errors"]["title"], "Give the request a title.");
    assert!(
        errors["errors"]["quantity"]
            .as_str()
            .is_some_and(|m| m.contains("at least 1")),
        "{errors}"
    );
    assert!(
        errors["errors"]["needed_by"]
            .as_str()
            .is_some_and(|m| m.contains("in the past")),
        "{errors}"
    );
    assert!(
        app.fake.calls_to("chat.postMessage").is_empty(),
        "nothing was filed"
    );

    let good = json!({
        "kind": { "value": { "type": "static_select", "selected_option": { "text": { "type": "plain_text", "text": "pop" }, "value": "pop" } } },
        "title": value("Endcap display"),
        "market": value("Pune West"),
    });
    let (status, answer) = app
        .submit("U0ASHA", "tandem_request", "C0SALES", good)
        .await;
    assert_eq!((status, answer), (StatusCode::OK, serde_json::Value::Null));
    let confirmation = app.fake.wait_for("chat.postEphemeral", 1).await.remove(0);
    assert_eq!(
        (
            confirmation.body["channel"].as_str(),
            confirmation.body["user"].as_str()
        ),
        (Some("C0SALES"), Some("U0ASHA"))
    );
    assert!(
        confirmation.body["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Filed REQ-1 · Endcap display"))
    );
    let card = app.fake.wait_for("chat.postMessage", 1).await.remove(0);
    assert_eq!(card.body["channel"], "C0MKTG");
    app.stop().await;
}

#[tokio::test]
async fn block_and_decline_ask_for_a_reason_and_an_empty_one_is_an_inline_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    app.command("U0ASHA", "request pos Talkers").await;
    app.fake.wait_for("chat.postMessage", 1).await;
    assert_eq!(
        app.click("U0PRIYA", "block REQ-1", "ask:3:Reason").await,
        StatusCode::OK
    );
    let opened = app.fake.wait_for("views.open", 1).await.remove(0);
    assert_eq!(opened.body["view"]["callback_id"], "tandem_reason");
    assert_eq!(opened.body["view"]["private_metadata"], "block REQ-1");

    let (_, errors) = app
        .submit(
            "U0PRIYA",
            "tandem_reason",
            "block REQ-1",
            json!({ "reason": value("  ") }),
        )
        .await;
    assert_eq!(errors["response_action"], "errors");
    assert!(
        errors["errors"]["reason"]
            .as_str()
            .is_some_and(|m| m.starts_with("Please fill this in")),
        "{errors}"
    );
    assert!(
        app.fake.calls_to("chat.update").is_empty(),
        "nothing changed"
    );

    let (status, answer) = app
        .submit(
            "U0PRIYA",
            "tandem_reason",
            "block REQ-1",
            json!({ "reason": value("print vendor at capacity") }),
        )
        .await;
    assert_eq!((status, answer), (StatusCode::OK, serde_json::Value::Null));
    let update = app.fake.wait_for("chat.update", 1).await.remove(0);
    assert!(
        update.body.to_string().contains("blocked"),
        "{}",
        update.body
    );

    let (_, refused) = app
        .submit(
            "U0ASHA",
            "tandem_reason",
            "decline REQ-1",
            json!({ "reason": value("no") }),
        )
        .await;
    assert_eq!(
        refused["errors"]["reason"],
        "Only Marketing can decline a request."
    );
    app.stop().await;
}

#[tokio::test]
async fn an_answer_form_with_no_round_to_answer_says_so_beside_the_first_question() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let values = json!({ "q1": value("shops want smaller packs") });
    let (status, errors) = app
        .submit("U0ASHA", "tandem_answers", "market-pulse", values)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(errors["response_action"], "errors");
    assert!(
        errors["errors"]["q1"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{errors}"
    );
    let (_, empty) = app
        .submit(
            "U0ASHA",
            "tandem_answers",
            "market-pulse",
            json!({ "q1": value(" ") }),
        )
        .await;
    assert_eq!(empty["errors"]["q1"], "Answer at least one question.");
    app.stop().await;
}
