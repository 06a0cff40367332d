//! The sled store's own guarantees, hit at chosen points with injected faults (see `writer`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use chrono::Utc;

use super::journal::{TreeId, WriteSet};
use super::requests::request_writes;
use super::*;
use crate::domain::{Kinds, NewRequest, PersonName, Request, RequestId, Title};
use crate::message::{Destination, Message, Op, Outgoing};
use crate::store::StoreError;
use crate::store::{Attempt, Faults, Point, RequestQuery, Store, StoreOptions};

fn new_request(id: u64, needed_by: Option<chrono::NaiveDate>) -> Request {
    let new = NewRequest {
        kind: Kinds::default().parse("pos").expect("kind"),
        title: Title::parse(&format!("Talkers {id}")).expect("title"),
        quantity: None,
        market: None,
        needed_by,
    };
    let id = RequestId::new(id).expect("id");
    Request::file(id, new, PersonName::new("Asha"), Utc::now())
}

fn card(text: &str) -> Outgoing {
    Outgoing {
        to: Destination::Channel("marketing".into()),
        op: Op::Post,
        message: Message::text(text),
    }
}

/// Files a request with one outgoing card; the write's outcome, on disk when it is `Ok`.
fn file(store: &SledStore) -> Result<Request, StoreError> {
    let build = |id: RequestId| (new_request(id.number(), None), vec![card("a card")]);
    let (request, ticket) = store.file_request(&build)?;
    store.durable_blocking(ticket)?;
    Ok(request)
}

/// Copies a live data directory as a crash would leave it: what sled wrote to its files.
fn crash_image(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("dir");
            crash_image(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_change_interrupted_after_its_journal_entry_is_finished_on_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let request = new_request(1, None);
    {
        // A crash right after the journal entry reached the disk: nothing else was applied.
        let store = SledStore::open(&options).expect("open");
        let mut set = WriteSet::default();
        request_writes(&mut set, &request, None).expect("writes");
        store
            .trees
            .journal
            .insert(7u64.to_be_bytes(), set.encode())
            .expect("journal");
        store.db.flush().expect("flush");
    }
    let store = SledStore::open(&options).expect("reopen");
    assert_eq!(store.request(request.id).expect("read"), Some(request));
    let open = store.list_requests(&RequestQuery::Open, 10).expect("list");
    assert_eq!(open.total, 1);
    assert!(store.trees.journal.is_empty(), "the journal is emptied");
}

/// Faults at `points` while `fail` is set, each as "no space left on device".
fn failing(fail: &Arc<AtomicBool>, points: &'static [Point]) -> Faults {
    let fail = fail.clone();
    Faults::new(
        move |point| match points.contains(&point) && fail.load(Ordering::SeqCst) {
            true => Err("no space left on device".into()),
            false => Ok(()),
        },
    )
}

/// The numbers of the open requests, after a restart, and how many messages wait.
fn after_restart(dir: &std::path::Path) -> (Vec<u64>, usize) {
    let store = SledStore::open(&StoreOptions::at(dir)).expect("restart");
    assert_eq!(store.failure(), None);
    assert!(store.trees.journal.is_empty(), "no change left to replay");
    let open = store.list_requests(&RequestQuery::Open, 10).expect("list");
    let ids = open.requests.iter().map(|r| r.id.number()).collect();
    (ids, store.outbox_depth().expect("depth"))
}

#[test]
fn a_write_that_fails_half_way_is_rolled_back_and_the_next_one_is_taken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fail = Arc::new(AtomicBool::new(false));
    let faults = failing(&fail, &[Point::Apply]);
    let options = StoreOptions::at(dir.path()).with_faults(faults);
    {
        let store = SledStore::open(&options).expect("open");
        file(&store).expect("the first filing is saved");
        fail.store(true, Ordering::SeqCst);
        let failed = file(&store).expect_err("the disk failed");
        assert!(matches!(failed, StoreError::NotSaved(_)), "{failed}");
        assert!(!failed.may_be_saved(), "its caller hears nothing was saved");
        fail.store(false, Ordering::SeqCst);
        assert!(store.failure().is_some_and(|why| why.contains("no space")));
        let two = store
            .request(RequestId::new(2).expect("id"))
            .expect("reads");
        assert_eq!(two, None, "nothing of the failed change is visible");
        assert_eq!(store.outbox_depth().expect("depth"), 1, "nor its card");
        let third = file(&store).expect("writes go on");
        assert_eq!(
            third.id.number(),
            3,
            "the failed change's number is not given again"
        );
        assert_eq!(store.failure(), None, "a change that works clears it");
        let later = chrono::Utc::now() + chrono::Duration::days(3650);
        let due: Vec<u64> = store
            .outbox_due(later, 10)
            .expect("due")
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(
            due,
            [1, 3],
            "the outbox index never held the failed change's card"
        );
    }
    assert_eq!(after_restart(dir.path()), (vec![1, 3], 2));
}

#[test]
fn a_roll_back_that_fails_too_is_tried_again_before_the_next_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fail = Arc::new(AtomicBool::new(false));
    let faults = failing(&fail, &[Point::Apply, Point::RollBack]);
    let options = StoreOptions::at(dir.path()).with_faults(faults);
    {
        let store = SledStore::open(&options).expect("open");
        file(&store).expect("the first filing is saved");
        fail.store(true, Ordering::SeqCst);
        let failed = file(&store).expect_err("the disk failed");
        assert!(
            failed.may_be_saved(),
            "half done: a restart would finish it"
        );
        let refused = file(&store).expect_err("no change before the roll-back");
        assert!(matches!(refused, StoreError::ReadOnly(_)), "{refused}");
        assert!(!refused.may_be_saved());
        assert!(
            store
                .failure()
                .is_some_and(|why| why.contains("undoing it failed"))
        );
        let one = store.request(RequestId::new(1).expect("id"));
        assert!(one.expect("reads go on").is_some());
        fail.store(false, Ordering::SeqCst);
        let fourth = file(&store).expect("rolled back first, then taken");
        assert_eq!(fourth.id.number(), 4);
    }
    assert_eq!(after_restart(dir.path()), (vec![1, 4], 2));
}

#[test]
fn a_full_disk_refuses_a_change_whole_and_takes_changes_again_once_there_is_room() {
    let dir = tempfile::tempdir().expect("temp dir");
    let free = fs2::available_space(dir.path()).expect("free space");
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("open");
    file(&store).expect("saved");
    // The reserve raised past the free space stands for a disk that filled up.
    let full = super::space::Space::new(dir.path().to_path_buf(), free.saturating_mul(2));
    let error = full.check().expect_err("full");
    assert!(error.disk_full(), "{error}");
    assert!(
        error.to_string().contains("free and Tandem keeps"),
        "{error}"
    );
    let roomy = super::space::Space::new(dir.path().to_path_buf(), 1024);
    assert!(roomy.check().is_ok());
}

#[test]
fn a_journal_entry_of_an_older_schema_is_replayed_before_the_migration_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let today = Utc::now().date_naive();
    let request = new_request(1, Some(today));
    {
        // Schema 1 crashed after journalling a filing; its entry has no time indexes.
        let store =
            SledStore::open_with_migrations(&StoreOptions::at(dir.path()), 1, &[]).expect("v1");
        let mut full = WriteSet::default();
        request_writes(&mut full, &request, None).expect("writes");
        let mut schema_one = WriteSet::default();
        for (tree, key, value) in full.ops() {
            match (tree, value) {
                (TreeId::RequestSteps | TreeId::WaitingBy, _) => {}
                (_, Some(value)) => schema_one.put(tree, key, value),
                (_, None) => schema_one.delete(tree, key),
            }
        }
        store
            .trees
            .journal
            .insert(1u64.to_be_bytes(), schema_one.encode())
            .expect("journal");
        store.db.flush().expect("flush");
    }
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("replays, then migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        Some(schema::CURRENT)
    );
    let tomorrow = today + chrono::Duration::days(1);
    let due = store.requests_due_before(tomorrow).expect("read");
    assert_eq!(due.len(), 1, "the migration indexed the replayed request");
    let hour = chrono::Duration::hours(1);
    let now = Utc::now();
    let steps = store.request_steps_between(now - hour, now + hour);
    assert_eq!(steps.expect("read").len(), 1);
}

#[test]
fn opening_a_schema_one_store_backfills_the_time_indexes_of_requests() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let filed = Utc::now();
    {
        let store = SledStore::open_with_migrations(&options, 1, &[]).expect("open at 1");
        let build = |id: RequestId| (new_request(id.number(), Some(filed.date_naive())), vec![]);
        let (_, ticket) = store.file_request(&build).expect("filed");
        store.durable_blocking(ticket).expect("on disk");
        // What schema 1 wrote: no time indexes.
        store.trees.events.clear().expect("clear");
        store.trees.waiting_by.clear().expect("clear");
        store.db.flush().expect("flush");
    }
    let store = SledStore::open(&options).expect("migrates");
    let hour = chrono::Duration::hours(1);
    let steps = store
        .request_steps_between(filed - hour, filed + hour)
        .expect("read");
    assert_eq!(steps.len(), 1);
    let tomorrow = filed.date_naive() + chrono::Duration::days(1);
    assert_eq!(store.requests_due_before(tomorrow).expect("read").len(), 1);
}

/// Holds a writer between applying its change and removing its journal entry, once armed.
#[derive(Default)]
struct Hold {
    state: Mutex<(bool, bool)>,
    changed: Condvar,
}

impl Hold {
    fn at(&self, point: Point) {
        if point != Point::BeforeRemove {
            return;
        }
        let mut state = self.state.lock().expect("lock");
        if !state.0 {
            return;
        }
        state.0 = false;
        state.1 = true;
        self.changed.notify_all();
        while state.1 {
            state = self.changed.wait(state).expect("wait");
        }
    }

    fn wait_held(&self) {
        let state = self.state.lock().expect("lock");
        let (state, timeout) = self
            .changed
            .wait_timeout_while(state, Duration::from_secs(10), |s| !s.1)
            .expect("wait");
        assert!(
            !timeout.timed_out() && state.1,
            "the writer reached the hold"
        );
    }

    fn release(&self) {
        self.state.lock().expect("lock").1 = false;
        self.changed.notify_all();
    }
}

#[test]
fn no_write_lands_between_a_change_and_the_removal_of_its_journal_entry() {
    let (dir, image) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let hold = Arc::new(Hold::default());
    let faults = Faults::new({
        let hold = hold.clone();
        move |point| {
            hold.at(point);
            Ok(())
        }
    });
    let store =
        Arc::new(SledStore::open(&StoreOptions::at(dir.path()).with_faults(faults)).expect("open"));
    file(&store).expect("filed");
    let entry = store.outbox_due(Utc::now(), 10).expect("due")[0].id;
    // The outbox delivers the card while a second filing is held after its apply.
    hold.state.lock().expect("lock").0 = true;
    let filing = std::thread::spawn({
        let store = store.clone();
        move || file(&store).map(|_| ())
    });
    hold.wait_held();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let delivery = std::thread::spawn({
        let store = store.clone();
        move || {
            let recorded = store
                .outbox_record(entry, Attempt::Delivered)
                .and_then(|ticket| store.durable_blocking(ticket));
            let _ = done_tx.send(());
            recorded
        }
    });
    let delivered_first = done_rx.recv_timeout(Duration::from_millis(300)).is_ok();
    crash_image(dir.path(), image.path());
    hold.release();
    filing.join().expect("filing").expect("filed");
    delivery.join().expect("delivery").expect("recorded");

    let after_crash = SledStore::open(&StoreOptions::at(image.path())).expect("restart");
    let pending: Vec<u64> = after_crash
        .outbox_due(Utc::now(), 10)
        .expect("due")
        .iter()
        .map(|e| e.id)
        .collect();
    assert!(
        !(delivered_first && pending.contains(&entry)),
        "a delivery recorded on disk came back from a replayed journal entry"
    );
    assert!(
        !delivered_first,
        "the delivery waited for the change under way"
    );
    let live: Vec<u64> = store
        .outbox_due(Utc::now(), 10)
        .expect("due")
        .iter()
        .map(|e| e.id)
        .collect();
    assert!(!live.contains(&entry), "and then went through");
}

#[test]
fn a_damaged_record_is_an_error_naming_it_never_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("open");
    let filed = file(&store).expect("filed");
    // Damage the request and its card, as a bad disk sector or a hand edit would.
    store
        .trees
        .requests
        .insert(keys::id(filed.id), &b"{\"id\": 1, \"tit"[..])
        .expect("insert");
    let entry = store
        .trees
        .outbox
        .iter()
        .next()
        .expect("a card")
        .expect("read")
        .0;
    store
        .trees
        .outbox
        .insert(entry.clone(), &b"\xff\xfe"[..])
        .expect("insert");
    let error = store.request(filed.id).expect_err("damaged");
    assert!(error.to_string().contains("request REQ-1"), "{error}");
    let error = store
        .outbox_due(Utc::now() + chrono::Duration::days(1), 10)
        .expect_err("damaged");
    assert!(
        error
            .to_string()
            .contains(&format!("outbox entry {}", keys::number(&entry))),
        "{error}"
    );
    let store: &dyn Store = &store;
    let _ = store
        .kv_put(
            <crate::bot::Pause as crate::store::Kept>::SPACE,
            "Asha",
            b"yesterday",
        )
        .expect("put");
    let error = store
        .kept::<crate::bot::Pause>(&PersonName::new("Asha"))
        .expect_err("damaged");
    assert!(
        error.to_string().contains("the pause record of Asha"),
        "{error}"
    );
}

/// Found by the fuzz bench (`store-record`): a step whose time since filing is beyond what
/// chrono can hold panicked in `Duration::milliseconds`.
#[test]
fn a_step_index_entry_with_an_impossible_span_is_a_corrupt_record_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("open");
    file(&store).expect("file");
    let (key, mut value) = store
        .trees
        .events
        .iter()
        .next()
        .expect("a step")
        .expect("read");
    value = {
        let mut damaged = value.to_vec();
        damaged[2..10].copy_from_slice(&i64::MIN.to_be_bytes());
        damaged.into()
    };
    store.trees.events.insert(&key, value).expect("insert");
    let error = store
        .steps_between(
            chrono::DateTime::UNIX_EPOCH,
            Utc::now() + chrono::Duration::days(1),
        )
        .expect_err("damaged");
    assert!(matches!(error, StoreError::Corrupt(_)), "{error:?}");
    assert!(error.to_string().contains("step index"), "{error}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// A journal entry is only ever read back by Tandem itself, but one cut short by a crash
    /// or damaged on disk is an error at open, not a panic.
    #[test]
    fn any_bytes_decode_as_a_journal_entry_or_an_error(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)
    ) {
        if let Ok(set) = WriteSet::decode(&bytes) {
            // What decodes encodes back to the same bytes.
            proptest::prop_assert_eq!(set.encode(), bytes);
        }
    }
}

#[test]
fn a_damaged_launch_plan_pairing_or_delivery_record_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SledStore::open(&StoreOptions::at(dir.path())).expect("open");
    let damaged = &b"{\"name\": \"spr"[..];
    let t = &store.trees;
    t.launches.insert("spring", damaged).expect("insert");
    t.plans.insert("fy27", damaged).expect("insert");
    t.pairing_people.insert("Asha", damaged).expect("insert");
    t.deliveries.insert("slack:Ev1", damaged).expect("insert");
    let store: &dyn Store = &store;
    let launch = crate::domain::LaunchName::parse("spring").expect("name");
    let plan = crate::domain::PlanName::parse("fy27").expect("name");
    let errors = [
        store.launch(&launch).map(drop),
        store.plan(&plan).map(drop),
        store.pairing_person(&PersonName::new("Asha")).map(drop),
        store.unfinished_deliveries().map(drop),
    ];
    let named = [
        "launch spring",
        "plan fy27",
        "pairing standing of Asha",
        "delivery slack:Ev1",
    ];
    for (error, name) in errors.into_iter().zip(named) {
        let error = error.expect_err("damaged");
        assert!(matches!(error, StoreError::Corrupt(_)), "{error}");
        assert!(error.to_string().contains(name), "{name}: {error}");
    }
}
