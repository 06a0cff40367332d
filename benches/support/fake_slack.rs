//! A fake Slack Web API on 127.0.0.1 for the benches, answering as Slack does: posts get a
//! fresh `ts` (and the `message` Slack always sends), updates echo the message's channel and
//! `ts`, `users.info` (a GET) reports a zone, anything else is `ok`. Counts the posts it took.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::routing::{get, post};
use serde_json::{Value, json};

/// Starts the fake on a free port; its API base URL (`SLACK_API_URL`).
pub async fn start(posts: Arc<AtomicU64>) -> String {
    let post_message = move || {
        let ts = posts.fetch_add(1, Ordering::Relaxed) + 1;
        let ts = format!("1700000000.{ts:06}");
        async move {
            axum::Json(json!({
                "ok": true, "channel": "C0MKTG", "ts": ts,
                "message": { "text": "", "ts": ts }
            }))
        }
    };
    let update = |axum::Json(body): axum::Json<Value>| async move {
        let (channel, ts) = (body["channel"].clone(), body["ts"].clone());
        axum::Json(json!({
            "ok": true, "channel": channel, "ts": ts,
            "message": { "text": "", "ts": ts }
        }))
    };
    let users_info = || async {
        axum::Json(json!({
            "ok": true,
            "user": { "id": "U0ASHA", "team_id": "T1", "name": "asha", "tz": "Asia/Kolkata" }
        }))
    };
    let other = || async { axum::Json(json!({ "ok": true })) };
    let app = Router::new()
        .route("/api/chat.postMessage", post(post_message))
        .route("/api/chat.update", post(update))
        .route("/api/users.info", get(users_info))
        .route("/api/{method}", post(other));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/api", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}
