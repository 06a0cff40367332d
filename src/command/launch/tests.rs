use chrono::NaiveDate;

use super::*;
use crate::command::{ParseError, parse};
use crate::domain::{Given, Kinds};

fn run(line: &str) -> Result<Command, ParseError> {
    let kinds = Kinds::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date");
    parse(
        line,
        &ParseContext {
            kinds: &kinds,
            today,
        },
    )
}

fn ok(line: &str) -> Command {
    run(line).unwrap_or_else(|e| panic!("{line:?} should parse, got: {e}"))
}

fn err(line: &str) -> String {
    match run(line) {
        Ok(command) => panic!("{line:?} should fail, got {command:?}"),
        Err(e) => e.explain(),
    }
}

fn name(text: &str) -> LaunchName {
    LaunchName::parse(text).expect("name")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

#[test]
fn launch_add_takes_a_name_a_date_markets_and_a_title_in_any_order() {
    let Command::Launch(LaunchCommand::Add(new)) =
        ok(r#"launch add Diwali-27 Diwali gift packs markets:"Pune West, Nashik," on:2027-10-20"#)
    else {
        panic!("an add");
    };
    assert_eq!(new.name, name("diwali-27"));
    assert_eq!(new.on, date(2027, 10, 20));
    let markets: Vec<&str> = new.markets.iter().map(Text::as_str).collect();
    assert_eq!(markets, vec!["Pune West", "Nashik"]);
    assert_eq!(
        new.title.as_ref().map(Text::as_str),
        Some("Diwali gift packs")
    );
    let Command::Launch(LaunchCommand::Add(past)) = ok("launch add holi on:2026-03-01") else {
        panic!("an add");
    };
    assert_eq!(
        (past.on, past.title),
        (date(2026, 3, 1), None),
        "a past launch can be added"
    );
}

#[test]
fn the_other_launch_commands_parse() {
    assert_eq!(
        ok("launch link diwali-27 #4"),
        Command::Launch(LaunchCommand::Link {
            launch: name("diwali-27"),
            id: RequestId::new(4).expect("id"),
        })
    );
    assert_eq!(
        ok("launch review diwali-27 closes:2026-12-07"),
        Command::Launch(LaunchCommand::Review {
            launch: name("diwali-27"),
            closes: Some(date(2026, 12, 7)),
        })
    );
    assert_eq!(
        ok("launch review diwali-27"),
        Command::Launch(LaunchCommand::Review {
            launch: name("diwali-27"),
            closes: None,
        })
    );
    assert_eq!(
        ok("launch close diwali-27"),
        Command::Launch(LaunchCommand::Close(name("diwali-27")))
    );
    assert_eq!(
        ok("LAUNCH show Diwali-27"),
        Command::Launch(LaunchCommand::Show {
            launch: name("diwali-27"),
            page: 1
        })
    );
    assert_eq!(ok("launch list"), Command::Launch(LaunchCommand::List));
    assert_eq!(
        ok("launch show diwali-27 PAGE:3"),
        Command::Launch(LaunchCommand::Show {
            launch: name("diwali-27"),
            page: 3
        })
    );
}

#[test]
fn a_launch_shows_a_page_from_one_and_nothing_else() {
    for (line, expected) in [
        (
            "launch show diwali-27 page:0",
            "page: wants a page number from 1, like page:2 — not \"0\"",
        ),
        (
            "launch show diwali-27 everything",
            "takes nothing after the launch's name but a page (page:2); remove \"everything\"",
        ),
        (
            "launch show diwali-27 page:2 more",
            "`launch` takes nothing after the page; remove \"more\"",
        ),
    ] {
        let error = err(line);
        assert!(error.contains(expected), "{line}: {error}");
        assert!(error.contains("Usage: `launch "), "{line}: {error}");
    }
}

#[test]
fn a_request_can_name_its_launch() {
    let Command::RequestFor { new, launch } =
        ok("request pos Shelf talkers launch:Diwali-27 qty:5")
    else {
        panic!("a request for a launch");
    };
    assert_eq!(launch, name("diwali-27"));
    assert_eq!(new.title.as_str(), "Shelf talkers");
    assert!(matches!(
        ok("request pos Shelf talkers"),
        Command::Request(_)
    ));
    assert!(err("request pos x launch:a/b").contains("is not a launch name"));
    assert!(err("request pos x launch:a launch:b").contains("launch: is given twice"));
}

#[test]
fn an_answer_with_a_cause_or_a_score_answers_a_review() {
    let Command::AnswerReview { launch, given } =
        ok(r#"answer diwali-27 1:"the packs sold out" 2:"stock came late" cause:Timing score:3"#)
    else {
        panic!("a review answer");
    };
    assert_eq!(launch, "diwali-27");
    let Given {
        answers,
        cause,
        score,
    } = given;
    let texts: Vec<(usize, &str)> = answers.iter().map(|(n, t)| (*n, t.as_str())).collect();
    assert_eq!(
        texts,
        vec![(1, "the packs sold out"), (2, "stock came late")]
    );
    assert_eq!(
        (cause.as_deref(), score.map(|s| s.get())),
        (Some("timing"), Some(3))
    );
    let Command::AnswerReview { given, .. } = ok("answer diwali-27 score:4") else {
        panic!("a score alone");
    };
    assert!(given.answers.is_empty());
    let Command::Answer { answers, .. } = ok(r#"answer diwali-27 1:"we'd give it score:5""#) else {
        panic!("quoted text is text");
    };
    assert_eq!(answers[0].1.as_str(), "we'd give it score:5");
}

#[test]
fn bad_launch_lines_say_what_is_wrong() {
    let cases = [
        (
            "launch",
            "`launch` needs what to do: add, link, review, close, show or list.",
        ),
        (
            "launch fly x",
            "`launch` does add, link, review, close, show or list — not \"fly\".",
        ),
        (
            "launch add",
            "`launch` needs the launch's name, like diwali-27.",
        ),
        (
            "launch add on:2027-01-01",
            "`launch` needs the launch's name",
        ),
        (
            "launch add diwali",
            "`launch` needs the launch date, like on:2027-10-20.",
        ),
        (
            "launch add diwali on:soon",
            "on: wants a date like 2027-10-20, not \"soon\".",
        ),
        (
            "launch add diwali on:2027-01-01 on:2027-01-02",
            "on: is given twice.",
        ),
        (
            "launch add two_words on:2027-01-01",
            "\"two_words\" is not a launch name",
        ),
        (
            "launch link diwali",
            "needs the request to link after the launch",
        ),
        ("launch link diwali REQ-x", "\"REQ-x\" is not a request ID"),
        (
            "launch review diwali closes:2026-11-29",
            "closes:2026-11-29 is in the past (today is 2026-11-30).",
        ),
        (
            "launch review diwali closes:friday",
            "closes: wants a date like 2027-10-20",
        ),
        (
            "launch review diwali soon",
            "takes nothing after the launch's name; remove \"soon\"",
        ),
        ("launch close", "`launch` needs the launch's name"),
        (
            "launch show a b",
            "takes nothing after the launch's name but a page (page:2); remove \"b\"",
        ),
        (
            "answer diwali score:6",
            "Invalid score: a score is a whole number from 1 to 5, not \"6\".",
        ),
        ("answer diwali score:1 score:2", "score: is given twice."),
    ];
    for (line, expected) in cases {
        let message = err(line);
        assert!(message.contains(expected), "{line:?} → {message:?}");
        assert!(message.contains("\nUsage: `"), "{line:?} → {message:?}");
    }
    for line in ["answer diwali score:6", "answer diwali cause:a cause:b"] {
        assert!(
            err(line)
                .ends_with("\nUsage: `answer <launch> [N:<text…> …] [cause:CAUSE] [score:1-5]`"),
            "a review's usage: {line:?} → {:?}",
            err(line)
        );
    }
}
