//! Crash cycles: `tandem serve` killed with SIGKILL 25 times at chosen moments while 8 signed
//! Slack callers file requests and move them on, restarted each time. Every change answered
//! "done" is there after the last restart, no request ID is given twice, and every card has
//! reached Slack (at most once more per crash) or still waits in the durable outbox: none is
//! lost. (The outbox delivers one message at a time, in order; draining the few thousand
//! queued here in a debug build on a shared machine would take minutes.)
//!
//! Meanwhile prompts come due on the real clock, one every 5 s (`TICKS` prompts, each once a
//! minute at its own second), each asking the three people of its team: no due time is asked
//! twice, and every ask's DM reached Slack or waits in the outbox.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tandem::domain::{AskKey, RequestId, Status};
use tandem::message::{Destination, Op};
use tandem::store::{OutboxEntry, SledStore, Store, StoreOptions};

use super::FakeSlack;
use super::process::Serve;

const CYCLES: usize = 25;
const CALLERS: usize = 8;
/// Each caller's requests per cycle, at most: enough that kills land mid-work, few enough
/// that the outbox drains within the test's time at the end.
const MAX_PER_CALLER: usize = 2;
/// Prompts added to the demo config, `tick-00` to `tick-55`: one comes due every 5 s.
const TICKS: u32 = 12;

/// What the callers were told was done.
#[derive(Default)]
struct Told {
    filed: Vec<RequestId>,
    /// The furthest status each request was answered as having reached.
    reached: BTreeMap<RequestId, Status>,
}

/// A fixed sequence of kill moments, 150 to 650 ms after each start: the same every run.
fn kill_moments() -> Vec<u64> {
    let mut state: u64 = 0x5eed_cafe;
    (0..CYCLES)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            150 + (state >> 33) % 500
        })
        .collect()
}

async fn caller(serve: Arc<Serve>, fake: Arc<FakeSlack>, told: Arc<Mutex<Told>>, who: usize) {
    for n in 0..MAX_PER_CALLER {
        let text = format!("request pos Cycle {who}-{n}");
        let Ok(answer) = serve.try_command(&fake, "U0ASHA", &text).await else {
            return;
        };
        let Some(id) = filed_id(&answer) else {
            continue;
        };
        told.lock().expect("told").filed.push(id);
        for (line, status) in [
            ("ack", Status::Acknowledged),
            ("deliver", Status::Delivered),
        ] {
            let Ok(answer) = serve
                .try_command(&fake, "U0PRIYA", &format!("{line} {id}"))
                .await
            else {
                return;
            };
            if answer.contains(&format!("Now {status}.")) {
                told.lock().expect("told").reached.insert(id, status);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_five_sigkills_lose_nothing_answered_reuse_no_id_leak_no_card_and_fire_no_job_twice()
{
    let fake = Arc::new(FakeSlack::start().await);
    let dir = tempfile::tempdir().expect("temp dir");
    let config_dir = tempfile::tempdir().expect("temp dir");
    let config = ticking_config(config_dir.path());
    let began = chrono::Utc::now();
    let told = Arc::new(Mutex::new(Told::default()));
    for wait in kill_moments() {
        let serve = Arc::new(Serve::start_with(&config, &fake, dir.path(), "error").await);
        let callers: Vec<_> = (0..CALLERS)
            .map(|who| tokio::spawn(caller(serve.clone(), fake.clone(), told.clone(), who)))
            .collect();
        tokio::time::sleep(Duration::from_millis(wait)).await;
        serve.kill();
        for caller in callers {
            caller.await.expect("caller ends");
        }
    }

    // A last start delivers what the outbox still holds.
    let serve = Serve::start_with(&config, &fake, dir.path(), "error").await;
    let (filed, reached) = {
        let told = told.lock().expect("told");
        (told.filed.clone(), told.reached.clone())
    };
    assert!(
        filed.len() >= CYCLES,
        "requests were filed between the kills: {}",
        filed.len()
    );
    let unique: BTreeSet<RequestId> = filed.iter().copied().collect();
    assert_eq!(unique.len(), filed.len(), "no ID answered twice");
    let cards = |fake: &FakeSlack| -> BTreeMap<String, usize> {
        let mut count = BTreeMap::new();
        for post in fake.calls_to("chat.postMessage") {
            let text = post.body["text"].as_str().unwrap_or_default().to_string();
            let is_card = post.body["channel"] == "C0MKTG" && post.body["thread_ts"].is_null();
            if let (true, Some((id, _))) = (is_card, text.split_once(" · ")) {
                *count.entry(id.to_string()).or_insert(0) += 1;
            }
        }
        count
    };
    for _ in 0..200 {
        let posted = cards(&fake);
        if unique.iter().all(|id| posted.contains_key(&id.to_string())) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(serve.terminate().await, "stops on SIGTERM");

    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("reopen");
    for id in &filed {
        let request = store.request(*id).expect("readable");
        let Some(request) = request else {
            panic!("{id} was answered \"Filed\" but is gone");
        };
        if let Some(status) = reached.get(id) {
            let got = request.history.iter().any(|e| match status {
                Status::Acknowledged => matches!(e.change, tandem::domain::Change::Acknowledged),
                _ => matches!(e.change, tandem::domain::Change::Delivered { .. }),
            });
            assert!(
                got,
                "{id} was answered \"Now {status}\" but its history lacks it"
            );
        }
    }
    let cards = cards(&fake);
    let far = chrono::Utc::now() + chrono::Duration::days(365);
    let mut waiting: Vec<_> = store.outbox_due(far, 1_000_000).expect("outbox");
    waiting.extend(store.outbox_parked().expect("parked"));
    no_due_time_fired_twice(&store, &fake, &waiting, began);
    let queued: BTreeSet<String> = waiting
        .iter()
        .filter_map(|e| match &e.outgoing.op {
            tandem::message::Op::PostCard(card) => Some(card.as_str().to_string()),
            _ => None,
        })
        .collect();
    for id in &unique {
        let posted = cards.get(&id.to_string()).copied().unwrap_or(0);
        assert!(
            posted <= 1 + CYCLES,
            "{id}'s card reached Slack {posted} times"
        );
        assert!(
            posted >= 1 || queued.contains(&id.to_string()),
            "{id}'s card neither reached Slack nor waits in the outbox: lost"
        );
    }
    // One crash may repeat several cards: deliveries reach the disk with the next flush.
    assert!(!cards.is_empty(), "cards went out between the crashes");
}

/// The demo config with `TICKS` prompts more, each due once a minute at its own second, the
/// teams taking turns; written into `dir`.
fn ticking_config(dir: &Path) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(crate::cli::demo_config()).expect("demo config");
    for n in 0..TICKS {
        let (second, team) = (n * 60 / TICKS, ["sales", "marketing"][n as usize % 2]);
        text.push_str(&format!(
            "\n[[prompts]]\nid = \"tick-{second:02}\"\nteam = \"{team}\"\n\
             cron = \"{second} * * * * *\"\nremind_after = \"30s\"\nquestions = [\"How goes it?\"]\n"
        ));
    }
    let path = dir.join("tandem.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

/// Each due time of a prompt is one ask per person, kept with its job's mark in one write: a
/// due time fired again after a crash would be a second ask of the same round, sent later.
/// (Slack may see a DM twice after a crash, as it may a card: the outbox delivers at least
/// once. A second firing is told apart from that by the second ask it writes.)
fn no_due_time_fired_twice(
    store: &SledStore,
    fake: &FakeSlack,
    waiting: &[OutboxEntry],
    began: chrono::DateTime<chrono::Utc>,
) {
    let to = chrono::Utc::now() + chrono::Duration::days(1);
    let asks = store.asks_between(began, to).expect("asks");
    let mut rounds: BTreeMap<AskKey, usize> = BTreeMap::new();
    for ask in asks.iter().filter(|a| a.prompt().starts_with("tick-")) {
        *rounds.entry(ask.key()).or_insert(0) += 1;
    }
    for (key, times) in &rounds {
        assert_eq!(
            *times, 1,
            "{key} was asked {times} times: its due time fired again"
        );
    }
    // Each `tick-` prompt comes due once a minute; the cycles take well under two.
    let prompts: BTreeSet<_> = rounds.keys().map(|k| k.round.prompt.clone()).collect();
    assert!(
        prompts.len() >= 2,
        "prompts came due between the crashes: {prompts:?}"
    );
    // Per person and prompt: the DMs that reached Slack or wait in the outbox cover the asks.
    let mut asked: BTreeMap<(String, String), usize> = BTreeMap::new();
    for key in rounds.keys() {
        let who = (key.person.to_string(), key.round.prompt.clone());
        *asked.entry(who).or_insert(0) += 1;
    }
    let posts = fake.calls_to("chat.postMessage");
    for ((person, prompt), count) in asked {
        let header = format!("{prompt} · your questions for");
        let slack_id = format!("U0{}", person.to_uppercase());
        let posted = posts
            .iter()
            .filter(|p| p.body["channel"] == slack_id.as_str())
            .filter(|p| p.body["text"].as_str().unwrap_or("").starts_with(&header))
            .count();
        let queued = waiting
            .iter()
            .filter(|e| e.outgoing.op == Op::Post)
            .filter(|e| matches!(&e.outgoing.to, Destination::Person(p) if p.as_str() == person))
            .filter(|e| {
                e.outgoing
                    .message
                    .header
                    .as_deref()
                    .is_some_and(|h| h.starts_with(&header))
            })
            .count();
        assert!(
            posted + queued >= count,
            "{person} was asked {prompt} {count} times, but {posted} DMs reached Slack and {queued} wait: lost"
        );
    }
}

/// `REQ-7` from an answer that says "Filed REQ-7 · …".
fn filed_id(answer: &str) -> Option<RequestId> {
    let rest = &answer[answer.find("Filed REQ-")? + "Filed ".len()..];
    let end = rest[4..].find(|c: char| !c.is_ascii_digit())? + 4;
    RequestId::parse(&rest[..end]).ok()
}
