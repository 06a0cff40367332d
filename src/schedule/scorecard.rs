//! The monthly scorecard, posted by itself: at the first `[scorecard] cron` time that falls on
//! a working day of a month, the month before goes to the leads by DM and to the channels the
//! section names. Whether a due time is that first one is worked out from the calendar alone,
//! so a restart can neither post it twice nor forget it (within the catch-up window).

use chrono::{Datelike, NaiveDate};

use super::times::{Due, next_due};
use crate::bot::{Bot, ScorecardError};
use crate::config::{ScorecardSettings, ScorecardTo};
use crate::domain::{Month, Team, WorkingHours};
use crate::message::{Destination, Op, Outgoing};
use crate::store::{ScheduleWrite, StoreError};

/// Due times looked at before `due` in its month (an hourly cron over a month is ~750).
const MAX_EARLIER: usize = 2_000;

/// Queues last month's scorecard when `due` is the month's first working-day due time.
pub fn fire(
    bot: &Bot,
    settings: &ScorecardSettings,
    due: Due,
    write: &mut ScheduleWrite,
) -> Result<(), StoreError> {
    let zone = bot.settings().timezone;
    if !first_working_due(settings, zone, &bot.settings().working_hours, due) {
        return Ok(());
    }
    let month = Month::of(due.local.date()).previous();
    let report = match bot.report_of(Some(month)) {
        Ok(report) => report,
        Err(ScorecardError::Store(error)) => return Err(error),
        Err(error) => {
            tracing::info!(%month, %error, "no scorecard this month");
            return Ok(());
        }
    };
    let message = match bot.scorecard_message(&report) {
        Ok(message) => message,
        Err(error) => {
            tracing::error!(%month, %error, "the monthly scorecard could not be drawn");
            return Ok(());
        }
    };
    let directory = bot.directory();
    for to in &settings.to {
        let destinations: Vec<Destination> = match to {
            ScorecardTo::Leads => [Team::Sales, Team::Marketing]
                .into_iter()
                .flat_map(|team| directory.leads(team))
                .map(|lead| Destination::Person(lead.name.clone()))
                .collect(),
            ScorecardTo::Channel(name) => vec![Destination::Channel(name.clone())],
        };
        for to in destinations {
            write.outgoing.push(Outgoing {
                to,
                op: Op::Post,
                message: message.clone(),
            });
        }
    }
    tracing::info!(%month, "the monthly scorecard is on its way");
    Ok(())
}

/// Whether `due` is on a working day and no earlier due time of the cron in its month is.
fn first_working_due(
    settings: &ScorecardSettings,
    zone: chrono_tz::Tz,
    hours: &WorkingHours,
    due: Due,
) -> bool {
    let day = due.local.date();
    if !hours.works_on(day) {
        return false;
    }
    let Some(first_day) = NaiveDate::from_ymd_opt(day.year(), day.month(), 1) else {
        return false;
    };
    let Some(start) = first_day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(zone).earliest())
    else {
        return false;
    };
    // The month's first due time is the first after the instant just before midnight.
    let mut cursor = start.with_timezone(&chrono::Utc) - chrono::Duration::milliseconds(1);
    for _ in 0..MAX_EARLIER {
        match next_due(&settings.cron, zone, cursor) {
            Some(earlier) if earlier.at < due.at => {
                if hours.works_on(earlier.local.date()) {
                    return false;
                }
                cursor = earlier.at;
            }
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::{TimeZone, Utc};

    use super::*;

    fn settings(cron: &str) -> ScorecardSettings {
        ScorecardSettings {
            cron: cron::Schedule::from_str(cron).expect("cron"),
            to: vec![ScorecardTo::Leads],
            catch_up: chrono::Duration::hours(12),
        }
    }

    fn due(zone: chrono_tz::Tz, y: i32, m: u32, d: u32, h: u32) -> Due {
        let at = zone
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("time");
        Due {
            local: at.naive_local(),
            at: at.with_timezone(&Utc),
        }
    }

    #[test]
    fn only_the_first_working_day_of_a_month_posts() {
        let zone = chrono_tz::Asia::Kolkata;
        let hours = WorkingHours::default();
        let daily = settings("0 0 9 * * *");
        // 1 Dec 2026 is a Tuesday; 1 Aug 2026 a Saturday, so 3 Aug (Monday) is the first.
        assert!(first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 12, 1, 9)
        ));
        assert!(!first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 12, 2, 9)
        ));
        assert!(!first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 8, 1, 9)
        ));
        assert!(!first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 8, 2, 9)
        ));
        assert!(first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 8, 3, 9)
        ));
        assert!(!first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 8, 4, 9)
        ));
    }

    #[test]
    fn with_several_times_a_day_only_the_first_of_the_day_posts() {
        let zone = chrono_tz::Europe::London;
        let hours = WorkingHours::default();
        let twice = settings("0 0 9,15 * * Mon-Fri");
        assert!(first_working_due(
            &twice,
            zone,
            &hours,
            due(zone, 2026, 12, 1, 9)
        ));
        assert!(!first_working_due(
            &twice,
            zone,
            &hours,
            due(zone, 2026, 12, 1, 15)
        ));
    }

    #[test]
    fn a_week_that_works_sunday_to_thursday_posts_on_sunday() {
        let zone = chrono_tz::Asia::Dubai;
        let hours = WorkingHours::parse("Sun-Thu", "09:00-18:00").expect("hours");
        let daily = settings("0 0 9 * * *");
        // 1 Nov 2026 is a Sunday.
        assert!(first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2026, 11, 1, 9)
        ));
        // 1 Jan 2027 is a Friday: the first working day there is Sunday the 3rd.
        assert!(!first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2027, 1, 1, 9)
        ));
        assert!(first_working_due(
            &daily,
            zone,
            &hours,
            due(zone, 2027, 1, 3, 9)
        ));
    }
}
