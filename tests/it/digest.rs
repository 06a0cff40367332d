//! The digest against a small history computed by hand.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Asia::Kolkata;
use tandem::domain::stats::Figures;
use tandem::domain::{PersonName, Team};
use tandem::message::render_plain;
use tandem::store::MemoryStore;

use crate::helpers::{channel, demo_settings};
use crate::looping::{Loop, local};

fn ist(d: u32, h: u32) -> DateTime<Utc> {
    local(Kolkata, 2026, 11, d, h, 0)
}

/// `who` types `line` on `d` November at `h`:00 IST, after everything due before.
fn at(bot: &mut Loop, d: u32, h: u32, who: &str, line: &str) {
    bot.run_to(ist(d, h));
    bot.ok(who, line);
}

fn figures(count: usize, median: Duration, p90: Duration) -> Option<Figures> {
    Some(Figures { count, median, p90 })
}

/// The week of Monday 23 November 09:00 IST to Monday 30 November 09:00 IST, on the demo
/// config (Arjun works from London).
fn week() -> Loop {
    let mut bot = Loop::on(demo_settings(), Arc::new(MemoryStore::new()), ist(20, 9));
    bot.tick(ist(20, 9));
    // Before the week.
    at(
        &mut bot,
        20,
        10,
        "Asha",
        "request pos Late talkers by:2026-11-27",
    ); // REQ-1
    at(&mut bot, 20, 10, "Vikram", "request pop Old endcaps"); // REQ-2
    at(&mut bot, 20, 11, "Arjun", "ack 2");
    // The week.
    at(&mut bot, 24, 10, "Asha", "request pos Shelf talkers"); // REQ-3
    at(&mut bot, 24, 11, "Vikram", "request collateral Brochure"); // REQ-4
    at(&mut bot, 24, 12, "Priya", "ack 3"); // 2h
    at(&mut bot, 24, 17, "Arjun", "ack 4"); // 6h
    at(&mut bot, 25, 10, "Asha", "request samples Mango bars"); // REQ-5
    at(&mut bot, 25, 10, "Arjun", "deliver 2"); // 5d after filing
    at(&mut bot, 26, 10, "Priya", "deliver 3"); // 2d
    at(&mut bot, 26, 10, "Meera", "request pricing Price list"); // REQ-6
    at(&mut bot, 26, 11, "Priya", "decline 6 Finance owns pricing"); // 1h: a response
    at(&mut bot, 26, 16, "Priya", "ack 5"); // 30h: late
    at(&mut bot, 26, 17, "Priya", "block 5 no cold-chain courier");
    at(&mut bot, 27, 11, "Arjun", "deliver 4"); // 3d
    at(
        &mut bot,
        27,
        17,
        "Asha",
        r#"answer market-pulse 1:"Shops want smaller packs of the mango bar" 2:posters"#,
    );
    at(
        &mut bot,
        27,
        18,
        "Meera",
        "answer market-pulse Price war in Pune",
    );
    at(
        &mut bot,
        28,
        10,
        "Priya",
        "answer field-needs Sell-through by store",
    );
    // After the week.
    at(&mut bot, 30, 10, "Asha", "request pos Next week");
    bot
}

#[test]
fn the_digest_figures_match_a_hand_computed_week() {
    let bot = week();
    let digest = bot.bot.digest(ist(30, 9)).expect("digest");
    let counts = (
        digest.opened,
        digest.acknowledged,
        digest.delivered,
        digest.declined,
        digest.blocked,
    );
    assert_eq!(counts, (4, 4, 3, 1, 1));
    let h = Duration::hours;
    let d = Duration::days;
    assert_eq!(digest.to_acknowledge.overall, figures(4, h(2), h(30)));
    assert_eq!((digest.within_target, digest.target), (3, d(1)));
    assert_eq!(digest.to_deliver.overall, figures(3, d(3), d(5)));
    let priya = PersonName::new("Priya");
    let arjun = PersonName::new("Arjun");
    assert_eq!(
        digest.to_acknowledge.per_marketer,
        vec![
            (
                arjun.clone(),
                Figures {
                    count: 1,
                    median: h(6),
                    p90: h(6)
                }
            ),
            (
                priya.clone(),
                Figures {
                    count: 3,
                    median: h(2),
                    p90: h(30)
                }
            ),
        ]
    );
    assert_eq!(
        digest.to_deliver.per_marketer,
        vec![
            (
                arjun,
                Figures {
                    count: 2,
                    median: d(3),
                    p90: d(5)
                }
            ),
            (
                priya,
                Figures {
                    count: 1,
                    median: d(2),
                    p90: d(2)
                }
            ),
        ]
    );
    let rates: Vec<(Team, usize, usize)> = digest
        .answer_rates
        .iter()
        .map(|r| (r.team, r.answered, r.asked))
        .collect();
    assert_eq!(rates, vec![(Team::Sales, 2, 3), (Team::Marketing, 1, 3)]);
    let quotes: Vec<(&str, &str)> = digest
        .highlights
        .iter()
        .map(|q| (q.person.as_str(), q.answer.as_str()))
        .collect();
    assert_eq!(
        quotes,
        vec![
            ("Asha", "Shops want smaller packs of the mango bar"),
            ("Meera", "Price war in Pune"),
            ("Priya", "Sell-through by store"),
        ]
    );
    let overdue: Vec<(u64, i64)> = digest
        .overdue
        .iter()
        .map(|o| (o.id.number(), o.days_late))
        .collect();
    assert_eq!(overdue, vec![(1, 3)]);
}

#[test]
fn mondays_digest_is_posted_to_the_joint_channel_with_those_figures() {
    let bot = week();
    let posted = bot.sent_to(&channel("joint"), "Weekly digest");
    assert_eq!(posted.len(), 2, "Mondays 23 and 30 November");
    let (at, text) = &posted[1];
    assert_eq!(*at, ist(30, 9));
    for expected in [
        "Weekly digest · Mon 23 Nov – Mon 30 Nov 2026",
        "Opened: 4 · Acknowledged: 4 · Delivered: 3 · Declined: 1 · Blocked: 1 · Overdue: 1",
        "Time to acknowledge: median 2h, p90 1d 6h (4 requests) · within 1d: 3 of 4 (75%)",
        "Time to deliver: median 3d, p90 5d (3 requests)",
        "• Arjun: acknowledge median 6h, p90 6h (1 request) · deliver median 3d, p90 5d (2 requests)",
        "• Priya: acknowledge median 2h, p90 1d 6h (3 requests) · deliver median 2d, p90 2d (1 request)",
        "Prompts answered: Sales 2 of 3 (67%) · Marketing 1 of 3 (33%)",
        "• Asha: “Shops want smaller packs of the mango bar” (What are customers saying this week?)",
        "• REQ-1 · Late talkers — needed by Fri 27 Nov 2026, 3 days late · unassigned",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let preview = bot.bot.digest_message(ist(30, 9)).expect("digest");
    assert_eq!(
        render_plain(&preview),
        *text,
        "the preview is what gets posted"
    );
}

#[test]
fn the_digest_command_previews_it_to_the_asker_only() {
    let mut bot = week();
    let before = bot.sent.len();
    let preview = bot.ok("Vikram", "digest");
    assert!(
        preview.starts_with("Weekly digest · Mon 23 Nov – Mon 30 Nov 2026"),
        "{preview}"
    );
    assert_eq!(bot.sent.len(), before, "nothing is posted");
}
