//! One typed `Settings`: the config file, then environment variables; secrets only from the
//! environment.

mod file;
mod schedule;
mod secret;
mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::Duration;
use chrono_tz::Tz;
use thiserror::Error;

pub use secret::Secret;

use crate::domain::{Directory, Kinds, Team, WorkingHours};
use crate::store::StoreOptions;

pub const DEFAULT_CONFIG: &str = "config/tandem.toml";

#[derive(Clone, Debug)]
pub struct Settings {
    /// The file these settings came from.
    pub source: PathBuf,
    /// The company's zone: for schedules, and for people without their own.
    pub timezone: Tz,
    pub store: StoreOptions,
    pub listen: SocketAddr,
    /// Channels by their config name (`sales`, `marketing`, `joint`, …).
    pub channels: BTreeMap<String, ChannelIds>,
    pub directory: Directory,
    pub requests: RequestSettings,
    pub prompts: Vec<PromptSettings>,
    pub digest: Option<DigestSettings>,
    /// When reminders may be sent, in each person's zone; outside them they wait.
    pub working_hours: WorkingHours,
    /// The environment the settings were loaded with: each chat platform reads its own
    /// settings (and secrets) from it when it starts (`platform::configure`).
    pub env: Env,
}

impl Settings {
    /// Every platform name the config uses, in `[[people]]` and `[channels]` blocks, with the
    /// key that first uses it (for an error that points at it).
    pub fn platform_keys(&self) -> BTreeMap<&str, String> {
        let mut keys = BTreeMap::new();
        for (channel, ids) in &self.channels {
            for platform in ids.platforms() {
                keys.entry(platform)
                    .or_insert_with(|| format!("channels.{channel}.{platform}"));
            }
        }
        for person in self.directory.all() {
            for account in &person.accounts {
                keys.entry(account.platform.as_str())
                    .or_insert_with(|| format!("people[{}].{}", person.name, account.platform));
            }
        }
        keys
    }
}

/// A channel's ID on each chat platform, by the platform's name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChannelIds(BTreeMap<String, String>);

impl ChannelIds {
    pub fn new(ids: BTreeMap<String, String>) -> Self {
        ChannelIds(
            ids.into_iter()
                .map(|(platform, id)| (platform, id.trim().to_string()))
                .collect(),
        )
    }

    /// The channel's ID on `platform`, if it has one there.
    pub fn on(&self, platform: &str) -> Option<&str> {
        self.0.get(platform).map(String::as_str)
    }

    pub fn platforms(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

#[derive(Clone, Debug)]
pub struct RequestSettings {
    pub kinds: Kinds,
    /// Marketing is reminded of a request not acknowledged within this.
    pub acknowledge_within: Duration,
}

#[derive(Clone, Debug)]
pub struct PromptSettings {
    pub id: String,
    pub team: Team,
    pub cron: cron::Schedule,
    pub questions: Vec<String>,
    /// One reminder to whoever has not answered after this long.
    pub remind_after: Duration,
    /// A due time missed while Tandem was down still fires within this.
    pub catch_up: Duration,
}

#[derive(Clone, Debug)]
pub struct DigestSettings {
    pub cron: cron::Schedule,
    pub channel: String,
    pub catch_up: Duration,
}

/// The default of `remind_after`.
pub const DEFAULT_REMIND_AFTER: Duration = Duration::hours(4);
/// The default of `catch_up`.
pub const DEFAULT_CATCH_UP: Duration = Duration::hours(12);

/// A configuration problem, naming the key (or variable) and the reason.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {}: {reason}", .path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{}: {reason}", .path.display())]
    Syntax { path: PathBuf, reason: String },
    #[error("{}: {key}: {reason}", .path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        reason: String,
    },
    #[error("environment variable {var}: {reason}")]
    Env { var: &'static str, reason: String },
}

/// A snapshot of the environment variables Tandem reads; tests build one by hand. Its `Debug`
/// shows the names only: values may be secrets.
#[derive(Clone, Default)]
pub struct Env(HashMap<String, String>);

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: BTreeSet<&str> = self.0.keys().map(String::as_str).collect();
        f.debug_tuple("Env").field(&names).finish()
    }
}

impl Env {
    pub fn from_process() -> Self {
        Env(std::env::vars().collect())
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Env(pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    /// The variable's value, if set and not blank.
    pub fn get(&self, var: &str) -> Option<&str> {
        self.0
            .get(var)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// A secret's value, if set and not blank.
    pub fn secret(&self, var: &str) -> Option<Secret> {
        self.get(var).map(Secret::new)
    }

    /// The `http(s)` URL in `var` (else `default`), without a trailing slash.
    pub fn url(&self, var: &'static str, default: &str) -> Result<String, ConfigError> {
        let value = self
            .get(var)
            .unwrap_or(default)
            .trim()
            .trim_end_matches('/');
        if !(value.starts_with("https://") || value.starts_with("http://")) {
            return Err(ConfigError::Env {
                var,
                reason: format!("\"{value}\" is not an http(s) URL"),
            });
        }
        Ok(value.to_string())
    }

    /// The error for `var` missing, and why it is needed.
    pub fn missing(var: &'static str, why: &str) -> ConfigError {
        ConfigError::Env {
            var,
            reason: format!("not set; {why}"),
        }
    }

    /// The config path: `explicit` (from `--config`), else `TANDEM_CONFIG`, else the default.
    pub fn config_path(&self, explicit: Option<&Path>) -> PathBuf {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| self.get("TANDEM_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG))
    }
}

impl Settings {
    /// Reads and validates the file at `path`, then applies the environment.
    pub fn load(path: &Path, env: &Env) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::from_toml(&text, path, env)
    }

    /// Validates configuration text; `path` is only used in messages and as the source.
    pub fn from_toml(text: &str, path: &Path, env: &Env) -> Result<Settings, ConfigError> {
        let file: file::FileConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_path_buf(),
            reason: validate::describe_toml_error(&e, text),
        })?;
        let mut settings = validate::settings(file, path)?;
        settings.apply_env(env)?;
        Ok(settings)
    }

    fn apply_env(&mut self, env: &Env) -> Result<(), ConfigError> {
        if let Some(dir) = env.get("TANDEM_DATA_DIR") {
            self.store.path = PathBuf::from(dir);
        }
        if let Some(listen) = env.get("TANDEM_LISTEN") {
            self.listen = listen.parse().map_err(|_| ConfigError::Env {
                var: "TANDEM_LISTEN",
                reason: format!("\"{listen}\" is not an address like 127.0.0.1:3000"),
            })?;
        }
        self.env = env.clone();
        Ok(())
    }

    /// The zone a person lives in by the config: their own, else the company's. The bot also
    /// consults the zone a chat platform reported (`Bot::zone_of`).
    pub fn zone_of(&self, person: &crate::domain::Person) -> Tz {
        person.timezone.unwrap_or(self.timezone)
    }

    pub fn prompt(&self, id: &str) -> Option<&PromptSettings> {
        self.prompts.iter().find(|p| p.id.eq_ignore_ascii_case(id))
    }
}

#[cfg(test)]
mod tests;
