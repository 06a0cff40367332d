//! The seam every chat platform plugs into. A platform is one folder that provides a `Kind`
//! (its name, and how it reads its settings from the environment); `App` keeps one list of
//! kinds (`app::PLATFORMS`) and wires each the same way: configure, start, merge its routes,
//! hand its adapter to the outbox, run the connection it keeps open (if any).
//!
//! What the platforms share is written once beside this seam: `Deliveries` (run a command
//! durably exactly once and answer it), `InFlight` (work a stop waits for), `Platforms` (the
//! outbox's sink over every adapter). `docs/adding-a-platform.md` walks through adding one.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::Notify;

use crate::bot::Bot;
use crate::config::{ConfigError, Env, Settings};
use crate::domain::membership::{Member, Source};
use crate::message::{Destination, Outgoing};
use crate::outbox::{DeliveryError, Pace};

pub type Delivery<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

/// The people of a group on a platform, for a directory sync.
pub type Listing<'a> = Pin<Box<dyn Future<Output = Result<Vec<Member>, ListError>> + Send + 'a>>;

/// Why a platform could not list a group. Messages name the group and the platform's error
/// code, never a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// The app was not granted a scope the listing needs (Slack's `missing_scope`).
    #[error("{platform} needs the {scope} scope to read {group}")]
    MissingScope {
        platform: String,
        scope: String,
        group: String,
    },
    #[error("{0}")]
    Failed(String),
}

/// A future that completes when the app is asked to stop.
pub type Stop = Pin<Box<dyn Future<Output = ()> + Send>>;
/// Work a platform runs until it stops.
pub type Running = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What `Kind::configure` gives: the platform ready to start, or `None` when it is off.
pub type Configuring = Result<Option<Box<dyn Configured>>, ConfigError>;

/// A kind of chat platform, as `App`'s list names it.
pub struct Kind {
    /// `slack`, `teams`: the key of people's and channels' IDs in the config (`slack = "U…"`),
    /// the adapter's route name, and what `LastPlatform` records.
    pub name: &'static str,
    /// Reads the platform's settings from the environment: `None` when it is not configured,
    /// an error naming the variable when it is half configured.
    pub configure: fn(&Env) -> Configuring,
    /// The kinds of `[directory]` source it can list (`usergroup`, for
    /// `sales = { slack_usergroup = "S…" }`), each with the letters its IDs start with (empty:
    /// any ID); none when it cannot list groups.
    pub sources: &'static [(&'static str, &'static str)],
}

/// A platform whose settings are read, ready to start.
pub trait Configured: Send {
    fn start(self: Box<Self>, wiring: &Wiring) -> anyhow::Result<Arc<dyn Platform>>;
}

/// What `App` hands every platform as it starts.
pub struct Wiring {
    pub bot: Bot,
    /// Wakes the outbox: call it after a command queued messages.
    pub wake: Arc<Notify>,
}

/// A running chat platform.
pub trait Platform: Send + Sync {
    fn name(&self) -> &'static str;

    /// Its HTTP routes, merged into the one server; none when it connects out instead.
    fn routes(&self) -> Option<axum::Router>;

    /// Its outgoing side, for the outbox.
    fn adapter(&self) -> Arc<dyn Adapter>;

    /// A connection it keeps open itself (Slack's Socket Mode), run until `stop` completes;
    /// a stop waits for it to finish its in-flight work.
    fn connect(&self, stop: Stop) -> Option<Running> {
        drop(stop);
        None
    }
}

/// One chat platform's outgoing side.
pub trait Adapter: Send + Sync {
    /// `slack`, `teams`: the route name, and the value kept as `LastPlatform`.
    fn name(&self) -> &'static str;

    /// Whether this platform has an address for `to` (a channel ID, a user ID).
    fn reaches(&self, to: &Destination) -> bool;

    fn deliver<'a>(&'a self, outgoing: &'a Outgoing) -> Delivery<'a>;

    /// The people in `source` (a `[directory]` group whose `platform` is this one's name).
    fn members<'a>(&'a self, source: &'a Source) -> Listing<'a> {
        let why = format!("{} cannot list {source}", self.name());
        Box::pin(async move { Err(ListError::Failed(why)) })
    }

    /// The rate this platform takes messages at, kept on our side (`None`: as fast as the
    /// outbox goes, with the platform's `Retry-After` honoured).
    fn pace(&self) -> Option<Pace> {
        None
    }
}

/// Reads every platform's settings from `settings.env`, and checks that each platform the
/// config gives IDs for (`[[people]] slack = …`, `[channels] sales = { teams = … }`) is one of
/// `kinds`, and that each `[directory]` source is a kind its platform lists. Returns the
/// platforms that are configured, ready to start.
pub fn configure(
    settings: &Settings,
    kinds: &[Kind],
) -> Result<Vec<Box<dyn Configured>>, ConfigError> {
    for (platform, key) in settings.platform_keys() {
        if !kinds.iter().any(|kind| kind.name == platform) {
            let known: Vec<&str> = kinds.iter().map(|kind| kind.name).collect();
            return Err(ConfigError::Invalid {
                path: settings.source.clone(),
                key,
                reason: format!(
                    "\"{platform}\" is not a chat platform Tandem knows ({})",
                    known.join(", ")
                ),
            });
        }
    }
    check_sources(settings, kinds)?;
    let mut configured = Vec::new();
    for kind in kinds {
        if let Some(platform) = (kind.configure)(&settings.env)? {
            configured.push(platform);
        }
    }
    Ok(configured)
}

/// Each `[directory]` source (`slack_usergroup = "S0SALES"`) names a kind of group its
/// platform can list, with an ID of that kind's shape.
fn check_sources(settings: &Settings, kinds: &[Kind]) -> Result<(), ConfigError> {
    let Some(directory) = &settings.directory else {
        return Ok(());
    };
    let known: Vec<String> = kinds
        .iter()
        .flat_map(|kind| {
            kind.sources
                .iter()
                .map(move |(source, _)| format!("{}_{source}", kind.name))
        })
        .collect();
    for (group, source) in directory.sources() {
        let invalid = |reason: String| ConfigError::Invalid {
            path: settings.source.clone(),
            key: format!("directory.{}.{}", group.key(), source.key()),
            reason,
        };
        let starts = kinds
            .iter()
            .filter(|kind| kind.name == source.platform)
            .flat_map(|kind| kind.sources)
            .find(|(kind, _)| *kind == source.kind)
            .map(|(_, starts)| *starts);
        let Some(starts) = starts else {
            return Err(invalid(format!(
                "not a source Tandem reads; use {}",
                known.join(", ")
            )));
        };
        if !starts.is_empty() && !source.id.starts_with(|c: char| starts.contains(c)) {
            let first: Vec<String> = starts.chars().map(String::from).collect();
            return Err(invalid(format!(
                "\"{}\" is not that kind of ID (they start with {})",
                source.id,
                first.join(" or ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::platform::{slack, teams};

    const KINDS: &[Kind] = &[slack::KIND, teams::KIND];

    fn settings(extra: &str, env: &Env) -> Settings {
        let text = format!(
            "[channels]\nsales = {{ slack = \"C1\" }}\nmarketing = {{ teams = \"19:m\" }}\n\
             [[people]]\nname = \"Asha\"\nteam = \"sales\"\nslack = \"U1\"\n{extra}"
        );
        Settings::from_toml(&text, Path::new("tandem.toml"), env).expect("valid file")
    }

    #[test]
    fn ids_for_a_platform_nobody_knows_are_refused_naming_the_key() {
        let typo = settings("slak = \"U2\"", &Env::default());
        let error = configure(&typo, KINDS).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "tandem.toml: people[Asha].slak: \"slak\" is not a chat platform Tandem knows (slack, teams)"
            )
        );
        let channel = Settings {
            channels: [(
                "joint".to_string(),
                crate::config::ChannelIds::new([("gchat".into(), "x".into())].into()),
            )]
            .into(),
            ..settings("", &Env::default())
        };
        let error = configure(&channel, KINDS).err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("channels.joint.gchat")),
            "{error:?}"
        );
    }

    #[test]
    fn a_directory_source_is_a_kind_its_platform_lists_with_an_id_of_its_shape() {
        let with = |line: &str| settings(&format!("[directory]\n{line}"), &Env::default());
        let error = |line: &str| configure(&with(line), KINDS).err().map(|e| e.to_string());
        assert_eq!(
            error("sales = { slak_usergroup = \"S1\" }").as_deref(),
            Some(
                "tandem.toml: directory.sales.slak_usergroup: not a source Tandem reads; use slack_usergroup, slack_channel, teams_team, teams_channel"
            )
        );
        assert_eq!(
            error("sales = { teams_usergroup = \"S1\" }").as_deref(),
            Some(
                "tandem.toml: directory.sales.teams_usergroup: not a source Tandem reads; use slack_usergroup, slack_channel, teams_team, teams_channel"
            )
        );
        assert_eq!(
            error("sales = { slack_usergroup = \"C0SALES\" }").as_deref(),
            Some(
                "tandem.toml: directory.sales.slack_usergroup: \"C0SALES\" is not that kind of ID (they start with S)"
            )
        );
        assert_eq!(
            error("marketing = { slack_channel = \"G0MKTG\", teams_team = \"19:m@thread\" }"),
            None
        );
    }

    #[test]
    fn only_the_platforms_the_environment_turns_on_are_configured() {
        let none = settings("", &Env::default());
        assert_eq!(configure(&none, KINDS).map(|c| c.len()).ok(), Some(0));
        let env = Env::from_pairs([
            ("SLACK_BOT_TOKEN", "xoxb-1"),
            ("SLACK_SIGNING_SECRET", "s"),
            ("TEAMS_APP_ID", "app"),
            ("TEAMS_APP_PASSWORD", "pw"),
        ]);
        let both = settings("", &env);
        assert_eq!(configure(&both, KINDS).map(|c| c.len()).ok(), Some(2));
        let half = settings("", &Env::from_pairs([("TEAMS_APP_ID", "app")]));
        let error = configure(&half, KINDS).err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("TEAMS_APP_PASSWORD")),
            "{error:?}"
        );
    }
}
