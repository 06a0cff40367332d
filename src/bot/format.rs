//! Dates and times as people read them, in their own zone.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// `Mon 30 Nov 11:52 IST`
pub fn when(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b %H:%M %Z")
        .to_string()
}

/// `Thu 10 Dec 2026`
pub fn date(day: NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_show_in_the_readers_zone() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 30, 6, 22, 0)
            .single()
            .expect("valid");
        assert_eq!(when(at, chrono_tz::Asia::Kolkata), "Mon 30 Nov 11:52 IST");
        assert_eq!(when(at, chrono_tz::Europe::London), "Mon 30 Nov 06:22 GMT");
        let day = NaiveDate::from_ymd_opt(2026, 12, 10).expect("valid");
        assert_eq!(date(day), "Thu 10 Dec 2026");
    }
}
