//! Slack as one piece: the HTTP routes, Socket Mode and the outbox adapter over one Web API
//! client; and how a command from Slack runs (within Slack's 3 s, else answered later).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use super::adapter::SlackAdapter;
use super::api::Api;
use super::settings::SlackSettings;
use super::{http, socket};
use anyhow::Context;

use crate::bot::{Bot, Incoming, LearntZone, Reply};
use crate::config::Env;
use crate::domain::Identity;
use crate::platform::commands::Commands;
use crate::platform::seam::{Configuring, Running, Stop};
use crate::platform::{Adapter, Configured, Deliveries, InFlight, Kind, Platform, Wiring};

/// Slack in `App`'s list of platforms.
pub const KIND: Kind = Kind {
    name: NAME,
    configure,
    // User groups' IDs start with S; channels' with C (public) or G (private).
    sources: &[("usergroup", "S"), ("channel", "CG")],
};

/// Slack's name: the config key of Slack IDs, its route, its accounts' platform.
pub(super) const NAME: &str = "slack";

fn configure(env: &Env) -> Configuring {
    Ok(SlackSettings::from_env(env)?.map(|settings| Box::new(settings) as Box<dyn Configured>))
}

impl Configured for SlackSettings {
    fn start(self: Box<Self>, wiring: &Wiring) -> anyhow::Result<Arc<dyn Platform>> {
        let slack = Slack::new(wiring.bot.clone(), *self, wiring.wake.clone())
            .context("setting up Slack")?;
        Ok(Arc::new(slack))
    }
}

impl Platform for Slack {
    fn name(&self) -> &'static str {
        NAME
    }

    /// `/slack/commands`, `/slack/interactions`, `/slack/events`; none in Socket Mode.
    fn routes(&self) -> Option<axum::Router> {
        (!self.uses_socket_mode()).then(|| self.routes())
    }

    fn adapter(&self) -> Arc<dyn Adapter> {
        self.adapter()
    }

    /// Socket Mode's connection; over HTTP, only the wait at a stop for work the answer did not
    /// wait for (a late answer, a zone look-up).
    fn connect(&self, stop: Stop) -> Option<Running> {
        let slack = self.clone();
        Some(Box::pin(async move {
            if slack.uses_socket_mode() {
                slack.run_socket_mode(stop).await;
            } else {
                stop.await;
                slack.inner.in_flight.idle().await;
            }
        }))
    }
}

/// Slack wants an answer within 3 s; past this the answer goes to the `response_url`.
const ANSWER_WITHIN: Duration = Duration::from_millis(2500);
/// How long before asking `users.info` again for someone whose zone Slack did not give.
const ASK_ZONE_AGAIN_SECONDS: i64 = 3600;

/// The Slack side of the bot, shared by the HTTP routes, Socket Mode and the adapter.
#[derive(Clone)]
pub struct Slack {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    /// The bot, and the outbox's waker for what commands queue.
    commands: Commands,
    api: Api,
    pub(super) settings: SlackSettings,
    /// Events and triggers seen (a retried one is handled once), and DM commands under way.
    pub(super) deliveries: Deliveries,
    /// Work under way that a stop waits for: Socket Mode callbacks, late answers, zone
    /// look-ups.
    pub(super) in_flight: InFlight,
    /// Whose zone was last asked of Slack, and when (Unix seconds): one question per person
    /// at a time, and not on every command when their profile has none.
    zone_asked: Mutex<HashMap<String, i64>>,
}

impl Slack {
    pub fn new(bot: Bot, settings: SlackSettings, wake: Arc<Notify>) -> std::io::Result<Slack> {
        let api = Api::new(&settings, bot.metrics().clone())?;
        Ok(Slack {
            inner: Arc::new(Inner {
                commands: Commands::new(bot, wake),
                api,
                settings,
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
    pub fn adapter(&self) -> Arc<dyn Adapter> {
        Arc::new(SlackAdapter::new(
            self.inner.api.clone(),
            self.bot().clone(),
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

    pub(super) fn bot(&self) -> &Bot {
        self.inner.commands.bot()
    }

    pub(super) fn commands(&self) -> &Commands {
        &self.inner.commands
    }

    pub(super) fn api(&self) -> &Api {
        &self.inner.api
    }

    /// Runs a command (its disk wait holds no thread); `None` if it takes longer than Slack
    /// waits, in which case `late` gets the reply when it comes.
    pub(super) async fn handle(&self, incoming: Incoming, late: Option<String>) -> Option<Reply> {
        if let Identity::Account(account) = &incoming.from {
            self.learn_zone(&account.id);
        }
        let commands = self.commands().clone();
        // A task of its own, so a panic in the bot fails this command, not the connection.
        let mut work = tokio::spawn(async move { commands.line(&incoming).await });
        match tokio::time::timeout(ANSWER_WITHIN, &mut work).await {
            Ok(Ok(reply)) => Some(reply),
            Ok(Err(error)) => {
                tracing::error!(%error, "a Slack command stopped unexpectedly");
                None
            }
            Err(_) => {
                let slack = self.clone();
                let working = self.inner.in_flight.enter();
                tokio::spawn(async move {
                    let _working = working;
                    let Ok(reply) = work.await else { return };
                    let Some(url) = late else { return };
                    if let Err(error) = slack.respond(&url, &reply.message).await {
                        tracing::warn!(%error, "could not answer a slow command");
                    }
                });
                None
            }
        }
    }

    /// Keeps the zone Slack reports for someone the config gives none, so their prompts and
    /// reminders follow their own clock (`LearntZone`; the config's zone still wins).
    pub(super) fn learn_zone(&self, user: &str) {
        let directory = self.bot().directory();
        let Some(person) = directory.identify(&Identity::on(NAME, user)) else {
            return;
        };
        let name = person.name.clone();
        let known = matches!(self.bot().store().kept::<LearntZone>(&name), Ok(Some(_)));
        if person.timezone.is_some() || known || !self.may_ask_zone(user) {
            return;
        }
        let (slack, user) = (self.clone(), user.to_string());
        let working = self.inner.in_flight.enter();
        tokio::spawn(async move {
            let _working = working;
            let Ok(Some(zone)) = slack.api().user_zone(&user).await else {
                return;
            };
            let Ok(zone) = zone.parse::<chrono_tz::Tz>() else {
                return;
            };
            let store = slack.bot().store().as_ref();
            let saved = match store.keep(&name, &LearntZone(zone)) {
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

    pub(super) fn wake_outbox(&self) {
        self.inner.commands.wake_outbox();
    }
}
