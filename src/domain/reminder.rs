//! Which reminders a request warrants, and for whom: pure rules, no clock, no store.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::{Directory, PersonName, Team};
use super::request::{Request, Status};

/// A request blocked this long is brought to the marketing lead's attention…
pub const BLOCKED_LONG_AFTER: Duration = Duration::days(7);
/// …and again this often while it stays blocked.
pub const BLOCKED_REPEAT_EVERY: Duration = Duration::days(7);
/// A needed-by date this many days away (or fewer) is near.
pub const DUE_SOON_DAYS: i64 = 2;

/// What a reminder is about; the most pressing first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// Past its needed-by date (to the marketing lead, daily).
    Overdue,
    /// The needed-by date is two days away or less (to the assignee and the marketing lead).
    DueSoon,
    /// Waited longer than `acknowledge_within` (to the assignee, else the marketing lead).
    Acknowledge,
    /// Blocked for a week or more (to the marketing lead, weekly).
    Blocked,
    /// An unanswered prompt (once).
    Prompt,
    /// The day after a planned visit: what did you learn? (once per visit)
    VisitAsk,
    /// A marketer under the month's visit target (at most weekly).
    VisitNudge,
    /// A Marketing lead's monthly line on the visit target (once per month).
    VisitMonthly,
    /// An action past its due date (to its owner, at most once a working day).
    ActionOverdue,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 9] = [
        ReminderKind::Overdue,
        ReminderKind::DueSoon,
        ReminderKind::Acknowledge,
        ReminderKind::Blocked,
        ReminderKind::Prompt,
        ReminderKind::VisitAsk,
        ReminderKind::VisitNudge,
        ReminderKind::VisitMonthly,
        ReminderKind::ActionOverdue,
    ];

    pub fn word(self) -> &'static str {
        match self {
            ReminderKind::Overdue => "overdue",
            ReminderKind::DueSoon => "due_soon",
            ReminderKind::Acknowledge => "acknowledge",
            ReminderKind::Blocked => "blocked",
            ReminderKind::Prompt => "prompt",
            ReminderKind::VisitAsk => "visit_ask",
            ReminderKind::VisitNudge => "visit_nudge",
            ReminderKind::VisitMonthly => "visit_monthly",
            ReminderKind::ActionOverdue => "action_overdue",
        }
    }

    pub fn from_word(word: &str) -> Option<ReminderKind> {
        Self::ALL.into_iter().find(|k| k.word() == word)
    }
}

impl fmt::Display for ReminderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The reminders `request` warrants at `now`, at most one per person (the most pressing),
/// before any pause, quiet hours or earlier reminder is taken into account. `today_of` gives
/// a person's own date.
pub fn request_reminders(
    request: &Request,
    now: DateTime<Utc>,
    target: Duration,
    directory: &Directory,
    today_of: &dyn Fn(&PersonName) -> NaiveDate,
) -> Vec<(PersonName, ReminderKind)> {
    let leads: Vec<PersonName> = directory
        .leads(Team::Marketing)
        .map(|p| p.name.clone())
        .collect();
    let mut found: Vec<(PersonName, ReminderKind)> = Vec::new();
    if let Some(by) = request.needed_by.filter(|_| request.status.is_waiting()) {
        let assignee = request.assignee.iter().cloned();
        for person in assignee.chain(leads.iter().cloned()) {
            let days_left = (by - today_of(&person)).num_days();
            let is_lead = leads.contains(&person);
            if days_left < 0 && is_lead {
                found.push((person, ReminderKind::Overdue));
            } else if (0..=DUE_SOON_DAYS).contains(&days_left) {
                found.push((person, ReminderKind::DueSoon));
            }
        }
    }
    if request.status == Status::Open && now - since(request, Status::Open) > target {
        for person in acknowledgers(request, directory) {
            found.push((person, ReminderKind::Acknowledge));
        }
    }
    if request.status == Status::Blocked
        && now - since(request, Status::Blocked) >= BLOCKED_LONG_AFTER
    {
        found.extend(leads.iter().map(|p| (p.clone(), ReminderKind::Blocked)));
    }
    found.sort_by_key(|(_, kind)| *kind);
    let mut unique: Vec<(PersonName, ReminderKind)> = Vec::new();
    for (person, kind) in found {
        if !unique.iter().any(|(p, _)| *p == person) {
            unique.push((person, kind));
        }
    }
    unique
}

/// When the request last entered `status`.
fn since(request: &Request, status: Status) -> DateTime<Utc> {
    request
        .history
        .iter()
        .rev()
        .find(|e| e.change.status_after() == Some(status))
        .map_or(request.filed_at(), |e| e.at)
}

/// Who should acknowledge: the assignee while they are in Marketing; else (nobody assigned,
/// or the assignee has left or moved team) the marketing leads, who hand work out (a whole
/// team reminded of every request would soon stop reading); else all of Marketing.
fn acknowledgers(request: &Request, directory: &Directory) -> Vec<PersonName> {
    let in_marketing = |name: &&PersonName| {
        directory
            .by_name(name.as_str())
            .is_some_and(|p| p.team == Team::Marketing)
    };
    if let Some(assignee) = request.assignee.as_ref().filter(in_marketing) {
        return vec![assignee.clone()];
    }
    let leads: Vec<PersonName> = directory
        .leads(Team::Marketing)
        .map(|p| p.name.clone())
        .collect();
    if !leads.is_empty() {
        return leads;
    }
    directory
        .members_of(Team::Marketing)
        .map(|p| p.name.clone())
        .collect()
}
