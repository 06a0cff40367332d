//! The HTTP surface of `tandem serve`: health and metrics; platform routes join it here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::bot::Bot;

/// Bodies over this size are refused with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
pub struct HttpState {
    pub bot: Bot,
    /// True while the outbox and scheduler loops run.
    pub workers: Arc<AtomicBool>,
}

pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Rules for every route, platforms' included: a body refused for its size (413) was not read
/// to its end, so the connection closes after the answer, and says so (`Connection: close`),
/// so that a client does not send its next request on a connection that is going away.
pub fn with_connection_rules(router: Router) -> Router {
    router.layer(axum::middleware::map_response(close_after_unread_body))
}

async fn close_after_unread_body(mut response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Prometheus text format.
async fn metrics(State(state): State<HttpState>) -> impl IntoResponse {
    let bot = state.bot.clone();
    let text = tokio::task::spawn_blocking(move || bot.metrics().render(bot.store().as_ref()))
        .await
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// 200 when the store answers and takes changes, and the background workers run; else 503
/// with the reason (`the store cannot write: …` after a failed write or on a full disk).
async fn healthz(State(state): State<HttpState>) -> (StatusCode, String) {
    if !state.workers.load(Ordering::SeqCst) {
        let why = "workers are not running\n";
        return (StatusCode::SERVICE_UNAVAILABLE, why.into());
    }
    if let Some(why) = state.bot.store().failure() {
        // Reads go on; changes are tried again as they come, and this clears once one works.
        let why = format!("the store cannot write: {why}\n");
        return (StatusCode::SERVICE_UNAVAILABLE, why);
    }
    match state.bot.store().outbox_depth() {
        Ok(_) => (
            StatusCode::OK,
            format!("ok\n{}", directory_line(&state.bot)),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: store unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "store unavailable\n".into(),
            )
        }
    }
}

/// The directory sync's last result, for `/healthz` (empty without `[directory]`). A failing
/// sync does not make Tandem unhealthy: it keeps the last good directory.
fn directory_line(bot: &Bot) -> String {
    if bot.settings().directory.is_none() {
        return String::new();
    }
    let status = match bot.store().sync_status() {
        Ok(status) => status,
        Err(error) => return format!("directory: status unreadable ({error})\n"),
    };
    let last = status
        .last_ok
        .map_or("never".to_string(), |at| at.to_rfc3339());
    let counts = status.counts;
    let mut line = format!(
        "directory: last sync {last}; {} in Sales, {} in Marketing, {} former",
        counts.sales, counts.marketing, counts.former
    );
    if let Some(why) = &status.failing {
        line.push_str(&format!("; failing: {why}"));
    }
    if status.held.is_some() {
        line.push_str("; held for a lead's --confirm");
    }
    line.push('\n');
    line
}
