//! You said → we did in Slack: Vikram's answer in the round's thread carries ANS-1 and a
//! "We'll act on this" button; its modal asks what, owner and due date; Vikram hears at once,
//! and when the owner closes it Vikram gets both halves, and so does the thread.

use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::fake::Call;
use super::{FakeSlack, SlackApp, settings};

fn value(text: &str) -> Value {
    json!({ "value": { "type": "plain_text_input", "value": text } })
}

fn posts(fake: &FakeSlack, channel: &str, needle: &str) -> Vec<Call> {
    fake.calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == channel && c.body.to_string().contains(needle))
        .collect()
}

#[tokio::test]
async fn a_shared_answer_is_acted_on_in_a_modal_and_its_author_hears_both_halves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    // Friday 4 December 2026, a second before the sales prompt (16:00 in Kolkata).
    let before = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 29, 59)
        .single()
        .expect("time");
    let app = SlackApp::start_on_at(fake.clone(), settings(&fake, dir.path(), false), before).await;
    // A first command, answered, before the clock moves: the scheduler has started by then.
    app.command("U0PRIYA", "help").await;
    app.fake.wait_for("users.info", 1).await;
    app.clock.set(before + Duration::seconds(2));
    app.fake.wait_for("chat.postMessage", 1).await;

    let (status, answer) = app
        .command("U0VIKRAM", "answer market-pulse 1 Shops want smaller packs")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(answer.to_string().contains("as ANS-1"), "{answer}");
    app.outbox_pass().await;
    let shared = posts(&app.fake, "C0MKTG", "Vikram answered (ANS-1)");
    assert_eq!(
        shared.len(),
        1,
        "{:?}",
        app.fake.calls_to("chat.postMessage")
    );
    assert!(
        shared[0].body["thread_ts"].is_string(),
        "in the round's thread"
    );
    let blocks = shared[0].body["blocks"].to_string();
    assert!(blocks.contains("We'll act on this"), "{blocks}");
    let action_id = "ask:0:action:owner+due";
    assert!(blocks.contains(action_id), "{blocks}");

    assert_eq!(
        app.click("U0PRIYA", "action add ANS-1", action_id).await,
        StatusCode::OK
    );
    let opened = app.fake.wait_for("views.open", 1).await.remove(0);
    let view = &opened.body["view"];
    assert_eq!(view["private_metadata"], "action add ANS-1");
    let block_ids: Vec<&str> = view["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["block_id"].as_str())
        .collect();
    assert_eq!(block_ids, vec!["reason", "opt_owner", "opt_due"]);

    let (_, refused) = app
        .submit(
            "U0PRIYA",
            "tandem_reason",
            "action add ANS-1",
            json!({ "reason": value("a 50 g pack"), "opt_due": value("2020-01-01") }),
        )
        .await;
    assert!(
        refused["errors"]["reason"]
            .as_str()
            .is_some_and(|e| e.contains("due:2020-01-01 is in the past")),
        "{refused}"
    );
    let (status, answer) = app
        .submit(
            "U0PRIYA",
            "tandem_reason",
            "action add ANS-1",
            json!({ "reason": value("A 50 g pack for kirana shops"),
                    "opt_owner": value("@Rohan"), "opt_due": value("2026-12-18") }),
        )
        .await;
    assert_eq!((status, answer), (StatusCode::OK, Value::Null));
    app.outbox_pass().await;
    let told = posts(&app.fake, "U0VIKRAM", "Marketing will act on what you said");
    assert_eq!(told.len(), 1, "Vikram is told at once");
    assert_eq!(posts(&app.fake, "U0ROHAN", "ACT-1 is yours").len(), 1);

    let (_, answer) = app
        .command(
            "U0ROHAN",
            "action done ACT-1 50 g packs are in 40 Pune West shops",
        )
        .await;
    assert!(
        answer
            .to_string()
            .contains("ACT-1 is done. Vikram told by DM."),
        "{answer}"
    );
    // The round's thread in #marketing had several posts this second: Slack's pace holds
    // the reply back a little.
    app.step(3).await;
    let both = posts(&app.fake, "U0VIKRAM", "You said → we did · ACT-1");
    assert_eq!(both.len(), 1);
    let text = both[0].body.to_string();
    assert!(
        text.contains("→ Rohan did (4 Dec): '50 g packs are in 40 Pune West shops'"),
        "{text}"
    );
    assert!(text.contains("action rate ACT-1 yes"), "{text}");
    let in_thread = posts(&app.fake, "C0MKTG", "→ Rohan did (4 Dec)");
    assert_eq!(in_thread.len(), 1);
    assert_eq!(in_thread[0].body["thread_ts"], shared[0].body["thread_ts"]);
    app.stop().await;
}

#[tokio::test]
async fn an_action_on_a_visit_is_told_in_the_thread_of_its_learnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    // Wednesday 2 December 2026, 10:00 in Kolkata.
    let at = Utc
        .with_ymd_and_hms(2026, 12, 2, 4, 30, 0)
        .single()
        .expect("time");
    let app = SlackApp::start_on_at(fake.clone(), settings(&fake, dir.path(), false), at).await;
    let (status, answer) = app
        .command(
            "U0PRIYA",
            r#"visit log market:"Pune West" with:@Asha kirana owners want a smaller MOQ"#,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(answer.to_string().contains("Logged VIS-1"), "{answer}");
    app.outbox_pass().await;
    let all = app.fake.calls_to("chat.postMessage");
    let card = all
        .iter()
        .position(|c| c.body["channel"] == "C0SALES" && c.body.to_string().contains("VIS-1"))
        .expect("the learnings in #sales");
    assert!(all[card].body["thread_ts"].is_null(), "a post of its own");
    // The fake numbers posts in order.
    let card_ts = format!("1700000000.{:06}", card + 1);

    let (_, answer) = app
        .command(
            "U0MEERA",
            "action add VIS-1 a 6-pack carton for kirana orders",
        )
        .await;
    assert!(answer.to_string().contains("Added ACT-1"), "{answer}");
    // Two posts in #sales this second: Slack's pace holds the second back a little.
    app.step(3).await;
    let line = posts(&app.fake, "C0SALES", "ACT-1 · Priya said");
    assert_eq!(line.len(), 1, "{:?}", app.fake.calls_to("chat.postMessage"));
    assert_eq!(line[0].body["thread_ts"], card_ts.as_str());
    app.stop().await;
}
