//! Forecast figures: a number that is not negative, the gap between two teams' figures, and
//! whose forecast came closer to what happened.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A figure as typed: `1200`, `1,200`, `12.5`; never negative.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount(f64);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AmountError {
    #[error("\"{0}\" is not a number; write a figure like 1200 or 1,200.5")]
    NotANumber(String),
    #[error("{0} is negative; a figure is 0 or more")]
    Negative(String),
}

impl Amount {
    /// The largest figure taken: beyond it a float no longer counts units exactly.
    pub const MAX: f64 = 1e15;

    pub fn parse(input: &str) -> Result<Self, AmountError> {
        let typed = input.trim();
        let cleaned: String = typed.chars().filter(|c| *c != ',' && *c != '_').collect();
        let value: f64 = cleaned
            .parse()
            .map_err(|_| AmountError::NotANumber(typed.to_string()))?;
        if !value.is_finite() || value.abs() > Self::MAX {
            return Err(AmountError::NotANumber(typed.to_string()));
        }
        if value < 0.0 {
            return Err(AmountError::Negative(typed.to_string()));
        }
        Ok(Amount(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// Halfway between two figures: what a line within the gap threshold is agreed at.
    pub fn midpoint(a: Amount, b: Amount) -> Amount {
        Amount((a.0 + b.0) / 2.0)
    }
}

impl fmt::Display for Amount {
    /// `1,200` or `1,200.5`: thousands grouped, at most two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = (self.0 * 100.0).round() / 100.0;
        let whole = rounded.trunc() as u64;
        let mut digits = whole.to_string();
        let mut grouped = String::new();
        while digits.len() > 3 {
            let tail = digits.split_off(digits.len() - 3);
            grouped = format!(",{tail}{grouped}");
        }
        grouped = format!("{digits}{grouped}");
        let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
        match cents {
            0 => f.write_str(&grouped),
            c if c % 10 == 0 => write!(f, "{grouped}.{}", c / 10),
            c => write!(f, "{grouped}.{c:02}"),
        }
    }
}

/// The gap between two teams' figures, in percent of their average (so that neither team's
/// figure is the yardstick): 100 against 120 is 18.2%. Two zeros have no gap.
pub fn gap_percent(sales: Amount, marketing: Amount) -> f64 {
    let mean = (sales.0 + marketing.0) / 2.0;
    if mean == 0.0 {
        return 0.0;
    }
    (sales.0 - marketing.0).abs() / mean * 100.0
}

/// How far a forecast was from what happened, in percent of what happened (signed: above is
/// positive). `None` when nothing happened (an actual of 0), where percent means nothing.
pub fn miss_percent(forecast: Amount, actual: Amount) -> Option<f64> {
    if actual.0 == 0.0 {
        return None;
    }
    Some((forecast.0 - actual.0) / actual.0 * 100.0)
}

/// Which forecast came closer to `actual`: `Less` for the first, `Greater` for the second.
pub fn closer(first: Amount, second: Amount, actual: Amount) -> std::cmp::Ordering {
    let a = (first.0 - actual.0).abs();
    let b = (second.0 - actual.0).abs();
    a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        Amount::parse(text).expect("a figure")
    }

    #[test]
    fn figures_are_numbers_that_are_not_negative() {
        assert_eq!(amount("1,200").get(), 1200.0);
        assert_eq!(amount("12.5").get(), 12.5);
        assert_eq!(amount("0").get(), 0.0);
        assert!(matches!(
            Amount::parse("lots"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("NaN"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Amount::parse("inf"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(Amount::parse("-5"), Err(AmountError::Negative(_))));
    }

    #[test]
    fn figures_read_with_grouped_thousands() {
        assert_eq!(amount("1234567").to_string(), "1,234,567");
        assert_eq!(amount("1200.5").to_string(), "1,200.5");
        assert_eq!(amount("999.25").to_string(), "999.25");
        assert_eq!(amount("0").to_string(), "0");
    }

    #[test]
    fn the_gap_is_measured_against_the_average_of_both_figures() {
        let gap = gap_percent(amount("100"), amount("120"));
        assert!((gap - 18.18).abs() < 0.01, "{gap}");
        assert_eq!(gap_percent(amount("0"), amount("0")), 0.0);
        assert_eq!(gap_percent(amount("50"), amount("50")), 0.0);
    }

    #[test]
    fn the_closer_forecast_is_the_one_nearer_to_what_happened() {
        let (sales, marketing, actual) = (amount("1200"), amount("950"), amount("1000"));
        assert_eq!(
            closer(sales, marketing, actual),
            std::cmp::Ordering::Greater
        );
        assert_eq!(miss_percent(sales, actual), Some(20.0));
        assert_eq!(miss_percent(marketing, actual), Some(-5.0));
        assert_eq!(miss_percent(sales, amount("0")), None);
    }
}
