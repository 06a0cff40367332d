//! Start-up as library code: `App::build(settings)`, then `port()` and `run_until_stopped()`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::bot::Bot;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::http::{self, HttpState};
use crate::outbox::Outbox;
use crate::platform::seam::{self, Running, Stop};
use crate::platform::{Kind, Platform, Platforms, Wiring, slack, teams};
use crate::schedule::{self, Scheduler};
use crate::store::{SledStore, Store};
use crate::sync::{self, Syncer};

/// Every chat platform Tandem can serve, wired alike. Adding one is a folder under
/// `src/platform/` and a line here (`docs/adding-a-platform.md`).
pub const PLATFORMS: &[Kind] = &[slack::KIND, teams::KIND];

/// How long in-flight work may take to finish once a stop is asked for.
const GRACE: Duration = Duration::from_secs(10);

pub struct App {
    listener: TcpListener,
    router: axum::Router,
    outbox: Outbox<Platforms>,
    /// The platforms, for the connections they keep open themselves (Slack's Socket Mode).
    platforms: Vec<Arc<dyn Platform>>,
    scheduler: Scheduler,
    /// For the scheduled backups.
    bot: Bot,
    /// Keeps the teams up to date with `[directory]` (idle without it).
    syncer: Syncer,
    clock: Arc<dyn Clock>,
    /// What `/healthz` reads to know the background loops run.
    workers: Arc<AtomicBool>,
}

impl App {
    /// Opens the store, sets up every configured platform and binds the listen address
    /// (port 0 picks a free port).
    pub async fn build(settings: Settings) -> anyhow::Result<App> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Like `build`, on a given clock (tests move time).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<App> {
        crate::tls::ensure_provider();
        let configured = seam::configure(&settings, PLATFORMS)?;
        let path = settings.store.path.clone();
        let store: Arc<dyn Store> = Arc::new(
            SledStore::open(&settings.store)
                .with_context(|| format!("opening the store at {}", path.display()))?,
        );
        let listen = settings.listen;
        let bot = Bot::new(Arc::new(settings), store.clone(), clock.clone());
        crate::platform::deliveries::recover(&bot)
            .context("telling people about commands a stop interrupted")?;
        let wake = Arc::new(Notify::new());
        let workers = Arc::new(AtomicBool::new(false));
        let mut router = http::router(HttpState {
            bot: bot.clone(),
            workers: workers.clone(),
        });
        let wiring = Wiring {
            bot: bot.clone(),
            wake: wake.clone(),
        };
        let mut platforms = Vec::new();
        let mut adapters = Vec::new();
        for platform in configured {
            let platform = platform.start(&wiring)?;
            adapters.push(platform.adapter());
            if let Some(routes) = platform.routes() {
                router = router.merge(routes);
            }
            platforms.push(platform);
        }
        let scheduler = Scheduler::new(bot.clone());
        let syncer = Syncer::new(bot.clone(), adapters.clone());
        let outbox = Outbox::new(
            store.clone(),
            Platforms::new(adapters, store),
            clock.clone(),
        )
        .with_waker(wake);
        let listener = TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        Ok(App {
            listener,
            router: http::with_connection_rules(router),
            outbox,
            platforms,
            scheduler,
            bot,
            syncer,
            clock,
            workers,
        })
    }

    /// The outbox's waker and its count of finished passes (see `Outbox::passes`).
    pub fn outbox_passes(&self) -> (Arc<Notify>, watch::Receiver<u64>) {
        (self.outbox.waker(), self.outbox.passes())
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves, schedules and delivers until `stop` completes; then lets in-flight requests
    /// (and Socket Mode callbacks) finish, and only then makes a last outbox pass, so that
    /// the answers they queued go out too (all bounded by a grace period).
    pub async fn run_until_stopped(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(port = self.port(), "serving");
        let (stopping_tx, stopping_rx) = watch::channel(false);
        let (served_tx, served_rx) = watch::channel(false);
        let server = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(stopped(stopping_rx.clone()));
        let connections: Vec<Running> = self
            .platforms
            .iter()
            .filter_map(|platform| {
                let stop: Stop = Box::pin(stopped(stopping_rx.clone()));
                platform.connect(stop)
            })
            .collect();
        let front = async move {
            let connected = async move {
                let mut running = tokio::task::JoinSet::new();
                for connection in connections {
                    running.spawn(connection);
                }
                while running.join_next().await.is_some() {}
            };
            let (served, ()) = tokio::join!(server, connected);
            let _ = served_tx.send(true);
            served
        };
        let outbox = self.outbox;
        let backups = schedule::backups::run_until(self.bot, stopped(stopping_rx.clone()));
        let syncing = sync::run_until(self.syncer, outbox.waker(), stopped(stopping_rx.clone()));
        let scheduling = schedule::run_until(
            self.scheduler,
            self.clock,
            outbox.waker(),
            stopped(stopping_rx),
        );
        let workers = self.workers;
        workers.store(true, Ordering::SeqCst);
        let delivery = async move {
            outbox.run_until(stopped(served_rx)).await;
            workers.store(false, Ordering::SeqCst);
        };
        let signal = async move {
            stop.await;
            let _ = stopping_tx.send(true);
            tokio::time::sleep(GRACE).await;
        };
        let work = async {
            let (served, (), (), (), ()) =
                tokio::join!(front, delivery, scheduling, backups, syncing);
            served
        };
        tokio::select! {
            result = work => result.context("HTTP server")?,
            () = signal => tracing::warn!("in-flight work did not finish in time"),
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes once a stop has been asked for.
async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
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
