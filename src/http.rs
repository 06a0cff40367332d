//! The HTTP surface of `tandem serve`: health and metrics; platform routes join it here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
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

/// Prometheus text format.
async fn metrics(State(state): State<HttpState>) -> impl IntoResponse {
    let bot = state.bot.clone();
    let text = tokio::task::spawn_blocking(move || bot.metrics().render(bot.store().as_ref()))
        .await
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// 200 when the store answers and the background workers run.
async fn healthz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    if !state.workers.load(Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "workers are not running\n");
    }
    match state.bot.store().outbox_depth() {
        Ok(_) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: store unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
        }
    }
}
