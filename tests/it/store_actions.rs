//! Actions in both stores: numbering, the open / closed / by-source indexes, stale updates
//! refused, and (sled) everything surviving a reopen.

use chrono::{Duration, TimeZone, Utc};
use tandem::domain::{
    ActionId, ActionItem, ActionState, AnswerId, Closing, Input, PersonName, RequestId, Said,
    Source, Team, Text,
};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{SledStore, Store, StoreError, StoreOptions};

use crate::helpers::monday;

fn text(s: &str) -> Text {
    Text::parse(s, Input::ActionText).expect("text")
}

fn draft(source: Source) -> ActionItem {
    ActionItem {
        id: ActionId::new(1).expect("id"),
        source,
        said: vec![Said {
            by: PersonName::new("Asha"),
            team: Team::Sales,
            at: monday(),
            place: "market-pulse".into(),
            words: "smaller packs".into(),
            unnamed: false,
        }],
        what: text("a 50 g pack"),
        added_by: PersonName::new("Priya"),
        team: Team::Marketing,
        owner: PersonName::new("Priya"),
        due: None,
        added_at: monday(),
        state: ActionState::Open,
        ratings: Vec::new(),
        reminded_on: None,
        version: 0,
    }
}

fn add(store: &dyn Store, source: Source) -> ActionItem {
    let base = draft(source);
    let build = |id: ActionId| {
        let told = Outgoing {
            to: Destination::Person(PersonName::new("Asha")),
            op: Op::Post,
            message: Message::text(format!("{id} added")),
        };
        (ActionItem { id, ..base.clone() }, vec![told])
    };
    let (item, ticket) = store.add_action(&build).expect("added");
    store.durable_blocking(ticket).expect("on disk");
    item
}

fn answer() -> Source {
    Source::Answer(AnswerId::new(3).expect("id"))
}

fn request() -> Source {
    Source::Request(RequestId::new(7).expect("id"))
}

fn actions_are_numbered_and_found_by_state_and_source(store: &dyn Store) {
    let first = add(store, answer());
    let second = add(store, request());
    let third = add(store, answer());
    assert_eq!(
        [first.id, second.id, third.id].map(|id| id.to_string()),
        ["ACT-1", "ACT-2", "ACT-3"]
    );
    assert_eq!(
        store.outbox_depth().expect("depth"),
        3,
        "each queued its DM"
    );
    assert_eq!(store.action(second.id).expect("read"), Some(second.clone()));
    let on_answer: Vec<ActionId> = store
        .actions_on(&answer())
        .expect("read")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(on_answer, vec![first.id, third.id]);
    assert_eq!(store.open_actions().expect("read").len(), 3);

    let mut done = second.clone();
    let at = Utc
        .with_ymd_and_hms(2026, 12, 10, 9, 0, 0)
        .single()
        .expect("valid");
    done.close_by(PersonName::new("Priya"), Closing::Done(text("did it")), at);
    let ticket = store.update_action(&done, 0, &[], at).expect("closed");
    store.durable_blocking(ticket).expect("on disk");
    let open: Vec<ActionId> = store
        .open_actions()
        .expect("read")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(open, vec![first.id, third.id]);
    assert_eq!(
        store
            .actions_closed_between(at, at + Duration::days(1))
            .expect("read"),
        vec![done.clone()]
    );
    assert!(
        store
            .actions_closed_between(at + Duration::seconds(1), at + Duration::days(1))
            .expect("read")
            .is_empty()
    );
    assert_eq!(store.all_actions().expect("read").len(), 3);

    let stale = store.update_action(&done, 0, &[], at);
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    assert_eq!(store.action(second.id).expect("read"), Some(done));
}

#[test]
fn actions_and_their_numbering_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    let first = {
        let store = SledStore::open(&options).expect("open");
        add(&store, answer())
    };
    let store = SledStore::open(&options).expect("reopen");
    assert_eq!(store.action(first.id).expect("read"), Some(first));
    assert_eq!(add(&store, request()).id.to_string(), "ACT-2");
    assert_eq!(store.open_actions().expect("read").len(), 2);
}

fn reserved_answer_ids_are_never_given_again(store: &dyn Store) {
    let first = store.reserve_answer_ids(3).expect("reserved");
    assert_eq!(first.to_string(), "ANS-1");
    let next = store.reserve_answer_ids(1).expect("reserved");
    assert_eq!(next.to_string(), "ANS-4", "after the three set aside");
}

store_suite!(
    actions_are_numbered_and_found_by_state_and_source,
    reserved_answer_ids_are_never_given_again,
);

#[test]
fn reserved_answer_ids_stay_reserved_after_a_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        let first = store.reserve_answer_ids(2).expect("reserved");
        // Reserving waits for nothing; what comes after it on disk carries it there.
        let later = store.add_action(&|id| {
            (
                ActionItem {
                    id,
                    ..draft(answer())
                },
                Vec::new(),
            )
        });
        let (_, ticket) = later.expect("added");
        store.durable_blocking(ticket).expect("on disk");
        assert_eq!(first.to_string(), "ANS-1");
    }
    let store = SledStore::open(&options).expect("reopen");
    assert_eq!(
        store.reserve_answer_ids(1).expect("reserved").to_string(),
        "ANS-3"
    );
}
