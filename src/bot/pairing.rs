//! Pairing's commands: `pair list`, `pair met`, `pair skip`, `pair resume`.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::core::Bot;
use super::pairing_views as views;
use super::reply::Reply;
use crate::command::{CommandName, PairCommand, PairListFilter};
use crate::config::PairingSettings;
use crate::domain::pairing::{MetAnswer, Pair, PairId, PairRound, PairingPerson};
use crate::domain::{Person, Text};
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::{PairChange, PairingWrite, StandingChange, StoreError};

/// How often saving is retried when the same record changed at the same moment.
const MAX_ATTEMPTS: usize = 5;
/// "Not yet" is asked about once more this many working days later.
pub const ASK_AGAIN_AFTER_WORKING_DAYS: u32 = 3;

const COMMAND: CommandName = CommandName::Pair;

impl Bot {
    pub(super) fn pair(&self, person: &Person, command: PairCommand) -> Reply {
        let Some(settings) = &self.settings.pairing else {
            return Reply::refused(
                COMMAND,
                "Pairing is off here: the config has no [pairing] section.",
            );
        };
        match command {
            PairCommand::List(filter) => self.pair_list(person, filter),
            PairCommand::Met {
                id,
                answer,
                takeaway,
            } => self.pair_met(person, id, answer, takeaway),
            PairCommand::Skip => self.pair_skip(person, settings),
            PairCommand::Resume => self.pair_resume(person),
        }
    }

    fn pair_met(
        &self,
        person: &Person,
        id: PairId,
        answer: MetAnswer,
        takeaway: Option<Text>,
    ) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let mut pair = match self.store.pair(id) {
                Ok(Some(pair)) => pair,
                Ok(None) => {
                    let text = format!("There's no {id}. `pair list mine` shows your pairs.");
                    return Reply::refused(COMMAND, text);
                }
                Err(error) => return Reply::failed(COMMAND, &error),
            };
            let expected = pair.version;
            let now = self.clock.now();
            let again = self.ask_again_at(person, now);
            if let Err(error) = pair.answer(&person.name, answer, takeaway.clone(), now, again) {
                return Reply::refused(COMMAND, error.to_string());
            }
            let outgoing: Vec<Outgoing> = takeaway
                .iter()
                .map(|text| Outgoing {
                    to: Destination::Group(pair.people().cloned().collect()),
                    op: Op::Post,
                    message: views::takeaway(&pair, &person.name, text),
                })
                .collect();
            let write = PairingWrite {
                pairs: vec![PairChange {
                    pair: pair.clone(),
                    expected: Some(expected),
                }],
                ..PairingWrite::default()
            };
            match self.store.save_pairing(&write, &outgoing, now) {
                Ok(_) => return Reply::done(COMMAND, self.met_reply(person, &pair, answer, again)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(COMMAND, &error),
            }
        }
        Reply::failed(COMMAND, &StoreError::Conflict)
    }

    fn met_reply(
        &self,
        person: &Person,
        pair: &Pair,
        answer: MetAnswer,
        again: DateTime<Utc>,
    ) -> Message {
        let others = views::and_list(&pair.others(&person.name));
        let text = match answer {
            MetAnswer::Yes
                if pair
                    .takeaways
                    .last()
                    .is_some_and(|t| t.person == person.name) =>
            {
                format!(
                    "Thanks: {} counts as met. Your takeaway went to you and {others}.",
                    pair.id
                )
            }
            MetAnswer::Yes => format!("Thanks: {} counts as met.", pair.id),
            MetAnswer::No if pair.met() => format!(
                "Noted. Someone in {} said you met, so it counts as met.",
                pair.id
            ),
            MetAnswer::No => format!(
                "Noted: you and {others} didn't meet for {}. The next round pairs you with \
                 someone new.",
                pair.id
            ),
            MetAnswer::NotYet => format!(
                "Noted. Tandem asks you once more on {}.",
                again.with_timezone(&self.zone(person)).format("%a %-d %b")
            ),
        };
        Message::text(text)
    }

    /// Three working days from `now`, in the person's own zone.
    fn ask_again_at(&self, person: &Person, now: DateTime<Utc>) -> DateTime<Utc> {
        let zone = self.zone(person);
        let local = now.with_timezone(&zone).naive_local();
        let later = self
            .settings
            .working_hours
            .after_working_days(local, ASK_AGAIN_AFTER_WORKING_DAYS);
        zone.from_local_datetime(&later)
            .earliest()
            .map_or(now + Duration::days(3), |at| at.with_timezone(&Utc))
    }

    fn pair_skip(&self, person: &Person, settings: &PairingSettings) -> Reply {
        if settings.opted_out(&person.name) {
            return Reply::refused(
                COMMAND,
                "You're not paired at all: the config opts you out of pairing.",
            );
        }
        self.change_standing(person, |standing| {
            if standing.paused {
                return Err("Pairing is already paused for you; `pair resume` brings you back.");
            }
            if standing.skip_next {
                return Err("You already sit out the next round; `pair resume` takes that back.");
            }
            standing.skip_next = true;
            Ok("You'll sit out the next pairing round. `pair resume` takes that back.")
        })
    }

    fn pair_resume(&self, person: &Person) -> Reply {
        let standing = match self.store.pairing_person(&person.name) {
            Ok(standing) => standing.unwrap_or_default(),
            Err(error) => return Reply::failed(COMMAND, &error),
        };
        if standing.takes_part() {
            let text = "You weren't paused from pairing; you're in the next round.";
            return Reply::done(COMMAND, Message::text(text));
        }
        self.change_standing(person, |standing| {
            let text = match (standing.paused, standing.skip_next) {
                (true, _) => "Welcome back: you're in the next pairing round.",
                (false, true) => "You're in the next pairing round after all.",
                (false, false) => "You're in the next pairing round.",
            };
            standing.paused = false;
            standing.skip_next = false;
            standing.unanswered = 0;
            Ok(text)
        })
    }

    /// Changes the person's standing with `change` (which says what to answer, or refuses),
    /// saved only if nobody changed it meanwhile.
    fn change_standing(
        &self,
        person: &Person,
        change: impl Fn(&mut PairingPerson) -> Result<&'static str, &'static str>,
    ) -> Reply {
        for _ in 0..MAX_ATTEMPTS {
            let stored = match self.store.pairing_person(&person.name) {
                Ok(stored) => stored,
                Err(error) => return Reply::failed(COMMAND, &error),
            };
            let mut standing = stored.clone().unwrap_or_default();
            let text = match change(&mut standing) {
                Ok(text) => text,
                Err(refusal) => return Reply::refused(COMMAND, refusal),
            };
            standing.version += 1;
            let write = PairingWrite {
                people: vec![StandingChange {
                    person: person.name.clone(),
                    standing,
                    expected: stored.map(|s| s.version),
                }],
                ..PairingWrite::default()
            };
            match self.store.save_pairing(&write, &[], self.clock.now()) {
                Ok(_) => return Reply::done(COMMAND, Message::text(text)),
                Err(StoreError::Conflict) => continue,
                Err(error) => return Reply::failed(COMMAND, &error),
            }
        }
        Reply::failed(COMMAND, &StoreError::Conflict)
    }

    fn pair_list(&self, person: &Person, filter: Option<PairListFilter>) -> Reply {
        let all = match (filter, person.is_lead()) {
            (Some(PairListFilter::All), false) => {
                return Reply::refused(
                    COMMAND,
                    "Leads see every pair; `pair list mine` shows yours.",
                );
            }
            (Some(PairListFilter::All), true) | (None, true) => true,
            (Some(PairListFilter::Mine), _) | (None, false) => false,
        };
        let (round, pairs) = match self.current_round() {
            Ok(Some(found)) => found,
            Ok(None) => {
                let text =
                    "No pairing round has formed yet. Tandem tells you your pair when one does.";
                return Reply::done(COMMAND, Message::text(text));
            }
            Err(error) => return Reply::failed(COMMAND, &error),
        };
        let (now, zone) = (self.clock.now(), self.zone(person));
        if all {
            return Reply::done(COMMAND, views::all(&round, &pairs, now, zone));
        }
        let mine: Vec<String> = pairs
            .iter()
            .filter(|p| p.includes(&person.name))
            .map(|p| views::row(p, now, zone))
            .collect();
        let text = if mine.is_empty() {
            self.why_not_paired(person, &round)
        } else {
            mine.join("\n")
        };
        let message = Message::with_header(views::round_line(&round, zone)).paragraph(text);
        Reply::done(COMMAND, message)
    }

    fn why_not_paired(&self, person: &Person, round: &PairRound) -> String {
        let opted_out = self
            .settings
            .pairing
            .as_ref()
            .is_some_and(|p| p.opted_out(&person.name));
        let paused = matches!(self.store.pairing_person(&person.name), Ok(Some(s)) if s.paused);
        if opted_out {
            "You're not paired: the config opts you out of pairing.".to_string()
        } else if paused {
            "Pairing is paused for you; `pair resume` brings you back.".to_string()
        } else if round.sat_out.contains(&person.name) {
            "No pair for you this round: no room at your level. You're among the first next round."
                .to_string()
        } else {
            format!("You're not in round {} (you sat it out).", round.number)
        }
    }
}
