//! Answers to what people write: queued in the outbox before Teams hears back, so never lost
//! to a passing connector failure, and never doubled when Teams delivers an activity twice.

use tandem::clock::Movable;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use super::activities::{personal_message, text_of_reply};
use super::app::TestApp;
use super::fake::ASHA;

const ASHAS_CHAT: &str = "/teams/v3/conversations/a%3Apersonal-aad-asha/activities/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_the_connector_fails_to_take_is_sent_again() {
    let app = TestApp::start().await;
    Mock::given(method("POST"))
        .and(path_regex(
            "^/teams/v3/conversations/a%3Apersonal-aad-asha/",
        ))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&app.fake.server)
        .await;
    let filed = personal_message(
        &app.service_url(),
        ASHA,
        "Asha",
        "request pos Shelf talkers",
    );
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    let answered = |r: &wiremock::Request| r.url.path().starts_with(ASHAS_CHAT);
    // The answer waits in the outbox; its first try meets the 502.
    app.fake.wait_for("the first try", answered).await;
    let count = |calls: &[wiremock::Request]| calls.iter().filter(|r| answered(r)).count();
    assert_eq!(count(&app.fake.connector_calls().await), 1);
    // The outbox tries again once its backoff (at most 5 s for a first failure) has passed.
    app.clock.advance(chrono::Duration::seconds(6));
    for _ in 0..100 {
        if count(&app.fake.connector_calls().await) >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let calls = app.fake.connector_calls().await;
    let tries: Vec<_> = calls.iter().filter(|r| answered(r)).collect();
    assert_eq!(tries.len(), 2, "one failure, one retry");
    let body: serde_json::Value = serde_json::from_slice(&tries[1].body).expect("json");
    assert!(text_of_reply(&body).starts_with("Filed REQ-1"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_delivered_twice_is_handled_once() {
    let app = TestApp::start().await;
    let filed = personal_message(
        &app.service_url(),
        ASHA,
        "Asha",
        "request pos Shelf talkers",
    );
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    assert_eq!(app.send(&filed).await.status().as_u16(), 200);
    let again = personal_message(&app.service_url(), ASHA, "Asha", "request pos Wobblers");
    assert_eq!(app.send(&again).await.status().as_u16(), 200);
    let second = app
        .fake
        .wait_for("the second filing's answer", |r| {
            String::from_utf8_lossy(&r.body).contains("Filed REQ-2")
        })
        .await;
    assert!(text_of_reply(&second).contains("Wobblers"), "{second}");
    let calls = app.fake.connector_calls().await;
    let answers = calls
        .iter()
        .filter(|r| r.url.path().starts_with(ASHAS_CHAT))
        .count();
    assert_eq!(answers, 2, "one answer per distinct message");
}
