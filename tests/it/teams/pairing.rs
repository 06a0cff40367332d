//! Pairing in Teams: a pair's introduction is the same card in each person's 1:1 chat with
//! the bot, and a takeaway typed in one chat reaches both.

use chrono::Duration;
use serde_json::Value;
use wiremock::Request;

use super::activities::personal_message;
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
