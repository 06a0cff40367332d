//! The scheduler on a manual clock: prompts in each person's zone, daylight saving, catch-up
//! after downtime. Nothing sleeps; every loop is bounded.

use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use chrono_tz::Asia::Kolkata;
use chrono_tz::Europe::London;
use tandem::bot::LearntZone;
use tandem::domain::PersonName;
use tandem::store::{Kept, SledStore, StoreOptions};

use crate::helpers::{channel, dm};
use crate::looping::{Loop, ZONES, local, settings, utc};

const PROMPT: &str = "market-pulse · your questions";

fn times(list: Vec<(DateTime<Utc>, String)>) -> Vec<DateTime<Utc>> {
    list.into_iter().map(|(at, _)| at).collect()
}

/// Fridays from `from` to `to` (inclusive dates), at 16:00 in `zone`.
fn fridays_at_four(
    zone: chrono_tz::Tz,
    from: (i32, u32, u32),
    to: (i32, u32, u32),
) -> Vec<DateTime<Utc>> {
    let start = chrono::NaiveDate::from_ymd_opt(from.0, from.1, from.2).expect("date");
    let end = chrono::NaiveDate::from_ymd_opt(to.0, to.1, to.2).expect("date");
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| d.weekday() == Weekday::Fri)
        .map(|d| local(zone, d.year(), d.month(), d.day(), 16, 0))
        .collect()
}

#[test]
fn prompts_go_out_at_four_pm_local_in_kolkata_and_in_london_on_the_same_friday() {
    let mut bot = Loop::new(ZONES, utc(2026, 11, 30, 0, 0));
    bot.run_to(utc(2026, 12, 5, 0, 0));
    let kolkata = local(Kolkata, 2026, 12, 4, 16, 0);
    assert_eq!(kolkata, utc(2026, 12, 4, 10, 30));
    assert_eq!(times(bot.sent_to(&dm("Asha"), PROMPT)), vec![kolkata]);
    assert_eq!(times(bot.sent_to(&dm("Meera"), PROMPT)), vec![kolkata]);
    assert_eq!(
        times(bot.sent_to(&dm("Oliver"), PROMPT)),
        vec![utc(2026, 12, 4, 16, 0)]
    );
    assert!(
        bot.sent_to(&dm("Priya"), PROMPT).is_empty(),
        "Marketing has no sales prompt"
    );
    let (_, text) = &bot.sent_to(&dm("Oliver"), PROMPT)[0];
    for expected in [
        "1. What are customers saying?",
        "2. What support helped, or was missing?",
        "Your answers go to Marketing in #marketing.",
        "↳ /tandem answer market-pulse",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn london_prompts_keep_their_local_time_over_both_daylight_saving_weekends() {
    // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    let mut spring = Loop::new(ZONES, utc(2026, 3, 1, 0, 0));
    spring.run_to(utc(2026, 4, 30, 23, 0));
    let expected = fridays_at_four(London, (2026, 3, 1), (2026, 4, 30));
    assert_eq!(expected.len(), 8);
    assert_eq!(times(spring.sent_to(&dm("Oliver"), PROMPT)), expected);
    assert_eq!(
        expected[3],
        utc(2026, 3, 27, 16, 0),
        "GMT before the change"
    );
    assert_eq!(expected[4], utc(2026, 4, 3, 15, 0), "BST after it");

    let mut autumn = Loop::new(ZONES, utc(2026, 10, 1, 0, 0));
    autumn.run_to(utc(2026, 11, 30, 23, 0));
    let expected = fridays_at_four(London, (2026, 10, 1), (2026, 11, 30));
    assert_eq!(expected.len(), 9);
    assert_eq!(times(autumn.sent_to(&dm("Oliver"), PROMPT)), expected);
    let asha = fridays_at_four(Kolkata, (2026, 10, 1), (2026, 11, 30));
    assert_eq!(
        times(autumn.sent_to(&dm("Asha"), PROMPT)),
        asha,
        "Kolkata has no DST"
    );
}

/// Log lines, as the test's own subscriber writes them.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("logs")).into_owned()
    }
}

/// Runs a first bot from Monday 23 November 08:00 to 10:00 (it posts that Monday's digest),
/// then "restarts" at `restart` on the same data, and returns the second bot after its first
/// step, with what that step logged.
fn restart_at(
    dir: &std::path::Path,
    restart: DateTime<Utc>,
) -> (Loop, tandem::schedule::TickReport, String) {
    let options = StoreOptions::at(dir);
    {
        let store = Arc::new(SledStore::open(&options).expect("open"));
        let mut first = Loop::on(settings(ZONES), store, local(Kolkata, 2026, 11, 23, 8, 0));
        first.tick(local(Kolkata, 2026, 11, 23, 8, 0));
        first.run_to(local(Kolkata, 2026, 11, 23, 10, 0));
        assert_eq!(first.sent_to(&channel("joint"), "Weekly digest").len(), 1);
    }
    let store = Arc::new(SledStore::open(&options).expect("reopen"));
    let mut second = Loop::on(settings(ZONES), store, restart);
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let report = tracing::subscriber::with_default(subscriber, || second.tick(restart));
    (second, report, logs.text())
}

#[test]
fn a_restart_two_hours_after_mondays_digest_posts_it_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let due = local(Kolkata, 2026, 11, 30, 9, 0);
    let (mut bot, report, _) = restart_at(dir.path(), due + Duration::hours(2));
    assert!(
        report.fired.contains(&("digest".to_string(), due)),
        "{report:?}"
    );
    let digests = bot.sent_to(&channel("joint"), "Weekly digest");
    assert_eq!(times(digests.clone()), vec![due + Duration::hours(2)]);
    assert!(
        digests[0]
            .1
            .contains("Weekly digest · Mon 23 Nov – Mon 30 Nov 2026"),
        "{}",
        digests[0].1
    );
    bot.tick(due + Duration::hours(3));
    bot.run_to(local(Kolkata, 2026, 12, 6, 23, 0));
    assert_eq!(
        bot.sent_to(&channel("joint"), "Weekly digest").len(),
        1,
        "once only"
    );
}

#[test]
fn a_restart_two_days_after_mondays_digest_skips_it_and_logs_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let due = local(Kolkata, 2026, 11, 30, 9, 0);
    let (mut bot, report, logs) = restart_at(dir.path(), due + Duration::days(2));
    assert!(bot.sent_to(&channel("joint"), "Weekly digest").is_empty());
    assert!(
        report.skipped.contains(&("digest".to_string(), due)),
        "{report:?}"
    );
    let line = logs
        .lines()
        .find(|l| l.contains("job=digest"))
        .unwrap_or_else(|| panic!("no log line for the digest in:\n{logs}"));
    assert!(
        line.contains("WARN") && line.contains("longer ago than the catch-up window; skipped"),
        "{line}"
    );
    bot.run_to(local(Kolkata, 2026, 12, 7, 10, 0));
    assert_eq!(
        times(bot.sent_to(&channel("joint"), "Weekly digest")),
        vec![local(Kolkata, 2026, 12, 7, 9, 0)],
        "the next Monday comes as usual"
    );
}

#[test]
fn a_zone_reported_by_the_chat_platform_moves_prompts_unless_the_config_names_one() {
    let mut bot = Loop::new(ZONES, utc(2026, 11, 30, 0, 0));
    let store = bot.bot.store().clone();
    let learnt = |name: &str, zone: chrono_tz::Tz| {
        store
            .keep(&PersonName::new(name), &LearntZone(zone))
            .expect("kept")
    };
    store
        .durable_blocking(learnt("Asha", chrono_tz::Europe::London))
        .expect("on disk");
    store
        .durable_blocking(learnt("Oliver", chrono_tz::Asia::Tokyo))
        .expect("on disk");
    // A record that is not a zone falls back to the company's.
    let written = store
        .kv_put(<LearntZone as Kept>::SPACE, "Meera", b"Mars/Olympus")
        .expect("cached");
    store.durable_blocking(written).expect("on disk");
    bot.run_to(utc(2026, 12, 5, 0, 0));
    let london = utc(2026, 12, 4, 16, 0);
    assert_eq!(
        times(bot.sent_to(&dm("Asha"), PROMPT)),
        vec![london],
        "Slack's zone"
    );
    assert_eq!(
        times(bot.sent_to(&dm("Oliver"), PROMPT)),
        vec![london],
        "the config wins"
    );
    assert_eq!(
        times(bot.sent_to(&dm("Meera"), PROMPT)),
        vec![local(Kolkata, 2026, 12, 4, 16, 0)],
        "a cached zone that is no zone falls back to the company's"
    );
}

#[tokio::test(start_paused = true)]
async fn serves_scheduler_loop_posts_the_digest_when_its_time_comes_and_stops_when_asked() {
    use tandem::clock::ManualClock;
    use tandem::schedule::{Scheduler, run_until};
    let before = local(Kolkata, 2026, 11, 30, 8, 59);
    let clock = Arc::new(ManualClock::at(before));
    let store: Arc<dyn tandem::store::Store> = Arc::new(tandem::store::MemoryStore::new());
    let bot = tandem::bot::Bot::new(Arc::new(settings(ZONES)), store.clone(), clock.clone());
    let wake = Arc::new(tokio::sync::Notify::new());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(run_until(
        Scheduler::new(bot),
        clock.clone(),
        wake.clone(),
        async move {
            let _ = stopped.await;
        },
    ));
    // Paused time: these sleeps only let the loop run; nothing waits for real.
    let mut armed = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if store.job_last_due("digest").expect("read").is_some() {
            armed = true;
            break;
        }
    }
    assert!(armed, "the loop's first step saw the jobs");
    assert_eq!(store.outbox_depth().expect("depth"), 0);
    clock.set(local(Kolkata, 2026, 11, 30, 9, 0));
    let woken = tokio::time::timeout(std::time::Duration::from_secs(60), wake.notified()).await;
    assert!(
        woken.is_ok(),
        "the outbox is woken when the digest is queued"
    );
    let queued = store
        .outbox_due(local(Kolkata, 2026, 11, 30, 9, 0), 10)
        .expect("due");
    // The hourly sweep may queue DMs at the same moment (visit nudges in November's last
    // week); the digest is the one post to a channel.
    let posts: Vec<_> = queued
        .iter()
        .filter(|e| matches!(e.outgoing.to, tandem::message::Destination::Channel(_)))
        .collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].outgoing.to, channel("joint"));
    stop.send(()).expect("the loop listens");
    let finished = tokio::time::timeout(std::time::Duration::from_secs(60), running).await;
    assert!(finished.is_ok(), "the loop stops when asked");
}
