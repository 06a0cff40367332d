//! Load generator for Slack slash commands over HTTP: `tandem serve` (in process, port 0) with
//! a fake Slack Web API on 127.0.0.1; every request is signed and has a fresh `trigger_id`.
//! Prints requests/s and p50/p99 for `help`, `list open` and `request …` (a durable write) at
//! 1, 16 and 64 concurrent callers. Run with `cargo bench --bench slack_load`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use serde_json::json;
use tandem::app::App;
use tandem::config::{Env, Secret, Settings};
use tandem::platform::slack::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

const SECRET: &str = "bench-signing-secret";
const REQUESTS_PER_CALLER: usize = 400;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let fake = fake_slack().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::build(settings(&fake, dir.path())).await.expect("app");
        let base = format!("http://127.0.0.1:{}/slack/commands", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let client = tandem::tls::http_client();
        let trigger = Arc::new(AtomicU64::new(0));
        println!(
            "{:<34} {:>10} {:>12} {:>12}",
            "command, concurrent callers", "req/s", "p50 ms", "p99 ms"
        );
        for (label, text) in [
            ("help", "help"),
            ("list open", "list open"),
            (
                "request …",
                "request pos Shelf talkers qty:500 market:\"Pune West\"",
            ),
        ] {
            for callers in [1, 16, 64] {
                let (latencies, wall) = load(&client, &base, text, callers, trigger.clone()).await;
                report(&format!("{label}, {callers}"), &latencies, wall);
            }
        }
    });
}

async fn fake_slack() -> String {
    let ok = || async {
        axum::Json(json!({ "ok": true, "channel": "C1", "ts": "1.1", "message": { "text": "" } }))
    };
    let app = Router::new().route("/api/{method}", post(ok));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/api", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn settings(api_url: &str, data: &std::path::Path) -> Settings {
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    let text = std::fs::read_to_string(&config).expect("demo config");
    let data = data.to_str().expect("utf-8");
    let env = Env::from_pairs([
        ("SLACK_BOT_TOKEN", "xoxb-bench"),
        ("SLACK_SIGNING_SECRET", SECRET),
        ("SLACK_API_URL", api_url),
        ("TANDEM_DATA_DIR", data),
        ("TANDEM_LISTEN", "127.0.0.1:0"),
    ]);
    Settings::from_toml(&text, &config, &env).expect("settings")
}

async fn load(
    client: &reqwest::Client,
    url: &str,
    text: &str,
    callers: usize,
    trigger: Arc<AtomicU64>,
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let (client, url, text, trigger) = (
                client.clone(),
                url.to_string(),
                text.to_string(),
                trigger.clone(),
            );
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(REQUESTS_PER_CALLER);
                for _ in 0..REQUESTS_PER_CALLER {
                    let id = trigger.fetch_add(1, Ordering::Relaxed);
                    let body = serde_urlencoded::to_string([
                        ("team_id", "T1"),
                        ("channel_id", "C0SALES"),
                        ("user_id", "U0ASHA"),
                        ("command", "/tandem"),
                        ("text", text.as_str()),
                        ("response_url", "http://127.0.0.1:9/unused"),
                        ("trigger_id", &format!("trigger-{id}")),
                    ])
                    .expect("form");
                    let timestamp = chrono::Utc::now().timestamp().to_string();
                    let signature = sign(&Secret::new(SECRET), &timestamp, body.as_bytes());
                    let t = Instant::now();
                    let response = client
                        .post(&url)
                        .header(TIMESTAMP_HEADER, timestamp)
                        .header(SIGNATURE_HEADER, signature)
                        .body(body)
                        .send()
                        .await
                        .expect("sent");
                    let ok = response.status().is_success() && response.bytes().await.is_ok();
                    latencies.push(t.elapsed());
                    assert!(ok, "a command failed");
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("caller"));
    }
    (all, started.elapsed())
}

fn report(what: &str, latencies: &[Duration], wall: Duration) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let pick = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    println!(
        "{what:<34} {:>10.0} {:>12.3} {:>12.3}",
        latencies.len() as f64 / wall.as_secs_f64(),
        pick(0.50).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3
    );
}
