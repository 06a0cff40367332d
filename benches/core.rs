//! Figures for the bot core on sled: "command line → parse → authorise → durable write →
//! reply", at 1 and 16 concurrent callers, and `list open` with 100,000 requests stored.
//!
//! Run with `cargo bench --bench core`. It prints figures; it asserts nothing about speed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::SystemClock;
use tandem::config::{Env, Settings};
use tandem::domain::{Action, Identity, Kinds, NewRequest, PersonName, Request, Text, Title};
use tandem::store::{SledStore, Store, StoreOptions};

const FILINGS_PER_CALLER: usize = 2_000;
const STORED: usize = 100_000;
const OPEN_SHARE: usize = 50; // one request in 50 is still open
const LIST_RUNS: usize = 500;

fn main() {
    let settings = Arc::new(demo_settings());
    for callers in [1, 16] {
        let dir = tempfile::tempdir().expect("temp dir");
        let bot = bot_on(dir.path(), settings.clone());
        let latencies = filings(&bot, callers);
        report(
            &format!("request filing, {callers:>2} concurrent"),
            &latencies.0,
            latencies.1,
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let bot = bot_on(dir.path(), settings);
    let started = Instant::now();
    populate(bot.store().as_ref(), STORED);
    println!(
        "(stored {STORED} requests in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let mut latencies = Vec::with_capacity(LIST_RUNS);
    let run = Instant::now();
    for _ in 0..LIST_RUNS {
        let t = Instant::now();
        let reply = bot.handle_blocking(&say("Priya", "list open"));
        latencies.push(t.elapsed());
        assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    }
    report(
        &format!("list open, {STORED} stored"),
        &latencies,
        run.elapsed(),
    );
}

fn demo_settings() -> Settings {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    Settings::load(&path, &Env::default()).expect("demo config")
}

fn bot_on(dir: &std::path::Path, settings: Arc<Settings>) -> Bot {
    let store = SledStore::open(&StoreOptions::at(dir)).expect("open store");
    Bot::new(settings, Arc::new(store), Arc::new(SystemClock))
}

fn say(name: &str, text: &str) -> Incoming {
    Incoming {
        from: Identity::Name(name.into()),
        text: text.into(),
    }
}

/// Each caller files requests back to back; returns every latency and the wall time.
fn filings(bot: &Bot, callers: usize) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let threads: Vec<_> = (0..callers)
        .map(|caller| {
            let bot = bot.clone();
            std::thread::spawn(move || {
                let mut latencies = Vec::with_capacity(FILINGS_PER_CALLER);
                for n in 0..FILINGS_PER_CALLER {
                    let line = format!(
                        "request pos Shelf talkers {caller}-{n} qty:500 market:\"Pune West\""
                    );
                    let t = Instant::now();
                    let reply = bot.handle_blocking(&say("Asha", &line));
                    latencies.push(t.elapsed());
                    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
                }
                latencies
            })
        })
        .collect();
    let latencies = threads
        .into_iter()
        .flat_map(|t| t.join().expect("caller"))
        .collect();
    (latencies, started.elapsed())
}

/// Stores `count` requests, most of them already finished, from 16 threads.
fn populate(store: &dyn Store, count: usize) {
    let settings = demo_settings();
    let priya = settings.people.by_name("Priya").cloned().expect("Priya");
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < count {
                    let build = |id| {
                        let new = NewRequest {
                            kind: Kinds::default().parse("pos").expect("kind"),
                            title: Title::parse("Backfilled request").expect("title"),
                            quantity: None,
                            market: None,
                            needed_by: None,
                        };
                        let now = chrono::Utc::now();
                        let mut request = Request::file(id, new, PersonName::new("Asha"), now);
                        if !(id.number() as usize).is_multiple_of(OPEN_SHARE) {
                            let reason = Text::parse("backfill", tandem::domain::Input::Reason)
                                .expect("text");
                            request
                                .act(&priya, Action::Decline { reason }, now)
                                .expect("decline");
                        }
                        (request, Vec::new())
                    };
                    let (_, written) = store.file_request(&build).expect("stored");
                    store.durable_blocking(written).expect("on disk");
                }
            });
        }
    });
}

fn report(what: &str, latencies: &[Duration], wall: Duration) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let pick = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    println!(
        "{what:<34} {:>8.0} ops/s   p50 {:>7.3} ms   p99 {:>7.3} ms   ({} ops)",
        latencies.len() as f64 / wall.as_secs_f64(),
        pick(0.50).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        latencies.len()
    );
}
