//! Where an action's words come from: a shared answer, a visit's learnings, a request, a
//! launch's closed review (refused while it is blind), a pair's takeaways, and where they were
//! shared, so what came of them goes there too.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::action_views as views;
use super::core::Bot;
use super::reply::Reply;
use crate::command::CommandName;
use crate::domain::pairing::{Pair, PairId};
use crate::domain::shared::review_quotes;
use crate::domain::{ActionItem, AnswerOrigin, Person, Said, Source, Team, VisitStatus};
use crate::message::{CardKey, Destination, Op, Outgoing};
use crate::store::StoreError;

const COMMAND: CommandName = CommandName::Action;

/// Where the words were shared, so what came of them goes there too.
#[derive(Clone, Debug)]
pub(super) enum Spot {
    /// In the thread of a card: a prompt round's, a request's, a visit's learnings, a launch
    /// review's result. (A card posted before it had a key takes the line in its channel.)
    Thread(Destination, CardKey),
}

impl Bot {
    /// The words `source` holds and where they were shared, or why it can't be acted on.
    pub(super) fn words_of(&self, source: &Source) -> Result<(Vec<Said>, Vec<Spot>), Reply> {
        let failed = |error: StoreError| Reply::failed(COMMAND, &error);
        match source {
            Source::Answer(id) => {
                let Some(answer) = self.store.shared_answer(*id).map_err(failed)? else {
                    return Err(Reply::refused(
                        COMMAND,
                        format!(
                            "There's no {id}: shared answers carry their ANS number where they were shared."
                        ),
                    ));
                };
                let spots = match &answer.origin {
                    AnswerOrigin::Prompt { round } => {
                        let channel = Destination::Channel(answer.team.other().channel().into());
                        vec![Spot::Thread(channel, CardKey::round(round))]
                    }
                    AnswerOrigin::Review { launch } => self.result_spots(launch),
                };
                Ok((vec![answer.said()], spots))
            }
            Source::Visit(id) => {
                let Some(visit) = self.store.visit(*id).map_err(failed)? else {
                    return Err(Reply::refused(COMMAND, format!("There's no {id}.")));
                };
                let (VisitStatus::Done, Some(learnings)) = (visit.status, &visit.learnings) else {
                    return Err(Reply::refused(
                        COMMAND,
                        format!(
                            "{id} has no learnings yet: act on a visit once its marketer has said what they learnt."
                        ),
                    ));
                };
                let said = Said {
                    by: visit.marketer.clone(),
                    team: Team::Marketing,
                    at: self.noon(visit.date),
                    place: format!("{id} · {}", visit.market),
                    words: learnings.to_string(),
                    unnamed: false,
                };
                let channel = Destination::Channel(Team::Sales.channel().into());
                let spot = Spot::Thread(channel, CardKey::visit(*id));
                Ok((vec![said], vec![spot]))
            }
            Source::Request(id) => {
                let Some(request) = self.store.request(*id).map_err(failed)? else {
                    return Err(Reply::refused(COMMAND, format!("There's no {id}.")));
                };
                let said = Said {
                    by: request.requester.clone(),
                    team: Team::Sales,
                    at: request.history.first().map_or(self.clock.now(), |e| e.at),
                    place: id.to_string(),
                    words: request.title.to_string(),
                    unnamed: false,
                };
                let channel = Destination::Channel(Team::Marketing.channel().into());
                Ok((
                    vec![said],
                    vec![Spot::Thread(channel, CardKey::request(*id))],
                ))
            }
            Source::Launch(name) => self.review_words(name),
            Source::Pair(id) => self.takeaway_words(*id).map(|said| (said, Vec::new())),
        }
    }

    /// A pair's takeaways, each by whoever shared it. They went to the pair's own
    /// conversation, which has no thread to answer in: their authors hear by DM.
    fn takeaway_words(&self, id: PairId) -> Result<Vec<Said>, Reply> {
        let pair = self.pair_of(id)?;
        if pair.takeaways.is_empty() {
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "{id} has no takeaway yet: act on it once one of you has shared one (`pair met {id} yes <takeaway…>`)."
                ),
            ));
        }
        Ok(pair
            .takeaways
            .iter()
            .map(|t| Said {
                by: t.person.clone(),
                team: if pair.sales.contains(&t.person) {
                    Team::Sales
                } else {
                    Team::Marketing
                },
                at: t.at,
                place: format!("{id} takeaway"),
                words: t.text.to_string(),
                unnamed: false,
            })
            .collect())
    }

    /// Only someone in a pair acts on its takeaways: they were shared with the pair alone, and
    /// an action shows its words to everyone.
    pub(super) fn may_act_on(&self, person: &Person, source: &Source) -> Result<(), Reply> {
        let Source::Pair(id) = source else {
            return Ok(());
        };
        if self.pair_of(*id)?.includes(&person.name) {
            return Ok(());
        }
        Err(Reply::refused(
            COMMAND,
            format!(
                "{id}'s takeaways were shared with its pair only, so only they can act on them."
            ),
        ))
    }

    fn pair_of(&self, id: PairId) -> Result<Pair, Reply> {
        match self.store.pair(id) {
            Ok(Some(pair)) => Ok(pair),
            Ok(None) => Err(Reply::refused(COMMAND, format!("There's no {id}."))),
            Err(error) => Err(Reply::failed(COMMAND, &error)),
        }
    }

    /// The answers of a launch's closed review; refused while it is open (blind), when it was
    /// never held, and when its anonymous result was withheld for too few answers.
    fn review_words(
        &self,
        name: &crate::domain::LaunchName,
    ) -> Result<(Vec<Said>, Vec<Spot>), Reply> {
        let launch = match self.store.launch(name) {
            Ok(Some(launch)) => launch,
            Ok(None) => {
                return Err(Reply::refused(
                    COMMAND,
                    format!("There's no launch {name}. `launch list` shows them."),
                ));
            }
            Err(error) => return Err(Reply::failed(COMMAND, &error)),
        };
        let Some(review) = &launch.review else {
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "{name} has had no review: its answers can be acted on once a review has closed."
                ),
            ));
        };
        let Some(closed) = &review.closed else {
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "The review of {name} is still open, and blind until it closes: its answers can be acted on then."
                ),
            ));
        };
        if review.withheld().is_some() {
            // The result kept these answers hidden: quoting them in an action would show them.
            return Err(Reply::refused(
                COMMAND,
                format!(
                    "The review of {name} was anonymous and had too few answers to show, so they stay hidden and can't be acted on: act on a request (REQ-n) or a shared answer (ANS-n) instead."
                ),
            ));
        }
        let said = review_quotes(name, review, closed.at);
        if said.is_empty() {
            return Err(Reply::refused(
                COMMAND,
                format!("The review of {name} had no answers to act on."),
            ));
        }
        Ok((said, self.result_spots(name)))
    }

    /// Where a review's result was posted: the thread of its card in each result channel.
    fn result_spots(&self, launch: &crate::domain::LaunchName) -> Vec<Spot> {
        self.result_channels()
            .into_iter()
            .map(|c| {
                let card = CardKey::review(launch, &c);
                Spot::Thread(Destination::Channel(c), card)
            })
            .collect()
    }

    /// Noon of `day` in the company's zone: when a visit's words were "said".
    fn noon(&self, day: NaiveDate) -> DateTime<Utc> {
        let zone = self.settings.timezone;
        day.and_hms_opt(12, 0, 0)
            .and_then(|t| zone.from_local_datetime(&t).earliest())
            .map_or(self.clock.now(), |t| t.with_timezone(&Utc))
    }

    /// The line to post where the words were shared.
    pub(super) fn spot_lines(&self, item: &ActionItem, spots: &[Spot]) -> Vec<Outgoing> {
        let line = views::thread_line(item, self.settings.timezone);
        spots
            .iter()
            .map(|spot| match spot {
                Spot::Thread(to, card) => Outgoing {
                    to: to.clone(),
                    op: Op::ReplyToCard(card.clone()),
                    message: line.clone(),
                },
            })
            .collect()
    }
}
