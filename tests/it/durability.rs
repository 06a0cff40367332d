//! Nothing not on disk leaks out, and a failed flush tells the truth: the bot and the outbox
//! over a sled store whose flushes fail on demand.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::sync::Mutex;

use tandem::bot::Outcome;
use tandem::message::Outgoing;
use tandem::outbox::{DeliveryError, Outbox, Sink};
use tandem::store::{SledStore, Store, StoreOptions};

use crate::faults::failing_flushes;
use crate::helpers::TestBot;

/// A sink that keeps what it was given.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Outgoing>>>);

impl Sink for Recorder {
    fn routes(&self, _: &Outgoing) -> Vec<String> {
        vec!["test".into()]
    }

    async fn deliver(&self, _: &str, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        self.0.lock().expect("sent").push(outgoing.clone());
        Ok(())
    }
}

struct Rig {
    t: TestBot,
    failing: Arc<AtomicBool>,
    _dir: tempfile::TempDir,
}

fn rig() -> Rig {
    let dir = tempfile::tempdir().expect("temp dir");
    let failing = Arc::new(AtomicBool::new(false));
    let options = StoreOptions::at(dir.path()).with_faults(failing_flushes(&failing));
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&options).expect("open"));
    Rig {
        t: TestBot::with_store(store),
        failing,
        _dir: dir,
    }
}

#[test]
fn a_failed_flush_says_the_request_may_have_been_saved_and_how_to_look() {
    let rig = rig();
    rig.failing.store(true, Ordering::SeqCst);
    let reply = rig.t.say("Asha", "request pos Diwali shelf talkers");
    assert_eq!(reply.outcome, Outcome::Failed);
    let text = reply.text();
    assert!(text.contains("can't tell whether it was saved"), "{text}");
    assert!(text.contains("`list mine`"), "{text}");
    assert!(!text.contains("nothing was saved"), "{text}");

    rig.failing.store(false, Ordering::SeqCst);
    let mine = rig.t.say("Asha", "list mine");
    assert!(
        mine.text().contains("Diwali shelf talkers"),
        "the next flush saved it after all: {}",
        mine.text()
    );
}

#[test]
fn a_read_shows_nothing_that_is_not_on_disk_yet() {
    let rig = rig();
    rig.failing.store(true, Ordering::SeqCst);
    let _ = rig.t.say("Asha", "request pos Diwali shelf talkers");
    let list = rig.t.say("Priya", "list open");
    assert_eq!(list.outcome, Outcome::Failed);
    assert!(!list.text().contains("REQ-1"), "{}", list.text());
    assert!(
        list.text().contains("nothing was saved"),
        "a read says only that it failed"
    );
}

#[tokio::test]
async fn a_card_goes_out_only_once_its_request_is_on_disk() {
    let rig = rig();
    let recorder = Recorder::default();
    let sent = recorder.0.clone();
    let store = rig.t.store.clone();
    let outbox = Outbox::new(store, recorder, rig.t.clock.clone());
    rig.failing.store(true, Ordering::SeqCst);
    let _ = rig.t.say("Asha", "request pos Diwali shelf talkers");
    assert!(
        outbox.deliver_due().await.is_err(),
        "the pass could not make it durable"
    );
    assert!(
        sent.lock().expect("sent").is_empty(),
        "no card for what a crash could undo"
    );

    rig.failing.store(false, Ordering::SeqCst);
    let done = outbox.deliver_due().await.expect("delivered");
    assert_eq!(done.sent, 1);
    let sent = sent.lock().expect("sent");
    assert!(sent[0].message.summary().contains("REQ-1"), "{:?}", sent[0]);
}
