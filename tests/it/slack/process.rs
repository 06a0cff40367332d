//! `tandem serve` as a real process on a free port of 127.0.0.1, talking to the fake Slack.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use tandem::config::Secret;
use tandem::platform::slack::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

use super::{BOT_TOKEN, FakeSlack, SIGNING_SECRET};

pub struct Serve {
    child: Mutex<Child>,
    base: String,
    http: reqwest::Client,
    logs: Mutex<Option<JoinHandle<String>>>,
}

impl Serve {
    /// Starts `tandem serve` on `data` with `RUST_LOG` at `log_level`, and waits (at most
    /// 10 s) until `/healthz` answers.
    pub async fn start(fake: &FakeSlack, data: &Path, log_level: &str) -> Serve {
        Serve::start_with(&crate::cli::demo_config(), fake, data, log_level).await
    }

    /// Like `start`, with the config file at `config`.
    pub async fn start_with(
        config: &Path,
        fake: &FakeSlack,
        data: &Path,
        log_level: &str,
    ) -> Serve {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
            .arg("serve")
            .env("TANDEM_CONFIG", config)
            .env("TANDEM_DATA_DIR", data)
            .env("TANDEM_LISTEN", format!("127.0.0.1:{port}"))
            .env("SLACK_BOT_TOKEN", BOT_TOKEN)
            .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
            .env("SLACK_API_URL", fake.api_url())
            .env("RUST_LOG", log_level)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tandem serve");
        let mut stderr = child.stderr.take().expect("stderr");
        let logs = std::thread::spawn(move || {
            let mut logs = String::new();
            let _ = stderr.read_to_string(&mut logs);
            logs
        });
        let serve = Serve {
            child: Mutex::new(child),
            base: format!("http://127.0.0.1:{port}"),
            http: tandem::tls::http_client(),
            logs: Mutex::new(Some(logs)),
        };
        let mut up = false;
        for _ in 0..100 {
            let health = serve.http.get(format!("{}/healthz", serve.base)).send();
            if health.await.is_ok_and(|r| r.status().is_success()) {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(up, "tandem serve came up");
        serve
    }

    /// Posts `body` to `path`, signed at the real time with `secret`.
    pub async fn post(&self, path: &str, secret: &str, body: String) -> reqwest::Response {
        self.try_post(path, secret, body).await.expect("sent")
    }

    async fn try_post(
        &self,
        path: &str,
        secret: &str,
        body: String,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let signature = sign(&Secret::new(secret), &timestamp, body.as_bytes());
        self.http
            .post(format!("{}{path}", self.base))
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, &signature)
            .body(body)
            .send()
            .await
    }

    /// `/tandem <text>` typed by `user`, signed as Slack would; the answer's text.
    pub async fn command(&self, fake: &FakeSlack, user: &str, text: &str) -> String {
        self.try_command(fake, user, text).await.expect("sent")
    }

    /// Like `command`, but a connection that fails is returned, not a panic.
    pub async fn try_command(
        &self,
        fake: &FakeSlack,
        user: &str,
        text: &str,
    ) -> Result<String, reqwest::Error> {
        let body = super::slash_command(fake, user, text);
        let response = self
            .try_post("/slack/commands", SIGNING_SECRET, body)
            .await?;
        response.text().await
    }

    /// Sends SIGTERM (through the shell's built-in kill: no procps needed on a bare machine)
    /// and waits at most 15 s; whether it exited.
    pub async fn terminate(&self) -> bool {
        let pid = self.child().id();
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!("kill -TERM {pid}"))
            .status();
        for _ in 0..150 {
            if self.child().try_wait().ok().flatten().is_some() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.kill();
        false
    }

    /// Kills the process with SIGKILL and reaps it.
    pub fn kill(&self) {
        let mut child = self.child();
        let _ = child.kill();
        child.wait().expect("reaped");
    }

    /// Everything it logged (once it has exited).
    pub fn logs(&self) -> String {
        let reader = self.logs.lock().unwrap_or_else(|e| e.into_inner()).take();
        reader
            .map(|reader| reader.join().expect("logs"))
            .unwrap_or_default()
    }

    fn child(&self) -> std::sync::MutexGuard<'_, Child> {
        self.child.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}
