//! Market visits and ride-alongs: the record, who may do what to it, the date rules and the
//! monthly target's arithmetic. Pure: no clock (today is passed in), no store.
//!
//! A dispute is settled in one of two ways: the Sales companion vouches after all
//! (`visit vouch`), or a Marketing lead rules that it happened (`visit vouch` by the lead,
//! shown as "settled by"). Until then the visit does not count toward the target.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::people::PersonName;
use super::values::Text;

/// A logged visit may be this many days old, at most.
pub const LOG_WITHIN_DAYS: i64 = 31;
/// Nudges suggest Sales people by how little they hosted over this many days.
pub const HOSTED_OVER_DAYS: i64 = 60;

/// `VIS-<n>`, numbered from 1 per store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VisitId(u64);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{0}\" is not a visit ID; write it like VIS-3")]
pub struct VisitIdError(pub String);

impl VisitId {
    pub fn new(n: u64) -> Option<Self> {
        (n > 0).then_some(VisitId(n))
    }

    pub fn number(self) -> u64 {
        self.0
    }

    /// Accepts `VIS-3`, `vis-3`, `#3` and `3`.
    pub fn parse(input: &str) -> Result<Self, VisitIdError> {
        crate::domain::values::numbered(input, "VIS-")
            .and_then(VisitId::new)
            .ok_or_else(|| VisitIdError(input.trim().to_string()))
    }
}

impl fmt::Display for VisitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VIS-{}", self.0)
    }
}

/// Where a visit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitStatus {
    /// Sales asked the marketer along; waiting for an answer.
    Invited,
    /// The marketer said no (with a reason).
    Declined,
    /// On the calendar; learnings come after.
    Planned,
    /// It happened and its learnings are in.
    Done,
}

/// Someone's word on a visit: a vouch, a dispute, a decline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    pub by: PersonName,
    pub at: DateTime<Utc>,
    pub text: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub marketer: PersonName,
    pub market: Text,
    /// The marketer's own date of the visit.
    pub date: NaiveDate,
    /// The Sales person who was (or will be) there.
    pub companion: Option<PersonName>,
    pub kind: Option<String>,
    pub status: VisitStatus,
    pub learnings: Option<Text>,
    /// Who invited the marketer along, and their note.
    pub invited: Option<Word>,
    pub declined: Option<Word>,
    pub vouched: Option<Word>,
    pub disputed: Option<Word>,
    /// A Marketing lead's ruling that a disputed visit happened.
    pub settled: Option<Word>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change: an update must start from the version it read.
    pub version: u32,
}

impl Visit {
    /// A visit `marketer` plans to `market` on `date`, made at `at`: nobody else named yet,
    /// nothing said about it. Its ID is set as the store numbers it.
    pub fn planned(
        id: VisitId,
        marketer: PersonName,
        market: Text,
        date: NaiveDate,
        at: DateTime<Utc>,
    ) -> Visit {
        Visit {
            id,
            marketer,
            market,
            date,
            companion: None,
            kind: None,
            status: VisitStatus::Planned,
            learnings: None,
            invited: None,
            declined: None,
            vouched: None,
            disputed: None,
            settled: None,
            created_at: at,
            updated_at: at,
            version: 0,
        }
    }

    /// Done, and not under an unsettled dispute: counts toward the target.
    pub fn counts(&self) -> bool {
        self.status == VisitStatus::Done && !self.in_dispute()
    }

    pub fn in_dispute(&self) -> bool {
        self.disputed.is_some() && self.vouched.is_none() && self.settled.is_none()
    }

    pub fn is_vouched(&self) -> bool {
        self.counts() && self.vouched.is_some()
    }

    /// Planned (or accepted) and not done yet.
    pub fn is_planned(&self) -> bool {
        self.status == VisitStatus::Planned
    }

    /// Planned and still to come on `today` (its date is today or later): one whose date
    /// passed without being logged is no longer a plan.
    pub fn is_to_come(&self, today: NaiveDate) -> bool {
        self.is_planned() && self.date >= today
    }

    /// "Priya in Pune West with Asha".
    pub fn headline(&self) -> String {
        match &self.companion {
            Some(with) => format!("{} in {} with {with}", self.marketer, self.market),
            None => format!("{} in {}", self.marketer, self.market),
        }
    }
}

/// Why a date does not suit.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DateRule {
    #[error("{date} is in the future (today is {today}); plan it with `visit plan` instead")]
    Future { date: NaiveDate, today: NaiveDate },
    #[error("{date} is more than {LOG_WITHIN_DAYS} days ago; log visits within a month")]
    TooOld { date: NaiveDate },
    #[error("{date} is in the past (today is {today}); log a visit that happened with `visit log`")]
    Past { date: NaiveDate, today: NaiveDate },
}

/// A visit that happened: not in the future, not older than `LOG_WITHIN_DAYS`.
pub fn check_logged(date: NaiveDate, today: NaiveDate) -> Result<(), DateRule> {
    if date > today {
        return Err(DateRule::Future { date, today });
    }
    if today - date > Duration::days(LOG_WITHIN_DAYS) {
        return Err(DateRule::TooOld { date });
    }
    Ok(())
}

/// A visit to come: today or later.
pub fn check_planned(date: NaiveDate, today: NaiveDate) -> Result<(), DateRule> {
    if date < today {
        return Err(DateRule::Past { date, today });
    }
    Ok(())
}

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("month: wants a month like 2027-01, not \"{0}\"")]
pub struct MonthError(pub String);

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn parse(input: &str) -> Result<Month, MonthError> {
        let error = || MonthError(input.to_string());
        let (year, month) = input.trim().split_once('-').ok_or_else(error)?;
        let month = Month {
            year: year.parse().map_err(|_| error())?,
            month: month.parse().map_err(|_| error())?,
        };
        month.first().map(|_| month).ok_or_else(error)
    }

    fn first(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The first day.
    pub fn start(self) -> NaiveDate {
        self.first().unwrap_or(NaiveDate::MIN)
    }

    /// The first day of the next month.
    pub fn end(self) -> NaiveDate {
        self.next().start()
    }

    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn previous(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            m => Month {
                year: self.year,
                month: m - 1,
            },
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.end().pred_opt().unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One marketer's month: what counts, what is vouched for, what is planned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub vouched: usize,
    /// Planned visits still to come: a planned visit whose date passed without a log is not
    /// counted anywhere.
    pub planned: usize,
}

impl Tally {
    /// The tally of `marketer`'s visits dated in `month`, on the marketer's `today`.
    pub fn of<'a>(
        marketer: &PersonName,
        month: Month,
        visits: impl IntoIterator<Item = &'a Visit>,
        today: NaiveDate,
    ) -> Tally {
        let mut tally = Tally::default();
        for visit in visits {
            if &visit.marketer != marketer || !month.contains(visit.date) {
                continue;
            }
            tally.done += usize::from(visit.counts());
            tally.vouched += usize::from(visit.is_vouched());
            tally.planned += usize::from(visit.is_to_come(today));
        }
        tally
    }

    pub fn met(&self, target: u32) -> bool {
        self.done >= target as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn visit_ids_read_like_vis_n() {
        assert_eq!(VisitId::parse("VIS-3").map(VisitId::number), Ok(3));
        assert_eq!(VisitId::parse("vis-12").map(VisitId::number), Ok(12));
        assert_eq!(VisitId::parse("4").map(VisitId::number), Ok(4));
        assert!(VisitId::parse("VIS-0").is_err());
        assert!(VisitId::parse("REQ-3").is_err());
        assert_eq!(VisitId::new(7).map(|v| v.to_string()), Some("VIS-7".into()));
    }

    #[test]
    fn a_logged_visit_is_not_in_the_future_nor_older_than_a_month() {
        let today = day("2027-03-15");
        assert!(check_logged(today, today).is_ok());
        assert!(check_logged(day("2027-02-12"), today).is_ok());
        assert!(matches!(
            check_logged(day("2027-02-11"), today),
            Err(DateRule::TooOld { .. })
        ));
        assert!(matches!(
            check_logged(day("2027-03-16"), today),
            Err(DateRule::Future { .. })
        ));
        assert!(check_planned(today, today).is_ok());
        assert!(matches!(
            check_planned(day("2027-03-14"), today),
            Err(DateRule::Past { .. })
        ));
    }

    #[test]
    fn a_planned_visit_counts_as_planned_only_until_its_date_has_passed() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let planned = |n, date| {
            Visit::planned(
                VisitId::new(n).expect("an id"),
                PersonName::new("Priya"),
                Text::parse("Pune", crate::domain::Input::Market).expect("a market"),
                day(date),
                at,
            )
        };
        let visits = [
            planned(1, "2027-03-03"),
            planned(2, "2027-03-15"),
            planned(3, "2027-03-20"),
        ];
        let tally = |today| {
            Tally::of(
                &PersonName::new("Priya"),
                Month::of(day(today)),
                &visits,
                day(today),
            )
        };
        assert_eq!(tally("2027-03-02").planned, 3);
        assert_eq!(
            tally("2027-03-15").planned,
            2,
            "one on the day itself is still to come"
        );
        assert_eq!(tally("2027-03-16").planned, 1);
        assert_eq!(
            tally("2027-03-31"),
            Tally::default(),
            "passed unlogged: counted nowhere"
        );
    }

    #[test]
    fn months_parse_and_step_across_the_year_end() {
        let december = Month::parse("2026-12").expect("a month");
        assert_eq!(december.next().to_string(), "2027-01");
        assert_eq!(december.next().previous(), december);
        assert_eq!(december.last_day(), day("2026-12-31"));
        assert_eq!(
            Month::parse("2027-02").map(Month::last_day),
            Ok(day("2027-02-28"))
        );
        assert!(Month::parse("2027-13").is_err());
        assert!(Month::parse("March").is_err());
    }
}
