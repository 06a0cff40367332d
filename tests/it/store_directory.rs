//! The directory sync's records in both stores: absent means never synced; the last good
//! directory, the status and who was welcomed read back as kept, and (sled) survive a reopen.

use chrono::{TimeZone, Utc};
use tandem::domain::membership::{Synced, SyncedDirectory};
use tandem::domain::{PersonName, Team};
use tandem::store::{SledStore, Store, StoreOptions};
use tandem::sync::{CURRENT, Counts, SyncStatus, Welcomed};

fn synced() -> SyncedDirectory {
    let person = |name: &str, team, id: &str| Synced {
        name: PersonName::new(name),
        team,
        lead: false,
        accounts: vec![("slack".into(), id.into())],
        email: Some(format!("{}@x", name.to_lowercase())),
        timezone: Some("Asia/Kolkata".into()),
    };
    SyncedDirectory {
        at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single(),
        people: vec![
            person("Asha K.", Team::Sales, "U1"),
            person("Priya", Team::Marketing, "U4"),
        ],
        former: vec![person("Ravi", Team::Sales, "U2")],
    }
}

fn the_synced_directory_round_trips_and_absent_means_never(store: &(dyn Store + 'static)) {
    assert_eq!(
        store.synced_directory().expect("read"),
        SyncedDirectory::default()
    );
    assert_eq!(store.sync_status().expect("read"), SyncStatus::default());
    let ticket = store.keep(CURRENT, &synced()).expect("kept");
    store.durable_blocking(ticket).expect("on disk");
    assert_eq!(store.synced_directory().expect("read"), synced());
    let status = SyncStatus {
        last_ok: synced().at,
        last_attempt: synced().at,
        failing: Some("Slack needs the usergroups:read scope".into()),
        counts: Counts {
            sales: 1,
            marketing: 1,
            former: 1,
            ..Counts::default()
        },
        ..SyncStatus::default()
    };
    let _ = store.keep(CURRENT, &status).expect("kept");
    assert_eq!(store.sync_status().expect("read"), status);
}

fn a_person_is_welcomed_once(store: &(dyn Store + 'static)) {
    let asha = PersonName::new("Asha K.");
    assert!(store.keep_new(&asha, &Welcomed(true)).expect("kept").0);
    assert!(!store.keep_new(&asha, &Welcomed(true)).expect("kept").0);
    assert!(
        store
            .keep_new(&PersonName::new("Priya"), &Welcomed(true))
            .expect("kept")
            .0
    );
}

store_suite!(
    the_synced_directory_round_trips_and_absent_means_never,
    a_person_is_welcomed_once,
);

#[test]
fn the_last_good_directory_survives_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        let store: &dyn Store = &store;
        let ticket = store.keep(CURRENT, &synced()).expect("kept");
        store.durable_blocking(ticket).expect("on disk");
    }
    let store = SledStore::open(&options).expect("reopen");
    let store: &dyn Store = &store;
    assert_eq!(store.synced_directory().expect("read"), synced());
}
