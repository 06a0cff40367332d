//! Directory sync: teams kept up to date from Slack user groups and channels and Teams rosters
//! (`[directory]`). The rules are pure (`domain::membership`); this is the I/O around them.

mod notes;
mod preview;
mod run;

pub use crate::bot::{CURRENT, Counts, SyncStatus, Welcomed, restored};
pub use preview::preview;
pub use run::{Outcome, Syncer, run_until};
