//! Who is who: teams, roles and the directory of configured people. People are known by name
//! and team; their accounts on chat platforms are opaque (platform, user ID) pairs that only the
//! platforms interpret.

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The two sides of the loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Team {
    Sales,
    Marketing,
}

impl Team {
    /// Both teams, Sales first.
    pub const ALL: [Team; 2] = [Team::Sales, Team::Marketing];

    /// The config name of the channel where this team is reached (`[channels] sales = …`):
    /// requests go to Marketing's, each team's prompt answers to the other's.
    pub fn channel(self) -> &'static str {
        match self {
            Team::Sales => "sales",
            Team::Marketing => "marketing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Team::Sales => "Sales",
            Team::Marketing => "Marketing",
        }
    }

    pub fn other(self) -> Team {
        match self {
            Team::Sales => Team::Marketing,
            Team::Marketing => Team::Sales,
        }
    }
}

impl FromStr for Team {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sales" => Ok(Team::Sales),
            "marketing" => Ok(Team::Marketing),
            _ => Err(format!("\"{s}\" is not a team (sales | marketing)")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Lead,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Lead => "lead",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "member" => Ok(Role::Member),
            "lead" => Ok(Role::Lead),
            _ => Err(format!("\"{s}\" is not a role (member | lead)")),
        }
    }
}

/// A configured person's name, as written in the config; it is how records refer to people.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn new(name: impl Into<String>) -> Self {
        PersonName(name.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub name: PersonName,
    pub team: Team,
    pub role: Role,
    pub timezone: Option<Tz>,
    /// Their user IDs on chat platforms (`[[people]] slack = "U…"`).
    pub accounts: Vec<Account>,
}

impl Person {
    pub fn is_lead(&self) -> bool {
        self.role == Role::Lead
    }

    pub fn is_lead_of(&self, team: Team) -> bool {
        self.is_lead() && self.team == team
    }

    /// Their user ID on `platform`, if the config gives one.
    pub fn account_on(&self, platform: &str) -> Option<&str> {
        self.accounts
            .iter()
            .find(|a| a.platform == platform)
            .map(|a| a.id.as_str())
    }
}

/// A user ID on a chat platform. `platform` is the platform's name as the config and the routes
/// write it (`slack`, `teams`); what the ID looks like is the platform's business.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Account {
    pub platform: String,
    pub id: String,
}

impl Account {
    pub fn new(platform: impl Into<String>, id: impl Into<String>) -> Self {
        Account {
            platform: platform.into(),
            id: id.into(),
        }
    }
}

/// How a platform names the person who wrote: the shell by name, chat platforms by account.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Identity {
    Name(String),
    Account(Account),
}

impl Identity {
    /// Someone writing from their account `id` on `platform`.
    pub fn on(platform: &str, id: impl Into<String>) -> Self {
        Identity::Account(Account::new(platform, id))
    }

    /// The chat platform this identity belongs to, `None` for the shell. It is also the route
    /// name of that platform's adapter.
    pub fn platform(&self) -> Option<&str> {
        match self {
            Identity::Name(_) => None,
            Identity::Account(account) => Some(&account.platform),
        }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DirectoryError {
    #[error("\"{0}\" is listed twice")]
    DuplicateName(String),
    #[error("{} ID \"{id}\" is given to both {first} and {second}", capitalized(.platform))]
    DuplicateId {
        platform: String,
        id: String,
        first: String,
        second: String,
    },
}

/// Every configured person, looked up by name, platform ID or mention; and the former members
/// a directory sync saw leave, whose names stay in the record (and stay taken).
#[derive(Clone, Debug, Default)]
pub struct Directory {
    people: Vec<Person>,
    former: Vec<Person>,
}

impl Directory {
    pub fn new(people: Vec<Person>) -> Result<Self, DirectoryError> {
        for (i, person) in people.iter().enumerate() {
            for earlier in &people[..i] {
                check_distinct(earlier, person)?;
            }
        }
        Ok(Directory {
            people,
            former: Vec::new(),
        })
    }

    /// The same people, with `former` as the former members (people who left their team).
    pub fn with_former(self, former: Vec<Person>) -> Self {
        Directory { former, ..self }
    }

    /// The people in a team today.
    pub fn all(&self) -> &[Person] {
        &self.people
    }

    /// People who were in a team and left it: they get no prompts, reminders or pairs, and
    /// their history stays under their name.
    pub fn former(&self) -> &[Person] {
        &self.former
    }

    /// Whether `name` is a former member (and not in a team today).
    pub fn is_former(&self, name: &str) -> bool {
        self.by_name(name).is_none()
            && self
                .former
                .iter()
                .any(|p| p.name.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// `name` as the record shows it: "Ravi (former member)" for someone who left.
    pub fn shown(&self, name: &str) -> String {
        if self.is_former(name) {
            format!("{name} (former member)")
        } else {
            name.to_string()
        }
    }

    /// Anyone a record can name, by name: a person in a team today, else a former member.
    pub fn anyone(&self, name: &str) -> Option<&Person> {
        self.by_name(name).or_else(|| {
            self.former
                .iter()
                .find(|p| p.name.as_str().eq_ignore_ascii_case(name.trim()))
        })
    }

    /// Finds a person by name, ignoring case.
    pub fn by_name(&self, name: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(name.trim()))
    }

    pub fn identify(&self, identity: &Identity) -> Option<&Person> {
        match identity {
            Identity::Name(name) => self.by_name(name),
            Identity::Account(account) => self.people.iter().find(|p| p.accounts.contains(account)),
        }
    }

    /// Resolves what someone typed to name a person: `@Priya`, `Priya`, or a platform user ID
    /// with or without `@` (platforms write their own mentions so: `@U0PRIYA`).
    pub fn resolve_mention(&self, mention: &str) -> Option<&Person> {
        let text = mention.trim();
        let bare = text.strip_prefix('@').unwrap_or(text);
        self.by_name(bare).or_else(|| {
            self.people
                .iter()
                .find(|p| p.accounts.iter().any(|a| a.id == bare))
        })
    }

    pub fn leads(&self, team: Team) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(move |p| p.is_lead_of(team))
    }

    pub fn members_of(&self, team: Team) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(move |p| p.team == team)
    }
}

fn check_distinct(a: &Person, b: &Person) -> Result<(), DirectoryError> {
    if a.name.as_str().eq_ignore_ascii_case(b.name.as_str()) {
        return Err(DirectoryError::DuplicateName(b.name.to_string()));
    }
    match a
        .accounts
        .iter()
        .find(|account| b.accounts.contains(account))
    {
        Some(shared) => Err(DirectoryError::DuplicateId {
            platform: shared.platform.clone(),
            id: shared.id.clone(),
            first: a.name.to_string(),
            second: b.name.to_string(),
        }),
        None => Ok(()),
    }
}

/// `slack` → `Slack`, for messages.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, team: Team, slack: Option<&str>) -> Person {
        Person {
            name: PersonName::new(name),
            team,
            role: Role::Member,
            timezone: None,
            accounts: slack
                .map(|id| Account::new("slack", id))
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn mentions_resolve_by_name_and_by_slack_id() {
        let dir = Directory::new(vec![
            person("Priya", Team::Marketing, Some("U0PRIYA")),
            person("Asha", Team::Sales, None),
        ])
        .expect("valid directory");
        for mention in ["Priya", "@priya", "@U0PRIYA", "U0PRIYA"] {
            let found = dir.resolve_mention(mention).map(|p| p.name.as_str());
            assert_eq!(found, Some("Priya"), "{mention}");
        }
        assert!(dir.resolve_mention("@nobody").is_none());
    }

    #[test]
    fn an_identity_names_its_platform() {
        assert_eq!(Identity::on("slack", "U1").platform(), Some("slack"));
        assert_eq!(Identity::on("teams", "a").platform(), Some("teams"));
        assert_eq!(Identity::Name("Asha".into()).platform(), None);
    }

    #[test]
    fn duplicate_names_and_ids_are_refused() {
        let twice = Directory::new(vec![
            person("Asha", Team::Sales, None),
            person("asha", Team::Marketing, None),
        ]);
        assert_eq!(
            twice.err(),
            Some(DirectoryError::DuplicateName("asha".into()))
        );
        let shared_id = Directory::new(vec![
            person("Asha", Team::Sales, Some("U1")),
            person("Ravi", Team::Sales, Some("U1")),
        ]);
        assert_eq!(
            shared_id.err().map(|e| e.to_string()).as_deref(),
            Some("Slack ID \"U1\" is given to both Asha and Ravi")
        );
    }
}
