//! Short durations as people type them: `90m`, `4h`, `1d`, `2w`, `1d12h`.

use chrono::Duration;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("\"{0}\" is not a duration; write it like 90m, 4h, 3d or 2w")]
pub struct DurationError(pub String);

/// Parses a positive duration made of `<number><unit>` parts, units `s m h d w`.
pub fn parse_duration(input: &str) -> Result<Duration, DurationError> {
    let error = || DurationError(input.to_string());
    let text = input.trim();
    if text.is_empty() {
        return Err(error());
    }
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().map_err(|_| error())?;
        digits.clear();
        let part = match c.to_ascii_lowercase() {
            's' => Duration::try_seconds(n),
            'm' => Duration::try_minutes(n),
            'h' => Duration::try_hours(n),
            'd' => Duration::try_days(n),
            'w' => Duration::try_weeks(n),
            _ => None,
        };
        total = part.and_then(|p| total.checked_add(&p)).ok_or_else(error)?;
    }
    if !digits.is_empty() || total <= Duration::zero() {
        return Err(error());
    }
    Ok(total)
}

/// Formats a duration for people: `3d 4h`, `2h 5m`, `45m`, `20s`.
pub fn humanize(duration: Duration) -> String {
    let secs = duration.num_seconds().max(0);
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_combinations_parse() {
        assert_eq!(parse_duration("90m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_duration("3d"), Ok(Duration::days(3)));
        assert_eq!(parse_duration("2w"), Ok(Duration::weeks(2)));
        assert_eq!(parse_duration("1d12h"), Ok(Duration::hours(36)));
        assert_eq!(parse_duration("4H"), Ok(Duration::hours(4)));
    }

    #[test]
    fn nonsense_zero_and_bare_numbers_are_refused() {
        for bad in [
            "",
            "d",
            "3",
            "3x",
            "0m",
            "-1d",
            "1.5h",
            "99999999999999999w",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn humanized_durations_read_naturally() {
        assert_eq!(humanize(Duration::seconds(20)), "20s");
        assert_eq!(humanize(Duration::minutes(125)), "2h 5m");
        assert_eq!(humanize(Duration::hours(76)), "3d 4h");
        assert_eq!(humanize(Duration::days(2)), "2d");
    }
}
