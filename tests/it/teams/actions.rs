//! You said → we did in Teams: Asha's answer reaches #marketing with its ANS number and a
//! "We'll act on this" form (what, owner, due date); Priya fills it in, Asha hears at once, and
//! when Priya closes it Asha gets both halves.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{card_action, personal_message};
use super::app::TestApp;
use super::fake::{ASHA, MARKETING, PRIYA};

const ASHAS_CHAT: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities";
const PRIYAS_CHAT: &str = "/teams/v3/conversations/a%3Apersonal-aad-priya/activities";
const IN_MARKETING: &str = "/teams/v3/conversations/19%3Amktg";

fn body(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

fn posted(chat: &'static str, needle: &'static str) -> impl Fn(&Request) -> bool {
    move |r: &Request| {
        r.method.as_str() == "POST" && r.url.path().starts_with(chat) && body(r).contains(needle)
    }
}

/// Every action of a card, nested ones included.
fn all_actions(value: &Value, found: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with("Action."))
            {
                found.push(value.clone());
            }
            map.values().for_each(|v| all_actions(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| all_actions(v, found)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_answer_is_acted_on_through_its_form_and_its_author_hears_both_halves() {
    // Friday 4 December 2026, a second before the sales prompt (16:00 in Kolkata).
    let before = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 29, 59)
        .single()
        .expect("time");
    let app = TestApp::start_at(before).await;
    for (who, name, chat) in [
        (ASHA, "Asha Rao", ASHAS_CHAT),
        (PRIYA, "Priya Shah", PRIYAS_CHAT),
    ] {
        let hello = personal_message(&app.service_url(), who, name, "help");
        assert_eq!(app.send(&hello).await.status().as_u16(), 200);
        app.fake
            .wait_for("help", posted(chat, "Tandem keeps"))
            .await;
    }
    app.clock.set(before + chrono::Duration::seconds(2));
    app.fake
        .wait_for("the prompt", posted(ASHAS_CHAT, "market-pulse"))
        .await;
    let answer = personal_message(
        &app.service_url(),
        ASHA,
        "Asha Rao",
        "answer market-pulse 1 Shops want smaller packs",
    );
    assert_eq!(app.send(&answer).await.status().as_u16(), 200);
    let shared = app
        .fake
        .wait_for(
            "the answer in #marketing",
            posted(IN_MARKETING, "Asha answered (ANS-1)"),
        )
        .await;

    let mut actions = Vec::new();
    all_actions(&shared, &mut actions);
    let form = actions
        .iter()
        .find(|a| a["type"] == "Action.ShowCard" && a["title"] == "We'll act on this")
        .expect("a We'll act on this form");
    let inputs: Vec<(String, String)> = form["card"]["body"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            (
                b["type"].as_str().unwrap_or("").into(),
                b["id"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        vec![
            ("Input.Text".into(), "input1".into()),
            ("Input.Text".into(), "input1_owner".into()),
            ("Input.Date".into(), "input1_due".into()),
        ]
    );
    let mut data = form["card"]["actions"][0]["data"].clone();
    assert_eq!(data["command"], "action add ANS-1");
    data["input1"] = json!("A 50 g pack for kirana shops");
    data["input1_owner"] = json!("");
    data["input1_due"] = json!("2026-12-18");
    let press = card_action(
        &app.service_url(),
        MARKETING,
        PRIYA,
        "Priya Shah",
        "tandem",
        data.clone(),
    );
    let said: Value = app.send(&press).await.json().await.expect("json");
    assert!(
        said.to_string().contains(
            "Added ACT-1 on ANS-1: 'A 50 g pack for kirana shops' Owner Priya, due 18 Dec."
        ),
        "{said}"
    );
    let told = app
        .fake
        .wait_for(
            "Asha told",
            posted(ASHAS_CHAT, "Marketing will act on what you said"),
        )
        .await;
    assert!(
        told.to_string().contains("Shops want smaller packs"),
        "{told}"
    );

    // A forged option cannot smuggle a second one in: the value stays one quoted option.
    let mut forged = data;
    forged["input1_owner"] = json!("Priya\" due:\"2020-01-01");
    let refused: Value = app
        .send(&card_action(
            &app.service_url(),
            MARKETING,
            PRIYA,
            "Priya Shah",
            "tandem",
            forged,
        ))
        .await
        .json()
        .await
        .expect("json");
    assert!(
        refused.to_string().contains("I don't know who"),
        "{refused}"
    );

    let done = personal_message(
        &app.service_url(),
        PRIYA,
        "Priya Shah",
        "action done ACT-1 50 g packs are in 40 Pune West shops",
    );
    assert_eq!(app.send(&done).await.status().as_u16(), 200);
    let both = app
        .fake
        .wait_for(
            "both halves to Asha",
            posted(ASHAS_CHAT, "You said → we did · ACT-1"),
        )
        .await;
    let text = both.to_string();
    assert!(text.contains("You said (4 Dec, market-pulse)"), "{text}");
    assert!(
        text.contains("→ Priya did (4 Dec): '50 g packs are in 40 Pune West shops'"),
        "{text}"
    );
    assert!(text.contains("action rate ACT-1 yes"), "{text}");
}
