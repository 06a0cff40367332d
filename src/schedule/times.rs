//! Due times of a cron schedule in a time zone, with daylight saving handled on purpose.
//!
//! The cron crate iterates in a zone by skipping local times that don't exist and yielding
//! repeated ones twice. Here the schedule runs on the wall clock instead (the zone's local
//! times, computed as if in UTC, which has no daylight saving), and each wall-clock time is
//! then placed: a repeated one at its first instant, a skipped one at the next valid instant.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// How many wall-clock times are looked at for one due time (a repeated hour at most doubles
/// them); a schedule is never this dense.
const MAX_CANDIDATES: usize = 1_000;
/// The longest daylight-saving gap searched, in minutes (real ones are one hour or less).
const MAX_GAP_MINUTES: i64 = 24 * 60;

/// One due time: the wall-clock time the schedule names, and the instant it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub local: NaiveDateTime,
    pub at: DateTime<Utc>,
}

/// The first due time of `schedule` in `zone` strictly after `after`, fired at most once per
/// wall-clock time.
pub fn next_due(schedule: &cron::Schedule, zone: Tz, after: DateTime<Utc>) -> Option<Due> {
    let local_after = after.with_timezone(&zone).naive_local();
    schedule
        .after(&local_after.and_utc())
        .take(MAX_CANDIDATES)
        .map(|wall| wall.naive_utc())
        .filter_map(|local| instant(zone, local).map(|at| Due { local, at }))
        .find(|due| due.at > after)
}

/// The instant of wall-clock time `local` in `zone`: its first occurrence when the clocks go
/// back, the end of the gap when they go forward over it.
pub fn instant(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    if let Some(at) = zone.from_local_datetime(&local).earliest() {
        return Some(at.with_timezone(&Utc));
    }
    let minute = local.with_second(0)?.with_nanosecond(0)?;
    (1..=MAX_GAP_MINUTES)
        .map(|m| minute + Duration::minutes(m))
        .find_map(|t| zone.from_local_datetime(&t).earliest())
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::London;
    use std::str::FromStr;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("valid")
    }

    fn dues(line: &str, from: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let schedule = cron::Schedule::from_str(line).expect("cron");
        let mut at = from;
        let mut found = Vec::new();
        for _ in 0..count {
            let due = next_due(&schedule, London, at).expect("due");
            found.push(due.at);
            at = due.at;
        }
        found
    }

    #[test]
    fn a_skipped_local_time_fires_at_the_end_of_the_gap() {
        // 29 March 2026: London goes from 01:00 GMT to 02:00 BST; 01:30 does not exist.
        let got = dues("0 30 1 * * *", utc(2026, 3, 28, 12, 0), 3);
        assert_eq!(
            got,
            vec![
                utc(2026, 3, 29, 1, 0),  // 02:00 BST, the next valid instant
                utc(2026, 3, 30, 0, 30), // 01:30 BST
                utc(2026, 3, 31, 0, 30),
            ]
        );
    }

    #[test]
    fn a_repeated_local_time_fires_once_at_its_first_occurrence() {
        // 25 October 2026: London goes from 02:00 BST back to 01:00 GMT; 01:30 happens twice.
        let got = dues("0 30 1 * * *", utc(2026, 10, 24, 12, 0), 3);
        assert_eq!(
            got,
            vec![
                utc(2026, 10, 25, 0, 30), // 01:30 BST
                utc(2026, 10, 26, 1, 30), // 01:30 GMT, a day later
                utc(2026, 10, 27, 1, 30),
            ]
        );
    }

    #[test]
    fn a_weekly_time_keeps_its_local_hour_across_both_changes() {
        let got = dues("0 0 16 * * Fri", utc(2026, 3, 20, 0, 0), 3);
        assert_eq!(
            got,
            vec![
                utc(2026, 3, 20, 16, 0), // GMT
                utc(2026, 3, 27, 16, 0), // still GMT: the change is on the 29th
                utc(2026, 4, 3, 15, 0),  // BST
            ]
        );
        let autumn = dues("0 0 16 * * Fri", utc(2026, 10, 22, 0, 0), 2);
        assert_eq!(
            autumn,
            vec![utc(2026, 10, 23, 15, 0), utc(2026, 10, 30, 16, 0)]
        );
    }

    #[test]
    fn every_quarter_hour_in_the_gap_collapses_to_one_firing() {
        let got = dues("0 */15 1 * * *", utc(2026, 3, 29, 0, 50), 2);
        assert_eq!(got, vec![utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 0)]);
        let local = NaiveDate::from_ymd_opt(2026, 3, 29)
            .and_then(|d| d.and_hms_opt(1, 45, 0))
            .expect("valid");
        assert_eq!(instant(London, local), Some(utc(2026, 3, 29, 1, 0)));
    }
}
