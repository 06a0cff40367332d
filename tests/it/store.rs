//! One suite, run against both stores; then what only the sled store does.

use chrono::{DateTime, Duration, Utc};
use tandem::domain::{
    Action, Kinds, NewRequest, PersonName, Request, RequestId, Status, Text, Title,
};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{Attempt, RequestQuery, SledStore, Store, StoreError, StoreOptions};

use crate::helpers::{monday, person};
use crate::store_pairing::*;
use crate::store_schedule::*;

fn note(to: &str, text: &str) -> Outgoing {
    Outgoing {
        to: Destination::Person(PersonName::new(to)),
        op: Op::Post,
        message: Message::text(text),
    }
}

fn file(store: &dyn Store, requester: &str, at: DateTime<Utc>) -> Request {
    let build = |id: RequestId| {
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse(&format!("Item {}", id.number())).expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        let request = Request::file(id, new, PersonName::new(requester), at);
        (request, vec![note("Priya", &format!("card {id}"))])
    };
    let (request, ticket) = store.file_request(&build).expect("filed");
    store.durable_blocking(ticket).expect("on disk");
    request
}

fn step(store: &dyn Store, id: u64, who: &str, action: Action, at: DateTime<Utc>) -> Request {
    let mut request = stored(store, id);
    let version = request.version();
    request.act(&person(who), action, at).expect("allowed");
    let written = store
        .update_request(&request, version, &[note("Asha", "changed")])
        .expect("saved");
    store.durable_blocking(written).expect("on disk");
    request
}

fn ids(store: &dyn Store, query: RequestQuery) -> Vec<u64> {
    let page = store.list_requests(&query, 100).expect("list");
    page.requests.iter().map(|r| r.id.number()).collect()
}

fn ids_are_numbered_from_one_and_records_read_back_equal(store: &dyn Store) {
    let first = file(store, "Asha", monday());
    let second = file(store, "Vikram", monday());
    assert_eq!((first.id.number(), second.id.number()), (1, 2));
    assert_eq!(store.request(first.id).expect("read"), Some(first));
    assert_eq!(
        store.request(RequestId::new(3).expect("id")).expect("read"),
        None
    );
}

fn a_stale_update_is_refused_and_changes_nothing(store: &dyn Store) {
    file(store, "Asha", monday());
    let stored = step(store, 1, "Priya", Action::Acknowledge, monday());
    let mut stale = stored.clone();
    stale
        .act(&person("Rohan"), Action::Start, monday())
        .expect("allowed");
    let result = store.update_request(&stale, stored.version() - 1, &[note("Asha", "lost")]);
    assert!(matches!(result, Err(StoreError::Conflict)), "{result:?}");
    assert_eq!(store.request(stored.id).expect("read"), Some(stored));
    let queued = store
        .outbox_due(DateTime::<Utc>::MAX_UTC, 100)
        .expect("due");
    assert!(
        queued
            .iter()
            .all(|e| e.outgoing.message.summary() != "lost")
    );
}

fn the_open_list_follows_the_status(store: &dyn Store) {
    for _ in 0..3 {
        file(store, "Asha", monday());
    }
    step(
        store,
        2,
        "Priya",
        Action::Decline {
            reason: Text::parse("no", tandem::domain::Input::Reason).expect("text"),
        },
        monday(),
    );
    step(store, 3, "Priya", Action::Deliver { note: None }, monday());
    assert_eq!(ids(store, RequestQuery::Open), vec![1, 3]);
    step(
        store,
        3,
        "Asha",
        Action::Confirm {
            rating: None,
            note: None,
        },
        monday(),
    );
    assert_eq!(ids(store, RequestQuery::Open), vec![1]);
    step(
        store,
        2,
        "Asha",
        Action::Reopen {
            reason: Text::parse("please", tandem::domain::Input::Reason).expect("text"),
        },
        monday(),
    );
    assert_eq!(ids(store, RequestQuery::Open), vec![1, 2]);
    assert_eq!(ids(store, RequestQuery::All), vec![3, 2, 1]);
}

fn requester_and_assignee_lists_follow_changes(store: &dyn Store) {
    file(store, "Asha", monday());
    file(store, "Vikram", monday());
    file(store, "Asha", monday());
    assert_eq!(
        ids(store, RequestQuery::FiledBy(PersonName::new("Asha"))),
        vec![3, 1]
    );
    step(store, 1, "Priya", Action::Acknowledge, monday());
    step(store, 3, "Priya", Action::Acknowledge, monday());
    assert_eq!(
        ids(store, RequestQuery::AssignedTo(PersonName::new("Priya"))),
        vec![3, 1]
    );
    step(
        store,
        1,
        "Rohan",
        Action::Assign {
            to: person("Arjun"),
        },
        monday(),
    );
    assert_eq!(
        ids(store, RequestQuery::AssignedTo(PersonName::new("Priya"))),
        vec![3]
    );
    assert_eq!(
        ids(store, RequestQuery::AssignedTo(PersonName::new("Arjun"))),
        vec![1]
    );
}

fn a_page_holds_the_limit_and_counts_them_all(store: &dyn Store) {
    for _ in 0..30 {
        file(store, "Asha", monday());
    }
    let page = store.list_requests(&RequestQuery::Open, 25).expect("list");
    assert_eq!((page.requests.len(), page.total), (25, 30));
    assert_eq!(page.requests[0].id.number(), 1, "the longest wait leads");
}

fn the_time_index_finds_requests_filed_since_a_moment(store: &dyn Store) {
    for day in 0..5 {
        file(store, "Asha", monday() + Duration::days(day));
    }
    let since = store
        .requests_filed_since(monday() + Duration::days(3))
        .expect("read");
    assert_eq!(
        since.iter().map(|r| r.id.number()).collect::<Vec<_>>(),
        vec![4, 5]
    );
}

fn the_outbox_keeps_order_per_destination_and_parks_failures(store: &dyn Store) {
    file(store, "Asha", monday()); // queues "card REQ-1" to Priya
    step(store, 1, "Priya", Action::Acknowledge, monday()); // queues "changed" to Asha
    file(store, "Vikram", monday()); // queues "card REQ-2" to Priya
    let due = store.outbox_due(monday(), 10).expect("due");
    let summaries: Vec<String> = due.iter().map(|e| e.outgoing.message.summary()).collect();
    assert_eq!(summaries, vec!["card REQ-1", "changed", "card REQ-2"]);
    assert_eq!(store.outbox_depth().expect("depth"), 3);

    let retry_at = monday() + Duration::minutes(5);
    let written = store
        .outbox_record(
            due[0].id,
            Attempt::Retry {
                at: retry_at,
                error: "502".into(),
            },
        )
        .expect("record");
    store.durable_blocking(written).expect("on disk");
    let now_due = store.outbox_due(monday(), 10).expect("due");
    let summaries: Vec<String> = now_due
        .iter()
        .map(|e| e.outgoing.message.summary())
        .collect();
    assert_eq!(
        summaries,
        vec!["changed"],
        "Priya's second message waits behind her first"
    );
    let later = store.outbox_due(retry_at, 10).expect("due");
    assert_eq!(later.len(), 3);
    assert_eq!(
        (later[0].attempts, later[0].last_error.as_deref()),
        (1, Some("502"))
    );

    let written = store
        .outbox_record(due[1].id, Attempt::Delivered)
        .expect("record");
    store.durable_blocking(written).expect("on disk");
    let written = store
        .outbox_record(
            due[0].id,
            Attempt::Park {
                error: "channel_not_found".into(),
            },
        )
        .expect("record");
    store.durable_blocking(written).expect("on disk");
    let parked = store.outbox_parked().expect("parked");
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].last_error.as_deref(), Some("channel_not_found"));
    assert_eq!(store.outbox_depth().expect("depth"), 1);
    let rest = store.outbox_due(retry_at, 10).expect("due");
    assert_eq!(
        rest.iter()
            .map(|e| e.outgoing.message.summary())
            .collect::<Vec<_>>(),
        vec!["card REQ-2"]
    );
}

fn a_finished_request_keeps_its_whole_history(store: &dyn Store) {
    file(store, "Asha", monday());
    step(
        store,
        1,
        "Priya",
        Action::Acknowledge,
        monday() + Duration::hours(1),
    );
    step(
        store,
        1,
        "Priya",
        Action::Deliver { note: None },
        monday() + Duration::hours(2),
    );
    let done = step(
        store,
        1,
        "Asha",
        Action::Confirm {
            rating: Some("5".parse().expect("r")),
            note: None,
        },
        monday() + Duration::hours(3),
    );
    let read = store.request(done.id).expect("read").expect("exists");
    assert_eq!(read.status, Status::Confirmed);
    assert_eq!(read.history.len(), 4);
    assert_eq!(read, done);
}

fn small_records_are_kept_by_space_and_key(store: &dyn Store) {
    assert_eq!(store.kv_get("slack_card", "REQ-1").expect("get"), None);
    let written = store
        .kv_put("slack_card", "REQ-1", b"C0MKTG/1.2")
        .expect("put");
    store.durable_blocking(written).expect("on disk");
    let written = store
        .kv_put("slack_card", "REQ-2", b"C0MKTG/3.4")
        .expect("put");
    store.durable_blocking(written).expect("on disk");
    let written = store.kv_put("teams_card", "REQ-1", b"other").expect("put");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(
        store.kv_get("slack_card", "REQ-1").expect("get"),
        Some(b"C0MKTG/1.2".to_vec())
    );
    let keys: Vec<String> = store
        .kv_scan("slack_card")
        .expect("scan")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, vec!["REQ-1", "REQ-2"]);
    assert!(store.kv_insert_new("seen", "Ev1", b"1").expect("insert").0);
    assert!(
        !store.kv_insert_new("seen", "Ev1", b"2").expect("insert").0,
        "a second insert is refused"
    );
    assert_eq!(
        store.kv_get("seen", "Ev1").expect("get"),
        Some(b"1".to_vec())
    );
    let written = store.kv_remove("seen", "Ev1").expect("remove");
    store.durable_blocking(written).expect("on disk");
    assert_eq!(store.kv_get("seen", "Ev1").expect("get"), None);
    let _not_waited_for = store
        .kv_put("slack_card", "REQ-2", b"C0MKTG/5.6")
        .expect("put");
    assert_eq!(
        store.kv_get("slack_card", "REQ-2").expect("get"),
        Some(b"C0MKTG/5.6".to_vec()),
        "a write is read back before it is on disk"
    );
}

fn messages_can_be_queued_on_their_own(store: &dyn Store) {
    let written = store
        .enqueue(&[note("Asha", "one"), note("Asha", "two")], monday())
        .expect("queued");
    store.durable_blocking(written).expect("on disk");
    let due = store.outbox_due(monday(), 10).expect("due");
    let texts: Vec<String> = due.iter().map(|e| e.outgoing.message.summary()).collect();
    assert_eq!(texts, vec!["one", "two"]);
    assert!(
        store
            .outbox_due(monday() - Duration::seconds(1), 10)
            .expect("due")
            .is_empty()
    );
}

fn delivery_progress_is_kept_for_the_retry(store: &dyn Store) {
    file(store, "Asha", monday());
    let entry = store.outbox_due(monday(), 10).expect("due").remove(0);
    let written = store
        .outbox_progress(entry.id, &["slack".to_string()])
        .expect("progress");
    store.durable_blocking(written).expect("on disk");
    let again = store.outbox_due(monday(), 10).expect("due").remove(0);
    assert_eq!(again.done, vec!["slack".to_string()]);
}

fn a_busy_destination_gives_up_its_place_in_the_scan_to_the_others(store: &dyn Store) {
    let busy: Vec<Outgoing> = (0..30).map(|n| note("Priya", &format!("p{n}"))).collect();
    let written = store.enqueue(&busy, monday()).expect("queued");
    let written = written.max(
        store
            .enqueue(&[note("Asha", "a")], monday())
            .expect("queued"),
    );
    store.durable_blocking(written).expect("on disk");
    let next = store.outbox_next(monday(), 20, 4).expect("due");
    let texts: Vec<String> = next.iter().map(|e| e.outgoing.message.summary()).collect();
    assert_eq!(
        texts,
        vec!["p0", "p1", "p2", "p3", "a"],
        "Asha's is not stuck behind"
    );
    assert_eq!(store.outbox_due(monday(), 100).expect("due").len(), 31);
}

store_suite!(
    ids_are_numbered_from_one_and_records_read_back_equal,
    a_busy_destination_gives_up_its_place_in_the_scan_to_the_others,
    a_stale_update_is_refused_and_changes_nothing,
    the_open_list_follows_the_status,
    requester_and_assignee_lists_follow_changes,
    a_page_holds_the_limit_and_counts_them_all,
    the_time_index_finds_requests_filed_since_a_moment,
    the_outbox_keeps_order_per_destination_and_parks_failures,
    a_finished_request_keeps_its_whole_history,
    small_records_are_kept_by_space_and_key,
    delivery_progress_is_kept_for_the_retry,
    messages_can_be_queued_on_their_own,
    request_steps_are_indexed_by_time_so_a_period_finds_what_happened_in_it,
    a_schedule_write_lands_whole_or_is_refused_as_a_conflict,
    asks_are_found_by_person_round_time_and_reminder,
    an_answer_opens_its_round_once_and_a_stale_one_is_refused,
    an_import_stores_history_with_its_indexes_and_numbering_continues,
    the_needed_by_index_finds_requests_past_their_date_until_delivered,
    a_pairing_round_lands_with_its_pairs_once,
    a_stale_pair_or_standing_is_refused_and_changes_nothing,
    a_schedule_write_carries_pairing_changes_whole,
);

#[test]
fn sled_data_survives_reopening_and_numbering_continues() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        file(&store, "Asha", monday());
        let _not_waited_for = store
            .kv_put("slack_card", "REQ-1", b"C0MKTG/1.2")
            .expect("put");
        step(&store, 1, "Priya", Action::Acknowledge, monday());
    }
    let store = SledStore::open(&options).expect("reopen");
    assert_eq!(
        store
            .request(RequestId::new(1).expect("id"))
            .expect("read")
            .map(|r| r.status),
        Some(Status::Acknowledged)
    );
    assert_eq!(
        store.kv_get("slack_card", "REQ-1").expect("get"),
        Some(b"C0MKTG/1.2".to_vec()),
        "a write nobody waited for is on disk once a later one is"
    );
    assert_eq!(file(&store, "Asha", monday()).id.number(), 2);
    assert_eq!(
        store.outbox_depth().expect("depth"),
        3,
        "queued messages survive too"
    );
}

#[test]
fn a_second_opener_of_the_data_directory_gets_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let _first = SledStore::open(&options).expect("open");
    // As in real life, the second opener is another process.
    let held = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["shell", "--as", "Asha"])
        .env("TANDEM_DATA_DIR", dir.path())
        .env("TANDEM_CONFIG", crate::cli::demo_config())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run tandem");
    let stderr = String::from_utf8_lossy(&held.stderr);
    assert!(!held.status.success());
    assert!(
        stderr.contains("is in use by another Tandem process"),
        "{stderr}"
    );
}

#[test]
fn a_newer_schema_is_refused_and_migrations_run_once_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    drop(SledStore::open(&options).expect("create at the current schema"));
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    fn to_next(_: &tandem::store::SledDb) -> Result<(), StoreError> {
        RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }
    let current = tandem::store::SCHEMA_VERSION;
    let mut steps = tandem::store::MIGRATIONS.to_vec();
    steps.push(to_next);
    let migrated = SledStore::open_with_migrations(&options, current + 1, &steps).expect("migrate");
    assert_eq!(
        migrated.schema_version().expect("version"),
        Some(current + 1)
    );
    drop(migrated);
    drop(SledStore::open_with_migrations(&options, current + 1, &steps).expect("no-op"));
    assert_eq!(RUNS.load(std::sync::atomic::Ordering::SeqCst), 1);
    let result = SledStore::open(&options);
    assert!(matches!(
        result,
        Err(StoreError::NewerSchema { found, known, .. }) if found == current + 1 && known == current
    ));
}
