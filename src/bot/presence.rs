//! Where people are in time: their zone, and whether they paused prompts and reminders.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::core::Bot;
use super::format;
use super::reply::Reply;
use crate::command::CommandName;
use crate::domain::{Person, PersonName};
use crate::message::Message;
use crate::store::{Kept, StoreError};

/// The zone a chat platform reported for a person (Slack's `users.info` `tz`), as an IANA name.
/// The Slack adapter keeps it; the config's own `timezone` of a person wins over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LearntZone(pub Tz);

impl Kept for LearntZone {
    const SPACE: &'static str = "tz";
    type Key = PersonName;

    fn key(name: &PersonName) -> String {
        name.to_string()
    }

    fn encode(&self) -> Vec<u8> {
        self.0.name().as_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        std::str::from_utf8(bytes)
            .ok()?
            .parse()
            .ok()
            .map(LearntZone)
    }
}

/// A person's pause of prompts and reminders: until when (stored as RFC 3339).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub until: DateTime<Utc>,
}

impl Kept for Pause {
    const SPACE: &'static str = "pause";
    type Key = PersonName;

    fn key(name: &PersonName) -> String {
        name.to_string()
    }

    fn encode(&self) -> Vec<u8> {
        self.until.to_rfc3339().into_bytes()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let until = DateTime::parse_from_rfc3339(std::str::from_utf8(bytes).ok()?).ok()?;
        Some(Pause {
            until: until.with_timezone(&Utc),
        })
    }
}

/// The platform a person last wrote from (`Identity::platform`), so DMs reach them there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastPlatform(pub String);

impl Kept for LastPlatform {
    const SPACE: &'static str = "last_platform";
    type Key = PersonName;

    fn key(name: &PersonName) -> String {
        name.to_string()
    }

    fn encode(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        String::from_utf8(bytes.to_vec()).ok().map(LastPlatform)
    }
}

impl Bot {
    /// A person's zone: their own in the config, else the one their chat platform reported,
    /// else the company's.
    pub fn zone_of(&self, person: &Person) -> Tz {
        if let Some(zone) = person.timezone {
            return zone;
        }
        match self.store.kept::<LearntZone>(&person.name) {
            Ok(Some(LearntZone(zone))) => zone,
            Ok(None) => self.settings.timezone,
            Err(error) => {
                tracing::warn!(%error, "could not read the zone a platform reported; using the company's");
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
        let pause = self.store.kept::<Pause>(name)?;
        Ok(pause.map(|p| p.until).filter(|until| *until > at))
    }

    pub(super) fn pause(&self, person: &Person, duration: Duration) -> Reply {
        let command = CommandName::Pause;
        let until = self.clock.now() + duration;
        if let Err(error) = self.store.keep(&person.name, &Pause { until }) {
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
        if let Err(error) = self.store.forget::<Pause>(&person.name) {
            return Reply::failed(command, &error);
        }
        let text = match paused {
            Some(_) => "Welcome back: your prompts and reminders are on again.",
            None => "You weren't paused; your prompts and reminders are on.",
        };
        Reply::done(command, Message::text(text))
    }
}
