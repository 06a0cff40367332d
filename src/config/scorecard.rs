//! `[scorecard]`: the month's scorecard, posted by itself on the first working day of the next
//! month. Off without the section.

use chrono::Duration;

use super::file::ScorecardSection;
use super::schedule::shortest_gap;
use super::validate::Check;
use super::{ChannelIds, ConfigError, DEFAULT_CATCH_UP};
use std::collections::BTreeMap;

/// When the scorecard may go out, unless the section says: every day at 09:00 (the company's
/// zone); it goes out at the first of these times that falls on a working day of a new month.
pub const DEFAULT_SCORECARD_CRON: &str = "0 0 9 * * *";
/// Who gets it unless the section says: the leads of both teams, by DM.
pub const LEADS: &str = "leads";

/// Who gets the monthly scorecard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScorecardTo {
    /// Every lead of both teams, by DM.
    Leads,
    /// A channel, by its config name (`joint`).
    Channel(String),
}

#[derive(Clone, Debug)]
pub struct ScorecardSettings {
    /// The times it may go out (the company's zone); the first on a working day of a month
    /// posts the month before.
    pub cron: cron::Schedule,
    pub to: Vec<ScorecardTo>,
    /// A first working day's time missed while Tandem was down still posts within this.
    pub catch_up: Duration,
}

pub(super) fn scorecard(
    check: &Check<'_>,
    section: Option<&ScorecardSection>,
    channels: &BTreeMap<String, ChannelIds>,
) -> Result<Option<ScorecardSettings>, ConfigError> {
    let Some(section) = section else {
        return Ok(None);
    };
    let line = section.cron.as_deref().unwrap_or(DEFAULT_SCORECARD_CRON);
    let cron = check.cron("scorecard.cron", line)?;
    shortest_gap(check, "scorecard.cron", line, &cron)?;
    let names = section
        .to
        .clone()
        .unwrap_or_else(|| vec![LEADS.to_string()]);
    if names.is_empty() {
        return check.fail(
            "scorecard.to",
            "the scorecard goes nowhere; name \"leads\" or a channel, or leave out [scorecard]",
        );
    }
    let mut to = Vec::new();
    for name in names {
        let name = name.trim();
        let recipient = if name.eq_ignore_ascii_case(LEADS) {
            ScorecardTo::Leads
        } else if channels.contains_key(name) {
            ScorecardTo::Channel(name.to_string())
        } else {
            return check.fail(
                "scorecard.to",
                format!("\"{name}\" is neither \"leads\" nor a channel in [channels]"),
            );
        };
        if !to.contains(&recipient) {
            to.push(recipient);
        }
    }
    let catch_up = match section.catch_up.as_deref() {
        Some(text) => check.duration("scorecard.catch_up", text)?,
        None => DEFAULT_CATCH_UP,
    };
    Ok(Some(ScorecardSettings { cron, to, catch_up }))
}
