//! Forming a pairing round, when the config's time comes and the last round is at least
//! `every` old: its records and messages go into the step's write (`pair_checks` asks
//! "did you meet?" later).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::times::Due;
use crate::bot::{Bot, pairing_views};
use crate::config::PairingSettings;
use crate::domain::pairing::{
    self, Candidate, Check, History, Pair, PairId, PairRound, PairingPerson, RoundInput, RoundKind,
    UNANSWERED_LIMIT,
};
use crate::domain::{PersonName, Request};
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::{PairChange, RequestQuery, ScheduleWrite, StandingChange, StoreError};

/// Forms the next round for `due`, unless the last one is younger than `every`.
pub fn form(bot: &Bot, due: Due, write: &mut ScheduleWrite) -> Result<(), StoreError> {
    let Some(settings) = &bot.settings().pairing else {
        return Ok(());
    };
    let store = bot.store();
    let last = store.pair_rounds(1)?.into_iter().next();
    if let Some(last) = &last {
        if due.local - last.due_local < settings.every {
            tracing::debug!(round = last.number, "pairing: the last round is too recent");
            return Ok(());
        }
    }
    let number = last.as_ref().map_or(1, |r| r.number + 1);
    let history = store.pairs_since(1)?;
    let mut people = Standings::read(bot)?;
    let previous = history
        .iter()
        .filter(|p| Some(p.round) == last.as_ref().map(|r| r.number));
    let paused_now = people.count_previous(previous);
    let candidates = candidates(bot, settings, &mut people, write.at)?;
    let (open, between) = open_requests(bot)?;
    let kind = RoundKind::of_round(number, settings.cross_level);
    let past = History::of(&history);
    let formation = pairing::form(&RoundInput {
        kind,
        people: &candidates,
        history: &past,
        open: &between,
        seed: number ^ (due.at.timestamp() as u64),
    });
    let first_pair = last.as_ref().map_or(1, PairRound::next_pair);
    let round = PairRound {
        number,
        kind,
        due_local: due.local,
        formed_at: write.at,
        check_at: due.at + settings.check_after,
        first_pair,
        pairs: formation.groups.len() as u64,
        sat_out: formation.sat_out.clone(),
    };
    let pairs = pairs_of(&round, formation.groups);
    tracing::info!(
        round = number,
        pairs = pairs.len(),
        sat_out = round.sat_out.len(),
        kind = kind.label(),
        "pairing: a round formed"
    );
    announce(bot, &round, &pairs, &open, &paused_now, write)?;
    write
        .pairing
        .pairs
        .extend(pairs.into_iter().map(|pair| PairChange {
            pair,
            expected: None,
        }));
    write.pairing.people.extend(people.changes());
    write.pairing.round = Some(round);
    Ok(())
}

/// (Sales, Marketing) couples with open requests between them.
type Couples = HashSet<(PersonName, PersonName)>;

/// Open requests, and the (requester, assignee) couples they make: preferred partners.
fn open_requests(bot: &Bot) -> Result<(Vec<Request>, Couples), StoreError> {
    let open = bot.store().list_requests(&RequestQuery::Open, usize::MAX)?;
    let between = open
        .requests
        .iter()
        .filter_map(|r| r.assignee.clone().map(|a| (r.requester.clone(), a)))
        .collect();
    Ok((open.requests, between))
}

/// Everyone stored, with what changes this round.
struct Standings {
    stored: BTreeMap<PersonName, PairingPerson>,
    changed: BTreeMap<PersonName, PairingPerson>,
}

impl Standings {
    fn read(bot: &Bot) -> Result<Standings, StoreError> {
        Ok(Standings {
            stored: bot.store().pairing_people()?.into_iter().collect(),
            changed: BTreeMap::new(),
        })
    }

    fn get(&self, name: &PersonName) -> PairingPerson {
        let current = self.changed.get(name).or_else(|| self.stored.get(name));
        current.cloned().unwrap_or_default()
    }

    fn set(&mut self, name: &PersonName, standing: PairingPerson) {
        self.changed.insert(name.clone(), standing);
    }

    /// The previous round is finished: who left it unanswered, and who that pauses.
    fn count_previous<'a>(&mut self, pairs: impl Iterator<Item = &'a Pair>) -> Vec<PersonName> {
        let mut paused = Vec::new();
        for pair in pairs {
            for name in pair.people() {
                let before = self.get(name);
                let mut standing = before.clone();
                if standing.after_round(pair.answered_by(name)) {
                    paused.push(name.clone());
                }
                if standing != before {
                    self.set(name, standing);
                }
            }
        }
        paused
    }

    fn changes(self) -> Vec<StandingChange> {
        let stored = self.stored;
        self.changed
            .into_iter()
            .map(|(person, mut standing)| {
                let expected = stored.get(&person).map(|s| s.version);
                standing.version = expected.map_or(0, |v| v + 1);
                StandingChange {
                    person,
                    standing,
                    expected,
                }
            })
            .collect()
    }
}

/// Everyone who takes part now: not opted out, not paused (by `pause`, or by pairing for
/// rounds left unanswered), not skipping this round (which uses up their skip).
fn candidates(
    bot: &Bot,
    settings: &PairingSettings,
    people: &mut Standings,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, StoreError> {
    let mut found = Vec::new();
    for person in bot.directory().all() {
        let name = &person.name;
        let mut standing = people.get(name);
        if settings.opted_out(name) || standing.paused {
            continue;
        }
        if standing.skip_next {
            standing.skip_next = false;
            people.set(name, standing);
            continue;
        }
        if bot.paused_until(name, now)?.is_some() {
            continue;
        }
        found.push(Candidate {
            name: name.clone(),
            team: person.team,
            role: person.role,
        });
    }
    Ok(found)
}

fn pairs_of(round: &PairRound, groups: Vec<pairing::Group>) -> Vec<Pair> {
    let ids = (round.first_pair..).filter_map(PairId::new);
    groups
        .into_iter()
        .zip(ids)
        .map(|(group, id)| {
            let people = group.sales.iter().chain(&group.marketing);
            let checks = people.map(|p| (p.clone(), Check::default())).collect();
            Pair {
                id,
                round: round.number,
                level: group.level,
                sales: group.sales,
                marketing: group.marketing,
                formed_at: round.formed_at,
                check_at: round.check_at,
                checks,
                takeaways: Vec::new(),
                version: 0,
            }
        })
        .collect()
}

/// The introduction to each pair, and the private notices: no room this round; paused for
/// leaving rounds unanswered.
fn announce(
    bot: &Bot,
    round: &PairRound,
    pairs: &[Pair],
    open: &[Request],
    paused: &[PersonName],
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let zone = bot.settings().timezone;
    for pair in pairs {
        let topics = bot.pair_topics(pair, open, write.at)?;
        let message = pairing_views::intro(pair, round.kind, &topics, zone);
        write.outgoing.push(post(
            Destination::Group(pair.people().cloned().collect()),
            message,
        ));
    }
    for name in &round.sat_out {
        let message = pairing_views::sat_out(round);
        write
            .outgoing
            .push(post(Destination::Person(name.clone()), message));
    }
    for name in paused {
        let message = pairing_views::paused(UNANSWERED_LIMIT);
        write
            .outgoing
            .push(post(Destination::Person(name.clone()), message));
    }
    Ok(())
}

pub(super) fn post(to: Destination, message: Message) -> Outgoing {
    Outgoing {
        to,
        op: Op::Post,
        message,
    }
}
