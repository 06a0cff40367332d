use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::{Input, Role};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, 10, 0, 0)
        .single()
        .expect("valid")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("valid")
}

fn text(s: &str) -> Text {
    Text::parse(s, Input::ActionText).expect("text")
}

fn person(name: &str, team: Team, role: Role) -> Person {
    Person {
        name: PersonName::new(name),
        team,
        role,
        timezone: None,
        accounts: Vec::new(),
    }
}

fn action() -> ActionItem {
    ActionItem {
        id: ActionId::new(1).expect("id"),
        source: Source::Answer(AnswerId::new(3).expect("id")),
        said: vec![Said {
            by: PersonName::new("Asha"),
            team: Team::Sales,
            at: at(4),
            place: "market-pulse".into(),
            words: "shops want smaller packs".into(),
            unnamed: false,
        }],
        what: text("a 50 g pack for kirana shops"),
        added_by: PersonName::new("Priya"),
        team: Team::Marketing,
        owner: PersonName::new("Priya"),
        due: Some(day(18)),
        added_at: at(5),
        state: ActionState::Open,
        ratings: Vec::new(),
        reminded_on: None,
        version: 0,
    }
}

#[test]
fn sources_are_read_by_their_prefix_and_anything_else_one_word_is_a_launch() {
    let parse = |s: &str| Source::parse(s).map(|s| s.to_string());
    assert_eq!(parse("ans-3"), Ok("ANS-3".into()));
    assert_eq!(parse("VIS-2"), Ok("VIS-2".into()));
    assert_eq!(parse("req-14"), Ok("REQ-14".into()));
    assert_eq!(parse("Diwali-27"), Ok("diwali-27".into()));
    assert_eq!(parse("pair-2"), Ok("PAIR-2".into()));
    assert_eq!(Source::parse("PAIR-2").expect("pair").key(), "PAIR-2");
    assert_eq!(
        parse("#3"),
        Ok("REQ-3".into()),
        "as a request's ID is typed anywhere"
    );
    assert_eq!(parse("27-diwali"), Ok("27-diwali".into()));
    for wrong in [
        "ANS-",
        "ANS-x",
        "ANS-0",
        "VIS-0",
        "PAIR-0",
        "PAIR-x",
        "3",
        "#0",
        "#x",
        "REQ-a",
        "two words",
    ] {
        assert!(Source::parse(wrong).is_err(), "{wrong} is no source");
    }
    assert_eq!(
        Source::parse("diwali-27").expect("launch").key(),
        "launch:diwali-27"
    );
    assert_eq!(Source::parse("ans-3").expect("answer").key(), "ANS-3");
    assert!(Source::parse("launch:diwali-27").is_err());
}

#[test]
fn the_owner_or_a_lead_closes_an_action_once() {
    let asha = person("Asha", Team::Sales, Role::Member);
    let vikram = person("Vikram", Team::Marketing, Role::Member);
    let lead = person("Meera", Team::Sales, Role::Lead);
    let priya = person("Priya", Team::Marketing, Role::Member);

    let mut item = action();
    let refused = item.close(&vikram, Closing::Done(text("done")), at(6));
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("Only Priya (its owner) or a lead can close ACT-1.".into())
    );
    assert!(
        item.close(&asha, Closing::Done(text("done")), at(6))
            .is_err()
    );
    assert_eq!(item, action());

    item.close(&priya, Closing::Done(text("shipped 50 g packs")), at(18))
        .expect("owner closes");
    assert_eq!(item.closed_at(), Some(at(18)));
    assert_eq!(item.version, 1);
    let again = item.close(&lead, Closing::Dropped(text("no")), at(19));
    assert_eq!(
        again.map_err(|e| e.to_string()),
        Err("ACT-1 is already done; nothing changed.".into())
    );

    let mut dropped = action();
    dropped
        .close(
            &lead,
            Closing::Dropped(text("the plant can't do it")),
            at(7),
        )
        .expect("a lead drops");
    assert!(matches!(dropped.state, ActionState::Dropped { .. }));
}

#[test]
fn only_authors_rate_and_only_what_was_done() {
    let asha = PersonName::new("Asha");
    let mut item = action();
    assert_eq!(
        item.rate(&asha, true, at(6)),
        Err(ActionError::NotDone { id: item.id })
    );
    item.close_by(
        PersonName::new("Priya"),
        Closing::Done(text("did it")),
        at(8),
    );
    assert_eq!(
        item.rate(&PersonName::new("Priya"), true, at(9)),
        Err(ActionError::NotAnAuthor { id: item.id })
    );
    item.rate(&asha, false, at(9)).expect("rated");
    item.rate(&asha, true, at(10)).expect("rated again");
    assert_eq!(item.ratings.len(), 1);
    assert!(item.ratings[0].helped);

    let mut dropped = action();
    dropped.close_by(
        PersonName::new("Priya"),
        Closing::Dropped(text("no")),
        at(8),
    );
    assert_eq!(
        dropped.rate(&asha, true, at(9)),
        Err(ActionError::Dropped { id: dropped.id })
    );
}

#[test]
fn due_dates_and_overdue_reminders_once_a_day() {
    assert!(check_due(Some(day(2)), day(3)).is_err());
    assert!(check_due(Some(day(3)), day(3)).is_ok());
    assert!(check_due(None, day(3)).is_ok());

    let mut item = action();
    assert!(!item.reminder_due(day(18)), "due today is not overdue");
    assert!(item.reminder_due(day(19)));
    item.reminded_on = Some(day(19));
    assert!(!item.reminder_due(day(19)));
    assert!(item.reminder_due(day(20)));
    item.close_by(PersonName::new("Priya"), Closing::Done(text("x")), at(20));
    assert!(!item.reminder_due(day(21)));
}

#[test]
fn authors_are_named_once_each() {
    let mut item = action();
    let again = item.said[0].clone();
    item.said.push(again);
    item.said.push(Said {
        by: PersonName::new("Rahul"),
        ..item.said[0].clone()
    });
    let names: Vec<String> = item.authors().iter().map(|n| n.to_string()).collect();
    assert_eq!(names, vec!["Asha", "Rahul"]);
}

#[test]
fn figures_bucket_open_actions_by_age_and_count_answers_acted_on_and_ratings() {
    let mut late = action();
    late.due = Some(day(10));
    let mut fresh = action();
    fresh.due = None;
    let open = [(day(1), &late), (day(20), &fresh), (day(28), &fresh)];
    let mut rated = action();
    rated.close_by(PersonName::new("Priya"), Closing::Done(text("x")), at(20));
    rated.ratings = vec![
        ActionRating {
            by: PersonName::new("Asha"),
            helped: true,
            at: at(21),
        },
        ActionRating {
            by: PersonName::new("Rahul"),
            helped: false,
            at: at(21),
        },
        ActionRating {
            by: PersonName::new("Old"),
            helped: true,
            at: at(2),
        },
    ];
    let figures = ActionFigures::compute(&open, day(29), &[true, false, false], &[rated], at(15));
    assert_eq!(figures.open_by_age, [1, 1, 1]);
    assert_eq!(
        figures.overdue, 1,
        "only the one with a due date that passed"
    );
    assert_eq!((figures.answers, figures.acted_on), (3, 1));
    assert_eq!(figures.acted_percent(), Some(33));
    assert_eq!(
        (figures.helped, figures.not_helped),
        (1, 1),
        "only the period's ratings"
    );
    assert_eq!(ActionFigures::default().acted_percent(), None);
}
