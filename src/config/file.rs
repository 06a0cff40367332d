//! The configuration file as written: every section, unknown keys refused.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub timezone: Option<String>,
    #[serde(default)]
    pub store: StoreSection,
    #[serde(default)]
    pub server: ServerSection,
    /// Each channel's ID on each platform: `sales = { slack = "C…", teams = "19:…" }`.
    #[serde(default)]
    pub channels: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub people: Vec<PersonSection>,
    #[serde(default)]
    pub requests: RequestsSection,
    #[serde(default)]
    pub prompts: Vec<PromptSection>,
    pub digest: Option<DigestSection>,
    #[serde(default)]
    pub quiet_hours: QuietHoursSection,
    #[serde(default)]
    pub reviews: ReviewsSection,
    pub pairing: Option<PairingSection>,
    #[serde(default)]
    pub backup: BackupSection,
    #[serde(default)]
    pub visits: VisitsSection,
    #[serde(default)]
    pub planning: super::planning::PlanningSection,
    pub directory: Option<super::directory::DirectorySection>,
    pub scorecard: Option<ScorecardSection>,
}

/// The monthly scorecard, posted by itself; off without this section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardSection {
    /// When it may go out (default daily at 09:00, company time zone): the first of these
    /// times on a working day of a month posts the month before.
    pub cron: Option<String>,
    /// `"leads"` (by DM) and channel names (default `["leads"]`).
    pub to: Option<Vec<String>>,
    /// A time missed while Tandem was down still posts within this (default 12h).
    pub catch_up: Option<String>,
}

/// Market visits: the monthly target and the kinds of visit.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitsSection {
    /// Visits per marketer per month (default 2).
    pub per_month: Option<u32>,
    pub kinds: Option<Vec<String>>,
    /// Whether Marketing leads have the target too (default true).
    pub leads: Option<bool>,
}

/// Scheduled backups of the store, written by `serve`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSection {
    /// When (default daily at 02:00, company time zone); `"off"` turns them off.
    pub cron: Option<String>,
    /// Where (default: `backups` inside the data directory).
    pub dir: Option<String>,
    /// How many to keep (default 14).
    pub keep: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSection {
    pub path: Option<String>,
    /// sled's page cache in MiB (sled's own default is 1 GiB).
    pub cache_mb: Option<u64>,
    /// Changes are refused while the disk has no more than this free, in MiB (default 64).
    pub min_free_mb: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    pub listen: Option<String>,
}

/// A person. Its other keys are unknown to serde (`flatten` cannot deny them): each names a
/// chat platform and gives the person's user ID there (`slack = "U…"`), and the platforms check
/// the names (`platform::configure`).
#[derive(Debug, Deserialize)]
pub struct PersonSection {
    pub name: String,
    pub team: String,
    #[serde(default = "member")]
    pub role: String,
    pub timezone: Option<String>,
    #[serde(flatten)]
    pub accounts: BTreeMap<String, String>,
}

fn member() -> String {
    "member".into()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestsSection {
    pub kinds: Option<Vec<String>>,
    pub acknowledge_within: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptSection {
    pub id: String,
    pub team: String,
    pub cron: String,
    pub questions: Vec<String>,
    /// One reminder to whoever has not answered after this long (default 4h).
    pub remind_after: Option<String>,
    /// A due time missed while Tandem was down still fires within this (default 12h).
    pub catch_up: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestSection {
    pub cron: String,
    pub channel: String,
    pub catch_up: Option<String>,
}

/// Reminders wait for working hours, in each person's zone.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursSection {
    /// Like "Mon-Fri" (default) or "Sun-Thu".
    pub working_days: Option<String>,
    /// Like "09:00-18:00" (default).
    pub working_hours: Option<String>,
}

/// Launch reviews: what they ask, and how they run.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewsSection {
    pub questions: Option<Vec<String>>,
    /// What `cause:` may name (default product, pricing, placement, promotion, timing,
    /// execution, support, other).
    pub causes: Option<Vec<String>>,
    /// Names left off the result (then each team needs at least 3 answers).
    pub anonymous: Option<bool>,
    /// A launch's review opens by itself this long after its date (default: only a lead
    /// opens one).
    pub review_after: Option<String>,
    /// The one reminder to whoever has not answered (default 3d after the round opened).
    pub remind_after: Option<String>,
}

/// Rounds of Sales × Marketing pairs; pairing is off without this section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingSection {
    /// When a round may form (default Mondays 10:00).
    pub cron: Option<String>,
    /// Rounds at least this far apart (default 2w).
    pub every: Option<String>,
    /// "Did you meet?" this long after a round formed (default 7d).
    pub check_after: Option<String>,
    /// Every other round is cross-level (default true).
    pub cross_level: Option<bool>,
    /// Names of people who are never paired.
    #[serde(default)]
    pub opt_out: Vec<String>,
    /// A round missed while Tandem was down still forms within this (default 12h).
    pub catch_up: Option<String>,
}
