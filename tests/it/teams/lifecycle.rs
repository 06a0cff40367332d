//! A request's whole life from Teams: filed in a channel, its card in #marketing, worked with
//! card buttons, and the requester told in a 1:1 chat the bot creates.

use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{
    Who, card_action, channel_message, installed_in_team, personal_message, text_of_reply,
};
use super::app::{TestApp, logs};
use super::fake::{
    ACCESS_TOKEN, APP_PASSWORD, ASHA, GENERAL, MARKETING, PRIYA, SALES, TENANT, posted_id,
};

const MARKETING_POSTS: &str = "/teams/v3/conversations/19%3Amktg%40thread.tacv2/activities";
const DIWALI: &str =
    "request pos Diwali shelf talkers by:2026-12-10 qty:500 market:&quot;Pune West&quot;";

fn is(method: &str, path: &str) -> impl Fn(&Request) -> bool {
    let (method, path) = (method.to_string(), path.to_string());
    move |r: &Request| r.method.as_str() == method && r.url.path() == path
}

fn card_of(activity: &Value) -> &Value {
    &activity["attachments"][0]["content"]
}

fn text_of(card: &Value) -> String {
    card.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_filed_in_teams_is_carded_worked_by_button_and_the_requester_told_in_a_new_chat()
{
    let app = TestApp::start().await;
    installed_and_greeted(&app).await;
    filed_in_the_sales_channel_with_a_threaded_answer(&app).await;
    let card_id = carded_in_marketing(&app).await;
    acknowledged_by_button(&app).await;
    card_updated_and_requester_told_in_a_new_chat(&app, &card_id).await;
    declined_with_the_reason_asked_in_the_card(&app).await;
    refused_and_unknown_presses_are_answered(&app).await;
    the_app_token_was_asked_for_once(&app).await;
    no_secret_reached_the_logs(&app);
}

async fn installed_and_greeted(app: &TestApp) {
    let members = [(PRIYA, "Priya Sharma"), (ASHA, "Asha Rao")];
    let install = installed_in_team(&app.service_url(), GENERAL, &members);
    assert_eq!(app.send(&install).await.status().as_u16(), 200);
    let general = "/teams/v3/conversations/19%3Ageneral%40thread.tacv2/activities";
    let greeting = app.fake.wait_for("the greeting", is("POST", general)).await;
    assert!(text_of(&greeting).contains("help"), "{greeting}");
}

async fn filed_in_the_sales_channel_with_a_threaded_answer(app: &TestApp) {
    let filed = channel_message(&app.service_url(), SALES, ASHA, "Asha Rao", DIWALI);
    let started = std::time::Instant::now();
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let thread = format!(
        "/teams/v3/conversations/19%3Asales%40thread.tacv2%3Bmessageid%3D1700000000001/activities/{}",
        filed["id"].as_str().expect("id")
    );
    let answer = app.fake.wait_for("the answer", is("POST", &thread)).await;
    assert!(
        text_of(&answer["text"]).starts_with("\"Filed REQ-1"),
        "{answer}"
    );
}

/// The card reaches #marketing as an Adaptive Card with its buttons; returns its activity ID.
async fn carded_in_marketing(app: &TestApp) -> String {
    let posted = app
        .fake
        .wait_for("the card", is("POST", MARKETING_POSTS))
        .await;
    let card = card_of(&posted);
    assert_eq!(card["version"], "1.5");
    for fact in ["Pune West", "500", "Acknowledge", "Decline"] {
        assert!(text_of(card).contains(fact), "{fact} missing from {card}");
    }
    posted_id(MARKETING_POSTS, 1)
}

async fn press(app: &TestApp, who: Who, verb: &str, data: Value) -> Value {
    let name = if who == ASHA {
        "Asha Rao"
    } else {
        "Priya Sharma"
    };
    let press = card_action(&app.service_url(), MARKETING, who, name, verb, data);
    app.send(&press).await.json().await.expect("json")
}

async fn acknowledged_by_button(app: &TestApp) {
    let data = json!({"command": "ack REQ-1", "card": "REQ-1"});
    let answer = press(app, PRIYA, "tandem", data).await;
    assert_eq!(answer["statusCode"], 200);
    assert_eq!(answer["type"], "application/vnd.microsoft.card.adaptive");
    assert!(
        text_of(&answer["value"]).contains("\"acknowledged\""),
        "{answer}"
    );
}

/// Everyone's card is updated in place, its thread hears of it, Asha gets a new 1:1.
async fn card_updated_and_requester_told_in_a_new_chat(app: &TestApp, card_id: &str) {
    let update = format!("{MARKETING_POSTS}/{card_id}");
    let updated = app.fake.wait_for("the update", is("PUT", &update)).await;
    assert!(text_of(card_of(&updated)).contains("\"acknowledged\""));
    let card_thread = format!(
        "/teams/v3/conversations/19%3Amktg%40thread.tacv2%3Bmessageid%3D{card_id}/activities/{card_id}"
    );
    app.fake
        .wait_for("a reply under the card", is("POST", &card_thread))
        .await;
    let new_chat = is("POST", "/teams/v3/conversations");
    let created = app.fake.wait_for("a 1:1 chat for Asha", new_chat).await;
    assert_eq!(created["members"][0]["id"], ASHA.1);
    assert_eq!(created["tenantId"], TENANT);
    let in_chat = is("POST", "/teams/v3/conversations/a%3Adm-asha/activities");
    let dm = app.fake.wait_for("the DM", in_chat).await;
    assert!(text_of(&dm).contains("Priya acknowledged it"), "{dm}");
}

async fn declined_with_the_reason_asked_in_the_card(app: &TestApp) {
    let data = json!({"command": "decline REQ-1", "card": "REQ-1", "input": "input1", "input1": "no budget left"});
    let answer = press(app, PRIYA, "tandem", data).await;
    assert!(
        text_of(&answer["value"]).contains("\"declined\""),
        "{answer}"
    );
    let show = personal_message(&app.service_url(), ASHA, "Asha Rao", "show REQ-1");
    assert_eq!(app.send(&show).await.status().as_u16(), 200);
    let in_her_chat = |r: &Request| r.url.path().contains("personal-aad-asha");
    let shown = app.fake.wait_for("show in Asha's chat", in_her_chat).await;
    assert!(
        text_of(&shown).contains("declined it: no budget left"),
        "{shown}"
    );
}

async fn refused_and_unknown_presses_are_answered(app: &TestApp) {
    let data = json!({"command": "ack REQ-1", "card": "REQ-1"});
    let answer = press(app, ASHA, "tandem", data.clone()).await;
    assert_eq!(answer["type"], "application/vnd.microsoft.activity.message");
    assert!(
        text_of(&answer["value"]).contains("Only Marketing"),
        "{answer}"
    );
    let answer = press(app, PRIYA, "launchMissiles", data).await;
    assert_eq!(answer["type"], "application/vnd.microsoft.error");
}

/// One token request with the client credentials, and that token on every connector call.
async fn the_app_token_was_asked_for_once(app: &TestApp) {
    let all = app
        .fake
        .server
        .received_requests()
        .await
        .unwrap_or_default();
    let login: Vec<_> = all
        .iter()
        .filter(|r| r.url.path().starts_with("/login/"))
        .collect();
    assert_eq!(login.len(), 1);
    let form = String::from_utf8_lossy(&login[0].body);
    assert!(form.contains("grant_type=client_credentials"), "{form}");
    assert!(
        form.contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default"),
        "{form}"
    );
    for call in app.fake.connector_calls().await {
        let auth = call
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        assert_eq!(auth, Some(format!("Bearer {ACCESS_TOKEN}").as_str()));
    }
}

/// The logs recorded the work, and no password or token.
fn no_secret_reached_the_logs(app: &TestApp) {
    let logs = logs();
    assert!(logs.contains("teams: card updated"), "logs were captured");
    for secret in [APP_PASSWORD, ACCESS_TOKEN] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs");
    }
    let bearer = app.good_token();
    let signature = bearer.rsplit('.').next().expect("signature");
    assert!(
        !logs.contains(signature),
        "an incoming token leaked into the logs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assign_resolves_a_teams_mention_to_a_configured_person() {
    let app = TestApp::start().await;
    let svc = app.service_url();
    let install = installed_in_team(
        &svc,
        GENERAL,
        &[(PRIYA, "Priya Sharma"), (ASHA, "Asha Rao")],
    );
    assert_eq!(app.send(&install).await.status().as_u16(), 200);
    let filed = personal_message(&svc, ASHA, "Asha Rao", "request pos Shelf talkers");
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    let mut assign = channel_message(
        &svc,
        MARKETING,
        ("aad-rohan", "29:rohan"),
        "Rohan Mehta",
        "assign REQ-1 <at>Priya Sharma</at>",
    );
    assign["entities"]
        .as_array_mut()
        .expect("entities")
        .push(json!({"type": "mention", "text": "<at>Priya Sharma</at>", "mentioned": {"id": PRIYA.1, "name": "Priya Sharma"}}));
    assert_eq!(app.send(&assign).await.status().as_u16(), 200);
    let thread =
        "/teams/v3/conversations/19%3Amktg%40thread.tacv2%3Bmessageid%3D1700000000001/activities/";
    let answer = app
        .fake
        .wait_for("the answer", |r| r.url.path().starts_with(thread))
        .await;
    assert!(
        text_of_reply(&answer).contains("assigned it to Priya"),
        "{answer}"
    );
}
