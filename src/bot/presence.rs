//! Where people are in time: their zone, and whether they paused prompts and reminders.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::core::Bot;
use super::format;
use super::reply::Reply;
use crate::command::CommandName;
use crate::domain::{Person, PersonName};
use crate::message::Message;
use crate::store::StoreError;

/// Zones that a chat platform reported for people (Slack's `users.info` `tz`), by person
/// name, as IANA names (`Europe/London`). The Slack adapter fills it; the config's own
/// `timezone` of a person wins over it.
pub const TZ_CACHE: &str = "tz";

/// Pauses by person name: the end of the pause as RFC 3339.
pub const PAUSES: &str = "pause";

/// The platform each person last wrote from (`Identity::platform`), so DMs reach them there.
pub const LAST_PLATFORM: &str = "last_platform";

impl Bot {
    /// A person's zone: their own in the config, else the one their chat platform reported,
    /// else the company's.
    pub fn zone_of(&self, person: &Person) -> Tz {
        if let Some(zone) = person.timezone {
            return zone;
        }
        match self.store.kv_get(TZ_CACHE, person.name.as_str()) {
            Ok(Some(bytes)) => match std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.parse().ok())
            {
                Some(zone) => zone,
                None => {
                    tracing::warn!(person = %person.name, "the cached time zone is not a zone; using the company's");
                    self.settings.timezone
                }
            },
            Ok(None) => self.settings.timezone,
            Err(error) => {
                tracing::warn!(%error, "could not read the time zone cache");
                self.settings.timezone
            }
        }
    }

    /// When the person's pause ends, if they are paused at `at`.
    pub fn paused_until(
        &self,
        name: &PersonName,
        at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let Some(bytes) = self.store.kv_get(PAUSES, name.as_str())? else {
            return Ok(None);
        };
        let until = std::str::from_utf8(&bytes)
            .ok()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .ok_or_else(|| StoreError::Corrupt(format!("the pause of {name}")))?
            .with_timezone(&Utc);
        Ok((until > at).then_some(until))
    }

    pub(super) fn pause(&self, person: &Person, duration: Duration) -> Reply {
        let command = CommandName::Pause;
        let until = self.clock.now() + duration;
        let value = until.to_rfc3339();
        if let Err(error) = self
            .store
            .kv_put(PAUSES, person.name.as_str(), value.as_bytes())
        {
            return Reply::failed(command, &error);
        }
        Reply::done(
            command,
            Message::text(format!(
                "Paused until {}: no prompts and no reminders for you until then. \
                 `resume` turns them back on sooner.",
                format::when(until, self.zone(person))
            )),
        )
    }

    pub(super) fn resume(&self, person: &Person) -> Reply {
        let command = CommandName::Resume;
        let paused = match self.paused_until(&person.name, self.clock.now()) {
            Ok(paused) => paused,
            Err(error) => return Reply::failed(command, &error),
        };
        if let Err(error) = self.store.kv_remove(PAUSES, person.name.as_str()) {
            return Reply::failed(command, &error);
        }
        let text = match paused {
            Some(_) => "Welcome back: your prompts and reminders are on again.",
            None => "You weren't paused; your prompts and reminders are on.",
        };
        Reply::done(command, Message::text(text))
    }
}
