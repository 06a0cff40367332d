//! `[directory]`: teams (and their leads) synced from chat platforms' groups, and how often.
//! Without the section the `[[people]]` blocks are the whole directory.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::Deserialize;

use super::ConfigError;
use super::validate::Check;
use crate::domain::duration::humanize;
use crate::domain::membership::{Group, Source};

/// How often the directory is synced unless `sync_every` says.
pub const DEFAULT_SYNC_EVERY: Duration = Duration::hours(1);
/// Syncing more often than this only spends the platforms' rate limits.
const MIN_SYNC_EVERY: Duration = Duration::minutes(5);

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectorySection {
    pub sales: Option<BTreeMap<String, String>>,
    pub marketing: Option<BTreeMap<String, String>>,
    pub sales_leads: Option<BTreeMap<String, String>>,
    pub marketing_leads: Option<BTreeMap<String, String>>,
    /// Default 1h.
    pub sync_every: Option<String>,
}

#[derive(Clone, Debug)]
pub struct DirectorySettings {
    /// Each group's sources, in `Group::ALL` order; groups the section leaves out are absent.
    pub groups: Vec<(Group, Vec<Source>)>,
    pub sync_every: Duration,
}

impl DirectorySettings {
    /// Every source, with its group.
    pub fn sources(&self) -> impl Iterator<Item = (Group, &Source)> {
        self.groups
            .iter()
            .flat_map(|(group, sources)| sources.iter().map(move |s| (*group, s)))
    }
}

pub(super) fn directory(
    check: &Check<'_>,
    section: Option<&DirectorySection>,
) -> Result<Option<DirectorySettings>, ConfigError> {
    let Some(section) = section else {
        return Ok(None);
    };
    let mut groups: Vec<(Group, Vec<Source>)> = Vec::new();
    for group in Group::ALL {
        let given = match group {
            Group::Team(crate::domain::Team::Sales) => &section.sales,
            Group::Team(_) => &section.marketing,
            Group::Leads(crate::domain::Team::Sales) => &section.sales_leads,
            Group::Leads(_) => &section.marketing_leads,
        };
        let Some(given) = given else {
            continue;
        };
        let sources = sources(check, group, given)?;
        for (other, theirs) in &groups {
            if let Some(shared) = sources.iter().find(|s| theirs.contains(s)) {
                if other.team() != group.team() {
                    return check.fail(
                        format!("directory.{}.{}", group.key(), shared.key()),
                        format!(
                            "\"{}\" is already the source of directory.{}; a group fills one team",
                            shared.id,
                            other.key()
                        ),
                    );
                }
            }
        }
        groups.push((group, sources));
    }
    if !groups.iter().any(|(g, _)| matches!(g, Group::Team(_))) {
        return check.fail(
            "directory",
            "say where sales or marketing come from, like sales = { slack_usergroup = \"S0SALES\" }",
        );
    }
    let sync_every = match &section.sync_every {
        Some(text) => check.duration("directory.sync_every", text)?,
        None => DEFAULT_SYNC_EVERY,
    };
    if sync_every < MIN_SYNC_EVERY {
        return check.fail(
            "directory.sync_every",
            format!("sync at most every {}", humanize(MIN_SYNC_EVERY)),
        );
    }
    Ok(Some(DirectorySettings { groups, sync_every }))
}

fn sources(
    check: &Check<'_>,
    group: Group,
    given: &BTreeMap<String, String>,
) -> Result<Vec<Source>, ConfigError> {
    if given.is_empty() {
        return check.fail(
            format!("directory.{}", group.key()),
            "name a source, like slack_usergroup = \"S0SALES\"",
        );
    }
    let mut sources = Vec::new();
    for (key, id) in given {
        let at = format!("directory.{}.{key}", group.key());
        // Which platforms read which kinds of source (and what their IDs look like) is each
        // platform's own business: `seam::configure` checks it against `Kind::sources`.
        let Some((platform, kind)) = key
            .split_once('_')
            .filter(|(platform, kind)| !platform.is_empty() && !kind.is_empty())
        else {
            return check.fail(
                at,
                "not a source Tandem reads; a source is <platform>_<kind>, like slack_usergroup",
            );
        };
        let id = id.trim();
        if id.is_empty() || id.contains(char::is_whitespace) {
            return check.fail(at, "needs the group's ID, one word");
        }
        sources.push(Source {
            platform: platform.into(),
            kind: kind.into(),
            id: id.into(),
        });
    }
    Ok(sources)
}
