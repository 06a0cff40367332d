//! The facts of a launch, from the record: what its linked requests went through, and what
//! people said of it in their prompt answers. A review shows them next to the opinions.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::people::{PersonName, Team};
use super::prompt::Ask;
use super::request::{Change, Request, RequestId, Status};
use super::stats::Figures;

/// Prompt answers count as the launch's from this many days before its date.
pub const WINDOW_BEFORE_DAYS: i64 = 30;

/// A reason given on the record: who, when, what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub at: DateTime<Utc>,
    pub by: PersonName,
    pub text: String,
}

/// One linked request's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestFact {
    pub id: RequestId,
    pub title: String,
    pub requester: PersonName,
    pub status: Status,
    pub filed_at: DateTime<Utc>,
    /// Marketing's first answer (acknowledge, start, deliver, block or decline).
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The day of the first delivery, in the company's zone.
    pub delivered_on: Option<NaiveDate>,
    pub needed_by: Option<NaiveDate>,
    pub blocks: Vec<Reason>,
    pub declines: Vec<Reason>,
    pub rating: Option<u8>,
}

/// A prompt answer that names the launch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub prompt: String,
    pub person: PersonName,
    pub team: Team,
    pub at: DateTime<Utc>,
    pub question: String,
    pub answer: String,
}

/// The facts of a launch at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub requests: Vec<RequestFact>,
    pub mentions: Vec<Mention>,
    /// The actions that came of the last earlier review of a launch in the same markets, as
    /// they stood (empty in reviews saved before this was kept).
    #[serde(default)]
    pub earlier: Vec<EarlierAction>,
}

/// An action that came of an earlier launch's review: what was promised, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierAction {
    /// The earlier launch's name.
    pub launch: String,
    /// `ACT-n`.
    pub id: String,
    pub what: String,
    pub owner: PersonName,
    pub outcome: Outcome,
}

/// Where an earlier action stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Open,
    Done { at: DateTime<Utc>, what: String },
    Dropped { at: DateTime<Utc>, reason: String },
}

impl RequestFact {
    pub fn of(request: &Request, zone: Tz) -> RequestFact {
        let reasons = |pick: fn(&Change) -> Option<&str>| -> Vec<Reason> {
            request
                .history
                .iter()
                .filter_map(|e| {
                    pick(&e.change).map(|text| Reason {
                        at: e.at,
                        by: e.actor.clone(),
                        text: text.to_string(),
                    })
                })
                .collect()
        };
        let delivered_at = request.time_to_deliver().map(|d| request.filed_at() + d);
        RequestFact {
            id: request.id,
            title: request.title.to_string(),
            requester: request.requester.clone(),
            status: request.status,
            filed_at: request.filed_at(),
            acknowledged_at: request
                .time_to_acknowledge()
                .map(|d| request.filed_at() + d),
            delivered_at,
            delivered_on: delivered_at.map(|at| at.with_timezone(&zone).date_naive()),
            needed_by: request.needed_by,
            blocks: reasons(|c| match c {
                Change::Blocked { reason } => Some(reason.as_str()),
                _ => None,
            }),
            declines: reasons(|c| match c {
                Change::Declined { reason } => Some(reason.as_str()),
                _ => None,
            }),
            rating: request.rating.map(|r| r.get()),
        }
    }

    /// Days it was delivered after its needed-by date (`None` if on time or not delivered).
    pub fn days_late(&self) -> Option<i64> {
        let late = (self.delivered_on? - self.needed_by?).num_days();
        (late > 0).then_some(late)
    }
}

impl Facts {
    /// The facts of `requests` (the launch's linked ones), oldest first, and of the prompt
    /// answers in `asks` that name `launch`.
    pub fn gather(launch: &str, requests: &[Request], asks: &[Ask], zone: Tz) -> Facts {
        let mut requests: Vec<RequestFact> =
            requests.iter().map(|r| RequestFact::of(r, zone)).collect();
        requests.sort_by_key(|r| (r.filed_at, r.id));
        let needle = launch.to_lowercase();
        let mut mentions: Vec<Mention> = asks
            .iter()
            .flat_map(|ask| {
                let at = ask.answered_at.unwrap_or(ask.sent_at);
                ask.answered()
                    .filter(|(_, _, answer)| answer.as_str().to_lowercase().contains(&needle))
                    .map(move |(_, question, answer)| Mention {
                        prompt: ask.prompt().to_string(),
                        person: ask.person.clone(),
                        team: ask.team,
                        at,
                        question: question.to_string(),
                        answer: answer.to_string(),
                    })
            })
            .collect();
        mentions.sort_by(|a, b| (a.at, &a.person).cmp(&(b.at, &b.person)));
        Facts {
            requests,
            mentions,
            earlier: Vec::new(),
        }
    }

    /// The median time from filing to Marketing's first answer.
    pub fn median_to_acknowledge(&self) -> Option<Duration> {
        let waits = self
            .requests
            .iter()
            .filter_map(|r| Some(r.acknowledged_at? - r.filed_at))
            .collect();
        Figures::of(waits).map(|f| f.median)
    }

    /// The median time from filing to the first delivery.
    pub fn median_to_deliver(&self) -> Option<Duration> {
        let waits = self
            .requests
            .iter()
            .filter_map(|r| Some(r.delivered_at? - r.filed_at))
            .collect();
        Figures::of(waits).map(|f| f.median)
    }

    /// How many were delivered after their needed-by date.
    pub fn delivered_late(&self) -> usize {
        self.requests
            .iter()
            .filter(|r| r.days_late().is_some())
            .count()
    }
}

/// From when prompt answers count as a launch's (30 days before its date, at midnight in
/// `zone`).
pub fn window_start(on: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let day = on - Duration::days(WINDOW_BEFORE_DAYS);
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&midnight)
        .earliest()
        .map_or(midnight.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Action, Kinds, NewRequest, Person, Role, Text, Title};

    fn person(name: &str, team: Team) -> Person {
        Person {
            name: PersonName::new(name),
            team,
            role: Role::Member,
            timezone: None,
            accounts: Vec::new(),
        }
    }

    #[test]
    fn times_lateness_and_reasons_come_from_the_history() {
        let filed = Utc.with_ymd_and_hms(2026, 11, 30, 4, 30, 0).unwrap();
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse("Talkers").expect("title"),
            quantity: None,
            market: None,
            needed_by: NaiveDate::from_ymd_opt(2026, 12, 2),
        };
        let id = RequestId::new(1).expect("id");
        let mut request = Request::file(id, new, PersonName::new("Asha"), filed);
        let priya = person("Priya", Team::Marketing);
        let reason = Text::parse("vendor at capacity", crate::domain::Input::Reason).expect("text");
        let h = Duration::hours(1);
        request
            .act(&priya, Action::Block { reason }, filed + h * 2)
            .expect("allowed");
        request
            .act(&priya, Action::Start, filed + h * 30)
            .expect("allowed");
        request
            .act(&priya, Action::Deliver { note: None }, filed + h * 72)
            .expect("allowed");
        let zone = chrono_tz::Asia::Kolkata;
        let facts = Facts::gather("diwali", &[request], &[], zone);
        let fact = &facts.requests[0];
        assert_eq!(fact.acknowledged_at, Some(filed + h * 2));
        assert_eq!(fact.blocks[0].text, "vendor at capacity");
        assert_eq!(fact.days_late(), Some(1), "wanted the 2nd, came the 3rd");
        assert_eq!(facts.median_to_acknowledge(), Some(h * 2));
        assert_eq!(facts.median_to_deliver(), Some(h * 72));
        assert_eq!(facts.delivered_late(), 1);
    }
}
