//! Market visits: the whole loop on a manual clock, the target across month ends and zones,
//! nudges, disputes, and bad input that changes nothing.

use chrono::NaiveDate;
use chrono_tz::Asia::Kolkata;
use chrono_tz::Europe::London;
use tandem::bot::Outcome;
use tandem::message::Destination;

use crate::helpers::dm;
use crate::looping::{Loop, local, utc};

/// Asha, Oliver and Meera (lead) in Sales; Priya (Kolkata), Nora (London) and Rohan (lead,
/// Kolkata) in Marketing. Default `[visits]`: two a month, leads count.
pub const VISITS: &str = r#"
timezone = "Asia/Kolkata"
[channels]
sales = { slack = "C0SALES" }
marketing = { slack = "C0MKTG" }
joint = { slack = "C0JOINT" }
[[people]]
name = "Asha"
team = "sales"
[[people]]
name = "Oliver"
team = "sales"
timezone = "Europe/London"
[[people]]
name = "Meera"
team = "sales"
role = "lead"
[[people]]
name = "Priya"
team = "marketing"
[[people]]
name = "Nora"
team = "marketing"
timezone = "Europe/London"
[[people]]
name = "Rohan"
team = "marketing"
role = "lead"
"#;

fn sales() -> Destination {
    Destination::Channel("sales".into())
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

#[test]
fn an_invited_visit_is_accepted_asked_about_the_day_after_logged_vouched_and_counted() {
    // Monday 30 November 2026, 10:00 in Kolkata.
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 11, 30, 10, 0));
    bot.ok(
        "Asha",
        "visit invite @Priya market:\"Pune West\" on:2026-12-02 new shelf layout",
    );
    let invite = bot.sent_to(&dm("Priya"), "Asha asks you along to Pune West");
    assert_eq!(invite.len(), 1);
    assert!(
        invite[0].1.contains("/tandem visit accept VIS-1"),
        "{}",
        invite[0].1
    );
    bot.ok("Priya", "visit accept VIS-1");
    assert_eq!(bot.sent_to(&dm("Asha"), "Priya accepted").len(), 1);
    assert!(
        bot.ok("Priya", "visit list mine month:2026-12")
            .contains("planned 1")
    );

    // The visit is on Wednesday; the ask comes Thursday at 09:00, once.
    bot.run_to(local(Kolkata, 2026, 12, 4, 12, 0));
    let asks = bot.sent_to(&dm("Priya"), "How was Priya in Pune West with Asha");
    assert_eq!(asks.len(), 1, "{asks:?}");
    assert_eq!(asks[0].0, local(Kolkata, 2026, 12, 3, 9, 0));
    assert!(
        asks[0].1.contains("/tandem visit log VIS-1"),
        "{}",
        asks[0].1
    );

    bot.ok(
        "Priya",
        "visit log VIS-1 shops want smaller packs before Diwali",
    );
    let card = bot.sent_to(
        &sales(),
        "Priya was in Pune West with Asha: shops want smaller packs",
    );
    assert_eq!(card.len(), 1, "{:?}", bot.sent);
    assert_eq!(bot.sent_to(&dm("Asha"), "Can you vouch").len(), 1);

    let vouched = bot.ok("Asha", "visit vouch VIS-1 we were there all morning");
    assert!(vouched.contains("vouched by Asha"), "{vouched}");
    let list = bot.ok("Priya", "visit list mine");
    assert!(
        list.contains("Priya · 2026-12: done 1 (1 vouched), planned 0 · target 2, 1 to go"),
        "{list}"
    );
    assert!(
        list.contains(
            "VIS-1 · Wed 2 Dec 2026 · Priya in Pune West with Asha · done, vouched by Asha"
        ),
        "{list}"
    );
    // Logged now, asked once: later sweeps do not ask again.
    bot.run_to(local(Kolkata, 2026, 12, 8, 12, 0));
    assert_eq!(bot.sent_to(&dm("Priya"), "How was").len(), 1);
}

#[test]
fn a_visit_counts_in_the_month_of_the_marketers_own_date() {
    // 20:00 on 31 January in London is already 1 February in Kolkata.
    let mut bot = Loop::new(VISITS, utc(2027, 1, 31, 20, 0));
    let priya = bot.ok("Priya", "visit log market:Nashik kind:store fewer returns");
    assert!(priya.contains("Mon 1 Feb 2027"), "{priya}");
    let nora = bot.ok(
        "Nora",
        "visit log market:Croydon kind:customer wants samples",
    );
    assert!(nora.contains("Sun 31 Jan 2027"), "{nora}");
    bot.ok(
        "Priya",
        "visit log market:Thane on:2027-01-31 with:@Asha a visit on the 31st",
    );

    let january = bot.ok("Rohan", "visit list team month:2027-01");
    assert!(
        january.contains("Priya · 2027-01: done 1 (0 vouched)"),
        "{january}"
    );
    assert!(
        january.contains("Nora · 2027-01: done 1 (0 vouched)"),
        "{january}"
    );
    // Without month:, each marketer's own current month.
    let now = bot.ok("Rohan", "visit list team");
    assert!(now.contains("Priya · 2027-02: done 1 (0 vouched)"), "{now}");
    assert!(now.contains("Nora · 2027-01: done 1 (0 vouched)"), "{now}");
    assert!(
        now.contains("Rohan · 2027-02: done 0 (0 vouched), planned 0 · target 2, 2 to go"),
        "{now}"
    );
    let two = bot.ok("Priya", "visit log market:Thane with:@Asha second one");
    assert!(two.contains("VIS-4"), "{two}");
    let met = bot.ok("Priya", "visit list");
    assert!(
        met.contains("Priya · 2027-02: done 2 (0 vouched), planned 0 · target 2, met"),
        "{met}"
    );
}

#[test]
fn a_marketer_with_nothing_is_nudged_on_the_tenth_and_once_more_in_the_last_week() {
    // Tuesday 1 December 2026. Asha hosted once lately; Oliver and Meera not at all.
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok(
        "Nora",
        "visit log market:Croydon with:@Asha on:2026-11-20 busy shops",
    );
    bot.ok("Rohan", "pause 5w");
    bot.run_to(local(Kolkata, 2026, 12, 31, 18, 0));
    let nudges = bot.sent_to(&dm("Priya"), "market visits this month");
    let times: Vec<_> = nudges.iter().map(|(t, _)| *t).collect();
    // Thursday 10th at 09:00, then Friday 25th (the last week) at 09:00: a week apart at least.
    assert_eq!(
        times,
        vec![
            local(Kolkata, 2026, 12, 10, 9, 0),
            local(Kolkata, 2026, 12, 25, 9, 0)
        ],
        "{nudges:?}"
    );
    let text = &nudges[0].1;
    assert!(
        text.contains("You have 0 of 2 market visits this month"),
        "{text}"
    );
    assert!(
        text.contains("Ride along with Meera, Oliver, Asha"),
        "{text}"
    );
    assert!(
        bot.sent_to(&dm("Rohan"), "market visits").is_empty(),
        "paused"
    );
    // Nora (London) had nothing in December either: nudged in her own working hours (the
    // sweep runs on the company's hour, 09:30 in London).
    let nora = bot.sent_to(&dm("Nora"), "market visits this month");
    assert_eq!(
        nora.first().map(|(t, _)| *t),
        Some(local(London, 2026, 12, 10, 9, 30))
    );
}

#[test]
fn a_nudge_suggests_who_hosted_least_counting_only_visits_that_happened() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok(
        "Nora",
        "visit log market:Croydon with:@Oliver on:2026-11-20 busy",
    );
    bot.ok(
        "Nora",
        "visit log market:Leeds with:@Meera on:2026-11-25 quiet",
    );
    bot.ok("Meera", "visit dispute VIS-2 I was in Pune that week");
    // Asha's: an invitation never answered, and a plan never logged. Neither happened.
    bot.ok("Asha", "visit invite @Nora market:Thane on:2026-12-05");
    bot.ok("Rohan", "visit plan market:Thane on:2026-12-04 with:@Asha");
    bot.run_to(local(Kolkata, 2026, 12, 10, 12, 0));
    let nudges = bot.sent_to(&dm("Priya"), "market visits this month");
    assert_eq!(nudges.len(), 1, "{nudges:?}");
    assert!(
        nudges[0].1.contains("Ride along with Asha, Meera, Oliver"),
        "{}",
        nudges[0].1
    );
}

#[test]
fn a_last_week_nudge_waits_until_a_week_after_a_late_mid_month_one() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    // Friday the 18th holds the mid-month nudge back until it passes unlogged: Monday 21st.
    bot.ok("Priya", "visit plan market:Pune on:2026-12-18");
    bot.run_to(local(Kolkata, 2026, 12, 31, 18, 0));
    let nudges = bot.sent_to(&dm("Priya"), "market visits this month");
    let times: Vec<_> = nudges.iter().map(|(t, _)| *t).collect();
    // The last week starts on Friday 25th, four days on: that nudge waits for Monday 28th.
    assert_eq!(
        times,
        vec![
            local(Kolkata, 2026, 12, 21, 9, 0),
            local(Kolkata, 2026, 12, 28, 9, 0)
        ],
        "{nudges:?}"
    );
}

#[test]
fn a_marketer_with_a_planned_visit_is_not_nudged_mid_month_but_is_in_the_last_week_if_under() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok("Priya", "visit log market:Pune with:@Oliver one done");
    bot.run_to(local(Kolkata, 2026, 12, 24, 18, 0));
    assert!(
        bot.sent_to(&dm("Priya"), "market visits this month")
            .is_empty()
    );
    bot.run_to(local(Kolkata, 2026, 12, 31, 18, 0));
    let late = bot.sent_to(&dm("Priya"), "market visits this month");
    assert_eq!(late.len(), 1, "{late:?}");
    assert!(late[0].1.contains("You have 1 of 2"), "{}", late[0].1);
}

#[test]
fn a_planned_visit_whose_date_passed_unlogged_does_not_hold_the_nudge_back() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok("Priya", "visit plan market:Pune on:2026-12-03");
    bot.ok("Rohan", "visit plan market:Thane on:2026-12-15 with:@Asha");
    bot.run_to(local(Kolkata, 2026, 12, 31, 18, 0));
    // Priya's visit of the 3rd was never logged: on the 10th she has nothing to come.
    let priya = bot.sent_to(&dm("Priya"), "market visits this month");
    let times: Vec<_> = priya.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        times,
        vec![
            local(Kolkata, 2026, 12, 10, 9, 0),
            local(Kolkata, 2026, 12, 25, 9, 0)
        ],
        "{priya:?}"
    );
    assert!(
        priya[0]
            .1
            .contains("You have 0 of 2 market visits this month. Ride along"),
        "no planned visit is mentioned: {}",
        priya[0].1
    );
    // Rohan's of the 15th held the nudge back while it was to come; once it passed unlogged,
    // the next morning, he is nudged, and again in the last week (more than a week later).
    let rohan = bot.sent_to(&dm("Rohan"), "market visits this month");
    let times: Vec<_> = rohan.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        times,
        vec![
            local(Kolkata, 2026, 12, 16, 9, 0),
            local(Kolkata, 2026, 12, 25, 9, 0)
        ],
        "{rohan:?}"
    );
    let list = bot.ok("Rohan", "visit list team");
    assert!(
        list.contains("Rohan · 2026-12: done 0 (0 vouched), planned 0 · target 2, 2 to go"),
        "{list}"
    );
}

#[test]
fn the_marketing_lead_gets_last_months_line_privately_once() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 28, 10, 0));
    bot.ok("Priya", "visit log market:Pune with:@Asha one");
    bot.ok("Priya", "visit log market:Thane with:@Oliver two");
    bot.run_to(local(Kolkata, 2027, 1, 8, 18, 0));
    let lines = bot.sent_to(&dm("Rohan"), "Market visits in 2026-12");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0]
            .1
            .contains("met by Priya (2); under target: Nora (0), Rohan (0)"),
        "{}",
        lines[0].1
    );
    let in_channels = bot
        .sent
        .iter()
        .filter(|(_, o)| matches!(o.to, Destination::Channel(_)))
        .filter(|(_, o)| tandem::message::render_plain(&o.message).contains("Market visits in"))
        .count();
    assert_eq!(in_channels, 0);
}

#[test]
fn a_disputed_visit_does_not_count_until_the_companion_or_a_marketing_lead_settles_it() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 2, 10, 0));
    bot.ok(
        "Priya",
        "visit log market:Pune with:@Asha kind:ride-along shelves empty",
    );
    bot.ok(
        "Priya",
        "visit log market:Thane with:@Oliver distributor is slow",
    );
    assert_eq!(
        bot.say("Oliver", "visit dispute VIS-1 not me").outcome,
        Outcome::Refused
    );
    bot.ok("Asha", "visit dispute VIS-1 I was in Mumbai that day");
    assert_eq!(
        bot.sent_to(&dm("Priya"), "didn't happen: I was in Mumbai")
            .len(),
        1
    );
    assert_eq!(
        bot.sent_to(&dm("Rohan"), "didn't happen: I was in Mumbai")
            .len(),
        1
    );
    assert!(bot.ok("Priya", "visit list").contains("done 1 (0 vouched)"));
    assert!(
        bot.say("Asha", "visit dispute VIS-1 again")
            .text()
            .contains("disputed already")
    );
    // A Sales lead cannot rule; the Marketing lead can.
    assert_eq!(
        bot.say("Meera", "visit vouch VIS-1").outcome,
        Outcome::Refused
    );
    bot.ok("Rohan", "visit vouch VIS-1 the photos show the shelves");
    let list = bot.ok("Priya", "visit list");
    assert!(list.contains("done 2 (0 vouched)"), "{list}");
    assert!(list.contains("disputed and settled by Rohan"), "{list}");
    // The companion can also settle it by vouching after all.
    bot.ok("Oliver", "visit dispute VIS-2 wrong day");
    bot.ok("Oliver", "visit vouch VIS-2 sorry, it was that day");
    assert!(bot.ok("Priya", "visit list").contains("done 2 (1 vouched)"));
}

#[test]
fn a_planned_visit_is_completed_within_31_days_of_its_date_like_any_logged_visit() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 1, 10, 0));
    bot.ok("Priya", "visit plan market:Pune on:2026-12-02 with:@Asha");
    bot.ok("Priya", "visit plan market:Thane on:2026-12-03");
    bot.run_to(local(Kolkata, 2027, 1, 3, 10, 0));
    let before = bot.sent.len();
    let late = bot.say("Priya", "visit log VIS-1 shops want smaller packs");
    assert_ne!(late.outcome, Outcome::Done);
    assert_eq!(
        late.text().lines().next(),
        Some("VIS-1 was on 2026-12-02, more than 31 days ago; log visits within a month.")
    );
    assert_eq!(bot.sent.len(), before, "a refusal sends nothing");
    let list = bot.ok("Priya", "visit list mine month:2026-12");
    assert!(
        list.contains("VIS-1 · Wed 2 Dec 2026 · Priya in Pune with Asha · planned"),
        "{list}"
    );
    // 31 days after its date is still within the rule.
    let logged = bot.ok("Priya", "visit log VIS-2 the distributor is slow");
    assert!(logged.starts_with("Logged VIS-2"), "{logged}");
}

#[test]
fn bad_visit_input_gets_a_clear_error_and_changes_nothing() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 15, 10, 0));
    bot.ok("Priya", "visit plan market:Pune on:2026-12-20 with:@Asha");
    bot.ok("Asha", "visit invite @Nora market:Pune on:2026-12-21");
    let before = bot.sent.len();
    let cases: &[(&str, &str, &str)] = &[
        (
            "Asha",
            "visit log market:Pune learnt a lot",
            "Visits are logged by Marketing",
        ),
        (
            "Priya",
            "visit log market:Pune on:2026-12-16 future",
            "in the future",
        ),
        (
            "Priya",
            "visit log market:Pune on:2026-11-13 too old",
            "more than 31 days ago",
        ),
        (
            "Priya",
            "visit log market:Pune on:15-12-2026 x",
            "on: wants a date like",
        ),
        (
            "Priya",
            "visit plan market:Pune on:2026-12-14",
            "in the past",
        ),
        (
            "Priya",
            "visit log market:Pune with:@Rohan x",
            "Rohan is in Marketing",
        ),
        (
            "Priya",
            "visit log market:Pune with:@Nobody x",
            "nobody called",
        ),
        ("Priya", "visit log shops want packs", "needs the market"),
        ("Priya", "visit log market:Pune", "what did you learn?"),
        (
            "Priya",
            "visit log market:Pune kind:fair x",
            "not a kind of visit",
        ),
        (
            "Asha",
            "visit vouch VIS-1",
            "is planned; vouch once it happened",
        ),
        ("Oliver", "visit vouch VIS-1", "Only Asha"),
        ("Priya", "visit log VIS-1 early", "log it once it happened"),
        (
            "Asha",
            "visit invite @Oliver market:Pune on:2026-12-20",
            "not in Marketing",
        ),
        ("Priya", "visit accept VIS-2", "invites Nora, not you"),
        ("Nora", "visit decline VIS-2", "needs a reason"),
        ("Priya", "visit vouch VIS-9", "There's no VIS-9"),
        ("Priya", "visit list month:2026-13", "month: wants a month"),
    ];
    for (who, line, expected) in cases {
        let reply = bot.say(who, line);
        assert_ne!(reply.outcome, Outcome::Done, "{who}: {line}");
        assert!(
            reply.text().contains(expected),
            "{who}: {line} → {}",
            reply.text()
        );
    }
    assert_eq!(bot.sent.len(), before, "a refusal sends nothing");
    let stored = bot
        .bot
        .store()
        .visits_dated(day("2026-01-01"), day("2027-12-31"))
        .expect("visits");
    assert_eq!(stored.len(), 2);
    // Vouching twice is refused too.
    bot.ok("Priya", "visit log market:Pune with:@Asha x");
    bot.ok("Asha", "visit vouch VIS-3");
    assert!(
        bot.say("Asha", "visit vouch VIS-3")
            .text()
            .contains("vouched for already")
    );
}

#[test]
fn the_digest_shows_the_weeks_visits_with_learnings_and_the_month_against_target() {
    let mut bot = Loop::new(VISITS, local(Kolkata, 2026, 12, 9, 10, 0));
    bot.ok(
        "Priya",
        "visit log market:Pune with:@Asha shops want smaller packs",
    );
    bot.ok("Priya", "visit log market:Thane on:2026-11-20 older visit");
    let digest = bot.ok("Meera", "digest");
    assert!(digest.contains("Market visits this week"), "{digest}");
    assert!(
        digest.contains("Priya in Pune with Asha: shops want smaller packs"),
        "{digest}"
    );
    assert!(!digest.contains("older visit"), "{digest}");
    assert!(
        digest.contains("Priya · 2026-12: done 1 (0 vouched), planned 0 · target 2, 1 to go"),
        "{digest}"
    );
}
