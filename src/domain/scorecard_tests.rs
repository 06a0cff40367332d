use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;
use crate::domain::{RequestId, StepKind};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0)
        .single()
        .expect("a time")
}

fn step(n: u64, kind: StepKind, at: DateTime<Utc>, after_hours: i64) -> Step {
    Step {
        request: RequestId::new(n).expect("an id"),
        index: 0,
        at,
        actor: PersonName::new("Priya"),
        kind,
        first_response: matches!(kind, StepKind::Acknowledged),
        first_delivery: matches!(kind, StepKind::Delivered),
        after_filing: Duration::hours(after_hours),
    }
}

const ANSWERS: &[(DateTime<Utc>, bool)] = &[];

fn input<'a>(
    steps: &'a [Step],
    actions: &'a [ActionItem],
    answers: &'a [(DateTime<Utc>, bool)],
) -> ScorecardInput<'a> {
    let this = Period {
        start: Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap(),
    };
    let before = Period {
        start: Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap(),
        end: this.start,
    };
    ScorecardInput {
        month: Month::parse("2027-03").expect("a month"),
        this,
        before,
        weeks: weeks_ending(this.end),
        steps,
        target: Duration::hours(24),
        visits: None,
        pairing: None,
        actions,
        answers,
        reviews: &[],
        asks: None,
    }
}

#[test]
fn requests_are_counted_per_month_with_medians_and_the_share_within_target() {
    let feb = Utc.with_ymd_and_hms(2027, 2, 10, 9, 0, 0).unwrap();
    let steps = vec![
        step(1, StepKind::Filed, feb, 0),
        step(1, StepKind::Acknowledged, feb, 30),
        step(2, StepKind::Filed, at(2, 9), 0),
        step(3, StepKind::Filed, at(3, 9), 0),
        step(4, StepKind::Filed, at(4, 9), 0),
        step(2, StepKind::Acknowledged, at(2, 12), 3),
        step(3, StepKind::Acknowledged, at(5, 9), 48),
        step(4, StepKind::Acknowledged, at(4, 19), 10),
        step(2, StepKind::Delivered, at(9, 9), 168),
        step(4, StepKind::Declined, at(10, 9), 144),
    ];
    let card = Scorecard::compute(&input(&steps, &[], ANSWERS));
    let now = &card.requests.now;
    assert_eq!((now.filed, now.delivered, now.declined), (3, 1, 1));
    assert_eq!(now.to_acknowledge, Some(Duration::hours(10)));
    assert_eq!(now.to_deliver, Some(Duration::hours(168)));
    assert_eq!(now.within, Share { part: 2, whole: 3 });
    assert_eq!(now.within.percent(), Some(67));
    let before = &card.requests.before;
    assert_eq!(
        (before.filed, before.to_acknowledge),
        (1, Some(Duration::hours(30)))
    );
    assert_eq!(before.to_deliver, None, "nothing delivered is no data");
    assert_eq!(before.within, Share { part: 0, whole: 1 });
}

#[test]
fn the_trend_is_twelve_weeks_ending_with_the_month() {
    let steps = vec![step(2, StepKind::Acknowledged, at(28, 12), 5)];
    let card = Scorecard::compute(&input(&steps, &[], ANSWERS));
    assert_eq!(card.weeks.len(), TREND_WEEKS);
    assert_eq!(card.weeks[11].start, at(25, 0));
    assert_eq!(card.weeks[0].start, at(25, 0) - Duration::weeks(11));
    assert_eq!(
        card.weeks[11].figures.to_acknowledge,
        Some(Duration::hours(5))
    );
    assert!(
        card.weeks[..11]
            .iter()
            .all(|w| w.figures.to_acknowledge.is_none())
    );
}

#[test]
fn shared_answers_acted_on_are_a_share_and_an_empty_month_is_empty() {
    let answers = [(at(2, 9), true), (at(3, 9), false), (at(4, 9), false)];
    let card = Scorecard::compute(&input(&[], &[], &answers));
    assert_eq!(card.actions.now.acted_on, Share { part: 1, whole: 3 });
    assert_eq!(card.actions.before.acted_on.percent(), None);
    assert!(!card.is_empty());
    let card = Scorecard::compute(&input(&[], &[], ANSWERS));
    assert!(card.is_empty());
    assert_eq!(card.pairing, None, "pairing off is left out");
    assert_eq!(card.prompts, None, "no prompts is left out");
}

#[test]
fn a_month_is_refused_in_the_future_and_before_the_first_record() {
    let month = |m: &str| Month::parse(m).expect("a month");
    let (current, first) = (month("2027-03"), Some(month("2026-11")));
    assert!(check_month(month("2027-03"), current, first).is_ok());
    assert!(check_month(month("2026-11"), current, first).is_ok());
    let future = check_month(month("2027-04"), current, first).expect_err("future");
    assert_eq!(
        future.to_string(),
        "2027-04 has not begun yet; the latest scorecard is 2027-03's."
    );
    let early = check_month(month("2026-10"), current, first).expect_err("too early");
    assert_eq!(
        early.to_string(),
        "2026-10 is before anything on record; the first month with records is 2026-11."
    );
    assert!(
        check_month(current, current, None).is_ok(),
        "an empty store has this month"
    );
    assert!(check_month(month("2027-02"), current, None).is_err());
}
