//! Secrets never reach the logs: a full run of `tandem serve` at the most verbose log level,
//! with a forged request and a failing API call in it, and `check-config`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;
use tandem::config::Secret;
use tandem::platform::slack::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

use super::{BOT_TOKEN, FakeSlack, SIGNING_SECRET};

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn no_token_or_signing_secret_appears_in_the_logs_of_a_full_run() {
    let fake = FakeSlack::start().await;
    fake.fail_next("chat.postMessage", 500, None);
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("serve")
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .env("TANDEM_DATA_DIR", dir.path())
        .env("TANDEM_LISTEN", format!("127.0.0.1:{port}"))
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_API_URL", fake.api_url())
        .env("RUST_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tandem serve");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut logs = String::new();
        let _ = stderr.read_to_string(&mut logs);
        logs
    });
    let base = format!("http://127.0.0.1:{port}");
    let http = tandem::tls::http_client();
    let mut up = false;
    for _ in 0..100 {
        if http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "tandem serve came up");

    let body = format!(
        "team_id=T1&channel_id=C0&user_id=U0ASHA&command=%2Ftandem&text=request+pos+Talkers&response_url={}&trigger_id=t1",
        urlencode(&fake.response_url("logs"))
    );
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let signature = sign(&Secret::new(SIGNING_SECRET), &timestamp, body.as_bytes());
    let filed = http
        .post(format!("{base}/slack/commands"))
        .header(TIMESTAMP_HEADER, &timestamp)
        .header(SIGNATURE_HEADER, &signature)
        .body(body.clone())
        .send()
        .await
        .expect("sent");
    assert!(
        filed
            .text()
            .await
            .unwrap_or_default()
            .contains("Filed REQ-1")
    );
    let forged = http
        .post(format!("{base}/slack/commands"))
        .header(TIMESTAMP_HEADER, &timestamp)
        .header(SIGNATURE_HEADER, "v0=00")
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), reqwest::StatusCode::UNAUTHORIZED);
    let event =
        json!({ "type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": "EvLog",
                        "event_time": 1, "event": super::dm("U0PRIYA", "ack REQ-1") })
        .to_string();
    let signature = sign(&Secret::new(SIGNING_SECRET), &timestamp, event.as_bytes());
    http.post(format!("{base}/slack/events"))
        .header(TIMESTAMP_HEADER, &timestamp)
        .header(SIGNATURE_HEADER, &signature)
        .body(event)
        .send()
        .await
        .expect("sent");
    fake.wait_for("chat.postMessage", 2).await;

    // SIGTERM, through the shell's built-in kill (no procps needed on a bare machine).
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -TERM {}", child.id()))
        .status();
    let mut exited = false;
    for _ in 0..150 {
        if child.try_wait().ok().flatten().is_some() {
            exited = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !exited {
        let _ = child.kill();
    }
    assert!(exited, "tandem serve stops on SIGTERM within 15 s");
    let logs = reader.join().expect("logs");
    assert!(
        logs.contains("serving") && logs.contains("refused an unverified Slack request"),
        "{logs}"
    );
    assert!(
        logs.contains("delivery failed; will retry"),
        "the failed call is logged"
    );
    for secret in [
        BOT_TOKEN,
        SIGNING_SECRET,
        "bot-token-that",
        "secret-that-must",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs");
    }

    let check = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("check-config")
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .output()
        .expect("check-config");
    let printed = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{printed}");
    assert!(
        !printed.contains(BOT_TOKEN) && !printed.contains(SIGNING_SECRET),
        "{printed}"
    );
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)])
        .expect("encode")
        .trim_start_matches("x=")
        .to_string()
}
