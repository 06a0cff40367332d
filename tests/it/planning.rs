//! Planning rounds through the bot and its schedule: a whole round to agreement with blind
//! figures, the gap table, an objection, a voided sign-off and the agreed plan posted once;
//! every bad line refused with nothing changed; reminders once.

use chrono::DateTime;
use chrono::Utc;
use chrono_tz::Asia::Kolkata;
use tandem::bot::Outcome;
use tandem::domain::PlanName;

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local};

fn start() -> DateTime<Utc> {
    local(Kolkata, 2026, 11, 30, 10, 0)
}

fn refused(bot: &mut Loop, name: &str, line: &str) -> String {
    let reply = bot.say(name, line);
    assert_ne!(
        reply.outcome,
        Outcome::Done,
        "{name}: {line} → {}",
        reply.text()
    );
    reply.text()
}

/// A round on fy27 with two sections, a line each team has a figure for, and inputs.
pub(crate) fn opened() -> Loop {
    let mut bot = Loop::new(ZONES, start());
    bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-18 sections:"Products, Pricing""#,
    );
    bot
}

#[test]
fn a_round_runs_from_inputs_to_both_leads_signing_and_posts_the_agreed_plan_once() {
    let mut bot = Loop::new(ZONES, start());
    let opened = bot.ok(
        "Meera",
        r#"plan open fy27 due:2026-12-18 sections:"Products, Pricing""#,
    );
    assert!(
        opened.contains("5 people asked by DM (3 in Sales, 2 in Marketing)"),
        "{opened}"
    );
    for name in ["Asha", "Oliver", "Meera", "Priya", "Rohan"] {
        let dms = bot.sent_to(&dm(name), "Planning round · fy27");
        assert_eq!(dms.len(), 1, "{name} is asked once");
        assert!(dms[0].1.contains("1. Products\n2. Pricing"), "{}", dms[0].1);
    }
    bot.ok("Asha", "plan input fy27 1 Smaller packs for kirana stores");
    bot.ok(
        "Oliver",
        "plan input fy27 2 London distributors want 10% margin",
    );
    bot.ok("Priya", "plan input fy27 2 Hold the list price at 40");
    bot.ok("Meera", "plan line fy27 Masala Mix · Pune West · Q1 units");
    bot.ok("Rohan", "plan line fy27 Chai Bites · Nashik · Q1 units");
    bot.ok("Asha", "plan figure fy27 1 1200 festive demand");
    bot.ok("Priya", "plan figure fy27 2 520");

    let sales_view = bot.ok("Meera", "plan show fy27");
    assert!(
        sales_view.contains("Sales 1,200 (yours) · Marketing not in yet"),
        "{sales_view}"
    );
    assert!(
        sales_view.contains("Sales not in yet · Marketing entered (hidden until yours is in)"),
        "{sales_view}"
    );
    assert!(
        !sales_view.contains("520"),
        "Sales sees Marketing's figure: {sales_view}"
    );
    let marketing_view = bot.ok("Rohan", "plan show fy27");
    assert!(
        !marketing_view.contains("1,200"),
        "Marketing sees Sales' figure: {marketing_view}"
    );
    assert!(
        marketing_view.contains("Sales entered (hidden until yours is in)"),
        "{marketing_view}"
    );

    let both = bot.ok("Rohan", "plan figure fy27 1 1000 depot capacity");
    assert!(
        both.contains("Sales 1,200 · Marketing 1,000 · gap 18.2% (over)"),
        "{both}"
    );
    bot.ok("Meera", "plan figure fy27 2 500");
    let shown = bot.ok("Asha", "plan show fy27");
    assert!(
        shown.contains("Forecast (a gap over 15% needs an agreed figure)"),
        "{shown}"
    );
    assert!(shown.contains("1. Masala Mix · Pune West · Q1 units: Sales 1,200 · Marketing 1,000 · gap 18.2% (over) · needs an agreed figure"), "{shown}");
    assert!(shown.contains("2. Chai Bites · Nashik · Q1 units: Sales 500 · Marketing 520 · gap 3.9% · within the threshold: 510"), "{shown}");

    let blocked = refused(&mut bot, "Meera", "plan signoff fy27");
    assert!(
        blocked.contains("sections 1 (Products), 2 (Pricing) without agreed text"),
        "{blocked}"
    );
    assert!(
        blocked.contains("line 1 has a gap of 18% (over 15%)"),
        "{blocked}"
    );

    bot.ok(
        "Asha",
        "plan object fy27 2 40 is too high for kirana stores",
    );
    assert_eq!(
        bot.sent_to(&dm("Rohan"), "Planning round · fy27 · objection 1")
            .len(),
        1
    );
    bot.ok("Rohan", "plan draft fy27 1 Masala Mix 50g and Chai Bites");
    bot.ok("Rohan", "plan draft fy27 2 List price 40");
    bot.ok("Rohan", "plan agree fy27 1 1100 depot capacity caps Q1");
    let blocked = refused(&mut bot, "Meera", "plan signoff fy27");
    assert!(blocked.contains("objection 1 still open"), "{blocked}");
    assert!(!blocked.contains("without agreed text"), "{blocked}");

    refused(&mut bot, "Asha", "plan resolve fy27 1 fine");
    bot.ok(
        "Rohan",
        "plan resolve fy27 1 38 for kirana packs, 40 elsewhere",
    );
    let told = bot.sent_to(&dm("Asha"), "your objection 1 is settled");
    assert_eq!(told.len(), 1);
    assert!(told[0].1.contains("38 for kirana packs"), "{}", told[0].1);
    let twice = refused(&mut bot, "Rohan", "plan resolve fy27 1 again");
    assert!(twice.contains("already resolved by Rohan"), "{twice}");

    let signed = bot.ok("Meera", "plan signoff fy27");
    assert!(
        signed.contains("Signed version 5 of fy27 for Sales"),
        "{signed}"
    );
    assert_eq!(bot.sent_to(&dm("Rohan"), "signed by Meera").len(), 1);
    let twice = refused(&mut bot, "Meera", "plan signoff fy27");
    assert!(
        twice.contains("Sales has already signed version 5 of fy27 (Meera)"),
        "{twice}"
    );

    let changed = bot.ok(
        "Rohan",
        "plan draft fy27 2 List price 38 for kirana, 40 elsewhere",
    );
    assert!(changed.contains("now version 6"), "{changed}");
    assert!(
        changed.contains("voids the sign-off of Meera (Sales, version 5)"),
        "{changed}"
    );
    let voided = bot.sent_to(&dm("Meera"), "sign-off voided");
    assert_eq!(voided.len(), 1, "the Sales lead is told");
    assert!(
        voided[0]
            .1
            .contains("Rohan changed fy27: it is now version 6"),
        "{}",
        voided[0].1
    );
    assert!(
        bot.ok("Asha", "plan show fy27")
            .contains("Sales not signed · Marketing not signed")
    );

    bot.ok("Rohan", "plan signoff fy27");
    assert!(
        bot.sent_to(&channel("joint"), "Plan agreed").is_empty(),
        "not before both sign"
    );
    let agreed = bot.ok("Meera", "plan signoff fy27");
    assert!(agreed.contains("fy27 is agreed on version 6"), "{agreed}");

    let posts = bot.sent_to(&channel("joint"), "Plan agreed · fy27");
    assert_eq!(posts.len(), 1, "posted once");
    let card = &posts[0].1;
    for needle in [
        "Version 6 was signed by Meera (Sales lead) and Rohan (Marketing lead)",
        "Buy-in: 2 of 3 in Sales gave input, 1 of 2 in Marketing gave input.",
        "Objections: 1 raised, 1 settled:",
        "40 is too high for kirana stores → settled by Rohan: 38 for kirana packs, 40 elsewhere",
        "1. Masala Mix · Pune West · Q1 units: 1,100",
        "2. Chai Bites · Nashik · Q1 units: 510",
        "2. Pricing: List price 38 for kirana, 40 elsewhere",
    ] {
        assert!(card.contains(needle), "{needle:?} not in {card}");
    }
    let inputs = card.contains("1. Products: 1") && card.contains("2. Pricing: 1");
    assert!(inputs, "inputs per section per team: {card}");

    let closed = refused(&mut bot, "Asha", "plan input fy27 1 too late");
    assert!(
        closed.contains("fy27 is agreed; it takes no more changes"),
        "{closed}"
    );
    refused(&mut bot, "Meera", "plan signoff fy27");
    assert_eq!(
        bot.sent_to(&channel("joint"), "Plan agreed").len(),
        1,
        "still once"
    );

    let list = bot.ok("Asha", "plan list");
    assert!(list.contains("fy27 — agreed on version 6"), "{list}");
}

#[test]
fn after_the_period_actuals_say_whose_forecast_was_closer() {
    let mut bot = opened();
    bot.ok("Meera", "plan line fy27 Masala Mix units");
    bot.ok("Meera", "plan line fy27 Chai Bites units");
    for (line, sales, marketing) in [(1, "1200", "1000"), (2, "500", "600")] {
        bot.ok("Asha", &format!("plan figure fy27 {line} {sales}"));
        bot.ok("Priya", &format!("plan figure fy27 {line} {marketing}"));
    }
    let early = refused(&mut bot, "Meera", "plan actual fy27 1 1050");
    assert!(early.contains("fy27 isn't agreed yet"), "{early}");
    bot.ok("Meera", "plan agree fy27 1 1100 festive demand");
    bot.ok("Rohan", "plan agree fy27 2 550 new listings");
    bot.ok("Rohan", "plan draft fy27 1 Masala Mix 50g");
    bot.ok("Rohan", "plan draft fy27 2 List price 40");
    bot.ok("Rohan", "plan signoff fy27");
    bot.ok("Meera", "plan signoff fy27");
    bot.ok("Meera", "plan actual fy27 1 1050");
    let recorded = bot.ok("Rohan", "plan actual fy27 2 580");
    assert!(recorded.contains("1. Masala Mix units: actual 1,050 · Sales 1,200 (+14%) · Marketing 1,000 (-5%) → Marketing closer"), "{recorded}");
    assert!(recorded.contains("2. Chai Bites units: actual 580 · Sales 500 (-14%) · Marketing 600 (+3%) → Marketing closer"), "{recorded}");
    assert!(
        recorded.contains("Overall: Sales closer on 0, Marketing closer on 2 of 2 line(s)."),
        "{recorded}"
    );
    refused(&mut bot, "Asha", "plan actual fy27 1 900");
}

#[test]
fn bad_plan_lines_are_refused_and_change_nothing() {
    let mut bot = opened();
    bot.ok("Meera", "plan line fy27 Masala Mix units");
    bot.ok("Asha", "plan figure fy27 1 1200");
    bot.ok("Asha", "plan object fy27 1 too few packs");
    bot.ok("Rohan", "plan resolve fy27 1 more packs");
    let name = PlanName::parse("fy27").expect("name");
    let before = bot.bot.store().plan(&name).expect("read");
    let sent = bot.sent.len();
    for (who, line, says) in [
        (
            "Asha",
            "plan open other due:2026-12-18",
            "Only a lead can open a planning round.",
        ),
        (
            "Asha",
            "plan draft fy27 1 text",
            "Only a lead can write a section's agreed text.",
        ),
        (
            "Priya",
            "plan resolve fy27 1 again",
            "Only a lead can resolve an objection.",
        ),
        (
            "Rohan",
            "plan resolve fy27 1 again",
            "already resolved by Rohan",
        ),
        (
            "Rohan",
            "plan resolve fy27 7 how",
            "There's no objection 7 in fy27.",
        ),
        (
            "Asha",
            "plan agree fy27 1 100 reason",
            "Only a lead can agree a figure.",
        ),
        (
            "Rohan",
            "plan agree fy27 1 1100 depot capacity",
            "Line 1 of fy27 can't be agreed yet: both teams' figures must be in first",
        ),
        (
            "Asha",
            "plan signoff fy27",
            "Only a lead can sign off a plan.",
        ),
        (
            "Asha",
            "plan line fy27 another",
            "Only a lead can add a forecast line.",
        ),
        (
            "Asha",
            "plan figure fy27 1 many",
            "\"many\" is not a number",
        ),
        ("Asha", "plan figure fy27 1 -3", "-3 is negative"),
        (
            "Asha",
            "plan figure fy27 4 100",
            "There's no line 4 in fy27: its lines are numbered 1 to 1.",
        ),
        (
            "Asha",
            "plan input fy27 3 hello",
            "There's no section 3 in fy27: its sections are numbered 1 to 2.",
        ),
        ("Asha", "plan object fy27 9 hello", "There's no section 9"),
        ("Asha", "plan show fy27 5", "There's no section 5"),
        (
            "Asha",
            "plan input nope 1 hello",
            "There's no plan called nope.",
        ),
        ("Asha", "plan input fy27 1", "needs your input"),
        ("Asha", "plan input fy27 1 \"  \"", "needs your input"),
        (
            "Meera",
            "plan open fy27 due:2026-12-20",
            "There is already a plan called fy27",
        ),
        (
            "Meera",
            "plan open other due:2026-11-01",
            "due:2026-11-01 is in the past",
        ),
        (
            "Meera",
            "plan open two words due:2026-12-20",
            "`plan open` takes due: and sections:",
        ),
        (
            "Meera",
            "plan open market-pulse due:2026-12-20",
            "is a prompt's id",
        ),
        ("Meera", "plan signoff fy27", "fy27 can't be signed yet"),
        (
            "Meera",
            "plan signoff fy27 marketing",
            "You lead Sales, so you sign for Sales, not for Marketing.",
        ),
        (
            "Meera",
            "plan signoff fy27 everyone",
            "signs for sales or marketing",
        ),
    ] {
        let text = refused(&mut bot, who, line);
        assert!(text.contains(says), "{who}: {line} → {text}");
    }
    // Seeing the other side's figure before both are in is refused by never showing it.
    let marketing = bot.ok("Rohan", "plan show fy27");
    assert!(!marketing.contains("1,200"), "{marketing}");
    assert_eq!(
        bot.bot.store().plan(&name).expect("read"),
        before,
        "nothing changed"
    );
    assert_eq!(bot.sent.len(), sent, "nothing sent");
    let other = PlanName::parse("other").expect("name");
    assert_eq!(bot.bot.store().plan(&other).expect("read"), None);
}

#[test]
fn a_plan_and_a_launch_never_share_a_name() {
    let mut bot = opened();
    let text = refused(&mut bot, "Priya", "launch add fy27 on:2026-12-20");
    assert!(text.contains("fy27 is a plan's name"), "{text}");
    bot.ok("Priya", "launch add diwali on:2026-12-20");
    let text = refused(&mut bot, "Meera", "plan open diwali due:2026-12-20");
    assert!(text.contains("diwali is a launch's name"), "{text}");
}

#[test]
fn a_plans_form_submits_one_input_per_section() {
    let mut bot = opened();
    let reply = bot.say("Asha", "plan input fy27");
    assert_eq!(reply.outcome, Outcome::Done);
    assert!(reply.form.is_some(), "a form is offered");
    let form = bot
        .bot
        .answer_form(&tandem::domain::Identity::Name("Asha".into()), "fy27")
        .expect("a form");
    assert_eq!(form.questions, vec!["Products", "Pricing"]);
    let saved = bot.ok("Asha", r#"answer fy27 1:"smaller packs" 2:"keep 40""#);
    assert!(
        saved.contains("Added your input to fy27 sections 1 (Products), 2 (Pricing)"),
        "{saved}"
    );
    let section = bot.ok("Priya", "plan show fy27 2");
    assert!(
        section.contains("Asha") && section.contains("keep 40"),
        "{section}"
    );
}
