//! Generated activities with a good token, and generated tokens: each gets an answer (never a
//! 5xx), and Tandem goes on answering afterwards.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use super::activities::personal_message;
use super::app::TestApp;
use super::fake::ASHA;
use crate::generators::{teams_json, teams_text};

fn activity(service_url: String) -> impl Strategy<Value = Value> {
    (teams_json(), teams_text(), any::<bool>()).prop_map(move |(extra, text, whole)| {
        // Half are a real message with generated text; half have generated parts in it too.
        let mut activity = personal_message(&service_url, ASHA, "Asha", &text);
        if let (false, Some(target), Value::Object(extra)) =
            (whole, activity.as_object_mut(), extra)
        {
            target.extend(extra);
        }
        activity
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_activity_or_token_gets_an_answer_and_tandem_goes_on() {
    let app = TestApp::start().await;
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: crate::fuzz::cases(64),
        failure_persistence: None,
        ..Config::default()
    });
    let token = app.good_token();
    let strategy = (activity(app.service_url()), any::<bool>(), "[ -~]{0,64}");
    let seen = std::sync::Mutex::new(std::collections::BTreeMap::<u16, usize>::new());
    let result = tokio::task::block_in_place(|| {
        runner.run(&strategy, |(activity, good, forged)| {
            let token = if good { token.clone() } else { forged };
            let status = handle.block_on(app.post(&activity, Some(&token))).status();
            prop_assert!(status.as_u16() < 500, "{status} for {activity}");
            *seen
                .lock()
                .expect("seen")
                .entry(status.as_u16())
                .or_default() += 1;
            Ok(())
        })
    });
    assert!(result.is_ok(), "{result:?}");
    let seen = seen.into_inner().expect("seen");
    assert!(
        seen.contains_key(&401),
        "forged tokens are refused: {seen:?}"
    );
    assert!(
        seen.keys().any(|s| *s < 300),
        "good tokens get in: {seen:?}"
    );
    let mut alive = personal_message(&app.service_url(), ASHA, "Asha", "help");
    alive["id"] = json!("after-the-fuzz");
    let answer = app.send(&alive).await;
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    let logs = super::app::logs();
    let from = logs.char_indices().rev().nth(4000).map_or(0, |(i, _)| i);
    let tail = &logs[from..];
    assert_eq!(status.as_u16(), 200, "{body}\n…{tail}");
}
