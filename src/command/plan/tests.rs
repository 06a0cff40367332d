use chrono::NaiveDate;

use super::*;
use crate::command::{Command, ParseError, parse};
use crate::domain::Kinds;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

fn run(line: &str) -> Result<PlanCommand, ParseError> {
    let kinds = Kinds::default();
    let ctx = ParseContext {
        kinds: &kinds,
        today: today(),
    };
    match parse(line, &ctx)? {
        Command::Plan(plan) => Ok(plan),
        other => panic!("{line} parsed as {other:?}"),
    }
}

fn error(line: &str) -> String {
    run(line).expect_err(line).explain()
}

#[test]
fn a_plan_opens_with_a_due_date_and_maybe_its_own_sections() {
    let PlanCommand::Open(new) =
        run(r#"plan open FY27 due:2027-01-31 sections:"Products, Pricing""#).expect("parses")
    else {
        panic!("not open");
    };
    assert_eq!(new.name.as_str(), "fy27");
    assert_eq!(new.due, NaiveDate::from_ymd_opt(2027, 1, 31).expect("date"));
    assert_eq!(
        new.sections,
        Some(vec!["Products".into(), "Pricing".into()])
    );
}

#[test]
fn bad_plan_lines_say_what_is_wrong_and_show_the_usage() {
    for (line, says) in [
        ("plan open fy27", "needs a due date"),
        ("plan open fy27 due:2026-11-01", "is in the past"),
        ("plan open two words due:2027-01-01", "not \"words\""),
        ("plan open fy_27 due:2027-01-01", "is not a plan name"),
        (
            "plan input fy27 x shops want",
            "\"x\" is not the section number",
        ),
        ("plan input fy27 0 shops want", "numbered from 1"),
        ("plan input fy27 2", "needs your input"),
        ("plan figure fy27 1 lots", "\"lots\" is not a number"),
        ("plan figure fy27 1 -5", "-5 is negative"),
        ("plan figure fy27 1", "needs a figure"),
        ("plan agree fy27 1 100", "needs a reason"),
        ("plan resolve fy27 1", "how it was settled"),
        ("plan draft fy27 1", "the agreed text"),
        ("plan line fy27", "needs a label"),
        (
            "plan signoff fy27 now",
            "signs for sales or marketing, not \"now\"",
        ),
        ("plan signoff fy27 sales now", "at most a team"),
        ("plan fly", "not \"fly\""),
        ("plan show fy27 1 page:0", "page: wants a number from 1"),
        ("plan show fy27 1 page:2 more", "nothing after the page"),
        (
            "plan show fy27 page:2",
            "\"page:2\" is not the section number",
        ),
    ] {
        let text = error(line);
        assert!(text.contains(says), "{line}: {text}");
        assert!(text.contains("Usage: `plan"), "{line}: {text}");
    }
}

#[test]
fn plan_commands_parse_their_numbers_and_texts() {
    assert_eq!(
        run("plan figure fy27 2 1,200 last year plus ten").expect("parses"),
        PlanCommand::Figure {
            plan: PlanName::parse("fy27").expect("name"),
            line: 2,
            value: Amount::parse("1200").expect("amount"),
            why: Some(Text::parse("last year plus ten", Input::Reason).expect("text")),
        }
    );
    assert!(matches!(
        run("plan input fy27").expect("parses"),
        PlanCommand::InputForm(_)
    ));
    assert!(matches!(
        run("plan show fy27 #2").expect("parses"),
        PlanCommand::Show {
            section: Some(2),
            ..
        }
    ));
    assert!(matches!(
        run("plan show fy27 2 page:3").expect("parses"),
        PlanCommand::Show {
            section: Some(2),
            page: 3,
            ..
        }
    ));
    assert!(matches!(
        run("plan show fy27").expect("parses"),
        PlanCommand::Show {
            section: None,
            page: 1,
            ..
        }
    ));
    assert_eq!(run("plan list").expect("parses"), PlanCommand::List);
}
