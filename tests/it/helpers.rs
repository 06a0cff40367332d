//! A bot on the demo config with an injected clock, and a way to talk to it as a person.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use tandem::bot::{Bot, Incoming, Outcome, Reply};
use tandem::clock::ManualClock;
use tandem::config::{Env, Settings};
use tandem::domain::Identity;
use tandem::message::{Destination, Op, Outgoing};
use tandem::store::{MemoryStore, Store};

/// The demo config without its monthly scorecard: it would draw pictures into the demo's data
/// directory whenever a test's schedule crosses a month. `demo_settings_with_scorecard` keeps it.
pub fn demo_settings() -> Settings {
    let mut settings = demo_settings_with_scorecard();
    settings.scorecard = None;
    settings
}

pub fn demo_settings_with_scorecard() -> Settings {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    Settings::load(&path, &Env::default()).expect("the demo config loads")
}

/// A person of the demo config.
pub fn person(name: &str) -> tandem::domain::Person {
    demo_settings()
        .people
        .by_name(name)
        .cloned()
        .expect("demo person")
}

/// Monday 30 November 2026, 10:00 in Kolkata.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 4, 30, 0)
        .single()
        .expect("valid time")
}

pub struct TestBot {
    pub bot: Bot,
    pub clock: Arc<ManualClock>,
    pub store: Arc<dyn Store>,
}

impl TestBot {
    pub fn new() -> Self {
        Self::with_store(Arc::new(MemoryStore::new()))
    }

    pub fn with_store(store: Arc<dyn Store>) -> Self {
        let clock = Arc::new(ManualClock::at(monday()));
        let bot = Bot::new(Arc::new(demo_settings()), store.clone(), clock.clone());
        TestBot { bot, clock, store }
    }

    /// `name` types `line` (without `/tandem`).
    pub fn say(&self, name: &str, line: &str) -> Reply {
        self.bot.handle_blocking(&Incoming {
            from: Identity::Name(name.into()),
            text: line.into(),
        })
    }

    /// Like `say`, but the command must succeed; returns the reply text.
    pub fn ok(&self, name: &str, line: &str) -> String {
        let reply = self.say(name, line);
        assert_eq!(
            reply.outcome,
            Outcome::Done,
            "{name}: {line:?} → {}",
            reply.text()
        );
        reply.text()
    }

    /// Like `say`, but the command must not succeed; returns the reply text.
    pub fn refused(&self, name: &str, line: &str) -> String {
        let reply = self.say(name, line);
        assert_ne!(
            reply.outcome,
            Outcome::Done,
            "{name}: {line:?} should fail: {}",
            reply.text()
        );
        reply.text()
    }

    /// Everything waiting in the outbox, in order, and marks it delivered.
    pub fn drain(&self) -> Vec<Outgoing> {
        let due = self
            .store
            .outbox_due(DateTime::<Utc>::MAX_UTC, 10_000)
            .expect("outbox readable");
        for entry in &due {
            let written = self
                .store
                .outbox_record(entry.id, tandem::store::Attempt::Delivered)
                .expect("recorded");
            self.store.durable_blocking(written).expect("on disk");
        }
        due.into_iter().map(|e| e.outgoing).collect()
    }
}

pub fn dm(name: &str) -> Destination {
    Destination::Person(tandem::domain::PersonName::new(name))
}

pub fn channel(name: &str) -> Destination {
    Destination::Channel(name.into())
}

/// The destinations and operations of `outgoing`, for compact assertions.
pub fn routes(outgoing: &[Outgoing]) -> Vec<(Destination, Op)> {
    outgoing
        .iter()
        .map(|o| (o.to.clone(), o.op.clone()))
        .collect()
}

/// The status a server gives an oversized body. The server answers 413 before reading the body
/// and closes the connection, so the client's upload can be cut short before it reads the
/// answer; such attempts are repeated (at most 5 times) until an answer is read.
pub async fn oversized_status<F, Fut>(send: F) -> u16
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
{
    let mut last_error = None;
    for _ in 0..5 {
        match send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                if status == 413 {
                    let connection = response.headers().get("connection");
                    assert_eq!(
                        connection.and_then(|v| v.to_str().ok()),
                        Some("close"),
                        "the server says it closes a connection whose body it did not read"
                    );
                }
                return status;
            }
            Err(error) => last_error = Some(error),
        }
    }
    panic!("no answer to an oversized body in 5 tries: {last_error:?}");
}
