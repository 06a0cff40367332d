//! Small statistics for the digest: median and 90th percentile of durations.

use chrono::Duration;

/// How many values, and their median and 90th percentile (nearest rank).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    pub count: usize,
    pub median: Duration,
    pub p90: Duration,
}

impl Figures {
    /// `None` for no values.
    pub fn of(mut values: Vec<Duration>) -> Option<Figures> {
        if values.is_empty() {
            return None;
        }
        values.sort();
        Some(Figures {
            count: values.len(),
            median: nearest_rank(&values, 50),
            p90: nearest_rank(&values, 90),
        })
    }
}

/// The bars a sparkline is drawn with, lowest first.
pub const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A sparkline's mark for a value missing (no data that week).
pub const NO_SPARK: char = '·';

/// Values as a line of bars scaled from zero to the highest: text that reads anywhere.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let highest = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
    values
        .iter()
        .map(|v| match v {
            None => NO_SPARK,
            Some(_) if highest <= 0.0 => SPARKS[0],
            Some(v) => {
                let step = (v.max(0.0) / highest * (SPARKS.len() - 1) as f64).round() as usize;
                SPARKS[step.min(SPARKS.len() - 1)]
            }
        })
        .collect()
}

/// The value at rank ⌈p/100 · n⌉ (from 1) of sorted, non-empty `values`: always one of them.
fn nearest_rank(values: &[Duration], percent: usize) -> Duration {
    let rank = (percent * values.len()).div_ceil(100).max(1);
    values[rank.min(values.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(list: &[i64]) -> Vec<Duration> {
        list.iter().map(|h| Duration::hours(*h)).collect()
    }

    #[test]
    fn a_sparkline_scales_from_zero_to_the_highest_and_marks_gaps() {
        let line = sparkline(&[Some(0.0), Some(7.0), None, Some(3.5), Some(14.0)]);
        assert_eq!(line, "▁▅·▃█");
        assert_eq!(sparkline(&[None, None]), "··");
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn median_and_p90_are_nearest_rank_values() {
        let figures = Figures::of(hours(&[5, 1, 4, 2, 3])).expect("values");
        assert_eq!(figures.count, 5);
        assert_eq!(figures.median, Duration::hours(3));
        assert_eq!(figures.p90, Duration::hours(5));
        let even = Figures::of(hours(&[1, 2, 3, 4])).expect("values");
        assert_eq!(
            (even.median, even.p90),
            (Duration::hours(2), Duration::hours(4))
        );
        let ten = Figures::of(hours(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).expect("values");
        assert_eq!(
            (ten.median, ten.p90),
            (Duration::hours(5), Duration::hours(9))
        );
        let one = Figures::of(hours(&[7])).expect("values");
        assert_eq!(
            (one.median, one.p90),
            (Duration::hours(7), Duration::hours(7))
        );
        assert_eq!(Figures::of(Vec::new()), None);
    }
}
