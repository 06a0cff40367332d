//! Slack: slash commands, buttons, modals, App Home and DMs over HTTP or Socket Mode, and the
//! outgoing side (cards posted, updated in place, threaded). Only this module knows Slack.

mod adapter;
mod answers;
mod api;
mod commands;
mod events;
mod forms;
mod http;
mod interactions;
mod limits;
mod mrkdwn;
mod render;
mod signature;
mod socket;
mod views;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

pub use adapter::SlackAdapter;
/// How messages and forms look in Slack, for checks of what Tandem sends.
pub use render::content as message_content;
pub use signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};
pub use views::{answer_modal, home as home_view, reason_modal, request_modal};

use crate::bot::{Bot, Incoming, Reply, TZ_CACHE};
use crate::config::SlackSettings;
use crate::domain::Identity;
use crate::platform::{Deliveries, InFlight};
use api::Api;

/// Slack wants an answer within 3 s; past this the answer goes to the `response_url`.
const ANSWER_WITHIN: Duration = Duration::from_millis(2500);
/// How long before asking `users.info` again for someone whose zone Slack did not give.
const ASK_ZONE_AGAIN_SECONDS: i64 = 3600;

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
    /// Events and triggers seen (a retried one is handled once), and DM commands under way.
    deliveries: Deliveries,
    /// Socket Mode callbacks under way (a stop waits for them).
    in_flight: InFlight,
    /// Whose zone was last asked of Slack, and when (Unix seconds): one question per person
    /// at a time, and not on every command when their profile has none.
    zone_asked: Mutex<HashMap<String, i64>>,
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
                deliveries: Deliveries::new(),
                in_flight: InFlight::default(),
                zone_asked: Mutex::new(HashMap::new()),
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

    /// Runs a command (its disk wait holds no thread); `None` if it takes longer than Slack
    /// waits, in which case `late` gets the reply when it comes.
    async fn handle(&self, incoming: Incoming, late: Option<String>) -> Option<Reply> {
        if let Identity::Slack(user) = &incoming.from {
            self.learn_zone(user);
        }
        let bot = self.bot().clone();
        // A task of its own, so a panic in the bot fails this command, not the connection.
        let mut work = tokio::spawn(async move { bot.handle_settled(&incoming).await });
        let reply = match tokio::time::timeout(ANSWER_WITHIN, &mut work).await {
            Ok(Ok(reply)) => Some(reply),
            Ok(Err(error)) => {
                tracing::error!(%error, "a Slack command stopped unexpectedly");
                None
            }
            Err(_) => {
                let slack = self.clone();
                tokio::spawn(async move {
                    let Ok(reply) = work.await else { return };
                    slack.wake_outbox();
                    let Some(url) = late else { return };
                    if let Err(error) = slack.respond(&url, &reply.message).await {
                        tracing::warn!(%error, "could not answer a slow command");
                    }
                });
                return None;
            }
        };
        self.wake_outbox();
        reply
    }

    /// Keeps the zone Slack reports for someone the config gives none, so their prompts and
    /// reminders follow their own clock (`TZ_CACHE`; the config's zone still wins).
    fn learn_zone(&self, user: &str) {
        let settings = self.bot().settings();
        let Some(person) = settings
            .directory
            .identify(&Identity::Slack(user.to_string()))
        else {
            return;
        };
        let name = person.name.to_string();
        let known = self
            .bot()
            .store()
            .kv_get(TZ_CACHE, &name)
            .ok()
            .flatten()
            .is_some();
        if person.timezone.is_some() || known || !self.may_ask_zone(user) {
            return;
        }
        let (slack, user) = (self.clone(), user.to_string());
        tokio::spawn(async move {
            let Ok(Some(zone)) = slack.api().user_zone(&user).await else {
                return;
            };
            if zone.parse::<chrono_tz::Tz>().is_err() {
                return;
            }
            let store = slack.bot().store().as_ref();
            let saved = match store.kv_put(TZ_CACHE, &name, zone.as_bytes()) {
                Ok(ticket) => store.durable(ticket).await,
                Err(error) => Err(error),
            };
            if let Err(error) = saved {
                tracing::warn!(%error, "could not keep a zone Slack reported");
            }
        });
    }

    /// Whether `users.info` may be asked for this person now; if so, notes that it was.
    fn may_ask_zone(&self, user: &str) -> bool {
        let now = self.bot().clock().now().timestamp();
        let mut asked = self
            .inner
            .zone_asked
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match asked.get(user) {
            Some(&at) if now - at < ASK_ZONE_AGAIN_SECONDS => false,
            _ => {
                asked.insert(user.to_string(), now);
                true
            }
        }
    }

    fn wake_outbox(&self) {
        self.inner.wake.notify_one();
    }
}
