//! Start-up as library code: `App::build(settings)`, then `port()` and `run_until_stopped()`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::http::{self, HttpState};
use crate::store::{SledStore, Store};

/// How long in-flight work may take to finish once a stop is asked for.
const GRACE: Duration = Duration::from_secs(10);

pub struct App {
    listener: TcpListener,
    store: Arc<dyn Store>,
}

impl App {
    /// Opens the store and binds the listen address (port 0 picks a free port).
    pub async fn build(settings: Settings) -> anyhow::Result<App> {
        let store = SledStore::open(&settings.store)
            .with_context(|| format!("opening the store at {}", settings.store.path.display()))?;
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("listening on {}", settings.listen))?;
        Ok(App {
            listener,
            store: Arc::new(store),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `stop` completes, then lets in-flight requests finish (bounded).
    pub async fn run_until_stopped(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = http::router(HttpState {
            store: self.store.clone(),
        });
        tracing::info!(port = self.port(), "serving");
        let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(self.listener, router).with_graceful_shutdown(async move {
            stop.await;
            let _ = stopped_tx.send(());
        });
        let drain_limit = async move {
            let _ = stopped_rx.await;
            tokio::time::sleep(GRACE).await;
        };
        tokio::select! {
            result = server => result.context("HTTP server")?,
            () = drain_limit => tracing::warn!("in-flight requests did not finish in time"),
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("stop requested");
}
