//! `Settings` and its sections' types, and `ConfigError`: what the rest of Tandem reads.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::Duration;
use chrono_tz::Tz;
use thiserror::Error;

use super::{DirectorySettings, Env, PairingSettings, ScorecardSettings, file, validate};
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
    /// The `[[people]]` blocks: everyone when there is no `[directory]`, else the people
    /// added by hand and the overrides of synced people (`Bot::directory` is the live one).
    pub people: Directory,
    /// Teams synced from chat platforms' groups (`[directory]`); `None`: `[[people]]` only.
    pub directory: Option<DirectorySettings>,
    pub requests: RequestSettings,
    pub prompts: Vec<PromptSettings>,
    pub digest: Option<DigestSettings>,
    /// When reminders may be sent, in each person's zone; outside them they wait.
    pub working_hours: WorkingHours,
    pub backup: BackupSettings,
    pub visits: VisitSettings,
    pub reviews: ReviewSettings,
    /// Planning rounds (`[planning]`): default sections and the gap threshold.
    pub planning: PlanningSettings,
    /// Rounds of Sales × Marketing pairs (`[pairing]`); `None`: pairing is off.
    pub pairing: Option<PairingSettings>,
    /// The monthly scorecard posted by itself (`[scorecard]`); `None`: only on demand.
    pub scorecard: Option<ScorecardSettings>,
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
        for person in self.people.all() {
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

/// The visits loop (`[visits]`): a monthly target of market visits per marketer.
#[derive(Clone, Debug)]
pub struct VisitSettings {
    /// Visits each marketer aims for per month (default 2).
    pub per_month: u32,
    /// What kind a visit may be (default store, ride-along, distributor, customer).
    pub kinds: Kinds,
    /// Whether Marketing leads have the target too (default true).
    pub leads: bool,
}

impl Default for VisitSettings {
    fn default() -> Self {
        VisitSettings {
            per_month: 2,
            kinds: Kinds::new(
                ["store", "ride-along", "distributor", "customer"]
                    .map(String::from)
                    .to_vec(),
            )
            .unwrap_or_default(),
            leads: true,
        }
    }
}

impl VisitSettings {
    /// Whether `person` has the target: Marketing, and a lead only when `leads` is on.
    pub fn has_target(&self, person: &crate::domain::Person) -> bool {
        person.team == crate::domain::Team::Marketing && (self.leads || !person.is_lead())
    }
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

/// When `serve` backs up the store unless `[backup] cron` says otherwise: daily at 02:00.
pub const DEFAULT_BACKUP_CRON: &str = "0 0 2 * * *";

/// Scheduled backups (`[backup]`), written by `serve` in the company's zone.
#[derive(Clone, Debug)]
pub struct BackupSettings {
    /// `None`: no scheduled backups (`cron = "off"`).
    pub cron: Option<cron::Schedule>,
    /// `None`: `backups` inside the data directory.
    pub dir: Option<PathBuf>,
    pub keep: usize,
}

/// `[planning]`: the sections a plan has unless `plan open` names them, and the gap between
/// two teams' figures (percent of their average) over which a line needs an agreed figure.
#[derive(Clone, Debug)]
pub struct PlanningSettings {
    pub sections: Vec<String>,
    pub gap_percent: u32,
}

/// `[reviews]`: launch reviews' questions, causes and rules.
#[derive(Clone, Debug)]
pub struct ReviewSettings {
    pub questions: Vec<String>,
    pub causes: Vec<String>,
    /// Names are left off the result, which then needs at least 3 answers from each team.
    pub anonymous: bool,
    /// A launch's review opens by itself this long after its date; `None`: a lead opens it.
    pub review_after: Option<Duration>,
    /// The one reminder to whoever has not answered, this long after the round opened.
    pub remind_after: Duration,
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

impl ConfigError {
    /// The same error with the control characters of what it quotes (a TOML string may hold
    /// `\n`) written as escapes, so the message stays one line.
    fn one_line(self) -> ConfigError {
        match self {
            ConfigError::Invalid { path, key, reason } => ConfigError::Invalid {
                path,
                key: escape_controls(&key),
                reason: escape_controls(&reason),
            },
            ConfigError::Syntax { path, reason } => ConfigError::Syntax {
                path,
                reason: escape_controls(&reason),
            },
            ConfigError::Env { var, reason } => ConfigError::Env {
                var,
                reason: escape_controls(&reason),
            },
            read @ ConfigError::Read { .. } => read,
        }
    }
}

fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
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
        let mut settings = validate::settings(file, path).map_err(ConfigError::one_line)?;
        settings.apply_env(env).map_err(ConfigError::one_line)?;
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

    /// Where backups go: `[backup] dir`, else `backups` in the data directory.
    pub fn backup_dir(&self) -> PathBuf {
        self.backup
            .dir
            .clone()
            .unwrap_or_else(|| self.store.path.join("backups"))
    }

    /// The channel where both teams read the same thing (a closed review's result): the
    /// digest's channel, else one called `joint`; `None` when there is neither.
    pub fn joint_channel(&self) -> Option<&str> {
        match &self.digest {
            Some(digest) => Some(digest.channel.as_str()),
            None => self.channels.contains_key("joint").then_some("joint"),
        }
    }

    pub fn prompt(&self, id: &str) -> Option<&PromptSettings> {
        self.prompts.iter().find(|p| p.id.eq_ignore_ascii_case(id))
    }
}
