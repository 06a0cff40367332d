//! The log-a-visit form in the bot: `visit log` alone asks a marketer's platform for it (the
//! shell says what to type, as before), the form holds the Sales people, the kinds and the
//! marketer's own today, and a submitted form meets the typed line's rules, field by field.

use chrono_tz::Asia::Kolkata;
use tandem::bot::{Form, Outcome};
use tandem::command::{VisitField, VisitFields};
use tandem::domain::Identity;
use tandem::message::Destination;

use crate::looping::{Loop, local, utc};
use crate::visits::VISITS;

fn who(name: &str) -> Identity {
    Identity::Name(name.into())
}

#[test]
fn visit_log_alone_asks_for_the_form_only_for_marketing_and_still_says_what_to_type() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 3, 10, 0));
    let priya = bot.say("Priya", "visit log");
    assert_eq!(priya.outcome, Outcome::Invalid);
    assert_eq!(priya.form, Some(Form::LogVisit));
    let text = priya.text();
    assert!(
        text.starts_with("`visit log` needs the market, like market:\"Pune West\".\nUsage: `visit log market:NAME"),
        "{text}"
    );
    let asha = bot.say("Asha", "visit log");
    assert_eq!(
        (asha.text(), asha.form),
        (text, None),
        "the same words, no form"
    );
    assert!(
        bot.bot.visit_form(&who("Asha")).is_err(),
        "Sales logs no visits"
    );
}

#[test]
fn the_form_offers_the_sales_people_and_kinds_and_each_marketers_own_today() {
    // 31 December 2026, 20:00 UTC: already 1 January in Kolkata, still 31 December in London.
    let bot = Loop::new(VISITS, utc(2026, 12, 31, 20, 0));
    let priya = bot
        .bot
        .visit_form(&who("Priya"))
        .expect("a marketer's form");
    assert_eq!(priya.companions, ["Asha", "Oliver", "Meera"]);
    assert_eq!(
        priya.kinds,
        ["store", "ride-along", "distributor", "customer"]
    );
    assert_eq!(priya.today.to_string(), "2027-01-01");
    let nora = bot.bot.visit_form(&who("Nora")).expect("a marketer's form");
    assert_eq!(nora.today.to_string(), "2026-12-31");
}

#[test]
fn a_submitted_form_meets_the_typed_rules_beside_each_field_and_then_logs_the_visit() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 3, 10, 0));
    let fields = |date: &str, companion: &str| VisitFields {
        market: "Pune West".into(),
        date: Some(date.into()),
        companion: Some(companion.into()),
        kind: Some("store".into()),
        learnings: "shops want smaller packs".into(),
    };
    let problems = [
        (
            "2026-10-01",
            "Asha",
            VisitField::Date,
            "more than 31 days ago",
        ),
        ("2026-12-04", "Asha", VisitField::Date, "is in the future"),
        (
            "2026-12-01",
            "Rohan",
            VisitField::Companion,
            "Rohan is in Marketing",
        ),
    ];
    for (date, companion, field, why) in problems {
        let Err(errors) = bot
            .bot
            .log_visit_from_form(&who("Priya"), &fields(date, companion))
        else {
            panic!("{date} with {companion} is refused");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, field, "{errors:?}");
        assert!(errors[0].1.contains(why), "{errors:?}");
    }
    let asha = bot
        .bot
        .log_visit_from_form(&who("Asha"), &fields("2026-12-01", "Meera"));
    assert!(
        matches!(&asha, Err(e) if e[0].0 == VisitField::Market && e[0].1.contains("logged by Marketing")),
        "Sales logs no visits"
    );
    let listed = bot.ok("Priya", "visit list mine");
    assert!(listed.contains("done 0"), "nothing was logged: {listed}");

    let logged = bot
        .bot
        .log_visit_from_form(&who("Priya"), &fields("2026-12-01", "Asha"))
        .expect("a good form");
    let reply = bot.bot.settle_blocking(logged);
    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    assert!(
        reply
            .text()
            .starts_with("Logged VIS-1 · Priya in Pune West with Asha")
    );
    bot.ok("Priya", "visit list mine");
    let sales = Destination::Channel("sales".into());
    assert_eq!(
        bot.sent_to(&sales, "Priya was in Pune West with Asha")
            .len(),
        1,
        "Sales sees the learnings as for a typed visit"
    );
}
