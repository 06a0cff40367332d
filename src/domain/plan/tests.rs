use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::people::{Person, PersonName, Role, Team};
use crate::domain::{Input, Text};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 0)
        .single()
        .expect("valid")
        + Duration::minutes(minutes)
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

fn meera() -> Person {
    person("Meera", Team::Sales, Role::Lead)
}
fn rohan() -> Person {
    person("Rohan", Team::Marketing, Role::Lead)
}
fn asha() -> Person {
    person("Asha", Team::Sales, Role::Member)
}

fn text(t: &str) -> Text {
    Text::parse(t, Input::PlanText).expect("text")
}

fn amount(t: &str) -> Amount {
    Amount::parse(t).expect("amount")
}

fn plan() -> Plan {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    Plan::open(
        PlanName::parse("fy27").expect("name"),
        today + Duration::days(14),
        vec!["Products".into(), "Pricing".into()],
        15,
        vec![
            Member {
                person: PersonName::new("Asha"),
                team: Team::Sales,
            },
            Member {
                person: PersonName::new("Meera"),
                team: Team::Sales,
            },
            Member {
                person: PersonName::new("Rohan"),
                team: Team::Marketing,
            },
        ],
        &meera(),
        at(0),
        today,
    )
    .expect("opened")
}

fn ready(plan: &mut Plan) {
    plan.write_draft(&rohan(), 1, text("Masala Mix and Chai Bites"), at(1))
        .expect("draft");
    plan.write_draft(&rohan(), 2, text("List price 40"), at(2))
        .expect("draft");
}

#[test]
fn only_a_lead_opens_and_not_for_a_past_due_date() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let name = PlanName::parse("fy27").expect("name");
    let open = |by: &Person, due| {
        Plan::open(
            name.clone(),
            due,
            vec!["A".into()],
            15,
            Vec::new(),
            by,
            at(0),
            today,
        )
    };
    assert_eq!(
        open(&asha(), today).map(|_| ()),
        Err(PlanError::LeadOnly {
            verb: "open a planning round"
        })
    );
    assert!(matches!(
        open(&meera(), today - Duration::days(1)),
        Err(PlanError::DueInPast { .. })
    ));
    assert!(open(&meera(), today).is_ok());
}

#[test]
fn a_figure_stays_hidden_until_both_teams_have_one() {
    let mut plan = plan();
    plan.add_line(&meera(), text("Masala Mix · Pune West · Q1 units"), at(1))
        .expect("line");
    let first = plan
        .enter_figure(&meera(), 1, amount("1300"), None, at(2))
        .expect("figure");
    assert_eq!(first.replaced, None);
    let entered = plan
        .enter_figure(&asha(), 1, amount("1200"), None, at(2))
        .expect("figure");
    assert!(!entered.both_in);
    let replaced = entered.replaced.expect("Meera's figure replaced");
    assert_eq!(
        (replaced.by.as_str(), replaced.value),
        ("Meera", amount("1300"))
    );
    assert!(plan.lines[0].revealed().is_none());
    assert!(
        plan.enter_figure(&rohan(), 1, amount("1000"), None, at(3))
            .expect("figure")
            .both_in
    );
    assert!(plan.lines[0].revealed().is_some());
    assert_eq!(
        plan.enter_figure(&asha(), 1, amount("1100"), None, at(4)),
        Err(PlanError::FiguresIn {
            plan: plan.name.clone(),
            line: 1
        })
    );
    assert!(matches!(
        plan.enter_figure(&asha(), 2, amount("1"), None, at(4)),
        Err(PlanError::Line {
            number: 2,
            count: 1,
            ..
        })
    ));
}

#[test]
fn a_line_within_the_threshold_is_agreed_halfway_and_one_over_it_needs_a_lead() {
    let mut plan = plan();
    plan.add_line(&meera(), text("near"), at(1)).expect("line");
    plan.add_line(&meera(), text("far"), at(1)).expect("line");
    for (line, sales, marketing) in [(1, "1000", "1100"), (2, "1000", "1300")] {
        plan.enter_figure(&asha(), line, amount(sales), None, at(2))
            .expect("figure");
        plan.enter_figure(&rohan(), line, amount(marketing), None, at(2))
            .expect("figure");
    }
    let near = plan.agreed_figure(&plan.lines[0]).map(|a| a.value());
    assert_eq!(near, Some(amount("1050")));
    assert_eq!(plan.agreed_figure(&plan.lines[1]), None);
    ready(&mut plan);
    assert!(matches!(
        plan.sign(&meera(), None, at(5)),
        Err(PlanError::NotReady { .. })
    ));
    plan.agree(&rohan(), 2, amount("1150"), text("depot capacity"), at(6))
        .expect("agreed");
    assert_eq!(plan.sign(&meera(), None, at(7)), Ok(Signed::Waiting));
}

#[test]
fn an_open_objection_blocks_signing_and_is_resolved_once() {
    let mut plan = plan();
    ready(&mut plan);
    let number = plan
        .object(&asha(), 2, text("40 is too high for kirana"), at(3))
        .expect("object");
    let refused = plan.sign(&meera(), None, at(4)).expect_err("blocked");
    assert!(
        refused.to_string().contains("objection 1 still open"),
        "{refused}"
    );
    assert!(matches!(
        plan.resolve(&asha(), number, text("x"), at(5)),
        Err(PlanError::LeadOnly { .. })
    ));
    plan.resolve(&rohan(), number, text("38 for kirana"), at(5))
        .expect("resolved");
    assert!(matches!(
        plan.resolve(&rohan(), number, text("again"), at(6)),
        Err(PlanError::AlreadyResolved { number: 1, .. })
    ));
    assert_eq!(plan.sign(&meera(), None, at(7)), Ok(Signed::Waiting));
    assert!(matches!(
        plan.sign(&meera(), None, at(8)),
        Err(PlanError::SignedTwice { .. })
    ));
    assert_eq!(plan.sign(&rohan(), None, at(9)), Ok(Signed::Agreed));
    assert_eq!(plan.agreed.as_ref().map(|a| a.version), Some(2));
    assert!(matches!(
        plan.add_input(&asha(), 1, text("late"), at(10)),
        Err(PlanError::Agreed { .. })
    ));
}

#[test]
fn a_new_version_voids_sign_offs_of_older_ones() {
    let mut plan = plan();
    ready(&mut plan);
    plan.sign(&meera(), None, at(3)).expect("signed");
    let voided = plan
        .write_draft(&rohan(), 2, text("List price 38"), at(4))
        .expect("draft");
    assert_eq!(voided.0.len(), 1);
    assert_eq!(voided.0[0].by, PersonName::new("Meera"));
    assert_eq!(plan.version(), 3);
    assert!(plan.signoff_of(Team::Sales).is_none());
    assert_eq!(plan.sign(&rohan(), None, at(5)), Ok(Signed::Waiting));
    assert_eq!(plan.sign(&meera(), None, at(6)), Ok(Signed::Agreed));
}

#[test]
fn sections_are_numbered_from_one_and_people_counted_per_team() {
    let mut plan = plan();
    assert!(matches!(
        plan.add_input(&asha(), 3, text("x"), at(1)),
        Err(PlanError::Section {
            number: 3,
            count: 2,
            ..
        })
    ));
    assert!(matches!(
        plan.add_input(&asha(), 0, text("x"), at(1)),
        Err(PlanError::Section { number: 0, .. })
    ));
    plan.add_input(&asha(), 1, text("x"), at(1)).expect("input");
    plan.add_input(&asha(), 2, text("y"), at(1)).expect("input");
    assert_eq!(plan.contributors(Team::Sales), (1, 2));
    assert_eq!(plan.contributors(Team::Marketing), (0, 1));
}

#[test]
fn a_figure_is_agreed_only_once_both_teams_figures_are_in() {
    let mut plan = plan();
    plan.add_line(&meera(), text("Masala Mix units"), at(1))
        .expect("line");
    plan.enter_figure(&asha(), 1, amount("1200"), None, at(2))
        .expect("figure");
    let before = plan.clone();
    let refused = plan
        .agree(&rohan(), 1, amount("1100"), text("depot capacity"), at(3))
        .expect_err("one figure in");
    assert_eq!(
        refused,
        PlanError::FiguresNotIn {
            plan: plan.name.clone(),
            line: 1
        }
    );
    assert!(
        refused
            .to_string()
            .contains("both teams' figures must be in first")
    );
    assert_eq!(plan, before, "nothing changed");
    plan.enter_figure(&rohan(), 1, amount("900"), None, at(4))
        .expect("figure");
    plan.agree(&rohan(), 1, amount("1100"), text("depot capacity"), at(5))
        .expect("both in");
    assert_eq!(plan.version(), 2);
}
