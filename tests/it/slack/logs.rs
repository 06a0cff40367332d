//! Secrets never reach the logs: a full run of `tandem serve` at the most verbose log level,
//! with a forged request and a failing API call in it, and `check-config`.

use std::process::Command;

use serde_json::json;

use super::process::Serve;
use super::{BOT_TOKEN, FakeSlack, SIGNING_SECRET};

#[tokio::test]
async fn no_token_or_signing_secret_appears_in_the_logs_of_a_full_run() {
    let fake = FakeSlack::start().await;
    fake.fail_next("chat.postMessage", 500, None);
    let dir = tempfile::tempdir().expect("temp dir");
    let serve = Serve::start(&fake, dir.path(), "trace").await;

    let filed = serve.command(&fake, "U0ASHA", "request pos Talkers").await;
    assert!(filed.contains("Filed REQ-1"), "{filed}");
    let forged = serve
        .post(
            "/slack/commands",
            "not-the-signing-secret",
            "text=help".into(),
        )
        .await;
    assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);
    let event =
        json!({ "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "EvLog",
                        "event_time": 1, "event": super::dm("U0PRIYA", "ack REQ-1") })
        .to_string();
    serve.post("/slack/events", SIGNING_SECRET, event).await;
    fake.wait_for("chat.postMessage", 2).await;

    let exited = serve.terminate().await;
    assert!(exited, "tandem serve stops on SIGTERM within 15 s");
    let logs = serve.logs();
    assert!(
        logs.contains("serving") && logs.contains("refused an unverified Slack request"),
        "{logs}"
    );
    assert!(
        logs.contains("delivery failed; will retry"),
        "the failed call is logged"
    );
    for secret in [
        BOT_TOKEN,
        SIGNING_SECRET,
        "bot-token-that",
        "secret-that-must",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs");
    }

    let check = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("check-config")
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .output()
        .expect("check-config");
    let printed = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{printed}");
    assert!(
        !printed.contains(BOT_TOKEN) && !printed.contains(SIGNING_SECRET),
        "{printed}"
    );
}
