//! Parser cases: every command, and every kind of bad input.

use chrono::NaiveDate;

use super::*;
use crate::domain::{Action, Kinds, RequestId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date")
}

fn run(line: &str) -> Result<Command, ParseError> {
    let kinds = Kinds::default();
    parse(
        line,
        &ParseContext {
            kinds: &kinds,
            today: today(),
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

fn id(n: u64) -> RequestId {
    RequestId::new(n).expect("positive")
}

fn act(line: &str) -> (RequestId, Action) {
    match ok(line) {
        Command::Act { id, action } => (id, action),
        other => panic!("{line:?} gave {other:?}"),
    }
}

#[test]
fn a_full_request_line_parses_with_quoted_market() {
    let line = r#"request pos Diwali shelf talkers by:2026-12-10 qty:500 market:"Pune West""#;
    let Command::Request(new) = ok(line) else {
        panic!("not a request")
    };
    assert_eq!(new.kind.as_str(), "pos");
    assert_eq!(new.title.as_str(), "Diwali shelf talkers");
    assert_eq!(new.quantity.map(|q| q.get()), Some(500));
    assert_eq!(new.market.as_ref().map(|m| m.as_str()), Some("Pune West"));
    assert_eq!(new.needed_by, NaiveDate::from_ymd_opt(2026, 12, 10));
}

#[test]
fn request_options_may_come_anywhere_and_are_optional() {
    let Command::Request(new) = ok("REQUEST qty:3 Samples samples of the new mango bar") else {
        panic!("not a request")
    };
    assert_eq!(new.kind.as_str(), "samples");
    assert_eq!(new.title.as_str(), "samples of the new mango bar");
    assert_eq!((new.market, new.needed_by), (None, None));
    assert!(matches!(
        ok("request pricing Q1 price list by:2026-11-30"),
        Command::Request(_)
    ));
}

#[test]
fn request_alone_asks_for_the_form() {
    assert_eq!(ok("request"), Command::RequestForm);
    assert_eq!(ok("  request  "), Command::RequestForm);
}

#[test]
fn bad_request_lines_say_what_is_wrong_and_show_the_usage() {
    let usage = "Usage: `request <kind> <title…> [by:YYYY-MM-DD] [qty:N] [market:NAME]`";
    let cases = [
        ("request pos", "needs a title"),
        ("request qty:5", "needs a kind and a title"),
        (
            "request posters Diwali",
            "\"posters\" is not a request kind; use one of: pos, pop, collateral, pricing, samples, other",
        ),
        (
            "request pos Diwali by:2026-11-01",
            "by:2026-11-01 is in the past (today is 2026-11-30)",
        ),
        (
            "request pos Diwali by:next-week",
            "by: wants a date like 2026-12-10, not \"next-week\"",
        ),
        ("request pos Diwali by:2026-02-30", "not \"2026-02-30\""),
        (
            "request pos Diwali qty:0",
            "quantity must be a whole number of at least 1, not \"0\"",
        ),
        ("request pos Diwali qty:-5", "not \"-5\""),
        ("request pos Diwali qty:lots", "not \"lots\""),
        ("request pos Diwali qty:5 qty:6", "qty: is given twice"),
        ("request pos Diwali market:", "market: needs a value"),
    ];
    for (line, expected) in cases {
        let message = err(line);
        assert!(message.contains(expected), "{line:?} → {message:?}");
        assert!(message.ends_with(usage), "{line:?} → {message:?}");
    }
    let long = format!("request pos {}", "x".repeat(201));
    let message = err(&long);
    assert!(
        message.contains("The title is too long: it is 201 characters long; the limit is 200"),
        "{message}"
    );
}

#[test]
fn a_market_is_at_most_as_long_as_the_forms_field() {
    let max = crate::domain::Input::Market.max_chars();
    let line = format!("request pos Diwali market:\"{}\"", "m".repeat(max));
    let Command::Request(new) = ok(&line) else {
        panic!("{line:?} is a request");
    };
    assert_eq!(new.market.map(|m| m.as_str().chars().count()), Some(max));
    let long = format!("request pos Diwali market:{}", "m".repeat(max + 1));
    assert!(
        err(&long)
            .starts_with("The market is too long: it is 101 characters long; the limit is 100."),
        "{}",
        err(&long)
    );
}

#[test]
fn reasons_notes_and_comments_take_up_to_two_thousand_characters() {
    let text = "x".repeat(2_000);
    for line in [
        format!("block 1 {text}"),
        format!("decline 1 {text}"),
        format!("reopen 1 {text}"),
        format!("deliver 1 {text}"),
        format!("comment 1 {text}"),
        format!("confirm 1 rating:5 {text}"),
    ] {
        ok(&line);
        let message = err(&format!("{line}x"));
        assert!(
            message.contains("is too long: it is 2001 characters long"),
            "{message}"
        );
    }
}

#[test]
fn an_unclosed_quote_is_explained() {
    assert!(err(r#"request pos Diwali market:"Pune West"#).contains("A quote is not closed"));
}

#[test]
fn unknown_words_suggest_the_closest_command() {
    assert_eq!(
        err("reqest pos x"),
        "There's no command \"reqest\". Did you mean `request`?"
    );
    assert_eq!(
        err("banana"),
        "There's no command \"banana\". Type `help` to see the commands."
    );
    assert_eq!(err(""), "Type a command, or `help` to see them all.");
    assert_eq!(err(" \u{7} "), "Type a command, or `help` to see them all.");
}

#[test]
fn help_takes_an_optional_command() {
    assert_eq!(ok("help"), Command::Help(None));
    assert_eq!(
        ok("help confirm"),
        Command::Help(Some(CommandName::Confirm))
    );
    assert_eq!(
        ok("help acknowledge"),
        Command::Help(Some(CommandName::Ack))
    );
    assert!(err("help delivr").contains("Did you mean `deliver`?"));
}

#[test]
fn list_filters_default_to_open() {
    assert_eq!(ok("list"), Command::List(ListFilter::Open));
    assert_eq!(ok("list mine"), Command::List(ListFilter::Mine));
    assert_eq!(ok("list OVERDUE"), Command::List(ListFilter::Overdue));
    assert_eq!(ok("list all"), Command::List(ListFilter::All));
    assert!(
        err("list closed").starts_with("`list` shows open, mine, overdue or all — not \"closed\"")
    );
    assert!(err("list open please").contains("takes nothing after the filter"));
}

#[test]
fn every_id_form_is_accepted() {
    for form in ["REQ-12", "req-12", "#12", "12"] {
        assert_eq!(ok(&format!("show {form}")), Command::Show(id(12)));
    }
    assert!(
        err("show")
            .contains("`show` needs a request ID, like REQ-12.\nUsage: `show <ID> [all [page:N]]`")
    );
    assert!(err("show REQ-x").contains("\"REQ-x\" is not a request ID"));
    assert!(
        err("ack REQ-1 now").contains("`ack` takes nothing after the request ID; remove \"now\"")
    );
}

#[test]
fn show_all_pages_through_a_history_from_page_one() {
    let all = |page| Command::ShowAll { id: id(4), page };
    assert_eq!(ok("show REQ-4 all"), all(1));
    assert_eq!(ok("show 4 ALL page:3"), all(3));
    assert_eq!(ok("show #4 all Page:12"), all(12));
    let cases = [
        (
            "show REQ-4 everything",
            "`show` takes `all` and a page, like `all page:2` — not \"everything\"",
        ),
        ("show REQ-4 all 2", "not \"2\""),
        (
            "show REQ-4 all page:0",
            "page: wants a page number from 1, like page:2 — not \"0\"",
        ),
        ("show REQ-4 all page:two", "not \"two\""),
        (
            "show REQ-4 all page:2 more",
            "`show` takes nothing after the page; remove \"more\"",
        ),
    ];
    for (line, expected) in cases {
        let message = err(line);
        assert!(message.contains(expected), "{line:?} → {message:?}");
        assert!(
            message.ends_with("Usage: `show <ID> [all [page:N]]`"),
            "{message}"
        );
    }
}

#[test]
fn the_simple_steps_take_only_an_id() {
    assert_eq!(act("ack REQ-3"), (id(3), Action::Acknowledge));
    assert_eq!(act("acknowledge 3"), (id(3), Action::Acknowledge));
    assert_eq!(act("start #3"), (id(3), Action::Start));
}

#[test]
fn deliver_takes_an_optional_note_kept_verbatim() {
    assert_eq!(act("deliver 4"), (id(4), Action::Deliver { note: None }));
    let (_, action) = act(r#"deliver 4 sent the 5" displays, "fragile""#);
    let Action::Deliver { note: Some(note) } = action else {
        panic!("no note")
    };
    assert_eq!(note.as_str(), r#"sent the 5" displays, "fragile""#);
}

#[test]
fn block_decline_and_reopen_need_a_reason() {
    let (_, action) = act("block REQ-1 print vendor capacity until Dec 5");
    assert!(
        matches!(action, Action::Block { reason } if reason.as_str() == "print vendor capacity until Dec 5")
    );
    assert!(matches!(
        act("decline 1 no budget").1,
        Action::Decline { .. }
    ));
    assert!(matches!(
        act("reopen 1 budget approved").1,
        Action::Reopen { .. }
    ));
    assert!(err("block REQ-1").starts_with("`block` needs a reason: name what blocks it"));
    assert!(err("decline REQ-1   ").starts_with("`decline` needs a reason after the ID."));
    assert!(err("reopen 1").contains("Usage: `reopen <ID> <reason…>`"));
}

#[test]
fn comment_needs_text_and_assign_needs_a_person() {
    assert!(matches!(
        act("comment 2 depot closes at 6").1,
        Action::Comment { .. }
    ));
    assert!(err("comment 2").contains("`comment` needs the comment text after the ID."));
    assert_eq!(
        ok("assign 2 @Priya"),
        Command::Assign {
            id: id(2),
            to: "@Priya".into()
        }
    );
    assert_eq!(
        ok("assign 2 <@U0PRIYA|priya>"),
        Command::Assign {
            id: id(2),
            to: "<@U0PRIYA|priya>".into()
        }
    );
    assert!(err("assign 2").contains("needs the person to assign"));
}

#[test]
fn confirm_takes_an_optional_rating_and_note() {
    let (_, action) = act("confirm REQ-1 rating:5 arrived in time");
    let Action::Confirm { rating, note } = action else {
        panic!("not confirm")
    };
    assert_eq!(rating.map(|r| r.get()), Some(5));
    assert_eq!(note.map(|n| n.to_string()), Some("arrived in time".into()));
    assert_eq!(
        act("confirm 1"),
        (
            id(1),
            Action::Confirm {
                rating: None,
                note: None
            }
        )
    );
    for bad in ["rating:0", "rating:6", "rating:great"] {
        let message = err(&format!("confirm 1 {bad}"));
        assert!(
            message.contains("a rating is a whole number from 1 to 5"),
            "{message}"
        );
        assert!(message.ends_with("Usage: `confirm <ID> [rating:1-5] [note…]`"));
    }
    assert!(err("confirm 1 rating:4 rating:5").contains("rating: is given twice"));
}

#[test]
fn control_characters_are_stripped_before_parsing() {
    assert_eq!(act("ack\u{1b} REQ-3\u{0}"), (id(3), Action::Acknowledge));
    let (_, action) = act("comment 3 line one\nline two\u{7}");
    assert!(matches!(action, Action::Comment { text } if text.as_str() == "line one line two"));
}

#[test]
fn every_command_has_help_with_a_parsing_example() {
    for spec in SPECS {
        assert!(help_overview().contains(spec.usage));
        let parsed = run(spec.example);
        assert!(
            parsed.is_ok(),
            "example of {} does not parse: {parsed:?}",
            spec.word
        );
    }
}

#[test]
fn admin_shows_the_outbox_and_nothing_else() {
    assert_eq!(ok("admin outbox"), Command::AdminOutbox);
    assert_eq!(ok("admin backup"), Command::AdminBackup);
    assert_eq!(ok("admin sync"), Command::AdminSync { confirm: false });
    assert_eq!(
        ok("admin sync --confirm"),
        Command::AdminSync { confirm: true }
    );
    let usage = "Usage: `admin outbox | admin backup | admin sync [--confirm]`";
    assert!(err("admin").starts_with("`admin` needs what to do: outbox, backup or sync."));
    assert!(err("admin users").contains(usage));
    assert!(err("admin backup now").contains(usage));
    assert!(err("admin sync now").contains(usage));
    assert!(err("admin sync --confirm please").contains(usage));
}

#[test]
fn pair_commands_parse() {
    use crate::domain::pairing::{MetAnswer, PairId};
    let pair3 = PairId::new(3).expect("id");
    assert_eq!(ok("pair list"), Command::Pair(PairCommand::List(None)));
    assert_eq!(
        ok("pair list ALL"),
        Command::Pair(PairCommand::List(Some(PairListFilter::All)))
    );
    assert_eq!(
        ok("pair ls mine"),
        Command::Pair(PairCommand::List(Some(PairListFilter::Mine)))
    );
    assert_eq!(ok("pair skip"), Command::Pair(PairCommand::Skip));
    assert_eq!(ok("Pair resume"), Command::Pair(PairCommand::Resume));
    let Command::Pair(PairCommand::Met {
        id,
        answer,
        takeaway,
    }) = ok("pair met PAIR-3 yes they want smaller packs")
    else {
        panic!("not pair met")
    };
    assert_eq!((id, answer), (pair3, MetAnswer::Yes));
    assert_eq!(
        takeaway.map(|t| t.to_string()).as_deref(),
        Some("they want smaller packs")
    );
    for (line, answer) in [
        ("pair met 3 no", MetAnswer::No),
        ("pair met #3 not-yet", MetAnswer::NotYet),
        ("pair met pair-3 Y", MetAnswer::Yes),
    ] {
        let expected = Command::Pair(PairCommand::Met {
            id: pair3,
            answer,
            takeaway: None,
        });
        assert_eq!(ok(line), expected, "{line}");
    }
}

#[test]
fn bad_pair_lines_say_what_is_wrong_and_show_the_usage() {
    let usage = "Usage: `pair list [mine|all] | pair met PAIR-n yes|no|not-yet [takeaway…] | pair skip | pair resume`";
    let cases = [
        (
            "pair",
            "`pair` needs what to do: list, met, skip or resume.",
        ),
        (
            "pair dance",
            "`pair` does list, met, skip or resume — not \"dance\".",
        ),
        (
            "pair list everyone",
            "`pair list` shows mine or all — not \"everyone\".",
        ),
        ("pair met", "`pair met PAIR-3 yes`"),
        (
            "pair met PAIR-x yes",
            "\"PAIR-x\" is not a pair ID; write it like PAIR-3 or 3.",
        ),
        (
            "pair met PAIR-3",
            "`pair` needs yes or no after the pair ID.",
        ),
        (
            "pair met PAIR-3 maybe",
            "Did you meet? Answer yes or no (or not-yet) — not \"maybe\".",
        ),
        (
            "pair met PAIR-3 no busy week",
            "A takeaway goes with yes: `pair met PAIR-3 yes <takeaway>`.",
        ),
        (
            "pair skip twice",
            "`pair` takes nothing after skip; remove \"twice\".",
        ),
    ];
    for (line, expected) in cases {
        let message = err(line);
        assert!(message.contains(expected), "{line:?} → {message:?}");
        assert!(message.ends_with(usage), "{line:?} → {message:?}");
    }
}
