//! Slack over HTTP: what is refused, with which status, and that refusals change nothing.

use reqwest::StatusCode;
use serde_json::json;
use tandem::store::{RequestQuery, Store};

use super::{FakeSlack, SlackApp};

async fn app() -> (SlackApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    (
        SlackApp::start(FakeSlack::start().await, dir.path()).await,
        dir,
    )
}

async fn nothing_was_filed(dir: &std::path::Path) {
    let store = super::reopen(dir).await;
    assert_eq!(
        store
            .list_requests(&RequestQuery::All, 10)
            .expect("list")
            .total,
        0
    );
    assert_eq!(store.outbox_depth().expect("depth"), 0);
}

#[tokio::test]
async fn unsigned_forged_and_stale_requests_get_401_and_change_nothing() {
    let (app, dir) = app().await;
    let body = "team_id=T1&channel_id=C0&user_id=U0ASHA&command=%2Ftandem&text=request+pos+Talkers&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr&trigger_id=t";
    let url = format!("{}/slack/commands", app.base);
    let unsigned = app.raw().post(&url).body(body).send().await.expect("sent");
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let now = chrono::Utc::now().timestamp().to_string();
    let forged = app
        .raw()
        .post(&url)
        .header("x-slack-request-timestamp", &now)
        .header(
            "x-slack-signature",
            "v0=0000000000000000000000000000000000000000000000000000000000000000",
        )
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    for minutes in [6, -6] {
        let when = (chrono::Utc::now() + chrono::Duration::minutes(minutes))
            .timestamp()
            .to_string();
        let signature = tandem::platform::slack::sign(
            &tandem::config::Secret::new(super::SIGNING_SECRET),
            &when,
            body.as_bytes(),
        );
        let stale = app
            .raw()
            .post(&url)
            .header("x-slack-request-timestamp", &when)
            .header("x-slack-signature", signature)
            .body(body)
            .send()
            .await
            .expect("sent");
        assert_eq!(
            stale.status(),
            StatusCode::UNAUTHORIZED,
            "{minutes} minutes off"
        );
    }
    for path in ["/slack/interactions", "/slack/events"] {
        let response = app
            .raw()
            .post(format!("{}{path}", app.base))
            .body("{}")
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    assert!(app.fake.all_calls().is_empty(), "Slack was not called");
    app.stop().await;
    nothing_was_filed(dir.path()).await;
}

#[tokio::test]
async fn oversized_and_malformed_payloads_are_refused_with_the_right_status() {
    let (app, dir) = app().await;
    let huge = format!("payload={}", "x".repeat(2 * 1024 * 1024));
    let status = crate::helpers::oversized_status(|| {
        app.try_post_signed(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            huge.clone(),
        )
    })
    .await;
    assert_eq!(status, 413);
    let no_payload = app
        .post_signed(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            "foo=bar".into(),
        )
        .await;
    assert_eq!(no_payload.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        no_payload.text().await.unwrap_or_default().trim(),
        "the form has no payload field"
    );
    let garbage = app
        .post_signed(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            "payload=%7Bnot+json".into(),
        )
        .await;
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let garbage_event = app
        .post_signed("/slack/events", "application/json", "{not json".into())
        .await;
    assert_eq!(garbage_event.status(), StatusCode::BAD_REQUEST);
    let not_a_command = app
        .post_signed(
            "/slack/commands",
            "application/x-www-form-urlencoded",
            "text=hello".into(),
        )
        .await;
    assert_eq!(not_a_command.status(), StatusCode::BAD_REQUEST);
    let (status, _) = app
        .interact(json!({ "type": "dialog_cancellation", "user": { "id": "U0ASHA" } }))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown interaction type is acknowledged and ignored"
    );
    assert!(app.fake.all_calls().is_empty(), "Slack was not called");
    app.stop().await;
    nothing_was_filed(dir.path()).await;
}

#[tokio::test]
async fn url_verification_ssl_check_health_and_metrics_answer() {
    let (app, _dir) = app().await;
    let challenge = app
        .post_signed(
            "/slack/events",
            "application/json",
            json!({ "type": "url_verification", "challenge": "abc123" }).to_string(),
        )
        .await;
    assert_eq!(
        challenge.json::<serde_json::Value>().await.expect("json")["challenge"],
        "abc123"
    );
    let ssl = app
        .post_signed(
            "/slack/commands",
            "application/x-www-form-urlencoded",
            "ssl_check=1&token=x".into(),
        )
        .await;
    assert_eq!(ssl.status(), StatusCode::OK);
    let health = app
        .raw()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(health.status(), StatusCode::OK);
    let (status, _) = app.command("U0ASHA", "help").await;
    assert_eq!(status, StatusCode::OK);
    let metrics = app
        .raw()
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("tandem_commands_total{command=\"help\",outcome=\"done\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("tandem_ack_seconds_count 2"), "{metrics}");
    assert!(metrics.contains("tandem_outbox_depth 0"), "{metrics}");
    app.stop().await;
}

#[tokio::test]
async fn usage_errors_and_strangers_get_an_answer_with_status_200() {
    let (app, dir) = app().await;
    let (status, answer) = app.command("U0ASHA", "request posters Big banner").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["response_type"], "ephemeral");
    assert!(
        answer["text"]
            .as_str()
            .is_some_and(|t| t.contains("\"posters\" is not a request kind")),
        "{answer}"
    );
    let (status, answer) = app.command("U0NOBODY", "request pos Banner").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        answer["text"]
            .as_str()
            .is_some_and(|t| t.contains("not set up in Tandem")),
        "{answer}"
    );
    app.stop().await;
    nothing_was_filed(dir.path()).await;
}

#[test]
fn the_slack_manifests_match_the_routes_and_events_tandem_serves() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/slack");
    let http = std::fs::read_to_string(dir.join("manifest-http.yml")).expect("http manifest");
    for route in ["/slack/commands", "/slack/interactions", "/slack/events"] {
        assert!(
            http.contains(&format!("https://tandem.example.com{route}")),
            "{route} missing"
        );
    }
    for manifest in [
        http,
        std::fs::read_to_string(dir.join("manifest.yml")).expect("socket manifest"),
    ] {
        for needed in [
            "command: /tandem",
            "- app_home_opened",
            "- message.im",
            "- chat:write",
            "- mpim:write",
            "- commands",
            "- usergroups:read",
            "- users:read.email",
            "- channels:read",
            "- groups:read",
            "home_tab_enabled: true",
        ] {
            assert!(manifest.contains(needed), "{needed} missing");
        }
    }
}
