//! One sync, as a pure function: what the platforms list, the `[[people]]` blocks and the last
//! good sync in; the next directory and what changed out.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::names::{Wanted, disambiguate};
use super::source::{Group, Member, Synced, SyncedDirectory};
use crate::domain::{Account, Directory, DirectoryError, Person, PersonName, Team};

/// What the platforms listed, group by group (every source of a group together).
#[derive(Clone, Debug, Default)]
pub struct Fetched {
    pub groups: Vec<(Group, Vec<Member>)>,
}

impl Fetched {
    /// The teams whose people come from a platform.
    pub fn teams(&self) -> Vec<Team> {
        let mut teams = Vec::new();
        for (group, _) in &self.groups {
            if !teams.contains(&group.team()) {
                teams.push(group.team());
            }
        }
        teams
    }
}

/// A team the sync would halve: held until a lead confirms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hold {
    pub team: Team,
    pub removed: usize,
    pub of: usize,
}

/// What a sync would do.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The directory after it (`at` is the sync's time).
    pub synced: SyncedDirectory,
    pub joiners: Vec<PersonName>,
    pub leavers: Vec<PersonName>,
    /// Who moved, from which team to which.
    pub movers: Vec<(PersonName, Team, Team)>,
    /// People in both teams' groups, by the name the platform gives: left as they were.
    pub refused: Vec<String>,
    /// Teams that would lose more than half their people.
    pub held: Vec<Hold>,
    /// `[[people]]` of a synced team whose platform IDs no group contains: kept.
    pub unmatched: Vec<PersonName>,
}

impl Plan {
    pub fn changes_nothing(&self) -> bool {
        self.joiners.is_empty() && self.leavers.is_empty() && self.movers.is_empty()
    }
}

/// One person as the groups list them, merged across groups and platforms.
struct Candidate {
    accounts: Vec<Account>,
    shown: String,
    full: Option<String>,
    email: Option<String>,
    timezone: Option<Tz>,
    teams: Vec<Team>,
    leads: Vec<Team>,
}

impl Candidate {
    fn owns(&self, account: &Account) -> bool {
        self.accounts.contains(account)
    }
}

/// The next directory, from what the platforms list (`fetched`), the `[[people]]` blocks
/// (`configured`) and the last good sync (`previous`).
pub fn plan(
    configured: &Directory,
    previous: &SyncedDirectory,
    fetched: &Fetched,
    now: DateTime<Utc>,
) -> Plan {
    let mut next = Plan::default();
    let mut fresh: Vec<(Candidate, Team, bool)> = Vec::new();
    for candidate in merge(fetched) {
        let earlier = previous.people.iter().chain(&previous.former).find(|p| {
            let same_email = p.email.is_some() && p.email == candidate.email;
            same_email || candidate.accounts.iter().any(|a| p.has(a))
        });
        let [team] = candidate.teams[..] else {
            next.refused.push(candidate.shown.clone());
            let kept = earlier.filter(|e| previous.people.contains(e));
            next.synced.people.extend(kept.cloned());
            continue;
        };
        let config = configured
            .all()
            .iter()
            .find(|p| p.accounts.iter().any(|a| candidate.owns(a)));
        let lead = config.map_or(candidate.leads.contains(&team), Person::is_lead);
        let name = config
            .map(|p| p.name.clone())
            .or(earlier.map(|e| e.name.clone()));
        match name {
            Some(name) => next
                .synced
                .people
                .push(synced(&candidate, config, name, team, lead)),
            None => fresh.push((candidate, team, lead)),
        }
    }
    name_fresh(&mut next, configured, previous, fresh);
    changes(&mut next, configured, previous, fetched);
    next.synced.at = Some(now);
    next
}

fn synced(
    candidate: &Candidate,
    config: Option<&Person>,
    name: PersonName,
    team: Team,
    lead: bool,
) -> Synced {
    let mut accounts: Vec<(String, String)> = candidate
        .accounts
        .iter()
        .map(|a| (a.platform.clone(), a.id.clone()))
        .collect();
    for account in config.map(|p| p.accounts.as_slice()).unwrap_or_default() {
        if !candidate.owns(account) {
            accounts.push((account.platform.clone(), account.id.clone()));
        }
    }
    let zone = config.and_then(|p| p.timezone).or(candidate.timezone);
    Synced {
        name,
        team,
        lead,
        accounts,
        email: candidate.email.clone(),
        timezone: zone.map(|z| z.name().to_string()),
    }
}

/// Gives people new to the directory a name nobody has, nor had.
fn name_fresh(
    next: &mut Plan,
    configured: &Directory,
    previous: &SyncedDirectory,
    mut fresh: Vec<(Candidate, Team, bool)>,
) {
    // In a fixed order, so the same groups give the same names.
    fresh.sort_by(|a, b| (&a.0.shown, &a.0.accounts[0].id).cmp(&(&b.0.shown, &b.0.accounts[0].id)));
    let taken: Vec<String> = configured
        .all()
        .iter()
        .map(|p| p.name.to_string())
        .chain(previous.people.iter().map(|p| p.name.to_string()))
        .chain(previous.former.iter().map(|p| p.name.to_string()))
        .chain(next.synced.people.iter().map(|p| p.name.to_string()))
        .collect();
    let wanted: Vec<Wanted> = fresh
        .iter()
        .map(|(c, _, _)| Wanted {
            shown: c.shown.clone(),
            full: c.full.clone(),
        })
        .collect();
    let names = disambiguate(&wanted, &taken);
    for ((candidate, team, lead), name) in fresh.iter().zip(names) {
        let person = synced(candidate, None, PersonName::new(name), *team, *lead);
        next.synced.people.push(person);
    }
}

/// Joiners, leavers, movers, former members, holds and unmatched `[[people]]`.
fn changes(next: &mut Plan, configured: &Directory, previous: &SyncedDirectory, fetched: &Fetched) {
    let people = &next.synced.people;
    let in_config = |p: &Synced| {
        configured
            .all()
            .iter()
            .any(|c| c.accounts.iter().any(|a| p.has(a)))
    };
    for person in people {
        match previous.people.iter().find(|p| p.shares_account(person)) {
            Some(before) if before.team != person.team => {
                next.movers
                    .push((person.name.clone(), before.team, person.team));
            }
            Some(_) => {}
            None if in_config(person) => {}
            None => next.joiners.push(person.name.clone()),
        }
    }
    let mut former: Vec<Synced> = previous
        .former
        .iter()
        .filter(|f| !people.iter().any(|p| p.shares_account(f)))
        .cloned()
        .collect();
    for before in &previous.people {
        if !people.iter().any(|p| p.shares_account(before)) {
            next.leavers.push(before.name.clone());
            former.push(before.clone());
        }
    }
    next.synced.former = former;
    for team in fetched.teams() {
        let of = previous.count(team);
        let removed = previous
            .people
            .iter()
            .filter(|b| b.team == team)
            .filter(|b| !people.iter().any(|p| p.team == team && p.shares_account(b)))
            .count();
        if of > 0 && removed * 2 > of {
            next.held.push(Hold { team, removed, of });
        }
        for person in configured.members_of(team) {
            let found = people
                .iter()
                .any(|p| person.accounts.iter().any(|a| p.has(a)));
            if !found && !person.accounts.is_empty() {
                next.unmatched.push(person.name.clone());
            }
        }
    }
}

/// Merges the groups' members: one candidate per person, by platform account, then by e-mail
/// (the same e-mail on Slack and on Teams is one person).
fn merge(fetched: &Fetched) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for (group, members) in &fetched.groups {
        for member in members {
            let email = member.email.as_ref().map(|e| e.trim().to_lowercase());
            let same =
                |c: &Candidate| c.owns(&member.account) || (email.is_some() && c.email == email);
            let index = match candidates.iter().position(same) {
                Some(index) => index,
                None => {
                    candidates.push(candidate(member));
                    candidates.len() - 1
                }
            };
            let candidate = &mut candidates[index];
            if !candidate.owns(&member.account) {
                candidate.accounts.push(member.account.clone());
            }
            candidate.email = candidate.email.take().or(email);
            candidate.timezone = candidate.timezone.or(member.timezone);
            candidate.full = candidate.full.take().or(member.full_name.clone());
            if !candidate.teams.contains(&group.team()) {
                candidate.teams.push(group.team());
            }
            if let Group::Leads(team) = group {
                candidate.leads.push(*team);
            }
        }
    }
    candidates
}

fn candidate(member: &Member) -> Candidate {
    let shown = clean(&member.name)
        .or_else(|| member.full_name.as_deref().and_then(clean))
        .unwrap_or_else(|| member.account.id.clone());
    Candidate {
        accounts: vec![member.account.clone()],
        shown,
        full: member.full_name.as_deref().and_then(clean),
        email: member.email.as_ref().map(|e| e.trim().to_lowercase()),
        timezone: member.timezone,
        teams: Vec::new(),
        leads: Vec::new(),
    }
}

/// A name as a person can type it: one line, no control characters, not blank.
fn clean(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The live directory: the synced people, then the `[[people]]` no sync matched.
pub fn live_directory(
    configured: &Directory,
    synced: &SyncedDirectory,
) -> Result<Directory, DirectoryError> {
    let mut people: Vec<Person> = synced.people.iter().map(Synced::person).collect();
    for person in configured.all() {
        let matched = synced
            .people
            .iter()
            .any(|s| person.accounts.iter().any(|a| s.has(a)));
        let named = people
            .iter()
            .any(|p| p.name.as_str().eq_ignore_ascii_case(person.name.as_str()));
        if !matched && !named {
            people.push(person.clone());
        }
    }
    let former = synced.former.iter().map(Synced::person).collect();
    Ok(Directory::new(people)?.with_former(former))
}
