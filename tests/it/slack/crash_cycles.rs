//! Crash cycles: `tandem serve` killed with SIGKILL 25 times at chosen moments while 8 signed
//! Slack callers file requests and move them on, restarted each time. Every change answered
//! "done" is there after the last restart, no request ID is given twice, and every card has
//! reached Slack (at most once more per crash) or still waits in the durable outbox: none is
//! lost. (The outbox delivers one message at a time, in order; draining the few thousand
//! queued here in a debug build on a shared machine would take minutes.)

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tandem::domain::{RequestId, Status};
use tandem::store::{SledStore, Store, StoreOptions};

use super::FakeSlack;
use super::process::Serve;

const CYCLES: usize = 25;
const CALLERS: usize = 8;
/// Each caller's requests per cycle, at most: enough that kills land mid-work, few enough
/// that the outbox drains within the test's time at the end.
const MAX_PER_CALLER: usize = 2;

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
async fn twenty_five_sigkills_lose_nothing_answered_reuse_no_id_and_leak_no_card() {
    let fake = Arc::new(FakeSlack::start().await);
    let dir = tempfile::tempdir().expect("temp dir");
    let told = Arc::new(Mutex::new(Told::default()));
    for wait in kill_moments() {
        let serve = Arc::new(Serve::start(&fake, dir.path(), "error").await);
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
    let serve = Serve::start(&fake, dir.path(), "error").await;
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

/// `REQ-7` from an answer that says "Filed REQ-7 · …".
fn filed_id(answer: &str) -> Option<RequestId> {
    let rest = &answer[answer.find("Filed REQ-")? + "Filed ".len()..];
    let end = rest[4..].find(|c: char| !c.is_ascii_digit())? + 4;
    RequestId::parse(&rest[..end]).ok()
}
