//! Pairing in Teams: a pair's introduction is the same card in each person's 1:1 chat with
//! the bot, a takeaway typed in one chat reaches both, and a week later "did you meet?" comes
//! to each with Yes / Not yet / No buttons that answer.

use chrono::Duration;
use serde_json::{Value, json};
use wiremock::Request;

use super::activities::Who;
use super::activities::{card_action, card_button, personal_message, sentence};
use super::app::TestApp;
use super::fake::{ASHA, PRIYA};
use crate::helpers::monday;

const ASHAS_CHAT: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities";
const PRIYAS_CHAT: &str = "/teams/v3/conversations/a%3Apersonal-aad-priya/activities";

fn body(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

/// A post to `chat` whose body contains `needle`.
fn posted(chat: &'static str, needle: &'static str) -> impl Fn(&Request) -> bool {
    move |r: &Request| {
        r.method.as_str() == "POST" && r.url.path().starts_with(chat) && body(r).contains(needle)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pair_gets_the_same_card_in_each_persons_chat_and_a_takeaway_reaches_both() {
    // Vikram and Arjun opt out: Asha meets Priya (PAIR-1), Meera meets Rohan (PAIR-2).
    let app = TestApp::start_edited(monday() - Duration::seconds(1), |text| {
        text.replace("opt_out = []", "opt_out = [\"Vikram\", \"Arjun\"]")
    })
    .await;
    // Both have written to the bot before, so Tandem knows their 1:1 chats.
    for (who, name) in [(ASHA, "Asha Rao"), (PRIYA, "Priya Shah")] {
        let hello = personal_message(&app.service_url(), who, name, "help");
        assert_eq!(app.send(&hello).await.status().as_u16(), 200);
    }
    app.fake
        .wait_for("help in Asha's chat", posted(ASHAS_CHAT, "Tandem keeps"))
        .await;
    app.fake
        .wait_for("help in Priya's chat", posted(PRIYAS_CHAT, "Tandem keeps"))
        .await;
    app.clock.set(monday() + Duration::seconds(1));

    let title = "PAIR-1 · Asha (Sales) × Priya (Marketing)";
    let to_asha = app
        .fake
        .wait_for("the introduction to Asha", posted(ASHAS_CHAT, title))
        .await;
    let to_priya = app
        .fake
        .wait_for("the introduction to Priya", posted(PRIYAS_CHAT, title))
        .await;
    let card = |activity: &Value| activity["attachments"][0]["content"].clone();
    assert_eq!(card(&to_asha)["type"], "AdaptiveCard");
    assert_eq!(card(&to_asha), card(&to_priya), "the same card to each");
    assert!(to_asha.to_string().contains("Worth talking about"));

    let answer = personal_message(
        &app.service_url(),
        PRIYA,
        "Priya Shah",
        "pair met PAIR-1 yes they want smaller packs",
    );
    assert_eq!(app.send(&answer).await.status().as_u16(), 200);
    let thanked = |r: &Request| {
        r.url.path().starts_with(PRIYAS_CHAT) && body(r).contains("Thanks: PAIR-1 counts as met.")
    };
    app.fake.wait_for("Priya's answer", thanked).await;
    for (chat, whose) in [(ASHAS_CHAT, "Asha's chat"), (PRIYAS_CHAT, "Priya's chat")] {
        let takeaway = app
            .fake
            .wait_for(whose, posted(chat, "they want smaller packs"))
            .await;
        assert!(
            takeaway.to_string().contains("Priya's takeaway"),
            "{takeaway}"
        );
        let card = takeaway.to_string();
        assert!(
            card.contains("We'll act on this") && card.contains("action add PAIR-1"),
            "the takeaway can become an action: {card}"
        );
    }
}

/// `who` presses a card's button whose data is `data`, in their 1:1 chat.
async fn press(app: &TestApp, who: Who, name: &str, data: Value) -> String {
    let chat = format!("a:personal-{}", who.0);
    let activity = card_action(&app.service_url(), &chat, who, name, "tandem", data);
    let answer: Value = app.send(&activity).await.json().await.expect("json");
    sentence(&answer).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_week_later_each_is_asked_did_you_meet_and_the_card_buttons_answer() {
    // Vikram and Arjun opt out: Asha meets Priya (PAIR-1), Meera meets Rohan (PAIR-2).
    let mut app = TestApp::start_edited(monday() - Duration::seconds(1), |text| {
        text.replace("opt_out = []", "opt_out = [\"Vikram\", \"Arjun\"]")
    })
    .await;
    for (who, name, chat) in [
        (ASHA, "Asha Rao", ASHAS_CHAT),
        (PRIYA, "Priya Shah", PRIYAS_CHAT),
    ] {
        let hello = personal_message(&app.service_url(), who, name, "help");
        assert_eq!(app.send(&hello).await.status().as_u16(), 200);
        app.fake.wait_for(name, posted(chat, "Tandem keeps")).await;
    }
    app.clock.set(monday() + Duration::seconds(1));
    let title = "PAIR-1 · Asha (Sales) × Priya (Marketing)";
    app.fake
        .wait_for("the introduction", posted(PRIYAS_CHAT, title))
        .await;

    // Monday 7 December, 10:00 in Kolkata: the check is due.
    let due = monday() + Duration::days(7);
    app.restart_at(due - Duration::seconds(1)).await;
    app.clock.set(due + Duration::seconds(1));
    let card = |activity: Value| activity["attachments"][0]["content"].clone();
    let to_priya = app
        .fake
        .wait_for(
            "Priya's check",
            posted(PRIYAS_CHAT, "PAIR-1 · did you meet Asha?"),
        )
        .await;
    let to_asha = app
        .fake
        .wait_for(
            "Asha's check",
            posted(ASHAS_CHAT, "PAIR-1 · did you meet Priya?"),
        )
        .await;
    let (priyas, ashas) = (card(to_priya), card(to_asha));
    let commands: Vec<Value> = ["Yes", "Not yet", "No"]
        .iter()
        .map(|title| card_button(&priyas, title).0["command"].clone())
        .collect();
    assert_eq!(
        commands,
        ["yes", "not-yet", "no"].map(|a| format!("pair met PAIR-1 {a}"))
    );

    let not_yet = press(&app, PRIYA, "Priya Shah", card_button(&priyas, "Not yet").0).await;
    assert_eq!(not_yet, "Noted. Tandem asks you once more on Thu 10 Dec.");
    let no = press(&app, ASHA, "Asha Rao", card_button(&ashas, "No").0).await;
    assert_eq!(
        no,
        "Noted: you and Priya didn't meet for PAIR-1. The next round pairs you with someone new."
    );
    let yes = press(&app, PRIYA, "Priya Shah", card_button(&priyas, "Yes").0).await;
    assert_eq!(yes, "Thanks: PAIR-1 counts as met.");
    // Her yes told both they met: her No button does not take it back.
    let late = press(&app, PRIYA, "Priya Shah", card_button(&priyas, "No").0).await;
    assert!(
        late.starts_with("You already said you met in PAIR-1"),
        "{late}"
    );
    let stranger = press(
        &app,
        ASHA,
        "Asha Rao",
        json!({"command": "pair met PAIR-2 yes"}),
    )
    .await;
    assert_eq!(
        stranger,
        "PAIR-2 is not your pair; `pair list mine` shows yours."
    );
}
