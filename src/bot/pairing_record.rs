//! What pairing asks of the record: the round as it stands, a pair's topics, the digest's
//! met-rates.

use chrono::{DateTime, Duration, Utc};

use super::core::Bot;
use super::pairing_views as views;
use crate::domain::pairing::{Pair, PairRound, RoundRate};
use crate::domain::text::clip;
use crate::domain::{PersonName, Request, Visit};
use crate::store::StoreError;

/// The finished rounds the digest's trend covers.
pub const TREND_ROUNDS: usize = 6;
/// How far back a prompt answer counts as recent, for a pair's topics.
const RECENT_ANSWER: Duration = Duration::days(30);
/// How far back a market visit counts as recent, for a pair's topics.
const RECENT_VISIT: Duration = Duration::days(60);
/// The most characters of a visit's learnings a topic quotes.
const TOPIC_QUOTE: usize = 200;
/// The most topics an introduction lists, and the fewest.
const MAX_TOPICS: usize = 3;
const MIN_TOPICS: usize = 2;
/// Topics for a pair the record says little about.
const STARTERS: [&str; 2] = [
    "What each of you is working on this month, and what would help from the other side.",
    "What customers said lately that the other team should hear.",
];

impl Bot {
    /// The newest round and its pairs.
    pub fn current_round(&self) -> Result<Option<(PairRound, Vec<Pair>)>, StoreError> {
        let Some(round) = self.store.pair_rounds(1)?.into_iter().next() else {
            return Ok(None);
        };
        let number = round.number;
        let pairs = self.store.pairs_since(number)?;
        let pairs = pairs.into_iter().filter(|p| p.round == number).collect();
        Ok(Some((round, pairs)))
    }

    /// Up to three things worth talking about, from the record: open requests between them,
    /// a recent visit in a market they share, a recent prompt answer of each, open requests
    /// between their teams.
    pub fn pair_topics(
        &self,
        pair: &Pair,
        open: &[Request],
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let in_pair = |name: &PersonName| pair.includes(name);
        let between = open
            .iter()
            .filter(|r| in_pair(&r.requester) && r.assignee.as_ref().is_some_and(in_pair));
        let mut topics: Vec<String> = between.take(1).map(request_topic).collect();
        if let Some(visit) = self.shared_visit(pair, open, now)? {
            topics.push(visit_topic(&visit));
        }
        for name in pair.people() {
            if let Some(answer) = self.recent_answer(name, now)? {
                topics.push(answer);
            }
        }
        let teams = open.iter().filter(|r| {
            let filed = in_pair(&r.requester);
            let held = r.assignee.as_ref().is_some_and(in_pair);
            filed != held
        });
        topics.extend(teams.map(request_topic));
        topics.truncate(MAX_TOPICS);
        // Two at least: where the record has less, questions that always work.
        let starters = STARTERS.iter().map(|s| s.to_string());
        let missing = MIN_TOPICS.saturating_sub(topics.len());
        topics.extend(starters.take(missing));
        Ok(topics)
    }

    /// The newest visit of the last 60 days with learnings, made by the pair's marketer in a
    /// market the pair's Sales person shares: they were there (the companion), or they have an
    /// open request for that market. Disputed visits are left out.
    fn shared_visit(
        &self,
        pair: &Pair,
        open: &[Request],
        now: DateTime<Utc>,
    ) -> Result<Option<Visit>, StoreError> {
        let zone = self.settings.timezone;
        let today = now.with_timezone(&zone).date_naive();
        let from = (now - RECENT_VISIT).with_timezone(&zone).date_naive();
        let to = today + Duration::days(1);
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let requested: Vec<&str> = open
            .iter()
            .filter(|r| pair.sales.contains(&r.requester))
            .filter_map(|r| r.market.as_ref().map(|m| m.as_str()))
            .collect();
        let shared = |visit: &Visit| {
            pair.marketing.contains(&visit.marketer)
                && visit.counts()
                && visit.learnings.is_some()
                && (visit
                    .companion
                    .as_ref()
                    .is_some_and(|c| pair.sales.contains(c))
                    || requested.iter().any(|m| same(m, visit.market.as_str())))
        };
        let visits = self.store.visits_dated(from, to)?;
        Ok(visits
            .into_iter()
            .filter(shared)
            .max_by_key(|v| (v.date, v.id)))
    }

    /// `name`'s newest answer to any prompt in the last 30 days, as a topic.
    fn recent_answer(
        &self,
        name: &PersonName,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let mut newest = None;
        for prompt in &self.settings.prompts {
            let Some(ask) = self.store.latest_ask(name, &prompt.id)? else {
                continue;
            };
            let Some(at) = ask.answered_at.filter(|at| now - *at < RECENT_ANSWER) else {
                continue;
            };
            if newest.as_ref().is_none_or(|(when, _)| at > *when) {
                newest = Some((at, ask));
            }
        }
        Ok(newest.and_then(|(_, ask)| {
            let (_, question, answer) = ask.answered().next()?;
            Some(format!("{name} answered “{question}”: “{answer}”"))
        }))
    }

    /// The digest's paragraph on pairing: `None` when pairing is off.
    pub fn pairing_digest(&self) -> Result<Option<String>, StoreError> {
        if self.settings.pairing.is_none() {
            return Ok(None);
        }
        // The newest round is still running; the ones before it are finished.
        let rounds = self.store.pair_rounds(TREND_ROUNDS + 1)?;
        let finished: Vec<&PairRound> = rounds.iter().skip(1).rev().collect();
        let pairs = match finished.first() {
            Some(oldest) => self.store.pairs_since(oldest.number)?,
            None => Vec::new(),
        };
        let rates: Vec<RoundRate> = finished.iter().map(|r| RoundRate::of(r, &pairs)).collect();
        Ok(Some(views::digest(&rates, self.settings.timezone)))
    }
}

fn visit_topic(visit: &Visit) -> String {
    let with = visit
        .companion
        .as_ref()
        .map_or(String::new(), |c| format!(" with {c}"));
    let learnt = visit.learnings.as_ref().map_or("", |l| l.as_str());
    format!(
        "{} · {} visited {} on {}{with}: “{}”",
        visit.id,
        visit.marketer,
        visit.market,
        visit.date.format("%-d %b"),
        clip(learnt, TOPIC_QUOTE)
    )
}

fn request_topic(request: &Request) -> String {
    let held = match &request.assignee {
        Some(assignee) => format!("{assignee} has it"),
        None => "nobody in Marketing has it yet".to_string(),
    };
    format!(
        "{} · {} ({}): filed by {}, {held}",
        request.id, request.title, request.status, request.requester
    )
}
