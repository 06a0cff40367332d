//! Market visits in Teams: `visit log` alone answers with a card form, a problem comes back in
//! the form under its field, and a good form logs the visit. The buttons on the cards around a
//! visit (accept or decline an invitation, what I learnt, vouch or dispute) run the same
//! commands as the typed lines, end to end against the fake Bot Framework.

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Asia::Kolkata;
use serde_json::{Value, json};
use wiremock::Request;

use super::activities::{card_action, card_button, personal_message, sentence};
use super::app::TestApp;
use super::fake::{ASHA, PRIYA};
use crate::looping::local;

const PRIYAS_CHAT: &str = "a:personal-aad-priya";
const PRIYAS_CHAT_POSTS: &str = "/teams/v3/conversations/a%3Apersonal-aad-priya/activities";
const ASHAS_CHAT: &str = "a:personal-aad-asha";
const ASHAS_CHAT_POSTS: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities";
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

/// `who` presses a card's button (`Action.Execute`) whose data is `data`, in their own chat.
async fn press_as(app: &TestApp, who: (&'static str, &'static str), data: Value) -> Value {
    let (chat, name) = if who == ASHA {
        (ASHAS_CHAT, "Asha Rao")
    } else {
        (PRIYAS_CHAT, "Priya Nair")
    };
    let activity = card_action(&app.service_url(), chat, who, name, "tandem", data);
    app.send(&activity).await.json().await.expect("json")
}

/// The card of the first post to `chat_posts` that contains `needle`.
async fn card_in(app: &TestApp, chat_posts: &'static str, needle: &'static str) -> Value {
    let pick = move |r: &Request| {
        r.url.path().starts_with(chat_posts) && String::from_utf8_lossy(&r.body).contains(needle)
    };
    let post = app.fake.wait_for(needle, pick).await;
    post["attachments"][0]["content"].clone()
}

/// A button's data with `text` typed in the input it asks for.
fn filled((mut data, input): (Value, Option<String>), text: &str) -> Value {
    let input = input.expect("a button that asks for a text");
    data[input] = json!(text);
    data
}

/// Asha and Priya have written to the bot, so Tandem knows their 1:1 chats.
async fn say_hello(app: &TestApp) {
    for (who, name, chat) in [
        (ASHA, "Asha Rao", ASHAS_CHAT_POSTS),
        (PRIYA, "Priya Nair", PRIYAS_CHAT_POSTS),
    ] {
        let hello = personal_message(&app.service_url(), who, name, "help");
        assert_eq!(app.send(&hello).await.status().as_u16(), 200);
        card_in(app, chat, "Tandem keeps").await;
    }
}

async fn type_as(app: &TestApp, who: (&'static str, &'static str), name: &str, line: &str) {
    let typed = personal_message(&app.service_url(), who, name, line);
    assert_eq!(app.send(&typed).await.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_is_accepted_learnt_and_vouched_for_on_cards_and_one_declined_with_a_reason()
{
    // Tuesday 1 December 2026, 10:00 in Kolkata.
    let mut app = TestApp::start_at(local(Kolkata, 2026, 12, 1, 10, 0)).await;
    say_hello(&app).await;
    let invite = "visit invite @Priya market:\"Pune West\" on:2026-12-02 new shelf layout";
    type_as(&app, ASHA, "Asha Rao", invite).await;
    let card = card_in(&app, PRIYAS_CHAT_POSTS, "Asha asks you along to Pune West").await;
    let accept = card_button(&card, "Accept");
    assert_eq!(accept.0["command"], "visit accept VIS-1");
    let going = press_as(&app, PRIYA, accept.0).await;
    assert!(
        sentence(&going).starts_with("You're going: Priya in Pune West with Asha"),
        "{going}"
    );
    card_in(&app, ASHAS_CHAT_POSTS, "Priya accepted: Pune West").await;

    type_as(
        &app,
        ASHA,
        "Asha Rao",
        "visit invite @Priya market:Thane on:2026-12-04",
    )
    .await;
    let card = card_in(&app, PRIYAS_CHAT_POSTS, "Asha asks you along to Thane").await;
    let decline = card_button(&card, "Decline");
    assert_eq!(decline.0["command"], "visit decline VIS-2");
    let declined = press_as(&app, PRIYA, filled(decline, "launch week in Mumbai")).await;
    assert_eq!(sentence(&declined), "Declined VIS-2; I've told Asha.");
    let why = "Priya can't come to Thane (VIS-2): launch week in Mumbai";
    card_in(&app, ASHAS_CHAT_POSTS, why).await;
    let late = press_as(&app, PRIYA, card_button(&card, "Accept").0).await;
    assert_eq!(sentence(&late), "VIS-2 is declined already.");

    // Thursday 09:00, the working day after the visit: what did Priya learn?
    let due = local(Kolkata, 2026, 12, 3, 9, 0);
    app.restart_at(due - Duration::seconds(1)).await;
    app.clock.set(due + Duration::seconds(1));
    let ask = card_in(
        &app,
        PRIYAS_CHAT_POSTS,
        "How was Priya in Pune West with Asha",
    )
    .await;
    let learnt = card_button(&ask, "What I learnt");
    assert_eq!(learnt.0["command"], "visit log VIS-1");
    let logged = press_as(&app, PRIYA, filled(learnt, "shops want smaller packs")).await;
    assert!(
        sentence(&logged).starts_with("Logged VIS-1 · Priya in Pune West with Asha"),
        "{logged}"
    );
    let vouch = card_in(&app, ASHAS_CHAT_POSTS, "Can you vouch that it happened?").await;
    let yes = card_button(&vouch, "Vouch");
    assert_eq!(yes.0["command"], "visit vouch VIS-1");
    let vouched = press_as(&app, ASHA, yes.0.clone()).await;
    assert!(
        sentence(&vouched).ends_with("shows \"vouched by Asha\"."),
        "{vouched}"
    );
    card_in(
        &app,
        PRIYAS_CHAT_POSTS,
        "Asha vouched for VIS-1 (Pune West).",
    )
    .await;
    let twice = press_as(&app, ASHA, yes.0).await;
    assert_eq!(sentence(&twice), "VIS-1 is vouched for already.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_companion_disputes_a_logged_visit_from_its_card_with_a_reason() {
    let app = TestApp::start_at(local(Kolkata, 2026, 12, 3, 10, 0)).await;
    say_hello(&app).await;
    let log = "visit log market:Thane with:@Asha on:2026-12-01 the distributor is slow";
    type_as(&app, PRIYA, "Priya Nair", log).await;
    let vouch = card_in(&app, ASHAS_CHAT_POSTS, "Can you vouch that it happened?").await;
    let dispute = card_button(&vouch, "It didn't happen");
    assert_eq!(dispute.0["command"], "visit dispute VIS-1");
    let said = press_as(
        &app,
        ASHA,
        filled(dispute.clone(), "I was in Nashik that day"),
    )
    .await;
    assert_eq!(
        sentence(&said),
        "Disputed VIS-1; Priya and the Marketing lead are told. It doesn't count until settled."
    );
    card_in(&app, PRIYAS_CHAT_POSTS, "Asha says VIS-1 (Priya in Thane with Asha on 2026-12-01) didn't happen: I was in Nashik that day").await;
    let again = press_as(&app, ASHA, filled(dispute, "still no")).await;
    assert_eq!(sentence(&again), "VIS-1 is disputed already.");
}
