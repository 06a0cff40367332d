//! Backups that restore: taken while writers run, checked by their digest, restored only into
//! an empty directory, and the same record after.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use tandem::domain::{Kinds, NewRequest, PersonName, Request, RequestId, Title};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{RequestQuery, SledStore, Store, StoreOptions, backup};

use crate::helpers::monday;

fn file(store: &dyn Store, requester: &str, at: DateTime<Utc>) -> Request {
    let build = |id: RequestId| {
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse(&format!("Item {}", id.number())).expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        let card = Outgoing {
            to: Destination::Channel("marketing".into()),
            op: Op::Post,
            message: Message::text(format!("card {id}")),
        };
        (
            Request::file(id, new, PersonName::new(requester), at),
            vec![card],
        )
    };
    let (request, ticket) = store.file_request(&build).expect("filed");
    store.durable_blocking(ticket).expect("on disk");
    request
}

fn open(dir: &std::path::Path) -> Arc<dyn Store> {
    Arc::new(SledStore::open(&StoreOptions::at(dir)).expect("open"))
}

fn all_requests(store: &dyn Store) -> Vec<Request> {
    store
        .requests_filed_since(DateTime::<Utc>::MIN_UTC)
        .expect("read")
}

#[test]
fn a_backup_taken_under_load_restores_a_consistent_store_equal_to_the_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source_dir = dir.path().join("data");
    let source = open(&source_dir);
    for _ in 0..50 {
        file(source.as_ref(), "Asha", monday());
    }
    // Four writers keep filing while the backup is taken.
    let running = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..4)
        .map(|n| {
            let (store, running) = (source.clone(), running.clone());
            std::thread::spawn(move || {
                let mut filed = 0;
                while running.load(Ordering::SeqCst) && filed < 2_000 {
                    file(store.as_ref(), &format!("Writer{n}"), monday());
                    filed += 1;
                }
            })
        })
        .collect();
    while all_requests(source.as_ref()).len() < 150 {
        std::thread::yield_now();
    }
    let at = monday();
    let (path, summary) = source
        .backup_into(&dir.path().join("backups"), at, 14)
        .expect("backed up");
    // Let the writers file at least one more request after the backup, so the backup can be
    // seen to hold less than the source. Bounded: each writer stops by itself at 2,000.
    let after_backup = all_requests(source.as_ref()).len();
    while all_requests(source.as_ref()).len() <= after_backup
        && !writers.iter().all(|w| w.is_finished())
    {
        std::thread::yield_now();
    }
    running.store(false, Ordering::SeqCst);
    for writer in writers {
        writer.join().expect("writer");
    }
    assert!(summary.records > 150 * 3, "{summary:?}");
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some(backup::file_name(at).as_str())
    );

    let target = dir.path().join("restored");
    let restored_summary = backup::restore(&path, &target).expect("restored");
    assert_eq!(restored_summary.records, summary.records);
    let restored = open(&target);
    let requests = all_requests(restored.as_ref());
    assert!(requests.len() >= 150, "{}", requests.len());
    let total = all_requests(source.as_ref()).len();
    assert!(requests.len() < total, "writers went on after the backup");
    for request in &requests {
        assert_eq!(
            source.request(request.id).expect("read").as_ref(),
            Some(request),
            "{} as in the source",
            request.id
        );
    }
    // Consistent: every request in the backup has its index entries and its card, and no
    // index entry or card lacks its request.
    let open_ids = restored
        .list_requests(&RequestQuery::Open, usize::MAX)
        .expect("list");
    assert_eq!(open_ids.total, requests.len());
    let cards = restored.outbox_depth().expect("depth");
    assert_eq!(
        cards,
        requests.len(),
        "one card per filing, no more, no less"
    );
    // The counters came back: the next filing gets a number nobody had.
    let highest = requests.iter().map(|r| r.id.number()).max().expect("some");
    let next = file(restored.as_ref(), "Asha", monday());
    assert!(next.id.number() > highest);
}

#[test]
fn a_damaged_backup_or_a_used_directory_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = open(&dir.path().join("data"));
    for _ in 0..20 {
        file(source.as_ref(), "Asha", monday());
    }
    let path = dir.path().join("one.backup");
    let first = source
        .backup_into(&dir.path().join("backups"), monday(), 2)
        .expect("backed up")
        .0;
    std::fs::copy(&first, &path).expect("copy");

    let mut bytes = std::fs::read(&path).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let damaged = dir.path().join("damaged.backup");
    std::fs::write(&damaged, &bytes).expect("write");
    let target = dir.path().join("target");
    let error = backup::restore(&damaged, &target).expect_err("damaged");
    assert!(
        error.to_string().contains("checksum does not match"),
        "{error}"
    );
    assert!(!target.exists(), "nothing written for a damaged backup");

    let cut = dir.path().join("cut.backup");
    std::fs::write(&cut, &bytes[..middle]).expect("write");
    assert!(backup::restore(&cut, &target).is_err());
    assert!(!target.exists());

    std::fs::create_dir_all(&target).expect("dir");
    std::fs::write(target.join("notes.txt"), "mine").expect("write");
    let error = backup::restore(&path, &target).expect_err("not empty");
    assert!(error.to_string().contains("is not empty"), "{error}");
    assert_eq!(std::fs::read_dir(&target).expect("dir").count(), 1);
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = open(&dir.path().join("data"));
    file(source.as_ref(), "Asha", monday());
    let backups = dir.path().join("backups");
    for hour in 0..5 {
        let at = monday() + chrono::Duration::hours(hour);
        source.backup_into(&backups, at, 3).expect("backed up");
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    let expected: Vec<String> = (2..5)
        .map(|hour| backup::file_name(monday() + chrono::Duration::hours(hour)))
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        backup::newest(&backups),
        Some(monday() + chrono::Duration::hours(4))
    );
}
