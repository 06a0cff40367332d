//! One typed `Settings`: the config file, then environment variables; secrets only from the
//! environment.

mod directory;
mod env;
mod file;
mod pairing;
mod planning;
mod reviews;
mod schedule;
mod scorecard;
mod secret;
mod settings;
mod validate;

pub use directory::{DEFAULT_SYNC_EVERY, DirectorySettings};
pub use env::Env;
pub use pairing::{DEFAULT_CHECK_AFTER, DEFAULT_EVERY, DEFAULT_PAIRING_CRON, PairingSettings};
pub use planning::{DEFAULT_GAP_PERCENT, DEFAULT_SECTIONS};
pub use reviews::{DEFAULT_CAUSES, DEFAULT_QUESTIONS};
pub use scorecard::{DEFAULT_SCORECARD_CRON, ScorecardSettings, ScorecardTo};
pub use secret::Secret;
pub use settings::{
    BackupSettings, ChannelIds, ConfigError, DEFAULT_BACKUP_CRON, DEFAULT_CATCH_UP, DEFAULT_CONFIG,
    DEFAULT_REMIND_AFTER, DigestSettings, PlanningSettings, PromptSettings, RequestSettings,
    ReviewSettings, Settings, VisitSettings,
};

#[cfg(test)]
mod directory_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod visits_tests;
