//! A review round's life as the commands and the schedule share it: opening one (facts
//! frozen, everyone asked), its one reminder, and closing it with the result where both
//! teams read it; and the digest's line for each review that closed in its week.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::core::Bot;
use super::launch_views;
use super::review_views;
use crate::domain::facts::{EarlierAction, Facts, Outcome, window_start};
use crate::domain::review::Asked;
use crate::domain::{ActionState, Launch, PersonName, Review, SharedAnswer, Source, Team};
use crate::message::{CardKey, Destination, Message, Op, Outgoing};
use crate::store::{LaunchWrite, StoreError};

/// How long a round stays open when `closes:` is not given.
pub const DEFAULT_OPEN_DAYS: i64 = 7;

impl Bot {
    /// Opens `launch`'s round: the facts frozen, everyone in both teams asked, a DM to each
    /// who is not paused. Returns the launch to save and the DMs.
    pub(crate) fn open_round(
        &self,
        mut launch: Launch,
        by: Option<PersonName>,
        closes_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(LaunchWrite, Vec<Outgoing>), StoreError> {
        let company = self.settings.timezone;
        let linked = self.store.launch_requests(&launch.name)?;
        let settings = &self.settings.reviews;
        let directory = self.directory();
        let asked: Vec<Asked> = Team::ALL
            .iter()
            .flat_map(|team| directory.members_of(*team))
            .map(|p| Asked {
                person: p.name.clone(),
                team: p.team,
            })
            .collect();
        let review = Review {
            opened_by: by,
            opened_at: now,
            closes_on,
            closes_at: end_of(closes_on, company),
            questions: settings.questions.clone(),
            causes: settings.causes.clone(),
            anonymous: settings.anonymous,
            facts: Facts {
                earlier: self.earlier_actions(&launch)?,
                ..Facts::gather(launch.name.as_str(), &linked, &[], company)
            },
            asked,
            answers: Vec::new(),
            reminded: Vec::new(),
            closed: None,
        };
        let mut outgoing = Vec::new();
        for asked in &review.asked {
            if self.paused_until(&asked.person, now)?.is_some() {
                continue;
            }
            let zone = self
                .directory()
                .by_name(asked.person.as_str())
                .map_or(company, |p| self.zone_of(p));
            outgoing.push(dm(
                &asked.person,
                launch_views::review_dm(&launch, &review, zone),
            ));
        }
        launch.review = Some(review);
        Ok((LaunchWrite::next(launch), outgoing))
    }

    /// Closes `launch`'s round with the facts as they stand, and posts the result where both
    /// teams read it. Returns the launch to save and the post.
    pub(crate) fn close_round(
        &self,
        mut launch: Launch,
        by: Option<PersonName>,
        now: DateTime<Utc>,
    ) -> Result<(LaunchWrite, Vec<Outgoing>), StoreError> {
        let company = self.settings.timezone;
        let linked = self.store.launch_requests(&launch.name)?;
        let from = window_start(launch.on, company);
        let asks = if from < now {
            self.store.asks_between(from, now)?
        } else {
            Vec::new()
        };
        let facts = Facts {
            earlier: self.earlier_actions(&launch)?,
            ..Facts::gather(launch.name.as_str(), &linked, &asks, company)
        };
        let name = launch.name.to_string();
        let Some(review) = launch.review.as_mut() else {
            return Err(StoreError::NotFound);
        };
        review
            .close(&name, by, facts, now)
            .map_err(|_| StoreError::Conflict)?;
        let shared = self.share_review_answers(&launch.name, review, now)?;
        let message = review_views::result(
            &launch,
            launch.review.as_ref().expect("just closed"),
            company,
        );
        let outgoing = self
            .result_channels()
            .into_iter()
            .map(|channel| Outgoing {
                op: Op::PostCard(CardKey::review(&launch.name, &channel)),
                to: Destination::Channel(channel),
                message: message.clone(),
            })
            .collect();
        let mut write = LaunchWrite::next(launch);
        write.shared = shared;
        Ok((write, outgoing))
    }

    /// Gives each answer with words in a review that just closed its `ANS-n`, and returns them
    /// to save with it. Not in an anonymous review: one reference under several questions
    /// would tie a person's answers together (act on it by the launch's name instead); not
    /// when the result is withheld.
    fn share_review_answers(
        &self,
        launch: &crate::domain::LaunchName,
        review: &mut crate::domain::Review,
        now: DateTime<Utc>,
    ) -> Result<Vec<SharedAnswer>, StoreError> {
        if review.anonymous || review.withheld().is_some() {
            return Ok(Vec::new());
        }
        let with_words: Vec<usize> = (0..review.answers.len())
            .filter(|&i| review.answers[i].has_words())
            .collect();
        if with_words.is_empty() {
            return Ok(Vec::new());
        }
        let first = self.store.reserve_answer_ids(with_words.len() as u64)?;
        let mut shared = Vec::new();
        for (n, i) in with_words.into_iter().enumerate() {
            let id = crate::domain::AnswerId::new(first.number() + n as u64)
                .ok_or(StoreError::NotFound)?;
            if let Some(answer) =
                SharedAnswer::of_review(id, launch, review, &review.answers[i], now)
            {
                review.answers[i].shared = Some(id);
                shared.push(answer);
            }
        }
        Ok(shared)
    }

    /// The actions that came of the last earlier review of a launch in one of `launch`'s
    /// markets (on or before its date, its review closed): added on that launch or on one of
    /// its review's shared answers, each as it stands.
    fn earlier_actions(&self, launch: &Launch) -> Result<Vec<EarlierAction>, StoreError> {
        let key = |m: &crate::domain::Text| m.as_str().trim().to_lowercase();
        let markets: Vec<String> = launch.markets.iter().map(key).collect();
        if markets.is_empty() {
            return Ok(Vec::new());
        }
        let earlier = self
            .store
            .launches()?
            .into_iter()
            .filter(|l| l.name != launch.name && l.on <= launch.on)
            .filter(|l| l.markets.iter().any(|m| markets.contains(&key(m))))
            .filter_map(|l| {
                let closed = l.review.as_ref()?.closed.as_ref()?.at;
                Some((l.on, closed, l))
            })
            .max_by_key(|(on, closed, _)| (*on, *closed));
        let Some((_, _, earlier)) = earlier else {
            return Ok(Vec::new());
        };
        let mut actions = self
            .store
            .actions_on(&Source::Launch(earlier.name.clone()))?;
        let shared = earlier
            .review
            .iter()
            .flat_map(|r| &r.answers)
            .filter_map(|a| a.shared);
        for id in shared {
            actions.extend(self.store.actions_on(&Source::Answer(id))?);
        }
        actions.sort_by_key(|a| a.id);
        actions.dedup_by_key(|a| a.id);
        Ok(actions
            .into_iter()
            .map(|a| EarlierAction {
                launch: earlier.name.to_string(),
                id: a.id.to_string(),
                what: a.what.to_string(),
                owner: a.owner.clone(),
                outcome: match &a.state {
                    ActionState::Open => Outcome::Open,
                    ActionState::Done { at, what, .. } => Outcome::Done {
                        at: *at,
                        what: what.to_string(),
                    },
                    ActionState::Dropped { at, reason, .. } => Outcome::Dropped {
                        at: *at,
                        reason: reason.to_string(),
                    },
                },
            })
            .collect())
    }

    /// The one reminder DM of a round, for someone who has not answered.
    pub(crate) fn review_reminder(&self, launch: &Launch, person: &PersonName) -> Option<Outgoing> {
        let review = launch.review.as_ref()?;
        Some(dm(person, launch_views::review_reminder(launch, review)))
    }

    /// Where a result goes: the joint channel, else both teams' channels.
    pub(super) fn result_channels(&self) -> Vec<String> {
        match self.settings.joint_channel() {
            Some(channel) => vec![channel.to_string()],
            None => Team::ALL.iter().map(|t| t.channel().to_string()).collect(),
        }
    }

    /// The digest with a line for each launch review that closed in its period.
    pub(super) fn with_closed_reviews(
        &self,
        message: Message,
        period: &crate::domain::Period,
    ) -> Result<Message, StoreError> {
        let closed: Vec<String> = self
            .store
            .reviews_closed_between(period.start, period.end)?
            .iter()
            .map(|l| format!("• {}: `launch show {}`", l.label(), l.name))
            .collect();
        if closed.is_empty() {
            return Ok(message);
        }
        let text = format!(
            "Launch reviews closed this week, both teams' views next to the facts:\n{}",
            closed.join("\n")
        );
        // Above the small print, which stays last.
        let mut message = message;
        let at = message
            .blocks
            .iter()
            .rposition(|b| matches!(b, crate::message::Block::Context { .. }))
            .unwrap_or(message.blocks.len());
        message
            .blocks
            .insert(at, crate::message::Block::Text { text });
        Ok(message)
    }
}

/// The end of `day` in `zone`: the first instant of the next day.
pub fn end_of(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = (day + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    zone.from_local_datetime(&next)
        .earliest()
        .map_or(next.and_utc(), |t| t.with_timezone(&Utc))
}

pub(super) fn dm(person: &PersonName, message: Message) -> Outgoing {
    Outgoing {
        to: Destination::Person(person.clone()),
        op: Op::Post,
        message,
    }
}
