//! A launch review in Teams: the DM's "Answer" button turns into a form with a cause and a
//! score, and the result is an Adaptive Card whose ColumnSet puts Sales next to Marketing.

use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{Who, card_action};
use super::app::TestApp;
use super::fake::{ASHA, PRIYA};

const ROHAN: Who = ("aad-rohan", "29:rohan");
const ASHAS_CHAT: &str = "a:personal-aad-asha";
const ASHAS_CHAT_POSTS: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities";

fn actions(card: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = card["actions"].as_array().cloned().unwrap_or_default();
    for block in card["body"].as_array().into_iter().flatten() {
        found.extend(block["actions"].as_array().cloned().unwrap_or_default());
    }
    found
}

async fn press(app: &TestApp, data: Value) -> Value {
    let press = card_action(
        &app.service_url(),
        ASHAS_CHAT,
        ASHA,
        "Asha Rao",
        "tandem",
        data,
    );
    app.send(&press).await.json().await.expect("json")
}

/// The texts of each column of the column sets in `card`.
fn column_sets(card: &Value) -> Vec<Vec<Vec<String>>> {
    card["body"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "ColumnSet")
        .map(|set| {
            set["columns"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|column| {
                    column["items"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|i| i["text"].as_str().map(str::to_string))
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_is_answered_through_its_form_and_its_result_is_a_column_set() {
    let app = TestApp::start().await;
    app.say_privately(ASHA, "help", "Tandem keeps Sales and Marketing")
        .await;
    app.say_privately(
        PRIYA,
        "launch add diwali-27 on:2026-12-10",
        "Added launch diwali-27",
    )
    .await;
    app.say_privately(
        ROHAN,
        "launch review diwali-27",
        "Opened the review of diwali-27",
    )
    .await;

    let in_her_chat = |r: &Request| {
        r.method.as_str() == "POST"
            && r.url.path() == ASHAS_CHAT_POSTS
            && String::from_utf8_lossy(&r.body).contains("Launch review")
    };
    let dm = app
        .fake
        .wait_for("the review in Asha's chat", in_her_chat)
        .await;
    let card = &dm["attachments"][0]["content"];
    assert!(card.to_string().contains("Facts first"), "{card}");
    let button = actions(card)
        .into_iter()
        .find(|a| a["data"]["command"] == "answer diwali-27")
        .expect("an Answer button");
    let form = press(&app, button["data"].clone()).await;
    let body = form["value"]["body"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let choices: Vec<&str> = body
        .iter()
        .filter(|b| b["type"] == "Input.ChoiceSet")
        .filter_map(|b| b["id"].as_str())
        .collect();
    assert_eq!(choices, vec!["cause", "score"], "{form}");
    let mut data = actions(&form["value"]).remove(0)["data"].clone();
    data["answer2"] = json!("priced above the kirana sweet spot");
    data["cause"] = json!("pricing");
    data["score"] = json!("2");
    let saved = press(&app, data).await;
    let said = saved["value"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Saved your answers to the review of diwali-27"),
        "{said}"
    );

    let priya = r#"answer diwali-27 2:"the talkers reached stores late" cause:timing score:4"#;
    app.say_privately(PRIYA, priya, "Saved your answers").await;
    app.say_privately(ROHAN, "launch close diwali-27", "The result is in #joint")
        .await;
    let in_joint = |r: &Request| {
        r.url.path().contains("monsoon-joint")
            && String::from_utf8_lossy(&r.body).contains("ColumnSet")
    };
    let result = app.fake.wait_for("the result in #joint", in_joint).await;
    let sets = column_sets(&result["attachments"][0]["content"]);
    assert_eq!(sets.len(), 5, "four questions and the causes");
    assert_eq!(
        sets[1],
        vec![
            vec![
                "Sales".to_string(),
                "Asha (ANS-1): priced above the kirana sweet spot".into()
            ],
            vec![
                "Marketing".to_string(),
                "Priya (ANS-2): the talkers reached stores late".into()
            ],
        ]
    );
    assert_eq!(sets[4][0], vec!["Sales".to_string(), "pricing ×1".into()]);
}
