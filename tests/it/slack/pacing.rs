//! Pacing: a prompt round for hundreds of people and a run of cards into one channel reach a
//! fake Slack that enforces Slack's rate limits (`fake_limits`) whole, in order per channel,
//! without one 429. The clock is stepped a second at a time; nothing sleeps.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use tandem::clock::Movable;
use tandem::config::Settings;

use super::{FakeSlack, SlackApp};

/// People added to the sales team, each with their own Slack DM.
const REPS: usize = 300;
/// Requests filed at once: their cards all go to #marketing.
const CARDS: usize = 8;
/// Seconds the clock moves between two outbox passes.
const STEP: i64 = 5;
const QUESTION: &str = "What are customers saying this week?";

/// The demo config with `REPS` more sales people, all in Kolkata.
fn settings(fake: &FakeSlack, data: &Path) -> Settings {
    super::settings_edited(fake, data, false, |mut text| {
        for n in 0..REPS {
            text.push_str(&format!(
                "\n[[people]]\nname = \"Rep{n:03}\"\nteam = \"sales\"\nrole = \"member\"\n\
                 slack = \"U1{n:03}\"\ntimezone = \"Asia/Kolkata\"\n"
            ));
        }
        text
    })
}

/// Each rep's prompt DMs, by Slack user.
fn prompts(fake: &FakeSlack) -> BTreeMap<String, usize> {
    let mut got = BTreeMap::new();
    for post in fake.calls_to("chat.postMessage") {
        let to = post.body["channel"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let asked = post.body.to_string().contains(QUESTION);
        if asked && to.starts_with("U1") && post.refused.is_none() {
            *got.entry(to).or_insert(0) += 1;
        }
    }
    got
}

/// The request IDs of the cards in #marketing, in the order Slack took them.
fn cards(fake: &FakeSlack) -> Vec<String> {
    let posts = fake.calls_to("chat.postMessage");
    let is_card = |p: &&super::fake::Call| {
        p.body["channel"] == "C0MKTG" && p.body["thread_ts"].is_null() && p.refused.is_none()
    };
    posts
        .iter()
        .filter(is_card)
        .filter_map(|p| {
            let text = p.body["text"].as_str()?;
            Some(text.split_once(" · ")?.0.to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_prompt_round_for_hundreds_and_a_run_of_cards_meet_no_429_and_arrive_whole_in_order() {
    let fake = FakeSlack::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    // Friday 4 December 2026, 16:00 in Kolkata: market-pulse is due.
    let due = Utc
        .with_ymd_and_hms(2026, 12, 4, 10, 30, 0)
        .single()
        .expect("valid");
    let app = SlackApp::start_on_at(
        fake.clone(),
        settings(&fake, dir.path()),
        due - Duration::seconds(1),
    )
    .await;
    for n in 1..=CARDS {
        let (_, answer) = app
            .command("U0ASHA", &format!("request pos Talkers {n}"))
            .await;
        assert!(answer.to_string().contains("Filed REQ-"), "{answer}");
    }
    app.clock.set(due + Duration::seconds(1));
    // The scheduler wakes on its own (within a second) and queues the round.
    for _ in 0..200 {
        if !prompts(&fake).is_empty() {
            break;
        }
        app.outbox_pass().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // At 240 posts a minute the round takes about 80 s of the app's clock: 5 s at a time,
    // each step lets a burst through.
    let mut steps = 0;
    while prompts(&fake).len() < REPS || cards(&fake).len() < CARDS {
        steps += 1;
        assert!(
            steps <= 100,
            "after {steps} steps: {} prompts, {} cards, {} refused with 429",
            prompts(&fake).len(),
            cards(&fake).len(),
            fake.rate_limited()
        );
        app.outbox_pass().await;
        app.clock.advance(Duration::seconds(STEP));
    }

    assert_eq!(fake.rate_limited(), 0, "no post went over Slack's limits");
    let got = prompts(&fake);
    assert!(
        got.values().all(|n| *n == 1),
        "each rep asked once: {got:?}"
    );
    let expected: Vec<String> = (1..=CARDS).map(|n| format!("REQ-{n}")).collect();
    assert_eq!(cards(&fake), expected, "the cards in the order filed");
    app.stop().await;
}
