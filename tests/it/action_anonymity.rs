//! You said → we did on an anonymous launch review: whoever answered stays "someone in Sales"
//! in every reply, DM to others, thread line, `show` and export; each answer is quoted apart,
//! in an order that does not follow who answered when; only their own DM says "You said".

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::export::Format;
use tandem::message::render_plain;

use crate::helpers::{channel, dm};
use crate::launches::posted;
use crate::looping::{Loop, ZONES, local};

/// Everyone who answered, none of whom may be named to others.
const ANSWERERS: [&str; 5] = ["Asha", "Oliver", "Kiran", "Priya", "Arjun"];

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

fn names_nobody(text: &str) {
    for name in ANSWERERS {
        assert!(!text.contains(name), "{name} is named in {text:?}");
    }
}

/// An anonymous review of `diwali` with three answers from each team, opened and closed by
/// Meera (who gave none); the Marketing answers came in as Priya's (zz…), Rohan's, Arjun's (aa…).
fn closed_anonymous_review() -> Loop {
    let config = format!(
        "{ZONES}\n[reviews]\nanonymous = true\n\
         [[people]]\nname = \"Kiran\"\nteam = \"sales\"\n\
         [[people]]\nname = \"Arjun\"\nteam = \"marketing\"\n\
         [[people]]\nname = \"Vikram\"\nteam = \"marketing\"\n"
    );
    let mut bot = Loop::new(&config, start());
    bot.ok("Priya", "launch add diwali on:2026-11-20");
    bot.ok("Meera", "launch review diwali");
    for (who, line) in [
        ("Asha", "2 sold out cause:pricing"),
        (
            "Oliver",
            r#"1:"London liked it" 2:"late stock" cause:timing"#,
        ),
        ("Kiran", "2 shelf space cause:placement"),
        ("Priya", "2 zz late agency cause:timing"),
        ("Rohan", "2 thin budget cause:pricing"),
        ("Arjun", "2 aa agency late cause:timing"),
    ] {
        bot.ok(who, &format!("answer diwali {line}"));
    }
    bot.ok("Meera", "launch close diwali");
    bot
}

#[test]
fn an_anonymous_reviews_result_lists_each_teams_answers_in_an_order_that_names_nobody() {
    let bot = closed_anonymous_review();
    let result =
        render_plain(&posted(&bot, &channel("joint"), "Launch review · diwali")[0].message);
    let at = |needle: &str| {
        result
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}: {result}"))
    };
    assert!(
        at("• aa agency late") < at("• thin budget")
            && at("• thin budget") < at("• zz late agency"),
        "sorted, not in the order they came in: {result}"
    );
    names_nobody(&result);
}

#[test]
fn an_action_on_an_anonymous_review_keeps_every_speaker_unnamed_but_in_their_own_dm() {
    let mut bot = closed_anonymous_review();
    let added = bot.ok("Vikram", "action add diwali a new price list owner:@Rohan");
    assert_eq!(
        added,
        "Added ACT-1 on diwali: 'a new price list' Owner Rohan. Rohan told by DM, and the 6 people whose answers it quotes."
    );

    let shown = bot.ok("Vikram", "show ACT-1");
    names_nobody(&shown);
    assert!(
        shown.contains("someone in Sales said (30 Nov, diwali review): '1."),
        "{shown}"
    );
    // Oliver's answers and cause are quoted apart, so nothing ties them together.
    for line in shown.lines().filter(|l| l.contains("London liked it")) {
        assert!(
            !line.contains("late stock") && !line.contains("cause:"),
            "{line}"
        );
    }
    let causes: Vec<&str> = shown.lines().filter(|l| l.contains("'cause: ")).collect();
    assert_eq!(causes.len(), 6, "one quote per cause: {shown}");

    let owner = bot.sent_to(&dm("Rohan"), "ACT-1 is yours");
    assert_eq!(owner.len(), 1);
    names_nobody(&owner[0].1);
    let own = bot.sent_to(&dm("Oliver"), "Marketing will act on what you said");
    assert_eq!(own.len(), 1, "the speaker hears it in their own DM");
    assert!(
        own[0].1.contains("You said (30 Nov, diwali review)"),
        "{}",
        own[0].1
    );
    assert!(own[0].1.contains("London liked it") && own[0].1.contains("late stock"));
    assert!(
        !own[0].1.contains("sold out"),
        "only their own words: {}",
        own[0].1
    );

    let done = bot.ok("Rohan", "action done ACT-1 a new price list is out");
    assert_eq!(
        done,
        "ACT-1 is done. The 5 people whose answers it quotes told by DM."
    );
    bot.ok("Asha", "action rate ACT-1 yes");
    let rated = bot.sent_to(&dm("Rohan"), "says ACT-1 addressed");
    assert_eq!(rated.len(), 1);
    assert_eq!(
        rated[0].1,
        "Someone in Sales says ACT-1 addressed what they said 👍."
    );

    for (_, line) in bot.sent_to(&channel("joint"), "ACT-1 ·") {
        names_nobody(&line);
    }
    names_nobody(&bot.ok("Vikram", "action list all"));
    let mut out = Vec::new();
    let actions = bot.bot.store().all_actions().expect("actions");
    let directory = bot.bot.directory();
    tandem::export_actions::write(&actions, &directory, Format::Json, &mut out).expect("export");
    let exported = String::from_utf8(out).expect("utf-8");
    assert!(exported.contains("someone in Marketing"), "{exported}");
    names_nobody(&exported);
}
