use super::*;
use crate::domain::{Kinds, NewRequest, PersonName, Title};

#[test]
fn a_change_interrupted_after_its_journal_entry_is_finished_on_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let new = NewRequest {
        kind: Kinds::default().parse("pos").expect("kind"),
        title: Title::parse("Talkers").expect("title"),
        quantity: None,
        market: None,
        needed_by: None,
    };
    let id = RequestId::new(1).expect("id");
    let request = Request::file(id, new, PersonName::new("Asha"), Utc::now());
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
    assert_eq!(store.request(id).expect("read"), Some(request));
    assert_eq!(
        store
            .list_requests(&RequestQuery::Open, 10)
            .expect("list")
            .total,
        1
    );
    assert!(store.trees.journal.is_empty(), "the journal is emptied");
}

#[test]
fn opening_a_schema_one_store_backfills_the_time_indexes_of_requests() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let filed = Utc::now();
    {
        let store = SledStore::open_with_migrations(&options, 1, &[]).expect("open at 1");
        let build = |id: RequestId| {
            let new = NewRequest {
                kind: Kinds::default().parse("pos").expect("kind"),
                title: Title::parse("Talkers").expect("title"),
                quantity: None,
                market: None,
                needed_by: Some(filed.date_naive()),
            };
            (
                Request::file(id, new, PersonName::new("Asha"), filed),
                Vec::new(),
            )
        };
        store.file_request(&build).expect("filed");
        // What schema 1 wrote: no time indexes.
        store.trees.events.clear().expect("clear");
        store.trees.waiting_by.clear().expect("clear");
        store.db.flush().expect("flush");
    }
    let store = SledStore::open(&options).expect("migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        Some(schema::CURRENT)
    );
    let hour = chrono::Duration::hours(1);
    let steps = store
        .request_steps_between(filed - hour, filed + hour)
        .expect("read");
    assert_eq!(steps.len(), 1);
    let tomorrow = filed.date_naive() + chrono::Duration::days(1);
    assert_eq!(store.requests_due_before(tomorrow).expect("read").len(), 1);
}
