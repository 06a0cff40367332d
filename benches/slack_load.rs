//! Load generator for Slack slash commands over HTTP: `tandem serve` (in process, port 0) with
//! a fake Slack Web API on 127.0.0.1; every request is signed and has a fresh `trigger_id`.
//! Prints requests/s, p50/p99 and the process's CPU time per request for `help`, `list open`
//! and `request …` (a durable write, whose card the outbox then posts to the fake Slack) at 1,
//! 16 and 64 concurrent callers. Run with `cargo bench --bench slack_load`; arguments pick
//! rows: `-- request 16`. It fails unless every filing's card reached the fake Slack.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use tandem::app::App;
use tandem::config::{Env, Settings};

#[path = "support/fake_slack.rs"]
mod fake_slack;
#[path = "support/slash.rs"]
mod slash;

/// The allocator `tandem serve` runs with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use slash::SECRET;
/// Requests per command and number of callers, shared out between the callers.
const REQUESTS: usize = 12_800;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let posts = Arc::new(AtomicU64::new(0));
        let fake = fake_slack::start(posts.clone()).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let app = App::build(settings(&fake, dir.path())).await.expect("app");
        let server = SocketAddr::from(([127, 0, 0, 1], app.port()));
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let trigger = Arc::new(AtomicU64::new(0));
        println!(
            "{:<34} {:>10} {:>12} {:>12} {:>14}",
            "command, concurrent callers", "req/s", "p50 ms", "p99 ms", "CPU µs/req"
        );
        // `cargo bench --bench slack_load -- request 16`: only the commands whose label starts
        // so, and only that many callers.
        let mut filings = 0;
        let args: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .collect();
        let only = args.first();
        let only_callers: Option<usize> = args.get(1).and_then(|n| n.parse().ok());
        for (label, text) in [
            ("help", "help"),
            ("list open", "list open"),
            (
                "request …",
                "request pos Shelf talkers qty:500 market:\"Pune West\"",
            ),
        ] {
            if only.is_some_and(|only| !label.starts_with(only.as_str())) {
                continue;
            }
            for callers in [1, 16, 64] {
                if only_callers.is_some_and(|n| n != callers) {
                    continue;
                }
                let cpu = cpu_time();
                let (latencies, wall) = load(server, text, callers, trigger.clone()).await;
                if label.starts_with("request") {
                    // The CPU figure covers posting the filings' cards too.
                    filings += latencies.len() as u64;
                    let behind = outbox_catch_up(&posts, filings).await;
                    println!(
                        "  (cards posted: {} of {filings}, the last {:.1} s after the last filing)",
                        posts.load(Ordering::Relaxed),
                        behind.as_secs_f64()
                    );
                }
                let cpu = cpu_time().zip(cpu).map(|(after, before)| after - before);
                report(&format!("{label}, {callers}"), &latencies, wall, cpu);
            }
        }
        assert_eq!(
            posts.load(Ordering::Relaxed),
            filings,
            "every filing's card reached Slack"
        );
    });
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

/// Each caller keeps one HTTP/1.1 connection (as Slack does) and sends its commands back to
/// back on it, through hyper's connection-level client: no pool and no URL parsing per
/// request, so the generator takes as little of the shared CPU as it can.
async fn load(
    server: SocketAddr,
    text: &str,
    callers: usize,
    trigger: Arc<AtomicU64>,
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let (text, trigger) = (text.to_string(), trigger.clone());
            tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(server)
                    .await
                    .expect("connect");
                stream.set_nodelay(true).expect("nodelay");
                let (mut sender, connection) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .expect("handshake");
                tokio::spawn(connection);
                let mut latencies = Vec::with_capacity(REQUESTS / callers);
                for _ in 0..REQUESTS / callers {
                    let id = trigger.fetch_add(1, Ordering::Relaxed);
                    let request = slash::command("U0ASHA", &text, &id.to_string());
                    let t = Instant::now();
                    let response = sender.send_request(request).await.expect("sent");
                    let ok = response.status().is_success()
                        && response.into_body().collect().await.is_ok();
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

fn report(what: &str, latencies: &[Duration], wall: Duration, cpu: Option<Duration>) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let pick = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let cpu = cpu.map_or("-".to_string(), |cpu| {
        format!("{:.0}", cpu.as_secs_f64() * 1e6 / latencies.len() as f64)
    });
    println!(
        "{what:<34} {:>10.0} {:>12.3} {:>12.3} {cpu:>14}",
        latencies.len() as f64 / wall.as_secs_f64(),
        pick(0.50).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3
    );
}

/// Waits (at most 60 s) until the fake Slack took `filings` cards; returns how long it took.
async fn outbox_catch_up(posts: &AtomicU64, filings: u64) -> Duration {
    let started = Instant::now();
    while posts.load(Ordering::Relaxed) < filings && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

/// CPU time this process used so far, all threads, user and system (Linux: `/proc/self/stat`,
/// in clock ticks of 10 ms; the runs are long enough for that).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
