//! Store cases for launches and their review rounds, run against both stores.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tandem::domain::facts::Facts;
use tandem::domain::review::Closed;
use tandem::domain::{
    Kinds, Launch, LaunchName, NewLaunch, NewRequest, PersonName, Request, RequestId, Review,
    Title, launch,
};
use tandem::message::{Destination, Message, Op, Outgoing};
use tandem::store::{
    JobMark, LaunchWrite, ScheduleWrite, SledStore, Store, StoreError, StoreOptions,
};

use crate::helpers::{monday, person};

fn name(text: &str) -> LaunchName {
    LaunchName::parse(text).expect("name")
}

fn new_launch(text: &str) -> Launch {
    let new = NewLaunch {
        name: name(text),
        on: NaiveDate::from_ymd_opt(2026, 12, 10).expect("date"),
        markets: Vec::new(),
        title: None,
    };
    Launch::new(new, PersonName::new("Priya"), monday())
}

fn note(text: &str) -> Outgoing {
    Outgoing {
        to: Destination::Channel("joint".into()),
        op: Op::Post,
        message: Message::text(text),
    }
}

fn queued(store: &dyn Store) -> Vec<String> {
    store
        .outbox_due(DateTime::<Utc>::MAX_UTC, 100)
        .expect("due")
        .into_iter()
        .map(|e| e.outgoing.message.summary())
        .collect()
}

fn file(store: &dyn Store, launch: Option<&str>) -> Request {
    let build = |id: RequestId| {
        let new = NewRequest {
            kind: Kinds::default().parse("pos").expect("kind"),
            title: Title::parse("Talkers").expect("title"),
            quantity: None,
            market: None,
            needed_by: None,
        };
        let mut request = Request::file(id, new, PersonName::new("Asha"), monday());
        request.launch = launch.map(name);
        (request, Vec::new())
    };
    let (request, ticket) = store.file_request(&build).expect("filed");
    store.durable_blocking(ticket).expect("on disk");
    request
}

/// Waits for a write to be on disk.
fn on_disk(store: &dyn Store, written: Result<tandem::store::Ticket, StoreError>) {
    let ticket = written.expect("written");
    store.durable_blocking(ticket).expect("on disk");
}

fn linked(store: &dyn Store, launch: &str) -> Vec<u64> {
    let requests = store.launch_requests(&name(launch)).expect("read");
    requests.iter().map(|r| r.id.number()).collect()
}

fn a_launch_name_is_taken_once_and_a_stale_save_changes_nothing(store: &dyn Store) {
    let launch = new_launch("diwali-27");
    let ticket = store
        .add_launch(&launch, &[note("added")], monday())
        .expect("added");
    store.durable_blocking(ticket).expect("on disk");
    let again = store.add_launch(&new_launch("diwali-27"), &[note("twice")], monday());
    assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
    let mut changed = launch.clone();
    changed.markets =
        vec![tandem::domain::Text::parse("Pune", tandem::domain::Input::Market).expect("text")];
    let write = LaunchWrite::next(changed);
    on_disk(store, store.save_launch(&write, &[note("saved")], monday()));
    let stale = LaunchWrite::next(launch.clone());
    let refused = store.save_launch(&stale, &[note("stale")], monday());
    assert!(matches!(refused, Err(StoreError::Conflict)), "{refused:?}");
    let stored = store
        .launch(&name("DIWALI-27"))
        .expect("read")
        .expect("there");
    assert_eq!((stored.revision, stored.markets.len()), (1, 1));
    assert_eq!(queued(store), vec!["added", "saved"]);
    on_disk(store, store.add_launch(&new_launch("holi"), &[], monday()));
    let names: Vec<String> = store
        .launches()
        .expect("all")
        .iter()
        .map(|l| l.name.to_string())
        .collect();
    assert_eq!(names, vec!["diwali-27", "holi"]);
}

fn requests_linked_to_a_launch_are_found_through_the_index(store: &dyn Store) {
    on_disk(
        store,
        store.add_launch(&new_launch("diwali"), &[], monday()),
    );
    file(store, Some("diwali"));
    file(store, None);
    file(store, Some("holi"));
    assert_eq!(linked(store, "diwali"), vec![1]);
    let mut second = store
        .request(RequestId::new(2).expect("id"))
        .expect("read")
        .expect("there");
    let version = second.version();
    launch::link(&mut second, &person("Priya"), &name("diwali"), monday()).expect("linked");
    on_disk(store, store.update_request(&second, version, &[]));
    let mut third = store
        .request(RequestId::new(3).expect("id"))
        .expect("read")
        .expect("there");
    let version = third.version();
    launch::link(&mut third, &person("Rohan"), &name("diwali"), monday()).expect("moved");
    on_disk(store, store.update_request(&third, version, &[]));
    assert_eq!(linked(store, "diwali"), vec![1, 2, 3]);
    assert!(linked(store, "holi").is_empty(), "a moved link leaves");
    assert!(
        linked(store, "dival").is_empty(),
        "a prefix is not a launch"
    );
}

fn a_schedule_write_with_a_stale_launch_is_refused_whole(store: &dyn Store) {
    let launch = new_launch("diwali");
    on_disk(store, store.add_launch(&launch, &[], monday()));
    let mut write = ScheduleWrite::new(monday());
    write.jobs.push(JobMark {
        job: "reviews".into(),
        previous: None,
        due: monday(),
    });
    write.launches.push(LaunchWrite::next(launch.clone()));
    write.outgoing.push(note("closed"));
    on_disk(store, store.commit_schedule(&write));
    let mut again = ScheduleWrite::new(monday() + Duration::hours(1));
    again.jobs.push(JobMark {
        job: "reviews".into(),
        previous: Some(monday()),
        due: monday() + Duration::hours(1),
    });
    again.launches.push(LaunchWrite::next(launch));
    again.outgoing.push(note("twice"));
    let refused = store.commit_schedule(&again);
    assert!(matches!(refused, Err(StoreError::Conflict)), "{refused:?}");
    assert_eq!(store.job_last_due("reviews").expect("read"), Some(monday()));
    assert_eq!(queued(store), vec!["closed"]);
}

/// `launch` with a round opened at `monday()` and, if `closed` is given, closed then.
fn reviewed(mut launch: Launch, closed: Option<DateTime<Utc>>) -> Launch {
    let at = monday();
    launch.review = Some(Review {
        opened_by: None,
        opened_at: at,
        closes_on: at.date_naive(),
        closes_at: at,
        questions: vec!["Why?".into()],
        causes: vec!["other".into()],
        anonymous: false,
        facts: Facts::default(),
        asked: Vec::new(),
        answers: Vec::new(),
        reminded: Vec::new(),
        closed: closed.map(|at| Closed {
            at,
            by: None,
            facts: Facts::default(),
        }),
    });
    launch
}

fn names(launches: Vec<Launch>) -> Vec<String> {
    launches.iter().map(|l| l.name.to_string()).collect()
}

fn the_sweep_sees_launches_until_their_review_closes_and_the_digest_sees_its_week(
    store: &dyn Store,
) {
    let day = Duration::days(1);
    for name in ["diwali", "holi", "onam"] {
        on_disk(store, store.add_launch(&new_launch(name), &[], monday()));
    }
    let open = reviewed(new_launch("holi"), None);
    on_disk(
        store,
        store.save_launch(&LaunchWrite::next(open), &[], monday()),
    );
    let closed = reviewed(new_launch("diwali"), Some(monday() + day * 2));
    on_disk(
        store,
        store.save_launch(&LaunchWrite::next(closed), &[], monday()),
    );
    let mut onam = store.launch(&name("onam")).expect("read").expect("there");
    onam = reviewed(onam, Some(monday() + day * 9));
    let mut write = ScheduleWrite::new(monday());
    write.launches.push(LaunchWrite::next(onam));
    on_disk(store, store.commit_schedule(&write));
    assert_eq!(
        names(store.active_launches().expect("active")),
        vec!["holi"]
    );
    let week = |from: DateTime<Utc>| store.reviews_closed_between(from, from + day * 7);
    assert_eq!(names(week(monday()).expect("week")), vec!["diwali"]);
    assert_eq!(names(week(monday() + day * 7).expect("week")), vec!["onam"]);
    assert!(week(monday() - day * 7).expect("week").is_empty());
}

store_suite!(
    a_launch_name_is_taken_once_and_a_stale_save_changes_nothing,
    requests_linked_to_a_launch_are_found_through_the_index,
    a_schedule_write_with_a_stale_launch_is_refused_whole,
    the_sweep_sees_launches_until_their_review_closes_and_the_digest_sees_its_week,
);

#[test]
fn launches_and_their_links_survive_reopening_the_sled_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = StoreOptions::at(dir.path());
    {
        let store = SledStore::open(&options).expect("open");
        on_disk(
            &store,
            store.add_launch(&new_launch("diwali"), &[], monday()),
        );
        file(&store, Some("diwali"));
    }
    let store = SledStore::open(&options).expect("reopen");
    assert!(store.launch(&name("diwali")).expect("read").is_some());
    assert_eq!(linked(&store, "diwali"), vec![1]);
}
