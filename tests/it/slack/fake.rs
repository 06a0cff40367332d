//! A fake Slack on 127.0.0.1: the Web API methods Tandem calls, a `response_url`, and a
//! Socket Mode WebSocket. It records every call and can be told to fail the next ones.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub authorization: Option<String>,
}

/// A failure to answer instead of success: status, and a `Retry-After` in seconds.
#[derive(Clone, Debug)]
pub struct Failure {
    pub method: String,
    pub status: u16,
    pub retry_after: Option<u64>,
}

#[derive(Clone, Default)]
pub struct FakeSlack {
    pub calls: Arc<Mutex<Vec<Call>>>,
    failures: Arc<Mutex<VecDeque<Failure>>>,
    /// Socket Mode: the WebSocket URL `apps.connections.open` hands out.
    pub socket_url: Arc<Mutex<Option<String>>>,
    pub addr: Arc<Mutex<Option<SocketAddr>>>,
    pub socket: super::socket_fake::SocketScript,
}

impl FakeSlack {
    /// Starts the fake on a free port; it lives as long as the test's runtime.
    pub async fn start() -> FakeSlack {
        let fake = FakeSlack::default();
        let app = Router::new()
            .route("/api/{method}", post(api).get(api_get))
            .route("/respond/{id}", post(respond))
            .route("/socket", any(super::socket_fake::upgrade))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        *fake.addr.lock().expect("addr") = Some(listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        fake
    }

    pub fn api_url(&self) -> String {
        format!("http://{}/api", self.addr())
    }

    pub fn response_url(&self, id: &str) -> String {
        format!("http://{}/respond/{id}", self.addr())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr.lock().expect("addr").expect("started")
    }

    /// The next call to `method` fails with `status` (and `Retry-After`).
    pub fn fail_next(&self, method: &str, status: u16, retry_after: Option<u64>) {
        self.failures.lock().expect("failures").push_back(Failure {
            method: method.into(),
            status,
            retry_after,
        });
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls
            .lock()
            .expect("calls")
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    pub fn all_calls(&self) -> Vec<Call> {
        self.calls.lock().expect("calls").clone()
    }

    /// Waits (at most 5 s, polling) until `method` has been called `n` times; returns the calls.
    pub async fn wait_for(&self, method: &str, n: usize) -> Vec<Call> {
        for _ in 0..100 {
            let calls = self.calls_to(method);
            if calls.len() >= n {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{method} was called {} times, not {n}: {:#?}",
            self.calls_to(method).len(),
            self.all_calls()
        );
    }

    fn take_failure(&self, method: &str) -> Option<Failure> {
        let mut failures = self.failures.lock().expect("failures");
        let index = failures.iter().position(|f| f.method == method)?;
        failures.remove(index)
    }
}

async fn api(
    State(fake): State<FakeSlack>,
    Path(method): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body)
        .or_else(|_| {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body).map(|pairs| json!(pairs))
        })
        .unwrap_or(Value::Null);
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let failure = fake.take_failure(&method);
    fake.calls.lock().expect("calls").push(Call {
        method: method.clone(),
        body: body.clone(),
        authorization,
    });
    answer(&fake, &method, &body, failure)
}

fn answer(fake: &FakeSlack, method: &str, body: &Value, failure: Option<Failure>) -> Response {
    if let Some(failure) = failure {
        let mut response = (
            StatusCode::from_u16(failure.status).expect("status"),
            "{\"ok\":false}",
        )
            .into_response();
        if let Some(seconds) = failure.retry_after {
            response
                .headers_mut()
                .insert("retry-after", seconds.to_string().parse().expect("header"));
        }
        return response;
    }
    axum::Json(success(fake, method, body)).into_response()
}

fn success(fake: &FakeSlack, method: &str, body: &Value) -> Value {
    // Posts get ts 1700000000.000001, .000002, … in order; an update keeps its message's ts.
    let posts = fake.calls_to("chat.postMessage").len();
    let channel = body.get("channel").cloned().unwrap_or(json!("C0"));
    let ts = match method {
        "chat.update" => body
            .get("ts")
            .and_then(Value::as_str)
            .unwrap_or("0")
            .to_string(),
        _ => format!("1700000000.{posts:06}"),
    };
    match method {
        "chat.postMessage" | "chat.update" => json!({
            "ok": true, "channel": channel, "ts": ts,
            "message": { "text": body.get("text").cloned().unwrap_or(json!("")), "ts": ts }
        }),
        "views.open" | "views.publish" => {
            let mut view = body.get("view").cloned().unwrap_or(json!({}));
            view["id"] = json!("V1");
            view["team_id"] = json!("T1");
            view["hash"] = json!("h");
            json!({ "ok": true, "view": view })
        }
        // The group DM of the users: `G` and their IDs.
        "conversations.open" => {
            let users = body.get("users").and_then(Value::as_str).unwrap_or("");
            json!({ "ok": true, "channel": { "id": format!("G{}", users.replace(',', "")) } })
        }
        "users.info" => json!({
            "ok": true,
            "user": { "id": body.get("user").cloned().unwrap_or(json!("U0")), "team_id": "T1", "name": "someone", "tz": "Europe/London" }
        }),
        "apps.connections.open" => {
            let url = fake
                .socket_url
                .lock()
                .expect("url")
                .clone()
                .unwrap_or_default();
            json!({ "ok": true, "url": url })
        }
        _ => json!({ "ok": true }),
    }
}

/// Read methods (`users.info`) come as GET with the arguments in the query string.
async fn api_get(
    State(fake): State<FakeSlack>,
    Path(method): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let body = json!(query);
    let failure = fake.take_failure(&method);
    fake.calls.lock().expect("calls").push(Call {
        method: method.clone(),
        body: body.clone(),
        authorization: None,
    });
    answer(&fake, &method, &body, failure)
}

async fn respond(State(fake): State<FakeSlack>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    fake.calls.lock().expect("calls").push(Call {
        method: format!("respond/{id}"),
        body,
        authorization: None,
    });
    StatusCode::OK
}
