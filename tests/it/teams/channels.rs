//! What is asked in a Teams channel and answered where: a request's steps in the thread, for
//! everyone there; anything that may be blind or private to the asker in their 1:1 chat, with
//! only a pointer in the thread.

use wiremock::Request;

use super::activities::{Who, channel_message, text_of_reply};
use super::app::TestApp;
use super::fake::{ASHA, GENERAL};

const ROHAN: Who = ("aad-rohan", "29:rohan");
/// Asha's 1:1 chat: the one she wrote in, or (the fake's answer) the one the bot opened.
const ASHAS_CHATS: [&str; 2] = ["a%3Apersonal-aad-asha", "a%3Adm-asha"];
const GENERAL_PATH: &str = "19%3Ageneral%40thread.tacv2";

fn to(path: &'static str, text: &'static str) -> impl Fn(&Request) -> bool {
    move |r: &Request| {
        r.method.as_str() == "POST"
            && r.url.path().contains(path)
            && String::from_utf8_lossy(&r.body).contains(text)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blind_figure_asked_for_in_a_channel_is_answered_in_the_askers_1_1_chat_only() {
    let app = TestApp::start().await;
    app.say_privately(ROHAN, "plan open fy27 due:2026-12-31", "Opened")
        .await;
    app.say_privately(ROHAN, "plan line fy27 Masala Mix units", "Added line 1")
        .await;
    app.say_privately(ASHA, "plan figure fy27 1 1234", "Saved the Sales figure")
        .await;

    let asked = channel_message(
        &app.service_url(),
        GENERAL,
        ASHA,
        "Asha Rao",
        "plan show fy27",
    );
    assert_eq!(app.send(&asked).await.status().as_u16(), 200);
    let in_her_chat = |r: &Request| {
        r.method.as_str() == "POST"
            && ASHAS_CHATS.iter().any(|chat| r.url.path().contains(chat))
            && String::from_utf8_lossy(&r.body).contains("Forecast")
    };
    let privately = app
        .fake
        .wait_for("the plan in Asha's chat", in_her_chat)
        .await;
    assert!(privately.to_string().contains("1,234"), "{privately}");
    let pointer = app
        .fake
        .wait_for("a pointer in the thread", to(GENERAL_PATH, "1:1 chat"))
        .await;
    assert_eq!(
        text_of_reply(&pointer),
        "I've sent you that in our 1:1 chat."
    );
    let calls = app.fake.connector_calls().await;
    let in_the_channel: Vec<String> = calls
        .iter()
        .filter(|r| r.url.path().contains(GENERAL_PATH))
        .map(|r| String::from_utf8_lossy(&r.body).to_string())
        .collect();
    assert!(
        in_the_channel
            .iter()
            .all(|body| !body.contains("1,234") && !body.contains("Forecast")),
        "the channel saw the plan: {in_the_channel:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_filed_in_a_channel_is_still_answered_in_its_thread() {
    let app = TestApp::start().await;
    let filed = channel_message(
        &app.service_url(),
        GENERAL,
        ASHA,
        "Asha Rao",
        "request pos Shelf talkers",
    );
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    let answer = app
        .fake
        .wait_for("the answer in the thread", to(GENERAL_PATH, "Filed REQ-1"))
        .await;
    assert!(
        text_of_reply(&answer).starts_with("Filed REQ-1"),
        "{answer}"
    );
    let calls = app.fake.connector_calls().await;
    assert!(
        !calls
            .iter()
            .any(|r| String::from_utf8_lossy(&r.body).contains("1:1 chat")),
        "no pointer for an answer everyone may read"
    );
}
