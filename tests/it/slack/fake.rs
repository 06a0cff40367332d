//! A fake Slack on 127.0.0.1: the Web API methods Tandem calls, a `response_url`, and a
//! Socket Mode WebSocket. It records every call and can be told to fail the next ones. Like
//! Slack, it refuses a message or view over Block Kit's limits (`limits::slack_rules`), and
//! can be told to refuse the next call to a method with an error code. Told to (`SlackApp`
//! does, on the app's clock), it enforces Slack's rate limits for posts (`fake_limits`).
//! Told which scopes the app was granted (`grant`), it refuses a call that needs another with
//! `missing_scope`, as Slack does (`scopes::NEEDS`).

use std::collections::{BTreeSet, VecDeque};
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

use super::fake_limits::Limits;
use crate::limits::slack_rules;

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub authorization: Option<String>,
    /// Slack's error, and why, when it refused the call.
    pub refused: Option<String>,
}

/// A failure to answer instead of success: status, and a `Retry-After` in seconds.
#[derive(Clone, Debug)]
pub struct Failure {
    pub method: String,
    pub status: u16,
    pub retry_after: Option<u64>,
}

/// A refusal to give whatever the content: method, channel (any if none), error code.
type Forced = (String, Option<String>, String);

#[derive(Clone, Default)]
pub struct FakeSlack {
    pub calls: Arc<Mutex<Vec<Call>>>,
    failures: Arc<Mutex<VecDeque<Failure>>>,
    refusals: Arc<Mutex<VecDeque<Forced>>>,
    /// Socket Mode: the WebSocket URL `apps.connections.open` hands out.
    pub socket_url: Arc<Mutex<Option<String>>>,
    pub addr: Arc<Mutex<Option<SocketAddr>>>,
    pub socket: super::socket_fake::SocketScript,
    /// Users, user groups and channels, for directory syncs.
    pub workspace: Arc<Mutex<Workspace>>,
    limits: Arc<Mutex<Option<Limits>>>,
    /// The scopes the app was installed with; every scope when none were granted.
    granted: Arc<Mutex<Option<BTreeSet<String>>>>,
}

/// The people the fake knows: `users.info` answers from `users`, `usergroups.users.list` from
/// `groups`, `conversations.members` from `channels`, `page` members at a time (by cursor).
/// A method in `missing_scopes` answers `missing_scope`, naming the scope, until removed.
#[derive(Default)]
pub struct Workspace {
    pub users: std::collections::HashMap<String, Value>,
    pub groups: std::collections::HashMap<String, Vec<String>>,
    pub channels: std::collections::HashMap<String, Vec<String>>,
    pub page: usize,
    pub missing_scopes: std::collections::HashMap<String, String>,
}

impl Workspace {
    /// Adds a person: display name, full name, e-mail.
    pub fn user(&mut self, id: &str, name: &str, full: &str, email: &str) {
        self.users.insert(
            id.into(),
            json!({ "id": id, "team_id": "T1", "name": name.to_lowercase(), "tz": "Asia/Kolkata",
                    "real_name": full,
                    "profile": { "display_name": name, "real_name": full, "email": email } }),
        );
    }
}

impl FakeSlack {
    /// Starts the fake on a free port; it lives as long as the test's runtime.
    pub async fn start() -> FakeSlack {
        let fake = FakeSlack::default();
        let app = Router::new()
            .route("/api/{method}", post(api).get(api_get))
            .route("/respond/{id}", post(respond))
            .route("/upload/{id}", post(upload))
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

    /// From now on, posts over Slack's rate limits are answered 429, on `clock` (fresh
    /// buckets: a restarted app brings a clock of its own).
    pub fn enforce_limits(&self, clock: Arc<dyn tandem::clock::Clock>) {
        let mut limits = self.limits.lock().expect("limits");
        let refused = limits.as_ref().map_or(0, |l| l.refused);
        let mut fresh = Limits::new(clock);
        fresh.refused = refused;
        *limits = Some(fresh);
    }

    /// How many posts were answered 429 for going over the rate limits.
    pub fn rate_limited(&self) -> usize {
        let limits = self.limits.lock().expect("limits");
        limits.as_ref().map_or(0, |l| l.refused)
    }

    /// `Retry-After` seconds when a post to `channel` goes over the limits now.
    fn over_limits(&self, method: &str, body: &Value) -> Option<u64> {
        if method != "chat.postMessage" {
            return None;
        }
        let mut limits = self.limits.lock().expect("limits");
        let channel = body["channel"].as_str().unwrap_or_default();
        limits.as_mut()?.post(channel).err()
    }

    /// From now on the app has only `scopes`: a method that needs another is refused with
    /// `missing_scope`, naming the one it needs.
    pub fn grant(&self, scopes: impl IntoIterator<Item = String>) {
        *self.granted.lock().expect("granted") = Some(scopes.into_iter().collect());
    }

    /// The scope `method` needs and the app was not granted, if any: the one Slack names.
    fn lacking(&self, method: &str) -> Option<String> {
        let granted = self.granted.lock().expect("granted");
        let granted = granted.as_ref()?;
        let needs = super::scopes::needs(method)?;
        let any = needs.is_empty() || needs.iter().any(|s| granted.contains(*s));
        (!any).then(|| needs.join(","))
    }

    /// The next call to `method` fails with `status` (and `Retry-After`).
    pub fn fail_next(&self, method: &str, status: u16, retry_after: Option<u64>) {
        self.failures.lock().expect("failures").push_back(Failure {
            method: method.into(),
            status,
            retry_after,
        });
    }

    /// The next call to `method` (`chat.postMessage`, `respond/click`) is refused with `code`.
    pub fn refuse_next(&self, method: &str, code: &str) {
        let mut refusals = self.refusals.lock().expect("refusals");
        refusals.push_back((method.into(), None, code.into()));
    }

    /// The next call to `method` for `channel` is refused with `code`.
    pub fn refuse_next_to(&self, method: &str, channel: &str, code: &str) {
        let mut refusals = self.refusals.lock().expect("refusals");
        refusals.push_back((method.into(), Some(channel.into()), code.into()));
    }

    /// The calls Slack refused.
    pub fn refused(&self) -> Vec<Call> {
        let calls = self.calls.lock().expect("calls");
        calls
            .iter()
            .filter(|c| c.refused.is_some())
            .cloned()
            .collect()
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

    /// Waits (at most 15 s, polling) until `method` has been called `n` times; returns the
    /// calls. Generous, since the whole suite runs at once on a 2-core machine: a wait that
    /// passes returns as soon as the calls are there.
    pub async fn wait_for(&self, method: &str, n: usize) -> Vec<Call> {
        for _ in 0..300 {
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

    /// Slack's error for a call to `method` with `body`: one it was told to give, or the
    /// limit the content breaks. The code, and the code with why.
    fn refusal(&self, method: &str, body: &Value) -> Option<(String, String)> {
        let mut refusals = self.refusals.lock().expect("refusals");
        let channel = body["channel"].as_str();
        let forced = refusals
            .iter()
            .position(|(m, c, _)| m == method && (c.is_none() || c.as_deref() == channel));
        if let Some((_, _, code)) = forced.and_then(|index| refusals.remove(index)) {
            return Some((code.clone(), code));
        }
        let checked = match method {
            "chat.postMessage" | "chat.update" | "chat.postEphemeral" => {
                slack_rules::check_message(body)
            }
            "views.open" | "views.publish" => slack_rules::check_view(&body["view"]),
            respond if respond.starts_with("respond/") => slack_rules::check_message(body),
            _ => Ok(()),
        };
        checked
            .err()
            .map(|refusal| (refusal.code.to_string(), refusal.to_string()))
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
    let mut failure = fake.take_failure(&method);
    if failure.is_none() {
        failure = fake.over_limits(&method, &body).map(|seconds| Failure {
            method: method.clone(),
            status: 429,
            retry_after: Some(seconds),
        });
    }
    let refusal = match failure {
        Some(_) => None,
        None => fake
            .lacking(&method)
            .map(missing_scope)
            .or_else(|| fake.refusal(&method, &body)),
    };
    fake.calls.lock().expect("calls").push(Call {
        method: method.clone(),
        body: body.clone(),
        authorization,
        refused: refusal.as_ref().map(|(_, why)| why.clone()),
    });
    if let Some((code, why)) = refusal {
        return axum::Json(refused(&code, &why)).into_response();
    }
    answer(&fake, &method, &body, failure)
}

/// Slack's `missing_scope`, as the code and the code with the scope needed.
fn missing_scope(scope: String) -> (String, String) {
    ("missing_scope".into(), format!("missing_scope: {scope}"))
}

/// Slack's refusal: `missing_scope` names the scope it needs (`needed`), as Slack does.
fn refused(code: &str, why: &str) -> Value {
    match why.strip_prefix("missing_scope: ") {
        Some(scope) => json!({ "ok": false, "error": code, "needed": scope }),
        None => json!({ "ok": false, "error": code }),
    }
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
        // An upload URL on the fake itself, and the file's ID.
        "files.getUploadURLExternal" => {
            // This call is recorded already: the first is F0.
            let n = fake.calls_to(method).len().saturating_sub(1);
            json!({
                "ok": true,
                "upload_url": format!("http://{}/upload/F{n}", fake.addr()),
                "file_id": format!("F{n}"),
            })
        }
        "files.completeUploadExternal" => json!({ "ok": true, "files": body["files"] }),
        "users.info" => {
            let id = body.get("user").and_then(Value::as_str).unwrap_or("U0");
            let workspace = fake.workspace.lock().expect("workspace");
            match workspace.users.get(id) {
                Some(user) => json!({ "ok": true, "user": user }),
                None => json!({
                    "ok": true,
                    "user": { "id": id, "team_id": "T1", "name": "someone", "tz": "Europe/London" }
                }),
            }
        }
        "usergroups.users.list" => {
            let id = body.get("usergroup").and_then(Value::as_str).unwrap_or("");
            let workspace = fake.workspace.lock().expect("workspace");
            match workspace.groups.get(id) {
                Some(users) => json!({ "ok": true, "users": users }),
                None => json!({ "ok": false, "error": "no_such_subteam" }),
            }
        }
        "conversations.members" => members_page(fake, body),
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

/// One page of a channel's members: the cursor is the index of the first.
fn members_page(fake: &FakeSlack, body: &Value) -> Value {
    let id = body.get("channel").and_then(Value::as_str).unwrap_or("");
    let workspace = fake.workspace.lock().expect("workspace");
    let Some(members) = workspace.channels.get(id) else {
        return json!({ "ok": false, "error": "channel_not_found" });
    };
    let from: usize = body
        .get("cursor")
        .and_then(Value::as_str)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let page = workspace.page.max(1);
    let to = (from + page).min(members.len());
    let next = if to < members.len() {
        to.to_string()
    } else {
        String::new()
    };
    json!({ "ok": true, "members": members[from.min(to)..to],
            "response_metadata": { "next_cursor": next } })
}

/// Read methods (`users.info`) come as GET with the arguments in the query string.
async fn api_get(
    State(fake): State<FakeSlack>,
    Path(method): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let body = json!(query);
    let failure = fake.take_failure(&method);
    let missing = fake
        .workspace
        .lock()
        .expect("workspace")
        .missing_scopes
        .get(&method)
        .cloned()
        .or_else(|| fake.lacking(&method));
    fake.calls.lock().expect("calls").push(Call {
        method: method.clone(),
        body: body.clone(),
        authorization: None,
        refused: missing
            .as_ref()
            .map(|scope| format!("missing_scope: {scope}")),
    });
    if let Some(scope) = missing {
        let refusal = json!({ "ok": false, "error": "missing_scope", "needed": scope });
        return axum::Json(refusal).into_response();
    }
    answer(&fake, &method, &body, failure)
}

/// Where `files.getUploadURLExternal` sends the bytes: recorded as `upload/<file>` with the
/// bytes' length and whether they are a PNG; Slack answers in plain text.
async fn upload(State(fake): State<FakeSlack>, Path(id): Path<String>, body: Bytes) -> Response {
    let png = body.starts_with(b"\x89PNG\r\n\x1a\n");
    fake.calls.lock().expect("calls").push(Call {
        method: format!("upload/{id}"),
        body: json!({ "length": body.len(), "png": png }),
        authorization: None,
        refused: None,
    });
    (StatusCode::OK, format!("OK - {}", body.len())).into_response()
}

/// A `response_url`: Slack answers a message it refuses with HTTP 400 and the error code.
async fn respond(State(fake): State<FakeSlack>, Path(id): Path<String>, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let method = format!("respond/{id}");
    let refusal = fake.refusal(&method, &body);
    fake.calls.lock().expect("calls").push(Call {
        method,
        body,
        authorization: None,
        refused: refusal.as_ref().map(|(_, why)| why.clone()),
    });
    match refusal {
        Some((code, _)) => (StatusCode::BAD_REQUEST, code).into_response(),
        None => StatusCode::OK.into_response(),
    }
}
