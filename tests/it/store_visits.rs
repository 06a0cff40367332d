//! Visits in both stores: numbering, the date index, stale updates refused, and (sled) the
//! numbering surviving a reopen.

use chrono::NaiveDate;
use tandem::domain::Input;
use tandem::domain::{PersonName, Text, Visit, VisitId, VisitStatus};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{SledStore, Store, StoreError, StoreOptions};

use crate::helpers::monday;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn draft(date: &str) -> Visit {
    let market = Text::parse("Pune West", Input::Market).expect("a market");
    let id = VisitId::new(1).expect("an id");
    Visit {
        companion: Some(PersonName::new("Asha")),
        kind: Some("store".into()),
        status: VisitStatus::Done,
        learnings: Text::parse("smaller packs", Input::Learning).ok(),
        ..Visit::planned(id, PersonName::new("Priya"), market, day(date), monday())
    }
}

fn file(store: &dyn Store, date: &str) -> Visit {
    let base = draft(date);
    let build = |id: VisitId| {
        let card = Outgoing {
            to: Destination::Channel("sales".into()),
            op: Op::Post,
            message: Message::text(format!("{id} card")),
        };
        (Visit { id, ..base.clone() }, vec![card])
    };
    let (visit, ticket) = store.file_visit(&build).expect("filed");
    store.durable_blocking(ticket).expect("on disk");
    visit
}

fn visits_are_numbered_indexed_by_date_and_queue_their_messages(store: &dyn Store) {
    let first = file(store, "2027-01-31");
    let second = file(store, "2027-02-01");
    assert_eq!(
        (first.id.to_string(), second.id.to_string()),
        ("VIS-1".into(), "VIS-2".into())
    );
    assert_eq!(store.visit(second.id).expect("read"), Some(second.clone()));
    let january = store
        .visits_dated(day("2027-01-01"), day("2027-02-01"))
        .expect("january");
    assert_eq!(january, vec![first.clone()]);
    assert_eq!(store.outbox_due(monday(), 10).expect("due").len(), 2);
}

fn a_stale_visit_update_is_refused_and_a_new_date_moves_the_index(store: &dyn Store) {
    let visit = file(store, "2027-01-31");
    let moved = Visit {
        date: day("2027-02-03"),
        version: 1,
        ..visit.clone()
    };
    let written = store.update_visit(&moved, 0, &[]).expect("updated");
    store.durable_blocking(written).expect("on disk");
    let stale = Visit {
        status: VisitStatus::Declined,
        version: 1,
        ..visit.clone()
    };
    assert!(matches!(
        store.update_visit(&stale, 0, &[]),
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.visit(visit.id).expect("read"), Some(moved.clone()));
    assert!(
        store
            .visits_dated(day("2027-01-01"), day("2027-02-01"))
            .expect("jan")
            .is_empty()
    );
    assert_eq!(
        store
            .visits_dated(day("2027-02-01"), day("2027-03-01"))
            .expect("feb"),
        vec![moved]
    );
}

store_suite!(
    visits_are_numbered_indexed_by_date_and_queue_their_messages,
    a_stale_visit_update_is_refused_and_a_new_date_moves_the_index,
);

#[test]
fn visit_numbering_continues_after_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        file(&store, "2027-01-31");
    }
    let store = SledStore::open(&options).expect("reopen");
    assert_eq!(file(&store, "2027-02-01").id.to_string(), "VIS-2");
}
