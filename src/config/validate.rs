//! From the file as written to `Settings`, naming the key and the reason for every problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::Duration;
use chrono_tz::Tz;

use super::file::{FileConfig, PersonSection};
use super::{
    ChannelIds, ConfigError, Env, RequestSettings, Settings, VisitSettings, pairing, schedule,
};
use crate::domain::{
    Account, Directory, DirectoryError, Kinds, Person, PersonName, Role, Team, parse_duration,
};
use crate::store::StoreOptions;

const DEFAULT_LISTEN: &str = "127.0.0.1:3000";

pub(super) struct Check<'a> {
    path: &'a Path,
}

impl Check<'_> {
    pub(super) fn fail<T>(
        &self,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) -> Result<T, ConfigError> {
        Err(ConfigError::Invalid {
            path: self.path.to_path_buf(),
            key: key.into(),
            reason: reason.into(),
        })
    }

    pub(super) fn zone(&self, key: &str, name: &str) -> Result<Tz, ConfigError> {
        name.parse::<Tz>().or_else(|_| {
            self.fail(
                key,
                format!(
                    "\"{name}\" is not a time zone; use a name like Asia/Kolkata or Europe/London"
                ),
            )
        })
    }

    pub(super) fn cron(&self, key: &str, line: &str) -> Result<cron::Schedule, ConfigError> {
        // The cron crate counts weekdays Quartz-style (1 = Sunday), unlike Unix cron: a number
        // there is more likely a mistake than a wish, so names are required.
        let day_of_week = line.split_whitespace().nth(5).unwrap_or("");
        if day_of_week.contains(|c: char| c.is_ascii_digit()) {
            return self.fail(key, format!(
                "\"{line}\": write days of the week as names (Mon-Fri), not numbers; here 1 means Sunday"
            ));
        }
        cron::Schedule::from_str(line).or_else(|e| {
            // The cron crate draws a caret under the fault; its last line says what it is.
            let text = e.to_string();
            let why = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
            let why = why.trim_end_matches('.');
            self.fail(key, format!(
                "\"{line}\" is not a valid schedule ({why}); write seconds first, like \"0 0 16 * * Fri\""
            ))
        })
    }

    pub(super) fn duration(&self, key: &str, text: &str) -> Result<Duration, ConfigError> {
        parse_duration(text).or_else(|e| self.fail(key, e.to_string()))
    }
}

pub fn settings(file: FileConfig, path: &Path) -> Result<Settings, ConfigError> {
    let check = Check { path };
    let timezone = match &file.timezone {
        Some(name) => check.zone("timezone", name)?,
        None => Tz::UTC,
    };
    let listen_text = file.server.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
    let listen = listen_text.parse().or_else(|_| {
        check.fail(
            "server.listen",
            format!("\"{listen_text}\" is not an address like {DEFAULT_LISTEN}"),
        )
    })?;
    let cache_mb = file.store.cache_mb.unwrap_or(64);
    let Some(cache_capacity) = cache_mb.checked_mul(1024 * 1024) else {
        return check.fail(
            "store.cache_mb",
            format!("{cache_mb} MiB is more than any machine has"),
        );
    };
    let store = StoreOptions {
        cache_capacity,
        min_free: match file.store.min_free_mb {
            Some(mb) => mb.saturating_mul(1024 * 1024),
            None => crate::store::DEFAULT_MIN_FREE,
        },
        ..StoreOptions::at(PathBuf::from(file.store.path.as_deref().unwrap_or("data")))
    };
    let channels = channels(&check, file.channels)?;
    let directory = directory(&check, &file.people)?;
    let requests = requests(&check, &file.requests)?;
    let prompts = schedule::prompts(&check, &file.prompts)?;
    let digest = schedule::digest(&check, file.digest.as_ref(), &channels)?;
    let working_hours = schedule::working_hours(&check, &file.quiet_hours)?;
    let backup = schedule::backup(&check, &file.backup)?;
    let visits = visits(&check, &file.visits)?;
    let reviews = super::reviews::reviews(&check, &file.reviews)?;
    let pairing = pairing::pairing(&check, file.pairing.as_ref(), &directory)?;
    let planning = super::planning::planning(&check, &file.planning)?;
    let scorecard = super::scorecard::scorecard(&check, file.scorecard.as_ref(), &channels)?;
    let synced = super::directory::directory(&check, file.directory.as_ref())?;
    Ok(Settings {
        source: path.to_path_buf(),
        timezone,
        store,
        listen,
        channels,
        people: directory,
        directory: synced,
        requests,
        prompts,
        digest,
        working_hours,
        backup,
        visits,
        reviews,
        planning,
        pairing,
        scorecard,
        env: Env::default(),
    })
}

fn channels(
    check: &Check<'_>,
    sections: BTreeMap<String, BTreeMap<String, String>>,
) -> Result<BTreeMap<String, ChannelIds>, ConfigError> {
    for required in Team::ALL.map(Team::channel) {
        if !sections.contains_key(required) {
            return check.fail(
                format!("channels.{required}"),
                "missing; Tandem needs a sales and a marketing channel",
            );
        }
    }
    Ok(sections
        .into_iter()
        .map(|(name, ids)| (name, ChannelIds::new(ids)))
        .collect())
}

fn directory(check: &Check<'_>, sections: &[PersonSection]) -> Result<Directory, ConfigError> {
    let mut people = Vec::new();
    for section in sections {
        people.push(person(check, section)?);
    }
    Directory::new(people).or_else(|e| match e {
        DirectoryError::DuplicateName(name) => {
            let teams: Vec<&str> = sections
                .iter()
                .filter(|p| p.name.eq_ignore_ascii_case(&name))
                .map(|p| p.team.as_str())
                .collect();
            let reason = match teams.as_slice() {
                [a, b, ..] if a != b => {
                    format!("{name} is in two teams ({a} and {b}); a person belongs to one")
                }
                _ => format!("{name} is listed twice"),
            };
            check.fail(format!("people[{name}]"), reason)
        }
        other => check.fail("people", other.to_string()),
    })
}

fn person(check: &Check<'_>, section: &PersonSection) -> Result<Person, ConfigError> {
    let name = section.name.trim();
    if name.is_empty() || name.contains(char::is_control) {
        return check.fail("people.name", "a person needs a name");
    }
    let key = |field: &str| format!("people[{name}].{field}");
    let team = Team::from_str(&section.team).or_else(|reason| check.fail(key("team"), reason))?;
    let role = Role::from_str(&section.role).or_else(|reason| check.fail(key("role"), reason))?;
    let timezone = match &section.timezone {
        Some(zone) => Some(check.zone(&key("timezone"), zone)?),
        None => None,
    };
    let accounts = section
        .accounts
        .iter()
        .map(|(platform, id)| Account::new(platform.as_str(), id.trim()))
        .collect();
    Ok(Person {
        name: PersonName::new(name),
        team,
        role,
        timezone,
        accounts,
    })
}

fn requests(
    check: &Check<'_>,
    section: &super::file::RequestsSection,
) -> Result<RequestSettings, ConfigError> {
    let kinds = match &section.kinds {
        Some(names) => {
            Kinds::new(names.clone()).or_else(|reason| check.fail("requests.kinds", reason))?
        }
        None => Kinds::default(),
    };
    let acknowledge_within = match &section.acknowledge_within {
        Some(text) => check.duration("requests.acknowledge_within", text)?,
        None => Duration::days(1),
    };
    Ok(RequestSettings {
        kinds,
        acknowledge_within,
    })
}

/// The most visits a month can ask of one person.
const MAX_VISITS_PER_MONTH: u32 = 31;

fn visits(
    check: &Check<'_>,
    section: &super::file::VisitsSection,
) -> Result<VisitSettings, ConfigError> {
    let defaults = VisitSettings::default();
    let per_month = match section.per_month {
        Some(n) if (1..=MAX_VISITS_PER_MONTH).contains(&n) => n,
        Some(n) => {
            return check.fail(
                "visits.per_month",
                format!("{n} is not a monthly target; use 1 to {MAX_VISITS_PER_MONTH}"),
            );
        }
        None => defaults.per_month,
    };
    let kinds = match &section.kinds {
        Some(names) => {
            Kinds::new(names.clone()).or_else(|reason| check.fail("visits.kinds", reason))?
        }
        None => defaults.kinds,
    };
    Ok(VisitSettings {
        per_month,
        kinds,
        leads: section.leads.unwrap_or(defaults.leads),
    })
}

/// A TOML error as one line: where, and what.
pub fn describe_toml_error(error: &toml::de::Error, text: &str) -> String {
    let message = error.message().trim_end_matches('\n').replace('\n', " ");
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}
