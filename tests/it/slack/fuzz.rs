//! Generated, correctly signed bodies on every Slack route: each gets an answer (never a 5xx,
//! never a dropped connection), and Tandem goes on answering afterwards.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{FakeSlack, SlackApp};
use crate::generators::{form, slack_json, slack_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_signed_body_on_any_route_gets_an_answer_and_tandem_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = SlackApp::start(FakeSlack::start().await, dir.path()).await;
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: crate::fuzz::cases(96),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..4u8, slack_text(), slack_json(), "[a-zA-Z0-9_]{0,8}");
    let seen = std::sync::Mutex::new(std::collections::BTreeMap::<u16, usize>::new());
    let result = tokio::task::block_in_place(|| {
        runner.run(&strategy, |(route, text, value, user)| {
            let (path, content_type, body) = match route {
                0 => (
                    "/slack/commands",
                    "application/x-www-form-urlencoded",
                    form(&[
                        ("command", "/tandem".into()),
                        ("text", text),
                        ("user_id", user),
                        ("channel_id", "C0SALES".into()),
                        ("trigger_id", "t".into()),
                        ("response_url", "http://127.0.0.1:9/x".into()),
                    ]),
                ),
                1 => (
                    "/slack/interactions",
                    "application/x-www-form-urlencoded",
                    form(&[("payload", value.to_string())]),
                ),
                2 => ("/slack/events", "application/json", value.to_string()),
                _ => ("/slack/commands", "application/x-www-form-urlencoded", text),
            };
            let status = handle
                .block_on(app.try_post_signed(path, content_type, body))
                .map(|r| r.status().as_u16());
            prop_assert!(matches!(status, Ok(s) if s < 500), "{path}: {status:?}");
            if let Ok(status) = status {
                *seen.lock().expect("seen").entry(status).or_default() += 1;
            }
            Ok(())
        })
    });
    assert!(result.is_ok(), "{result:?}");
    let seen = seen.into_inner().expect("seen");
    // Signed, so the bodies reach the parsers: none is refused as unverified.
    assert!(!seen.contains_key(&401), "{seen:?}");
    assert!(seen.get(&200).is_some_and(|n| *n > 10), "{seen:?}");
    let (status, answer) = app.command("U0ASHA", "help").await;
    assert_eq!(status.as_u16(), 200);
    assert!(answer.to_string().contains("request"), "{answer}");
    app.stop().await;
}
