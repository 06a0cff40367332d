//! The weekly digest's figures: a pure function of one period's records.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::people::{PersonName, Team};
use super::prompt::Ask;
use super::request::{Request, RequestId, Title};
use super::stats::Figures;
use super::step::{Step, StepKind};

/// How many answers per team the digest quotes.
pub const HIGHLIGHTS_PER_TEAM: usize = 3;

/// `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Period {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }
}

/// The records the digest is made of, read through the store's time indexes.
pub struct DigestInput<'a> {
    pub period: Period,
    /// The steps requests took in the period.
    pub steps: &'a [Step],
    /// Requests past their needed-by date and not delivered, as of now.
    pub overdue: &'a [Request],
    /// Prompt asks sent, or first answered, in the period.
    pub asks: &'a [Ask],
    /// The acknowledgement target (`requests.acknowledge_within`).
    pub target: Duration,
    /// The company's date at the end of the period.
    pub today: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Digest {
    pub period: Period,
    pub opened: usize,
    pub acknowledged: usize,
    pub delivered: usize,
    pub declined: usize,
    pub blocked: usize,
    /// Time to acknowledge of the requests first answered by Marketing in the period.
    pub to_acknowledge: Timing,
    /// Time to deliver of the requests first delivered in the period.
    pub to_deliver: Timing,
    /// Of the requests acknowledged in the period, how many within the target.
    pub within_target: usize,
    pub target: Duration,
    /// Per team: asks sent in the period, and how many of them are answered.
    pub answer_rates: Vec<AnswerRate>,
    pub highlights: Vec<Highlight>,
    pub overdue: Vec<Overdue>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timing {
    pub overall: Option<Figures>,
    /// By the marketer who took the step, in name order.
    pub per_marketer: Vec<(PersonName, Figures)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRate {
    pub team: Team,
    pub asked: usize,
    pub answered: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    pub team: Team,
    pub person: PersonName,
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Overdue {
    pub id: RequestId,
    pub title: Title,
    pub assignee: Option<PersonName>,
    pub needed_by: NaiveDate,
    pub days_late: i64,
}

impl Digest {
    pub fn compute(input: &DigestInput<'_>) -> Digest {
        let period = input.period;
        let steps: Vec<&Step> = input
            .steps
            .iter()
            .filter(|s| period.contains(s.at))
            .collect();
        let count = |kind: StepKind| {
            let ids: BTreeSet<RequestId> = steps
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.request)
                .collect();
            ids.len()
        };
        let firsts = |pick: fn(&Step) -> bool| -> Vec<(PersonName, Duration)> {
            steps
                .iter()
                .filter(|s| pick(s))
                .map(|s| (s.actor.clone(), s.after_filing))
                .collect()
        };
        let acknowledge = firsts(|s| s.first_response);
        let deliver = firsts(|s| s.first_delivery);
        Digest {
            period,
            opened: count(StepKind::Filed),
            acknowledged: acknowledge.len(),
            delivered: count(StepKind::Delivered),
            declined: count(StepKind::Declined),
            blocked: count(StepKind::Blocked),
            within_target: acknowledge
                .iter()
                .filter(|(_, d)| *d <= input.target)
                .count(),
            to_acknowledge: timing(acknowledge),
            to_deliver: timing(deliver),
            target: input.target,
            answer_rates: answer_rates(input.asks, period),
            highlights: highlights(input.asks, period),
            overdue: overdue(input.overdue, input.today),
        }
    }
}

fn timing(steps: Vec<(PersonName, Duration)>) -> Timing {
    let mut by_person: BTreeMap<PersonName, Vec<Duration>> = BTreeMap::new();
    for (person, took) in &steps {
        by_person.entry(person.clone()).or_default().push(*took);
    }
    Timing {
        overall: Figures::of(steps.into_iter().map(|(_, d)| d).collect()),
        per_marketer: by_person
            .into_iter()
            .filter_map(|(p, values)| Figures::of(values).map(|f| (p, f)))
            .collect(),
    }
}

fn answer_rates(asks: &[Ask], period: Period) -> Vec<AnswerRate> {
    [Team::Sales, Team::Marketing]
        .into_iter()
        .map(|team| {
            let sent = asks
                .iter()
                .filter(|a| a.team == team && period.contains(a.sent_at));
            let (asked, answered) = sent.fold((0, 0), |(n, k), a| {
                (n + 1, k + usize::from(a.is_answered()))
            });
            AnswerRate {
                team,
                asked,
                answered,
            }
        })
        .collect()
}

/// Per team, the longest answers first answered in the period, one per person.
fn highlights(asks: &[Ask], period: Period) -> Vec<Highlight> {
    let mut all = Vec::new();
    for team in [Team::Sales, Team::Marketing] {
        let mut candidates: Vec<(&Ask, &str, &str)> = asks
            .iter()
            .filter(|a| a.team == team && a.answered_at.is_some_and(|t| period.contains(t)))
            .flat_map(|a| a.answered().map(move |(_, q, text)| (a, q, text.as_str())))
            .collect();
        candidates.sort_by_cached_key(|(a, _, text)| {
            (std::cmp::Reverse(text.chars().count()), a.person.clone())
        });
        let mut people: Vec<&PersonName> = Vec::new();
        for (ask, question, answer) in candidates {
            if people.len() == HIGHLIGHTS_PER_TEAM {
                break;
            }
            if people.contains(&&ask.person) {
                continue;
            }
            people.push(&ask.person);
            all.push(Highlight {
                team,
                person: ask.person.clone(),
                question: question.to_string(),
                answer: answer.to_string(),
            });
        }
    }
    all
}

/// Past their needed-by date and not delivered, the longest overdue first.
fn overdue(open: &[Request], today: NaiveDate) -> Vec<Overdue> {
    let mut list: Vec<Overdue> = open
        .iter()
        .filter(|r| r.is_overdue(today))
        .filter_map(|r| {
            let needed_by = r.needed_by?;
            Some(Overdue {
                id: r.id,
                title: r.title.clone(),
                assignee: r.assignee.clone(),
                needed_by,
                days_late: (today - needed_by).num_days(),
            })
        })
        .collect();
    list.sort_by_key(|o| (std::cmp::Reverse(o.days_late), o.id));
    list
}
