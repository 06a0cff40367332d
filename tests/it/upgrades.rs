//! Upgrades: a store written by each earlier schema version (a fixture in `tests/fixtures`,
//! made by that version's own `tandem shell` running the same script) opens in this build,
//! migrates to the current schema, and reads back what the old version wrote; work then goes
//! on from it. (A store from a newer schema is refused: `store::a_newer_schema_is_refused…`.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use tandem::bot::{Bot, Incoming, Outcome};
use tandem::clock::SystemClock;
use tandem::domain::{Identity, RequestId, Status, VisitId};
use tandem::store::{SCHEMA_VERSION, SledStore, Store, StoreOptions};

use crate::helpers::demo_settings;

/// Unpacks the fixture of `version` into a fresh directory.
fn unpack(version: u32) -> tempfile::TempDir {
    let fixture: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("schema-{version}.tar.gz"));
    assert!(
        fixture.exists(),
        "{} is kept in the repo",
        fixture.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&fixture)
        .arg("-C")
        .arg(dir.path())
        .status()
        .expect("tar runs");
    assert!(status.success(), "unpacked {}", fixture.display());
    dir
}

fn request(store: &SledStore, n: u64) -> tandem::domain::Request {
    let id = RequestId::new(n).expect("id");
    store
        .request(id)
        .expect("readable")
        .unwrap_or_else(|| panic!("{id} is in the old store"))
}

/// What every version's script wrote: two requests, one confirmed with a rating, one blocked.
fn check_requests(store: &SledStore) {
    let first = request(store, 1);
    assert_eq!(first.title.as_str(), "Fixture shelf talkers");
    assert_eq!(first.status, Status::Confirmed);
    assert_eq!(first.rating.map(|r| r.get()), Some(4));
    assert_eq!(request(store, 2).status, Status::Blocked);
    let open = store
        .list_requests(&tandem::store::RequestQuery::Open, 10)
        .expect("open list");
    assert_eq!(open.total, 1, "the open index came along");
}

/// Work goes on: the next request takes the next number.
fn files_the_next_request(store: SledStore) {
    let bot = Bot::new(
        Arc::new(demo_settings()),
        Arc::new(store),
        Arc::new(SystemClock),
    );
    let reply = bot.handle_blocking(&Incoming {
        from: Identity::Name("Asha".into()),
        text: "request pos After the upgrade".into(),
    });
    assert_eq!(reply.outcome, Outcome::Done, "{}", reply.text());
    assert!(reply.text().starts_with("Filed REQ-3 "), "{}", reply.text());
}

fn open(dir: &Path) -> SledStore {
    let store = SledStore::open(&StoreOptions::at(dir)).expect("opens and migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        Some(SCHEMA_VERSION),
        "migrated to the current schema"
    );
    store
}

#[test]
fn a_schema_3_store_with_launches_and_visits_opens_migrated_and_goes_on() {
    let dir = unpack(3);
    let store = open(dir.path());
    check_requests(&store);
    let launch = tandem::domain::LaunchName::parse("fixture-launch").expect("name");
    assert!(store.launch(&launch).expect("readable").is_some());
    let linked: Vec<RequestId> = store
        .launch_requests(&launch)
        .expect("readable")
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(linked, vec![RequestId::new(1).expect("id")]);
    let visit = store
        .visit(VisitId::new(1).expect("id"))
        .expect("readable")
        .expect("VIS-1 is in the old store");
    assert_eq!(
        visit.learnings.map(|l| l.to_string()).as_deref(),
        Some("fixture learnings")
    );
    assert!(store.pending_asks().is_ok(), "asks read back");
    files_the_next_request(store);
}

#[test]
fn a_schema_2_store_with_a_launch_written_before_schema_3_marked_them_opens_and_goes_on() {
    let dir = unpack(2);
    let store = open(dir.path());
    check_requests(&store);
    let names: Vec<String> = store
        .launches()
        .expect("readable")
        .iter()
        .map(|l| l.name.to_string())
        .collect();
    assert_eq!(names, vec!["fixture-launch"]);
    files_the_next_request(store);
}

#[test]
fn a_schema_1_store_gets_its_time_indexes_and_goes_on() {
    let dir = unpack(1);
    let store = open(dir.path());
    check_requests(&store);
    // Schema 2 added the index of steps by time, backfilled from the requests' histories.
    let steps = store
        .request_steps_between(
            chrono::DateTime::<chrono::Utc>::MIN_UTC,
            chrono::Utc::now() + chrono::Duration::days(30),
        )
        .expect("readable");
    assert!(
        steps.len() >= 6,
        "every step of both requests is in the time index: {}",
        steps.len()
    );
    files_the_next_request(store);
}
