//! Tandem serving on port 0 in front of the fake Bot Framework, with its logs captured.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;
use tandem::app::App;
use tandem::clock::ManualClock;

use super::activities::{Who, personal_message};
use super::fake::{FakeTeams, KID, claims, keys, settings_with, sign};
use crate::helpers::monday;

/// Tandem serving on port 0 with the fake Bot Framework behind it.
pub struct TestApp {
    pub url: String,
    pub clock: Arc<ManualClock>,
    pub fake: FakeTeams,
    pub http: reqwest::Client,
    settings: tandem::config::Settings,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    running: Option<tokio::task::JoinHandle<()>>,
    _data: tempfile::TempDir,
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_at(monday()).await
    }

    /// The app on a clock that stands at `now` until moved.
    pub async fn start_at(now: chrono::DateTime<chrono::Utc>) -> TestApp {
        Self::start_edited(now, |text| text).await
    }

    /// `start_at`, with the demo config's text changed by `edit` first.
    pub async fn start_edited(
        now: chrono::DateTime<chrono::Utc>,
        edit: impl FnOnce(String) -> String,
    ) -> TestApp {
        capture_logs();
        let fake = FakeTeams::start(true).await;
        let data = tempfile::tempdir().expect("temp dir");
        let settings = settings_with(&fake.env(data.path()), edit);
        let clock = Arc::new(ManualClock::at(now));
        let (url, stop, running) = serve(&settings, clock.clone()).await;
        TestApp {
            url,
            clock,
            fake,
            // Patient: on a loaded CI machine a durable write can take seconds.
            http: patient_client(),
            settings,
            stop: Some(stop),
            running: Some(running),
            _data: data,
        }
    }

    /// Stops the app, waits for it, and starts it again on the same data and fake, on a clock
    /// that stands at `now`: a scheduled time just after `now` then fires soon after the clock
    /// is moved past it.
    pub async fn restart_at(&mut self, now: chrono::DateTime<chrono::Utc>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(running) = self.running.take() {
            let waited = tokio::time::timeout(std::time::Duration::from_secs(15), running).await;
            assert!(waited.is_ok(), "the app stopped within 15 s");
        }
        self.clock = Arc::new(ManualClock::at(now));
        let (url, stop, running) = serve(&self.settings, self.clock.clone()).await;
        self.url = url;
        self.stop = Some(stop);
        self.running = Some(running);
    }

    pub fn service_url(&self) -> String {
        self.fake.service_url()
    }

    /// A token the Bot Framework would send for this app.
    pub fn good_token(&self) -> String {
        sign(
            &claims(&self.service_url(), self.clock.as_ref()),
            KID,
            &keys().good,
        )
    }

    /// Posts `activity` with `token` (none: no Authorization header).
    pub async fn post(&self, activity: &Value, token: Option<&str>) -> reqwest::Response {
        let mut request = self.http.post(&self.url).json(activity);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("tandem answers")
    }

    pub async fn send(&self, activity: &Value) -> reqwest::Response {
        let token = self.good_token();
        self.post(activity, Some(&token)).await
    }

    /// `who` types `line` in their 1:1 chat; returns the first post there that contains
    /// `expect`.
    pub async fn say_privately(&self, who: Who, line: &str, expect: &str) -> Value {
        let message = personal_message(&self.service_url(), who, "Someone", line);
        assert_eq!(self.send(&message).await.status().as_u16(), 200, "{line}");
        let chat = format!("a%3Apersonal-{}", who.0);
        let answered = |r: &wiremock::Request| {
            r.url.path().contains(&chat) && String::from_utf8_lossy(&r.body).contains(expect)
        };
        self.fake.wait_for(expect, answered).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Tandem built on `settings` and `clock`, serving until told to stop: its URL, the stop, and
/// the task to wait for.
async fn serve(
    settings: &tandem::config::Settings,
    clock: Arc<ManualClock>,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let app = App::build_with_clock(settings.clone(), clock)
        .await
        .expect("the app starts");
    let url = format!("http://127.0.0.1:{}/api/messages", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        let _ = app
            .run_until_stopped(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (url, stop, running)
}

/// Tandem's client, with 30 s for an answer instead of 10.
fn patient_client() -> reqwest::Client {
    tandem::tls::ensure_provider();
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Everything logged by this test binary, from the first Teams test on.
pub fn logs() -> String {
    let buffer = log_buffer().lock().unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&buffer).into_owned()
}

fn log_buffer() -> &'static Mutex<Vec<u8>> {
    static BUFFER: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    BUFFER.get_or_init(|| Mutex::new(Vec::new()))
}

struct BufferWriter;

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = log_buffer().lock().unwrap_or_else(|e| e.into_inner());
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(|| BufferWriter)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other log subscriber");
    });
}
