//! A feedback prompt answered in Teams: the DM's "Answer" button turns its card into a form,
//! and sharing the form saves the answers and shows them to Marketing.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{Who, card_action, personal_message};
use super::app::TestApp;
use super::fake::ASHA;

const ASHAS_CHAT: &str = "a:personal-aad-asha";
const ASHAS_CHAT_POSTS: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities";
const CARD: &str = "application/vnd.microsoft.card.adaptive";
const SENTENCE: &str = "application/vnd.microsoft.activity.message";

async fn press(app: &TestApp, who: Who, data: Value) -> Value {
    let press = card_action(
        &app.service_url(),
        ASHAS_CHAT,
        who,
        "Asha Rao",
        "tandem",
        data,
    );
    app.send(&press).await.json().await.expect("json")
}

/// The actions of a card, wherever they sit (its own, or in an `ActionSet`).
fn actions(card: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = card["actions"].as_array().cloned().unwrap_or_default();
    for block in card["body"].as_array().into_iter().flatten() {
        found.extend(block["actions"].as_array().cloned().unwrap_or_default());
    }
    found
}

fn inputs(card: &Value) -> Vec<String> {
    let body = card["body"].as_array().cloned().unwrap_or_default();
    body.iter()
        .filter(|b| b["type"] == "Input.Text")
        .filter_map(|b| b["id"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_is_answered_in_teams_through_its_form_and_shared_with_marketing() {
    // Friday 4 December 2026, a second before the sales prompt (16:00 in Kolkata).
    let before = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 29, 59)
        .single()
        .expect("time");
    let app = TestApp::start_at(before).await;
    // Asha has written to the bot before, so Tandem knows her 1:1 chat.
    let hello = personal_message(&app.service_url(), ASHA, "Asha Rao", "help");
    assert_eq!(app.send(&hello).await.status().as_u16(), 200);
    let replied = |r: &Request| r.url.path().starts_with(ASHAS_CHAT_POSTS);
    app.fake.wait_for("the answer to help", replied).await;
    app.clock.set(before + chrono::Duration::seconds(2));

    let in_her_chat = |r: &Request| r.method.as_str() == "POST" && r.url.path() == ASHAS_CHAT_POSTS;
    let prompt = app
        .fake
        .wait_for("the prompt in Asha's chat", in_her_chat)
        .await;
    let prompt_card = &prompt["attachments"][0]["content"];
    let answer_button = actions(prompt_card)
        .into_iter()
        .find(|a| a["data"]["command"] == "answer market-pulse")
        .expect("an Answer button");

    let form = press(&app, ASHA, answer_button["data"].clone()).await;
    assert_eq!(form["type"], CARD, "{form}");
    assert_eq!(inputs(&form["value"]), vec!["answer1", "answer2"]);
    let share = actions(&form["value"]).remove(0);

    let mut empty = share["data"].clone();
    empty["answer1"] = json!("  ");
    let refused = press(&app, ASHA, empty).await;
    assert_eq!(refused["type"], SENTENCE);
    assert_eq!(refused["value"], "Answer at least one question.");

    let mut filled = share["data"].clone();
    filled["answer1"] = json!("Shops want smaller packs");
    filled["answer2"] = json!("");
    let saved = press(&app, ASHA, filled).await;
    assert_eq!(saved["type"], SENTENCE);
    let said = saved["value"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Thanks! Saved your answers to market-pulse (1 of 2 questions) as ANS-1."),
        "{said}"
    );
    let in_marketing = |r: &Request| {
        r.url
            .path()
            .starts_with("/teams/v3/conversations/19%3Amktg")
            && String::from_utf8_lossy(&r.body).contains("Shops want smaller packs")
    };
    app.fake
        .wait_for("Asha's answer shared in #marketing", in_marketing)
        .await;

    // An older client sends the form as a message (`Action.Submit`): the same answers go in.
    let mut submitted = personal_message(&app.service_url(), ASHA, "Asha Rao", "");
    submitted.as_object_mut().expect("object").remove("text");
    let mut second = share["data"].clone();
    second["answer2"] = json!("The Diwali talkers arrived late");
    submitted["value"] = second;
    assert_eq!(app.send(&submitted).await.status().as_u16(), 200);
    let thanked = |r: &Request| {
        r.url.path().starts_with(&format!("{ASHAS_CHAT_POSTS}/"))
            && String::from_utf8_lossy(&r.body).contains("(2 of 2 questions)")
    };
    app.fake
        .wait_for("thanks for the second answer", thanked)
        .await;

    // Typed alone, `answer market-pulse` brings the form too, with her answer in it.
    let typed = personal_message(&app.service_url(), ASHA, "Asha Rao", "answer market-pulse");
    assert_eq!(app.send(&typed).await.status().as_u16(), 200);
    let in_personal = |r: &Request| {
        r.url.path().starts_with(&format!("{ASHAS_CHAT_POSTS}/"))
            && String::from_utf8_lossy(&r.body).contains("Input.Text")
    };
    let reply = app
        .fake
        .wait_for("the form in Asha's chat", in_personal)
        .await;
    let typed_form = &reply["attachments"][0]["content"];
    assert_eq!(inputs(typed_form), vec!["answer1", "answer2"]);
    assert_eq!(typed_form["body"][1]["value"], "Shops want smaller packs");
}
