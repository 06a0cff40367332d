//! Slack: slash commands, buttons, modals, App Home and DMs over HTTP or Socket Mode, and the
//! outgoing side (cards posted, updated in place, threaded). Only this module knows Slack.

mod adapter;
mod api;
mod commands;
mod events;
mod http;
mod interactions;
mod render;
mod signature;
mod socket;
mod views;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

pub use adapter::SlackAdapter;
pub use signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

use crate::bot::{Bot, Incoming, Reply};
use crate::config::SlackSettings;
use api::Api;

/// Slack wants an answer within 3 s; past this the answer goes to the `response_url`.
const ANSWER_WITHIN: Duration = Duration::from_millis(2500);

/// The Slack side of the bot, shared by the HTTP routes, Socket Mode and the adapter.
#[derive(Clone)]
pub struct Slack {
    inner: Arc<Inner>,
}

struct Inner {
    bot: Bot,
    api: Api,
    settings: SlackSettings,
    /// Wakes the outbox after a command queued messages.
    wake: Arc<Notify>,
}

impl Slack {
    pub fn new(bot: Bot, settings: SlackSettings, wake: Arc<Notify>) -> std::io::Result<Slack> {
        let api = Api::new(&settings, bot.metrics().clone())?;
        Ok(Slack {
            inner: Arc::new(Inner {
                bot,
                api,
                settings,
                wake,
            }),
        })
    }

    /// The HTTP routes: `/slack/commands`, `/slack/interactions`, `/slack/events`.
    pub fn routes(&self) -> axum::Router {
        http::routes(self.clone())
    }

    /// The outgoing side, for the outbox.
    pub fn adapter(&self) -> Arc<SlackAdapter> {
        Arc::new(SlackAdapter::new(
            self.inner.api.clone(),
            self.inner.bot.clone(),
        ))
    }

    /// Whether Slack should be served over Socket Mode (an app token is set).
    pub fn uses_socket_mode(&self) -> bool {
        self.inner.settings.app_token.is_some()
    }

    /// Serves Socket Mode until `stop` completes.
    pub async fn run_socket_mode(&self, stop: impl std::future::Future<Output = ()>) {
        socket::run(self.clone(), stop).await;
    }

    fn bot(&self) -> &Bot {
        &self.inner.bot
    }

    fn api(&self) -> &Api {
        &self.inner.api
    }

    /// Runs a command off the async threads; `None` if it takes longer than Slack waits,
    /// in which case `late` gets the reply when it comes.
    async fn handle(&self, incoming: Incoming, late: Option<String>) -> Option<Reply> {
        let bot = self.bot().clone();
        let mut work = tokio::task::spawn_blocking(move || bot.handle(&incoming));
        let reply = match tokio::time::timeout(ANSWER_WITHIN, &mut work).await {
            Ok(Ok(reply)) => Some(reply),
            Ok(Err(error)) => {
                tracing::error!(%error, "a Slack command stopped unexpectedly");
                None
            }
            Err(_) => {
                let slack = self.clone();
                tokio::spawn(async move {
                    if let (Ok(reply), Some(url)) = (work.await, late) {
                        slack.wake_outbox();
                        let _ = slack
                            .api()
                            .respond(&url, render::content(&reply.message))
                            .await;
                    }
                });
                return None;
            }
        };
        self.wake_outbox();
        reply
    }

    fn wake_outbox(&self) {
        self.inner.wake.notify_one();
    }
}
