//! Logging a market visit in Teams through its card form: `visit log` alone answers with the
//! form, a problem comes back in the form under its field, and a good form logs the visit.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{card_action, personal_message};
use super::app::TestApp;
use super::fake::{ASHA, PRIYA};

const PRIYAS_CHAT: &str = "a:personal-aad-priya";
const PRIYAS_CHAT_POSTS: &str = "/teams/v3/conversations/a%3Apersonal-aad-priya/activities";
const CARD: &str = "application/vnd.microsoft.card.adaptive";
const SENTENCE: &str = "application/vnd.microsoft.activity.message";

async fn press(app: &TestApp, data: Value) -> Value {
    let activity = card_action(
        &app.service_url(),
        PRIYAS_CHAT,
        PRIYA,
        "Priya Nair",
        "tandem",
        data,
    );
    app.send(&activity).await.json().await.expect("json")
}

fn input<'a>(card: &'a Value, id: &str) -> &'a Value {
    card["body"]
        .as_array()
        .and_then(|body| body.iter().find(|b| b["id"] == id))
        .unwrap_or(&Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visit_log_alone_answers_with_a_card_form_that_logs_the_visit() {
    // Thursday 3 December 2026, 15:30 in Kolkata.
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .single()
        .expect("time");
    let app = TestApp::start_at(now).await;
    let typed = personal_message(&app.service_url(), PRIYA, "Priya Nair", "visit log");
    assert_eq!(app.send(&typed).await.status().as_u16(), 200);
    let with_form = |r: &Request| {
        r.url.path().starts_with(PRIYAS_CHAT_POSTS)
            && String::from_utf8_lossy(&r.body).contains("Input.Date")
    };
    let reply = app
        .fake
        .wait_for("the form in Priya's chat", with_form)
        .await;
    let card = &reply["attachments"][0]["content"];
    assert_eq!(input(card, "visit_market")["type"], "Input.Text");
    assert_eq!(input(card, "visit_date")["value"], "2026-12-03");
    let companions: Vec<&str> = input(card, "visit_companion")["choices"]
        .as_array()
        .expect("Sales people")
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(companions, ["Asha", "Vikram", "Meera"]);
    assert_eq!(input(card, "visit_kind")["type"], "Input.ChoiceSet");
    assert_eq!(input(card, "visit_learnings")["isMultiline"], true);
    let button = &card["actions"][0];
    assert_eq!(button["type"], "Action.Execute");

    let mut wrong = button["data"].clone();
    wrong["visit_market"] = json!("Pune West");
    wrong["visit_date"] = json!("2026-12-01");
    wrong["visit_companion"] = json!("Rohan");
    wrong["visit_learnings"] = json!("shops want smaller packs");
    let again = press(&app, wrong.clone()).await;
    assert_eq!(again["type"], CARD, "{again}");
    let form = &again["value"];
    assert_eq!(
        input(form, "visit_market")["value"],
        "Pune West",
        "values kept"
    );
    let said = form.to_string();
    assert!(said.contains("Rohan is in Marketing"), "{said}");

    let mut good = wrong;
    good["visit_companion"] = json!("Asha");
    good["visit_kind"] = json!("store");
    let logged = press(&app, good).await;
    assert_eq!(logged["type"], SENTENCE, "{logged}");
    let said = logged["value"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Logged VIS-1 · Priya in Pune West with Asha on Tue 1 Dec"),
        "{said}"
    );

    // An older client sends the form as a message (`Action.Submit`): the same visit command.
    let mut submitted = personal_message(&app.service_url(), PRIYA, "Priya Nair", "");
    submitted.as_object_mut().expect("object").remove("text");
    let mut second = button["data"].clone();
    second["visit_market"] = json!("Thane");
    second["visit_learnings"] = json!("distributor is slow");
    submitted["value"] = second;
    assert_eq!(app.send(&submitted).await.status().as_u16(), 200);
    let logged_again = |r: &Request| {
        r.url.path().starts_with(PRIYAS_CHAT_POSTS)
            && String::from_utf8_lossy(&r.body)
                .contains("Logged VIS-2 · Priya in Thane on Thu 3 Dec")
    };
    app.fake
        .wait_for("the second visit logged", logged_again)
        .await;

    // Sales typing it alone gets the usage, as in the shell: no form.
    let asha = personal_message(&app.service_url(), ASHA, "Asha Rao", "visit log");
    assert_eq!(app.send(&asha).await.status().as_u16(), 200);
    let to_asha = |r: &Request| {
        r.url
            .path()
            .starts_with("/teams/v3/conversations/a%3Apersonal-aad-asha/activities")
            && String::from_utf8_lossy(&r.body).contains("needs the market")
    };
    let usage = app.fake.wait_for("the usage in Asha's chat", to_asha).await;
    assert!(!usage.to_string().contains("Input.Date"), "{usage}");
}
