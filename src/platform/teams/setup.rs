//! Teams as one piece: its HTTP routes and its outbox adapter, sharing one connector (and so
//! one token cache), one key cache and the store's Teams records.

use std::sync::Arc;

use axum::Router;
use axum::routing::post;
use tokio::sync::Notify;

use super::adapter::TeamsAdapter;
use super::auth::Verifier;
use super::connector::Connector;
use super::keys::KeyCache;
use super::refs::Refs;
use super::settings::TeamsSettings;
use super::token::TokenCache;
use super::{PLATFORM, inbound};
use crate::bot::Bot;
use crate::config::Env;
use crate::platform::commands::Commands;
use crate::platform::seam::Configuring;
use crate::platform::{Adapter, Configured, Deliveries, Kind, Platform, Wiring};

/// Teams in `App`'s list of platforms.
pub const KIND: Kind = Kind {
    name: PLATFORM,
    configure,
    // A team's or channel's conversation ID (`19:…@thread.tacv2`); any shape is passed on.
    sources: &[("team", ""), ("channel", "")],
};

fn configure(env: &Env) -> Configuring {
    Ok(TeamsSettings::from_env(env)?.map(|settings| Box::new(settings) as Box<dyn Configured>))
}

impl Configured for TeamsSettings {
    fn start(self: Box<Self>, wiring: &Wiring) -> anyhow::Result<Arc<dyn Platform>> {
        Ok(Arc::new(Teams::new(
            wiring.bot.clone(),
            *self,
            wiring.wake.clone(),
        )))
    }
}

impl Platform for Teams {
    fn name(&self) -> &'static str {
        PLATFORM
    }

    fn routes(&self) -> Option<Router> {
        Some(self.routes())
    }

    fn adapter(&self) -> Arc<dyn Adapter> {
        self.adapter()
    }
}

/// Teams, when it is configured.
#[derive(Clone)]
pub struct Teams {
    shared: Arc<Shared>,
}

/// What the routes and the adapter share.
pub(super) struct Shared {
    pub bot: Bot,
    pub settings: TeamsSettings,
    pub keys: Arc<KeyCache>,
    pub verifier: Verifier,
    pub connector: Arc<Connector>,
    pub refs: Refs,
    /// Activities seen (one delivered twice is handled once), and commands under way.
    pub deliveries: Deliveries,
    /// Runs commands, and wakes the outbox so their cards and DMs go out at once.
    pub commands: Commands,
}

impl Shared {
    /// Tells the outbox there may be new work.
    pub fn wake_outbox(&self) {
        self.commands.wake_outbox();
    }
}

impl Teams {
    /// Teams for `bot`; `wake` is the outbox's waker.
    pub fn new(bot: Bot, settings: TeamsSettings, wake: Arc<Notify>) -> Teams {
        let bot_for_commands = bot.clone();
        let http = crate::tls::http_client();
        let clock = bot.clock().clone();
        let store = bot.store().clone();
        let keys = Arc::new(KeyCache::new(
            http.clone(),
            settings.openid_metadata_url.clone(),
            clock.clone(),
        ));
        let verifier = Verifier::new(settings.app_id.clone(), keys.clone(), clock.clone());
        let tokens = Arc::new(TokenCache::new(http.clone(), &settings, clock.clone()));
        let connector = Arc::new(Connector::new(http, tokens));
        let shared = Shared {
            refs: Refs::new(store),
            bot,
            settings,
            keys,
            verifier,
            connector,
            deliveries: Deliveries::new(),
            commands: Commands::new(bot_for_commands, wake),
        };
        Teams {
            shared: Arc::new(shared),
        }
    }

    /// The outbox side: route name `teams`.
    pub fn adapter(&self) -> Arc<dyn Adapter> {
        Arc::new(TeamsAdapter::new(self.shared.clone()))
    }

    /// `POST /api/messages`. Called inside the runtime: it also fetches the signing keys in
    /// the background.
    pub fn routes(&self) -> Router {
        if tokio::runtime::Handle::try_current().is_ok() {
            let keys = self.shared.keys.clone();
            tokio::spawn(async move { keys.warm().await });
        }
        Router::new()
            .route("/api/messages", post(inbound::messages))
            .with_state(self.shared.clone())
    }
}
