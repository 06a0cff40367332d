//! Delivery to Slack: retries of one event act once, rate limits are waited out, and nothing
//! owed to Slack is lost across a restart.

use reqwest::StatusCode;
use tandem::clock::Movable;

use super::{FakeSlack, SlackApp};

#[tokio::test]
async fn three_retries_of_one_event_have_one_effect() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    for _ in 0..3 {
        assert_eq!(
            app.event("EvSame", super::dm("U0ASHA", "request pos Talkers"))
                .await,
            StatusCode::OK
        );
    }
    app.fake.wait_for("chat.postMessage", 2).await;
    app.outbox_pass().await;
    let (_, listed) = app.command("U0ASHA", "list all").await;
    assert!(
        listed["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("All requests (1)")),
        "{listed}"
    );
    assert_eq!(
        app.fake.calls_to("chat.postMessage").len(),
        2,
        "one card and one answer"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_rate_limited_post_is_delivered_once_and_not_before_retry_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    fake.fail_next("chat.postMessage", 429, Some(30));
    let app = SlackApp::start(fake.clone(), dir.path()).await;
    app.command("U0ASHA", "request pos Talkers").await;
    fake.wait_for("chat.postMessage", 1).await;
    app.outbox_pass().await;
    assert_eq!(
        fake.calls_to("chat.postMessage").len(),
        1,
        "no retry before Retry-After"
    );
    app.clock.advance(chrono::Duration::seconds(29));
    app.outbox_pass().await;
    assert_eq!(
        fake.calls_to("chat.postMessage").len(),
        1,
        "still not after 29 s"
    );
    app.clock.advance(chrono::Duration::seconds(2));
    let posts = fake.wait_for("chat.postMessage", 2).await;
    assert_eq!(posts[0].body, posts[1].body, "the same card, again");
    app.outbox_pass().await;
    assert_eq!(fake.calls_to("chat.postMessage").len(), 2, "delivered once");
    app.stop().await;
}

#[tokio::test]
async fn messages_still_owed_to_slack_are_delivered_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = FakeSlack::start().await;
    fake.fail_next("chat.postMessage", 503, None);
    let first = SlackApp::start(fake.clone(), dir.path()).await;
    first.command("U0ASHA", "request pos Talkers").await;
    fake.wait_for("chat.postMessage", 1).await;
    first.stop().await;
    {
        use tandem::store::Store;
        let store = super::reopen(dir.path()).await;
        assert_eq!(
            store.outbox_depth().expect("depth"),
            1,
            "the card waits in the outbox"
        );
    }
    let second = SlackApp::start(fake.clone(), dir.path()).await;
    second.clock.advance(chrono::Duration::minutes(1));
    let posts = fake.wait_for("chat.postMessage", 2).await;
    assert_eq!(posts[1].body["channel"], "C0MKTG");
    second.stop().await;
    use tandem::store::Store;
    let store = super::reopen(dir.path()).await;
    assert_eq!(store.outbox_depth().expect("depth"), 0);
}
