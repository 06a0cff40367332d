//! Slack: the app on port 0 with a temporary data directory and a fake Slack on 127.0.0.1.

mod actions;
mod crash;
mod crash_cycles;
mod deliveries;
mod fake;
mod fake_limits;
mod full_disk;
mod fuzz;
mod http;
mod launches;
mod lifecycle;
mod logs;
mod modals;
mod outbox;
mod pacing;
mod pairing;
mod planning;
mod process;
mod refusals;
mod report;
mod scopes;
mod socket;
mod socket_fake;
mod visits;

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tandem::app::App;
use tandem::clock::ManualClock;
use tandem::config::{Env, Secret, Settings};
use tandem::platform::slack::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

pub use fake::FakeSlack;

pub const SIGNING_SECRET: &str = "signing-secret-that-must-not-leak";
pub const BOT_TOKEN: &str = "xoxb-bot-token-that-must-not-leak";
pub const APP_TOKEN: &str = "xapp-app-token-that-must-not-leak";

pub struct SlackApp {
    pub fake: FakeSlack,
    pub base: String,
    pub clock: Arc<ManualClock>,
    http: reqwest::Client,
    /// The outbox's waker and its count of finished passes.
    outbox: (Arc<tokio::sync::Notify>, tokio::sync::watch::Receiver<u64>),
    stop: std::sync::Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    running: Option<tokio::task::JoinHandle<()>>,
}

/// The form Slack posts for `/tandem <text>` typed by `user` in the sales channel.
pub fn slash_command(fake: &FakeSlack, user: &str, text: &str) -> String {
    let response_url = fake.response_url("command");
    let form = [
        ("team_id", "T1"),
        ("channel_id", "C0SALES"),
        ("user_id", user),
        ("command", "/tandem"),
        ("text", text),
        ("response_url", response_url.as_str()),
        ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
    ];
    serde_urlencoded::to_string(form).expect("form")
}

/// Opens the data directory of a stopped app. Off the test's runtime thread: a task the app
/// left behind (a zone being learnt) may still hold the store, and must be able to finish.
pub async fn reopen(dir: &Path) -> tandem::store::SledStore {
    let options = tandem::store::StoreOptions::at(dir);
    tokio::task::spawn_blocking(move || tandem::store::SledStore::open(&options))
        .await
        .expect("open task")
        .expect("open after stop")
}

pub fn settings(fake: &FakeSlack, data: &Path, socket_mode: bool) -> Settings {
    settings_edited(fake, data, socket_mode, |text| text)
}

/// `settings`, with the demo config's text changed by `edit` first.
pub fn settings_edited(
    fake: &FakeSlack,
    data: &Path,
    socket_mode: bool,
    edit: impl FnOnce(String) -> String,
) -> Settings {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tandem.toml");
    let text = edit(std::fs::read_to_string(&config).expect("demo config"));
    let api_url = fake.api_url();
    let data = data.to_str().expect("utf-8 path").to_string();
    let mut vars = vec![
        ("SLACK_BOT_TOKEN", BOT_TOKEN),
        ("SLACK_API_URL", api_url.as_str()),
        ("TANDEM_DATA_DIR", data.as_str()),
        ("TANDEM_LISTEN", "127.0.0.1:0"),
    ];
    vars.push(if socket_mode {
        ("SLACK_APP_TOKEN", APP_TOKEN)
    } else {
        ("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    });
    Settings::from_toml(&text, &config, &Env::from_pairs(vars)).expect("valid settings")
}

impl SlackApp {
    /// The app serving Slack over HTTP, on a clock that stands at the real time until moved.
    pub async fn start(fake: FakeSlack, data: &Path) -> SlackApp {
        Self::start_with(fake, data, false).await
    }

    pub async fn start_with(fake: FakeSlack, data: &Path, socket_mode: bool) -> SlackApp {
        let settings = settings(&fake, data, socket_mode);
        Self::start_on(fake, settings).await
    }

    /// The app on `settings` (made with `settings`, then changed).
    pub async fn start_on(fake: FakeSlack, settings: Settings) -> SlackApp {
        Self::start_on_at(fake, settings, Utc::now()).await
    }

    /// The app on `settings`, on a clock that stands at `now` until moved.
    pub async fn start_on_at(
        fake: FakeSlack,
        settings: Settings,
        now: chrono::DateTime<Utc>,
    ) -> SlackApp {
        let clock = Arc::new(ManualClock::at(now));
        fake.enforce_limits(clock.clone());
        let app = App::build_with_clock(settings, clock.clone())
            .await
            .expect("app builds");
        let base = format!("http://127.0.0.1:{}", app.port());
        let outbox = app.outbox_passes();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(async move {
            let _ = app
                .run_until_stopped(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        let http = reqwest::Client::builder().build().expect("client");
        SlackApp {
            fake,
            base,
            clock,
            http,
            outbox,
            stop: std::sync::Mutex::new(Some(stop)),
            running: Some(running),
        }
    }

    /// Returns once the outbox has made a whole pass that began after this was called: what
    /// was due by then has been tried. Bounded: panics after 10 s.
    pub async fn outbox_pass(&self) {
        let (wake, passes) = &self.outbox;
        let mut passes = passes.clone();
        let seen = *passes.borrow();
        // The pass running now may have read the queue before; the one after it has not.
        // Each is woken, so that neither waits for the loop's idle timer.
        for passed in [seen + 1, seen + 2] {
            wake.notify_one();
            let waited = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                passes.wait_for(|n| *n >= passed),
            )
            .await;
            assert!(
                matches!(waited, Ok(Ok(_))),
                "the outbox made no pass in 10 s"
            );
        }
    }

    /// Waits until `method` has been called `n` times, stepping the clock a second at a time
    /// with an outbox pass after each: Tandem paces posts as Slack asks (3 at once into one
    /// channel, then one a second), so on a clock that stands still the rest would wait.
    /// Bounded: panics after 300 steps.
    pub async fn paced(&self, method: &str, n: usize) -> Vec<fake::Call> {
        use tandem::clock::Movable;
        for _ in 0..300 {
            self.outbox_pass().await;
            let calls = self.fake.calls_to(method);
            if calls.len() >= n {
                return calls;
            }
            self.clock.advance(chrono::Duration::seconds(1));
        }
        panic!(
            "{method} was called {} times, not {n}",
            self.fake.calls_to(method).len()
        );
    }

    /// Steps the clock `seconds` seconds, one at a time, with an outbox pass after each: time
    /// for the posts that Tandem's pacing held back (see `paced`).
    pub async fn step(&self, seconds: u32) {
        use tandem::clock::Movable;
        self.outbox_pass().await;
        for _ in 0..seconds {
            self.clock.advance(chrono::Duration::seconds(1));
            self.outbox_pass().await;
        }
    }

    /// Asks the app to stop (as SIGTERM does), without waiting.
    pub fn ask_to_stop(&self) {
        let stop = self.stop.lock().expect("stop").take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
    }

    /// Stops the app and waits for it (bounded by its grace period).
    pub async fn stop(mut self) {
        self.ask_to_stop();
        if let Some(running) = self.running.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(15), running).await;
        }
    }

    /// Posts `body` to `path`, signed as Slack would at the app's current time.
    pub async fn post_signed(
        &self,
        path: &str,
        content_type: &str,
        body: String,
    ) -> reqwest::Response {
        self.try_post_signed(path, content_type, body)
            .await
            .expect("request sent")
    }

    /// Like `post_signed`, but a connection cut short is returned, not a panic.
    pub async fn try_post_signed(
        &self,
        path: &str,
        content_type: &str,
        body: String,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let timestamp = self.clock_now().to_string();
        let signature = sign(&Secret::new(SIGNING_SECRET), &timestamp, body.as_bytes());
        self.http
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .header(TIMESTAMP_HEADER, timestamp)
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
    }

    pub fn raw(&self) -> &reqwest::Client {
        &self.http
    }

    fn clock_now(&self) -> i64 {
        use tandem::clock::Clock;
        self.clock.now().timestamp()
    }

    /// `/tandem <text>` typed by `user`; returns the status and the JSON answer (if any).
    pub async fn command(&self, user: &str, text: &str) -> (StatusCode, Value) {
        let body = slash_command(&self.fake, user, text);
        let response = self
            .post_signed("/slack/commands", "application/x-www-form-urlencoded", body)
            .await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// `user` clicks a Tandem button with this command and action ID.
    pub async fn click(&self, user: &str, command: &str, action_id: &str) -> StatusCode {
        let payload = json!({
            "type": "block_actions", "team": { "id": "T1" }, "user": { "id": user }, "api_app_id": "A1",
            "container": { "type": "message", "message_ts": "1.1", "channel_id": "C0MKTG" },
            "trigger_id": format!("trigger-{user}-{command}"), "channel": { "id": "C0MKTG" },
            "response_url": self.fake.response_url("click"),
            "actions": [{ "type": "button", "action_id": action_id, "block_id": "b", "value": command,
                          "action_ts": "1.2", "text": { "type": "plain_text", "text": "x" } }]
        });
        self.interact(payload).await.0
    }

    /// `user` submits a Tandem modal.
    pub async fn submit(
        &self,
        user: &str,
        callback_id: &str,
        metadata: &str,
        values: Value,
    ) -> (StatusCode, Value) {
        let payload = json!({
            "type": "view_submission", "team": { "id": "T1" }, "user": { "id": user },
            "view": { "id": "V1", "team_id": "T1", "type": "modal", "callback_id": callback_id,
                      "private_metadata": metadata, "hash": "h", "title": { "type": "plain_text", "text": "t" },
                      "blocks": [], "state": { "values": values } }
        });
        self.interact(payload).await
    }

    pub async fn interact(&self, payload: Value) -> (StatusCode, Value) {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
        let response = self
            .post_signed(
                "/slack/interactions",
                "application/x-www-form-urlencoded",
                body,
            )
            .await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// An Events API callback wrapping `event`, with this `event_id`.
    pub async fn event(&self, event_id: &str, event: Value) -> StatusCode {
        let body = json!({ "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
                           "event_id": event_id, "event_time": 1_700_000_000 });
        self.post_signed("/slack/events", "application/json", body.to_string())
            .await
            .status()
    }
}

/// A DM to the bot from `user`.
pub fn dm(user: &str, text: &str) -> Value {
    json!({ "type": "message", "channel": format!("D{user}"), "channel_type": "im", "user": user,
            "text": text, "ts": "1700000000.000001" })
}
