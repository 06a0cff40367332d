//! Memory soak: the release `tandem serve` binary on a temporary data directory with
//! `[store] cache_mb = 32`, a fake Slack Web API on 127.0.0.1, and 16 concurrent callers
//! sending signed `/tandem` slash commands back to back, each on its own HTTP/1.1 connection:
//! file a request, list the open ones, acknowledge, deliver, confirm and show it (one in 20
//! stays open). Every few seconds it reads the server's resident size (`VmRSS` in
//! `/proc/<pid>/status`), and at the end prints it at the start, after the warm-up, at the
//! end, its maximum and its growth after the warm-up.
//!
//! `cargo bench --bench soak` runs 10 minutes; `-- 2` runs 2, `-- 2 1` samples every second.
//! Figures, not a test: it fails only if the server does not come up or stops answering.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

#[path = "support/fake_slack.rs"]
mod fake_slack;
#[path = "support/slash.rs"]
mod slash;

use slash::SECRET;
const CALLERS: usize = 16;
const SALES: [&str; 3] = ["U0ASHA", "U0VIKRAM", "U0MEERA"];
const MARKETING: [&str; 3] = ["U0PRIYA", "U0ARJUN", "U0ROHAN"];
/// The share of the run before the figure growth is counted from (at most a minute).
const WARM_UP_SHARE: u32 = 10;

/// What the callers did, all together.
#[derive(Default)]
struct Counts {
    commands: AtomicU64,
    filed: AtomicU64,
    /// Answers that did not say what was asked was done.
    refused: AtomicU64,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let minutes: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let every = Duration::from_secs(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5));
    let run = Duration::from_secs_f64(minutes * 60.0);
    let warm_up = (run / WARM_UP_SHARE).min(Duration::from_secs(60));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let posts = Arc::new(AtomicU64::new(0));
        let fake = fake_slack::start(posts.clone()).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut child, server) = serve(&fake, dir.path()).await;
        let pid = child.id();
        println!(
            "tandem serve (pid {pid}), cache_mb = 32, {CALLERS} callers, {minutes} min, RSS every {} s",
            every.as_secs()
        );
        let counts = Arc::new(Counts::default());
        let started = Instant::now();
        let callers: Vec<_> = (0..CALLERS)
            .map(|n| tokio::spawn(caller(server, n, started + run, counts.clone())))
            .collect();
        let mut samples = Vec::new();
        while started.elapsed() < run {
            let (rss, anon) = resident(pid).expect("tandem serve is running");
            samples.push((started.elapsed(), rss));
            println!(
                "{:>7.0} s  RSS {:>7.1} MiB  (anon {:>6.1})  {:>9} commands  {:>7} filed  {:>8} posts  store {:>6.0} MiB",
                started.elapsed().as_secs_f64(),
                mib(rss),
                mib(anon),
                counts.commands.load(Ordering::Relaxed),
                counts.filed.load(Ordering::Relaxed),
                posts.load(Ordering::Relaxed),
                mib(disk_use(dir.path()))
            );
            tokio::time::sleep(every).await;
        }
        for caller in callers {
            caller.await.expect("caller");
        }
        let (rss, _) = resident(pid).expect("tandem serve is running");
        samples.push((started.elapsed(), rss));
        summary(&samples, warm_up, &counts, started.elapsed());
        stop(&mut child);
    });
}

/// Starts the release binary with `cache_mb = 32` and its store in `root/data`; waits (at
/// most 30 s) until it listens.
async fn serve(fake: &str, root: &Path) -> (Child, SocketAddr) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    let text = std::fs::read_to_string(demo).expect("demo config");
    assert!(
        text.contains("cache_mb = 64"),
        "the demo config names cache_mb"
    );
    let (config, data) = (root.join("tandem.toml"), root.join("data"));
    std::fs::write(&config, text.replace("cache_mb = 64", "cache_mb = 32")).expect("config");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("serve")
        .env("TANDEM_CONFIG", &config)
        .env("TANDEM_DATA_DIR", &data)
        .env("TANDEM_LISTEN", format!("127.0.0.1:{port}"))
        .env("SLACK_BOT_TOKEN", "xoxb-bench")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_API_URL", fake)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tandem serve");
    let server = SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(server).await.is_ok() {
            return (child, server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("tandem serve did not come up");
}

/// One caller on one connection until `until`: a request through its whole life, with a
/// `list open` and a `show` (every 20th request is left open).
async fn caller(server: SocketAddr, n: usize, until: Instant, counts: Arc<Counts>) {
    let stream = tokio::net::TcpStream::connect(server)
        .await
        .expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let mut command = async |user: &str, text: String, expect: &str| {
        let answer = send(&mut sender, user, &text, n).await;
        counts.commands.fetch_add(1, Ordering::Relaxed);
        if !answer.contains(expect) {
            counts.refused.fetch_add(1, Ordering::Relaxed);
        }
        answer
    };
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let requester = SALES[(n + round) % SALES.len()];
        let marketer = MARKETING[(n + round) % MARKETING.len()];
        let text = format!("request pos Soak {n}-{round} qty:10 market:\"Pune West\"");
        let answer = command(requester, text, "Filed REQ-").await;
        command(requester, "list open".into(), "Open requests").await;
        let Some(id) = filed_id(&answer) else {
            continue;
        };
        counts.filed.fetch_add(1, Ordering::Relaxed);
        if round % 20 != 0 {
            command(marketer, format!("ack {id}"), "Now ").await;
            command(marketer, format!("deliver {id} in the van"), "Now ").await;
            command(requester, format!("confirm {id} rating:4"), "Now ").await;
        }
        command(marketer, format!("show {id}"), &id).await;
    }
}

/// `/tandem <text>` from `user`, signed; the answer's body.
async fn send(
    sender: &mut hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    user: &str,
    text: &str,
    n: usize,
) -> String {
    static TRIGGER: AtomicU64 = AtomicU64::new(0);
    let trigger = TRIGGER.fetch_add(1, Ordering::Relaxed);
    let request = slash::command(user, text, &format!("{n}-{trigger}"));
    let response = sender.send_request(request).await.expect("answered");
    assert!(response.status().is_success(), "a command failed");
    let body = response.into_body().collect().await.expect("body");
    String::from_utf8_lossy(&body.to_bytes()).into_owned()
}

/// `REQ-7` from an answer that says "Filed REQ-7 · …".
fn filed_id(answer: &str) -> Option<String> {
    let rest = &answer[answer.find("Filed REQ-")? + "Filed ".len()..];
    let end = rest[4..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |e| e + 4);
    Some(rest[..end].to_string())
}

/// `VmRSS` and `RssAnon` of `pid`, in bytes.
fn resident(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    };
    Some((field("VmRSS:")?, field("RssAnon:")?))
}

fn disk_use(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_use(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn summary(samples: &[(Duration, u64)], warm_up: Duration, counts: &Counts, took: Duration) {
    let first = samples.first().map_or(0, |s| s.1);
    let warm = samples
        .iter()
        .find(|s| s.0 >= warm_up)
        .map_or(first, |s| s.1);
    let last = samples.last().map_or(0, |s| s.1);
    let max = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let commands = counts.commands.load(Ordering::Relaxed);
    println!(
        "{commands} commands in {:.0} s ({:.0}/s), {} requests filed, {} answers not as expected",
        took.as_secs_f64(),
        commands as f64 / took.as_secs_f64(),
        counts.filed.load(Ordering::Relaxed),
        counts.refused.load(Ordering::Relaxed)
    );
    println!(
        "RSS: start {:.1} MiB, after warm-up ({:.0} s) {:.1} MiB, end {:.1} MiB, max {:.1} MiB, growth after warm-up {:+.1}%",
        mib(first),
        warm_up.as_secs_f64(),
        mib(warm),
        mib(last),
        mib(max),
        (last as f64 / warm as f64 - 1.0) * 100.0
    );
}

/// SIGTERM through the shell's built-in kill (no extra crate), then at most 15 s to exit.
fn stop(child: &mut Child) {
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -TERM {}", child.id()))
        .status();
    for _ in 0..150 {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}
