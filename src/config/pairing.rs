//! `[pairing]`: when rounds of Sales × Marketing pairs form, and when people are asked whether
//! they met. Pairing is off without the section.

use chrono::Duration;

use super::file::PairingSection;
use super::schedule::shortest_gap;
use super::validate::Check;
use super::{ConfigError, DEFAULT_CATCH_UP};
use crate::domain::duration::humanize;
use crate::domain::{Directory, PersonName};

/// When a round may form, unless the section says: Mondays at 10:00.
pub const DEFAULT_PAIRING_CRON: &str = "0 0 10 * * Mon";
/// Rounds are at least this far apart, unless the section says.
pub const DEFAULT_EVERY: Duration = Duration::weeks(2);
/// People are asked whether they met this long after a round formed, unless the section says.
pub const DEFAULT_CHECK_AFTER: Duration = Duration::days(7);

#[derive(Clone, Debug)]
pub struct PairingSettings {
    /// When a round may form (the company's zone).
    pub cron: cron::Schedule,
    /// Rounds are at least this far apart.
    pub every: Duration,
    /// "Did you meet?" goes out this long after a round formed.
    pub check_after: Duration,
    /// Every other round pairs each lead with a member of the other team.
    pub cross_level: bool,
    /// People who are never paired.
    pub opt_out: Vec<PersonName>,
    /// A round missed while Tandem was down still forms within this.
    pub catch_up: Duration,
}

impl PairingSettings {
    pub fn opted_out(&self, name: &PersonName) -> bool {
        self.opt_out.contains(name)
    }
}

pub(super) fn pairing(
    check: &Check<'_>,
    section: Option<&PairingSection>,
    directory: &Directory,
) -> Result<Option<PairingSettings>, ConfigError> {
    let Some(section) = section else {
        return Ok(None);
    };
    let line = section.cron.as_deref().unwrap_or(DEFAULT_PAIRING_CRON);
    let cron = check.cron("pairing.cron", line)?;
    let gap = shortest_gap(check, "pairing.cron", line, &cron)?;
    let duration = |key: &str, text: Option<&str>, default: Duration| match text {
        Some(text) => check.duration(key, text),
        None => Ok(default),
    };
    let every = duration("pairing.every", section.every.as_deref(), DEFAULT_EVERY)?;
    let check_after = duration(
        "pairing.check_after",
        section.check_after.as_deref(),
        DEFAULT_CHECK_AFTER,
    )?;
    let between = every.max(gap);
    if check_after >= between {
        return check.fail(
            "pairing.check_after",
            format!(
                "{} is not shorter than the time between two rounds ({}); people would be asked \
                 whether they met after the next round formed",
                humanize(check_after),
                humanize(between)
            ),
        );
    }
    let mut opt_out = Vec::new();
    for name in &section.opt_out {
        match directory.by_name(name) {
            Some(person) => opt_out.push(person.name.clone()),
            None => {
                return check.fail(
                    "pairing.opt_out",
                    format!("\"{name}\" is not a configured person (see [[people]])"),
                );
            }
        }
    }
    Ok(Some(PairingSettings {
        cron,
        every,
        check_after,
        cross_level: section.cross_level.unwrap_or(true),
        opt_out,
        catch_up: duration(
            "pairing.catch_up",
            section.catch_up.as_deref(),
            DEFAULT_CATCH_UP,
        )?,
    }))
}
