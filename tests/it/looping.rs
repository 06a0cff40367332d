//! The bot and its scheduler on a manual clock: run time forward due time by due time, as
//! `serve` would live through it, and collect everything sent with the time it was sent.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use tandem::bot::{Bot, Incoming, Outcome, Reply};
use tandem::clock::{Clock, ManualClock};
use tandem::config::{Env, Settings};
use tandem::domain::Identity;
use tandem::message::{Destination, Outgoing, render_plain};
use tandem::schedule::{Scheduler, TickReport};
use tandem::store::{Attempt, MemoryStore, Store};

/// Asha (Kolkata) and Oliver (London) in Sales with Meera their lead; Priya and Rohan (lead)
/// in Marketing, in Kolkata. One sales prompt on Fridays at 16:00, the digest on Mondays 09:00.
pub const ZONES: &str = r#"
timezone = "Asia/Kolkata"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
joint = { slack = "C0JOINT" }
[[people]]
name = "Asha"
team = "sales"
[[people]]
name = "Oliver"
team = "sales"
timezone = "Europe/London"
[[people]]
name = "Meera"
team = "sales"
role = "lead"
[[people]]
name = "Priya"
team = "marketing"
[[people]]
name = "Rohan"
team = "marketing"
role = "lead"
[[prompts]]
id = "market-pulse"
team = "sales"
cron = "0 0 16 * * Fri"
questions = ["What are customers saying?", "What support helped, or was missing?"]
[digest]
cron = "0 0 9 * * Mon"
channel = "joint"
"#;

pub fn settings(text: &str) -> Settings {
    Settings::from_toml(text, Path::new("test.toml"), &Env::default()).expect("valid config")
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid")
}

/// A wall-clock time in `zone`, as an instant.
pub fn local(zone: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

pub struct Loop {
    pub bot: Bot,
    pub clock: Arc<ManualClock>,
    pub scheduler: Scheduler,
    /// Everything sent so far, with when.
    pub sent: Vec<(DateTime<Utc>, Outgoing)>,
}

impl Loop {
    /// A bot on a fresh memory store; the scheduler's first step is at `start`.
    pub fn new(text: &str, start: DateTime<Utc>) -> Loop {
        let mut this = Self::on(settings(text), Arc::new(MemoryStore::new()), start);
        this.tick(start);
        this
    }

    /// A bot on `store` at `start`, before the scheduler's first step.
    pub fn on(settings: Settings, store: Arc<dyn Store>, start: DateTime<Utc>) -> Loop {
        let clock = Arc::new(ManualClock::at(start));
        let bot = Bot::new(Arc::new(settings), store, clock.clone());
        Loop {
            scheduler: Scheduler::new(bot.clone()),
            bot,
            clock,
            sent: Vec::new(),
        }
    }

    /// One step at `at` (the clock moves there first).
    pub fn tick(&mut self, at: DateTime<Utc>) -> TickReport {
        self.clock.set(at);
        let report = self.scheduler.tick(at).expect("scheduler step");
        self.drain();
        report
    }

    /// Lives through every due time up to `until`, in order.
    pub fn run_to(&mut self, until: DateTime<Utc>) {
        for _ in 0..100_000 {
            match self.scheduler.next_due().expect("next due") {
                Some(next) if next <= until => {
                    self.tick(next);
                }
                _ => break,
            }
        }
        self.tick(until);
    }

    /// `name` types `line` now.
    pub fn say(&mut self, name: &str, line: &str) -> Reply {
        let reply = self.bot.handle_blocking(&Incoming {
            from: Identity::Name(name.into()),
            text: line.into(),
        });
        self.drain();
        reply
    }

    pub fn ok(&mut self, name: &str, line: &str) -> String {
        let reply = self.say(name, line);
        assert_eq!(
            reply.outcome,
            Outcome::Done,
            "{name}: {line:?} → {}",
            reply.text()
        );
        reply.text()
    }

    /// Messages to `to` whose text contains `needle`, with when they were sent.
    pub fn sent_to(&self, to: &Destination, needle: &str) -> Vec<(DateTime<Utc>, String)> {
        self.sent
            .iter()
            .filter(|(_, o)| o.to == *to)
            .map(|(at, o)| (*at, render_plain(&o.message)))
            .filter(|(_, text)| text.contains(needle))
            .collect()
    }

    fn drain(&mut self) {
        let store = self.bot.store();
        let now = self.clock.now();
        for entry in store.outbox_due(now, 100_000).expect("outbox") {
            let written = store
                .outbox_record(entry.id, Attempt::Delivered)
                .expect("recorded");
            store.durable_blocking(written).expect("on disk");
            self.sent.push((now, entry.outgoing));
        }
    }
}
