//! The request loop in Slack: slash commands and button clicks, the card posted, updated in
//! place and threaded, and the requester told by DM.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{FakeSlack, SlackApp};

fn text_of(call: &super::fake::Call) -> String {
    call.body.to_string()
}

/// The command values of every button in a message's blocks.
fn button_values(body: &Value) -> Vec<String> {
    let mut values = Vec::new();
    for block in body["blocks"].as_array().into_iter().flatten() {
        for element in block["elements"].as_array().into_iter().flatten() {
            if let Some(value) = element["value"].as_str() {
                values.push(value.to_string());
            }
        }
    }
    values
}

#[tokio::test]
async fn the_whole_request_loop_runs_through_slash_commands_and_buttons() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let fake = app.fake.clone();

    let (status, answer) = app
        .command(
            "U0ASHA",
            r#"request pos Diwali shelf talkers by:2030-12-10 qty:500 market:"Pune West""#,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["response_type"], "ephemeral");
    assert!(
        answer["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Filed REQ-1 · Diwali shelf talkers")),
        "{answer}"
    );

    let card = fake.wait_for("chat.postMessage", 1).await.remove(0);
    assert_eq!(card.body["channel"], "C0MKTG");
    assert_eq!(
        card.authorization.as_deref(),
        Some(format!("Bearer {}", super::BOT_TOKEN).as_str())
    );
    assert_eq!(
        card.body["blocks"][0]["text"]["text"],
        "REQ-1 · Diwali shelf talkers"
    );
    assert!(
        text_of(&card).contains("*Market*\\nPune West"),
        "{}",
        text_of(&card)
    );
    assert_eq!(
        button_values(&card.body),
        [
            "ack REQ-1",
            "start REQ-1",
            "deliver REQ-1",
            "block REQ-1",
            "decline REQ-1"
        ]
    );
    let card_ts = "1700000000.000001";

    assert_eq!(
        app.click("U0PRIYA", "ack REQ-1", "run:0").await,
        StatusCode::OK
    );
    let update = fake.wait_for("chat.update", 1).await.remove(0);
    assert_eq!(
        (update.body["channel"].as_str(), update.body["ts"].as_str()),
        (Some("C0MKTG"), Some(card_ts))
    );
    assert!(
        text_of(&update).contains("acknowledged"),
        "{}",
        text_of(&update)
    );
    let posts = fake.wait_for("chat.postMessage", 3).await;
    assert_eq!(posts[1].body["thread_ts"], card_ts);
    assert!(text_of(&posts[1]).contains("Priya acknowledged it."));
    assert_eq!(
        posts[2].body["channel"], "U0ASHA",
        "the requester is told by DM"
    );
    let confirmation = fake.wait_for("respond/click", 1).await.remove(0);
    assert!(
        text_of(&confirmation).contains("you acknowledged it"),
        "{}",
        text_of(&confirmation)
    );

    assert_eq!(
        app.click("U0VIKRAM", "start REQ-1", "run:1").await,
        StatusCode::OK
    );
    let refusal = fake.wait_for("respond/click", 2).await.remove(1);
    assert!(
        text_of(&refusal).contains("Only Marketing can start a request."),
        "{}",
        text_of(&refusal)
    );

    let (_, started) = app.command("U0PRIYA", "start REQ-1").await;
    assert!(
        started["text"]
            .as_str()
            .is_some_and(|t| t.contains("Now in progress")),
        "{started}"
    );
    assert_eq!(
        app.click("U0PRIYA", "deliver REQ-1", "run:2").await,
        StatusCode::OK
    );
    let posts = app.paced("chat.postMessage", 7).await;
    let offer = posts
        .iter()
        .rev()
        .find(|p| p.body["channel"] == "U0ASHA")
        .expect("a DM to Asha");
    assert!(
        button_values(&offer.body).contains(&"confirm REQ-1 rating:5".to_string()),
        "{}",
        text_of(offer)
    );

    assert_eq!(
        app.click("U0ASHA", "confirm REQ-1 rating:5", "run:0").await,
        StatusCode::OK
    );
    let updates = app.paced("chat.update", 4).await;
    assert!(
        text_of(&updates[3]).contains("5/5"),
        "{}",
        text_of(&updates[3])
    );
    let posts = app.paced("chat.postMessage", 9).await;
    assert!(
        posts.iter().any(|p| p.body["channel"] == "U0PRIYA"),
        "Priya hears of the rating"
    );

    let (_, shown) = app.command("U0MEERA", "show REQ-1").await;
    let shown =
        shown["text"].as_str().unwrap_or_default().to_string() + &shown["blocks"].to_string();
    for step in [
        "Asha filed it",
        "Priya acknowledged it",
        "Priya started work on it",
        "Priya delivered it",
        "Asha confirmed receipt, rated 5/5",
    ] {
        assert!(shown.contains(step), "{step} missing from {shown}");
    }
    app.stop().await;
}

#[tokio::test]
async fn dms_to_the_bot_are_commands_answered_in_the_dm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    assert_eq!(
        app.event("Ev1", super::dm("U0ASHA", "help")).await,
        StatusCode::OK
    );
    let answer = app.fake.wait_for("chat.postMessage", 1).await.remove(0);
    assert_eq!(answer.body["channel"], "U0ASHA");
    assert!(text_of(&answer).contains("Tandem keeps Sales and Marketing in one loop"));
    assert_eq!(
        app.event("Ev2", super::dm("U0NOBODY", "list")).await,
        StatusCode::OK
    );
    let stranger = app.fake.wait_for("chat.postMessage", 2).await.remove(1);
    assert_eq!(stranger.body["channel"], "DU0NOBODY");
    assert!(text_of(&stranger).contains("not set up in Tandem"));
    let bot_echo = json!({ "type": "message", "channel": "DU0ASHA", "channel_type": "im", "bot_id": "B1",
                           "user": "U0ASHA", "text": "help", "ts": "1.0" });
    assert_eq!(app.event("Ev3", bot_echo).await, StatusCode::OK);
    let home =
        json!({ "type": "app_home_opened", "user": "U0PRIYA", "channel": "D1", "tab": "home" });
    assert_eq!(app.event("Ev4", home).await, StatusCode::OK);
    let published = app.fake.wait_for("views.publish", 1).await.remove(0);
    assert_eq!(published.body["user_id"], "U0PRIYA");
    assert!(
        text_of(&published).contains("Nothing is waiting on you"),
        "{}",
        text_of(&published)
    );
    assert_eq!(
        app.fake.calls_to("chat.postMessage").len(),
        2,
        "the bot's own message is not a command"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_persons_slack_time_zone_is_learned_when_the_config_names_none() {
    use tandem::store::Store;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    app.command("U0ASHA", "help").await;
    app.command("U0ARJUN", "help").await;
    let asked = app.fake.wait_for("users.info", 1).await;
    assert_eq!(asked[0].body["user"], "U0ASHA");
    let fake = app.fake.clone();
    // A stop waits for every look-up under way.
    app.stop().await;
    assert_eq!(
        fake.calls_to("users.info").len(),
        1,
        "Arjun's zone is in the config"
    );
    let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(super::reopen(dir.path()).await);
    let zone = store
        .kept::<tandem::bot::LearntZone>(&tandem::domain::PersonName::new("Asha"))
        .expect("read");
    assert_eq!(
        zone,
        Some(tandem::bot::LearntZone(chrono_tz::Europe::London))
    );
}

#[tokio::test]
async fn a_zone_slack_could_not_give_is_not_asked_again_on_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    app.fake.fail_next("users.info", 500, None);
    app.command("U0ASHA", "help").await;
    app.fake.wait_for("users.info", 1).await;
    for _ in 0..3 {
        app.command("U0ASHA", "list mine").await;
    }
    let fake = app.fake.clone();
    // A stop waits for every look-up under way.
    app.stop().await;
    assert_eq!(
        fake.calls_to("users.info").len(),
        1,
        "one question an hour at most"
    );
}

#[tokio::test]
async fn a_slack_user_mention_names_the_person_to_assign() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    app.command("U0ASHA", "request pos Shelf talkers").await;
    let (status, answer) = app
        .command("U0ROHAN", "assign REQ-1 <@U0PRIYA|priya>")
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = answer["text"].as_str().unwrap_or("");
    assert!(text.contains("Priya"), "{answer}");
    app.stop().await;
    let store = super::reopen(dir.path()).await;
    let request =
        tandem::store::Store::request(&store, tandem::domain::RequestId::new(1).expect("id"))
            .expect("read")
            .expect("filed");
    assert_eq!(request.assignee.as_ref().map(|p| p.as_str()), Some("Priya"));
}
