//! A `/tandem` slash command as Slack sends it: form body, timestamp and signature.

use axum::body::Bytes;
use http_body_util::Full;
use tandem::config::Secret;
use tandem::platform::slack::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

/// The signing secret the benches give Tandem.
pub const SECRET: &str = "bench-signing-secret";

/// `/tandem <text>` from `user` in #sales, signed now with `SECRET`; `trigger` makes its
/// `trigger_id` unique.
pub fn command(user: &str, text: &str, trigger: &str) -> hyper::Request<Full<Bytes>> {
    let body = serde_urlencoded::to_string([
        ("team_id", "T1"),
        ("channel_id", "C0SALES"),
        ("user_id", user),
        ("command", "/tandem"),
        ("text", text),
        ("response_url", "http://127.0.0.1:9/unused"),
        ("trigger_id", &format!("trigger-{trigger}")),
    ])
    .expect("form");
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let signature = sign(&Secret::new(SECRET), &timestamp, body.as_bytes());
    hyper::Request::post("/slack/commands")
        .header("host", "127.0.0.1")
        .header("content-type", "application/x-www-form-urlencoded")
        .header(TIMESTAMP_HEADER, timestamp)
        .header(SIGNATURE_HEADER, signature)
        .body(Full::new(Bytes::from(body)))
        .expect("request")
}
