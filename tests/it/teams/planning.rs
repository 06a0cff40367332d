//! A planning round in Teams: the DM's "Give input" button turns into a form with a field per
//! section, figures stay blind, and the agreed plan is an Adaptive Card whose ColumnSet puts
//! each team's inputs per section side by side.

use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{Who, card_action};
use super::app::TestApp;
use super::fake::{ASHA, PRIYA};
use crate::helpers::monday;

const ROHAN: Who = ("aad-rohan", "29:rohan");
const MEERA: Who = ("aad-meera", "29:meera");
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
async fn a_round_gets_input_through_a_form_and_the_agreed_plan_is_a_card_with_columns() {
    let app = TestApp::start_edited(monday(), |text| {
        text.replace(
            "slack = \"U0MEERA\"\n",
            "slack = \"U0MEERA\"\nteams = \"aad-meera\"\n",
        )
    })
    .await;
    app.say_privately(ASHA, "help", "Tandem keeps Sales and Marketing")
        .await;
    let open = r#"plan open fy27 due:2026-12-31 sections:"Products, Pricing""#;
    app.say_privately(MEERA, open, "Opened the planning round fy27")
        .await;
    let in_her_chat = |r: &Request| {
        r.method.as_str() == "POST"
            && r.url.path() == ASHAS_CHAT_POSTS
            && String::from_utf8_lossy(&r.body).contains("Planning round · fy27")
    };
    let dm = app
        .fake
        .wait_for("the plan in Asha's chat", in_her_chat)
        .await;
    let card = &dm["attachments"][0]["content"];
    let button = actions(card)
        .into_iter()
        .find(|a| a["data"]["command"] == "plan input fy27")
        .expect("a Give input button");
    assert_eq!(button["title"], "Give input");
    let form = press(&app, button["data"].clone()).await;
    let inputs: Vec<(String, String)> = form["value"]["body"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|b| b["type"] == "Input.Text")
        .map(|b| (b["id"].to_string(), b["label"].to_string()))
        .collect();
    assert_eq!(
        inputs,
        vec![
            ("\"answer1\"".to_string(), "\"1. Products\"".to_string()),
            ("\"answer2\"".to_string(), "\"2. Pricing\"".to_string()),
        ],
        "{form}"
    );
    let mut data = actions(&form["value"]).remove(0)["data"].clone();
    data["answer1"] = json!("smaller packs for kirana stores");
    let saved = press(&app, data).await;
    let said = saved["value"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Added your input to fy27 section 1 (Products)"),
        "{said}"
    );

    app.say_privately(PRIYA, "plan input fy27 2 hold at 40", "Added your input")
        .await;
    app.say_privately(MEERA, "plan line fy27 Masala Mix units", "Added line 1")
        .await;
    app.say_privately(ASHA, "plan figure fy27 1 1234", "Saved the Sales figure")
        .await;
    let shown = app.say_privately(ROHAN, "plan show fy27", "Forecast").await;
    assert!(!shown.to_string().contains("1,234"), "blind: {shown}");
    let both = "Sales 1,234 · Marketing 1,200";
    app.say_privately(PRIYA, "plan figure fy27 1 1200", both)
        .await;
    app.say_privately(ROHAN, "plan draft fy27 1 Masala Mix 50g", "now version 2")
        .await;
    app.say_privately(ROHAN, "plan draft fy27 2 List price 40", "now version 3")
        .await;
    app.say_privately(ROHAN, "plan signoff fy27", "Signed version 3")
        .await;
    app.say_privately(MEERA, "plan signoff fy27", "fy27 is agreed")
        .await;

    let in_joint = |r: &Request| {
        r.url.path().contains("monsoon-joint")
            && String::from_utf8_lossy(&r.body).contains("Plan agreed")
    };
    let agreed = app
        .fake
        .wait_for("the agreed plan in #joint", in_joint)
        .await;
    let card = &agreed["attachments"][0]["content"];
    assert_eq!(
        column_sets(card),
        vec![vec![
            vec![
                "Inputs from Sales".to_string(),
                "1. Products: 1".into(),
                "2. Pricing: 0".into()
            ],
            vec![
                "Inputs from Marketing".to_string(),
                "1. Products: 0".into(),
                "2. Pricing: 1".into()
            ],
        ]]
    );
    assert!(
        card.to_string()
            .contains("Buy-in: 1 of 3 in Sales gave input, 1 of 3 in Marketing gave input."),
        "{card}"
    );
}
