//! The month's scorecard for the leads: pure figures from one month's records and the month
//! before's, each figure beside its previous value. A loop that is off is `None` (left out of
//! the card); a figure with nothing to measure is `None` inside (shown as "no data").

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::digest::{Digest, DigestInput, Period};
use super::launch::Launch;
use super::pairing::{Level, Pair, PairRound, RoundRate};
use super::people::{PersonName, Team};
use super::prompt::Ask;
use super::step::Step;
use super::visit::{Month, Tally, Visit};
use super::{ActionItem, ActionState};
use crate::domain::review_result::{Agreement, Side};

/// How many weeks the trend charts show.
pub const TREND_WEEKS: usize = 12;

/// What a scorecard is made of, read through the store's time indexes.
pub struct ScorecardInput<'a> {
    pub month: Month,
    /// The month, up to now when it is the current one.
    pub this: Period,
    /// The month before.
    pub before: Period,
    /// `TREND_WEEKS` weeks ending where `this` ends, oldest first.
    pub weeks: Vec<Period>,
    /// Request steps from the earliest of `before.start` and the first week on.
    pub steps: &'a [Step],
    /// `requests.acknowledge_within`.
    pub target: Duration,
    /// Visits dated in either month, with the marketers who have a target; `None` without any.
    pub visits: Option<VisitInput<'a>>,
    /// Rounds formed in either month and their pairs; `None` while pairing is off.
    pub pairing: Option<PairingInput<'a>>,
    /// Every action added or closed in either month.
    pub actions: &'a [ActionItem],
    /// Answers shared in either month: when, and whether an action was taken on it.
    pub answers: &'a [(DateTime<Utc>, bool)],
    /// Launches whose review closed in either month.
    pub reviews: &'a [Launch],
    /// Asks sent in either month; `None` when no prompt is configured.
    pub asks: Option<&'a [Ask]>,
}

pub struct VisitInput<'a> {
    pub visits: &'a [Visit],
    /// Today's marketers with a target, then anyone else who made a visit in either month.
    pub marketers: &'a [PersonName],
    /// Those of them who have left (former members).
    pub former: &'a [PersonName],
    pub per_month: u32,
}

pub struct PairingInput<'a> {
    pub rounds: &'a [PairRound],
    pub pairs: &'a [Pair],
}

/// A figure this month and the month before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versus<T> {
    pub now: T,
    pub before: T,
}

/// `part` of `whole`; no data when `whole` is zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub part: usize,
    pub whole: usize,
}

impl Share {
    /// In whole percent, rounded half up; `None` of nothing.
    pub fn percent(self) -> Option<usize> {
        crate::domain::pairing::percent(self.part, self.whole)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    pub filed: usize,
    pub delivered: usize,
    pub declined: usize,
    /// Median time to Marketing's first answer, of those answered in the period.
    pub to_acknowledge: Option<Duration>,
    /// Median time to first delivery, of those delivered in the period.
    pub to_deliver: Option<Duration>,
    /// Of the requests acknowledged in the period, how many within the target.
    pub within: Share,
}

/// One week of the trend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    pub start: DateTime<Utc>,
    pub figures: Requests,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitRow {
    pub marketer: PersonName,
    /// They have left: their row stays for the visits they made.
    pub former: bool,
    pub done: Versus<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelRow {
    pub level: Level,
    pub met: Versus<Share>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    pub opened: usize,
    /// Done or dropped.
    pub closed: usize,
    pub done: usize,
    /// Answers shared in the period that got an action.
    pub acted_on: Share,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reviews {
    pub held: usize,
    /// Of the reviews where both teams named a cause, how many share a most-named one.
    pub agreed: Share,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptRow {
    pub team: Team,
    pub answered: Versus<Share>,
}

/// The month's scorecard.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    pub month: Month,
    pub this: Period,
    pub target: Duration,
    pub requests: Versus<Requests>,
    pub weeks: Vec<Week>,
    pub visits: Option<(u32, Vec<VisitRow>)>,
    pub pairing: Option<Vec<LevelRow>>,
    pub actions: Versus<Actions>,
    pub reviews: Versus<Reviews>,
    pub prompts: Option<Vec<PromptRow>>,
}

impl Scorecard {
    pub fn compute(input: &ScorecardInput<'_>) -> Scorecard {
        Scorecard {
            month: input.month,
            this: input.this,
            target: input.target,
            requests: Versus {
                now: requests(input, input.this),
                before: requests(input, input.before),
            },
            weeks: input
                .weeks
                .iter()
                .map(|w| Week {
                    start: w.start,
                    figures: requests(input, *w),
                })
                .collect(),
            visits: input.visits.as_ref().map(|v| visits(v, input.month)),
            pairing: input
                .pairing
                .as_ref()
                .map(|p| pairing(p, input.this, input.before)),
            actions: Versus {
                now: actions(input, input.this),
                before: actions(input, input.before),
            },
            reviews: Versus {
                now: reviews(input.reviews, input.this),
                before: reviews(input.reviews, input.before),
            },
            prompts: input.asks.map(|asks| prompts(asks, input)),
        }
    }

    /// Whether anything at all happened in the month.
    pub fn is_empty(&self) -> bool {
        let r = &self.requests.now;
        let a = &self.actions.now;
        r.filed + r.delivered + r.declined + r.within.whole == 0
            && a.opened + a.closed + a.acted_on.whole == 0
            && self.reviews.now.held == 0
            && self
                .visits
                .as_ref()
                .is_none_or(|(_, rows)| rows.iter().all(|r| r.done.now == 0))
            && self
                .pairing
                .as_ref()
                .is_none_or(|rows| rows.iter().all(|r| r.met.now.whole == 0))
            && self
                .prompts
                .as_ref()
                .is_none_or(|rows| rows.iter().all(|r| r.answered.now.whole == 0))
    }
}

/// Why there is no scorecard of a month; the text is shown as it is.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum MonthRefusal {
    #[error("{month} has not begun yet; the latest scorecard is {current}'s.")]
    Future { month: Month, current: Month },
    #[error("{month} is before anything on record; the first month with records is {first}.")]
    BeforeFirst { month: Month, first: Month },
}

/// A scorecard covers a month from the one of the first record (the current one, for a store
/// with none) to the current one.
pub fn check_month(month: Month, current: Month, first: Option<Month>) -> Result<(), MonthRefusal> {
    if month > current {
        return Err(MonthRefusal::Future { month, current });
    }
    let first = first.unwrap_or(current).min(current);
    if month < first {
        return Err(MonthRefusal::BeforeFirst { month, first });
    }
    Ok(())
}

/// `TREND_WEEKS` seven-day periods ending at `end`, oldest first.
pub fn weeks_ending(end: DateTime<Utc>) -> Vec<Period> {
    (0..TREND_WEEKS)
        .rev()
        .map(|k| {
            let k = i32::try_from(k).unwrap_or(0);
            let stop = end - Duration::weeks(i64::from(k));
            Period {
                start: stop - Duration::weeks(1),
                end: stop,
            }
        })
        .collect()
}

fn requests(input: &ScorecardInput<'_>, period: Period) -> Requests {
    let digest = Digest::compute(&DigestInput {
        period,
        steps: input.steps,
        overdue: &[],
        asks: &[],
        target: input.target,
        today: NaiveDate::MIN,
    });
    Requests {
        filed: digest.opened,
        delivered: digest.delivered,
        declined: digest.declined,
        to_acknowledge: digest.to_acknowledge.overall.map(|f| f.median),
        to_deliver: digest.to_deliver.overall.map(|f| f.median),
        within: Share {
            part: digest.within_target,
            whole: digest.acknowledged,
        },
    }
}

fn visits(input: &VisitInput<'_>, month: Month) -> (u32, Vec<VisitRow>) {
    let rows = input
        .marketers
        .iter()
        .map(|m| VisitRow {
            marketer: m.clone(),
            former: input.former.contains(m),
            // Only what was done is shown, so the tally's day does not matter.
            done: Versus {
                now: Tally::of(m, month, input.visits, month.end()).done,
                before: Tally::of(m, month.previous(), input.visits, month.end()).done,
            },
        })
        .collect();
    (input.per_month, rows)
}

/// Rounds formed in the period whose "did you meet?" check has come by its end.
fn pairing(input: &PairingInput<'_>, this: Period, before: Period) -> Vec<LevelRow> {
    let rates = |period: Period| -> Vec<RoundRate> {
        input
            .rounds
            .iter()
            .filter(|r| period.contains(r.formed_at) && r.check_at <= period.end)
            .map(|r| RoundRate::of(r, input.pairs))
            .collect()
    };
    let (now, earlier) = (rates(this), rates(before));
    let level_share = |rates: &[RoundRate], level: Level| {
        rates
            .iter()
            .flat_map(|r| r.levels.iter().filter(|l| l.level == level))
            .fold(Share::default(), |s, l| Share {
                part: s.part + l.met,
                whole: s.whole + l.pairs,
            })
    };
    Level::ALL
        .iter()
        .map(|&level| LevelRow {
            level,
            met: Versus {
                now: level_share(&now, level),
                before: level_share(&earlier, level),
            },
        })
        .collect()
}

fn actions(input: &ScorecardInput<'_>, period: Period) -> Actions {
    let closed: Vec<&ActionItem> = input
        .actions
        .iter()
        .filter(|a| a.closed_at().is_some_and(|t| period.contains(t)))
        .collect();
    let shared: Vec<bool> = input
        .answers
        .iter()
        .filter(|(at, _)| period.contains(*at))
        .map(|(_, acted)| *acted)
        .collect();
    Actions {
        opened: input
            .actions
            .iter()
            .filter(|a| period.contains(a.added_at))
            .count(),
        closed: closed.len(),
        done: closed
            .iter()
            .filter(|a| matches!(a.state, ActionState::Done { .. }))
            .count(),
        acted_on: Share {
            part: shared.iter().filter(|a| **a).count(),
            whole: shared.len(),
        },
    }
}

/// Reviews closed in the period; agreement only where the result may be shown.
fn reviews(launches: &[Launch], period: Period) -> Reviews {
    let mut figures = Reviews::default();
    let closed = launches
        .iter()
        .filter_map(|l| l.review.as_ref())
        .filter(|r| r.closed.as_ref().is_some_and(|c| period.contains(c.at)));
    for review in closed {
        figures.held += 1;
        if review.withheld().is_some() {
            continue;
        }
        let agreement = Agreement::of(
            &Side::of(review, Team::Sales),
            &Side::of(review, Team::Marketing),
        );
        if let Some(same) = agreement.same_top {
            figures.agreed.whole += 1;
            figures.agreed.part += usize::from(same);
        }
    }
    figures
}

fn prompts(asks: &[Ask], input: &ScorecardInput<'_>) -> Vec<PromptRow> {
    let share = |team: Team, period: Period| {
        asks.iter()
            .filter(|a| a.team == team && period.contains(a.sent_at))
            .fold(Share::default(), |s, a| Share {
                part: s.part + usize::from(a.is_answered()),
                whole: s.whole + 1,
            })
    };
    Team::ALL
        .iter()
        .map(|&team| PromptRow {
            team,
            answered: Versus {
                now: share(team, input.this),
                before: share(team, input.before),
            },
        })
        .collect()
}

#[cfg(test)]
#[path = "scorecard_tests.rs"]
mod tests;
