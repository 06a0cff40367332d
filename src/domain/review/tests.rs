use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::review_result::{Agreement, Side};

fn text(s: &str) -> Text {
    Text::parse(s, crate::domain::Input::Answer).expect("text")
}

fn review() -> Review {
    let opened = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
    let asked = |name: &str, team| Asked {
        person: PersonName::new(name),
        team,
    };
    Review {
        opened_by: Some(PersonName::new("Meera")),
        opened_at: opened,
        closes_on: NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"),
        closes_at: opened + Duration::days(7),
        questions: vec!["Went well?".into(), "Held back?".into()],
        causes: vec!["pricing".into(), "promotion".into(), "timing".into()],
        anonymous: false,
        facts: Facts::default(),
        asked: vec![
            asked("Asha", Team::Sales),
            asked("Vikram", Team::Sales),
            asked("Priya", Team::Marketing),
        ],
        answers: Vec::new(),
        reminded: Vec::new(),
        closed: None,
    }
}

fn given(answers: &[(usize, &str)], cause: Option<&str>, score: Option<u8>) -> Given {
    Given {
        answers: answers.iter().map(|(n, t)| (*n, text(t))).collect(),
        cause: cause.map(str::to_string),
        score: score.map(|s| s.to_string().parse().expect("score")),
    }
}

#[test]
fn a_person_answers_then_changes_one_answer_and_keeps_the_rest() {
    let mut r = review();
    let at = r.opened_at + Duration::hours(1);
    let asha = PersonName::new("Asha");
    r.answer(
        "diwali",
        &asha,
        &given(&[(1, "posters"), (2, "price")], Some("Pricing"), Some(2)),
        at,
    )
    .expect("saved");
    r.answer(
        "diwali",
        &asha,
        &given(&[(2, "late stock")], None, None),
        at + Duration::hours(1),
    )
    .expect("changed");
    let mine = r.answer_of(&asha).expect("answer");
    assert_eq!(mine.answers[0].as_ref().map(Text::as_str), Some("posters"));
    assert_eq!(
        mine.answers[1].as_ref().map(Text::as_str),
        Some("late stock")
    );
    assert_eq!(
        mine.cause.as_deref(),
        Some("pricing"),
        "stored as configured"
    );
    assert_eq!(mine.score.map(Score::get), Some(2));
    assert_eq!(mine.answered_at, at);
    assert_eq!(r.counts(Team::Sales), (1, 2));
}

#[test]
fn wrong_answers_are_refused_and_change_nothing() {
    let mut r = review();
    let before = r.clone();
    let at = r.opened_at + Duration::hours(1);
    let asha = PersonName::new("Asha");
    let cases = [
        (given(&[(3, "x")], None, None), "there is no question 3"),
        (given(&[(1, "x"), (1, "y")], None, None), "answered twice"),
        (
            given(&[], Some("weather"), None),
            "cause:weather is not one of the causes: pricing, promotion, timing.",
        ),
        (given(&[], None, None), "Give at least one answer"),
    ];
    for (g, expected) in cases {
        let error = r.answer("diwali", &asha, &g, at).expect_err("refused");
        assert!(error.to_string().contains(expected), "{error}");
    }
    let rohan = PersonName::new("Rohan");
    let error = r.answer("diwali", &rohan, &given(&[(1, "x")], None, None), at);
    assert!(matches!(error, Err(ReviewError::NotAsked { .. })));
    let late = r.closes_at;
    let error = r.answer("diwali", &asha, &given(&[(1, "x")], None, None), late);
    assert!(
        matches!(error, Err(ReviewError::Closed { .. })),
        "the end of its last day"
    );
    assert_eq!(r, before);
    assert!("6".parse::<Score>().is_err() && "0".parse::<Score>().is_err());
}

#[test]
fn closing_twice_is_refused_and_a_small_anonymous_round_is_withheld() {
    let mut r = review();
    r.anonymous = true;
    let at = r.opened_at + Duration::hours(1);
    r.answer(
        "diwali",
        &PersonName::new("Asha"),
        &given(&[(1, "x")], None, None),
        at,
    )
    .expect("saved");
    r.close("diwali", None, Facts::default(), at)
        .expect("closed");
    let again = r.close("diwali", None, Facts::default(), at);
    assert!(matches!(again, Err(ReviewError::AlreadyClosed { .. })));
    let why = r.withheld().expect("withheld");
    assert!(why.contains("at least 3 answers from each team"), "{why}");
    assert!(why.contains("Sales gave 1 and Marketing gave 0"), "{why}");
    r.anonymous = false;
    assert_eq!(r.withheld(), None);
}

#[test]
fn causes_are_tallied_per_team_with_where_they_meet() {
    let mut r = review();
    let at = r.opened_at + Duration::hours(1);
    for (who, cause, score) in [
        ("Asha", "pricing", 2),
        ("Vikram", "timing", 3),
        ("Priya", "pricing", 4),
    ] {
        r.answer(
            "d",
            &PersonName::new(who),
            &given(&[], Some(cause), Some(score)),
            at,
        )
        .expect("saved");
    }
    let sales = Side::of(&r, Team::Sales);
    let marketing = Side::of(&r, Team::Marketing);
    assert_eq!(
        sales.causes,
        vec![("pricing".into(), 1), ("timing".into(), 1)]
    );
    assert_eq!(sales.score, Some((2.5, 2)));
    assert_eq!((marketing.answered, marketing.asked), (1, 1));
    let agreement = Agreement::of(&sales, &marketing);
    assert_eq!(agreement.both, vec!["pricing".to_string()]);
    assert_eq!(agreement.only_sales, vec!["timing".to_string()]);
    assert!(agreement.only_marketing.is_empty());
    assert_eq!(agreement.same_top, Some(true));
}
