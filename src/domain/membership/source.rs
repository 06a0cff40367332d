//! What a sync reads and keeps: sources, members, and the synced directory as stored.

use std::fmt;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::{Account, Person, PersonName, Role, Team};

/// Which people a source fills: a team, or that team's leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Team(Team),
    Leads(Team),
}

impl Group {
    /// Every group, in the order a sync reads them.
    pub const ALL: [Group; 4] = [
        Group::Team(Team::Sales),
        Group::Team(Team::Marketing),
        Group::Leads(Team::Sales),
        Group::Leads(Team::Marketing),
    ];

    pub fn team(self) -> Team {
        match self {
            Group::Team(team) | Group::Leads(team) => team,
        }
    }

    /// The config key: `sales`, `marketing_leads`.
    pub fn key(self) -> String {
        match self {
            Group::Team(team) => team.channel().to_string(),
            Group::Leads(team) => format!("{}_leads", team.channel()),
        }
    }
}

/// A group on a chat platform: `kind` says which sort (a Slack `usergroup` or `channel`, a
/// Teams `team` or `channel`); only that platform reads `kind` and `id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    pub platform: String,
    pub kind: String,
    pub id: String,
}

impl Source {
    /// The config key that names it: `slack_usergroup`.
    pub fn key(&self) -> String {
        format!("{}_{}", self.platform, self.kind)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.key(), self.id)
    }
}

/// A person as a platform lists them in a group.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub account: Account,
    /// Their display name there (may be empty: then their ID stands in).
    pub name: String,
    /// Their full name, when the platform gives one besides.
    pub full_name: Option<String>,
    /// Lower-cased; the same e-mail on two platforms is one person.
    pub email: Option<String>,
    pub timezone: Option<Tz>,
}

/// A synced person as the store keeps them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    pub name: PersonName,
    pub team: Team,
    pub lead: bool,
    /// `(platform, id)` pairs.
    pub accounts: Vec<(String, String)>,
    pub email: Option<String>,
    /// An IANA zone name.
    pub timezone: Option<String>,
}

impl Synced {
    pub fn has(&self, account: &Account) -> bool {
        self.accounts
            .iter()
            .any(|(platform, id)| *platform == account.platform && *id == account.id)
    }

    /// The same person: an account in common, or the same e-mail.
    pub fn shares_account(&self, other: &Synced) -> bool {
        let same_email = self.email.is_some() && self.email == other.email;
        same_email || other.accounts().iter().any(|a| self.has(a))
    }

    pub fn accounts(&self) -> Vec<Account> {
        self.accounts
            .iter()
            .map(|(platform, id)| Account::new(platform.as_str(), id.as_str()))
            .collect()
    }

    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            team: self.team,
            role: if self.lead { Role::Lead } else { Role::Member },
            timezone: self.timezone.as_deref().and_then(|z| z.parse().ok()),
            accounts: self.accounts(),
        }
    }
}

/// The last good sync: who is in each team, and who left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncedDirectory {
    /// `None` until the first sync.
    pub at: Option<DateTime<Utc>>,
    pub people: Vec<Synced>,
    pub former: Vec<Synced>,
}

impl SyncedDirectory {
    pub fn count(&self, team: Team) -> usize {
        self.people.iter().filter(|p| p.team == team).count()
    }
}
