//! The lifecycle as a table: (state, action, role) → allowed, or the refusal.

use chrono::Duration;
use tandem::domain::{Action, Kinds, NewRequest, Refusal, Request, RequestId, Status, Text, Title};

use crate::helpers::{monday, person};

fn text(s: &str) -> Text {
    Text::parse(s, tandem::domain::Input::Note).expect("non-empty")
}

/// The actions of the table, by name.
fn action(name: &str) -> Action {
    match name {
        "ack" => Action::Acknowledge,
        "start" => Action::Start,
        "deliver" => Action::Deliver { note: None },
        "block" => Action::Block {
            reason: text("vendor"),
        },
        "decline" => Action::Decline {
            reason: text("budget"),
        },
        "assign" => Action::Assign {
            to: person("Arjun"),
        },
        "comment" => Action::Comment {
            text: text("hello"),
        },
        "confirm" => Action::Confirm {
            rating: None,
            note: None,
        },
        "reopen" => Action::Reopen {
            reason: text("again"),
        },
        other => panic!("no action {other}"),
    }
}

/// A request filed by Asha and brought to `status` through the public API.
fn request_in(status: Status) -> Request {
    let new = NewRequest {
        kind: Kinds::default().parse("pos").expect("kind"),
        title: Title::parse("Shelf talkers").expect("title"),
        quantity: None,
        market: None,
        needed_by: None,
    };
    let id = RequestId::new(1).expect("id");
    let mut request = Request::file(id, new, person("Asha").name, monday());
    let path: &[(&str, &str)] = match status {
        Status::Open => &[],
        Status::Acknowledged => &[("Priya", "ack")],
        Status::InProgress => &[("Priya", "ack"), ("Priya", "start")],
        Status::Blocked => &[("Priya", "ack"), ("Priya", "block")],
        Status::Delivered => &[("Priya", "ack"), ("Priya", "start"), ("Priya", "deliver")],
        Status::Confirmed => &[("Priya", "deliver"), ("Asha", "confirm")],
        Status::Declined => &[("Priya", "decline")],
    };
    for (i, (who, what)) in path.iter().enumerate() {
        let at = monday() + Duration::hours(i as i64 + 1);
        request
            .act(&person(who), action(what), at)
            .expect("path step allowed");
    }
    assert_eq!(request.status, status);
    request
}

use Status::*;

/// Who may, and from where: the rules of DESIGN.md, stated independently of the code.
const TABLE: &[(&str, &str, &[Status])] = &[
    ("ack", "marketing", &[Open]),
    ("start", "marketing", &[Open, Acknowledged, Blocked]),
    ("deliver", "marketing", &[Open, Acknowledged, InProgress]),
    ("block", "marketing", &[Open, Acknowledged, InProgress]),
    (
        "decline",
        "marketing",
        &[Open, Acknowledged, InProgress, Blocked],
    ),
    (
        "assign",
        "marketing",
        &[Open, Acknowledged, InProgress, Blocked],
    ),
    ("comment", "anyone", &Status::ALL),
    ("confirm", "requester or sales lead", &[Delivered]),
    ("reopen", "requester or any lead", &[Delivered, Declined]),
];

/// (person, may act as: marketing, requester, sales lead, any lead)
const ROLES: &[(&str, bool, bool, bool, bool)] = &[
    ("Asha", false, true, false, false), // the requester, a sales member
    ("Vikram", false, false, false, false), // another sales member
    ("Meera", false, false, true, true), // the sales lead
    ("Priya", true, false, false, false), // a marketing member
    ("Rohan", true, false, false, true), // the marketing lead
];

#[test]
fn every_state_action_and_role_is_allowed_or_refused_with_the_reason() {
    let mut checked = 0;
    for &(name, states, from) in TABLE {
        for status in Status::ALL {
            for &(who, marketing, requester, sales_lead, lead) in ROLES {
                let may = match states {
                    "marketing" => marketing,
                    "anyone" => true,
                    "requester or sales lead" => requester || sales_lead,
                    _ => requester || lead,
                };
                let mut request = request_in(status);
                let before = request.clone();
                let result = request.act(&person(who), action(name), monday() + Duration::days(1));
                let case = format!("{who} {name} on {status}");
                match result {
                    Ok(_) => assert!(may && from.contains(&status), "{case} was allowed"),
                    Err(refusal) => {
                        assert_eq!(request, before, "{case}: a refusal changes nothing");
                        let message = refusal.to_string();
                        if !may {
                            assert!(
                                !matches!(refusal, Refusal::WrongState { .. }),
                                "{case}: {message}"
                            );
                            assert!(message.starts_with("Only "), "{case}: {message}");
                        } else {
                            assert!(!from.contains(&status), "{case} was refused: {message}");
                            assert!(
                                message.contains(&format!("REQ-1 is {status}")),
                                "{case}: {message}"
                            );
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, TABLE.len() * 7 * ROLES.len());
}

#[test]
fn refusals_name_who_may_act_and_from_which_states() {
    let mut request = request_in(Delivered);
    let refusal = request
        .act(&person("Vikram"), action("confirm"), monday())
        .expect_err("not his");
    assert_eq!(
        refusal.to_string(),
        "Only Asha, who filed REQ-1, or a Sales lead can confirm it."
    );
    let refusal = request
        .act(&person("Asha"), action("ack"), monday())
        .expect_err("sales");
    assert_eq!(
        refusal.to_string(),
        "Only Marketing can acknowledge a request."
    );
    let refusal = request
        .act(&person("Priya"), action("ack"), monday())
        .expect_err("state");
    assert_eq!(
        refusal.to_string(),
        "REQ-1 is delivered; you can acknowledge a request only when it is open."
    );
    let mut blocked = request_in(Blocked);
    let refusal = blocked
        .act(&person("Priya"), action("deliver"), monday())
        .expect_err("state");
    assert!(
        refusal
            .to_string()
            .ends_with("only when it is open, acknowledged or in progress.")
    );
}

#[test]
fn assignment_goes_to_marketing_only_and_the_first_responder_takes_it_on() {
    let mut request = request_in(Open);
    let refusal = request
        .act(
            &person("Priya"),
            Action::Assign {
                to: person("Vikram"),
            },
            monday(),
        )
        .expect_err("sales");
    assert_eq!(
        refusal.to_string(),
        "Vikram is in Sales; requests are assigned to someone in Marketing."
    );
    request
        .act(&person("Priya"), action("ack"), monday())
        .expect("ack");
    assert_eq!(request.assignee.as_ref().map(|n| n.as_str()), Some("Priya"));
    request
        .act(&person("Rohan"), action("assign"), monday())
        .expect("to Arjun");
    request
        .act(&person("Rohan"), action("start"), monday())
        .expect("start");
    assert_eq!(request.assignee.as_ref().map(|n| n.as_str()), Some("Arjun"));
}

#[test]
fn response_times_come_from_the_history() {
    let mut request = request_in(Open);
    assert_eq!(
        (request.time_to_acknowledge(), request.time_to_deliver()),
        (None, None)
    );
    request
        .act(
            &person("Priya"),
            action("block"),
            monday() + Duration::hours(3),
        )
        .expect("block");
    request
        .act(
            &person("Priya"),
            action("start"),
            monday() + Duration::hours(30),
        )
        .expect("start");
    request
        .act(
            &person("Priya"),
            action("deliver"),
            monday() + Duration::hours(50),
        )
        .expect("deliver");
    assert_eq!(request.time_to_acknowledge(), Some(Duration::hours(3)));
    assert_eq!(request.time_to_deliver(), Some(Duration::hours(50)));
    assert_eq!(request.history.len(), 4);
}

#[test]
fn reopening_clears_the_rating_and_returns_to_open() {
    let mut request = request_in(Delivered);
    let confirm = Action::Confirm {
        rating: Some("4".parse().expect("rating")),
        note: None,
    };
    request
        .act(&person("Asha"), confirm, monday())
        .expect("confirm");
    assert_eq!(request.rating.map(|r| r.get()), Some(4));
    let mut declined = request_in(Declined);
    declined
        .act(&person("Rohan"), action("reopen"), monday())
        .expect("a lead reopens");
    assert_eq!((declined.status, declined.rating), (Open, None));
}
