//! Pairing on the demo config and a manual clock: a round forms on Monday at 10:00, each pair
//! is introduced together, a week later each person is asked whether they met, "not yet" is
//! asked once more three working days on, answers count, the digest shows the rates. Nothing
//! sleeps; every loop is bounded.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Asia::Kolkata;
use chrono_tz::Europe::London;
use tandem::bot::Outcome;
use tandem::domain::PersonName;
use tandem::domain::pairing::{Level, Pair, PairRound, RoundKind};
use tandem::message::{Block, Destination, render_plain};
use tandem::store::{MemoryStore, SledStore, Store, StoreOptions};

use crate::helpers::{channel, demo_settings, dm};
use crate::looping::{Loop, local};

const ASKED: &str = "did you meet";

fn ist(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    let year = if month == 1 { 2027 } else { 2026 };
    local(Kolkata, year, month, day, hour, 0)
}

/// The demo config on a memory store, from Sunday 29 November 2026, noon in Kolkata: the
/// first round forms on Monday 30 November at 10:00.
fn demo() -> Loop {
    demo_on(Arc::new(MemoryStore::new()), ist(11, 29, 12))
}

fn demo_on(store: Arc<dyn Store>, start: DateTime<Utc>) -> Loop {
    let mut bot = Loop::on(demo_settings(), store, start);
    bot.tick(start);
    bot
}

fn current(bot: &Loop) -> (PairRound, Vec<Pair>) {
    bot.bot
        .current_round()
        .expect("readable")
        .expect("a round formed")
}

fn name(text: &str) -> PersonName {
    PersonName::new(text)
}

fn pair_of<'a>(pairs: &'a [Pair], person: &str) -> &'a Pair {
    pairs
        .iter()
        .find(|p| p.includes(&name(person)))
        .unwrap_or_else(|| panic!("{person} has no pair: {pairs:?}"))
}

fn group(pair: &Pair) -> Destination {
    Destination::Group(pair.people().cloned().collect())
}

fn asked(bot: &Loop, person: &str) -> Vec<DateTime<Utc>> {
    let sent = bot.sent_to(&dm(person), ASKED);
    sent.into_iter().map(|(at, _)| at).collect()
}

#[test]
fn a_round_pairs_everyone_across_the_teams_and_introduces_each_pair_together() {
    let mut bot = demo();
    bot.ok("Asha", "request pos Diwali shelf talkers");
    bot.ok("Priya", "ack REQ-1");
    bot.run_to(ist(11, 30, 10));
    let (round, pairs) = current(&bot);
    assert_eq!(
        (round.number, round.kind, round.pairs),
        (1, RoundKind::SameLevel, 3)
    );
    assert_eq!(round.check_at, ist(12, 7, 10), "a week later");
    assert!(round.sat_out.is_empty());
    for pair in &pairs {
        assert_eq!((pair.sales.len(), pair.marketing.len()), (1, 1), "{pair:?}");
    }
    let leads = pair_of(&pairs, "Meera");
    assert_eq!(leads.marketing, vec![name("Rohan")]);
    assert_eq!(leads.level, Level::Leads);
    let asha = pair_of(&pairs, "Asha");
    assert_eq!(
        asha.marketing,
        vec![name("Priya")],
        "an open request between them makes them partners"
    );
    let intros: Vec<_> = bot
        .sent
        .iter()
        .filter(|(_, o)| matches!(o.to, Destination::Group(_)))
        .collect();
    assert_eq!(intros.len(), 3, "one message per pair");
    let text = &bot.sent_to(&group(asha), "")[0].1;
    for expected in [
        &format!("{} · Asha (Sales) × Priya (Marketing)", asha.id),
        "You're paired for this round of Sales × Marketing pairing",
        "REQ-1 · Diwali shelf talkers (acknowledged): filed by Asha, Priya has it",
        "On Mon 7 Dec Tandem asks each of you whether you met.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    let listed = bot.ok("Meera", "pair list");
    assert!(listed.contains("Pairing round 1 · same level"), "{listed}");
    assert_eq!(
        listed
            .matches(" · asked whether they met on Mon 7 Dec")
            .count(),
        3
    );
    let mine = bot.ok("Vikram", "pair list");
    assert_eq!(
        mine.matches("PAIR-").count(),
        1,
        "members see their own: {mine}"
    );
    assert!(mine.contains("Vikram × Arjun"), "{mine}");
}

#[test]
fn a_week_later_each_is_asked_in_their_working_hours_and_not_yet_is_asked_once_more() {
    let mut bot = demo();
    bot.run_to(ist(12, 7, 10));
    for person in ["Asha", "Vikram", "Meera", "Priya", "Rohan"] {
        assert_eq!(asked(&bot, person), vec![ist(12, 7, 10)], "{person}");
    }
    assert!(asked(&bot, "Arjun").is_empty(), "04:30 in London");
    bot.run_to(ist(12, 7, 16));
    let london_morning = local(London, 2026, 12, 7, 9, 30);
    assert_eq!(asked(&bot, "Arjun"), vec![london_morning]);

    let (_, pairs) = current(&bot);
    let id = pair_of(&pairs, "Asha").id;
    let check = &bot.sent_to(&dm("Asha"), ASKED)[0];
    assert!(
        check.1.contains(&format!("{id} · did you meet")),
        "{}",
        check.1
    );
    let message = &bot
        .sent
        .iter()
        .find(|(_, o)| o.to == dm("Asha") && render_plain(&o.message).contains(ASKED))
        .expect("the check")
        .1
        .message;
    let commands: Vec<String> = message
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Actions { buttons } => buttons.iter().map(|b| b.command.clone()).collect(),
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(
        commands,
        ["yes", "not-yet", "no"].map(|a| format!("pair met {id} {a}"))
    );

    // Monday 16:00: three working days on is Thursday 16:00.
    let reply = bot.ok("Asha", &format!("pair met {id} not-yet"));
    assert!(
        reply.contains("asks you once more on Thu 10 Dec"),
        "{reply}"
    );
    bot.run_to(ist(12, 10, 15));
    assert_eq!(
        asked(&bot, "Asha").len(),
        1,
        "not before three working days"
    );
    bot.run_to(ist(12, 10, 17));
    let again = bot.sent_to(&dm("Asha"), "asking once more");
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(
        again[0].0,
        ist(12, 10, 16),
        "three working days on, same time"
    );
    bot.run_to(ist(12, 13, 23));
    assert_eq!(asked(&bot, "Asha").len(), 2, "once more, and only once");
}

#[test]
fn one_yes_counts_the_pair_as_met_and_its_takeaway_goes_to_both() {
    let mut bot = demo();
    bot.run_to(ist(12, 1, 11));
    let (_, pairs) = current(&bot);
    let pair = pair_of(&pairs, "Priya").clone();
    let partner = pair.others(&name("Priya"))[0].clone();
    let reply = bot.ok(
        "Priya",
        &format!(
            "pair met {} yes they want smaller packs before Diwali",
            pair.id
        ),
    );
    assert_eq!(
        reply,
        format!(
            "Thanks: {} counts as met. Your takeaway went to you and {partner}.",
            pair.id
        )
    );
    let shared = bot.sent_to(&group(&pair), "they want smaller packs before Diwali");
    assert_eq!(shared.len(), 1);
    assert!(shared[0].1.contains("Priya's takeaway"), "{}", shared[0].1);
    // Both were told they met: a later "no" does not take that back.
    let sent = bot.sent.len();
    let no = bot.say("Priya", &format!("pair met {} no", pair.id));
    assert_eq!(no.outcome, Outcome::Refused);
    let said = no.text();
    let expected = format!("You already said you met in {}", pair.id);
    assert!(said.starts_with(&expected), "{said}");
    assert_eq!(bot.sent.len(), sent, "nothing was sent");
    bot.run_to(ist(12, 7, 16));
    assert!(asked(&bot, "Priya").is_empty(), "a met pair is not asked");
    assert!(asked(&bot, partner.as_str()).is_empty());
    let others = pairs.iter().filter(|p| p.id != pair.id);
    for other in others {
        for person in other.people() {
            assert_eq!(asked(&bot, person.as_str()).len(), 1, "{person}");
        }
    }
    let mine = bot.ok(partner.as_str(), "pair list mine");
    assert!(
        mine.contains(&format!("{} · ", pair.id)) && mine.ends_with(" · met"),
        "{mine}"
    );
    let all = bot.ok("Rohan", "pair list all");
    assert!(all.contains("Met so far: 1 of 3 pairs."), "{all}");
}

#[test]
fn bad_pairing_input_gets_a_clear_answer_and_changes_nothing() {
    let mut bot = demo();
    bot.run_to(ist(11, 30, 11));
    let (_, pairs) = current(&bot);
    let asha = pair_of(&pairs, "Asha").id;
    let sent = bot.sent.len();
    let cases = [
        (
            format!("pair met {asha} yes"),
            format!("{asha} is not your pair; `pair list mine` shows yours."),
        ),
        (
            "pair met PAIR-99 yes".to_string(),
            "There's no PAIR-99. `pair list mine` shows your pairs.".to_string(),
        ),
        (
            format!("pair met {asha} maybe"),
            "Did you meet? Answer yes or no (or not-yet) — not \"maybe\".".to_string(),
        ),
        (
            "pair list all".to_string(),
            "Leads see every pair; `pair list mine` shows yours.".to_string(),
        ),
    ];
    for (line, expected) in &cases {
        let reply = bot.say("Vikram", line);
        assert_ne!(reply.outcome, Outcome::Done, "{line}");
        assert!(
            reply.text().starts_with(expected.as_str()),
            "{line} → {}",
            reply.text()
        );
    }
    bot.ok("Vikram", "pair skip");
    let twice = bot.say("Vikram", "pair skip");
    assert_eq!(twice.outcome, Outcome::Refused);
    assert_eq!(
        twice.text(),
        "You already sit out the next round; `pair resume` takes that back."
    );
    let (_, after) = current(&bot);
    assert_eq!(after, pairs, "no pair changed");
    assert_eq!(bot.sent.len(), sent, "nothing was sent");
}

#[test]
fn skips_and_pauses_sit_out_a_round_and_a_level_without_a_partner_is_told_privately() {
    let mut bot = demo();
    bot.ok("Vikram", "pair skip");
    bot.ok("Rohan", "pause 3w");
    bot.run_to(ist(11, 30, 11));
    let (round, pairs) = current(&bot);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(
        (pairs[0].sales.clone(), pairs[0].marketing.clone()),
        (vec![name("Asha")], vec![name("Arjun"), name("Priya")]),
        "two marketers and one rep: a group of three"
    );
    assert_eq!(round.sat_out, vec![name("Meera")], "no lead to meet");
    let told = bot.sent_to(&dm("Meera"), "No pair for you in pairing round 1");
    assert_eq!(told.len(), 1);
    let why = bot.ok("Vikram", "pair list");
    assert!(
        why.contains("You're not in round 1 (you sat it out)."),
        "{why}"
    );

    // Round 2, two weeks on: cross-level; Vikram's skip is used up, Rohan still paused.
    bot.run_to(ist(12, 14, 11));
    let (round, pairs) = current(&bot);
    assert_eq!((round.number, round.kind), (2, RoundKind::CrossLevel));
    let everyone: Vec<&PersonName> = pairs.iter().flat_map(|p| p.people()).collect();
    assert!(everyone.contains(&&name("Vikram")));
    assert!(!everyone.contains(&&name("Rohan")));
    let meera = pair_of(&pairs, "Meera");
    assert_eq!(
        meera.level,
        Level::Cross,
        "a lead meets a member: {meera:?}"
    );
}

#[test]
fn three_rounds_left_unanswered_pause_pairing_privately_until_resumed() {
    let mut bot = demo();
    bot.run_to(ist(12, 28, 11));
    assert_eq!(current(&bot).0.number, 3);
    assert!(bot.sent_to(&dm("Asha"), "Pairing is paused").is_empty());
    // Round 3 is answered by Priya's pair only.
    let (_, pairs) = current(&bot);
    let answered = pair_of(&pairs, "Priya").clone();
    bot.ok("Priya", &format!("pair met {} no", answered.id));

    let digest_day = ist(1, 4, 9);
    bot.run_to(digest_day);
    let digest = &bot.sent_to(&channel("joint"), "Weekly digest")[0..];
    let last = &digest.last().expect("a digest").1;
    assert!(
        last.contains(
            "Pairing · round 2 (formed Mon 14 Dec), the last finished: 0 of 3 pairs met (0%)"
        ),
        "{last}"
    );
    assert!(last.contains("Met, last 2 rounds: 0% → 0%"), "{last}");
    for person in ["Asha", "Vikram", "Meera", "Priya", "Arjun", "Rohan"] {
        let paragraph = last
            .lines()
            .filter(|l| l.contains("Pairing") || l.contains("Met, last"));
        assert!(
            paragraph.clone().all(|l| !l.contains(person)),
            "{person} named: {last}"
        );
    }

    bot.run_to(ist(1, 11, 11));
    let (round, pairs) = current(&bot);
    assert_eq!(round.number, 4);
    for person in ["Asha", "Vikram", "Meera", "Arjun", "Rohan"] {
        let told = bot.sent_to(&dm(person), "Pairing is paused for you");
        assert_eq!(told.len(), 1, "{person}");
        assert!(
            pairs.iter().all(|p| !p.includes(&name(person))),
            "{person} paired"
        );
    }
    assert!(
        bot.sent_to(&dm("Priya"), "Pairing is paused").is_empty(),
        "she answered round 3"
    );
    assert_eq!(round.sat_out, vec![name("Priya")], "nobody left to meet");
    let listed = bot.ok("Asha", "pair list");
    assert!(
        listed.contains("Pairing is paused for you; `pair resume` brings you back."),
        "{listed}"
    );
    let back = bot.ok("Asha", "pair resume");
    assert_eq!(back, "Welcome back: you're in the next pairing round.");
    let again = bot.ok("Asha", "pair resume");
    assert_eq!(
        again,
        "You weren't paused from pairing; you're in the next round."
    );
    bot.run_to(ist(1, 25, 11));
    let (round, pairs) = current(&bot);
    assert_eq!(round.number, 5);
    assert_eq!(pairs.len(), 1);
    assert!(pairs[0].includes(&name("Asha")) && pairs[0].includes(&name("Priya")));
}

/// A first bot on sled ticks on Sunday (so its jobs are known) and stops; a second starts on
/// the same data at `restart` and steps once.
fn restarted(
    dir: &std::path::Path,
    restart: DateTime<Utc>,
) -> (Loop, tandem::schedule::TickReport) {
    let options = StoreOptions::at(dir);
    {
        let store = Arc::new(SledStore::open(&options).expect("open"));
        demo_on(store, ist(11, 29, 12));
    }
    let store = Arc::new(SledStore::open(&options).expect("reopen"));
    let mut second = Loop::on(demo_settings(), store, restart);
    let report = second.tick(restart);
    (second, report)
}

#[test]
fn a_round_missed_while_down_forms_once_on_start_within_the_catch_up_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let due = ist(11, 30, 10);
    let (mut bot, report) = restarted(dir.path(), due + Duration::hours(3));
    assert!(
        report.fired.contains(&("pairing".to_string(), due)),
        "{report:?}"
    );
    let (round, pairs) = current(&bot);
    assert_eq!((round.number, pairs.len()), (1, 3));
    let intros = |bot: &Loop| {
        let groups = bot
            .sent
            .iter()
            .filter(|(_, o)| matches!(o.to, Destination::Group(_)));
        groups.count()
    };
    assert_eq!(intros(&bot), 3);
    bot.tick(due + Duration::hours(4));
    bot.run_to(ist(12, 6, 23));
    assert_eq!(current(&bot).0.number, 1, "once only");
    assert_eq!(intros(&bot), 3);

    let late = tempfile::tempdir().expect("temp dir");
    let (mut skipped, report) = restarted(late.path(), due + Duration::days(2));
    assert!(
        report.skipped.contains(&("pairing".to_string(), due)),
        "{report:?}"
    );
    assert!(skipped.bot.current_round().expect("read").is_none());
    skipped.run_to(ist(12, 7, 11));
    assert_eq!(
        current(&skipped).0.formed_at,
        ist(12, 7, 10),
        "the next Monday"
    );
}

#[test]
fn the_digest_shows_the_last_finished_rounds_met_rate_per_level_and_the_trend_naming_nobody() {
    let mut bot = demo();
    bot.run_to(ist(11, 30, 11));
    let (_, first) = current(&bot);
    bot.ok(
        "Meera",
        &format!("pair met {} yes", pair_of(&first, "Meera").id),
    );
    bot.ok(
        "Asha",
        &format!("pair met {} yes", pair_of(&first, "Asha").id),
    );
    let vikram = pair_of(&first, "Vikram").id;
    bot.ok("Vikram", &format!("pair met {vikram} no"));

    bot.run_to(ist(12, 14, 11));
    let (second, pairs) = current(&bot);
    assert_eq!(second.kind, RoundKind::CrossLevel);
    let rohan = pair_of(&pairs, "Rohan");
    assert_eq!(rohan.level, Level::Cross);
    bot.ok("Rohan", &format!("pair met {} yes", rohan.id));

    bot.run_to(ist(12, 21, 10));
    let digests = bot.sent_to(&channel("joint"), "Weekly digest");
    let week = &digests.last().expect("a digest").1;
    let expected = "Pairing · round 1 (formed Mon 30 Nov), the last finished: 2 of 3 pairs met \
                    (67%) · member × member 1 of 2 (50%) · lead × lead 1 of 1 (100%) · cross-level –\n\
                    Met, last 1 round: 67%";
    assert!(week.contains(expected), "{week}");

    bot.run_to(ist(1, 4, 10));
    let digests = bot.sent_to(&channel("joint"), "Weekly digest");
    let week = &digests.last().expect("a digest").1;
    let expected = "Pairing · round 2 (formed Mon 14 Dec), the last finished: 1 of 3 pairs met \
                    (33%) · member × member 0 of 1 (0%) · lead × lead – · cross-level 1 of 2 (50%)\n\
                    Met, last 2 rounds: 67% → 33%";
    assert!(week.contains(expected), "{week}");
    let paragraph: String = week
        .lines()
        .filter(|l| l.contains("Pairing ·") || l.contains("Met, last"))
        .collect();
    for person in ["Asha", "Vikram", "Meera", "Priya", "Arjun", "Rohan"] {
        assert!(!paragraph.contains(person), "{person} named: {paragraph}");
    }
}

#[test]
fn an_introduction_brings_a_recent_prompt_answer_of_each() {
    // From Friday 27 November: the sales prompt goes out at 16:00, before Monday's round.
    let mut bot = demo_on(Arc::new(MemoryStore::new()), ist(11, 27, 12));
    bot.run_to(ist(11, 27, 17));
    bot.ok(
        "Vikram",
        "answer market-pulse 1:\"shops want smaller packs\"",
    );
    bot.run_to(ist(11, 30, 11));
    let (_, pairs) = current(&bot);
    let pair = pair_of(&pairs, "Vikram");
    let intro = &bot.sent_to(&group(pair), "Worth talking about")[0].1;
    assert!(
        intro.contains(
            "• Vikram answered “What are customers saying this week?”: “shops want smaller packs”"
        ),
        "{intro}"
    );
    let topics = intro.lines().filter(|l| l.trim_start().starts_with('•'));
    assert!((2..=3).contains(&topics.count()), "{intro}");
}

#[test]
fn an_introduction_brings_a_recent_visit_in_a_market_the_pair_shares() {
    let mut bot = demo_on(Arc::new(MemoryStore::new()), ist(11, 27, 12));
    // Priya was in Pune West with Asha; Arjun was in Nashik, where Asha has a request open;
    // Rohan was in Thane with Vikram.
    bot.ok(
        "Priya",
        r#"visit log market:"Pune West" on:2026-11-20 with:@Asha shoppers ask for smaller packs"#,
    );
    bot.ok(
        "Arjun",
        "visit log market:Nashik on:2026-11-21 the distributor wants stock a week earlier",
    );
    bot.ok(
        "Rohan",
        "visit log market:Thane on:2026-11-22 with:@Vikram kirana shelves are full of rivals",
    );
    bot.ok("Asha", "request pos Danglers market:nashik");
    bot.run_to(ist(11, 30, 11));
    let (_, pairs) = current(&bot);
    let asha = pair_of(&pairs, "Asha");
    let intro = &bot.sent_to(&group(asha), "Worth talking about")[0].1;
    let expected = if asha.includes(&name("Priya")) {
        "• VIS-1 · Priya visited Pune West on 20 Nov with Asha: “shoppers ask for smaller packs”"
    } else {
        "• VIS-2 · Arjun visited Nashik on 21 Nov: “the distributor wants stock a week earlier”"
    };
    assert!(intro.contains(expected), "{intro}");
    // Vikram's partner in Marketing was not in a market Vikram shares, and Rohan's Thane
    // visit was with Vikram, not with Meera.
    for person in ["Vikram", "Meera"] {
        let pair = pair_of(&pairs, person);
        let intro = &bot.sent_to(&group(pair), "Worth talking about")[0].1;
        assert!(!intro.contains(" visited "), "{person}: {intro}");
    }
}
