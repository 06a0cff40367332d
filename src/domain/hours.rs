//! Working hours: reminders wait for them, in each person's own zone.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use thiserror::Error;

/// Days of the week and a daily window, `[start, end)` in local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingHours {
    days: Vec<Weekday>,
    start: NaiveTime,
    end: NaiveTime,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum HoursError {
    #[error("\"{0}\" is not a list of days; write it like \"Mon-Fri\" or \"Mon,Wed,Fri\"")]
    Days(String),
    #[error("\"{0}\" is not a time window; write it like \"09:00-18:00\"")]
    Window(String),
    #[error("\"{0}\" ends before it starts")]
    Backwards(String),
}

impl Default for WorkingHours {
    /// Weekdays, 09:00–18:00.
    fn default() -> Self {
        WorkingHours {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
        }
    }
}

impl WorkingHours {
    /// `days` like `Mon-Fri` or `Mon,Wed,Fri`; `window` like `09:00-18:00`.
    pub fn parse(days: &str, window: &str) -> Result<Self, HoursError> {
        let days = parse_days(days)?;
        let (start, end) = window
            .split_once('-')
            .and_then(|(a, b)| Some((time(a)?, time(b)?)))
            .ok_or_else(|| HoursError::Window(window.to_string()))?;
        if end <= start {
            return Err(HoursError::Backwards(window.to_string()));
        }
        Ok(WorkingHours { days, start, end })
    }

    /// `local` moved on by `days` working days, at the same time of day: three working days
    /// after a Friday is the Wednesday after.
    pub fn after_working_days(&self, local: NaiveDateTime, days: u32) -> NaiveDateTime {
        let mut at = local;
        let mut counted = 0;
        // At most a week passes per working day (there is at least one working day a week).
        for _ in 0..days.saturating_mul(7) {
            if counted == days {
                break;
            }
            at += chrono::Duration::days(1);
            if self.days.contains(&at.weekday()) {
                counted += 1;
            }
        }
        at
    }

    /// `day` moved back by `days` working days: three working days before a Wednesday is the
    /// Friday before.
    pub fn before_working_days(&self, day: NaiveDate, days: u32) -> NaiveDate {
        let mut at = day;
        let mut counted = 0;
        for _ in 0..days.saturating_mul(7) {
            if counted == days {
                break;
            }
            at -= chrono::Duration::days(1);
            if self.days.contains(&at.weekday()) {
                counted += 1;
            }
        }
        at
    }

    /// Whether `day` is a working day.
    pub fn works_on(&self, day: NaiveDate) -> bool {
        self.days.contains(&day.weekday())
    }

    /// Whether `local` (a wall-clock time in the person's zone) is inside working hours.
    pub fn contains(&self, local: NaiveDateTime) -> bool {
        let time = local.time();
        self.days.contains(&local.weekday()) && self.start <= time && time < self.end
    }
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn parse_days(text: &str) -> Result<Vec<Weekday>, HoursError> {
    let error = || HoursError::Days(text.to_string());
    let mut days = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        let first: Weekday = first.trim().parse().map_err(|_| error())?;
        let last: Weekday = last.trim().parse().map_err(|_| error())?;
        let mut day = first;
        // A range wraps round the week (Sat-Mon), so at most seven steps.
        for _ in 0..7 {
            if !days.contains(&day) {
                days.push(day);
            }
            if day == last {
                break;
            }
            day = day.succ();
        }
    }
    if days.is_empty() {
        return Err(error());
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Monday 30 November 2026 at `hour:minute`.
    fn monday(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .expect("valid")
    }

    #[test]
    fn the_default_is_weekdays_nine_to_six() {
        let hours = WorkingHours::default();
        assert!(hours.contains(monday(9, 0)));
        assert!(hours.contains(monday(17, 59)));
        assert!(!hours.contains(monday(18, 0)));
        assert!(!hours.contains(monday(8, 59)));
        let sunday = monday(12, 0) - chrono::Duration::days(1);
        assert!(!hours.contains(sunday));
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let hours = WorkingHours::default();
        let monday = monday(10, 0);
        let thursday = monday + chrono::Duration::days(3);
        assert_eq!(hours.after_working_days(monday, 3), thursday);
        let wednesday = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        assert_eq!(hours.before_working_days(wednesday, 3), friday);
        let friday = monday + chrono::Duration::days(4);
        let wednesday = monday + chrono::Duration::days(9);
        assert_eq!(hours.after_working_days(friday, 3), wednesday);
    }

    #[test]
    fn days_and_windows_parse_and_nonsense_is_refused() {
        let hours = WorkingHours::parse("Sun-Thu", "08:30-17:00").expect("valid");
        assert!(hours.days.contains(&Weekday::Sun) && !hours.days.contains(&Weekday::Fri));
        assert_eq!(
            WorkingHours::parse("Mon,Wed", "10:00-12:00").map(|h| h.days.len()),
            Ok(2)
        );
        assert!(WorkingHours::parse("weekdays", "09:00-18:00").is_err());
        assert!(WorkingHours::parse("Mon-Fri", "9-6").is_err());
        assert_eq!(
            WorkingHours::parse("Mon-Fri", "18:00-09:00"),
            Err(HoursError::Backwards("18:00-09:00".into()))
        );
    }
}
